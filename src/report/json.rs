//! `--format json`: a documented, versioned schema (see README, “JSON 输出”).
//! Positions are given as byte offsets into the checked text (`start`
//! inclusive, `end` exclusive) and as 1-based lines and 1-based character
//! columns. Bump [`SCHEMA`] on any incompatible change.

use serde::Serialize;

use crate::batch::{CheckedFile, Counts, Outcome, Totals};
use crate::document::{Document, Span, YearSource};
use crate::finding::{Finding, Fix, Label};
use crate::rules::Pack;

pub const SCHEMA: &str = "reportlint/v1";

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

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum FileJson<'a> {
    Checked {
        path: &'a str,
        /// `text`, `docx` or `html`.
        format: &'static str,
        /// The text encoding assumed; `null` for .docx.
        encoding: Option<&'static str>,
        report_year: Option<i32>,
        year_source: Option<&'static str>,
        title: Option<&'a str>,
        title_line: Option<usize>,
        issuer: Option<String>,
        items: Vec<ItemJson<'a>>,
        findings: Vec<FindingJson<'a>>,
        summary: CountsJson,
    },
    Error {
        path: String,
        error: ErrorJson,
    },
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
struct FindingJson<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    item: Option<&'a str>,
    #[serde(flatten)]
    location: Location,
    text: &'a str,
    labels: Vec<LabelJson<'a>>,
    fix: Option<FixJson<'a>>,
}

#[derive(Serialize)]
struct Location {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    message: Option<&'a str>,
    text: &'a str,
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

#[derive(Serialize, Default)]
struct CountsJson {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    checked: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// The whole output for outcomes held in memory.
pub fn render(outcomes: &[Outcome], pack: &Pack) -> String {
    let mut out = header(pack);
    let mut totals = Totals::default();
    for (i, outcome) in outcomes.iter().enumerate() {
        out.push_str(separator(i == 0));
        out.push_str(&file(outcome, pack));
        totals.record(match outcome {
            Outcome::Checked(f) => Some(Counts::of(f)),
            Outcome::Failed(_) => None,
        });
    }
    out.push_str(&footer(&totals));
    out
}

/// The start of the output, up to the opening of the `files` array. The
/// output is written in pieces so a batch never holds all its files.
pub fn header(pack: &Pack) -> String {
    let tool = Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    };
    let info = PackInfo {
        id: &pack.meta.id,
        name: &pack.meta.name,
        version: pack.meta.version.as_deref(),
    };
    format!(
        "{{\n  \"schema\": {},\n  \"tool\": {},\n  \"pack\": {},\n  \"files\": [",
        pretty(&SCHEMA, 1),
        pretty(&tool, 1),
        pretty(&info, 1)
    )
}

/// What goes before an element of the `files` array.
pub fn separator(first: bool) -> &'static str {
    if first {
        "\n    "
    } else {
        ",\n    "
    }
}

/// One element of the `files` array.
pub fn file(outcome: &Outcome, pack: &Pack) -> String {
    let value = match outcome {
        Outcome::Checked(file) => checked_file(file, pack, Counts::of(file)),
        Outcome::Failed(e) => FileJson::Error {
            path: e.path().to_string(),
            error: ErrorJson {
                code: e.code(),
                message: e.to_string(),
            },
        },
    };
    pretty(&value, 2)
}

/// The end of the output: the `summary` object.
pub fn footer(totals: &Totals) -> String {
    let summary = Summary {
        files: totals.files,
        checked: totals.files - totals.failed,
        failed: totals.failed,
        errors: totals.counts.errors,
        warnings: totals.counts.warnings,
        infos: totals.counts.infos,
    };
    format!("\n  ],\n  \"summary\": {}\n}}\n", pretty(&summary, 1))
}

/// Pretty JSON indented as if nested `depth` levels deep (two spaces each).
/// JSON strings hold no raw line breaks, so indenting by line is safe.
fn pretty<T: Serialize>(value: &T, depth: usize) -> String {
    let s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let pad = "  ".repeat(depth);
    s.replace('\n', &format!("\n{pad}"))
}

fn checked_file<'a>(file: &'a CheckedFile, pack: &'a Pack, counts: Counts) -> FileJson<'a> {
    let doc = &file.doc;
    FileJson::Checked {
        path: &doc.name,
        format: file.info.format.as_str(),
        encoding: file.info.encoding,
        report_year: doc.year(),
        year_source: doc.report_year.map(|y| match y.source {
            YearSource::Title => "title",
            YearSource::Given => "option",
        }),
        title: doc.title.as_ref().map(|t| t.text.as_str()),
        title_line: doc
            .title
            .as_ref()
            .map(|t| doc.position(t.span().start).line),
        issuer: doc.issuing_body(),
        items: items(file, pack),
        findings: file
            .checked
            .findings
            .iter()
            .map(|f| finding(doc, f))
            .collect(),
        summary: CountsJson {
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
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
    }
}

fn label<'a>(doc: &'a Document, l: &'a Label) -> LabelJson<'a> {
    LabelJson {
        message: l.message.as_deref(),
        text: doc.slice(l.span),
        location: location(doc, l.span),
    }
}

fn finding<'a>(doc: &'a Document, f: &'a Finding) -> FindingJson<'a> {
    FindingJson {
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        item: f.item.as_deref(),
        location: location(doc, f.primary.span),
        text: doc.slice(f.primary.span),
        labels: std::iter::once(&f.primary)
            .chain(&f.secondary)
            .map(|l| label(doc, l))
            .collect(),
        fix: f.fix.as_ref().map(fix),
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
