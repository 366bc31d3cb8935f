//! `--format json`: a documented, versioned schema (see README, “JSON 输出”).
//! Positions are given as byte offsets into the checked text (`start`
//! inclusive, `end` exclusive) and as 1-based lines and 1-based character
//! columns. Bump [`SCHEMA`] on any incompatible change.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::json_writer::{Frame, Writer};
use super::positions::Positions;
use super::Emitter;
use crate::document::{Document, PortalDate, Span};
use crate::finding::{Applicability, Finding, Fix};
use crate::fingerprint::Fingerprint;
use crate::rules::Pack;
use crate::run::{
    CheckedFile, Counts, FileRun, FixSummary, Outcome, Shared, Summary, UnusedWaiver, Waived,
};

pub const SCHEMA: &str = "reportlint/v1";

#[derive(Serialize)]
struct UnusedJson<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    file: &'a str,
    waived_rule: &'a str,
    fingerprint: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct PackInfo<'a> {
    id: &'a str,
    name: &'a str,
    version: Option<&'a str>,
}

/// `--format json`: the header once the first report is in (it names that
/// report's pack), each report's object as it comes, then the unused
/// waivers and the [`Summary`].
#[derive(Default)]
pub struct Json {
    frame: Option<Frame>,
    summary: Summary,
    /// A report's object as it is written, before it goes out whole.
    buf: Vec<u8>,
}

impl Json {
    /// Writes everything before the reports, up to `"files": [`.
    fn header(&mut self, pack: &Pack, out: &mut dyn Write) -> &mut Frame {
        self.frame.get_or_insert_with(|| {
            let mut frame = Frame::new();
            frame.begin_object(out);
            frame.field(out, "schema", &SCHEMA);
            frame.field(out, "tool", &tool());
            frame.field(out, "pack", &pack_info(pack));
            frame.key(out, "files");
            frame.begin_array(out);
            frame
        })
    }
}

impl Emitter for Json {
    fn file(&mut self, run: &Shared, f: &FileRun, out: &mut dyn Write) {
        self.summary.add(f);
        let mut buf = std::mem::take(&mut self.buf);
        self.header(run.pack(f), out)
            .push_with(out, &mut buf, |w| file_entry(w, run, f));
        // A report with a huge entry does not keep its buffer for the rest
        // of the run.
        if buf.capacity() > KEPT_BUFFER {
            buf = Vec::new();
        }
        self.buf = buf;
    }

    fn finish(mut self: Box<Self>, run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        self.summary.unused_waivers = unused.len();
        let summary = self.summary;
        // No report: the header names the first configuration's pack.
        let frame = self.header(run.first_pack(), out);
        frame.end(out);
        let unused: Vec<UnusedJson> = unused.iter().map(unused_json).collect();
        frame.field(out, "unused_waivers", &unused);
        frame.field(out, "summary", &summary);
        frame.end(out);
        let _ = out.write_all(b"\n");
    }
}

fn unused_json(u: &UnusedWaiver) -> UnusedJson<'_> {
    UnusedJson {
        rule: crate::waiver::UNUSED_RULE,
        severity: UnusedWaiver::SEVERITY.as_str(),
        message: &u.message,
        help: &u.help,
        file: &u.file,
        waived_rule: &u.rule,
        fingerprint: &u.fingerprint,
        line: u.start.line,
        column: u.start.column,
    }
}

/// The most buffer space kept from one report's entry to the next.
const KEPT_BUFFER: usize = 1 << 20;

/// One element of `files`.
fn file_entry(w: &mut Writer, run: &Shared, f: &FileRun) {
    match &f.outcome {
        Outcome::Checked(file) => checked_file(
            w,
            file,
            run.pack(f),
            Counts::of(file),
            &f.waived,
            f.fixed.as_ref(),
        ),
        Outcome::Failed(e) => {
            w.begin_object();
            w.str_field("status", "error");
            w.str_field("path", e.path());
            w.key("error");
            w.begin_object();
            let code = miette::Diagnostic::code(e)
                .map(|c| c.to_string())
                .unwrap_or_default();
            w.str_field("code", &code);
            w.str_field("message", &e.to_string());
            w.end_object();
            w.end_object();
        }
    }
}

