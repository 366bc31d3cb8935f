//! The document model: the report's text, kept byte for byte, and what was
//! recognised in it (title, report year, 发文字号, headings and the sections
//! under them, paragraphs, the closing 落款, web-page residue), each as byte
//! spans into that text.

mod build;
pub mod chars;
mod frame;
pub mod heading;
pub mod residue;
pub mod span;

pub use span::{LineIndex, Position, Span};

/// A report, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name shown in diagnostics (the path as given on the command line).
    pub name: String,
    /// The full text; every span points into it.
    pub text: String,
    pub line_index: LineIndex,
    /// Every non-blank line, classified, in order.
    pub blocks: Vec<Block>,
    pub title: Option<Title>,
    /// The issuing body on its own line before the title.
    pub issuer: Option<Span>,
    /// The 发文字号 line.
    pub doc_number: Option<Span>,
    pub report_year: Option<ReportYear>,
    /// Headings in document order; their sections nest by `parent`.
    pub headings: Vec<Heading>,
    pub closing: Closing,
    /// Web-page residue lines.
    pub residue: Vec<Span>,
    /// The report body: from after the title block to before the closing.
    pub body: Span,
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
pub enum YearSource {
    /// Read from the title.
    Title,
    /// Given by the user (`--year`).
    Given,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportYear {
    pub year: i32,
    /// Where the year stands in the title, when it was read from there.
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
}

impl Document {
    /// Parses UTF-8 text. Never fails: a text the parser cannot make sense of
    /// gives a document with fewer recognised parts, which the structure rules
    /// then report.
    pub fn parse(name: impl Into<String>, text: impl Into<String>) -> Document {
        build::build(name.into(), text.into(), &[])
    }

    /// Parses text whose source format marks headings (a Word document's
    /// heading styles): `outline[line]` is the outline level of that 0-based
    /// line. A styled line without a number in its text becomes a heading at
    /// the matching level; numbered lines keep the level of their number.
    pub fn parse_with_outline(
        name: impl Into<String>,
        text: impl Into<String>,
        outline: &[Option<u8>],
    ) -> Document {
        build::build(name.into(), text.into(), outline)
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.text, offset)
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
        if let Some(name) = self
            .title
            .as_ref()
            .and_then(|t| frame::issuer_in_title(&t.text))
        {
            return Some(squeeze(name));
        }
        let first = self.prose().next()?;
        frame::issuer_in_opening(self.slice(first)).map(squeeze)
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

    /// Headings directly below `parent` (`None` = the top of the document).
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.headings.len()).filter(move |&i| self.headings[i].parent == parent)
    }

    /// The innermost heading whose section (or heading) holds `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        let mut found = None;
        for (i, h) in self.headings.iter().enumerate() {
            if h.span.start <= offset && offset < h.section.end.max(h.span.end) {
                found = Some(i);
            }
        }
        found
    }
}
