//! Where each character of a Word document's text sits in its
//! `word/document.xml`: the inverse of the reader in `input::docx`.
//!
//! The body is walked the way the reader walks it (paragraphs, runs, `w:t`,
//! tabs and breaks, fields, deleted and hidden text, paragraphs whose mark
//! is deleted or hidden running on into the next), and every character it
//! would put into the text is tied to the run, the run's child element and
//! the character inside it. [`Layout::align`] then ties those characters to
//! the checked text, line by line; it refuses when the two disagree (a
//! style that hides text, say), so a finding is never put on the wrong
//! characters.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::input::docx::styles::Styles;

/// A character of the body text: where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub ch: char,
    pub run: usize,
    pub child: usize,
    /// The character's index in its `w:t` (0 for a tab or a break).
    pub idx: usize,
}

/// A paragraph element: the places where markup can be added to it.
#[derive(Debug, Clone, Default)]
pub struct Para {
    /// Just after the `<w:p …>` start tag.
    pub open_end: usize,
    /// Where `</w:p>` starts.
    pub close_start: usize,
    /// A self-closing `<w:p/>`: its byte range.
    pub empty: Option<(usize, usize)>,
    /// Just after `<w:rPr>` inside `w:pPr` (the paragraph mark's
    /// properties), if there is one.
    pub mark_rpr_open_end: Option<usize>,
    /// Where a `w:rPr` can go inside `w:pPr` when there is none: before
    /// `w:sectPr`/`w:pPrChange`, else before `</w:pPr>`.
    pub ppr_insert: Option<usize>,
    /// `w:pPr` is present but its mark properties cannot be edited (a
    /// self-closing `<w:pPr/>` or `<w:rPr/>`).
    pub mark_locked: bool,
}

/// A child element of a run.
#[derive(Debug, Clone)]
pub struct Child {
    pub start: usize,
    pub end: usize,
    /// For a `w:t`: its decoded text.
    pub text: Option<Vec<char>>,
}

/// A run (`w:r`) and its parts.
#[derive(Debug, Clone)]
pub struct RunPos {
    pub start: usize,
    pub end: usize,
    /// The `<w:r …>` start tag (or the whole self-closing run).
    pub open_tag: (usize, usize),
    /// `w:rPr`, whole.
    pub rpr: Option<(usize, usize)>,
    pub children: Vec<Child>,
    /// Whether the run can be cut into pieces: all its text is in `w:t`
    /// elements directly inside it.
    pub splittable: bool,
}

/// A line of the body text: its characters and the paragraph whose end is
/// the line's end.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub units: Vec<Unit>,
    pub last_para: usize,
}

/// The body of a document.xml, mapped.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub paras: Vec<Para>,
    pub runs: Vec<RunPos>,
    pub lines: Vec<Line>,
}

/// Elements whose whole content is not part of the body text (as in the
/// reader).
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "delText",
    "delInstrText",
    "instrText",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
    "txbxContent",
    "sectPr",
    "rPrChange",
    "pPrChange",
    "footnoteReference",
    "endnoteReference",
];

#[derive(Default)]
struct Open {
    para: usize,
    units: Vec<Unit>,
    style: Option<String>,
    mark_deleted: bool,
    mark_vanish: Option<bool>,
}

impl Open {
    /// Whether text with this direct `w:vanish` is hidden: direct
    /// formatting, else the paragraph style (as the reader decides).
    fn hidden(&self, direct: Option<bool>, styles: &Styles) -> bool {
        direct
            .or_else(|| self.style.as_deref().and_then(|s| styles.hidden(s)))
            .unwrap_or(false)
    }
}

struct OpenRun {
    index: usize,
    depth: usize,
    /// Whether the run's text is hidden (worked out when its properties
    /// end).
    vanish: bool,
    direct_vanish: Option<bool>,
    style: Option<String>,
    /// The direct child open now: (its index, whether it is a `w:t`).
    child: Option<(usize, bool)>,
    /// Where the run's own `w:rPr` starts, while it is open.
    rpr_start: Option<usize>,
}

/// `w:vanish` and `w:del` on a paragraph mark.
fn mark_property(p: &mut Open, name: &str, e: &BytesStart) {
    match name {
        "vanish" => p.mark_vanish = Some(on(e)),
        // Deleted, or moved away (the text is in its new place).
        "del" | "moveFrom" => p.mark_deleted = true,
        _ => {}
    }
}

fn local(name: &[u8]) -> &str {
    let name = std::str::from_utf8(name).unwrap_or("");
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == name).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

