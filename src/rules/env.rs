//! What a rule kind's compile step sees of the rule file it comes from
//! ([`CompileEnv`], defined by the checks): the rule's place in its file,
//! the pack's template and data files, and the list of errors. Every value
//! a kind names by its path (`check.regex`) is found in the rule's parsed
//! tree, so each problem is shown at its exact line and column.

use std::cell::OnceCell;
use std::ops::Range;

use regex::Regex;
use serde::de::DeserializeOwned;

use super::regexes::{self, RegexProblem};
use super::source::{rule_file_hint, SourceFile};
use super::yaml::{self, Node, YamlError};
use crate::checks::{CompileEnv, Data, DataFile, Examples, Labels, Problem, Scope};
use crate::error::RuleFileError;
use crate::template::Template;

/// The data files of a pack (dictionaries under `data/`), each parsed once
/// when a rule first asks for it.
#[derive(Debug, Default)]
pub struct DataFiles {
    files: Vec<SourceFile>,
    parsed: Vec<OnceCell<Option<Node>>>,
}

impl DataFiles {
    pub fn new(files: &[SourceFile]) -> DataFiles {
        DataFiles {
            files: files.to_vec(),
            parsed: files.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The parsed tree of file `i`; `None` (its error recorded the first
    /// time) when it is not YAML.
    fn tree(&self, i: usize, errors: &mut Vec<RuleFileError>) -> Option<&Node> {
        self.parsed[i]
            .get_or_init(|| match yaml::parse(&self.files[i].text) {
                Ok(node) => Some(node),
                Err(e) => {
                    errors.push(self.files[i].yaml_error(&e, "数据文件格式错误", rule_file_hint));
                    None
                }
            })
            .as_ref()
    }
}

/// The environment of one rule while it compiles.
pub struct RuleEnv<'a> {
    pub file: &'a SourceFile,
    /// The rule's mapping in the file.
    pub rule: &'a Node,
    pub template: &'a Template,
    pub data: &'a DataFiles,
    pub examples: Option<&'a Examples>,
    /// The rule's label texts, checked before its kind compiles.
    pub labels: Labels,
    pub errors: &'a mut Vec<RuleFileError>,
}

impl RuleEnv<'_> {
    /// The bytes of the value at `at` (a path from the rule).
    pub fn span(&self, at: &str, part: Option<&str>) -> Range<usize> {
        let node = self.rule.at(at);
        match part {
            Some(p) => self.file.part_of(node, p),
            None => self.file.value_span(node),
        }
    }

    /// Records a shape error in the rule's YAML.
    pub fn yaml_error(&mut self, e: &YamlError) {
        let error = self.file.yaml_error(e, "规则文件格式错误", rule_file_hint);
        self.errors.push(error);
    }

    /// Records a problem at `at`.
    pub fn problem(&mut self, at: &str, part: Option<&str>, p: Problem) {
        let span = self.span(at, part);
        let e = self.file.error(span, p.message, p.label, Some(p.help));
        self.errors.push(e);
    }
}

/// An error pointing at a regex in the YAML — at the wrong part of it when
/// the regex is written there verbatim (plain or quoted without escapes).
pub fn regex_error(
    file: &SourceFile,
    node: &Node,
    pattern: &str,
    problem: &RegexProblem,
) -> RuleFileError {
    let whole = file.value_span(node);
    let span = match (&problem.span, file.verbatim(node, pattern)) {
        (Some(inner), Some(start)) => start + inner.start..start + inner.end.max(inner.start + 1),
        _ => whole,
    };
    file.error(
        span,
        problem.message.clone(),
        problem.label.clone(),
        Some(problem.help.clone()),
    )
}

impl CompileEnv for RuleEnv<'_> {
    fn template(&self) -> &Template {
        self.template
    }

    fn examples(&self) -> Option<&Examples> {
        self.examples
    }

