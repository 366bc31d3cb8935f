//! `--fix` and `--diff`: fixes are applied to a copy of a report and the
//! result re-checked; the diff is pinned as a snapshot.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::*;

/// Applies the edits of the given fixes to `text`, as the tool should.
fn apply(text: &str, fixes: &[&Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = fixes
        .iter()
        .flat_map(|f| f["edits"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end, replacement) in edits {
        assert!(start >= at, "edits overlap");
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn copy_of(seed: &str, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(seed);
    fs::copy(fixture(seed), &path).unwrap();
    path
}

#[test]
fn fix_seed_001_then_fix_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_001.txt", dir.path());
    let p = path.to_str().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let original = fs::read_to_string(&path).unwrap();

    // The safe fixes the check offers, applied by hand.
    let (before, _) = single(p);
    let safe: Vec<Value> = findings(&before)
        .into_iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .collect();
    assert!(safe.iter().all(|f| f["rule"] == "FZ042"));
    let fixes: Vec<&Value> = safe.iter().map(|f| &f["fix"]).collect();
    let expected = apply(&original, &fixes);

    let r = run(&["check", "--fix", "--format", "json", p]);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let after = &out["files"][0];
    assert!(
        r.stderr.contains("已修复 27 处问题并写回文件"),
        "{}",
        r.stderr
    );
    assert_eq!(after["fixed"]["applied"], 27);
    // What remains is reported, and decides the exit code: the missing 原因
    // is an error no fix can supply.
    assert!(by_rule(after, "FZ042").is_empty());
    assert_eq!(by_rule(after, "FZ002").len(), 1);
    assert_eq!(r.code, 1);

    // Every byte outside the edits is unchanged.
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, expected);
    assert_eq!(fixed.lines().count(), original.lines().count());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions are kept");
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    // A second --fix changes nothing.
    let again = run(&["check", "--fix", p]);
    assert!(
        again.stderr.contains("没有可自动修复的问题"),
        "{}",
        again.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
    assert_eq!(again.code, 1);
}

#[test]
fn unsafe_fixes_add_the_guessed_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_004.txt", dir.path());
    let p = path.to_str().unwrap();
    let r = run(&["check", "--fix", "--unsafe-fixes", "--format", "json", p]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("《重大行政决策程序暂行条例》"));
    assert!(!fixed.contains("推进法治政府建设第一责任人"));
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let after = &out["files"][0];
    assert!(by_rule(after, "FZ031").is_empty() && by_rule(after, "FZ032").is_empty());
}

#[test]
fn a_report_whose_errors_are_all_fixable_exits_clean_after_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    let report = fs::read_to_string(fixture("extra/clean_county_2024.txt"))
        .unwrap()
        .replacen("党的二十大", "党的20大", 1);
    fs::write(&path, &report).unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(run(&["check", p]).code, 1);
    let r = run(&["check", "--fix", p]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("未发现问题"));
}

#[test]
fn diff_writes_nothing_and_exits_by_what_it_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("seed_001.txt", dir.path());
    let p = path.to_str().unwrap();
    let original = fs::read(&path).unwrap();
    let r = run(&["check", "--diff", p]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(&format!("--- {p}\n+++ {p}\n@@ ")));
    assert!(r.stderr.contains("可自动修复 27 处问题（未写入文件）"));
    assert_eq!(fs::read(&path).unwrap(), original);

    let clean = run(&[
        "check",
        "--diff",
        "tests/fixtures/extra/clean_county_2024.txt",
    ]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[test]
fn fix_flags_are_checked() {
    assert_eq!(
        run(&["check", "--unsafe-fixes", "tests/fixtures/seed_004.txt"]).code,
        2
    );
    assert_eq!(
        run(&["check", "--fix", "--diff", "tests/fixtures/seed_004.txt"]).code,
        2
    );
    let missing = run(&["check", "--fix", "tests/fixtures/no-such-report.txt"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn diff_output_seed_004() {
    let r = run(&["check", "--diff", "tests/fixtures/seed_004.txt"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn diff_output_seed_004_with_unsafe_fixes() {
    let r = run(&[
        "check",
        "--diff",
        "--unsafe-fixes",
        "tests/fixtures/seed_004.txt",
    ]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn diff_output_seed_002() {
    let r = run(&["check", "--diff", "tests/fixtures/seed_002.txt"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_web_page_is_not_overwritten_but_gets_the_diff_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    fs::copy(fixture("variants/seed_004.html"), &path).unwrap();
    let p = path.to_str().unwrap();
    let original = fs::read(&path).unwrap();
    let r = run(&["check", "--fix", "--unsafe-fixes", p]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("暂不支持写回修复"), "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.starts_with('+')
            && l.contains("三、2021年度党政主要负责人履行推进法治建设第一责任人职责情况")),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&path).unwrap(), original);
    // The findings are those of the file as it still is.
    assert!(r.stdout.contains("FZ032"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// Fixes that collide, that never settle, and writing back safely.

/// A clean report with one half-width comma: `--fix` has exactly one safe
/// fix to make (FZ042, “,” → “，”).
fn one_fix_report() -> (String, String) {
    let clean = fs::read_to_string(fixture("extra/clean_county_2024.txt")).unwrap();
    let broken = clean.replacen('，', ",", 1);
    assert_ne!(broken, clean);
    (broken, clean)
}

/// The binary, run from the project root with `env` set.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run reportlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Files in `dir` named like our temporary files.
fn temporary_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".reportlint-") && n.ends_with(".tmp"))
        .collect()
}

/// The text that made `--fix` and `--diff` panic: the brackets fix
/// replaces `<…>` while the range fix inserts “—” inside it.
const USED_TO_PANIC: &str = "x\n《关于贯彻落实<纲要（20212025年）>的意见》\n";
const NO_LONGER_PANICS: &str = "x\n《关于贯彻落实〈纲要（2021—2025年）〉的意见》\n";

#[test]
fn an_insertion_inside_another_fix_waits_for_the_next_round() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    fs::write(&path, USED_TO_PANIC).unwrap();
    let p = path.to_str().unwrap();
    let r = run(&["check", "--diff", p]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("input::internal"), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("+《关于贯彻落实〈纲要（2021—2025年）〉的意见》\n"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("可自动修复 2 处问题"), "{}", r.stderr);
    let r = run(&["check", "--fix", p]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), NO_LONGER_PANICS);
}

#[test]
fn a_folder_with_the_text_that_used_to_panic_is_fixed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, clean) = one_fix_report();
    for name in ["a.txt", "c.txt", "d.txt"] {
        fs::write(dir.path().join(name), &broken).unwrap();
    }
    fs::write(dir.path().join("b.txt"), USED_TO_PANIC).unwrap();
    let d = dir.path().to_str().unwrap();
    let r = run(&["check", "--fix", d]);
    assert!(!r.stderr.contains("input::internal"), "{}", r.stderr);
    // b.txt keeps findings no fix can supply (it is no report): exit 1.
    assert_eq!(r.code, 1, "{}", r.stderr);
    for name in ["a.txt", "c.txt", "d.txt"] {
        assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), clean);
        assert!(r
            .stderr
            .contains(&format!("{name}：已修复 1 处问题并写回文件")));
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("b.txt")).unwrap(),
        NO_LONGER_PANICS
    );
    assert!(temporary_files(dir.path()).is_empty());
}

#[test]
fn a_panic_while_fixing_one_file_leaves_the_others_fixed_and_reported() {
    if !cfg!(debug_assertions) {
        // The fault can only be injected into a debug build.
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (broken, clean) = one_fix_report();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
        fs::write(dir.path().join(name), &broken).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    // b.txt panics after its temporary file is written, before the rename.
    let r = run_env(
        &["check", "--fix", d],
        &[("REPORTLINT_FAULT", "panic:b.txt")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    for name in ["a.txt", "c.txt", "d.txt"] {
        assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), clean);
        assert!(
            r.stderr
                .contains(&format!("{name}：已修复 1 处问题并写回文件")),
            "{}",
            r.stderr
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("b.txt")).unwrap(),
        broken,
        "the file whose fix failed is untouched"
    );
    assert!(r.stderr.contains("input::internal"), "{}", r.stderr);
    assert!(r.stderr.contains("b.txt"), "{}", r.stderr);
    assert!(
        temporary_files(dir.path()).is_empty(),
        "the temporary file is gone"
    );
}

/// A pack (in a folder of `dir`) holding the given pattern rules, each
/// `(id, regex, fix)`.
fn pattern_pack(dir: &Path, rules: &[(&str, &str, &str)]) -> String {
    let pack = dir.join("pack");
    fs::create_dir(&pack).unwrap();
    let mut yaml = String::from("pack: {id: t, name: 测试}\nrules:\n");
    for (id, regex, fix) in rules {
        yaml.push_str(&format!(
            "  - id: {id}\n    title: 测试\n    severity: warning\n    message: 测试\n    check:\n      kind: pattern\n      scope: all\n      regex: '{regex}'\n      fix: {{{fix}, title: 改, safe: true}}\n"
        ));
    }
    fs::write(pack.join("pack.yaml"), yaml).unwrap();
    pack.display().to_string()
}

#[test]
fn a_fix_whose_result_matches_its_own_rule_is_reported_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    // Each output is harmless alone; in context each recreates the other's
    // match: 乙甲乙 → 乙丙乙 → 乙甲乙 → …
    let rules = pattern_pack(
        dir.path(),
        &[("T001", "甲乙|乙丙", "map: {甲乙: 丙乙, 乙丙: 乙甲}")],
    );
    let path = dir.path().join("r.txt");
    let text = "关于法治政府建设的报告\n乙甲乙\n".repeat(20);
    fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    for mode in ["--fix", "--diff"] {
        let r = run(&["check", "--rules", &rules, mode, p]);
        assert_eq!(r.code, 2, "{mode}: {}", r.stderr);
        assert_eq!(fs::read_to_string(&path).unwrap(), text, "{mode}");
        assert_eq!(
            r.stderr.matches("fix::unsettled").count(),
            1,
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("规则 T001 的修复结果仍被规则 T001 判为有问题"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("原文件未改动"), "{}", r.stderr);
        assert!(!r.stderr.contains("没有可自动修复的问题"), "{}", r.stderr);
        if mode == "--diff" {
            assert_eq!(r.stdout, "", "nothing to show");
        }
    }
    assert!(temporary_files(dir.path()).is_empty());
    // JSON says why the run exits with 2.
    let r = run(&["check", "--rules", &rules, "--fix", "--format", "json", p]);
    assert_eq!(r.code, 2);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let error = &json["files"][0]["fixed"]["error"];
    assert_eq!(error["code"], "fix::unsettled", "{json}");
    assert!(
        error["message"].as_str().unwrap().contains("T001"),
        "{error}"
    );
}

#[test]
fn a_fix_that_doubles_the_text_is_never_written() {
    // The reproduction as reported: 法治 → 法治法治. The pack may be refused
    // when it is loaded (exit 3); if it is not, fixing is (exit 2). Either
    // way the file is untouched.
    let dir = tempfile::tempdir().unwrap();
    let rules = pattern_pack(dir.path(), &[("G001", "法治", "replace: 法治法治")]);
    let path = dir.path().join("r.txt");
    let text = "关于法治政府建设的报告\n坚持法治。\n";
    fs::write(&path, text).unwrap();
    let r = run(&["check", "--rules", &rules, "--fix", path.to_str().unwrap()]);
    match r.code {
        3 => assert!(
            r.stderr.contains("修复的结果仍会被本规则查出"),
            "{}",
            r.stderr
        ),
        2 => assert!(r.stderr.contains("G001"), "{}", r.stderr),
        _ => panic!("exit {}: {}", r.code, r.stderr),
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn fixes_that_multiply_the_text_stop_at_the_growth_limit() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pattern_pack(
        dir.path(),
        &[
            ("T001", "甲", "replace: 乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙"),
            ("T002", "乙", "replace: 甲"),
        ],
    );
    let path = dir.path().join("r.txt");
    // Many short paragraphs, so the caps on labels per finding and findings
    // per rule do not slow the growth down.
    let text = format!(
        "关于法治政府建设的报告\n{}",
        "甲甲甲甲甲甲甲甲\n".repeat(150)
    );
    let text = text.as_str();
    fs::write(&path, text).unwrap();
    let r = run(&["check", "--rules", &rules, "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("规则 T001 的修复使文字不断变长"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn rules_that_undo_each_other_get_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pattern_pack(
        dir.path(),
        &[
            ("P001", "法治", "replace: 法制"),
            ("P002", "法制", "replace: 法治"),
        ],
    );
    let path = dir.path().join("r.txt");
    let text = "关于法治政府建设的报告\n坚持法治。\n";
    fs::write(&path, text).unwrap();
    let r = run(&["check", "--rules", &rules, "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    // One note, naming both rules; not “nothing to fix” and “did not
    // settle” at once.
    let notes: Vec<&str> = r.stderr.lines().filter(|l| l.contains("r.txt")).collect();
    assert_eq!(notes.len(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("规则 P001、P002 的修复相互抵消"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("没有可自动修复的问题"), "{}", r.stderr);
    assert!(!r.stderr.contains("轮后"), "{}", r.stderr);
}

#[test]
fn lone_cr_line_ends_are_kept_and_the_file_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, clean) = one_fix_report();
    let path = dir.path().join("mac.txt");
    fs::write(&path, broken.replace('\n', "\r")).unwrap();
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("已修复 1 处问题并写回文件"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("被其他程序修改"), "{}", r.stderr);
    assert_eq!(
        fs::read(&path).unwrap(),
        clean.replace('\n', "\r").as_bytes()
    );
}

#[test]
fn a_nul_byte_is_kept_and_the_file_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, clean) = one_fix_report();
    let with_nul = |t: &str| t.replacen('。', "。\0", 1);
    let path = dir.path().join("nul.txt");
    fs::write(&path, with_nul(&broken)).unwrap();
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("UTF-8"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), with_nul(&clean).as_bytes());
}

#[test]
fn a_gbk_file_is_refused_for_its_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, _) = one_fix_report();
    let path = dir.path().join("gbk.txt");
    let bytes = encoding_of_gbk(&broken);
    fs::write(&path, &bytes).unwrap();
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("GBK 编码的文本暂不支持写回修复"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("另存为 UTF-8"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

/// `text` in GBK, through the crate's decoder library.
fn encoding_of_gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_left_alone_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (broken, _) = one_fix_report();
    let path = dir.path().join("r.txt");
    fs::write(&path, &broken).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("文件是只读的，未写回修复"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("chmod u+w"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[cfg(unix)]
#[test]
fn a_file_with_hard_links_is_left_alone_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, _) = one_fix_report();
    let path = dir.path().join("r.txt");
    let other = dir.path().join("link.txt");
    fs::write(&path, &broken).unwrap();
    fs::hard_link(&path, &other).unwrap();
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("有 2 个硬链接"), "{}", r.stderr);
    assert!(r.stderr.contains("--diff"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 2, "still linked");
}

#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    fs::metadata(&probe).unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn mode_owner_and_group_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let (broken, clean) = one_fix_report();
    let path = dir.path().join("r.txt");
    fs::write(&path, &broken).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o2640)).unwrap();
    // Only root may give a file to someone else.
    let owner = if running_as_root() {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
        (4242, 4343)
    } else {
        let m = fs::metadata(&path).unwrap();
        (m.uid(), m.gid())
    };
    let r = run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m = fs::metadata(&path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), clean);
    assert_eq!((m.uid(), m.gid()), owner);
    assert_eq!(m.permissions().mode() & 0o7777, 0o2640);
}

#[cfg(unix)]
#[test]
fn an_owner_that_cannot_be_kept_stops_the_write() {
    use std::os::unix::fs::PermissionsExt;
    // Needs root, to set up a file a plain user may write but not own, and
    // `setpriv` to run as that user.
    let setpriv = Path::new("/usr/bin/setpriv");
    if !running_as_root() || !setpriv.exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let (broken, _) = one_fix_report();
    let path = dir.path().join("r.txt");
    fs::write(&path, &broken).unwrap();
    // Owned by someone else, writable by the group of `nobody`.
    std::os::unix::fs::chown(&path, Some(4242), Some(65534)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    let out = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_reportlint"))
        .args(["check", "--fix", path.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("Permission denied") && out.status.code() != Some(2) {
        // The binary is not reachable for that user here.
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("无法保留原来的所有者和所属组（用户 4242、组 65534）"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    assert!(temporary_files(dir.path()).is_empty());
}

#[test]
fn temporary_files_of_ended_runs_are_removed_and_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (broken, _) = one_fix_report();
    fs::write(dir.path().join("r.txt"), &broken).unwrap();
    // A process id that has ended: a child we waited for.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = format!(".reportlint-{gone}-Ab12Cd34.tmp");
    fs::write(dir.path().join(&stale), "half a report").unwrap();
    fs::write(dir.path().join(".reportlint-notes.tmp"), "not ours").unwrap();
    let r = run(&["check", "--fix", dir.path().join("r.txt").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("已删除此前中断的 reportlint 留下的临时文件"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join(&stale).exists());
    assert!(dir.path().join(".reportlint-notes.tmp").exists());
}

/// Waits until `done` holds, checking every few milliseconds; panics after a
/// minute (a hang, not a timing assertion).
#[cfg(unix)]
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited a minute for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// A folder of `n` reports, each with one safe fix; the paths, the original
/// bytes and the fixed bytes of each.
#[cfg(unix)]
fn folder_of_reports(dir: &Path, n: usize) -> Vec<(std::path::PathBuf, Vec<u8>, Vec<u8>)> {
    let (broken, clean) = one_fix_report();
    (0..n)
        .map(|i| {
            let extra = format!("（本报告第 {i} 份副本。）\n");
            let path = dir.join(format!("r{i:02}.txt"));
            let original = format!("{broken}{extra}");
            fs::write(&path, &original).unwrap();
            (
                path,
                original.into_bytes(),
                format!("{clean}{extra}").into_bytes(),
            )
        })
        .collect()
}

/// Every file holds its original or its fixed bytes, nothing else.
#[cfg(unix)]
fn each_file_whole(files: &[(std::path::PathBuf, Vec<u8>, Vec<u8>)], moment: &str) {
    for (path, original, fixed) in files {
        let now = fs::read(path).unwrap_or_else(|e| panic!("{moment}: {path:?} missing: {e}"));
        assert!(
            now == *original || now == *fixed,
            "{moment}: {path:?} is neither the original nor the fixed report ({} bytes)",
            now.len()
        );
    }
}

#[cfg(unix)]
fn spawn_fix(dir: &Path, fault: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["check", "--fix", "--jobs", "2", dir.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .env("REPORTLINT_FAULT", fault)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn kill_9_at_any_moment_leaves_every_file_whole_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let files = folder_of_reports(dir.path(), 24);
    let fixed_count = || {
        files
            .iter()
            .filter(|(p, _, fixed)| fs::read(p).is_ok_and(|b| b == *fixed))
            .count()
    };
    // Debug builds wait before each rename, so every moment below happens
    // while the run is still writing.
    let moments: [(&str, usize); 5] = [
        ("at once", 0),
        ("with a temporary file in flight", 1),
        ("after a quarter of the files", 6),
        ("after half of the files", 12),
        ("after most of the files", 20),
    ];
    for (moment, goal) in moments {
        let base = fixed_count();
        let mut child = spawn_fix(dir.path(), "pause:25");
        match goal {
            0 => {}
            1 => wait_until(moment, || {
                !temporary_files(dir.path()).is_empty() || child.try_wait().unwrap().is_some()
            }),
            n => wait_until(moment, || {
                fixed_count() >= n.max(base + 1) || child.try_wait().unwrap().is_some()
            }),
        }
        child.kill().unwrap();
        child.wait().unwrap();
        each_file_whole(&files, moment);
    }
    // A run that ends deletes what the killed runs left, and finishes the job.
    let left = temporary_files(dir.path()).len();
    let r = run(&["check", "--fix", dir.path().to_str().unwrap()]);
    if left > 0 {
        assert!(
            r.stderr.contains("已删除此前中断的 reportlint 留下的"),
            "{}",
            r.stderr
        );
    }
    // Exit 1: the copy number added after the signature is a finding.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        temporary_files(dir.path()).is_empty(),
        "{:?}",
        temporary_files(dir.path())
    );
    assert_eq!(fixed_count(), files.len());
    each_file_whole(&files, "after the last run");
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_termination_remove_the_temporary_files_in_flight() {
    if !cfg!(debug_assertions) {
        // Only a debug build can be held with a file in flight.
        return;
    }
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;
    for signal in [Signal::SIGINT, Signal::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let files = folder_of_reports(dir.path(), 6);
        let child = spawn_fix(dir.path(), "pause:3000");
        wait_until("a temporary file", || {
            !temporary_files(dir.path()).is_empty()
        });
        kill(Pid::from_raw(child.id() as i32), signal).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("已中断"), "{stderr}");
        assert!(temporary_files(dir.path()).is_empty(), "{signal}");
        each_file_whole(&files, signal.as_str());
    }
}

/// `--output` files are written under temporary names like those of
/// `--fix`: Ctrl+C or a termination signal deletes them, the earlier output
/// stays as it was, and temporary files left by a run killed outright are
/// deleted by the next run that writes to the folder (before, `.tmpXXXXXX`
/// files were left next to the outputs).
#[cfg(unix)]
#[test]
fn interrupted_outputs_leave_no_temporary_files() {
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;
    use std::io::Read;
    use std::process::{Command, Stdio};
    for signal in [Signal::SIGINT, Signal::SIGTERM] {
        let dir = scratch();
        fs::write(dir.path().join("out.json"), "earlier").unwrap();
        // Standard input that never ends holds the run with its outputs open.
        let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
            .args([
                "check",
                "--output",
                "json=out.json",
                "--output",
                "sarif=out.sarif",
                "-",
            ])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        wait_until("the temporary files", || {
            temporary_files(dir.path()).len() == 2
        });
        kill(Pid::from_raw(child.id() as i32), signal).unwrap();
        let status = child.wait().unwrap();
        drop(stdin);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("已中断"), "{stderr}");
        assert!(temporary_files(dir.path()).is_empty(), "{signal}");
        assert_eq!(
            fs::read_to_string(dir.path().join("out.json")).unwrap(),
            "earlier"
        );
        assert!(!dir.path().join("out.sarif").exists());
    }

    // Left by a run killed outright: deleted by the next run writing there.
    let dir = scratch();
    copy_seed(dir.path(), "tests/fixtures/seed_000.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .arg("--version")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = dir.path().join(format!(".reportlint-{gone}-Ab12Cd34.tmp"));
    fs::write(&stale, "half an output").unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--output", "json=out.json", "seed_000.txt"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("已删除此前中断的 reportlint 留下的临时文件"),
        "{}",
        r.stderr
    );
    assert!(!stale.exists());
    assert!(dir.path().join("out.json").exists());
    assert!(temporary_files(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_file_changed_while_it_is_fixed_is_not_overwritten() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (broken, _) = one_fix_report();
    let path = dir.path().join("r.txt");
    fs::write(&path, &broken).unwrap();
    let child = spawn_fix(dir.path(), "pause:1500");
    wait_until("a temporary file", || {
        !temporary_files(dir.path()).is_empty()
    });
    // Another program saves the report while the fix is being written.
    let edited = format!("{broken}（另一个程序补充的内容）\n");
    fs::write(&path, &edited).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("检查期间文件被其他程序修改，未写回修复"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert!(temporary_files(dir.path()).is_empty());
}

/// A file `--fix` could not write back makes the run exit with 2; every
/// machine-readable output says which file and why, where that format puts
/// a problem with the run itself (before, only standard error did).
#[cfg(unix)]
#[test]
fn fix_failures_are_in_every_machine_readable_output() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let (broken, fixed) = one_fix_report();
    fs::write(dir.path().join("a.txt"), &broken).unwrap();
    fs::set_permissions(dir.path().join("a.txt"), fs::Permissions::from_mode(0o444)).unwrap();
    fs::write(dir.path().join("b.txt"), &broken).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "--format",
            "json",
            "--output",
            "sarif=out.sarif",
            "--output",
            "junit=out.xml",
            "--output",
            "csv=out.csv",
            "--output",
            "github=out.github",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(fs::read_to_string(dir.path().join("b.txt")).unwrap(), fixed);
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();

    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "checked");
    assert_eq!(files[0]["fixed"]["written"], false);
    assert_eq!(files[0]["fixed"]["error"]["code"], "fix::read_only");
    let message = files[0]["fixed"]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("a.txt") && message.contains("只读"),
        "{message}"
    );
    assert!(files[1]["fixed"].get("error").is_none(), "{}", files[1]);
    assert_eq!(files[1]["fixed"]["written"], true);

    let sarif: Value = serde_json::from_str(&read("out.sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["descriptor"]["id"], "fix::read_only");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a.txt"
    );

    let junit = read("out.xml");
    assert_eq!(junit.matches("<error ").count(), 1, "{junit}");
    assert!(junit.contains("type=\"fix::read_only\""), "{junit}");
    assert!(
        junit.contains("name=\"自动修复\" classname=\"a.txt\""),
        "{junit}"
    );

    let rows = csv_rows(&read("out.csv"));
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let a = rows.iter().find(|r| r[0] == "a.txt").unwrap();
    let b = rows.iter().find(|r| r[0] == "b.txt").unwrap();
    assert_eq!(a[col("状态")], "已检查");
    assert_eq!(a[col("错误代码")], "fix::read_only");
    assert!(a[col("错误说明")].contains("只读"), "{a:?}");
    assert_eq!(b[col("错误代码")], "");

    let github = read("out.github");
    let line = github
        .lines()
        .find(|l| l.contains("未能自动修复此文件"))
        .unwrap_or_else(|| panic!("{github}"));
    assert!(line.starts_with("::error file=a.txt,"), "{line}");
    assert!(line.contains("只读"), "{line}");
}

/// `--diff -` shows the diff of standard input against `<stdin>`; `--fix -`
/// says that standard input cannot be written back and what to use instead,
/// still checks it, and exits with 2 (before, both said nothing: `--diff -`
/// printed no diff and exited 0).
#[test]
fn standard_input_gets_a_diff_and_fix_says_why_it_cannot_write() {
    let (broken, fixed) = one_fix_report();
    let r = run_with_stdin(&["check", "--diff", "-"], broken.as_bytes());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("--- <stdin>\n+++ <stdin>\n"),
        "{}",
        r.stdout
    );
    let wanted = diff_of(&broken, &fixed);
    assert!(r.stdout.contains(&wanted), "{}\n{wanted}", r.stdout);
    assert!(
        r.stderr.contains("<stdin>：可自动修复 1 处问题"),
        "{}",
        r.stderr
    );

    let r = run_with_stdin(
        &["check", "--fix", "--format", "json", "-"],
        broken.as_bytes(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("fix::stdin"), "{}", r.stderr);
    assert!(r.stderr.contains("--diff -"), "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["path"], "<stdin>");
    assert_eq!(file["status"], "checked", "standard input is still checked");
    assert!(!by_rule(file, "FZ042").is_empty(), "{file}");
    assert_eq!(file["fixed"]["error"]["code"], "fix::stdin");

    // Nothing to fix: no diff, exit 0.
    let r = run_with_stdin(&["check", "--diff", "-"], fixed.as_bytes());
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

/// The changed lines of a one-line change, as a unified diff shows them.
fn diff_of(before: &str, after: &str) -> String {
    let (old, new) = before
        .lines()
        .zip(after.lines())
        .find(|(a, b)| a != b)
        .unwrap();
    format!("-{old}\n+{new}\n")
}
