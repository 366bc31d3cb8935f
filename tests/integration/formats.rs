//! The output formats: SARIF validated against the official 2.1.0 schema,
//! JUnit read back with a JUnit reader, GitHub annotation lines pinned, and
//! several formats from one run.

use std::fs;

use serde_json::Value;

use crate::helpers::*;

fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap();
    // The schema's `language` patterns have a stray `]` (`…[a-zA-Z]{2}]?$`),
    // which strict ECMA-262 checking of the schema itself rejects. Their
    // intent (“en” or “en-US”) is restored in memory; the vendored file stays
    // as published, and our output has no `language`.
    let text = text.replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$",
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::new(&schema).expect("the vendored SARIF schema compiles")
}

fn sarif(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let r = run(&all);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("SARIF did not parse ({e}):\n{}\n{}", r.stdout, r.stderr));
    (v, r.code)
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sarif_of_every_seed_is_valid_and_matches_the_json() {
    let validator = sarif_validator();
    for seed in SEEDS {
        let (log, code) = sarif(&[seed]);
        assert_valid(&validator, &log, seed);
        let (json, json_code) = single(seed);
        assert_eq!(code, json_code, "{seed}: same exit code in every format");

        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        let findings = findings(&json);
        assert_eq!(results.len(), findings.len(), "{seed}");
        let text = fs::read_to_string(root().join(seed)).unwrap();
        for (r, f) in results.iter().zip(&findings) {
            assert_eq!(r["ruleId"], f["rule"]);
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                rules[index]["id"], f["rule"],
                "ruleIndex points at the rule"
            );
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], seed, "relative path");
            let region = &loc["region"];
            assert_eq!(region["startLine"], f["line"]);
            assert_eq!(region["startColumn"], f["column"]);
            assert_eq!(region["endLine"], f["end_line"]);
            assert_eq!(region["endColumn"], f["end_column"]);
            // charOffset/charLength count code points, like the columns.
            let (start, end) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                region["charOffset"].as_u64().unwrap() as usize,
                text[..start].chars().count()
            );
            assert_eq!(
                region["charLength"].as_u64().unwrap() as usize,
                text[start..end].chars().count()
            );
            assert_eq!(
                r["partialFingerprints"]["reportlint/v1"], f["fingerprint"],
                "the fingerprint a waiver names"
            );
            let labels = f["labels"].as_array().unwrap().len();
            assert_eq!(
                r["relatedLocations"].as_array().map_or(0, Vec::len),
                labels - 1,
                "secondary labels are related locations"
            );
            assert_eq!(r["fixes"].is_array(), !f["fix"].is_null());
        }
    }
    // All five in one run: one run object, each rule listed once.
    let mut args = vec![];
    args.extend_from_slice(&SEEDS);
    let (log, _) = sarif(&args);
    assert_valid(&validator, &log, "all seeds");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let ids: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
    assert!(ids.contains(&"FZ002"));
}

