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

/// Closing marks that stay with the sentence they end (“…。”).
fn is_closing_mark(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | ')')
}

/// Splits `text[span]` into sentences on 。！？； keeping the end mark (and any
/// closing quote after it) with the sentence. White space around sentences is
/// trimmed; empty sentences are dropped.
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let slice = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = slice.char_indices().peekable();
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
            push_trimmed(
                text,
                Span::new(span.start + start, span.start + end),
                &mut out,
            );
            start = end;
        }
    }
    push_trimmed(text, Span::new(span.start + start, span.end), &mut out);
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let trimmed = trim_span(text, span);
    if !trimmed.is_empty() {
        out.push(trimmed);
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
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|&d| d > 0),
        ['十', u] => digit(*u).filter(|&d| d > 0).map(|d| 10 + d),
        [t, '十'] => digit(*t).filter(|&d| d > 1).map(|d| d * 10),
        [t, '十', u] => Some(digit(*t).filter(|&d| d > 1)? * 10 + digit(*u).filter(|&d| d > 0)?),
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
