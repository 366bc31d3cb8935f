//! A page's element tree, built in one pass over the markup with bounded
//! work per character, so no page can make reading slow or deep.
//!
//! A browser-grade HTML parser is the wrong tool for a checker that must read
//! hostile files: the standard tree-construction algorithm searches the whole
//! stack of open elements on many tags (quadratic on deeply nested or
//! unclosed markup) and its users walk the result recursively (a stack
//! overflow that ends the process). Reports need only the text, the block
//! structure and a few attributes (`id`, `class`, `style`, `hidden`), so this
//! module reads tags itself and follows the parts of the HTML rules that
//! matter for text: void elements, raw text (`script`, `style`, …), character
//! references, and the implied end tags of `p`, `li`, `dt`/`dd`, table rows
//! and cells, headings and links. Every “is there an open X” question is
//! answered from a per-name stack of positions in O(1).
//!
//! Nesting deeper than [`MAX_DEPTH`] is flattened: a deeper start tag opens no
//! element, its content goes to the deepest open element, and a block tag
//! still breaks the line. The text is kept, only the excess structure is lost.
//!
//! Nodes live in one vector in document order, so an element's descendants
//! are the indices up to [`Tree::end`], and every pass over the tree is a
//! loop, never recursion.

use std::collections::HashMap;

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Open elements beyond this depth are flattened into their parent. Real
/// pages nest a few dozen levels.
pub const MAX_DEPTH: usize = 512;

/// Sentinel for “no node”.
const NONE: u32 = u32::MAX;

/// Element flags.
pub const FURNITURE: u8 = 1;
pub const BLOCK: u8 = 2;
pub const LINK: u8 = 4;
/// `id` or `class` mentions a title.
pub const TITLE_CLASS: u8 = 8;

/// Elements that are never part of the article.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
    "button", "select", "input", "textarea", "iframe", "object", "embed", "svg", "canvas", "audio",
    "video", "map", "img", "link", "meta", "title", "math",
];

/// Class or id fragments that mark page furniture on Chinese portals
/// (common English words and the pinyin initials sites use).
const FURNITURE_NAMES: &[&str] = &[
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

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Start tags that close an open `p` (HTML's “close a p element”).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
];

/// Elements that end the search for an open element (HTML's default scope).
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];

/// What may stay inside `<head>`; anything else closes it.
const HEAD_CONTENT: &[&str] = &[
    "base", "basefont", "bgsound", "link", "meta", "noframes", "noscript", "script", "style",
    "template", "title",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// One node. Links are indices into [`Tree::nodes`].
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    /// An element: its interned name and flags.
    Element {
        name: u32,
        flags: u8,
    },
    /// Text: a range of [`Tree::text`].
    Text {
        start: u32,
        len: u32,
    },
}

/// A parsed page.
#[derive(Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// All text of the page, character references resolved.
    text: String,
    names: Vec<String>,
    /// For each node, one past the index of its last descendant.
    ends: Vec<u32>,
    /// Start tags flattened because the nesting was too deep.
    #[cfg_attr(not(test), allow(dead_code))]
    pub flattened: usize,
}

impl Tree {
    pub const ROOT: usize = 0;

    /// Parses a page. Pages larger than 4 GB cannot occur: the size limit
    /// stops them long before.
    pub fn parse(html: &str) -> Tree {
        let mut builder = Builder::new();
        Lexer {
            src: html,
            pos: 0,
            builder: &mut builder,
        }
        .run();
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The element's name, or `None` for other nodes.
    pub fn name(&self, i: usize) -> Option<&str> {
        match self.nodes[i].kind {
            Kind::Element { name, .. } => Some(&self.names[name as usize]),
            _ => None,
        }
    }

    pub fn is(&self, i: usize, name: &str) -> bool {
        self.name(i) == Some(name)
    }

    pub fn flags(&self, i: usize) -> u8 {
        match self.nodes[i].kind {
            Kind::Element { flags, .. } => flags,
            _ => 0,
        }
    }

    pub fn text(&self, i: usize) -> Option<&str> {
        match self.nodes[i].kind {
            Kind::Text { start, len } => {
                Some(&self.text[start as usize..(start as usize + len as usize)])
            }
            _ => None,
        }
    }

    /// One past the last descendant of `i`: `i`'s subtree is `i..end(i)`.
    pub fn end(&self, i: usize) -> usize {
        self.ends[i] as usize
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NONE).then_some(p as usize)
    }