#[test]
fn sarif_rules_carry_chinese_help_and_levels_and_fixes_are_replacements() {
    let (log, _) = sarif(&["tests/fixtures/seed_000.txt"]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let fz002 = rules.iter().find(|r| r["id"] == "FZ002").unwrap();
    assert_eq!(fz002["defaultConfiguration"]["level"], "error");
    assert!(fz002["help"]["text"]
        .as_str()
        .unwrap()
        .contains("不足和原因"));
    assert!(fz002["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("原因"));
    let fz023 = rules.iter().find(|r| r["id"] == "FZ023").unwrap();
    assert_eq!(fz023["defaultConfiguration"]["level"], "warning");
    let fixed = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fixes"].is_array())
        .expect("seed 000 has a finding with a fix");
    let replacement = &fixed["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert!(replacement["deletedRegion"]["charOffset"].is_u64());
    assert!(replacement["insertedContent"]["text"].is_string());
    assert!(
        !log.to_string().contains(root().to_str().unwrap()),
        "no absolute paths"
    );
}

#[test]
fn sarif_lists_unreadable_files_as_notifications() {
    let (log, code) = sarif(&["tests/fixtures/missing.txt", "tests/fixtures/seed_003.txt"]);
    assert_eq!(code, 2);
    assert_valid(&sarif_validator(), &log, "with a missing file");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let n = &invocation["toolExecutionNotifications"][0];
    assert_eq!(n["descriptor"]["id"], "input::not_found");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/missing.txt"
    );
}

fn junit(args: &[&str]) -> (junit_parser::TestSuites, String, i32) {
    let mut all = vec!["check", "--format", "junit"];
    all.extend_from_slice(args);
    let r = run(&all);
    let suites = junit_parser::from_reader(std::io::Cursor::new(r.stdout.as_bytes()))
        .unwrap_or_else(|e| panic!("JUnit did not parse ({e}):\n{}", r.stdout));
    (suites, r.stdout, r.code)
}

#[test]
fn junit_parses_with_one_suite_per_report_and_one_case_per_rule() {
    let rule_count = run(&["rules", "list"]).stdout.lines().count() as u64;
    let mut args = vec![];
    args.extend_from_slice(&SEEDS);
    let (suites, _, code) = junit(&args);
    assert_eq!(code, 1);
    assert_eq!(suites.suites.len(), 5);
    let (json, _) = json(&args);
    for (suite, file) in suites.suites.iter().zip(json["files"].as_array().unwrap()) {
        assert_eq!(suite.name, file["path"].as_str().unwrap());
        assert_eq!(suite.tests, rule_count, "{}", suite.name);
        assert_eq!(suite.cases.len() as u64, rule_count);
        // A case fails when its rule has a finding at the fail threshold
        // (error by default).
        let mut failing: Vec<String> = by_severity(file, "error");
        failing.sort();
        failing.dedup();
        assert_eq!(suite.failures, failing.len() as u64, "{}", suite.name);
        for case in &suite.cases {
            let rule = case.original_name.split(' ').next().unwrap();
            assert_eq!(
                case.status.is_failure(),
                failing.iter().any(|r| r == rule),
                "{} {}",
                suite.name,
                case.original_name
            );
            if case.status.is_failure() {
                let failure = case.status.failure_as_ref();
                let located = format!("{}:", suite.name);
                assert!(failure.message.starts_with(&located), "{}", failure.message);
                assert!(failure.text.contains(&format!("[{rule}]")));
                assert!(failure.failure_type.starts_with(rule));
            }
        }
    }
    assert_eq!(
        suites.failures,
        suites.suites.iter().map(|s| s.failures).sum::<u64>()
    );

    // Warnings fail the cases too when they fail the run.
    let (strict, _, code) = junit(&["--fail-on", "warning", SEEDS[0]]);
    assert_eq!(code, 1);
    let (default, _, _) = junit(&[SEEDS[0]]);
    assert!(strict.suites[0].failures > default.suites[0].failures);
}

fn by_severity(file: &Value, severity: &str) -> Vec<String> {
    findings(file)
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn junit_reports_an_unreadable_file_as_an_error_and_escapes_text() {
    let dir = scratch();
    let pdf = dir.path().join("a&b <1>.pdf");
    fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let pdf = pdf.display().to_string();
    let (suites, xml, code) = junit(&[&pdf, "tests/fixtures/extra/clean_county_2024.txt"]);
    assert_eq!(code, 2);
    assert!(xml.contains("a&amp;b &lt;1&gt;.pdf"));
    assert_eq!(suites.errors, 1);
    let case = &suites.suites[0].cases[0];
    assert!(case.status.is_error());
    assert_eq!(case.status.error_as_ref().error_type, "input::pdf");
    assert_eq!(suites.suites[1].failures, 0);
}

#[test]
fn github_annotations_for_seed_003_are_pinned() {
    let r = run(&["check", "--format", "github", "tests/fixtures/seed_003.txt"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn github_levels_follow_severity_and_properties_are_escaped() {
    let dir = scratch();
    let report = dir.path().join("报告,第1版:终稿.txt");
    fs::copy(root().join("tests/fixtures/seed_000.txt"), &report).unwrap();
    fs::write(
        dir.path().join("reportlint.yaml"),
        "severity:\n  FZ023: info\n  FZ002: warning\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--format", "github", "报告,第1版:终稿.txt"],
    );
    assert!(r.stdout.lines().all(|l| l.starts_with("::")));
    assert!(r
        .stdout
        .contains("::error file=报告%2C第1版%3A终稿.txt,line="));
    assert!(r.stdout.contains("::warning file="));
    assert!(r.stdout.contains("::notice file="), "info → notice");
    assert!(r.stdout.contains(",title=FZ023 "));
    for line in r.stdout.lines() {
        let message = line.splitn(3, "::").nth(2).unwrap();
        assert!(!message.contains('\n'));
    }
}

#[test]
fn one_run_writes_several_formats_with_one_exit_code() {
    let dir = scratch();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let outputs = [
        format!("sarif={}", out("r.sarif")),
        format!("junit={}", out("r.xml")),
        format!("github={}", out("r.github")),
        format!("summary={}", out("r.summary")),
        format!("human={}", out("r.txt")),
        format!("json={}", out("r.json")),
    ];
    let mut args = vec!["check", "--format", "json"];
    for o in &outputs {
        args.extend(["--output", o.as_str()]);
    }
    args.extend(["tests/fixtures/seed_003.txt", "tests/fixtures/seed_004.txt"]);
    let r = run(&args);
    assert_eq!(r.code, 1);
    let stdout: Value = serde_json::from_str(&r.stdout).unwrap();
    let file: Value = serde_json::from_str(&fs::read_to_string(out("r.json")).unwrap()).unwrap();
    assert_eq!(stdout, file);
    let log: Value = serde_json::from_str(&fs::read_to_string(out("r.sarif")).unwrap()).unwrap();
    assert_valid(&sarif_validator(), &log, "--output sarif");
    let xml = fs::read_to_string(out("r.xml")).unwrap();
    assert_eq!(
        junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes()))
            .unwrap()
            .suites
            .len(),
        2
    );
    assert!(fs::read_to_string(out("r.github"))
        .unwrap()
        .starts_with("::error"));
    assert!(fs::read_to_string(out("r.summary"))
        .unwrap()
        .contains("seed_004.txt"));
    let human = fs::read_to_string(out("r.txt")).unwrap();
    assert!(
        human.contains("FZ002（错误）") && !human.contains('\u{1b}'),
        "no colour in files"
    );
    // No temporary files left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
}

#[test]
fn a_bad_output_is_a_clear_error_before_anything_is_checked() {
    let r = run(&[
        "check",
        "--output",
        "sarif=no/such/dir/r.sarif",
        "tests/fixtures/seed_003.txt",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("目录 no/such/dir 不存在"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing checked");

    let r = run(&[
        "check",
        "--output",
        "xml=r.xml",
        "tests/fixtures/seed_003.txt",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("未知的输出格式“xml”"), "{}", r.stderr);
    // Every format is offered, csv included.
    assert!(
        r.stderr
            .contains("可用：human、json、sarif、junit、github、summary、csv"),
        "{}",
        r.stderr
    );

    let r = run(&["check", "--output", "sarif", "tests/fixtures/seed_003.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("格式=路径"), "{}", r.stderr);

    let r = run(&[
        "check",
        "--output",
        "json=tests",
        "tests/fixtures/seed_003.txt",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("这是一个目录"), "{}", r.stderr);
}

#[test]
fn statistics_count_findings_per_rule() {
    let mut args = vec!["check", "--statistics"];
    args.extend_from_slice(&SEEDS);
    let r = run(&args);
    assert_eq!(r.code, 1, "the exit code does not change");
    let (json_out, _) = json(&SEEDS);
    let mut expected: std::collections::BTreeMap<String, usize> = Default::default();
    for file in json_out["files"].as_array().unwrap() {
        for f in findings(file) {
            *expected
                .entry(f["rule"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    // One line per rule and severity: a rule may report at two (FZ001 an
    // error when the content is absent, a warning when it has no part of
    // its own).
    for (rule, count) in &expected {
        let shown: usize = r
            .stdout
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(rule.as_str()))
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(shown, *count, "{rule}:\n{}", r.stdout);
    }
    let total: usize = expected.values().sum();
    assert!(r.stdout.ends_with(&format!("共 {total} 个问题\n")));

    let mut args = vec!["check", "--statistics", "--format", "json"];
    args.extend_from_slice(&SEEDS);
    let stats: Value = serde_json::from_str(&run(&args).stdout).unwrap();
    let sum: u64 = stats
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, total);
}

#[test]
fn quiet_prints_only_findings() {
    let clean = "tests/fixtures/extra/clean_county_2024.txt";
    let r = run(&["check", "--quiet", clean]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(&["check", "-q", clean, "tests/fixtures/seed_003.txt"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("FZ002（错误）"));
    assert!(!r.stdout.contains("个错误"), "no summary lines");
    let r = run(&[
        "check",
        "--format",
        "summary",
        "-q",
        clean,
        "tests/fixtures/seed_003.txt",
    ]);
    assert!(!r.stdout.contains("clean_county"));
    assert!(r.stdout.contains("seed_003"));
}

#[test]
fn summary_marks_missing_sections() {
    let mut args = vec!["check", "--format", "summary"];
    args.extend_from_slice(&SEEDS);
    let r = run(&args);
    let row = r.stdout.lines().find(|l| l.contains("seed_003")).unwrap();
    assert!(row.contains('✘'), "{row}");
    assert!(r.stdout.lines().any(|l| l.starts_with("报告")));
}

#[test]
fn sarif_uris_of_chinese_file_names_are_percent_encoded() {
    let dir = scratch();
    fs::copy(
        root().join("tests/fixtures/seed_003.txt"),
        dir.path().join("城口 2021.txt"),
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "--format", "sarif", "城口 2021.txt"]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_valid(&sarif_validator(), &log, "Chinese file name");
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E5%9F%8E%E5%8F%A3%202021.txt"
    );
}
