//! The five seeds in the forms reports really arrive in (Word from
//! LibreOffice and with Word's heading styles and automatic numbering, GBK,
//! UTF-16, CR line ends, portal pages) give the same template findings and
//! the same completeness row as the plain text. The variants are committed
//! (tests/fixtures/make_variants.py wrote them).

use std::fs;

use serde_json::Value;

use crate::helpers::*;

/// The rules of `kind: template` in the built-in pack.
const TEMPLATE_RULES: [&str; 4] = ["FZ001", "FZ002", "FZ004", "FZ005"];

fn variants(seed: &str) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(fixture("variants"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{seed}.")))
        .map(|n| format!("tests/fixtures/variants/{n}"))
        .collect();
    v.sort();
    v
}

/// `(rule, item, message, text)` of the template findings.
fn template_findings(file: &Value) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = findings(file)
        .iter()
        .filter(|f| TEMPLATE_RULES.contains(&f["rule"].as_str().unwrap()))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["item"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// `(rule, line, text)` of every finding.
fn all_findings(file: &Value) -> Vec<(String, u64, String)> {
    let mut v: Vec<_> = findings(file)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_form_of_a_seed_gives_the_same_template_findings_and_row() {
    for n in 0..5 {
        let seed = format!("seed_00{n}");
        let txt = format!("tests/fixtures/{seed}.txt");
        let forms = variants(&seed);
        assert!(forms.len() >= 6, "{seed}: {forms:?}");
        let mut args = vec![txt.as_str()];
        args.extend(forms.iter().map(String::as_str));

        let (v, _) = json(&args);
        let files = v["files"].as_array().unwrap();
        let base = &files[0];
        for (form, file) in forms.iter().zip(&files[1..]) {
            assert_eq!(file["status"], "checked", "{form}: {file}");
            assert_eq!(
                template_findings(file),
                template_findings(base),
                "{form}: template findings"
            );
            assert_eq!(file["report_year"], base["report_year"], "{form}");
            assert_eq!(file["issuer"], base["issuer"], "{form}");
            assert_eq!(file["items"].as_array().map(|i| i.len()), Some(6));
            let statuses = |f: &Value| -> Vec<(String, String)> {
                f["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| (i["id"].to_string(), i["status"].to_string()))
                    .collect()
            };
            assert_eq!(statuses(file), statuses(base), "{form}: items");
            // Text and Word forms keep the lines (a Word paragraph is a
            // line, empty ones included): every finding is the same, but
            // for the layout rules', which only a Word document has.
            if !form.ends_with(".html") {
                assert_eq!(
                    all_findings(&without_layout(file)),
                    all_findings(base),
                    "{form}"
                );
            }
        }

        // The completeness row, as CSV, is the same but for the path (and
        // the warning count of pages, whose web residue is gone).
        let mut csv_args = vec!["check", "--format", "csv"];
        csv_args.extend_from_slice(&args);
        let rows = csv_rows(&run(&csv_args).stdout);
        let header = &rows[0];
        let items = header.iter().position(|h| h == "错误").unwrap();
        let row = |r: &Vec<String>| r[1..items].to_vec();
        for (form, r) in forms.iter().zip(&rows[2..]) {
            assert_eq!(row(r), row(&rows[1]), "{form}: matrix row");
        }
    }
}

#[test]
fn the_output_names_the_form_and_encoding() {
    let (v, _) = json(&[
        "tests/fixtures/variants/seed_003.gbk.txt",
        "tests/fixtures/variants/seed_003.utf16le.txt",
        "tests/fixtures/variants/seed_003.utf16be.txt",
        "tests/fixtures/variants/seed_003.styled.docx",
        "tests/fixtures/variants/seed_004.gbk.html",
        "tests/fixtures/seed_003.txt",
    ]);
    let got: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["format"].to_string(), f["encoding"].to_string()))
        .collect();
    let want = [
        ("\"text\"", "\"GBK\""),
        ("\"text\"", "\"UTF-16LE\""),
        ("\"text\"", "\"UTF-16BE\""),
        ("\"docx\"", "null"),
        ("\"html\"", "\"GBK\""),
        ("\"text\"", "\"UTF-8\""),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );

    let r = run(&["check", "tests/fixtures/variants/seed_003.gbk.txt"]);
    assert!(
        r.stdout.contains("（2021 年度报告；按 GBK 编码读取）"),
        "{}",
        r.stdout
    );
    let r = run(&["check", "tests/fixtures/variants/seed_003.styled.docx"]);
    assert!(
        r.stdout.contains("Word 文档，行号即段落序号"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("[tests/fixtures/variants/seed_003.styled.docx:"));
}

#[test]
fn word_text_leaves_out_deleted_revisions_fields_and_the_page_header() {
    let (f, _) = single("tests/fixtures/variants/seed_002.styled.docx");
    for x in findings(&f) {
        let text = x["text"].as_str().unwrap();
        assert!(!text.contains("此句已删除"), "{text}");
        assert!(!text.contains("DOCPROPERTY"), "{text}");
    }
    // The year in the title is a field's result: it is read as the year.
    assert_eq!(f["report_year"], 2023);
    assert_eq!(f["title"], "区政府办公室2023年度法治政府建设情况报告");
    // 一、 is drawn by Word's numbering; the heading shows it.
    assert_eq!(
        item(&f, "plan")["heading"],
        "四、2024年推进法治政府建设的主要安排"
    );
}

#[test]
fn web_pages_keep_the_article_only() {
    let (f, _) = single("tests/fixtures/variants/seed_001.html");
    assert_eq!(f["format"], "html");
    assert_eq!(f["title_line"], 1);
    // Navigation, breadcrumbs, publication data, print and share buttons and
    // the footer are gone, so no web residue is left to report.
    assert!(by_rule(&f, "FZ014").is_empty());
    assert_eq!(
        f["issuer"], "中共博山区委 博山区人民政府",
        "the 落款 survives"
    );
    let text = fs::read_to_string(fixture("variants/seed_001.html")).unwrap();
    assert!(text.contains("bdsharebuttonbox") && text.contains("打印本页"));
}

#[test]
fn standard_input_is_read_by_content() {
    let gbk = fs::read(fixture("variants/seed_000.gbk.txt")).unwrap();
    let r = run_with_stdin(&["check", "--format", "json", "-"], &gbk);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(
        (f["path"].as_str(), f["encoding"].as_str()),
        (Some("<stdin>"), Some("GBK"))
    );
    assert_eq!(r.code, 1);
    assert_eq!(by_rule(f, "FZ001").len(), 1);

    let docx = fs::read(fixture("variants/seed_004.lo.docx")).unwrap();
    // The layout rules are left out: they report LibreOffice's fonts and
    // margins, not the text.
    let r = run_with_stdin(&["check", "--ignore", "layout", "-"], &docx);
    assert!(
        r.stdout.contains("<stdin>：2 个错误，3 个警告，0 个提示"),
        "{}",
        r.stdout
    );
}

#[test]
fn quoted_globs_are_expanded_in_order() {
    let (v, code) = json(&["tests/fixtures/variants/seed_00[34].gbk.*"]);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/variants/seed_003.gbk.txt",
            "tests/fixtures/variants/seed_004.gbk.html",
            "tests/fixtures/variants/seed_004.gbk.txt"
        ]
    );
    assert_eq!(code, 1);
    let (v, code) = json(&["tests/fixtures/nothing-*.txt"]);
    assert_eq!(v["files"][0]["error"]["code"], "input::no_match");
    assert_eq!(code, 2);
}

#[test]
fn command_line_patterns_use_the_configuration_dialect() {
    // `{a,b}` and `**`, as in `include`/`exclude`; folders in order.
    let (v, code) = json(&[
        "--no-config",
        "tests/fixtures/{extra,variants}/**/seed_00[0-1].{gbk,utf16le}.txt",
    ]);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/variants/seed_000.gbk.txt",
            "tests/fixtures/variants/seed_000.utf16le.txt",
            "tests/fixtures/variants/seed_001.gbk.txt",
            "tests/fixtures/variants/seed_001.utf16le.txt",
        ]
    );
    assert_eq!(code, 1);
    // A pattern that names nested folders checks each report once (the
    // folders are walked whole, not once per level).
    let (v, _) = json(&["--no-config", "tests/fixtures/**"]);
    let mut paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let all = paths.len();
    assert!(paths.contains(&"tests/fixtures/extra/clean_county_2024.txt"));
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), all, "no report twice");
    // A broken pattern says what is wrong, in Chinese.
    let (v, code) = json(&["tests/fixtures/[seed*.txt"]);
    let error = &v["files"][0]["error"];
    assert_eq!(error["code"], "input::bad_pattern");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("`[` 没有对应的 `]`"),
        "{error}"
    );
    assert_eq!(code, 2);
}
