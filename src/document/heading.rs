//! Recognises the numbered headings of a body at the start of a line, by the
//! levels of the pack's [`Grammar`] (for a 公文, GB/T 9704 7.3.3:
//! 一、 →（一）→ 1. →（1））, and splits a run-in heading
//! (“（一）加强组织领导。一是……”) into the heading and the text that follows it.
//! In text that lost its line breaks, [`inline_headings`] finds the headings
//! that stand inside a line.

use super::chars::{chinese_number, is_space};
use super::grammar::{Grammar, Numerals};
use super::span::Span;

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMatch {
    /// 1-based, in the order of the grammar's levels (一、 is 1 in a 公文).
    pub level: u8,
    /// The value of the number in the marker (一 = 1).
    pub number: u32,
    /// The marker with its punctuation, e.g. “（二）”.
    pub marker: Span,
    /// The heading: marker and title, up to and including the first 。 when the
    /// line goes on after it.
    pub heading: Span,
    /// The heading's title without the marker.
    pub title: Span,
    /// Text after a run-in heading on the same line.
    pub run_in: Option<Span>,
}

/// Recognises a heading at the start of `text[line]`, where `line` is a line
/// already trimmed of white space, by the markers of the grammar's levels
/// (the first level whose marker matches wins).
pub fn match_heading(g: &Grammar, text: &str, line: Span) -> Option<HeadingMatch> {
    let slice = &text[line.start..line.end];
    for (index, level) in g.headings.iter().enumerate() {
        // Most lines open no heading: told without allocating the groups.
        if !level.marker.is_match(slice) {
            continue;
        }
        let Some(caps) = level.marker.captures(slice) else {
            continue;
        };
        // The markers are anchored at the start of the line.
        let whole = caps.get(0)?;
        let digits = caps.get(1)?.as_str();
        let number = match level.numerals {
            Numerals::Chinese => chinese_number(digits)?,
            Numerals::Arabic => digits.parse().ok()?,
        };
        if level
            .not_followed_by
            .as_ref()
            .is_some_and(|n| n.is_match(&slice[whole.end()..]))
        {
            return None;
        }
        let marker_end = whole.end();
        let marker = Span::new(line.start, line.start + marker_end);
        let rest = &slice[marker_end..];
        if rest.trim().is_empty() {
            return None;
        }
        // A row of a table pasted as text (“一、本年新收政府信息公开申请数量 | 3 |”,
        // cells separated by | or tabs) is not a heading, though its first cell
        // is numbered.
        if memchr::memchr2(b'|', b'\t', rest.trim().as_bytes()).is_some() {
            return None;
        }
        let (heading_end, run_in) = match memchr::memmem::find(rest.as_bytes(), "。".as_bytes()) {
            Some(i) => {
                let end = marker.end + i + '。'.len_utf8();
                if end < line.end {
                    (end, Some(Span::new(end, line.end)))
                } else {
                    (line.end, None)
                }
            }
            None => (line.end, None),
        };
        return Some(HeadingMatch {
            // At most nine levels (checked when the pack is compiled).
            level: (index + 1) as u8,
            number,
            marker,
            heading: Span::new(line.start, heading_end),
            title: Span::new(marker.end, heading_end),
            run_in,
        });
    }
    None
}

/// Where headings start inside `text[line]`, a line of text that lost its
/// line breaks (a whole report on one line): byte offsets into `text`, in
/// order. A heading is found right after a sentence end, as the levels that
/// have an `inline_after` pattern say, and only where a reader would see
/// one: its number continues the numbering of its level (greater than the
/// last heading of that level; a sub-level starts again at 1 under each new
/// heading above it, a 1 that is run on to that heading included), and the
/// text after the marker does not begin with another numeral (“。一、二季度……”
/// is an enumeration).
pub fn inline_headings(g: &Grammar, text: &str, line: Span) -> Vec<usize> {
    let slice = &text[line.start..line.end];
    let mut starts: Vec<usize> = g
        .headings
        .iter()
        .filter_map(|level| level.inline_after.as_ref())
        .flat_map(|after| after.find_iter(slice).map(|m| m.end()))
        .filter(|&end| end < slice.len())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut last: Vec<Option<u32>> = vec![None; g.headings.len()];
    if let Some(m) = match_heading(g, text, line) {
        last[usize::from(m.level) - 1] = Some(m.number);
    }
    let mut cuts = Vec::new();
    // Where the text under the last heading found starts, and the markers
    // run on near that start (computed once per section and level).
    let mut section_start = line.start;
    let mut run_on: Option<RunOn> = None;
    for (i, &start) in starts.iter().enumerate() {
        // The heading and its first sentence, up to the next sentence end.
        let end = starts
            .get(i + 1)
            .map_or(line.end, |&next| line.start + next);
        let at = Span::new(line.start + start, end);
        let Some(m) = match_heading(g, text, at) else {
            continue;
        };
        let index = usize::from(m.level) - 1;
        let level = &g.headings[index];
        if level.inline_after.is_none() {
            continue;
        }
        let begins_with_numeral = text[m.marker.end..end]
            .trim_start_matches(is_space)
            .chars()
            .next()
            .is_some_and(|c| match level.numerals {
                Numerals::Chinese => chinese_number(c.encode_utf8(&mut [0; 4])).is_some(),
                Numerals::Arabic => c.is_ascii_digit(),
            });
        // A sub-level starts at 1 under the heading above it. That 1 may be
        // run on to the heading above, with no sentence end before it
        // (“一、主要举措和成效（一）加强领导。……。（二）”): its marker then
        // stands near the start of the section, and is a heading too
        // (`run_on_at`). The first heading of the top level may have any
        // number (an opening cut short, or a text that starts in the middle).
        let mut run_on_at = None;
        let continues = match last[index] {
            Some(previous) => m.number > previous,
            None if index == 0 || last[..index].iter().all(Option::is_none) || m.number == 1 => {
                true
            }
            None => {
                let stale = run_on
                    .as_ref()
                    .is_none_or(|(from, of, _)| (*from, *of) != (section_start, index));
                if stale {
                    let window = head(&text[section_start..line.end], RUN_ON_WINDOW);
                    run_on = Some((section_start, index, markers(level, window, section_start)));
                }
                run_on_at = run_on.as_ref().and_then(|(_, _, found)| {
                    found
                        .iter()
                        .find(|&&(offset, n)| {
                            offset > section_start && offset < at.start && n + 1 == m.number
                        })
                        .map(|&(offset, _)| offset)
                });
                run_on_at.is_some()
            }
        };
        if begins_with_numeral || !continues {
            continue;
        }
        last[index] = Some(m.number);
        for deeper in &mut last[index + 1..] {
            *deeper = None;
        }
        cuts.extend(run_on_at);
        cuts.push(at.start);
        section_start = at.start;
    }
    cuts
}

