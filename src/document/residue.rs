//! Web-page residue: the breadcrumbs, publication metadata and page furniture
//! that come along when a report is copied from a government portal (what
//! they look like is the pack's [`Grammar`]). Such lines are not part of the
//! report; they are reported once and kept out of every other check. What
//! the metadata says is evidence all the same: its 成文日期 tells the report
//! year when the report's own 落款 has no date, and its 发布日期 tells
//! whether the report was published in time.

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::grammar::Grammar;
use super::{Block, BlockKind, Span};

/// Whether a trimmed line is web-page residue wherever it stands.
pub fn is_residue(g: &Grammar, line: &str) -> bool {
    g.residue_filter.is_match(&g.residue, line)
}

/// What decides which lines the residue regex (`document.residue.lines`) is
/// run on. It is matched against every line of every report, and its
/// branches that look far into a line (“.{0,200}由会员分享”) would make it
/// read most of each line: a line is read once for the strings each branch
/// needs, and only the branches whose strings it holds are run.
#[derive(Debug, Clone)]
pub struct ResidueFilter(Filter);

#[derive(Debug, Clone)]
enum Filter {
    /// The regex split at its top-level alternation.
    Branches(Branches),
    /// The regex whole, run on the lines that hold one of the strings all
    /// its matches hold (on every line when there are none).
    Whole(Option<AhoCorasick>),
}

/// More candidate branches than this on one line, and the whole regex is
/// run once instead of each branch.
const MAX_BRANCHES_RUN: u32 = 3;

#[derive(Debug, Clone)]
struct Branches {
    branches: Vec<Branch>,
    /// Where the strings of every branch are found.
    literals: Literals,
    /// The branches without strings, which are run on every line.
    always: u64,
}

/// The strings of every branch, and how a line is searched for them.
#[derive(Debug, Clone)]
enum Literals {
    /// Looked up by their first character (see [`FirstChars`]).
    FirstChars(FirstChars),
    /// One automaton; pattern `i` belongs to branch `owner[i]`.
    Automaton {
        automaton: AhoCorasick,
        owner: Vec<usize>,
    },
}

/// The most strings starting with one character that [`FirstChars`] holds:
/// each is compared where the character stands, so a pack with many more
/// (a case-insensitive branch spelt out in every case) is searched with an
/// automaton, whose time does not grow with their number.
const MAX_STRINGS_PER_FIRST_CHAR: usize = 16;

/// The longest string [`FirstChars`] holds: a string is compared byte by
/// byte where its first character stands, so long strings sharing a long
/// start (“aaaa…ab” on a line of “aaaa…”) would cost their length at every
/// character; the automaton's time does not grow with it.
const MAX_STRING_BYTES: usize = 64;

/// The strings of every branch, grouped by their first character. A line
/// is read a character at a time and only where one of those characters
/// stands are its strings compared: Chinese text holds few of them (the
/// colon, 时, 发 …), and one look-up in a bitmap per character costs less
/// than an automaton's step per byte. Every place a string occurs is found,
/// as an overlapping search finds it.
#[derive(Debug, Clone)]
struct FirstChars {
    /// One bit per first character, folded to its low 16 bits (a fixed
    /// size, so that a folded value indexes it without a bounds check).
    bits: Box<[u64; BITMAP_WORDS]>,
    /// For each folded first character, its group in `groups` (0: none).
    group: Vec<u16>,
    /// Each group's range in `strings` (group 0 is empty).
    groups: Vec<(usize, usize)>,
    strings: Vec<BranchString>,
}

/// One string of a branch.
#[derive(Debug, Clone)]
struct BranchString {
    bytes: Box<[u8]>,
    /// The bit of its branch.
    branch: u64,
    /// The branch's [`Branch::within`].
    within: usize,
}

/// Characters are folded to their low 16 bits to index [`FirstChars`].
const FOLD: u32 = 0xFFFF;

/// The words of [`FirstChars::bits`]: one bit per folded character.
const BITMAP_WORDS: usize = (FOLD as usize + 1) / 64;

