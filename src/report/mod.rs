//! The output layer: one emitter per format, and the only place that writes
//! to standard output and standard error.

pub mod annotated;
pub mod fixes;
pub mod fold;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
mod json_writer;
pub mod junit;
pub mod matrix;
pub mod out;
mod positions;
pub mod sarif;
pub mod statistics;
pub mod window;
pub mod xlsx;

use std::io::{self, Write};
use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::finding::Severity;
use crate::run::{FileRun, Shared, UnusedWaiver};
use out::Dest;

/// The output formats (`--format`, `--output FORMAT=PATH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics with the source around each finding.
    Human,
    /// The documented JSON schema ([`json::SCHEMA`]).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// GitHub Actions workflow commands.
    Github,
    /// The completeness table alone.
    Summary,
    /// The completeness table as CSV.
    Csv,
    /// The spreadsheet for a 通报 (一览 and 问题清单); files only.
    Xlsx,
    /// The review report for people, in a browser ([`html`]).
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Summary => "summary",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }
}

/// One output format. A run calls [`Emitter::begin`] once, then
/// [`Emitter::file`] for each report in input order, then
/// [`Emitter::finish`]. An emitter writes as the run goes and keeps only
/// what its format cannot write before the end (a count in a header, the
/// order of GitHub's annotations, a table's column widths), on disk past a
/// small size ([`out::Spill`]), so memory stays flat however many reports a
/// run checks.
pub trait Emitter {
    /// Before the first report: the configurations, packs and waiver files
    /// are known.
    fn begin(&mut self, _run: &Shared, _out: &mut dyn Write) {}

    /// One report's result.
    fn file(&mut self, run: &Shared, file: &FileRun, out: &mut dyn Write);

    /// After the last report: the waivers that waived nothing; completes
    /// the document.
    fn finish(self: Box<Self>, run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write);

    /// [`Emitter::finish`] for a format that can fail at the end (a
    /// spreadsheet assembled from temporary files): the error keeps the
    /// output file from being written.
    fn finish_checked(
        self: Box<Self>,
        run: &Shared,
        unused: &[UnusedWaiver],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.finish(run, unused, out);
        Ok(())
    }
}

/// How the outputs of a `check` run look, whatever their format.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Counts per rule in place of the format (`--statistics`).
    pub statistics: bool,
    /// Only findings: no line per clean file (human, summary, csv).
    pub quiet: bool,
    /// The `--fail-on` level (JUnit failures, problem marks in the table).
    pub threshold: Severity,
    /// Colour and width of human output.
    pub style: human::Style,
    /// What human output shows (`--show-all`, `--min-severity`).
    pub display: fold::Display,
}

/// The emitter of a format.
pub fn emitter(format: Format, options: Options, stdout: bool) -> Box<dyn Emitter> {
    if options.statistics {
        return Box::new(statistics::Statistics::new(format == Format::Json));
    }
    match format {
        Format::Human => Box::new(human::Human::new(options, stdout)),
        Format::Json => Box::<json::Json>::default(),
        Format::Sarif => Box::<sarif::Sarif>::default(),
        Format::Junit => Box::new(junit::Junit::new(options.threshold)),
        Format::Github => Box::<github::Github>::default(),
        Format::Summary => Box::new(matrix::Table::new(options.threshold, options.quiet)),
        Format::Csv => Box::new(matrix::Csv::new(options.threshold, options.quiet)),
        Format::Xlsx => Box::new(xlsx::Xlsx::new(options.threshold, options.quiet)),
        Format::Html => Box::new(html::Html::new(options.threshold, None)),
    }
}

/// The files an `--output` of an earlier run may have left at `path`: the
/// file itself, or for HTML its index and its pages. A run does not check
/// them as reports.
pub fn output_files(format: Format, path: &Path) -> Vec<std::path::PathBuf> {
    match format {
        Format::Html => html::Target::of(path).files(),
        _ => vec![path.to_path_buf()],
    }
}

/// One requested output: an emitter and where it writes.
pub struct Output {
    emitter: Box<dyn Emitter>,
    dest: Dest,
    /// For paged HTML: why its pages could not be written.
    pages_error: Option<html::PagesError>,
}

