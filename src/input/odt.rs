//! OpenDocument text (.odt, as LibreOffice, WPS and other suites write it):
//! the paragraphs and headings of `content.xml` in order, one per line, with
//! the list numbers the application draws in front of them.
//!
//! An .odt is a ZIP archive whose `mimetype` says what it is. `content.xml`
//! holds the body (`text:p`, `text:h`, lists, tables) and the document's
//! automatic styles; `styles.xml` the named styles, the list styles and the
//! outline (chapter) numbering. What the reader of the printed document sees
//! is kept: the text of spans, links and fields, table cells (one line per
//! cell paragraph), inserted changes. What is not shown is dropped: the
//! deleted text of tracked changes (kept apart in `text:tracked-changes`),
//! footnote bodies, comments, text boxes and drawings, and text in a hidden
//! character style (`text:display="none"`). Spaces follow the format's rule:
//! runs of white space in the XML are one space, `text:s` stands for spaces
//! that are kept.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use super::docx::{self, format_number, DocxError, Extracted};
use super::xml::{self, element, Node};

/// Levels of a list style (ODF allows 10).
const LEVELS: usize = 10;
/// Name under which the outline (chapter) numbering is kept with the lists.
const OUTLINE: &str = "\u{0}outline";
/// How far a style's parent chain is followed (a broken file may loop).
const MAX_CHAIN: usize = 16;
/// `text:s` may ask for this many spaces at most.
const MAX_SPACES: usize = 1000;

/// The `mimetype` entry of an OpenDocument text or text template.
const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// Whether a ZIP archive is an OpenDocument text: its `mimetype` says so.
pub fn is_odt(bytes: &[u8]) -> bool {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    matches!(
        docx::read_part(&mut archive, "mimetype", 256),
        Ok(Some(m)) if m.trim().starts_with(MIMETYPE)
    )
}

/// Extracts the body text of an .odt held in memory. `limit` bounds the
/// unpacked size of each part read. The failures are those of a .docx.
pub fn extract(bytes: &[u8], limit: u64) -> Result<Extracted, DocxError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(docx::zip_error)?;
    let Some(content) = docx::read_part(&mut archive, "content.xml", limit)? else {
        return Err(DocxError::Corrupt("缺少正文部分 content.xml".to_string()));
    };
    let mut styles = Styles::default();
    if let Some(x) = docx::read_part(&mut archive, "styles.xml", limit)? {
        styles.read(&docx::parse(&x, "styles.xml")?);
    }
    let max = super::MAX_LINES;
    body(&content, styles, max).map_err(|e| match e {
        BodyError::Malformed(why) => DocxError::Corrupt(format!("content.xml：{why}")),
        BodyError::TooMany => DocxError::TooManyParagraphs { limit: max },
    })
}

/// One level of a list style.
#[derive(Debug, Clone, Default)]
struct Level {
    /// The number format in Word's names (for [`format_number`]); `None` for
    /// bullets, pictures and levels without a number.
    format: Option<&'static str>,
    prefix: String,
    suffix: String,
    /// How many levels the number shows (2: “1.2”).
    display: usize,
    start: i64,
}

#[derive(Debug, Clone, Default)]
struct ParagraphStyle {
    parent: Option<String>,
    list_style: Option<String>,
}

/// The styles that matter for the text: list styles (with the outline
/// numbering), paragraph styles naming a list style, hidden text styles.
#[derive(Debug, Default)]
struct Styles {
    lists: HashMap<String, Vec<Level>>,
    paragraphs: HashMap<String, ParagraphStyle>,
    hidden: HashMap<String, bool>,
}

impl Styles {
    /// Reads the styles under any element of `root` (`office:styles`,
    /// `office:automatic-styles`, the document element).
    fn read(&mut self, root: &Node) {
        for node in &root.children {
            match node.name.as_str() {
                "list-style" | "outline-style" => {
                    let name = if node.name == "outline-style" {
                        OUTLINE.to_string()
                    } else {
                        match node.attr("name") {
                            Some(n) => n.to_string(),
                            None => continue,
                        }
                    };
                    self.lists.insert(name, list_levels(node));
                }
                "style" => self.style(node),
                _ => self.read(node),
            }
        }
    }

