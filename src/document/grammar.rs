//! How a template's documents are written: the heading numbering scheme,
//! what a title, an issuing body, a 发文字号 and a 成文日期 look like, and
//! which lines are web-page furniture. The document builder knows none of
//! this itself: the rule pack says it (its `document:` block, compiled by
//! `rules::grammar`), so a template with another numbering scheme or other
//! title words needs no Rust.

use regex::Regex;

/// A template's document grammar, its regexes compiled.
#[derive(Debug, Clone)]
pub struct Grammar {
    /// Heading levels, level 1 first (at most 9).
    pub headings: Vec<HeadingLevel>,
    /// A head line that matches reads as (part of) the title.
    pub title_words: Regex,
    /// On a saved web page, an element whose text matches may be the
    /// article's title.
    pub page_title_words: Regex,
    /// The report year in a title: group 1 is the four-digit year.
    pub title_year: Regex,
    /// The report year in an opening paragraph: group 1 is the year.
    pub year_opening: Vec<Regex>,
    /// A year in a first-level heading: group 1.
    pub year_heading: Regex,
    /// The report year in the first paragraph when nothing else states it
    /// (“2021年以来，我局……”), group 1.
    pub year_since: Regex,
    /// A first-level heading that matches is the plan for the next year.
    pub year_plan_heading: Regex,
    /// A report dated in this month or later is about the year of its date;
    /// dated earlier, about the year before.
    pub year_same_from_month: u32,
    /// The issuing body at the start of a title: group 1 is its name.
    pub title_issuer: Regex,
    /// A name taken by `title_issuer` that holds one of these is the title's
    /// subject, not an issuing body.
    pub title_issuer_not: Vec<String>,
    /// The issuing body as the subject of the opening sentence: group 1.
    pub opening_issuer: Regex,
    /// A last line standing alone is the closing issuer only when it ends
    /// with one of these.
    pub issuer_suffixes: Vec<String>,
    /// A 发文字号 line.
    pub doc_number: Regex,
    /// A date standing alone on a line, as a 成文日期 is written.
    pub date: Regex,
    /// The year, month and day of a date (groups 1–3), in Arabic or Chinese
    /// numerals: the one definition every rule reads a date with.
    pub date_parts: Regex,
    /// An issuing body and a date on one line: group 1 the body, group 2 the
    /// date.
    pub issuer_and_date: Regex,
    /// Lines that are web-page furniture wherever they stand.
    pub residue: Regex,
    /// Which lines [`Grammar::residue`] is run on (computed from the
    /// regex), and which of its branches.
    pub residue_filter: super::residue::ResidueFilter,
    /// In a furniture line, the label of the date the document was written
    /// (成文日期), up to where the date starts.
    pub portal_written: Regex,
    /// In a furniture line, the label of the date the page was published
    /// (发布日期), up to where the date starts.
    pub portal_published: Regex,
    /// Characters that separate the steps of a breadcrumb trail.
    pub breadcrumb_separators: Vec<char>,
    /// A line before the title holding this word and one separator is a
    /// breadcrumb trail (otherwise it needs two separators or to start with
    /// one).
    pub breadcrumb_home: String,
    /// The start of an enumeration item within a paragraph (“一是”): a short
    /// line that starts so is an item, never a heading that lost its number.
    pub item_marker: Regex,
    /// The page number a document site's preview puts at the start of each
    /// page (“2、”), number in group 1.
    pub page_chunk: Regex,
}

/// One heading level's marker.
#[derive(Debug, Clone)]
pub struct HeadingLevel {
    /// The marker, anchored at the start of a line; group 1 is the number.
    pub marker: Regex,
    pub numerals: Numerals,
    /// Text that may not follow the marker, anchored at its start (“1.5万元”
    /// is no heading “1.”).
    pub not_followed_by: Option<Regex>,
    /// How a marker of this level is written, `{n}` standing for the number
    /// (“（{n}）”), for messages and fixes that renumber.
    pub write: Option<String>,
    /// In text that lost its line breaks, a marker of this level also opens a
    /// heading inside a line, right after a match of this (a sentence end).
    pub inline_after: Option<Regex>,
}

/// How a heading number is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Numerals {
    /// 一 … 九十九.
    #[default]
    Chinese,
    /// 1, 2, 3 …
    Arabic,
}

/// The most heading levels a grammar may have.
pub const MAX_LEVELS: usize = 9;

impl Grammar {
    /// The number of heading levels.
    pub fn levels(&self) -> u8 {
        self.headings.len().min(MAX_LEVELS) as u8
    }

    /// The marker of heading `level` (1-based) with `number`, as the pack
    /// writes it; without a `write` form, the number alone.
    pub fn marker(&self, level: u8, number: u32) -> String {
        let Some(spec) = self.headings.get(usize::from(level.max(1)) - 1) else {
            return number.to_string();
        };
        let n = match spec.numerals {
            Numerals::Chinese => super::chars::to_chinese_number(number),
            Numerals::Arabic => number.to_string(),
        };
        match &spec.write {
            Some(form) => form.replace("{n}", &n),
            None => n,
        }
    }

    /// Whether the pack says how markers of `level` are written, so that a
    /// fix may write one.
    pub fn writes(&self, level: u8) -> bool {
        self.headings
            .get(usize::from(level.max(1)) - 1)
            .is_some_and(|h| h.write.is_some())
    }

    /// The year, month and day of the first date in `text`.
    pub fn date_value(&self, text: &str) -> Option<(i32, u32, u32)> {
        let caps = self.date_parts.captures(text)?;
        let part = |i: usize| super::chars::numeral_value(caps.get(i)?.as_str());
        let (year, month, day) = (part(1)?, part(2)?, part(3)?);
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((
            i32::try_from(year).ok()?,
            month,
            day,
        ))
    }

    /// Whether a head line reads as (part of) a title: it holds a title word
    /// and does not end like a sentence.
    pub fn looks_like_title(&self, line: &str) -> bool {
        self.title_words.is_match(line) && !super::chars::ends_like_sentence(line)
    }

    /// Whether the text of a web-page element may be an article title.
    pub fn may_be_page_title(&self, text: &str) -> bool {
        self.page_title_words.is_match(text)
    }
}
