//! The frame around a report's body: the title (and the issuing body or
//! breadcrumbs that may stand before it), the 发文字号, and the closing 落款
//! (issuing body and 成文日期). These are recognised by position and form, not
//! by a template: every 公文 has them.

use std::sync::LazyLock;

use regex::Regex;

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]{1,12}\s*[〔\[【(（［]\s*[0-9０-９]{2,4}\s*[〕\]】)）］]\s*第?\s*[0-9０-９]+\s*号$")
        .expect("built-in doc number regex")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[（(]?(?:",
        r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日",
        r"|[〇○零Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日",
        r"|[0-9]{4}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}",
        r")[）)]?$"
    ))
    .expect("built-in date regex")
});

/// An issuing body and a date on one line: “某县人民政府 2023年1月19日”.
static ISSUER_AND_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.{1,40}?)\s+([0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日)$")
        .expect("built-in issuer/date regex")
});

static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"报告|总结|情况|法治政府|法治建设|[0-9]{4}\s*年").expect("built-in title regex")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4})\s*年").expect("built-in year regex"));

/// The issuing body named at the start of a title: “某县人民政府关于2021年度…”
/// or “区政府办公室2023年度…”.
static TITLE_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\S.{1,30}?)\s*(?:关于|[0-9]{4}\s*年)").expect("built-in title issuer regex")
});

/// The subject of a report's opening sentence: “2021年，区政府办公室紧紧围绕…”.
static OPENING_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[0-9]{4}\s*年(?:度|以来)?\s*[，,]\s*)?",
        r"((?:中共)?\p{Han}{1,16}?(?:人民政府办公室|人民政府办公厅|政府办公室|人民政府|政府|办公室|办公厅|委员会|管委会|司法局|局|街道办事处|街道|镇|乡))",
        r"(?:\p{Han})"
    ))
    .expect("built-in opening issuer regex")
});

/// The issuing body at the start of a title, if the title names one.
pub fn issuer_in_title(title: &str) -> Option<&str> {
    let caps = TITLE_ISSUER.captures(title)?;
    let name = caps.get(1)?.as_str().trim();
    let generic = ["法治", "建设", "报告", "年度"];
    let usable = name.chars().count() >= 2
        && !name.starts_with("关于")
        && !generic.iter().any(|g| name.contains(g));
    usable.then_some(name)
}

/// The body that is the subject of an opening sentence, if it names one.
pub fn issuer_in_opening(sentence: &str) -> Option<&str> {
    Some(OPENING_ISSUER.captures(sentence)?.get(1)?.as_str())
}

/// Whether a trimmed line is a 发文字号 such as “台政办字〔2022〕1号” (in any
/// bracket form; the form itself is checked by the writing rules).
pub fn is_doc_number(line: &str) -> bool {
    DOC_NUMBER.is_match(line)
}

/// Whether a trimmed line is a date on its own, as a 成文日期 is written.
pub fn is_date(line: &str) -> bool {
    DATE.is_match(line)
}

/// Splits “某县人民政府 2023年1月19日” into the byte ranges of the issuer
/// and the date within the line.
pub fn split_issuer_and_date(line: &str) -> Option<((usize, usize), (usize, usize))> {
    let caps = ISSUER_AND_DATE.captures(line)?;
    let issuer = caps.get(1)?;
    let date = caps.get(2)?;
    if has_sentence_punctuation(issuer.as_str()) {
        return None;
    }
    Some(((issuer.start(), issuer.end()), (date.start(), date.end())))
}

/// Whether a short head line reads as (part of) a title.
pub fn looks_like_title(line: &str) -> bool {
    TITLE_WORDS.is_match(line) && !ends_like_sentence(line)
}

/// Whether a line could be an issuing body's name standing alone: short,
/// no sentence punctuation.
pub fn looks_like_issuer(line: &str) -> bool {
    let n = line.chars().count();
    (2..=40).contains(&n) && !has_sentence_punctuation(line)
}

/// The report year named in a title: the first “2021年” in it.
pub fn year_in(text: &str) -> Option<(i32, usize, usize)> {
    let caps = YEAR.captures(text)?;
    let digits = caps.get(1)?;
    let year = digits.as_str().parse().ok()?;
    (1990..=2100)
        .contains(&year)
        .then_some((year, digits.start(), caps.get(0)?.end()))
}

pub fn has_sentence_punctuation(line: &str) -> bool {
    line.contains(['。', '，', '；', '：', '！', '？', ',', ';'])
}

fn ends_like_sentence(line: &str) -> bool {
    line.ends_with(['。', '：', ':', '；', '，', ',', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_numbers_in_every_bracket_form() {
        assert!(is_doc_number("台政办字〔2022〕1号"));
        assert!(is_doc_number("博法办发[2022]第01号"));
        assert!(!is_doc_number(
            "印发《博山区2022年法治工作要点》(博法办发〔2022〕1号)"
        ));
    }

    #[test]
    fn dates_as_written_in_closings() {
        assert!(is_date("2023年1月19日"));
        assert!(is_date("二〇二三年一月十九日"));
        assert!(is_date("2023.1.19"));
        assert!(!is_date("2023年1月19日召开会议"));
        assert_eq!(
            split_issuer_and_date("某县人民政府 2023年1月19日"),
            Some(((0, 18), (19, 35)))
        );
    }

    #[test]
    fn issuer_from_title_or_opening() {
        assert_eq!(
            issuer_in_title("区政府办公室2023年度法治政府建设情况报告"),
            Some("区政府办公室")
        );
        assert_eq!(
            issuer_in_title("中共博山区委 博山区人民政府 关于2022年度法治政府建设工作情况的报告"),
            Some("中共博山区委 博山区人民政府")
        );
        assert_eq!(issuer_in_title("关于2021年度法治政府建设情况的报告"), None);
        assert_eq!(issuer_in_title("2021年度法治政府建设工作情况报告"), None);
        assert_eq!(
            issuer_in_opening("2021年，区政府办公室紧紧围绕区委区政府的工作部署"),
            Some("区政府办公室")
        );
        assert_eq!(issuer_in_opening("我们坚持以人民为中心"), None);
    }

    #[test]
    fn title_year() {
        assert_eq!(
            year_in("关于2021年度法治政府建设情况的报告").map(|y| y.0),
            Some(2021)
        );
        assert_eq!(year_in("法治政府建设情况的报告"), None);
    }
}
