//! The settings given on the command line, which win over `reportlint.yaml`.
//! A plain struct: the command-line parser (`cli`) fills it, and nothing
//! here knows how it was parsed.

use std::path::PathBuf;

/// Command-line values that override the configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--rules`: a rule pack directory in place of the configuration's.
    pub rules: Option<PathBuf>,
    /// `--pack`: a built-in pack by id, in place of the configuration's.
    pub pack: Option<String>,
    /// `--config`: this file, not the nearest `reportlint.yaml`.
    pub config: Option<PathBuf>,
    /// `--no-config`: no configuration file at all.
    pub no_config: bool,
    /// `--waivers`: this waiver file in place of the configuration's.
    pub waivers: Option<PathBuf>,
    /// `--year`: the report year, in place of the one read from the title.
    pub year: Option<i32>,
    /// `--select`: only these rules run (ids, id prefixes, kinds, `ALL`).
    pub select: Vec<String>,
    /// `--ignore`: these rules do not run, as the configuration's `disable`.
    pub ignore: Vec<String>,
    /// `--baseline`: last year's report, compared with every report checked.
    pub baseline: Option<PathBuf>,
}