    fn style(&mut self, node: &Node) {
        let Some(name) = node.attr("name") else {
            return;
        };
        match node.attr("family") {
            Some("paragraph") => {
                self.paragraphs.insert(
                    name.to_string(),
                    ParagraphStyle {
                        parent: node.attr("parent-style-name").map(str::to_string),
                        list_style: node.attr("list-style-name").map(str::to_string),
                    },
                );
            }
            Some("text") => {
                let hidden = node
                    .child("text-properties")
                    .and_then(|p| p.attr("display"))
                    .is_some_and(|d| d == "none");
                self.hidden.insert(name.to_string(), hidden);
            }
            _ => {}
        }
    }

    /// The list style a paragraph style names, following its parents.
    fn list_of_paragraph(&self, style: &str) -> Option<&str> {
        let mut name = style;
        for _ in 0..MAX_CHAIN {
            let s = self.paragraphs.get(name)?;
            if let Some(list) = s.list_style.as_deref().filter(|l| !l.is_empty()) {
                return Some(list);
            }
            name = s.parent.as_deref()?;
        }
        None
    }
}

fn list_levels(node: &Node) -> Vec<Level> {
    let mut levels = vec![Level::default(); LEVELS];
    for level in &node.children {
        let Some(i) = level
            .attr("level")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| (1..=LEVELS).contains(l))
        else {
            continue;
        };
        let numbered = matches!(
            level.name.as_str(),
            "list-level-style-number" | "outline-level-style"
        );
        levels[i - 1] = Level {
            format: if numbered {
                level.attr("num-format").and_then(word_format)
            } else {
                None
            },
            prefix: level.attr("num-prefix").unwrap_or_default().to_string(),
            suffix: level.attr("num-suffix").unwrap_or_default().to_string(),
            display: level
                .attr("display-levels")
                .and_then(|d| d.parse().ok())
                .unwrap_or(1)
                .clamp(1, i),
            start: level
                .attr("start-value")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1),
        };
    }
    levels
}

/// An ODF number format (`style:num-format`) in Word's names. The format is
/// given by its first numbers: “1”, “a”, “I”, “一, 二, 三, ...”, “①, ②, ③, ...”.
fn word_format(format: &str) -> Option<&'static str> {
    let first = format.chars().next()?;
    Some(match first {
        '1' => "decimal",
        'a' => "lowerLetter",
        'A' => "upperLetter",
        'i' => "lowerRoman",
        'I' => "upperRoman",
        '一' | '〇' => "chineseCounting",
        '壹' => "chineseLegalSimplified",
        '①' => "decimalEnclosedCircle",
        '⑴' => "decimalEnclosedParen",
        '⒈' => "decimalEnclosedFullstop",
        '甲' => "ideographTraditional",
        '子' => "ideographZodiac",
        '１' => "decimalFullWidth",
        _ => "decimal",
    })
}

/// Why the body gave no text.
enum BodyError {
    Malformed(String),
    TooMany,
}

impl From<String> for BodyError {
    fn from(why: String) -> Self {
        BodyError::Malformed(why)
    }
}

/// Elements whose content is not part of the text a reader sees.
const SKIPPED: &[&str] = &[
    "tracked-changes",
    "note",
    "annotation",
    "frame",
    "custom-shape",
    "rect",
    "ellipse",
    "line",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "hidden-text",
    "forms",
    "scripts",
    "font-face-decls",
];

/// A list open at a point of the body.
struct OpenList {
    /// The list style in force (its own, or its parent list's).
    style: Option<String>,
    /// The list (top-level `text:list`) whose counters it uses.
    id: String,
    level: usize,
}

