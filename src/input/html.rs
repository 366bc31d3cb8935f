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

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements that are never part of the article.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
    "button", "select", "input", "textarea", "iframe", "object", "embed", "svg", "canvas", "audio",
    "video", "map", "img", "link", "meta",
];

/// Class or id fragments that mark page furniture on Chinese portals
/// (common English words and the pinyin initials sites use).
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "breadcrumb",
    "crumb",
    "share",
    "print",
    "copyright",
    "sidebar",
    "toolbar",
    "related",
    "comment",
    "banner",
    "login",
    "search",
    "qrcode",
    "weixin",
    "wechat",
    "position",
    "location",
    "fontsize",
    "pagination",
    "pager",
    "xgwz",
    "xglj",
    "dqwz",
];

/// Elements that start a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "center",
    "hr",
    "address",
    "figure",
    "figcaption",
];

/// A child holding this share of its parent's text is where the article is.
const DOMINANT_SHARE: f64 = 0.7;

/// The article text of a page.
pub fn extract(html: &str) -> String {
    let page = Html::parse_document(html);
    let root = page.tree.root();
    let body = find(root, "body").unwrap_or(root);
    let mut weights = HashMap::new();
    weigh(body, &mut weights);
    let article = descend(body, &weights);

    let mut lines = Lines::default();
    lines.walk(article, true);
    let mut text_lines = lines.finish();

    if let Some(title) = page_title(root, article) {
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

fn element(node: NodeRef<'_, Node>) -> Option<&Element> {
    node.value().as_element()
}

fn find<'a>(node: NodeRef<'a, Node>, tag: &str) -> Option<NodeRef<'a, Node>> {
    node.descendants()
        .find(|n| element(*n).is_some_and(|e| e.name() == tag))
}

/// Whether an element is page furniture by its tag, class or id.
fn is_furniture(e: &Element) -> bool {
    if SKIPPED_TAGS.contains(&e.name()) {
        return true;
    }
    if e.attr("hidden").is_some()
        || e.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
    {
        return true;
    }
    let names = format!(
        "{} {}",
        e.id().unwrap_or_default(),
        e.attr("class").unwrap_or_default()
    )
    .to_ascii_lowercase();
    FURNITURE.iter().any(|f| names.contains(f))
}

/// Visible characters of article text under each element, links excluded
/// (navigation is mostly links; an article mostly is not).
fn weigh(node: NodeRef<'_, Node>, weights: &mut HashMap<NodeId, usize>) -> usize {
    let total = match node.value() {
        Node::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count(),
        Node::Element(e) if is_furniture(e) || e.name() == "a" => 0,
        Node::Element(_) | Node::Document | Node::Fragment => {
            node.children().map(|c| weigh(c, weights)).sum()
        }
        _ => 0,
    };
    weights.insert(node.id(), total);
    total
}

/// The deepest element that holds most of the text of the one above it.
fn descend<'a>(start: NodeRef<'a, Node>, weights: &HashMap<NodeId, usize>) -> NodeRef<'a, Node> {
    let weight = |n: NodeRef<'_, Node>| weights.get(&n.id()).copied().unwrap_or(0);
    let mut node = start;
    loop {
        let total = weight(node);
        let best = node
            .children()
            .filter(|c| c.value().is_element())
            .max_by_key(|c| weight(*c));
        match best {
            Some(child) if total > 0 && weight(child) as f64 >= DOMINANT_SHARE * total as f64 => {
                node = child;
            }
            _ => return node,
        }
    }
}

/// The article's title: an `<h1>` or an element whose class names a title,
/// outside the furniture, or else the page `<title>` without the site name.
fn page_title(root: NodeRef<'_, Node>, article: NodeRef<'_, Node>) -> Option<String> {
    let in_article = |n: NodeRef<'_, Node>| n.ancestors().any(|a| a.id() == article.id());
    let usable = |n: NodeRef<'_, Node>| {
        !in_article(n)
            && n.ancestors()
                .filter_map(element)
                .all(|e| !is_furniture(e) || e.name() == "head")
    };
    let by_h1 = root
        .descendants()
        .filter(|n| element(*n).is_some_and(|e| e.name() == "h1") && usable(*n))
        .map(text_of)
        .find(|t| looks_like_title(t));
    let by_class = || {
        root.descendants()
            .filter(|n| {
                element(*n).is_some_and(|e| {
                    let names = format!(
                        "{} {}",
                        e.id().unwrap_or_default(),
                        e.attr("class").unwrap_or_default()
                    )
                    .to_ascii_lowercase();
                    names.contains("title") && !is_furniture(e)
                }) && usable(*n)
            })
            .map(text_of)
            .find(|t| looks_like_title(t))
    };
    let by_title_tag = || {
        let title = find(root, "title").map(text_of)?;
        let first = title
            .split(['_', '|', '｜'])
            .chain(title.split(" - "))
            .filter(|p| looks_like_title(p))
            .min_by_key(|p| p.len())?
            .trim()
            .to_string();
        Some(first)
    };
    by_h1.or_else(by_class).or_else(by_title_tag)
}

/// Short text that names a report.
fn looks_like_title(text: &str) -> bool {
    let n = text.chars().count();
    (6..=100).contains(&n) && ["报告", "总结", "情况"].iter().any(|w| text.contains(w))
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut lines = Lines::default();
    lines.walk(node, true);
    lines.finish().join("")
}

/// Builds lines of text the way a browser lays the page out.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
    /// Collapsed white space waiting to be written; `Some(true)` if it held
    /// a line break.
    pending_space: Option<bool>,
}

impl Lines {
    fn walk(&mut self, node: NodeRef<'_, Node>, is_root: bool) {
        match node.value() {
            Node::Text(t) => self.text(t),
            Node::Element(e) => {
                if !is_root && is_furniture(e) {
                    return;
                }
                let block = BLOCK_TAGS.contains(&e.name());
                if block {
                    self.break_line();
                }
                if e.name() == "pre" {
                    self.preformatted(node);
                } else {
                    for child in node.children() {
                        self.walk(child, false);
                    }
                }
                if block {
                    self.break_line();
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child, false);
                }
            }
            _ => {}
        }
    }

    /// HTML collapses white space to one space; a line break in the source
    /// between two Chinese characters disappears altogether (CSS Text's
    /// segment break rule), so a paragraph wrapped in the source stays whole.
    fn text(&mut self, t: &str) {
        for c in t.chars() {
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
            self.current.push(c);
        }
    }

    fn preformatted(&mut self, node: NodeRef<'_, Node>) {
        let text: String = node
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
            .collect();
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
        let text = extract(PAGE);
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
        let text = extract(page);
        assert_eq!(
            text.lines().next(),
            Some("某县2023年度法治政府建设情况报告")
        );
    }

    #[test]
    fn title_inside_the_article_is_not_repeated() {
        let page = "<html><head><title>报告_某县</title></head><body><div id=\"zoom\"><p>某县2023年度法治政府建设情况报告</p><p>正文很长很长的一段文字，说明了有关情况，现将有关情况报告如下。</p></div></body></html>";
        let text = extract(page);
        assert_eq!(text.matches("某县2023年度法治政府建设情况报告").count(), 1);
    }
}
