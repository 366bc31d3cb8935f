//! The built-in pack says what its sources say: for each rule whose
//! requirement, severity or citation was read against the official texts,
//! a short report written for it (tests/fixtures/truth/) where the form the
//! source allows stays silent and the form it does not is reported at the
//! severity the source supports (error only for what a binding source
//! requires and the text clearly lacks; warning for what it words as
//! 一般/宜/可; info for advice).

use std::fs;

use crate::helpers::*;
use serde_json::Value;

fn truth(name: &str) -> Value {
    let path = fixture(&format!("truth/{name}"));
    let (v, _) = json(&["--no-config", path.to_str().unwrap()]);
    v["files"][0].clone()
}

/// `(rule, severity, line)` of every finding.
fn found(file: &Value) -> Vec<(String, String, u64)> {
    let mut v: Vec<_> = findings(file)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn rsl(items: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    let mut v: Vec<_> = items
        .iter()
        .map(|(r, s, l)| (r.to_string(), s.to_string(), *l))
        .collect();
    v.sort();
    v
}

fn explain(rule: &str) -> String {
    let r = run(&["rules", "explain", rule]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn an_account_of_the_first_responsible_duty_is_a_warning_at_the_account() {
    // The regulation asks for the content; a part of its own is practice.
    let f = truth("first-responsible-account.txt");
    assert_eq!(found(&f), rsl(&[("FZ001", "warning", 4)]));
    let finding = &by_rule(&f, "FZ001")[0];
    assert_eq!(finding["item"], "first-responsible");
    assert!(finding["text"]
        .as_str()
        .unwrap()
        .starts_with("县长主动履行推进法治建设第一责任人职责"));
    // …and a label where the part would go.
    assert_eq!(label_lines(finding), [4, 8]);
}

#[test]
fn a_cited_regulation_title_is_no_account_and_the_missing_content_is_an_error() {
    let f = truth("first-responsible-cited-only.txt");
    assert_eq!(found(&f), rsl(&[("FZ001", "error", 8)]));
}

#[test]
fn causal_statements_are_reasons_and_a_list_of_problems_is_not() {
    assert_eq!(found(&truth("reasons-causal.txt")), rsl(&[]));
    let f = truth("reasons-listing.txt");
    assert_eq!(found(&f), rsl(&[("FZ002", "error", 6)]));
    assert_eq!(by_rule(&f, "FZ002")[0]["item"], "reasons");
}

#[test]
fn a_plan_headed_with_the_regulations_words_names_its_year() {
    assert_eq!(found(&truth("plan-next-year-heading.txt")), rsl(&[]));
    // “下一步” says no year: a warning, not an error (the regulation asks
    // for the next year's plan, not for digits).
    assert_eq!(
        found(&truth("plan-no-year.txt")),
        rsl(&[("FZ004", "warning", 10)])
    );
}

#[test]
fn a_december_date_of_the_report_year_is_a_warning_an_earlier_one_an_error() {
    let f = truth("signed-december.txt");
    assert_eq!(found(&f), rsl(&[("FZ015", "warning", 14)]));
    assert!(by_rule(&f, "FZ015")[0]["message"]
        .as_str()
        .unwrap()
        .contains("在报告年度的12月"));
    let f = truth("signed-june.txt");
    assert!(found(&f).contains(&("FZ015".into(), "error".into(), 14)));
    // The help restates the deadlines as the provincial guidelines do.
    let help = by_rule(&f, "FZ015")[0]["help"]
        .as_str()
        .unwrap()
        .to_string();
    for words in [
        "每年4月1日之前，省委和省政府应当向党中央、国务院报告上一年度法治政府建设情况",
        "每年3月1日之前，县级以上各级政府部门",
        "省、市、县政府应当向同级党委、人大常委会报告",
        "市、县、乡党委和政府应当向上一级党委和政府报告",
        "第二十四条",
    ] {
        assert!(help.contains(words), "{words}: {help}");
    }
}

#[test]
fn a_two_level_report_is_no_numbering_defect_only_advice() {
    // GB/T 9704 7.3.3: the levels “依次可以用”.
    let f = truth("two-levels.txt");
    assert_eq!(found(&f), rsl(&[("FZ062", "info", 4)]));
    let help = explain("FZ041");
    assert!(help.contains("依次可以用"), "{help}");
    assert!(!help.contains("不跳层级"), "{help}");
}

#[test]
fn forms_the_sources_allow_are_silent() {
    // 以……思想、……思想为指导; 增强“四个自信”; “2021～2025年”; 3个代表性案例,
    // 3个代表队, 4个全面覆盖; 《人民论坛》《法治论坛》.
    assert_eq!(found(&truth("writing-allowed.txt")), rsl(&[]));
}

#[test]
fn forms_the_sources_do_not_allow_are_reported_at_their_severity() {
    let f = truth("writing-reported.txt");
    assert_eq!(
        found(&f),
        rsl(&[
            ("FZ030", "warning", 2),
            ("FZ045", "warning", 2),
            ("FZ061", "info", 2),
            ("FZ032", "warning", 4),
            ("FZ034", "warning", 4),
            ("FZ050", "error", 4),
            ("FZ046", "warning", 5),
        ])
    );
    // The numeral 一 written for the dash, fixed to “—”.
    let dash = &by_rule(&f, "FZ045")[0];
    assert_eq!(dash["text"], "一");
    assert_eq!(dash["fix"]["edits"][0]["replacement"], "—");
    // 推进法治政府建设第一责任人: common in real headings, a fix to confirm.
    assert_eq!(by_rule(&f, "FZ032")[0]["fix"]["applicability"], "unsafe");
    // Missing quotation marks are advice, not a wrong collocation.
    assert!(by_rule(&f, "FZ034")
        .iter()
        .all(|x| x["text"] == "坚定“两个维护”"));
}

#[test]
fn citations_quote_the_clause_the_source_has() {
    for (rule, words) in [
        ("FZ054", "7.3.5.4"),
        ("FZ040", "不编虚位（即1不编为01）"),
        ("FZ051", "第十五条（四）"),
        ("FZ045", "一般用一字线，有时也可用浪纹线"),
        ("FZ026", "60字"),
    ] {
        let text = explain(rule);
        assert!(text.contains(words), "{rule}: {text}");
    }
    let text = explain("FZ040");
    assert!(!text.contains("001"), "{text}");
    let text = explain("FZ022");
    assert!(!text.contains("待核实"), "{text}");
}

#[test]
fn every_rule_of_the_built_in_pack_states_its_basis() {
    let r = run(&["rules", "list", "--format", "json"]);
    let ids: Vec<String> = if r.code == 0 && r.stdout.trim_start().starts_with('[') {
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    } else {
        run(&["rules", "list"])
            .stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.starts_with("FZ"))
            .map(str::to_string)
            .collect()
    };
    assert!(ids.len() > 30, "{ids:?}");
    for id in ids {
        let text = explain(&id);
        assert!(text.contains("依据原文"), "{id}: {text}");
    }
}

/// Reports on 2015–2018 were due in the first quarter (纲要 2015—2020), not
/// by the 3月1日 of the 督察规定 (2019): a county's 2017 report signed on
/// 2018年3月20日 is on time, one signed on 2018年4月10日 is late (FZ063).
#[test]
fn reports_before_2019_are_due_by_the_end_of_the_first_quarter() {
    let dir = scratch();
    fs::write(dir.path().join("reportlint.yaml"), "report:\n  level: 县\n").unwrap();
    let report = |date: &str| {
        format!("某县人民政府关于2017年度法治政府建设情况的报告\n一、2017年推进法治政府建设的主要举措和成效\n（一）加强组织领导。县政府常务会议专题研究法治政府建设4次。\n二、存在的不足和原因\n基层执法力量薄弱。究其原因，主要是培训不够。\n三、党政主要负责人履行推进法治建设第一责任人职责情况\n县长亲自部署法治政府建设重点工作。\n四、2018年推进法治政府建设的主要安排\n2018年，我县将继续深化法治政府建设。\n\n某县人民政府\n{date}\n")
    };
    fs::write(dir.path().join("on-time.txt"), report("2018年3月20日")).unwrap();
    fs::write(dir.path().join("late.txt"), report("2018年4月10日")).unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--format", "json", "on-time.txt", "late.txt"],
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let deadline = |f: &Value| -> Vec<(String, String)> {
        findings(f)
            .iter()
            .filter(|x| matches!(x["rule"].as_str(), Some("FZ015" | "FZ063")))
            .map(|x| {
                (
                    x["rule"].as_str().unwrap().to_string(),
                    x["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(deadline(&v["files"][0]), vec![]);
    assert_eq!(
        deadline(&v["files"][1]),
        vec![("FZ063".to_string(), "error".to_string())]
    );
}