    /// The children of `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.nodes[i].first_child;
        std::iter::from_fn(move || {
            if next == NONE {
                return None;
            }
            let current = next;
            next = self.nodes[current as usize].next_sibling;
            Some(current as usize)
        })
    }
}

/// Builds the tree from tokens.
struct Builder {
    nodes: Vec<Node>,
    text: String,
    names: Vec<String>,
    name_ids: HashMap<String, u32>,
    /// Open elements, innermost last (node indices; the document is not in it).
    open: Vec<u32>,
    /// For each name, the positions in `open` of the open elements with it.
    positions: HashMap<u32, Vec<usize>>,
    /// Positions in `open` of open elements that end a scope search.
    scopes: Vec<usize>,
    /// Positions in `open` of open `table` elements.
    tables: Vec<usize>,
    /// Flattened start tags per name whose end tag has not come yet (and
    /// whose parent, the innermost open element, is still open).
    flattened_open: HashMap<u32, usize>,
    flattened: usize,
    seen_html: bool,
    seen_head: bool,
    seen_body: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            nodes: vec![Node {
                parent: NONE,
                first_child: NONE,
                last_child: NONE,
                next_sibling: NONE,
                kind: Kind::Document,
            }],
            text: String::new(),
            names: Vec::new(),
            name_ids: HashMap::new(),
            open: Vec::new(),
            positions: HashMap::new(),
            scopes: Vec::new(),
            tables: Vec::new(),
            flattened_open: HashMap::new(),
            flattened: 0,
            seen_html: false,
            seen_head: false,
            seen_body: false,
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_ids.insert(name.to_string(), id);
        id
    }

    fn id(&self, name: &str) -> Option<u32> {
        self.name_ids.get(name).copied()
    }

    fn current(&self) -> u32 {
        self.open.last().copied().unwrap_or(0)
    }

    fn current_is(&self, names: &[&str]) -> bool {
        match self.open.last() {
            Some(&i) => match self.nodes[i as usize].kind {
                Kind::Element { name, .. } => names.contains(&self.names[name as usize].as_str()),
                _ => false,
            },
            None => false,
        }
    }

    /// Position in `open` of the innermost open element named `name`.
    fn innermost(&self, name: &str) -> Option<usize> {
        let id = self.id(name)?;
        self.positions.get(&id).and_then(|p| p.last().copied())
    }

    /// Position of the innermost open `name` that no scope boundary (or
    /// element in `extra`) hides.
    fn in_scope(&self, name: &str, extra: &[&str]) -> Option<usize> {
        let at = self.innermost(name)?;
        let mut fence = self.scopes.last().copied();
        for e in extra {
            fence = fence.max(self.innermost(e));
        }
        match fence {
            Some(f) if f > at => None,
            _ => Some(at),
        }
    }

    /// Like [`Self::in_scope`] with only `table` (and `html`) as the fence.
    fn in_table_scope(&self, name: &str) -> Option<usize> {
        let at = self.innermost(name)?;
        match self.tables.last() {
            Some(&t) if t > at => None,
            _ => Some(at),
        }
    }

    fn append(&mut self, kind: Kind) -> u32 {
        let parent = self.current();
        let index = self.nodes.len() as u32;
        self.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            kind,
        });
        let p = &mut self.nodes[parent as usize];
        let previous = p.last_child;
        p.last_child = index;
        if previous == NONE {
            p.first_child = index;
        } else {
            self.nodes[previous as usize].next_sibling = index;
        }
        index
    }

    fn push(&mut self, index: u32, name: u32) {
        let position = self.open.len();
        self.open.push(index);
        self.positions.entry(name).or_default().push(position);
        let n = self.names[name as usize].as_str();
        if SCOPE.contains(&n) {
            self.scopes.push(position);
        }
        if n == "table" || n == "html" || n == "template" {
            self.tables.push(position);
        }
    }

    fn pop(&mut self) {
        // Start tags are flattened only while `open` is full, into its
        // innermost element: when that element closes, they close with it,
        // and their end tags, should they still come, are stray.
        if self.open.len() >= MAX_DEPTH {
            self.flattened_open.clear();
        }
        let Some(index) = self.open.pop() else { return };
        let position = self.open.len();
        if let Kind::Element { name, .. } = self.nodes[index as usize].kind {
            if let Some(p) = self.positions.get_mut(&name) {
                p.pop();
            }
            if self.scopes.last() == Some(&position) {
                self.scopes.pop();
            }
            if self.tables.last() == Some(&position) {
                self.tables.pop();
            }
        }
    }

    /// Closes the element at `position` in `open` and everything inside it.
    fn pop_to(&mut self, position: usize) {
        while self.open.len() > position {
            self.pop();
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &Attrs, self_closing: bool) {
        match name {
            "html" if self.seen_html => return,
            "head" if self.seen_head || self.seen_body => return,
            "body" if self.seen_body => return,
            _ => {}
        }
        if self.current_is(&["head"]) && !HEAD_CONTENT.contains(&name) {
            self.pop();
        }
        if name == "body" {
            if let Some(at) = self.innermost("head") {
                self.pop_to(at);
            }
        }
        self.close_implied(name);
        let id = self.intern(name);
        let flags = flags_of(name, attrs);
        let foreign = self.innermost("svg").is_some() || self.innermost("math").is_some();
        let is_void = VOID.contains(&name) || (self_closing && foreign);
        if !is_void && self.open.len() >= MAX_DEPTH {
            // Too deep: keep the tag as an empty element (a block still
            // breaks the line) and put its content in the current element.
            *self.flattened_open.entry(id).or_default() += 1;
            self.flattened += 1;
            self.append(Kind::Element { name: id, flags });
            return;
        }
        let index = self.append(Kind::Element { name: id, flags });
        match name {
            "html" => self.seen_html = true,
            "head" => self.seen_head = true,
            "body" => self.seen_body = true,
            _ => {}
        }
        if !is_void {
            self.push(index, id);
        }
    }

    /// The end tags HTML implies when an element starts.
    fn close_implied(&mut self, name: &str) {
        if CLOSES_P.contains(&name) {
            if let Some(at) = self.in_scope("p", &["button"]) {
                self.pop_to(at);
            }
        }
        match name {
            "li" => {
                if let Some(at) = self.in_scope("li", &["ol", "ul"]) {
                    self.pop_to(at);
                }
            }
            "dt" | "dd" => {
                let at = self
                    .in_scope("dt", &["dl"])
                    .max(self.in_scope("dd", &["dl"]));
                if let Some(at) = at {
                    self.pop_to(at);
                }
            }
            "tr" | "tbody" | "thead" | "tfoot" => {
                let cell = self.in_table_scope("td").max(self.in_table_scope("th"));
                if let Some(at) = cell {
                    self.pop_to(at);
                }
                if let Some(at) = self.in_table_scope("tr") {
                    self.pop_to(at);
                }
            }
            "td" | "th" => {
                let cell = self.in_table_scope("td").max(self.in_table_scope("th"));
                if let Some(at) = cell {
                    self.pop_to(at);
                }
            }
            "option" | "optgroup" if self.current_is(&["option"]) => self.pop(),
            "a" => {
                if let Some(at) = self.in_scope("a", &[]) {
                    self.pop_to(at);
                }
            }
            _ if HEADINGS.contains(&name) && self.current_is(HEADINGS) => self.pop(),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            // Content after `</body>` is still shown in the body.
            "body" | "html" => return,
            "br" => return self.start_tag("br", &Attrs::default(), false),
            _ => {}
        }
        if let Some(id) = self.id(name) {
            if let Some(n) = self.flattened_open.get_mut(&id).filter(|n| **n > 0) {
                *n -= 1;
                // The end of a flattened block still ends its line.
                if BLOCK_TAGS.contains(&name) {
                    self.append(Kind::Element {
                        name: id,
                        flags: BLOCK,
                    });
                }
                return;
            }
        }
        let at = match name {
            "table" => self.innermost("table"),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" => {
                self.in_table_scope(name)
            }
            "p" => self.in_scope("p", &["button"]),
            "li" => self.in_scope("li", &["ol", "ul"]),
            _ => self.in_scope(name, &[]),
        };
        match at {
            Some(at) => self.pop_to(at),
            // `</p>` without an open `p` makes an empty paragraph.
            None if name == "p" => self.start_tag("br", &Attrs::default(), false),
            None => {}
        }
    }

    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.current_is(&["head"]) && s.chars().any(|c| !c.is_ascii_whitespace()) {
            self.pop();
        }
        let parent = self.current() as usize;
        let last = self.nodes[parent].last_child;
        let start = self.text.len();
        self.text.push_str(s);
        if last != NONE {
            if let Kind::Text { start: s0, len } = &mut self.nodes[last as usize].kind {
                if (*s0 + *len) as usize == start {
                    *len += s.len() as u32;
                    return;
                }
            }
        }
        self.append(Kind::Text {
            start: start as u32,
            len: s.len() as u32,
        });
    }

    fn finish(self) -> Tree {
        let n = self.nodes.len();
        let mut ends: Vec<u32> = (1..=n as u32).collect();
        for i in (1..n).rev() {
            let p = self.nodes[i].parent as usize;
            ends[p] = ends[p].max(ends[i]);
        }
        Tree {
            nodes: self.nodes,
            text: self.text,
            names: self.names,
            ends,
            flattened: self.flattened,
        }
    }
}

