//! The document model: the report's text, kept byte for byte, and what was
//! recognised in it (title, report year, 发文字号, headings and the sections
//! under them, paragraphs, the closing 落款, web-page residue), each as byte
//! spans into that text.

mod build;
pub mod chars;
mod frame;
pub mod grammar;
pub mod heading;
pub mod layout;
pub mod pages;
pub mod residue;
pub mod script;
pub mod span;
pub mod year;

pub use grammar::Grammar;
pub use pages::PageMap;
pub use residue::{PortalDate, PortalDates};
pub use span::{spans_within, LineIndex, Position, Span};
pub use year::{YearEvidence, YearSource};

/// Bytes of a span that [`Document::matching`] checks by itself before
/// converting the whole text (a heading's title is shorter).
const SHORT_SPAN: usize = 256;

/// A report, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name shown in diagnostics (the path as given on the command line).
    pub name: String,
    /// The full text; every span points into it.
    pub text: String,
    /// The text in simplified characters, for a report written in
    /// traditional ones (see [`script`]); the same length as `text`. Made
    /// when [`Document::matching`] first needs it.
    simplified: std::sync::OnceLock<Option<String>>,
    pub line_index: LineIndex,
    /// Every non-blank line, classified, in order.
    pub blocks: Vec<Block>,
    pub title: Option<Title>,
    /// The issuing body on its own line before the title.
    pub issuer: Option<Span>,
    /// The 发文字号 line.
    pub doc_number: Option<Span>,
    /// The report year: from the best of `year_evidence`, or `--year`.
    pub report_year: Option<ReportYear>,
    /// Every place that states the report year, best first (see
    /// [`year::evidence`]).
    pub year_evidence: Vec<YearEvidence>,
    /// Headings in document order; their sections nest by `parent`.
    pub headings: Vec<Heading>,
    pub closing: Closing,
    /// The 成文日期 and 发布日期 a portal's metadata (in the residue) states.
    pub portal: PortalDates,
    /// Web-page residue lines.
    pub residue: Vec<Span>,
    /// The report body: from after the title block to before the closing.
    pub body: Span,
    /// The issuing body named at the start of the title or as the subject
    /// of the opening sentence, when no line of its own names it.
    pub named_issuer: Option<String>,
    /// The page of each place in the text, for a PDF or OFD (empty for
    /// formats without pages).
    pub pages: PageMap,
    /// The page and paragraph formatting, for a Word document; `None` for
    /// text, web pages and the other formats.
    pub layout: Option<layout::Layout>,
}

/// One non-blank line of the document, trimmed of white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    /// 0-based line number.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Residue,
    Issuer,
    Title,
    DocNumber,
    /// Another line of the title block (a subtitle, a date in brackets).
    HeadOther,
    /// A heading line; the index into [`Document::headings`].
    Heading(usize),
    Paragraph,
    ClosingIssuer,
    ClosingDate,
}

/// The report title, which may be split over two lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub parts: Vec<Span>,
    /// The parts joined without the line breaks between them.
    pub text: String,
}

impl Title {
    pub fn span(&self) -> Span {
        let first = self.parts.first().copied().unwrap_or_default();
        let last = self.parts.last().copied().unwrap_or_default();
        first.cover(last)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportYear {
    pub year: i32,
    /// Where the year is stated (none when given with `--year`).
    pub span: Option<Span>,
    pub source: YearSource,
}

/// A heading and the section it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
    pub level: u8,
    /// The number in the marker; `None` for a bare line that acts as a heading
    /// because its numbering was lost.
    pub number: Option<u32>,
    pub marker: Option<Span>,
    /// Marker and title (up to the first 。 of a run-in heading).
    pub span: Span,
    /// The title without the marker.
    pub title: Span,
    /// Text on the same line after a run-in heading.
    pub run_in: Option<Span>,
    /// The section: from the end of the heading to the next heading of the
    /// same or a higher level, or the end of the body.
    pub section: Span,
    /// Index of the enclosing heading.
    pub parent: Option<usize>,
    /// 0-based line.
    pub line: usize,
}

/// The 落款 at the end of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Closing {
    pub issuer: Option<Span>,
    pub date: Option<Span>,
    /// The year, month and day of `date`, read with the pack's
    /// `document.date_parts`.
    pub date_value: Option<(i32, u32, u32)>,
}

/// The built-in grammar, for tests that build documents.
#[cfg(test)]
pub fn test_grammar() -> &'static Grammar {
    static GRAMMAR: std::sync::LazyLock<Grammar> =
        std::sync::LazyLock::new(|| crate::rules::grammar::Layered::base().finish());
    &GRAMMAR
}

impl Document {
    /// Parses UTF-8 text. Never fails: a text the parser cannot make sense of
    /// gives a document with fewer recognised parts, which the structure rules
    /// then report.
    pub fn parse(name: impl Into<String>, text: impl Into<String>, grammar: &Grammar) -> Document {
        build::build(name.into(), text.into(), &[], grammar)
    }

