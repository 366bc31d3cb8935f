//! Web pages (.html/.htm) saved from a government portal: the article body
//! as text, one paragraph per line.
//!
//! A portal page wraps the report in navigation, breadcrumbs, publication
//! data, share and print buttons, related links and a footer. Those are
//! dropped in two steps: elements that are page furniture by tag (`nav`,
//! `script`, `style`, …) or by class/id (`share`, `breadcrumb`, `footer`, …)
//! are skipped, and the article is the deepest element that still holds most
//! of the page's non-link text. The article's title usually stands outside
//! that element (an `<h1>`, or the page `<title>`), so it is put back in front.
//!
//! The page is parsed by [`tree`], in time and memory linear in its size and
//! with its nesting bounded; every pass below is a loop over the nodes.

mod tree;

use regex::Regex;
use tree::{Kind, Tree, BLOCK, FURNITURE, LINK, TITLE_CLASS};

pub use tree::MAX_DEPTH;

/// A child holding this share of its parent's text is where the article is.
const DOMINANT_SHARE: f64 = 0.7;

/// How much of a title candidate is read before giving up on it: a title is
/// short, and a heading holding a whole page is not one. Every `<h1>` and
/// title-class element outside the article is a candidate, and candidates
/// can be nested hundreds deep around the same text, so each must cost a
/// bounded amount, not the length of what it holds.
const TITLE_BUDGET: Budget = Budget {
    nodes: 2_000,
    // A title has at most 100 characters (`looks_like_title`): one more
    // rules the candidate out.
    visible: 101,
    // White space collapses, so source text may be longer than the title;
    // this much white space around a heading is not a page title any more.
    scanned: 10_000,
};

/// The article text of a page.
/// `title_words` tells which text outside the article may be its title.
pub fn extract(html: &str, title_words: &Regex) -> String {
    let page = Tree::parse(html);
    let body = (0..page.len())
        .find(|&i| page.is(i, "body"))
        .unwrap_or(Tree::ROOT);
    let weights = weigh(&page);
    let article = descend(&page, body, &weights);

    let mut lines = Lines::new(Budget::UNLIMITED);
    lines.walk(&page, article);
    let mut text_lines = lines.finish();

    if let Some(title) = page_title(&page, article, title_words) {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let wanted = squeeze(&title);
        let head: String = text_lines.iter().take(4).map(|l| squeeze(l)).collect();
        if !head.contains(&wanted) {
            text_lines.insert(0, title);
        }
    }
    let mut out = text_lines.join("\n");
    out.push('\n');
    out
}

/// Visible characters of article text under each node, links excluded
/// (navigation is mostly links; an article mostly is not). Nodes come in
/// document order, so going backwards adds each node to its parent after
/// all its own descendants.
fn weigh(page: &Tree) -> Vec<usize> {
    let mut weights = vec![0usize; page.len()];
    for i in (0..page.len()).rev() {
        match page.nodes[i].kind {
            Kind::Text { .. } => {
                weights[i] = page
                    .text(i)
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count();
            }
            Kind::Element { flags, .. } if flags & (FURNITURE | LINK) != 0 => weights[i] = 0,
            _ => {}
        }
        if let Some(p) = page.parent(i) {
            weights[p] += weights[i];
        }
    }
    weights
}

/// The deepest element that holds most of the text of the one above it.
fn descend(page: &Tree, start: usize, weights: &[usize]) -> usize {
    let mut node = start;
    loop {
        let total = weights[node];
        let best = page
            .children(node)
            .filter(|&c| page.name(c).is_some())
            .max_by_key(|&c| weights[c]);
        match best {
            Some(child) if total > 0 && weights[child] as f64 >= DOMINANT_SHARE * total as f64 => {
                node = child;
            }
            _ => return node,
        }
    }
}

