//! Exit codes and bad input: each documented row is tested, in every format.

use std::fs;

use crate::helpers::*;

#[test]
fn exit_1_on_findings_in_every_format() {
    for format in ["human", "json"] {
        let r = run(&["check", "--format", format, "tests/fixtures/seed_003.txt"]);
        assert_eq!(r.code, 1, "{format}");
    }
}

#[test]
fn exit_2_on_bad_input_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "  \n").unwrap();
    let pdf = dir.path().join("report.pdf");
    fs::write(&pdf, b"%PDF-1.7\n...").unwrap();
    let corrupt = dir.path().join("broken.docx");
    fs::write(&corrupt, b"PK\x03\x04 truncated").unwrap();
    let missing = dir.path().join("missing.txt");
    let seed = fixture("seed_003.txt");
    let args: Vec<String> = [&empty, &pdf, &corrupt, &missing, &seed]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();

    let (v, code) = json(&refs);
    assert_eq!(code, 2);
    let files = v["files"].as_array().unwrap();
    let codes: Vec<&str> = files[..4]
        .iter()
        .map(|f| f["error"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "input::empty",
            "input::pdf",
            "input::corrupt_docx",
            "input::not_found"
        ]
    );
    assert_eq!(files[4]["status"], "checked");
    assert!(!findings(&files[4]).is_empty());
    assert_eq!(
        (
            v["summary"]["failed"].as_u64(),
            v["summary"]["checked"].as_u64()
        ),
        (Some(4), Some(1))
    );

    let mut human = vec!["check"];
    human.extend_from_slice(&refs);
    let r = run(&human);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("文件为空"), "{}", r.stderr);
    assert!(r.stderr.contains("PDF"));
    assert!(r.stderr.contains("Word 文档已损坏"));
    assert!(r.stderr.contains("文件不存在"));
    assert!(r.stdout.contains("seed_003.txt：3 个错误，1 个警告"));
}

#[test]
fn year_option_overrides_the_title() {
    let (f, _) = json(&["--year", "2022", "tests/fixtures/seed_000.txt"]);
    let f = &f["files"][0];
    assert_eq!(
        (f["report_year"].as_u64(), f["year_source"].as_str()),
        (Some(2022), Some("option"))
    );
    assert!(by_rule(f, "FZ004")[0]["message"]
        .as_str()
        .unwrap()
        .contains("2023"));
}

#[test]
fn json_positions_are_bytes_and_characters() {
    let (f, _) = single("tests/fixtures/seed_001.txt");
    let text = fs::read_to_string(fixture("seed_001.txt")).unwrap();
    for x in findings(&f) {
        let (start, end) = (
            x["start"].as_u64().unwrap() as usize,
            x["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], x["text"].as_str().unwrap());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        assert_eq!(x["column"].as_u64().unwrap() as usize, column);
        assert_eq!(
            x["line"].as_u64().unwrap() as usize,
            text[..start].matches('\n').count() + 1
        );
    }
    assert_eq!(
        f["schema"],
        serde_json::Value::Null,
        "schema is at the top level"
    );
}

/// A file the system fails to read is reported in Chinese, without the
/// system's English message as a cause.
#[cfg(target_os = "linux")]
#[test]
fn unreadable_special_files_are_reported_in_chinese() {
    let r = run(&["check", "/proc/self/mem"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("/proc/self/mem：无法读取（读写设备时出错"),
        "{}",
        r.stderr
    );
    for english in ["os error", "Input/output", "╰─▶"] {
        assert!(!r.stderr.contains(english), "{}", r.stderr);
    }
}

/// Every message that lists the output formats lists all of them: the
/// `--output` error is built from the same list as `--format`'s values and
/// README's table (before, it left out csv).
#[test]
fn every_list_of_formats_names_every_format() {
    let listed = |stderr: &str, after: &str| -> Vec<String> {
        let rest =
            &stderr[stderr.find(after).unwrap_or_else(|| panic!("{stderr}")) + after.len()..];
        rest.lines()
            .next()
            .unwrap()
            .split('、')
            .map(|s| s.trim().to_string())
            .collect()
    };
    let by_format = listed(
        &run(&["check", "--format", "xml", "a.txt"]).stderr,
        "可取的值：",
    );
    let by_output = listed(
        &run(&["check", "--output", "xml=x", "a.txt"]).stderr,
        "可用：",
    );
    assert_eq!(by_output, by_format);
    assert!(by_format.contains(&"csv".to_string()), "{by_format:?}");
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `--format <格式>`"))
        .unwrap();
    for name in &by_format {
        assert!(
            row.contains(&format!("`{name}`")),
            "README --format row lacks {name}"
        );
    }
}
