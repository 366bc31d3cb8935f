//! The writing rows of the seed acceptance table (shared/seeds/EXPECTED.md):
//! punctuation, formulations and titles are reported on the right text, with
//! the fix the table asks for, and the “must not” rows stay silent.

use serde_json::Value;

use crate::helpers::*;

/// `(start, end, replacement)` of each edit of a finding's fix.
fn edits(finding: &Value) -> Vec<(u64, u64, String)> {
    finding["fix"]["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn label_texts(finding: &Value) -> Vec<String> {
    finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

/// The writing-standard rules (formulations, titles, punctuation, numbers,
/// 公文 format, anachronisms), with the quotation marks of “四个意识” (FZ061).
fn is_writing(rule: &str) -> bool {
    rule == "FZ022" || rule == "FZ061" || (("FZ030"..="FZ059").contains(&rule) && rule != "FZ041")
}

fn seed_text(n: u32) -> String {
    std::fs::read_to_string(fixture(&format!("seed_00{n}.txt"))).unwrap()
}

#[test]
fn seed_001_half_width_punctuation_one_finding_per_paragraph_with_a_safe_fix() {
    let (f, _) = single("tests/fixtures/seed_001.txt");
    let text = seed_text(1);
    let half = by_rule(&f, "FZ042");
    assert_eq!(half.len(), 27);
    let mut marks = 0;
    for finding in &half {
        assert_eq!(finding["severity"], "warning");
        assert_eq!(finding["fix"]["applicability"], "safe");
        let edits = edits(finding);
        // Every mark is labelled and fixed, each to its full-width form.
        assert_eq!(edits.len(), finding["labels"].as_array().unwrap().len());
        for (start, end, replacement) in &edits {
            let original = &text[*start as usize..*end as usize];
            let expected = match original {
                "," => "，",
                ":" => "：",
                ";" => "；",
                "(" => "（",
                ")" => "）",
                other => panic!("unexpected mark {other:?}"),
            };
            assert_eq!(replacement, expected);
        }
        marks += edits.len();
        let count = format!("共{}处", edits.len());
        assert!(finding["message"].as_str().unwrap().contains(&count));
    }
    assert_eq!(
        marks,
        text.matches([',', ':', ';', '(', ')']).count() - residue_marks(&text)
    );

    // The heading marker “(一)” becomes “（一）”.
    let heading = half.iter().find(|x| x["line"] == 12).unwrap();
    assert_eq!(label_texts(heading)[..2], ["(", ")"]);
    assert_eq!(heading["column"], 5);
}

/// Half-width marks on the web-residue lines (1, 2, 6, 78, 80), which are not
/// report text.
fn residue_marks(text: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(i, _)| [0, 1, 5, 77, 79].contains(i))
        .map(|(_, l)| l.matches([',', ':', ';', '(', ')']).count())
        .sum()
}

#[test]
fn seed_001_outline_title_lacks_its_parentheses() {
    let (f, _) = single("tests/fixtures/seed_001.txt");
    let titles = by_rule(&f, "FZ031");
    assert_eq!(titles.len(), 1);
    let t = &titles[0];
    assert_eq!(t["line"], 44);
    assert_eq!(t["text"], "法治政府建设实施纲要2021—2025年");
    assert_eq!(t["fix"]["applicability"], "unsafe");
    assert_eq!(
        edits(t)[0].2,
        "法治政府建设实施纲要（2021—2025年）",
        "the nearest canonical title"
    );
    // Must not: the 落款, numbering, title and year.
    for rule in [
        "FZ040", "FZ043", "FZ054", "FZ051", "FZ022", "FZ011", "FZ041", "FZ010",
    ] {
        assert!(by_rule(&f, rule).is_empty(), "{rule}");
    }
    assert!(findings(&f)
        .iter()
        .all(|x| ![72, 74].contains(&x["line"].as_u64().unwrap())));
}

#[test]
fn seed_002_guiding_formulation_angle_brackets_enumeration_comma_and_ranges() {
    let (f, _) = single("tests/fixtures/seed_002.txt");
    let text = seed_text(2);

    let guiding = by_rule(&f, "FZ030");
    assert_eq!(guiding.len(), 1);
    assert_eq!(guiding[0]["line"], 5);
    assert_eq!(edits(&guiding[0])[0].2, "为指导");

    // < > inside 《》: twice in the repeated passage, once in line 58.
    let angle = by_rule(&f, "FZ049");
    assert_eq!(label_lines_of(&angle), [10, 43, 58]);
    for a in &angle {
        assert_eq!(a["fix"]["applicability"], "safe");
        let (start, end, replacement) = edits(a).remove(0);
        let inner = &text[start as usize..end as usize];
        assert!(inner.starts_with('<') && inner.ends_with('>'));
        assert_eq!(replacement, format!("〈{}〉", &inner[1..inner.len() - 1]));
    }

    // The 顿号 in “…意见>》、《中央党内法规…”, with a fix that removes it.
    let comma = by_rule(&f, "FZ044");
    let line_10 = comma.iter().find(|x| x["line"] == 10).unwrap();
    let (start, end, replacement) = edits(line_10).remove(0);
    assert_eq!(&text[start as usize - 3..end as usize + 3], "》、《");
    assert_eq!(replacement, "");
    assert_eq!(line_10["fix"]["applicability"], "safe");
    // The same in the repeated passage, and ”、“ between quoted items (line 19).
    assert_eq!(label_lines_of(&comma), [10, 19, 43]);
    assert_eq!(comma[1]["labels"].as_array().unwrap().len(), 3);

    // Year ranges with a hyphen: 2023-2027年 twice, 2021-2025年 once.
    let ranges = by_rule(&f, "FZ045");
    assert_eq!(label_lines_of(&ranges), [10, 43, 58]);
    assert!(ranges.iter().all(|r| edits(r)[0].2 == "—"));

    // Must not: 原因, the four sections, 全面从严治党第一责任人 (line 50).
    assert!(findings(&f).iter().all(|x| x["line"] != 50));
    assert!(by_rule(&f, "FZ002").is_empty() && by_rule(&f, "FZ001").is_empty());
    // The local 实施纲要 inside <> is a document of its own, not a mis-citation.
    assert!(by_rule(&f, "FZ031").is_empty());
}

fn label_lines_of(found: &[Value]) -> Vec<u64> {
    found.iter().map(|x| x["line"].as_u64().unwrap()).collect()
}

#[test]
fn seed_004_regulation_title_and_first_responsible_wording() {
    let (f, _) = single("tests/fixtures/seed_004.txt");
    let titles = by_rule(&f, "FZ031");
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0]["line"], 14);
    assert_eq!(titles[0]["text"], "重大行政决策程序最暂行条例");
    assert_eq!(edits(&titles[0])[0].2, "重大行政决策程序暂行条例");

    let wording = by_rule(&f, "FZ032");
    assert_eq!(label_lines_of(&wording), [34, 36]);
    for w in &wording {
        // Common in real headings: a warning, and a fix to confirm.
        assert_eq!(w["severity"], "warning");
        assert_eq!(w["fix"]["applicability"], "unsafe");
        assert_eq!(edits(w)[0].2, "推进法治建设第一责任人");
    }
    // Must not: 《党政主要负责人履行推进法治建设第一责任人职责规定》 (line 36) is
    // cited correctly; the plan section is fine.
    assert!(by_rule(&f, "FZ031").iter().all(|x| x["line"] != 36));
    assert!(by_rule(&f, "FZ004").is_empty());
}

