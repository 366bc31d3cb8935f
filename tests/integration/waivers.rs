//! Waivers: one entry silences exactly one finding, survives moved lines,
//! stops working when the waived text is edited, and is reported when it
//! matches nothing.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::*;

fn json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}:\n{}\n{}", r.stdout, r.stderr));
    (v, r.code)
}

fn waiver(rule: &str, file: &str, fingerprint: &str, extra: &str) -> String {
    format!(
        "  - rule: {rule}\n    file: {file}\n    fingerprint: {fingerprint}\n    reason: 引用上级文件原文\n{extra}"
    )
}

/// A scratch repository with seed 004, a configuration naming the waiver
/// file, and the report's findings before any waiver.
fn setup() -> (tempfile::TempDir, Vec<Value>) {
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_004.txt");
    fs::write(
        dir.path().join("reportlint.yaml"),
        "waivers: reportlint-waivers.yaml\n",
    )
    .unwrap();
    fs::write(dir.path().join("reportlint-waivers.yaml"), "waivers: []\n").unwrap();
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    let all = findings(&v["files"][0]);
    assert!(all.len() >= 3);
    (dir, all)
}

#[test]
fn a_waiver_silences_exactly_one_finding_until_its_text_changes() {
    let (dir, before) = setup();
    // The first of two findings of the same rule on the same phrase (seed
    // 004 writes 推进法治政府建设第一责任人 twice): the fingerprint tells
    // them apart by their sentences.
    let text = fs::read_to_string(dir.path().join("seed_004.txt")).unwrap();
    let same: Vec<&Value> = before.iter().filter(|f| f["rule"] == "FZ032").collect();
    assert_eq!(same.len(), 2);
    assert_eq!(same[0]["text"], same[1]["text"]);
    assert_ne!(same[0]["fingerprint"], same[1]["fingerprint"]);
    let target = same[0].clone();
    let rule = target["rule"].as_str().unwrap();
    let fp = target["fingerprint"].as_str().unwrap();
    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        format!("waivers:\n{}", waiver(rule, "seed_004.txt", fp, "")),
    )
    .unwrap();

    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    let after = findings(&v["files"][0]);
    assert_eq!(after.len(), before.len() - 1);
    let mut expected: Vec<Value> = before.iter().filter(|f| **f != target).cloned().collect();
    expected.sort_by_key(|f| f.to_string());
    let mut got = after.clone();
    got.sort_by_key(|f| f.to_string());
    assert_eq!(got, expected, "exactly that finding is gone");
    let waived = v["files"][0]["waived"].as_array().unwrap();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["fingerprint"], fp);
    assert_eq!(waived[0]["waiver"]["reason"], "引用上级文件原文");
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(v["unused_waivers"].as_array().unwrap().len(), 0);

    // Lines added above move the finding; the waiver still holds.
    let moved = text.replacen('\n', "\n\n\n", 1);
    fs::write(dir.path().join("seed_004.txt"), &moved).unwrap();
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    assert_eq!(v["summary"]["waived"], 1, "a waiver is not tied to a line");

    // Editing the waived sentence revives the finding and reports the
    // waiver.
    let label = target["text"].as_str().unwrap();
    fs::write(
        dir.path().join("seed_004.txt"),
        moved.replacen(label, &format!("切实{label}"), 1),
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    assert_eq!(v["summary"]["waived"], 0);
    assert_eq!(
        by_rule(&v["files"][0], rule).len(),
        2,
        "the finding is back"
    );
    let unused = v["unused_waivers"].as_array().unwrap();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["rule"], "unused-waiver");
    assert_eq!(unused[0]["waived_rule"], rule);
    assert_eq!(unused[0]["file"], "reportlint-waivers.yaml");
    assert_eq!(unused[0]["line"], 4);
}

#[test]
fn an_unused_waiver_is_reported_in_every_format() {
    let (dir, _) = setup();
    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        format!(
            "waivers:\n{}{}",
            waiver("FZ002", "seed_004.txt", "0123456789abcdef", ""),
            // About a file not checked in this run: not judged.
            waiver("FZ002", "other.txt", "fedcba9876543210", "")
        ),
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_004.txt"]);
    assert!(r.stdout.contains("unused-waiver（警告）"), "{}", r.stdout);
    assert!(
        r.stdout.contains("reportlint-waivers.yaml:4:18"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("fedcba9876543210"));

    let r = run_in(dir.path(), &["check", "--format", "github", "seed_004.txt"]);
    assert!(r
        .stdout
        .contains("::warning file=reportlint-waivers.yaml,line=4,col=18,endLine=4,endColumn=34,title=unused-waiver::"));

    let r = run_in(dir.path(), &["check", "--format", "sarif", "seed_004.txt"]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unused-waiver")
        .unwrap()
        .clone();
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "reportlint-waivers.yaml"
    );

    let r = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "junit",
            "--fail-on",
            "warning",
            "seed_004.txt",
        ],
    );
    let suites = junit_parser::from_reader(std::io::Cursor::new(r.stdout.as_bytes())).unwrap();
    let suite = suites.suites.last().unwrap();
    assert_eq!(suite.name, "reportlint-waivers.yaml");
    assert_eq!(suite.failures, 1);
}

