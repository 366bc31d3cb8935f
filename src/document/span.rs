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

/// The spans of `sorted` (ordered by start) that lie inside `region`, found
/// by binary search: a check that looks into many sections of a long report
/// does not walk every span of the report once per section.
pub fn spans_within(sorted: &[Span], region: Span) -> impl Iterator<Item = Span> + '_ {
    let from = sorted.partition_point(|s| s.start < region.start);
    sorted[from..]
        .iter()
        .take_while(move |s| s.start <= region.end)
        .filter(move |s| region.contains(**s))
        .copied()
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two character-count checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 256;

/// Byte offsets of line starts, for turning a byte offset into a line and a
/// character column without rescanning the whole text.
///
/// A report may be one line of twenty megabytes with a finding every few
/// characters, so the column is not counted from the line start: the index
/// also keeps the number of characters before every [`CHECKPOINT`]th byte,
/// and a position costs a binary search plus at most one checkpoint's bytes.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `chars_before[k]`: characters in `text[..k * CHECKPOINT]`.
    chars_before: Vec<usize>,
}

impl LineIndex {
    /// Lines end at `\n`; a preceding `\r` belongs to the line it ends.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(count);
            count += char_starts(block);
        }
        LineIndex {
            starts,
            chars_before,
        }
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

    /// Byte offset where the line after 0-based `line` starts (just past its
    /// `\n`), or `None` for the last line.
    pub fn next_line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line + 1).copied()
    }

    /// Characters (Unicode scalars) in `text[..offset]`; `text` is the text
    /// the index was built from.
    pub fn char_offset(&self, text: &str, offset: usize) -> usize {
        let k = (offset / CHECKPOINT).min(self.chars_before.len().saturating_sub(1));
        let from = k * CHECKPOINT;
        match self.chars_before.get(k) {
            Some(&before) if from <= offset => before + char_starts(&text.as_bytes()[from..offset]),
            _ => text[..offset].chars().count(),
        }
    }

    /// 1-based line and 1-based character (Unicode scalar) column of `offset`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = self.char_offset(text, offset) - self.char_offset(text, start) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Characters that start in `bytes`: every byte but UTF-8 continuation bytes
/// (`0b10xxxxxx`). Eight bytes are counted at a time as one `u64`: a byte
/// is a continuation byte when its top bit is set and the bit below it is
/// clear, which `w & !(w << 1)` leaves in the top bit of each byte.
fn char_starts(bytes: &[u8]) -> usize {
    const TOP_BITS: u64 = 0x8080_8080_8080_8080;
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let continuation: usize = words
        .map(|w| {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            (w & !(w << 1) & TOP_BITS).count_ones() as usize
        })
        .sum();
    bytes.len() - continuation - tail.iter().filter(|&&b| (b as i8) < -0x40).count()
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
    fn positions_on_a_long_line_match_counting_from_the_line_start() {
        let text = format!("标题\n{}\r\n末行 a字", "《法治a》，".repeat(500));
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = index.line_of(offset);
            let start = index.line_start(line);
            let expected = Position {
                line: line + 1,
                column: text[start..offset].chars().count() + 1,
            };
            assert_eq!(index.position(&text, offset), expected, "{offset}");
            assert_eq!(
                index.char_offset(&text, offset),
                text[..offset].chars().count()
            );
        }
    }

    #[test]
    fn characters_counted_by_words_are_those_counted_by_bytes() {
        let by_byte = |bytes: &[u8]| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..300usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            for from in [0, len / 3, len.saturating_sub(1)] {
                assert_eq!(
                    char_starts(&bytes[from..]),
                    by_byte(&bytes[from..]),
                    "{len}"
                );
            }
        }
        let text = "法治a《》\u{1F600}é".repeat(40);
        assert_eq!(char_starts(text.as_bytes()), text.chars().count());
    }

    #[test]
    fn spans_within_a_region() {
        let sorted = [
            Span::new(0, 2),
            Span::new(3, 5),
            Span::new(4, 9),
            Span::new(6, 6),
            Span::new(8, 12),
        ];
        let inside: Vec<Span> = spans_within(&sorted, Span::new(3, 9)).collect();
        assert_eq!(inside, [Span::new(3, 5), Span::new(4, 9), Span::new(6, 6)]);
        assert_eq!(spans_within(&sorted, Span::new(20, 30)).count(), 0);
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
