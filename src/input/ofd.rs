//! Reading OFD documents (GB/T 33190-2016, the national format for official
//! electronic documents). An OFD file is a ZIP: `OFD.xml` names the
//! document's `Document.xml`, which lists the pages in order; each page's
//! `Content.xml` holds `TextObject`s (a box on the page, a type size) with
//! `TextCode`s (a start point and the spacing of each following character,
//! `DeltaX`, where `g 10 3.5` stands for ten steps of 3.5). Positions are in
//! millimetres from the top left. The characters are placed and handed to
//! the same layout as PDF pages ([`super::pdf::layout`]): lines, paragraphs,
//! page numbers and running lines are treated alike. Page templates
//! (`Template`) are not read: they hold headers, footers and seals.

use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use super::pdf::layout::{self, Char, Page};
use super::xml;

/// Pages beyond this are not read.
const MAX_PAGES: usize = 5_000;

/// Elements kept from one part: a page of text has a few thousand, and
/// each kept element costs about 100 bytes.
const MAX_ELEMENTS: usize = 1_000_000;

/// One millimetre in points: the layout's thresholds assume PDF units.
const MM: f32 = 72.0 / 25.4;

/// Why an OFD could not be read.
#[derive(Debug)]
pub enum OfdError {
    /// The detail says why, in Chinese.
    Corrupt(String),
    /// A part unpacks past the limit.
    TooLarge { size: u64, limit: u64 },
    /// More characters than the PDF reader allows.
    TooMuchText,
}

/// An OFD's text, one paragraph a line, and where each page's text starts.
pub struct Extracted {
    pub text: String,
    pub pages: crate::document::PageMap,
}

/// Whether a ZIP is an OFD package: it has `OFD.xml` at its root.
pub fn is_ofd(bytes: &[u8]) -> bool {
    ZipArchive::new(Cursor::new(bytes))
        .map(|a| a.file_names().any(|n| n.eq_ignore_ascii_case("OFD.xml")))
        .unwrap_or(false)
}

/// Reads the text of every page, in the document's page order.
/// `limit` bounds the unpacked size of the parts, together.
pub fn extract(bytes: &[u8], limit: u64) -> Result<Extracted, OfdError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| OfdError::Corrupt("ZIP 压缩包不完整或已损坏".to_string()))?;
    let mut budget = limit;
    let root_name = archive
        .file_names()
        .find(|n| n.eq_ignore_ascii_case("OFD.xml"))
        .map(str::to_string)
        .ok_or_else(|| OfdError::Corrupt("压缩包中没有 OFD.xml".to_string()))?;
    let root = read_xml(&mut archive, &root_name, &mut budget, limit)?;
    let doc_path = root
        .iter()
        .find(|e| e.name == "DocRoot")
        .map(|e| e.text.trim().to_string())
        .filter(|p| !p.is_empty())
        .ok_or_else(|| OfdError::Corrupt("OFD.xml 中没有 DocRoot（文档入口）".to_string()))?;
    let doc_path = resolve("", &doc_path);
    let document = read_xml(&mut archive, &doc_path, &mut budget, limit)?;
    let doc_dir = parent(&doc_path);
    // The pages are the `Page` elements of `Pages` (template pages are
    // `TemplatePage`), in order.
    let pages: Vec<String> = document
        .iter()
        .filter(|e| e.name == "Page" && e.parent == "Pages")
        .filter_map(|e| e.attr("BaseLoc"))
        .take(MAX_PAGES)
        .map(|loc| resolve(&doc_dir, loc))
        .collect();
    if pages.is_empty() {
        return Err(OfdError::Corrupt("Document.xml 中没有页面".to_string()));
    }
    let mut drawn = Vec::with_capacity(pages.len());
    let mut count = 0usize;
    for (index, path) in pages.iter().enumerate() {
        // A page that is missing or broken is left out; the others are read.
        let content = match read_xml(&mut archive, path, &mut budget, limit) {
            Ok(c) => c,
            Err(OfdError::Corrupt(_)) => continue,
            Err(e) => return Err(e),
        };
        let mut chars = Vec::new();
        text_objects(&content, index, &mut chars);
        count += chars.len();
        if count > super::pdf::MAX_CHARS {
            return Err(OfdError::TooMuchText);
        }
        drawn.push(Page { chars });
    }
    let (text, pages) = layout::paragraphs(drawn);
    Ok(Extracted { text, pages })
}

