//! Writes comments and tracked changes into a document.xml at the places
//! [`super::layout`] found for them. Runs are cut where a comment or a change
//! starts or ends inside them; each piece keeps the run's properties, so the
//! formatting stays as it was. Nothing outside the cut runs is touched.

use std::collections::{BTreeMap, HashSet};

use super::layout::{Aligned, Layout, Unit};
use crate::document::Span;

/// A comment to anchor: its span in the checked text.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: u32,
    pub span: Span,
}

/// A document.xml and the checked text tied to it.
#[derive(Clone, Copy)]
pub struct Mapped<'a> {
    pub xml: &'a str,
    pub layout: &'a Layout,
    pub aligned: &'a Aligned,
    pub text: &'a str,
}

/// A change to write as a tracked deletion and insertion.
#[derive(Debug, Clone)]
pub struct Change {
    pub span: Span,
    pub replacement: String,
}

/// What the rewrite did.
#[derive(Debug, Default)]
pub struct Rewritten {
    pub xml: String,
    /// Changes written as tracked changes.
    pub tracked: usize,
    /// Changes that could not be (indices into the changes given).
    pub untracked: Vec<usize>,
}

/// Something added at one place, in the order the kinds are listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    /// A tracked insertion (with the id of the revision).
    Ins(u32, String),
    CommentEnd(u32),
    CommentStart(u32),
}

/// Where a text offset falls in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    /// Before a character of a run.
    Before {
        run: usize,
        child: usize,
        idx: usize,
    },
    /// Before a run (a run that cannot be cut).
    BeforeRun(usize),
    /// At the end of a paragraph.
    End(usize),
}

pub const AUTHOR: &str = "reportlint";

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Places<'a> {
    layout: &'a Layout,
    aligned: &'a Aligned,
}

impl Places<'_> {
    /// The line holding `offset` (an offset at a line's end is in it).
    fn line(&self, offset: usize) -> Option<usize> {
        let i = self.aligned.lines.partition_point(|l| l.1 < offset);
        (i < self.aligned.lines.len()).then_some(i)
    }

    /// The first placed character at or after `offset` on its line.
    fn placed_at(&self, offset: usize) -> Option<(usize, Unit)> {
        let line = self.line(offset)?;
        let end = self.aligned.lines[line].1;
        let i = self.aligned.placed.partition_point(|p| p.offset < offset);
        self.aligned
            .placed
            .get(i)
            .filter(|p| p.offset < end)
            .map(|p| (p.offset, p.unit))
    }

    /// Where `offset` falls; `exact` when nothing the document does not
    /// hold lies between the offset and that place.
    fn slot(&self, offset: usize) -> Option<(Slot, bool)> {
        let Some(line) = self.line(offset) else {
            // The very end of the text, after its last line break.
            let &(_, _, para) = self.aligned.lines.last()?;
            return Some((Slot::End(para), true));
        };
        let (_, end, para) = self.aligned.lines[line];
        match self.placed_at(offset) {
            Some((at, u)) => {
                let slot = if self.layout.runs[u.run].splittable {
                    Slot::Before {
                        run: u.run,
                        child: u.child,
                        idx: u.idx,
                    }
                } else {
                    Slot::BeforeRun(u.run)
                };
                let whole = matches!(slot, Slot::Before { .. }) || self.first_of_run(at, u);
                Some((slot, at == offset && whole))
            }
            None => Some((Slot::End(para), offset == end)),
        }
    }

    fn first_of_run(&self, at: usize, u: Unit) -> bool {
        let i = self.aligned.placed.partition_point(|p| p.offset < at);
        i == 0 || self.aligned.placed[i - 1].unit.run != u.run
    }
}

