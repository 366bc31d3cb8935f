//! `reportlint rules test`: runs every rule's `examples` and every
//! whole-report fixture in the pack's `tests/` folder, and says per rule
//! whether it is Validated, or Missing (an expected finding did not appear),
//! Noisy (an unexpected one did), Wrong (the fix gave other text, or the
//! finding has another severity, message or column than expected) or
//! Invalid (the expectation file cannot be read). Each failure names the
//! YAML line of the case, and texts that differ are shown whole.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::baseline::Baseline;
use crate::document::Document;
use crate::engine;
use crate::finding::{Applicability, Finding, Severity};
use crate::fix::{applicable, apply};
use crate::rules::{Pack, Rule};
use crate::run::{check_text_against, Options};

/// The result of one failed case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Missing(String),
    Noisy(String),
    Wrong(String),
    /// The expectation file is malformed or absent: nothing was compared.
    Invalid(String),
}

impl Failure {
    pub fn verdict(&self) -> &'static str {
        match self {
            Failure::Missing(_) => "Missing",
            Failure::Noisy(_) => "Noisy",
            Failure::Wrong(_) => "Wrong",
            Failure::Invalid(_) => "Invalid",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            Failure::Missing(d) | Failure::Noisy(d) | Failure::Wrong(d) | Failure::Invalid(d) => d,
        }
    }
}

/// The outcome for one rule or one fixture.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Rule id, or fixture file name.
    pub name: String,
    pub cases: usize,
    pub failures: Vec<Failure>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub use crate::rules::pack::Fixture;

/// 整份报告用例的预期（`tests/名称.yaml`）：这份报告应当报告的全部问题。
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Expectations {
    /// 报告年度（可选），代替从报告中读取的年度。
    #[serde(default)]
    year: Option<i32>,
    /// 应报告的问题；没有问题时写 `[]`。
    findings: Vec<Expected>,
    /// 与这份报告比较的上年报告全文（可选），如同 `check --baseline`。
    #[serde(default)]
    baseline: Option<String>,
}

/// 一个应报告的问题：规则和行必写，列、级别和诊断信息可选，写了才比较。
#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// 规则 id。
    rule: String,
    /// 主标注所在的行（从 1 起）。
    line: usize,
    /// 主标注起始的列（从 1 起，按字符计）。
    #[serde(default)]
    column: Option<usize>,
    /// 级别。
    #[serde(default)]
    severity: Option<Severity>,
    /// 诊断信息应包含的文字（部分即可）。
    #[serde(default)]
    message: Option<String>,
}

/// The JSON Schema of a fixture's expectation file.
pub fn expectations_schema() -> serde_json::Value {
    schemars::schema_for!(Expectations).to_value()
}

/// A finding as the fixture comparison sees it.
struct Got {
    rule: String,
    line: usize,
    column: usize,
    severity: Severity,
    message: String,
}

impl Expected {
    fn matches(&self, g: &Got) -> bool {
        self.rule == g.rule
            && self.line == g.line
            && self.column.is_none_or(|c| c == g.column)
            && self.severity.is_none_or(|s| s == g.severity)
            && self.message.as_ref().is_none_or(|m| g.message.contains(m))
    }

