//! Checking one report: reading it (any supported format), parsing it into a
//! document and running a pack over it. [`super::Reports`] checks many in
//! parallel chunks; this file knows nothing of runs, waivers or outputs.

use std::path::Path;

use crate::baseline::{Baseline, BaselineSummary};
use crate::document::Document;
use crate::document::Span;
use crate::engine::{self, Checked};
use crate::error::InputError;
use crate::finding::{Finding, Label, Severity};
use crate::input::{self, InputInfo, Loaded, Source};
use crate::meta::ReportMeta;
use crate::rules::Pack;

/// A checked file.
#[derive(Debug)]
pub struct CheckedFile {
    pub doc: Document,
    pub checked: Checked,
    /// How the text was obtained (format, encoding).
    pub info: InputInfo,
    /// Last year's report it was compared with, if any was read.
    pub baseline: Option<BaselineSummary>,
    /// Other reports of the run sharing long passages with this one (the
    /// `copied` rule; see [`crate::batch`]), each also a finding.
    pub similar: Vec<crate::batch::Similar>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Checked(Box<CheckedFile>),
    Failed(InputError),
}

/// Options that apply to every file.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Overrides the report year read from the title.
    pub year: Option<i32>,
    /// Level of the issuing body and deadline profile, from the configuration.
    pub meta: ReportMeta,
    /// Files larger than this are refused.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            year: None,
            meta: ReportMeta::default(),
            max_bytes: input::DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads and checks one input.
pub fn check_source(source: &Source, pack: &Pack, options: Options) -> Outcome {
    match input::load(source, options.max_bytes, &pack.grammar.page_title_words) {
        Ok(loaded) => Outcome::Checked(Box::new(check_loaded(loaded, pack, options))),
        Err(e) => Outcome::Failed(e),
    }
}

/// Last year's report for one report: read, or why it could not be.
pub type BaselineRead = Result<Baseline, InputError>;

/// Reads the baseline at `path` for a report checked with `pack`.
pub fn read_baseline(path: &Path, pack: &Pack, options: Options) -> BaselineRead {
    Baseline::load(path, options.max_bytes, &pack.grammar, &pack.template)
}

/// Reads and checks one input with `pack`, or with the first of `detecting`
/// whose title pattern matches the report's title; also returns which:
/// 0 for `pack`, `i + 1` for `detecting[i]`.
/// `baseline` names last year's report, read with the pack chosen.
pub fn check_source_detecting(
    source: &Source,
    pack: &Pack,
    detecting: &[&Pack],
    options: Options,
    baseline: Option<&Path>,
) -> (Outcome, usize) {
    match input::load(source, options.max_bytes, &pack.grammar.page_title_words) {
        Ok(loaded) => {
            let mut doc = parse(loaded.name, loaded.text, &loaded.outline, pack, options);
            doc.pages = loaded.pages;
            doc.layout = loaded.layout;
            let title = doc.title.as_ref().map_or("", |t| t.text.as_str());
            let chosen = detecting
                .iter()
                .position(|p| p.detects(title))
                .map_or(0, |i| i + 1);
            let used = if chosen == 0 {
                pack
            } else {
                detecting[chosen - 1]
            };
            if chosen != 0 {
                // The detected pack may write its documents differently.
                let name = std::mem::take(&mut doc.name);
                let text = std::mem::take(&mut doc.text);
                let pages = std::mem::take(&mut doc.pages);
                let layout = doc.layout.take();
                doc = parse(name, text, &loaded.outline, used, options);
                doc.pages = pages;
                doc.layout = layout;
            }
            let baseline = baseline.map(|path| read_baseline(path, used, options));
            let file = check_parsed(doc, loaded.info, used, options, baseline);
            (Outcome::Checked(Box::new(file)), chosen)
        }
        Err(e) => (Outcome::Failed(e), 0),
    }
}

fn parse(
    name: String,
    text: String,
    outline: &[Option<u8>],
    pack: &Pack,
    options: Options,
) -> Document {
    let mut doc = Document::parse_with_outline(name, text, outline, &pack.grammar);
    if let Some(year) = options.year {
        doc.set_year(year);
    }
    doc
}

/// Checks a report already read.
pub fn check_loaded(loaded: Loaded, pack: &Pack, options: Options) -> CheckedFile {
    let Loaded {
        name,
        text,
        info,
        outline,
        pages,
        layout,
    } = loaded;
    let mut doc = parse(name, text, &outline, pack, options);
    doc.pages = pages;
    doc.layout = layout;
    check_parsed(doc, info, pack, options, None)
}

