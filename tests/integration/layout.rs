//! The `layout` rules (FZ064–FZ069) on Word documents made by
//! `tests/fixtures/layout/make.py` with python-docx: one laid out to
//! GB/T 9704-2012 gives no layout finding, and each variant breaking one
//! property gives exactly the finding for it, with its numbers and line.
//! Text gives none; the LibreOffice-made seeds report what they really use.

use serde_json::Value;

use crate::helpers::*;

/// The layout findings of one fixture: `(rule, message, line, labels)`.
fn layout_findings(path: &str) -> Vec<(String, String, u64, usize)> {
    let (file, _) = single(path);
    assert_eq!(file["status"], "checked", "{path}: {file}");
    findings(&file)
        .iter()
        .filter(|f| {
            layout_rules()
                .iter()
                .any(|r| f["rule"].as_str() == Some(r.as_str()))
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["labels"].as_array().map_or(0, Vec::len),
            )
        })
        .collect()
}

fn layout(name: &str) -> String {
    format!("tests/fixtures/layout/{name}.docx")
}

/// Exactly one layout finding: its rule, a part of its message, its line.
fn only(name: &str, rule: &str, message: &str, line: u64) {
    let found = layout_findings(&layout(name));
    assert_eq!(found.len(), 1, "{name}: {found:#?}");
    let (r, m, l, _) = &found[0];
    assert_eq!(r, rule, "{name}: {found:?}");
    assert!(m.contains(message), "{name}: {m}");
    assert_eq!(*l, line, "{name}: {found:?}");
}

#[test]
fn the_layout_rules_are_of_the_layout_kind() {
    assert_eq!(
        layout_rules(),
        ["FZ064", "FZ065", "FZ066", "FZ067", "FZ068", "FZ069"]
    );
}

#[test]
fn a_document_laid_out_to_gb_9704_has_no_layout_finding() {
    assert_eq!(layout_findings(&layout("gb9704")), []);
}

#[test]
fn the_body_in_the_wrong_font_is_one_finding() {
    only(
        "body-font",
        "FZ066",
        "正文 9 段都不是仿宋_GB2312 三号（此处为宋体 三号）",
        3,
    );
}

#[test]
fn the_body_in_the_wrong_size_is_one_finding() {
    only(
        "body-size",
        "FZ066",
        "正文 9 段都不是仿宋_GB2312 三号（此处为仿宋_GB2312 小四）",
        3,
    );
}

#[test]
fn a_body_without_first_line_indent() {
    only(
        "indent",
        "FZ066",
        "正文 9 段都首行缩进不是 2 字（此处为 0 字）",
        3,
    );
}

#[test]
fn body_line_spacing_that_does_not_give_22_lines() {
    only(
        "line-spacing",
        "FZ066",
        "正文 9 段都的行距不能使每面排 22 行（此处为固定值 20 磅，每面约 31 行）",
        3,
    );
}

#[test]
fn a_wrong_margin_and_the_characters_per_line_it_gives() {
    let found = layout_findings(&layout("margin"));
    let got: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|(r, m, l, _)| (r.as_str(), m.as_str(), *l))
        .collect();
    assert_eq!(
        got,
        [
            (
                "FZ068",
                "页面设置与 GB/T 9704-2012 不符：页边距为 左 31.8 毫米，应为 左 28 毫米（允许误差 ±1 毫米）",
                1
            ),
            (
                "FZ068",
                "页面设置与 GB/T 9704-2012 不符：每行排 27 字，应为 28 字",
                1
            ),
        ]
    );
}

#[test]
fn a_missing_or_bare_page_number() {
    only("page-missing", "FZ069", "页脚中没有页码（PAGE 域）", 1);
    only(
        "page-bare",
        "FZ069",
        "页码写作“1”，两侧没有一字线，应写作“— 1 —”",
        1,
    );
}

#[test]
fn a_title_font_from_the_theme() {
    // w:eastAsiaTheme="minorEastAsia" → the theme's font for Hans: 宋体.
    only(
        "title-theme",
        "FZ064",
        "标题不是方正小标宋简体 二号（此处为宋体 二号）",
        1,
    );
}

#[test]
fn a_size_inherited_through_a_based_on_chain() {
    // 报告正文 → 正文基础 (12 pt) → Normal (16 pt); the first body
    // paragraph sets 16 pt on its run and is right.
    only(
        "inherited-size",
        "FZ066",
        "正文 9 段中有 8 段不是仿宋_GB2312 三号（此处为仿宋_GB2312 小四）",
        6,
    );
}

