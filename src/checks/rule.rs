//! The compiled rule model: a [`Pack`] of [`Rule`]s, each a compiled
//! [`Check`] with its id, severity and texts. Built by [`crate::rules`] from
//! YAML; read by the engine, the reports and the authoring tools.

use regex::RegexSet;
use schemars::JsonSchema;
use serde::Deserialize;

use super::kind::Check;
use crate::finding::Severity;
use crate::template::Template;

/// A compiled rule pack.
#[derive(Debug)]
pub struct Pack {
    pub meta: PackMeta,
    /// How the template's documents are written (`document:`).
    pub grammar: crate::document::Grammar,
    pub template: Template,
    pub rules: Vec<Rule>,
    /// Problems that do not stop the pack from working (rules without
    /// examples); shown by `reportlint rules validate`.
    pub warnings: Vec<crate::error::RuleFileWarning>,
    pub prefilter: Prefilter,
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether this pack recognises a report by its title (`pack.detect`).
    pub fn detects(&self, title: &str) -> bool {
        self.meta
            .detect
            .as_ref()
            .is_some_and(|re| re.is_match(title))
    }
}

#[derive(Debug, Clone)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// Titles of reports written to this pack's template (`pack.detect`):
    /// when no pack is named, such a report is checked with this pack.
    pub detect: Option<regex::Regex>,
    /// The issuer level and deadline the pack's reports have unless the
    /// configuration or command line says otherwise (`pack.report`).
    pub defaults: crate::meta::ReportDefaults,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// What the rule checks and why.
    pub description: Option<String>,
    /// Where the requirement comes from, with the source's own words.
    pub basis: Vec<Basis>,
    pub examples: Option<Examples>,
    pub check: Box<dyn Check>,
    /// The file the rule came from.
    pub file: String,
    /// Whether the rule is the pack's own (written, or overridden, in the
    /// pack itself rather than only in a pack it extends).
    pub own: bool,
}

/// One source of a rule: the document, its clause when confirmed, and its
/// exact words, so that a reviewer can check the rule against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub source: String,
    pub clause: Option<String>,
    pub quote: String,
}

impl Basis {
    /// “《…》第二十五条”: the source and the clause.
    pub fn cited(&self) -> String {
        match &self.clause {
            Some(c) => format!(
                "{}{}{}",
                self.source,
                if self.source.ends_with('》') {
                    ""
                } else {
                    " "
                },
                c
            ),
            None => self.source.clone(),
        }
    }
}

/// Where in a document a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every line of the report except web residue: the title block, headings,
    /// prose and the 落款.
    All,
    Title,
    Headings,
    /// Paragraphs and the text after run-in headings.
    Body,
    /// The 落款 (issuer and date).
    Closing,
    /// Headings and prose of one template section (index into the template).
    Section(usize),
}

/// 规则的测试用例。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// 不应报告问题的文本。
    #[serde(default)]
    pub valid: Vec<String>,
    /// 应报告问题的文本。
    #[serde(default)]
    pub invalid: Vec<InvalidExample>,
    /// 与各用例比较的上年报告全文（只用于与上年报告比较的规则，如 baseline-copy）。
    #[serde(default)]
    pub baseline: Option<String>,
    /// Where each case is written (`file:line`), filled in when the pack
    /// loads, for `rules test` to name the failing case.
    #[serde(skip)]
    #[schemars(skip)]
    pub places: ExamplePlaces,
}

/// Where a rule's example cases are written: the file, and the byte offset
/// of each case in it (turned into a line only for a failing case, so that
/// loading a big pack counts no lines).
#[derive(Debug, Clone, Default)]
pub struct ExamplePlaces {
    pub file: String,
    pub text: Option<std::sync::Arc<str>>,
    pub valid: Vec<usize>,
    pub invalid: Vec<usize>,
}

impl ExamplePlaces {
    /// `file:line` of the case at `offset`.
    pub fn place(&self, offset: usize) -> String {
        let line = self
            .text
            .as_deref()
            .and_then(|t| t.get(..offset))
            .map_or(0, |t| t.matches('\n').count())
            + 1;
        format!("{}:{line}", self.file)
    }
}

/// 应报告问题的用例。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidExample {
    /// 用例文本。
    pub text: String,
    /// 问题的主标注应覆盖的文字（可选）。
    #[serde(default)]
    pub span: Option<String>,
    /// 应用本规则的全部修复后应得到的文本（可选）。
    #[serde(default)]
    pub fixed: Option<String>,
    /// 诊断信息应包含的文字（可选，部分即可）。
    #[serde(default)]
    pub message: Option<String>,
    /// 诊断的级别（可选）。
    #[serde(default)]
    pub severity: Option<crate::finding::Severity>,
}

/// One pass over a document that tells which rules can match at all, so
/// that a rule whose regex matches nowhere in the report costs no pass of
/// its own. Only checks that offer a [`Check::prefilter_regex`] (regexes
/// whose matches do not depend on where a span starts or ends) are
/// included; the others always run.
#[derive(Debug, Default)]
pub struct Prefilter {
    set: Option<RegexSet>,
    rules: Vec<String>,
}

impl Prefilter {
    /// The prefilter of `rules`, its set built by `build` (the pack's
    /// regex limits apply to it as to every regex of the pack).
    pub fn new<E>(
        rules: &[Rule],
        build: impl FnOnce(&[String]) -> Result<RegexSet, E>,
    ) -> Prefilter {
        let (patterns, ids): (Vec<String>, Vec<String>) = rules
            .iter()
            .filter_map(|r| Some((r.check.prefilter_regex()?.to_string(), r.id.clone())))
            .unzip();
        match build(&patterns) {
            Ok(set) if !patterns.is_empty() => Prefilter {
                set: Some(set),
                rules: ids,
            },
            _ => Prefilter::default(),
        }
    }

    /// Ids of the rules whose regex matches nowhere in `text`.
    pub fn ruled_out<'a>(&'a self, text: &str) -> Vec<&'a str> {
        let Some(set) = &self.set else {
            return Vec::new();
        };
        let hits = set.matches(text);
        self.rules
            .iter()
            .enumerate()
            .filter(|(i, _)| !hits.matched(*i))
            .map(|(_, id)| id.as_str())
            .collect()
    }
}
