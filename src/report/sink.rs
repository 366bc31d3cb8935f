//! Output a chunk at a time. A run is checked in chunks so that memory does
//! not grow with the number of reports: each chunk's documents are dropped
//! once every requested format has taken what it needs from them. Every
//! format writes to its destination ([`Dest`]: standard output, or an
//! `--output` file under a temporary name) as the run goes; what a format
//! can only write at the end (a count in a header, GitHub's warnings after
//! its errors) is set aside in a [`Spill`], on disk past a small size. Only
//! the completeness matrix keeps a small row per report, since its column
//! widths depend on every row.

use std::io::{self, Write};

use serde_json::Value;

use super::matrix::{self, Row};
use super::out::{Dest, Spill};
use super::{github, human, json, junit, sarif, statistics};
use crate::cli::Format;
use crate::finding::Severity;
use crate::run::Run;

/// What a format has gathered so far.
enum State {
    /// Human output; with a file destination, the files that could not be
    /// checked (standard error's part) follow the rest.
    Human {
        err: Spill,
    },
    Github(Box<github::Stream>),
    /// JSON is written a report at a time: the header once the first report
    /// is in, each report's object as it comes, the summary at the end.
    Json {
        header_written: bool,
        files: usize,
        totals: JsonTotals,
    },
    Sarif(sarif::Stream),
    Junit(junit::Stream),
    /// The completeness table: its column widths depend on every row.
    Matrix(Vec<Row>),
    /// CSV rows are written as they come, after the header.
    Csv {
        header_written: bool,
    },
    Statistics(Vec<statistics::Row>),
}

/// One requested output: a format and where it goes.
pub struct Sink {
    pub format: Format,
    /// Counts per rule instead of the format (`--statistics`).
    statistics: bool,
    dest: Dest,
    state: State,
    style: human::Style,
    quiet: bool,
    threshold: Severity,
    /// Reports seen, for the matrix after human output.
    reports: usize,
    rows: Vec<Row>,
}

impl Sink {
    pub fn new(
        format: Format,
        statistics: bool,
        dest: Dest,
        style: human::Style,
        quiet: bool,
        threshold: Severity,
    ) -> Sink {
        let state = if statistics {
            State::Statistics(Vec::new())
        } else {
            match format {
                Format::Human => State::Human {
                    err: Spill::default(),
                },
                Format::Github => State::Github(Box::default()),
                Format::Json => State::Json {
                    header_written: false,
                    files: 0,
                    totals: JsonTotals::default(),
                },
                Format::Sarif => State::Sarif(sarif::Stream::default()),
                Format::Junit => State::Junit(junit::Stream::default()),
                Format::Summary => State::Matrix(Vec::new()),
                Format::Csv => State::Csv {
                    header_written: false,
                },
            }
        };
        Sink {
            format,
            statistics,
            dest,
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
        let dest = &mut self.dest;
        match &mut self.state {
            State::Human { err } => {
                let (o, e) = human::render(part, self.style, self.quiet);
                dest.write_str(&o);
                if dest.is_stdout() {
                    super::write_stderr(&e);
                } else {
                    err.push(&e);
                }
            }
            State::Github(stream) => stream.add(part, dest),
            State::Json {
                header_written,
                files,
                totals,
            } => {
                totals.add(part);
                for file in json::file_texts(part) {
                    if !*header_written {
                        dest.write_str(&json::header(part));
                        *header_written = true;
                    }
                    dest.write_str(if *files == 0 { "\n    " } else { ",\n    " });
                    dest.write_str(&file);
                    *files += 1;
                }
            }
            State::Sarif(stream) => stream.add(part, dest),
            State::Junit(stream) => stream.add(part, self.threshold),
            State::Matrix(rows) => rows.extend(matrix_rows(part, self.threshold, self.quiet)),
            State::Csv { header_written } => {
                if !*header_written {
                    dest.write_str(&csv_header(part));
                    *header_written = true;
                }
                for row in matrix_rows(part, self.threshold, self.quiet) {
                    dest.write_str(&matrix::csv_row(&row, &first_columns(part)));
                }
            }
            State::Statistics(rows) => statistics::merge(rows, statistics::rows(part)),
        }
    }

    /// Finishes with the part of the run that holds no reports but the
    /// unused waivers, and completes the destination (for a file, renames
    /// it into place). An error means the file could not be written; it is
    /// then left as it was.
    pub fn finish(mut self, tail: &Run) -> io::Result<()> {
        let state = std::mem::replace(&mut self.state, State::Matrix(Vec::new()));
        let dest = &mut self.dest;
        match state {
            State::Human { err } => {
                let (o, e) = human::render(tail, self.style, self.quiet);
                dest.write_str(&o);
                // With several reports, human output ends with the matrix.
                if self.reports > 1 {
                    dest.write_str("\n");
                    matrix_text(tail, &self.rows, dest);
                }
                dest.append(err);
                if dest.is_stdout() {
                    super::write_stderr(&e);
                } else {
                    dest.write_str(&e);
                }
            }
            State::Github(stream) => (*stream).finish(tail, dest),
            State::Json {
                header_written,
                files: _,
                totals,
            } => {
                let tail_value = parse(&json::render(tail));
                if !header_written {
                    // No report was checked: the header of the tail.
                    dest.write_str(&json::header(tail));
                }
                dest.write_str(&json_footer(&tail_value, &totals));
            }
            State::Sarif(stream) => stream.finish(tail, dest),
            State::Junit(mut stream) => {
                stream.add(tail, self.threshold);
                stream.finish(dest);
            }
            State::Matrix(rows) => matrix_text(tail, &rows, dest),
            State::Csv { header_written } => {
                if !header_written {
                    dest.write_str(&csv_header(tail));
                }
            }
            State::Statistics(mut rows) => {
                statistics::merge(&mut rows, statistics::rows(tail));
                match self.format {
                    Format::Json => dest.write_str(&statistics::json(&rows)),
                    _ => dest.write_str(&statistics::text(&rows)),
                }
            }
        }
        let _ = dest.flush();
        self.dest.finish()
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

fn matrix_rows(part: &Run, threshold: Severity, quiet: bool) -> Vec<Row> {
    let pack = part.main_pack();
    let columns = matrix::columns(pack);
    part.files
        .iter()
        .map(|f| {
            Row::of(&f.outcome, part.pack(f), &columns, threshold).with_fix_failure(f.fix_failure())
        })
        .filter(|r| {
            !quiet
                || r.error.is_some()
                || r.fix_error.is_some()
                || r.counts.errors + r.counts.warnings + r.counts.infos > 0
        })
        .collect()
}

fn matrix_text(tail: &Run, rows: &[Row], dest: &mut Dest) {
    let columns = matrix::columns(tail.main_pack());
    matrix::table(rows, &columns, |s| dest.write_str(s));
}

/// The CSV header, for the columns of the first setup's pack (as the
/// summary table).
fn csv_header(run: &Run) -> String {
    // The BOM makes Excel read the file as UTF-8 rather than GBK.
    format!("\u{FEFF}{}", matrix::csv_header(&first_columns(run)))
}

/// The matrix columns of the first setup's pack.
fn first_columns(run: &Run) -> Vec<matrix::Column> {
    matrix::columns(first_pack(run))
}

fn first_pack(run: &Run) -> &crate::rules::Pack {
    match run.setups.first() {
        Some(setup) => &setup.pack,
        None => run.main_pack(),
    }
}
