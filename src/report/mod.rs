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
pub fn render_error(diagnostic: &dyn Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}
