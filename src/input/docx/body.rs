//! `word/document.xml`: the paragraphs of the body in order, one line each.
//!
//! What a reader of the printed report sees is kept: the runs of a paragraph
//! joined, the cells of tables (one line per cell paragraph), inserted
//! revisions, the results of fields, and the numbers Word draws in front of
//! list paragraphs. What the reader does not see is dropped: deleted
//! revisions, hidden text (`w:vanish`, directly or through a style), field
//! instructions (`PAGE`, `MERGEFIELD …`), text boxes and drawings. A
//! paragraph whose mark is deleted in a tracked change (or hidden) is one
//! paragraph with the next, as Word shows it. Empty paragraphs stay as empty
//! lines, so a line number is the paragraph's number in the document.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::super::xml::element;
use super::numbering::Numbering;
use super::props::{self, ParaProps, RunProps, Tally};
use super::styles::{on, outline_level, Styles};
use crate::document::layout::ParaLayout;

/// One paragraph of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text as displayed, with the list number Word draws restored.
    pub text: String,
    /// Outline level 1–9 when the paragraph is a heading in Word's sense (a
    /// heading style or an outline level).
    pub outline: Option<u8>,
}

/// Elements whose whole content is not part of the body text.
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
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Direct `w:outlineLvl`: `Some(None)` for body text.
    outline: Option<Option<u8>>,
    /// The paragraph mark is deleted (a tracked change): the paragraph
    /// runs on into the next.
    mark_deleted: bool,
    /// Direct `w:vanish` on the paragraph mark.
    mark_vanish: Option<bool>,
    /// Direct paragraph properties (indent, spacing, alignment).
    ppr: ParaProps,
    /// Its visible characters by run format.
    tallies: Vec<Tally>,
    in_table: bool,
}

impl Open {
    /// Whether the paragraph runs on into the next one: its mark is deleted
    /// or hidden.
    fn joins_next(&self, styles: &Styles) -> bool {
        self.mark_deleted || self.hidden(self.mark_vanish, styles)
    }

    /// Whether text with this direct `w:vanish` (and character style) is
    /// hidden in this paragraph: direct formatting, then the character
    /// style, then the paragraph style.
    fn hidden(&self, direct: Option<bool>, styles: &Styles) -> bool {
        direct
            .or_else(|| self.style.as_deref().and_then(|s| styles.hidden(s)))
            .unwrap_or(false)
    }
}

/// The run being read: its own `w:vanish` and character style.
#[derive(Default)]
struct Run {
    vanish: Option<bool>,
    style: Option<String>,
    /// Direct font, size and bold.
    direct: RunProps,
    /// Worked out when the run's properties end.
    hidden: bool,
}

/// Why the body gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// The XML is malformed or cut off; why, in Chinese.
    Malformed(String),
    /// More paragraphs than the limit given to [`paragraphs`].
    TooMany,
}

impl From<String> for BodyError {
    fn from(why: String) -> Self {
        BodyError::Malformed(why)
    }
}

/// The body's text as it is collected: every paragraph goes straight into
/// one string, so a body of millions of empty paragraphs costs a byte each
/// until the limit stops it, not a record each.
struct Lines {
    text: String,
    outline: Vec<Option<u8>>,
    /// The layout of each line that shows text.
    layout: Vec<ParaLayout>,
    max: usize,
}

impl Lines {
    fn push(&mut self, (p, layout): (Paragraph, Option<ParaLayout>)) -> Result<(), BodyError> {
        if self.outline.len() >= self.max {
            return Err(BodyError::TooMany);
        }
        if let Some(mut layout) = layout {
            layout.line = self.outline.len();
            self.layout.push(layout);
        }
        self.text.push_str(&p.text);
        self.text.push('\n');
        self.outline.push(p.outline);
        Ok(())
    }
}

/// The body read: its text, the outline level of each line, and the layout
/// of each line that shows text.
pub type Body = (String, Vec<Option<u8>>, Vec<ParaLayout>);

