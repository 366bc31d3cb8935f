//! A broken rule pack stops the run before any report is checked, exits 3,
//! and each problem points at its place in the YAML.

use std::fs;

use crate::helpers::*;

const PACK: &str = "pack: {id: t, name: 测试}\n";

fn check_with_pack(files: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let rules = dir.path().display().to_string();
    run(&["check", "--rules", &rules, "tests/fixtures/seed_000.txt"])
}

#[test]
fn invalid_regex_points_at_the_regex() {
    let rules = "rules:\n  - id: A1\n    title: t\n    severity: error\n    message: m\n    check:\n      kind: pattern\n      regex: '法治(政府'\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", rules)]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty(), "nothing is checked");
    assert!(
        r.stderr
            .contains("无效的正则表达式 `法治(政府`：括号 ( 没有闭合"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("a.yaml:8:21"),
        "points at the `(`: {}",
        r.stderr
    );
}

#[test]
fn unknown_key_and_all_errors_at_once() {
    let a = "rules:\n  - id: A1\n    title: t\n    severity: error\n    mesage: m\n    check: {kind: sequence}\n";
    let b = "rules:\n  - id: B1\n    title: t\n    severity: fatal\n    message: m\n    check: {kind: sequence}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", a), ("b.yaml", b)]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("2 处错误"), "{}", r.stderr);
    assert!(r.stderr.contains("未知的键 `mesage`"), "{}", r.stderr);
    assert!(r.stderr.contains("是否想写 `message`？"), "{}", r.stderr);
    assert!(r.stderr.contains("a.yaml:5:5"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("无效的取值 `fatal`，可取：`info`、`warning`、`error`"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_section_and_duplicate_id() {
    let a = "rules:\n  - {id: A1, title: t, severity: error, message: m, check: {kind: pattern, regex: x, scope: 'section:plans'}}\n  - {id: A1, title: t, severity: error, message: m, check: {kind: sequence}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", a)]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("未定义的模板部分 `plans`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("规则 id `A1` 重复"), "{}", r.stderr);
}

#[test]
fn unknown_key_inside_a_check() {
    let a = "rules:\n  - {id: A1, title: t, severity: error, message: m, check: {kind: sequence, headingz: true}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", a)]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("headingz"), "{}", r.stderr);
}

#[test]
fn malformed_yaml_and_empty_or_missing_pack() {
    let r = check_with_pack(&[("pack.yaml", "pack: {id: t, name: [\n")]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("规则文件格式错误"), "{}", r.stderr);
    let r = check_with_pack(&[("readme.txt", "x")]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("没有 .yaml 规则文件"), "{}", r.stderr);
    let r = run(&[
        "check",
        "--rules",
        "no/such/dir",
        "tests/fixtures/seed_000.txt",
    ]);
    assert_eq!(r.code, 3);
}

#[test]
fn data_files_missing_or_broken_and_bad_fix_maps() {
    let law = "rules:\n  - {id: T1, title: t, severity: warning, message: m, check: {kind: law-title, titles: data/titles.yaml}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", law)]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("找不到数据文件 `data/titles.yaml`"),
        "{}",
        r.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pack.yaml"), PACK).unwrap();
    fs::write(dir.path().join("a.yaml"), law).unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    fs::write(dir.path().join("data/titles.yaml"), "titel: [甲]\n").unwrap();
    let rules = dir.path().display().to_string();
    let r = run(&["check", "--rules", &rules, "tests/fixtures/seed_000.txt"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("数据文件格式错误"), "{}", r.stderr);
    assert!(r.stderr.contains("titles.yaml"), "{}", r.stderr);

    // A good dictionary works from a directory pack.
    fs::write(
        dir.path().join("data/titles.yaml"),
        "titles: [重大行政决策程序暂行条例]\n",
    )
    .unwrap();
    let r = run(&["check", "--rules", &rules, "tests/fixtures/seed_004.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("重大行政决策程序暂行条例"),
        "{}",
        r.stdout
    );

    let both = "rules:\n  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: x, fix: {replace: y, map: {x: y}}}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", both)]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("`fix` 须有 `replace` 或 `map` 之一"),
        "{}",
        r.stderr
    );

    let pairs = "rules:\n  - {id: B1, title: t, severity: error, message: m, check: {kind: brackets, pairs: [{open: '《', close: '》'}], alternate: [['《', '〈']]}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", pairs)]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("不是 pairs 中的开符号"), "{}", r.stderr);

    let since = "rules:\n  - {id: A1, title: t, severity: error, message: m, check: {kind: anachronism, references: [{regex: x, since: '2022年', what: w}]}}\n";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", since)]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("日期 `2022年` 格式有误"), "{}", r.stderr);
}