/// The article's title: an `<h1>` or an element whose class names a title,
/// outside the furniture, or else the page `<title>` without the site name.
fn page_title(page: &Tree, article: usize, title_words: &Regex) -> Option<String> {
    let in_article = |n: usize| (article..page.end(article)).contains(&n);
    // Whether a node lies inside page furniture (other than `<head>`): one
    // pass from the root down, parents before children.
    let mut in_furniture = vec![false; page.len()];
    for i in 1..page.len() {
        if let Some(p) = page.parent(i) {
            in_furniture[i] =
                in_furniture[p] || (page.flags(p) & FURNITURE != 0 && !page.is(p, "head"));
        }
    }
    let usable = |n: usize| !in_article(n) && !in_furniture[n];
    let candidates = |wanted: &dyn Fn(usize) -> bool| {
        (0..page.len())
            .filter(|&n| wanted(n) && usable(n))
            .filter_map(|n| title_text(page, n))
            .find(|t| looks_like_title(t, title_words))
    };
    let by_h1 = candidates(&|n| page.is(n, "h1"));
    let by_class = || candidates(&|n| page.flags(n) & TITLE_CLASS != 0);
    let by_title_tag = || {
        let tag = (0..page.len()).find(|&i| page.is(i, "title"))?;
        let title = text_of(page, tag);
        let first = title
            .split(['_', '|', '｜'])
            .chain(title.split(" - "))
            .filter(|p| looks_like_title(p, title_words))
            .min_by_key(|p| p.len())?
            .trim()
            .to_string();
        Some(first)
    };
    by_h1.or_else(by_class).or_else(by_title_tag)
}

/// Short text that holds a title word.
fn looks_like_title(text: &str, title_words: &Regex) -> bool {
    let n = text.chars().count();
    (6..=100).contains(&n) && title_words.is_match(text)
}

/// The whole text of `node` (the page `<title>`, one text node).
fn text_of(page: &Tree, node: usize) -> String {
    let mut lines = Lines::new(Budget::UNLIMITED);
    lines.walk(page, node);
    lines.finish().join("")
}

/// The text of a title candidate, or `None` when it is too long to be a
/// title (found without reading more than [`TITLE_BUDGET`] of it).
fn title_text(page: &Tree, node: usize) -> Option<String> {
    let mut lines = Lines::new(TITLE_BUDGET);
    lines.walk(page, node);
    if lines.exhausted {
        return None;
    }
    Some(lines.finish().join(""))
}

/// Limits on how much of a subtree a walk reads.
#[derive(Debug, Clone, Copy)]
struct Budget {
    /// Nodes visited.
    nodes: usize,
    /// Characters written (white space collapsed away is not counted).
    visible: usize,
    /// Characters of source text read, white space included.
    scanned: usize,
}

impl Budget {
    const UNLIMITED: Budget = Budget {
        nodes: usize::MAX,
        visible: usize::MAX,
        scanned: usize::MAX,
    };
}

/// Builds lines of text the way a browser lays the page out.
struct Lines {
    lines: Vec<String>,
    current: String,
    /// Collapsed white space waiting to be written; `Some(true)` if it held
    /// a line break.
    pending_space: Option<bool>,
    /// What is left to read; when any part runs out the walk stops and
    /// `exhausted` is set.
    budget: Budget,
    exhausted: bool,
}

impl Lines {
    fn new(budget: Budget) -> Lines {
        Lines {
            lines: Vec::new(),
            current: String::new(),
            pending_space: None,
            budget,
            exhausted: false,
        }
    }

    /// Takes one unit from a part of the budget; false (and the walk is
    /// over) when there is none left.
    fn spend(part: &mut usize, exhausted: &mut bool) -> bool {
        if *part == 0 {
            *exhausted = true;
            return false;
        }
        *part -= 1;
        true
    }

