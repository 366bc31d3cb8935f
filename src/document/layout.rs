//! The layout of a report, where its format has one (a Word document): the
//! page (paper, margins, the document grid, the page number in the footer)
//! and each paragraph's effective font, size, first-line indent, line
//! spacing and alignment, as Word resolves them. One record per paragraph,
//! tied to the paragraph's line in the extracted text; nothing per
//! character.

/// The layout of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub page: PageLayout,
    /// One per line of the extracted text that holds a paragraph, in order.
    pub paragraphs: Vec<ParaLayout>,
}

impl Layout {
    /// The layout of the paragraph on a 0-based line, if any.
    pub fn at_line(&self, line: usize) -> Option<&ParaLayout> {
        let i = self.paragraphs.partition_point(|p| p.line < line);
        self.paragraphs.get(i).filter(|p| p.line == line)
    }
}

/// The page of the (last) section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLayout {
    /// Paper width and height in millimetres.
    pub paper_mm: Option<(f64, f64)>,
    /// Top, bottom, left and right margins in millimetres.
    pub margins_mm: Option<Margins>,
    /// Line pitch of the document grid, in points, when the grid sets one.
    pub grid_pitch_pt: Option<f64>,
    /// Lines per page: from the document grid, else from the body's line
    /// spacing and the text area.
    pub lines_per_page: Option<u32>,
    /// Characters per line: from the document grid, else from the body's
    /// font size and the text area.
    pub chars_per_line: Option<u32>,
    pub page_number: PageNumber,
}

impl PageLayout {
    /// The text area (版心) in millimetres: width and height.
    pub fn text_area_mm(&self) -> Option<(f64, f64)> {
        let (w, h) = self.paper_mm?;
        let m = self.margins_mm?;
        let (width, height) = (w - m.left - m.right, h - m.top - m.bottom);
        // Margins wider than the paper (a broken file) leave no text area.
        (width > 0.0 && height > 0.0).then_some((width, height))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

/// The page number a footer draws.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum PageNumber {
    /// No footer holds a `PAGE` field.
    #[default]
    Missing,
    /// A `PAGE` field with the text around it in its footer paragraph.
    Field {
        before: String,
        after: String,
        /// The field result's font and size, when known.
        font: Option<String>,
        size_pt: Option<f64>,
    },
}

/// How the lines of a paragraph are spaced (`w:spacing w:line` and
/// `w:lineRule`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineSpacing {
    /// Fixed, in points.
    Exact(f64),
    /// At least, in points.
    AtLeast(f64),
    /// A multiple of single spacing (1.0 = single).
    Multiple(f64),
}

/// A paragraph's effective properties.
#[derive(Debug, Clone, PartialEq)]
pub struct ParaLayout {
    /// 0-based line of the extracted text.
    pub line: usize,
    /// The font most of its visible (Chinese, when it has any) characters
    /// use.
    pub font: Option<String>,
    /// The size most of its visible characters use, in points.
    pub size_pt: Option<f64>,
    /// Whether most of its visible characters are bold.
    pub bold: bool,
    /// The font and size of its first run with visible text: what a
    /// run-in heading (“（一）加强领导。正文……”) is set in.
    pub lead_font: Option<String>,
    pub lead_size_pt: Option<f64>,
    /// First-line indent in characters (negative for a hanging indent).
    pub first_line_chars: Option<f64>,
    /// Left indent in characters.
    pub left_chars: Option<f64>,
    pub line_spacing: Option<LineSpacing>,
    /// `w:jc`: `left`/`both`/`center`/`right`….
    pub align: Option<String>,
    /// Whether the paragraph snaps to the document grid.
    pub snap_to_grid: bool,
    /// Whether the paragraph is in a table cell (tables have their own
    /// formatting).
    pub in_table: bool,
}

impl ParaLayout {
    /// The distance between the baselines of its lines, in points, as Word
    /// lays it out: fixed or at-least spacing as given; a multiple of the
    /// grid's pitch on a document grid; else a multiple of about 1.3 times
    /// the font size (single spacing of the usual Chinese fonts).
    pub fn line_pitch_pt(&self, grid_pitch_pt: Option<f64>) -> Option<f64> {
        let size = self.size_pt.unwrap_or(10.5);
        match self.line_spacing? {
            LineSpacing::Exact(pt) => Some(pt),
            LineSpacing::AtLeast(pt) => Some(pt.max(size * 1.3)),
            LineSpacing::Multiple(m) => match grid_pitch_pt.filter(|_| self.snap_to_grid) {
                Some(grid) => {
                    // Each line takes as many grid lines as it needs.
                    let cells = ((size * 1.3 * m) / grid).ceil().max(1.0);
                    Some(cells * grid)
                }
                None => Some(size * 1.3 * m),
            },
        }
    }
}

/// Twentieths of a point (twips) to millimetres.
pub fn twips_to_mm(twips: f64) -> f64 {
    twips / 1440.0 * 25.4
}

/// Millimetres to points.
pub fn mm_to_pt(mm: f64) -> f64 {
    mm / 25.4 * 72.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(line: usize) -> ParaLayout {
        ParaLayout {
            line,
            font: None,
            size_pt: Some(16.0),
            bold: false,
            lead_font: None,
            lead_size_pt: None,
            first_line_chars: None,
            left_chars: None,
            line_spacing: None,
            align: None,
            snap_to_grid: true,
            in_table: false,
        }
    }

    #[test]
    fn paragraphs_by_line_and_line_pitch() {
        let layout = Layout {
            page: PageLayout::default(),
            paragraphs: vec![para(0), para(3), para(7)],
        };
        assert_eq!(layout.at_line(3).map(|p| p.line), Some(3));
        assert!(layout.at_line(4).is_none());
        let mut p = para(0);
        p.line_spacing = Some(LineSpacing::Exact(28.95));
        assert_eq!(p.line_pitch_pt(None), Some(28.95));
        p.line_spacing = Some(LineSpacing::Multiple(1.0));
        assert_eq!(p.line_pitch_pt(Some(28.95)), Some(28.95));
        assert!((twips_to_mm(2098.0) - 37.0).abs() < 0.05);
    }
}
