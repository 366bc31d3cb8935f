//! One `check` run, from file names to what every output format reads:
//! find the configuration of each report, load each configuration, its pack
//! and its waiver file once, drop the files the configuration excludes, check
//! the rest in parallel, and set the waived findings aside.
//!
//! Loading comes first and is all-or-nothing: a broken configuration, pack
//! or waiver file stops the run before any report is read (exit code 3).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::batch::{self, Counts, Options, Outcome};
use crate::cli::SettingsArgs;
use crate::config::{self, Setup};
use crate::document::{LineIndex, Position, Span};
use crate::error::{ConfigError, InputError};
use crate::finding::{Finding, Severity};
use crate::fingerprint;
use crate::input::Source;
use crate::isolate;
use crate::paths;
use crate::rules::Pack;
use crate::waiver::{Verdict, WaiverFile};

/// Everything one run produced.
#[derive(Debug)]
pub struct Run {
    /// In the order the files were given (excluded files left out).
    pub files: Vec<FileRun>,
    pub setups: Vec<Setup>,
    pub waiver_files: Vec<WaiverFile>,
    /// Waivers that matched a checked report but waived nothing.
    pub unused: Vec<UnusedWaiver>,
    /// Files the configuration excludes; not checked.
    pub excluded: Vec<PathBuf>,
}

/// One report's result.
#[derive(Debug)]
pub struct FileRun {
    pub outcome: Outcome,
    /// Index into [`Run::setups`].
    pub setup: usize,
    pub waived: Vec<Waived>,
    /// What `--fix` did to the file before it was checked.
    pub fixed: Option<Fixed>,
}

/// What `--fix` did to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Fixes applied.
    pub applied: usize,
    /// Whether the fixed text was written back.
    pub written: bool,
    /// Why the fixes were not written back, when fixing failed (a read-only
    /// file, fixes that never settle, …): the run exits with code 2, and
    /// every output format says why.
    pub error: Option<FixFailure>,
}

/// A `--fix` failure as the output formats show it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Inputs to check, each with the configuration that applies to it. An
/// input that could not even be found (a bad glob, a symlink loop) is kept
/// as its error, so it is reported in order with the others.
#[derive(Debug)]
pub struct Plan {
    pub files: Vec<(Result<Source, InputError>, usize)>,
    pub setups: Vec<Setup>,
    /// For each configured setup, the setups a report switches to when a
    /// pack recognises its title (indices into `setups`).
    detecting: Vec<Vec<usize>>,
    /// For each setup, its waiver file (index into `waiver_files`).
    setup_waivers: Vec<Option<usize>>,
    pub waiver_files: Vec<WaiverFile>,
    pub excluded: Vec<PathBuf>,
}

/// Finds and loads the configuration of every file. All errors are
/// collected, so one run shows every broken file. With `new_waivers`, a
/// waiver file that does not exist yet is not an error (`reportlint waive`
/// creates it).
pub fn plan(
    items: Vec<Result<Source, InputError>>,
    args: &SettingsArgs,
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
        setups,
        detecting,
        setup_waivers,
        waiver_files,
        excluded,
    })
}

/// Checks the planned files in parallel, in the given order, then applies
/// the waivers. Holds every file's result: for runs that must not grow with
/// the number of files, use an [`Executor`] chunk by chunk.
pub fn execute(plan: Plan, max_bytes: u64) -> Run {
    let (files, mut executor, excluded) = Executor::new(plan, max_bytes);
    let files = executor.check(files);
    executor.into_run(files, excluded)
}

/// Checks planned files a chunk at a time, applying the waivers to each
/// file, and remembers which waivers were used so the unused ones can be
/// reported once every file has been seen.
#[derive(Debug)]
pub struct Executor {
    pub setups: Vec<Setup>,
    detecting: Vec<Vec<usize>>,
    setup_waivers: Vec<Option<usize>>,
    pub waiver_files: Vec<WaiverFile>,
    /// judged[w][i]: entry i of waiver file w is about a checked report.
    judged: Vec<Vec<bool>>,
    used: Vec<Vec<bool>>,
    expired: Vec<Vec<Option<i32>>>,
    max_bytes: u64,
}

/// A planned input: a source (or why there is none) and its setup.
pub type Planned = (Result<Source, InputError>, usize);

impl Executor {
    /// Takes a plan apart: the files to check, the executor, and the files
    /// the configuration excluded.
    pub fn new(plan: Plan, max_bytes: u64) -> (Vec<Planned>, Executor, Vec<PathBuf>) {
        let Plan {
            files,
            setups,
            detecting,
            setup_waivers,
            waiver_files,
            excluded,
        } = plan;
        let judged: Vec<Vec<bool>> = waiver_files
            .iter()
            .map(|w| vec![false; w.waivers.len()])
            .collect();
        let expired = waiver_files
            .iter()
            .map(|w| vec![None; w.waivers.len()])
            .collect();
        let executor = Executor {
            setups,
            detecting,
            setup_waivers,
            waiver_files,
            used: judged.clone(),
            judged,
            expired,
            max_bytes,
        };
        (files, executor, excluded)
    }

