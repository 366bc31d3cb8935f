//! The bad-input matrix: each hostile or broken file is checked between two
//! good reports. Whatever the file is, the run ends (a hard timeout catches a
//! hang), the file gets its own result — a documented error code with a
//! Chinese message naming it, or a checked report with what was assumed —
//! and both good reports are still checked.
//!
//! Fixtures are made here, in a temporary folder, from the seed reports.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::helpers::{fixture, scratch};

/// A run that takes longer than this is taken for a hang and killed. It is
/// far above what any of these files needs, even in a debug build.
const HANG: Duration = Duration::from_secs(120);

/// Runs the binary in `dir` with stdout and stderr written to files (so a
/// large output cannot block it), killing it after [`HANG`].
fn run_bounded(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = dir.join(".stdout");
    let err = dir.join(".stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("run reportlint");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("reportlint {args:?} did not finish within {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
    (status.code().unwrap_or(-1), read(&out), read(&err))
}

/// What the bad file should come to.
enum Expect {
    /// An input error with this code; exit code 2.
    Error(&'static str),
    /// Checked, with this encoding (and maybe more to look at).
    Checked(&'static str),
}

fn seed(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap()
}

fn encode(encoding: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    encoding.encode(text).0.into_owned()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A .docx whose body unpacks to `size` bytes of the same character.
fn zip_bomb(size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..size >> 20 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A .docx with this `word/document.xml`, compressed as Word does.
fn docx(document: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A `word/document.xml` around `body`.
fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

/// A paragraph of Word text.
fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// Checks `good1, bad, good2` (`bad` made by `make` in the folder, which
/// returns the path to pass) and asserts what `expect` says.
fn matrix_case(label: &str, make: impl FnOnce(&Path) -> PathBuf, expect: Expect) -> Value {
    let dir = scratch();
    let root = dir.path();
    fs::write(root.join("good1.txt"), seed("seed_000.txt")).unwrap();
    fs::write(root.join("good2.txt"), seed("seed_001.txt")).unwrap();
    let bad = make(root);
    let bad_arg = bad.to_string_lossy().into_owned();
    let (code, stdout, stderr) = run_bounded(
        root,
        &[
            "check",
            "--format",
            "json",
            "--max-size",
            "1",
            "good1.txt",
            &bad_arg,
            "good2.txt",
        ],
    );
    let v: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{label}: JSON did not parse ({e}):\n{stdout}\n{stderr}"));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{label}: {stdout}");
    for good in [&files[0], &files[2]] {
        assert_eq!(good["status"], "checked", "{label}: {good}");
        assert!(!good["findings"].as_array().unwrap().is_empty(), "{label}");
    }
    let file = files[1].clone();
    match expect {
        Expect::Error(wanted) => {
            assert_eq!(code, 2, "{label}: exit code\n{stderr}");
            assert_eq!(file["status"], "error", "{label}: {file}");
            assert_eq!(file["error"]["code"], wanted, "{label}: {file}");
            let message = file["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&bad_arg),
                "{label}: names the file: {message}"
            );
            assert!(
                message
                    .chars()
                    .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{label}: Chinese message: {message}"
            );
            // The message is the user's: no English from a library.
            for english in ["Could not", "EOCD", "invalid", "error:", "os error"] {
                assert!(!message.contains(english), "{label}: {message}");
            }
            assert!(
                stderr.is_empty() || !stderr.contains("panicked"),
                "{stderr}"
            );
        }
        Expect::Checked(encoding) => {
            assert_ne!(code, 2, "{label}: exit code\n{stdout}\n{stderr}");
            assert_eq!(file["status"], "checked", "{label}: {file}");
            assert_eq!(file["encoding"], encoding, "{label}");
        }
    }
    file
}

fn write(name: &'static str, bytes: Vec<u8>) -> impl FnOnce(&Path) -> PathBuf {
    move |dir: &Path| {
        fs::write(dir.join(name), bytes).unwrap();
        PathBuf::from(name)
    }
}

#[test]
fn refused_files_get_their_own_error_and_the_others_are_checked() {
    let mut binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    binary.extend(vec![0u8; 512]);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty", Vec::new(), "empty.txt", "input::empty"),
        ("binary", binary, "data.txt", "input::binary"),
        (
            "pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            "report.pdf",
            "input::pdf",
        ),
        (
            "doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0".to_vec(),
            "report.doc",
            "input::corrupt_doc",
        ),
        (
            "corrupt docx",
            b"PK\x03\x04\x14\0\0\0\x08\0 truncated".to_vec(),
            "report.docx",
            "input::corrupt_docx",
        ),
        (
            "zip bomb",
            zip_bomb(16 << 20),
            "bomb.docx",
            "input::too_large",
        ),
    ];
    for (label, bytes, name, code) in cases {
        let name: &'static str = Box::leak(name.to_string().into_boxed_str());
        matrix_case(label, write(name, bytes), Expect::Error(code));
    }
}

/// Ten million one-character lines fit in 20 MB and took 900 MB to check
/// (a record per line in the document model); a body of millions of empty
/// Word paragraphs took a gigabyte to find that it had no text. Past the
/// line limit a report is refused before the model is built.
#[test]
fn too_many_lines_or_paragraphs_are_refused() {
    let limit = reportlint::input::MAX_LINES;
    let words = para("某县人民政府关于2023年度法治政府建设情况的报告");
    let cases: Vec<(&str, &'static str, Vec<u8>)> = vec![
        (
            "short lines",
            "lines.txt",
            "a\n".repeat(limit + 1).into_bytes(),
        ),
        (
            "last line without its line break",
            "unended.txt",
            format!("{}a", "a\n".repeat(limit)).into_bytes(),
        ),
        (
            "page paragraphs",
            "page.html",
            format!("<html><body>{}</body></html>", "<p>a".repeat(limit + 1)).into_bytes(),
        ),
        (
            "empty Word paragraphs",
            "empty.docx",
            docx(&document_xml(&"<w:p/>".repeat(1_000_000))),
        ),
        (
            "Word paragraphs",
            "many.docx",
            docx(&document_xml(&format!(
                "{words}{}",
                para("字").repeat(limit)
            ))),
        ),
    ];
    for (label, name, bytes) in cases {
        let file = matrix_case(
            label,
            write(name, bytes),
            Expect::Error("input::too_many_lines"),
        );
        let message = file["error"]["message"].as_str().unwrap();
        assert!(message.contains(&limit.to_string()), "{label}: {message}");
    }
    // At the limit a report is still checked.
    let text = format!("{}{}", seed("seed_000.txt"), "a\n".repeat(limit - 200));
    matrix_case(
        "lines up to the limit",
        write("long.txt", text.into_bytes()),
        Expect::Checked("UTF-8"),
    );
}

/// A Word body cut off in the middle, or with paragraphs that never close,
/// is a damaged document, not an empty one or a complete one.
#[test]
fn a_truncated_or_unclosed_word_body_is_corrupt() {
    let whole =
        document_xml(&[para("某县2023年度法治政府建设情况报告"), para("正文一。")].concat());
    let cut = &whole[..whole.find("正文一").unwrap()];
    // Paragraphs opened and never closed, to the end of the part.
    let unclosed = format!(
        "{}{}",
        &whole[..whole.find("<w:p>").unwrap()],
        "<w:p><w:r><w:t>正文</w:t></w:r>".repeat(100_000)
    );
    for (label, xml) in [("truncated", cut.to_string()), ("unclosed", unclosed)] {
        let file = matrix_case(
            label,
            write("broken.docx", docx(&xml)),
            Expect::Error("input::corrupt_docx"),
        );
        let message = file["error"]["message"].as_str().unwrap();
        assert!(message.contains("没有闭合"), "{label}: {message}");
    }
}

#[test]
fn corrupt_docx_detail_is_chinese() {
    let file = matrix_case(
        "corrupt docx",
        write("broken.docx", b"PK\x05\x06 not a zip at all".to_vec()),
        Expect::Error("input::corrupt_docx"),
    );
    let message = file["error"]["message"].as_str().unwrap();
    assert!(message.contains("ZIP 压缩包"), "{message}");
}

#[test]
fn deep_and_unclosed_pages_are_read_flattened() {
    let text = "某县2023年度法治政府建设情况报告。一、主要举措和成效。";
    for (label, markup) in [
        ("deep", format!("{}{text}", "<div>".repeat(60_000))),
        (
            "unclosed",
            format!("{}{text}", "<div><p><span>".repeat(60_000)),
        ),
    ] {
        let file = matrix_case(
            label,
            write("page.html", markup.into_bytes()),
            Expect::Checked("UTF-8"),
        );
        assert_eq!(file["format"], "html", "{label}");
    }
}

/// Hundreds of nested title-class elements around a long text: each is a
/// title candidate, and reading each one's whole text took 510 times the
/// time of reading the page once.
#[test]
fn nested_title_candidates_do_not_make_a_page_quadratic() {
    let text = "这是正文内容，".repeat(45_000);
    let markup = format!(
        "<html><body>{}{text}{}</body></html>",
        "<div class=\"title\">".repeat(510),
        "</div>".repeat(510)
    );
    let file = matrix_case(
        "nested titles",
        write("titles.html", markup.into_bytes()),
        Expect::Checked("UTF-8"),
    );
    assert_eq!(file["format"], "html");
}

#[cfg(unix)]
#[test]
fn special_files_and_symlink_loops_are_never_read() {
    matrix_case(
        "fifo",
        |dir| {
            let status = Command::new("mkfifo")
                .arg(dir.join("pipe.txt"))
                .status()
                .unwrap();
            assert!(status.success());
            PathBuf::from("pipe.txt")
        },
        Expect::Error("input::special_file"),
    );
    matrix_case(
        "symlink loop",
        |dir| {
            std::os::unix::fs::symlink(dir.join("b.txt"), dir.join("a.txt")).unwrap();
            std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("b.txt")).unwrap();
            PathBuf::from("a.txt")
        },
        Expect::Error("input::symlink_loop"),
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Copies the shaanxi example pack (which extends the built-in one) into
/// `to`.
fn copy_example_pack(to: &Path) {
    let from = super::helpers::root().join("examples/packs/shaanxi");
    fs::create_dir_all(to.join("tests")).unwrap();
    for name in [
        "pack.yaml",
        "rules.yaml",
        "tests/county-2023.txt",
        "tests/county-2023.yaml",
    ] {
        fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

/// A configuration, waiver, rule, data or rule-test file that is a named
/// pipe is refused with a Chinese message, never opened: opening a pipe
/// waits for a writer that never comes (before, `--config` and `--waivers`
/// hung, and a pipe among a pack's files was passed over as if absent).
#[cfg(unix)]
#[test]
fn named_pipes_given_as_configuration_waivers_or_rules_are_refused() {
    let dir = scratch();
    let root = dir.path();
    fs::write(root.join("a.txt"), seed("seed_000.txt")).unwrap();
    mkfifo(&root.join("pipe.yaml"));
    let refused = |args: &[&str], code: i32, label: &str| {
        let (got, stdout, stderr) = run_bounded(root, args);
        assert_eq!(got, code, "{label}: {stdout}\n{stderr}");
        assert!(stderr.contains("命名管道（FIFO）"), "{label}: {stderr}");
        assert!(
            stderr.contains("pipe") || stderr.contains("reportlint.yaml"),
            "{label}: {stderr}"
        );
    };
    refused(&["check", "--config", "pipe.yaml", "a.txt"], 3, "--config");
    refused(
        &["check", "--waivers", "pipe.yaml", "a.txt"],
        3,
        "--waivers",
    );
    refused(&["config", "--config", "pipe.yaml"], 3, "config --config");

    // A pipe called reportlint.yaml is found like the file, and refused.
    let found = scratch();
    fs::write(found.path().join("a.txt"), seed("seed_000.txt")).unwrap();
    mkfifo(&found.path().join("reportlint.yaml"));
    let (code, _, stderr) = run_bounded(found.path(), &["check", "a.txt"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("reportlint.yaml") && stderr.contains("命名管道"),
        "{stderr}"
    );

    // In a pack: a rule file, a data file, a rule test and its expectations.
    for (label, pipe) in [
        ("rule file", "extra.yaml"),
        ("data file", "data/words.yaml"),
    ] {
        let pack = root.join(format!("pack-{}", label.replace(' ', "-")));
        copy_example_pack(&pack);
        fs::create_dir_all(pack.join("data")).unwrap();
        mkfifo(&pack.join(pipe));
        let pack_arg = pack.to_string_lossy().into_owned();
        let (code, _, stderr) = run_bounded(root, &["check", "--rules", &pack_arg, "a.txt"]);
        assert_eq!(code, 3, "{label}: {stderr}");
        assert!(
            stderr.contains(pipe) && stderr.contains("命名管道"),
            "{label}: {stderr}"
        );
    }
    for (label, pipe) in [
        ("rule test", "tests/piped.txt"),
        ("rule test expectations", "tests/county-2023.yaml"),
    ] {
        let pack = root.join(format!("pack-{}", label.replace(' ', "-")));
        copy_example_pack(&pack);
        let _ = fs::remove_file(pack.join(pipe));
        mkfifo(&pack.join(pipe));
        let pack_arg = pack.to_string_lossy().into_owned();
        let (code, _, stderr) = run_bounded(root, &["rules", "test", &pack_arg]);
        assert_eq!(code, 2, "{label}: {stderr}");
        assert!(stderr.contains("命名管道"), "{label}: {stderr}");
    }
}

/// Errors from the glob and YAML libraries are told in Chinese: a bad
/// pattern on the command line, in `include`/`exclude` or in a waiver's
/// `file`, and an integer too large for any number type in a configuration
/// or rule file (before: “invalid range pattern”, “error parsing glob”,
/// “… as u128”).
#[test]
fn library_errors_are_told_in_chinese() {
    // Without the line breaks and frame of miette's wrapping.
    let flat = |text: &str| text.replace(['\n', '│', ' '], "");
    let english = |text: &str| {
        [
            "range pattern",
            "wildcard",
            "error parsing",
            "unclosed",
            "as u128",
            "as i128",
            "invalid ",
        ]
        .into_iter()
        .find(|word| text.contains(word))
    };
    let dir = scratch();
    let root = dir.path();
    fs::write(root.join("a.txt"), seed("seed_000.txt")).unwrap();
    for (pattern, wanted) in [
        ("[abc", "`[` 没有对应的 `]`"),
        ("[z-a].txt", "字符范围 z-a 无效"),
        ("a*{b.txt", "`{` 没有对应的 `}`"),
    ] {
        let (code, _, stderr) = run_bounded(root, &["check", "--no-config", pattern]);
        assert_eq!(code, 2, "{pattern}: {stderr}");
        assert!(stderr.contains("input::bad_pattern"), "{pattern}: {stderr}");
        assert!(flat(&stderr).contains(&flat(wanted)), "{pattern}: {stderr}");
        assert_eq!(english(&stderr), None, "{pattern}: {stderr}");
    }

    let config = |text: &str| {
        fs::write(root.join("reportlint.yaml"), text).unwrap();
        let (code, _, stderr) = run_bounded(root, &["check", "a.txt"]);
        assert_eq!(code, 3, "{text}: {stderr}");
        assert_eq!(english(&stderr), None, "{text}: {stderr}");
        stderr
    };
    let stderr = config("include: ['[abc', '[z-a].txt', 'a{b']\n");
    for wanted in [
        "`[` 没有对应的 `]`",
        "字符范围 z-a 无效",
        "`{` 没有对应的 `}`",
    ] {
        assert!(stderr.contains(wanted), "{wanted}: {stderr}");
    }
    let stderr = config("report:\n  year: 99999999999999999999999\n");
    assert!(
        stderr.contains("数值 99999999999999999999999 太大"),
        "{stderr}"
    );
    fs::write(
        root.join("waivers.yaml"),
        "waivers:\n  - rule: FZ001\n    file: '[abc'\n    fingerprint: 0123456789abcdef\n    reason: 测试\n",
    )
    .unwrap();
    let stderr = config("waivers: waivers.yaml\n");
    assert!(stderr.contains("`[` 没有对应的 `]`"), "{stderr}");
    fs::remove_file(root.join("reportlint.yaml")).unwrap();

    let pack = root.join("pack");
    copy_example_pack(&pack);
    fs::write(
        pack.join("extra.yaml"),
        "rules:\n  - id: SX900\n    title: 重复段落\n    severity: warning\n    message: 重复\n    check:\n      kind: duplicate\n      min_chars: 99999999999999999999999\n",
    )
    .unwrap();
    let (code, _, stderr) = run_bounded(root, &["check", "--rules", "pack", "a.txt"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("数值 99999999999999999999999 太大"),
        "{stderr}"
    );
    assert_eq!(english(&stderr), None, "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_does_not_block_the_walk() {
    let dir = scratch();
    let root = dir.path();
    fs::create_dir(root.join("reports")).unwrap();
    fs::write(root.join("reports/a.txt"), seed("seed_000.txt")).unwrap();
    fs::write(root.join("reports/c.txt"), seed("seed_001.txt")).unwrap();
    let status = Command::new("mkfifo")
        .arg(root.join("reports/b.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let (code, stdout, _) = run_bounded(root, &["check", "--format", "json", "reports"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let statuses: Vec<(&str, &str)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("reports/a.txt", "checked"),
            ("reports/b.txt", "error"),
            ("reports/c.txt", "checked")
        ]
    );
}

#[test]
fn encodings_are_recognised_and_said() {
    let report = seed("seed_002.txt");
    matrix_case(
        "utf-16 without BOM",
        write("utf16.txt", utf16le(&report)),
        Expect::Checked("UTF-16LE"),
    );
    matrix_case(
        "gbk",
        write("gbk.txt", encode(encoding_rs::GBK, &report)),
        Expect::Checked("GBK"),
    );
    let japanese =
        "令和5年度の行政報告書について。本市では、法に基づく行政運営を推進するため、さまざまな取り組みを行いました。\n"
            .repeat(20);
    let file = matrix_case(
        "shift-jis",
        write("sjis.txt", encode(encoding_rs::SHIFT_JIS, &japanese)),
        Expect::Checked("Shift_JIS"),
    );
    assert_eq!(file["encoding_uncertain"], true);
}

#[test]
fn a_stray_byte_is_a_warning_at_its_place() {
    let report = seed("seed_002.txt");
    let mut bytes = report.as_bytes().to_vec();
    let at = report.find('\n').unwrap() + 1;
    bytes.insert(at, 0xFF);
    let file = matrix_case(
        "invalid byte",
        write("stray.txt", bytes),
        Expect::Checked("UTF-8"),
    );
    let warnings: Vec<&Value> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-bytes")
        .collect();
    assert_eq!(warnings.len(), 1, "{file}");
    let w = warnings[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["text"], "\u{FFFD}");
    assert_eq!(w["line"], 2);
    let message = w["message"].as_str().unwrap();
    assert!(message.contains("0xFF"), "{message}");
    assert!(
        message.contains(&format!("第 {} 字节", at + 1)),
        "{message}"
    );
}

/// A UTF-8 file with a BOM is UTF-8 too: a stray byte in it is a warning,
/// not a refusal; and the byte named is the byte of the file, counting the
/// BOM and any NUL bytes dropped before decoding.
#[test]
fn a_stray_byte_after_a_bom_or_nuls_is_placed_in_the_file() {
    let report = seed("seed_002.txt");
    let line = report.find('\n').unwrap() + 1;
    for (label, bom, nul) in [
        ("bom", true, false),
        ("bom and nul", true, true),
        ("nul", false, true),
    ] {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(&report.as_bytes()[..line]);
        if nul {
            bytes.push(0);
        }
        let at = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice(&report.as_bytes()[line..]);
        let file = matrix_case(label, write("stray.txt", bytes), Expect::Checked("UTF-8"));
        let warnings: Vec<&Value> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "invalid-bytes")
            .collect();
        assert_eq!(warnings.len(), 1, "{label}: {file}");
        assert_eq!(warnings[0]["line"], 2, "{label}");
        let message = warnings[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("文件第 {} 字节", at + 1)),
            "{label}: {message}"
        );
    }
}

#[test]
fn a_huge_line_is_checked() {
    let line = "本县坚持依法行政，推进法治政府建设，".repeat(4_000);
    let text = format!("{}{line}\n", seed("seed_000.txt"));
    matrix_case(
        "huge line",
        write("long.txt", text.into_bytes()),
        Expect::Checked("UTF-8"),
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch();
    let root = dir.path();
    let name = std::ffi::OsStr::from_bytes(b"r\xff\\x.txt");
    fs::create_dir(root.join("in")).unwrap();
    if fs::write(root.join("in").join(name), seed("seed_000.txt")).is_err() {
        return; // A file system that only takes UTF-8 names.
    }
    let (_, stdout, _) = run_bounded(root, &["check", "--format", "json", "in"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "in/r\\xff\\\\x.txt");
    let (_, human, _) = run_bounded(root, &["check", "in"]);
    assert!(human.contains("in/r\\xff\\\\x.txt"), "{human}");
}

#[test]
fn the_runs_own_output_is_never_checked() {
    let dir = scratch();
    let root = dir.path();
    fs::write(root.join("a.txt"), seed("seed_000.txt")).unwrap();
    // `reportlint check . > 结果.txt`, twice: the second run must not check
    // the first run's output.
    for _ in 0..2 {
        let out = fs::File::create(root.join("结果.txt")).unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_reportlint"))
            .args(["check", "--format", "json", "."])
            .current_dir(root)
            .stdout(out)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1));
        let v: Value =
            serde_json::from_str(&fs::read_to_string(root.join("结果.txt")).unwrap()).unwrap();
        let paths: Vec<&str> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["./a.txt"]);
    }
    // An --output file of an earlier run is not checked either.
    fs::remove_file(root.join("结果.txt")).unwrap();
    fs::write(root.join("lint.txt"), "上次的结果").unwrap();
    let (_, stdout, _) = run_bounded(
        root,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "human=lint.txt",
            ".",
        ],
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./a.txt"]);
}

#[test]
fn an_output_named_as_a_report_is_refused_before_anything_is_written() {
    let dir = scratch();
    let root = dir.path();
    let text = seed("seed_000.txt");
    fs::write(root.join("a.txt"), &text).unwrap();
    let (code, stdout, stderr) = run_bounded(root, &["check", "--output", "json=a.txt", "a.txt"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("--output 指向要检查的报告 a.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("请换一个输出路径"), "{stderr}");
    assert_eq!(fs::read_to_string(root.join("a.txt")).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn links_to_folders_are_not_followed_but_links_to_files_are_read() {
    let dir = scratch();
    let root = dir.path();
    fs::create_dir(root.join("reports")).unwrap();
    fs::write(root.join("reports/a.txt"), seed("seed_000.txt")).unwrap();
    std::os::unix::fs::symlink("/", root.join("reports/disk")).unwrap();
    std::os::unix::fs::symlink(root.join("reports"), root.join("reports/again")).unwrap();
    std::os::unix::fs::symlink(root.join("reports/a.txt"), root.join("reports/b.txt")).unwrap();
    let (code, stdout, stderr) = run_bounded(root, &["check", "--format", "json", "reports"]);
    assert_eq!(code, 1, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["reports/a.txt", "reports/b.txt"]);
    assert!(
        stderr.contains("2 个指向文件夹的符号链接") && stderr.contains("未进入检查"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_inject_ci_commands_or_terminal_escapes() {
    let dir = scratch();
    let root = dir.path();
    fs::create_dir(root.join("in")).unwrap();
    let name = "r\n::error file=evil::pwned\u{1b}[2J.txt";
    fs::write(
        root.join("in").join(name),
        "2023年法治政府建设年度报告\n\n正文,有半角逗号。\n",
    )
    .unwrap();
    let (_, stdout, _) = run_bounded(root, &["check", "--format", "github", "in"]);
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    for line in stdout.lines() {
        assert!(
            !line.starts_with("::error file=evil"),
            "a name started a workflow command: {stdout}"
        );
    }
    assert!(
        stdout.contains("file=in/r\\x0a%3A%3Aerror file=evil%3A%3Apwned\\x1b[2J.txt,line="),
        "{stdout}"
    );
    let (_, human, _) = run_bounded(root, &["check", "in"]);
    assert!(!human.contains('\u{1b}'), "{human:?}");
}

/// Broken, cut-off and hostile OpenDocument and RTF files: each gets a
/// Chinese error naming it, and the reports around it are still checked.
#[test]
fn broken_odt_and_rtf_files_get_their_own_error() {
    let odt = fs::read(fixture("formats/odt/seed_000.odt")).unwrap();
    let rtf = fs::read(fixture("formats/rtf/seed_000.rtf")).unwrap();
    // content.xml cut off in the middle: a well-formed archive whose body
    // has elements left open.
    let cut_body = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", options).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        zip.start_file("content.xml", options).unwrap();
        zip.write_all("<office:document-content><office:body><office:text><text:p>正文".as_bytes())
            .unwrap();
        zip.finish().unwrap().into_inner()
    };
    let deep_rtf = format!("{{\\rtf1 {}}}", "{".repeat(1_000_000)).into_bytes();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "truncated odt",
            odt[..odt.len() / 2].to_vec(),
            "report.odt",
            "input::corrupt_document",
        ),
        (
            "odt body cut off",
            cut_body,
            "cut.odt",
            "input::corrupt_document",
        ),
        (
            "odt that is not a zip",
            "报告正文".as_bytes().to_vec(),
            "text.odt",
            "input::corrupt_document",
        ),
        (
            "truncated rtf",
            rtf[..rtf.len() / 2].to_vec(),
            "report.rtf",
            "input::corrupt_document",
        ),
        (
            "rtf nested a million groups deep",
            deep_rtf,
            "deep.rtf",
            "input::corrupt_document",
        ),
        (
            "rtf with no text",
            b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par\\par}".to_vec(),
            "blank.rtf",
            "input::empty",
        ),
    ];
    for (label, bytes, name, code) in cases {
        let name: &'static str = Box::leak(name.to_string().into_boxed_str());
        let file = matrix_case(label, write(name, bytes), Expect::Error(code));
        let message = file["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("RTF") || message.contains("OpenDocument"),
            "{label}: names the format: {message}"
        );
    }
}

/// PDFs that cannot be read each say why, and the files around them are
/// checked.
#[test]
fn unreadable_pdfs_get_their_own_error() {
    use crate::format_pdf::{encrypted, pdf_bomb, scanned_pdf};
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "scanned pdf",
            scanned_pdf(),
            "scan.pdf",
            "input::pdf_scanned",
        ),
        (
            "pdf with an opening password",
            encrypted("owner", "user"),
            "locked.pdf",
            "input::pdf_encrypted",
        ),
        (
            "pdf stream bomb",
            pdf_bomb(16),
            "bomb.pdf",
            "input::too_large",
        ),
    ];
    for (label, bytes, name, code) in cases {
        let name: &'static str = Box::leak(name.to_string().into_boxed_str());
        matrix_case(label, write(name, bytes), Expect::Error(code));
    }
}