#[test]
fn one_finding_labels_the_first_few_paragraphs() {
    let found = layout_findings(&layout("body-font"));
    // The primary label and three more.
    assert_eq!(found[0].3, 4, "{found:?}");
}

#[test]
fn text_gets_no_layout_finding() {
    let (file, _) = single("tests/fixtures/seed_001.txt");
    let (docx, _) = single("tests/fixtures/formats/docx/seed_001.liststyle.docx");
    let is_layout = |f: &Value| {
        layout_rules()
            .iter()
            .any(|r| f["rule"].as_str() == Some(r.as_str()))
    };
    assert!(!findings(&file).iter().any(is_layout));
    assert!(findings(&docx).iter().any(is_layout));
}

#[test]
fn the_seed_word_documents_report_what_they_use() {
    // The seeds' .docx files set no font, size, page or footer: Word shows
    // them in its defaults (10 pt), and that is what is reported.
    let found = layout_findings("tests/fixtures/formats/docx/seed_001.liststyle.docx");
    let messages: Vec<&str> = found.iter().map(|(_, m, _, _)| m.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("标题不是方正小标宋简体 二号（此处为未指定字体 10 磅）")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("正文 21 段都首行缩进不是 2 字（此处为 0 字）")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("页脚中没有页码")),
        "{messages:#?}"
    );
    // LibreOffice's conversion of a seed: DejaVu Sans Mono 10 pt, 20 mm
    // margins all round, single spacing without a grid.
    let found = layout_findings("tests/fixtures/variants/seed_001.lo.docx");
    let messages: Vec<&str> = found.iter().map(|(_, m, _, _)| m.as_str()).collect();
    for part in [
        "正文 21 段都不是仿宋_GB2312 三号（此处为DejaVu Sans Mono 10 磅）",
        "页边距为 上 20、下 20、左 20、右 20 毫米，应为 上 37、下 35、左 28、右 26 毫米",
        "每面排 56 行，应为 22 行",
        "每行排 48 字，应为 28 字",
        "正文 21 段都的行距不能使每面排 22 行（此处为1 倍行距，每面约 56 行）",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(part)),
            "{part}: {messages:#?}"
        );
    }
}

#[test]
fn a_province_overrides_the_expectations() {
    // The override shown in README (版式检查).
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("# 本省规则包/pack.yaml\n")
        .expect("README example");
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.yaml"), &readme[start..end]).unwrap();
    let rules = dir.path().to_str().unwrap();
    let (v, _) = json(&["--rules", rules, &layout("gb9704")]);
    let file = &v["files"][0];
    let mut got: Vec<String> = findings(file)
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "FZ064 标题的字体字号与 GB/T 9704-2012 不符：标题不加粗（应加粗）",
            "FZ066 正文版式与本省公文格式细则不符：正文 9 段都的行距不能使每面排 23 行（此处为固定值 28.95 磅，每面约 22 行）",
            "FZ068 页面设置与 GB/T 9704-2012 不符：每面排 22 行，应为 23 行",
            "FZ068 页面设置与 GB/T 9704-2012 不符：页边距为 上 37 毫米，应为 上 35 毫米（允许误差 ±1 毫米）",
        ]
    );
}

#[test]
fn a_layout_finding_becomes_a_comment_in_the_annotated_document() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("body-font.docx");
    std::fs::copy(root().join(layout("body-font")), &copy).unwrap();
    let r = run(&["check", "--no-config", "--annotate", copy.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 条批注（含 1 条总评）"), "{}", r.stderr);
    let annotated = std::fs::read(dir.path().join("body-font.审核.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(annotated)).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/comments.xml").unwrap(),
        &mut comments,
    )
    .unwrap();
    assert!(
        comments.contains("正文 9 段都不是仿宋_GB2312 三号（此处为宋体 三号）"),
        "{comments}"
    );
}

#[test]
fn a_closing_set_on_the_left() {
    let found = layout_findings(&layout("closing-left"));
    let got: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|(r, m, l, _)| (r.as_str(), m.as_str(), *l))
        .collect();
    assert_eq!(
        got,
        [
            (
                "FZ067",
                "发文字号或落款的版式与 GB/T 9704-2012 不符：署名没有编排在右侧（此处为左对齐，距左边 2 字）",
                22
            ),
            (
                "FZ067",
                "发文字号或落款的版式与 GB/T 9704-2012 不符：成文日期没有编排在右侧（此处为左对齐，距左边 2 字）",
                23
            ),
        ]
    );
}