/// How far into the text under a heading a first sub-heading run on to it
/// is looked for, in bytes (a heading's title is short), so that the search
/// stays linear in the length of the line.
const RUN_ON_WINDOW: usize = 300;

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The markers of one level near the start of a section: the section's
/// start, the level's index, and each marker's offset and number.
type RunOn = (usize, usize, Vec<(usize, u32)>);

/// The markers of `level` anywhere in `text` (which starts at byte `base`):
/// their offsets and numbers.
fn markers(level: &super::grammar::HeadingLevel, text: &str, base: usize) -> Vec<(usize, u32)> {
    text.char_indices()
        .filter(|&(_, c)| !is_space(c))
        .filter_map(|(i, _)| {
            let digits = level.marker.captures(&text[i..])?.get(1)?;
            let number = match level.numerals {
                Numerals::Chinese => chinese_number(digits.as_str()),
                Numerals::Arabic => digits.as_str().parse().ok(),
            }?;
            Some((base + i, number))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_grammar as g;

    fn heading(s: &str) -> Option<(u8, u32, String, String, Option<String>)> {
        let m = match_heading(g(), s, Span::new(0, s.len()))?;
        Some((
            m.level,
            m.number,
            s[m.marker.start..m.marker.end].to_string(),
            s[m.title.start..m.title.end].to_string(),
            m.run_in.map(|r| s[r.start..r.end].to_string()),
        ))
    }

    #[test]
    fn recognises_the_four_levels() {
        assert_eq!(heading("三、存在的不足和原因").unwrap().0, 1);
        assert_eq!(heading("（十二）强化监督").unwrap().1, 12);
        assert_eq!(heading("(一)着力提高政治站位").unwrap().0, 2);
        assert_eq!(heading("2.规范执法").unwrap().0, 3);
        assert_eq!(heading("3、规范执法").unwrap().0, 3);
        assert_eq!(heading("（1）落实制度").unwrap().0, 4);
    }

    #[test]
    fn splits_run_in_headings_at_the_first_full_stop() {
        let (_, _, marker, title, run_in) =
            heading("（一）坚持高标站位，加强组织领导。一是明确工作责任。").unwrap();
        assert_eq!(marker, "（一）");
        assert_eq!(title, "坚持高标站位，加强组织领导。");
        assert_eq!(run_in.as_deref(), Some("一是明确工作责任。"));
    }

    #[test]
    fn numbered_table_rows_are_not_headings() {
        assert_eq!(heading("一、本年新收政府信息公开申请数量 | 3 | 0 |"), None);
        assert_eq!(heading("(七)总计\t3\t0"), None);
        assert!(heading("四、政府信息公开行政复议、行政诉讼情况").is_some());
    }

    #[test]
    fn numbers_in_prose_are_not_headings() {
        assert!(heading("2021年，区政府办公室紧紧围绕").is_none());
        assert!(heading("1.5万元用于普法").is_none());
        assert!(heading("一是明确工作责任").is_none());
        assert!(heading("一、").is_none());
        assert_eq!(heading("一、2021年工作情况").unwrap().0, 1);
    }
}

#[cfg(test)]
mod inline_tests {
    use super::*;
    use crate::document::test_grammar as g;

    fn pieces(s: &str) -> Vec<&str> {
        inline_headings(g(), s, Span::new(0, s.len()))
            .into_iter()
            .map(|at| &s[at..])
            .map(|rest| rest.split('。').next().unwrap())
            .collect()
    }

    #[test]
    fn headings_after_a_sentence_end_inside_a_line() {
        let s = "现将有关情况报告如下。一、主要举措和成效（一）加强领导。县政府研究4次。（二）规范执法。全年评查案卷60卷；二、存在的不足和原因”三、安排";
        assert_eq!(
            pieces(s),
            [
                "一、主要举措和成效（一）加强领导",
                "（一）加强领导",
                "（二）规范执法",
                "二、存在的不足和原因”三、安排"
            ]
        );
    }

    #[test]
    fn enumerations_and_broken_numbering_are_prose() {
        // “一、二季度” is an enumeration; “（一）” does not start a sub-level
        // at 2; a number that goes back is not the next heading.
        let s = "一、主要举措。全年办结。一、二季度办结率低。（二）类问题限期整改。二、存在的不足。一、原因是培训少。";
        assert_eq!(pieces(s), ["二、存在的不足"]);
    }
}
