//! The output layer: one emitter per format, and the only place that writes
//! to standard output and standard error.

pub mod fixes;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod matrix;
pub mod out;
pub mod sarif;
pub mod sink;
pub mod statistics;
pub mod window;

use std::io::{self, Write};
use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

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
