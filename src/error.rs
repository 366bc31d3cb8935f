//! The errors a user can meet, each with a Chinese message that says what to
//! do, and the exit code it leads to.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use thiserror::Error;

/// The most errors (and, separately, warnings) of a rule pack, configuration
/// or waiver file that are listed; the rest are counted. Showing a
/// diagnostic costs a scan of its file, so listing thousands of them from
/// one large file would take quadratic time.
pub const MAX_SHOWN: usize = 50;

/// A YAML file as a diagnostic shows it: its name and text, shared (not
/// copied) by every diagnostic that points into it. The position in the
/// header counts columns in characters, as people and editors do (miette
/// would count bytes: three per Chinese character).
#[derive(Debug, Clone)]
pub struct YamlSource {
    pub name: String,
    pub text: Arc<str>,
}

impl SourceCode for YamlSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette reads the span with no context lines for the header's
        // position; there the column is the span's, counted in characters.
        // Other reads keep their own (the start of the context).
        let column = if context_lines_before == 0 && context_lines_after == 0 {
            let offset = span.offset().min(self.text.len());
            let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
            self.text[line_start..offset].chars().count()
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// A problem in one rule file, pointing at the place in the YAML.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(rule_file))]
pub struct RuleFileError {
    pub message: String,
    #[source_code]
    pub source_code: YamlSource,
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
    pub source_code: YamlSource,
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
    #[error("无法读取规则包 {path}：{}", io_reason(cause))]
    #[diagnostic(code(rule_pack::io), help("请检查 --rules 或 pack.extends 指定的目录是否存在、是否可读，规则文件是否为 UTF-8 编码"))]
    Io { path: PathBuf, cause: io::Error },
    #[error("规则文件 {path} 过大（{size} 字节，上限 {limit} 字节）")]
    #[diagnostic(
        code(rule_pack::too_large),
        help("规则文件通常只有几十 KB；请确认目录中没有放错文件（规则包目录中的每个 .yaml 文件都会被读取），或把规则分到几个文件中")
    )]
    FileTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("规则包 {path} 过大：连同数据文件和所继承的规则包超过 {limit} 字节")]
    #[diagnostic(
        code(rule_pack::too_large),
        help("内置规则包不到 200 KB；请确认规则包目录及其 data/ 中没有放错的大文件，或删去不用的规则")
    )]
    PackTooLarge { path: PathBuf, limit: u64 },
    #[error("规则包目录 {path} 中没有 .yaml 规则文件")]
    #[diagnostic(
        code(rule_pack::empty),
        help("规则包是一个包含 .yaml 文件的目录，参见 README 的“规则文件”一节")
    )]
    Empty { path: PathBuf },
    #[error("{path}：继承的层数超过 {limit} 层")]
    #[diagnostic(
        code(rule_pack::extends_too_deep),
        help("规则包通过 pack.extends 逐层继承，最多 {limit} 层；请把中间的规则包合并")
    )]
    ExtendsTooDeep { path: PathBuf, limit: usize },
    #[error("{path}：继承关系成环（{chain}）")]
    #[diagnostic(code(rule_pack::cycle), help("检查各规则包 `pack.extends` 的指向"))]
    Cycle { path: PathBuf, chain: String },
    #[error("规则包有 {} 处错误，未检查任何报告", errors.len() + omitted)]
    #[diagnostic(code(rule_pack::invalid), help("{}", invalid_help(*omitted)))]
    Invalid {
        #[related]
        errors: Vec<RuleFileError>,
        /// Errors not listed (past [`MAX_SHOWN`]).
        omitted: usize,
    },
}

impl PackError {
    /// An invalid pack with these errors, listing at most
    /// [`MAX_SHOWN`] of them: rendering each one scans
    /// its file, so thousands would take quadratic time.
    pub fn invalid(mut errors: Vec<RuleFileError>) -> PackError {
        let shown = MAX_SHOWN;
        let omitted = errors.len().saturating_sub(shown);
        errors.truncate(shown);
        PackError::Invalid { errors, omitted }
    }
}

fn invalid_help(omitted: usize) -> String {
    if omitted == 0 {
        "逐条修正下列错误后重新运行".to_string()
    } else {
        format!(
            "逐条修正下列错误后重新运行（只列出前 {} 处，另有 {omitted} 处未列出）",
            MAX_SHOWN
        )
    }
}