fn tool() -> Tool {
    Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    }
}

fn pack_info(pack: &Pack) -> PackInfo<'_> {
    PackInfo {
        id: &pack.meta.id,
        name: &pack.meta.name,
        version: pack.meta.version.as_deref(),
    }
}

/// A checked report's entry: its facts, its template items, its findings
/// and those waived, the reports it shares passages with, and its counts.
fn checked_file(
    w: &mut Writer,
    file: &CheckedFile,
    pack: &Pack,
    counts: Counts,
    waived: &[Waived],
    fixed: Option<&FixSummary>,
) {
    let doc = &file.doc;
    let mut at = Positions::new(doc);
    w.begin_object();
    w.str_field("status", "checked");
    w.str_field("path", &doc.name);
    // Id of the pack the report was checked with.
    w.str_field("pack", &pack.meta.id);
    // `text`, `docx` or `html`.
    w.str_field("format", file.info.format.as_str());
    // The text encoding assumed; `null` for .docx.
    w.key("encoding");
    w.opt_str(file.info.encoding);
    // Present (true) when the encoding was guessed and may be wrong.
    if file.info.encoding_uncertain {
        w.key("encoding_uncertain");
        w.bool(true);
    }
    w.key("report_year");
    match doc.year() {
        Some(year) => w.int(i64::from(year)),
        None => w.null(),
    }
    w.key("year_source");
    w.opt_str(doc.report_year.map(|y| y.source.name()));
    // Every place in the report that states or implies its year.
    w.key("year_evidence");
    w.begin_array();
    for e in &doc.year_evidence {
        let place = at.at(e.span.start);
        w.element();
        w.begin_object();
        w.key("year");
        w.int(i64::from(e.year));
        // As in `year_source`.
        w.str_field("source", e.source.name());
        w.uint_field("line", place.line);
        w.uint_field("column", place.column);
        w.str_field("text", doc.slice(e.span));
        w.end_object();
    }
    w.end_array();
    // The 成文日期 and the 发布日期 in the portal metadata copied with the
    // page.
    w.key("portal_written");
    date(w, &mut at, doc, doc.portal.written);
    w.key("published");
    date(w, &mut at, doc, doc.portal.published);
    w.key("title");
    w.opt_str(doc.title.as_ref().map(|t| t.text.as_str()));
    w.key("title_line");
    w.opt_uint(doc.title.as_ref().map(|t| at.at(t.span().start).line));
    w.key("issuer");
    w.opt_str(doc.issuing_body().as_deref());
    w.key("items");
    items(w, file, pack);
    w.key("findings");
    w.begin_array();
    for f in &file.checked.findings {
        w.element();
        w.begin_object();
        finding(w, &mut at, doc, f, Fingerprint::of(doc, f).as_str());
        w.end_object();
    }
    w.end_array();
    // Findings set aside by a waiver; not counted.
    w.key("waived");
    w.begin_array();
    for waived in waived {
        w.element();
        w.begin_object();
        finding(w, &mut at, doc, &waived.finding, &waived.fingerprint);
        w.key("waiver");
        w.begin_object();
        w.str_field("file", &waived.waiver_file);
        w.uint_field("line", waived.waiver_line);
        w.str_field("reason", &waived.reason);
        w.end_object();
        w.end_object();
    }
    w.end_array();
    // Other reports of the run, of another unit, that share long passages
    // with this one (the pack's `copied` rule, FZ075 in the built-in pack),
    // each also a finding: `{file, share, other_share}`, where `share` is
    // the part (0–1) of this report's body found in `file` and
    // `other_share` the part of `file`'s body found here, rounded to three
    // decimals. Empty when nothing is shared, when the run has one report,
    // or when the rule does not run.
    w.key("similar");
    w.begin_array();
    for s in &file.similar {
        w.element();
        w.begin_object();
        w.str_field("file", &s.file);
        w.key("share");
        w.serde(&((s.share * 1000.0).round() / 1000.0));
        w.key("other_share");
        w.serde(&((s.other_share * 1000.0).round() / 1000.0));
        w.end_object();
    }
    w.end_array();
    w.key("summary");
    w.serde(&counts);
    // With `--fix`: what fixing did before these findings were found.
    if let Some(fixed) = fixed {
        w.key("fixed");
        w.serde(fixed);
    }
    // With a baseline (`--baseline`, the configuration's `baseline`): last
    // year's report as read, its `year`, and `copied_share`, the share (0–1)
    // of this report's body text found again in it (null when the rule that
    // compares them did not run).
    if let Some(baseline) = &file.baseline {
        w.key("baseline");
        w.serde(baseline);
    }
    w.end_object();
}

