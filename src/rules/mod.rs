//! Rule packs: the YAML format ([`raw`]), the compile step that checks it and
//! builds matchers once ([`compile`]), and loading a pack from a directory or
//! from the copy built into the binary ([`pack`]).

pub mod compile;
pub mod grammar;
pub mod message;
pub mod pack;
pub mod raw;
pub mod regexes;
pub mod yaml;

/// Parses YAML into `T` (for files next to the rules, such as fixture
/// expectations), through the one module that touches the YAML library.
pub fn yaml_from_str<T: serde::de::DeserializeOwned>(source: &str) -> Result<T, yaml::YamlError> {
    yaml::from_str(source)
}

/// The largest rule, data, configuration or waiver file that is read. Rule
/// files are a few dozen KB; the limit keeps a mistaken or hostile file from
/// taking the memory of its parse (several times its size).
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The most a pack may read in all (its files, its data files and those of
/// the packs it extends).
pub const MAX_PACK_BYTES: u64 = 16 << 20;

use regex::{Regex, RegexSet};

use crate::checks::Check;
use crate::finding::Severity;
pub use raw::YearRef;

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

/// One pass over a document that tells which `pattern` rules can match at
/// all, so that a rule whose regex matches nowhere in the report costs no
/// pass of its own. Only regexes whose matches do not depend on where a span
/// starts or ends (no `^`, `$` or word-boundary assertions) are included;
/// the others always run.
#[derive(Debug, Default)]
pub struct Prefilter {
    set: Option<RegexSet>,
    rules: Vec<String>,
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let (patterns, ids): (Vec<&str>, Vec<String>) = rules
            .iter()
            .filter_map(|r| r.check.prefilter_regex().map(|p| (p, r.id.clone())))
            .unzip();
        match RegexSet::new(&patterns) {
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

#[derive(Debug, Clone)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// Titles of reports written to this pack's template (`pack.detect`):
    /// when no pack is named, such a report is checked with this pack.
    pub detect: Option<Regex>,
}

impl Pack {
    /// Whether this pack recognises a report by its title (`pack.detect`).
    pub fn detects(&self, title: &str) -> bool {
        self.meta
            .detect
            .as_ref()
            .is_some_and(|re| re.is_match(title))
    }
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
    pub examples: Option<raw::RawExamples>,
    pub check: Check,
    /// The file the rule came from.
    pub file: String,
}

/// The template: the sections a report must or may have, in the order the
/// regulation lists them.
#[derive(Debug, Default)]
pub struct Template {
    pub sections: Vec<TemplateSection>,
    /// Indices into `sections`, in the order headings are matched.
    pub match_order: Vec<usize>,
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
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

/// Why a rule, configuration or waiver file was not read.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    /// Larger than [`MAX_FILE_BYTES`] (its size, or the bytes read before
    /// stopping).
    TooLarge(u64),
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`], without reading
/// more than that from a file that is larger (or still growing).
pub fn read_text(path: &std::path::Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    // Never a named pipe or device: opening one could wait for ever.
    let file = crate::input::open_regular(path).map_err(ReadFailure::Io)?;
    let size = file.metadata().map_err(ReadFailure::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|e| ReadFailure::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}
