//! Outputs of runs with many reports: every format is written as the run
//! goes (the results of many chunks in one document, nothing lost or
//! repeated), GitHub annotations ordered and summarised past GitHub's
//! display limits, and SARIF's rules table free of unfilled placeholders.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::*;

/// A folder of `n` reports, copies of the seeds in turn (more than one
/// chunk of checking for any number of threads used in CI).
fn many_reports(n: usize) -> tempfile::TempDir {
    let dir = scratch();
    for i in 0..n {
        let seed = SEEDS[i % SEEDS.len()];
        fs::copy(root().join(seed), dir.path().join(format!("r{i:03}.txt"))).unwrap();
    }
    dir
}

/// `{name}` placeholders (snake case, as rule texts write them) in a text.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.push(format!("{{{name}}}"));
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

fn totals(dir: &Path) -> (u64, u64, u64) {
    let r = run_in(dir, &["check", "--format", "json", "."]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let s = &v["summary"];
    (
        s["errors"].as_u64().unwrap(),
        s["warnings"].as_u64().unwrap(),
        s["infos"].as_u64().unwrap(),
    )
}

#[test]
fn sarif_rules_table_shows_no_unfilled_placeholders_for_any_builtin_rule() {
    let r = run(&[
        "check",
        "--format",
        "sarif",
        "--exit-zero",
        "tests/fixtures/seed_000.txt",
    ]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    // The rules of every built-in pack a report may switch to by its title.
    let mut listed: Vec<String> = ["fzzf", "zfxxgk"]
        .iter()
        .flat_map(|p| {
            run(&["rules", "list", p])
                .stdout
                .lines()
                .map(|l| l.split(' ').next().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    listed.sort();
    listed.dedup();
    assert_eq!(
        rules.len(),
        listed.len(),
        "every built-in rule is in the table"
    );
    let mut neutral = 0;
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap_or_default();
            assert!(
                placeholders(text).is_empty(),
                "{} {field}: {text}",
                rule["id"]
            );
            neutral += usize::from(text.contains("……"));
        }
    }
    assert!(
        neutral > 0,
        "the pack's help texts with placeholders read “……”"
    );
    // The results still carry the filled help.
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let text = result["message"]["text"].as_str().unwrap();
        assert!(placeholders(text).is_empty(), "{text}");
    }
}

#[test]
fn sarif_of_many_reports_streams_every_result_once() {
    let dir = many_reports(60);
    fs::write(dir.path().join("broken.docx"), b"not a zip").unwrap();
    let (errors, warnings, infos) = totals(dir.path());
    let out = dir.path().join("out.sarif");
    let output = format!("sarif={}", out.display());
    let r = run_in(
        dir.path(),
        &["check", "--format", "sarif", "--output", &output, "."],
    );
    assert_eq!(r.code, 2, "the broken file is an input error");
    let streamed: Value = serde_json::from_str(&r.stdout).unwrap();
    let written: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(streamed, written, "standard output and --output agree");
    let run = &streamed["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len() as u64, errors + warnings + infos);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let files: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(files.len(), 60, "findings of every report");
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "broken.docx"
    );
    // Only the output is left in the folder: no temporary file.
    let extra: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".txt") && n != "broken.docx" && n != ".git")
        .collect();
    assert_eq!(extra, ["out.sarif"]);
}

#[test]
fn junit_json_and_csv_of_many_reports_hold_every_report() {
    let dir = many_reports(40);
    let junit = run_in(dir.path(), &["check", "--format", "junit", "."]);
    let suites = junit_parser::from_reader(std::io::Cursor::new(junit.stdout.as_bytes())).unwrap();
    assert_eq!(suites.suites.len(), 40);
    let failures: u64 = suites.suites.iter().map(|s| s.failures).sum();
    assert_eq!(failures, suites.failures, "the totals add up");
    let out = dir.path().join("r.json");
    let output = format!("json={}", out.display());
    let r = run_in(
        dir.path(),
        &["check", "--format", "csv", "--output", &output, "."],
    );
    assert_eq!(
        csv_rows(&r.stdout).len(),
        41,
        "header and one row per report"
    );
    let v: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 40);
    assert_eq!(v["summary"]["files"], 40);
}

/// The kind of a GitHub output line: a workflow command's name, or `plain`.
fn kind(line: &str) -> &str {
    match line.strip_prefix("::") {
        Some(rest) => rest.split(' ').next().unwrap(),
        None => "plain",
    }
}

#[test]
fn github_lists_errors_first_and_summarises_what_github_would_not_show() {
    let dir = many_reports(15);
    let (errors, warnings, infos) = totals(dir.path());
    assert!(errors > 10 && warnings > 10, "{errors} {warnings} {infos}");
    let r = run_in(dir.path(), &["check", "--format", "github", "."]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();

    // Commands and plain lines in order: errors, warnings, notices.
    let rank = |line: &str| match kind(line) {
        "error" => 0,
        "warning" => 1,
        "notice" => 2,
        _ => 3,
    };
    let mut severities = Vec::new();
    for line in &lines {
        if kind(line) != "plain" {
            severities.push(rank(line));
        } else if let Some(label) = line.rsplit('（').next() {
            // `path:line:col: FZ002 摘要（错误）`
            match label {
                "错误）" => severities.push(0),
                "警告）" => severities.push(1),
                "提示）" => severities.push(2),
                _ => {} // the message under it
            }
        }
    }
    let last = severities.pop();
    assert_eq!(last, Some(2), "ends with the summary notice");
    assert!(
        severities.windows(2).all(|w| w[0] <= w[1]),
        "errors, then warnings, then notices"
    );
    assert_eq!(
        severities.len() as u64,
        errors + warnings + infos,
        "every finding is in the output once"
    );

    let count = |k: &str| lines.iter().filter(|l| kind(l) == k).count();
    assert_eq!(count("error"), 10, "GitHub shows 10 errors per step");
    assert_eq!(count("warning"), 10);
    assert!(count("notice") <= 10, "the summary fits GitHub's notices");
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("::notice title="), "{summary}");
    let hidden = (errors - 10) + (warnings - 10) + infos.saturating_sub(9);
    assert!(
        summary.contains(&format!("另有 {hidden} 个问题没有显示为注释")),
        "{summary}"
    );
    assert!(summary.contains("--format human") && summary.contains("SARIF"));
    let plain = lines.iter().filter(|l| kind(l) == "plain").count();
    assert!(plain > 0, "the rest are plain lines of the log");
}

#[test]
fn github_within_the_limits_has_no_summary() {
    let r = run(&["check", "--format", "github", "tests/fixtures/seed_004.txt"]);
    assert!(
        r.stdout.lines().all(|l| l.starts_with("::")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("没有显示为注释"));
    let kinds: Vec<&str> = r.stdout.lines().map(kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| ["error", "warning", "notice"].iter().position(|x| x == k));
    assert_eq!(kinds, sorted, "errors, then warnings, then notices");
}