impl Output {
    /// The output on standard output.
    pub fn stdout(format: Format, options: Options) -> Output {
        Output {
            emitter: emitter(format, options, true),
            dest: Dest::stdout(),
            pages_error: None,
        }
    }

    /// An `--output` file, written under a temporary name beside it until
    /// [`Output::finish`] renames it into place.
    /// HTML to a folder (or a large batch) writes its index there and one
    /// page per report beside it ([`html::Target`]).
    pub fn file(path: &Path, format: Format, options: Options) -> io::Result<Output> {
        if format == Format::Html && !options.statistics {
            let target = html::Target::of(path);
            if target.folder {
                std::fs::create_dir_all(path)?;
            }
            let dest = Dest::file(&target.index)?;
            let emitter = html::Html::new(options.threshold, Some(target));
            return Ok(Output {
                pages_error: Some(emitter.pages_error()),
                emitter: Box::new(emitter),
                dest,
            });
        }
        Ok(Output {
            emitter: emitter(format, options, false),
            dest: Dest::file(path)?,
            pages_error: None,
        })
    }

    pub fn begin(&mut self, run: &Shared) {
        self.emitter.begin(run, &mut self.dest);
        self.dest.end_of_report();
    }

    /// Hands one report's result to the format.
    pub fn emit(&mut self, run: &Shared, file: &FileRun) {
        self.emitter.file(run, file, &mut self.dest);
        self.dest.end_of_report();
    }

    /// Completes the output; for a file, renames it into place. An error
    /// means the file could not be written; it is then left as it was.
    pub fn finish(self, run: &Shared, unused: &[UnusedWaiver]) -> io::Result<()> {
        let Output {
            emitter,
            mut dest,
            pages_error,
        } = self;
        if let Err(e) = emitter.finish_checked(run, unused, &mut dest) {
            dest.fail(e);
        }
        if let Some(e) = pages_error.and_then(|e| e.borrow_mut().take()) {
            // Dropping the destination removes its temporary file.
            return Err(e);
        }
        dest.finish()
    }
}

/// Feeds a whole run held in memory to an emitter, and returns what it
/// wrote (tests; `check` streams instead).
pub fn render(emitter: Box<dyn Emitter>, run: &crate::run::Run) -> String {
    let mut emitter = emitter;
    let mut out = Vec::new();
    emitter.begin(&run.shared, &mut out);
    for file in &run.files {
        emitter.file(&run.shared, file, &mut out);
    }
    emitter.finish(&run.shared, &run.unused, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes to standard output. A closed pipe (`reportlint … | head`) is not an
/// error worth reporting.
pub fn write_stdout(text: &str) {
    let _ = io::stdout().lock().write_all(text.as_bytes());
}

pub fn write_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes a file atomically: to a temporary file in the same folder, then
/// renamed over the target, so a reader (a CI upload step) never sees half a
/// report and a failed run leaves the previous file intact.
pub fn write_file_atomic(path: &Path, text: &str) -> io::Result<()> {
    out::write_atomic(path, text)
}

/// Renders an error diagnostic (a broken rule pack, a bad input) as text.
/// Related diagnostics (each error in a pack) follow it, each rendered on
/// its own: miette would put an English `Error:` before each.
pub fn render_error(diagnostic: &dyn Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    render_one(&handler, diagnostic, &mut out);
    out
}

fn render_one(handler: &GraphicalReportHandler, diagnostic: &dyn Diagnostic, out: &mut String) {
    let mut text = String::new();
    if handler
        .render_report(&mut text, &WithoutRelated(diagnostic))
        .is_err()
    {
        text = format!("{diagnostic}\n");
    }
    out.push_str(&text);
    for related in diagnostic.related().into_iter().flatten() {
        out.push('\n');
        render_one(handler, related, out);
    }
}

/// A diagnostic shown without its related diagnostics, which
/// [`render_one`] renders itself.
struct WithoutRelated<'a>(&'a dyn Diagnostic);

impl std::fmt::Debug for WithoutRelated<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl std::fmt::Display for WithoutRelated<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.0, f)
    }
}

impl std::error::Error for WithoutRelated<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl Diagnostic for WithoutRelated<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.0.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.0.diagnostic_source()
    }
}
