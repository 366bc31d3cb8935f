//! Where each part of a text that was fixed over several rounds came from.
//!
//! Every round edits the text the previous round produced, so its offsets
//! mean nothing in the file on disk. Writing back must touch only the bytes
//! the fixes changed (a file may hold bytes the checked text does not: a
//! byte order mark, NUL bytes, CR line ends), so the rounds are traced: the
//! current text is kept as a list of pieces, each either a range of the
//! original text or text a fix wrote. At the end the pieces give the whole
//! change as edits of the original ([`Trace::edits`]).

use std::ops::Range;

use crate::document::Span;
use crate::finding::Edit;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A range of the original text, unchanged.
    Kept(Range<usize>),
    /// Text written by a fix.
    New(String),
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Kept(r) => r.end - r.start,
            Piece::New(s) => s.len(),
        }
    }

    /// The part `[from, to)` of this piece (offsets inside the piece).
    fn part(&self, from: usize, to: usize) -> Piece {
        match self {
            Piece::Kept(r) => Piece::Kept(r.start + from..r.start + to),
            // Edits fall on character boundaries of the whole text, and a
            // piece starts and ends on one, so these are boundaries too.
            Piece::New(s) => Piece::New(s[from..to].to_string()),
        }
    }
}

/// The current text of a fix run, as pieces of the original and new text.
#[derive(Debug, Clone)]
pub struct Trace {
    original_len: usize,
    pieces: Vec<Piece>,
}

impl Trace {
    /// The trace of an unchanged text of `len` bytes.
    pub fn new(len: usize) -> Trace {
        Trace {
            original_len: len,
            pieces: if len == 0 {
                Vec::new()
            } else {
                vec![Piece::Kept(0..len)]
            },
        }
    }

    /// Records one round: `edits` are sorted, do not overlap, and are
    /// offsets of the current text.
    pub fn apply(&mut self, edits: &[&Edit]) {
        let old = std::mem::take(&mut self.pieces);
        let mut out: Vec<Piece> = Vec::with_capacity(old.len() + 2 * edits.len());
        let mut pieces = old.into_iter();
        // The piece being walked, the offset of its start in the current
        // text, and how much of it is already copied or skipped.
        let mut current: Option<Piece> = pieces.next();
        let mut at = 0usize;
        let mut used = 0usize;
        for edit in edits {
            let (start, end) = (edit.span.start, edit.span.end);
            // Copy what comes before the edit.
            while let Some(piece) = &current {
                let piece_end = at + piece.len();
                if piece_end > start {
                    push(&mut out, piece.part(used, start - at));
                    used = start - at;
                    break;
                }
                push(&mut out, piece.part(used, piece.len()));
                at = piece_end;
                used = 0;
                current = pieces.next();
            }
            push(&mut out, Piece::New(edit.replacement.clone()));
            // Skip what the edit replaces.
            while let Some(piece) = &current {
                let piece_end = at + piece.len();
                if piece_end > end {
                    used = end - at;
                    break;
                }
                at = piece_end;
                used = 0;
                current = pieces.next();
            }
        }
        if let Some(piece) = current {
            push(&mut out, piece.part(used, piece.len()));
        }
        out.extend(pieces);
        self.pieces = out;
    }

    /// The whole change from the original text: sorted edits of the
    /// original that do not overlap, each as small as the pieces allow.
    pub fn edits(&self) -> Vec<Edit> {
        let mut edits = Vec::new();
        let mut kept_to = 0usize;
        let mut pending = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::New(s) => pending.push_str(s),
                Piece::Kept(r) => {
                    if r.start != kept_to || !pending.is_empty() {
                        edits.push(Edit {
                            span: Span::new(kept_to, r.start),
                            replacement: std::mem::take(&mut pending),
                        });
                    }
                    kept_to = r.end;
                }
            }
        }
        if kept_to != self.original_len || !pending.is_empty() {
            edits.push(Edit {
                span: Span::new(kept_to, self.original_len),
                replacement: pending,
            });
        }
        edits
    }
}

/// Appends a piece, dropping empty ones and joining neighbours that can be
/// joined, so the trace stays as short as the change.
fn push(out: &mut Vec<Piece>, piece: Piece) {
    if piece.len() == 0 {
        return;
    }
    match (out.last_mut(), piece) {
        (Some(Piece::New(last)), Piece::New(s)) => last.push_str(&s),
        (Some(Piece::Kept(last)), Piece::Kept(r)) if last.end == r.start => last.end = r.end,
        (_, piece) => out.push(piece),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: replacement.to_string(),
        }
    }

    /// Applies `edits` to `text` the plain way.
    fn plain(text: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for e in edits {
            out.push_str(&text[at..e.span.start]);
            out.push_str(&e.replacement);
            at = e.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn rounds_compose_into_edits_of_the_original() {
        let original = "甲,乙,丙(丁)";
        let mut trace = Trace::new(original.len());
        let round1 = [edit(3, 4, "，"), edit(7, 8, "，")];
        let text1 = plain(original, &round1);
        trace.apply(&round1.iter().collect::<Vec<_>>());
        // Round two edits inside what round one wrote, and the original.
        let round2 = [edit(0, 6, "A"), edit(15, 16, "（"), edit(19, 20, "）")];
        let text2 = plain(&text1, &round2);
        trace.apply(&round2.iter().collect::<Vec<_>>());
        let edits = trace.edits();
        assert_eq!(plain(original, &edits), text2);
        assert_eq!(text2, "A乙，丙（丁）");
        assert_eq!(
            edits,
            vec![
                edit(0, 4, "A"),
                edit(7, 8, "，"),
                edit(11, 12, "（"),
                edit(15, 16, "）")
            ]
        );
    }

    #[test]
    fn insertions_deletions_and_the_ends() {
        let original = "abcdef";
        let mut trace = Trace::new(original.len());
        let r1 = [edit(0, 0, "<"), edit(2, 4, ""), edit(6, 6, ">")];
        let t1 = plain(original, &r1);
        trace.apply(&r1.iter().collect::<Vec<_>>());
        assert_eq!(t1, "<abef>");
        let r2 = [edit(1, 1, "["), edit(3, 3, "|"), edit(5, 6, "")];
        let t2 = plain(&t1, &r2);
        trace.apply(&r2.iter().collect::<Vec<_>>());
        assert_eq!(plain(original, &trace.edits()), t2);
        // An unchanged text has no edits; an emptied one, one.
        assert!(Trace::new(3).edits().is_empty());
        let mut all = Trace::new(3);
        all.apply(&[&edit(0, 3, "")]);
        assert_eq!(all.edits(), vec![edit(0, 3, "")]);
    }

    #[test]
    fn many_random_rounds_match_plain_application() {
        // A small deterministic generator; no external crate needed.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..300 {
            let original: String = (0..next(12)).map(|_| ['a', '中', 'b'][next(3)]).collect();
            let mut text = original.clone();
            let mut trace = Trace::new(original.len());
            for _ in 0..4 {
                let bounds: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                let mut edits = Vec::new();
                let mut from = 0;
                while from < bounds.len() && next(3) > 0 {
                    let s = from + next(bounds.len() - from);
                    let e = s + next((bounds.len() - s).min(3));
                    let r = ["", "x", "文字"][next(3)];
                    edits.push(edit(bounds[s], bounds[e], r));
                    from = e + 1;
                }
                let refs: Vec<&Edit> = edits.iter().collect();
                text = plain(&text, &edits);
                trace.apply(&refs);
                assert_eq!(plain(&original, &trace.edits()), text, "{original:?}");
            }
        }
    }
}