    /// Checks files in parallel and applies the waivers; results in order.
    pub fn check(&mut self, files: Vec<Planned>) -> Vec<FileRun> {
        let max_bytes = self.max_bytes;
        let paths: Vec<(PathBuf, usize)> = files
            .iter()
            .map(|(item, s)| {
                let path = match item {
                    Ok(Source::Path(p)) => p.clone(),
                    _ => PathBuf::from("-"),
                };
                (path, *s)
            })
            .collect();
        let setups = &self.setups;
        let detecting = &self.detecting;
        let outcomes: Vec<(Outcome, usize)> = files
            .into_par_iter()
            .map(|(item, s)| {
                let setup = &setups[s];
                let options = Options {
                    year: setup.settings.year.value,
                    meta: setup.meta(),
                    max_bytes,
                };
                let alternates: &[usize] = detecting.get(s).map_or(&[], Vec::as_slice);
                let packs: Vec<&Pack> = alternates.iter().map(|&a| &setups[a].pack).collect();
                match item {
                    Ok(source) => isolate::catch(|| {
                        let (outcome, chosen) =
                            batch::check_source_detecting(&source, &setup.pack, &packs, options);
                        (
                            outcome,
                            if chosen == 0 {
                                s
                            } else {
                                alternates[chosen - 1]
                            },
                        )
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
            })
            .collect();
        let Executor {
            setup_waivers,
            waiver_files,
            judged,
            used,
            expired,
            ..
        } = self;
        let mut runs = Vec::with_capacity(outcomes.len());
        for ((mut outcome, s), (path, _)) in outcomes.into_iter().zip(paths) {
            let mut waived = Vec::new();
            if let (Outcome::Checked(file), Some(w)) = (&mut outcome, setup_waivers[s]) {
                let wf = &waiver_files[w];
                let covering: Vec<usize> = (0..wf.waivers.len())
                    .filter(|&i| wf.waivers[i].covers(&path, wf.dir()))
                    .collect();
                for &i in &covering {
                    judged[w][i] = true;
                }
                if !covering.is_empty() {
                    let year = file.doc.year();
                    let findings = std::mem::take(&mut file.checked.findings);
                    for finding in findings {
                        let fp = fingerprint::of(&file.doc, &finding);
                        let mut waiver = None;
                        for &i in &covering {
                            match wf.waivers[i].judge(&finding.rule, &fp, year) {
                                Verdict::Waives => {
                                    waiver = Some(i);
                                    break;
                                }
                                Verdict::Expired => expired[w][i] = year,
                                Verdict::No => {}
                            }
                        }
                        match waiver {
                            Some(i) => {
                                used[w][i] = true;
                                let entry = &wf.waivers[i];
                                waived.push(Waived {
                                    finding,
                                    fingerprint: fp,
                                    waiver_file: wf.name.clone(),
                                    waiver_line: wf.text[..entry.offset].matches('\n').count() + 1,
                                    reason: entry.reason.clone(),
                                });
                            }
                            None => file.checked.findings.push(finding),
                        }
                    }
                }
            }
            if let Outcome::Checked(file) = &mut outcome {
                let checked = &mut file.checked;
                crate::finding::cap_per_rule(&mut checked.findings, &checked.unlisted);
            }
            runs.push(FileRun {
                outcome,
                setup: s,
                waived,
                fixed: None,
            });
        }
        runs
    }

    /// The waivers that matched a checked report but waived nothing.
    pub fn unused(&self) -> Vec<UnusedWaiver> {
        let Executor {
            waiver_files,
            judged,
            used,
            expired,
            ..
        } = self;
        let mut unused = Vec::new();
        for (w, wf) in waiver_files.iter().enumerate() {
            let index = LineIndex::new(&wf.text);
            for (i, entry) in wf.waivers.iter().enumerate() {
                if !judged[w][i] || used[w][i] {
                    continue;
                }
                let span = Span::new(entry.offset, entry.offset + entry.len);
                let (message, help) = match (expired[w][i], entry.until_year) {
                    (Some(year), Some(until)) => (
                        format!(
                            "豁免已过期：适用至 {until} 年度，而报告是 {year} 年度，{} 的问题照常报告",
                            entry.rule
                        ),
                        "问题仍然存在：修改报告，或确认仍可接受后更新 until_year".to_string(),
                    ),
                    _ => (
                        format!(
                            "豁免没有匹配任何问题：{} 中没有指纹为 {} 的 {} 问题",
                            entry.file, entry.fingerprint, entry.rule
                        ),
                        "被豁免的文字已修改或问题已改正：删除这条豁免；如文字只是改动了，用 --format json 查看新的 fingerprint".to_string(),
                    ),
                };
                unused.push(UnusedWaiver {
                    file: wf.name.clone(),
                    waiver_file: w,
                    rule: entry.rule.clone(),
                    fingerprint: entry.fingerprint.clone(),
                    span,
                    start: index.position(&wf.text, span.start),
                    end: index.position(&wf.text, span.end),
                    char_offset: wf.text[..span.start].chars().count(),
                    char_len: wf.text[span.start..span.end].chars().count(),
                    message,
                    help,
                });
            }
        }
        unused
    }

    /// A whole run from results already checked.
    pub fn into_run(self, files: Vec<FileRun>, excluded: Vec<PathBuf>) -> Run {
        let unused = self.unused();
        Run {
            files,
            setups: self.setups,
            waiver_files: self.waiver_files,
            unused,
            excluded,
        }
    }
}

impl Run {
    pub fn pack(&self, file: &FileRun) -> &Pack {
        &self.setups[file.setup].pack
    }

    /// The pack of the first report, for outputs that name one pack.
    pub fn main_pack(&self) -> &Pack {
        &self.setups[self.files.first().map_or(0, |f| f.setup)].pack
    }

    /// Counts over all checked reports (waived findings excluded).
    pub fn counts(&self) -> Counts {
        let mut total = Counts::default();
        for f in &self.files {
            if let Outcome::Checked(file) = &f.outcome {
                total.add(Counts::of(file));
            }
        }
        total
    }

    pub fn failed(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
            .count()
    }

    /// Whether anything reaches the fail threshold: a finding, or an unused
    /// waiver (a warning).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.counts().at_least(threshold) > 0
            || (!self.unused.is_empty() && UnusedWaiver::SEVERITY >= threshold)
    }
}
