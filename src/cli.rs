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
    /// 规则包相关命令：列出、校验、测试、解释规则，生成文档和 JSON Schema
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
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
    Test(PackArg),
    /// 解释一条规则：检查什么、为什么、依据、示例、能否自动修复
    Explain {
        /// 规则 id，如 FZ002
        id: String,
        #[command(flatten)]
        pack: PackArg,
    },
    /// 输出规则参考文档（Markdown）
    Docs(PackArg),
    /// 输出规则文件格式的 JSON Schema
    Schema,
}

/// A pack given as a positional argument.
#[derive(Debug, Args)]
pub struct PackArg {
    /// 规则包目录（默认使用内置的法治政府建设年度报告规则包）
    #[arg(value_name = "PACK")]
    pub pack: Option<PathBuf>,
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