/// The counters of every list, and which list a continuing list continues.
#[derive(Default)]
struct Counters {
    values: HashMap<String, [Option<i64>; LEVELS]>,
    /// The last list started with each style, for `text:continue-numbering`.
    last_of_style: HashMap<String, String>,
    fresh: usize,
}

impl Counters {
    /// Advances `list` at `level` (0-based) and returns the label.
    fn next(&mut self, list: &str, levels: &[Level], level: usize, start: Option<i64>) -> String {
        let level = level.min(LEVELS - 1);
        let counters = self
            .values
            .entry(list.to_string())
            .or_insert([None; LEVELS]);
        let def = &levels[level];
        counters[level] =
            Some(start.unwrap_or_else(|| counters[level].map_or(def.start, |v| v + 1)));
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let Some(format) = def.format else {
            return String::new();
        };
        let mut label = def.prefix.clone();
        let first = level + 1 - def.display.min(level + 1);
        for (i, l) in (first..=level).enumerate() {
            if i > 0 {
                label.push('.');
            }
            let value = counters[l].unwrap_or(levels[l].start);
            label.push_str(&format_number(value, levels[l].format.unwrap_or(format)));
        }
        label.push_str(&def.suffix);
        label
    }
}

/// The paragraph being read.
#[derive(Default)]
struct Open {
    text: String,
    outline: Option<u8>,
    /// A number was drawn: a cached `text:number` is not read again.
    numbered: bool,
    /// The last character came from collapsed white space.
    space: bool,
}

