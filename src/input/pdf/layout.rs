//! From characters on pages to the paragraphs of a report, one paragraph a
//! line. A PDF (or OFD) page only says where each character is drawn; the
//! lines are rebuilt from the positions, the running headers, footers and
//! page numbers are left out, and the lines are joined into paragraphs the
//! way a reader sees them: a paragraph ends where its line stops short of
//! the right margin, where the next line is indented or set apart, or where
//! the type size changes.

use std::collections::HashMap;

use crate::document::PageMap;

/// A character drawn on a page. Coordinates grow to the right and upwards;
/// `size` is the height of the type.
#[derive(Debug, Clone)]
pub struct Char {
    /// Index of the page, from 0.
    pub page: usize,
    pub x: f32,
    pub y: f32,
    /// Where the next character would start.
    pub end: f32,
    pub size: f32,
    pub text: String,
}

/// One page: what was drawn on it.
pub struct Page {
    pub chars: Vec<Char>,
}

/// A line of text as drawn.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    text: String,
    /// Start of its first and end of its last visible character.
    left: f32,
    right: f32,
    y: f32,
    size: f32,
    /// A space drawn before the first or after the last visible character:
    /// where a line breaks at a space, the space still separates the words
    /// when the lines are joined.
    space_before: bool,
    space_after: bool,
    /// Width of the line's first unbreakable piece: what the line before
    /// must have had no room for if the line break is a wrap.
    lead: f32,
}

/// The text of the pages, one paragraph a line, each line ending in `\n`,
/// and where in it each page's text starts.
pub fn paragraphs(pages: Vec<Page>) -> (String, PageMap) {
    let page_count = pages.len();
    let mut all: Vec<Vec<Line>> = pages.into_iter().map(page_lines).collect();
    remove_running_lines(&mut all, page_count);
    let lines: Vec<Line> = all.into_iter().flatten().collect();
    join(&lines)
}

/// Groups a page's characters into lines, top to bottom, each left to
/// right. Characters whose baselines lie within a third of the type size
/// are on one line (superscripts and raised punctuation included).
fn page_lines(page: Page) -> Vec<Line> {
    let mut chars = page.chars;
    chars.retain(|c| c.size > 0.0);
    chars.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Char>> = Vec::new();
    for c in chars {
        match groups.last_mut() {
            Some(g) if (g[0].y - c.y).abs() <= g[0].size.max(c.size) * 0.35 => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    groups.into_iter().filter_map(line_of).collect()
}

fn line_of(mut chars: Vec<Char>) -> Option<Line> {
    chars.sort_by(|a, b| a.x.total_cmp(&b.x));
    // The same character drawn twice at one place (fake bold, shadows).
    chars.dedup_by(|b, a| a.text == b.text && (a.x - b.x).abs() < a.size * 0.1);
    let visible: Vec<&Char> = chars.iter().filter(|c| !c.text.trim().is_empty()).collect();
    let first = visible.first()?;
    let last = visible.last()?;
    let size = median(visible.iter().map(|c| c.size));
    let mut text = String::new();
    let mut prev: Option<&Char> = None;
    for c in &visible {
        if let Some(p) = prev {
            let gap = c.x - p.end;
            let between_words = !ends_cjk(&p.text) && !starts_cjk(&c.text);
            let threshold = if between_words { 0.2 } else { 0.3 };
            // Between Chinese characters a drawn space counts only when it
            // also leaves room (a browser sets a space in a CJK font a
            // fifth of an em wide), not when it is drawn over nothing.
            let both_cjk = ends_cjk(&p.text) && starts_cjk(&c.text);
            let spaced = had_space(&chars, p, c) && (!both_cjk || gap > size * 0.15);
            if gap > size * threshold || spaced {
                text.push(' ');
            }
        }
        text.push_str(&c.text);
        prev = Some(c);
    }
    let blank = |c: &Char| !c.text.is_empty() && c.text.trim().is_empty();
    Some(Line {
        page: first.page,
        text,
        left: first.x,
        right: last.end.max(last.x),
        y: first.y,
        size,
        space_before: chars.first().is_some_and(|c| blank(c) && c.x < first.x),
        space_after: chars.last().is_some_and(|c| blank(c) && c.x > last.x),
        lead: lead(&visible),
    })
}

/// The width of a line's first piece that a line break cannot split: a
/// word or number, or one Chinese character (with the one after an opening
/// bracket or quote), together with the punctuation after it that may not
/// begin a line (，。、）》” and the like).
fn lead(visible: &[&Char]) -> f32 {
    let Some(first) = visible.first() else {
        return 0.0;
    };
    let is = |c: &Char, f: fn(char) -> bool| c.text.chars().next().is_some_and(f);
    let word = |c: char| c.is_ascii_alphanumeric() || ".,%-/".contains(c);
    let opening = |c: char| "（《“‘【〔「『(<[".contains(c);
    let no_start = |c: char| "，。、；：？！）》”’】〕」』…·%,.;:?!)]>-—".contains(c);
    let mut n = 1;
    if is(first, |c| c.is_ascii_alphanumeric()) {
        while n < visible.len()
            && is(visible[n], word)
            && visible[n].x - visible[n - 1].end < first.size * 0.2
        {
            n += 1;
        }
    } else if is(first, opening) && visible.len() > 1 {
        n = 2;
    }
    while n < visible.len() && is(visible[n], no_start) {
        n += 1;
    }
    let last = visible[n - 1];
    last.end.max(last.x) - first.x
}

/// Whether a line ends a sentence (。！？, a closing quote or bracket after
/// one included).
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['”', '’', '）', ')']);
    t.ends_with(['。', '！', '？'])
}