impl Layout {
    /// Maps a document.xml. Errors are Chinese and say where.
    pub fn map(xml: &str, styles: &Styles) -> Result<Layout, String> {
        let mut reader = Reader::from_str(xml);
        let mut out = Layout::default();
        let mut para: Option<Open> = None;
        let mut joined: Option<Open> = None;
        let mut run: Option<OpenRun> = None;
        let mut depth = 0usize;
        let mut skip = 0usize;
        let mut ppr_depth: Option<usize> = None;
        let mut in_rpr = false;
        let mut in_t = false;
        // Open fields: true while in the instruction part.
        let mut fields: Vec<bool> = Vec::new();
        loop {
            let start = reader.buffer_position() as usize;
            let event = reader
                .read_event()
                .map_err(|_| format!("XML 格式有误（约第 {start} 字节处）"))?;
            let end = reader.buffer_position() as usize;
            // Direct children of the open run, whatever else happens.
            if let Some(r) = run.as_mut() {
                match &event {
                    Event::Start(e) | Event::Empty(e) if depth == r.depth => {
                        let name = local(e.local_name().as_ref()).to_string();
                        let empty = matches!(event, Event::Empty(_));
                        if name == "rPr" {
                            if empty {
                                out.runs[r.index].rpr = Some((start, end));
                            } else {
                                r.rpr_start = Some(start);
                            }
                            r.child = None;
                        } else {
                            out.runs[r.index].children.push(Child {
                                start,
                                end,
                                text: (name == "t").then(Vec::new),
                            });
                            let c = out.runs[r.index].children.len() - 1;
                            r.child = Some((c, name == "t" && !empty));
                        }
                    }
                    Event::End(_) if depth == r.depth + 1 => {
                        if let Some(s) = r.rpr_start.take() {
                            out.runs[r.index].rpr = Some((s, end));
                        } else if let Some((c, _)) = r.child {
                            out.runs[r.index].children[c].end = end;
                        }
                    }
                    _ => {}
                }
            }
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Eof if depth > 0 => return Err("XML 不完整，文件可能被截断".to_string()),
                _ => {}
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
                    let name = local(e.local_name().as_ref()).to_string();
                    if in_rpr {
                        if let (Some(p), None) = (para.as_mut(), run.as_ref()) {
                            mark_property(p, &name, &e);
                        }
                        skip = 1;
                        continue;
                    }
                    if name == "rPr" {
                        in_rpr = true;
                        if let (Some(p), None, Some(_)) = (para.as_ref(), run.as_ref(), ppr_depth) {
                            out.paras[p.para].mark_rpr_open_end = Some(end);
                        }
                        continue;
                    }
                    if ppr_depth.is_some() && matches!(name.as_str(), "sectPr" | "pPrChange") {
                        if let Some(p) = para.as_ref() {
                            let pp = &mut out.paras[p.para];
                            if pp.ppr_insert.is_none() {
                                pp.ppr_insert = Some(start);
                            }
                        }
                    }
                    if SKIPPED.contains(&name.as_str()) {
                        skip = 1;
                        continue;
                    }
                    match name.as_str() {
                        "p" => {
                            out.paras.push(Para {
                                open_end: end,
                                ..Para::default()
                            });
                            para = Some(Open {
                                para: out.paras.len() - 1,
                                ..Open::default()
                            });
                        }
                        "pPr" => ppr_depth = Some(depth),
                        "r" if para.is_some() => {
                            out.runs.push(RunPos {
                                start,
                                end,
                                open_tag: (start, end),
                                rpr: None,
                                children: Vec::new(),
                                // A run of another vocabulary (an equation's
                                // `m:r`) is never cut.
                                splittable: e.name().as_ref() == b"w:r",
                            });
                            let hidden = para.as_ref().is_some_and(|p| p.hidden(None, styles));
                            run = Some(OpenRun {
                                index: out.runs.len() - 1,
                                depth,
                                vanish: hidden,
                                direct_vanish: None,
                                style: None,
                                child: None,
                                rpr_start: None,
                            });
                        }
                        "t" => in_t = true,
                        _ => {}
                    }
                    let hidden = run.as_ref().is_some_and(|r| r.vanish);
                    if ppr_depth.is_none() && !hidden && name == "fldChar" {
                        field_char(&e, &mut fields);
                    }
                }
                Event::Empty(e) => {
                    let name = local(e.local_name().as_ref()).to_string();
                    if name == "p" {
                        out.paras.push(Para {
                            open_end: end,
                            close_start: start,
                            empty: Some((start, end)),
                            ..Para::default()
                        });
                        let p = Open {
                            para: out.paras.len() - 1,
                            ..Open::default()
                        };
                        end_paragraph(p, &mut joined, &mut out, styles);
                        continue;
                    }
                    let Some(p) = para.as_mut() else { continue };
                    if in_rpr {
                        match run.as_mut() {
                            None => mark_property(p, &name, &e),
                            Some(r) if name == "vanish" => r.direct_vanish = Some(on(&e)),
                            Some(r) if name == "rStyle" => r.style = attr(&e, "val"),
                            Some(_) => {}
                        }
                        continue;
                    }
                    if ppr_depth.is_some() {
                        if name == "pStyle" {
                            p.style = attr(&e, "val");
                        }
                        if name == "rPr" || name == "pPr" {
                            out.paras[p.para].mark_locked = true;
                        }
                        if matches!(name.as_str(), "sectPr" | "pPrChange") {
                            let pp = &mut out.paras[p.para];
                            if pp.ppr_insert.is_none() {
                                pp.ppr_insert = Some(start);
                            }
                        }
                        continue;
                    }
                    if name == "pPr" {
                        out.paras[p.para].mark_locked = true;
                        continue;
                    }
                    let hidden = run.as_ref().is_some_and(|r| r.vanish);
                    if name == "fldChar" {
                        field_char(&e, &mut fields);
                        continue;
                    }
                    if hidden || fields.iter().any(|&i| i) {
                        continue;
                    }
                    let ch = match name.as_str() {
                        "tab" | "ptab" => Some('\t'),
                        "br" | "cr" => {
                            let breaks =
                                !matches!(attr(&e, "type").as_deref(), Some("page" | "column"));
                            (breaks && p.units.last().is_some_and(|u| u.ch.is_ascii()))
                                .then_some(' ')
                        }
                        "noBreakHyphen" => Some('-'),
                        _ => None,
                    };
                    if let (Some(ch), Some(r)) = (ch, run.as_ref()) {
                        match r.child {
                            Some((child, _)) if depth == r.depth => p.units.push(Unit {
                                ch,
                                run: r.index,
                                child,
                                idx: 0,
                            }),
                            _ => {
                                out.runs[r.index].splittable = false;
                                p.units.push(Unit {
                                    ch,
                                    run: r.index,
                                    child: 0,
                                    idx: 0,
                                });
                            }
                        }
                    }
                }
                Event::End(e) => {
                    let name = local(e.local_name().as_ref()).to_string();
                    match name.as_str() {
                        "p" => {
                            if let Some(p) = para.take() {
                                out.paras[p.para].close_start = start;
                                end_paragraph(p, &mut joined, &mut out, styles);
                            }
                            ppr_depth = None;
                            in_rpr = false;
                            in_t = false;
                            run = None;
                        }
                        "pPr" => {
                            if let Some(p) = para.as_ref() {
                                let pp = &mut out.paras[p.para];
                                if pp.ppr_insert.is_none() {
                                    pp.ppr_insert = Some(start);
                                }
                            }
                            ppr_depth = None;
                        }
                        "rPr" => {
                            in_rpr = false;
                            if let (Some(p), Some(r)) = (para.as_ref(), run.as_mut()) {
                                let direct = r.direct_vanish.or_else(|| {
                                    r.style.as_deref().and_then(|s| styles.character_hidden(s))
                                });
                                r.vanish = p.hidden(direct, styles);
                            }
                        }
                        "r" => {
                            if let Some(r) = run.take() {
                                out.runs[r.index].end = end;
                            }
                        }
                        "t" => in_t = false,
                        _ => {}
                    }
                }
                Event::Text(t) if in_t => {
                    let s = t.xml10_content().map_err(|_| "文字编码有误".to_string())?;
                    text(&s, para.as_mut(), run.as_ref(), &fields, &mut out, depth);
                }
                Event::GeneralRef(r) if in_t => {
                    let s = entity(&r)?;
                    text(&s, para.as_mut(), run.as_ref(), &fields, &mut out, depth);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(last) = joined.take() {
            out.lines.push(Line {
                units: last.units,
                last_para: last.para,
            });
        }
        Ok(out)
    }
}

/// Text inside a `w:t`: kept in the run's child, and put into the line
/// unless hidden or in a field's instruction.
fn text(
    s: &str,
    para: Option<&mut Open>,
    run: Option<&OpenRun>,
    fields: &[bool],
    out: &mut Layout,
    depth: usize,
) {
    let (Some(p), Some(r)) = (para, run) else {
        return;
    };
    let direct = depth == r.depth + 1 && matches!(r.child, Some((_, true)));
    let shown = !r.vanish && !fields.iter().any(|&i| i);
    for c in s.chars() {
        let ch = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => ' ',
            _ => c,
        };
        if direct {
            let Some((child, _)) = r.child else { return };
            let chars = out.runs[r.index].children[child]
                .text
                .get_or_insert_with(Vec::new);
            let idx = chars.len();
            chars.push(c);
            if shown {
                p.units.push(Unit {
                    ch,
                    run: r.index,
                    child,
                    idx,
                });
            }
        } else if shown {
            out.runs[r.index].splittable = false;
            p.units.push(Unit {
                ch,
                run: r.index,
                child: 0,
                idx: 0,
            });
        }
    }
}

