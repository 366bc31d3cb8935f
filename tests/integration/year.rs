//! The report year and the portal's dates, through the real binary: where
//! the year comes from and the one finding when its sources disagree
//! (FZ056), the 成文日期 and 发布日期 a portal page states, the publication
//! deadline (FZ058) and the wording of the filing deadline (FZ015). Each
//! fixture in `tests/fixtures/year/` is written in the form real reports and
//! portal pages take.

use super::helpers::*;
use serde_json::Value;

fn checked(name: &str, extra: &[&str]) -> Value {
    let path = format!("tests/fixtures/year/{name}");
    let mut args = vec!["--no-config"];
    args.extend_from_slice(extra);
    args.push(&path);
    json(&args).0["files"][0].clone()
}

/// `(source, year, text)` of every piece of year evidence in the JSON.
fn evidence(file: &Value) -> Vec<(String, i64, String)> {
    file["year_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["year"].as_i64().unwrap(),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn messages(file: &Value, rule: &str) -> Vec<String> {
    by_rule(file, rule)
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

fn label_texts(finding: &Value) -> Vec<(String, String)> {
    finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["text"].as_str().unwrap().to_string(),
                l["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_opening_that_names_the_year_before_is_one_conflict() {
    let file = checked("opening-differs-2022.txt", &[]);
    assert_eq!(file["report_year"], 2022);
    assert_eq!(file["year_source"], "title");
    let found = by_rule(&file, "FZ056");
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(
        f["message"],
        "报告年度前后不一：标题写“2022年度”，开头写“2021年”，一级标题写“2022年”，成文日期“2023年1月16日”（对应2022年）"
    );
    // The place that disagrees is the primary label; every place is labelled.
    assert_eq!(
        (f["line"].as_u64(), f["text"].as_str()),
        (Some(2), Some("2021年"))
    );
    assert_eq!(
        label_texts(f),
        [
            ("2021年".into(), "开头：2021年，与2022年不符".into()),
            ("2022年度".into(), "标题：2022年".into()),
            ("2022年".into(), "一级标题：2022年".into()),
            ("2023年1月16日".into(), "成文日期：2022年".into()),
        ]
    );
    let help = f["help"].as_str().unwrap();
    assert!(help.contains("开头的“2021年”与2022年度不符"), "{help}");
}

#[test]
fn a_title_left_from_last_year_is_outvoted() {
    let file = checked("stale-title-2023.txt", &[]);
    let found = by_rule(&file, "FZ056");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["text"], "2022年度");
    assert_eq!(found[0]["line"], 1);
    let help = found[0]["help"].as_str().unwrap();
    assert!(help.contains("标题的“2022年度”与2023年度不符"), "{help}");
}

#[test]
fn a_first_level_heading_on_another_year_is_a_conflict() {
    let file = checked("heading-differs-2025.txt", &[]);
    assert_eq!(
        messages(&file, "FZ056"),
        ["报告年度前后不一：标题写“2025年”，开头写“2025年”，一级标题写“2024年”，成文日期“2026年1月20日”（对应2025年）"]
    );
    assert_eq!(by_rule(&file, "FZ056")[0]["line"], 3);
}

#[test]
fn a_date_before_the_year_ended_conflicts_and_misses_the_year_end() {
    let file = checked("date-too-early-2023.txt", &[]);
    assert_eq!(by_rule(&file, "FZ056").len(), 1);
    assert_eq!(by_rule(&file, "FZ056")[0]["text"], "2023年3月15日");
    assert_eq!(
        messages(&file, "FZ015"),
        ["成文日期2023年3月15日早于报告年度结束（2023年12月31日）"]
    );
}

#[test]
fn a_portal_date_before_the_year_could_end_is_a_conflict() {
    let file = checked("portal-date-before-year-end-2022.txt", &[]);
    let found = by_rule(&file, "FZ056");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["text"], "2022-03-01");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("网页所载成文日期“2022-03-01”（对应2021年）"));
}

#[test]
fn the_year_given_is_what_the_sources_are_held_to() {
    let file = checked("december-2023.txt", &["--year", "2024"]);
    assert_eq!(file["year_source"], "option");
    let found = by_rule(&file, "FZ056");
    assert_eq!(found.len(), 1);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("报告年度前后不一：指定的年份为2024年，标题写“2023年度”"),
        "{message}"
    );
    // The year given agreeing with the report: nothing to say.
    let file = checked("opening-differs-2022.txt", &["--year", "2022"]);
    assert_eq!(
        by_rule(&file, "FZ056").len(),
        1,
        "the opening still differs"
    );
    let file = checked("late-closing-2023.txt", &["--year", "2023"]);
    assert!(by_rule(&file, "FZ056").is_empty());
}

