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
        Some("examples/packs/province"),
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
    // Each failure names the case's line in the YAML.
    assert!(r.stdout.contains(
        "tests/bad_packs/broken-example/pack.yaml:15：无效用例“建设法治政府。”没有报告问题"
    ));
    assert!(r.stdout.contains("0 passed, 1 failed"));
}

/// The pack used by the rule-test tests: one rule whose examples assert
/// message and severity, and whose fix differs from `fixed` only after
/// thirty characters (a preview cut there would show two equal texts).
const CASES_PACK: &str = concat!(
    "pack: {id: t, name: 测试, extends: builtin}\n",
    "rules:\n",
    "  - id: X1\n",
    "    title: 不用“法制”\n",
    "    severity: warning\n",
    "    message: 应为“法治”，不是“{match}”\n",
    "    check: {kind: pattern, regex: 法制, fix: {replace: 法治}}\n",
    "    examples:\n",
    "      invalid:\n",
    "        - text: \"某县人民政府关于2023年度法治政府建设情况的报告\\n这是一段足够长的文字，用来说明预览会截断：法制建设。\\n\"\n",
    "          fixed: \"某县人民政府关于2023年度法治政府建设情况的报告\\n这是一段足够长的文字，用来说明预览会截断：法治建设 。\\n\"\n",
    "          message: 不是“法治”\n",
    "          severity: error\n",
    "        - text: \"某县人民政府关于2023年度法治政府建设情况的报告\\n法制。\\n\"\n",
    "          message: 不是“法制”\n",
    "          severity: warning\n",
);

