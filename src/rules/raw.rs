//! The rule-file format as written in YAML: plain serde structs that mirror
//! the files one to one. Every struct denies unknown keys, so a misspelt key is
//! an error rather than a silently ignored setting; kind-specific options sit
//! under `check:` in a tagged enum of struct variants (serde's `flatten` would
//! disable `deny_unknown_fields`). [`super::compile`] turns these into checked
//! rules.

use std::collections::BTreeMap;

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
    /// Paired marks that do not pair or nest the wrong way.
    Brackets {
        pairs: Vec<RawPair>,
        /// Pairs that alternate when nested, as two opening marks:
        /// `['《', '〈']` means 〈〉 inside 《》, 《》 inside 〈〉.
        #[serde(default)]
        alternate: Vec<Vec<String>>,
        #[serde(default = "all_scope")]
        scope: String,
    },
    /// Titles in 《》 or 〈〉 close to, but not equal to, a title in a
    /// dictionary.
    LawTitle {
        /// The dictionary: a data file of the pack, e.g. `data/law-titles.yaml`.
        titles: String,
        /// Prefixes a title may be cited with or without.
        #[serde(default)]
        optional_prefixes: Vec<String>,
        /// Groups of characters treated as the same when comparing, e.g.
        /// `'—－-'`; the first of each group is the canonical one.
        #[serde(default)]
        same: Vec<String>,
        /// Characters ignored when comparing (spaces).
        #[serde(default)]
        ignore: String,
        /// The most edits (insertions, deletions, substitutions) between a
        /// cited title and the nearest known one that are still reported.
        #[serde(default = "default_max_distance")]
        max_distance: usize,
        /// The most of those edits that may change Chinese characters
        /// (edits to brackets, digits and dashes are not counted): two
        /// changed words make another title, not a slip.
        #[serde(default = "default_max_han_distance")]
        max_han_distance: usize,
        /// Characters of title needed per allowed edit, so short titles
        /// (民法典) are never “corrected” into other short titles.
        #[serde(default = "default_chars_per_edit")]
        chars_per_edit: usize,
        #[serde(default = "all_scope")]
        scope: String,
    },
    /// References to events or documents later than the report.
    Anachronism {
        references: Vec<RawReference>,
        #[serde(default = "all_scope")]
        scope: String,
    },
}

fn all_scope() -> String {
    "all".to_string()
}

fn default_max_distance() -> usize {
    2
}

fn default_max_han_distance() -> usize {
    1
}

fn default_chars_per_edit() -> usize {
    4
}

/// A pair of marks; each side may list several forms (`（(`) that count as
/// one pair.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPair {
    pub open: String,
    pub close: String,
}

/// One entry of an anachronism table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReference {
    /// A regex for the reference.
    pub regex: String,
    /// When it came into being, `YYYY-MM`.
    pub since: String,
    /// What it is, for the message: “党的二十大（2022年10月召开）”.
    pub what: String,
    /// Overrides the rule's severity, e.g. `warning` for a date not yet
    /// confirmed against an official source.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// A dictionary data file for `kind: law-title`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTitles {
    pub titles: Vec<RawTitle>,
}

/// A dictionary entry: the canonical title alone, or with the other forms
/// that are also correct and the known mis-citations.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTitle {
    Plain(String),
    Full(RawTitleEntry),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTitleEntry {
    pub title: String,
    /// Other correct forms (an official variant spelling).
    #[serde(default)]
    pub also: Vec<String>,
    /// Known mis-citations, reported whatever their distance.
    #[serde(default)]
    pub wrong: Vec<String>,
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
    #[serde(default)]
    pub replace: Option<String>,
    /// Replacement by lookup: in the matched text (or the `at` group), every
    /// occurrence of a key is replaced by its value, longer keys first, and
    /// the rest is kept. For rules whose alternatives each have their own
    /// correct form (`,` → `，`, `法制政府` → `法治政府`, `20` → `二十`).
    #[serde(default)]
    pub map: Option<BTreeMap<String, String>>,
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
