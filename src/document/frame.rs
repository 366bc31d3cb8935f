//! The frame around a report's body: the title (and the issuing body or
//! breadcrumbs that may stand before it), the 发文字号, and the closing 落款
//! (issuing body and 成文日期). These are recognised by position and form, not
//! by a template: every 公文 has them. What they look like is the pack's
//! [`Grammar`].

use super::grammar::Grammar;

/// The issuing body at the start of a title, if the title names one.
pub fn issuer_in_title<'t>(g: &Grammar, title: &'t str) -> Option<&'t str> {
    let caps = g.title_issuer.captures(title)?;
    let name = caps.get(1)?.as_str().trim();
    let usable =
        name.chars().count() >= 2 && !g.title_issuer_not.iter().any(|w| name.contains(w.as_str()));
    usable.then_some(name)
}

/// The body that is the subject of an opening sentence, if it names one.
pub fn issuer_in_opening<'t>(g: &Grammar, sentence: &'t str) -> Option<&'t str> {
    Some(g.opening_issuer.captures(sentence)?.get(1)?.as_str())
}

/// Whether a trimmed line is a 发文字号 such as “台政办字〔2022〕1号” (in any
/// bracket form; the form itself is checked by the writing rules).
pub fn is_doc_number(g: &Grammar, line: &str) -> bool {
    g.doc_number.is_match(line)
}

/// Whether a trimmed line is a date on its own, as a 成文日期 is written.
pub fn is_date(g: &Grammar, line: &str) -> bool {
    g.date.is_match(line)
}

/// Splits “某县人民政府 2023年1月19日” into the byte ranges of the issuer
/// and the date within the line.
pub fn split_issuer_and_date(g: &Grammar, line: &str) -> Option<((usize, usize), (usize, usize))> {
    let caps = g.issuer_and_date.captures(line)?;
    let issuer = caps.get(1)?;
    let date = caps.get(2)?;
    if has_sentence_punctuation(issuer.as_str()) {
        return None;
    }
    Some(((issuer.start(), issuer.end()), (date.start(), date.end())))
}

/// In text that lost its line breaks, the 落款 run on after the last
/// sentence: `tail` (the text after it) is an issuing body and a date, or a
/// date alone (“某县人民政府2024年2月6日”). Returns the byte offset of the
/// date in `tail`; the issuer, if any, is what stands before it.
pub fn closing_in_tail(g: &Grammar, tail: &str) -> Option<usize> {
    let trimmed = tail.trim_end_matches(super::chars::is_space);
    let date = g.date_parts.find_iter(trimmed).last()?;
    let from_date = &trimmed[date.start()..];
    if !is_date(g, from_date) {
        return None;
    }
    let issuer = trimmed[..date.start()].trim_matches(super::chars::is_space);
    (issuer.is_empty() || looks_like_issuer(issuer)).then_some(date.start())
}

/// In text that lost its line breaks, the title run on to the opening
/// (“某县人民政府关于2023年度法治政府建设情况的报告2023年，县政府……”):
/// where the title ends in `text`, the start of the line. The title is the
/// longest start of the first clause that ends with one of the pack's
/// `title.page_words` (报告、总结、情况), names a year and reads as a title,
/// with text after it in the same clause, and at most `max_chars` long.
pub fn title_run_on(g: &Grammar, text: &str, max_chars: usize) -> Option<usize> {
    let clause_end = text
        .find(|c: char| super::chars::is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':'))
        .unwrap_or(text.len());
    let clause = &text[..clause_end];
    let end = g.page_title_words.find_iter(clause).last()?.end();
    let title = &clause[..end];
    let fits = end < clause.len() && title.chars().count() <= max_chars;
    (fits && g.looks_like_title(title) && year_in(g, title).is_some()).then_some(end)
}

/// Whether a line could be an issuing body's name standing alone: short,
/// no sentence punctuation.
pub fn looks_like_issuer(line: &str) -> bool {
    let n = line.chars().count();
    (2..=40).contains(&n) && !has_sentence_punctuation(line)
}

/// The report year named in a title: the first year the grammar's
/// `title.year` finds, with the range of its digits and the end of the match.
pub fn year_in(g: &Grammar, text: &str) -> Option<(i32, usize, usize)> {
    let caps = g.title_year.captures(text)?;
    let digits = caps.get(1)?;
    let year = super::year::plausible(digits.as_str())?;
    Some((year, digits.start(), caps.get(0)?.end()))
}

pub fn has_sentence_punctuation(line: &str) -> bool {
    line.contains(['。', '，', '；', '：', '！', '？', ',', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_grammar as g;

    #[test]
    fn a_title_run_on_to_the_opening_ends_at_its_last_title_word() {
        let text = "某县人民政府关于2023年度法治政府建设情况的报告2023年，县政府坚持依法行政。";
        let end = title_run_on(g(), text, 60).unwrap();
        assert_eq!(
            &text[..end],
            "某县人民政府关于2023年度法治政府建设情况的报告"
        );
        // No year, no title word before the first comma, or a clause that is
        // all title: no cut.
        for text in [
            "关于法治政府建设的情况报告我乡坚持依法行政，全面推进。",
            "2023年，区政府各项工作情况良好。",
            "今年以来各项工作情况良好，成效明显。",
            "某县2023年度法治政府建设情况报告，现报告如下。",
        ] {
            assert_eq!(title_run_on(g(), text, 60), None, "{text}");
        }
    }

    #[test]
    fn doc_numbers_in_every_bracket_form() {
        assert!(is_doc_number(g(), "台政办字〔2022〕1号"));
        assert!(is_doc_number(g(), "博法办发[2022]第01号"));
        assert!(!is_doc_number(
            g(),
            "印发《博山区2022年法治工作要点》(博法办发〔2022〕1号)"
        ));
    }

    #[test]
    fn dates_as_written_in_closings() {
        assert!(is_date(g(), "2023年1月19日"));
        assert!(is_date(g(), "二〇二三年一月十九日"));
        assert!(is_date(g(), "2023.1.19"));
        assert!(!is_date(g(), "2023年1月19日召开会议"));
        assert_eq!(
            split_issuer_and_date(g(), "某县人民政府 2023年1月19日"),
            Some(((0, 18), (19, 35)))
        );
    }

    #[test]
    fn issuer_from_title_or_opening() {
        assert_eq!(
            issuer_in_title(g(), "区政府办公室2023年度法治政府建设情况报告"),
            Some("区政府办公室")
        );
        assert_eq!(
            issuer_in_title(
                g(),
                "中共博山区委 博山区人民政府 关于2022年度法治政府建设工作情况的报告"
            ),
            Some("中共博山区委 博山区人民政府")
        );
        assert_eq!(
            issuer_in_title(g(), "关于2021年度法治政府建设情况的报告"),
            None
        );
        assert_eq!(
            issuer_in_title(g(), "2021年度法治政府建设工作情况报告"),
            None
        );
        assert_eq!(
            issuer_in_opening(g(), "2021年，区政府办公室紧紧围绕区委区政府的工作部署"),
            Some("区政府办公室")
        );
        assert_eq!(issuer_in_opening(g(), "我们坚持以人民为中心"), None);
    }

    #[test]
    fn title_year() {
        assert_eq!(
            year_in(g(), "关于2021年度法治政府建设情况的报告").map(|y| y.0),
            Some(2021)
        );
        assert_eq!(year_in(g(), "法治政府建设情况的报告"), None);
    }
}
