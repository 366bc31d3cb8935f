//! One `check` run, from file names to what every output format reads:
//! find the configuration of each report, load each configuration, its pack
//! and its waiver file once ([`plan`]), drop the files the configuration
//! excludes, check the rest in parallel chunks and set the waived findings
//! aside ([`Reports`]), one report at a time in input order.
//!
//! Loading comes first and is all-or-nothing: a broken configuration, pack
//! or waiver file stops the run before any report is read (exit code 3).
//! Checking one report is [`file`]; nothing here writes output.

mod file;
pub mod fix_hint;
mod waivers;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use rayon::prelude::*;
use serde::Serialize;

pub use file::{
    check_loaded, check_source, check_source_detecting, check_text, check_text_against,
    read_baseline, BaselineRead, CheckedFile, Counts, Options, Outcome, BASELINE_UNREADABLE_RULE,
    INVALID_BYTES_RULE,
};

use crate::batch::Batch;
use crate::config::{self, Overrides, Setup};
use crate::document::{Position, Span};
use crate::error::{ConfigError, InputError};
use crate::finding::{Finding, Severity};
use crate::input::Source;
use crate::isolate;
use crate::paths;
use crate::rules::Pack;
use crate::waiver::WaiverFile;

/// What every report of a run shares: the configurations (each with its
/// pack) and the waiver files, loaded once before any report is read.
#[derive(Debug)]
pub struct Shared {
    /// Never empty: a run without files still has the configuration of the
    /// current folder.
    pub setups: Vec<Setup>,
    pub waiver_files: Vec<WaiverFile>,
    /// For each setup, its waiver file (index into `waiver_files`).
    setup_waivers: Vec<Option<usize>>,
    /// For each configured setup, the setups a report switches to when a
    /// pack recognises its title (indices into `setups`).
    detecting: Vec<Vec<usize>>,
}

impl Shared {
    /// What a run without waivers shares: one setup.
    pub fn new(setup: Setup) -> Shared {
        Shared {
            setups: vec![setup],
            waiver_files: Vec::new(),
            setup_waivers: vec![None],
            detecting: vec![Vec::new()],
        }
    }

    /// The pack a report was checked with.
    pub fn pack(&self, file: &FileRun) -> &Pack {
        &self.setups[file.setup].pack
    }

    /// The pack of the first configuration, for outputs that name one pack
    /// before any report is known (the columns of the completeness table).
    pub fn first_pack(&self) -> &Pack {
        &self.setups[0].pack
    }
}

/// A whole run held in memory (for `waive`, and for tests). `check` never
/// holds one: it hands each report to the outputs as it comes.
#[derive(Debug)]
pub struct Run {
    pub shared: Shared,
    /// In the order the files were given (excluded files left out).
    pub files: Vec<FileRun>,
    /// Waivers that matched a checked report but waived nothing.
    pub unused: Vec<UnusedWaiver>,
}

impl Run {
    pub fn failed(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
            .count()
    }
}

/// One report's result.
#[derive(Debug)]
pub struct FileRun {
    pub outcome: Outcome,
    /// Index into [`Shared::setups`].
    pub setup: usize,
    pub waived: Vec<Waived>,
    /// What `--fix` did to the file before it was checked.
    pub fixed: Option<FixSummary>,
}

/// What `--fix` did to one file before it was checked (the JSON `fixed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FixSummary {
    /// Fixes applied.
    pub applied: usize,
    /// Whether the fixed text was written back.
    pub written: bool,
    /// Why the fixes were not written back, when fixing failed (a read-only
    /// file, fixes that never settle, …): the run exits with code 2, and
    /// every output format says why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<FixFailure>,
}

/// A `--fix` failure as the output formats show it (the JSON
/// `fixed.error`, like an input error's `error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixFailure {
    /// `fix::read_only`, `fix::unsettled`, …
    pub code: String,
    pub message: String,
}

impl FileRun {
    /// Why `--fix` left this file as it was, if it failed.
    pub fn fix_failure(&self) -> Option<&FixFailure> {
        self.fixed.as_ref()?.error.as_ref()
    }
}

/// A finding a waiver set aside.
#[derive(Debug)]
pub struct Waived {
    pub finding: Finding,
    pub fingerprint: String,
    /// The waiver file (as shown), the line of the entry, and its reason.
    pub waiver_file: String,
    pub waiver_line: usize,
    pub reason: String,
}

