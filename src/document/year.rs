//! The report year, from wherever the report states it. The title says it
//! best; when the title is lost (a page copied from a portal) or names no
//! year, the opening sentence (“现将我镇2022年度……报告如下”), the first-level
//! headings (“一、2021年主要工作情况”, or a plan “三、2023年工作安排” for the
//! year before) and the 成文日期 (a report dated January–September is about
//! the year before), and last the 成文日期 in a portal's metadata copied with
//! the page, still tell it; never the page's other dates (“今天是……”). What each of these looks like is the
//! pack's [`Grammar`]; every source found is kept as evidence, so that a
//! reader (and a rule) can see where the year came from and whether the
//! sources agree.

use super::grammar::Grammar;
use super::{Block, BlockKind, Closing, Heading, PortalDates, Span, Title};

/// Where a report year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearSource {
    /// The title.
    Title,
    /// The opening sentence before the first heading.
    Opening,
    /// A first-level heading (a plan heading names the year after).
    Heading,
    /// The 成文日期 of the closing.
    ClosingDate,
    /// The 成文日期 in a portal's metadata, copied with the page.
    PortalDate,
    /// Given by the user (`--year`).
    Given,
}

impl YearSource {
    /// The name used in JSON (`year_source`).
    pub fn name(self) -> &'static str {
        match self {
            YearSource::Title => "title",
            YearSource::Opening => "opening",
            YearSource::Heading => "heading",
            YearSource::ClosingDate => "closing_date",
            YearSource::PortalDate => "portal_date",
            YearSource::Given => "option",
        }
    }
}

/// One place that states (or implies) the report year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearEvidence {
    /// The report year this place implies.
    pub year: i32,
    pub source: YearSource,
    /// The text that states it (the year with its 年 or 年度, or the date).
    pub span: Span,
    /// The report years this place is consistent with, first and last: a
    /// stated year is consistent with itself only; a date with the years a
    /// report written then may be about (see [`YearEvidence::agrees_with`]).
    pub fits: (i32, i32),
}

impl YearEvidence {
    /// Whether this place is consistent with a report on `year`.
    ///
    /// A 成文日期 in the report year's last quarter is normal (reports are
    /// written from December on), and one in the months after the deadline
    /// is late, which the deadline rule says, not a different year; only a
    /// date before the year could end, or a year and more after it, is about
    /// another year. A portal's metadata 成文日期 is often the day a page was
    /// (re)posted, years later; only one before the year could end says the
    /// report is about an earlier year.
    pub fn agrees_with(&self, year: i32) -> bool {
        (self.fits.0..=self.fits.1).contains(&year)
    }
}

