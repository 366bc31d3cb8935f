//! Command-line arguments (clap definitions only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

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
    /// 检查报告（纯文本，UTF-8）
    Check(CheckArgs),
    /// 规则包相关命令
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 列出规则包中的规则（id、级别、类型、摘要）
    List(PackArgs),
    /// 检查规则包是否有效
    Validate(PackArgs),
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// 规则包目录（默认使用内置的法治政府建设年度报告规则包）
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的报告文件
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub pack: PackArgs,

    /// 报告年度（默认从标题中读取，例如“2021年度”）
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub year: Option<i32>,

    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// 达到此级别的问题使退出码为 1
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// 彩色输出：auto（终端时）、always、never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// 自动修复可安全修复的问题并写回文件，再报告剩余的问题
    #[arg(long, group = "fixing")]
    pub fix: bool,

    /// 只显示修复将做的修改（统一差异格式），不写入文件
    #[arg(long, group = "fixing")]
    pub diff: bool,

    /// 同时应用需人工确认的修复（与 --fix 或 --diff 一起使用）
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 带源文位置的诊断信息
    Human,
    /// 机器可读的 JSON（见 README 的 JSON 格式一节）
    Json,
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
