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
        r.stderr.contains("a.yaml:8:17"),
        "points at the `(` (columns count characters): {}",
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

/// Runs the binary and kills it after a generous minute, so that a hang
/// fails the test instead of stalling the suite.
fn run_bounded(args: &[&str]) -> Run {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reportlint");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("reportlint {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// `rules validate DIR` and `check --rules DIR` both refuse the pack with
/// exit code 3 and every expected message; nothing is checked.
fn refused(dir: &str, expected: &[&str]) {
    let validate = run_bounded(&["rules", "validate", dir]);
    let check = run_bounded(&["check", "--rules", dir, "tests/fixtures/seed_000.txt"]);
    for r in [&validate, &check] {
        assert_eq!(r.code, 3, "{dir}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{dir}: nothing is checked");
        for e in expected {
            assert!(
                r.stderr.contains(e),
                "{dir}: expected “{e}” in\n{}",
                r.stderr
            );
        }
        assert_no_english(&r.stderr);
    }
}

/// No English words from the YAML, regex or argument libraries reach the
/// user (paths, keys and code names are allowed).
fn assert_no_english(stderr: &str) {
    for english in [
        "unknown field",
        "missing field",
        "invalid type",
        "unknown variant",
        "expected",
        "at line",
        "error:",
        "Error:",
        "not supported",
        "os error",
        "No such file",
        "found",
    ] {
        assert!(!stderr.contains(english), "“{english}” in\n{stderr}");
    }
}

#[test]
fn bad_regexes_placeholders_and_fixes_are_refused_with_chinese_messages() {
    let cases: &[(&str, &[&str])] = &[
        ("empty-regex", &["正则表达式为空"]),
        (
            "empty-match",
            &["正则表达式 `(法制)*` 可以匹配空字符串", "pack.yaml:9:15"],
        ),
        (
            "unclosed-placeholder",
            &["占位符 `{match` 缺少右花括号", "写作 `{match}`"],
        ),
        (
            "missing-group",
            &[
                "引用了不存在的捕获组 `$9`",
                "引用了不存在的捕获组 `${nope}`",
                "引用了不存在的捕获组 `$1a`",
                "写作 ${1}a",
                "修复会删掉匹配的文字",
            ],
        ),
        (
            "fix-matches-again",
            &["改为“法治法治”后", "用例中的“法治政府”改"],
        ),
        (
            "look-around",
            &["不支持前后查找（look-around）", "pack.yaml:9:17", "allow"],
        ),
        ("invalid-regex", &["括号 ( 没有闭合"]),
        (
            "unknown-key",
            &["未知的键 `mesage`", "是否想写 `message`？"],
        ),
        ("wrong-type", &["值的类型不对：此处应为列表"]),
        ("syntax", &["文件在此意外结束（从引号开始的字符串没有结束"]),
    ];
    for (case, expected) in cases {
        refused(&format!("tests/bad_packs/{case}"), expected);
    }
}

/// A pack directory in a temporary folder with one generated `pack.yaml`.
fn generated(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pack.yaml"), text).unwrap();
    dir
}

fn pattern_rules(n: usize) -> String {
    let mut text = String::from(PACK);
    text.push_str("rules:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  - id: R{i:05}\n    title: 规则{i}\n    severity: warning\n    message: 不应出现“{{match}}”\n    check: {{kind: pattern, regex: '甲乙{i}丙丁'}}\n"
        ));
    }
    text
}