    /// Parses text whose source format marks headings (a Word document's
    /// heading styles): `outline[line]` is the outline level of that 0-based
    /// line. A styled line without a number in its text becomes a heading at
    /// the matching level; numbered lines keep the level of their number.
    pub fn parse_with_outline(
        name: impl Into<String>,
        text: impl Into<String>,
        outline: &[Option<u8>],
        grammar: &Grammar,
    ) -> Document {
        build::build(name.into(), text.into(), outline, grammar)
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The text under a span in simplified characters, for matching the
    /// pack's phrasings (see [`script`]); as it is for a report written in
    /// simplified characters.
    ///
    /// A short span (a heading's title) is looked at by itself while the
    /// whole view has not been made: when no character of it converts, it is
    /// its own view, and a report whose only matched text is its headings is
    /// never converted whole.
    pub fn matching(&self, span: Span) -> &str {
        if self.simplified.get().is_none()
            && span.end.saturating_sub(span.start) <= SHORT_SPAN
            && !script::changes_within(&self.text, span.start, span.end)
        {
            return self.slice(span);
        }
        match self
            .simplified
            .get_or_init(|| script::simplified(&self.text))
        {
            Some(view) => &view[span.start..span.end],
            None => self.slice(span),
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.text, offset)
    }

    /// The page (from 1) of a byte offset, for a PDF or OFD.
    pub fn page(&self, offset: usize) -> Option<usize> {
        self.pages.page(offset)
    }

    /// Overrides the report year (`--year`).
    pub fn set_year(&mut self, year: i32) {
        self.report_year = Some(ReportYear {
            year,
            span: None,
            source: YearSource::Given,
        });
    }

    /// The issuing body, for a reviewer's overview: the 落款, else the line
    /// before the title, else the start of the title, else the subject of the
    /// opening sentence (“2021年，区政府办公室……”).
    pub fn issuing_body(&self) -> Option<String> {
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(span) = self.closing.issuer.or(self.issuer) {
            return Some(squeeze(self.slice(span)));
        }
        self.named_issuer.as_deref().map(squeeze)
    }

    pub fn year(&self) -> Option<i32> {
        self.report_year.map(|y| y.year)
    }

    /// The prose of the body: paragraphs and the text after run-in headings.
    pub fn prose(&self) -> impl Iterator<Item = Span> + '_ {
        self.blocks.iter().filter_map(|b| match b.kind {
            BlockKind::Paragraph => Some(b.span),
            BlockKind::Heading(i) => self.headings[i].run_in,
            _ => None,
        })
    }

    /// The innermost heading whose section (or heading) holds `offset`.
    ///
    /// Only the last heading starting at or before `offset` and its
    /// ancestors can hold it: a heading's section ends at the next heading of
    /// the same or a higher level, so an earlier heading still open there
    /// encloses that last one. A binary search and a walk up at most four
    /// levels, instead of a look at every heading.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        let holds = |i: usize| {
            let h = &self.headings[i];
            h.span.start <= offset && offset < h.section.end.max(h.span.end)
        };
        let last = self
            .headings
            .partition_point(|h| h.span.start <= offset)
            .checked_sub(1)?;
        std::iter::successors(Some(last), |&i| self.headings[i].parent).find(|&i| holds(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The innermost heading holding `offset`, by looking at every heading.
    fn heading_at_by_scan(doc: &Document, offset: usize) -> Option<usize> {
        let mut found = None;
        for (i, h) in doc.headings.iter().enumerate() {
            if h.span.start <= offset && offset < h.section.end.max(h.span.end) {
                found = Some(i);
            }
        }
        found
    }

    #[test]
    fn heading_at_finds_what_a_scan_of_every_heading_finds() {
        let text = "某县人民政府关于2023年度法治政府建设情况的报告\n\
                    2023年，某县全面推进法治政府建设。\n\
                    一、主要举措和成效\n（一）加强领导。正文一。\n1.学习。\n（1）专题。正文。\n\
                    （2）研讨。\n2.培训。\n（二）规范决策。正文二。\n\
                    （1）越级的小标题。\n短小的一行。\n这是一段比较长的正文，用来让上一行被当作没有编号的标题，内容足够长。\n\
                    二、存在的不足和原因\n一是不足。\n三、下一步安排\n正文三。\n\n某县人民政府\n2024年2月1日\n";
        let doc = Document::parse("t", text, crate::document::test_grammar());
        assert!(doc.headings.len() >= 9, "{:?}", doc.headings.len());
        for offset in 0..=text.len() {
            assert_eq!(
                doc.heading_at(offset),
                heading_at_by_scan(&doc, offset),
                "{offset}"
            );
        }
    }
}