impl FirstChars {
    /// `strings`: each string with its branch's index and `within`. `None`
    /// when a string is empty or too long, or too many start with one
    /// character.
    fn new(strings: &[(String, usize, usize)]) -> Option<FirstChars> {
        if strings.iter().any(|s| s.0.len() > MAX_STRING_BYTES) {
            return None;
        }
        let mut sorted: Vec<(u32, &(String, usize, usize))> = strings
            .iter()
            .map(|s| s.0.chars().next().map(|c| (c as u32 & FOLD, s)))
            .collect::<Option<_>>()?;
        sorted.sort_by_key(|&(folded, _)| folded);
        let mut set = FirstChars {
            bits: Box::new([0; BITMAP_WORDS]),
            group: vec![0; FOLD as usize + 1],
            groups: vec![(0, 0)],
            strings: Vec::with_capacity(sorted.len()),
        };
        for (folded, (string, branch, within)) in sorted {
            let f = folded as usize;
            if set.group[f] == 0 {
                set.bits[f / 64] |= 1 << (f % 64);
                set.group[f] = u16::try_from(set.groups.len()).ok()?;
                set.groups.push((set.strings.len(), set.strings.len()));
            }
            let range = set.groups.last_mut()?;
            range.1 += 1;
            if range.1 - range.0 > MAX_STRINGS_PER_FIRST_CHAR {
                return None;
            }
            set.strings.push(BranchString {
                bytes: string.as_bytes().into(),
                branch: 1 << branch,
                within: *within,
            });
        }
        Some(set)
    }

    /// The branches one of whose strings `line` holds, ending within the
    /// branch's `within` bytes; reading stops once more than
    /// [`MAX_BRANCHES_RUN`] are found besides `set`'s.
    ///
    /// The line is walked a character at a time by the length its first
    /// byte gives, and each character's folded value is put together from
    /// its bytes (a `str` holds whole characters), without decoding it into
    /// a `char` and its bounds checked once per character; the result is
    /// that of [`FirstChars::branches_by_char`], which decodes.
    fn branches(&self, line: &str, mut set: u64) -> u64 {
        let bytes = line.as_bytes();
        let low = |b: u8| u32::from(b & 0x3F);
        let mut at = 0;
        while let Some(rest) = bytes.get(at..) {
            let (folded, len) = match *rest {
                // Chinese text is mostly characters of three bytes.
                [b0 @ 0xE0..=0xEF, b1, b2, ..] => {
                    (u32::from(b0 & 0x0F) << 12 | low(b1) << 6 | low(b2), 3)
                }
                [b0 @ 0x00..=0x7F, ..] => (u32::from(b0), 1),
                [0xF0..=0xFF, b1, b2, b3, ..] => (low(b1) << 12 | low(b2) << 6 | low(b3), 4),
                [b0, b1, ..] => (u32::from(b0 & 0x1F) << 6 | low(b1), 2),
                _ => break,
            };
            let f = (folded & FOLD) as usize;
            if self.bits[f >> 6] >> (f & 63) & 1 == 1 {
                set = self.strings_at(line, at, f, set);
                if set.count_ones() > MAX_BRANCHES_RUN {
                    break;
                }
            }
            at += len;
        }
        set
    }

    /// `set` with the branches of the strings that start with the character
    /// folded to `f` and stand at byte `at` of `line`.
    fn strings_at(&self, line: &str, at: usize, f: usize, mut set: u64) -> u64 {
        let group = self.group.get(f).copied().unwrap_or(0);
        let (from, to) = self.groups[usize::from(group)];
        let rest = &line.as_bytes()[at..];
        for s in &self.strings[from..to] {
            if at + s.bytes.len() <= s.within && rest.starts_with(&s.bytes) {
                set |= s.branch;
            }
        }
        set
    }

    /// [`FirstChars::branches`] as first written, decoding each character:
    /// the reference the byte walk is tested against.
    #[cfg(test)]
    fn branches_by_char(&self, line: &str, mut set: u64) -> u64 {
        for (at, c) in line.char_indices() {
            let f = (c as u32 & FOLD) as usize;
            if self.bits[f / 64] >> (f % 64) & 1 == 0 {
                continue;
            }
            set = self.strings_at(line, at, f, set);
            if set.count_ones() > MAX_BRANCHES_RUN {
                break;
            }
        }
        set
    }
}

