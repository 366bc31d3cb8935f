//! The rule-file format as written in YAML: plain serde structs that mirror
//! the files one to one. Every struct denies unknown keys, so a misspelt key is
//! an error rather than a silently ignored setting; kind-specific options sit
//! under `check:` in a tagged enum of struct variants (serde's `flatten` would
//! disable `deny_unknown_fields`). [`super::compile`] turns these into checked
//! rules.

use serde::Deserialize;

use crate::finding::Severity;

/// One YAML file of a pack. Any file may hold rules; one file holds `pack`
/// and one holds `template`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub pack: Option<RawPackMeta>,
    #[serde(default)]
    pub template: Option<RawTemplate>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The sections a report must (or may) have.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    pub sections: Vec<RawSection>,
    /// Section ids in the order headings are matched against them (most
    /// specific first). Defaults to the order of `sections`.
    #[serde(default)]
    pub match_order: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// Stable id used in JSON output and in `section:` scopes.
    pub id: String,
    /// Short Chinese name, e.g. 主要举措和成效.
    pub title: String,
    /// A column heading for the completeness matrix (a few characters, e.g.
    /// 举措成效); defaults to `title`.
    #[serde(default)]
    pub short: Option<String>,
    /// The wording of the regulation, quoted in help text.
    pub wording: String,
    /// The clause the section comes from.
    #[serde(default)]
    pub clause: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
    pub heading: RawMatcher,
    /// Heading levels at which the section may stand (1 = 一、, 2 = （一）).
    #[serde(default = "top_level")]
    pub levels: Vec<u8>,
    /// Phrases in body text that show the section's subject was touched on
    /// elsewhere; a missing-section finding points at them.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Content the section must contain.
    #[serde(default)]
    pub contents: Vec<RawContent>,
    /// Which year the section must name: `report` (Y) or `next` (Y+1).
    #[serde(default)]
    pub names_year: Option<YearRef>,
    /// Which year the section is about: a heading or an opening year that
    /// names another is reported by `kind: year` with `drift: true`.
    #[serde(default)]
    pub about_year: Option<YearRef>,
}

fn yes() -> bool {
    true
}

fn top_level() -> Vec<u8> {
    vec![1]
}

/// Regexes that a text must match (`any`) and must not match (`not`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatcher {
    pub any: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContent {
    /// Stable id, reported like a section id (e.g. `reasons`).
    pub id: String,
    pub title: String,
    /// Column heading for the completeness matrix; defaults to `title`.
    #[serde(default)]
    pub short: Option<String>,
    pub any: Vec<String>,
    /// A heading regex: when the section's heading matches it, the heading
    /// promises this content.
    #[serde(default)]
    pub promised_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearRef {
    Report,
    Next,
}

/// One rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Stable id such as `FZ001`.
    pub id: String,
    /// One-line Chinese summary.
    pub title: String,
    pub severity: Severity,
    /// The diagnostic message; `{name}` placeholders are filled by the check.
    pub message: String,
    /// How to fix it, citing the clause or standard.
    #[serde(default)]
    pub help: Option<String>,
    pub check: RawCheck,
}

/// The rule kinds. Each is implemented in its own file under `src/checks/`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RawCheck {
    /// Template sections: missing, order, content, named year.
    Template {
        aspect: TemplateAspect,
        /// With `aspect: content`: the message used when the heading promises
        /// the content but the body does not give it.
        #[serde(default)]
        promised_message: Option<String>,
    },
    /// A regex that must not (or, with `require`, must) occur in a scope.
    Pattern {
        regex: String,
        #[serde(default = "body_scope")]
        scope: String,
        /// A match is not reported when this regex matches at the same place.
        #[serde(default)]
        allow: Option<String>,
        #[serde(default)]
        require: bool,
        /// Text for the label on each match.
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        fix: Option<RawFix>,
    },
    /// Continuity of heading numbering and of run-in items (一是、二是).
    Sequence {
        #[serde(default = "yes")]
        headings: bool,
        #[serde(default = "yes")]
        run_in: bool,
    },
    /// Vague time words and years that drift from the report year.
    Year {
        #[serde(default)]
        vague: Vec<RawVague>,
        #[serde(default)]
        drift: bool,
    },
    /// Near-duplicate passages within one report.
    Duplicate {
        #[serde(default = "default_min_chars")]
        min_chars: usize,
        #[serde(default = "default_similarity")]
        similarity: f64,
    },
    /// Parts every 公文 has: title, closing, no web residue.
    Structure { element: StructureElement },
}

fn body_scope() -> String {
    "body".to_string()
}

fn default_min_chars() -> usize {
    60
}

fn default_similarity() -> f64 {
    0.85
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateAspect {
    Missing,
    Order,
    Content,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StructureElement {
    Title,
    Closing,
    WebResidue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    /// Replacement text; `$1`, `${name}` refer to capture groups.
    pub replace: String,
    /// Whether the fix may be applied without review.
    #[serde(default)]
    pub safe: bool,
    /// Short description of the fix.
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVague {
    pub word: String,
    /// Suggested replacement; `{year}` and `{next_year}` are filled in.
    #[serde(default)]
    pub suggest: Option<String>,
}
