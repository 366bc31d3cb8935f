//! The built-in 政府信息公开工作年度报告 pack (`rules/zfxxgk/`), through the
//! real binary: selection by `--pack`, by the configuration and by the title,
//! and whole reports written in the forms published reports take (a complete
//! report, missing parts, a wrong year and a late date, a portal copy with
//! tables pasted as text).

use std::fs;

use super::helpers::*;

const COMPLETE: &str = "rules/zfxxgk/tests/complete-2023.txt";
const MISSING: &str = "rules/zfxxgk/tests/missing-parts-2022.txt";
const WRONG_YEAR: &str = "tests/fixtures/zfxxgk/wrong-year-2024.txt";
const PORTAL: &str = "tests/fixtures/zfxxgk/portal-2023.txt";

fn checked(args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    let (v, code) = json(&all);
    (v["files"][0].clone(), code)
}

#[test]
fn a_complete_report_has_no_findings() {
    let (file, code) = checked(&["--pack", "zfxxgk", COMPLETE]);
    assert_eq!(file["pack"], "zfxxgk");
    assert_eq!(file["report_year"], 2023);
    assert_eq!(rule_lines(&file), Vec::<(String, u64)>::new());
    assert_eq!(code, 0);
}

#[test]
fn the_title_selects_the_pack_when_none_is_named() {
    let (file, code) = checked(&[COMPLETE]);
    assert_eq!(file["pack"], "zfxxgk");
    assert_eq!(findings(&file).len(), 0);
    assert_eq!(code, 0);
}

#[test]
fn each_report_in_a_batch_gets_the_pack_its_title_names() {
    let (v, _) = json(&["--no-config", COMPLETE, "tests/fixtures/seed_002.txt"]);
    let packs: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["pack"].as_str().unwrap())
        .collect();
    assert_eq!(packs, ["zfxxgk", "fzzf"]);
}

#[test]
fn a_named_pack_turns_detection_off() {
    let (file, _) = checked(&["--pack", "fzzf", COMPLETE]);
    assert_eq!(file["pack"], "fzzf");
    assert!(!by_rule(&file, "FZ001").is_empty());
}

#[test]
fn the_configuration_names_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("reportlint.yaml"), "pack: zfxxgk\n").unwrap();
    let report = fs::read_to_string(root().join(COMPLETE)).unwrap();
    // Without the title the report cannot be recognised; the configuration
    // still selects the pack.
    let body = report.split_once('\n').unwrap().1;
    fs::write(dir.path().join("年报.txt"), body).unwrap();
    let r = run_in(dir.path(), &["check", "--format", "json", "年报.txt"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"][0]["pack"], "zfxxgk");
    assert_eq!(rule_lines(&v["files"][0]), rl(&[("FZ010", 2)]));
}

#[test]
fn an_unknown_pack_id_is_a_usage_error_in_chinese() {
    let r = run(&["check", "--pack", "zfxx", COMPLETE]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("没有内置规则包“zfxx”"), "{}", r.stderr);
    assert!(r.stderr.contains("zfxxgk"), "{}", r.stderr);
}

#[test]
fn missing_parts_and_missing_improvements_are_reported() {
    let (file, code) = checked(&[MISSING]);
    assert_eq!(file["pack"], "zfxxgk");
    assert_eq!(
        rule_lines(&file),
        rl(&[("GK001", 28), ("GK001", 28), ("GK003", 28), ("FZ011", 30)])
    );
    let missing: Vec<String> = by_rule(&file, "GK001")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        missing,
        [
            "报告缺少“政府信息公开行政复议、行政诉讼情况”部分",
            "报告缺少“其他需要报告的事项”部分"
        ]
    );
    let gk003 = &by_rule(&file, "GK003")[0];
    assert!(gk003["message"].as_str().unwrap().contains("改进情况"));
    assert_eq!(code, 1);
}

#[test]
fn a_year_copied_from_last_report_a_late_date_and_no_fee_statement() {
    let (file, code) = checked(&[WRONG_YEAR]);
    assert_eq!(file["report_year"], 2024);
    assert_eq!(
        rule_lines(&file),
        rl(&[("FZ024", 7), ("GK003", 37), ("GK015", 42)])
    );
    let fee = &by_rule(&file, "GK003")[0];
    assert!(fee["message"].as_str().unwrap().contains("信息处理费"));
    let late = &by_rule(&file, "GK015")[0];
    assert!(late["message"].as_str().unwrap().contains("2025年3月31日"));
    assert_eq!(code, 1);
}

#[test]
fn a_portal_copy_with_tables_pasted_as_text() {
    let (file, code) = checked(&[PORTAL]);
    assert_eq!(file["pack"], "zfxxgk");
    // The numbered rows of the 申请情况 table (“一、本年新收…… | 3 |”,
    // “四、结转下年度继续办理 | 0 |”) are neither headings nor parts: no
    // numbering finding, no part missing or out of order.
    for rule in ["FZ041", "GK001", "GK002", "GK003"] {
        assert!(by_rule(&file, rule).is_empty(), "{rule}: {file}");
    }
    assert_eq!(by_rule(&file, "FZ014").len(), 1);
    // Half-width brackets of the pasted tables (“第二十条第(一)项”).
    assert_eq!(by_rule(&file, "FZ042").len(), 18);
    assert_eq!(code, 0);
}

#[test]
fn the_pack_passes_its_own_tests() {
    for pack in ["zfxxgk", "rules/zfxxgk"] {
        let r = run(&["rules", "test", pack]);
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert!(r.stdout.contains(" 0 failed"), "{}", r.stdout);
        assert!(r.stdout.contains("complete-2023.txt"), "{}", r.stdout);
    }
}

#[test]
fn the_fzzf_pack_is_still_the_default() {
    let (file, _) = checked(&["tests/fixtures/seed_002.txt"]);
    assert_eq!(file["pack"], "fzzf");
    let r = run(&["rules", "list"]);
    assert!(r.stdout.contains("FZ001"));
    assert!(!r.stdout.contains("GK001"));
}

#[test]
fn the_issuer_level_picks_the_deadline_from_the_pack() {
    let dir = scratch();
    let text = fs::read_to_string(root().join(COMPLETE)).unwrap();
    fs::write(
        dir.path().join("r.txt"),
        text.replace("2024年1月22日", "2024年2月20日"),
    )
    .unwrap();
    let gk015 = |config: &str| {
        fs::write(dir.path().join("reportlint.yaml"), config).unwrap();
        let r = run_in(dir.path(), &["check", "--format", "json", "r.txt"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        by_rule(&v["files"][0], "GK015")
    };
    // 县级以上地方人民政府: 3月31日; no level: the later date.
    assert!(gk015("pack: zfxxgk\n").is_empty());
    assert!(gk015("pack: zfxxgk\nreport:\n  level: 县\n").is_empty());
    // 县级以上人民政府部门: 1月31日 (条例第四十九条).
    let late = gk015("pack: zfxxgk\nreport:\n  level: 部门\n");
    assert_eq!(late.len(), 1);
    assert!(late[0]["message"]
        .as_str()
        .unwrap()
        .contains("2024年1月31日"));
}
