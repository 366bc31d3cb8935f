//! README's exit-code table, row by row, in every output format, with and
//! without extra `--output` files: the code depends on the run, never on the
//! format.

use std::fs;

use crate::helpers::*;

const FORMATS: [&str; 6] = ["human", "json", "sarif", "junit", "github", "summary"];

/// Runs `check` with `extra` in each format (and once more writing every
/// other format with `--output`) and asserts the code.
fn assert_code_in_every_format(extra: &[&str], code: i32) {
    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let mut args = vec!["check", "--format", format];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, code, "--format {format} {extra:?}\n{}", r.stderr);

        let outputs: Vec<String> = FORMATS
            .iter()
            .filter(|f| **f != format)
            .map(|f| format!("{f}={}", dir.path().join(format!("out.{f}")).display()))
            .collect();
        let mut args = vec!["check", "--format", format];
        for o in &outputs {
            args.extend(["--output", o.as_str()]);
        }
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, code, "--format {format} with --output {extra:?}");
    }
}

/// The rows of the table in README.md, as (code, meaning).
fn readme_rows() -> Vec<(i32, String)> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("## 退出码")
        .nth(1)
        .expect("README has an exit-code section");
    table
        .lines()
        .skip_while(|l| !l.starts_with("| 退出码"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].parse().unwrap(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn readme_table_has_the_rows_tested_here() {
    let rows = readme_rows();
    let codes: Vec<i32> = rows.iter().map(|r| r.0).collect();
    // 130 (an interrupted --fix) is tested in
    // fix::ctrl_c_and_termination_remove_the_temporary_files_in_flight.
    assert_eq!(codes, [0, 1, 2, 3, 130], "a new row needs a test");
    assert!(rows[3].1.contains("配置文件") && rows[3].1.contains("豁免文件"));
}

#[test]
fn row_0_nothing_reaches_the_threshold() {
    assert_code_in_every_format(&["tests/fixtures/extra/clean_county_2024.txt"], 0);
    // Warnings only, default threshold error.
    assert_code_in_every_format(&["tests/fixtures/extra/clean_department_2023.txt"], 0);
    // Findings, but --exit-zero.
    assert_code_in_every_format(&["--exit-zero", "tests/fixtures/seed_003.txt"], 0);
}

#[test]
fn row_1_findings_at_the_threshold() {
    assert_code_in_every_format(&["tests/fixtures/seed_003.txt"], 1);
    assert_code_in_every_format(
        &[
            "--fail-on",
            "warning",
            "tests/fixtures/extra/clean_department_2023.txt",
        ],
        1,
    );
}

#[test]
fn row_2_usage_errors_and_unreadable_files() {
    // A file that cannot be read wins over findings, and over --exit-zero.
    assert_code_in_every_format(
        &["tests/fixtures/missing.txt", "tests/fixtures/seed_003.txt"],
        2,
    );
    assert_code_in_every_format(&["--exit-zero", "tests/fixtures/missing.txt"], 2);
    for format in FORMATS {
        let r = run(&["check", "--format", format, "--no-such-flag", "a.txt"]);
        assert_eq!(r.code, 2, "{format}");
        let r = run(&[
            "check",
            "--format",
            format,
            "--output",
            "json=no/such/dir/x.json",
            "tests/fixtures/seed_003.txt",
        ]);
        assert_eq!(r.code, 2, "{format}");
    }
}

#[test]
fn row_3_broken_pack_configuration_or_waiver_file() {
    assert_code_in_every_format(
        &[
            "--rules",
            "tests/bad_packs/syntax",
            "tests/fixtures/seed_003.txt",
        ],
        3,
    );
    let dir = scratch();
    let config = dir.path().join("reportlint.yaml");
    fs::write(&config, "pakc: builtin\n").unwrap();
    let config = config.display().to_string();
    assert_code_in_every_format(&["--config", &config, "tests/fixtures/seed_003.txt"], 3);
    let waivers = dir.path().join("waivers.yaml");
    fs::write(
        &waivers,
        "waivers:\n  - rule: FZ002\n    file: x.txt\n    fingerprint: 0123456789abcdef\n",
    )
    .unwrap();
    let waivers = waivers.display().to_string();
    assert_code_in_every_format(
        &[
            "--exit-zero",
            "--waivers",
            &waivers,
            "tests/fixtures/seed_003.txt",
        ],
        3,
    );
}

#[test]
fn an_unused_waiver_is_a_warning_for_the_threshold() {
    let dir = scratch();
    let report = copy_seed(dir.path(), "tests/fixtures/extra/clean_county_2024.txt");
    fs::write(
        dir.path().join("w.yaml"),
        "waivers:\n  - rule: FZ002\n    file: clean_county_2024.txt\n    fingerprint: 0123456789abcdef\n    reason: 测试\n",
    )
    .unwrap();
    let w = dir.path().join("w.yaml").display().to_string();
    let report = report.display().to_string();
    assert_code_in_every_format(&["--waivers", &w, &report], 0);
    assert_code_in_every_format(&["--fail-on", "warning", "--waivers", &w, &report], 1);
}