    /// Lays out the subtree of `root` (skipping furniture below it) until
    /// the budget runs out.
    fn walk(&mut self, page: &Tree, root: usize) {
        // (node, leaving): a block element is visited again on the way out
        // to end its line.
        let mut stack = vec![(root, false)];
        while let Some((node, leaving)) = stack.pop() {
            if self.exhausted {
                return;
            }
            if leaving {
                self.break_line();
                continue;
            }
            if !Self::spend(&mut self.budget.nodes, &mut self.exhausted) {
                return;
            }
            match page.nodes[node].kind {
                Kind::Text { .. } => self.text(page.text(node).unwrap_or_default()),
                Kind::Element { flags, .. } => {
                    if node != root && flags & FURNITURE != 0 {
                        continue;
                    }
                    let block = flags & BLOCK != 0;
                    if block {
                        self.break_line();
                        stack.push((node, true));
                    }
                    if page.is(node, "pre") {
                        self.preformatted(page, node);
                    } else {
                        push_children(page, node, &mut stack);
                    }
                }
                Kind::Document => push_children(page, node, &mut stack),
            }
        }
    }

    /// HTML collapses white space to one space; a line break in the source
    /// between two Chinese characters disappears altogether (CSS Text's
    /// segment break rule), so a paragraph wrapped in the source stays whole.
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            if !Self::spend(&mut self.budget.scanned, &mut self.exhausted) {
                return;
            }
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                let newline = matches!(c, '\n' | '\r');
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending_space.take() {
                if let Some(last) = self.current.chars().last() {
                    if !(newline && is_wide(last) && is_wide(c)) {
                        self.current.push(' ');
                    }
                }
            }
            if !Self::spend(&mut self.budget.visible, &mut self.exhausted) {
                return;
            }
            self.current.push(c);
        }
    }

    /// Text of a `<pre>` as it is, line breaks kept; its nodes and
    /// characters count against the budget like any others.
    fn preformatted(&mut self, page: &Tree, node: usize) {
        let mut text = String::new();
        for n in node..page.end(node) {
            if n != node && !Self::spend(&mut self.budget.nodes, &mut self.exhausted) {
                return;
            }
            let Some(t) = page.text(n) else { continue };
            for c in t.chars() {
                if !Self::spend(&mut self.budget.scanned, &mut self.exhausted) {
                    return;
                }
                if !c.is_whitespace() && !Self::spend(&mut self.budget.visible, &mut self.exhausted)
                {
                    return;
                }
                text.push(c);
            }
        }
        for line in text.split('\n') {
            self.current.push_str(line.trim_end_matches('\r'));
            self.break_line();
        }
    }

    fn break_line(&mut self) {
        let line = self.current.trim_matches(|c| matches!(c, ' ' | '\t'));
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.current.clear();
        self.pending_space = None;
    }

    fn finish(mut self) -> Vec<String> {
        self.break_line();
        self.lines
    }
}

/// Pushes the children of `node` so that the first is popped first.
fn push_children(page: &Tree, node: usize, stack: &mut Vec<(usize, bool)>) {
    let from = stack.len();
    stack.extend(page.children(node).map(|c| (c, false)));
    stack[from..].reverse();
}

/// Characters after or before which collapsed white space disappears: CJK
/// ideographs and punctuation, full-width forms, and the spaces that are
/// kept as they are (U+00A0, U+3000).
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{00A0}'
        | '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2026}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Regex {
        crate::document::test_grammar().page_title_words.clone()
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于2022年度法治政府建设情况的报告_某区人民政府</title>
<style>p { text-indent: 2em }</style><script>var x = "首页";</script></head>
<body>
<div class="header"><div class="logo">某区人民政府</div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a>法治政府建设</a></div>
<div class="main">
  <h1 class="article-title">关于2022年度法治政府建设
  情况的报告</h1>
  <div class="info">发布时间：2023-01-30 来源：区司法局 浏览次数：<span>123</span></div>
  <div id="zoom">
    <p>　　2022年，某区坚持以习近平新时代中国特色社会主义思想为指导，
    全面推进法治政府建设，深入学习贯彻习近平法治思想，严格落实党政主要负责人履行推进法治建设第一责任人职责，现将有关情况报告如下。</p>
    <p>一、主要举措和成效</p>
    <p>（一）加强组织领导。区政府常务会议专题研究法治政府建设工作4次。<br>（二）规范行政决策。</p>
    <div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
    <table><tr><td>决策事项</td><td>56 件</td></tr></table>
  </div>
  <div class="print">【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
