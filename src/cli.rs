//! Command-line arguments (clap definitions only).

use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::config::Overrides;
use crate::finding::Severity;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "reportlint",
    version,
    about = "检查法治政府建设年度报告等固定模板报告是否符合规定",
    long_about = "检查法治政府建设年度报告等固定模板报告：规定的内容是否齐全、不足是否分析原因、\n年份是否写对、编号是否连续、落款是否完整，以及公文写作规范。\n内置《法治政府建设与责任落实督察工作规定》规则包，无需任何配置。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查报告（文本、Word .docx/.doc、WPS .wps、OpenDocument .odt、RTF、PDF、OFD、网页 .html；可给目录、通配符或 - 表示标准输入）
    Check(CheckArgs),
    /// 规则包相关命令：列出、校验、测试、解释规则，生成文档和 JSON Schema
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// 显示某个报告（默认当前目录）适用的有效配置，以及每一项的来源
    Config(ConfigArgs),
    /// 把报告中现有的问题写入豁免文件（每条都要写明理由）
    Waive(WaiveArgs),
    /// 在目录中创建起步用的配置文件和规则包（不覆盖已有文件）
    Init {
        /// 目标目录（默认当前目录）
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 列出规则（id、级别、类型、摘要）
    List(PackArg),
    /// 校验规则包，一次报告全部问题
    Validate(PackArg),
    /// 运行规则自带的用例和规则包 tests/ 目录中的报告用例
    Test(TestArgs),
    /// 解释一条规则：检查什么、为什么、依据、示例、能否自动修复
    Explain {
        /// 规则 id，如 FZ002
        id: String,
        #[command(flatten)]
        pack: PackArg,
    },
    /// 输出规则参考文档（Markdown）
    Docs(PackArg),
    /// 输出 JSON Schema：规则文件（默认）、词典数据文件（dictionary）或报告用例的预期文件（tests）
    Schema {
        /// 哪一种文件：rules、dictionary、tests
        #[arg(value_enum, default_value = "rules")]
        of: SchemaOf,
    },
}

/// Which file format `rules schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaOf {
    /// 规则文件
    Rules,
    /// law-title 的词典（数据文件）
    Dictionary,
    /// 整份报告用例的预期文件（tests/名称.yaml）
    Tests,
}

/// `rules test`: the pack, and whether to run only its own rules.
#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub pack: PackArg,
    /// 只运行规则包自己的规则（写在本规则包中、包括覆盖的）的用例，不运行只是继承来的规则的用例
    #[arg(long)]
    pub own: bool,
}

/// A pack given as a positional argument.
#[derive(Debug, Args)]
pub struct PackArg {
    /// 规则包目录（默认使用内置的法治政府建设年度报告规则包）
    #[arg(value_name = "PACK")]
    pub pack: Option<PathBuf>,
}

/// Settings that decide how a report is checked; each can also come from
/// `reportlint.yaml`, and the command line wins.
#[derive(Debug, Args, Default, Clone)]
pub struct SettingsArgs {
    /// 规则包目录（默认使用配置文件中的 pack，或内置的法治政府建设年度报告规则包）
    #[arg(long = "rules", value_name = "DIR", conflicts_with = "pack")]
    pub rules: Option<PathBuf>,

    /// 内置规则包：fzzf（法治政府建设年度报告，默认）或 zfxxgk（政府信息公开工作年度报告）
    #[arg(long = "pack", value_name = "ID", value_parser = parse_pack)]
    pub pack: Option<String>,

    /// 使用此配置文件，不再从报告所在目录向上查找 reportlint.yaml
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// 不读取任何配置文件
    #[arg(long)]
    pub no_config: bool,

    /// 豁免文件（代替配置文件中的 waivers）
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,

    /// 报告年度（默认取配置文件中的 report.year，再默认从标题中读取，例如“2021年度”）
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub year: Option<i32>,
}

