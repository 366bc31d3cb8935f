//! Last year's report (`--baseline`, the configuration's `baseline`): read
//! and parsed with the same pack as the report it is compared with, and
//! handed to the checks through [`crate::checks::Context`].
//!
//! Which file is the baseline of a report is decided by the run
//! ([`crate::run`]) from the command line and the configuration; this module
//! reads one, and finds the one the folder convention names
//! ([`previous_year_file`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::document::{spans_within, Document, Grammar, Span};
use crate::error::InputError;
use crate::finding::Elsewhere;
use crate::input::{self, Source};
use crate::outline::Outline;
use crate::template::Template;

/// Last year's report, parsed.
#[derive(Debug)]
pub struct Baseline {
    /// The file as given (shown in findings).
    pub name: String,
    pub doc: Document,
    pub outline: Outline,
    /// The share of the report's text found again in this baseline, set by
    /// the check that compares them (`kind: baseline-copy`), for the outputs.
    pub copied_share: OnceLock<f64>,
}

impl Baseline {
    /// Parses a baseline's text already read.
    pub fn parse(
        name: String,
        text: String,
        outline_levels: &[Option<u8>],
        grammar: &Grammar,
        template: &Template,
    ) -> Baseline {
        let doc = Document::parse_with_outline(name.clone(), text, outline_levels, grammar);
        let outline = Outline::new(&doc, template);
        Baseline {
            name,
            doc,
            outline,
            copied_share: OnceLock::new(),
        }
    }

    /// Reads and parses a baseline file (any format reports are read in),
    /// refusing one over `max_bytes`.
    pub fn load(
        path: &Path,
        max_bytes: u64,
        grammar: &Grammar,
        template: &Template,
    ) -> Result<Baseline, InputError> {
        let source = Source::Path(path.to_path_buf());
        let loaded = input::load(&source, max_bytes, &grammar.page_title_words)?;
        let mut baseline =
            Baseline::parse(loaded.name, loaded.text, &loaded.outline, grammar, template);
        baseline.doc.pages = loaded.pages;
        Ok(baseline)
    }

    /// A short excerpt of the text at `span` (at most `max` characters, “……”
    /// added when cut), for an [`crate::finding::Elsewhere`] message.
    pub fn excerpt(&self, span: Span, max: usize) -> String {
        excerpt(self.doc.slice(span), max)
    }

    /// The place `span` of this report as an [`Elsewhere`] of a finding,
    /// with `message` (an excerpt or what is there).
    pub fn elsewhere(&self, span: Span, message: String) -> Elsewhere {
        let at = self.doc.position(span.start);
        Elsewhere {
            file: self.name.clone(),
            line: at.line,
            column: at.column,
            message,
        }
    }

    /// What the outputs show of the comparison.
    pub fn summary(&self) -> BaselineSummary {
        BaselineSummary {
            file: self.name.clone(),
            year: self.doc.year(),
            copied_share: self.copied_share.get().copied(),
        }
    }
}

/// A baseline as the outputs show it (the JSON `baseline` of a report).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BaselineSummary {
    /// The file as given.
    pub file: String,
    /// Its report year, when it names one.
    pub year: Option<i32>,
    /// The share (0.0–1.0) of the report's countable text copied from it,
    /// when the rule that compares them ran.
    pub copied_share: Option<f64>,
}

/// The body text of a template section (`s`, an index into the template's
/// sections) of a document: its paragraphs and the text run on after its
/// headings, in document order; not the section's own heading, and its
/// sub-headings only with `sub_headings` (in a plan section they are often
/// the items themselves: “（一）推进行政复议体制改革，年内建成……”).
pub fn section_prose(doc: &Document, outline: &Outline, s: usize, sub_headings: bool) -> Vec<Span> {
    let prose: Vec<Span> = doc.prose().collect();
    let headings: Vec<Span> = doc.headings.iter().map(|h| h.span).collect();
    let mut out = Vec::new();
    for &h in outline.found.get(s).into_iter().flatten() {
        let heading = &doc.headings[h];
        let region = Span::new(
            heading.span.start,
            heading.section.end.max(heading.span.end),
        );
        out.extend(spans_within(&prose, region));
        if sub_headings {
            out.extend(spans_within(&headings, heading.section));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The first heading of a template section (`s`) in a document.
pub fn section_heading(doc: &Document, outline: &Outline, s: usize) -> Option<usize> {
    outline
        .found
        .get(s)
        .and_then(|f| f.first())
        .copied()
        .filter(|&h| h < doc.headings.len())
}

/// `text` cut to at most `max` characters, line breaks as spaces.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    match flat.char_indices().nth(max) {
        Some((end, _)) => format!("{}……", &flat[..end]),
        None => flat.to_string(),
    }
}

/// The baseline the folder convention names for `report`: when the report's
/// folder is named by a year (`2023/单位.docx`), the file of the same name
/// (in a format a folder walk would take) in the folder of the year before
/// beside it (`2022/单位.pdf`). When there are several, the one with the
/// report's own extension, else the first in name order.
pub fn previous_year_file(report: &Path) -> Option<PathBuf> {
    let dir = report.parent()?;
    let year: i32 = dir.file_name()?.to_str()?.parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let stem = report.file_stem()?;
    let previous = dir.parent()?.join((year - 1).to_string());
    let mut found: Vec<PathBuf> = std::fs::read_dir(&previous)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_stem() == Some(stem) && crate::input::walk::is_candidate(p) && p.is_file()
        })
        .collect();
    found.sort_by_key(|p| (p.extension() != report.extension(), p.clone()));
    found.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_of_the_year_before_names_the_baseline() {
        let root = tempfile::tempdir().unwrap();
        let this = root.path().join("2023");
        let last = root.path().join("2022");
        std::fs::create_dir_all(&this).unwrap();
        std::fs::create_dir_all(&last).unwrap();
        std::fs::write(this.join("甲局.docx"), "x").unwrap();
        std::fs::write(last.join("甲局.txt"), "x").unwrap();
        std::fs::write(last.join("乙局.txt"), "x").unwrap();
        assert_eq!(
            previous_year_file(&this.join("甲局.docx")),
            Some(last.join("甲局.txt"))
        );
        assert!(previous_year_file(&this.join("乙局.docx")).is_some());
        assert_eq!(previous_year_file(&this.join("丙局.docx")), None);
        assert_eq!(previous_year_file(&root.path().join("甲局.docx")), None);
        // Not what a run wrote there, and the report's own format first.
        std::fs::write(last.join("丁局.json"), "{}").unwrap();
        std::fs::write(last.join("丁局.csv"), "x").unwrap();
        assert_eq!(previous_year_file(&this.join("丁局.docx")), None);
        std::fs::write(last.join("丁局.docx"), "x").unwrap();
        std::fs::write(last.join("丁局.html"), "x").unwrap();
        assert_eq!(
            previous_year_file(&this.join("丁局.docx")),
            Some(last.join("丁局.docx"))
        );
    }

    #[test]
    fn excerpts_are_cut_and_flattened() {
        assert_eq!(excerpt("一二三\n四五", 10), "一二三 四五");
        assert_eq!(excerpt("一二三四五六", 3), "一二三……");
    }
}
