//! The pack's knowledge that changes with the years: titles in the name
//! dictionary that were repealed or expired (FZ059), and formulations that a
//! later one replaced for the report's year (FZ060). Each case runs the real
//! binary on a short report written for it (tests/fixtures/sources/).

use std::fs;

use serde_json::Value;

use crate::helpers::{by_rule, json, root, run, scratch, single, yaml};

/// `(line, cited text, replacement)` of each finding of `rule`.
fn cited(file: &Value, rule: &str) -> Vec<(u64, String, Option<String>)> {
    by_rule(file, rule)
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            let fix = f["fix"]["edits"][0]["replacement"]
                .as_str()
                .map(str::to_string);
            if fix.is_some() {
                assert_eq!(f["fix"]["applicability"], "unsafe", "{f}");
            }
            (
                f["line"].as_u64().unwrap(),
                f["text"].as_str().unwrap().to_string(),
                fix,
            )
        })
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn source(name: &str) -> String {
    format!("tests/fixtures/sources/{name}")
}

#[test]
fn a_current_report_citing_a_repealed_law_is_told_the_successor() {
    let (f, _) = single(&source("repealed_2023.txt"));
    assert_eq!(f["report_year"], 2023);
    assert_eq!(
        cited(&f, "FZ059"),
        [
            (
                5,
                "中华人民共和国环境噪声污染防治法".to_string(),
                some("中华人民共和国噪声污染防治法")
            ),
            // Cited without the prefix: the successor too.
            (5, "合同法".to_string(), some("民法典")),
        ]
    );
    let noise = &by_rule(&f, "FZ059")[0];
    assert_eq!(
        noise["message"],
        "引用的《中华人民共和国环境噪声污染防治法》在本报告所属年度之前已经失效：已于2022年6月5日废止，由《中华人民共和国噪声污染防治法》取代"
    );
    assert!(noise["help"].as_str().unwrap().contains("2023年度"));
    // Not reported: “……同时废止” and “原《……》” (line 6) say the law is the
    // old one; the 预备役军官法 was in force until 1 March 2023, in the
    // report's year; the 廉洁自律准则 is in force.
    assert!(by_rule(&f, "FZ059").iter().all(|x| x["line"] == 5));
    // A repealed title cited correctly is no misspelling.
    assert!(by_rule(&f, "FZ031").is_empty(), "{f}");
}

#[test]
fn a_report_on_a_year_the_law_was_still_in_force_is_silent() {
    // A report on 2022 cites the noise law repealed on 5 June 2022: it was
    // in force for part of the year. The 廉洁从政若干准则 ended in 2016.
    let (f, _) = single(&source("repealed_2022.txt"));
    assert_eq!(
        cited(&f, "FZ059"),
        [(
            6,
            "中国共产党党员领导干部廉洁从政若干准则".to_string(),
            some("中国共产党廉洁自律准则")
        )]
    );
}

#[test]
fn without_a_report_year_nothing_is_outdated() {
    let (f, _) = single(&source("repealed_no_year.txt"));
    assert!(f["report_year"].is_null());
    assert!(by_rule(&f, "FZ059").is_empty(), "{f}");
    // With the year given, the same citations are.
    let (v, _) = json(&["--year", "2023", &source("repealed_no_year.txt")]);
    assert_eq!(by_rule(&v["files"][0], "FZ059").len(), 2);
}

#[test]
fn titles_in_traditional_characters_are_the_same_titles() {
    let (f, _) = single(&source("repealed_traditional_2023.txt"));
    // The fix is the dictionary's title, not a mix of the two scripts; the
    // 學位條例 was in force until 2025.
    assert_eq!(
        cited(&f, "FZ059"),
        [(
            3,
            "中華人民共和國環境噪聲污染防治法".to_string(),
            some("中华人民共和国噪声污染防治法")
        )]
    );
}

#[test]
fn the_successor_is_put_in_only_with_unsafe_fixes() {
    let dir = scratch();
    let report = dir.path().join("report.txt");
    fs::copy(root().join(source("repealed_2023.txt")), &report).unwrap();
    let path = report.display().to_string();
    let before = fs::read_to_string(&report).unwrap();
    run(&["check", "--no-config", "--fix", &path]);
    assert_eq!(fs::read_to_string(&report).unwrap(), before);
    run(&["check", "--no-config", "--fix", "--unsafe-fixes", &path]);
    let after = fs::read_to_string(&report).unwrap();
    assert!(after.contains("依据《中华人民共和国噪声污染防治法》查处夜间施工噪声"));
    assert!(after.contains("对照《民法典》审查政府合同"));
    // The citations that were not reported are as they were.
    assert!(after.contains("《中华人民共和国环境噪声污染防治法》同时废止"));
    assert!(after.contains("原《中华人民共和国行政监察法》"));
    let (v, _) = json(&["--no-config", &path]);
    assert!(by_rule(&v["files"][0], "FZ059").is_empty());
}