impl SettingsArgs {
    /// The values for the library, which knows nothing of clap.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            rules: self.rules.clone(),
            pack: self.pack.clone(),
            config: self.config.clone(),
            no_config: self.no_config,
            waivers: self.waivers.clone(),
            year: self.year,
            select: Vec::new(),
            ignore: Vec::new(),
            baseline: None,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的报告：文件、目录（递归检查）、通配符，或 - 表示标准输入
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// 输出到标准输出的格式
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// 另把某种格式写入文件，如 --output sarif=reportlint.sarif；可重复
    #[arg(long = "output", short = 'o', value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub outputs: Vec<OutputSpec>,

    /// 达到此级别的问题使退出码为 1
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// 有问题时退出码也为 0（无法检查的文件、配置错误仍然分别为 2、3）
    #[arg(long)]
    pub exit_zero: bool,

    /// 只输出问题：不输出没有问题的文件和每个文件的小结（只影响 human 和 summary 格式）
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// 上年度的报告（任何能检查的格式），与每份报告比较：照搬上年的段落、上年主要安排的落实、主要安排的逐年照抄
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// 只运行这些规则：规则 id（FZ042）、id 前缀（FZ04）、规则类型（pattern）或 ALL；逗号分隔或重复给出
    #[arg(long, value_name = "规则", value_delimiter = ',')]
    pub select: Vec<String>,

    /// 不运行这些规则（写法同 --select，与配置文件的 disable 合并）；与 --select 都选中时，写得更具体的一方为准
    #[arg(long, value_name = "规则", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// human 输出只显示达到此级别的问题（其余只计数）；退出码仍按 --fail-on 计算全部问题
    #[arg(long, value_enum, default_value_t = FailOn::Info, value_name = "LEVEL")]
    pub min_severity: FailOn,

    /// human 输出显示每一条问题及其修改建议，不再把同一规则的多处问题合并为一行计数
    #[arg(long)]
    pub show_all: bool,

    /// 在标准输出上以按规则统计的问题数代替逐条问题
    #[arg(long)]
    pub statistics: bool,

    /// 彩色输出：auto（终端时）、always、never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// 单个文件的大小上限（MB），超过的文件不检查
    #[arg(long, value_name = "MB", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_size: u64,

    /// 并行检查的线程数（默认为 CPU 核数）；输出顺序与线程数无关
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// 自动修复可安全修复的问题并写回文件，再报告剩余的问题
    #[arg(long, group = "fixing")]
    pub fix: bool,

    /// 只显示修复将做的修改（统一差异格式），不写入文件
    #[arg(long, group = "fixing")]
    pub diff: bool,

    /// 同时应用需人工确认的修复（与 --fix、--diff 或 --annotate 一起使用）
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,

    /// 为每份报告另写一份带批注和修订的 Word 文档“<文件名>.审核.docx”（写在报告旁边，或 --annotate=目录）；不改动原文件
    #[arg(long, group = "fixing", value_name = "DIR", num_args = 0..=1, require_equals = true)]
    pub annotate: Option<Option<PathBuf>>,

    /// 与 --annotate 一起使用：覆盖已有的批注文档
    #[arg(long, requires = "annotate")]
    pub force: bool,
}

impl CheckArgs {
    /// The settings for the library: the shared ones and the rule
    /// selection.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            baseline: self.baseline.clone(),
            ..self.settings.overrides()
        }
    }
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// 报告文件或目录（默认当前目录）：从它所在的目录向上查找 reportlint.yaml
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Args)]
pub struct WaiveArgs {
    /// 要豁免其现有问题的报告文件
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// 豁免理由（必填），写入每一条豁免
    #[arg(long, value_name = "TEXT")]
    pub reason: String,

    /// 只豁免这些规则的问题（可重复；默认全部）
    #[arg(long = "rule", id = "only_rules", value_name = "ID")]
    pub only_rules: Vec<String>,