/// Examples and fixture expectations may assert severity, message text and
/// column; a failure shows both texts whole and names its YAML line; a
/// malformed or absent expectation file is an error, not a missing finding;
/// `--own` runs only the pack's own rules.
#[test]
fn rule_tests_assert_severity_message_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path();
    fs::write(pack.join("pack.yaml"), CASES_PACK).unwrap();
    let rules = pack.display().to_string();
    let r = run(&["rules", "test", "--own", &rules]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with("Wrong      X1\n"),
        "only the pack's own rule: {out}"
    );
    assert!(
        out.contains("pack.yaml:10：诊断信息应包含“不是“法治””，实际为“应为“法治”，不是“法制””"),
        "{out}"
    );
    assert!(
        out.contains("pack.yaml:10：级别应为 error，实际为 warning"),
        "{out}"
    );
    assert!(out.contains("第 2 行第 26 个字起不同"), "{out}");
    assert!(
        out.contains("│这是一段足够长的文字，用来说明预览会截断：法治建设 。⏎"),
        "{out}"
    );
    assert!(
        out.contains("│这是一段足够长的文字，用来说明预览会截断：法治建设。⏎"),
        "{out}"
    );
    assert!(
        !out.contains("pack.yaml:14"),
        "the second case passes: {out}"
    );
    assert!(out.ends_with("0 passed, 1 failed\n"), "{out}");

    // Without --own the inherited rules run too.
    let all = run(&["rules", "test", &rules]);
    assert!(all.stdout.contains("Validated  FZ042"), "{}", all.stdout);

    // Fixtures: column, severity and message are compared when written.
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: t, name: 测试, extends: builtin}\n",
    )
    .unwrap();
    fs::create_dir(pack.join("tests")).unwrap();
    let report = "某县人民政府关于2023年度法治政府建设情况的报告\n一、2023年推进法治政府建设的主要举措和成效\n县政府常务会议专题研究法治政府建设工作4次。\n";
    fs::write(pack.join("tests/r.txt"), report).unwrap();
    let got = run(&[
        "check",
        "--no-config",
        "--rules",
        &rules,
        &pack.join("tests/r.txt").display().to_string(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&got.stdout).unwrap();
    let mut expected = String::from("findings:\n");
    for f in findings(&v["files"][0]) {
        expected.push_str(&format!(
            "  - {{rule: {}, line: {}, column: {}, severity: {}, message: '{}'}}\n",
            f["rule"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["severity"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        ));
    }
    fs::write(pack.join("tests/r.yaml"), &expected).unwrap();
    let ok = run(&["rules", "test", "--own", &rules]);
    assert_eq!(ok.code, 0, "{expected}\n{}", ok.stdout);
    assert!(ok.stdout.contains("Validated  "), "{}", ok.stdout);

    let wrong = expected
        .replacen("severity: error", "severity: info", 1)
        .replacen("column: 1,", "column: 2,", 1);
    fs::write(pack.join("tests/r.yaml"), &wrong).unwrap();
    let r = run(&["rules", "test", "--own", &rules]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("r.yaml:2：第2行的 FZ001：列应为 2，实际为 1；级别应为 info，实际为 error"),
        "{wrong}\n{}",
        r.stdout
    );

    // A malformed expectation file: Invalid, with its place; exit code 2.
    fs::write(
        pack.join("tests/r.yaml"),
        "findings:\n  - {rul: FZ001, line: 1}\n",
    )
    .unwrap();
    let r = run(&["rules", "test", "--own", &rules]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("Invalid"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("r.yaml:2:6：预期文件格式错误：未知的键 `rul`"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Missing"), "{}", r.stdout);
    fs::remove_file(pack.join("tests/r.yaml")).unwrap();
    let r = run(&["rules", "test", "--own", &rules]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("缺少预期文件"), "{}", r.stdout);
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

    for (of, file) in [
        ("dictionary", "rules/dictionary.schema.json"),
        ("tests", "rules/tests.schema.json"),
    ] {
        let schema = run(&["rules", "schema", of]);
        assert_eq!(schema.code, 0);
        let committed = fs::read_to_string(root().join(file)).unwrap_or_default();
        assert_eq!(
            committed, schema.stdout,
            "{file} is stale: run `cargo run -- rules schema {of} > {file}`"
        );
    }

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
        "需人工确认",
    ] {
        assert!(r.stdout.contains(part), "{part}: {}", r.stdout);
    }
    // The rule's source and its exact words.
    let r = run(&["rules", "explain", "FZ058"]);
    assert!(
        r.stdout.contains(
            "依据原文\n  《法治政府建设与责任落实督察工作规定》第二十四条：“每年4月1日之前，"
        ),
        "{}",
        r.stdout
    );
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
        // The overriding rule does not write `labels`: the inherited ones.
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
        r.stderr.contains("停用了不存在的规则或模板部分 `FZ999`"),
        "{}",
        r.stderr
    );
}

/// A report of a template whose parts are numbered “第一部分”: the built-in
/// grammar does not see its parts; a pack that says so in `document:` does.
const PARTS_REPORT: &str = "某县2023年度法治政府建设情况报告\n\n\
2023年，某县全面推进法治政府建设，现将有关情况报告如下。\n\n\
第一部分 推进法治政府建设的主要举措和成效\n\
一、加强组织领导。县政府常务会议专题研究法治政府建设工作4次。\n\
二、规范行政决策。全年审查规范性文件12件。\n\n\
第二部分 存在的不足和原因\n\
一、基层法治力量薄弱。主要原因是乡镇法治机构人员编制有限，专业人员流动较大。\n\n\
第三部分 党政主要负责人履行推进法治建设第一责任人职责情况\n\
县政府主要负责人带头学法，主持召开专题会议3次，对法治建设重要工作亲自部署、重大问题亲自过问。\n\n\
第四部分 2024年推进法治政府建设的主要安排\n\
一、深入学习贯彻习近平法治思想。\n\
二、持续提升行政执法质量。\n\n\
某县人民政府\n2024年1月20日\n";

#[test]
fn a_pack_says_how_its_documents_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    fs::write(&report, PARTS_REPORT).unwrap();
    let report = report.display().to_string();
    let (v, _) = json(&["--no-config", &report]);
    // (主要举措和成效 is read from the topical headings 一、加强组织领导…….)
    assert_eq!(
        by_rule(&v["files"][0], "FZ001").len(),
        2,
        "the built-in grammar does not see “第一部分”: {v}"
    );

    let pack = dir.path().join("parts");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: parts, name: 按部分编号的报告, extends: builtin}\n\
         document:\n  headings:\n\
         \x20   - marker: '第([一二三四五六七八九十]{1,3})部分\\s*'\n\
         \x20     write: '第{n}部分'\n\
         \x20   - marker: '([一二三四五六七八九十]{1,3})[、．.]'\n\
         \x20   - marker: '[（(]([一二三四五六七八九十]{1,3})[）)]'\n",
    )
    .unwrap();
    let rules = pack.display().to_string();
    let (v, code) = json(&["--no-config", "--rules", &rules, &report]);
    let f = &v["files"][0];
    assert_eq!(findings(f), Vec::<serde_json::Value>::new(), "{v}");
    assert_eq!(code, 0);
    let parts: Vec<(&str, u64)> = f["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "section" && i["status"] == "present")
        .map(|i| (i["heading"].as_str().unwrap(), i["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        parts,
        [
            ("第一部分 推进法治政府建设的主要举措和成效", 5),
            ("第二部分 存在的不足和原因", 9),
            (
                "第三部分 党政主要负责人履行推进法治建设第一责任人职责情况",
                12
            ),
            ("第四部分 2024年推进法治政府建设的主要安排", 15),
        ]
    );
    // A gap in the parts' numbers is told in the pack's own form.
    fs::write(
        dir.path().join("gap.txt"),
        PARTS_REPORT.replace("第三部分", "第五部分"),
    )
    .unwrap();
    let gap = dir.path().join("gap.txt").display().to_string();
    let (v, _) = json(&["--no-config", "--rules", &rules, &gap]);
    let numbering = by_rule(&v["files"][0], "FZ041");
    assert_eq!(numbering.len(), 1, "{v}");
    assert!(
        numbering[0]["message"]
            .as_str()
            .unwrap()
            .contains("从“第二部分”跳到了“第五部分"),
        "{}",
        numbering[0]["message"]
    );
}

#[test]
fn mistakes_in_the_document_block_are_each_located() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: bad, name: 写错的文档写法, extends: builtin}\n\
         document:\n  headings:\n\
         \x20   - marker: '第[一二三四五六七八九十]{1,3}部分'\n\
         \x20   - marker: '([一二三四]{1,3}[、．.]'\n\
         \x20 title:\n    year: '[0-9]{4}年'\n\
         \x20 residue:\n    breadcrumb: '>'\n",
    )
    .unwrap();
    let pack = dir.path().display().to_string();
    let r = run(&["rules", "validate", &pack]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    // A misspelt key is reported first, alone (the file is not read further).
    assert!(r.stderr.contains("未知的键 `breadcrumb`"), "{}", r.stderr);
    fs::write(
        dir.path().join("pack.yaml"),
        fs::read_to_string(dir.path().join("pack.yaml"))
            .unwrap()
            .replace("breadcrumb:", "breadcrumb_home:"),
    )
    .unwrap();
    let r = run(&["rules", "validate", &pack]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    for (message, place) in [
        (
            "document.headings.marker 的正则需要 1 个捕获组",
            "pack.yaml:4:16",
        ),
        (
            "无效的正则表达式 `([一二三四]{1,3}[、．.]`：括号 ( 没有闭合",
            "pack.yaml:5:16",
        ),
        ("（document.headings.marker）", "pack.yaml:5:16"),
        (
            "document.title.year 的正则需要 1 个捕获组",
            "pack.yaml:7:12",
        ),
    ] {
        assert!(r.stderr.contains(message), "{message}: {}", r.stderr);
        assert!(r.stderr.contains(place), "{place}: {}", r.stderr);
    }
    assert!(r.stderr.contains("规则包有 3 处错误"), "{}", r.stderr);
}

/// A pack changes one key of an inherited rule without copying it: the
/// other keys (regex, fix, examples) are inherited, `check:` options are
/// merged one by one, `~` drops an inherited key, and `pack.severity` sets
/// levels or turns rules off.
#[test]
fn a_pack_overrides_only_the_keys_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    fs::write(
        &report,
        "某县人民政府关于2023年度法治政府建设情况的报告\n\n\
         2023年,某县全面推进法治政府建设。\n\
         一、2023年推进法治政府建设的主要举措和成效\n\
         县政府常务会议专题研究法治政府建设工作4次。\n\n\
         某县人民政府\n2024年2月10日\n",
    )
    .unwrap();
    let pack = dir.path().join("p");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack:\n  id: p\n  name: 省\n  extends: builtin\n  severity: {FZ010: off, FZ001: info}\n\
         rules:\n  - id: FZ042\n    severity: info\n    message: 半角“{match}”\n\
         \x20 - id: FZ011\n    check: {labels: ~}\n",
    )
    .unwrap();
    let (rules, report) = (pack.display().to_string(), report.display().to_string());
    let (plain, _) = json(&["--no-config", &report]);
    let (v, _) = json(&["--no-config", "--rules", &rules, &report]);
    let (plain, f) = (&plain["files"][0], &v["files"][0]);

    let comma = by_rule(f, "FZ042");
    assert_eq!(comma.len(), 1, "{f}");
    assert_eq!(comma[0]["severity"], "info");
    assert_eq!(comma[0]["message"], "半角“,”");
    // The inherited fix and help are kept.
    assert_eq!(comma[0]["help"], by_rule(plain, "FZ042")[0]["help"]);
    assert_eq!(comma[0]["fix"], by_rule(plain, "FZ042")[0]["fix"]);

    assert!(by_rule(plain, "FZ010").is_empty() || by_rule(f, "FZ010").is_empty());
    assert!(by_rule(f, "FZ001").iter().all(|x| x["severity"] == "info"));
    assert!(!by_rule(f, "FZ001").is_empty());

    // The inherited examples still run, and pass.
    let r = run(&["rules", "test", &rules]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// An inherited rule's kind cannot be changed; `pack.severity` names only
/// rules the pack has, and takes only error/warning/info/off.
#[test]
fn overrides_and_severity_maps_are_checked() {
    refused_at(
        "tests/bad_packs/override-kind",
        &[
            "覆盖继承的规则 `FZ042` 时不能改变规则类型",
            "继承的规则是 pattern",
            "pack.yaml:6:13",
        ],
    );
    refused_at(
        "tests/bad_packs/severity-unknown",
        &[
            "`pack.severity` 中的规则 `FZ42` 不存在",
            "pack.yaml:8:5",
            "是否想写 `FZ042`？",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin, severity: {FZ042: low}}\n",
    )
    .unwrap();
    refused_at(
        &dir.path().display().to_string(),
        &[
            "无效的取值 `low`，可取：`error`、`warning`、`info`、`off`",
            "pack.yaml:1:60",
        ],
    );
}

/// A rule states its sources (`basis:`); an override may add one to an
/// inherited rule; an empty source or quotation is refused where it stands.
#[test]
fn a_rule_states_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin}\nrules:\n  - id: FZ042\n    basis:\n      - source: 《某省法治政府建设年度报告工作指引》\n        quote: 报告应使用全角标点。\n",
    )
    .unwrap();
    let pack = dir.path().display().to_string();
    let r = run(&["rules", "explain", "FZ042", &pack]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("依据原文\n  《某省法治政府建设年度报告工作指引》：“报告应使用全角标点。”"),
        "{}",
        r.stdout
    );
    let r = run(&["rules", "docs", &pack]);
    assert!(r
        .stdout
        .contains("依据：《某省法治政府建设年度报告工作指引》\n\n> 报告应使用全角标点。"));
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin}\nrules:\n  - id: FZ042\n    basis:\n      - {source: 《某省指引》, clause: 第三条, quote: '  '}\n",
    )
    .unwrap();
    refused_at(
        &pack,
        &["规则的依据 `basis[0].quote` 是空的", "pack.yaml:5:47"],
    );
}