/// A waiver that waived nothing, with its place in the waiver file.
#[derive(Debug, Clone)]
pub struct UnusedWaiver {
    /// The waiver file, as shown.
    pub file: String,
    /// Index into [`Run::waiver_files`], for the file's text.
    pub waiver_file: usize,
    pub rule: String,
    pub fingerprint: String,
    /// The entry's `fingerprint` value in the waiver file.
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// Offset and length in characters (Unicode code points).
    pub char_offset: usize,
    pub char_len: usize,
    pub message: String,
    pub help: String,
}

impl UnusedWaiver {
    pub const SEVERITY: Severity = Severity::Warning;
}

/// Totals over a run. The JSON output's `summary` is this struct, and the
/// exit code is decided from it, so the two never disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Reports given (excluded files left out).
    pub files: usize,
    pub checked: usize,
    /// Reports that could not be checked.
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings set aside by a waiver.
    pub waived: usize,
    pub unused_waivers: usize,
}

impl Summary {
    /// Counts one report.
    pub fn add(&mut self, file: &FileRun) {
        self.files += 1;
        match &file.outcome {
            Outcome::Checked(checked) => {
                self.checked += 1;
                let c = Counts::of(checked);
                self.errors += c.errors;
                self.warnings += c.warnings;
                self.infos += c.infos;
                self.waived += file.waived.len();
            }
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// Findings by severity (waived findings excluded).
    pub fn counts(&self) -> Counts {
        Counts {
            errors: self.errors,
            warnings: self.warnings,
            infos: self.infos,
        }
    }

    /// Whether anything reaches the fail threshold: a finding, or an unused
    /// waiver (a warning).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.counts().at_least(threshold) > 0
            || (self.unused_waivers > 0 && UnusedWaiver::SEVERITY >= threshold)
    }
}

/// Inputs to check, each with the configuration that applies to it. An
/// input that could not even be found (a bad glob, a symlink loop) is kept
/// as its error, so it is reported in order with the others.
#[derive(Debug)]
pub struct Plan {
    pub files: Vec<Planned>,
    pub shared: Shared,
    /// Files the configuration excludes; not checked.
    pub excluded: Vec<PathBuf>,
}

/// A planned input: a source (or why there is none) and its setup.
pub type Planned = (Result<Source, InputError>, usize);

/// Finds and loads the configuration of every file. All errors are
/// collected, so one run shows every broken file. With `new_waivers`, a
/// waiver file that does not exist yet is not an error (`reportlint waive`
/// creates it).
pub fn plan(
    items: Vec<Result<Source, InputError>>,
    args: &Overrides,
    new_waivers: bool,
) -> Result<Plan, Vec<ConfigError>> {
    // Standard input and unfound inputs take the configuration of the
    // current folder.
    let here = PathBuf::from("-");
    let files: Vec<PathBuf> = items
        .iter()
        .map(|item| match item {
            Ok(Source::Path(p)) => p.clone(),
            _ => here.clone(),
        })
        .collect();
    let mut by_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut index: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut configs: Vec<Option<PathBuf>> = Vec::new();
    let mut assigned = Vec::with_capacity(files.len());
    for (file, item) in files.iter().zip(items) {
        let dir = paths::absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let config = match (&args.config, args.no_config) {
            (_, true) => None,
            (Some(c), _) => Some(c.clone()),
            _ => by_dir
                .entry(dir)
                .or_insert_with_key(|_| config::locate(file, args))
                .clone(),
        };
        let key = config.as_deref().map(paths::canonical);
        let i = *index.entry(key).or_insert_with(|| {
            configs.push(config.clone());
            configs.len() - 1
        });
        assigned.push((item, i));
    }
    if files.is_empty() {
        configs.push(None);
    }

    let mut errors = Vec::new();
    let mut setups = Vec::new();
    for config in &configs {
        match config::load(config.as_deref(), args) {
            Ok(s) => setups.push(s),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Setups that reports may switch to by their title come after the
    // configured ones, so the files' setup indices stay as assigned.
    let configured = setups.len();
    let mut detecting = vec![Vec::new(); configured];
    for (i, alternates) in detecting.iter_mut().enumerate() {
        match setups[i].detected() {
            Ok(found) => {
                for setup in found {
                    alternates.push(setups.len());
                    setups.push(setup);
                }
            }
            Err(e) => errors.push(ConfigError::Pack(e)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // A switched-to setup shares the waiver file of the setup it came from.
    let mut origin: Vec<usize> = (0..configured).collect();
    for (i, alternates) in detecting.iter().enumerate() {
        origin.extend(alternates.iter().map(|_| i));
    }

    let mut waiver_files: Vec<WaiverFile> = Vec::new();
    let mut setup_waivers = Vec::new();
    for (i, setup) in setups.iter().enumerate() {
        if origin[i] != i {
            setup_waivers.push(setup_waivers[origin[i]]);
            continue;
        }
        let Some(path) = &setup.settings.waivers.value else {
            setup_waivers.push(None);
            continue;
        };
        if new_waivers && !path.exists() {
            setup_waivers.push(None);
            continue;
        }
        let canonical = paths::canonical(path);
        if let Some(i) = waiver_files.iter().position(|w| w.canonical == canonical) {
            setup_waivers.push(Some(i));
            continue;
        }
        match WaiverFile::load(path) {
            Ok(w) => {
                waiver_files.push(w);
                setup_waivers.push(Some(waiver_files.len() - 1));
            }
            Err(e) => {
                errors.push(e);
                setup_waivers.push(None);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut kept = Vec::with_capacity(assigned.len());
    let mut excluded = Vec::new();
    for (item, s) in assigned {
        match &item {
            Ok(Source::Path(path)) if !setups[s].filter.allows(path) => excluded.push(path.clone()),
            _ => kept.push((item, s)),
        }
    }
    Ok(Plan {
        files: kept,
        shared: Shared {
            setups,
            waiver_files,
            setup_waivers,
            detecting,
        },
        excluded,
    })
}

/// Checks a plan's files and holds every result: for `waive` and tests.
/// `check` iterates [`Reports`] instead, so memory stays flat.
pub fn execute(plan: Plan, max_bytes: u64) -> Run {
    let Plan { files, shared, .. } = plan;
    let (files, unused) = thread::scope(|scope| {
        let mut reports = Reports::new(scope, &shared, files, max_bytes);
        let files: Vec<FileRun> = reports.by_ref().collect();
        (files, reports.unused())
    });
    Run {
        shared,
        files,
        unused,
    }
}

/// Inputs checked at once, per thread: enough to keep every thread busy when
/// files differ in size, few enough that a chunk's documents stay small.
pub const CHUNK_PER_THREAD: usize = 8;

/// Chunks checked ahead of the one being written out: while the caller
/// writes one chunk's results, the next is checked, so writing the outputs
/// does not leave the threads idle. Memory holds at most this many chunks
/// besides the one checked and the one written.
const CHUNKS_AHEAD: usize = 1;

/// One chunk's results, in input order, each with the path its waivers are
/// looked up by.
type Checked = Vec<(Outcome, usize, PathBuf)>;

/// The planned reports checked, yielded one at a time in input order with
/// their waived findings set aside. Reports are checked in parallel a chunk
/// at a time, on a thread of the caller's scope, so the next chunk is
/// checked while the caller writes out this one; memory does not grow with
/// the number of reports: a chunk's documents are dropped once the caller
/// has taken each result. When the iterator is exhausted,
/// [`Reports::unused`] gives the waivers that waived nothing.
pub struct Reports<'a> {
    shared: &'a Shared,
    chunks: mpsc::Receiver<Checked>,
    ready: VecDeque<FileRun>,
    usage: waivers::Usage,
}

impl<'a> Reports<'a> {
    /// Starts checking `planned` on a thread of `scope`; first, when the run
    /// compares its reports with each other (`kind: copied`), finds each
    /// report's partners ([`Batch::plan`]).
    pub fn new<'scope>(
        scope: &'scope thread::Scope<'scope, 'a>,
        shared: &'a Shared,
        planned: Vec<Planned>,
        max_bytes: u64,
    ) -> Reports<'a> {
        let packs: Vec<&Pack> = shared.setups.iter().map(|s| &s.pack).collect();
        let batch = Batch::plan(&planned, &packs, max_bytes);
        let (send, chunks) = mpsc::sync_channel(CHUNKS_AHEAD);
        let chunk = rayon::current_num_threads().max(1) * CHUNK_PER_THREAD;
        scope.spawn(move || {
            let mut planned = planned.into_iter();
            let mut first = 0;
            loop {
                let items: Vec<Planned> = planned.by_ref().take(chunk).collect();
                if items.is_empty() {
                    break;
                }
                let n = items.len();
                let checked = check_chunk(shared, batch.as_ref(), first, items, max_bytes);
                first += n;
                // The caller stopped taking results: nothing more to check.
                if send.send(checked).is_err() {
                    break;
                }
            }
        });
        Reports {
            shared,
            chunks,
            ready: VecDeque::new(),
            usage: waivers::Usage::new(&shared.waiver_files),
        }
    }

    /// The waivers that matched a checked report but waived nothing; asked
    /// once every report has been taken.
    pub fn unused(self) -> Vec<UnusedWaiver> {
        self.usage.unused(&self.shared.waiver_files)
    }

    /// Takes the next checked chunk, applies the waivers and queues its
    /// results in order.
    fn take_chunk(&mut self) {
        let Ok(checked) = self.chunks.recv() else {
            return;
        };
        let shared = self.shared;
        for (outcome, setup, path) in checked {
            let mut file = FileRun {
                outcome,
                setup,
                waived: Vec::new(),
                fixed: None,
            };
            self.usage.apply(shared, &path, &mut file);
            if let Outcome::Checked(checked) = &mut file.outcome {
                let checked = &mut checked.checked;
                crate::finding::cap_per_rule(&mut checked.findings, &checked.unlisted);
            }
            self.ready.push_back(file);
        }
    }
}

/// Checks one chunk of inputs in parallel; `first` is the index of its
/// first report in the run (the comparison between reports knows each
/// report's partners by it).
fn check_chunk(
    shared: &Shared,
    batch: Option<&Batch>,
    first: usize,
    chunk: Vec<Planned>,
    max_bytes: u64,
) -> Checked {
    let paths: Vec<PathBuf> = chunk
        .iter()
        .map(|(item, _)| match item {
            Ok(Source::Path(p)) => p.clone(),
            _ => PathBuf::from("-"),
        })
        .collect();
    let outcomes: Vec<(Outcome, usize)> = chunk
        .into_par_iter()
        .enumerate()
        .map(|(k, (item, s))| {
            let (mut outcome, used) = check_one(item, shared, s, max_bytes);
            if let (Some(batch), Outcome::Checked(file)) = (batch, &mut outcome) {
                compare_one(batch, first + k, file, shared, used, max_bytes);
            }
            (outcome, used)
        })
        .collect();
    outcomes
        .into_iter()
        .zip(paths)
        .map(|((outcome, setup), path)| (outcome, setup, path))
        .collect()
}

impl Iterator for Reports<'_> {
    type Item = FileRun;

    fn next(&mut self) -> Option<FileRun> {
        if self.ready.is_empty() {
            self.take_chunk();
        }
        self.ready.pop_front()
    }
}

/// Adds the findings of the comparison with the report's partners (the
/// other reports of the run it shares long passages with); a panic there
/// loses only those findings.
fn compare_one(
    batch: &Batch,
    i: usize,
    file: &mut CheckedFile,
    shared: &Shared,
    setup: usize,
    max_bytes: u64,
) {
    if batch.partners(i).is_empty() {
        return;
    }
    let packs: Vec<&Pack> = shared.setups.iter().map(|s| &s.pack).collect();
    let pack = &shared.setups[setup].pack;
    let Ok((findings, similar)) =
        isolate::catch(|| batch.compare(i, &file.doc, pack, &packs, max_bytes))
    else {
        return;
    };
    if findings.is_empty() {
        return;
    }
    file.checked.findings.extend(findings);
    file.checked
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    file.similar = similar;
}

/// Checks one input with its setup, or with a setup whose pack recognises
/// the report's title (returned with the outcome); a panic in the checker
/// becomes the file's own error, so one report never stops the others.
fn check_one(
    item: Result<Source, InputError>,
    shared: &Shared,
    s: usize,
    max_bytes: u64,
) -> (Outcome, usize) {
    let setup = &shared.setups[s];
    let options = Options {
        year: setup.settings.year.value,
        meta: setup.meta(),
        max_bytes,
    };
    let alternates: &[usize] = shared.detecting.get(s).map_or(&[], Vec::as_slice);
    let packs: Vec<&Pack> = alternates.iter().map(|&a| &shared.setups[a].pack).collect();
    let baseline = match &item {
        Ok(Source::Path(path)) => setup.settings.baseline_for(Some(path)),
        _ => setup.settings.baseline_for(None),
    };
    match item {
        Ok(source) => isolate::catch(|| {
            let (outcome, chosen) =
                check_source_detecting(&source, &setup.pack, &packs, options, baseline.as_deref());
            let used = if chosen == 0 {
                s
            } else {
                alternates[chosen - 1]
            };
            (outcome, used)
        })
        .unwrap_or_else(|detail| {
            let failed = Outcome::Failed(InputError::Internal {
                path: source.name(),
                detail,
            });
            (failed, s)
        }),
        Err(e) => (Outcome::Failed(e), s),
    }
}