/// Why a file could not be read, in Chinese (the system's own message is in
/// English).
/// Why a file could not be written, in Chinese (see [`io_reason`]).
pub fn write_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "没有写权限".into(),
        io::ErrorKind::StorageFull => "磁盘空间已满".into(),
        io::ErrorKind::ReadOnlyFilesystem => "文件所在的文件系统是只读的".into(),
        _ => io_reason(e),
    }
}

/// A named pipe, socket or device where a file was expected: carried inside
/// an [`io::Error`] so that [`io_reason`] can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRegular {
    /// What it is, in Chinese: 命名管道（FIFO）, 套接字（socket）, 设备文件.
    pub what: &'static str,
}

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "这是{}，不是普通文件；读取它可能一直等待下去，所以没有打开",
            self.what
        )
    }
}

impl std::error::Error for NotRegular {}

pub fn io_reason(e: &io::Error) -> String {
    if let Some(special) = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<NotRegular>())
    {
        return special.to_string();
    }
    match e.kind() {
        io::ErrorKind::NotFound => "不存在".into(),
        io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        io::ErrorKind::InvalidData => "不是 UTF-8 编码的文本".into(),
        io::ErrorKind::IsADirectory => "这是一个目录，不是文件".into(),
        io::ErrorKind::NotADirectory => "路径中有一部分不是目录".into(),
        io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => "读取中断".into(),
        // EIO has no ErrorKind of its own: a disk, network drive or
        // special file (such as /proc/self/mem) that fails to deliver.
        _ if cfg!(unix) && e.raw_os_error() == Some(5) => "读写设备时出错（系统错误代码 5）".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（代码 {code}）"),
            None => "系统错误".into(),
        },
    }
}

