//! Checking many files: each is read, parsed, checked and rendered on its own
//! (in parallel), and the rendered results come back in input order.
//!
//! Memory does not grow with the number of files: inputs are taken in chunks
//! a few times the size of the thread pool, each worker renders its file and
//! drops the document before returning, and a chunk's results are handed to
//! the caller (who writes them out) before the next chunk starts. Only what
//! the caller keeps (for the completeness matrix, a short row per file)
//! stays.

use rayon::prelude::*;

use crate::document::Document;
use crate::engine::{self, Checked};
use crate::error::InputError;
use crate::finding::Severity;
use crate::input::{self, InputInfo, Loaded, Source};
use crate::meta::ReportMeta;
use crate::rules::Pack;

/// Inputs per parallel chunk, per thread: enough to keep every thread busy
/// when files differ in size, few enough that rendered output waiting to be
/// written stays small.
const CHUNK_PER_THREAD: usize = 8;

/// A checked file.
#[derive(Debug)]
pub struct CheckedFile {
    pub doc: Document,
    pub checked: Checked,
    /// How the text was obtained (format, encoding).
    pub info: InputInfo,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Checked(Box<CheckedFile>),
    Failed(InputError),
}

/// Options that apply to every file.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Overrides the report year read from the title.
    pub year: Option<i32>,
    /// Level of the issuing body and deadline profile, from the configuration.
    pub meta: ReportMeta,
    /// Files larger than this are refused.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            year: None,
            meta: ReportMeta::default(),
            max_bytes: input::DEFAULT_MAX_BYTES,
        }
    }
}

/// Checks every input in parallel, turns each outcome into `T` with
/// `render` on a worker thread, and hands the results to `emit` in input
/// order.
pub fn run<T, R, E>(
    inputs: Vec<Result<Source, InputError>>,
    pack: &Pack,
    options: Options,
    render: R,
    mut emit: E,
) where
    T: Send,
    R: Fn(Outcome) -> T + Sync,
    E: FnMut(T),
{
    let chunk = rayon::current_num_threads().max(1) * CHUNK_PER_THREAD;
    let mut inputs = inputs.into_iter().peekable();
    while inputs.peek().is_some() {
        let batch: Vec<Result<Source, InputError>> = inputs.by_ref().take(chunk).collect();
        let results: Vec<T> = batch
            .into_par_iter()
            .map(|item| {
                render(match item {
                    Ok(source) => check_source(&source, pack, options),
                    Err(e) => Outcome::Failed(e),
                })
            })
            .collect();
        results.into_iter().for_each(&mut emit);
    }
}

/// Reads and checks one input.
pub fn check_source(source: &Source, pack: &Pack, options: Options) -> Outcome {
    match input::load(source, options.max_bytes) {
        Ok(loaded) => Outcome::Checked(Box::new(check_loaded(loaded, pack, options))),
        Err(e) => Outcome::Failed(e),
    }
}

/// Checks a report already read.
pub fn check_loaded(loaded: Loaded, pack: &Pack, options: Options) -> CheckedFile {
    let Loaded {
        name,
        text,
        info,
        outline,
    } = loaded;
    let mut doc = Document::parse_with_outline(name, text, &outline);
    if let Some(year) = options.year {
        doc.set_year(year);
    }
    let checked = engine::check(&doc, pack, &options.meta);
    CheckedFile { doc, checked, info }
}

/// Checks UTF-8 text already in memory.
pub fn check_text(name: String, text: String, pack: &Pack, options: Options) -> CheckedFile {
    check_loaded(
        Loaded {
            name,
            text,
            info: InputInfo {
                format: input::Format::Text,
                encoding: Some("UTF-8"),
                replaced: 0,
                nul_removed: 0,
            },
            outline: Vec::new(),
        },
        pack,
        options,
    )
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(file: &CheckedFile) -> Counts {
        let mut c = Counts::default();
        for f in &file.checked.findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    pub fn at_least(&self, threshold: Severity) -> usize {
        match threshold {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}

/// Running totals over a batch, for the exit code and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub failed: usize,
    pub counts: Counts,
}

impl Totals {
    /// Adds one file: its counts, or `None` if it could not be checked.
    pub fn record(&mut self, counts: Option<Counts>) {
        self.files += 1;
        match counts {
            Some(c) => self.counts.add(c),
            None => self.failed += 1,
        }
    }
}