/// The attributes the extraction looks at.
#[derive(Debug, Default)]
struct Attrs {
    id: Option<String>,
    class: Option<String>,
    style: Option<String>,
    hidden: bool,
}

fn flags_of(name: &str, attrs: &Attrs) -> u8 {
    let mut flags = 0;
    if BLOCK_TAGS.contains(&name) {
        flags |= BLOCK;
    }
    if name == "a" {
        flags |= LINK;
    }
    let names = format!(
        "{} {}",
        attrs.id.as_deref().unwrap_or_default(),
        attrs.class.as_deref().unwrap_or_default()
    )
    .to_ascii_lowercase();
    let furniture = SKIPPED_TAGS.contains(&name)
        || attrs.hidden
        || attrs.style.as_deref().is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
        || FURNITURE_NAMES.iter().any(|f| names.contains(f));
    if furniture {
        flags |= FURNITURE;
    } else if names.contains("title") {
        flags |= TITLE_CLASS;
    }
    flags
}

/// Elements whose content is raw text up to their end tag (`true`: with
/// character references, as in `<title>`).
fn raw_text(name: &str) -> Option<bool> {
    match name {
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(false),
        "title" | "textarea" => Some(true),
        _ => None,
    }
}

/// Splits the markup into tokens and hands them to the builder. Every step
/// moves forward; each byte is looked at a bounded number of times.
struct Lexer<'a, 'b> {
    src: &'a str,
    pos: usize,
    builder: &'b mut Builder,
}

