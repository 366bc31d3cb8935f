//! `check --annotate`: the annotated Word documents, read back three ways —
//! by reportlint itself (with every change rejected the document checks
//! exactly as the report did; with every change accepted its text is what
//! `--fix` makes), by python-docx, and by LibreOffice (converted to PDF and
//! a page rendered, converted to OpenDocument with the comments kept).
//!
//! LibreOffice, poppler and python-docx are looked for; a test that needs
//! one that is missing says so on standard error and passes, unless
//! `REPORTLINT_REQUIRE_TOOLS=1` (as in `.ci/run`, which installs them).

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::Value;

use super::helpers::{fixture, layout_rules, run};

/// Every seed, as text and as each of its Word versions.
fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for i in 0..5 {
        out.push(fixture(&format!("seed_00{i}.txt")));
        for v in ["lo", "styled"] {
            out.push(fixture(&format!("variants/seed_00{i}.{v}.docx")));
        }
        for v in ["liststyle", "hidden"] {
            out.push(fixture(&format!("formats/docx/seed_00{i}.{v}.docx")));
        }
    }
    out
}

/// Whether an external program is there; when it is not, a notice (or,
/// with REPORTLINT_REQUIRE_TOOLS=1, a failure).
#[allow(clippy::print_stderr)]
fn have(what: &str, probe: &mut Command) -> bool {
    let ok = probe
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("REPORTLINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{what} is required (REPORTLINT_REQUIRE_TOOLS=1) but not found");
        }
        eprintln!("notice: {what} not found; skipping the part of the annotate test that needs it");
    }
    ok
}

