//! Human output a person can read: errors first, each rule's first few
//! places and a count of the rest (`--show-all` for everything), the rules
//! that run chosen with `--select`/`--ignore`, and `--min-severity` for what
//! is shown.

use std::fs;

use super::helpers::*;

const EXAMPLE: &str = "examples/reports/boshan-2022.txt";

/// The diagnostics in a human output: the lines that open one (“  × …”,
/// “  ⚠ …”, “  ☞ …”).
fn heads(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| ["  × ", "  ⚠ ", "  ☞ "].iter().any(|h| l.starts_with(h)))
        .collect()
}

/// The rule ids of a file's findings in a JSON output.
fn rules(file: &serde_json::Value) -> Vec<String> {
    findings(file)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_example_report_fits_a_screenful_or_two_with_its_error_first() {
    let r = run(&["check", "--color", "never", EXAMPLE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.len() <= 150, "{} lines:\n{}", lines.len(), r.stdout);
    let error = lines
        .iter()
        .position(|l| l.starts_with("  × "))
        .expect("the error is shown");
    assert!(error < 40, "the error is on line {}", error + 1);
    // Errors before every warning.
    let first_warning = lines.iter().position(|l| l.starts_with("  ⚠ ")).unwrap();
    assert!(error < first_warning);

    // Every rule that fired is shown at least once; FZ042 shows three
    // paragraphs and counts the rest, with its help once.
    let (file, _) = single(EXAMPLE);
    let all = rules(&file);
    for rule in &all {
        assert!(r.stdout.contains(&format!("{rule}（")), "{rule} shown");
    }
    let fz042 = all.iter().filter(|r| *r == "FZ042").count();
    assert_eq!(r.stdout.matches("FZ042（警告）").count(), 3);
    let places: usize = findings(&file)
        .iter()
        .filter(|f| f["rule"] == "FZ042")
        .map(|f| {
            let m = f["message"].as_str().unwrap();
            let n = m
                .split("本段共")
                .nth(1)
                .unwrap()
                .split('处')
                .next()
                .unwrap();
            n.parse::<usize>().unwrap()
        })
        .sum();
    let line = format!(
        "FZ042 另有 {} 段未显示（本规则共 {fz042} 段、{places} 处）；--fix 可一次改正，--show-all 显示全部",
        fz042 - 3
    );
    assert!(r.stdout.contains(&line), "{line}\n{}", r.stdout);
    assert_eq!(
        r.stdout.matches("GB/T 15834-2011《标点符号用法》").count(),
        1
    );
    assert!(r.stdout.contains("（此处只标出前 3 处）"));
    assert!(r
        .stdout
        .contains("examples/reports/boshan-2022.txt：1 个错误，31 个警告，0 个提示"));
}

#[test]
fn show_all_prints_every_finding_and_every_help() {
    let folded = run(&["check", "--color", "never", EXAMPLE]);
    let r = run(&["check", "--color", "never", "--show-all", EXAMPLE]);
    assert_eq!(r.code, folded.code);
    let (file, _) = single(EXAMPLE);
    let n = findings(&file).len();
    assert_eq!(heads(&r.stdout).len(), n, "one diagnostic per finding");
    let fz042 = rules(&file).iter().filter(|r| *r == "FZ042").count();
    assert_eq!(
        r.stdout.matches("GB/T 15834-2011《标点符号用法》").count(),
        fz042,
        "the help with each finding"
    );
    assert!(!r.stdout.contains("段未显示"));
    assert!(!r.stdout.contains("此处只标出"));
    assert!(r.stdout.lines().count() > 1000);
    // Still errors first.
    assert!(heads(&r.stdout)[0].starts_with("  × "));
}

#[test]
fn no_fix_hint_for_a_report_fix_cannot_write_back() {
    // The same report as GBK text: --fix refuses it, so the count line does
    // not offer it.
    let dir = scratch();
    let text = fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    fs::write(dir.path().join("r.txt"), &gbk).unwrap();
    let r = run_in(dir.path(), &["check", "--color", "never", "r.txt"]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("FZ042 另有"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(!line.contains("--fix"), "{line}");
    assert!(line.ends_with("--show-all 显示全部"), "{line}");
}

#[test]
fn select_and_ignore_choose_the_rules_that_run() {
    // Only FZ042: warnings only, so the default --fail-on error passes.
    let (v, code) = json(&["--select", "FZ042", EXAMPLE]);
    let got = rules(&v["files"][0]);
    assert!(
        !got.is_empty() && got.iter().all(|r| r == "FZ042"),
        "{got:?}"
    );
    assert_eq!(code, 0);
    let r = run(&["check", "--select", "FZ042", EXAMPLE]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("FZ002"));

    // The one error ignored: exit 0; selected: exit 1.
    let (v, code) = json(&["--ignore", "FZ002", EXAMPLE]);
    assert!(!rules(&v["files"][0]).contains(&"FZ002".to_string()));
    assert_eq!(code, 0);
    assert_eq!(json(&["--select", "FZ002", EXAMPLE]).1, 1);

    // A prefix, less one rule; comma-separated or repeated, any case.
    let (v, _) = json(&["--select", "FZ04", "--ignore", "FZ042", EXAMPLE]);
    let got = rules(&v["files"][0]);
    assert!(got.iter().all(|r| r.starts_with("FZ04") && r != "FZ042"));
    let (a, _) = json(&["--select", "FZ002,fz023", EXAMPLE]);
    let (b, _) = json(&["--select", "FZ002", "--select", "FZ023", EXAMPLE]);
    assert_eq!(rules(&a["files"][0]), rules(&b["files"][0]));
    assert_eq!(
        {
            let mut r = rules(&a["files"][0]);
            r.sort();
            r.dedup();
            r
        },
        ["FZ002", "FZ023"]
    );

    // A rule kind; the more specific selector wins over it.
    let (v, _) = json(&["--ignore", "pattern", EXAMPLE]);
    let got = rules(&v["files"][0]);
    assert!(!got.contains(&"FZ042".to_string()) && got.contains(&"FZ002".to_string()));
    assert!(got.contains(&"FZ023".to_string()), "a year rule still runs");
    let (v, _) = json(&["--select", "ALL,FZ042", "--ignore", "pattern", EXAMPLE]);
    let got = rules(&v["files"][0]);
    assert!(got.contains(&"FZ042".to_string()) && got.contains(&"FZ002".to_string()));
    let (v, _) = json(&[
        "--select",
        "ALL,FZ042",
        "--ignore",
        "pattern,FZ023",
        EXAMPLE,
    ]);
    assert!(!rules(&v["files"][0]).contains(&"FZ023".to_string()));
    let (v, _) = json(&["--select", "template", EXAMPLE]);
    let got = rules(&v["files"][0]);
    assert!(got.iter().all(|r| r == "FZ002" || r == "FZ005"), "{got:?}");

    // --fix only applies the fixes of the rules that run.
    let dir = scratch();
    let report = dir.path().join("r.txt");
    fs::copy(root().join(EXAMPLE), &report).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--select",
            "FZ023",
            "r.txt",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fixed = fs::read_to_string(&report).unwrap();
    assert!(!fixed.contains("今年以来"));
    assert!(
        fixed.contains("2022年以来,"),
        "half-width commas left as they were"
    );
}

#[test]
fn an_unknown_rule_in_select_or_ignore_is_a_usage_error_naming_the_nearest() {
    let r = run(&["check", "--select", "FZ0422", EXAMPLE]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "nothing is checked: {}", r.stdout);
    assert!(
        r.stderr
            .contains("错误：`--select` 的值“FZ0422”无效：规则包中没有这条规则或这类规则"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("是否想写 `FZ042`？"), "{}", r.stderr);
    assert!(r.stderr.contains("reportlint rules list"), "{}", r.stderr);

    let r = run(&["check", "--ignore", "FZ002,patern", EXAMPLE]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`--ignore` 的值“patern”"), "{}", r.stderr);
    assert!(r.stderr.contains("是否想写 `pattern`？"), "{}", r.stderr);

    // A rule of the pack a report switches to by its title is known.
    let (v, code) = json(&["--select", "GK", "tests/fixtures/seed_003.txt"]);
    assert_eq!(code, 0);
    assert!(rules(&v["files"][0]).is_empty());
}

#[test]
fn min_severity_hides_findings_from_the_display_but_not_from_the_exit_code() {
    let r = run(&[
        "check",
        "--color",
        "never",
        "--min-severity",
        "error",
        EXAMPLE,
    ]);
    assert_eq!(r.code, 1);
    let shown = heads(&r.stdout);
    assert_eq!(shown.len(), 1, "{}", r.stdout);
    assert!(shown[0].starts_with("  × "));
    assert!(
        r.stdout.contains("31 个警告低于 --min-severity，未显示"),
        "{}",
        r.stdout
    );

    // Warnings only, none shown: the exit code still follows --fail-on.
    let r = run(&[
        "check",
        "--select",
        "FZ042",
        "--min-severity",
        "error",
        "--fail-on",
        "warning",
        EXAMPLE,
    ]);
    assert_eq!(r.code, 1);
    assert!(heads(&r.stdout).is_empty(), "{}", r.stdout);
    // Other formats list everything.
    let (v, _) = json(&["--min-severity", "error", EXAMPLE]);
    assert_eq!(findings(&v["files"][0]).len(), 32);
    // Unused waivers are warnings: counted in one line, and in the exit code.
    let dir = scratch();
    let report = copy_seed(dir.path(), "tests/fixtures/seed_003.txt");
    let waive = [
        "waive",
        "--reason",
        "已核实",
        "--waivers",
        "w.yaml",
        "seed_003.txt",
    ];
    assert_eq!(run_in(dir.path(), &waive).code, 0);
    fs::write(&report, "2021年度法治政府建设情况报告\n").unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--color", "never", "--waivers", "w.yaml"];
        args.extend_from_slice(extra);
        args.push("seed_003.txt");
        run_in(dir.path(), &args)
    };
    let r = check(&["--min-severity", "error", "--fail-on", "warning"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("unused-waiver"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("条豁免没有用上（警告），低于 --min-severity，未显示"),
        "{}",
        r.stdout
    );
    assert!(check(&[]).stdout.contains("unused-waiver"));
}

#[test]
fn the_configuration_disables_rules_by_prefix_or_kind_too() {
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_001.txt");
    fs::write(
        dir.path().join("reportlint.yaml"),
        "disable: [FZ04, template]\n",
    )
    .unwrap();
    let (v, _) = {
        let r = run_in(dir.path(), &["check", "--format", "json", "seed_001.txt"]);
        (
            serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap(),
            r.code,
        )
    };
    let got = rules(&v["files"][0]);
    assert!(!got.is_empty());
    assert!(
        got.iter()
            .all(|r| !r.starts_with("FZ04") && r != "FZ002" && r != "FZ005"),
        "{got:?}"
    );

    fs::write(dir.path().join("reportlint.yaml"), "disable: [FZ9]\n").unwrap();
    let r = run_in(dir.path(), &["check", "seed_001.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("没有规则 `FZ9`"), "{}", r.stderr);
}
