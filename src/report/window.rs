//! A miette [`SourceCode`] that shows a window around each label instead of the
//! whole source line. A Chinese paragraph is one line of hundreds of
//! characters; printed whole, a terminal soft-wraps it and the underline lands
//! in the wrong place. The window is cut at sentence ends (。！？；) or at a
//! display-width budget, never inside a character, and carries the true line
//! number and character column.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_width::UnicodeWidthChar;

use crate::document::chars::is_sentence_end;
use crate::document::{LineIndex, Span};

/// Display columns a window may take (CJK characters count two).
pub const WINDOW_COLUMNS: usize = 80;
/// Labels longer than this many characters are shortened for display.
pub const MAX_LABEL_CHARS: usize = 24;

pub struct Window<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
}

impl<'a> Window<'a> {
    pub fn new(name: &'a str, text: &'a str, index: &'a LineIndex) -> Self {
        Window { name, text, index }
    }

    /// Shortens a span to one line and at most [`MAX_LABEL_CHARS`] characters,
    /// so every label fits a window. Looks at no more than those characters,
    /// however long the line.
    pub fn clamp(&self, span: Span) -> Span {
        let mut end = span.start;
        for (n, c) in self.text[span.start..span.end].chars().enumerate() {
            if n == MAX_LABEL_CHARS || c == '\n' || c == '\r' {
                break;
            }
            end += c.len_utf8();
        }
        Span::new(span.start, end)
    }

    /// The window around `start..end`: the span plus as much of its sentence
    /// on either side as the budget allows. The work is bounded by the
    /// budget, not by the length of the line.
    fn bounds(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let line = self.index.line_of(start);
        let line_start = self.index.line_start(line);
        let mut span_width = 0;
        for c in self.text[start..end].chars() {
            if c == '\n' || c == '\r' {
                return None;
            }
            span_width += c.width().unwrap_or(0);
            if span_width > WINDOW_COLUMNS {
                return None;
            }
        }
        let mut budget = WINDOW_COLUMNS - span_width;
        let mut left_budget = budget * 2 / 5;

        let mut ws = start;
        // Zero-width characters take no budget; a separate count keeps a run
        // of them from making the window unbounded.
        let most_chars = WINDOW_COLUMNS * 2;
        for (i, c) in self.text[line_start..start]
            .char_indices()
            .rev()
            .take(most_chars)
        {
            let w = c.width().unwrap_or(0);
            if is_sentence_end(c) || w > left_budget {
                break;
            }
            left_budget -= w;
            budget -= w;
            ws = line_start + i;
        }
        let mut we = end;
        for c in self.text[end..].chars().take(most_chars) {
            let w = c.width().unwrap_or(0);
            if c == '\n' || c == '\r' || w > budget {
                break;
            }
            budget -= w;
            we += c.len_utf8();
            if is_sentence_end(c) {
                break;
            }
        }
        Some((ws, we))
    }
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len()
            || !self.text.is_char_boundary(start)
            || !self.text.is_char_boundary(end)
        {
            return Err(MietteError::OutOfBounds);
        }
        let (ws, we) = self.bounds(start, end).ok_or(MietteError::OutOfBounds)?;
        // The header shows this column: the character column of the span.
        let position = self.index.position(self.text, start);
        let (line, column) = (position.line - 1, position.column - 1);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            &self.text.as_bytes()[ws..we],
            SourceSpan::new(ws.into(), we - ws),
            line,
            column,
            0,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(s: &str) -> usize {
        s.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    #[test]
    fn window_stays_inside_the_sentence_and_the_budget() {
        let text = format!(
            "第一句话结束。{}目标词{}。后一句",
            "甲".repeat(50),
            "乙".repeat(50)
        );
        let index = LineIndex::new(&text);
        let window = Window::new("t", &text, &index);
        let start = text.find("目标词").unwrap();
        let (ws, we) = window.bounds(start, start + "目标词".len()).unwrap();
        let shown = &text[ws..we];
        assert!(shown.contains("目标词"));
        assert!(width(shown) <= WINDOW_COLUMNS);
        assert!(!shown.contains("第一句"));
        assert!(!shown.contains("后一句"));
    }

    #[test]
    fn clamps_long_labels_to_one_line() {
        let text = format!("{}\n下一行", "字".repeat(100));
        let index = LineIndex::new(&text);
        let window = Window::new("t", &text, &index);
        let span = window.clamp(Span::new(0, text.len()));
        assert_eq!(text[span.start..span.end].chars().count(), MAX_LABEL_CHARS);
    }
}
