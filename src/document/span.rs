//! Byte spans into a document's text, and the line index that turns them into
//! the line/column pairs people read.
//!
//! Everything inside the checker works on half-open byte ranges into the one
//! copy of the text that [`crate::document::Document`] owns. Lines and columns
//! are computed only at the edges (rendering, JSON), because people count
//! characters while the engine counts bytes.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// An empty span at `at`, used for insertion points.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shifts a span found in a slice that starts at `base`.
    pub fn offset(&self, base: usize) -> Span {
        Span::new(self.start + base, self.end + base)
    }
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts, for turning a byte offset into a line and a
/// character column without rescanning the whole text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Lines end at `\n`; a preceding `\r` belongs to the line it ends.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 1-based line and 1-based character (Unicode scalar) column of `offset`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "标题\n一、工作情况\r\n（一）内容";
        let index = LineIndex::new(text);
        let offset = text.find("工作").unwrap();
        assert_eq!(
            index.position(text, offset),
            Position { line: 2, column: 3 }
        );
        let offset = text.find("内容").unwrap();
        assert_eq!(
            index.position(text, offset),
            Position { line: 3, column: 4 }
        );
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn cover_and_contains() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
    }
}