    /// 豁免适用的最后一个报告年度
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub until_year: Option<i32>,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// `--output FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_pack(value: &str) -> Result<String, String> {
    match crate::rules::pack::builtin_named(value.trim()) {
        Some(b) => Ok(b.id.to_string()),
        None => Err(format!(
            "没有内置规则包“{value}”；可用：{}。规则包目录请用 --rules 指定",
            crate::rules::pack::builtin_ids()
        )),
    }
}

fn parse_output(value: &str) -> Result<OutputSpec, String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err(format!(
            "应写作 格式=路径，例如 sarif=reportlint.sarif（收到“{value}”）"
        ));
    };
    let format = FormatArg::from_str(format.trim(), true).map_err(|_| {
        let names: Vec<String> = FormatArg::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        format!("未知的输出格式“{format}”；可用：{}", names.join("、"))
    })?;
    if path.trim().is_empty() {
        return Err("缺少输出文件路径，例如 sarif=reportlint.sarif".to_string());
    }
    Ok(OutputSpec {
        format: format.into(),
        path: PathBuf::from(path),
    })
}

/// `--format` and the format of `--output`, as clap parses them; the
/// library's [`Format`] is the same list without clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// 带源文位置的诊断信息
    Human,
    /// 机器可读的 JSON（见 README 的 JSON 格式一节）
    Json,
    /// SARIF 2.1.0，供 GitHub 代码扫描等平台使用
    Sarif,
    /// JUnit XML：每份报告一个测试套件，每条规则一个测试用例
    Junit,
    /// GitHub Actions 的注释命令（::error 等）
    Github,
    /// 只输出完整性一览表（每份报告一行，每个必需项一列）
    Summary,
    /// 完整性一览表的 CSV（UTF-8 带 BOM，便于 Excel 打开）
    Csv,
    /// 供通报用的 Excel 工作簿（一览、问题清单两张表）；只能用 --output xlsx=文件 写出
    Xlsx,
    /// 供审核人在浏览器中查看的 HTML 审核报告（离线、单个文件；报告多时或给出文件夹时分页）
    Html,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Summary => Format::Summary,
            FormatArg::Csv => Format::Csv,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Html => Format::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A command line that could not be used, or a request for help or the
/// version: the text to print and the exit code.
#[derive(Debug)]
pub struct Usage {
    pub text: String,
    /// Where the text goes: help and the version to standard output.
    pub to_stdout: bool,
    pub code: u8,
}

impl Cli {
    /// Parses the arguments. clap's own messages are in English, so its
    /// errors are rewritten in Chinese from their kind and context; help and
    /// the version are clap's (with our Chinese descriptions).
    pub fn parse_args<I, T>(args: I) -> Result<Cli, Usage>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut command = chinese_help(<Cli as CommandFactory>::command(), true);
        let matches = command
            .try_get_matches_from_mut(args)
            .map_err(|e| usage_error(&e))?;
        <Cli as FromArgMatches>::from_arg_matches(&matches).map_err(|e| usage_error(&e))
    }
}

/// clap writes its help headings, flags and value lists in English; this
/// gives every command a Chinese help screen: Chinese headings, our own
/// `-h/--help` and `-V/--version`, and the allowed and default values
/// written into each option's description.
fn chinese_help(command: clap::Command, root: bool) -> clap::Command {
    let mut command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_value_name("命令");
    let ids: Vec<_> = command
        .get_arguments()
        .map(|a| a.get_id().clone())
        .collect();
    for id in ids {
        command = command.mut_arg(id, describe_values);
    }
    command = command.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助（--help 显示详细说明）"),
    );
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    }
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}\n");
    if command.get_positionals().next().is_some() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    if command.has_subcommands() {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    template.push_str("\n选项：\n{options}{after-help}");
    command = command.help_template(template);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| chinese_help(c, false));
    }
    command
}