/// Every mistake of a rule is reported in one run: a misspelt placeholder
/// in the message of a rule whose regex or scope is wrong too.
#[test]
fn all_mistakes_of_a_rule_show_at_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin}\nrules:\n  - id: X1\n    title: t\n    severity: warning\n    message: 缺少{mach}\n    check: {kind: pattern, regex: 'abc(', scope: body}\n  - id: X2\n    title: t\n    severity: warning\n    message: 缺少{mtch}\n    check: {kind: pattern, regex: abc, scope: bodyx}\n",
    )
    .unwrap();
    refused_at(
        &dir.path().display().to_string(),
        &[
            "规则包有 4 处错误",
            "括号 ( 没有闭合",
            "占位符 `{mach}` 不是 pattern 规则提供的",
            "是否想写 `{match}`？",
            "未知的范围 `bodyx`",
            "占位符 `{mtch}` 不是 pattern 规则提供的",
        ],
    );
}

fn refused_at(pack: &str, expected: &[&str]) {
    let r = run(&["rules", "validate", pack]);
    assert_eq!(r.code, 3, "{pack}: {}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "{pack}: “{e}” not in\n{}", r.stderr);
    }
}

/// A pack adds its province's regulations to the national dictionary:
/// `titles:` lists several data files, `builtin:` names the built-in one.
/// A pack data file with the name of an inherited one replaces it for the
/// inherited rule too, and `rules validate` says so.
#[test]
fn a_pack_adds_titles_to_the_national_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    fs::write(
        &report,
        "某县人民政府关于2023年度法治政府建设情况的报告\n\n\
         2023年，某县贯彻《中华人民共和国行政复议法》，落实《某省行政执法监督条例》。\n\
         学习《中华人民共和国行政复义法》和《某省行政执法监督条列》。\n\n\
         某县人民政府\n2024年2月10日\n",
    )
    .unwrap();
    let report = report.display().to_string();
    let pack = dir.path().join("p");
    fs::create_dir_all(pack.join("data")).unwrap();
    fs::write(
        pack.join("data/province.yaml"),
        "titles:\n  - 某省行政执法监督条例\n  - 某省重大行政决策程序规定\n  - 中华人民共和国行政复议法\n",
    )
    .unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin}\n\
         rules:\n  - id: FZ031\n    check:\n      titles: [builtin:data/law-titles.yaml, data/province.yaml]\n",
    )
    .unwrap();
    let rules = pack.display().to_string();
    let (plain, _) = json(&["--no-config", &report]);
    assert_eq!(by_rule(&plain["files"][0], "FZ031").len(), 1, "{plain}");
    let (v, _) = json(&["--no-config", "--rules", &rules, &report]);
    let mut got: Vec<String> = by_rule(&v["files"][0], "FZ031")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "名称“中华人民共和国行政复义法”与规范名称《中华人民共和国行政复议法》不一致",
            "名称“某省行政执法监督条列”与规范名称《某省行政执法监督条例》不一致",
        ],
        "{v}"
    );
    let r = run(&["rules", "validate", &rules]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("遮盖"), "{}", r.stderr);

    // Named like the built-in dictionary: it replaces it, with a warning.
    fs::rename(
        pack.join("data/province.yaml"),
        pack.join("data/law-titles.yaml"),
    )
    .unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 省, extends: builtin}\n",
    )
    .unwrap();
    let r = run(&["rules", "validate", &rules]);
    assert!(r.stderr.contains("data/law-titles.yaml"), "{}", r.stderr);
    assert!(r.stderr.contains("遮盖了它"), "{}", r.stderr);

    // A missing file, and too many files, are errors at the place.
    fs::write(
        pack.join("pack.yaml"),
        format!(
            "pack: {{id: p, name: 省, extends: builtin}}\n\
             rules:\n  - id: FZ031\n    check:\n      titles: [builtin:data/nope.yaml]\n  - id: X1\n    title: t\n    severity: info\n    message: m\n    check: {{kind: law-title, titles: [{}]}}\n",
            vec!["data/law-titles.yaml"; 17].join(", ")
        ),
    )
    .unwrap();
    let r = run(&["rules", "validate", &rules]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("找不到数据文件 `builtin:data/nope.yaml`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("builtin:data/law-titles.yaml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("列出了 17 个数据文件"), "{}", r.stderr);
}