impl Lexer<'_, '_> {
    fn bytes(&self) -> &[u8] {
        self.src.as_bytes()
    }

    fn run(&mut self) {
        let mut decoded = String::new();
        while self.pos < self.src.len() {
            let rest = &self.bytes()[self.pos..];
            let lt = rest.iter().position(|&b| b == b'<').map(|k| self.pos + k);
            let text_end = lt.unwrap_or(self.src.len());
            if text_end > self.pos {
                decoded.clear();
                decode_refs(&self.src[self.pos..text_end], &mut decoded);
                self.builder.text(&decoded);
            }
            let Some(lt) = lt else { break };
            self.pos = lt;
            self.markup();
        }
    }

    /// At a `<`: a tag, a comment, or a literal `<`.
    fn markup(&mut self) {
        let b = self.bytes();
        let at = self.pos;
        let next = b.get(at + 1).copied();
        match next {
            Some(b'!') if b[at..].starts_with(b"<!--") => {
                let from = at + 4;
                let end = if b[from..].starts_with(b">") {
                    from + 1
                } else if b[from..].starts_with(b"->") {
                    from + 2
                } else {
                    comment_end(b, from)
                };
                self.pos = end;
            }
            Some(b'!' | b'?') => self.pos = skip_to_gt(b, at + 2),
            Some(b'/') => match b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after) = tag_name(self.src, at + 2);
                    self.pos = skip_to_gt(b, after);
                    self.builder.end_tag(&name);
                }
                Some(b'>') => self.pos = at + 3,
                Some(_) => self.pos = skip_to_gt(b, at + 2),
                None => self.pos = b.len(),
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(),
            _ => {
                self.builder.text("<");
                self.pos = at + 1;
            }
        }
    }

    fn start_tag(&mut self) {
        let (name, mut i) = tag_name(self.src, self.pos + 1);
        let b = self.src.as_bytes();
        let mut attrs = Attrs::default();
        let mut self_closing = false;
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            if i >= b.len() {
                // A tag cut off by the end of the file is dropped.
                self.pos = b.len();
                return;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let name_start = i;
            i += 1;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = &self.src[name_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = None;
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (v, after) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = b[i + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(b.len(), |k| i + 1 + k);
                        (&self.src[i + 1..end], (end + 1).min(b.len()))
                    }
                    _ => {
                        let end = b[i..]
                            .iter()
                            .position(|&c| c == b'>' || c.is_ascii_whitespace())
                            .map_or(b.len(), |k| i + k);
                        (&self.src[i..end], end)
                    }
                };
                value = Some(v);
                i = after;
            }
            attrs.set(attr, value);
        }
        self.pos = i;
        self.builder.start_tag(&name, &attrs, self_closing);
        if name == "plaintext" {
            let rest = &self.src[self.pos..];
            self.builder.text(rest);
            self.pos = self.src.len();
            return;
        }
        if let Some(with_refs) = raw_text(&name) {
            let (content_end, after) = find_end_tag(b, self.pos, &name);
            let content = &self.src[self.pos..content_end];
            if with_refs {
                let mut decoded = String::new();
                decode_refs(content, &mut decoded);
                self.builder.text(&decoded);
            } else {
                self.builder.text(content);
            }
            self.builder.end_tag(&name);
            self.pos = after;
        } else if name == "pre" || name == "textarea" || name == "listing" {
            // HTML drops the line break right after `<pre>`.
            if b[self.pos..].starts_with(b"\r\n") {
                self.pos += 2;
            } else if b[self.pos..].starts_with(b"\n") {
                self.pos += 1;
            }
        }
    }
}