#[derive(Debug, Clone)]
struct Branch {
    /// The branch alone.
    regex: Regex,
    /// A string of the branch counts when it ends within this many bytes
    /// of the start of the line.
    within: usize,
}

/// The branches a line may match.
enum Candidates {
    None,
    /// A set of branch indexes.
    Some(u64),
    /// Too many to run one by one.
    Many,
}

/// One branch of the residue regex's top-level alternation, as the pack's
/// compile step analysed it.
#[derive(Debug, Clone)]
pub struct BranchPlan {
    /// The branch alone.
    pub regex: Regex,
    /// Strings one of which every match of the branch holds; `None` when it
    /// has no such set.
    pub literals: Option<Vec<String>>,
    /// When every match starts at the start of the line and is at most this
    /// many bytes long.
    pub within: Option<usize>,
}

impl ResidueFilter {
    /// The filter for the residue regex: its `branches` when it could be
    /// split, else the whole regex behind `required` (strings one of which
    /// every match holds; `None`: every line).
    pub fn new(branches: Option<Vec<BranchPlan>>, required: Option<AhoCorasick>) -> ResidueFilter {
        match branches.and_then(Branches::new) {
            Some(b) => ResidueFilter(Filter::Branches(b)),
            None => ResidueFilter(Filter::Whole(required)),
        }
    }

    /// Whether `regex` (the one the filter was made for) matches `line`.
    pub fn is_match(&self, regex: &Regex, line: &str) -> bool {
        let b = match &self.0 {
            Filter::Whole(literals) => {
                return literals.as_ref().is_none_or(|l| l.is_match(line)) && regex.is_match(line)
            }
            Filter::Branches(b) => b,
        };
        match b.candidates(line) {
            Candidates::None => false,
            Candidates::Some(mut set) => {
                while set != 0 {
                    let i = set.trailing_zeros() as usize;
                    if b.branches[i].regex.is_match(line) {
                        return true;
                    }
                    set &= set - 1;
                }
                false
            }
            Candidates::Many => regex.is_match(line),
        }
    }
}

impl Branches {
    fn new(split: Vec<BranchPlan>) -> Option<Branches> {
        if split.len() > 64 {
            return None;
        }
        let mut branches = Vec::with_capacity(split.len());
        let mut strings = Vec::new();
        let mut always = 0u64;
        for (i, b) in split.into_iter().enumerate() {
            let within = b.within.unwrap_or(usize::MAX);
            match b.literals {
                Some(literals) => strings.extend(literals.into_iter().map(|s| (s, i, within))),
                None => always |= 1 << i,
            }
            branches.push(Branch {
                regex: b.regex,
                within,
            });
        }
        let literals = match FirstChars::new(&strings) {
            Some(first) => Literals::FirstChars(first),
            None => Literals::Automaton {
                automaton: AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(strings.iter().map(|s| &s.0))
                    .ok()?,
                owner: strings.iter().map(|s| s.1).collect(),
            },
        };
        Some(Branches {
            branches,
            literals,
            always,
        })
    }

    /// The branches whose strings `line` holds where a match could hold
    /// them, and those without strings.
    fn candidates(&self, line: &str) -> Candidates {
        let mut set = self.always;
        match &self.literals {
            Literals::FirstChars(first) => set = first.branches(line, set),
            Literals::Automaton { automaton, owner } => {
                for m in automaton.find_overlapping_iter(line) {
                    let i = owner[m.pattern().as_usize()];
                    if m.end() <= self.branches[i].within {
                        set |= 1 << i;
                        if set.count_ones() > MAX_BRANCHES_RUN {
                            return Candidates::Many;
                        }
                    }
                }
            }
        }
        if set == 0 {
            Candidates::None
        } else if set.count_ones() > MAX_BRANCHES_RUN {
            Candidates::Many
        } else {
            Candidates::Some(set)
        }
    }
}

