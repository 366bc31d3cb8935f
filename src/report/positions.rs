//! Lines and columns of the many places an output names in one report,
//! found walking from the last place asked for.
//!
//! [`Document::position`] costs a binary search and two character counts
//! from checkpoints of the line index, one for the place and one for its
//! line's start. An output asks for the places of a report's findings
//! mostly in text order, several on the same line, and each label's start
//! again after its end (a finding's primary label is named twice), so
//! [`Positions`] counts the characters from the previous place when it is
//! a little way before or after this one, and counts each line's start
//! once, from a place nearby when there is one.

use crate::document::Document;

/// Past this many bytes from a known place, counting from the line index's
/// nearest checkpoint is cheaper.
const NEAR: usize = 256;

/// Where an offset is, as the outputs give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// Characters (Unicode scalars) before the offset in the whole text.
    pub chars: usize,
}

/// Positions in one document, asked for mostly in text order.
pub struct Positions<'d> {
    doc: &'d Document,
    /// The last offset asked for, and the characters before it.
    offset: usize,
    chars: usize,
    /// The line of the last offset: where it starts, where the next one
    /// starts, the characters before its start, and its number (0-based).
    line_start: usize,
    line_end: usize,
    line_chars: usize,
    line: usize,
}

impl<'d> Positions<'d> {
    pub fn new(doc: &'d Document) -> Positions<'d> {
        Positions {
            doc,
            offset: 0,
            chars: 0,
            // An empty range: the first place looks its line up.
            line_start: 0,
            line_end: 0,
            line_chars: 0,
            line: 0,
        }
    }

    /// Line, column and character offset of a byte offset, the same as
    /// [`Document::position`] and [`crate::document::LineIndex::char_offset`]
    /// give.
    pub fn at(&mut self, offset: usize) -> Place {
        let text = &self.doc.text;
        let index = &self.doc.line_index;
        if offset > text.len() {
            // Not a place in the text: as the line index answers it.
            let p = self.doc.position(offset);
            return Place {
                line: p.line,
                column: p.column,
                chars: index.char_offset(text, offset),
            };
        }
        let chars = counted_from(text, self.offset, self.chars, offset)
            .unwrap_or_else(|| index.char_offset(text, offset));
        let (before, before_chars) = (self.offset, self.chars);
        self.offset = offset;
        self.chars = chars;
        if !(self.line_start <= offset && offset < self.line_end) {
            self.line = index.line_of(offset);
            self.line_start = index.line_start(self.line);
            self.line_end = index.next_line_start(self.line).unwrap_or(usize::MAX);
            // The line's start is near this place (a short line) or near the
            // previous one (the line after it).
            self.line_chars = counted_from(text, offset, chars, self.line_start)
                .or_else(|| counted_from(text, before, before_chars, self.line_start))
                .unwrap_or_else(|| index.char_offset(text, self.line_start));
        }
        Place {
            line: self.line + 1,
            column: chars - self.line_chars + 1,
            chars,
        }
    }
}

/// The characters before `to`, counted from `from` (with `chars` before
/// it) when the two are at most [`NEAR`] bytes apart.
fn counted_from(text: &str, from: usize, chars: usize, to: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if from <= to && to - from <= NEAR {
        Some(chars + char_starts(bytes.get(from..to)?))
    } else if to < from && from - to <= NEAR {
        chars.checked_sub(char_starts(bytes.get(to..from)?))
    } else {
        None
    }
}

/// Characters that start in `bytes`: every byte but UTF-8 continuation
/// bytes (`10xxxxxx`), eight at a time.
fn char_starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let w = u64::from_le_bytes(eight);
        // Bit 7 set and bit 6 (moved up to bit 7) clear.
        continuations += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    let rest = words.remainder();
    continuations += rest.iter().filter(|&&b| b & 0xc0 == 0x80).count();
    bytes.len() - continuations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_eight_bytes_at_a_time() {
        let text =
            "a二\u{10000}é\n三四五六七八九十abcdefghijklmnop\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}";
        for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for to in (from..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    char_starts(&text.as_bytes()[from..to]),
                    text[from..to].chars().count()
                );
            }
        }
    }

    /// Every offset, in order, backwards and jumping about, gives what the
    /// document's own lookup gives.
    #[test]
    fn places_are_those_of_the_line_index() {
        let long = "长".repeat(700);
        let text = format!("标题\n\n第一行，a b。\r\n{long}x\n末行");
        let doc = Document::parse("a", text.as_str(), crate::document::test_grammar());
        let text = doc.text.clone();
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut orders = vec![boundaries.clone()];
        orders.push(boundaries.iter().rev().copied().collect());
        orders.push(
            (0..boundaries.len())
                .map(|i| boundaries[(i * 7919) % boundaries.len()])
                .collect(),
        );
        // Pairs as outputs ask for them: a span's start, its end, then its
        // start again.
        orders.push(
            boundaries
                .windows(3)
                .flat_map(|w| [w[0], w[2], w[0], w[1]])
                .collect(),
        );
        for order in orders {
            let mut positions = Positions::new(&doc);
            for offset in order {
                let want = doc.position(offset);
                let got = positions.at(offset);
                assert_eq!((got.line, got.column), (want.line, want.column), "{offset}");
                assert_eq!(got.chars, text[..offset].chars().count(), "{offset}");
            }
        }
    }
}
