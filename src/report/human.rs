//! Human output: per report, miette diagnostics showing a window of the
//! sentence around each label — errors first, each rule's first few places
//! with its help once and a line counting the rest ([`super::fold`]) — then a
//! one-line summary.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::fold::{self, Display};
use super::matrix;
use super::out::Spill;
use super::window::Window;
use super::{Emitter, Options};
use crate::finding::{Finding, Severity};
use crate::input::{Format, InputInfo};
use crate::run::{CheckedFile, Counts, FileRun, Outcome, Shared, UnusedWaiver};

/// Rendering settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Width for wrapping messages and help.
    pub width: usize,
}

/// Human output: each report's findings and summary line as it comes; the
/// files that could not be checked on standard error (or, in a file, after
/// everything else); the unused waivers; and with several reports the
/// completeness table last.
pub struct Human {
    style: Style,
    display: Display,
    quiet: bool,
    /// Where errors go: standard error, or set aside for the end of a file.
    errors: Option<Spill>,
    /// The completeness table that ends the output of several reports.
    table: matrix::Table,
    reports: usize,
}

impl Human {
    /// `stdout`: the output is standard output, so errors go to standard
    /// error.
    pub fn new(options: Options, stdout: bool) -> Human {
        Human {
            style: options.style,
            display: options.display,
            quiet: options.quiet,
            errors: (!stdout).then(Spill::default),
            // The table after the findings lists every report.
            table: matrix::Table::new(options.threshold, false),
            reports: 0,
        }
    }
}

impl Emitter for Human {
    fn begin(&mut self, run: &Shared, out: &mut dyn Write) {
        self.table.begin(run, out);
    }

    fn file(&mut self, run: &Shared, file: &FileRun, out: &mut dyn Write) {
        self.reports += 1;
        self.table.file(run, file, out);
        let (o, e) = render_outcome(&file.outcome, self.style, self.display, self.quiet);
        let _ = out.write_all(o.as_bytes());
        match &mut self.errors {
            Some(spill) => spill.push(&e),
            None => super::write_stderr(&e),
        }
    }

    fn finish(self: Box<Self>, run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        let Human {
            style,
            display,
            errors,
            table,
            reports,
            ..
        } = *self;
        let mut text = String::new();
        let shown = if UnusedWaiver::SEVERITY >= display.min_severity {
            unused
        } else {
            if !unused.is_empty() {
                text.push_str(&format!(
                    "另有 {} 条豁免没有用上（警告），低于 --min-severity，未显示\n",
                    unused.len()
                ));
            }
            &[]
        };
        for u in shown {
            let diagnostic = UnusedWaiverDiagnostic {
                message: format!("{}：{}", u.file, u.message),
                source_code: NamedSource::new(
                    u.file.clone(),
                    run.waiver_files[u.waiver_file].text.clone(),
                ),
                span: (u.span.start, u.span.len()).into(),
                help: u.help.clone(),
            };
            render_diagnostic(&diagnostic, style, &mut text);
        }
        let _ = out.write_all(text.as_bytes());
        if reports > 1 {
            let _ = out.write_all(b"\n");
            Box::new(table).finish(run, unused, out);
        }
        if let Some(errors) = errors {
            let _ = errors.drain(out);
        }
    }
}

/// A waiver that waived nothing, shown in the waiver file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code("unused-waiver（警告）"), severity(Warning))]
struct UnusedWaiverDiagnostic {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("这条豁免没有用上")]
    span: miette::SourceSpan,
    #[help]
    help: String,
}

/// Renders one file's outcome: `(standard output, standard error)`.
fn render_outcome(
    outcome: &Outcome,
    style: Style,
    display: Display,
    quiet: bool,
) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    match outcome {
        Outcome::Checked(file) => render_file(file, style, display, quiet, &mut out),
        Outcome::Failed(e) => render_diagnostic(e, style, &mut err),
    }
    (out, err)
}

/// One checked file's diagnostics (every one) and summary line.
#[cfg(test)]
pub(crate) fn render_checked(file: &CheckedFile, style: Style) -> String {
    let mut out = String::new();
    let display = Display {
        show_all: true,
        ..Display::default()
    };
    render_file(file, style, display, false, &mut out);
    out
}

fn render_file(file: &CheckedFile, style: Style, display: Display, quiet: bool, out: &mut String) {
    let doc = &file.doc;
    let shown = fold::fold(&file.checked.findings, display);
    let fixable = writable(&file.info) && doc.name != crate::input::Source::Stdin.name();
    for group in &shown.groups {
        for (i, finding) in group.shown.iter().enumerate() {
            // The rule's help once, on its first place shown.
            let with_help = display.show_all || i == 0;
            // A PDF's or OFD's line is a rebuilt paragraph: name the page too.
            let paged = doc
                .page(finding.primary.span.start)
                .map(|page| format!("{} 第{page}页", doc.name));
            let name = paged.as_deref().unwrap_or(&doc.name);
            let window = Window::new(name, &doc.text, &doc.line_index);
            let mut diagnostic = FindingDiagnostic::new(finding, &window, with_help);
            if !display.show_all && finding.places > 1 {
                diagnostic.mark_at_most(fold::SHOWN_PLACES);
            }
            render_diagnostic(&diagnostic, style, out);
            if !finding.elsewhere.is_empty() {
                // Under the diagnostic, before the blank line after it.
                if out.ends_with("\n\n") {
                    out.pop();
                }
                for e in &finding.elsewhere {
                    out.push_str(&format!("  {}\n", e.describe()));
                }
                out.push('\n');
            }
        }
        if let Some((count, hint)) = fold::hidden_line(group, &doc.line_index, fixable) {
            // One line when it fits the width, else what to do on the next.
            let line = format!("{count}；{hint}");
            if line.width() <= style.width {
                out.push_str(&line);
            } else {
                out.push_str(&format!("{count}；\n  {hint}"));
            }
            out.push_str("\n\n");
        }
    }
    if !quiet {
        out.push_str(&summary_line(file, fold::below_note(shown.below)));
        out.push('\n');
    }
}

