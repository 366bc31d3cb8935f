//! Waivers: accepted findings, listed in a YAML file because a report
//! converted from .docx or a web page cannot carry `<!-- disable -->`
//! comments.
//!
//! ```yaml
//! waivers:
//!   - rule: FZ023
//!     file: reports/2023/*.txt        # path or glob, relative to this file
//!     fingerprint: 5d0c0a3f9b1e7a42   # from the JSON output or `reportlint waive`
//!     reason: 引用上级文件原文，保留“今年”
//!     until_year: 2024                # optional: the last report year it covers
//! ```
//!
//! An entry waives the findings of its rule whose [fingerprint] matches, in
//! the files its pattern matches, for reports up to `until_year`. Waived
//! findings are not counted and not shown (JSON lists them under `waived`).
//! An entry whose pattern matched a checked report but that waived nothing
//! is stale — the text was edited or the problem fixed — and is reported as a
//! warning pointing at the entry. Entries for files not checked in this run
//! are not judged, so checking a few files (a pre-commit hook) does not call
//! every other waiver unused.
//!
//! [fingerprint]: crate::fingerprint

use std::path::{Path, PathBuf};

use globset::GlobMatcher;
use serde::Deserialize;

use crate::error::ConfigError;
use crate::error::RuleFileError;
use crate::paths;
use crate::rules::source::SourceFile;
use crate::rules::yaml::{self, Node, Value, YamlError, YamlErrorKind};

/// The conventional name of a waiver file.
pub const FILE_NAME: &str = "reportlint-waivers.yaml";

/// The rule id under which unused waivers are reported.
pub const UNUSED_RULE: &str = "unused-waiver";

/// The entries under `waivers:` (none in an empty file), recording an
/// error for any other top-level key or shape.
fn entries<'a>(source: &SourceFile, tree: &'a Node, errors: &mut Vec<RuleFileError>) -> &'a [Node] {
    let mut list: &[Node] = &[];
    let top: &[(Node, Node)] = match &tree.value {
        Value::Map(entries) => entries,
        _ if tree.is_null() => &[],
        _ => {
            let e = YamlError::new(
                YamlErrorKind::InvalidType {
                    expected: "a map".into(),
                    found: "其他结构".into(),
                },
                Some(tree.span.clone()),
            );
            errors.push(source.yaml_error(&e, "豁免文件格式错误", hint));
            &[]
        }
    };
    for (key, value) in top {
        match (key.as_str(), &value.value) {
            (Some("waivers"), Value::Seq(items)) => list = items,
            (Some("waivers"), _) if value.is_null() => {}
            (Some("waivers"), _) => {
                let e = YamlError::new(
                    YamlErrorKind::InvalidType {
                        expected: "a sequence".into(),
                        found: "其他结构".into(),
                    },
                    Some(value.span.clone()),
                );
                errors.push(source.yaml_error(&e, "豁免文件格式错误", hint));
            }
            (other, _) => {
                let e = YamlError::new(
                    YamlErrorKind::UnknownField {
                        found: other.unwrap_or("").to_string(),
                        expected: vec!["waivers".to_string()],
                    },
                    Some(key.span.clone()),
                );
                errors.push(source.yaml_error(&e, "豁免文件格式错误", hint));
            }
        }
    }
    list
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: String,
    file: String,
    fingerprint: String,
    reason: String,
    #[serde(default)]
    until_year: Option<i32>,
}

/// One entry of a waiver file.
#[derive(Debug)]
pub struct Waiver {
    pub rule: String,
    pub file: String,
    pub fingerprint: String,
    pub reason: String,
    pub until_year: Option<i32>,
    matcher: GlobMatcher,
    /// Byte span of the entry's `fingerprint` value in the file.
    pub offset: usize,
    pub len: usize,
}

/// A waiver file, loaded.
#[derive(Debug)]
pub struct WaiverFile {
    /// As shown (relative to the current directory when under it).
    pub name: String,
    /// Where it is, for telling two references to the same file apart.
    pub canonical: PathBuf,
    /// The folder patterns are relative to.
    dir: PathBuf,
    pub text: String,
    pub waivers: Vec<Waiver>,
}

/// How an entry relates to one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The entry waives the finding.
    Waives,
    /// It would, but the report is later than `until_year`.
    Expired,
    No,
}

impl Waiver {
    /// Whether this entry is about `file` at all.
    pub fn covers(&self, file: &Path, dir: &Path) -> bool {
        let rel = paths::relative_to(file, dir)
            .unwrap_or_else(|| paths::slashes(&paths::canonical(file)));
        self.matcher.is_match(&rel)
    }

    pub fn judge(&self, rule: &str, fingerprint: &str, year: Option<i32>) -> Verdict {
        if self.rule != rule || self.fingerprint != fingerprint {
            Verdict::No
        } else if matches!((self.until_year, year), (Some(until), Some(y)) if y > until) {
            Verdict::Expired
        } else {
            Verdict::Waives
        }
    }
}

