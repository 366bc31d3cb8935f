//! reportlint.yaml: discovery from the report's folder upward, overrides,
//! report metadata, include/exclude, errors with a did-you-mean, and
//! `reportlint config`.

use std::fs;

use crate::helpers::*;

fn rules_of(file: &serde_json::Value) -> Vec<String> {
    findings(file)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn json_in(dir: &std::path::Path, args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}:\n{}\n{}", r.stdout, r.stderr));
    (v, r.code)
}

#[test]
fn the_nearest_configuration_above_the_report_applies() {
    let dir = scratch();
    let deep = dir.path().join("reports/2021");
    fs::create_dir_all(&deep).unwrap();
    copy_seed(&deep, "tests/fixtures/seed_003.txt");
    copy_seed(dir.path(), "tests/fixtures/seed_003.txt");
    fs::write(dir.path().join("reportlint.yaml"), "disable: [FZ011]\n").unwrap();
    fs::write(
        dir.path().join("reports/reportlint.yaml"),
        "disable: [FZ004]\nseverity: {FZ002: warning}\n",
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["seed_003.txt", "reports/2021/seed_003.txt"]);
    let top = rules_of(&v["files"][0]);
    let nested = rules_of(&v["files"][1]);
    assert!(!top.contains(&"FZ011".to_string()) && top.contains(&"FZ004".to_string()));
    // The nearer file wins whole; it is not merged with the one above.
    assert!(nested.contains(&"FZ011".to_string()) && !nested.contains(&"FZ004".to_string()));
    assert_eq!(by_rule(&v["files"][1], "FZ002")[0]["severity"], "warning");

    // --config replaces discovery; --no-config ignores every file.
    let (v, _) = json_in(
        dir.path(),
        &["--config", "reportlint.yaml", "reports/2021/seed_003.txt"],
    );
    assert!(!rules_of(&v["files"][0]).contains(&"FZ011".to_string()));
    let (v, _) = json_in(dir.path(), &["--no-config", "seed_003.txt"]);
    assert!(rules_of(&v["files"][0]).contains(&"FZ011".to_string()));
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    fs::write(outer.path().join("reportlint.yaml"), "this is: [broken\n").unwrap();
    let repo = outer.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    copy_seed(&repo, "tests/fixtures/seed_003.txt");
    let r = run_in(&repo, &["check", "seed_003.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn an_unknown_key_is_an_error_with_a_did_you_mean_pointing_into_the_file() {
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_003.txt");
    fs::write(
        dir.path().join("reportlint.yaml"),
        "pack: builtin\nseverty:\n  FZ026: info\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_003.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty(), "nothing checked");
    insta::assert_snapshot!(r.stderr);

    fs::write(dir.path().join("reportlint.yaml"), "report:\n  levle: 县\n").unwrap();
    let r = run_in(dir.path(), &["check", "seed_003.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("是否想写 `level`"), "{}", r.stderr);
    assert!(r.stderr.contains("reportlint.yaml:2:3"), "{}", r.stderr);

    fs::write(dir.path().join("reportlint.yaml"), "report:\n  level: 区\n").unwrap();
    let r = run_in(dir.path(), &["check", "seed_003.txt"]);
    assert!(r.stderr.contains("“区”请写作 `县`"), "{}", r.stderr);

    fs::write(
        dir.path().join("reportlint.yaml"),
        "severity:\n  FZ02: info\ndisable: [FZ999]\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_003.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("2 处错误"), "{}", r.stderr);
    assert!(r.stderr.contains("是否想写 `FZ002`"), "{}", r.stderr);
    assert!(r.stderr.contains("没有规则 `FZ999`"), "{}", r.stderr);

    fs::write(
        dir.path().join("reportlint.yaml"),
        "pack: rules/missing\nreport:\n  deadline: soon\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "seed_003.txt"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("规则包目录 rules/missing 不存在"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("无法识别的报送期限“soon”"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_prints_effective_values_and_their_sources() {
    let dir = scratch();
    fs::write(
        dir.path().join("reportlint.yaml"),
        "# 县政府的报告\npack: builtin\nseverity:\n  FZ026: info\ndisable: [FZ011]\nreport:\n  level: 县\n  deadline: \"02-15\"\nexclude: [drafts/]\nwaivers: reportlint-waivers.yaml\n",
    )
    .unwrap();
    fs::write(dir.path().join("reportlint-waivers.yaml"), "waivers: []\n").unwrap();
    let r = run_in(dir.path(), &["config", "--year", "2023"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);

    let r = run_in(dir.path(), &["config", "--no-config"]);
    assert!(r.stdout.starts_with("配置文件：（无，使用默认配置）"));
    assert!(r.stdout.contains("national（次年4月1日）"));

    fs::write(dir.path().join("reportlint.yaml"), "disable: FZ011\n").unwrap();
    let r = run_in(dir.path(), &["config"]);
    assert_eq!(r.code, 3, "a broken configuration is exit code 3");
}

#[test]
fn the_pack_key_written_by_init_is_used() {
    let dir = scratch();
    assert_eq!(run_in(dir.path(), &["init"]).code, 0);
    fs::write(
        dir.path().join("report.txt"),
        "某县关于2024年度法治政府建设情况的报告\n\n正文。\n",
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["report.txt"]);
    assert_eq!(v["files"][0]["pack"], "my-pack");
    assert!(rules_of(&v["files"][0]).contains(&"MY001".to_string()));
    let r = run_in(dir.path(), &["config", "report.txt"]);
    assert!(
        r.stdout
            .contains("rules/my-pack（我的规则包）  reportlint.yaml:3"),
        "{}",
        r.stdout
    );
}

#[test]
fn include_and_exclude_choose_the_files() {
    let dir = scratch();
    fs::create_dir_all(dir.path().join("drafts")).unwrap();
    copy_seed(dir.path(), "tests/fixtures/seed_003.txt");
    copy_seed(&dir.path().join("drafts"), "tests/fixtures/seed_004.txt");
    fs::write(dir.path().join("reportlint.yaml"), "exclude: [drafts/]\n").unwrap();
    let (v, _) = json_in(dir.path(), &["seed_003.txt", "drafts/seed_004.txt"]);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "seed_003.txt");

    let r = run_in(dir.path(), &["check", "drafts/seed_004.txt"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("都被配置文件的 include/exclude 排除"),
        "{}",
        r.stderr
    );

    fs::write(
        dir.path().join("reportlint.yaml"),
        "include: ['drafts/*.txt']\n",
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["seed_003.txt", "drafts/seed_004.txt"]);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "drafts/seed_004.txt");
}

#[test]
fn report_metadata_sets_year_and_deadline() {
    let dir = scratch();
    let report = dir.path().join("r.txt");
    let text = fs::read_to_string(root().join("rules/fzzf/tests/clean-2023.txt")).unwrap();
    let date = text
        .lines()
        .rev()
        .find(|l| l.contains('年') && l.trim().ends_with('日'))
        .unwrap()
        .trim()
        .to_string();
    fs::write(&report, text.replace(&date, "2024年3月15日")).unwrap();
    let fz015 = |config: &str| {
        fs::write(dir.path().join("reportlint.yaml"), config).unwrap();
        let (v, _) = json_in(dir.path(), &["r.txt"]);
        by_rule(&v["files"][0], "FZ015")
    };
    // No level: the latest deadline, 4月1日.
    assert!(fz015("{}\n").is_empty());
    let late = fz015("report:\n  level: 县\n");
    assert_eq!(late.len(), 1);
    assert!(late[0]["message"]
        .as_str()
        .unwrap()
        .contains("2024年3月1日"));
    assert!(fz015("report:\n  level: 省\n").is_empty());
    assert_eq!(fz015("report:\n  deadline: \"03-10\"\n").len(), 1);
    assert_eq!(
        fz015("report:\n  level: 省\n  deadline: demonstration\n").len(),
        1
    );

    fs::write(
        dir.path().join("reportlint.yaml"),
        "report:\n  year: 2022\n",
    )
    .unwrap();
    let (v, _) = json_in(dir.path(), &["r.txt"]);
    assert_eq!(v["files"][0]["report_year"], 2022);
    assert_eq!(v["files"][0]["year_source"], "option");
    let (v, _) = json_in(dir.path(), &["--year", "2021", "r.txt"]);
    assert_eq!(v["files"][0]["report_year"], 2021, "the command line wins");
}

/// Every mistake in a configuration is shown, not only the first.
#[test]
fn every_error_of_a_configuration_is_shown() {
    let dir = scratch();
    let config = dir.path().join("reportlint.yaml");
    fs::write(
        &config,
        "severty: {FZ001: error}\nreport:\n  level: 区\n  year: 二〇二四\ninclude: ['reports/**']\n",
    )
    .unwrap();
    let r = run(&["config", "--config", &config.display().to_string()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    for expected in [
        "3 处错误",
        "未知的键 `severty`",
        "reportlint.yaml:1:1",
        "无效的取值 `区`",
        "请写作 `县`",
        "reportlint.yaml:3:10",
        "此处应为整数",
        "reportlint.yaml:4:9",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
}
