//! Lines and columns of the many places an output names in one report,
//! found walking forward from the last place asked for.
//!
//! [`Document::position`] costs a binary search and two character counts
//! from checkpoints of the line index, one for the place and one for its
//! line's start. An output asks for the places of a report's findings in
//! text order, several on the same line, so [`Positions`] counts the
//! characters from the previous place when it is a little way before this
//! one, and counts each line's start once.

use crate::document::Document;

/// Past this many bytes from the previous place, counting from the line
/// index's nearest checkpoint is cheaper.
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
        let chars = if offset >= self.offset && offset - self.offset <= NEAR {
            self.chars + char_starts(&text.as_bytes()[self.offset..offset])
        } else {
            index.char_offset(text, offset)
        };
        self.offset = offset;
        self.chars = chars;
        if !(self.line_start <= offset && offset < self.line_end) {
            self.line = index.line_of(offset);
            self.line_start = index.line_start(self.line);
            self.line_end = index.next_line_start(self.line).unwrap_or(usize::MAX);
            self.line_chars = index.char_offset(text, self.line_start);
        }
        Place {
            line: self.line + 1,
            column: chars - self.line_chars + 1,
            chars,
        }
    }
}

/// Characters that start in `bytes`: every byte but UTF-8 continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