</div>
<div class="footer">版权所有：某区人民政府 ICP备12345678号</div>
<script>document.write("统计代码");</script>
</body></html>"#;

    #[test]
    fn keeps_the_article_and_its_title_only() {
        let text = extract(PAGE, &words());
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "关于2022年度法治政府建设情况的报告",
                "　　2022年，某区坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设，深入学习贯彻习近平法治思想，严格落实党政主要负责人履行推进法治建设第一责任人职责，现将有关情况报告如下。",
                "一、主要举措和成效",
                "（一）加强组织领导。区政府常务会议专题研究法治政府建设工作4次。",
                "（二）规范行政决策。",
                "决策事项",
                "56 件",
            ]
        );
    }

    #[test]
    fn title_from_the_title_tag_when_the_page_has_no_heading() {
        let page = "<html><head><title>某县2023年度法治政府建设情况报告 - 某县人民政府</title></head><body><div><p>2023年，某县全面推进法治政府建设，取得明显成效，现将有关情况报告如下。</p><p>一、主要举措和成效</p></div></body></html>";
        let text = extract(page, &words());
        assert_eq!(
            text.lines().next(),
            Some("某县2023年度法治政府建设情况报告")
        );
    }

    #[test]
    fn title_inside_the_article_is_not_repeated() {
        let page = "<html><head><title>报告_某县</title></head><body><div id=\"zoom\"><p>某县2023年度法治政府建设情况报告</p><p>正文很长很长的一段文字，说明了有关情况，现将有关情况报告如下。</p></div></body></html>";
        let text = extract(page, &words());
        assert_eq!(text.matches("某县2023年度法治政府建设情况报告").count(), 1);
    }

    #[test]
    fn nested_title_candidates_read_a_bounded_part_of_their_text() {
        // Hundreds of nested title-class elements around one long text:
        // each is a candidate (the article is the innermost), and reading
        // each one's whole text made finding the title quadratic.
        let depth = 500;
        let body = "这是正文内容，".repeat(20_000);
        let page = format!(
            "<html><body>{}{body}{}</body></html>",
            "<div class=\"title\">".repeat(depth),
            "</div>".repeat(depth)
        );
        let tree = Tree::parse(&page);
        let candidates: Vec<usize> = (0..tree.len())
            .filter(|&n| tree.flags(n) & TITLE_CLASS != 0)
            .collect();
        assert_eq!(candidates.len(), depth);
        let mut read = 0;
        for &n in &candidates {
            let mut lines = Lines::new(TITLE_BUDGET);
            lines.walk(&tree, n);
            assert!(lines.exhausted);
            read += TITLE_BUDGET.scanned - lines.budget.scanned;
        }
        // Each stops at the first character past the longest title.
        assert!(
            read <= depth * (TITLE_BUDGET.visible + 1),
            "read {read} characters"
        );
        assert_eq!(page_title(&tree, candidates[depth - 1], &words()), None);
        assert!(extract(&page, &words()).starts_with("这是正文内容，"));
    }

    #[test]
    fn a_long_preformatted_candidate_is_not_read_whole() {
        let page = format!(
            "<html><body><h1><pre>{}</pre></h1><div><p>{}</p></div></body></html>",
            "关于情况的报告\n".repeat(10_000),
            "正文。".repeat(10_000)
        );
        let tree = Tree::parse(&page);
        let h1 = (0..tree.len()).find(|&n| tree.is(n, "h1")).unwrap();
        let mut lines = Lines::new(TITLE_BUDGET);
        lines.walk(&tree, h1);
        assert!(lines.exhausted);
        assert!(TITLE_BUDGET.scanned - lines.budget.scanned <= 2 * TITLE_BUDGET.visible);
        assert_eq!(title_text(&tree, h1), None);
    }
}
