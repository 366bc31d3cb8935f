//! Checking many files: each is read, parsed and checked on its own (in
//! parallel), and the outcomes come back in the order the files were given.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::document::Document;
use crate::engine::{self, Checked};
use crate::error::InputError;
use crate::finding::Severity;
use crate::input::read_report;
use crate::meta::ReportMeta;
use crate::rules::Pack;

/// A checked file.
#[derive(Debug)]
pub struct CheckedFile {
    pub doc: Document,
    pub checked: Checked,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Checked(Box<CheckedFile>),
    Failed(InputError),
}

/// Options that apply to every file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overrides the report year read from the title.
    pub year: Option<i32>,
    /// Level of the issuing body and deadline profile, from the configuration.
    pub meta: ReportMeta,
}

pub fn check_files(paths: &[PathBuf], pack: &Pack, options: Options) -> Vec<Outcome> {
    paths
        .par_iter()
        .map(|path| check_file(path, pack, options))
        .collect()
}

pub fn check_file(path: &std::path::Path, pack: &Pack, options: Options) -> Outcome {
    match read_report(path) {
        Ok(text) => Outcome::Checked(Box::new(check_text(
            path.display().to_string(),
            text,
            pack,
            options,
        ))),
        Err(e) => Outcome::Failed(e),
    }
}

/// Checks text already in memory.
pub fn check_text(name: String, text: String, pack: &Pack, options: Options) -> CheckedFile {
    let mut doc = Document::parse(name, text);
    if let Some(year) = options.year {
        doc.set_year(year);
    }
    let checked = engine::check(&doc, pack, &options.meta);
    CheckedFile { doc, checked }
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
