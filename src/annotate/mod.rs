//! Annotated Word documents (`check --annotate`): for each report, a
//! `<name>.审核.docx` the drafter opens in Word, WPS or LibreOffice, with a
//! comment (批注) on every finding at its exact text, one summary comment on
//! the title, and the fixes as tracked changes (修订) to accept or reject one
//! by one.
//!
//! A .docx report is copied, part for part, and only `document.xml`, the
//! comments part and the two lists that name it are changed ([`package`]).
//! Every other report (text, web page, PDF, …) first becomes a new .docx of
//! its text in the fonts of a 公文 ([`fresh`]), which is then annotated the
//! same way. Where the checked text lies in `document.xml` is worked out by
//! [`layout`]; when a .docx cannot be mapped exactly (a style that hides
//! text, say), its text is annotated in a new document instead, and the
//! summary comment says so: a comment is never put on the wrong words.

mod fresh;
mod layout;
mod package;
mod rewrite;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::document::{Document, Span};
use crate::finding::{Applicability, Edit};
use crate::input::Format;
use crate::rules::Pack;
use crate::run::{Options, Outcome};

/// What is added to a report's file name.
pub const SUFFIX: &str = crate::input::walk::ANNOTATED_SUFFIX;

/// Where and how annotated documents are written.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder to write into; beside each report when `None`.
    pub dir: Option<PathBuf>,
    /// Replace an annotated document written before.
    pub force: bool,
    /// Also write the unsafe fixes as tracked changes.
    pub threshold: Applicability,
}

/// Why an annotated document was not written.
#[derive(Debug, Error, Diagnostic)]
pub enum AnnotateError {
    #[error("{path} 已存在，未覆盖")]
    #[diagnostic(
        code(annotate::exists),
        help("这是以前生成的批注文档，或同名的其他文件。要重新生成，请加 --force；或用 --annotate=目录 写到其他文件夹")
    )]
    Exists { path: String },
    #[error("无法写出批注文档 {path}（{}）", crate::error::write_reason(cause))]
    #[diagnostic(
        code(annotate::write),
        help("报告原文件未改动。请检查该文件夹是否可写、磁盘是否已满，或用 --annotate=目录 写到其他文件夹")
    )]
    Write {
        path: String,
        #[source]
        cause: io::Error,
    },
    #[error("标准输入没有文件名，无法写出批注文档")]
    #[diagnostic(
        code(annotate::stdin),
        help("请把报告保存为文件，再用 --annotate 检查该文件")
    )]
    Stdin,
    #[error("无法生成批注文档：报告的文字无法写成 Word 文档")]
    #[diagnostic(
        code(annotate::build),
        help("报告原文件未改动。这是 reportlint 的缺陷，请把报告文件附在问题反馈中")
    )]
    Build,
}

/// An annotated document written.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub comments: usize,
    pub tracked: usize,
    pub untracked: usize,
    /// A .docx whose text could not be mapped exactly: written as a new
    /// document of its text.
    pub regenerated: bool,
}

/// The annotated document's path for a report.
pub fn target(input: &Path, dir: Option<&Path>) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "报告".to_string());
    let name = format!("{stem}{SUFFIX}");
    match dir {
        Some(d) => d.join(name),
        None => input.with_file_name(name),
    }
}

/// Whether a file is an annotated document written by this command (not
/// annotated again).
pub fn is_annotated(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(SUFFIX))
}

/// Builds and writes the annotated document of one checked report.
pub fn annotate_file(
    input: &Path,
    outcome: &Outcome,
    pack: &Pack,
    options: Options,
    settings: &Settings,
    summary: Summary,
) -> Result<Written, AnnotateError> {
    let out = target(input, settings.dir.as_deref());
    let shown = crate::paths::shown(&out);
    if out.exists() && !settings.force {
        return Err(AnnotateError::Exists { path: shown });
    }
    // The report itself is never replaced, whatever its name.
    if same_file(input, &out) {
        return Err(AnnotateError::Exists { path: shown });
    }
    let Outcome::Checked(file) = outcome else {
        return Err(AnnotateError::Build);
    };
    let original = if file.info.format == Format::Docx {
        crate::input::open_regular(input)
            .ok()
            .and_then(|f| read_limited(f, options.max_bytes))
    } else {
        None
    };
    let (bytes, written) = build(
        original.as_deref(),
        outcome,
        pack,
        options,
        settings.threshold,
        summary,
    )?;
    write_new(&out, &bytes, settings.force)
        .map_err(|cause| AnnotateError::Write { path: shown, cause })?;
    Ok(Written {
        path: out,
        ..written
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn read_limited(file: fs::File, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= max).then_some(bytes)
}

/// Writes the file whole or not at all: into a temporary file beside it,
/// then renamed into place; without `force`, an existing file is never
/// replaced.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if force {
            fs::rename(&tmp, path)
        } else {
            // A hard link fails if the name was taken in the meantime.
            fs::hard_link(&tmp, path).or_else(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    Err(e)
                } else {
                    fs::copy(&tmp, path).map(|_| ())
                }
            })?;
            fs::remove_file(&tmp)
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A comment: where it goes and its paragraphs.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub span: Span,
    pub paragraphs: Vec<String>,
}

