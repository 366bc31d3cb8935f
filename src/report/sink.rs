//! Output a chunk at a time. A run is checked in chunks so that memory does
//! not grow with the number of reports: each chunk's documents are dropped
//! once every requested format has taken what it needs from them. Formats
//! that are written as they go (human, github) go straight to their writer;
//! the others keep a small summary per report (JSON values, SARIF results,
//! JUnit suites, matrix rows) and are put together at the end.

use serde_json::Value;

use super::matrix::{self, Row};
use super::{github, human, json, junit, sarif, statistics};
use crate::cli::Format;
use crate::finding::Severity;
use crate::run::Run;

/// What a format has gathered so far.
enum State {
    /// Text written as it is produced (or kept, for a file).
    Text {
        out: String,
        err: String,
    },
    /// JSON is written a report at a time: the header once the first report
    /// is in, each report's object as it comes, the summary at the end.
    Json {
        header: Option<String>,
        /// Reports' objects waiting to be written (all of them for a file
        /// output, none for standard output).
        pieces: Vec<String>,
        written: usize,
        totals: JsonTotals,
    },
    Sarif {
        results: Vec<Value>,
        notifications: Vec<Value>,
    },
    Junit(Vec<junit::Suite>),
    Matrix(Vec<Row>),
    Statistics(Vec<statistics::Row>),
}

/// One requested output: a format, and whether it goes to standard output
/// as it is produced.
pub struct Sink {
    pub format: Format,
    /// Counts per rule instead of the format (`--statistics`).
    statistics: bool,
    streaming: bool,
    state: State,
    style: human::Style,
    quiet: bool,
    threshold: Severity,
    /// Reports seen, for the matrix after human output.
    reports: usize,
    rows: Vec<Row>,
}

impl Sink {
    /// `streaming`: write to standard output and standard error as the run
    /// goes; otherwise keep everything for [`Sink::finish`].
    pub fn new(
        format: Format,
        statistics: bool,
        streaming: bool,
        style: human::Style,
        quiet: bool,
        threshold: Severity,
    ) -> Sink {
        let state = if statistics {
            State::Statistics(Vec::new())
        } else {
            match format {
                Format::Human | Format::Github => State::Text {
                    out: String::new(),
                    err: String::new(),
                },
                Format::Json => State::Json {
                    header: None,
                    pieces: Vec::new(),
                    written: 0,
                    totals: JsonTotals::default(),
                },
                Format::Sarif => State::Sarif {
                    results: Vec::new(),
                    notifications: Vec::new(),
                },
                Format::Junit => State::Junit(Vec::new()),
                Format::Summary | Format::Csv => State::Matrix(Vec::new()),
            }
        };
        Sink {
            format,
            statistics,
            streaming,
            state,
            style,
            quiet,
            threshold,
            reports: 0,
            rows: Vec::new(),
        }
    }

    /// Takes what this format needs from a part of the run (its reports;
    /// unused waivers come with [`Sink::finish`]).
    pub fn add(&mut self, part: &Run) {
        self.reports += part.files.len();
        if self.format == Format::Human && !self.statistics {
            self.rows.extend(matrix_rows(part, self.threshold, false));
        }
        let text = matches!(self.state, State::Text { .. }).then(|| self.text(part));
        match &mut self.state {
            State::Text { out, err } => {
                let (o, e) = text.unwrap_or_default();
                if self.streaming {
                    super::write_stdout(&o);
                    super::write_stderr(&e);
                } else {
                    out.push_str(&o);
                    err.push_str(&e);
                }
            }
            State::Json {
                header,
                pieces,
                written,
                totals,
            } => {
                if header.is_none() && !part.files.is_empty() {
                    *header = Some(json::header(part));
                }
                totals.add(part);
                let files = json::file_texts(part);
                let mut text = String::new();
                for file in files {
                    text.push_str(if *written + pieces.len() == 0 && text.is_empty() {
                        "\n    "
                    } else {
                        ",\n    "
                    });
                    text.push_str(&file);
                }
                if self.streaming {
                    if *written == 0 && !text.is_empty() {
                        super::write_stdout(header.as_deref().unwrap_or_default());
                    }
                    super::write_stdout(&text);
                    *written += part.files.len();
                } else if !text.is_empty() {
                    pieces.push(text);
                }
            }
            State::Sarif {
                results,
                notifications,
            } => {
                let (r, n) = sarif::entries(part);
                results.extend(r);
                notifications.extend(n);
            }
            State::Junit(suites) => suites.extend(junit::suites(part, self.threshold)),
            State::Matrix(rows) => rows.extend(matrix_rows(part, self.threshold, self.quiet)),
            State::Statistics(rows) => statistics::merge(rows, statistics::rows(part)),
        }
    }

    /// Human or GitHub output for a part of the run: `(out, err)`.
    fn text(&self, part: &Run) -> (String, String) {
        match self.format {
            Format::Human => human::render(part, self.style, self.quiet),
            _ => (github::render(part), String::new()),
        }
    }