fn field_char(e: &BytesStart, fields: &mut Vec<bool>) {
    match attr(e, "fldCharType").as_deref() {
        Some("begin") => fields.push(true),
        Some("separate") => {
            if let Some(top) = fields.last_mut() {
                *top = false;
            }
        }
        Some("end") => {
            fields.pop();
        }
        _ => {}
    }
}

fn entity(r: &BytesRef) -> Result<String, String> {
    const BAD: &str = "字符引用有误";
    if let Some(c) = r.resolve_char_ref().map_err(|_| BAD.to_string())? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|_| BAD.to_string())?;
    Ok(resolve_predefined_entity(&name)
        .map(str::to_string)
        .unwrap_or_else(|| format!("&{name};")))
}

fn end_paragraph(p: Open, joined: &mut Option<Open>, out: &mut Layout, styles: &Styles) {
    let joins = p.mark_deleted || p.hidden(p.mark_vanish, styles);
    let p = match joined.take() {
        Some(mut first) if !first.units.is_empty() => {
            first.units.extend(p.units);
            first.para = p.para;
            first.mark_deleted = p.mark_deleted;
            first.mark_vanish = p.mark_vanish;
            first
        }
        _ => p,
    };
    if joins {
        *joined = Some(p);
        return;
    }
    out.lines.push(Line {
        units: p.units,
        last_para: p.para,
    });
}