/// Which of `lines` (trimmed spans into `text`, in order) are residue: the
/// lines [`is_residue`] recognises, and the value standing alone on the line
/// after a metadata label that has none of its own (portals that set each
/// field's value under its label: “发布日期：” then “2024年04月06日 16:34”,
/// “索引号：” then “0001/2024-00012”). Such a value is taken when it is a
/// date under a date label, or holds no Chinese at all: a line with words
/// under a label may be the title, which is never furniture.
pub fn furniture(g: &Grammar, text: &str, lines: &[Span]) -> Vec<bool> {
    let mut out: Vec<bool> = lines
        .iter()
        .map(|s| is_residue(g, &text[s.start..s.end]))
        .collect();
    for i in 1..lines.len() {
        let (prev, line) = (
            &text[lines[i - 1].start..lines[i - 1].end],
            &text[lines[i].start..lines[i].end],
        );
        if !out[i - 1] || out[i] {
            continue;
        }
        let value = (date_label_ends(g, prev) && bare_date(g, line).is_some())
            || (prev.ends_with([':', '：', ']', '】', '］'])
                && line.chars().count() <= MAX_CODE_CHARS
                && !line.chars().any(is_han));
        out[i] = value;
    }
    out
}

/// Whether `c` is a Chinese character (CJK ideographs and their extensions).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// The longest value without Chinese (an index number, a code) taken as a
/// metadata field's value on the line under its label.
const MAX_CODE_CHARS: usize = 40;

/// A date the portal's metadata states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalDate {
    /// The date as written (“2021-07-23”, “2022年02月28日”).
    pub span: Span,
    /// Year, month and day, read with the pack's `document.date_parts`.
    pub value: (i32, u32, u32),
}

/// The dates a portal's metadata states about the page it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PortalDates {
    /// The 成文日期 (or 发文日期) of the document.
    pub written: Option<PortalDate>,
    /// The 发布日期 of the page.
    pub published: Option<PortalDate>,
}

/// The first 成文日期 and the first 发布日期 in the residue lines, each
/// labelled as the pack's `document.residue.written` / `published` say. A
/// date with no such label (“今天是……”, “更新时间”) is the page's own and
/// is never read.
pub fn portal_dates(g: &Grammar, text: &str, blocks: &[Block]) -> PortalDates {
    let mut dates = PortalDates::default();
    let residue: Vec<Span> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Residue)
        .map(|b| b.span)
        .collect();
    for (i, &span) in residue.iter().enumerate() {
        let line = &text[span.start..span.end];
        let written: Vec<(usize, usize)> = g
            .portal_written
            .find_iter(line)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .collect();
        // A published label inside a written one (“成 文 时 间”) is not one.
        let published = g
            .portal_published
            .find_iter(line)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| !written.iter().any(|&(ws, we)| s < we && ws < e));
        let next = residue.get(i + 1).copied();
        for &(_, end) in &written {
            if dates.written.is_none() {
                dates.written = date_after(g, text, span, end, next);
            }
        }
        for (_, end) in published {
            if dates.published.is_none() {
                dates.published = date_after(g, text, span, end, next);
            }
        }
    }
    dates
}

/// The date right after a label that ends at `end` (a byte offset into
/// `line`), or, when nothing follows the label on its line, the date that
/// stands alone on the next residue line.
fn date_after(
    g: &Grammar,
    text: &str,
    line: Span,
    end: usize,
    next: Option<Span>,
) -> Option<PortalDate> {
    let rest = &text[line.start + end..line.end];
    let skipped = rest.len() - rest.trim_start().len();
    let at = line.start + end + skipped;
    if at < line.end {
        return date_at(g, text, at, line.end);
    }
    let next = next?;
    bare_date(g, &text[next.start..next.end])?;
    date_at(g, text, next.start, next.end)
}

/// The most characters a date with its time of day takes (“2024年04月06日
/// 16:34:05”, “二〇二四年十二月三十一日”): the date after a label is looked
/// for this far only, so a line of ten thousand labels is read in one pass.
const MAX_DATE_CHARS: usize = 32;

