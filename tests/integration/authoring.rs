//! Rule authoring: validate, test, explain, docs, schema, init, and packs
//! that extend the built-in one.

use std::fs;

use crate::helpers::*;

const BAD_PACKS: [&str; 9] = [
    "syntax",
    "unknown-key",
    "wrong-type",
    "invalid-regex",
    "duplicate-id",
    "undefined-section",
    "unknown-placeholder",
    "no-examples",
    "cycle-a",
];

#[test]
fn broken_packs_point_at_the_mistake() {
    for case in BAD_PACKS {
        let r = run(&["rules", "validate", &format!("tests/bad_packs/{case}")]);
        let expected = if case == "no-examples" { 0 } else { 3 };
        assert_eq!(r.code, expected, "{case}: {}", r.stderr);
        insta::assert_snapshot!(format!("bad_pack_{case}"), r.stderr);
    }
}

#[test]
fn a_broken_pack_stops_check_before_any_report() {
    let r = run(&[
        "check",
        "--rules",
        "tests/bad_packs/invalid-regex",
        "tests/fixtures/seed_000.txt",
    ]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty());
}

#[test]
fn rules_test_passes_on_the_builtin_and_example_packs() {
    for pack in [
        None,
        Some("rules/fzzf"),
        Some("examples/packs/shaanxi"),
        Some("examples/packs/gangyao-coverage"),
    ] {
        let mut args = vec!["rules", "test"];
        args.extend(pack);
        let r = run(&args);
        assert_eq!(r.code, 0, "{pack:?}: {}", r.stdout);
        assert!(r.stdout.contains(" passed, 0 failed"), "{}", r.stdout);
        assert!(!r.stdout.contains("Missing") && !r.stdout.contains("Noisy"));
    }
    // The built-in pack's fixtures run without a path too.
    assert!(run(&["rules", "test"])
        .stdout
        .contains("rules/fzzf/tests/missing-parts-2021.txt"));
}

#[test]
fn rules_test_fails_on_a_broken_example() {
    let r = run(&["rules", "test", "tests/bad_packs/broken-example"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("Noisy/Missing/Wrong B001"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("无效用例“建设法治政府。”没有报告问题"));
    assert!(r.stdout.contains("0 passed, 1 failed"));
}

#[test]
fn committed_schema_and_rule_reference_are_current() {
    let schema = run(&["rules", "schema"]);
    assert_eq!(schema.code, 0);
    let committed = fs::read_to_string(root().join("rules/schema.json")).unwrap();
    assert_eq!(
        committed, schema.stdout,
        "rules/schema.json is stale: run `cargo run -- rules schema > rules/schema.json`"
    );
    let value: serde_json::Value = serde_json::from_str(&schema.stdout).unwrap();
    assert!(value["$defs"]["CheckBlock"]
        .to_string()
        .contains("template"));

    let docs = run(&["rules", "docs"]);
    let committed = fs::read_to_string(root().join("rules/README.md")).unwrap();
    assert_eq!(
        committed, docs.stdout,
        "rules/README.md is stale: run `cargo run -- rules docs > rules/README.md`"
    );
}

#[test]
fn explain_a_rule() {
    let r = run(&["rules", "explain", "FZ032"]);
    assert_eq!(r.code, 0);
    for part in [
        "FZ032",
        "检查什么、为什么",
        "如何修改",
        "会报告问题的写法",
        "不会报告问题的写法",
        "可直接应用",
    ] {
        assert!(r.stdout.contains(part), "{part}: {}", r.stdout);
    }
    let r = run(&["rules", "explain", "FZ999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("没有规则 FZ999"));
}

#[test]
fn init_writes_a_working_starter_pack_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().display().to_string();
    let r = run(&["init", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pack = dir.path().join("rules/my-pack");
    assert!(pack.join("schema.json").is_file() && dir.path().join("reportlint.yaml").is_file());
    let r = run(&["rules", "test", &pack.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("Validated  MY001"));

    fs::write(pack.join("rules.yaml"), "rules: []\n").unwrap();
    let r = run(&["init", &path]);
    assert_eq!(r.code, 2);
    assert_eq!(
        fs::read_to_string(pack.join("rules.yaml")).unwrap(),
        "rules: []\n"
    );
}

#[test]
fn extending_adds_overrides_and_disables_rules() {
    // The Shaanxi profile adds SX001/SX002 to the built-in rules.
    let (v, _) = json(&[
        "--rules",
        "examples/packs/shaanxi",
        "examples/packs/shaanxi/tests/late-2023.txt",
    ]);
    assert_eq!(
        rule_lines(&v["files"][0]),
        rl(&[("SX001", 1), ("SX002", 17)])
    );
    assert_eq!(v["pack"]["id"], "shaanxi");

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: local, name: 本地, extends: builtin, disable: [FZ023]}\n\
         rules:\n  - {id: FZ011, title: 落款, severity: warning, message: '缺少{missing}', check: {kind: structure, element: closing}}\n",
    )
    .unwrap();
    let rules = dir.path().display().to_string();
    let (v, _) = json(&["--rules", &rules, "tests/fixtures/seed_000.txt"]);
    let f = &v["files"][0];
    assert!(by_rule(f, "FZ023").is_empty(), "disabled");
    let closing = by_rule(f, "FZ011");
    assert_eq!(
        (
            closing[0]["severity"].as_str(),
            closing[0]["message"].as_str()
        ),
        (Some("warning"), Some("缺少落款（发文机关署名）和成文日期"))
    );
    assert_eq!(by_rule(f, "FZ001").len(), 1, "inherited rules still run");

    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: local, name: 本地, extends: builtin, disable: [FZ999]}\n",
    )
    .unwrap();
    let r = run(&["check", "--rules", &rules, "tests/fixtures/seed_000.txt"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("停用了不存在的规则 `FZ999`"),
        "{}",
        r.stderr
    );
}
