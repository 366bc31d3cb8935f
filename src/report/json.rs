//! `--format json`: a documented, versioned schema (see README, “JSON 输出”).
//! Positions are given as byte offsets into the checked text (`start`
//! inclusive, `end` exclusive) and as 1-based lines and 1-based character
//! columns. Bump [`SCHEMA`] on any incompatible change.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::json_writer::Frame;
use super::Emitter;
use crate::baseline::BaselineSummary;
use crate::document::{Document, PortalDate, Span};
use crate::finding::{Finding, Fix, Label};
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

// Built one at a time and serialised at once: the size of a checked file's
// entry against an error's costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum FileJson<'a> {
    Checked {
        path: &'a str,
        /// Id of the pack the report was checked with.
        pack: &'a str,
        /// `text`, `docx` or `html`.
        format: &'static str,
        /// The text encoding assumed; `null` for .docx.
        encoding: Option<&'static str>,
        /// Present (true) when the encoding was guessed and may be wrong.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        encoding_uncertain: bool,
        report_year: Option<i32>,
        year_source: Option<&'static str>,
        /// Every place in the report that states or implies its year.
        year_evidence: Vec<YearEvidenceJson<'a>>,
        /// The 成文日期 in the portal metadata copied with the page.
        portal_written: Option<DateJson<'a>>,
        /// The 发布日期 in the portal metadata copied with the page.
        published: Option<DateJson<'a>>,
        title: Option<&'a str>,
        title_line: Option<usize>,
        issuer: Option<String>,
        items: Vec<ItemJson<'a>>,
        findings: Vec<FindingJson<'a>>,
        /// Findings set aside by a waiver; not counted.
        waived: Vec<WaivedJson<'a>>,
        /// Other reports of the run, of another unit, that share long
        /// passages with this one (the pack's `copied` rule, FZ075 in the
        /// built-in pack), each also a finding: `{file, share,
        /// other_share}`, where `share` is the part (0–1) of this report's
        /// body found in `file` and `other_share` the part of `file`'s body
        /// found here. Empty when nothing is shared, when the run has one
        /// report, or when the rule does not run.
        similar: Vec<SimilarJson<'a>>,
        summary: Counts,
        /// With `--fix`: what fixing did before these findings were found.
        #[serde(skip_serializing_if = "Option::is_none")]
        fixed: Option<&'a FixSummary>,
        /// With a baseline (`--baseline`, the configuration's `baseline`):
        /// last year's report as read, its `year`, and `copied_share`, the
        /// share (0–1) of this report's body text found again in it (null
        /// when the rule that compares them did not run).
        #[serde(skip_serializing_if = "Option::is_none")]
        baseline: Option<&'a BaselineSummary>,
    },
    Error {
        path: String,
        error: ErrorJson,
    },
}

#[derive(Serialize)]
struct SimilarJson<'a> {
    /// The other report, as shown.
    file: &'a str,
    /// Rounded to three decimals.
    share: f64,
    other_share: f64,
}

#[derive(Serialize)]
struct YearEvidenceJson<'a> {
    year: i32,
    /// As in `year_source`.
    source: &'static str,
    line: usize,
    column: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct DateJson<'a> {
    /// `YYYY-MM-DD`.
    date: String,
    line: usize,
    column: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct ErrorJson {
    code: String,
    message: String,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    /// `section` or `content`.
    kind: &'static str,
    /// For a content item, the section it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    required: bool,
    /// `present`, `missing`, or (content of a missing section) `unknown`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    heading: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

#[derive(Serialize)]
struct WaivedJson<'a> {
    #[serde(flatten)]
    finding: FindingJson<'a>,
    waiver: WaiverRefJson<'a>,
}

#[derive(Serialize)]
struct WaiverRefJson<'a> {
    file: &'a str,
    line: usize,
    reason: &'a str,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    item: Option<&'a str>,
    #[serde(flatten)]
    location: Location,
    text: Cow<'a, str>,
    labels: Vec<LabelJson<'a>>,
    fix: Option<FixJson<'a>>,
    /// What a waiver names (see README, “豁免”).
    fingerprint: String,
    /// Places in other reports the finding refers to (last year's report a
    /// passage was copied from): `file` as given, 1-based `line` and
    /// `column` there, and `message`, what is there. Left out when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    elsewhere: Vec<ElsewhereJson<'a>>,
}