/// The date starting at `at` (and ending before `end`).
fn date_at(g: &Grammar, text: &str, at: usize, end: usize) -> Option<PortalDate> {
    let rest = &text[at..end];
    let rest = rest
        .char_indices()
        .nth(MAX_DATE_CHARS)
        .map_or(rest, |(i, _)| &rest[..i]);
    let m = g.date_parts.find(rest).filter(|m| m.start() == 0)?;
    let value = g.date_value(m.as_str())?;
    // “2022年02月28日”: the 日 belongs to the date.
    let len = m.end()
        + if rest[m.end()..].starts_with('日') {
            '日'.len_utf8()
        } else {
            0
        };
    Some(PortalDate {
        span: Span::new(at, at + len),
        value,
    })
}

/// Whether a line ends with a date label (and its colon) with no value.
fn date_label_ends(g: &Grammar, line: &str) -> bool {
    [&g.portal_written, &g.portal_published].iter().any(|re| {
        re.find_iter(line)
            .last()
            .is_some_and(|m| !m.is_empty() && line[m.end()..].trim().is_empty())
    })
}

/// A line holding a date and nothing else but a time of day
/// (“2024年04月06日 16:34”). Returns the date's value.
fn bare_date(g: &Grammar, line: &str) -> Option<(i32, u32, u32)> {
    if line.chars().nth(MAX_DATE_CHARS).is_some() {
        return None;
    }
    let m = g.date_parts.find(line).filter(|m| m.start() == 0)?;
    let rest = line[m.end()..].trim_start_matches('日').trim();
    let time = rest.is_empty()
        || rest
            .split(':')
            .all(|part| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()));
    if time {
        g.date_value(m.as_str())
    } else {
        None
    }
}