/// A character of the checked text tied to the document: its byte offset
/// in the text and where it sits.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub offset: usize,
    pub unit: Unit,
}

/// The checked text tied to the document.
#[derive(Debug, Clone, Default)]
pub struct Aligned {
    /// Every character of the text that the document holds, in order.
    pub placed: Vec<Placed>,
    /// Per line: its start and end (before `\n`) in the text, and the
    /// paragraph that ends it.
    pub lines: Vec<(usize, usize, usize)>,
}

impl Layout {
    /// Ties the checked text to the document, line by line. A line of the
    /// text may have characters the document does not hold as text
    /// (automatic numbers before it; control characters); every character
    /// of the document must be found in order. `None` when the two differ.
    pub fn align(&self, text: &str) -> Option<Aligned> {
        let body = text.strip_suffix('\n').unwrap_or(text);
        let mut out = Aligned::default();
        let mut at = 0usize;
        let mut lines = body.split('\n');
        for line in &self.lines {
            let doc_line = lines.next()?;
            let start = at;
            at += doc_line.len() + 1;
            let ours: String = line.units.iter().map(|u| u.ch).collect();
            let skip = if let Some(prefix) = doc_line.strip_suffix(ours.as_str()) {
                // Automatic numbering drawn before the paragraph's text.
                prefix.len()
            } else {
                0
            };
            let mut units = line.units.iter().peekable();
            for (i, c) in doc_line[skip..].char_indices() {
                match units.peek() {
                    Some(u) if u.ch == c => {
                        out.placed.push(Placed {
                            offset: start + skip + i,
                            unit: **u,
                        });
                        units.next();
                    }
                    // A character the document does not show as text.
                    _ if super::fresh::unrepresentable(c) => {}
                    _ => return None,
                }
            }
            if units.next().is_some() {
                return None;
            }
            out.lines
                .push((start, start + doc_line.len(), line.last_para));
        }
        if lines.next().is_some() {
            return None;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn body(inner: &str) -> String {
        format!("<w:document {W}><w:body>{inner}</w:body></w:document>")
    }

    #[test]
    fn maps_runs_fields_tabs_and_deleted_marks() {
        let xml = body(concat!(
            "<w:p><w:pPr><w:rPr><w:del w:id=\"1\"/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>前&amp;</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>后</w:t><w:tab/></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del>",
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>藏</w:t></w:r></w:p><w:p/>",
        ));
        let layout = Layout::map(&xml, &Styles::default()).unwrap();
        let lines: Vec<String> = layout
            .lines
            .iter()
            .map(|l| l.units.iter().map(|u| u.ch).collect())
            .collect();
        assert_eq!(lines, ["前&后\t3", ""]);
        let aligned = layout.align("一、前&后\t3\n\n").unwrap();
        // The automatic number is not in the document.
        assert_eq!(aligned.placed[0].offset, "一、".len());
        assert!(layout.align("前&后\t4\n\n").is_none());
        assert!(layout.align("前&后\t3\n").is_none());
    }
}