/// Whether `--fix` can write this report back: UTF-8 plain text (a Word
/// document, a web page, a PDF or GBK text would lose its form; see
/// `fix::fix_loaded`).
fn writable(info: &InputInfo) -> bool {
    info.format == Format::Text && info.unusual_encoding().is_none()
}

fn render_diagnostic(diagnostic: &dyn Diagnostic, style: Style, out: &mut String) {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    if handler.render_report(out, diagnostic).is_err() {
        out.push_str(&format!("{diagnostic}\n"));
    }
    out.push('\n');
}

/// “path：2 个错误，1 个警告，0 个提示（2021 年度报告）”, with how the text
/// was read when that is worth knowing (“Word 文档，行号即段落序号”, “按 GBK
/// 编码读取”).
fn summary_line(file: &CheckedFile, below: Option<String>) -> String {
    let c = Counts::of(file);
    let mut notes = vec![match file.doc.year() {
        Some(y) => format!("{y} 年度报告"),
        None => "未能确定报告年度".to_string(),
    }];
    notes.extend(input_notes(&file.info));
    notes.extend(below);
    let year = notes.join("；");
    if c.errors + c.warnings + c.infos == 0 {
        format!("{}：未发现问题（{year}）", file.doc.name)
    } else {
        format!(
            "{}：{} 个错误，{} 个警告，{} 个提示（{year}）",
            file.doc.name, c.errors, c.warnings, c.infos
        )
    }
}

/// What a reader of the output should know about how the text was read.
fn input_notes(info: &InputInfo) -> Vec<String> {
    let mut notes = Vec::new();
    match info.format {
        Format::Docx | Format::Doc => notes.push("Word 文档，行号即段落序号".to_string()),
        Format::Html => notes.push("网页正文，行号按提取出的段落计".to_string()),
        Format::Pdf => notes.push(
            "PDF 文字层，行号按重建的段落计（分行已合并，页眉、页脚和页码已略去）".to_string(),
        ),
        Format::Ofd => {
            notes.push("OFD 版式文件，行号按重建的段落计（分行已合并，页码已略去）".to_string())
        }
        Format::Odt => notes.push("OpenDocument 文本，行号即段落序号".to_string()),
        Format::Rtf => notes.push("RTF 文档，行号即段落序号".to_string()),
        Format::Text => {}
    }
    if let Some(encoding) = info.unusual_encoding() {
        if info.encoding_uncertain {
            notes.push(format!(
                "按 {encoding} 编码读取（编码是根据内容推测的，可能不准确；若文字显示错乱，请另存为 UTF-8 后再检查）"
            ));
        } else {
            notes.push(format!("按 {encoding} 编码读取"));
        }
    }
    if info.replaced > 0 {
        notes.push(format!("{} 处字节无法解码，已显示为 �", info.replaced));
    }
    if info.nul_removed > 0 {
        notes.push(format!("已忽略 {} 个 NUL 字节", info.nul_removed));
    }
    notes
}

/// A finding as miette sees it.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    window: &'a Window<'a>,
    help: Option<String>,
    /// The finding's message, with a note when not every label is shown.
    message: String,
    /// How many of the finding's labels are shown.
    labels: usize,
}

impl<'a> FindingDiagnostic<'a> {
    /// `with_help`: show the rule's help (and what its fix does).
    fn new(finding: &'a Finding, window: &'a Window<'a>, with_help: bool) -> Self {
        let fix = finding.fix.as_ref().map(|f| format!("可修复：{}", f.title));
        let help = match (&finding.help, fix) {
            _ if !with_help => None,
            (Some(h), Some(f)) => Some(format!("{h}\n{f}")),
            (Some(h), None) => Some(h.clone()),
            (None, f) => f,
        };
        FindingDiagnostic {
            finding,
            window,
            help,
            message: finding.message.clone(),
            labels: usize::MAX,
        }
    }

    /// Marks only the first `n` places of a finding that reports many,
    /// saying so in the message.
    fn mark_at_most(&mut self, n: usize) {
        if 1 + self.finding.secondary.len() > n {
            self.labels = n;
            self.message.push_str(&format!("（此处只标出前 {n} 处）"));
        }
    }

    fn labeled(&self, label: &crate::finding::Label, primary: bool) -> LabeledSpan {
        let span = self.window.clamp(label.span);
        let source_span = (span.start, span.len());
        match (primary, &label.message) {
            (true, m) => LabeledSpan::new_primary_with_span(m.clone(), source_span),
            (false, m) => LabeledSpan::new_with_span(m.clone(), source_span),
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("finding", self.finding)
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}（{}）",
            self.finding.rule,
            self.finding.severity.label()
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.window)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = std::iter::once(self.labeled(&self.finding.primary, true));
        let secondary = self
            .finding
            .secondary
            .iter()
            .map(|l| self.labeled(l, false));
        Some(Box::new(primary.chain(secondary).take(self.labels)))
    }
}
