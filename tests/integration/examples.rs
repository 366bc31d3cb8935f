//! The CI examples in examples/ci/ and the pre-commit hook: each is parsed,
//! and the reportlint command it runs is run on seed reports.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::helpers::*;

/// Runs a shell command line as a CI runner would, with `reportlint` being
/// the binary under test, in `dir`.
fn shell(dir: &Path, line: &str) -> i32 {
    let bin = env!("CARGO_BIN_EXE_reportlint");
    let line = line.replacen("reportlint ", &format!("'{bin}' "), 1);
    Command::new("sh")
        .arg("-c")
        .arg(&line)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sh")
        .status
        .code()
        .unwrap_or(-1)
}

/// A repository holding the five seeds under reports/.
fn repository() -> tempfile::TempDir {
    let dir = scratch();
    let reports = dir.path().join("reports");
    fs::create_dir(&reports).unwrap();
    for seed in SEEDS {
        copy_seed(&reports, seed);
    }
    dir
}

fn read_yaml(path: &str) -> Value {
    yaml(&fs::read_to_string(root().join(path)).unwrap())
}

#[test]
fn github_actions_workflow_uploads_the_sarif_it_writes() {
    let workflow = read_yaml("examples/ci/github-actions.yml");
    assert_eq!(workflow["permissions"]["security-events"], "write");
    let steps = workflow["jobs"]["reportlint"]["steps"].as_array().unwrap();
    let check = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.starts_with("reportlint check"))
        .expect("a step runs reportlint check");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a step uploads SARIF");
    assert_eq!(upload["if"], "always()", "upload even when the check fails");
    let sarif = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(check.contains(&format!("--output sarif={sarif}")));

    let dir = repository();
    assert_eq!(shell(dir.path(), check), 1, "the seeds have errors");
    let log: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join(sarif)).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("reports/")
    ));
}

#[test]
fn gitlab_job_publishes_the_junit_it_writes() {
    let ci = read_yaml("examples/ci/gitlab-ci.yml");
    let job = &ci["reportlint"];
    let script = job["script"].as_array().unwrap();
    let check = script
        .iter()
        .filter_map(Value::as_str)
        .find(|r| r.starts_with("reportlint check"))
        .expect("the job runs reportlint check");
    assert_eq!(job["artifacts"]["when"], "always");
    let junit = job["artifacts"]["reports"]["junit"].as_str().unwrap();
    assert!(check.contains(&format!("--output junit={junit}")));

    let dir = repository();
    assert_eq!(shell(dir.path(), check), 1);
    let xml = fs::read_to_string(dir.path().join(junit)).unwrap();
    let suites = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    assert_eq!(suites.suites.len(), 5);
    assert!(suites.failures > 0);
}

/// `major.minor` of a Rust version, for comparing.
fn rust_version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn the_gitlab_image_can_build_the_crate() {
    // The image's Rust is at least the crate's rust-version: an older one
    // cannot build the dependencies (`cargo install --locked` refuses).
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml declares rust-version")
        .trim_matches('"');
    let ci = read_yaml("examples/ci/gitlab-ci.yml");
    let image = ci["reportlint"]["image"].as_str().unwrap();
    let image = image.strip_prefix("rust:").expect("a rust image");
    assert!(
        rust_version(image) >= rust_version(declared),
        "image rust:{image} is older than rust-version {declared}"
    );
}

#[test]
fn pre_commit_hook_runs_on_the_files_it_selects() {
    let hooks = read_yaml(".pre-commit-hooks.yaml");
    let hook = &hooks.as_array().unwrap()[0];
    assert_eq!(hook["id"], "reportlint");
    assert_eq!(
        hook["language"], "rust",
        "built from this repository's Cargo.toml"
    );
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    assert!(files.is_match("reports/2023/报告.txt"));
    assert!(!files.is_match("README.md"));
    let mut line = hook["entry"].as_str().unwrap().to_string();
    for arg in hook["args"].as_array().unwrap() {
        line.push(' ');
        line.push_str(arg.as_str().unwrap());
    }
    assert!(line.starts_with("reportlint check"));

    let dir = repository();
    assert_eq!(
        shell(dir.path(), &format!("{line} reports/seed_003.txt")),
        1
    );
    fs::write(
        dir.path().join("reports/clean.txt"),
        fs::read_to_string(root().join("tests/fixtures/extra/clean_county_2024.txt")).unwrap(),
    )
    .unwrap();
    assert_eq!(shell(dir.path(), &format!("{line} reports/clean.txt")), 0);
    let cargo = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"reportlint\""));
}