#[test]
fn a_local_dictionary_marks_expired_and_repealed_documents() {
    let rules = source("local_pack");
    let check = |name: &str| {
        let (v, _) = json(&["--no-config", "--rules", &rules, &source(name)]);
        by_rule(&v["files"][0], "FZ059")
            .iter()
            .map(|f| {
                (
                    f["message"].as_str().unwrap().to_string(),
                    f["fix"]["edits"][0]["replacement"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        check("expired_2024.txt"),
        [
            (
                "引用的《青岚市促进就业若干措施》在本报告所属年度之前已经失效：有效期已于2023年12月31日届满，由《青岚市促进高质量充分就业若干措施》取代".to_string(),
                "青岚市促进高质量充分就业若干措施".to_string()
            ),
            // Replaced by a title of the built-in dictionary.
            (
                "引用的《青岚市行政机关公文处理实施细则》在本报告所属年度之前已经失效：已于2013年1月1日废止，由《党政机关公文处理工作条例》取代".to_string(),
                "党政机关公文处理工作条例".to_string()
            ),
        ]
    );
    // Valid through 2023: a report on 2023 may cite it.
    assert!(check("expired_2023.txt").is_empty());
    let r = run(&["rules", "validate", &rules]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_bad_end_of_validity_is_an_error_at_its_place() {
    let dir = scratch();
    let pack = dir.path();
    fs::create_dir(pack.join("data")).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 市, extends: builtin}\nrules:\n  - id: FZ059\n    check:\n      titles: [builtin:data/law-titles.yaml, data/city.yaml]\n",
    )
    .unwrap();
    let rules = pack.display().to_string();
    for (entry, message) in [
        (
            "{title: 甲市条例, repealed: 2022-6-5}",
            "日期 `2022-6-5` 格式有误",
        ),
        (
            "{title: 甲市条例, valid_until: 2023-02-29}",
            "没有 `2023-02-29` 这一天",
        ),
        (
            "{title: 甲市条例, repealed: 2022-06-05, valid_until: 2022-06-04}",
            "同时写了 repealed 和 valid_until",
        ),
        (
            "{title: 甲市条例, replaced_by: 中华人民共和国民法典}",
            "写了 replaced_by，却没有写何时失效",
        ),
        (
            "{title: 甲市条例, repealed: 2022-06-05, replaced_by: 乙市条例}",
            "replaced_by 的“乙市条例”不是词典中的名称",
        ),
        (
            "{title: 甲市条例, repealed: 2022-06-05, replaced_by: 甲市条例}",
            "“甲市条例”不能由自己取代",
        ),
    ] {
        fs::write(
            pack.join("data/city.yaml"),
            format!("titles:\n  - {entry}\n"),
        )
        .unwrap();
        let r = run(&["rules", "validate", &rules]);
        assert_eq!(r.code, 3, "{entry}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{entry}: {}", r.stderr);
        assert!(r.stderr.contains("city.yaml:2:"), "{entry}: {}", r.stderr);
    }
}

#[test]
fn the_built_in_dictionary_dates_the_repealed_titles_the_sources_give() {
    let text = fs::read_to_string(root().join("rules/fzzf/data/law-titles.yaml")).unwrap();
    let titles = yaml(&text)["titles"].as_array().unwrap().clone();
    let entry = |title: &str| {
        titles
            .iter()
            .find(|t| t["title"] == title)
            .unwrap_or_else(|| panic!("{title} is not an entry with keys"))
            .clone()
    };
    for (old, date, new) in [
        (
            "中华人民共和国环境噪声污染防治法",
            "2022-06-05",
            "中华人民共和国噪声污染防治法",
        ),
        (
            "中华人民共和国学位条例",
            "2025-01-01",
            "中华人民共和国学位法",
        ),
        (
            "中华人民共和国预备役军官法",
            "2023-03-01",
            "中华人民共和国预备役人员法",
        ),
        (
            "中国共产党党员领导干部廉洁从政若干准则",
            "2016-01-01",
            "中国共产党廉洁自律准则",
        ),
    ] {
        let e = entry(old);
        assert_eq!(e["repealed"], date, "{old}");
        assert_eq!(e["replaced_by"], new, "{old}");
        // The successor is a title of its own, in force.
        assert!(titles.iter().any(|t| t == new), "{new}");
    }
}

/// `(line, matched text, wording current for the year)` of each FZ060.
fn old_wordings(file: &Value) -> Vec<(u64, String, String)> {
    by_rule(file, "FZ060")
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            let message = f["message"].as_str().unwrap();
            let current = message
                .rsplit_once("的提法是“")
                .map(|(_, c)| c.trim_end_matches('”').to_string())
                .unwrap_or_else(|| panic!("{message}"));
            (
                f["line"].as_u64().unwrap(),
                f["text"].as_str().unwrap().to_string(),
                current,
            )
        })
        .collect()
}

fn triple(line: u64, text: &str, current: &str) -> (u64, String, String) {
    (line, text.to_string(), current.to_string())
}

#[test]
fn a_wording_replaced_before_the_report_year_is_reported_with_the_current_one() {
    let (f, _) = single(&source("formulations_2024.txt"));
    assert_eq!(
        old_wordings(&f),
        [
            triple(
                5,
                "党的十九大和十九届历次全会精神",
                "党的二十大和二十届二中、三中全会精神"
            ),
            // The 2023 wording: in 2024 the third plenum was held.
            triple(
                6,
                "党的二十大和二十届二中全会精神",
                "党的二十大和二十届二中、三中全会精神"
            ),
        ]
    );
    let first = &by_rule(&f, "FZ060")[0];
    assert_eq!(
        first["labels"][0]["message"], "自2023年度起已被“党的二十大和二十届二中全会精神”取代",
        "{first}"
    );
    // Not reported: the current wording (line 3), the congress alone and one
    // plenum alone (line 5).
    assert!(by_rule(&f, "FZ060").iter().all(|x| x["line"] != 3));
}

#[test]
fn in_the_year_of_a_new_congress_both_sets_are_current() {
    // A report on 2022 names the 19th congress's plenums and the 20th
    // congress; only a wording two plenums old is out of date.
    let (f, _) = single(&source("formulations_2022.txt"));
    assert_eq!(
        old_wordings(&f),
        [triple(
            5,
            "党的十九大和十九届二中、三中全会精神",
            "党的二十大精神"
        )]
    );
    // The same text as a report on 2023: the 19th congress's set is old,
    // except where it is named together with the 20th congress.
    let (v, _) = json(&["--year", "2023", &source("formulations_2022.txt")]);
    let current = "党的二十大和二十届二中全会精神";
    assert_eq!(
        old_wordings(&v["files"][0]),
        [
            triple(3, "党的十九大和十九届历次全会精神", current),
            triple(5, "党的十九大和十九届二中、三中全会精神", current),
        ]
    );
}

#[test]
fn without_a_report_year_no_wording_is_old() {
    let (f, _) = single(&source("formulations_no_year.txt"));
    assert!(by_rule(&f, "FZ060").is_empty(), "{f}");
    let (v, _) = json(&["--year", "2024", &source("formulations_no_year.txt")]);
    assert_eq!(by_rule(&v["files"][0], "FZ060").len(), 1);
}

#[test]
fn wordings_in_traditional_characters_are_the_same_wordings() {
    let (f, _) = single(&source("formulations_traditional_2025.txt"));
    assert_eq!(
        old_wordings(&f),
        [triple(
            3,
            "黨的二十大和二十屆二中、三中全會精神",
            "党的二十大和二十届历次全会精神"
        )]
    );
}

#[test]
fn in_the_year_of_a_plenum_only_a_report_signed_after_it_keeps_the_old_wording() {
    // A year-end summary of 2019 without a date may predate the fourth
    // plenum (October 2019): its wording may have been current.
    let (f, _) = single(&source("formulations_summary_2019.txt"));
    assert_eq!(f["report_year"], 2019);
    assert!(by_rule(&f, "FZ060").is_empty(), "{f}");
    // Signed in January 2020, it was written after the plenum.
    let dir = scratch();
    let signed = dir.path().join("summary.txt");
    let text = fs::read_to_string(root().join(source("formulations_summary_2019.txt"))).unwrap();
    fs::write(&signed, format!("{text}\n青岚镇人民政府\n2020年1月15日\n")).unwrap();
    let (v, _) = json(&["--no-config", &signed.display().to_string()]);
    assert_eq!(
        old_wordings(&v["files"][0]),
        [triple(
            3,
            "党的十九大和十九届二中、三中全会精神",
            "党的十九大和十九届二中、三中、四中全会精神"
        )]
    );
}
