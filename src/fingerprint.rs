//! A finding's fingerprint: what a waiver names instead of a line number.
//!
//! A .docx cannot hold `<!-- disable -->` comments, and line numbers change
//! whenever a paragraph is added above, so a waiver is keyed by the content it
//! is about. The fingerprint is a SHA-256 (first 16 hex digits) of:
//!
//! - a version tag, so the recipe can change without old waivers silently
//!   matching something else;
//! - the rule id and the template item the finding concerns;
//! - the text under the primary label and the sentence that holds it (cut at
//!   。！？； and line ends), so the same short phrase (“今年”) in two different
//!   sentences gets two fingerprints. A sentence longer than any a report
//!   holds (text without 。 for pages on end) counts only up to
//!   [`SENTENCE_CONTEXT`] characters either side of the label, so that
//!   thousands of findings in it cost no more than thousands of findings in
//!   ordinary sentences.
//!
//! All white space is removed first (ASCII, U+00A0, U+3000, line breaks), so
//! re-indenting, re-wrapping or converting CRLF does not change it, and a
//! report checked as text or extracted from Word gives the same value. A
//! finding that points at an insertion point (a missing section) has no text;
//! its fingerprint is the rule and the item alone, which is what such a
//! finding is about.

use sha2::{Digest, Sha256};

use crate::document::chars::is_space;
use crate::document::{Document, Span};
use crate::finding::Finding;

/// Bump when the recipe changes; old waivers then stop matching (and are
/// reported as unused) instead of matching the wrong finding.
const VERSION: &str = "reportlint-fingerprint-1";

/// Characters of the sentence taken on either side of the label. The longest
/// sentences in real reports have about 300.
const SENTENCE_CONTEXT: usize = 1000;

/// The fingerprint of a finding in a document: 16 lowercase hex digits.
pub fn of(doc: &Document, finding: &Finding) -> String {
    Fingerprint::of(doc, finding).as_str().to_string()
}

/// The recipe, on its parts.
pub fn compute(rule: &str, item: Option<&str>, label: &str, sentence: &str) -> String {
    Fingerprint::compute(rule, item, label, sentence)
        .as_str()
        .to_string()
}

/// A fingerprint held as its 16 hex digits, for outputs that write one per
/// finding without building a string for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The fingerprint of a finding in a document ([`of`]).
    pub fn of(doc: &Document, finding: &Finding) -> Fingerprint {
        let span = finding.primary.span;
        let (label, sentence) = if span.is_empty() {
            ("", "")
        } else {
            (doc.slice(span), doc.slice(sentence_around(&doc.text, span)))
        };
        Fingerprint::compute(&finding.rule, finding.item.as_deref(), label, sentence)
    }

    /// The recipe, on its parts ([`compute`]).
    pub fn compute(rule: &str, item: Option<&str>, label: &str, sentence: &str) -> Fingerprint {
        let mut hasher = Sha256::new();
        for part in [VERSION, rule, item.unwrap_or("")] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        update_squeezed(&mut hasher, label);
        hasher.update([0]);
        update_squeezed(&mut hasher, sentence);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0; 16];
        for (pair, b) in digits.chunks_exact_mut(2).zip(hasher.finalize()) {
            pair[0] = HEX[usize::from(b >> 4)];
            pair[1] = HEX[usize::from(b & 0xf)];
        }
        Fingerprint(digits)
    }

    /// The 16 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Whether a string has the shape of a fingerprint.
pub fn is_valid(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Hashes `s` without its white space (and `\r`), a run of other
/// characters at a time. Only a byte that can start a white-space
/// character ([`MAY_START_SPACE`]) is looked at as a character; the rest
/// (nearly all of a Chinese text) are passed over a byte at a time.
fn update_squeezed(hasher: &mut Sha256, s: &str) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !MAY_START_SPACE[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        // A flagged byte is ASCII or a lead byte, so `i` is a character
        // boundary.
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        if is_space(c) || c == '\r' {
            if run < i {
                hasher.update(&bytes[run..i]);
            }
            run = next;
        }
        i = next;
    }
    if run < bytes.len() {
        hasher.update(&bytes[run..]);
    }
}

/// The first bytes of the UTF-8 of every white-space character
/// ([`is_space`]): ASCII white space, U+0085 and U+00A0 (`C2`), U+1680
/// (`E1`), U+2000–U+205F (`E2`), U+3000 (`E3`) and U+FEFF (`EF`). A test
/// checks every character against it.
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts: [u8; 11] = [
        b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0xc2, 0xe1, 0xe2, 0xe3, 0xef,
    ];
    let mut k = 0;
    while k < starts.len() {
        table[starts[k] as usize] = true;
        k += 1;
    }
    table
};