#[derive(Serialize)]
struct ElsewhereJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Location {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The page (from 1) where the span starts, for a PDF or OFD.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    message: Option<&'a str>,
    text: Cow<'a, str>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct FixJson<'a> {
    title: &'a str,
    applicability: crate::finding::Applicability,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

/// `--format json`: the header once the first report is in (it names that
/// report's pack), each report's object as it comes, then the unused
/// waivers and the [`Summary`].
#[derive(Default)]
pub struct Json {
    frame: Option<Frame>,
    summary: Summary,
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
        self.header(run.pack(f), out).push(out, &file_json(run, f));
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

/// One element of `files`.
fn file_json<'a>(run: &'a Shared, f: &'a FileRun) -> FileJson<'a> {
    match &f.outcome {
        Outcome::Checked(file) => checked_file(
            file,
            run.pack(f),
            Counts::of(file),
            &f.waived,
            f.fixed.as_ref(),
        ),
        Outcome::Failed(e) => FileJson::Error {
            path: e.path().to_string(),
            error: ErrorJson {
                code: miette::Diagnostic::code(e)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                message: e.to_string(),
            },
        },
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

fn checked_file<'a>(
    file: &'a CheckedFile,
    pack: &'a Pack,
    counts: Counts,
    waived: &'a [Waived],
    fixed: Option<&'a FixSummary>,
) -> FileJson<'a> {
    let doc = &file.doc;
    FileJson::Checked {
        path: &doc.name,
        pack: &pack.meta.id,
        report_year: doc.year(),
        year_source: doc.report_year.map(|y| y.source.name()),
        year_evidence: doc
            .year_evidence
            .iter()
            .map(|e| {
                let at = doc.position(e.span.start);
                YearEvidenceJson {
                    year: e.year,
                    source: e.source.name(),
                    line: at.line,
                    column: at.column,
                    text: doc.slice(e.span),
                }
            })
            .collect(),
        portal_written: doc.portal.written.map(|d| date_json(doc, d)),
        published: doc.portal.published.map(|d| date_json(doc, d)),
        title: doc.title.as_ref().map(|t| t.text.as_str()),
        title_line: doc
            .title
            .as_ref()
            .map(|t| doc.position(t.span().start).line),
        issuer: doc.issuing_body(),
        format: file.info.format.as_str(),
        encoding: file.info.encoding,
        encoding_uncertain: file.info.encoding_uncertain,
        items: items(file, pack),
        findings: file
            .checked
            .findings
            .iter()
            .map(|f| finding(doc, f, crate::fingerprint::of(doc, f)))
            .collect(),
        waived: waived
            .iter()
            .map(|w| WaivedJson {
                finding: finding(doc, &w.finding, w.fingerprint.clone()),
                waiver: WaiverRefJson {
                    file: &w.waiver_file,
                    line: w.waiver_line,
                    reason: &w.reason,
                },
            })
            .collect(),
        similar: file
            .similar
            .iter()
            .map(|s| SimilarJson {
                file: &s.file,
                share: (s.share * 1000.0).round() / 1000.0,
                other_share: (s.other_share * 1000.0).round() / 1000.0,
            })
            .collect(),
        summary: counts,
        fixed,
        baseline: file.baseline.as_ref(),
    }
}

fn date_json(doc: &Document, d: PortalDate) -> DateJson<'_> {
    let at = doc.position(d.span.start);
    let (year, month, day) = d.value;
    DateJson {
        date: format!("{year:04}-{month:02}-{day:02}"),
        line: at.line,
        column: at.column,
        text: doc.slice(d.span),
    }
}

fn items<'a>(file: &'a CheckedFile, pack: &'a Pack) -> Vec<ItemJson<'a>> {
    let doc = &file.doc;
    let mut out = Vec::new();
    for (s, section) in pack.template.sections.iter().enumerate() {
        let heading = file.checked.outline.heading_of(s).map(|h| &doc.headings[h]);
        out.push(ItemJson {
            id: &section.id,
            title: &section.title,
            kind: "section",
            section: None,
            required: section.required,
            status: if heading.is_some() {
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
            },
            heading: heading.map(|h| doc.slice(h.span)),
            line: heading.map(|h| h.line + 1),
            start: heading.map(|h| h.span.start),
            end: heading.map(|h| h.span.end),
        });
        for content in &section.contents {
            let reported = file
                .checked
                .findings
                .iter()
                .any(|f| f.item.as_deref() == Some(content.id.as_str()));
            out.push(ItemJson {
                id: &content.id,
                title: &content.title,
                kind: "content",
                section: Some(&section.id),
                required: section.required,
                status: match (heading.is_some(), reported) {
                    (false, _) => "unknown",
                    (true, true) => "missing",
                    (true, false) => "present",
                },
                heading: None,
                line: None,
                start: None,
                end: None,
            });
        }
    }
    out
}

fn location(doc: &Document, span: Span) -> Location {
    let start = doc.position(span.start);
    let end = doc.position(span.end);
    Location {
        start: span.start,
        end: span.end,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        page: doc.page(span.start),
    }
}

/// Longest `text` given in full, in characters. A span can cover a whole
/// paragraph (“this section is missing” points at the report's first
/// line), and a hostile report's paragraph can be megabytes long: past this,
/// `text` keeps the first and last half with “……” between (`start`/`end`
/// stay exact), so the JSON of one finding stays small.
const MAX_QUOTED_CHARS: usize = 2_000;

fn quoted(text: &str) -> Cow<'_, str> {
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

fn label<'a>(doc: &'a Document, l: &'a Label) -> LabelJson<'a> {
    LabelJson {
        message: l.message.as_deref(),
        text: quoted(doc.slice(l.span)),
        location: location(doc, l.span),
    }
}

fn finding<'a>(doc: &'a Document, f: &'a Finding, fingerprint: String) -> FindingJson<'a> {
    FindingJson {
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        item: f.item.as_deref(),
        location: location(doc, f.primary.span),
        text: quoted(doc.slice(f.primary.span)),
        labels: std::iter::once(&f.primary)
            .chain(&f.secondary)
            .map(|l| label(doc, l))
            .collect(),
        fix: f.fix.as_ref().map(fix),
        fingerprint,
        elsewhere: f
            .elsewhere
            .iter()
            .map(|e| ElsewhereJson {
                file: &e.file,
                line: e.line,
                column: e.column,
                message: &e.message,
            })
            .collect(),
    }
}

fn fix(f: &Fix) -> FixJson<'_> {
    FixJson {
        title: &f.title,
        applicability: f.applicability,
        edits: f
            .edits
            .iter()
            .map(|e| EditJson {
                start: e.span.start,
                end: e.span.end,
                replacement: &e.replacement,
            })
            .collect(),
    }
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