/// A date in the portal metadata: `date` as `YYYY-MM-DD`, where it is, and
/// the text as written; `null` when there is none.
fn date(w: &mut Writer, at: &mut Positions, doc: &Document, d: Option<PortalDate>) {
    let Some(d) = d else {
        w.null();
        return;
    };
    let place = at.at(d.span.start);
    let (year, month, day) = d.value;
    w.begin_object();
    w.str_field("date", &format!("{year:04}-{month:02}-{day:02}"));
    w.uint_field("line", place.line);
    w.uint_field("column", place.column);
    w.str_field("text", doc.slice(d.span));
    w.end_object();
}

/// The template's sections and their contents, each `present`, `missing`,
/// `in_text` or (content of a missing section) `unknown`; a present
/// section with its heading.
fn items(w: &mut Writer, file: &CheckedFile, pack: &Pack) {
    let doc = &file.doc;
    w.begin_array();
    for (s, section) in pack.template.sections.iter().enumerate() {
        let heading = file.checked.outline.heading_of(s).map(|h| &doc.headings[h]);
        let status = if heading.is_some() {
            "present"
        } else if file
            .checked
            .findings
            .iter()
            .any(|f| f.item_in_text && f.item.as_deref() == Some(section.id.as_str()))
        {
            "in_text"
        } else {
            "missing"
        };
        w.element();
        w.begin_object();
        w.str_field("id", &section.id);
        w.str_field("title", &section.title);
        w.str_field("kind", "section");
        w.key("required");
        w.bool(section.required);
        w.str_field("status", status);
        if let Some(h) = heading {
            w.str_field("heading", doc.slice(h.span));
            w.uint_field("line", h.line + 1);
            w.uint_field("start", h.span.start);
            w.uint_field("end", h.span.end);
        }
        w.end_object();
        for content in &section.contents {
            let reported = file
                .checked
                .findings
                .iter()
                .any(|f| f.item.as_deref() == Some(content.id.as_str()));
            w.element();
            w.begin_object();
            w.str_field("id", &content.id);
            w.str_field("title", &content.title);
            w.str_field("kind", "content");
            // The section it belongs to.
            w.str_field("section", &section.id);
            w.key("required");
            w.bool(section.required);
            let status = match (heading.is_some(), reported) {
                (false, _) => "unknown",
                (true, true) => "missing",
                (true, false) => "present",
            };
            w.str_field("status", status);
            w.end_object();
        }
    }
    w.end_array();
}

/// The fields of a place in the text: byte offsets, lines and columns of
/// both ends, and the page for a PDF or OFD.
fn location(w: &mut Writer, at: &mut Positions, doc: &Document, span: Span) {
    let start = at.at(span.start);
    let end = at.at(span.end);
    w.uint_field("start", span.start);
    w.uint_field("end", span.end);
    w.uint_field("line", start.line);
    w.uint_field("column", start.column);
    w.uint_field("end_line", end.line);
    w.uint_field("end_column", end.column);
    // The page (from 1) where the span starts.
    if let Some(page) = doc.page(span.start) {
        w.uint_field("page", page);
    }
}

