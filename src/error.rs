//! The errors a user can meet, each with a Chinese message that says what to
//! do, and the exit code it leads to.

use std::io;
use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// A problem in one rule file, pointing at the place in the YAML.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(rule_file))]
pub struct RuleFileError {
    pub message: String,
    #[source_code]
    pub source_code: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// A problem in a rule file that does not stop the pack from working (a rule
/// without examples).
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(rule_file::warning), severity(Warning))]
pub struct RuleFileWarning {
    pub message: String,
    #[source_code]
    pub source_code: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl From<RuleFileError> for RuleFileWarning {
    fn from(e: RuleFileError) -> Self {
        RuleFileWarning {
            message: e.message,
            source_code: e.source_code,
            span: e.span,
            label: e.label,
            help: e.help,
        }
    }
}

/// A rule pack that cannot be used. Nothing is checked when this happens.
#[derive(Debug, Error, Diagnostic)]
pub enum PackError {
    #[error("无法读取规则包 {path}：{source}")]
    #[diagnostic(code(rule_pack::io), help("请检查 --rules 指定的目录是否存在且可读"))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("规则包目录 {path} 中没有 .yaml 规则文件")]
    #[diagnostic(
        code(rule_pack::empty),
        help("规则包是一个包含 .yaml 文件的目录，参见 README 的“规则文件”一节")
    )]
    Empty { path: PathBuf },
    #[error("{path}：继承关系成环（{chain}）")]
    #[diagnostic(code(rule_pack::cycle), help("检查各规则包 `pack.extends` 的指向"))]
    Cycle { path: PathBuf, chain: String },
    #[error("规则包有 {} 处错误，未检查任何报告", errors.len())]
    #[diagnostic(code(rule_pack::invalid), help("逐条修正下列错误后重新运行"))]
    Invalid {
        #[related]
        errors: Vec<RuleFileError>,
    },
}

/// A configuration or waiver file that cannot be used, or the rule pack it
/// names. Nothing is checked when this happens (exit code 3).
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("无法读取{what} {path}：{source}")]
    #[diagnostic(code(config::io), help("请检查路径是否写对、文件是否可读"))]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} 有 {} 处错误，未检查任何报告", errors.len())]
    #[diagnostic(
        code(config::invalid),
        help("逐条修正下列错误后重新运行；格式见 README 的“配置文件”和“豁免”两节")
    )]
    Invalid {
        path: String,
        #[related]
        errors: Vec<RuleFileError>,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pack(#[from] PackError),
}

/// A report that cannot be checked. The other reports still are.
#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("{path}：文件不存在")]
    #[diagnostic(code(input::not_found), help("请检查路径是否写对"))]
    NotFound { path: String },
    #[error("{path}：无法读取（{source}）")]
    #[diagnostic(code(input::unreadable), help("请检查文件权限"))]
    Unreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}：是目录，不是报告文件")]
    #[diagnostic(code(input::directory), help("请指定目录中的报告文件"))]
    Directory { path: String },
    #[error("{path}：文件为空")]
    #[diagnostic(code(input::empty), help("请确认导出或保存报告时没有出错"))]
    Empty { path: String },
    #[error("{path}：文件过大（{size} 字节，上限 {limit} 字节）")]
    #[diagnostic(
        code(input::too_large),
        help("年度报告通常不超过 1 MB；请确认选对了文件")
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}：这是二进制文件（{what}），不是文本报告")]
    #[diagnostic(code(input::binary), help("{help}"))]
    Binary {
        path: String,
        what: &'static str,
        help: &'static str,
    },
    #[error("{path}：不是有效的 UTF-8 文本（第 {offset} 字节处）")]
    #[diagnostic(code(input::encoding), help("请将报告另存为 UTF-8 编码的文本文件"))]
    NotUtf8 { path: String, offset: usize },
}

impl InputError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::NotFound { path }
            | InputError::Unreadable { path, .. }
            | InputError::Directory { path }
            | InputError::Empty { path }
            | InputError::TooLarge { path, .. }
            | InputError::Binary { path, .. }
            | InputError::NotUtf8 { path, .. } => path,
        }
    }
}
