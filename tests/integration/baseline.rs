//! `check --baseline`: a report compared with last year's (FZ070–FZ073),
//! the baseline named by the configuration or the folder convention, the
//! places in last year's report (`elsewhere`) in JSON, SARIF and human
//! output, and baselines that cannot be read.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::*;

/// Seed 002 (a 2023 report) with every year one earlier: last year's
/// report of a unit that changed nothing but the years.
fn shifted_seed_002() -> String {
    fs::read_to_string(fixture("seed_002.txt"))
        .unwrap()
        .replace("2023", "2022")
        .replace("2024", "2023")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

/// The one report of a JSON run with `--baseline`.
fn compared(report: &Path, baseline: &Path) -> Value {
    let (v, _) = json(&[
        "--no-config",
        "--baseline",
        baseline.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    v["files"][0].clone()
}

fn share(file: &Value) -> f64 {
    file["baseline"]["copied_share"].as_f64().unwrap()
}

#[test]
fn a_report_copied_from_last_year_is_almost_all_copied_and_its_plan_too() {
    let dir = scratch();
    let baseline = write(dir.path(), "2022.txt", &shifted_seed_002());
    let file = compared(&fixture("seed_002.txt"), &baseline);
    assert_eq!(file["baseline"]["year"], 2022);
    assert!(share(&file) > 0.95, "{}", file["baseline"]);
    let copied = by_rule(&file, "FZ070");
    assert!(!copied.is_empty());
    for f in &copied {
        let elsewhere = &f["elsewhere"][0];
        assert_eq!(elsewhere["file"], baseline.to_str().unwrap());
        assert!(elsewhere["line"].as_u64().unwrap() >= 1);
        assert!(!elsewhere["message"].as_str().unwrap().is_empty());
    }
    let plan = by_rule(&file, "FZ072");
    assert_eq!(plan.len(), 1, "{plan:#?}");
    assert!(plan[0]["text"].as_str().unwrap().contains("主要安排"));
    assert!(plan[0]["message"].as_str().unwrap().contains('%'));
    assert!(
        by_rule(&file, "FZ073").is_empty(),
        "2022 is the year before"
    );
}

#[test]
fn a_baseline_that_is_another_report_shares_nothing() {
    // Seed 000 is another unit's report.
    let file = compared(&fixture("seed_002.txt"), &fixture("seed_000.txt"));
    assert!(
        by_rule(&file, "FZ070").is_empty(),
        "{:#?}",
        by_rule(&file, "FZ070")
    );
    assert!(by_rule(&file, "FZ072").is_empty());
    assert!(share(&file) < 0.05, "{}", file["baseline"]);
}

#[test]
fn lightly_edited_passages_are_not_reported_and_the_rest_are() {
    let dir = scratch();
    let baseline = write(dir.path(), "2022.txt", &shifted_seed_002());
    // This year two paragraphs of last year's are rewritten.
    let seed = fs::read_to_string(fixture("seed_002.txt")).unwrap();
    let rewritten = [
        "今年我们把法治专栏迁入新版门户网站，按季度更新栏目内容，新增行政复议典型案例十二件，页面访问量比上年增长三成。",
        "全年承办人大代表建议和政协委员提案一百二十件，逐件与代表委员当面沟通办理方案，办理结果全部公开，满意率继续保持在较高水平。",
    ];
    let lines: Vec<&str> = seed.lines().collect();
    let edited_lines = [19usize, 23];
    let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for (line, new) in edited_lines.iter().zip(rewritten) {
        text[line - 1] = new.to_string();
    }
    let report = write(dir.path(), "2023.txt", &(text.join("\n") + "\n"));
    let file = compared(&report, &baseline);
    let copied = by_rule(&file, "FZ070");
    assert!(copied.len() >= 2, "{copied:#?}");
    let spans: Vec<(u64, u64)> = copied
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["end_line"].as_u64().unwrap()))
        .collect();
    for line in edited_lines {
        let line = line as u64;
        assert!(
            !spans.iter().any(|&(a, b)| a <= line && line <= b),
            "the rewritten line {line} is reported: {spans:?}"
        );
    }
    // Before and after the rewritten paragraphs: copied (between them is
    // only a heading, and headings are not compared).
    for line in [5u64, 16, 27, 40] {
        assert!(
            spans.iter().any(|&(a, b)| a <= line && line <= b),
            "line {line} is not reported: {spans:?}"
        );
    }
    let s = share(&file);
    assert!(s > 0.8 && s < 0.99, "{s}");
}

#[test]
fn of_three_plan_items_the_one_never_taken_up_is_listed() {
    let file = compared(
        &fixture("baseline/plan_2023.txt"),
        &fixture("baseline/plan_2022.txt"),
    );
    let f = by_rule(&file, "FZ071");
    assert_eq!(f.len(), 1, "{f:#?}");
    let message = f[0]["message"].as_str().unwrap();
    assert!(message.contains("有1项"), "{message}");
    assert!(
        message.contains("建立乡镇合法性审查全覆盖机制"),
        "{message}"
    );
    assert!(!message.contains("行政复议"), "{message}");
    assert!(!message.contains("目录化"), "{message}");
    assert_eq!(f[0]["severity"], "info");
    assert_eq!(f[0]["line"], 3, "at this year's measures heading");
    let elsewhere = f[0]["elsewhere"].as_array().unwrap();
    assert_eq!(elsewhere.len(), 1);
    assert_eq!(elsewhere[0]["line"], 13);
    // Nothing else: the texts differ, the years follow each other.
    assert_eq!(rule_lines(&file), rl(&[("FZ071", 3)]));
}

#[test]
fn a_docx_baseline_is_read_and_sarif_points_into_it() {
    // The same report as Word: everything copied, and the year is not the
    // year before.
    let docx = "tests/fixtures/formats/docx/seed_002.liststyle.docx";
    let (v, _) = json(&[
        "--no-config",
        "--baseline",
        docx,
        "tests/fixtures/seed_002.txt",
    ]);
    let file = &v["files"][0];
    assert_eq!(file["baseline"]["file"], docx);
    assert!(share(file) > 0.9, "{}", file["baseline"]);
    let year = by_rule(file, "FZ073");
    assert_eq!(year.len(), 1);
    assert!(year[0]["message"]
        .as_str()
        .unwrap()
        .contains("是2023年度的，不是本报告年度（2023年）的上一年"));
    let copied = by_rule(file, "FZ070");
    assert!(!copied.is_empty());
    assert_eq!(copied[0]["elsewhere"][0]["file"], docx);

    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "--baseline",
        docx,
        "tests/fixtures/seed_002.txt",
    ]);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let copied: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "FZ070").collect();
    assert!(!copied.is_empty());
    let related = copied[0]["relatedLocations"].as_array().unwrap();
    let there = related
        .iter()
        .find(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("seed_002.liststyle.docx"))
        })
        .unwrap_or_else(|| panic!("{related:#?}"));
    assert!(
        there["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(there["message"]["text"].as_str().is_some());
}

#[test]
fn human_output_names_the_place_in_last_years_report() {
    let r = run(&[
        "check",
        "--no-config",
        "--baseline",
        "tests/fixtures/baseline/plan_2022.txt",
        "tests/fixtures/baseline/plan_2023.txt",
    ]);
    assert!(
        r.stdout.contains(
            "另见 tests/fixtures/baseline/plan_2022.txt 第 13 行：建立乡镇合法性审查全覆盖机制"
        ),
        "{}",
        r.stdout
    );
    // GitHub annotations and JUnit say it in the message text.
    for format in ["github", "junit"] {
        let r = run(&[
            "check",
            "--no-config",
            "--format",
            format,
            "--baseline",
            "tests/fixtures/baseline/plan_2022.txt",
            "tests/fixtures/baseline/plan_2023.txt",
        ]);
        assert!(
            r.stdout
                .contains("另见 tests/fixtures/baseline/plan_2022.txt 第 13 行"),
            "{format}: {}",
            r.stdout
        );
    }
}

#[test]
fn a_baseline_that_cannot_be_read_is_a_warning_and_the_report_is_still_checked() {
    let dir = scratch();
    let garbage = dir.path().join("garbage.docx");
    fs::write(&garbage, b"PK\x03\x04 not a zip at all \x00\xff\xfe").unwrap();
    let huge = dir.path().join("huge.txt");
    fs::write(&huge, "法治".repeat(700_000)).unwrap();
    let missing = dir.path().join("missing.txt");
    let (plain, _) = single("tests/fixtures/seed_002.txt");
    let plain_rules = rule_lines(&plain);
    for (baseline, extra) in [
        (garbage.to_str().unwrap(), vec![]),
        (huge.to_str().unwrap(), vec!["--max-size", "1"]),
        (missing.to_str().unwrap(), vec![]),
    ] {
        let mut args = vec!["--no-config", "--baseline", baseline];
        args.extend(extra);
        args.push("tests/fixtures/seed_002.txt");
        let (v, code) = json(&args);
        let file = &v["files"][0];
        assert_eq!(file["status"], "checked", "{baseline}: {file}");
        assert_ne!(code, 2, "{baseline}");
        let warned = by_rule(file, "baseline-unreadable");
        assert_eq!(warned.len(), 1, "{baseline}: {file}");
        let message = warned[0]["message"].as_str().unwrap();
        assert!(message.starts_with("上年报告无法读取："), "{message}");
        assert!(message.contains("本报告已照常检查"), "{message}");
        assert!(file.get("baseline").is_none());
        // Every finding of the report alone is still there.
        let mut rules = rule_lines(file);
        rules.retain(|(r, _)| r != "baseline-unreadable");
        assert_eq!(rules, plain_rules, "{baseline}");
    }
}

#[test]
fn the_configuration_names_the_baseline_of_each_report() {
    let dir = scratch();
    let this = write(
        dir.path(),
        "2023/某县.txt",
        &fs::read_to_string(fixture("baseline/plan_2023.txt")).unwrap(),
    );
    write(
        dir.path(),
        "2022/某县.txt",
        &fs::read_to_string(fixture("baseline/plan_2022.txt")).unwrap(),
    );
    write(
        dir.path(),
        "archive/去年的报告.txt",
        &fs::read_to_string(fixture("baseline/plan_2022.txt")).unwrap(),
    );
    let check = |config: &str| -> Value {
        fs::write(dir.path().join("reportlint.yaml"), config).unwrap();
        let r = run_in(
            dir.path(),
            &["check", "--format", "json", this.to_str().unwrap()],
        );
        let v: Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
        v["files"][0].clone()
    };
    // No key: no comparison, even with 2022/ beside 2023/.
    let file = check("pack: builtin\n");
    assert!(file.get("baseline").is_none());
    assert!(by_rule(&file, "FZ071").is_empty());
    // The folder convention.
    let file = check("baseline:\n  previous_year_folder: true\n");
    assert!(file["baseline"]["file"]
        .as_str()
        .unwrap()
        .ends_with("2022/某县.txt"));
    assert_eq!(by_rule(&file, "FZ071").len(), 1);
    // A file named for the report wins over the folder.
    let file = check(
        "baseline:\n  previous_year_folder: true\n  files:\n    2023/某县.txt: archive/去年的报告.txt\n",
    );
    assert!(file["baseline"]["file"]
        .as_str()
        .unwrap()
        .ends_with("去年的报告.txt"));
    // A misspelt key is an error that says what is allowed.
    fs::write(
        dir.path().join("reportlint.yaml"),
        "baseline:\n  previous_folder: true\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", this.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("previous_year_folder"), "{}", r.stderr);
}

#[test]
fn the_completeness_table_csv_and_html_have_a_column_of_the_copied_share() {
    let dir = scratch();
    let baseline = write(dir.path(), "2022.txt", &shifted_seed_002());
    let base = baseline.to_str().unwrap();
    let table = run(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        "--baseline",
        base,
        "tests/fixtures/seed_002.txt",
    ]);
    let header = table
        .stdout
        .lines()
        .find(|l| l.starts_with("报告"))
        .unwrap_or_else(|| panic!("{}", table.stdout));
    assert!(header.trim_end().ends_with("上年重复"), "{header}");
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("tests/fixtures/seed_002.txt"))
        .unwrap();
    assert!(row.trim_end().ends_with("100%"), "{row}");
    // Without a baseline, no such column.
    let plain = run(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        "tests/fixtures/seed_002.txt",
    ]);
    assert!(!plain.stdout.contains("上年重复"), "{}", plain.stdout);

    let csv = run(&[
        "check",
        "--no-config",
        "--format",
        "csv",
        "--baseline",
        base,
        "tests/fixtures/seed_002.txt",
    ]);
    let rows = csv_rows(&csv.stdout);
    assert_eq!(rows[0].last().map(String::as_str), Some("上年重复"));
    assert_eq!(rows[1].last().map(String::as_str), Some("100%"));

    let html = run(&[
        "check",
        "--no-config",
        "--format",
        "html",
        "--baseline",
        base,
        "tests/fixtures/seed_002.txt",
    ]);
    assert!(
        html.stdout.contains("上年重复</th>"),
        "the overview's column"
    );
    assert!(html.stdout.contains(">100%</td>"));
    assert!(html.stdout.contains("<dt>上年报告</dt>"));
    assert!(html.stdout.contains("class=\"elsewhere\""));
}
