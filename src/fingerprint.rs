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

use crate::document::chars::{is_sentence_end, is_space};
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
/// characters at a time.
fn update_squeezed(hasher: &mut Sha256, s: &str) {
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if is_space(c) || c == '\r' {
            if run < i {
                hasher.update(&s.as_bytes()[run..i]);
            }
            run = i + c.len_utf8();
        }
    }
    if run < s.len() {
        hasher.update(&s.as_bytes()[run..]);
    }
}

/// The span from the sentence start before `span.start` to the sentence end
/// after `span.end`, never crossing a line break, and reaching at most
/// [`SENTENCE_CONTEXT`] characters beyond the span on either side.
fn sentence_around(text: &str, span: Span) -> Span {
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
    fn insertion_points_use_rule_and_item() {
        let doc = Document::parse("a", "标题\n正文。\n", crate::document::test_grammar());
        let mut f = finding(&doc, "正文", 0);
        f.primary = Label::bare(Span::empty(3));
        f.item = Some("plan".to_string());
        assert_eq!(of(&doc, &f), compute("FZ023", Some("plan"), "", ""));
    }
}