    /// What differs from a finding of the same rule on the same line.
    fn differences(&self, g: &Got) -> Vec<String> {
        let mut d = Vec::new();
        if let Some(c) = self.column.filter(|c| *c != g.column) {
            d.push(format!("列应为 {c}，实际为 {}", g.column));
        }
        if let Some(s) = self.severity.filter(|s| *s != g.severity) {
            d.push(format!(
                "级别应为 {}，实际为 {}",
                severity_name(s),
                severity_name(g.severity)
            ));
        }
        if let Some(m) = self
            .message
            .as_ref()
            .filter(|m| !g.message.contains(m.as_str()))
        {
            d.push(format!("诊断信息应包含“{m}”，实际为“{}”", g.message));
        }
        d
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Which rules' examples `rules test` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    All,
    /// Only the pack's own rules (not those it only inherits).
    Own,
}

/// Runs the examples of every rule (or of the pack's own rules).
pub fn test_examples(pack: &Pack, which: Which) -> Vec<CaseResult> {
    pack.rules
        .iter()
        .filter(|rule| which == Which::All || rule.own)
        .filter_map(|rule| {
            let examples = rule.examples.as_ref()?;
            let mut failures = Vec::new();
            let places = &examples.places;
            let at = |offsets: &[usize], i: usize| {
                offsets
                    .get(i)
                    .map_or_else(|| rule.file.clone(), |o| places.place(*o))
            };
            for (i, text) in examples.valid.iter().enumerate() {
                let findings = run_rule(pack, rule, text);
                if let Some(f) = findings.first() {
                    failures.push(Failure::Noisy(format!(
                        "{}：有效用例“{}”报告了：{}",
                        at(&examples.places.valid, i),
                        preview(text),
                        f.message
                    )));
                }
            }
            for (i, case) in examples.invalid.iter().enumerate() {
                let place = at(&examples.places.invalid, i);
                let findings = run_rule(pack, rule, &case.text);
                if findings.is_empty() {
                    failures.push(Failure::Missing(format!(
                        "{place}：无效用例“{}”没有报告问题",
                        preview(&case.text)
                    )));
                    continue;
                }
                if let Some(m) = &case.message {
                    if !findings.iter().any(|f| f.message.contains(m.as_str())) {
                        let got: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
                        failures.push(Failure::Wrong(format!(
                            "{place}：诊断信息应包含“{m}”，实际为“{}”",
                            got.join("”“")
                        )));
                    }
                }
                if let Some(s) = case.severity {
                    if !findings.iter().any(|f| f.severity == s) {
                        failures.push(Failure::Wrong(format!(
                            "{place}：级别应为 {}，实际为 {}",
                            severity_name(s),
                            severity_name(findings[0].severity)
                        )));
                    }
                }
                if let Some(span) = &case.span {
                    let covered = findings
                        .iter()
                        .any(|f| &case.text[f.primary.span.start..f.primary.span.end] == span);
                    if !covered {
                        let got: Vec<&str> = findings
                            .iter()
                            .map(|f| &case.text[f.primary.span.start..f.primary.span.end])
                            .collect();
                        failures.push(Failure::Missing(format!(
                            "{place}：应标注“{span}”，实际标注：“{}”",
                            got.join("”“")
                        )));
                    }
                }
                if let Some(fixed) = &case.fixed {
                    // Every fix of the rule, safe or not, as `--fix --unsafe-fixes`
                    // would apply them in one round.
                    let fixes = applicable(&findings, Applicability::Unsafe);
                    let (got, _) = apply(&case.text, &fixes);
                    if &got != fixed {
                        failures.push(Failure::Wrong(format!(
                            "{place}：修复后的文字与 fixed 不同（{}）\n应为：\n{}\n实际为：\n{}",
                            first_difference(fixed, &got),
                            indent(fixed),
                            indent(&got)
                        )));
                    }
                }
            }
            Some(CaseResult {
                name: rule.id.clone(),
                cases: examples.valid.len() + examples.invalid.len(),
                failures,
            })
        })
        .collect()
}

fn run_rule(pack: &Pack, rule: &Rule, text: &str) -> Vec<Finding> {
    let doc = Document::parse("example", text, &pack.grammar);
    let baseline = rule
        .examples
        .as_ref()
        .and_then(|e| e.baseline.as_ref())
        .map(|b| baseline_of(pack, b));
    // As checked with the pack and no configuration: the pack's defaults.
    engine::check_against(
        &doc,
        pack,
        &[rule],
        &pack.meta.defaults.meta(),
        baseline.as_ref(),
    )
    .findings
}

/// A test case's last year's report, parsed with the pack.
fn baseline_of(pack: &Pack, text: &str) -> Baseline {
    Baseline::parse(
        "上年报告".to_string(),
        text.to_string(),
        &[],
        &pack.grammar,
        &pack.template,
    )
}

/// Where two texts first differ, as “第 N 行第 M 个字”.
fn first_difference(want: &str, got: &str) -> String {
    let (mut line, mut column) = (1, 1);
    let mut w = want.chars();
    let mut g = got.chars();
    loop {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => {
                if a == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            (None, None) => return "相同".to_string(),
            _ => return format!("第 {line} 行第 {column} 个字起不同"),
        }
    }
}

/// A whole text, each line indented under the failure it belongs to;
/// the end of each line marked, so that trailing spaces show.
fn indent(text: &str) -> String {
    text.split('\n')
        .map(|l| format!("│{l}⏎"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(30).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Reads the fixtures in a pack's `tests/` folder.
pub fn read_fixtures(dir: &Path) -> std::io::Result<Vec<Fixture>> {
    let mut fixtures = Vec::new();
    if !dir.is_dir() {
        return Ok(fixtures);
    }
    let mut paths: Vec<_> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let expected_path = path.with_extension("yaml");
        fixtures.push(Fixture {
            name: path.display().to_string(),
            text: crate::input::read_regular_to_string(&path)?,
            expected: match crate::input::read_regular_to_string(&expected_path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                read => read?,
            },
        });
    }
    Ok(fixtures)
}

/// Checks each fixture with the whole pack and compares the findings with
/// the expectations: rule and line, and where written column, severity and
/// message text.
pub fn test_fixtures(pack: &Pack, fixtures: &[Fixture]) -> Vec<CaseResult> {
    fixtures
        .iter()
        .map(|fixture| {
            let mut result = CaseResult {
                name: fixture.name.clone(),
                cases: 1,
                failures: Vec::new(),
            };
            let expected_name = expectation_name(&fixture.name);
            let (expectations, lines) = match read_expectations(&expected_name, &fixture.expected) {
                Ok(e) => e,
                Err(problem) => {
                    result.failures.push(Failure::Invalid(problem));
                    return result;
                }
            };
            let checked = check_text_against(
                fixture.name.clone(),
                fixture.text.clone(),
                pack,
                Options {
                    year: expectations.year,
                    meta: pack.meta.defaults.meta(),
                    ..Options::default()
                },
                expectations
                    .baseline
                    .clone()
                    .map(|text| ("上年报告".to_string(), text)),
            );
            let mut got: Vec<Got> = checked
                .checked
                .findings
                .iter()
                .map(|f| {
                    let at = checked.doc.position(f.primary.span.start);
                    Got {
                        rule: f.rule.clone(),
                        line: at.line,
                        column: at.column,
                        severity: f.severity,
                        message: f.message.clone(),
                    }
                })
                .collect();
            got.sort_by(|a, b| (&a.rule, a.line, a.column).cmp(&(&b.rule, b.line, b.column)));
            // The most specific expectations take their finding first.
            let mut want: Vec<(usize, &Expected)> =
                expectations.findings.iter().enumerate().collect();
            want.sort_by_key(|(_, w)| {
                std::cmp::Reverse(
                    usize::from(w.column.is_some())
                        + usize::from(w.severity.is_some())
                        + usize::from(w.message.is_some()),
                )
            });
            let mut unmatched = Vec::new();
            for (i, w) in want {
                match got.iter().position(|g| w.matches(g)) {
                    Some(j) => {
                        got.remove(j);
                    }
                    None => unmatched.push((i, w)),
                }
            }
            unmatched.sort_by_key(|(i, _)| *i);
            for (i, w) in unmatched {
                let place = format!(
                    "{expected_name}:{}",
                    lines.get(i).copied().unwrap_or_default()
                );
                let near = got
                    .iter()
                    .position(|g| g.rule == w.rule && g.line == w.line);
                match near {
                    Some(j) => {
                        let g = got.remove(j);
                        result.failures.push(Failure::Wrong(format!(
                            "{place}：第{}行的 {}：{}",
                            w.line,
                            w.rule,
                            w.differences(&g).join("；")
                        )));
                    }
                    None => result.failures.push(Failure::Missing(format!(
                        "{place}：第{}行应报告 {}",
                        w.line, w.rule
                    ))),
                }
            }
            for g in got {
                result.failures.push(Failure::Noisy(format!(
                    "第{}行多报告了 {}：{}",
                    g.line, g.rule, g.message
                )));
            }
            result
        })
        .collect()
}

/// The expectation file of a fixture (`name.txt` → `name.yaml`).
fn expectation_name(fixture: &str) -> String {
    match fixture.strip_suffix(".txt") {
        Some(stem) => format!("{stem}.yaml"),
        None => format!("{fixture}.yaml"),
    }
}

/// Reads a fixture's expectations, with the YAML line of each expected
/// finding; a file that is absent or malformed is a problem, in Chinese,
/// with its line and column.
fn read_expectations(name: &str, text: &str) -> Result<(Expectations, Vec<usize>), String> {
    use crate::rules::yaml;
    let line_col = |offset: usize| {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    let fail = |e: &yaml::YamlError| {
        let hint = e
            .did_you_mean()
            .map(|m| format!("（是否想写 `{m}`？）"))
            .unwrap_or_default();
        let at = e.span.as_ref().map(|s| line_col(s.start));
        match at {
            Some((line, column)) => {
                format!("{name}:{line}:{column}：预期文件格式错误：{}{hint}。格式见 README“测试规则包”一节", e.message)
            }
            None => format!(
                "{name}：预期文件格式错误：{}{hint}。格式见 README“测试规则包”一节",
                e.message
            ),
        }
    };
    if text.trim().is_empty() {
        return Err(format!(
            "{name}：缺少预期文件（或文件为空）：请写出这份报告应报告的全部问题，没有问题时写 `findings: []`"
        ));
    }
    let tree = yaml::parse(text).map_err(|e| fail(&e))?;
    let expectations: Expectations = yaml::from_node(&tree).map_err(|e| fail(&e))?;
    let lines = (0..expectations.findings.len())
        .map(|i| line_col(tree.at(&format!("findings[{i}]")).span.start).0)
        .collect();
    Ok((expectations, lines))
}

/// Renders results as text: one line per rule or fixture, failures indented.
pub fn render(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        if r.passed() {
            out.push_str(&format!("Validated  {}（{} 个用例）\n", r.name, r.cases));
        } else {
            let mut verdicts: Vec<&str> = r.failures.iter().map(Failure::verdict).collect();
            verdicts.dedup();
            out.push_str(&format!("{:<10} {}\n", verdicts.join("/"), r.name));
            for f in &r.failures {
                // A whole text (a fix's result) is shown under its failure.
                let detail = f.detail().replace('\n', "\n             ");
                out.push_str(&format!("           - {detail}\n"));
            }
        }
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    out.push_str(&format!(
        "{} passed, {} failed\n",
        results.len() - failed,
        failed
    ));
    out
}