/// A configuration or waiver file that cannot be used, or the rule pack it
/// names. Nothing is checked when this happens (exit code 3).
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("无法读取{what} {path}：{}", io_reason(cause))]
    #[diagnostic(
        code(config::io),
        help("请检查路径是否写对、文件是否可读、是否为 UTF-8 编码")
    )]
    Io {
        what: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error("{what} {path} 过大（{size} 字节，上限 {limit} 字节）")]
    #[diagnostic(
        code(config::too_large),
        help("配置文件和豁免文件通常只有几 KB；请确认路径没有写错")
    )]
    TooLarge {
        what: &'static str,
        path: PathBuf,
        size: u64,
        limit: u64,
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

/// A report that cannot be checked. The other reports still are, and the run
/// exits with code 2. Each variant has its own `code` (listed in README), a
/// message that names the file and says what is wrong, and help that says how
/// to get a file the checker can read.
#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("{path}：文件不存在")]
    #[diagnostic(code(input::not_found), help("请检查路径是否写对"))]
    NotFound { path: String },
    #[error("{path}：符号链接指向的文件不存在（{target}）")]
    #[diagnostic(code(input::not_found), help("请修复或删除这个失效的符号链接"))]
    BrokenLink { path: String, target: String },
    #[error("{path}：符号链接形成循环，无法找到真正的文件")]
    #[diagnostic(
        code(input::symlink_loop),
        help("请检查该链接（及其指向的链接）的目标，删除形成循环的链接")
    )]
    SymlinkLoop { path: String },
    #[error("{path}：无法读取（{}）", io_reason(cause))]
    #[diagnostic(code(input::unreadable), help("请检查文件或目录的读取权限"))]
    Unreadable {
        path: String,
        /// Not a `#[source]`: its English text must not be shown.
        cause: io::Error,
    },
    #[error("{path}：目录中没有可检查的报告文件")]
    #[diagnostic(
        code(input::no_reports),
        help("目录中只检查 .txt、.docx、.doc、.wps、.html/.htm 和没有扩展名的文件（以及需要转换格式的 .pdf 和图片）；隐藏文件和 .gitignore/.ignore 中忽略的文件不检查")
    )]
    NoReports { path: String },
    #[error("{pattern}：没有与此通配符匹配的文件")]
    #[diagnostic(
        code(input::no_match),
        help("请检查通配符是否写对；通配符 * ? [..] 在引号中时由本程序展开")
    )]
    NoMatch { pattern: String },
    #[error("{pattern}：通配符写法有误（{detail}）")]
    #[diagnostic(
        code(input::bad_pattern),
        help("请检查 [ ] 是否成对、** 是否单独成为一层；要按字面匹配 * ? [ 等字符，请把它写在 [ ] 中，如 [*]")
    )]
    BadPattern { pattern: String, detail: String },
    #[error("{path}：文件为空")]
    #[diagnostic(code(input::empty), help("请确认导出或保存报告时没有出错"))]
    Empty { path: String },
    #[error("{path}：{what}中没有文字")]
    #[diagnostic(
        code(input::empty),
        help("请确认报告正文不是图片或文本框；若是扫描件，请提供可编辑的 .docx 或文本")
    )]
    NoText { path: String, what: &'static str },
    #[error("{path}：文件过大（{size} 字节，上限 {limit} 字节）")]
    #[diagnostic(
        code(input::too_large),
        help("年度报告通常不超过 1 MB；请确认选对了文件。确需检查更大的文件时，用 --max-size 提高上限（单位 MB）")
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}：超过 {limit} {unit}，没有检查")]
    #[diagnostic(
        code(input::too_many_lines),
        help("年度报告通常不到 2,000 段。这么多行多半是数据表格、日志或选错了文件：请确认选对了文件；报告附有大型表格时，请把表格另存为单独的文件，只检查报告正文")
    )]
    TooManyLines {
        path: String,
        /// What was counted: 行, or the paragraphs of a Word document or a
        /// page.
        unit: &'static str,
        limit: usize,
    },
    #[error("{path}：PDF 文件已损坏，无法读取（{detail}）")]
    #[diagnostic(
        code(input::pdf),
        help("请用 PDF 阅读器打开该文件；若能打开，“另存为”或“打印”成新的 PDF 后再检查；若不能，请向报送单位重新索取，或索取 Word 文档（.docx）")
    )]
    Pdf { path: String, detail: String },
    #[error("{path}：扫描件，没有文字层，需要先做文字识别（{pages} 页只有图片）")]
    #[diagnostic(
        code(input::pdf_scanned),
        help("请向报送单位索取报告的 Word 文档（.docx）或带文字的 PDF；或用文字识别（OCR）软件识别并校对后，另存为 .docx 或 .txt 再检查")
    )]
    PdfScanned { path: String, pages: usize },
    #[error("{path}：PDF 文件已加密，要输入打开密码才能读取")]
    #[diagnostic(
        code(input::pdf_encrypted),
        help("请向报送单位索取打开密码，在 PDF 阅读器中打开后“另存为”不加密的 PDF 再检查；或索取 Word 文档（.docx）")
    )]
    PdfEncrypted { path: String },
    #[error("{path}：PDF 中的字体没有字符对照表（ToUnicode），无法还原文字")]
    #[diagnostic(
        code(input::pdf_unmapped),
        help("这种 PDF 中的文字复制出来也是乱码；请向报送单位索取 Word 文档（.docx），或用文字识别（OCR）软件识别并校对后再检查")
    )]
    PdfUnmapped { path: String },
    #[error("{path}：OFD 文件已损坏，无法读取（{detail}）")]
    #[diagnostic(
        code(input::ofd),
        help("请用 OFD 阅读器（如数科阅读器、福昕 OFD 版式办公套件）打开该文件；若能打开，导出为 PDF 或文本后再检查；若不能，请向报送单位重新索取")
    )]
    Ofd { path: String, detail: String },
    #[error("{path}：这是图片（{what}），无法检查其中的文字")]
    #[diagnostic(
        code(input::image),
        help("请提供报告的 Word 文档（.docx）或文本（.txt）；扫描件需先经文字识别（OCR）并校对")
    )]
    Image { path: String, what: &'static str },
    #[error("{path}：Word 97–2003 文档（.doc/.wps）已损坏，无法读取（{detail}）")]
    #[diagnostic(
        code(input::corrupt_doc),
        help("请在 Word 或 WPS 中打开该文件；若能打开，“另存为” Word 文档（.docx）后再检查；若不能，请向报送单位重新索取")
    )]
    CorruptDoc { path: String, detail: String },
    #[error("{path}：文件设置了打开密码（已加密），无法读取其中的文字")]
    #[diagnostic(
        code(input::encrypted),
        help("请在 Word 或 WPS 中输入密码打开，取消文档密码（Word：文件 → 信息 → 保护文档 → 用密码进行加密，清空密码；WPS：文件 → 文档加密）后保存，再检查")
    )]
    Encrypted { path: String },
    #[error("{path}：这是 {what}，不是报告的 Word 文档或文本")]
    #[diagnostic(code(input::unsupported), help("{help}"))]
    Unsupported {
        path: String,
        what: &'static str,
        help: &'static str,
    },
    #[error("{path}：Word 文档已损坏，无法打开（{detail}）")]
    #[diagnostic(
        code(input::corrupt_docx),
        help("请在 Word 或 WPS 中打开该文件；若能打开，重新“另存为” .docx 后再检查；若不能，请向报送单位重新索取")
    )]
    CorruptDocx { path: String, detail: String },
    #[error("{path}：{what}已损坏，无法读取（{detail}）")]
    #[diagnostic(
        code(input::corrupt_document),
        help("请在 WPS、Word 或 LibreOffice 中打开该文件；若能打开，“另存为” Word 文档（.docx）后再检查；若不能，请向报送单位重新索取")
    )]
    CorruptDocument {
        path: String,
        /// The format, e.g. “OpenDocument 文本（.odt）”.
        what: &'static str,
        detail: String,
    },
    #[error("{path}：无法确定文本编码（{detail}）")]
    #[diagnostic(
        code(input::encoding),
        help("请将报告另存为 UTF-8 编码的文本文件（记事本：“另存为”，编码选 UTF-8）")
    )]
    Encoding { path: String, detail: String },
    #[error("{path}：这是二进制文件（{what}），不是文本报告")]
    #[diagnostic(
        code(input::binary),
        help("请提供报告的 Word 文档（.docx）或文本（.txt）")
    )]
    Binary { path: String, what: &'static str },
    #[error("{path}：这是{what}，不是普通文件，没有读取")]
    #[diagnostic(
        code(input::special_file),
        help("命名管道、套接字和设备文件不会被打开（读取它们可能一直等待下去）；请给出报告文件本身。要从管道读取，请用 - 表示标准输入")
    )]
    SpecialFile { path: String, what: &'static str },
    #[error("{path}：处理这个文件时程序内部出错（{detail}）；这个文件没有得到完整的检查或修复，其余文件照常处理")]
    #[diagnostic(
        code(input::internal),
        help("这是 reportlint 的缺陷，不是报告的问题。请把这个文件和这条信息发给维护者；在修复之前，可人工检查这份报告")
    )]
    Internal { path: String, detail: String },
}

