//! The reviewer's workflow as README shows it: one command over a folder of
//! reports in mixed formats writes the HTML review report, the spreadsheet
//! and an annotated Word document per report; checking the folders again
//! leaves those outputs out.

use std::fs;

use crate::helpers::*;

/// The arguments of README's workflow command (`cargo run --release -- …`).
fn readme_command() -> Vec<String> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| {
            l.starts_with("cargo run --release -- check 收到的报告/") && l.contains("--annotate")
        })
        .expect("README shows the workflow command");
    line["cargo run --release -- ".len()..]
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_folder_of_mixed_reports_gives_every_review_material() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收到的报告");
    fs::create_dir(&inbox).unwrap();
    let reports = [
        "seed_000.txt",
        "formats/pdf/seed_001.pdf",
        "formats/doc/seed_002.doc",
        "formats/ofd/seed_003.ofd",
        "formats/odt/seed_004.odt",
        "variants/seed_000.lo.docx",
    ];
    for (i, r) in reports.iter().enumerate() {
        let name = format!("单位{i}_{}", r.rsplit('/').next().unwrap());
        fs::copy(fixture(r), inbox.join(name)).unwrap();
    }
    let args = readme_command();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run_in(dir.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("完整性一览"), "{}", r.stdout);

    let index = fs::read_to_string(dir.path().join("审核/index.html")).unwrap();
    assert!(
        index.matches("index_files/").count() >= reports.len(),
        "{index}"
    );
    let pages = fs::read_dir(dir.path().join("审核/index_files"))
        .unwrap()
        .count();
    assert_eq!(pages, reports.len());
    assert!(fs::read(dir.path().join("汇总.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    let mut annotated: Vec<String> = fs::read_dir(dir.path().join("批注"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    annotated.sort();
    assert_eq!(annotated.len(), reports.len(), "{annotated:?}");
    assert!(annotated.iter().all(|n| n.ends_with(".审核.docx")));

    // Checking everything again: only the reports are read.
    let (v, _) = json(&[dir.path().to_str().unwrap()]);
    assert_eq!(v["files"].as_array().unwrap().len(), reports.len(), "{v}");
}