/// Whether a line begins with a heading number: 一、, （一）, 1. or 1、
/// (the full-width forms included).
fn starts_numbered(text: &str) -> bool {
    let t = text.trim_start();
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let count = |s: &str, f: &dyn Fn(char) -> bool| s.chars().take_while(|&c| f(c)).count();
    let n = count(t, &cn);
    if (1..=3).contains(&n) {
        return t.chars().nth(n) == Some('、');
    }
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n = count(rest, &cn);
        return (1..=3).contains(&n) && rest.chars().nth(n).is_some_and(|c| c == '）' || c == ')');
    }
    let n = count(t, &|c: char| c.is_ascii_digit());
    (1..=2).contains(&n)
        && t.chars().nth(n).is_some_and(|c| "．.、".contains(c))
        && t.chars().nth(n + 1).is_some_and(|c| !c.is_ascii_digit())
}

/// A space character drawn between two visible ones.
fn had_space(chars: &[Char], a: &Char, b: &Char) -> bool {
    chars
        .iter()
        .any(|c| c.text.trim().is_empty() && c.x >= a.x && c.x < b.x && !c.text.is_empty())
}

fn ends_cjk(s: &str) -> bool {
    s.chars().last().is_some_and(wide)
}

fn starts_cjk(s: &str) -> bool {
    s.chars().next().is_some_and(wide)
}

/// Chinese characters and full-width punctuation, between which no space
/// is written.
fn wide(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// Whether a line is a page number: “3”, “- 3 -”, “— 3 —”, “第3页”,
/// “第 3 页 共 12 页”, “3 / 12”, “Page 3”.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c: char| "-－—–‒─·•_".contains(c));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some(rest) = core.strip_prefix('第') {
        let (n, rest) = rest.split_once('页').unwrap_or((rest, "?"));
        if digits(n) {
            let rest = rest.trim_start_matches([',', '，', '/']);
            return rest.is_empty()
                || rest
                    .strip_prefix('共')
                    .and_then(|r| r.strip_suffix('页'))
                    .is_some_and(digits);
        }
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    core.to_ascii_lowercase()
        .strip_prefix("page")
        .is_some_and(digits)
}

/// Leaves out the lines at the top and bottom edge of a page that are page
/// numbers, or that repeat on many pages (running headers and footers,
/// page numbers included, compared with digits blanked out).
fn remove_running_lines(pages: &mut [Vec<Line>], page_count: usize) {
    // The edge lines: at most two at the top and two at the bottom.
    let edges = |lines: &Vec<Line>| -> Vec<usize> {
        let n = lines.len();
        let mut e: Vec<usize> = (0..n.min(2)).collect();
        e.extend(n.saturating_sub(2).max(n.min(2))..n);
        e
    };
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in pages.iter() {
        let mut keys: Vec<String> = edges(lines).iter().map(|&i| key(&lines[i].text)).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let repeated =
        |k: &str| page_count >= 2 && seen.get(k).is_some_and(|&n| n >= 2 && n * 2 >= page_count);
    // A title set in the running header's words is larger than the body
    // type; running lines are not.
    let body = median(pages.iter().flatten().map(|l| l.size));
    let running =
        |l: &Line| is_page_number(&l.text) || (l.size <= body * 1.05 && repeated(&key(&l.text)));
    for lines in pages.iter_mut() {
        // From the edge inwards: a line is a running line only if the
        // ones outside it are too.
        let n = lines.len();
        let mut top = 0;
        while top < n.min(2) && running(&lines[top]) {
            top += 1;
        }
        let mut bottom = n;
        while bottom > top && n - bottom < 2 && running(&lines[bottom - 1]) {
            bottom -= 1;
        }
        lines.truncate(bottom);
        lines.drain(..top);
    }
}

/// Joins lines into paragraphs.
fn join(lines: &[Line]) -> (String, PageMap) {
    let mut text = String::new();
    // (offset, page from 1) where each page's text starts.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    if lines.is_empty() {
        return (text, PageMap::default());
    }
    let left = mode(lines.iter().map(|l| l.left));
    let right = upper(lines.iter().map(|l| l.right));
    let spacing = mode(
        lines
            .windows(2)
            .filter(|w| w[0].page == w[1].page)
            .map(|w| w[0].y - w[1].y)
            .filter(|d| *d > 0.0),
    );
    for (i, line) in lines.iter().enumerate() {
        let continues = i > 0 && {
            let prev = &lines[i - 1];
            let size = prev.size.max(line.size);
            // A line that ends short of the margin is the last of its
            // paragraph when the next line's first piece would have fitted
            // after it; within a few characters of the margin it is full
            // otherwise (a line breaks before a number or a character that
            // may not begin a line). A break at a space is left to that
            // rule alone: the space may be drawn at the line's end, or not.
            let at_space = prev.space_after || line.space_before;
            let room = !at_space && prev.right + line.lead <= right + size * 0.05;
            // A numbered heading after a finished sentence starts a
            // paragraph, as a reader sees it, even where the sentence
            // happens to end at the margin.
            let heading = ends_sentence(&prev.text) && starts_numbered(&line.text);
            let full = prev.right >= right - size * 3.2 && !room && !heading;
            let indented = line.left > left + size * 0.6;
            let same_size = (prev.size - line.size).abs() <= size * 0.12;
            let close = prev.page != line.page
                || spacing <= 0.0
                || (prev.y - line.y) <= spacing * 1.35 + 0.5;
            full && !indented && same_size && close
        };
        let mut page_starts = |text: &String| {
            if starts.last().is_none_or(|&(_, p)| p != line.page + 1) {
                starts.push((text.len(), line.page + 1));
            }
        };
        if continues {
            if lines[i - 1].space_after || line.space_before {
                text.push(' ');
                page_starts(&text);
                text.push_str(&line.text);
                continue;
            }
            let prev_ascii = text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let next_ascii = line
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if prev_ascii && next_ascii {
                text.push(' ');
            }
        } else if i > 0 {
            text.push('\n');
        }
        page_starts(&text);
        text.push_str(&line.text);
    }
    text.push('\n');
    (text, PageMap::new(starts))
}