impl InputError {
    /// The file (or pattern) the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::NotFound { path }
            | InputError::BrokenLink { path, .. }
            | InputError::SymlinkLoop { path }
            | InputError::Unreadable { path, .. }
            | InputError::NoReports { path }
            | InputError::Empty { path }
            | InputError::NoText { path, .. }
            | InputError::TooLarge { path, .. }
            | InputError::TooManyLines { path, .. }
            | InputError::Pdf { path, .. }
            | InputError::PdfScanned { path, .. }
            | InputError::PdfEncrypted { path }
            | InputError::PdfUnmapped { path }
            | InputError::Ofd { path, .. }
            | InputError::Image { path, .. }
            | InputError::CorruptDoc { path, .. }
            | InputError::Encrypted { path }
            | InputError::Unsupported { path, .. }
            | InputError::CorruptDocx { path, .. }
            | InputError::CorruptDocument { path, .. }
            | InputError::Encoding { path, .. }
            | InputError::Binary { path, .. }
            | InputError::SpecialFile { path, .. }
            | InputError::Internal { path, .. } => path,
            InputError::NoMatch { pattern } | InputError::BadPattern { pattern, .. } => pattern,
        }
    }

    /// The stable code shown in JSON and CSV (`input::pdf`, …).
    pub fn code(&self) -> String {
        miette::Diagnostic::code(self)
            .map(|c| c.to_string())
            .unwrap_or_default()
    }
}
