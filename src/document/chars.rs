//! Character classes that Chinese official documents need and that ASCII-minded
//! helpers get wrong: white space that includes U+00A0 and U+3000, sentence
//! ends, and Chinese numerals.

use super::span::Span;

/// White space as it occurs in real reports: ASCII, tabs, U+00A0 (copied from
/// web pages), U+3000 (the ideographic space used for indentation) and the
/// other Unicode spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{3000}' || c == '\u{FEFF}'
}

/// The span of `text[span]` without leading and trailing white space.
pub fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.start..span.end];
    let start = slice.len() - slice.trim_start_matches(is_space).len();
    let end = slice.trim_end_matches(is_space).len();
    if end <= start {
        Span::empty(span.start + start)
    } else {
        Span::new(span.start + start, span.start + end)
    }
}

/// Marks that end a sentence in Chinese text (GB/T 15834 句末点号 plus the
/// semicolon, which separates the clauses reports use as sentences).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Splits `text[span]` into sentences on 。！？； keeping the end mark (and any
/// closing quote after it) with the sentence. White space around sentences is
/// trimmed; empty sentences are dropped.
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    sentence_iter(text, span).collect()
}

/// The sentences of [`sentences`], one at a time, without a vector.
///
/// # Panics
///
/// When `span` is not a range of `text` on character boundaries (as
/// slicing `text` would).
pub fn sentence_iter(text: &str, span: Span) -> Sentences<'_> {
    let _ = &text[span.start..span.end];
    Sentences {
        text,
        at: span.start,
        end: span.end,
        done: false,
    }
}

/// The iterator of [`sentence_iter`].
pub struct Sentences<'a> {
    text: &'a str,
    /// Where the next sentence starts (before trimming).
    at: usize,
    end: usize,
    done: bool,
}

impl Iterator for Sentences<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        while !self.done {
            let start = self.at;
            let end = match sentence_end(self.text.as_bytes(), start, self.end) {
                Some(end) => end,
                None => {
                    self.done = true;
                    self.end
                }
            };
            self.at = end;
            let trimmed = trim_span(self.text, Span::new(start, end));
            if !trimmed.is_empty() {
                return Some(trimmed);
            }
        }
        None
    }
}

/// Where the first sentence of `bytes[from..to]` ends: after its end mark
/// ([`is_sentence_end`]) and the closing marks right after it (”’）》」』),
/// which stay with the sentence they end (“…。”); `None` when it has no end
/// mark. `from` is on a character boundary of the UTF-8 `bytes`. The text
/// is not decoded: it is walked a character at a time by the length its
/// first byte gives, and the marks are known by their bytes (each is one
/// ASCII byte or three bytes led by E2, E3 or EF).
fn sentence_end(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let bytes = &bytes[..to];
    let mut i = from;
    let mut end = loop {
        let b = *bytes.get(i)?;
        match b {
            b'!' | b'?' | b';' => break i + 1,
            0x00..=0x7F => i += 1,
            // 。 U+3002
            0xE3 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => break i + 3,
            // ！ U+FF01, ； U+FF1B, ？ U+FF1F
            0xEF if matches!(bytes.get(i + 1..i + 3), Some(&[0xBC, 0x81 | 0x9B | 0x9F])) => {
                break i + 3
            }
            0xE0..=0xEF => i += 3,
            0xF0..=0xFF => i += 4,
            _ => i += 2,
        }
    };
    while let Some(len) = closing_mark_at(bytes, end) {
        end += len;
    }
    Some(end)
}

/// The length of the closing mark (”’）》」』)) at `bytes[i]`, if one is
/// there.
fn closing_mark_at(bytes: &[u8], i: usize) -> Option<usize> {
    match *bytes.get(i)? {
        b')' => Some(1),
        // ” U+201D, ’ U+2019
        0xE2 if matches!(bytes.get(i + 1..i + 3), Some(&[0x80, 0x9D | 0x99])) => Some(3),
        // 》 U+300B, 」 U+300D, 』 U+300F
        0xE3 if matches!(bytes.get(i + 1..i + 3), Some(&[0x80, 0x8B | 0x8D | 0x8F])) => Some(3),
        // ） U+FF09
        0xEF if bytes.get(i + 1..i + 3) == Some(&[0xBC, 0x89]) => Some(3),
        _ => None,
    }
}

/// Whether a line ends as a sentence or a clause does (“。”“：”“，”…), which
/// a title, a heading or a name never does.
pub fn ends_like_sentence(line: &str) -> bool {
    line.ends_with(['。', '：', ':', '；', '，', ',', '！', '？'])
}

/// The value of a number as dates write it: Arabic digits, Chinese digits
/// one by one (二〇二三), or a Chinese numeral (十九).
pub fn numeral_value(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| match c {
        '〇' | '○' | '零' | 'Ｏ' => Some(0),
        _ => "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32),
    };
    if s.chars().count() >= 3 && !s.contains('十') {
        return s
            .chars()
            .try_fold(0u32, |n, c| Some(n.checked_mul(10)? + digit(c)?));
    }
    chinese_number(s)
}