/// Longest `text` given in full, in characters. A span can cover a whole
/// paragraph (“this section is missing” points at the report's first
/// line), and a hostile report's paragraph can be megabytes long: past this,
/// `text` keeps the first and last half with “……” between (`start`/`end`
/// stay exact), so the JSON of one finding stays small.
const MAX_QUOTED_CHARS: usize = 2_000;

fn quoted(text: &str) -> Cow<'_, str> {
    // No more bytes than the limit, so no more characters.
    if text.len() <= MAX_QUOTED_CHARS {
        return Cow::Borrowed(text);
    }
    let half = MAX_QUOTED_CHARS / 2;
    let Some((head_end, _)) = text.char_indices().nth(MAX_QUOTED_CHARS) else {
        return Cow::Borrowed(text);
    };
    let head = text[..head_end]
        .char_indices()
        .nth(half)
        .map_or(head_end, |(i, _)| i);
    let tail = text
        .char_indices()
        .rev()
        .nth(half - 1)
        .map_or(head_end, |(i, _)| i.max(head));
    Cow::Owned(format!("{}……{}", &text[..head], &text[tail..]))
}

/// The fields of a finding (in an object opened by the caller, which a
/// waived finding goes on with its waiver).
fn finding(w: &mut Writer, at: &mut Positions, doc: &Document, f: &Finding, fingerprint: &str) {
    w.str_field("rule", &f.rule);
    w.str_field("severity", f.severity.as_str());
    w.str_field("message", &f.message);
    w.key("help");
    w.opt_str(f.help.as_deref());
    w.key("item");
    w.opt_str(f.item.as_deref());
    location(w, at, doc, f.primary.span);
    w.key("text");
    w.str(&quoted(doc.slice(f.primary.span)));
    w.key("labels");
    w.begin_array();
    for l in std::iter::once(&f.primary).chain(&f.secondary) {
        w.element();
        w.begin_object();
        w.key("message");
        w.opt_str(l.message.as_deref());
        w.key("text");
        w.str(&quoted(doc.slice(l.span)));
        location(w, at, doc, l.span);
        w.end_object();
    }
    w.end_array();
    w.key("fix");
    match &f.fix {
        Some(fix) => fix_json(w, fix),
        None => w.null(),
    }
    // What a waiver names (see README, “豁免”).
    w.str_field("fingerprint", fingerprint);
    // Places in other reports the finding refers to (last year's report a
    // passage was copied from): `file` as given, 1-based `line` and `column`
    // there, and `message`, what is there. Left out when empty.
    if !f.elsewhere.is_empty() {
        w.key("elsewhere");
        w.begin_array();
        for e in &f.elsewhere {
            w.element();
            w.begin_object();
            w.str_field("file", &e.file);
            w.uint_field("line", e.line);
            w.uint_field("column", e.column);
            w.str_field("message", &e.message);
            w.end_object();
        }
        w.end_array();
    }
}

fn fix_json(w: &mut Writer, f: &Fix) {
    w.begin_object();
    w.str_field("title", &f.title);
    w.str_field(
        "applicability",
        match f.applicability {
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        },
    );
    w.key("edits");
    w.begin_array();
    for e in &f.edits {
        w.element();
        w.begin_object();
        w.uint_field("start", e.span.start);
        w.uint_field("end", e.span.end);
        w.str_field("replacement", &e.replacement);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_in_the_middle() {
        assert_eq!(quoted("短句"), "短句");
        let exact = "字".repeat(MAX_QUOTED_CHARS);
        assert_eq!(quoted(&exact), exact.as_str());
        let long = format!("{}{}", "甲".repeat(5_000), "乙".repeat(5_000));
        let cut = quoted(&long);
        assert_eq!(cut.chars().count(), MAX_QUOTED_CHARS + 2);
        assert!(cut.starts_with(&"甲".repeat(MAX_QUOTED_CHARS / 2)));
        assert!(cut.ends_with(&format!("……{}", "乙".repeat(MAX_QUOTED_CHARS / 2))));
    }
}