/// Writes an option's allowed and default values into its description in
/// Chinese, and hides clap's English `[default: …]` and `Possible values:`.
fn describe_values(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values = arg.get_possible_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let mut notes = Vec::new();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        notes.push(format!("可取：{}", names.join("、")));
    }
    if !defaults.is_empty() {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if notes.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let mut long = arg
        .get_long_help()
        .map(|h| h.to_string())
        .unwrap_or_else(|| help.clone());
    let notes = format!("（{}）", notes.join("；"));
    long.push_str(&notes);
    if values.iter().any(|v| v.get_help().is_some()) {
        long.push_str("\n\n可取的值：");
        for v in &values {
            let text = v.get_help().map(|h| h.to_string()).unwrap_or_default();
            long.push_str(&format!("\n- {}：{text}", v.get_name()));
        }
    }
    arg.help(format!("{help}{notes}"))
        .long_help(long)
        .hide_possible_values(true)
        .hide_default_value(true)
}

fn usage_error(e: &clap::Error) -> Usage {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let valid = text(ContextKind::ValidValue);
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(text)
        .find(|s| !s.is_empty());
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Usage {
                text: e.render().to_string(),
                to_stdout: true,
                code: 0,
            }
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Usage {
                text: e.render().to_string(),
                to_stdout: false,
                code: 2,
            }
        }
        ErrorKind::UnknownArgument => format!("没有 `{arg}` 这个选项"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 `{}` 这个命令", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` 后缺少值"),
        ErrorKind::InvalidValue => format!("`{arg}` 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|s| validation_reason(&s.to_string()))
                .unwrap_or_default();
            format!("`{arg}` 的值“{value}”无效{reason}")
        }
        ErrorKind::NoEquals => format!("`{arg}` 的值要用 = 连接"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("`{arg}` 的值过多（“{value}”）")
        }
        ErrorKind::TooFewValues => format!("`{arg}` 的值过少"),
        ErrorKind::ArgumentConflict => {
            let other = text(ContextKind::PriorArg);
            if other == arg {
                // clap reports an option given twice as a conflict with itself.
                let name = arg.split_whitespace().next().unwrap_or(&arg);
                format!("`{name}` 只能给一次")
            } else {
                format!("`{arg}` 不能与 `{other}` 同时使用")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    let mut out = format!("错误：{message}\n");
    if !valid.is_empty() {
        out.push_str(&format!("  可取的值：{valid}\n"));
    }
    if let Some(s) = suggested {
        out.push_str(&format!("  是否想写 `{s}`？\n"));
    }
    if e.kind() == ErrorKind::UnknownArgument && !arg.is_empty() {
        out.push_str(&format!(
            "  若 `{arg}` 是文件名，请写在 -- 之后：reportlint check -- {arg}\n"
        ));
    }
    let usage = text(ContextKind::Usage);
    if let Some(usage) = usage.trim().strip_prefix("Usage:") {
        out.push_str(&format!("\n用法：{}\n", usage.trim()));
    }
    out.push_str("\n运行时加 --help 查看全部选项的说明。\n");
    Usage {
        text: out,
        to_stdout: false,
        code: 2,
    }
}

/// The reason a value failed its parser, in Chinese: the range parsers say
/// “0 is not in 1..=1024”, the number parsers “invalid digit found in
/// string”; our own parsers already speak Chinese.
fn validation_reason(english: &str) -> String {
    if english
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return format!("：{english}");
    }
    if let Some((_, range)) = english.split_once(" is not in ") {
        return match range.split_once("..=") {
            Some((lo, hi)) => format!("：应在 {lo} 到 {hi} 之间"),
            None => match range.strip_suffix("..") {
                Some(lo) => format!("：应不小于 {lo}"),
                None => format!("：应在 {range} 范围内"),
            },
        };
    }
    if english.contains("digit") || english.contains("empty string") {
        return "：应为整数".to_string();
    }
    if english.contains("too large") || english.contains("too small") {
        return "：数值超出范围".to_string();
    }
    String::new()
}