/// A minimal report of `year`, dated `date`, written to `dir/name`.
fn dated_report(dir: &std::path::Path, name: &str, year: i32, date: &str, body: &str) -> String {
    let path = dir.join(name);
    fs::write(
        &path,
        format!(
            "某县人民政府关于{year}年度法治政府建设情况的报告\n\n{body}\n\n某县人民政府\n{date}\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// `day: last` is the end of the month, leap years too; a day a month does
/// not have every year is refused; a pack sets a default deadline and
/// issuer level, which the configuration overrides, and `reportlint config`
/// shows which is in force and where it comes from.
#[test]
fn deadlines_end_of_month_and_pack_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p");
    fs::create_dir(&pack).unwrap();
    let rules = pack.display().to_string();
    fs::write(
        pack.join("pack.yaml"),
        "pack:\n  id: p\n  name: 某省\n  extends: builtin\n  report: {deadline: 02-last, level: 县}\n",
    )
    .unwrap();
    let fz015 = |report: &str, extra: &[&str]| {
        let mut args = vec!["--rules", rules.as_str()];
        args.extend_from_slice(extra);
        args.push(report);
        let (v, _) = json(&args);
        by_rule(&v["files"][0], "FZ015")
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let body = "2023年，某县全面推进法治政府建设。";
    let leap = dated_report(dir.path(), "a.txt", 2023, "2024年2月29日", body);
    assert!(
        fz015(&leap, &["--no-config"]).is_empty(),
        "29 February 2024 is the last day"
    );
    let late = dated_report(dir.path(), "b.txt", 2023, "2024年3月1日", body);
    let got = fz015(&late, &["--no-config"]);
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("2024年2月29日"), "{got:?}");
    let body = "2024年，某县全面推进法治政府建设。";
    let common = dated_report(dir.path(), "c.txt", 2024, "2025年3月1日", body);
    let got = fz015(&common, &["--no-config"]);
    assert!(got[0].contains("2025年2月28日"), "{got:?}");

    // The configuration wins over the pack.
    let config = dir.path().join("reportlint.yaml");
    fs::write(&config, "report:\n  deadline: \"03-10\"\n").unwrap();
    let config = config.display().to_string();
    assert!(fz015(&common, &["--config", &config]).is_empty());
    let r = run(&["config", "--config", &config, "--rules", &rules]);
    assert!(r.stdout.contains("03-10（次年3月10日）"), "{}", r.stdout);
    assert!(
        r.stdout.contains("规则包“某省”"),
        "the level comes from the pack: {}",
        r.stdout
    );
    let r = run(&["config", "--no-config", "--rules", &rules]);
    assert!(
        r.stdout.contains("02-last（次年2月的最后一天）"),
        "{}",
        r.stdout
    );

    // Days a month does not have every year.
    for (day, expected) in [
        ("29", "2月29日只在闰年才有"),
        ("31", "2月的 day 取 1–28"),
        ("soon", "day 的值 `soon` 无效"),
    ] {
        fs::write(
            pack.join("pack.yaml"),
            format!("pack: {{id: p, name: 某省, extends: builtin}}\nrules:\n  - id: FZ015\n    check: {{default: ~, by_level: ~, demonstration: ~, month: 2, day: {day}}}\n"),
        )
        .unwrap();
        let r = run(&["rules", "validate", &rules]);
        assert_eq!(r.code, 3, "{day}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{day}: {}", r.stderr);
    }
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 某省, extends: builtin, report: {deadline: 02-30}}\n",
    )
    .unwrap();
    let r = run(&["rules", "validate", &rules]);
    assert!(
        r.stderr.contains("无法识别的报送期限“02-30”"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pack.yaml:1:"), "{}", r.stderr);
}

/// `{year}` and `{next_year}` in a regex stand for the report year.
#[test]
fn regexes_name_the_report_year() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 某省, extends: builtin}\nrules:\n  - id: P1\n    title: 写明下一年的安排\n    severity: info\n    message: 没有写明{next_year}年的安排\n    check: {kind: pattern, regex: '{next_year}年.{0,6}(安排|打算)', require: true, scope: all}\n",
    )
    .unwrap();
    let rules = pack.display().to_string();
    let p1 = |body: &str| {
        let report = dated_report(dir.path(), "r.txt", 2023, "2024年2月1日", body);
        let (v, _) = json(&["--no-config", "--rules", &rules, &report]);
        by_rule(&v["files"][0], "P1").len()
    };
    assert_eq!(p1("2024年工作安排：继续推进。"), 0);
    assert_eq!(p1("2023年工作安排：继续推进。"), 1);
}

