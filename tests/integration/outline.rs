//! The report's outline on the forms real reports take
//! (tests/fixtures/outline/): measures written under headings named for the
//! work, with no heading that says 举措/成效; text that lost its line breaks;
//! and “一、” or “（一）” inside sentences of an ordinary report, which are not
//! headings.

use std::fs;

use serde_json::Value;

use crate::helpers::*;

fn outline(name: &str) -> Value {
    single(&format!("tests/fixtures/outline/{name}")).0
}

fn status(file: &Value, id: &str) -> String {
    item(file, id)["status"].as_str().unwrap().to_string()
}

/// The text a JSON span points at, read from the file itself.
fn spanned(name: &str, v: &Value) -> String {
    let text = fs::read_to_string(fixture(&format!("outline/{name}"))).unwrap();
    let (start, end) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
    text[start as usize..end as usize].to_string()
}

#[test]
fn measures_under_topical_headings_are_present_with_an_info_note() {
    // (fixture, first topical heading, how many there are, findings)
    for (name, first, count, expected) in [
        (
            "topical_county_2023.txt",
            "一、加强组织领导，统筹推进法治政府建设",
            5,
            rl(&[("FZ003", 4)]),
        ),
        // No 不足 part: the topical headings stand before 第一责任人.
        (
            "topical_department_2022.txt",
            "一、深入学习贯彻习近平法治思想，压实法治建设责任",
            3,
            rl(&[("FZ001", 13), ("FZ003", 4)]),
        ),
        // Run-in headings: 一、强化学法用法。镇党委…….
        (
            "topical_township_2022.txt",
            "一、强化学法用法。",
            3,
            rl(&[("FZ003", 4)]),
        ),
    ] {
        let f = outline(name);
        assert_eq!(rule_lines(&f), expected, "{name}");
        let measures = item(&f, "measures");
        assert_eq!(measures["status"], "present", "{name}");
        assert_eq!(measures["heading"], first, "{name}");
        let note = &by_rule(&f, "FZ003")[0];
        assert_eq!(note["severity"], "info", "{name}");
        assert_eq!(note["item"], "measures", "{name}");
        assert_eq!(note["labels"].as_array().unwrap().len(), count, "{name}");
        assert!(
            note["message"]
                .as_str()
                .unwrap()
                .contains(first.trim_end_matches('。')),
            "{name}: {}",
            note["message"]
        );
        // The other parts are where they were.
        assert!(by_rule(&f, "FZ005").is_empty(), "{name}");
    }
    let department = outline("topical_department_2022.txt");
    assert_eq!(status(&department, "shortcomings"), "missing");
    assert_eq!(status(&department, "first-responsible"), "present");
}

#[test]
fn a_report_that_lacks_measures_still_gets_the_error() {
    // Only 不足, 第一责任人 and 安排; and the same with a 总体要求 (an aim, not
    // work done) before the 不足.
    for (name, line) in [
        ("missing_measures_2023.txt", 4),
        ("missing_measures_aims_2023.txt", 6),
    ] {
        let f = outline(name);
        assert_eq!(rule_lines(&f), rl(&[("FZ001", line)]), "{name}");
        assert_eq!(by_rule(&f, "FZ001")[0]["item"], "measures", "{name}");
        assert_eq!(status(&f, "measures"), "missing", "{name}");
    }
}

#[test]
fn headings_of_a_report_on_one_line_are_found_where_they_are() {
    let name = "one_line_2023.txt";
    let f = outline(name);
    for (id, heading) in [
        // Its （一） is run on to it, with no sentence end between.
        ("measures", "一、2023年推进法治政府建设的主要举措和成效"),
        ("shortcomings", "二、存在的不足和原因"),
        (
            "first-responsible",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        ),
        ("plan", "四、2024年推进法治政府建设的主要安排"),
    ] {
        let it = item(&f, id);
        assert_eq!(it["status"], "present", "{id}");
        assert_eq!(it["line"], 1, "{id}");
        // The span is in the text as it is: the heading runs on into its
        // first sentence, there being no line break to end it (the first
        // does not: the （一） run on to it is a heading too).
        assert!(spanned(name, &it).starts_with(heading), "{id}");
    }
    assert_eq!(status(&f, "reasons"), "present");
    // The title run on to the opening and the 落款 after the last sentence
    // are read as such; “一、二季度” inside a sentence is no heading (it
    // would break the numbering, FZ041).
    assert_eq!(f["title"], "某县人民政府关于2023年度法治政府建设情况的报告");
    assert_eq!(
        (f["report_year"].as_i64(), f["year_source"].as_str()),
        (Some(2023), Some("title"))
    );
    assert_eq!(f["issuer"], "某县人民政府");
    let rules: Vec<String> = rule_lines(&f).into_iter().map(|(r, _)| r).collect();
    assert_eq!(rules, ["FZ042"]);
    let comma = &by_rule(&f, "FZ042")[0];
    assert_eq!(spanned(name, comma), ",");
}

#[test]
fn fixing_a_report_on_one_line_changes_only_the_fixed_character() {
    let dir = scratch();
    let path = dir.path().join("one_line.txt");
    let original = fs::read_to_string(fixture("outline/one_line_2023.txt")).unwrap();
    fs::write(&path, &original).unwrap();
    let p = path.to_str().unwrap();
    let r = run(&["check", "--no-config", "--fix", p]);
    assert!(r.stderr.contains("已修复 1 处问题"), "{}", r.stderr);
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, original.replacen("4次,制定", "4次，制定", 1));
}

#[test]
fn an_opening_on_one_line_cut_short_has_its_measures() {
    let f = outline("one_line_cut_2023.txt");
    assert_eq!(status(&f, "measures"), "present");
    assert_eq!(
        item(&f, "measures")["heading"],
        "一、坚持党的领导，压紧压实法治建设责任。"
    );
    assert_eq!(by_rule(&f, "FZ003").len(), 1);
    assert!(by_rule(&f, "FZ001").iter().all(|x| x["item"] != "measures"));
}

#[test]
fn markers_inside_sentences_of_an_ordinary_report_are_not_headings() {
    // “。一、二季度”, “第一、第二批”, “。（一）类问题……（二）类问题” in a report
    // with its line breaks: prose. As headings they would break the
    // numbering (FZ041) and move the parts.
    let f = outline("mid_sentence_markers_2023.txt");
    assert_eq!(rule_lines(&f), rl(&[]));
    for (id, line) in [
        ("measures", 4),
        ("shortcomings", 7),
        ("first-responsible", 9),
        ("plan", 11),
    ] {
        assert_eq!(item(&f, id)["line"], line, "{id}");
    }
}