impl WaiverFile {
    pub fn load(path: &Path) -> Result<WaiverFile, ConfigError> {
        let text = crate::rules::read_settings("豁免文件", path)?;
        let name = paths::display(path);
        let source = SourceFile::new(name.clone(), text);
        let invalid = |errors| ConfigError::Invalid {
            path: name.clone(),
            errors,
        };
        let tree = yaml::parse(&source.text)
            .map_err(|e| invalid(vec![source.yaml_error(&e, "豁免文件格式错误", hint)]))?;
        let mut errors = Vec::new();
        let entries = entries(&source, &tree, &mut errors);
        let mut waivers = Vec::new();
        for node in entries {
            // Each entry is read on its own: a mistake in one hides
            // nothing in another.
            let w: RawWaiver = match yaml::from_node(node) {
                Ok(w) => w,
                Err(e) => {
                    errors.push(source.yaml_error(&e, "豁免文件格式错误", hint));
                    continue;
                }
            };
            let error = |key: &str, message: String, label: &str, help: &str| {
                source.error(
                    source.value_span(node.at(key)),
                    message,
                    label,
                    Some(help.to_string()),
                )
            };
            if !crate::fingerprint::is_valid(&w.fingerprint) {
                errors.push(error(
                    "fingerprint",
                    format!("“{}”不是有效的指纹", w.fingerprint),
                    "应为 16 位十六进制数",
                    "指纹取自 --format json 输出中问题的 fingerprint 字段，或用 `reportlint waive` 生成",
                ));
            }
            if w.reason.trim().is_empty() {
                errors.push(error(
                    "reason",
                    "豁免理由为空".to_string(),
                    "须写明理由",
                    "写明为什么接受这个问题，例如“引用上级文件原文”，供审核时查看",
                ));
            }
            let matcher = match crate::glob::config_pattern(&w.file) {
                Ok(g) => Some(g.compile_matcher()),
                Err(e) => {
                    errors.push(error(
                        "file",
                        format!("无效的文件模式“{}”：{e}", w.file),
                        "无效的模式",
                        "写报告的路径（相对于豁免文件所在目录）或 glob 模式，如 reports/**/*.txt",
                    ));
                    None
                }
            };
            if let Some(matcher) = matcher {
                let at = source.value_span(node.at("fingerprint"));
                waivers.push(Waiver {
                    len: at.len(),
                    rule: w.rule,
                    file: w.file,
                    fingerprint: w.fingerprint,
                    reason: w.reason,
                    until_year: w.until_year,
                    matcher,
                    offset: at.start,
                });
            }
        }
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let abs = paths::canonical(path);
        Ok(WaiverFile {
            name,
            dir: abs.parent().map(Path::to_path_buf).unwrap_or_default(),
            canonical: abs,
            text: source.text.to_string(),
            waivers,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// A hint in Chinese for a YAML error in a waiver file (the did-you-mean
/// is added by [`SourceFile::yaml_error`]).
fn hint(e: &YamlError) -> String {
    match &e.kind {
        YamlErrorKind::Alias => "以 * 开头的模式要加引号，如 file: '*.txt'".to_string(),
        YamlErrorKind::MissingField(_) => {
            "每条豁免须有 rule、file、fingerprint 和 reason（理由必填），可选 until_year"
                .to_string()
        }
        YamlErrorKind::UnknownField { .. } => {
            "键名拼写有误；每条豁免可用的键：rule、file、fingerprint、reason、until_year"
                .to_string()
        }
        _ => e
            .common_hint()
            .unwrap_or_else(|| "格式为 `waivers:` 下的列表，见 README 的“豁免”一节".to_string()),
    }
}

/// An entry to append to a waiver file.
#[derive(Debug, Clone)]
pub struct NewWaiver {
    pub rule: String,
    pub file: String,
    pub fingerprint: String,
    pub reason: String,
    pub until_year: Option<i32>,
    /// Shown as a comment above the entry: the waived text, for a reviewer.
    pub text: String,
}

/// Appends entries to a waiver file's text (or starts one): the entries go
/// at the end of the `waivers:` list, indented like the entries already
/// there. `None` when the text has no block list to append to (`waivers: []`).
pub fn append(existing: Option<&str>, entries: &[NewWaiver]) -> Option<String> {
    let Some(text) = existing.filter(|t| !t.trim().is_empty()) else {
        let mut out = String::from(
            "# reportlint 豁免文件：每条豁免一个问题，须写明理由。格式见 README 的“豁免”一节。\nwaivers:\n",
        );
        out.push_str(&render_entries(entries, "  "));
        return Some(out);
    };
    // An empty flow list becomes a block list to append to.
    let text = &text.replacen("\nwaivers: []", "\nwaivers:", 1);
    let text = match text.strip_prefix("waivers: []") {
        Some(rest) => format!("waivers:{rest}"),
        None => text.clone(),
    };
    let text = text.as_str();
    let mut lines = text.lines().skip_while(|l| l.trim_end() != "waivers:");
    lines.next()?;
    let indent: String = lines
        .find(|l| l.trim_start().starts_with("- "))
        .map_or("  ".to_string(), |l| {
            l[..l.len() - l.trim_start().len()].to_string()
        });
    let mut out = text.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&render_entries(entries, &indent));
    Some(out)
}

fn render_entries(entries: &[NewWaiver], indent: &str) -> String {
    let mut out = String::new();
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    for e in entries {
        let shown: String = e
            .text
            .chars()
            .filter(|c| *c != '\n' && *c != '\r')
            .take(60)
            .collect();
        out.push_str(&format!("{indent}# {shown}\n"));
        out.push_str(&format!("{indent}- rule: {}\n", quoted(&e.rule)));
        out.push_str(&format!("{indent}  file: {}\n", quoted(&e.file)));
        out.push_str(&format!("{indent}  fingerprint: {}\n", e.fingerprint));
        out.push_str(&format!("{indent}  reason: {}\n", quoted(&e.reason)));
        if let Some(y) = e.until_year {
            out.push_str(&format!("{indent}  until_year: {y}\n"));
        }
    }
    out
}