/// The first evidence of each source, best first: title, opening, headings,
/// 成文日期, the portal's 成文日期.
pub fn evidence(
    g: &Grammar,
    text: &str,
    title: Option<&Title>,
    blocks: &[Block],
    headings: &[Heading],
    closing: Closing,
    portal: &PortalDates,
) -> Vec<YearEvidence> {
    let mut out = Vec::new();
    if let Some(title) = title {
        out.extend(title.parts.iter().find_map(|part| {
            let (year, start, _) = super::frame::year_in(g, &text[part.start..part.end])?;
            let digits = part.start + start;
            let len = text[digits..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            Some(stated(
                year,
                YearSource::Title,
                with_suffix(text, digits, digits + len),
            ))
        }));
    }
    out.extend(opening(g, text, blocks));
    out.extend(from_headings(g, text, headings));
    if let (Some(span), Some(value)) = (closing.date, closing.date_value) {
        out.push(dated(g, YearSource::ClosingDate, span, value));
    }
    if let Some(date) = portal.written {
        // The page may be (re)posted any time after the report was written:
        // only a date before the report year could end says otherwise.
        let mut e = dated(g, YearSource::PortalDate, date.span, date.value);
        e.fits.0 = i32::MIN;
        out.push(e);
    }
    if out.is_empty() {
        out.extend(since(g, text, blocks));
    }
    out
}

/// When nothing else states the year: the year of the first paragraph's
/// “2021年以来，……” (the grammar's `year.since`). Such a phrase may span
/// several years, so it is the last resort, alone, and never in conflict.
fn since(g: &Grammar, text: &str, blocks: &[Block]) -> Option<YearEvidence> {
    let first = blocks.iter().find(|b| b.kind == BlockKind::Paragraph)?;
    year_in_block(&g.year_since, text, first)
}

/// Evidence that states `year` in so many words.
fn stated(year: i32, source: YearSource, span: Span) -> YearEvidence {
    YearEvidence {
        year,
        source,
        span,
        fits: (year, year),
    }
}

/// Evidence from a 成文日期: a report is dated after the year it reports
/// on, usually in its first quarter; from the grammar's month on, the date is
/// taken to fall in the report year itself (and may also be a late report on
/// the year before).
fn dated(g: &Grammar, source: YearSource, span: Span, date: (i32, u32, u32)) -> YearEvidence {
    let (year, month, _) = date;
    let (implied, fits) = if month >= g.year_same_from_month {
        (year, (year - 1, year))
    } else {
        (year - 1, (year - 1, year - 1))
    };
    YearEvidence {
        year: implied,
        source,
        span,
        fits,
    }
}

/// The span of a year's digits at `start..end` of `text`, with the 年 or 年度
/// written after them.
fn with_suffix(text: &str, start: usize, end: usize) -> Span {
    let rest = &text[end..];
    let trimmed = rest.trim_start();
    let gap = rest.len() - trimmed.len();
    let suffix = ["年度", "年"]
        .iter()
        .find(|s| trimmed.starts_with(**s))
        .map_or(0, |s| gap + s.len());
    Span::new(start, end + suffix)
}

/// The opening paragraphs (prose before the first heading, at most three).
fn opening(g: &Grammar, text: &str, blocks: &[Block]) -> Option<YearEvidence> {
    blocks
        .iter()
        .skip_while(|b| b.kind != BlockKind::Paragraph && !matches!(b.kind, BlockKind::Heading(_)))
        .take_while(|b| b.kind == BlockKind::Paragraph)
        .take(3)
        .find_map(|b| {
            g.year_opening
                .iter()
                .find_map(|re| year_in_block(re, text, b))
        })
}

/// The year `re` finds (group 1) in a paragraph of the opening.
fn year_in_block(re: &regex::Regex, text: &str, b: &Block) -> Option<YearEvidence> {
    let digits = re.captures(&text[b.span.start..b.span.end])?.get(1)?;
    let year = plausible(digits.as_str())?;
    let start = b.span.start + digits.start();
    let end = b.span.start + digits.end();
    Some(stated(
        year,
        YearSource::Opening,
        with_suffix(text, start, end),
    ))
}

/// The first first-level heading that names a year: that year, or the year
/// before it when the heading is the plan for the next year.
fn from_headings(g: &Grammar, text: &str, headings: &[Heading]) -> Option<YearEvidence> {
    headings.iter().filter(|h| h.level == 1).find_map(|h| {
        let title = &text[h.title.start..h.title.end];
        let digits = g.year_heading.captures(title)?.get(1)?;
        let named = plausible(digits.as_str())?;
        let year = if g.year_plan_heading.is_match(title) {
            named - 1
        } else {
            named
        };
        Some(stated(
            year,
            YearSource::Heading,
            with_suffix(
                text,
                h.title.start + digits.start(),
                h.title.start + digits.end(),
            ),
        ))
    })
}

/// A year written as digits, if it can be a report's.
pub(super) fn plausible(digits: &str) -> Option<i32> {
    let year: i32 = digits.parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use crate::document::{test_grammar, Document, YearSource};

    fn year(text: &str) -> Option<(i32, YearSource)> {
        let doc = Document::parse("t", text, test_grammar());
        doc.report_year.map(|y| (y.year, y.source))
    }

    #[test]
    fn the_title_says_it_best() {
        assert_eq!(
            year("某县2022年度法治政府建设情况报告\n2023年，某县全面推进法治政府建设。\n"),
            Some((2022, YearSource::Title))
        );
    }

    #[test]
    fn without_a_title_year_the_opening_says_it() {
        assert_eq!(
            year("关于法治政府建设的情况报告\n2024年，我乡坚持依法行政，现报告如下。\n一、主要举措\n正文。\n"),
            Some((2024, YearSource::Opening))
        );
        assert_eq!(
            year("近年来，我局坚持依法行政。现将我局2023年度法治政府建设情况报告如下。\n一、主要举措\n正文。\n"),
            Some((2023, YearSource::Opening))
        );
        // “2022年以来” may span several years: it is taken only when nothing
        // else states the year, and never against a year stated elsewhere.
        assert_eq!(
            year("2022年以来，我局坚持依法行政，取得了明显的成效。\n"),
            Some((2022, YearSource::Opening))
        );
        assert_eq!(
            year("2022年以来，我局坚持依法行政。\n某县人民政府\n2024年1月20日\n"),
            Some((2023, YearSource::ClosingDate))
        );
    }

    #[test]
    fn first_level_headings_and_plans_say_it() {
        assert_eq!(
            year("近年来，我局坚持依法行政，取得明显成效。\n一、2021年主要工作情况\n正文。\n"),
            Some((2021, YearSource::Heading))
        );
        assert_eq!(
            year("近年来，我局坚持依法行政，取得明显成效。\n一、主要工作\n正文。\n二、2022年工作打算\n正文。\n"),
            Some((2021, YearSource::Heading))
        );
    }

    #[test]
    fn the_date_of_the_report_says_it() {
        let body = "近年来，我局坚持依法行政，取得明显成效，各项工作稳步推进。\n一、主要工作\n正文。\n\n某县司法局\n";
        assert_eq!(
            year(&format!("{body}2023年2月10日\n")),
            Some((2022, YearSource::ClosingDate))
        );
        assert_eq!(
            year(&format!("{body}2023年12月10日\n")),
            Some((2023, YearSource::ClosingDate))
        );
        let portal = "索 引 号：0001/2022-00029\n成文日期：2022年03月01日\n近年来，我局坚持依法行政，取得明显成效，各项工作稳步推进。\n";
        assert_eq!(year(portal), Some((2021, YearSource::PortalDate)));
        // The page's own date is never the report's.
        assert_eq!(
            year("今天是：2019年10月31日 星期三\n近年来，我局坚持依法行政，取得明显成效，各项工作稳步推进。\n"),
            None
        );
    }

    #[test]
    fn which_report_years_each_place_fits() {
        let doc = |text: &str| Document::parse("t", text, test_grammar());
        let body = "某县2023年度法治政府建设情况报告\n2023年，某县全面推进法治政府建设。\n一、主要工作\n正文。\n\n某县人民政府\n";
        let closing = |date: &str| {
            let d = doc(&format!("{body}{date}\n"));
            let e = d.year_evidence.last().copied().unwrap();
            assert_eq!(e.source, YearSource::ClosingDate);
            (2021..=2025)
                .filter(|&y| e.agrees_with(y))
                .collect::<Vec<_>>()
        };
        // First quarter: the year before. December: the year itself, or a
        // late report on the year before.
        assert_eq!(closing("2024年2月1日"), [2023]);
        assert_eq!(closing("2023年12月28日"), [2022, 2023]);
        assert_eq!(closing("2024年11月5日"), [2023, 2024]);
        // A stated year fits itself only.
        let d = doc(body);
        assert!(d.year_evidence[0].agrees_with(2023) && !d.year_evidence[0].agrees_with(2022));
        // A portal's 成文日期 fits every year up to the one it implies.
        let d = doc(&format!("[ 成文日期 ]2024-02-20\n{body}"));
        let portal = d.year_evidence.last().copied().unwrap();
        assert_eq!(portal.source, YearSource::PortalDate);
        assert!(portal.agrees_with(2016) && portal.agrees_with(2023) && !portal.agrees_with(2024));
    }

    #[test]
    fn dates_in_both_numeral_forms_are_read_by_one_definition() {
        let g = test_grammar();
        assert_eq!(g.date_value("2023年1月19日"), Some((2023, 1, 19)));
        assert_eq!(g.date_value("二〇二三年一月十九日"), Some((2023, 1, 19)));
        assert_eq!(g.date_value("（2023.1.19）"), Some((2023, 1, 19)));
        assert_eq!(g.date_value("2023年13月1日"), None);
    }

    #[test]
    fn the_column_name_before_the_title_is_not_the_title() {
        let doc = Document::parse(
            "t",
            "工作报告\n您所在的位置：政务公开 > 工作报告\n2020年某区法治政府建设情况报告\n文章来源：司法局 更新时间：2021/03/29\n2020年，某区全面推进法治政府建设，取得明显成效。\n",
            test_grammar(),
        );
        assert_eq!(
            doc.title.as_ref().map(|t| t.text.as_str()),
            Some("2020年某区法治政府建设情况报告")
        );
        assert_eq!(doc.year(), Some(2020));
    }
}
