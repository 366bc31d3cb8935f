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
    /// so every label fits a window.
    pub fn clamp(&self, span: Span) -> Span {
        let line_end = self.text[span.start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| span.start + i);
        let end = span.end.min(line_end);
        let end = self.text[span.start..end]
            .char_indices()
            .nth(MAX_LABEL_CHARS)
            .map_or(end, |(i, _)| span.start + i);
        Span::new(span.start, end)
    }

    fn bounds(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let line = self.index.line_of(start);
        let line_start = self.index.line_start(line);
        let line_end = self.text[start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| start + i);
        if end > line_end {
            return None;
        }
        let span_width = width(&self.text[start..end]);
        if span_width > WINDOW_COLUMNS {
            return None;
        }
        let mut budget = WINDOW_COLUMNS - span_width;
        let mut left_budget = budget * 2 / 5;

        let mut ws = start;
        for (i, c) in self.text[line_start..start].char_indices().rev() {
            let w = c.width().unwrap_or(0);
            if is_sentence_end(c) || w > left_budget {
                break;
            }
            left_budget -= w;
            budget -= w;
            ws = line_start + i;
        }
        let mut we = end;
        for c in self.text[end..line_end].chars() {
            let w = c.width().unwrap_or(0);
            if w > budget {
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

fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
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
        let line = self.index.line_of(start);
        // The header shows this column: the character column of the span.
        let column = self.text[self.index.line_start(line)..start]
            .chars()
            .count();
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