#[test]
fn an_expired_waiver_no_longer_applies() {
    let (dir, before) = setup();
    let f = &before[0];
    let year = 2021; // seed 004 is a 2021 report
    let entry = |until: i32| {
        waiver(
            f["rule"].as_str().unwrap(),
            "'*.txt'",
            f["fingerprint"].as_str().unwrap(),
            &format!("    until_year: {until}\n"),
        )
    };
    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        format!("waivers:\n{}", entry(year)),
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    assert_eq!(v["summary"]["waived"], 1);
    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        format!("waivers:\n{}", entry(year - 1)),
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    assert_eq!(v["summary"]["waived"], 0);
    let message = v["unused_waivers"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("豁免已过期：适用至 2020 年度，而报告是 2021 年度"),
        "{message}"
    );
}

#[test]
fn a_waiver_needs_a_reason_and_a_fingerprint() {
    let (dir, _) = setup();
    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        "waivers:\n  - rule: FZ002\n    file: seed_004.txt\n    fingerprint: 0123456789abcdef\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_004.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("reason"), "{}", r.stderr);
    assert!(r.stderr.contains("理由必填"), "{}", r.stderr);

    fs::write(
        dir.path().join("reportlint-waivers.yaml"),
        "waivers:\n  - rule: FZ002\n    file: seed_004.txt\n    fingerprint: 12:30\n    reason: ' '\n    untill_year: 2024\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_004.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("是否想写 `until_year`"), "{}", r.stderr);
}

#[test]
fn waive_writes_entries_that_silence_the_current_findings() {
    let (dir, before) = setup();
    let rule = before[0]["rule"].as_str().unwrap().to_string();
    let count = before.iter().filter(|f| f["rule"] == rule.as_str()).count();
    let r = run_in(
        dir.path(),
        &[
            "waive",
            "--rule",
            &rule,
            "--reason",
            "已在附件中说明",
            "seed_004.txt",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("加入 {count} 条豁免")),
        "{}",
        r.stdout
    );
    let (v, _) = json_in(dir.path(), &["seed_004.txt"]);
    assert_eq!(v["summary"]["waived"], count as u64);
    assert!(by_rule(&v["files"][0], &rule).is_empty());
    // Running it again adds nothing: the findings are already waived.
    let r = run_in(
        dir.path(),
        &["waive", "--reason", "x", "--rule", &rule, "seed_004.txt"],
    );
    assert!(r.stdout.contains("没有需要豁免的问题"), "{}", r.stdout);
    let r = run_in(dir.path(), &["waive", "--reason", " ", "seed_004.txt"]);
    assert_eq!(r.code, 2);
}

/// Only the first findings of a rule are listed; waiving them brings the
/// next ones into view instead of hiding them behind the waived ones.
#[test]
fn waived_findings_never_hide_the_rest_of_a_capped_rule() {
    let dir = scratch();
    let mut text = String::from("某县人民政府关于2023年度法治政府建设情况的报告\n");
    for i in 0..260 {
        text.push_str(&format!("第{i}项工作,已经完成。\n"));
    }
    fs::write(dir.path().join("r.txt"), &text).unwrap();
    let count = |v: &Value| by_rule(&v["files"][0], "FZ042").len();
    let (v, _) = json_in(dir.path(), &["--no-config", "r.txt"]);
    assert_eq!(count(&v), 200);
    let last = by_rule(&v["files"][0], "FZ042").pop().unwrap();
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .ends_with("（本规则在此报告中还有 60 处问题未列出）"),
        "{last}"
    );
    let r = run_in(
        dir.path(),
        &[
            "waive",
            "--no-config",
            "--reason",
            "沿用原文",
            "--rule",
            "FZ042",
            "--waivers",
            "w.yaml",
            "r.txt",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (v, _) = json_in(dir.path(), &["--no-config", "--waivers", "w.yaml", "r.txt"]);
    assert_eq!(count(&v), 60, "the 60 not waived are listed");
    assert_eq!(v["files"][0]["waived"].as_array().map(Vec::len), Some(200));
}

/// Every mistake in a waiver file is shown, each at its entry.
#[test]
fn every_error_of_a_waiver_file_is_shown() {
    let dir = scratch();
    let waivers = dir.path().join("w.yaml");
    fs::write(
        &waivers,
        "waivers:\n  - rule: FZ001\n    file: a.txt\n    fingerprint: 0123456789abcdef\n    reasn: 引用原文\n  - rule: FZ002\n    file: b.txt\n    fingerprint: 不是指纹\n    reason: 引用原文\n",
    )
    .unwrap();
    let report = copy_seed(dir.path(), "tests/fixtures/seed_000.txt");
    let r = run(&[
        "check",
        "--waivers",
        &waivers.display().to_string(),
        &report.display().to_string(),
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    for expected in [
        "2 处错误",
        "未知的键 `reasn`",
        "是否想写 `reason`？",
        "w.yaml:5:5",
        "“不是指纹”不是有效的指纹",
        "w.yaml:8:18",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
}