#[test]
fn what_is_not_a_conflict() {
    // Dated in December of the year itself: normal for the year's report.
    let file = checked("december-2023.txt", &[]);
    assert!(by_rule(&file, "FZ056").is_empty());
    // Dated late in the next year: late, which FZ015 says, not another year.
    let file = checked("late-closing-2023.txt", &[]);
    assert!(by_rule(&file, "FZ056").is_empty());
    assert_eq!(
        messages(&file, "FZ015"),
        ["成文日期2024年11月5日晚于规定的报送期限（2024年4月1日）"]
    );
    // A page reposted years later: its dates say nothing of the year, and
    // neither deadline judges them.
    let file = checked("reposted-2019.txt", &[]);
    assert_eq!(file["report_year"], 2019);
    assert_eq!(file["portal_written"]["date"], "2023-05-10");
    assert_eq!(file["published"]["date"], "2023-05-10");
    for rule in ["FZ056", "FZ015", "FZ058"] {
        assert!(by_rule(&file, rule).is_empty(), "{rule}");
    }
    // A plan heading names the year after: consistent.
    let file = checked("opening-differs-2022.txt", &[]);
    assert!(evidence(&file).contains(&("heading".into(), 2022, "2022年".into())));
}

#[test]
fn the_filing_deadline_names_the_limit_each_date_misses() {
    // Dated before the year ended: the limit is the end of the report year,
    // not the filing deadline. In December of the report year it is a
    // warning, not an error.
    let file = checked("december-2023.txt", &[]);
    assert_eq!(
        messages(&file, "FZ015"),
        ["成文日期2023年12月28日在报告年度的12月，年度尚未结束（2023年12月31日）"]
    );
    assert!(findings(&file)
        .iter()
        .filter(|x| x["rule"] == "FZ015")
        .all(|x| x["severity"] == "warning"));
    // No date in the 落款: the portal's 成文日期 is judged, and says so.
    let file = checked("portal-bracket-2020.txt", &[]);
    assert_eq!(
        messages(&file, "FZ015"),
        ["网页所载成文日期2021-07-19晚于规定的报送期限（2021年4月1日）"]
    );
}

#[test]
fn the_bracketed_metadata_table_gives_both_dates() {
    let file = checked("portal-bracket-2020.txt", &[]);
    assert_eq!(file["report_year"], 2020);
    assert_eq!(file["portal_written"]["date"], "2021-07-19");
    assert_eq!(file["portal_written"]["text"], "2021-07-19");
    assert_eq!(file["portal_written"]["line"], 3);
    assert_eq!(file["published"]["date"], "2021-07-26");
    assert!(evidence(&file).contains(&("portal_date".into(), 2020, "2021-07-19".into())));
    let late = by_rule(&file, "FZ058");
    assert_eq!(late.len(), 1);
    assert_eq!(
        late[0]["message"],
        "发布日期2021-07-26晚于规定的公开期限（2021年4月1日）"
    );
    assert_eq!(late[0]["text"], "2021-07-26");
    let help = late[0]["help"].as_str().unwrap();
    assert!(
        help.contains("第二十四条") && help.contains("应在2021年4月1日之前公开"),
        "{help}"
    );
}

#[test]
fn one_field_a_line_in_time_is_silent() {
    let file = checked("portal-fields-2021.txt", &[]);
    assert_eq!(file["portal_written"]["date"], "2022-02-21");
    assert_eq!(file["portal_written"]["text"], "2022年02月21日");
    assert_eq!(file["published"]["date"], "2022-03-02");
    for rule in ["FZ015", "FZ056", "FZ058", "FZ042"] {
        assert!(by_rule(&file, rule).is_empty(), "{rule}");
    }
    let file = checked("portal-on-time-2023.txt", &[]);
    assert_eq!(file["published"]["date"], "2024-03-30");
    assert!(by_rule(&file, "FZ058").is_empty());
}

#[test]
fn a_value_under_its_label_is_read_and_kept_out_of_the_report() {
    let file = checked("portal-label-below-2023.txt", &[]);
    assert_eq!(file["title"], "竹溪县2023年度法治政府建设情况报告");
    assert_eq!(file["portal_written"]["date"], "2024-02-26");
    assert_eq!(file["published"]["date"], "2024-04-09");
    assert_eq!(file["published"]["line"], 8);
    assert_eq!(
        messages(&file, "FZ058"),
        ["发布日期2024年04月09日晚于规定的公开期限（2024年4月1日）"]
    );
    // The labels and their values are residue, not report text.
    assert!(by_rule(&file, "FZ042").is_empty());
    assert!(by_rule(&file, "FZ010").is_empty());
}