/// Whether `bytes[at..]` starts with a sentence end ([`is_sentence_end`]):
/// `!?;` or the UTF-8 of 。！？；.
fn sentence_end_at(bytes: &[u8], at: usize) -> bool {
    matches!(
        bytes.get(at..).unwrap_or_default(),
        [b'!' | b'?' | b';', ..] | [0xe3, 0x80, 0x82, ..] | [0xef, 0xbc, 0x81 | 0x9f | 0x9b, ..]
    )
}

/// Whether `b` is a UTF-8 continuation byte, not the start of a character.
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// The span from the sentence start before `span.start` to the sentence end
/// after `span.end`, never crossing a line break, and reaching at most
/// [`SENTENCE_CONTEXT`] characters beyond the span on either side. Walks
/// the bytes, looking at a character only where one starts.
fn sentence_around(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    // Back from the span's start: each character start found is taken
    // unless it begins a line break or a sentence end.
    let mut start = span.start.min(bytes.len());
    let mut taken = 0;
    let mut i = start;
    while i > 0 && taken < SENTENCE_CONTEXT {
        i -= 1;
        if is_continuation(bytes[i]) {
            continue;
        }
        if bytes[i] == b'\n' || sentence_end_at(bytes, i) {
            break;
        }
        start = i;
        taken += 1;
    }
    // On from the span's end: up to a line break (left out) or a sentence
    // end (kept).
    let mut end = span.end.min(bytes.len());
    let mut i = end;
    taken = 0;
    while i < bytes.len() && taken < SENTENCE_CONTEXT {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            break;
        }
        let ends = sentence_end_at(bytes, i);
        i += 1;
        while i < bytes.len() && is_continuation(bytes[i]) {
            i += 1;
        }
        end = i;
        taken += 1;
        if ends {
            break;
        }
    }
    // A label that itself ends with a sentence end leaves nothing after it.
    Span::new(start.min(span.start), end.max(span.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Label;
    use crate::finding::Severity;

    fn finding(doc: &Document, needle: &str, nth: usize) -> Finding {
        let start = doc
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or(0);
        Finding::at(
            "FZ023",
            Severity::Warning,
            "",
            Span::new(start, start + needle.len()),
        )
    }

    #[test]
    fn the_same_phrase_in_two_sentences_differs() {
        let doc = Document::parse(
            "a",
            "标题\n今年以来，工作很好。今年还要努力。\n",
            crate::document::test_grammar(),
        );
        let a = of(&doc, &finding(&doc, "今年", 0));
        let b = of(&doc, &finding(&doc, "今年", 1));
        assert_ne!(a, b);
        assert!(is_valid(&a), "{a}");
    }

    #[test]
    fn moving_and_rewrapping_keep_it_editing_changes_it() {
        let one = Document::parse(
            "a",
            "标题\n正文。\n今年以来，工作很好。\n",
            crate::document::test_grammar(),
        );
        let moved = Document::parse(
            "a",
            "标题\n\n\n其他段落。\r\n  今年以来，工作 很好。\r\n",
            crate::document::test_grammar(),
        );
        let edited = Document::parse(
            "a",
            "标题\n今年以来，工作较好。\n",
            crate::document::test_grammar(),
        );
        let f = |d: &Document| of(d, &finding(d, "今年", 0));
        assert_eq!(f(&one), f(&moved));
        assert_ne!(f(&one), f(&edited));
    }

    #[test]
    fn a_sentence_counts_up_to_the_context_limit_either_side() {
        let text = format!("{}今年{}", "甲".repeat(1500), "乙".repeat(1500));
        let at = text.find("今年").unwrap();
        let span = sentence_around(&text, Span::new(at, at + "今年".len()));
        assert_eq!(text[span.start..at].chars().count(), SENTENCE_CONTEXT);
        assert_eq!(
            text[at + "今年".len()..span.end].chars().count(),
            SENTENCE_CONTEXT
        );
        let short = "标题\n今年以来，工作很好。下一句";
        let at = short.find("工作").unwrap();
        let span = sentence_around(short, Span::new(at, at + "工作".len()));
        assert_eq!(&short[span.start..span.end], "今年以来，工作很好。");
    }

    /// The recipe as first written: every part squeezed into a string of
    /// its own, the digest formatted a byte at a time.
    fn compute_by_strings(rule: &str, item: Option<&str>, label: &str, sentence: &str) -> String {
        let squeeze =
            |s: &str| -> String { s.chars().filter(|&c| !is_space(c) && c != '\r').collect() };
        let mut hasher = Sha256::new();
        for part in [VERSION, rule, item.unwrap_or("")] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        hasher.update(squeeze(label).as_bytes());
        hasher.update([0]);
        hasher.update(squeeze(sentence).as_bytes());
        hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn values_are_those_of_the_first_recipe() {
        for (label, sentence) in [
            ("", ""),
            ("今年", "今年以来，工作很好。"),
            (
                " 今 年\r\n",
                "\u{3000}今年\u{a0}以来，\t工作\u{feff}很好。 ",
            ),
            ("   ", " a b "),
        ] {
            assert_eq!(
                compute("FZ023", Some("plan"), label, sentence),
                compute_by_strings("FZ023", Some("plan"), label, sentence)
            );
        }
        assert_eq!(
            compute("FZ001", None, "x", "y"),
            compute_by_strings("FZ001", None, "x", "y")
        );
    }

    #[test]
    fn every_space_starts_with_a_flagged_byte() {
        let mut utf8 = [0; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if is_space(c) || c == '\r' {
                let first = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(MAY_START_SPACE[usize::from(first)], "{c:?}");
            }
        }
        assert!(
            !MAY_START_SPACE[0x80..0xc0].contains(&true),
            "no continuation byte"
        );
    }

    /// The sentence as first found: a character at a time.
    fn sentence_by_chars(text: &str, span: Span) -> Span {
        use crate::document::chars::is_sentence_end;
        let mut start = span.start;
        for (i, c) in text[..span.start]
            .char_indices()
            .rev()
            .take(SENTENCE_CONTEXT)
        {
            if c == '\n' || is_sentence_end(c) {
                break;
            }
            start = i;
        }
        let mut end = span.end;
        for c in text[span.end..].chars().take(SENTENCE_CONTEXT) {
            if c == '\n' || c == '\r' {
                break;
            }
            end += c.len_utf8();
            if is_sentence_end(c) {
                break;
            }
        }
        Span::new(start.min(span.start), end.max(span.end))
    }

    /// Texts of characters drawn from those that matter here (sentence
    /// ends, line ends, white space of every width, characters that share
    /// their first or last bytes with those) and ordinary ones.
    fn random_texts() -> Vec<String> {
        let alphabet: Vec<char> = "。！？；!?;\n\r \t\u{3000}\u{a0}\u{85}\u{2028}\u{feff}\u{1680}\u{202f}\u{205f}、〃，（）ａ甲乙今年a1\u{2010}\u{3001}\u{ff01}\u{ff1f}\u{ff1b}\u{fe10}😀é"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut texts = Vec::new();
        for _ in 0..400 {
            let len = next(40);
            texts.push((0..len).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        // Sentences longer than the context on either side.
        texts.push(format!(
            "{}。{}x{}",
            "甲".repeat(1200),
            "乙".repeat(1500),
            "丙 ".repeat(1100)
        ));
        texts
    }

    #[test]
    fn sentences_and_squeezing_by_bytes_are_those_by_characters() {
        for text in random_texts() {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let step = boundaries.len() / 20 + 1;
            for (k, &a) in boundaries.iter().enumerate().step_by(step) {
                for &b in boundaries[k..].iter().step_by(step).take(4) {
                    let span = Span::new(a, b);
                    assert_eq!(
                        sentence_around(&text, span),
                        sentence_by_chars(&text, span),
                        "{text:?} {a}..{b}"
                    );
                }
            }
            let (label, sentence) = text.split_at(boundaries[boundaries.len() / 2]);
            assert_eq!(
                compute("R", None, label, sentence),
                compute_by_strings("R", None, label, sentence),
                "{text:?}"
            );
        }
    }

    #[test]
    fn insertion_points_use_rule_and_item() {
        let doc = Document::parse("a", "标题\n正文。\n", crate::document::test_grammar());
        let mut f = finding(&doc, "正文", 0);
        f.primary = Label::bare(Span::empty(3));
        f.item = Some("plan".to_string());
        assert_eq!(of(&doc, &f), compute("FZ023", Some("plan"), "", ""));
    }
}