#[test]
fn seeds_000_and_003_have_no_writing_findings_beyond_year_ranges_and_a_repealed_rule() {
    let (f, _) = single("tests/fixtures/seed_000.txt");
    let writing: Vec<Value> = findings(&f)
        .into_iter()
        .filter(|x| is_writing(x["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(writing.len(), 2);
    assert_eq!(writing[0]["rule"], "FZ045");
    assert_eq!(
        label_texts(&writing[0]),
        ["-", "-"],
        "（2020-2025年） twice in line 5"
    );
    // A report on 2021 holds itself to the 廉洁从政若干准则, repealed when
    // the 廉洁自律准则 took effect on 1 January 2016.
    assert_eq!(writing[1]["rule"], "FZ059");
    assert_eq!(writing[1]["line"], 8);
    assert_eq!(writing[1]["text"], "中国共产党党员领导干部廉洁从政若干准则");
    let (f, _) = single("tests/fixtures/seed_003.txt");
    assert!(findings(&f)
        .iter()
        .all(|x| !is_writing(x["rule"].as_str().unwrap())));
}

/// `(line, label texts)` of each finding of `rule`.
fn lines_and_labels(file: &Value, rule: &str) -> Vec<(u64, Vec<String>)> {
    by_rule(file, rule)
        .iter()
        .map(|x| (x["line"].as_u64().unwrap(), label_texts(x)))
        .collect()
}

#[test]
fn template_placeholders_are_errors_except_where_a_reader_would_not_call_them_so() {
    let (f, _) = single("tests/fixtures/writing/placeholders_2023.txt");
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        lines_and_labels(&f, "FZ057"),
        [
            (4, strings(&["××"])),
            (6, strings(&["*次", "某某", "20XX年", "X月", "X日"])),
            (7, strings(&["＿＿", "（此处填写典型案例）"])),
            // “法治××” is a placeholder inside a name; the quoted “××” “某某”
            // later in the line only mention placeholders.
            (8, strings(&["××", "【单位名称】"])),
            // In a cited title, too.
            (12, strings(&["XX"])),
        ]
    );
    let first = &by_rule(&f, "FZ057")[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "“××”是模板中没有填写的占位符");
    assert!(
        first["fix"].is_null(),
        "what to fill in is for a person to say"
    );
    // 某些、某种 and the 张某某 of a case are ordinary text.
    assert!(by_rule(&f, "FZ057")
        .iter()
        .flat_map(label_texts)
        .all(|t| !t.contains("张") && !t.starts_with("某些") && !t.starts_with("某种")));
}

#[test]
fn a_collapsed_year_range_is_quoted_in_the_message_and_reported_once() {
    let (f, _) = single("tests/fixtures/writing/collapsed_range_2023.txt");
    let collapsed = by_rule(&f, "FZ048");
    assert_eq!(collapsed.len(), 1);
    // The message quotes the years, not the empty point where the dash is missing.
    assert_eq!(
        collapsed[0]["message"],
        "“20212025年”是丢失了连接号的年份起止"
    );
    assert_eq!(collapsed[0]["start"], collapsed[0]["end"], "the gap");
    assert_eq!(edits(&collapsed[0])[0].2, "—");
    // The same lost dash is not also a mis-cited 纲要 title.
    assert!(by_rule(&f, "FZ031").is_empty());
}

#[test]
fn a_local_bodys_own_outline_is_not_forced_to_the_central_title() {
    let (f, _) = single("tests/fixtures/writing/local_titles_2017.txt");
    // Only the central 纲要, cited after 党中央、国务院 with a wrong year, is
    // reported; the 省委、省政府 纲要, the 市委、市政府 实施方案 (and the title
    // nested in it), the 省 纲要 and the 省政府 规定 are their bodies' own.
    let titles = by_rule(&f, "FZ031");
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0]["line"], 4);
    assert_eq!(titles[0]["text"], "法治政府建设实施纲要（2015—2021年）");
    assert_eq!(
        edits(&titles[0])[0].2,
        "法治政府建设实施纲要（2015—2020年）"
    );
}