/// Writes `rules` (YAML list items) as a pack extending the built-in one
/// and checks `report` with it; the findings of rule `id`.
fn with_rules(
    dir: &std::path::Path,
    rules: &str,
    report: &str,
    id: &str,
) -> Vec<serde_json::Value> {
    let pack = dir.join("p");
    fs::create_dir_all(&pack).unwrap();
    fs::write(
        pack.join("pack.yaml"),
        format!("pack: {{id: p, name: 某省, extends: builtin}}\nrules:\n{rules}"),
    )
    .unwrap();
    let path = dir.join("r.txt");
    fs::write(&path, report).unwrap();
    let (v, _) = json(&[
        "--no-config",
        "--rules",
        &pack.display().to_string(),
        &path.display().to_string(),
    ]);
    by_rule(&v["files"][0], id)
}

const SPLIT_REPORT: &str = "某县人民政府关于2023年度\n法治政府建设情况的报告\n\n\
2023年，某县全面推进法治政府建设。\n\
一、2023年推进法治政府建设的主要举措和成效\n\
县政府常务会议审议法治政府建设工作3次。\n\
二、存在的不足和原因\n\
执法力量不足。\n培训不够深入，考核不够严格。\n执法力量不足。\n\
三、2024年推进法治政府建设的主要安排\n\
迎接法治督察。\n推进示范创建。\n\n某县人民政府\n2024年2月1日\n";