#[test]
fn too_many_rules_is_a_clear_error_and_a_pack_at_the_limit_loads() {
    let over = generated(&pattern_rules(20_001));
    let dir = over.path().display().to_string();
    refused(
        &dir,
        &[
            "规则过多：规则包（连同所继承的）超过 20000 条规则",
            "第 20001 条规则",
            "R20000",
        ],
    );

    // Thousands of rules load and check a report (README gives the time and
    // memory for ten thousand, measured on a release build).
    let many = generated(&pattern_rules(3_000));
    let dir = many.path().display().to_string();
    let r = run_bounded(&["rules", "validate", &dir]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("3000 条规则，0 个模板部分，51 个警告"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("还有规则没有测试用例（不再逐条列出）"));
    let r = run_bounded(&["check", "--rules", &dir, "tests/fixtures/seed_000.txt"]);
    assert!(r.code <= 1, "{}", r.stderr);
}

#[test]
fn many_errors_are_counted_but_only_the_first_are_listed() {
    let text = pattern_rules(300).replace("甲乙", "甲(乙");
    let pack = generated(&text);
    let dir = pack.path().display().to_string();
    refused(
        &dir,
        &["规则包有 300 处错误", "只列出前 50 处，另有 250 处未列出"],
    );
}

#[test]
fn oversized_rule_files_and_packs_are_refused_before_parsing() {
    let big = generated(&format!("{PACK}# {}\n", "填".repeat(2_000_000)));
    refused(
        &big.path().display().to_string(),
        &["过大", "上限 4194304 字节", "规则文件通常只有几十 KB"],
    );

    let pack = generated(PACK);
    for i in 0..5 {
        let filler = format!("# {}\n", "填".repeat(1_300_000));
        fs::write(pack.path().join(format!("f{i}.yaml")), filler).unwrap();
    }
    refused(
        &pack.path().display().to_string(),
        &["过大：连同数据文件和所继承的规则包超过 16777216 字节"],
    );
}

#[test]
fn deep_nesting_and_alias_bombs_fail_fast() {
    let flow = generated(&format!(
        "{PACK}rules: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    refused(
        &flow.path().display().to_string(),
        &["嵌套超过 64 层", "嵌套层数的上限是 64"],
    );
    let map = generated(&format!(
        "{PACK}rules: {}1{}\n",
        "{a: ".repeat(50_000),
        "}".repeat(50_000)
    ));
    refused(&map.path().display().to_string(), &["嵌套超过 64 层"]);

    let mut laughs = format!(
        "{PACK}template:\n  match_order: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        laughs.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
    }
    let bomb = generated(&laughs);
    refused(
        &bomb.path().display().to_string(),
        &["别名展开后超过 16 MB"],
    );
}

#[test]
fn huge_regexes_and_long_extends_chains_are_refused() {
    let rules = "rules:\n  - {id: A1, title: t, severity: error, message: m, check: {kind: pattern, regex: '\\w{1000}\\w{1000}'}}\n";
    let pack = generated(&format!("{PACK}{rules}"));
    refused(
        &pack.path().display().to_string(),
        &["编译后过大", "编译后超过 4 MB"],
    );

    let root = tempfile::tempdir().unwrap();
    for i in 0..10 {
        let dir = root.path().join(format!("p{i}"));
        fs::create_dir(&dir).unwrap();
        let extends = if i < 9 {
            format!(", extends: ../p{}", i + 1)
        } else {
            String::new()
        };
        fs::write(
            dir.join("pack.yaml"),
            format!("pack: {{id: p{i}, name: 包{i}{extends}}}\n"),
        )
        .unwrap();
    }
    refused(
        &root.path().join("p0").display().to_string(),
        &["继承的层数超过 8 层"],
    );
}

#[test]
fn unreadable_packs_and_config_errors_are_chinese() {
    refused("no/such/dir", &["无法读取规则包 no/such/dir：不存在"]);

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("reportlint.yaml");
    fs::write(&config, "report:\n  year: 二〇二三\nexclude: [*.bak]\n").unwrap();
    let r = run_bounded(&[
        "check",
        "--config",
        &config.display().to_string(),
        "tests/fixtures/seed_000.txt",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("配置文件格式错误"), "{}", r.stderr);
    assert_no_english(&r.stderr);

    let waivers = dir.path().join("w.yaml");
    fs::write(&waivers, "waivers:\n  - rule: FZ001\n    file: a.txt\n").unwrap();
    let r = run_bounded(&[
        "check",
        "--waivers",
        &waivers.display().to_string(),
        "tests/fixtures/seed_000.txt",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("缺少必填的键 `fingerprint`"),
        "{}",
        r.stderr
    );
    assert_no_english(&r.stderr);
}

#[test]
fn command_line_errors_are_chinese() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "--max-size", "0", "a.txt"],
            "`--max-size <MB>` 的值“0”无效：应在 1 到 1024 之间",
        ),
        (&["check", "--bogus", "a.txt"], "没有 `--bogus` 这个选项"),
        (
            &["check", "a.txt", "--format"],
            "`--format <FORMAT>` 后缺少值",
        ),
        (
            &["check", "--format", "xml", "a.txt"],
            "可取的值：human、json",
        ),
        (&["check", "--jobs", "abc", "a.txt"], "应为整数"),
        (
            &["check", "--year", "3000", "a.txt"],
            "应在 1990 到 2100 之间",
        ),
        (&["rules", "explain"], "缺少必需的参数：<ID>"),
        (&["chek"], "没有 `chek` 这个命令"),
        (&["check", "--fix", "--diff", "a.txt"], "不能与"),
    ];
    for (args, expected) in cases {
        let r = run_bounded(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("--help"), "{args:?}: {}", r.stderr);
        for english in [
            "error:",
            "invalid value",
            "unexpected argument",
            "For more information",
            "is not in",
        ] {
            assert!(!r.stderr.contains(english), "{args:?}: {}", r.stderr);
        }
    }
    assert_eq!(run_bounded(&["--version"]).code, 0);
    assert!(run_bounded(&["check", "--help"])
        .stdout
        .contains("--max-size"));
}