    /// Finishes with the part of the run that holds no reports but the
    /// unused waivers; returns what is left to write `(out, err)`.
    pub fn finish(mut self, tail: &Run) -> (String, String) {
        let (out, err) = match std::mem::replace(&mut self.state, State::Matrix(Vec::new())) {
            State::Text { mut out, mut err } => {
                let (o, e) = self.text(tail);
                out.push_str(&o);
                err.push_str(&e);
                // With several reports, human output ends with the matrix.
                if self.format == Format::Human && self.reports > 1 {
                    out.push('\n');
                    out.push_str(&matrix_text(tail, &self.rows));
                }
                (out, err)
            }
            State::Json {
                header,
                pieces,
                written,
                totals,
            } => {
                let tail_value = parse(&json::render(tail));
                let mut out = String::new();
                if written == 0 {
                    // Nothing written yet: the header (of the tail, when no
                    // report was checked) and the kept reports.
                    out.push_str(&header.unwrap_or_else(|| json::header(tail)));
                    out.extend(pieces);
                }
                out.push_str(&json_footer(&tail_value, &totals));
                (out, String::new())
            }
            State::Sarif {
                results,
                notifications,
            } => (sarif_document(results, notifications, tail), String::new()),
            State::Junit(mut suites) => {
                suites.extend(junit::suites(tail, self.threshold));
                (junit::xml(&suites), String::new())
            }
            State::Matrix(rows) => match self.format {
                Format::Csv => (matrix_csv(tail, &rows), String::new()),
                _ => (matrix_text(tail, &rows), String::new()),
            },
            State::Statistics(mut rows) => {
                statistics::merge(&mut rows, statistics::rows(tail));
                match self.format {
                    Format::Json => (statistics::json(&rows), String::new()),
                    _ => (statistics::text(&rows), String::new()),
                }
            }
        };
        if self.streaming {
            super::write_stdout(&out);
            super::write_stderr(&err);
            (String::new(), String::new())
        } else {
            (out, err)
        }
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Counts over the reports' JSON objects, for the summary.
#[derive(Debug, Default)]
struct JsonTotals {
    files: usize,
    checked: usize,
    failed: usize,
    errors: u64,
    warnings: u64,
    infos: u64,
    waived: usize,
}

impl JsonTotals {
    fn add(&mut self, part: &Run) {
        for f in &part.files {
            self.files += 1;
            match &f.outcome {
                crate::batch::Outcome::Checked(file) => {
                    self.checked += 1;
                    let c = crate::batch::Counts::of(file);
                    self.errors += c.errors as u64;
                    self.warnings += c.warnings as u64;
                    self.infos += c.infos as u64;
                    self.waived += f.waived.len();
                }
                crate::batch::Outcome::Failed(_) => self.failed += 1,
            }
        }
    }
}

/// Everything after the reports: the unused waivers and the summary.
fn json_footer(tail: &Value, t: &JsonTotals) -> String {
    let unused = tail["unused_waivers"].clone();
    let summary = serde_json::json!({
        "files": t.files,
        "checked": t.checked,
        "failed": t.failed,
        "errors": t.errors,
        "warnings": t.warnings,
        "infos": t.infos,
        "waived": t.waived,
        "unused_waivers": unused.as_array().map_or(0, Vec::len),
    });
    let close = if t.files == 0 { "]" } else { "\n  ]" };
    format!(
        "{close},\n  \"unused_waivers\": {},\n  \"summary\": {}\n}}\n",
        indent(&unused, 1),
        indent(&summary, 1)
    )
}

/// Pretty JSON as if nested `depth` levels deep (two spaces each). JSON
/// strings hold no raw line breaks, so indenting by line is safe.
fn indent(value: &Value, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// The SARIF log: the tail's rules (they include the unused-waiver rule when
/// there is one, after all the others) with every part's results.
fn sarif_document(mut results: Vec<Value>, mut notifications: Vec<Value>, tail: &Run) -> String {
    let (r, n) = sarif::entries(tail);
    results.extend(r);
    notifications.extend(n);
    sarif::document(tail, results, notifications)
}

fn matrix_rows(part: &Run, threshold: Severity, quiet: bool) -> Vec<Row> {
    let pack = part.main_pack();
    let columns = matrix::columns(pack);
    part.files
        .iter()
        .map(|f| Row::of(&f.outcome, part.pack(f), &columns, threshold))
        .filter(|r| {
            !quiet || r.error.is_some() || r.counts.errors + r.counts.warnings + r.counts.infos > 0
        })
        .collect()
}

fn matrix_text(tail: &Run, rows: &[Row]) -> String {
    let columns = matrix::columns(tail.main_pack());
    let mut out = String::new();
    matrix::table(rows, &columns, |s| out.push_str(s));
    out
}

fn matrix_csv(tail: &Run, rows: &[Row]) -> String {
    let columns = matrix::columns(tail.main_pack());
    // The BOM makes Excel read the file as UTF-8 rather than GBK.
    let mut out = format!("\u{FEFF}{}", matrix::csv_header(&columns));
    for row in rows {
        out.push_str(&matrix::csv_row(row, &columns));
    }
    out
}