#[test]
fn the_page_own_dates_are_never_the_report_dates() {
    // “今天是……” and “更新时间” are the page's; “来源：… 时间：…” is its
    // publication.
    let file = checked("portal-source-time-2022.txt", &[]);
    assert_eq!(file["report_year"], 2022);
    assert_eq!(file["published"]["date"], "2023-02-27");
    assert!(file["portal_written"].is_null());
    assert!(evidence(&file).iter().all(|(s, ..)| s != "portal_date"));
    assert!(by_rule(&file, "FZ042").is_empty());
    // The page header's date of the day is furniture, never the title or a
    // year: a 2023 report viewed in 2024.
    let file = checked("portal-header-date-2023.txt", &[]);
    assert_eq!(file["title"], "2023年桐乡县法治政府建设情况报告");
    assert_eq!(file["report_year"], 2023);
    assert!(file["published"].is_null());
    assert_eq!(
        by_rule(&file, "FZ014")[0]["labels"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(by_rule(&file, "FZ022").is_empty() && by_rule(&file, "FZ024").is_empty());
    let file = checked("portal-page-dates-only-2021.txt", &[]);
    assert!(file["published"].is_null() && file["portal_written"].is_null());
    assert!(by_rule(&file, "FZ058").is_empty());
}

#[test]
fn traditional_characters_on_a_mirrored_page() {
    let file = checked("portal-traditional-2024.txt", &[]);
    assert_eq!(file["published"]["date"], "2025-04-11");
    assert_eq!(
        messages(&file, "FZ058"),
        ["发布日期2025-04-11晚于规定的公开期限（2025年4月1日）"]
    );
    assert!(by_rule(&file, "FZ042").is_empty());
}

#[test]
fn the_evidence_list_in_json() {
    let file = checked("opening-differs-2022.txt", &[]);
    assert_eq!(
        evidence(&file),
        [
            ("title".into(), 2022, "2022年度".into()),
            ("opening".into(), 2021, "2021年".into()),
            ("heading".into(), 2022, "2022年".into()),
            ("closing_date".into(), 2022, "2023年1月16日".into()),
        ]
    );
    let first = &file["year_evidence"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(10))
    );
    assert!(file["published"].is_null());
}

#[test]
fn the_conflict_stays_valid_in_every_machine_format() {
    let path = "tests/fixtures/year/opening-differs-2022.txt";
    let sarif = run(&["check", "--no-config", "--format", "sarif", path]);
    let v: Value = serde_json::from_str(&sarif.stdout).expect("SARIF parses");
    let results = v["runs"][0]["results"].as_array().unwrap();
    let conflict = results
        .iter()
        .find(|r| r["ruleId"] == "FZ056")
        .expect("FZ056 in SARIF");
    assert_eq!(
        conflict["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    let junit = run(&["check", "--no-config", "--format", "junit", path]);
    assert!(junit.stdout.starts_with("<?xml"), "{}", junit.stdout);
    assert!(junit.stdout.contains("FZ056"));
    let github = run(&["check", "--no-config", "--format", "github", path]);
    let line = github
        .stdout
        .lines()
        .find(|l| l.contains("FZ056"))
        .expect("FZ056 annotation");
    assert!(line.starts_with("::warning file="), "{line}");
    assert!(line.contains("line=2"), "{line}");
    // One annotation line for the one finding.
    assert_eq!(
        github
            .stdout
            .lines()
            .filter(|l| l.contains("FZ056"))
            .count(),
        1
    );
}

#[test]
fn a_configured_filing_deadline_does_not_move_the_publication_deadline() {
    // 3月1日 is the filing deadline of a county; the report may still be
    // published until 4月1日, so a page posted on 3月30日 is on time.
    let dir = scratch();
    let config = dir.path().join("reportlint.yaml");
    std::fs::write(&config, "report:\n  level: 县\n  deadline: 03-01\n").unwrap();
    let config = config.display().to_string();
    let (out, _) = json(&[
        "--config",
        &config,
        "tests/fixtures/year/portal-on-time-2023.txt",
    ]);
    let file = &out["files"][0];
    assert_eq!(file["published"]["date"], "2024-03-30");
    assert!(by_rule(file, "FZ058").is_empty(), "{file}");
}

#[test]
fn the_publication_deadline_applies_from_the_regulation_on() {
    // 2017年度的报告在2018年5月发布：督察规定（2019年）之前没有4月1日的公开期限。
    let file = checked("portal-before-rule-2017.txt", &[]);
    assert_eq!(file["report_year"], 2017);
    assert_eq!(file["published"]["date"], "2018-05-03");
    assert!(by_rule(&file, "FZ058").is_empty(), "{file}");
}
