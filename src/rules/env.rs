//! What a rule kind's compile step sees of the rule file it comes from
//! ([`CompileEnv`], defined by the checks): the rule's place in its file,
//! the pack's template and data files, and the list of errors. Every value
//! a kind names by its path (`check.regex`) is found in the rule's parsed
//! tree, so each problem is shown at its exact line and column.

use std::cell::OnceCell;
use std::ops::Range;

use regex::{Regex, RegexSet};
use serde::de::DeserializeOwned;

use super::regexes::{self, RegexProblem};
use super::source::{rule_file_hint, RuleSource, SourceFile};
use super::yaml::{self, Node, YamlError};
use crate::checks::{CompileEnv, Data, DataFile, Examples, Labels, Problem, Scope};
use crate::error::RuleFileError;
use crate::template::Template;

/// The data files of a pack (dictionaries under `data/`), each parsed once
/// when a rule first asks for it; after them, the default built-in pack's,
/// which a rule names with `builtin:` (`builtin:data/law-titles.yaml`).
#[derive(Debug, Default)]
pub struct DataFiles {
    files: Vec<SourceFile>,
    /// How many of `files` are the pack's (and its parents'); the rest are
    /// the built-in ones.
    own: usize,
    parsed: Vec<OnceCell<Option<Node>>>,
}

/// The prefix of a data path that names a file of the default built-in
/// pack.
pub const BUILTIN_PREFIX: &str = "builtin:";

impl DataFiles {
    pub fn new(files: &[SourceFile]) -> DataFiles {
        let mut all = files.to_vec();
        let own = all.len();
        let builtin = super::pack::builtin_named(super::pack::DEFAULT_ID);
        for (name, text) in builtin.map_or(&[][..], |b| b.data) {
            all.push(SourceFile::new(*name, *text));
        }
        DataFiles {
            parsed: all.iter().map(|_| OnceCell::new()).collect(),
            files: all,
            own,
        }
    }

    /// The index of the file a data path names: a path relative to the pack
    /// (its own file first, then its parents'), or `builtin:` and a path
    /// relative to the built-in pack.
    fn find(&self, path: &str) -> Option<usize> {
        match path.strip_prefix(BUILTIN_PREFIX) {
            Some(rest) => {
                let wanted = format!(
                    "rules/{}/{}",
                    super::pack::DEFAULT_ID,
                    rest.trim_start_matches("./")
                );
                (self.own..self.files.len()).find(|&i| self.files[i].name == wanted)
            }
            None => {
                let wanted = std::path::Path::new(path);
                self.files[..self.own]
                    .iter()
                    .position(|f| std::path::Path::new(&f.name).ends_with(wanted))
            }
        }
    }

    /// The names the paths of [`DataFiles::find`] may take, for messages.
    fn known(&self) -> Vec<String> {
        let own = self.files[..self.own].iter().map(|f| f.name.clone());
        let builtin = self.files[self.own..].iter().map(|f| {
            let prefix = format!("rules/{}/", super::pack::DEFAULT_ID);
            format!(
                "{BUILTIN_PREFIX}{}",
                f.name.strip_prefix(&prefix).unwrap_or(&f.name)
            )
        });
        own.chain(builtin).collect()
    }

    /// Warnings for a pack's data file with the same name (`data/x.yaml`)
    /// as one of a pack it extends: rules (inherited ones too) that name it
    /// read the pack's file, not the inherited one.
    pub fn shadowing(&self) -> Vec<RuleFileError> {
        let relative = |f: &SourceFile| {
            let path = std::path::Path::new(&f.name);
            let mut parts: Vec<_> = path.components().rev().take(2).collect();
            parts.reverse();
            parts.iter().collect::<std::path::PathBuf>()
        };
        let mut warnings = Vec::new();
        for (i, file) in self.files[..self.own].iter().enumerate() {
            let name = relative(file);
            let shadowed = self.files[i + 1..self.own]
                .iter()
                .find(|f| relative(f) == name);
            if let Some(other) = shadowed {
                let shown = name.display().to_string();
                warnings.push(file.error(
                    0..0,
                    format!("数据文件 `{shown}` 与所继承的规则包中的 `{}` 同名，遮盖了它", other.name),
                    "同名的数据文件",
                    Some(format!(
                        "引用 `{shown}` 的规则（包括继承来的规则）现在只读这个文件，不再读继承的文件。要在继承的词典之上增加条目，请给这个文件换一个名字，并在规则中同时列出两者，如 `titles: [{BUILTIN_PREFIX}data/law-titles.yaml, data/本省法规.yaml]`；确要替换继承的文件时，可忽略本警告"
                    )),
                ));
            }
        }
        warnings
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
    /// The file the rule is written in (and, for a rule that overrides an
    /// inherited one key by key, the files of the rule it overrides).
    pub file: RuleSource<'a>,
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
    rule_regex_error(&RuleSource::single(file), node, pattern, problem)
}

/// [`regex_error`] in a rule that may be merged from several files.
pub fn rule_regex_error(
    file: &RuleSource,
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
                let e = rule_regex_error(&self.file, self.rule.at(at), pattern, &p);
                self.errors.push(e);
            })
            .ok()
    }

    fn regex_set(&mut self, patterns: &[String]) -> Option<RegexSet> {
        regexes::set(patterns).ok()
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
                        let e = unknown_section(&self.file, span, id, self.template);
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
        let Some(i) = self.data.find(relative) else {
            let known = self.data.known();
            self.problem(
                at,
                None,
                Problem::new(
                    format!("找不到数据文件 `{relative}`"),
                    "没有这个文件",
                    format!(
                        "数据文件放在规则包目录下的 data/ 中，写作相对于规则包目录的路径（如 data/law-titles.yaml）；内置规则包的数据文件写作 {BUILTIN_PREFIX}data/law-titles.yaml。可用的数据文件：{}",
                        known.join("、")
                    ),
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
    file: &RuleSource,
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