/// Reads the body: its paragraphs as `\n`-ended lines, and for each line
/// the outline level Word gives it and its layout. More than `max` paragraphs is an error,
/// found as soon as the paragraph after the last allowed one starts. XML
/// that ends with elements still open (a truncated part) is malformed: a
/// document cut off in the middle is not checked as if it were complete.
pub fn paragraphs(
    xml: &str,
    styles: &Styles,
    numbering: &mut Numbering,
    max: usize,
) -> Result<Body, BodyError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Lines {
        text: String::with_capacity(xml.len().min(max.saturating_mul(64)) / 4),
        outline: Vec::new(),
        layout: Vec::new(),
        max,
    };
    let mut para: Option<Open> = None;
    // A paragraph whose mark is deleted or hidden, waiting for the next.
    let mut joined: Option<Open> = None;
    let mut run = Run::default();
    // Elements open at this point, to tell a cut-off part at its end.
    let mut depth = 0usize;
    let mut skip = 0usize;
    let mut in_ppr = false;
    let mut in_numpr = false;
    // Inside `w:rPr`: of the paragraph mark (in `w:pPr`) or of a run.
    let mut in_rpr = false;
    let mut in_text = false;
    // Open fields, and how many of them are in their instruction part.
    let mut fields = Fields::default();
    // Tables open at this point.
    let mut tables = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| super::super::xml::syntax_error(&reader))?;
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
                let name = local(&e);
                if in_rpr {
                    // `w:del`/`w:ins` here mark the paragraph mark itself.
                    if let Some(p) = para.as_mut() {
                        run_property(p, &mut run, &e, in_ppr)?;
                    }
                    skip = 1;
                    continue;
                }
                if SKIPPED.contains(&name.as_str()) {
                    skip = 1;
                    continue;
                }
                match name.as_str() {
                    "p" => {
                        para = Some(Open {
                            in_table: tables > 0,
                            ..Open::default()
                        })
                    }
                    "tbl" => tables += 1,
                    "pPr" => in_ppr = true,
                    "numPr" => in_numpr = true,
                    "rPr" => in_rpr = true,
                    "r" => {
                        // Without run properties, the paragraph style
                        // decides.
                        let hidden = para.as_ref().is_some_and(|p| p.hidden(None, styles));
                        run = Run {
                            hidden,
                            ..Run::default()
                        };
                    }
                    "t" => in_text = true,
                    _ => {}
                }
                if let Some(p) = para.as_mut() {
                    if in_ppr {
                        paragraph_property(p, &e, in_numpr)?;
                    } else if !run.hidden {
                        inline(p, &e, &mut fields)?;
                    }
                }
            }
            Event::Empty(e) => {
                let name = local(&e);
                if name == "p" {
                    end_paragraph(Open::default(), &mut joined, &mut out, styles, numbering)?;
                    continue;
                }
                let Some(p) = para.as_mut() else { continue };
                if in_rpr {
                    run_property(p, &mut run, &e, in_ppr)?;
                    continue;
                }
                if in_ppr {
                    paragraph_property(p, &e, in_numpr)?;
                    continue;
                }
                if !run.hidden || name == "fldChar" {
                    inline(p, &e, &mut fields)?;
                }
            }
            Event::End(e) => match local_end(e.local_name().as_ref()).as_str() {
                "p" => {
                    if let Some(p) = para.take() {
                        end_paragraph(p, &mut joined, &mut out, styles, numbering)?;
                    }
                    in_ppr = false;
                    in_numpr = false;
                    in_rpr = false;
                    in_text = false;
                    run = Run::default();
                }
                "pPr" => in_ppr = false,
                "numPr" => in_numpr = false,
                "tbl" => tables = tables.saturating_sub(1),
                "rPr" => {
                    in_rpr = false;
                    if !in_ppr {
                        if let Some(p) = para.as_ref() {
                            run.hidden = run_hidden(p, &run, styles);
                        }
                    }
                }
                "r" => run = Run::default(),
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text && !run.hidden => {
                if let Some(p) = para.as_mut() {
                    if !fields.in_instruction() {
                        let s = t
                            .xml10_content()
                            .map_err(|_| "文字编码有误，文件可能已损坏".to_string())?;
                        push_text(&mut p.text, &s);
                        props::tally(&mut p.tallies, &run.direct, run.style.as_deref(), &s);
                    }
                }
            }
            Event::GeneralRef(r) if in_text && !run.hidden => {
                if let Some(p) = para.as_mut() {
                    if !fields.in_instruction() {
                        let s = entity(&r)?;
                        push_text(&mut p.text, &s);
                        props::tally(&mut p.tallies, &run.direct, run.style.as_deref(), &s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(last) = joined.take() {
        out.push(finish(last, styles, numbering))?;
    }
    Ok((out.text, out.outline, out.layout))
}

/// A paragraph has ended: written out, or kept to run on into the next one
/// when its mark is deleted or hidden. A joined paragraph keeps the
/// properties (style, numbering) of its first part that shows any text, as
/// Word shows it.
fn end_paragraph(
    p: Open,
    joined: &mut Option<Open>,
    out: &mut Lines,
    styles: &Styles,
    numbering: &mut Numbering,
) -> Result<(), BodyError> {
    let joins = p.joins_next(styles);
    let p = match joined.take() {
        Some(mut first) if !first.text.is_empty() => {
            first.text.push_str(&p.text);
            for t in &p.tallies {
                if first.tallies.len() < props::MAX_TALLIES {
                    first.tallies.push(t.clone());
                }
            }
            first.mark_deleted = p.mark_deleted;
            first.mark_vanish = p.mark_vanish;
            first
        }
        _ => p,
    };
    if joins {
        // Bounded like the lines: a body of hidden marks joins into one
        // paragraph no longer than the body's text.
        *joined = Some(p);
        return Ok(());
    }
    out.push(finish(p, styles, numbering))
}

/// Reads `w:vanish`, `w:rStyle` and (on the paragraph mark) `w:del` inside
/// a `w:rPr`.
fn run_property(p: &mut Open, run: &mut Run, e: &BytesStart, of_mark: bool) -> Result<(), String> {
    let node = element(e)?;
    match (node.name.as_str(), of_mark) {
        ("vanish", true) => p.mark_vanish = Some(on(&node)),
        // Deleted, or moved away (the text is in its new place).
        ("del" | "moveFrom", true) => p.mark_deleted = true,
        ("vanish", false) => run.vanish = Some(on(&node)),
        ("rStyle", false) => run.style = node.attr("val").map(str::to_string),
        (_, false) => run.direct.read(&node),
        _ => {}
    }
    Ok(())
}

/// Whether a run's text is hidden: its own `w:vanish`, else its character
/// style's, else the paragraph style's.
fn run_hidden(p: &Open, run: &Run, styles: &Styles) -> bool {
    let direct = run.vanish.or_else(|| {
        run.style
            .as_deref()
            .and_then(|s| styles.character_hidden(s))
    });
    p.hidden(direct, styles)
}

/// The fields open at a point of the body. Fields nest; text is hidden
/// while any open field is in its instruction part. Counting those keeps the
/// question O(1), however many fields a file opens.
#[derive(Default)]
struct Fields {
    /// One entry per open field: true while in its instruction part.
    open: Vec<bool>,
    in_instruction: usize,
}

impl Fields {
    fn begin(&mut self) {
        self.open.push(true);
        self.in_instruction += 1;
    }

    fn separate(&mut self) {
        if let Some(top) = self.open.last_mut() {
            if *top {
                *top = false;
                self.in_instruction -= 1;
            }
        }
    }

    fn end(&mut self) {
        if self.open.pop() == Some(true) {
            self.in_instruction -= 1;
        }
    }

    fn in_instruction(&self) -> bool {
        self.in_instruction > 0
    }
}

/// Elements inside a run that stand for text or steer fields.
fn inline(p: &mut Open, e: &BytesStart, fields: &mut Fields) -> Result<(), String> {
    let name = local(e);
    if name == "fldChar" {
        match element(e)?.attr("fldCharType") {
            Some("begin") => fields.begin(),
            Some("separate") => fields.separate(),
            Some("end") => fields.end(),
            _ => {}
        }
        return Ok(());
    }
    if fields.in_instruction() {
        return Ok(());
    }
    match name.as_str() {
        "tab" | "ptab" => p.text.push('\t'),
        "br" | "cr" => {
            let breaks_line = !matches!(element(e)?.attr("type"), Some("page" | "column"));
            // A line break inside a paragraph: nothing between two Chinese
            // characters, a space between words.
            if breaks_line && p.text.chars().last().is_some_and(|c| c.is_ascii()) {
                p.text.push(' ');
            }
        }
        "noBreakHyphen" => p.text.push('-'),
        _ => {}
    }
    Ok(())
}

fn local(e: &BytesStart) -> String {
    local_end(e.local_name().as_ref())
}

fn local_end(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// Reads `w:pStyle`, `w:numPr` and `w:outlineLvl` inside `w:pPr`.
fn paragraph_property(p: &mut Open, e: &BytesStart, in_numpr: bool) -> Result<(), String> {
    let node = element(e)?;
    match (node.name.as_str(), in_numpr) {
        ("pStyle", false) => p.style = node.attr("val").map(str::to_string),
        ("outlineLvl", false) => p.outline = node.attr("val").map(outline_level),
        ("numId", true) => p.num_id = node.attr("val").map(str::to_string),
        ("ilvl", true) => p.ilvl = node.attr("val").and_then(|v| v.parse().ok()),
        (_, false) => p.ppr.read(&node),
        _ => {}
    }
    Ok(())
}

/// Text of a `w:t`: line breaks inside it would split the paragraph.
fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

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

fn finish(p: Open, styles: &Styles, numbering: &mut Numbering) -> (Paragraph, Option<ParaLayout>) {
    let (style_num, style_ilvl) = p
        .style
        .as_deref()
        .map(|s| styles.numbering(s))
        .unwrap_or_default();
    let num_id = p.num_id.or(style_num);
    let ilvl = p.ilvl.or(style_ilvl).unwrap_or(0);
    let number = match num_id.as_deref() {
        // numId 0 switches off numbering a style would apply.
        Some("0") | None => None,
        Some(id) => numbering.next(id, ilvl),
    };
    let outline = match p.outline {
        Some(direct) => direct,
        None => p.style.as_deref().and_then(|s| styles.outline(s)),
    };
    let layout = (!p.tallies.is_empty()).then(|| {
        let style = p.style.as_deref();
        let runs = props::majority(
            &p.tallies,
            |t| styles.resolve_run(style, t.style.as_deref(), &t.direct),
            &styles.theme,
        );
        let ppr = styles.resolve_paragraph(style, &p.ppr);
        let mut layout = props::paragraph_layout(0, &ppr, runs);
        layout.in_table = p.in_table;
        layout
    });
    let mut text = number.unwrap_or_default();
    text.push_str(&p.text);
    (Paragraph { text, outline }, layout)
}