/// Adds the comments' ranges and the changes to `xml`. `next_id` is the
/// first free revision id.
pub fn rewrite(
    mapped: Mapped,
    anchors: &[Anchor],
    changes: &[Change],
    mut next_id: u32,
    date: &str,
) -> Rewritten {
    let Mapped {
        xml,
        layout,
        aligned,
        text,
    } = mapped;
    let places = Places { layout, aligned };
    let mut marks: BTreeMap<Slot, Vec<Mark>> = BTreeMap::new();
    for a in anchors {
        let (Some((start, _)), Some((end, _))) =
            (places.slot(a.span.start), places.slot(a.span.end))
        else {
            continue;
        };
        marks
            .entry(start)
            .or_default()
            .push(Mark::CommentStart(a.id));
        marks.entry(end).or_default().push(Mark::CommentEnd(a.id));
    }
    let mut deleted: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut mark_deleted: HashSet<usize> = HashSet::new();
    let mut out = Rewritten::default();
    for (i, c) in changes.iter().enumerate() {
        match track(&places, text, c) {
            Some((units, marks_gone, at)) => {
                deleted.extend(units);
                mark_deleted.extend(marks_gone);
                if !c.replacement.is_empty() {
                    marks
                        .entry(at)
                        .or_default()
                        .push(Mark::Ins(next_id, c.replacement.clone()));
                    next_id += 1;
                }
                out.tracked += 1;
            }
            None => out.untracked.push(i),
        }
    }
    for list in marks.values_mut() {
        list.sort();
    }
    // Splices of the XML: (start, end, replacement), applied in order.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    let mut by_run: BTreeMap<usize, Vec<(Slot, &Vec<Mark>)>> = BTreeMap::new();
    for (slot, list) in &marks {
        match *slot {
            Slot::Before { run, .. } | Slot::BeforeRun(run) => {
                by_run.entry(run).or_default().push((*slot, list))
            }
            Slot::End(_) => {}
        }
    }
    let runs_deleted: HashSet<usize> = deleted.iter().map(|d| d.0).collect();
    let mut ids = Ids {
        next: next_id,
        date,
    };
    for (r, run) in layout.runs.iter().enumerate() {
        let here = by_run.get(&r);
        if here.is_none() && !runs_deleted.contains(&r) {
            continue;
        }
        let here: Vec<(Slot, &Vec<Mark>)> = here.cloned().unwrap_or_default();
        let rebuilt = rebuild(xml, layout, r, &here, &deleted, &mut ids);
        splices.push((run.start, run.end, rebuilt));
    }
    for (p, para) in layout.paras.iter().enumerate() {
        // The properties of the paragraph's last run, for text added at
        // its end (looked up only where something is added).
        let added: String = marks
            .get(&Slot::End(p))
            .map(|l| {
                let rpr = last_rpr(xml, layout, p);
                l.iter().map(|m| mark_xml(m, rpr, &mut ids)).collect()
            })
            .unwrap_or_default();
        let del_mark = mark_deleted.contains(&p).then(|| ids.del_mark());
        if let Some((s, e)) = para.empty {
            if added.is_empty() && del_mark.is_none() {
                continue;
            }
            let tag = &xml[s..e];
            let open = tag.trim_end_matches("/>").trim_end();
            let ppr = del_mark
                .map(|m| format!("<w:pPr><w:rPr>{m}</w:rPr></w:pPr>"))
                .unwrap_or_default();
            let close = format!("</{}>", tag_name(open));
            splices.push((s, e, format!("{open}>{ppr}{added}{close}")));
            continue;
        }
        if let Some(m) = del_mark {
            match (para.mark_rpr_open_end, para.ppr_insert) {
                (Some(at), _) => splices.push((at, at, m)),
                (None, Some(at)) => splices.push((at, at, format!("<w:rPr>{m}</w:rPr>"))),
                (None, None) => splices.push((
                    para.open_end,
                    para.open_end,
                    format!("<w:pPr><w:rPr>{m}</w:rPr></w:pPr>"),
                )),
            }
        }
        if !added.is_empty() {
            splices.push((para.close_start, para.close_start, added));
        }
    }
    splices.sort_by_key(|s| (s.0, s.1));
    let mut xml_out = String::with_capacity(xml.len() + splices.len() * 200);
    let mut at = 0;
    for (s, e, r) in splices {
        if s < at {
            continue;
        }
        xml_out.push_str(&xml[at..s]);
        xml_out.push_str(&r);
        at = e;
    }
    xml_out.push_str(&xml[at..]);
    out.xml = xml_out;
    out
}