fn check_parsed(
    doc: Document,
    info: InputInfo,
    pack: &Pack,
    options: Options,
    baseline: Option<BaselineRead>,
) -> CheckedFile {
    let (baseline, unreadable) = match baseline {
        None => (None, None),
        Some(Ok(b)) => (Some(b), None),
        Some(Err(e)) => (None, Some(baseline_unreadable(&e, &doc))),
    };
    let rules: Vec<_> = pack.rules.iter().collect();
    let mut checked = engine::check_against(&doc, pack, &rules, &options.meta, baseline.as_ref());
    super::fix_hint::retarget(&mut checked.findings, &info);
    let extra = !info.invalid.is_empty() || unreadable.is_some();
    if !info.invalid.is_empty() {
        checked.findings.extend(invalid_bytes(&info, &doc.text));
    }
    checked.findings.extend(unreadable);
    if extra {
        checked
            .findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    CheckedFile {
        doc,
        checked,
        info,
        baseline: baseline.map(|b| b.summary()),
        similar: Vec::new(),
    }
}

/// The rule id of the warning on a baseline (last year's report) that could
/// not be read.
pub const BASELINE_UNREADABLE_RULE: &str = "baseline-unreadable";

/// A warning at the report's first line that its baseline could not be read:
/// the report was checked, only not compared with last year's.
fn baseline_unreadable(e: &InputError, doc: &Document) -> Finding {
    let span = doc
        .title
        .as_ref()
        .map(|t| t.span())
        .or_else(|| doc.blocks.first().map(|b| b.span))
        .unwrap_or_else(|| Span::empty(0));
    let help = miette::Diagnostic::help(e)
        .map(|h| format!("{h}。"))
        .unwrap_or_default();
    let mut finding = Finding::at(
        BASELINE_UNREADABLE_RULE,
        Severity::Warning,
        &format!("上年报告无法读取：{e}；本报告已照常检查，但没有与上年报告比较"),
        span,
    );
    finding.help = Some(format!(
        "{help}上年报告由 --baseline 或配置文件的 baseline 指定，可以是 .txt、.docx、.doc、PDF 或网页等报告能用的任何格式；请改正路径或换用能读取的文件"
    ));
    finding
}

/// The rule id of the warning on bytes that could not be decoded.
pub const INVALID_BYTES_RULE: &str = "invalid-bytes";

/// A warning on each byte sequence that could not be decoded, pointing at
/// its U+FFFD: the report was still checked, but those characters are lost.
/// The last warning also counts the ones not listed (beyond the listing
/// limit, or whose U+FFFD is no longer in the text).
fn invalid_bytes(info: &InputInfo, text: &str) -> Vec<Finding> {
    let encoding = info.encoding.unwrap_or("UTF-8");
    let shown: Vec<&input::decode::Invalid> = info
        .invalid
        .iter()
        .filter(|i| {
            text.get(i.offset..)
                .is_some_and(|t| t.starts_with('\u{FFFD}'))
        })
        .collect();
    let more = info.replaced.saturating_sub(shown.len());
    let count = shown.len();
    shown
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let hex: Vec<String> = i.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
            let rest = if n + 1 == count && more > 0 {
                format!("；另有 {more} 处同样的问题未逐一列出")
            } else {
                String::new()
            };
            Finding {
                rule: INVALID_BYTES_RULE.to_string(),
                severity: Severity::Warning,
                message: format!(
                    "文件第 {} 字节起的 {}（{} 个字节）不是有效的 {encoding} 编码，已显示为 �{rest}",
                    i.at + 1,
                    hex.join(" "),
                    i.bytes.len()
                ),
                primary: Label::new(
                    Span::new(i.offset, i.offset + '\u{FFFD}'.len_utf8()),
                    "此处的字节无法解码",
                ),
                secondary: Vec::new(),
                help: Some(format!(
                    "文件中混入了不属于 {encoding} 编码的字节（常见于从其他编码的文件复制粘贴，或传输中损坏）。请在编辑器中找到 � 处，重新输入原来的文字，再以 {encoding} 编码保存"
                )),
                item: None,
                item_in_text: false,
                fix: None,
                places: 1,
                unlisted: 0,
                elsewhere: Vec::new(),
            }
        })
        .collect()
}

/// Checks UTF-8 text already in memory against last year's report, also
/// in memory.
pub fn check_text_against(
    name: String,
    text: String,
    pack: &Pack,
    options: Options,
    baseline: Option<(String, String)>,
) -> CheckedFile {
    let baseline = baseline.map(|(name, text)| {
        Ok(Baseline::parse(
            name,
            text,
            &[],
            &pack.grammar,
            &pack.template,
        ))
    });
    let doc = parse(name, text, &[], pack, options);
    check_parsed(doc, text_info(), pack, options, baseline)
}

fn text_info() -> InputInfo {
    InputInfo {
        format: input::Format::Text,
        encoding: Some("UTF-8"),
        replaced: 0,
        invalid: Vec::new(),
        encoding_uncertain: false,
        nul_removed: 0,
    }
}

/// Checks UTF-8 text already in memory.
pub fn check_text(name: String, text: String, pack: &Pack, options: Options) -> CheckedFile {
    check_loaded(
        Loaded {
            name,
            text,
            info: InputInfo {
                format: input::Format::Text,
                encoding: Some("UTF-8"),
                replaced: 0,
                invalid: Vec::new(),
                encoding_uncertain: false,
                nul_removed: 0,
            },
            outline: Vec::new(),
            pages: Default::default(),
            layout: None,
        },
        pack,
        options,
    )
}

/// Counts of findings by severity (a report's JSON `summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::Invalid;

    fn info(invalid: Vec<Invalid>, replaced: usize) -> InputInfo {
        InputInfo {
            format: input::Format::Text,
            encoding: Some("UTF-8"),
            replaced,
            invalid,
            encoding_uncertain: false,
            nul_removed: 0,
        }
    }

    fn invalid(offset: usize, at: usize) -> Invalid {
        Invalid {
            offset,
            at,
            bytes: vec![0xFF],
        }
    }

    #[test]
    fn the_count_of_unlisted_bytes_survives_a_dropped_last_entry() {
        let text = "甲\u{FFFD}乙丙";
        // The second entry no longer points at a U+FFFD.
        let info = info(vec![invalid(3, 3), invalid(6, 9)], 5);
        let findings = invalid_bytes(&info, text);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .ends_with("；另有 4 处同样的问题未逐一列出"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn every_listed_byte_is_a_warning_and_only_the_last_counts_the_rest() {
        let text = "\u{FFFD}甲\u{FFFD}";
        let info = info(vec![invalid(0, 0), invalid(6, 4)], 2);
        let findings = invalid_bytes(&info, text);
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| !f.message.contains("另有")));
        assert!(findings[1].message.contains("文件第 5 字节"));
    }
}
