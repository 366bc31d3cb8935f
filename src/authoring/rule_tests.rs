//! `reportlint rules test`: runs every rule's `examples` and every
//! whole-report fixture in the pack's `tests/` folder, and says per rule
//! whether it is Validated, or Missing (an expected finding did not appear),
//! Noisy (an unexpected one did) or Wrong (the fix gave other text).

use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::document::Document;
use crate::engine;
use crate::finding::{Applicability, Finding};
use crate::fix::{applicable, apply};
use crate::rules::{Pack, Rule};
use crate::run::{check_text, Options};

/// The result of one failed case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Missing(String),
    Noisy(String),
    Wrong(String),
}

impl Failure {
    pub fn verdict(&self) -> &'static str {
        match self {
            Failure::Missing(_) => "Missing",
            Failure::Noisy(_) => "Noisy",
            Failure::Wrong(_) => "Wrong",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            Failure::Missing(d) | Failure::Noisy(d) | Failure::Wrong(d) => d,
        }
    }
}

/// The outcome for one rule or one fixture.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Rule id, or fixture file name.
    pub name: String,
    pub cases: usize,
    pub failures: Vec<Failure>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub use crate::rules::pack::Fixture;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectations {
    /// Overrides the report year.
    #[serde(default)]
    year: Option<i32>,
    findings: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    line: usize,
}

/// Runs the examples of every rule.
pub fn test_examples(pack: &Pack) -> Vec<CaseResult> {
    pack.rules
        .iter()
        .filter_map(|rule| {
            let examples = rule.examples.as_ref()?;
            let mut failures = Vec::new();
            for text in &examples.valid {
                let findings = run_rule(pack, rule, text);
                if let Some(f) = findings.first() {
                    failures.push(Failure::Noisy(format!(
                        "有效用例“{}”报告了：{}",
                        preview(text),
                        f.message
                    )));
                }
            }
            for case in &examples.invalid {
                let findings = run_rule(pack, rule, &case.text);
                if findings.is_empty() {
                    failures.push(Failure::Missing(format!(
                        "无效用例“{}”没有报告问题",
                        preview(&case.text)
                    )));
                    continue;
                }
                if let Some(span) = &case.span {
                    let covered = findings
                        .iter()
                        .any(|f| &case.text[f.primary.span.start..f.primary.span.end] == span);
                    if !covered {
                        let got: Vec<&str> = findings
                            .iter()
                            .map(|f| &case.text[f.primary.span.start..f.primary.span.end])
                            .collect();
                        failures.push(Failure::Missing(format!(
                            "应标注“{span}”，实际标注：“{}”",
                            got.join("”“")
                        )));
                    }
                }
                if let Some(fixed) = &case.fixed {
                    // Every fix of the rule, safe or not, as `--fix --unsafe-fixes`
                    // would apply them in one round.
                    let fixes = applicable(&findings, Applicability::Unsafe);
                    let (got, _) = apply(&case.text, &fixes);
                    if &got != fixed {
                        failures.push(Failure::Wrong(format!(
                            "修复后应为“{}”，实际为“{}”",
                            preview(fixed),
                            preview(&got)
                        )));
                    }
                }
            }
            Some(CaseResult {
                name: rule.id.clone(),
                cases: examples.valid.len() + examples.invalid.len(),
                failures,
            })
        })
        .collect()
}

fn run_rule(pack: &Pack, rule: &Rule, text: &str) -> Vec<Finding> {
    let doc = Document::parse("example", text, &pack.grammar);
    engine::check_rules(&doc, pack, &[rule], &Default::default()).findings
}

fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(30).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Reads the fixtures in a pack's `tests/` folder.
pub fn read_fixtures(dir: &Path) -> std::io::Result<Vec<Fixture>> {
    let mut fixtures = Vec::new();
    if !dir.is_dir() {
        return Ok(fixtures);
    }
    let mut paths: Vec<_> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let expected_path = path.with_extension("yaml");
        fixtures.push(Fixture {
            name: path.display().to_string(),
            text: crate::input::read_regular_to_string(&path)?,
            expected: match crate::input::read_regular_to_string(&expected_path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                read => read?,
            },
        });
    }
    Ok(fixtures)
}

/// Checks each fixture with the whole pack and compares the findings, as
/// (rule, line) pairs, with the expectations.
pub fn test_fixtures(pack: &Pack, fixtures: &[Fixture]) -> Vec<CaseResult> {
    fixtures
        .iter()
        .map(|fixture| {
            let mut result = CaseResult {
                name: fixture.name.clone(),
                cases: 1,
                failures: Vec::new(),
            };
            let expectations: Expectations = match crate::rules::yaml_from_str(&fixture.expected) {
                Ok(e) => e,
                Err(e) => {
                    result
                        .failures
                        .push(Failure::Missing(format!("预期文件无法读取：{e}")));
                    return result;
                }
            };
            let checked = check_text(
                fixture.name.clone(),
                fixture.text.clone(),
                pack,
                Options {
                    year: expectations.year,
                    ..Options::default()
                },
            );
            let mut got: Vec<Expected> = checked
                .checked
                .findings
                .iter()
                .map(|f| Expected {
                    rule: f.rule.clone(),
                    line: checked.doc.position(f.primary.span.start).line,
                })
                .collect();
            got.sort();
            let mut want = expectations.findings;
            want.sort();
            for w in &want {
                if let Some(i) = got.iter().position(|g| g == w) {
                    got.remove(i);
                } else {
                    result
                        .failures
                        .push(Failure::Missing(format!("第{}行应报告 {}", w.line, w.rule)));
                }
            }
            for g in got {
                result
                    .failures
                    .push(Failure::Noisy(format!("第{}行多报告了 {}", g.line, g.rule)));
            }
            result
        })
        .collect()
}

/// Renders results as text: one line per rule or fixture, failures indented.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        if r.passed() {
            out.push_str(&format!("Validated  {}（{} 个用例）\n", r.name, r.cases));
        } else {
            let mut verdicts: Vec<&str> = r.failures.iter().map(Failure::verdict).collect();
            verdicts.dedup();
            out.push_str(&format!("{:<10} {}\n", verdicts.join("/"), r.name));
            for f in &r.failures {
                out.push_str(&format!("           - {}\n", f.detail()));
            }
        }
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    out.push_str(&format!(
        "{} passed, {} failed\n",
        results.len() - failed,
        failed
    ));
    out
}