/// The element name of a start tag (`<w:p w:rsidR="…"` gives `w:p`).
fn tag_name(open: &str) -> &str {
    open.trim_start_matches('<')
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("w:p")
}

/// Whether a change can be tracked, and how: the characters it deletes,
/// the paragraph marks it deletes, and where its insertion goes.
#[allow(clippy::type_complexity)]
fn track(
    places: &Places,
    text: &str,
    c: &Change,
) -> Option<(Vec<(usize, usize, usize)>, Vec<usize>, Slot)> {
    if c.replacement.contains(['\n', '\r']) || c.span.end > text.len() {
        return None;
    }
    let (at, exact) = places.slot(c.span.end)?;
    if !exact {
        return None;
    }
    let (_, exact_start) = places.slot(c.span.start)?;
    if !exact_start {
        return None;
    }
    let mut units = Vec::new();
    let mut marks = Vec::new();
    let deleted = text.get(c.span.start..c.span.end)?;
    let from = places
        .aligned
        .placed
        .partition_point(|p| p.offset < c.span.start);
    let mut placed = places.aligned.placed[from..].iter().peekable();
    for (i, ch) in deleted.char_indices() {
        let offset = c.span.start + i;
        if ch == '\n' {
            if offset + 1 == text.len() {
                // The document's last paragraph mark cannot be deleted; a
                // text read from a document ends in a line break anyway.
                continue;
            }
            let line = places.line(offset)?;
            let (_, end, para) = places.aligned.lines[line];
            if end != offset || places.layout.paras[para].mark_locked {
                return None;
            }
            marks.push(para);
            continue;
        }
        let p = placed.next().filter(|p| p.offset == offset)?;
        if !places.layout.runs[p.unit.run].splittable {
            return None;
        }
        units.push((p.unit.run, p.unit.child, p.unit.idx));
    }
    Some((units, marks, at))
}

struct Ids<'a> {
    next: u32,
    date: &'a str,
}

impl Ids<'_> {
    fn take(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }

    fn attrs(&mut self) -> String {
        let id = self.take();
        format!(
            "w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{}\"",
            self.date
        )
    }

    fn del_mark(&mut self) -> String {
        format!("<w:del {}/>", self.attrs())
    }
}

/// The properties of the last run of a paragraph, for text added at its end.
fn last_rpr<'x>(xml: &'x str, layout: &Layout, para: usize) -> &'x str {
    let Some(p) = layout.paras.get(para) else {
        return "";
    };
    // Runs are in document order: those of this paragraph end before it
    // closes.
    let upto = layout.runs.partition_point(|r| r.end <= p.close_start);
    layout.runs[..upto]
        .iter()
        .rev()
        .take_while(|r| r.start >= p.open_end)
        .find(|r| r.rpr.is_some())
        .and_then(|r| r.rpr)
        .map_or("", |(s, e)| &xml[s..e])
}

fn text_run(rpr: &str, text: &str, deleted: bool) -> String {
    let mut out = format!("<w:r>{}", clean_rpr(rpr));
    let tag = if deleted { "w:delText" } else { "w:t" };
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            out.push_str(&format!(
                "<{tag} xml:space=\"preserve\">{}</{tag}>",
                escape(part)
            ));
        }
    }
    out.push_str("</w:r>");
    out
}

/// Run properties for new text: without revision marks of their own.
fn clean_rpr(rpr: &str) -> &str {
    if rpr.contains("rPrChange") || rpr.contains(":ins ") || rpr.contains(":del ") {
        ""
    } else {
        rpr
    }
}

fn mark_xml(m: &Mark, rpr: &str, ids: &mut Ids) -> String {
    match m {
        Mark::CommentStart(id) => format!("<w:commentRangeStart w:id=\"{id}\"/>"),
        Mark::CommentEnd(id) => format!(
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
        ),
        Mark::Ins(id, text) => format!(
            "<w:ins w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{}\">{}</w:ins>",
            ids.date,
            text_run(rpr, text, false)
        ),
    }
}

