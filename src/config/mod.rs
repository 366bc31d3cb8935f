//! `reportlint.yaml`: the project configuration.
//!
//! It says which rule pack to use (`builtin` or a directory), overrides
//! severities and disables rules, gives report metadata (issuing body level,
//! report year, deadline profile), limits which files are checked, and names
//! the waiver file. For each report the file is looked up from the report's
//! folder upward, stopping at the root of the repository (a folder holding
//! `.git`), unless `--config` or `--no-config` is given. The command line
//! wins over the file, and the file over the defaults; [`Settings`] records
//! where each value came from, which `reportlint config` prints.
//!
//! A configuration error — a misspelt key (with a did-you-mean), a wrong
//! value, an unknown rule id — is a diagnostic pointing into the YAML, and
//! stops the run before any report is read, like a rule-file error.

mod filter;
mod overrides;
mod render;
pub mod selection;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use filter::PathFilter;
pub use overrides::Overrides;
pub use render::render;

use crate::error::{ConfigError, PackError, RuleFileError};
use crate::finding::Severity;
use crate::meta::{DeadlineProfile, Level, ReportMeta};
use crate::paths;
use crate::rules::source::{file_error, SourceFile};
use crate::rules::yaml::{self, Node, Value, YamlError, YamlErrorKind};
use crate::rules::{pack, Pack};

/// The configuration file's name.
pub const FILE_NAME: &str = "reportlint.yaml";

/// The keys of a configuration.
const CONFIG_KEYS: &[&str] = &[
    "pack", "severity", "disable", "report", "include", "exclude", "waivers", "baseline",
];

/// The keys a configuration may have, for hints.
const KEYS: &str =
    "pack、severity、disable、report（level、year、deadline）、include、exclude、waivers、baseline（previous_year_folder、files）";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    pack: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    disable: Vec<String>,
    report: Option<RawReport>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    waivers: Option<String>,
    baseline: Option<RawBaseline>,
}

/// `baseline:` — which file is last year's report of each report.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    /// `2023/单位.docx` is compared with `2022/单位.*` when that exists.
    #[serde(default)]
    previous_year_folder: Option<bool>,
    /// Report → its baseline, both relative to the configuration's folder.
    #[serde(default)]
    files: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    level: Option<Level>,
    year: Option<i32>,
    deadline: Option<String>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// A configuration file (as shown) and the 1-based line of the key.
    File {
        path: String,
        line: usize,
    },
    /// A command-line flag.
    CommandLine(&'static str),
    /// The rule pack's `pack.report` defaults (the pack's name).
    Pack(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("默认"),
            Source::File { path, line } => write!(f, "{path}:{line}"),
            Source::CommandLine(flag) => write!(f, "命令行 {flag}"),
            Source::Pack(name) => write!(f, "规则包“{name}”"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            source: Source::Default,
        }
    }
}

/// Which rule pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackChoice {
    /// A built-in pack by id as written (`builtin` is the default pack).
    Builtin(String),
    Dir(PathBuf),
}

/// The effective configuration for a set of reports.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file in force, as shown.
    pub file: Option<String>,
    pub pack: Setting<PackChoice>,
    pub severity: Vec<(String, Setting<Severity>)>,
    /// `--select`: the rules that run (empty: all), as selectors
    /// ([`selection`]).
    pub select: Vec<Setting<String>>,
    /// The rules left out: the configuration's `disable` and `--ignore`,
    /// as selectors ([`selection`]).
    pub disable: Vec<Setting<String>>,
    pub level: Setting<Option<Level>>,
    pub year: Setting<Option<i32>>,
    pub deadline: Setting<DeadlineProfile>,
    pub include: Vec<Setting<String>>,
    pub exclude: Vec<Setting<String>>,
    pub waivers: Setting<Option<PathBuf>>,
    /// `--baseline`: last year's report for every report checked.
    pub baseline: Setting<Option<PathBuf>>,
    /// `baseline.files`: a report (absolute) and its baseline.
    pub baseline_files: Vec<(PathBuf, Setting<PathBuf>)>,
    /// `baseline.previous_year_folder`: `2023/单位.docx` is compared with
    /// `2022/单位.*` when that exists.
    pub baseline_folder: Setting<bool>,
}

