//! Reports written for the tests, not the ones the rules were tuned on
//! (tests/fixtures/extra/EXPECTED.md).

use crate::helpers::*;

fn extra(name: &str) -> (serde_json::Value, i32) {
    single(&format!("tests/fixtures/extra/{name}"))
}

#[test]
fn clean_reports_are_silent() {
    for name in ["clean_county_2024.txt", "l2_first_responsible_2024.txt"] {
        let (f, code) = extra(name);
        assert_eq!(findings(&f), Vec::<serde_json::Value>::new(), "{name}");
        assert_eq!(code, 0);
    }
}

#[test]
fn first_responsible_as_sub_heading_counts() {
    let (f, _) = extra("l2_first_responsible_2024.txt");
    assert_eq!(item(&f, "first-responsible")["line"], 13);
}

#[test]
fn department_with_heading_variants_gets_only_the_order_warning() {
    let (f, code) = extra("clean_department_2023.txt");
    assert_eq!(rule_lines(&f), rl(&[("FZ005", 43)]));
    assert_eq!(code, 0, "a warning does not fail by default");
    assert_eq!(f["title_line"], 3);
}

#[test]
fn township_missing_parts() {
    let (f, _) = extra("township_missing_2022.txt");
    assert_eq!(
        rule_lines(&f),
        rl(&[
            ("FZ001", 5),
            ("FZ002", 20),
            ("FZ004", 22),
            ("FZ011", 24),
            ("FZ023", 5),
            ("FZ023", 11)
        ])
    );
    // The 第一责任人 duty is accounted for in line 5, with no part of its
    // own: a warning at the account, and a label where the part would go.
    let first = &by_rule(&f, "FZ001")[0];
    assert_eq!(first["severity"], "warning");
    assert_eq!(label_lines(first), [5, 22]);
}

#[test]
fn numbering_defects() {
    let (f, _) = extra("numbering_errors_2023.txt");
    assert_eq!(
        rule_lines(&f),
        rl(&[("FZ041", 10), ("FZ041", 20), ("FZ041", 25), ("FZ062", 16)])
    );
    // 1. right under 二、: GB/T 9704 7.3.3 says the levels “依次可以用”, so a
    // skipped level is advice (FZ062), not a numbering defect.
    let skipped = &by_rule(&f, "FZ062")[0];
    assert_eq!(skipped["severity"], "info");
    assert_eq!(label_lines(skipped), [16, 17, 18]);
}

#[test]
fn web_page_copy() {
    let (f, _) = extra("web_page_2023.txt");
    assert_eq!(rule_lines(&f), rl(&[("FZ014", 1)]));
    assert_eq!(label_lines(&by_rule(&f, "FZ014")[0]), [1, 3, 62, 64]);
}

#[test]
fn writing_traps_stay_silent() {
    // The traps of EXPECTED.md: “12·4”, 《…（2021—2025年）》, 》《 without 顿号,
    // 二十届二中、三中全会, 新修订的行政复议法, 98.7% and 8.6万人次, local
    // 工作要点 titles, the level-3 ordinal “1.”, “宪法进万家”“法律进乡村”, and
    // the half-width >, :, - and spaces of web-page chrome.
    let writing =
        |rule: &str| rule == "FZ022" || (rule >= "FZ030" && !["FZ041", "FZ062"].contains(&rule));
    for name in [
        "clean_county_2024.txt",
        "clean_department_2023.txt",
        "township_missing_2022.txt",
        "numbering_errors_2023.txt",
        "l2_first_responsible_2024.txt",
        "web_page_2023.txt",
    ] {
        let (f, _) = extra(name);
        let found: Vec<_> = findings(&f)
            .into_iter()
            .filter(|x| writing(x["rule"].as_str().unwrap()))
            .collect();
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}