/// One run, cut into pieces at its marks and where deletion starts or
/// stops; each piece keeps the run's start tag and properties.
fn rebuild(
    xml: &str,
    layout: &Layout,
    r: usize,
    here: &[(Slot, &Vec<Mark>)],
    deleted: &HashSet<(usize, usize, usize)>,
    ids: &mut Ids,
) -> String {
    let run = &layout.runs[r];
    let rpr = run.rpr.map_or("", |(s, e)| &xml[s..e]);
    let open = &xml[run.open_tag.0..run.open_tag.1];
    // A self-closing run has nothing to cut.
    if open.ends_with("/>") {
        let before: String = here
            .iter()
            .flat_map(|(_, l)| l.iter())
            .map(|m| mark_xml(m, rpr, ids))
            .collect();
        return format!("{before}{}", &xml[run.start..run.end]);
    }
    let close = format!("</{}>", tag_name(open));
    let marks_at = |child: usize, idx: usize| -> Vec<&Mark> {
        here.iter()
            .filter(|(s, _)| match *s {
                Slot::Before {
                    child: c, idx: i, ..
                } => c == child && i == idx,
                Slot::BeforeRun(_) => child == 0 && idx == 0,
                Slot::End(_) => false,
            })
            .flat_map(|(_, l)| l.iter())
            .collect()
    };
    let mut out = String::new();
    // The piece being built: its content, and whether it is deleted.
    let mut piece = String::new();
    let mut piece_deleted = false;
    let mut text_buf = String::new();
    let flush_text = |piece: &mut String, text_buf: &mut String, del: bool| {
        if !text_buf.is_empty() {
            let tag = if del { "w:delText" } else { "w:t" };
            piece.push_str(&format!(
                "<{tag} xml:space=\"preserve\">{}</{tag}>",
                escape(text_buf)
            ));
            text_buf.clear();
        }
    };
    let flush_piece = |out: &mut String, piece: &mut String, del: bool, ids: &mut Ids| {
        if piece.is_empty() {
            return;
        }
        let one = format!("{open}{rpr}{piece}{close}");
        if del {
            out.push_str(&format!("<w:del {}>{one}</w:del>", ids.attrs()));
        } else {
            out.push_str(&one);
        }
        piece.clear();
    };
    if !run.splittable {
        let before: String = marks_at(0, 0)
            .into_iter()
            .map(|m| mark_xml(m, rpr, ids))
            .collect();
        return format!("{before}{}", &xml[run.start..run.end]);
    }
    for (c, child) in run.children.iter().enumerate() {
        let n = child.text.as_ref().map_or(1, Vec::len);
        for idx in 0..n.max(1) {
            let here_marks = marks_at(c, idx);
            let del = deleted.contains(&(r, c, idx));
            // A child with no text (a field character, a bookmark) stays
            // with the piece it is in.
            let counts = child.text.as_ref().is_some_and(|t| !t.is_empty())
                || deleted.contains(&(r, c, 0))
                || is_char_child(&xml[child.start..child.end]);
            if !here_marks.is_empty() || (counts && del != piece_deleted) {
                flush_text(&mut piece, &mut text_buf, piece_deleted);
                flush_piece(&mut out, &mut piece, piece_deleted, ids);
                for m in here_marks {
                    out.push_str(&mark_xml(m, rpr, ids));
                }
                if counts {
                    piece_deleted = del;
                }
            }
            match &child.text {
                Some(t) if !t.is_empty() => text_buf.push(t[idx]),
                Some(_) => {}
                None => {
                    flush_text(&mut piece, &mut text_buf, piece_deleted);
                    let raw = &xml[child.start..child.end];
                    piece.push_str(raw);
                }
            }
        }
    }
    flush_text(&mut piece, &mut text_buf, piece_deleted);
    flush_piece(&mut out, &mut piece, piece_deleted, ids);
    out
}

/// Whether a child element stands for a character of the text.
fn is_char_child(raw: &str) -> bool {
    let name = tag_name(raw.trim_start_matches('<'));
    let local = name.rsplit(':').next().unwrap_or(name);
    let local = local.trim_end_matches('/').trim_end_matches('>');
    matches!(local, "tab" | "ptab" | "br" | "cr" | "noBreakHyphen")
}