impl Attrs {
    /// Keeps the first of each attribute the extraction uses.
    fn set(&mut self, name: &str, value: Option<&str>) {
        let decoded = || {
            let mut s = String::new();
            decode_refs(value.unwrap_or_default(), &mut s);
            Some(s)
        };
        if name.eq_ignore_ascii_case("id") && self.id.is_none() {
            self.id = decoded();
        } else if name.eq_ignore_ascii_case("class") && self.class.is_none() {
            self.class = decoded();
        } else if name.eq_ignore_ascii_case("style") && self.style.is_none() {
            self.style = decoded();
        } else if name.eq_ignore_ascii_case("hidden") {
            self.hidden = true;
        }
    }
}

/// A tag's name (lower case) starting at `from`, and where it ends.
fn tag_name(src: &str, from: usize) -> (String, usize) {
    let b = src.as_bytes();
    let end = b[from..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .map_or(b.len(), |k| from + k);
    (src[from..end].to_ascii_lowercase(), end)
}

fn skip_to_gt(b: &[u8], from: usize) -> usize {
    let from = from.min(b.len());
    b[from..]
        .iter()
        .position(|&c| c == b'>')
        .map_or(b.len(), |k| from + k + 1)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let from = from.min(b.len());
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|k| from + k)
}

/// The position after the comment whose text starts at `from`: after the
/// first `-->` or `--!>` (HTML ends a comment at either), or the end of the
/// file when there is neither.
fn comment_end(b: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(k) = find(b, at, b"--") {
        match b.get(k + 2) {
            Some(b'>') => return k + 3,
            Some(b'!') if b.get(k + 3) == Some(&b'>') => return k + 4,
            _ => at = k + 1,
        }
    }
    b.len()
}