impl Settings {
    /// Last year's report for `report`: `--baseline`, else the report's
    /// entry in `baseline.files`, else (with `baseline.previous_year_folder`)
    /// the file of the same name in the folder of the year before.
    pub fn baseline_for(&self, report: Option<&Path>) -> Option<PathBuf> {
        if let Some(path) = &self.baseline.value {
            return Some(path.clone());
        }
        let report = report?;
        if !self.baseline_files.is_empty() {
            let canonical = paths::canonical(report);
            if let Some((_, b)) = self
                .baseline_files
                .iter()
                .find(|(r, _)| paths::canonical(r) == canonical)
            {
                return Some(b.value.clone());
            }
        }
        if self.baseline_folder.value {
            return crate::baseline::previous_year_file(report);
        }
        None
    }
}

/// A configuration ready to check with: the settings, the pack with the
/// overrides applied, and the path filter.
#[derive(Debug)]
pub struct Setup {
    pub settings: Settings,
    pub pack: Pack,
    pub filter: PathFilter,
    /// The pack's rules before `--select`, `--ignore` and `disable` left
    /// any out, for telling a selector that names no rule.
    pub known: Vec<selection::Known>,
}

impl Setup {
    pub fn meta(&self) -> ReportMeta {
        ReportMeta {
            level: self.settings.level.value,
            deadline: self.settings.deadline.value,
        }
    }
}

/// The configuration file that applies to `file`: `--config`, nothing with
/// `--no-config`, else the nearest `reportlint.yaml` from the file's folder
/// upward.
pub fn locate(file: &Path, args: &Overrides) -> Option<PathBuf> {
    if args.no_config {
        return None;
    }
    if let Some(path) = &args.config {
        return Some(path.clone());
    }
    let abs = paths::absolute(file);
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    discover(start)
}

