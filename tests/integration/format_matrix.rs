//! The fixture matrix: every seed report (`tests/fixtures/seed_00N.txt`,
//! in `formats/` as `seed_00N.*`) and every extra report
//! (`tests/fixtures/extra/NAME.txt`, in `formats/` as `extra_NAME.*`) in
//! every form under `tests/fixtures/formats/` — Word (.docx with list-style
//! numbering and with hidden text), Word 97–2003 (.doc) and WPS (.wps),
//! OpenDocument (.odt), RTF (UTF-16 escapes and GBK bytes), PDF from
//! LibreOffice and from Chromium (two fonts), OFD — reads as the text does:
//! the same report year, the same template items present and missing, and
//! the same set of (rule, quoted text) findings.
//!
//! Rules about physical line layout are the exception the comparison
//! allows for, and today no rule needs it: every rule reads paragraphs, and
//! the PDF and OFD readers rebuild paragraphs from the drawn lines. What
//! does differ is the line number: a paragraph format keeps one paragraph a
//! line, as the text has, so findings are on the same lines; a PDF's or
//! OFD's line is a rebuilt paragraph (empty lines of the text are not drawn)
//! and its findings name the page instead. A rule that one day looks at
//! line breaks belongs in [`LAYOUT_RULES`], with the reason.
//!
//! The rules of the `layout` kind (a Word document's fonts, margins and page
//! numbers, [`crate::helpers::layout_rules`]) are another matter: only a
//! .docx has a layout, so their findings are left out of every comparison
//! with the text.
//!
//! The other tests of a format use [`assert_reads_as`] for files made in the
//! test (written PDFs, encrypted copies); this file also covers `--fix` and
//! `--diff` for every format that cannot be written back.

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use crate::helpers::*;

/// The directories under `tests/fixtures/formats/`: the JSON `format` of
/// their files, and whether the format keeps one paragraph a line (so that
/// findings are on the same lines as in the text).
const FORMS: &[(&str, &str, bool)] = &[
    ("docx", "docx", true),
    ("doc", "doc", true),
    // What WPS writes for .wps in its Word-compatible mode: Word 97–2003.
    ("wps", "doc", true),
    ("odt", "odt", true),
    ("rtf", "rtf", true),
    ("pdf", "pdf", false),
    ("pdf-chromium", "pdf", false),
    ("ofd", "ofd", false),
];

/// Rules whose findings depend on how the lines of a page are laid out,
/// not on the text, with the reason; left out of the comparison for the
/// formats with pages. None today (see the module comment).
const LAYOUT_RULES: &[(&str, &str)] = &[];