/// The characters of every `TextObject` of a page, in page coordinates
/// (points, y upwards).
fn text_objects(elements: &[Element], page: usize, out: &mut Vec<Char>) {
    let mut boundary = (0.0f32, 0.0f32);
    let mut size = 3.5f32;
    // The last TextCode's position carries on when a TextCode has none.
    let (mut x, mut y) = (0.0f32, 0.0f32);
    for e in elements {
        match e.name.as_str() {
            "TextObject" => {
                let b = numbers(e.attr("Boundary").unwrap_or(""));
                boundary = (
                    b.first().copied().unwrap_or(0.0),
                    b.get(1).copied().unwrap_or(0.0),
                );
                size = e
                    .attr("Size")
                    .and_then(|s| s.trim().parse::<f32>().ok())
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .unwrap_or(3.5);
                (x, y) = (0.0, 0.0);
            }
            "TextCode" => {
                if let Some(v) = e.attr("X").and_then(|v| v.trim().parse::<f32>().ok()) {
                    x = v;
                }
                if let Some(v) = e.attr("Y").and_then(|v| v.trim().parse::<f32>().ok()) {
                    y = v;
                }
                let deltas = delta_list(e.attr("DeltaX").unwrap_or(""));
                let chars: Vec<char> = e.text.chars().collect();
                let mut cx = x;
                for (i, c) in chars.iter().enumerate() {
                    let step = deltas.get(i).or(deltas.last()).copied().unwrap_or(size);
                    let (px, py) = (boundary.0 + cx, boundary.1 + y);
                    if px.is_finite() && py.is_finite() {
                        let advance = if i + 1 < chars.len() { step } else { size };
                        out.push(Char {
                            page,
                            x: px * MM,
                            y: -py * MM,
                            end: (px + advance) * MM,
                            size: size * MM,
                            text: c.to_string(),
                        });
                    }
                    cx += step;
                }
                x = cx;
            }
            _ => {}
        }
    }
}

/// `DeltaX`/`DeltaY`: numbers, where `g N v` stands for N times v.
fn delta_list(text: &str) -> Vec<f32> {
    let mut out = Vec::new();
    let mut parts = text.split_whitespace();
    while let Some(p) = parts.next() {
        if p == "g" {
            let n = parts
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            let v = parts
                .next()
                .and_then(|v| v.parse::<f32>().ok())
                .unwrap_or(0.0);
            // No line is longer than a few hundred characters.
            for _ in 0..n.min(10_000) {
                out.push(v);
            }
        } else if let Ok(v) = p.parse::<f32>() {
            out.push(v);
        }
        if out.len() > 100_000 {
            break;
        }
    }
    out
}

fn numbers(text: &str) -> Vec<f32> {
    text.split_whitespace()
        .filter_map(|p| p.parse::<f32>().ok())
        .filter(|v| v.is_finite())
        .collect()
}

/// A location inside the package: absolute (`/Doc_0/…`) or relative to
/// the directory of the part that names it.
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let joined = match loc.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None if dir.is_empty() => loc,
        None => format!("{dir}/{loc}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

/// Reads and parses one part, within what is left of the budget.
fn read_xml(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limit: u64,
) -> Result<Vec<Element>, OfdError> {
    let real = archive
        .file_names()
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(str::to_string)
        .ok_or_else(|| OfdError::Corrupt(format!("压缩包中没有 {name}")))?;
    let file = archive
        .by_name(&real)
        .map_err(|_| OfdError::Corrupt(format!("{name} 无法解压")))?;
    let mut bytes = Vec::new();
    file.take(*budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| OfdError::Corrupt(format!("{name} 无法解压，文件可能已损坏")))?;
    if bytes.len() as u64 > *budget {
        return Err(OfdError::TooLarge {
            size: limit + 1,
            limit,
        });
    }
    *budget -= bytes.len() as u64;
    let text = String::from_utf8(bytes)
        .map_err(|_| OfdError::Corrupt(format!("{name} 不是 UTF-8 编码的 XML")))?;
    elements(&text).map_err(|e| {
        if e == TOO_MANY {
            OfdError::TooMuchText
        } else {
            OfdError::Corrupt(format!("{name}：{e}"))
        }
    })
}

/// An element of an OFD part, flattened: its local name, its parent's,
/// its attributes and the text directly inside it.
struct Element {
    name: String,
    parent: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The elements of a part in document order, read as a stream (no tree:
/// nesting depth costs nothing).
fn elements(text: &str) -> Result<Vec<Element>, String> {
    let mut reader = Reader::from_str(text);
    let mut out: Vec<Element> = Vec::new();
    // Indices in `out` of the open elements.
    let mut open: Vec<usize> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|_| xml::syntax_error(&reader))?;
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if out.len() >= MAX_ELEMENTS {
                    return Err(TOO_MANY.to_string());
                }
                let node = xml::element(&e)?;
                out.push(Element {
                    parent: names.last().cloned().unwrap_or_default(),
                    name: node.name.clone(),
                    attrs: node.attrs,
                    text: String::new(),
                });
                if !is_empty {
                    open.push(out.len() - 1);
                    names.push(node.name);
                }
            }
            Event::End(_) => {
                open.pop();
                names.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    let s = t
                        .xml10_content()
                        .map_err(|_| "文字编码有误，文件可能已损坏".to_string())?;
                    out[i].text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&entity(&r)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

const TOO_MANY: &str = "元素过多";

fn entity(r: &BytesRef) -> Result<String, String> {
    const BAD: &str = "字符引用有误，文件可能已损坏";
    if let Some(c) = r.resolve_char_ref().map_err(|_| BAD.to_string())? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|_| BAD.to_string())?;
    Ok(resolve_predefined_entity(&name)
        .map(str::to_string)
        .unwrap_or_else(|| format!("&{name};")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_lists_and_locations() {
        assert_eq!(delta_list("1 g 3 2.5 4"), vec![1.0, 2.5, 2.5, 2.5, 4.0]);
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/P.xml"), "Doc_0/Pages/P.xml");
        assert_eq!(resolve("Doc_0/Pages", "../Res/a.xml"), "Doc_0/Res/a.xml");
    }
}