impl Open {
    /// Text from the XML: white space collapses to one space, and none at
    /// the start of the paragraph.
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !self.space && !self.text.is_empty() {
                    self.text.push(' ');
                    self.space = true;
                }
            } else {
                self.text.push(c);
                self.space = false;
            }
        }
    }

    fn push_kept(&mut self, c: char) {
        self.text.push(c);
        self.space = false;
    }
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// Reads `content.xml`: its automatic styles, then the body.
fn body(xml: &str, mut styles: Styles, max: usize) -> Result<Extracted, BodyError> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut outline = Vec::new();
    let mut para: Option<Open> = None;
    let mut lists: Vec<OpenList> = Vec::new();
    let mut counters = Counters::default();
    // Inside a list item, before its first paragraph (which alone is
    // numbered); `Some(start)` when the item restarts the count.
    let mut item_first: Option<Option<i64>> = None;
    let mut in_header = false;
    let mut depth = 0usize;
    let mut skip = 0usize;
    // The automatic styles, built as a tree while they are read.
    let mut styles_tree: Option<Vec<Node>> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| xml::syntax_error(&reader))?;
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(BodyError::Malformed(format!(
                    "XML 不完整：到结尾（第 {} 字节）还有 {depth} 个元素没有闭合，文件可能被截断或已损坏",
                    xml.len()
                )))
            }
            _ => {}
        }
        if let Some(stack) = styles_tree.as_mut() {
            match event {
                Event::Start(e) if stack.len() < xml::MAX_DEPTH => stack.push(element(&e)?),
                Event::Start(_) => skip += 1,
                Event::Empty(e) if skip == 0 => {
                    let node = element(&e)?;
                    if let Some(top) = stack.last_mut() {
                        top.children.push(node);
                    }
                }
                Event::End(_) if skip > 0 => skip -= 1,
                Event::End(_) => {
                    let node = stack.pop().unwrap_or_default();
                    match stack.last_mut() {
                        Some(top) => top.children.push(node),
                        None => {
                            styles.read(&node);
                            styles_tree = None;
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => {
                let name = local(e.local_name().as_ref());
                if SKIPPED.contains(&name.as_str()) {
                    skip = 1;
                    continue;
                }
                match name.as_str() {
                    "automatic-styles" => styles_tree = Some(vec![Node::default()]),
                    "list" => lists.push(open_list(&element(&e)?, &lists, &mut counters)),
                    "list-item" | "list-header" => {
                        let node = element(&e)?;
                        in_header = name == "list-header";
                        item_first = Some(node.attr("start-value").and_then(|v| v.parse().ok()));
                    }
                    "p" | "h" => {
                        if let Some(open) = para.take() {
                            push_line(&mut text, &mut outline, open, max)?;
                        }
                        let node = element(&e)?;
                        para = Some(start_paragraph(
                            &node,
                            &styles,
                            &lists,
                            &mut counters,
                            item_first.take().filter(|_| !in_header),
                        ));
                    }
                    "number" if para.as_ref().is_some_and(|p| p.numbered) => skip = 1,
                    "span" => {
                        let hidden = element(&e)?
                            .attr("style-name")
                            .and_then(|s| styles.hidden.get(s))
                            .copied()
                            .unwrap_or(false);
                        if hidden {
                            skip = 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                match name.as_str() {
                    "p" | "h" => {
                        if let Some(open) = para.take() {
                            push_line(&mut text, &mut outline, open, max)?;
                        }
                        let node = element(&e)?;
                        let open = start_paragraph(
                            &node,
                            &styles,
                            &lists,
                            &mut counters,
                            item_first.take().filter(|_| !in_header),
                        );
                        push_line(&mut text, &mut outline, open, max)?;
                    }
                    "s" => {
                        if let Some(p) = para.as_mut() {
                            let count = element(&e)?
                                .attr("c")
                                .and_then(|c| c.parse::<usize>().ok())
                                .unwrap_or(1)
                                .min(MAX_SPACES);
                            for _ in 0..count {
                                p.push_kept(' ');
                            }
                        }
                    }
                    "tab" => {
                        if let Some(p) = para.as_mut() {
                            p.push_kept('\t');
                        }
                    }
                    "line-break" => {
                        // Nothing between two Chinese characters, a space
                        // between words (as for a line break in Word).
                        if let Some(p) = para.as_mut() {
                            if p.text.chars().last().is_some_and(|c| c.is_ascii()) {
                                p.push_text(" ");
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match local(e.local_name().as_ref()).as_str() {
                "p" | "h" => {
                    if let Some(open) = para.take() {
                        push_line(&mut text, &mut outline, open, max)?;
                    }
                }
                "list" => {
                    lists.pop();
                    item_first = None;
                }
                "list-item" | "list-header" => {
                    item_first = None;
                    in_header = false;
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(p) = para.as_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|_| "文字编码有误，文件可能已损坏".to_string())?;
                    p.push_text(&s);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = para.as_mut() {
                    const BAD: &str = "字符引用有误，文件可能已损坏";
                    let c = match r.resolve_char_ref().map_err(|_| BAD.to_string())? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r.decode().map_err(|_| BAD.to_string())?;
                            resolve_predefined_entity(&name)
                                .map(str::to_string)
                                .unwrap_or_else(|| format!("&{name};"))
                        }
                    };
                    p.push_text(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = para.take() {
        push_line(&mut text, &mut outline, open, max)?;
    }
    Ok(Extracted {
        text,
        outline,
        layout: Default::default(),
    })
}

/// A `text:list` starts: which list it counts in, at which level, in which
/// style. A top-level list is a new list unless it continues one.
fn open_list(node: &Node, lists: &[OpenList], counters: &mut Counters) -> OpenList {
    let own_style = node.attr("style-name").map(str::to_string);
    if let Some(parent) = lists.last() {
        return OpenList {
            style: own_style.or_else(|| parent.style.clone()),
            id: parent.id.clone(),
            level: parent.level + 1,
        };
    }
    let continues = node
        .attr("continue-list")
        .filter(|id| counters.values.contains_key(*id))
        .map(str::to_string)
        .or_else(|| {
            let yes = node.attr("continue-numbering") == Some("true");
            own_style
                .as_ref()
                .filter(|_| yes)
                .and_then(|s| counters.last_of_style.get(s).cloned())
        });
    let id = continues.unwrap_or_else(|| {
        counters.fresh += 1;
        let id = match node.attr("id") {
            Some(id) if !counters.values.contains_key(id) => id.to_string(),
            _ => format!("\u{0}{}", counters.fresh),
        };
        counters.values.insert(id.clone(), [None; LEVELS]);
        id
    });
    if let Some(style) = &own_style {
        counters.last_of_style.insert(style.clone(), id.clone());
    }
    OpenList {
        style: own_style,
        id,
        level: 0,
    }
}

/// A paragraph or heading starts: its outline level and the number drawn in
/// front of it (the first paragraph of a list item, or a heading numbered
/// by the outline numbering).
fn start_paragraph(
    node: &Node,
    styles: &Styles,
    lists: &[OpenList],
    counters: &mut Counters,
    item_start: Option<Option<i64>>,
) -> Open {
    let heading = node.name == "h";
    let level = heading.then(|| {
        node.attr("outline-level")
            .and_then(|l| l.parse::<u8>().ok())
            .unwrap_or(1)
            .clamp(1, 10)
    });
    let mut open = Open {
        outline: level.map(|l| l.min(9)),
        ..Open::default()
    };
    let paragraph_list = || {
        node.attr("style-name")
            .and_then(|s| styles.list_of_paragraph(s))
    };
    let label = match (lists.last(), item_start) {
        (Some(list), Some(start)) => list
            .style
            .as_deref()
            .or_else(paragraph_list)
            .and_then(|s| styles.lists.get(s))
            .map(|levels| counters.next(&list.id, levels, list.level, start)),
        (None, _) if heading && node.attr("is-list-header") != Some("true") => {
            styles.lists.get(OUTLINE).map(|levels| {
                let level = usize::from(level.unwrap_or(1)) - 1;
                counters.next(OUTLINE, levels, level, None)
            })
        }
        _ => None,
    };
    if let Some(label) = label {
        open.numbered = true;
        open.text = label;
    }
    open
}

fn push_line(
    text: &mut String,
    outline: &mut Vec<Option<u8>>,
    p: Open,
    max: usize,
) -> Result<(), BodyError> {
    if outline.len() >= max {
        return Err(BodyError::TooMany);
    }
    text.push_str(&p.text);
    text.push('\n');
    outline.push(p.outline);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use super::*;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#;

    /// An .odt in memory with these automatic styles, body and named
    /// styles.
    pub fn odt(automatic: &str, body: &str, styles: &str) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut part = |name: &str, text: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        part("mimetype", MIMETYPE);
        part("content.xml", &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {NS}><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"));
        part(
            "styles.xml",
            &format!("<office:document-styles {NS}><office:styles>{styles}</office:styles></office:document-styles>"),
        );
        zip.finish().unwrap().into_inner()
    }

    fn lines(e: &Extracted) -> Vec<&str> {
        e.text.lines().collect()
    }

    #[test]
    fn paragraphs_spans_spaces_tables_and_what_is_not_shown() {
        let automatic = r#"<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>"#;
        let body = concat!(
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>删掉的</text:p></text:deletion></text:changed-region></text:tracked-changes>",
            "<text:sequence-decls><text:sequence-decl text:name=\"Table\"/></text:sequence-decls>",
            "<text:p text:style-name=\"Standard\">关于<text:span>2021</text:span>年度  法治\n政府<text:change text:change-id=\"c1\"/>建设<text:s text:c=\"2\"/>情况</text:p>",
            "<text:p/>",
            "<text:p>正文<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注</text:p></text:note-body></text:note>继续<text:span text:style-name=\"T1\">隐藏</text:span>。<draw:frame><draw:text-box><text:p>文本框</text:p></draw:text-box></draw:frame></text:p>",
            "<table:table><table:table-row><table:table-cell><text:p>单元格一</text:p></table:table-cell><table:table-cell><text:p>单元格二</text:p></table:table-cell></table:table-row></table:table>",
            "<text:p>甲<text:tab/>乙<text:line-break/>丙 &amp; <text:a>链接</text:a></text:p>",
        );
        let e = extract(&odt(automatic, body, ""), 1 << 20).unwrap();
        assert_eq!(
            lines(&e),
            [
                "关于2021年度 法治 政府建设  情况",
                "",
                "正文继续。",
                "单元格一",
                "单元格二",
                "甲\t乙丙 & 链接"
            ]
        );
    }

    #[test]
    fn list_numbering_outline_numbering_and_continued_lists() {
        let styles = concat!(
            "<text:list-style style:name=\"L1\">",
            "<text:list-level-style-number text:level=\"1\" style:num-suffix=\"、\" style:num-format=\"一, 二, 三, ...\"/>",
            "<text:list-level-style-number text:level=\"2\" style:num-prefix=\"（\" style:num-suffix=\"）\" style:num-format=\"一, 二, 三, ...\"/>",
            "<text:list-level-style-number text:level=\"3\" style:num-suffix=\".\" style:num-format=\"1\" text:display-levels=\"2\"/>",
            "</text:list-style>",
            "<text:list-style style:name=\"B\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"•\"/></text:list-style>",
            "<text:outline-style style:name=\"Outline\"><text:outline-level-style text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/></text:outline-style>",
            "<style:style style:name=\"Heading_20_2\" style:family=\"paragraph\" style:list-style-name=\"L1\"/>",
        );
        let item = |text: &str| format!("<text:list-item><text:p>{text}</text:p></text:list-item>");
        let body = [
            format!("<text:list text:style-name=\"L1\">{}<text:list-item><text:p>乙</text:p><text:p>乙的第二段</text:p><text:list>{}{}<text:list-item><text:list>{}</text:list></text:list-item></text:list></text:list-item></text:list>", item("甲"), item("子一"), item("子二"), item("孙")),
            format!("<text:list text:continue-numbering=\"true\" text:style-name=\"L1\">{}</text:list>", item("丙")),
            format!("<text:list text:style-name=\"L1\">{}</text:list>", item("新列表")),
            "<text:list><text:list-item><text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">按段落样式编号</text:h></text:list-item></text:list>".to_string(),
            format!("<text:list text:style-name=\"B\">{}</text:list>", item("圆点")),
            "<text:h text:outline-level=\"1\">章</text:h><text:h text:outline-level=\"1\" text:is-list-header=\"true\">不编号</text:h><text:h text:outline-level=\"1\">章二</text:h>".to_string(),
        ]
        .concat();
        let e = extract(&odt("", &body, styles), 1 << 20).unwrap();
        assert_eq!(
            lines(&e),
            [
                "一、甲",
                "二、乙",
                "乙的第二段",
                "（一）子一",
                "（二）子二",
                "二.1.孙",
                "三、丙",
                "一、新列表",
                "一、按段落样式编号",
                "圆点",
                "1.章",
                "不编号",
                "2.章二",
            ]
        );
        assert_eq!(e.outline[8], Some(2));
        assert_eq!(e.outline[10], Some(1));
    }

    #[test]
    fn broken_and_cut_off_files_are_errors() {
        let whole = odt("", "<text:p>正文</text:p>", "");
        assert!(is_odt(&whole));
        assert!(matches!(
            extract(&whole[..whole.len() / 2], 1 << 20),
            Err(DocxError::Corrupt(_))
        ));
        let open = odt("", "<text:p>未闭合<text:span></text:p>", "");
        assert!(matches!(
            extract(&open, 1 << 20),
            Err(DocxError::Corrupt(_))
        ));
        let many = odt("", &"<text:p/>".repeat(crate::input::MAX_LINES + 1), "");
        assert!(matches!(
            extract(&many, 1 << 24),
            Err(DocxError::TooManyParagraphs { .. })
        ));
        assert!(matches!(
            extract(&whole, 10),
            Err(DocxError::TooLarge { .. })
        ));
    }
}