/// Where raw text ends: at `</name` followed by a space, `/` or `>`
/// (any case). Returns the end of the content and the position after the
/// end tag; the end of the file when there is none.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> (usize, usize) {
    let n = name.len();
    let mut i = from;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + k;
        let tail = &b[at..];
        if tail.len() > n + 1
            && tail[1] == b'/'
            && tail[2..2 + n].eq_ignore_ascii_case(name.as_bytes())
            && tail
                .get(2 + n)
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        {
            return (at, skip_to_gt(b, at + 2 + n));
        }
        i = at + 1;
    }
    (b.len(), b.len())
}

/// Longest entity name (`CounterClockwiseContourIntegral;` is 32).
const MAX_ENTITY: usize = 32;

/// Appends `s` to `out` with character references (`&amp;`, `&#x4E00;`,
/// `&nbsp`) resolved.
fn decode_refs(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'&') {
        let at = i + k;
        out.push_str(&s[i..at]);
        let (c, used) = reference(&s[at + 1..]);
        match c {
            Some(text) => {
                out.push_str(&text);
                i = at + 1 + used;
            }
            None => {
                out.push('&');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
}

/// The character reference at the start of `s` (just after `&`): its text
/// and how many bytes it used.
fn reference(s: &str) -> (Option<String>, usize) {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let digits_from = if hex { 2 } else { 1 };
        let mut value: u32 = 0;
        let mut i = digits_from;
        while let Some(&c) = b.get(i) {
            let d = if hex {
                (c as char).to_digit(16)
            } else {
                (c as char).to_digit(10)
            };
            let Some(d) = d else { break };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == digits_from {
            return (None, 0);
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match value {
            0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
                .unwrap_or(char::from_u32(value).unwrap_or('\u{FFFD}')),
            0 => '\u{FFFD}',
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return (Some(c.to_string()), i);
    }
    let len = b
        .iter()
        .take(MAX_ENTITY)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 {
        return (None, 0);
    }
    let entity = |key: &str| {
        NAMED_ENTITIES
            .get(key)
            .filter(|(first, _)| *first != 0)
            .map(|&(first, second)| {
                let mut t = String::new();
                t.extend(char::from_u32(first));
                if second != 0 {
                    t.extend(char::from_u32(second));
                }
                t
            })
    };
    if b.get(len) == Some(&b';') {
        if let Some(t) = entity(&s[..=len]) {
            return (Some(t), len + 1);
        }
    }
    // Legacy references without `;` (`&nbsp`, `&copy`): the longest known.
    for k in (2..=len).rev() {
        if let Some(t) = entity(&s[..k]) {
            return (Some(t), k);
        }
    }
    (None, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(tree: &Tree, i: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![(i, false)];
        while let Some((n, closing)) = stack.pop() {
            if closing {
                out.push(')');
                continue;
            }
            match tree.nodes[n].kind {
                Kind::Text { .. } => out.push_str(tree.text(n).unwrap_or_default()),
                _ => {
                    out.push_str(tree.name(n).unwrap_or("#doc"));
                    out.push('(');
                    stack.push((n, true));
                    let children: Vec<usize> = tree.children(n).collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, false));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn implied_end_tags() {
        let t = Tree::parse("<p>一<p>二<div>三</div><ul><li>甲<li>乙</ul>");
        assert_eq!(
            shape(&t, Tree::ROOT),
            "#doc(p(一)p(二)div(三)ul(li(甲)li(乙)))"
        );
        let t = Tree::parse("<table><tr><td>a<td>b<tr><td>c</table>后");
        assert_eq!(
            shape(&t, Tree::ROOT),
            "#doc(table(tr(td(a)td(b))tr(td(c)))后)"
        );
    }

    #[test]
    fn raw_text_references_and_comments() {
        let t = Tree::parse(
            "<title>a&amp;b</title><script>if (a<b) x = '</div>';</script><!-- <p> -->&lt;&#x4E00;&nbsp&copy;&bogus;",
        );
        assert_eq!(
            shape(&t, Tree::ROOT),
            "#doc(title(a&b)script(if (a<b) x = '</div>';)<一\u{a0}©&bogus;)"
        );
    }

    #[test]
    fn head_closes_itself_and_body_survives_its_end_tag() {
        let t = Tree::parse("<html><head><title>t</title><div>正文</div></body>尾</html>");
        assert_eq!(
            shape(&t, Tree::ROOT),
            "#doc(html(head(title(t))div(正文)尾))"
        );
    }

    #[test]
    fn deep_nesting_is_flattened_and_subtrees_are_ranges() {
        let depth = MAX_DEPTH + 100;
        let page = format!("{}文字{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let t = Tree::parse(&page);
        assert_eq!(t.flattened, 100);
        assert_eq!(t.end(Tree::ROOT), t.len());
        let text = (0..t.len()).find(|&i| t.text(i).is_some()).unwrap();
        assert_eq!(t.text(text), Some("文字"));
        let mut depth_of_text = 0;
        let mut n = text;
        while let Some(p) = t.parent(n) {
            depth_of_text += 1;
            n = p;
        }
        assert_eq!(depth_of_text, MAX_DEPTH + 1);
    }

    #[test]
    fn many_attributes_and_unterminated_markup() {
        let attrs: String = (0..10_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let t = Tree::parse(&format!("<div class=x{attrs} class=nav>正文</div><p"));
        assert_eq!(t.flags(1) & FURNITURE, 0, "the first class wins");
        assert_eq!(shape(&t, Tree::ROOT), "#doc(div(正文))");
        let t = Tree::parse("<!-- never closed <p>正文");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn a_comment_ends_at_either_closing_form() {
        let t = Tree::parse("<p>甲<!-- x --!> 可见 --> 乙</p>");
        assert_eq!(shape(&t, Tree::ROOT), "#doc(p(甲 可见 --> 乙))");
        let t = Tree::parse("<p>甲<!-- a -- b ---> 丙<!-- c --!-> d --> 丁</p>");
        assert_eq!(shape(&t, Tree::ROOT), "#doc(p(甲 丙 丁))");
    }

    #[test]
    fn flattened_elements_close_with_the_element_they_were_put_in() {
        // A `<p>` flattened at the depth limit, then its parent closes: the
        // `<p>` is closed with it, so the end tag of a later real `<p>` ends
        // that one instead of being taken for the flattened one's.
        let page = format!("{}<p>深</div><p>甲</p>乙", "<div>".repeat(MAX_DEPTH));
        let t = Tree::parse(&page);
        assert_eq!(t.flattened, 1);
        let shown = shape(&t, Tree::ROOT);
        let inner = shown.trim_end_matches(')');
        assert!(
            inner.ends_with("div(p()深)p(甲)乙"),
            "{}",
            &inner[inner.len() - 60..]
        );
    }
}