/// `require` finds in a paragraph, a level-1 section or the whole scope;
/// the title is matched joined; a section the report lacks is skipped or
/// reported as `if_missing` says; `min_count` counts distinct matches.
#[test]
fn require_rules_say_where_they_look_and_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rule = |within: &str| {
        format!("  - {{id: P1, title: t, severity: info, message: m, check: {{kind: pattern, scope: 'section:plan', regex: '法治督察[\\s\\S]*示范创建', require: true, within: {within}}}}}\n")
    };
    assert_eq!(
        with_rules(d, &rule("paragraph"), SPLIT_REPORT, "P1").len(),
        1
    );
    assert!(with_rules(d, &rule("section"), SPLIT_REPORT, "P1").is_empty());
    assert!(with_rules(d, &rule("document"), SPLIT_REPORT, "P1").is_empty());

    // The title split over two lines is matched as one.
    let title = "  - {id: P2, title: t, severity: info, message: m, check: {kind: pattern, scope: title, regex: '^某县人民政府关于{year}年度法治政府建设情况的报告$', require: true}}\n";
    assert!(with_rules(d, title, SPLIT_REPORT, "P2").is_empty());

    // The 第一责任人 part is missing: skipped unless `if_missing: report`.
    let first = |extra: &str| {
        format!("  - {{id: P3, title: t, severity: info, message: m, check: {{kind: pattern, scope: 'section:first-responsible', regex: '亲自', require: true{extra}}}}}\n")
    };
    assert!(with_rules(d, &first(""), SPLIT_REPORT, "P3").is_empty());
    let reported = with_rules(d, &first(", if_missing: report"), SPLIT_REPORT, "P3");
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0]["line"], 1, "at the title");

    // Four distinct matches (the heading, three shortcomings); the
    // repeated one counts once.
    let count = |n: usize| {
        format!("  - {{id: P4, title: t, severity: info, message: '只有{{count}}条，应有{{min}}条', check: {{kind: pattern, scope: 'section:shortcomings', regex: '[^。，\\n]*(不足|不够)[^。，\\n]*', require: true, within: document, min_count: {n}}}}}\n")
    };
    assert!(with_rules(d, &count(4), SPLIT_REPORT, "P4").is_empty());
    let few = with_rules(d, &count(5), SPLIT_REPORT, "P4");
    assert_eq!(few[0]["message"], "只有4条，应有5条");
}

