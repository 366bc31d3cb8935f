//! Word-processor formats other than a plain .docx: Word documents whose
//! numbering comes from a list style, with hidden text and deleted
//! paragraph marks, macro documents and templates in folders; OpenDocument
//! text (.odt) with list numbering; RTF with `\uN` escapes and GBK `\'xx`
//! bytes. Every file under `tests/fixtures/formats/{docx,odt,rtf}` is a seed
//! in another form (made by `tests/fixtures/formats/make_word.py`, with
//! LibreOffice for the .odt and most .rtf) and must read as the seed's text:
//! the same report year, template items and findings, on the same lines
//! (these formats keep one paragraph per line, as the text has); that is
//! checked for every format at once in `format_matrix`.

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use crate::format_matrix;
use crate::helpers::*;

/// `(rule, quoted text)` of every finding.
fn quoted(file: &Value) -> BTreeSet<(String, String)> {
    format_matrix::quoted(file, &[])
}

/// Asserts that `path` (a Word document) reads as seed `n`'s text, on the
/// same lines.
pub fn reads_as_seed(path: &str, n: usize) {
    let (seed, seed_code) = single(&format!("tests/fixtures/seed_00{n}.txt"));
    let (file, code) = single(path);
    format_matrix::assert_reads_as(&file, &seed, "docx", true);
    assert_eq!(code, seed_code, "{path}: exit code");
}

/// LibreOffice writes the list-style headings of a Word document as ODF
/// lists (`text:list` with a list style, continued by
/// `text:continue-numbering`) and as RTF `\listtext`: the numbers are drawn,
/// not in the text, and are read back.
#[test]
fn list_numbers_of_odt_and_rtf_are_read() {
    for path in [
        "tests/fixtures/formats/odt/seed_001.liststyle.odt",
        "tests/fixtures/formats/rtf/seed_001.liststyle.rtf",
    ] {
        let (f, _) = single(path);
        let texts: Vec<String> = quoted(&f).into_iter().map(|(_, t)| t).collect();
        assert!(
            texts
                .iter()
                .any(|t| t == "三、推进法治政府建设存在的不足和原因"),
            "{path}: {texts:?}"
        );
        assert_eq!(f["format"], path.rsplit('.').next().unwrap(), "{path}");
    }
}

/// Headings numbered through a list style (`w:numStyleLink` → `w:styleLink`)
/// keep their 一、/（一）: the template's parts are found under their numbered
/// headings, and findings quote the heading as Word shows it.
#[test]
fn headings_numbered_through_a_list_style_keep_their_numbers() {
    let (f, _) = single("tests/fixtures/formats/docx/seed_001.liststyle.docx");
    let texts: Vec<String> = quoted(&f).into_iter().map(|(_, t)| t).collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "三、推进法治政府建设存在的不足和原因"),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t == "推进法治政府建设存在的不足和原因"),
        "a heading lost its number: {texts:?}"
    );
}

/// Hidden text (`w:vanish` on a run, or through a character style) is not
/// checked; a paragraph whose mark was deleted in a tracked change is one
/// paragraph with the next.
/// (`format_matrix` checks that the lines are the text's lines: every split
/// paragraph is joined again.)
#[test]
fn hidden_text_is_not_checked_and_deleted_paragraph_marks_join() {
    for n in 0..5 {
        let path = format!("tests/fixtures/formats/docx/seed_00{n}.hidden.docx");
        let (f, _) = single(&path);
        for finding in findings(&f) {
            let text = finding["text"].as_str().unwrap_or_default();
            assert!(
                !text.contains("批注:") && !text.contains("待删"),
                "{path}: hidden text checked: {finding}"
            );
        }
    }
}

#[test]
fn macro_documents_and_templates_are_read_inside_folders() {
    let (v, _) = json(&["tests/fixtures/formats/docx/macro"]);
    let files: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["format"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "tests/fixtures/formats/docx/macro/seed_000.docm".to_string(),
                "docx".to_string()
            ),
            (
                "tests/fixtures/formats/docx/macro/seed_001.dotx".to_string(),
                "docx".to_string()
            ),
        ]
    );
    reads_as_seed("tests/fixtures/formats/docx/macro/seed_000.docm", 0);
    reads_as_seed("tests/fixtures/formats/docx/macro/seed_001.dotx", 1);
}

#[test]
fn the_note_on_skipped_files_names_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("seed_000.txt"), dir.path().join("报告.txt")).unwrap();
    fs::write(dir.path().join("统计表.xlsx"), b"PK\x03\x04").unwrap();
    fs::write(dir.path().join("说明.yaml"), "a: 1\n").unwrap();
    let r = run_in(dir.path(), &["check", "."]);
    assert!(
        r.stderr
            .contains("另有 2 个文件不是报告格式，未检查：./统计表.xlsx、./说明.yaml。"),
        "{}",
        r.stderr
    );
    for i in 0..12 {
        fs::write(dir.path().join(format!("附件{i:02}.csv")), "x").unwrap();
    }
    let r = run_in(dir.path(), &["check", "."]);
    assert!(
        r.stderr.contains("附件07.csv 等（其余 4 个不一一列出）"),
        "{}",
        r.stderr
    );
}