/// Value of a Chinese numeral from 一 to 九十九 (一、二十、三十五). Returns
/// `None` for anything else.
pub fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    }
    // At most three characters, read without collecting them.
    let mut chars = s.chars();
    let first = [chars.next(), chars.next(), chars.next()];
    if chars.next().is_some() {
        return None;
    }
    match first {
        [Some('十'), None, None] => Some(10),
        [Some(c), None, None] => digit(c).filter(|&d| d > 0),
        [Some('十'), Some(u), None] => digit(u).filter(|&d| d > 0).map(|d| 10 + d),
        [Some(t), Some('十'), None] => digit(t).filter(|&d| d > 1).map(|d| d * 10),
        [Some(t), Some('十'), Some(u)] => {
            Some(digit(t).filter(|&d| d > 1)? * 10 + digit(u).filter(|&d| d > 0)?)
        }
        _ => None,
    }
}

/// The Chinese numeral for 1..=99, the inverse of [`chinese_number`].
pub fn to_chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", DIGITS[(n / 10) as usize % 10]),
        _ => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize % 10],
            DIGITS[(n % 10) as usize]
        ),
    }
}

/// Number of characters (not bytes) in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_cjk_and_web_spaces() {
        let text = "\u{3000}\u{3000}一、工作情况\u{00A0} \t";
        let span = trim_span(text, Span::new(0, text.len()));
        assert_eq!(&text[span.start..span.end], "一、工作情况");
    }

    #[test]
    fn splits_sentences_and_keeps_closing_quotes() {
        let text = "做到“两个维护。”深入学习；推进执法！结尾没有句号";
        let spans = sentences(text, Span::new(0, text.len()));
        let parts: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            parts,
            [
                "做到“两个维护。”",
                "深入学习；",
                "推进执法！",
                "结尾没有句号"
            ]
        );
    }

    fn is_closing_mark(c: char) -> bool {
        matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | ')')
    }

    /// Sentences as first written: char by char, with the mark tests.
    fn sentences_by_char(text: &str, span: Span) -> Vec<Span> {
        let slice = &text[span.start..span.end];
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = slice.char_indices().peekable();
        let mut push = |s: Span| {
            let t = trim_span(text, s);
            if !t.is_empty() {
                out.push(t);
            }
        };
        while let Some((i, c)) = chars.next() {
            if is_sentence_end(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, next)) = chars.peek() {
                    if is_closing_mark(next) {
                        end = j + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push(Span::new(span.start + start, span.start + end));
                start = end;
            }
        }
        push(Span::new(span.start + start, span.end));
        out
    }

    #[test]
    fn sentences_found_by_bytes_are_those_found_by_chars() {
        let marks = [
            "。", "！", "？", "；", "!", "?", ";", "”", "’", "）", "》", "」", "』", ")", "，",
            "“", "（", "《", "「", " ", "\u{3000}", "\n", "法", "a", "〇", "…", "—", "ｂ", "。”",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..seed % 24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(marks[(seed % marks.len() as u64) as usize]);
            }
            let whole = Span::new(0, text.len());
            assert_eq!(
                sentences(&text, whole),
                sentences_by_char(&text, whole),
                "{text:?}"
            );
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            if bounds.len() > 2 {
                let inner = Span::new(bounds[1], bounds[bounds.len() - 1]);
                assert_eq!(
                    sentences(&text, inner),
                    sentences_by_char(&text, inner),
                    "{text:?}"
                );
            }
        }
    }

    /// [`chinese_number`] as first written, on the characters collected.
    fn chinese_number_collected(s: &str) -> Option<u32> {
        let digit = |c: char| {
            "〇一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|p| p as u32)
        };
        let chars: Vec<char> = s.chars().collect();
        match chars.as_slice() {
            [c] if *c == '十' => Some(10),
            [c] => digit(*c).filter(|&d| d > 0),
            ['十', u] => digit(*u).filter(|&d| d > 0).map(|d| 10 + d),
            [t, '十'] => digit(*t).filter(|&d| d > 1).map(|d| d * 10),
            [t, '十', u] => {
                Some(digit(*t).filter(|&d| d > 1)? * 10 + digit(*u).filter(|&d| d > 0)?)
            }
            _ => None,
        }
    }

    #[test]
    fn chinese_numbers_read_without_collecting_are_those_read_collected() {
        let alphabet: Vec<char> = "〇一二三四五六七八九十百a1".chars().collect();
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        words.sort();
        words.dedup();
        for w in &words {
            assert_eq!(chinese_number(w), chinese_number_collected(w), "{w}");
        }
    }

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..=99 {
            assert_eq!(chinese_number(&to_chinese_number(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("一十"), None);
        assert_eq!(chinese_number("零"), None);
        assert_eq!(chinese_number("百"), None);
    }
}