/// Whether a trimmed line before the title is a breadcrumb trail: short, no
/// sentence punctuation, and starting with a separator, holding two, or
/// holding one and the word for the home page.
pub fn is_breadcrumb(g: &Grammar, line: &str) -> bool {
    let separators = line.matches(g.breadcrumb_separators.as_slice()).count();
    separators > 0
        && line.chars().count() <= 100
        && !line.contains(['。', '，', '；'])
        && (line.starts_with(g.breadcrumb_separators.as_slice())
            || separators >= 2
            || (!g.breadcrumb_home.is_empty() && line.contains(g.breadcrumb_home.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_grammar as g;

    #[test]
    fn recognises_portal_furniture() {
        for line in [
            "首页",
            "发布日期:2023-01-30 15:50:19浏览次数:字体:[ ]",
            "来源：某区司法局  发布时间：2024-02-20 09:30  【字体：大 中 小】",
            "【打印本页】【关闭窗口】",
            "Produced By 大汉网络 大汉版通发布系统",
            "版权所有：某区人民政府  网站标识码：1234567890",
            "当前位置：首页 > 政务公开",
            // The page header's date of the day, with its weekday.
            "天津市某区人民政府 2019年12月3日星期二",
            "2021年3月5日 星期五 农历正月廿二",
        ] {
            assert!(is_residue(g(), line), "{line}");
        }
        assert!(is_breadcrumb(
            g(),
            ">专题专栏>法治政府示范创建>法治政府建设工作报告"
        ));
        assert!(is_breadcrumb(g(), "首页 > 政务公开 > 法治政府建设"));
    }

    type Date = Option<(i32, u32, u32)>;

    /// The portal dates of a text, as `(成文日期, 发布日期)`.
    fn dates(text: &str) -> (Date, Date) {
        let doc = crate::document::Document::parse("t", text, g());
        (
            doc.portal.written.map(|d| d.value),
            doc.portal.published.map(|d| d.value),
        )
    }

    #[test]
    fn portal_dates_in_every_layout() {
        let body = "\n某县2022年度法治政府建设情况报告\n2022年，我县坚持依法行政。\n";
        // The bracketed table on one line.
        assert_eq!(
            dates(&format!("[ 索引号 ]001/2023-01 [ 成文日期 ]2023-02-20 [ 发布日期 ]2023-02-21 [ 体裁分类 ]报告{body}")),
            (Some((2023, 2, 20)), Some((2023, 2, 21)))
        );
        // One field a line, spaced labels, Chinese dates.
        assert_eq!(
            dates(&format!(
                "- 成 文 时 间:2023年02月20日\n- 发布日期:2023年3月1日{body}"
            )),
            (Some((2023, 2, 20)), Some((2023, 3, 1)))
        );
        // The value under its label.
        assert_eq!(
            dates(&format!(
                "• 发文日期:\n\n  2023年02月20日 16:40\n• 发布日期:\n  2023-02-21{body}"
            )),
            (Some((2023, 2, 20)), Some((2023, 2, 21)))
        );
        // 来源…时间…, and a time after the date.
        assert_eq!(
            dates(&format!(
                "来源：某街道 时间：2023-02-27 09:12 浏览量：3{body}"
            )),
            (None, Some((2023, 2, 27)))
        );
        assert_eq!(
            dates(&format!("发布时间：2023-03-30 10:21{body}")),
            (None, Some((2023, 3, 30)))
        );
        assert_eq!(
            dates(&format!("發布時間:2023-04-11 16:33 信息來源:某鄉{body}")),
            (None, Some((2023, 4, 11)))
        );
    }

    #[test]
    fn the_page_own_dates_are_not_read() {
        let body = "\n某县2022年度法治政府建设情况报告\n2022年，我县坚持依法行政。\n";
        assert_eq!(
            dates(&format!("今天是：2023年10月31日 星期二\n文章来源：司法局 更新时间：2023/03/29 11:30:01{body}")),
            (None, None)
        );
        // A date in the report's own text is never the portal's.
        assert_eq!(
            dates("某县2022年度法治政府建设情况报告\n发布日期为2023年1月5日的通知已落实。\n"),
            (None, None)
        );
    }

    #[test]
    fn a_value_under_a_label_is_residue_only_without_words() {
        let lines = |text: &str| {
            let spans: Vec<Span> = text
                .split('\n')
                .scan(0, |at, line| {
                    let span = Span::new(*at, *at + line.len());
                    *at += line.len() + 1;
                    Some(span)
                })
                .collect();
            furniture(g(), text, &spans)
        };
        assert_eq!(
            lines("索引号：\n0001/2024-00012\n发布日期：\n2024年04月06日 16:34"),
            [true, true, true, true]
        );
        // Under an empty label, a line with words may be the title.
        assert_eq!(
            lines("内容概述：\n某县2023年度法治政府建设情况报告"),
            [true, false]
        );
    }

    #[test]
    fn a_line_of_labels_without_dates_is_read_in_one_pass() {
        let line = "成文日期：".repeat(50_000);
        let text =
            format!("{line}\n某县2022年度法治政府建设情况报告\n2022年，我县坚持依法行政。\n");
        assert_eq!(dates(&text), (None, None));
    }

    /// Lines the filter must judge as the regex alone does.
    const LINES: &[&str] = &[
        "首页",
        "首页 > 政务公开",
        "当前位置：首页",
        "今天是：2023年10月31日 星期二",
        "天津市某区人民政府 2019年12月3日星期二",
        "2021年3月5日 星期五 农历正月廿二",
        "【索 引 号】001/2023-01",
        "[ 成文日期 ]2023-02-20 [ 发布日期 ]2023-02-21",
        "发布日期:2023-01-30 15:50:19浏览次数:字体:[ ]",
        "来源：某区司法局  发布时间：2024-02-20 09:30  【字体：大 中 小】",
        "时间：2023-02-27 09:12 浏览量：3",
        "2023-02-27 09:12",
        "• 2023年02月20日 16时40分",
        "【打印本页】【关闭窗口】",
        "www.example.gov.cn",
        "以下是小编整理的报告，供大家参考。",
        "本文由会员分享，可在线阅读，更多相关文档请下载。",
        "京ICP备12345678号",
        "Produced By 大汉网络",
        "版权所有：某区人民政府",
        "一、推进法治政府建设的主要举措和成效",
        "2022年以来,博山区高度重视法治建设工作，及时落实：各项任务。",
        "2023年3月15日（星期三），县政府召开常务会议专题学法。",
        "【典型案例】某镇通过调解化解纠纷，群众满意度明显提升。",
        "2024年2月10日",
        "",
        "：",
        "时",
    ];

    #[test]
    fn the_filter_agrees_with_the_regex() {
        let g = g();
        assert!(matches!(
            &g.residue_filter.0,
            Filter::Branches(Branches {
                literals: Literals::FirstChars(_),
                ..
            })
        ));
        let patterns = [
            g.residue.as_str(),
            r"^(?:首页|.{0,10}字体|[0-9]{4}年)",
            r"(?:ab|cd)+|x.{0,3}y",
            r"^(?:首页)(?:$|：)|今天是",
            r"首页|.",
            r"(?i)^(?:produced\s+by|www\.)",
            r"^(?:\s*(?:索引号|时)[:：]|.{0,5}ICP备|【[^】]{1,6}】$)",
            // More strings with one first character than are compared one
            // by one: searched with an automaton.
            r"(?i)^(?:.{0,3}abcdefgh|x)",
            // A string longer than is compared byte by byte.
            r"^(?:首页|.{0,9}填填填填填填填填填填填填填填填填填填填填填填填)",
        ];
        for pattern in patterns {
            let regex = Regex::new(pattern).unwrap();
            let filter = crate::rules::grammar::residue_filter(&regex);
            for line in LINES {
                let long = format!("{}{line}", "填".repeat(300));
                for line in [*line, long.as_str()] {
                    assert_eq!(
                        filter.is_match(&regex, line),
                        regex.is_match(line),
                        "{pattern} on {line}"
                    );
                }
            }
        }
    }

    /// A xorshift generator, for randomized tests without a crate.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn the_byte_walk_finds_the_branches_the_char_walk_finds() {
        let Filter::Branches(Branches {
            literals: Literals::FirstChars(first),
            always,
            ..
        }) = &g().residue_filter.0
        else {
            panic!("the built-in residue regex is searched by first characters");
        };
        // One piece in eight is a whole string, so that most lines hold
        // few branches' strings; the others are characters of every UTF-8
        // length, first characters, and four-byte characters whose low 16
        // bits are those of a first character (U+1FF1A and ：).
        let strings: Vec<String> = first
            .strings
            .iter()
            .map(|s| String::from_utf8_lossy(&s.bytes).into_owned())
            .collect();
        let others = [
            "：",
            "时",
            "发",
            "a",
            "1",
            " ",
            "é",
            "·",
            "\u{1FF1A}",
            "\u{165F6}",
            "😀",
            "\u{10000}",
            "法",
            "。",
            "2023年",
            "星",
            "期",
            "w",
            "I",
            "P",
            ":",
            "]",
            "【",
            "】",
            "作",
            "中",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..next(&mut seed) % 60 {
                let pick = next(&mut seed) as usize;
                if pick.is_multiple_of(8) {
                    line.push_str(&strings[pick / 8 % strings.len()]);
                } else {
                    line.push_str(others[pick / 8 % others.len()]);
                }
            }
            for set in [0, *always] {
                assert_eq!(
                    first.branches(&line, set),
                    first.branches_by_char(&line, set),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn report_text_is_not_residue() {
        for line in [
            "一、推进法治政府建设的主要举措和成效",
            "2022年以来,博山区高度重视法治建设工作",
            "来源广泛的意见建议已全部办结。",
            "中共博山区委    博山区人民政府",
            "【典型案例】某镇通过调解化解纠纷，群众满意度明显提升。",
            "2023年3月15日（星期三），县政府召开常务会议专题学法。",
            "2024年2月10日",
        ] {
            assert!(!is_residue(g(), line), "{line}");
        }
        assert!(!is_breadcrumb(g(), "执法效率提高，投诉下降>30%"));
    }
}