    fn labels(&self) -> Labels {
        self.labels.clone()
    }

    fn regex(&mut self, at: &str, pattern: &str) -> Option<Regex> {
        regexes::compile(pattern)
            .map_err(|p| {
                let e = regex_error(self.file, self.rule.at(at), pattern, &p);
                self.errors.push(e);
            })
            .ok()
    }

    fn scope(&mut self, at: &str, scope: &str) -> Option<Scope> {
        Some(match scope {
            "all" => Scope::All,
            "title" => Scope::Title,
            "headings" => Scope::Headings,
            "body" => Scope::Body,
            "closing" => Scope::Closing,
            _ => match scope.strip_prefix("section:") {
                Some(id) => match self.template.index_of(id) {
                    Some(i) => Scope::Section(i),
                    None => {
                        let span = self.span(at, Some(id));
                        let e = unknown_section(self.file, span, id, self.template);
                        self.errors.push(e);
                        return None;
                    }
                },
                None => {
                    let hint = yaml::did_you_mean(
                        scope,
                        ["all", "title", "headings", "body", "closing"].into_iter(),
                    )
                    .map(|s| format!("是否想写 `{s}`？"))
                    .unwrap_or_default();
                    self.problem(
                        at,
                        None,
                        Problem::new(
                            format!("未知的范围 `{scope}`"),
                            "无效的 scope",
                            format!("{hint}scope 可取：all、title、headings、body、closing、section:<模板部分 id>"),
                        ),
                    );
                    return None;
                }
            },
        })
    }

    fn error(&mut self, at: &str, part: Option<&str>, problem: Problem) {
        self.problem(at, part, problem);
    }

    fn data<T: DeserializeOwned>(&mut self, at: &str, relative: &str) -> Option<Data<T>> {
        let wanted = std::path::Path::new(relative);
        let Some(i) = self
            .data
            .files
            .iter()
            .position(|f| std::path::Path::new(&f.name).ends_with(wanted))
        else {
            let known: Vec<&str> = self.data.files.iter().map(|f| f.name.as_str()).collect();
            self.problem(
                at,
                None,
                Problem::new(
                    format!("找不到数据文件 `{relative}`"),
                    "没有这个文件",
                    if known.is_empty() {
                        "数据文件放在规则包目录下的 data/ 中，例如 data/law-titles.yaml".to_string()
                    } else {
                        format!("已有的数据文件：{}", known.join("、"))
                    },
                ),
            );
            return None;
        };
        let tree = self.data.tree(i, self.errors)?;
        match yaml::from_node::<T>(tree) {
            Ok(value) => Some(Data {
                value,
                file: DataFile(i),
            }),
            Err(e) => {
                let file = &self.data.files[i];
                self.errors
                    .push(file.yaml_error(&e, "数据文件格式错误", rule_file_hint));
                None
            }
        }
    }

    fn data_error(&mut self, data: DataFile, at: &str, p: Problem) {
        let Some(file) = self.data.files.get(data.0) else {
            return;
        };
        let span = match self.data.parsed[data.0].get() {
            Some(Some(tree)) => file.value_span(tree.at(at)),
            _ => 0..0,
        };
        self.errors
            .push(file.error(span, p.message, p.label, Some(p.help)));
    }
}

/// A `section:` scope or `match_order` entry naming no template section.
pub fn unknown_section(
    file: &SourceFile,
    span: Range<usize>,
    id: &str,
    template: &Template,
) -> RuleFileError {
    let known: Vec<&str> = template.sections.iter().map(|s| s.id.as_str()).collect();
    let hint = yaml::did_you_mean(id, known.iter().copied())
        .map(|s| format!("是否想写 `{s}`？"))
        .unwrap_or_default();
    file.error(
        span,
        format!("引用了未定义的模板部分 `{id}`"),
        "未定义",
        Some(format!("{hint}已定义的模板部分：{}", known.join("、"))),
    )
}
