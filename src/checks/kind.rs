//! What a rule kind is. Each kind is one file in this folder that owns:
//! its options (the keys of a rule's `check:` block, as a serde struct whose
//! doc comments become the schema), its compile step (options → a compiled
//! [`Check`]), its metadata (name, placeholders, fixability, label keys) and
//! its docs.
//! [`super::register_builtin`] lists the kinds, one line each.
//!
//! The checks know nothing of YAML: a kind compiles through a
//! [`CompileEnv`], which the rule-file loader ([`crate::rules`]) provides and
//! which turns a problem named by its place in the rule (`check.regex`) into
//! a diagnostic pointing into the file — as ast-grep's rules deserialize
//! through an environment that the core defines.

use std::fmt::Debug;

use regex::{Regex, RegexSet};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::labels::{LabelKey, Labels};
use super::{Context, Examples, Scope};
use crate::finding::Findings;
use crate::meta::ReportMeta;
use crate::template::Template;

/// A rule kind: the type behind one `kind:` name.
pub trait Kind: 'static {
    /// The name written after `kind:` in a rule's `check:` block.
    const NAME: &'static str;
    /// What the kind checks, in Chinese, for the rule reference and the
    /// schema (one line, then details).
    const DOCS: &'static str;
    /// Every `{placeholder}` a rule of this kind may be given, whatever its
    /// options (a check fills those of [`Check::placeholders`]): a rule whose
    /// options do not compile has its message checked against these, so
    /// that all its mistakes are reported at once.
    const PLACEHOLDERS: &'static [&'static str];
    /// The keys of the `check:` block besides `kind`. Deny unknown fields,
    /// so that a misspelt option is an error.
    type Options: DeserializeOwned + schemars::JsonSchema;
    /// The label texts the kind writes, each with a generic default; a rule
    /// sets them under `labels:` in its `check:` block.
    const LABELS: &'static [LabelKey] = &[];

    /// Checks the options and builds the compiled check, reporting every
    /// problem through `env`; `None` when there was one.
    fn compile(options: Self::Options, env: &mut impl CompileEnv) -> Option<Box<dyn Check>>;
}

/// A compiled check: the kind-specific part of a rule, ready to run.
pub trait Check: Debug + Send + Sync {
    /// The kind's name, as written in YAML.
    fn kind(&self) -> &'static str;

    /// Runs the check over one document.
    fn run(&self, ctx: &Context, out: &mut Findings);

    /// The `{placeholders}` this check fills in messages and help, besides
    /// `{year}` and `{next_year}`. Loading a pack rejects any other.
    fn placeholders(&self) -> &'static [&'static str];

    /// Texts of the check's own options that are shown as messages, with
    /// their paths from the rule (`check.promised_message`): loading a pack
    /// checks their placeholders as it does the rule's `message`.
    fn messages(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// Whether findings of this check can carry a fix.
    fn fixability(&self) -> Fixability {
        Fixability::None
    }

    /// The month and day (of the year after the report year) a report is
    /// due under this check with `meta`, for checks that know one (shown by
    /// `reportlint config`).
    fn due(&self, _meta: &ReportMeta) -> Option<(u32, u32)> {
        None
    }

    /// A regex without a match in any part of a document means this check
    /// finds nothing there; gathered into the pack's [`super::Prefilter`]
    /// (only regexes whose matches do not depend on span boundaries, and
    /// that the check does not find cheaper by a search of its own).
    fn prefilter_regex(&self) -> Option<&str> {
        None
    }

    /// The settings of the comparison between the reports of a run, for a
    /// `copied` rule (see [`super::copied`]).
    fn as_copied(&self) -> Option<&super::copied::CopiedCheck> {
        None
    }
}

/// Whether a rule's findings come with a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixability {
    None,
    Safe,
    Unsafe,
}

/// What a kind's compile step may ask of the rule file it comes from.
///
/// Places are paths from the rule: `check.regex`, `check.areas[2].any[0]`,
/// `examples.invalid[1].text`. The loader knows where each value stands in
/// the file, so a problem is shown at its exact line and column.
pub trait CompileEnv {
    /// The template of the pack being compiled.
    fn template(&self) -> &Template;

