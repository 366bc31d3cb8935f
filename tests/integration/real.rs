//! Real published reports (openings of several dozen, with their sources and
//! labelled report years) live outside the project, at `../shared/real` next
//! to the checkout. When they are there, the checker must find the labelled
//! year of every report that states it anywhere, and the template items a
//! reader of each opening sees; without them the tests say so and pass.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;

use serde_json::Value;

use crate::helpers::*;

/// Reports whose year the checker cannot read yet, with the reason.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// The real reports' folder and its SOURCES.tsv, or `None` (said on stderr)
/// when the checkout has no `../shared/real`. `REPORTLINT_REAL_DIR` names the
/// folder instead, for a checkout that is not beside `shared/` (a worktree).
fn real_reports() -> Option<(std::path::PathBuf, String)> {
    let dir = std::env::var_os("REPORTLINT_REAL_DIR")
        .map_or_else(|| root().join("../shared/real"), std::path::PathBuf::from);
    match fs::read_to_string(dir.join("SOURCES.tsv")) {
        Ok(sources) => Some((dir, sources)),
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "../shared/real is not there: real reports not checked"
            );
            None
        }
    }
}

#[test]
fn the_report_year_of_real_reports() {
    let Some((dir, sources)) = real_reports() else {
        return;
    };
    let labelled: BTreeMap<String, i32> = sources
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Some((
                cells.first()?.to_string(),
                cells.get(4)?.trim().parse().ok()?,
            ))
        })
        .collect();
    assert!(labelled.len() >= 30, "{labelled:?}");
    let dir_arg = dir.display().to_string();
    let (v, _) = json(&["--no-config", &dir_arg]);
    let mut wrong = Vec::new();
    for file in v["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        let Some(&year) = labelled.get(name) else {
            continue;
        };
        let found = file["report_year"].as_i64().map(|y| y as i32);
        let gap = KNOWN_GAPS.iter().any(|(n, _)| *n == name);
        if gap {
            assert_eq!(found, None, "{name} is read now: remove it from KNOWN_GAPS");
        } else if found != Some(year) {
            wrong.push(format!(
                "{name}: labelled {year}, found {found:?} ({})",
                file["year_source"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The template parts a reader of each opening sees (FZ001's sections and the
/// 原因 of the 不足 part; every other item is missing: the openings are cut
/// short, and what comes after the cut is rightly missing). A part counts as
/// the template counts it: a heading of its own, at the first level or, for
/// the 第一责任人 part, the second; an account in a “一是……” sentence or a
/// third-level “2.” item is not a part of its own.
const ITEMS: &[(&str, &[&str])] = &[
    ("001.txt", &["measures"]),
    // One line without line breaks; its 一、 is a topical heading. The
    // 第一责任人 duty is only a “二是……” sentence under it.
    ("003.txt", &["measures"]),
    // （三）履行推进法治建设第一责任人职责制度, under 一、.
    ("005.txt", &["measures", "first-responsible"]),
    ("007.txt", &["measures"]),
    ("009.txt", &["measures"]),
    // 一、2024年法治政府建设基本情况; the duty only as the third-level 2.
    ("011.txt", &["measures"]),
    // Topical: 一、法治政府建设水平持续提升.
    ("013.txt", &["measures"]),
    // Cut at the heading “法治建设不足的原因”, which is where the reasons start.
    ("015.txt", &["measures", "shortcomings", "reasons"]),
    // 一、2016年工作完成情况.
    ("017.txt", &["measures"]),
    // Topical: 一、强化组织保障…… 二、创新普法宣传…… 三、规范执法行为…….
    ("019.txt", &["measures"]),
    ("021.txt", &["measures"]),
    ("023.txt", &["measures"]),
    ("025.txt", &["measures"]),
    // Topical 一、 with （二）切实履行推进法治政府建设第一责任人职责.
    ("027.txt", &["measures", "first-responsible"]),
    ("029.txt", &["measures"]),
    ("031.txt", &["measures"]),
    // Headings set in bold without numbers on the page: a short line between
    // paragraphs opens the work items.
    ("033.txt", &["measures"]),
    // Topical, run in: 一、依法全面履行政府职能。一是…….
    ("035.txt", &["measures"]),
    // 一、2023年度法治政府建设主要情况.
    ("037.txt", &["measures"]),
    ("039.txt", &["measures", "first-responsible"]),
    ("041.txt", &["measures", "first-responsible"]),
    ("043.txt", &["measures"]),
    ("045.txt", &["measures"]),
    // Topical, run in: 一、全面深入贯彻学习习近平法治思想。…….
    ("047.txt", &["measures"]),
    ("049.txt", &["measures", "first-responsible"]),
    ("051.txt", &["measures"]),
    // The opening lists the four parts it will have; the cut comes before
    // the second.
    ("053.txt", &["measures"]),
    ("055.txt", &["measures"]),
    ("057.txt", &["measures", "first-responsible"]),
    // 纲要 task areas as first-level headings: 一、依法全面履行政府职能.
    ("059.txt", &["measures"]),
    ("061.txt", &["measures"]),
    ("063.txt", &["measures"]),
];

#[test]
fn the_template_items_of_real_reports() {
    let Some((dir, _)) = real_reports() else {
        return;
    };
    let dir_arg = dir.display().to_string();
    let (v, _) = json(&["--no-config", &dir_arg]);
    let files = v["files"].as_array().unwrap();
    assert!(files.len() >= ITEMS.len(), "{} files", files.len());
    let mut wrong = Vec::new();
    for &(name, present) in ITEMS {
        let Some(file) = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(&format!("/{name}")))
        else {
            wrong.push(format!("{name}: not checked"));
            continue;
        };
        for item in file["items"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            let status = item["status"].as_str().unwrap();
            let expected = if present.contains(&id) {
                "present"
            } else if item["kind"] == "content" && status == "unknown" {
                // The 原因 of a 不足 part that is not there.
                "unknown"
            } else if told_in_text(file, id) {
                // Told in passing (the account FZ001 points at, a warning).
                "in_text"
            } else {
                "missing"
            };
            if status != expected {
                wrong.push(format!(
                    "{name}: {id} is {status}, a reader sees it {expected}"
                ));
            }
        }
        // A part found is never also reported missing.
        for f in file["findings"].as_array().unwrap() {
            if f["rule"] == "FZ001" && present.contains(&f["item"].as_str().unwrap_or_default()) {
                wrong.push(format!("{name}: FZ001 {}", f["message"]));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Whether the report tells the part `id` in the text without a part of its
/// own: FZ001 then points at the account, as a warning.
fn told_in_text(file: &Value, id: &str) -> bool {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "FZ001" && f["item"] == id && f["severity"] == "warning")
}

/// Every finding the built-in pack gives on the real openings, by rule and
/// severity, as reviewed against the cited sources: each is a true problem
/// of the text as stored (the openings are cut short, so the parts after the
/// cut and the 落款 are rightly missing). A change here is a change of what
/// the pack tells a reviewer, and is to be read finding by finding.
const REVIEWED: &[(&str, &str, usize)] = &[
    ("FZ001", "error", 80),
    ("FZ001", "warning", 9),
    ("FZ003", "info", 11),
    ("FZ010", "warning", 13),
    ("FZ011", "error", 32),
    ("FZ014", "warning", 9),
    ("FZ015", "error", 1),
    ("FZ024", "warning", 1),
    ("FZ031", "warning", 1),
    ("FZ032", "warning", 2),
    ("FZ042", "warning", 159),
    ("FZ044", "warning", 1),
    ("FZ045", "warning", 6),
    ("FZ047", "warning", 4),
    ("FZ049", "error", 1),
    ("FZ056", "warning", 1),
    ("FZ058", "warning", 2),
];

#[test]
fn the_reviewed_findings_of_real_reports() {
    let Some((dir, _)) = real_reports() else {
        return;
    };
    let dir_arg = dir.display().to_string();
    let (v, _) = json(&["--no-config", &dir_arg]);
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for file in v["files"].as_array().unwrap() {
        for f in findings(file) {
            *counts
                .entry((
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                ))
                .or_default() += 1;
        }
    }
    let expected: BTreeMap<(String, String), usize> = REVIEWED
        .iter()
        .map(|(r, s, n)| ((r.to_string(), s.to_string()), *n))
        .collect();
    assert_eq!(counts, expected);
}
