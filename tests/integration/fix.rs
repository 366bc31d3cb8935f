//! `--fix` and `--diff`: fixes are applied to a copy of a report and the
//! result re-checked; the diff is pinned as a snapshot.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::*;

/// Applies the edits of the given fixes to `text`, as the tool should.
fn apply(text: &str, fixes: &[&Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = fixes
        .iter()
        .flat_map(|f| f["edits"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end, replacement) in edits {
        assert!(start >= at, "edits overlap");
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn copy_of(seed: &str, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(seed);
    fs::copy(fixture(seed), &path).unwrap();
    path
}

#[test]
fn fix_seed_001_then_fix_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_001.txt", dir.path());
    let p = path.to_str().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let original = fs::read_to_string(&path).unwrap();

    // The safe fixes the check offers, applied by hand.
    let (before, _) = single(p);
    let safe: Vec<Value> = findings(&before)
        .into_iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .collect();
    assert!(safe.iter().all(|f| f["rule"] == "FZ042"));
    let fixes: Vec<&Value> = safe.iter().map(|f| &f["fix"]).collect();
    let expected = apply(&original, &fixes);

    let r = run(&["check", "--fix", "--format", "json", p]);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let after = &out["files"][0];
    assert!(
        r.stderr.contains("已修复 27 处问题并写回文件"),
        "{}",
        r.stderr
    );
    assert_eq!(after["fixed"]["applied"], 27);
    // What remains is reported, and decides the exit code: the missing 原因
    // is an error no fix can supply.
    assert!(by_rule(after, "FZ042").is_empty());
    assert_eq!(by_rule(after, "FZ002").len(), 1);
    assert_eq!(r.code, 1);

    // Every byte outside the edits is unchanged.
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, expected);
    assert_eq!(fixed.lines().count(), original.lines().count());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions are kept");
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    // A second --fix changes nothing.
    let again = run(&["check", "--fix", p]);
    assert!(
        again.stderr.contains("没有可自动修复的问题"),
        "{}",
        again.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
    assert_eq!(again.code, 1);
}

#[test]
fn unsafe_fixes_add_the_guessed_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_004.txt", dir.path());
    let p = path.to_str().unwrap();
    let r = run(&["check", "--fix", "--unsafe-fixes", "--format", "json", p]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("《重大行政决策程序暂行条例》"));
    assert!(!fixed.contains("推进法治政府建设第一责任人"));
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let after = &out["files"][0];
    assert!(by_rule(after, "FZ031").is_empty() && by_rule(after, "FZ032").is_empty());
}

#[test]
fn a_report_whose_errors_are_all_fixable_exits_clean_after_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    let report = fs::read_to_string(fixture("extra/clean_county_2024.txt"))
        .unwrap()
        .replacen("推进法治建设第一责任人", "推进法治政府建设第一责任人", 1);
    fs::write(&path, &report).unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(run(&["check", p]).code, 1);
    let r = run(&["check", "--fix", p]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("未发现问题"));
}

#[test]
fn diff_writes_nothing_and_exits_by_what_it_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_001.txt", dir.path());
    let p = path.to_str().unwrap();
    let original = fs::read(&path).unwrap();
    let r = run(&["check", "--diff", p]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(&format!("--- {p}\n+++ {p}\n@@ ")));
    assert!(r.stderr.contains("可自动修复 27 处问题（未写入文件）"));
    assert_eq!(fs::read(&path).unwrap(), original);

    let clean = run(&[
        "check",
        "--diff",
        "tests/fixtures/extra/clean_county_2024.txt",
    ]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[test]
fn fix_flags_are_checked() {
    assert_eq!(
        run(&["check", "--unsafe-fixes", "tests/fixtures/seed_004.txt"]).code,
        2
    );
    assert_eq!(
        run(&["check", "--fix", "--diff", "tests/fixtures/seed_004.txt"]).code,
        2
    );
    let missing = run(&["check", "--fix", "tests/fixtures/no-such-report.txt"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn diff_output_seed_004() {
    let r = run(&["check", "--diff", "tests/fixtures/seed_004.txt"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn diff_output_seed_004_with_unsafe_fixes() {
    let r = run(&[
        "check",
        "--diff",
        "--unsafe-fixes",
        "tests/fixtures/seed_004.txt",
    ]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn diff_output_seed_002() {
    let r = run(&["check", "--diff", "tests/fixtures/seed_002.txt"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_web_page_is_not_overwritten_but_gets_the_diff_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    fs::copy(fixture("variants/seed_004.html"), &path).unwrap();
    let p = path.to_str().unwrap();
    let original = fs::read(&path).unwrap();
    let r = run(&["check", "--fix", p]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("暂不支持写回修复"), "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.starts_with('+')
            && l.contains("三、2021年度党政主要负责人履行推进法治建设第一责任人职责情况")),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&path).unwrap(), original);
    // The findings are those of the file as it still is.
    assert!(r.stdout.contains("FZ032"), "{}", r.stdout);
}