/// The nearest `reportlint.yaml` in `start` or a folder above it, not looking
/// above the root of the repository that holds `start`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        // Not only regular files: a named pipe of that name is found, and
        // refused when read, rather than passed over for a file above it.
        if std::fs::metadata(&candidate).is_ok_and(|m| !m.is_dir()) {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Loads a configuration (or none) with the command line on top, then the
/// pack it names with its overrides applied.
pub fn load(config: Option<&Path>, args: &Overrides) -> Result<Setup, ConfigError> {
    let file = match config {
        Some(path) => Some(read(path)?),
        None => None,
    };
    let mut errors = Vec::new();
    let settings = resolve(file.as_ref(), args, &mut errors);
    let filter = PathFilter::new(
        file.as_ref().map(|f| f.dir.as_path()),
        &settings,
        file.as_ref(),
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(invalid(file.as_ref(), errors));
    }
    let mut pack = match &settings.pack.value {
        PackChoice::Builtin(id) => match pack::builtin_named(id) {
            Some(b) => b.compile()?,
            None => pack::builtin()?,
        },
        PackChoice::Dir(dir) => pack::from_dir(dir)?,
    };
    let known = apply_overrides(&mut pack, &settings, file.as_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(invalid(file.as_ref(), errors));
    }
    let mut settings = settings;
    apply_pack_defaults(&mut settings, &pack);
    Ok(Setup {
        settings,
        pack,
        filter,
        known,
    })
}

impl Setup {
    /// The setups a report may switch to by its title: when neither the
    /// configuration nor the command line names a pack, a built-in pack
    /// that recognises its reports by title (`pack.detect`) takes such a
    /// report. Each keeps these settings; severities and disabled rules
    /// apply where the pack has those rules.
    pub fn detected(&self) -> Result<Vec<Setup>, PackError> {
        if self.settings.pack.source != Source::Default {
            return Ok(Vec::new());
        }
        let packs = pack::detecting(&self.pack.meta.id)?;
        Ok(packs
            .into_iter()
            .map(|mut pack| {
                let mut settings = self.settings.clone();
                settings.pack.value = PackChoice::Builtin(pack.meta.id.clone());
                let known = apply_overrides(&mut pack, &settings, None, &mut Vec::new());
                Setup {
                    settings,
                    pack,
                    filter: self.filter.clone(),
                    known,
                }
            })
            .collect())
    }
}

/// A configuration file read and parsed.
#[derive(Debug)]
pub(crate) struct ConfigFile {
    source: SourceFile,
    /// The folder relative paths in the file are resolved against.
    dir: PathBuf,
    raw: RawConfig,
    /// The file as YAML, for positions (null when it could not be parsed).
    tree: Node,
    /// Every problem found in reading the file: a key that does not parse
    /// leaves the others read and checked.
    errors: Vec<RuleFileError>,
}

impl ConfigFile {
    /// The 1-based line of the first `key` after byte `after`.
    fn line_of(&self, offset: usize) -> usize {
        self.source.text[..offset.min(self.source.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn source_at(&self, offset: usize) -> Source {
        Source::File {
            path: self.source.name.clone(),
            line: self.line_of(offset),
        }
    }

    /// Byte offset of `needle` under the top-level `key:` (a nested key, a
    /// list item, a value): the first key or scalar written as `needle`.
    fn within(&self, key: &str, needle: &str) -> usize {
        fn find<'a>(node: &'a Node, needle: &str) -> Option<&'a Node> {
            match &node.value {
                Value::Scalar { text, .. } => (text == needle).then_some(node),
                Value::Seq(items) => items.iter().find_map(|n| find(n, needle)),
                Value::Map(entries) => entries
                    .iter()
                    .find_map(|(k, v)| find(k, needle).or_else(|| find(v, needle))),
            }
        }
        match self.tree.entry(key) {
            Some((k, v)) => {
                find(v, needle).map_or(k.span.start, |n| self.source.value_span(n).start)
            }
            None => 0,
        }
    }

    fn error(
        &self,
        offset: usize,
        len: usize,
        message: String,
        label: &str,
        help: String,
    ) -> RuleFileError {
        file_error(
            &self.source,
            offset,
            len,
            message,
            label.to_string(),
            Some(help),
        )
    }
}

fn read(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = crate::config::read_text("配置文件", path)?;
    let source = SourceFile::new(paths::display(path), text);
    let dir = paths::absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut errors = Vec::new();
    let (raw, tree) = match yaml::parse(&source.text) {
        Ok(tree) => (read_keys(&source, &tree, &mut errors), tree),
        Err(e) => {
            errors.push(source.yaml_error(&e, "配置文件格式错误", |e| hint(e, "")));
            (RawConfig::default(), Node::null())
        }
    };
    Ok(ConfigFile {
        source,
        dir,
        raw,
        tree,
        errors,
    })
}

/// Reads the configuration key by key (and the entries of `severity` and
/// `report` one by one), so that every mistake in the file is reported,
/// not only the first.
fn read_keys(source: &SourceFile, tree: &Node, errors: &mut Vec<RuleFileError>) -> RawConfig {
    let mut raw = RawConfig::default();
    let entries = match &tree.value {
        Value::Map(entries) => entries.as_slice(),
        _ if tree.is_null() => &[],
        _ => {
            let e = YamlError::new(
                YamlErrorKind::InvalidType {
                    expected: "struct RawConfig".into(),
                    found: "其他结构".into(),
                },
                Some(tree.span.clone()),
            );
            errors.push(source.yaml_error(&e, "配置文件格式错误", |e| hint(e, "")));
            return raw;
        }
    };
    for (key, value) in entries {
        let name = key.as_str().unwrap_or("");
        match name {
            "pack" => raw.pack = field(source, "pack", value, errors).flatten(),
            "severity" => match &value.value {
                Value::Map(items) => {
                    for (k, v) in items {
                        if let Some(sev) = field::<Severity>(source, "severity", v, errors) {
                            raw.severity
                                .insert(k.as_str().unwrap_or("").to_string(), sev);
                        }
                    }
                }
                _ => {
                    field::<BTreeMap<String, Severity>>(source, "severity", value, errors);
                }
            },
            "disable" => raw.disable = field(source, "disable", value, errors).unwrap_or_default(),
            "report" => {
                let mut report = RawReport::default();
                match &value.value {
                    Value::Map(items) => {
                        for (k, v) in items {
                            let sub = k.as_str().unwrap_or("");
                            let path = format!("report.{sub}");
                            match sub {
                                "level" => report.level = field(source, &path, v, errors).flatten(),
                                "year" => report.year = field(source, &path, v, errors).flatten(),
                                "deadline" => {
                                    report.deadline = field(source, &path, v, errors).flatten()
                                }
                                other => errors.push(unknown_key(
                                    source,
                                    k,
                                    other,
                                    &["level", "year", "deadline"],
                                )),
                            }
                        }
                    }
                    _ => {
                        field::<Option<RawReport>>(source, "report", value, errors);
                    }
                }
                raw.report = Some(report);
            }
            "include" => raw.include = field(source, "include", value, errors).unwrap_or_default(),
            "exclude" => raw.exclude = field(source, "exclude", value, errors).unwrap_or_default(),
            "waivers" => raw.waivers = field(source, "waivers", value, errors).flatten(),
            "baseline" => raw.baseline = field(source, "baseline", value, errors).flatten(),
            other => errors.push(unknown_key(source, key, other, CONFIG_KEYS)),
        }
    }
    raw
}

pub(crate) use crate::rules::read_settings as read_text;

/// Reads one value of the configuration, recording its error.
fn field<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    path: &str,
    node: &Node,
    errors: &mut Vec<RuleFileError>,
) -> Option<T> {
    yaml::from_node(node)
        .map_err(|e| errors.push(source.yaml_error(&e, "配置文件格式错误", |e| hint(e, path))))
        .ok()
}

fn unknown_key(source: &SourceFile, key: &Node, found: &str, expected: &[&str]) -> RuleFileError {
    let e = YamlError::new(
        YamlErrorKind::UnknownField {
            found: found.to_string(),
            expected: expected.iter().map(|k| k.to_string()).collect(),
        },
        Some(key.span.clone()),
    );
    source.yaml_error(&e, "配置文件格式错误", |e| hint(e, ""))
}

/// A hint in Chinese for a YAML error in the configuration, with a
/// did-you-mean.
fn hint(e: &YamlError, path: &str) -> String {
    if path == "report.level" {
        if let YamlErrorKind::UnknownVariant { found, .. } = &e.kind {
            return level_hint(found);
        }
    }
    match &e.kind {
        YamlErrorKind::Alias => "以 * 开头的模式要加引号，如 exclude: ['*.bak.txt']".to_string(),
        YamlErrorKind::UnknownField { .. } => {
            format!("键名拼写有误或不属于此处；配置文件可用的键：{KEYS}")
        }
        YamlErrorKind::UnknownVariant { .. } => "取值不在允许的范围内（severity 取 error、warning、info；report.level 取 省、市、县、乡、部门，区按县、镇和街道按乡填写）".to_string(),
        YamlErrorKind::InvalidType { .. } | YamlErrorKind::InvalidValue { .. } => {
            "值的类型不对（例如 disable 应为列表，report.year 应为数字，baseline.previous_year_folder 应为 true 或 false，baseline.files 应为“报告: 上年报告”的映射）".to_string()
        }
        _ => e
            .common_hint()
            .unwrap_or_else(|| "请检查 YAML 的缩进、冒号和引号".to_string()),
    }
}

/// Levels are single characters, so edit distance suggests nonsense (区 →
/// 乡); map the usual names of each level instead.
fn level_hint(wrong: &str) -> String {
    let level = match wrong {
        "区" | "县级市" | "旗" | "县级" | "区县" => Some("县"),
        "镇" | "街道" | "乡镇" | "苏木" | "乡级" => Some("乡"),
        "地级市" | "州" | "盟" | "市级" | "设区的市" => Some("市"),
        "自治区" | "直辖市" | "省级" => Some("省"),
        "局" | "委" | "办" | "厅" | "单位" => Some("部门"),
        _ => None,
    };
    let base =
        "report.level 取 省、市、县、乡、部门：区、县级市、旗按县，镇、街道按乡，政府部门按部门";
    match level {
        Some(l) => format!("“{wrong}”请写作 `{l}`。{base}"),
        None => base.to_string(),
    }
}

fn invalid(file: Option<&ConfigFile>, errors: Vec<RuleFileError>) -> ConfigError {
    ConfigError::Invalid {
        path: file.map_or_else(|| "命令行".to_string(), |f| f.source.name.clone()),
        errors,
    }
}

fn resolve(
    file: Option<&ConfigFile>,
    args: &Overrides,
    errors: &mut Vec<RuleFileError>,
) -> Settings {
    let mut s = Settings {
        file: file.map(|f| f.source.name.clone()),
        pack: Setting::default(PackChoice::Builtin("builtin".to_string())),
        severity: Vec::new(),
        select: Vec::new(),
        disable: Vec::new(),
        level: Setting::default(None),
        year: Setting::default(None),
        deadline: Setting::default(DeadlineProfile::National),
        include: Vec::new(),
        exclude: Vec::new(),
        waivers: Setting::default(None),
        baseline: Setting::default(None),
        baseline_files: Vec::new(),
        baseline_folder: Setting::default(false),
    };
    if let Some(f) = file {
        errors.extend(f.errors.iter().map(|e| RuleFileError {
            message: e.message.clone(),
            source_code: e.source_code.clone(),
            span: e.span,
            label: e.label.clone(),
            help: e.help.clone(),
        }));
        from_file(f, &mut s, errors);
    }
    if let Some(dir) = &args.rules {
        s.pack = Setting {
            value: PackChoice::Dir(dir.clone()),
            source: Source::CommandLine("--rules"),
        };
    }
    if let Some(id) = &args.pack {
        s.pack = Setting {
            value: PackChoice::Builtin(id.clone()),
            source: Source::CommandLine("--pack"),
        };
    }
    if let Some(year) = args.year {
        s.year = Setting {
            value: Some(year),
            source: Source::CommandLine("--year"),
        };
    }
    if let Some(path) = &args.waivers {
        s.waivers = Setting {
            value: Some(path.clone()),
            source: Source::CommandLine("--waivers"),
        };
    }
    let flag = |flag| {
        move |value: &String| Setting {
            value: value.clone(),
            source: Source::CommandLine(flag),
        }
    };
    if let Some(path) = &args.baseline {
        s.baseline = Setting {
            value: Some(path.clone()),
            source: Source::CommandLine("--baseline"),
        };
    }
    s.select.extend(args.select.iter().map(flag("--select")));
    s.disable.extend(args.ignore.iter().map(flag("--ignore")));
    s
}

fn from_file(f: &ConfigFile, s: &mut Settings, errors: &mut Vec<RuleFileError>) {
    let raw = &f.raw;
    if let Some(pack) = &raw.pack {
        let at = f.within("pack", pack);
        let value = if pack::builtin_named(pack.trim()).is_some() {
            PackChoice::Builtin(pack.trim().to_string())
        } else {
            let dir = f.dir.join(pack.trim());
            if !dir.is_dir() {
                errors.push(f.error(
                    at,
                    pack.len(),
                    format!("规则包目录 {} 不存在", paths::display(&dir)),
                    "找不到这个目录",
                    format!(
                        "pack 取内置规则包的 id（{}）或规则包目录，相对于配置文件所在目录",
                        pack::builtin_ids()
                    ),
                ));
            }
            PackChoice::Dir(dir)
        };
        s.pack = Setting {
            value,
            source: f.source_at(at),
        };
    }
    for (id, severity) in &raw.severity {
        s.severity.push((
            id.clone(),
            Setting {
                value: *severity,
                source: f.source_at(f.within("severity", id)),
            },
        ));
    }
    for id in &raw.disable {
        s.disable.push(Setting {
            value: id.clone(),
            source: f.source_at(f.within("disable", id)),
        });
    }
    if let Some(report) = &raw.report {
        if let Some(level) = report.level {
            s.level = Setting {
                value: Some(level),
                source: f.source_at(f.within("report", "level")),
            };
        }
        if let Some(year) = report.year {
            let at = f.within("report", "year");
            if !(1990..=2100).contains(&year) {
                errors.push(f.error(
                    f.within("report", &year.to_string()),
                    year.to_string().len(),
                    format!("报告年度 {year} 不在 1990–2100 之间"),
                    "无效的年度",
                    "report.year 写报告所属的年度，如 2024".to_string(),
                ));
            }
            s.year = Setting {
                value: Some(year),
                source: f.source_at(at),
            };
        }
        if let Some(deadline) = &report.deadline {
            let at = f.within("report", "deadline");
            match DeadlineProfile::parse(deadline) {
                Some(profile) => {
                    s.deadline = Setting {
                        value: profile,
                        source: f.source_at(at),
                    }
                }
                None => errors.push(f.error(
                    f.within("report", deadline),
                    deadline.len(),
                    format!("无法识别的报送期限“{deadline}”"),
                    "无效的期限",
                    "report.deadline 取 national（按规则包的期限规则对发文机关层级规定的期限）、demonstration（规则包为示范地区规定的期限）或 MM-DD（如 02-15）".to_string(),
                )),
            }
        }
    }
    for pattern in &raw.include {
        s.include.push(Setting {
            value: pattern.clone(),
            source: f.source_at(f.within("include", pattern)),
        });
    }
    for pattern in &raw.exclude {
        s.exclude.push(Setting {
            value: pattern.clone(),
            source: f.source_at(f.within("exclude", pattern)),
        });
    }
    if let Some(path) = &raw.waivers {
        s.waivers = Setting {
            value: Some(f.dir.join(path)),
            source: f.source_at(f.within("waivers", path)),
        };
    }
    if let Some(baseline) = &raw.baseline {
        if let Some(on) = baseline.previous_year_folder {
            s.baseline_folder = Setting {
                value: on,
                source: f.source_at(f.within("baseline", "previous_year_folder")),
            };
        }
        for (report, base) in &baseline.files {
            s.baseline_files.push((
                f.dir.join(report),
                Setting {
                    value: f.dir.join(base),
                    source: f.source_at(f.within("baseline", report)),
                },
            ));
        }
    }
}

/// The pack's `pack.report` defaults, where neither the configuration nor
/// the command line sets the value: pack < configuration < command line.
fn apply_pack_defaults(settings: &mut Settings, pack: &Pack) {
    let defaults = pack.meta.defaults;
    let source = || Source::Pack(pack.meta.name.clone());
    if let (Source::Default, Some(level)) = (&settings.level.source, defaults.level) {
        settings.level = Setting {
            value: Some(level),
            source: source(),
        };
    }
    if let (Source::Default, Some(deadline)) = (&settings.deadline.source, defaults.deadline) {
        settings.deadline = Setting {
            value: deadline,
            source: source(),
        };
    }
}

/// Applies severity overrides and leaves out the rules not selected or
/// disabled; an id in the configuration that names no rule of the pack is an
/// error pointing at it, with the nearest id as a hint (a command-line
/// selector is checked against every pack of the run, by the caller).
/// Returns the pack's rules as they were.
fn apply_overrides(
    pack: &mut Pack,
    settings: &Settings,
    file: Option<&ConfigFile>,
    errors: &mut Vec<RuleFileError>,
) -> Vec<selection::Known> {
    let known: Vec<selection::Known> = pack.rules.iter().map(selection::Known::of).collect();
    let ids: Vec<String> = pack.rules.iter().map(|r| r.id.clone()).collect();
    let name = pack.meta.name.clone();
    let mut unknown = |id: &str, key: &str| {
        let Some(f) = file else { return };
        let near = ids
            .iter()
            .map(|c| (strsim::levenshtein(id, c), c))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, c)| format!("是否想写 `{c}`？"))
            .unwrap_or_default();
        errors.push(f.error(
            f.within(key, id),
            id.len(),
            format!("规则包“{name}”中没有规则 `{id}`"),
            "没有这条规则",
            format!("{near}`reportlint rules list` 列出规则包中的全部规则"),
        ));
    };
    for (id, setting) in &settings.severity {
        match pack.rules.iter_mut().find(|r| &r.id == id) {
            Some(rule) => rule.severity = setting.value,
            None => unknown(id, "severity"),
        }
    }
    for id in &settings.disable {
        let in_file = matches!(id.source, Source::File { .. });
        if in_file && !selection::names_a_rule(&id.value, &known) {
            unknown(&id.value, "disable");
        }
    }
    let values = |list: &'_ [Setting<String>]| -> Vec<String> {
        list.iter().map(|s| s.value.clone()).collect()
    };
    let (select, disable) = (values(&settings.select), values(&settings.disable));
    pack.rules.retain(|r| {
        selection::runs(
            &r.id,
            r.check.kind(),
            select.iter().map(String::as_str),
            disable.iter().map(String::as_str),
        )
    });
    known
}