/// `(rule, quoted text)` of every finding but the layout rules'.
pub fn quoted(file: &Value, skip: &[&str]) -> BTreeSet<(String, String)> {
    findings(file)
        .iter()
        .filter(|f| !skip.contains(&f["rule"].as_str().unwrap_or_default()))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// `(id, status)` of every template item, in order.
pub fn items(file: &Value) -> Vec<(String, String)> {
    file["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {file}"))
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_string(),
                i["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Asserts that `file` (one entry of the JSON `files`) reads as `text`, the
/// entry of the same report as plain text: checked as `format`, the same
/// year, template items and findings; on the same lines when the format
/// keeps one paragraph a line (`same_lines`).
///
/// The findings of the `layout` rules (a Word document's fonts, margins and
/// page numbers) are left out: a text has no layout to compare.
pub fn assert_reads_as(file: &Value, text: &Value, format: &str, same_lines: bool) {
    let file = &without_layout(file);
    let path = file["path"].as_str().unwrap_or_default();
    assert_eq!(file["status"], "checked", "{path}: {file}");
    assert_eq!(file["format"], format, "{path}: format");
    assert_eq!(file["report_year"], text["report_year"], "{path}: year");
    assert_eq!(items(file), items(text), "{path}: template items");
    let skip: Vec<&str> = if same_lines {
        Vec::new()
    } else {
        LAYOUT_RULES.iter().map(|(rule, _)| *rule).collect()
    };
    let (got, want) = (quoted(file, &skip), quoted(text, &skip));
    assert_eq!(
        got,
        want,
        "{path}: findings\n only here: {:?}\n only in the text: {:?}",
        got.difference(&want).collect::<Vec<_>>(),
        want.difference(&got).collect::<Vec<_>>()
    );
    if same_lines {
        assert_eq!(rule_lines(file), rule_lines(text), "{path}: lines");
    }
    // Pages are named exactly for the formats that have them.
    for f in findings(file) {
        assert_eq!(f["page"].is_u64(), !same_lines, "{path}: page of {f}");
    }
}

/// Every report the matrix holds: the name its files in a format directory
/// start with (followed by a dot) and the path of its text. The seeds, then
/// the extra reports.
fn reports() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = (0..5)
        .map(|n| {
            (
                format!("seed_00{n}"),
                format!("tests/fixtures/seed_00{n}.txt"),
            )
        })
        .collect();
    let mut extras: Vec<String> = fs::read_dir(fixture("extra"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".txt").map(str::to_string))
        .collect();
    extras.sort();
    assert_eq!(extras.len(), 6, "tests/fixtures/extra: {extras:?}");
    out.extend(extras.into_iter().map(|stem| {
        (
            format!("extra_{stem}"),
            format!("tests/fixtures/extra/{stem}.txt"),
        )
    }));
    out
}

/// Every fixture of a report, with its format:
/// `(text path, fixture path, format, same_lines)`.
fn matrix() -> Vec<(String, String, &'static str, bool)> {
    let reports = reports();
    let formats = fixture("formats");
    let mut dirs: Vec<String> = fs::read_dir(&formats)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cells = Vec::new();
    for dir in &dirs {
        let Some(&(_, format, same_lines)) = FORMS.iter().find(|(d, _, _)| d == dir) else {
            panic!("tests/fixtures/formats/{dir} is not in FORMS: say what format it holds");
        };
        let mut names: Vec<String> = fs::read_dir(formats.join(dir))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for (stem, text) in &reports {
            let prefix = format!("{stem}.");
            let of_report: Vec<&String> = names.iter().filter(|f| f.starts_with(&prefix)).collect();
            assert!(!of_report.is_empty(), "no {stem} in formats/{dir}");
            for name in of_report {
                let path = format!("tests/fixtures/formats/{dir}/{name}");
                cells.push((text.clone(), path, format, same_lines));
            }
        }
        // A file named for a report whose text is not there is not compared
        // with anything: say so rather than leave it out.
        for name in &names {
            let of_some = reports
                .iter()
                .any(|(stem, _)| name.starts_with(&format!("{stem}.")));
            assert!(
                of_some || !(name.starts_with("seed_") || name.starts_with("extra_")),
                "formats/{dir}/{name}: no report of that name"
            );
        }
    }
    cells
}

#[test]
fn every_seed_and_extra_report_in_every_format_reads_as_its_text() {
    let reports = reports();
    let cells = matrix();
    let mut args: Vec<String> = reports.iter().map(|(_, text)| text.clone()).collect();
    args.extend(cells.iter().map(|(_, path, _, _)| path.clone()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (v, _) = json(&args);
    let files = v["files"].as_array().unwrap();
    let by_path = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in the output"))
    };
    for (stem, text) in &reports {
        let file = by_path(text);
        assert_eq!(file["status"], "checked", "{text}: {file}");
        // Every seed has findings; two extra reports are clean
        // (extra/EXPECTED.md) and are compared on having none in any form.
        if stem.starts_with("seed_") {
            assert!(!findings(file).is_empty(), "{text}");
        }
    }
    for stem in ["extra_numbering_errors_2023", "extra_township_missing_2022"] {
        let text = &reports.iter().find(|(s, _)| s == stem).unwrap().1;
        assert!(!findings(by_path(text)).is_empty(), "{text}");
    }
    for (text, path, format, same_lines) in &cells {
        assert_reads_as(by_path(path), by_path(text), format, *same_lines);
    }
    // Five seeds and six extra reports in at least eight forms (the Word
    // forms have variants).
    assert!(cells.len() >= 11 * FORMS.len(), "{}", cells.len());
}

/// The page a finding names is the page its text is printed on. The
/// expected pages were read off the PDFs with `pdftotext -f N -l N`.
#[test]
fn findings_in_a_pdf_or_ofd_name_their_page() {
    for (path, quoted_text, page) in [
        // The title block and the closing of a four-page LibreOffice PDF.
        ("tests/fixtures/formats/pdf/seed_001.pdf", "首页", 1),
        (
            "tests/fixtures/formats/pdf/seed_001.pdf",
            "【打印本页】【关闭窗口】",
            4,
        ),
    ] {
        let (file, _) = single(path);
        let labels: Vec<Value> = findings(&file)
            .iter()
            .flat_map(|f| f["labels"].as_array().cloned().unwrap_or_default())
            .collect();
        let label = labels
            .iter()
            .find(|l| l["text"] == quoted_text)
            .unwrap_or_else(|| panic!("{path}: no label on {quoted_text}"));
        assert_eq!(label["page"], page, "{path}: {label}");
    }
    for path in [
        "tests/fixtures/formats/pdf/seed_002.pdf",
        "tests/fixtures/formats/pdf-chromium/seed_002.pdf",
        "tests/fixtures/formats/ofd/seed_002.ofd",
    ] {
        let (file, _) = single(path);
        let mut pages: Vec<(u64, u64)> = findings(&file)
            .iter()
            .map(|f| (f["start"].as_u64().unwrap(), f["page"].as_u64().unwrap()))
            .collect();
        pages.sort();
        assert!(
            pages.windows(2).all(|w| w[0].1 <= w[1].1),
            "{path}: {pages:?}"
        );
        assert!(pages.last().unwrap().1 > 1, "{path}: {pages:?}");
        // The human location line names it too.
        let r = run(&["check", path]);
        assert!(
            r.stdout.contains(&format!("[{path} 第1页:")),
            "{}",
            r.stdout
        );
    }
    // A text has no pages.
    let r = run(&["check", "tests/fixtures/seed_002.txt"]);
    assert!(!r.stdout.contains("页:"), "{}", r.stdout);
}

/// `--fix` never writes a format it cannot write back: it says why and what
/// to do, leaves the file as it was and exits 2; `--diff` shows the change
/// to the text read from the file, and writes nothing either.
#[test]
fn fix_refuses_and_diff_shows_every_format_that_cannot_be_written_back() {
    let dir = scratch();
    for (source, reason) in [
        ("pdf/seed_001.pdf", "PDF 是排好版的页面"),
        ("pdf-chromium/seed_001.pdf", "PDF 是排好版的页面"),
        ("ofd/seed_001.ofd", "签章"),
        ("doc/seed_001.doc", "二进制格式"),
        ("wps/seed_001.wps", "二进制格式"),
        ("odt/seed_001.odt", "列表编号"),
        ("rtf/seed_001.rtf", "格式控制字"),
        ("docx/seed_001.hidden.docx", "Word 的 XML"),
    ] {
        let name = source.replace('/', "-");
        let path = dir.path().join(&name);
        fs::copy(fixture(&format!("formats/{source}")), &path).unwrap();
        let before = fs::read(&path).unwrap();
        let p = path.to_str().unwrap();

        let r = run(&["check", "--fix", p]);
        assert_eq!(r.code, 2, "{source}: {}", r.stderr);
        // The message as one line, without the frame miette wraps it in.
        let flat: String = r
            .stderr
            .lines()
            .map(|l| l.trim().trim_start_matches('│').trim())
            .collect();
        for words in [
            "fix::unsupported",
            "暂不支持写回修复：",
            reason,
            "原文件未改动",
            "--diff",
        ] {
            assert!(flat.contains(words), "{source}: {words}: {}", r.stderr);
        }
        assert_eq!(fs::read(&path).unwrap(), before, "{source} was changed");

        let r = run(&["check", "--diff", p]);
        assert_eq!(r.code, 1, "{source}: {}", r.stderr);
        assert!(
            r.stdout.starts_with(&format!("--- {p}\n+++ {p}\n")),
            "{source}: {}",
            r.stdout
        );
        // The seed's half-width commas become full-width ones.
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with('+') && l.contains("2022年以来，")),
            "{source}: {}",
            r.stdout
        );
        assert_eq!(fs::read(&path).unwrap(), before, "{source} was changed");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            // No temporary file of a write left behind (`scratch` makes `.git`).
            .filter(|name| name.starts_with('.') && name != ".git")
            .collect();
        assert!(leftovers.is_empty(), "{source}: {leftovers:?}");
    }
}