/// `min_count` is bounded and, like `within`, only for `require` rules;
/// `coverage` may ask for some of its areas; a template content item has
/// its own message and severity.
#[test]
fn counting_options_are_checked_and_content_items_speak_for_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p");
    fs::create_dir_all(&pack).unwrap();
    let rules = pack.display().to_string();
    for (check, expected) in [
        (
            "regex: 'x', require: true, min_count: 5000",
            "min_count 取 1–1000",
        ),
        (
            "regex: 'x', within: section",
            "只用于 `require: true` 的规则",
        ),
    ] {
        fs::write(
            pack.join("pack.yaml"),
            format!("pack: {{id: p, name: 某省, extends: builtin}}\nrules:\n  - {{id: P1, title: t, severity: info, message: m, check: {{kind: pattern, {check}}}}}\n"),
        )
        .unwrap();
        let r = run(&["rules", "validate", &rules]);
        assert_eq!(r.code, 3, "{check}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{check}: {}", r.stderr);
    }

    let d = dir.path();
    let coverage = |n: usize| {
        format!("  - {{id: C1, title: t, severity: info, message: '未涉及{{missing}}', check: {{kind: coverage, at_least: {n}, areas: [{{name: 督察, any: ['法治督察']}}, {{name: 示范, any: ['示范创建']}}, {{name: 复议, any: ['行政复议']}}]}}}}\n")
    };
    assert!(with_rules(d, &coverage(2), SPLIT_REPORT, "C1").is_empty());
    let c = with_rules(d, &coverage(3), SPLIT_REPORT, "C1");
    assert_eq!(c[0]["message"], "未涉及复议");

    // A template section with an item of its own, reported once, in its own words.
    fs::write(
        pack.join("pack.yaml"),
        "pack: {id: p, name: 某省, extends: builtin}\n",
    )
    .unwrap();
    let template = fs::read_to_string(root().join("rules/fzzf/template.yaml")).unwrap();
    let plan = template.find("    - id: plan").expect("the plan section");
    let contents = "      contents:\n        - id: inspection\n          title: 法治督察\n          any: ['法治督察']\n          message: “{heading}”没有写到法治督察\n          severity: info\n";
    let mut sections = template[..template.find("\nrules:").unwrap_or(template.len())].to_string();
    let insert = plan
        + sections[plan..]
            .find("\n    - id:")
            .unwrap_or(sections.len() - plan);
    sections.insert_str(insert, &format!("\n{}", contents.trim_end_matches('\n')));
    fs::write(pack.join("template.yaml"), sections).unwrap();
    let report = SPLIT_REPORT.replace("迎接法治督察。", "迎接检查。");
    let path = dir.path().join("r2.txt");
    fs::write(&path, &report).unwrap();
    let (v, _) = json(&[
        "--no-config",
        "--rules",
        &rules,
        &path.display().to_string(),
    ]);
    let items: Vec<_> = by_rule(&v["files"][0], "FZ002")
        .into_iter()
        .filter(|f| f["item"] == "inspection")
        .collect();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(
        items[0]["message"],
        "“三、2024年推进法治政府建设的主要安排”没有写到法治督察"
    );
    assert_eq!(items[0]["severity"], "info");
    let reasons = by_rule(&v["files"][0], "FZ002")
        .into_iter()
        .filter(|f| f["item"] == "reasons")
        .count();
    assert!(reasons <= 1, "the reasons item is reported at most once");
}