fn read_part(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// The document with every change by reportlint rejected: its insertions
/// dropped, its deletions kept as text, its deleted paragraph marks kept.
fn rejected(docx: &[u8]) -> Vec<u8> {
    let author = r#"w:author="reportlint""#;
    let ins = Regex::new(&format!(r"(?s)<w:ins [^>]*{author}[^>]*>.*?</w:ins>")).unwrap();
    let mark = Regex::new(&format!(r"<w:del [^>]*{author}[^>]*/>")).unwrap();
    let del = Regex::new(&format!(r"(?s)<w:del [^>]*{author}[^>]*>(.*?)</w:del>")).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let xml = ins.replace_all(&xml, "");
            let xml = mark.replace_all(&xml, "");
            let xml = del.replace_all(&xml, |c: &regex::Captures| {
                c[1].replace("<w:delText", "<w:t")
                    .replace("</w:delText>", "</w:t>")
            });
            bytes = xml.into_owned().into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

type Found = Vec<(String, u64, String)>;

/// (rule, line, message) of every finding of each file, checked in one run.
/// Findings without those of the `layout` rules: a document written anew
/// from a text (or a PDF, an .odt…) has a layout the report did not have,
/// so its layout findings are its own.
fn without_layout(found: &[Found]) -> Vec<Found> {
    found
        .iter()
        .map(|f| {
            f.iter()
                .filter(|x| !layout_rules().contains(&x.0))
                .cloned()
                .collect()
        })
        .collect()
}

fn findings(paths: &[PathBuf]) -> Vec<Found> {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(names.iter().map(String::as_str));
    let r = run(&args);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    names
        .iter()
        .map(|name| {
            let file = files
                .iter()
                .find(|f| f["path"].as_str() == Some(name.as_str()))
                .unwrap_or_else(|| panic!("{name} not in the output"));
            let mut out: Found = file["findings"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap().to_string(),
                        f["line"].as_u64().unwrap_or(0),
                        f["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            out.sort();
            out
        })
        .collect()
}

/// The text reportlint reads from a file, as `--fix` would read it.
fn text_of(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_string);
    reportlint::input::from_bytes(
        path.display().to_string(),
        &bytes,
        ext.as_deref(),
        1 << 30,
        &Regex::new("$^").unwrap(),
    )
    .unwrap()
    .text
}

/// What `--fix` makes of each text: written to files and fixed there, in
/// one run.
fn fixed(dir: &Path, texts: &[String], unsafe_fixes: bool) -> Vec<String> {
    let fix_dir = dir.join("fixed");
    fs::create_dir_all(&fix_dir).unwrap();
    let paths: Vec<PathBuf> = (0..texts.len())
        .map(|i| fix_dir.join(format!("{i}.txt")))
        .collect();
    for (p, t) in paths.iter().zip(texts) {
        fs::write(p, t).unwrap();
    }
    let mut args = vec!["check", "--no-config", "--fix"];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(names.iter().map(String::as_str));
    run(&args);
    paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}

fn comments_by_us(docx: &[u8]) -> usize {
    let comments = read_part(docx, "word/comments.xml").unwrap_or_default();
    comments.matches(r#"w:author="reportlint""#).count()
}

/// Annotates the given reports (copied into a new folder) in one run.
fn annotate_all(
    inputs: &[PathBuf],
    unsafe_fixes: bool,
) -> (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for input in inputs {
        let name = input
            .strip_prefix(fixture(""))
            .unwrap()
            .to_string_lossy()
            .replace('/', "-");
        let copy = dir.path().join(&name);
        fs::copy(input, &copy).unwrap();
        let out = dir.path().join(format!(
            "{}.审核.docx",
            copy.file_stem().unwrap().to_string_lossy()
        ));
        pairs.push((copy, out));
    }
    let mut args = vec!["check", "--no-config", "--annotate"];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    let paths: Vec<String> = pairs
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let r = run(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    for (input, out) in &pairs {
        assert!(
            out.exists(),
            "no annotated document for {}",
            input.display()
        );
        let name = out.file_name().unwrap().to_string_lossy().to_string();
        assert!(r.stderr.contains(&name), "{}", r.stderr);
    }
    (dir, pairs)
}

/// Reads every annotated document back: one comment per finding and the
/// summary; with the changes rejected, the report's findings; with them
/// accepted, the text `--fix` makes; the report itself untouched.
fn check_read_back(inputs: &[PathBuf], unsafe_fixes: bool) {
    let before: Vec<Vec<u8>> = inputs.iter().map(|p| fs::read(p).unwrap()).collect();
    let (dir, pairs) = annotate_all(inputs, unsafe_fixes);
    let copies: Vec<PathBuf> = pairs.iter().map(|(c, _)| c.clone()).collect();
    let found = findings(&copies);
    let rejected_paths: Vec<PathBuf> = pairs
        .iter()
        .enumerate()
        .map(|(i, (_, out))| {
            let path = dir.path().join(format!("rejected-{i}.docx"));
            fs::write(&path, rejected(&fs::read(out).unwrap())).unwrap();
            path
        })
        .collect();
    let found_rejected = without_layout(&findings(&rejected_paths));
    let found_text = without_layout(&found);
    let texts: Vec<String> = copies.iter().map(|p| text_of(p)).collect();
    let want = fixed(dir.path(), &texts, unsafe_fixes);
    for (i, (input, out)) in pairs.iter().enumerate() {
        let name = input.display();
        let annotated = fs::read(out).unwrap();
        assert_eq!(comments_by_us(&annotated), found[i].len() + 1, "{name}");
        assert_eq!(found_rejected[i], found_text[i], "{name}: rejected");
        let got = text_of(out);
        assert!(
            got.trim_end_matches('\n') == want[i].trim_end_matches('\n'),
            "{name}: accepted, the text differs from what --fix makes"
        );
        assert_eq!(fs::read(&inputs[i]).unwrap(), before[i], "{name}");
        let document = read_part(&annotated, "word/document.xml").unwrap();
        let changes =
            document.matches("<w:ins w:id").count() + document.matches("<w:del w:id").count();
        if want[i].trim_end() != texts[i].trim_end() {
            assert!(changes > 0, "{name}: no tracked changes");
        }
    }
}

#[test]
fn every_seed_annotated_reads_back_as_the_report_and_as_fixed() {
    check_read_back(&inputs(), false);
}

#[test]
fn unsafe_fixes_become_tracked_changes_too() {
    let some: Vec<PathBuf> = inputs().into_iter().step_by(2).collect();
    check_read_back(&some, true);
}

#[test]
fn the_text_report_becomes_a_document_in_official_fonts() {
    let texts: Vec<PathBuf> = (0..5)
        .map(|i| fixture(&format!("seed_00{i}.txt")))
        .collect();
    let (_dir, pairs) = annotate_all(&texts, false);
    let mut styles_used = String::new();
    for (_, out) in &pairs {
        let bytes = fs::read(out).unwrap();
        let styles = read_part(&bytes, "word/styles.xml").unwrap();
        for font in ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"] {
            assert!(styles.contains(font), "{font}");
        }
        let document = read_part(&bytes, "word/document.xml").unwrap();
        assert!(document.contains(r#"<w:pStyle w:val="Title"/>"#));
        styles_used.push_str(&document);
        // The summary comment gives the completeness verdict.
        let comments = read_part(&bytes, "word/comments.xml").unwrap();
        assert!(comments.contains("完整性："), "{}", out.display());
    }
    assert!(styles_used.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    assert!(styles_used.contains(r#"<w:pStyle w:val="Heading2"/>"#));
}

#[test]
fn python_docx_opens_every_annotated_document() {
    if !have(
        "python-docx",
        Command::new("python3").args(["-c", "import docx"]),
    ) {
        return;
    }
    let (_dir, pairs) = annotate_all(&inputs(), false);
    let copies: Vec<PathBuf> = pairs.iter().map(|(c, _)| c.clone()).collect();
    let found = findings(&copies);
    for (i, (input, out)) in pairs.iter().enumerate() {
        let r = Command::new("python3")
            .args([
                "-c",
                "import docx,sys; d=docx.Document(sys.argv[1]); print(len(d.paragraphs)); print(len(list(d.comments)))",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let printed = String::from_utf8_lossy(&r.stdout).to_string();
        let mut lines = printed.lines();
        assert!(lines.next().unwrap().parse::<usize>().unwrap() > 10);
        let comments: usize = lines.next().unwrap().parse().unwrap();
        assert_eq!(comments, found[i].len() + 1, "{}", input.display());
    }
}

#[test]
fn libreoffice_renders_them_and_keeps_the_comments_and_changes() {
    if !have(
        "LibreOffice (soffice)",
        Command::new("soffice").arg("--version"),
    ) || !have(
        "pdftoppm (poppler-utils)",
        Command::new("pdftoppm").arg("-v"),
    ) {
        return;
    }
    let (dir, pairs) = annotate_all(&inputs(), false);
    let copies: Vec<PathBuf> = pairs.iter().map(|(c, _)| c.clone()).collect();
    let found_all = findings(&copies);
    let lo = dir.path().join("lo");
    fs::create_dir_all(&lo).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let files: Vec<&str> = pairs.iter().map(|(_, o)| o.to_str().unwrap()).collect();
    for to in ["odt", "pdf"] {
        let r = Command::new("soffice")
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                to,
                "--outdir",
            ])
            .arg(&lo)
            .args(&files)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    let annotation = Regex::new(r"<office:annotation[ >]").unwrap();
    for (i, (input, out)) in pairs.iter().enumerate() {
        let stem = out.file_stem().unwrap().to_string_lossy().to_string();
        let odt = fs::read(lo.join(format!("{stem}.odt"))).unwrap();
        let content = read_part(&odt, "content.xml").unwrap();
        let found = found_all[i].len();
        assert_eq!(
            annotation.find_iter(&content).count(),
            found + 1,
            "{}",
            input.display()
        );
        let document = read_part(&fs::read(out).unwrap(), "word/document.xml").unwrap();
        if document.contains("<w:ins ") || document.contains("<w:del ") {
            assert!(
                content.contains("<text:changed-region"),
                "{}",
                input.display()
            );
        }
        let pdf = lo.join(format!("{stem}.pdf"));
        let png = dir.path().join(format!("{stem}-page"));
        let r = Command::new("pdftoppm")
            .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg(&png)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
}

#[test]
fn an_existing_annotated_document_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("报告.txt");
    fs::copy(fixture("seed_002.txt"), &report).unwrap();
    let out = dir.path().join("报告.审核.docx");
    fs::write(&out, "不要覆盖").unwrap();
    let other = dir.path().join("另一份.txt");
    fs::copy(fixture("seed_003.txt"), &other).unwrap();
    let r = run(&[
        "check",
        "--no-config",
        "--annotate",
        report.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("已存在，未覆盖"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&out).unwrap(), "不要覆盖");
    // The other report was still annotated.
    assert!(dir.path().join("另一份.审核.docx").exists());
    let r = run(&[
        "check",
        "--no-config",
        "--annotate",
        "--force",
        report.to_str().unwrap(),
    ]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(fs::read(&out).unwrap().starts_with(b"PK"));
    // Into a folder of its own choosing.
    let into = dir.path().join("审核意见");
    let arg = format!("--annotate={}", into.display());
    let r = run(&["check", "--no-config", &arg, report.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(into.join("报告.审核.docx").exists());
    // Checking the folder again leaves the annotated documents out, with a
    // note; named, one is checked like any report.
    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let checked: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(checked.len(), 2, "{checked:?}");
    assert!(checked.iter().all(|p| !p.contains("审核")), "{checked:?}");
    assert!(
        r.stderr.contains("个文件是 reportlint 以前写出的"),
        "{}",
        r.stderr
    );
    let r = run(&["check", "--no-config", out.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

/// A .docx with the given body, and optionally a comments part of its own.
fn word(body: &str, comments: Option<&str>, prefix: &str) -> Vec<u8> {
    let ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let override_comments = if comments.is_some() {
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#
    } else {
        ""
    };
    part(
        "[Content_Types].xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{override_comments}</Types>"#
        ),
    );
    part(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    let rel = if comments.is_some() {
        r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#
    } else {
        ""
    };
    part(
        "word/_rels/document.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>{rel}</Relationships>"#
        ),
    );
    let p = prefix;
    part(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><{p}:document xmlns:{p}="{ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><{p}:body>{body}</{p}:body></{p}:document>"#
        ),
    );
    if let Some(c) = comments {
        part(
            "word/comments.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{ns}">{c}</w:comments>"#
            ),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// A report in Word's awkward shapes: a hyperlink, a table, a field, a
/// bookmark, a comment and tracked changes by someone else, runs cut in
/// the middle of words, and an entity.
fn awkward_body() -> String {
    let para = |inner: &str| format!("<w:p>{inner}</w:p>");
    let r =
        |t: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    [
        para(&format!("{}{}", r("关于2021年度法治政府"), r("建设情况的报告"))),
        para(&r("一、主要举措和成效")),
        para(&format!(
            r#"{}<w:hyperlink r:id="rId5"><w:r><w:t>我们,加强</w:t></w:r></w:hyperlink>{}<w:bookmarkStart w:id="0" w:name="b"/>{}<w:bookmarkEnd w:id="0"/>"#,
            r("今年以来,区政府"),
            r("组织领导(一)"),
            r("R&amp;D 投入。")
        )),
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            para(&r("表格里,也有逗号。")),
            para(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页,完。</w:t></w:r>"#)
        ),
        para(r#"<w:commentRangeStart w:id="7"/><w:r><w:t>已有批注,</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r><w:ins w:id="8" w:author="审核人"><w:r><w:t>他人插入,</w:t></w:r></w:ins><w:del w:id="9" w:author="审核人"><w:r><w:delText>他人删除</w:delText></w:r></w:del><w:r><w:t>结束。</w:t></w:r>"#),
        para(&r("二、存在的不足和原因")),
        para(&r("不足是认识不够,原因是学习不深。")),
    ]
    .concat()
}

#[test]
fn awkward_word_documents_still_give_valid_annotated_documents() {
    let dir = tempfile::tempdir().unwrap();
    let existing = r#"<w:comment w:id="7" w:author="审核人"><w:p><w:r><w:t>原有的批注</w:t></w:r></w:p></w:comment>"#;
    let cases = [
        ("带批注.docx", word(&awkward_body(), Some(existing), "w")),
        // Another prefix for the namespace: annotated as a new document.
        (
            "别的前缀.docx",
            word(&awkward_body().replace("w:", "ns0:"), None, "ns0"),
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["check", "--no-config", "--annotate"];
    args.extend(names.iter().map(String::as_str));
    let r = run(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("已按检查的文字重新排版生成"),
        "{}",
        r.stderr
    );
    let outs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            p.with_file_name(format!(
                "{}.审核.docx",
                p.file_stem().unwrap().to_string_lossy()
            ))
        })
        .collect();
    let found = findings(&paths);
    let rejected_paths: Vec<PathBuf> = outs
        .iter()
        .enumerate()
        .map(|(i, out)| {
            let path = dir.path().join(format!("rejected-{i}.docx"));
            fs::write(&path, rejected(&fs::read(out).unwrap())).unwrap();
            path
        })
        .collect();
    assert_eq!(
        without_layout(&findings(&rejected_paths)),
        without_layout(&found)
    );
    for (i, out) in outs.iter().enumerate() {
        assert_eq!(
            fs::read(&paths[i]).unwrap(),
            cases[i].1,
            "the report was changed"
        );
        let bytes = fs::read(out).unwrap();
        assert_eq!(comments_by_us(&bytes), found[i].len() + 1);
        assert!(found[i].len() >= 3, "{:?}", found[i]);
    }
    // The earlier comment and the other reviewer's changes are kept.
    let first = fs::read(&outs[0]).unwrap();
    let comments = read_part(&first, "word/comments.xml").unwrap();
    assert!(comments.contains("原有的批注"));
    let document = read_part(&first, "word/document.xml").unwrap();
    assert!(document.contains(r#"w:author="审核人""#));
    assert!(document.contains("<w:hyperlink"));
    assert!(document.contains("PAGE"));
    if have(
        "python-docx",
        Command::new("python3").args(["-c", "import docx"]),
    ) {
        for out in &outs {
            let r = Command::new("python3")
                .args([
                    "-c",
                    "import docx,sys; d=docx.Document(sys.argv[1]); print(len(list(d.comments)))",
                ])
                .arg(out)
                .output()
                .unwrap();
            assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        }
    }
    if have(
        "LibreOffice (soffice)",
        Command::new("soffice").arg("--version"),
    ) {
        let profile = format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        );
        let r = Command::new("soffice")
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "odt",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&outs[0])
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let odt = fs::read(dir.path().join("带批注.审核.odt")).unwrap();
        let content = read_part(&odt, "content.xml").unwrap();
        let annotations = Regex::new(r"<office:annotation[ >]").unwrap();
        // Ours, the summary and the one already there.
        assert_eq!(annotations.find_iter(&content).count(), found[0].len() + 2);
        assert!(content.contains("<text:changed-region"));
    }
}

#[test]
fn word_reports_are_told_to_use_annotate_not_fix() {
    // `--fix` refuses a Word document, so its help must not offer it.
    let docx = fixture("variants/seed_000.lo.docx");
    let text = fixture("seed_000.txt");
    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        docx.to_str().unwrap(),
        text.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let helps = |i: usize| -> Vec<String> {
        v["files"][i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["help"].as_str().map(str::to_string))
            .collect()
    };
    let word = helps(0);
    assert!(word.iter().all(|h| !h.contains("可用 --fix")), "{word:?}");
    assert!(
        word.iter().any(|h| h.contains("可用 --annotate")),
        "{word:?}"
    );
    assert!(helps(1).iter().any(|h| h.contains("可用 --fix 自动")));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("报告.docx");
    fs::copy(&docx, &copy).unwrap();
    let r = run(&["check", "--no-config", "--fix", copy.to_str().unwrap()]);
    assert!(r.stderr.contains("--annotate"), "{}", r.stderr);
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&docx).unwrap());
}
