//! The built-in pack's rule tests, which live with the rules as data:
//! `rules/fzzf/tests/*.yaml`, one file per rule file. Each case names a rule
//! and gives texts it must report (`invalid`, optionally with the text after
//! applying that rule's fixes, `fixed`) and texts it must leave alone
//! (`valid`: the exceptions). A case text is one or more report lines; it is
//! checked as the body of a report titled “某县人民政府关于2023年度法治政府
//! 建设情况的报告”.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::pack::builtin;
use super::Pack;
use crate::batch::{check_text, Options};
use crate::finding::{Applicability, Finding};
use crate::fix::{applicable, apply};

const HEAD: &str = "某县人民政府关于2023年度法治政府建设情况的报告\n";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    #[serde(default)]
    invalid: Vec<Invalid>,
    #[serde(default)]
    valid: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Invalid {
    Text(String),
    Fixed { text: String, fixed: String },
}

fn findings(pack: &Pack, rule: &str, body: &str) -> (String, Vec<Finding>) {
    let text = format!("{HEAD}{body}\n");
    let file = check_text("case.txt".into(), text.clone(), pack, Options::default());
    let found = file
        .checked
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    (text, found)
}

#[test]
fn every_case_of_every_rule_file() {
    let pack = builtin().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/fzzf/tests");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut tested = Vec::new();
    for path in paths {
        let file: CaseFile = super::yaml::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
        for case in file.cases {
            assert!(
                pack.rules.iter().any(|r| r.id == case.rule),
                "{}: no rule {}",
                path.display(),
                case.rule
            );
            assert!(
                !case.invalid.is_empty() && !case.valid.is_empty(),
                "{}: give both invalid and valid texts",
                case.rule
            );
            tested.push(case.rule.clone());
            for invalid in &case.invalid {
                let (body, fixed) = match invalid {
                    Invalid::Text(t) => (t, None),
                    Invalid::Fixed { text, fixed } => (text, Some(fixed)),
                };
                let (text, found) = findings(&pack, &case.rule, body);
                if found.is_empty() {
                    failures.push(format!("{} missed: {body}", case.rule));
                    continue;
                }
                if let Some(fixed) = fixed {
                    let fixes = applicable(&found, Applicability::Unsafe);
                    let (after, _) = apply(&text, &fixes);
                    let want = format!("{HEAD}{fixed}\n");
                    if after != want {
                        failures.push(format!(
                            "{} fixed {body}\n    to {}\n  want {fixed}",
                            case.rule,
                            after.trim_start_matches(HEAD).trim_end()
                        ));
                    }
                }
            }
            for body in &case.valid {
                let (text, found) = findings(&pack, &case.rule, body);
                for f in found {
                    failures.push(format!(
                        "{} reported “{}” in: {body}",
                        case.rule,
                        &text[f.primary.span.start..f.primary.span.end]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every writing-standard rule has its cases.
    for rule in &pack.rules {
        let writing = rule.id.as_str() == "FZ022" || ("FZ030".."FZ060").contains(&rule.id.as_str());
        if writing && rule.id != "FZ041" {
            assert!(tested.contains(&rule.id), "no cases for {}", rule.id);
        }
    }
}
