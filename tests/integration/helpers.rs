use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary from the project root, so relative paths in output are
/// stable.
pub fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run reportlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Checks files with `--format json` and returns the parsed output and the
/// exit code.
pub fn json(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all);
    let value: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON output did not parse ({e}):\n{}\n{}",
            r.stdout, r.stderr
        )
    });
    (value, r.code)
}

/// The one file in a JSON report.
pub fn single(path: &str) -> (Value, i32) {
    let (v, code) = json(&[path]);
    (v["files"][0].clone(), code)
}

/// `(rule, line)` of every finding, sorted.
pub fn rule_lines(file: &Value) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = findings(file)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

pub fn findings(file: &Value) -> Vec<Value> {
    file["findings"].as_array().cloned().unwrap_or_default()
}

pub fn by_rule(file: &Value, rule: &str) -> Vec<Value> {
    findings(file)
        .into_iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// Status of a template item (`present` / `missing` / `unknown`).
pub fn item(file: &Value, id: &str) -> Value {
    file["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Lines of all labels of a finding.
pub fn label_lines(finding: &Value) -> Vec<u64> {
    finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap())
        .collect()
}

pub fn rl(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = pairs.iter().map(|(r, l)| (r.to_string(), *l)).collect();
    v.sort();
    v
}

/// Runs the binary in `dir` (for configuration discovery and relative
/// paths).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run reportlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary with `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reportlint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait for reportlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The five seed reports, as paths relative to the project root.
pub const SEEDS: [&str; 5] = [
    "tests/fixtures/seed_000.txt",
    "tests/fixtures/seed_001.txt",
    "tests/fixtures/seed_002.txt",
    "tests/fixtures/seed_003.txt",
    "tests/fixtures/seed_004.txt",
];

/// A scratch folder that is the root of its own repository (a `.git`
/// folder), so configuration discovery never looks above it.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// Copies a seed into a folder under its own name.
pub fn copy_seed(dir: &Path, seed: &str) -> PathBuf {
    let to = dir.join(Path::new(seed).file_name().unwrap());
    std::fs::copy(root().join(seed), &to).unwrap();
    to
}

/// Parses YAML through the crate's one YAML module.
pub fn yaml(text: &str) -> Value {
    reportlint::rules::yaml_from_str(text).unwrap_or_else(|e| panic!("YAML: {e}"))
}

/// Parses `--format csv` output (after its BOM) into rows of fields. The
/// fields the tests read hold no commas or quotes.
pub fn csv_rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The ids of the built-in pack's rules of one kind (`rules list`: id,
/// level, kind, title).
pub fn rules_of_kind(kind: &str) -> Vec<String> {
    run(&["rules", "list"])
        .stdout
        .lines()
        .filter_map(|l| {
            let mut cols = l.split_whitespace();
            let id = cols.next()?;
            (cols.nth(1)? == kind).then(|| id.to_string())
        })
        .collect()
}

/// The `layout` rules: they read a Word document's formatting, which a
/// text, web page or PDF does not have, so they are left out wherever a
/// .docx is compared with the same report as text.
pub fn layout_rules() -> &'static [String] {
    static RULES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let rules = rules_of_kind("layout");
        assert!(!rules.is_empty(), "no layout rules listed");
        rules
    })
}

/// A JSON file entry without the findings of the `layout` rules.
pub fn without_layout(file: &Value) -> Value {
    let mut file = file.clone();
    if let Some(all) = file["findings"].as_array_mut() {
        all.retain(|f| {
            !layout_rules()
                .iter()
                .any(|r| f["rule"].as_str() == Some(r.as_str()))
        });
    }
    file
}
