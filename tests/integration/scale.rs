//! Hostile reports that made a check or an output quadratic: a line of
//! thousands of 《, marks nested thousands deep, a paragraph pasted
//! thousands of times, thousands of headings, a table of short lines with no
//! title, one mistake repeated on every line. Each run must finish within a
//! generous hard limit (a hang, not a timing: these took minutes or never
//! finished before) and report the problem with a bounded number of labels
//! and findings.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::helpers::{findings, scratch};

/// A run that takes longer than this has hung.
const HANG: Duration = Duration::from_secs(120);

const HEAD: &str = "某县人民政府关于2023年度法治政府建设情况的报告\n\
                    2023年，某县坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设。\n\
                    一、2023年推进法治政府建设的主要举措和成效\n";

/// Checks `text` (written to a file in `dir`) with the given output format,
/// killing the checker after [`HANG`]. Returns standard output.
fn check_within_limit(dir: &Path, name: &str, text: &str, format: &str) -> String {
    let input = dir.join(name);
    std::fs::write(&input, text).unwrap();
    // Output goes to a file: a pipe nobody reads would stall the checker.
    let out_path = dir.join(format!("{name}.{format}.out"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["check", "--no-config", "--exit-zero", "--color", "never"])
        .args(["--format", format])
        .arg(&input)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(File::create(&out_path).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .expect("run reportlint");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{name}: exit status {status}");
            break;
        }
        if start.elapsed() > HANG {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{name} ({format}): no result after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(&out_path).unwrap()
}

fn json_findings(dir: &Path, name: &str, text: &str) -> Vec<Value> {
    let out = check_within_limit(dir, name, text, "json");
    let value: Value = serde_json::from_str(&out).unwrap();
    findings(&value["files"][0])
}

fn of_rule<'a>(all: &'a [Value], rule: &str) -> Vec<&'a Value> {
    all.iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn a_line_of_unclosed_marks_is_one_finding_with_capped_labels() {
    let dir = scratch();
    for (name, mark) in [("shu.txt", "《"), ("paren.txt", "（")] {
        let text = format!("{HEAD}{}\n", mark.repeat(100_000));
        let all = json_findings(dir.path(), name, &text);
        let brackets = of_rule(&all, "FZ043");
        assert_eq!(brackets.len(), 1, "{name}");
        let f = brackets[0];
        assert_eq!(f["labels"].as_array().unwrap().len(), 50, "{name}");
        let message = f["message"].as_str().unwrap();
        assert!(message.contains("还有 99950 处未标出"), "{name}: {message}");
        // The last labelled mark: line 4, column 50.
        assert_eq!(f["labels"][49]["column"], 50);
        // Human output renders the windows of a 100,000-character line.
        let human = check_within_limit(dir.path(), name, &text, "human");
        assert!(human.contains("还有 99950 处未标出"), "{name}");
    }
}

#[test]
fn marks_nested_thousands_deep_are_checked_in_one_pass() {
    let dir = scratch();
    let depth = 30_000;
    let text = format!("{HEAD}{}法治{}\n", "《".repeat(depth), "》".repeat(depth));
    let all = json_findings(dir.path(), "nested.txt", &text);
    // Every 《 inside another should be 〈: one finding, 50 labels.
    let brackets = of_rule(&all, "FZ043");
    assert_eq!(brackets.len(), 1);
    assert_eq!(brackets[0]["labels"].as_array().unwrap().len(), 50);
    assert!(brackets[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("还有 {} 处未标出", depth - 1 - 50)));
}

#[test]
fn a_paragraph_pasted_thousands_of_times_is_checked_in_linear_time() {
    let dir = scratch();
    let paragraph = "区政府坚持把学习贯彻习近平法治思想作为重要必修课程，全年组织集中学法十二次。\
                     通过常务会议、理论学习中心组专题学习研讨等方式认真学习，干部法治素养明显提升。";
    let text = format!("{HEAD}{}\n", format!("{paragraph}\n").repeat(30_000));
    let all = json_findings(dir.path(), "pasted.txt", &text);
    let duplicates = of_rule(&all, "FZ026");
    // Every copy repeats the first; the rule reports its first 200 and
    // counts the rest.
    assert_eq!(duplicates.len(), 200);
    assert_eq!(duplicates[0]["labels"][1]["line"], 4);
    let last = duplicates.iter().find(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("本规则在此报告中还有")
    });
    assert!(
        last.is_some(),
        "the count of the findings left out is given"
    );
}

#[test]
fn one_mistake_on_every_line_gives_the_first_findings_and_a_count() {
    let dir = scratch();
    let text = format!("{HEAD}{}\n", "今年以来，工作很好。\n".repeat(50_000));
    let all = json_findings(dir.path(), "vague.txt", &text);
    let vague = of_rule(&all, "FZ023");
    assert_eq!(vague.len(), 200);
    let noted: Vec<&&Value> = vague
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("还有 49800 处问题未列出")
        })
        .collect();
    assert_eq!(noted.len(), 1);
}

#[test]
fn thousands_of_headings_are_checked_in_linear_time() {
    let dir = scratch();
    let block = "（一）组织领导\n1.学习教育\n（1）专题学习。正文一是学习。\n";
    let text = format!("{HEAD}{}", block.repeat(15_000));
    let all = json_findings(dir.path(), "headings.txt", &text);
    // The repeated （一） under one parent is a numbering problem, reported.
    assert!(!of_rule(&all, "FZ041").is_empty());
}

#[test]
fn a_table_of_short_lines_without_a_title_is_checked_in_linear_time() {
    let dir = scratch();
    // 192,000 lines, just under the line limit (input::MAX_LINES).
    let text = "序号\n项目\n数量\n备注\n1\n行政复议\n25\n无\n".repeat(24_000);
    let all = json_findings(dir.path(), "table.txt", &text);
    // No title, so the structure rule says so.
    assert!(all.iter().any(|f| f["rule"] == "FZ010"));
}