/// Many anchors followed by many aliases: each alias is looked up in
/// constant time, so a pack just under the size limit is checked in
/// seconds (looking every alias up among all earlier anchors took minutes).
#[test]
fn many_anchors_and_aliases_are_checked_in_linear_time() {
    let n = 140_000;
    let mut text = String::from("pack: {id: bad, name: x}\njunk:\n");
    for i in 0..n {
        text.push_str(&format!("  - &a{i:06} x\n"));
    }
    for _ in 0..n {
        text.push_str("  - *a000000\n");
    }
    text.push_str("rules: []\n");
    assert!(text.len() < 4 << 20);
    let pack = generated(&text);
    let r = run_bounded(&["rules", "validate", &pack.path().display().to_string()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("未知的键 `junk`"), "{}", r.stderr);
    assert_no_english(&r.stderr);
}

/// Each error is found at its place in the parsed file, not by searching
/// the text for the value: rule `R1` after `R10` is not mistaken for it.
#[test]
fn an_error_in_r1_after_r10_points_at_r1() {
    let rules = "rules:
  - id: R10
    title: 十
    severity: warning
    message: 十
    check: {kind: pattern, regex: 甲, scope: body}
  - id: R1
    title: 一
    severity: warning
    message: 一
    check: {kind: pattern, regex: 乙, scope: 'section:plan'}
";
    let r = check_with_pack(&[("a.yaml", &format!("{PACK}{rules}"))]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("引用了未定义的模板部分 `plan`"),
        "{}",
        r.stderr
    );
    // Line 12 (the pack line first), column of `plan` in characters.
    assert!(r.stderr.contains("a.yaml:12:54"), "{}", r.stderr);
    assert!(!r.stderr.contains("a.yaml:7:"), "{}", r.stderr);
}

/// A YAML typo in one rule hides neither a duplicate id nor a bad regex in
/// the others, nor a broken second file: every error is listed, each at its
/// line and column (in characters), in Chinese.
#[test]
fn a_typo_a_duplicate_id_and_a_bad_regex_are_all_reported_at_their_places() {
    let rules = "rules:
  - id: A1
    title: 甲
    sevrity: warning
    message: 甲
    check: {kind: pattern, regex: 甲}
  - id: A2
    title: 乙
    severity: warning
    message: 乙
    check: {kind: pattern, regex: 乙}
  - id: A2
    title: 丙
    severity: warning
    message: 丙
    check: {kind: pattern, regex: 丙}
  - id: A3
    title: 丁
    severity: warning
    message: 丁
    check: {kind: pattern, regex: '法治(政府'}
  - id: A4
    title: 戊
    severity: warning
    message: 戊
    check: {kind: pattern, regex: 戊, scope: bdy}
";
    let other = "rules:
  - id: B1
    title: 己
    severity: eror
    message: 己
    check: {kind: pattern, regex: 己}
";
    let r = check_with_pack(&[("a.yaml", &format!("{PACK}{rules}")), ("b.yaml", other)]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    for expected in [
        "规则包有 6 处错误",
        // The typo, with a did-you-mean.
        "未知的键 `sevrity`",
        "是否想写 `severity`？",
        "a.yaml:5:5",
        // The duplicate id, at both places.
        "规则 id `A2` 重复",
        "a.yaml:8:9",
        "a.yaml:13:9",
        "另一处在第 13 行",
        "另一处在第 8 行",
        // The bad regex, at the unclosed bracket.
        "括号 ( 没有闭合",
        "a.yaml:22:38",
        // An unknown scope, with a did-you-mean.
        "未知的范围 `bdy`",
        "是否想写 `body`？",
        "a.yaml:27:45",
        // The other file.
        "无效的取值 `eror`",
        "b.yaml:4:15",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
    assert_no_english(&r.stderr);
}

#[test]
fn label_texts_and_deadline_tables_are_checked_where_they_are_written() {
    let a = "rules:
  - id: A1
    title: t
    severity: error
    message: m
    check:
      kind: structure
      element: closing
      labels: {no_titel: 无, closing: '正文结束，缺{missng}'}
  - id: A2
    title: t
    severity: error
    message: m
    check: {kind: deadline, by_level: {县: '13-01'}, default: '04-01'}
  - id: A3
    title: t
    severity: error
    message: m
    check: {kind: deadline}
";
    let r = check_with_pack(&[("pack.yaml", PACK), ("a.yaml", a)]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty(), "nothing is checked");
    for expected in [
        "`no_titel` 不是 structure 规则的标注文字",
        "是否想写 `no_title`？",
        "a.yaml:9:16",
        "a.yaml:14:44",
        "占位符 `{missng}` 不是 structure 规则提供的",
        "是否想写 `{missing}`？",
        "期限 `13-01` 不是有效的月-日",
        "deadline 规则没有写明期限",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
}

#[test]
fn a_rule_sets_the_words_its_findings_are_labelled_with() {
    let rules = "rules:\n  - {id: A1, title: t, severity: error, message: '缺{missing}', check: {kind: structure, element: closing, labels: {missing_both: 签署和日子}}}\n";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pack.yaml"), PACK).unwrap();
    fs::write(dir.path().join("a.yaml"), rules).unwrap();
    fs::write(
        dir.path().join("r.txt"),
        "某县关于2023年度工作的报告\n一、工作情况\n全年办结事项12件。\n",
    )
    .unwrap();
    let rules = dir.path().display().to_string();
    let report = dir.path().join("r.txt").display().to_string();
    let (v, _) = json(&["--no-config", "--rules", &rules, &report]);
    let found = &by_rule(&v["files"][0], "A1")[0];
    assert_eq!(found["message"], "缺签署和日子");
    let label = found.to_string();
    assert!(
        label.contains("正文到此结束，其后缺少签署和日子"),
        "{label}"
    );
}