    /// The rule's label texts for the kind being compiled (its
    /// [`Kind::LABELS`], as the rule sets them or defaulted), checked by the
    /// loader.
    fn labels(&self) -> Labels;

    /// The rule's own examples (a kind may check them when it loads).
    fn examples(&self) -> Option<&Examples>;

    /// Compiles a regex, reporting a problem at `at`.
    fn regex(&mut self, at: &str, pattern: &str) -> Option<Regex>;

    /// Regexes that have each compiled with [`CompileEnv::regex`] as one
    /// set (under the pack's regex limits); `None`, with nothing reported,
    /// when the set would be too large: the caller then tries them one by one.
    fn regex_set(&mut self, patterns: &[String]) -> Option<RegexSet>;

    /// Resolves a `scope:` value, reporting a problem at `at`.
    fn scope(&mut self, at: &str, scope: &str) -> Option<Scope>;

    /// Reports a problem with the value at `at`; `part`, when given, is the
    /// text within that value the problem is about.
    fn error(&mut self, at: &str, part: Option<&str>, problem: Problem);

    /// Reads a data file of the pack (a path relative to the pack, named by
    /// the option at `at`) into `T`, reporting any problem.
    fn data<T: DeserializeOwned>(&mut self, at: &str, relative: &str) -> Option<Data<T>>;

    /// Reports a problem with the value at `at` (a path from the top of the
    /// data file) in a data file read by [`CompileEnv::data`].
    fn data_error(&mut self, file: DataFile, at: &str, problem: Problem);
}

/// The most data files one option may name (see [`DataPaths`]).
pub const MAX_DATA_FILES: usize = 16;

/// 数据文件：一个路径，或几个路径的列表（内容依次合并）。路径相对于规则包目录，如 `data/law-titles.yaml`；
/// 以 `builtin:` 开头的指内置规则包的数据文件，如 `builtin:data/law-titles.yaml`，用于在全国的词典之上增加本地的条目。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DataPaths {
    One(String),
    Many(Vec<String>),
}

impl DataPaths {
    /// Each path with its place under the option at `at`
    /// (`check.titles` or `check.titles[1]`).
    pub fn each(&self, at: &str) -> Vec<(String, &str)> {
        match self {
            DataPaths::One(p) => vec![(at.to_string(), p.as_str())],
            DataPaths::Many(ps) => ps
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{at}[{i}]"), p.as_str()))
                .collect(),
        }
    }

    /// Reads every file into `T`, reporting each problem through `env`;
    /// `None` when there was one, or when the list is empty or longer than
    /// [`MAX_DATA_FILES`].
    pub fn read<T: DeserializeOwned>(
        &self,
        at: &str,
        env: &mut impl CompileEnv,
    ) -> Option<Vec<Data<T>>> {
        let paths = self.each(at);
        if paths.is_empty() || paths.len() > MAX_DATA_FILES {
            env.error(
                at,
                None,
                Problem::new(
                    format!("列出了 {} 个数据文件", paths.len()),
                    "数据文件的个数不对",
                    format!("列出 1 至 {MAX_DATA_FILES} 个数据文件；条目多时合并到较少的文件中"),
                ),
            );
            return None;
        }
        let mut all = Vec::with_capacity(paths.len());
        let mut ok = true;
        for (at, path) in paths {
            match env.data::<T>(&at, path) {
                Some(d) => all.push(d),
                None => ok = false,
            }
        }
        ok.then_some(all)
    }
}

/// A data file read for a rule: its content and a handle for reporting
/// problems in it.
#[derive(Debug)]
pub struct Data<T> {
    pub value: T,
    pub file: DataFile,
}

/// Which data file (an index into the pack's data files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile(pub usize);

/// A problem found while compiling a rule, in Chinese: the message, the
/// label shown at the place, and how to fix it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: String,
    pub label: String,
    pub help: String,
}

impl Problem {
    pub fn new(
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Problem {
            message: message.into(),
            label: label.into(),
            help: help.into(),
        }
    }
}

/// Something that takes the list of rule kinds, one type at a time: the
/// loader builds its table of `kind:` names from it, and the schema and the
/// rule reference their lists. See [`super::register_builtin`].
pub trait Register {
    fn kind<K: Kind>(&mut self);
}
