//! The compiled report template: the sections a report must or may have, in
//! the order the regulation lists them, each with the matchers that find its
//! heading and its required content. Built from a pack's `template:` by
//! [`crate::rules`]; read by [`crate::outline`] and the checks.

use regex::{Regex, RegexSet};
use schemars::JsonSchema;
use serde::Deserialize;

/// The template: the sections a report must or may have, in the order the
/// regulation lists them.
#[derive(Debug, Default)]
pub struct Template {
    pub sections: Vec<TemplateSection>,
    /// Indices into `sections`, in the order headings are matched.
    pub match_order: Vec<usize>,
}

impl Template {
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }
}

#[derive(Debug)]
pub struct TemplateSection {
    pub id: String,
    pub title: String,
    /// Column heading in the completeness matrix.
    pub short: String,
    pub wording: String,
    pub clause: Option<String>,
    pub required: bool,
    /// A heading matched to this section opens no other.
    pub exclusive: bool,
    pub heading: Matcher,
    /// Headings named for a piece of work (“一、统筹部署，高效推进法治政府建设”)
    /// that stand for this section when the report has no heading of its own
    /// for it: see [`crate::outline::Outline`].
    pub topical: Option<Matcher>,
    pub levels: Vec<u8>,
    pub mentions: Option<Matcher>,
    pub contents: Vec<ContentItem>,
    pub names_year: Option<YearRef>,
    pub about_year: Option<YearRef>,
}

/// Content a template section must contain.
#[derive(Debug)]
pub struct ContentItem {
    pub id: String,
    pub title: String,
    /// Column heading in the completeness matrix.
    pub short: String,
    pub any: Regex,
    pub promised_by: Option<Regex>,
    /// The item's own message and severity, in place of those of the
    /// `aspect: content` rule that reports it.
    pub message: Option<String>,
    pub severity: Option<crate::finding::Severity>,
}

/// Matches when any of `any` matches and none of `not` does.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub any: RegexSet,
    pub not: RegexSet,
    /// The `any` patterns as one regex, for finding where they match.
    pub find: Regex,
}

impl Matcher {
    pub fn is_match(&self, text: &str) -> bool {
        self.any.is_match(text) && !self.not.is_match(text)
    }
}

/// 相对于报告年度的年份。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum YearRef {
    /// 报告年度。
    Report,
    /// 报告年度的下一年。
    Next,
}