#[test]
fn marks_opened_in_the_sentence_a_text_was_cut_off_in_are_not_unclosed() {
    // A document site's preview: one line, cut off after an opening quote,
    // with “...” where the site cut it. The quote left open in an earlier,
    // finished sentence is still reported.
    let (f, _) = single("tests/fixtures/writing/excerpt_preview_2023.txt");
    let pairs = by_rule(&f, "FZ043");
    assert_eq!(pairs.len(), 1);
    assert_eq!(label_texts(&pairs[0]), ["“"]);
    let text = std::fs::read_to_string(fixture("writing/excerpt_preview_2023.txt")).unwrap();
    let at = pairs[0]["start"].as_u64().unwrap() as usize;
    assert!(text[at..].starts_with("“三项制度落实情况"));
    assert!(by_rule(&f, "FZ055").is_empty(), "the site's cut mark");

    // A page copied up to the middle of a cited title.
    let (f, _) = single("tests/fixtures/writing/excerpt_cut_2022.txt");
    assert!(by_rule(&f, "FZ043").is_empty());
}

#[test]
fn numbers_running_on_through_second_level_sections_are_not_gaps() {
    let (f, _) = single("tests/fixtures/writing/running_numbers_2020.txt");
    // （一）1. 2. （二）3. 4. run on; （三） skips 5.
    let numbering = by_rule(&f, "FZ041");
    assert_eq!(numbering.len(), 1);
    assert_eq!(numbering[0]["line"], 13);
    assert_eq!(
        numbering[0]["message"],
        "编号有误：“（三）严格规范公正文明执法”下的编号从“4.”跳到了“6.”"
    );
}

#[test]
fn a_title_in_traditional_characters_is_the_same_title() {
    let (f, _) = single("tests/fixtures/writing/traditional_script_2018.txt");
    // 《行政許可法》 and the other titles of a report reposted in traditional
    // characters are cited correctly; the slip 程式 for 程序 is still found.
    let titles = by_rule(&f, "FZ031");
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0]["line"], 6);
    assert_eq!(titles[0]["text"], "重大行政決策程式暫行條例");
    assert_eq!(edits(&titles[0])[0].2, "重大行政决策程序暂行条例");
}