/// The committed schemas describe the files actually written: every rule
/// file, data file and report-test expectation of the built-in pack and of
/// the example packs validates against its schema, and a misspelt scope
/// does not.
#[test]
fn rule_data_and_test_files_validate_against_their_schemas() {
    let schema = |name: &str| {
        let text = fs::read_to_string(root().join("rules").join(name)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::draft202012::new(&value).unwrap()
    };
    let (rules, dictionary, tests) = (
        schema("schema.json"),
        schema("dictionary.schema.json"),
        schema("tests.schema.json"),
    );
    let yaml = |path: &std::path::Path| -> serde_json::Value {
        serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut checked = 0;
    for pack in [
        "rules/fzzf",
        "rules/zfxxgk",
        "examples/packs/shaanxi",
        "examples/packs/province",
        "examples/packs/gangyao-coverage",
    ] {
        let dir = root().join(pack);
        if !dir.is_dir() {
            continue;
        }
        for (sub, validator) in [("", &rules), ("data", &dictionary), ("tests", &tests)] {
            let Ok(entries) = fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                // The font and size names of the layout rules are not a
                // dictionary; loading the pack checks them (unknown keys
                // are errors there).
                if sub == "data"
                    && path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("layout-"))
                {
                    continue;
                }
                let errors: Vec<String> = validator
                    .iter_errors(&yaml(&path))
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} files checked");
    let misspelt = serde_json::json!({"rules": [{"id": "X1", "title": "t", "severity": "info", "message": "m",
        "check": {"kind": "pattern", "regex": "a", "scope": "sectoin:plan"}}]});
    assert!(!rules.is_valid(&misspelt));
}