/// The annotated document's bytes, and what it holds. `original` is the
/// .docx the report was read from.
pub fn build(
    original: Option<&[u8]>,
    outcome: &Outcome,
    pack: &Pack,
    options: Options,
    threshold: Applicability,
    summary: Summary,
) -> Result<(Vec<u8>, Written), AnnotateError> {
    let Outcome::Checked(file) = outcome else {
        return Err(AnnotateError::Build);
    };
    let doc = &file.doc;
    let fixed = crate::fix::fix_text(doc.name.clone(), doc.text.clone(), pack, options, threshold);
    let (edits, unsettled) = match &fixed.unsettled {
        Some(why) => (Vec::new(), Some(why.describe())),
        None => (fixed.edits.clone(), None),
    };
    let mut notes: Vec<Note> = file
        .checked
        .findings
        .iter()
        .map(|f| {
            let mut paragraphs = vec![format!("{}：{}", f.severity.label(), f.message)];
            // Places in last year's report the finding points at.
            paragraphs.extend(f.elsewhere.iter().map(|e| e.describe()));
            if let Some(help) = &f.help {
                paragraphs.push(format!("如何修改：{help}"));
            }
            paragraphs.push(format!("规则 {}（reportlint）", f.rule));
            Note {
                span: visible(doc, f.primary.span),
                paragraphs,
            }
        })
        .collect();
    notes.push(Note {
        span: visible(doc, title_span(doc)),
        paragraphs: Vec::new(),
    });
    let make = |tracked: usize, untracked: usize, regenerated: bool| {
        let facts = Facts {
            tracked,
            untracked,
            unsettled: unsettled.clone(),
            regenerated,
        };
        summary(outcome, pack, &facts)
    };
    let attempt = original.and_then(|bytes| {
        package::annotate(bytes, &doc.text, &notes, &edits, &|t, u| make(t, u, false))
    });
    let regenerated = original.is_some() && attempt.is_none();
    let done = match attempt {
        Some(done) => Some(done),
        None => {
            let plain = fresh::document(doc);
            package::annotate(&plain, &doc.text, &notes, &edits, &|t, u| {
                make(t, u, regenerated)
            })
        }
    };
    let done = done.ok_or(AnnotateError::Build)?;
    Ok((
        done.bytes,
        Written {
            path: PathBuf::new(),
            comments: notes.len(),
            tracked: done.tracked,
            untracked: done.untracked,
            regenerated,
        },
    ))
}

/// The title, or the first line with text.
fn title_span(doc: &Document) -> Span {
    if let Some(t) = &doc.title {
        return t.span();
    }
    doc.blocks.first().map_or(Span::new(0, 0), |b| b.span)
}

/// A span that covers at least one character, so that Word shows where the
/// comment is: an empty span (something missing here) takes the character
/// before it on its line, else the one after.
fn visible(doc: &Document, span: Span) -> Span {
    let text = &doc.text;
    if span.start < span.end || text.is_empty() {
        return span;
    }
    let at = span.start.min(text.len());
    let before = text[..at].chars().next_back().filter(|&c| c != '\n');
    if let Some(c) = before {
        return Span::new(at - c.len_utf8(), at);
    }
    match text[at..].chars().next().filter(|&c| c != '\n') {
        Some(c) => Span::new(at, at + c.len_utf8()),
        None => span,
    }
}

/// What the summary comment on the title is written from, besides the
/// checked report: what became of the fixes.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Changes written as tracked changes.
    pub tracked: usize,
    /// Changes that could not be (automatic numbers, new paragraphs).
    pub untracked: usize,
    /// Why fixing stopped before it settled, when it did.
    pub unsettled: Option<String>,
    /// A .docx written again as a new document of its text.
    pub regenerated: bool,
}

/// Writes the summary comment's paragraphs (the output layer does).
pub type Summary<'a> = &'a dyn Fn(&Outcome, &Pack, &Facts) -> Vec<String>;

/// The time as Word writes it in `w:date` (UTC).
pub(crate) fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Days to a civil date (proleptic Gregorian), after Howard Hinnant.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Edits as the rewrite takes them.
fn changes(edits: &[Edit]) -> Vec<rewrite::Change> {
    edits
        .iter()
        .map(|e| rewrite::Change {
            span: e.span,
            replacement: e.replacement.clone(),
        })
        .collect()
}
