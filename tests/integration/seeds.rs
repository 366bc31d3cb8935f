//! The acceptance table of the five seed reports (shared/seeds/EXPECTED.md):
//! every “must” is reported on the right text, every “must not” stays silent.
//! Each test also pins the complete list of findings, so a new false alarm
//! on a seed fails here.

use crate::helpers::*;

#[test]
fn seed_000_district_office_2021() {
    let (f, code) = single("tests/fixtures/seed_000.txt");
    assert_eq!(code, 1);
    assert_eq!(f["report_year"], 2021);
    assert_eq!(f["title"], "关于2021年度法治政府建设情况的报告");
    assert_eq!(item(&f, "measures")["line"], 6);
    assert_eq!(item(&f, "shortcomings")["line"], 10);
    assert_eq!(item(&f, "reasons")["status"], "missing");
    assert_eq!(item(&f, "first-responsible")["status"], "in_text");
    assert_eq!(item(&f, "plan")["line"], 14);

    // The 第一责任人 duty is accounted for in passing (line 8), not as a part
    // of its own: a warning pointing at the account, with a label where the
    // part would go (before 三、, line 14).
    let missing = by_rule(&f, "FZ001");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["item"], "first-responsible");
    assert_eq!(missing[0]["severity"], "warning");
    let account = &missing[0]["labels"][0];
    assert_eq!(account["line"], 8);
    assert!(account["text"].as_str().unwrap().contains("第一责任人"));
    assert_eq!(missing[0]["labels"][1]["line"], 14);

    let reasons = by_rule(&f, "FZ002");
    assert_eq!(
        (reasons[0]["line"].as_u64(), reasons[0]["text"].as_str()),
        (Some(10), Some("二、存在问题"))
    );
    assert_eq!(reasons[0]["item"], "reasons");

    // 今年以来 four times, lines 7 and 9.
    let vague = by_rule(&f, "FZ023");
    assert_eq!(
        vague
            .iter()
            .map(|v| v["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [7, 9, 9, 9]
    );
    assert!(vague.iter().all(|v| v["text"] == "今年以来"));

    let plan = by_rule(&f, "FZ004");
    assert_eq!(
        (plan[0]["line"].as_u64(), plan[0]["item"].as_str()),
        (Some(14), Some("plan"))
    );
    assert!(plan[0]["message"].as_str().unwrap().contains("2022"));

    assert_eq!(by_rule(&f, "FZ011").len(), 1);
    // Must not: the 发文字号 (line 3) and the 《〈〉》 nesting (line 5). The
    // only finding on line 5 is the hyphen in “（2020-2025年）”, twice.
    assert!(findings(&f).iter().all(|x| x["line"] != 3));
    let line_5: Vec<_> = findings(&f)
        .into_iter()
        .filter(|x| x["line"] == 5)
        .collect();
    assert_eq!(line_5.len(), 1);
    assert_eq!(line_5[0]["rule"], "FZ045");

    assert_eq!(
        rule_lines(&f),
        rl(&[
            ("FZ001", 8),
            ("FZ002", 10),
            ("FZ004", 14),
            ("FZ011", 17),
            ("FZ023", 7),
            ("FZ045", 5),
            ("FZ059", 8),
            ("FZ023", 9),
            ("FZ023", 9),
            ("FZ023", 9)
        ])
    );
}

#[test]
fn seed_001_boshan_2022_web_copy() {
    let (f, _) = single("tests/fixtures/seed_001.txt");
    assert_eq!(f["report_year"], 2022);
    assert_eq!(f["title_line"], 4);

    // Web residue: one finding labelling every residue line.
    let residue = by_rule(&f, "FZ014");
    assert_eq!(residue.len(), 1);
    assert_eq!(label_lines(&residue[0]), [1, 2, 6, 78, 80]);
    // …and no other finding touches those lines.
    for x in findings(&f).iter().filter(|x| x["rule"] != "FZ014") {
        assert!(
            ![1, 2, 6, 78, 80].contains(&x["line"].as_u64().unwrap()),
            "{x}"
        );
    }

    // The heading promises 原因, the body gives none.
    let reasons = by_rule(&f, "FZ002");
    assert_eq!(reasons[0]["line"], 50);
    assert!(reasons[0]["message"].as_str().unwrap().contains("标题写明"));

    // 第一责任人 before 不足: a warning, not an error.
    let order = by_rule(&f, "FZ005");
    assert_eq!(
        (order[0]["severity"].as_str(), order[0]["line"].as_u64()),
        (Some("warning"), Some(50))
    );

    let vague = by_rule(&f, "FZ023");
    assert_eq!((vague.len(), vague[0]["line"].as_u64()), (1, Some(16)));

    // Must not: 落款 present, numbering continuous, title and year right.
    for rule in ["FZ011", "FZ041", "FZ010", "FZ001", "FZ004"] {
        assert!(by_rule(&f, rule).is_empty(), "{rule}");
    }
    // Half-width punctuation: one finding in each paragraph that has any.
    let half_width: Vec<u64> = by_rule(&f, "FZ042")
        .iter()
        .map(|x| x["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        half_width,
        [
            8, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 44, 46, 48, 52, 56, 58,
            60, 62, 64, 66, 68
        ]
    );
    let mut expected = vec![
        ("FZ002", 50),
        ("FZ005", 50),
        ("FZ014", 1),
        ("FZ023", 16),
        ("FZ031", 44),
    ];
    expected.extend(half_width.iter().map(|&l| ("FZ042", l)));
    assert_eq!(rule_lines(&f), rl(&expected));
}

#[test]
fn seed_002_district_office_2023() {
    let (f, _) = single("tests/fixtures/seed_002.txt");
    assert_eq!(f["title"], "区政府办公室2023年度法治政府建设情况报告");
    assert_eq!(f["report_year"], 2023);

    let guiding = by_rule(&f, "FZ030");
    assert_eq!(guiding[0]["line"], 5);

    // Broken second-level numbering in 一、, 二、 and 四、.
    let numbering = by_rule(&f, "FZ041");
    let lines: Vec<Vec<u64>> = numbering.iter().map(label_lines).collect();
    assert_eq!(lines, [vec![8, 14, 17, 25], vec![34, 37], vec![53]]);

    // The passage of line 10 repeated in line 43.
    let dup = by_rule(&f, "FZ026");
    assert_eq!(dup.len(), 1);
    assert_eq!(label_lines(&dup[0]), [43, 10]);

    assert_eq!(by_rule(&f, "FZ011").len(), 1);

    // Must not: 原因 present; four sections present; 全面从严治党第一责任人 is not the section.
    assert_eq!(item(&f, "reasons")["status"], "present");
    for id in ["measures", "shortcomings", "first-responsible", "plan"] {
        assert_eq!(item(&f, id)["status"], "present", "{id}");
    }
    assert_eq!(item(&f, "first-responsible")["line"], 40);
    assert!(by_rule(&f, "FZ001").is_empty() && by_rule(&f, "FZ002").is_empty());
    assert!(findings(&f).iter().all(|x| x["line"] != 50));

    assert_eq!(
        rule_lines(&f),
        rl(&[
            ("FZ011", 62),
            ("FZ026", 43),
            ("FZ030", 5),
            ("FZ041", 8),
            ("FZ041", 34),
            ("FZ041", 53),
            ("FZ044", 10),
            ("FZ044", 19),
            ("FZ044", 43),
            ("FZ045", 10),
            ("FZ045", 43),
            ("FZ045", 58),
            ("FZ049", 10),
            ("FZ049", 43),
            ("FZ049", 58)
        ])
    );
}

#[test]
fn seed_003_chengkou_2021() {
    let (f, _) = single("tests/fixtures/seed_003.txt");
    assert_eq!(
        (f["title_line"].as_u64(), f["report_year"].as_u64()),
        (Some(3), Some(2021))
    );
    // No account of the 第一责任人 duty at all (“党组书记……履行法治建设主体
    // 责任” is not one): the content is missing, an error.
    assert_eq!(by_rule(&f, "FZ001")[0]["item"], "first-responsible");
    assert_eq!(by_rule(&f, "FZ001")[0]["severity"], "error");
    assert_eq!(by_rule(&f, "FZ002")[0]["line"], 22);
    assert_eq!(by_rule(&f, "FZ004")[0]["line"], 25);
    assert_eq!(by_rule(&f, "FZ011").len(), 1);
    assert!(by_rule(&f, "FZ041").is_empty());
    assert_eq!(
        rule_lines(&f),
        rl(&[("FZ001", 25), ("FZ002", 22), ("FZ004", 25), ("FZ011", 31)])
    );
}

#[test]
fn seed_004_miaohang_2021() {
    let (f, _) = single("tests/fixtures/seed_004.txt");
    assert_eq!(f["report_year"], 2021);
    // The non-canonical 第一责任人 wording: heading and body, with a fix; the
    // section still counts.
    let wording = by_rule(&f, "FZ032");
    assert_eq!(
        wording
            .iter()
            .map(|w| w["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [34, 36]
    );
    assert!(wording
        .iter()
        .all(|w| w["fix"]["edits"][0]["replacement"] == "推进法治建设第一责任人"));
    assert_eq!(item(&f, "first-responsible")["line"], 34);
    assert_eq!(by_rule(&f, "FZ002")[0]["line"], 28);
    assert_eq!(by_rule(&f, "FZ011").len(), 1);
    // Must not: the plan (四、2022年度…) is fine.
    assert!(by_rule(&f, "FZ004").is_empty());
    assert_eq!(
        rule_lines(&f),
        rl(&[
            ("FZ002", 28),
            ("FZ011", 53),
            ("FZ031", 14),
            ("FZ032", 34),
            ("FZ032", 36)
        ])
    );
}