/// The most common value, to the nearest point.
fn mode(values: impl Iterator<Item = f32>) -> f32 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in values {
        if v.is_finite() {
            *counts.entry(v.round() as i64).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, -v))
        .map_or(0.0, |(v, _)| v as f32)
}

/// The right margin: where most full lines end, i.e. the value that the
/// longest tenth of lines reach.
fn upper(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: usize, y: f32, x: f32, text: &str) -> Vec<Char> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Char {
                page,
                x: x + i as f32 * 10.0,
                y,
                end: x + (i + 1) as f32 * 10.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "— 3 —",
            "－3－",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2023年", "一、", "第三章", "共3页"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    /// A paragraph whose last line stops short of the margin by room for
    /// the next line's first character, or ends a sentence at the margin
    /// before a numbered heading, ends there; a line that stops short
    /// because the next piece (a character and the punctuation that may
    /// not begin a line) did not fit is wrapped.
    #[test]
    fn a_paragraph_ends_where_the_next_piece_would_have_fitted() {
        let mut chars = Vec::new();
        // Ten characters a line (0 to 100).
        chars.extend(line(0, 700.0, 0.0, "一二三四五六七八九十"));
        chars.extend(line(0, 685.0, 0.0, "一二三四五六七八。"));
        chars.extend(line(0, 670.0, 0.0, "甲乙丙丁戊己庚辛壬"));
        chars.extend(line(0, 655.0, 0.0, "子，丑寅卯辰巳午未申"));
        chars.extend(line(0, 640.0, 0.0, "酉戌亥。一二三四五。"));
        chars.extend(line(0, 625.0, 0.0, "（四）规范执法。"));
        let (text, _) = paragraphs(vec![Page { chars }]);
        assert_eq!(
            text,
            "一二三四五六七八九十一二三四五六七八。\n甲乙丙丁戊己庚辛壬子，丑寅卯辰巳午未申酉戌亥。一二三四五。\n（四）规范执法。\n"
        );
        for t in ["一、总体", "（十二）某项", "(三)某项", "1.某项", "12、某项"] {
            assert!(starts_numbered(t), "{t}");
        }
        for t in ["一是", "第（四）项", "2023年", "1.5倍", "（2023年）"] {
            assert!(!starts_numbered(t), "{t}");
        }
    }

    #[test]
    fn joins_wrapped_lines_and_drops_running_lines() {
        let bodies = [
            ["一二三四五六七八", "九十一二三四五六七八", "九十。"],
            ["甲乙丙丁戊己庚辛", "壬癸甲乙丙丁戊己庚辛", "壬癸。"],
        ];
        let mut pages = Vec::new();
        for (p, body) in bodies.iter().enumerate() {
            let mut chars = Vec::new();
            chars.extend(line(p, 800.0, 0.0, "某县人民政府"));
            chars.extend(line(p, 700.0, 20.0, body[0]));
            chars.extend(line(p, 685.0, 0.0, body[1]));
            chars.extend(line(p, 670.0, 0.0, body[2]));
            chars.extend(line(p, 50.0, 40.0, &format!("— {} —", p + 1)));
            pages.push(Page { chars });
        }
        let (text, starts) = paragraphs(pages);
        assert_eq!(
            text,
            "一二三四五六七八九十一二三四五六七八九十。\n甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸。\n"
        );
        let second = text.find('甲').unwrap();
        assert_eq!(starts.page(0), Some(1));
        assert_eq!(starts.page(second - 1), Some(1));
        assert_eq!(starts.page(second), Some(2));
    }
}
