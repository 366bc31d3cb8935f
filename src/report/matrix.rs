//! The reviewer's completeness matrix: one row per report, one column per
//! required item of the pack's template (each required section, followed by
//! the contents it must have), as a table for people and as CSV.
//!
//! A section is ✔ present, ✘ missing, or ! present with problems: a finding
//! at or above the `--fail-on` level that concerns the item marks its
//! heading (the plan that names no year, the first-responsible heading with
//! the wrong wording). A content item is ✔ or ✘, and ? when its section is
//! missing. Findings elsewhere in the section (a vague word in a paragraph)
//! are counted in the error and warning columns, not here.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::Emitter;
use crate::finding::Severity;
use crate::rules::Pack;
use crate::run::{CheckedFile, Counts, FileRun, Outcome, Shared, UnusedWaiver};

/// A column of the matrix.
#[derive(Debug, Clone)]
pub struct Column {
    pub id: String,
    pub short: String,
    pub title: String,
    /// The id of the section the item is (or belongs to): a report checked
    /// with another pack is looked up by id, not by position.
    section: String,
    /// Whether the item is a content item of that section.
    content: bool,
}

/// The required items of a pack's template, in template order.
pub fn columns(pack: &Pack) -> Vec<Column> {
    let mut out = Vec::new();
    for section in &pack.template.sections {
        if !section.required {
            continue;
        }
        out.push(Column {
            id: section.id.clone(),
            short: section.short.clone(),
            title: section.title.clone(),
            section: section.id.clone(),
            content: false,
        });
        for content in &section.contents {
            out.push(Column {
                id: content.id.clone(),
                short: content.short.clone(),
                title: content.title.clone(),
                section: section.id.clone(),
                content: true,
            });
        }
    }
    out
}

/// The state of one item in one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Present,
    Missing,
    /// Present, with a finding at the fail level on its heading.
    Problem,
    /// A content item whose section is missing.
    Unknown,
}

impl Cell {
    pub fn symbol(self) -> &'static str {
        match self {
            Cell::Present => "✔",
            Cell::Missing => "✘",
            Cell::Problem => "!",
            Cell::Unknown => "?",
        }
    }

    /// The word used in CSV, where a word filters better than a mark.
    pub fn word(self) -> &'static str {
        match self {
            Cell::Present => "有",
            Cell::Missing => "缺",
            Cell::Problem => "有问题",
            Cell::Unknown => "所属部分缺失",
        }
    }
}

/// One report's row. Rows are kept until the run ends (the table is printed
/// last), so a row is a few boxed strings and nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub path: Box<str>,
    pub year: Option<i32>,
    pub issuer: Option<Box<str>>,
    pub cells: Box<[Cell]>,
    pub counts: Counts,
    /// For a file that could not be checked: its error code and message.
    pub error: Option<Box<(String, String)>>,
    /// For a checked file that `--fix` could not write back: the fix
    /// error's code and message (CSV puts them in the error columns).
    pub fix_error: Option<Box<(String, String)>>,
    /// The share of the report's text copied from last year's report, in
    /// whole percent (rounded down), when it was compared with one.
    pub copied: Option<u32>,
    /// The 雷同 column: the highest share of the report found in another
    /// report of the run (of another unit), and that report
    /// (“62%（乙.docx）”, “62%（乙.docx 等2份）”); `None` when none.
    pub similar: Option<Box<str>>,
}

/// The column of the share copied from last year's report (`--baseline`).
pub const COPIED_COLUMN: &str = "上年重复";

/// Whether any configuration of the run names last year's reports, so
/// that the outputs written a row at a time have a column for the copied
/// share.
pub fn compares(run: &Shared) -> bool {
    run.setups.iter().any(|s| {
        s.settings.baseline.value.is_some()
            || !s.settings.baseline_files.is_empty()
            || s.settings.baseline_folder.value
    })
}

/// A copied share as shown: “87%”, or “—” for a report not compared.
pub fn copied_text(copied: Option<u32>) -> String {
    copied.map_or("—".to_string(), |p| format!("{p}%"))
}

impl Row {
    /// Whether the report has a finding or could not be checked (what
    /// `--quiet` keeps).
    pub fn has_findings(&self) -> bool {
        self.error.is_some()
            || self.fix_error.is_some()
            || self.counts.errors + self.counts.warnings + self.counts.infos > 0
    }

    pub fn of(outcome: &Outcome, pack: &Pack, columns: &[Column], threshold: Severity) -> Row {
        match outcome {
            Outcome::Checked(file) => Row::checked(file, pack, columns, threshold),
            Outcome::Failed(e) => Row {
                path: e.path().into(),
                year: None,
                issuer: None,
                cells: Box::default(),
                counts: Counts::default(),
                error: Some(Box::new((e.code(), e.to_string()))),
                fix_error: None,
                copied: None,
                similar: None,
            },
        }
    }

    fn checked(file: &CheckedFile, pack: &Pack, columns: &[Column], threshold: Severity) -> Row {
        let doc = &file.doc;
        let findings = &file.checked.findings;
        let cells = columns
            .iter()
            .map(|col| {
                let section = pack
                    .template
                    .sections
                    .iter()
                    .position(|s| s.id == col.section);
                let Some(h) = section.and_then(|s| file.checked.outline.heading_of(s)) else {
                    // Told in the text, only not as a part of its own.
                    let in_text = findings
                        .iter()
                        .any(|f| f.item_in_text && f.item.as_deref() == Some(col.id.as_str()));
                    return match (col.content, in_text) {
                        (true, _) => Cell::Unknown,
                        (false, true) => Cell::Problem,
                        (false, false) => Cell::Missing,
                    };
                };
                if col.content {
                    let reported = findings
                        .iter()
                        .any(|f| f.item.as_deref() == Some(col.id.as_str()));
                    return if reported {
                        Cell::Missing
                    } else {
                        Cell::Present
                    };
                }
                let heading_line = doc.headings[h].line;
                let troubled = findings.iter().any(|f| {
                    f.item.as_deref() == Some(col.id.as_str())
                        && f.severity >= threshold
                        && doc.line_index.line_of(f.primary.span.start) == heading_line
                });
                if troubled {
                    Cell::Problem
                } else {
                    Cell::Present
                }
            })
            .collect();
        Row {
            path: doc.name.as_str().into(),
            year: doc.year(),
            issuer: doc.issuing_body().map(String::into_boxed_str),
            cells,
            counts: Counts::of(file),
            error: None,
            fix_error: None,
            copied: file
                .baseline
                .as_ref()
                .and_then(|b| b.copied_share)
                .map(|share| (share * 100.0).floor().clamp(0.0, 100.0) as u32),
            similar: similar_cell(&file.similar),
        }
    }

    /// The row with the `--fix` failure of its file, if any.
    pub fn with_fix_failure(mut self, failure: Option<&crate::run::FixFailure>) -> Row {
        self.fix_error = failure.map(|f| Box::new((f.code.clone(), f.message.clone())));
        self
    }
}

/// `--format summary`, and the table that ends human output: the rows are
/// kept (a few short strings each) until the end, since the column widths
/// depend on every row.
/// The 雷同 cell of a report: its highest share and that partner.
pub fn similar_cell(similar: &[crate::batch::Similar]) -> Option<Box<str>> {
    let best = similar.iter().max_by(|a, b| {
        a.share
            .partial_cmp(&b.share)
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    let percent = format!("{:.0}%", (best.share * 100.0).floor().clamp(0.0, 100.0));
    let more = if similar.len() > 1 {
        format!(" 等{}份", similar.len())
    } else {
        String::new()
    };
    Some(format!("{percent}（{}{more}）", best.file).into_boxed_str())
}

pub struct Table {
    threshold: Severity,
    /// Leave out the rows of reports without findings.
    quiet: bool,
    /// The first configuration's pack's required items.
    columns: Vec<Column>,
    rows: Vec<Row>,
}

impl Table {
    pub fn new(threshold: Severity, quiet: bool) -> Table {
        Table {
            threshold,
            quiet,
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl Emitter for Table {
    fn begin(&mut self, run: &Shared, _out: &mut dyn Write) {
        self.columns = columns(run.first_pack());
    }

    fn file(&mut self, run: &Shared, file: &FileRun, _out: &mut dyn Write) {
        let row = Row::of(&file.outcome, run.pack(file), &self.columns, self.threshold)
            .with_fix_failure(file.fix_failure());
        if !self.quiet || row.has_findings() {
            self.rows.push(row);
        }
    }

    fn finish(self: Box<Self>, _run: &Shared, _unused: &[UnusedWaiver], out: &mut dyn Write) {
        table(&self.rows, &self.columns, |s| {
            let _ = out.write_all(s.as_bytes());
        });
    }
}

/// `--format csv`: the table as CSV, a row written as each report comes.
pub struct Csv {
    threshold: Severity,
    quiet: bool,
    columns: Vec<Column>,
    /// A column for the share copied from last year's report.
    copied: bool,
}

impl Csv {
    pub fn new(threshold: Severity, quiet: bool) -> Csv {
        Csv {
            threshold,
            quiet,
            columns: Vec::new(),
            copied: false,
        }
    }
}

impl Emitter for Csv {
    /// The header, for the columns of the first configuration's pack (as
    /// the table).
    fn begin(&mut self, run: &Shared, out: &mut dyn Write) {
        self.columns = columns(run.first_pack());
        self.copied = compares(run);
        // The BOM makes Excel read the file as UTF-8 rather than GBK.
        let _ = write!(out, "\u{FEFF}{}", csv_header(&self.columns, self.copied));
    }

    fn file(&mut self, run: &Shared, file: &FileRun, out: &mut dyn Write) {
        let row = Row::of(&file.outcome, run.pack(file), &self.columns, self.threshold)
            .with_fix_failure(file.fix_failure());
        if !self.quiet || row.has_findings() {
            let _ = out.write_all(csv_row(&row, &self.columns, self.copied).as_bytes());
        }
    }

    fn finish(self: Box<Self>, _run: &Shared, _unused: &[UnusedWaiver], _out: &mut dyn Write) {}
}

/// Writes the matrix as a table, with a line of missing counts and a
/// legend, one line at a time to `out`: column widths are measured in a first
/// pass, so the rows are never all rendered at once.
///
/// A report compared with last year's adds a column of the share copied
/// from it ([`COPIED_COLUMN`]).
pub fn table(rows: &[Row], columns: &[Column], mut out: impl FnMut(&str)) {
    const FIXED: usize = 3;
    let copied = rows.iter().any(|r| r.copied.is_some());
    let mut header: Vec<String> = vec!["报告".into(), "年度".into(), "发文机关".into()];
    header.extend(columns.iter().map(|c| c.short.clone()));
    header.extend(["错误".to_string(), "警告".to_string()]);
    // The 雷同 column only in a run where some report shares passages with
    // another (see `crate::batch`).
    let with_similar = rows.iter().any(|r| r.similar.is_some());
    if with_similar {
        header.push("雷同".to_string());
    }
    if copied {
        header.push(COPIED_COLUMN.to_string());
    }

    let mut missing = vec!["缺失合计".to_string(), String::new(), String::new()];
    for (i, _) in columns.iter().enumerate() {
        let n = rows
            .iter()
            .filter(|r| r.error.is_none() && r.cells.get(i) == Some(&Cell::Missing))
            .count();
        missing.push(n.to_string());
    }
    let total: Counts = rows.iter().fold(Counts::default(), |mut acc, r| {
        acc.add(r.counts);
        acc
    });
    missing.push(total.errors.to_string());
    missing.push(total.warnings.to_string());
    if with_similar {
        let similar = rows.iter().filter(|r| r.similar.is_some()).count();
        missing.push(format!("{similar}份"));
    }
    if copied {
        missing.push(String::new());
    }

    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (w, cell) in widths.iter_mut().zip(&missing) {
        *w = (*w).max(cell.width());
    }
    for row in rows {
        let mut cells = row_cells(row);
        // An error message spans the item columns; it does not widen them.
        if row.error.is_none() {
            cells.extend(row_marks(row, with_similar, copied));
        }
        for (w, cell) in widths.iter_mut().zip(&cells) {
            *w = (*w).max(cell.width());
        }
    }

    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                s.push_str(&" ".repeat(pad));
            }
        }
        s.push('\n');
        s
    };
    let rule = "─".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)) + "\n";
    out("完整性一览（✔ 有  ✘ 缺  ! 有但存在问题  ? 所属部分缺失）\n\n");
    out(&line(&header));
    out(&rule);
    for row in rows {
        let mut cells = row_cells(row);
        match &row.error {
            Some(error) => cells.push(format!("无法检查（{}）", error.0)),
            None => cells.extend(row_marks(row, with_similar, copied)),
        }
        debug_assert!(cells.len() >= FIXED);
        out(&line(&cells));
    }
    out(&rule);
    out(&line(&missing));
    out("\n");
    for c in columns {
        out(&format!("{}：{}（{}）\n", c.short, c.title, c.id));
    }
    if copied {
        out(&format!(
            "{COPIED_COLUMN}：正文中与上年报告相同或几乎相同的文字所占的比例（--baseline）\n"
        ));
    }
}

/// Path, year and issuer of a row, as shown.
fn row_cells(row: &Row) -> Vec<String> {
    vec![
        row.path.to_string(),
        row.year.map_or("—".to_string(), |y| y.to_string()),
        row.issuer.as_deref().unwrap_or("—").to_string(),
    ]
}

/// The item marks and counts of a checked row, with `with_similar` the
/// 雷同 column and with `copied` the share copied from last year's report.
fn row_marks(row: &Row, with_similar: bool, copied: bool) -> impl Iterator<Item = String> + '_ {
    let similar = with_similar.then(|| row.similar.as_deref().unwrap_or("—").to_string());
    row.cells
        .iter()
        .map(|c| c.symbol().to_string())
        .chain([
            row.counts.errors.to_string(),
            row.counts.warnings.to_string(),
        ])
        .chain(similar)
        .chain(copied.then(|| copied_text(row.copied)))
}

/// The CSV header line, in Chinese for the people who open it in a
/// spreadsheet: the items by the short names the table uses (the JSON
/// output keeps the ids).
fn csv_header(columns: &[Column], copied: bool) -> String {
    let mut fields = vec![
        "文件".to_string(),
        "状态".to_string(),
        "年度".to_string(),
        "发文机关".to_string(),
    ];
    fields.extend(columns.iter().map(|c| c.short.clone()));
    fields.extend(["错误", "警告", "提示", "错误代码", "错误说明", "雷同"].map(String::from));
    if copied {
        fields.push(COPIED_COLUMN.to_string());
    }
    csv_line(&fields)
}

/// One CSV line for a row.
fn csv_row(row: &Row, columns: &[Column], copied: bool) -> String {
    let mut fields = vec![
        row.path.to_string(),
        if row.error.is_some() {
            "无法检查"
        } else {
            "已检查"
        }
        .to_string(),
        row.year.map(|y| y.to_string()).unwrap_or_default(),
        row.issuer.as_deref().unwrap_or_default().to_string(),
    ];
    match row.error.as_deref() {
        Some((code, message)) => {
            fields.extend(columns.iter().map(|_| String::new()));
            fields.extend([String::new(), String::new(), String::new()]);
            fields.push(code.clone());
            fields.push(message.clone());
            fields.push(String::new());
        }
        None => {
            fields.extend(row.cells.iter().map(|c| c.word().to_string()));
            fields.push(row.counts.errors.to_string());
            fields.push(row.counts.warnings.to_string());
            fields.push(row.counts.infos.to_string());
            match row.fix_error.as_deref() {
                Some((code, message)) => fields.extend([code.clone(), message.clone()]),
                None => fields.extend([String::new(), String::new()]),
            }
            fields.push(row.similar.as_deref().unwrap_or_default().to_string());
        }
    }
    if copied {
        fields.push(row.copied.map(|p| format!("{p}%")).unwrap_or_default());
    }
    csv_line(&fields)
}

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes
/// doubled.
fn csv_line(fields: &[String]) -> String {
    let mut s = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(
            csv_line(&["a".into(), "b,c".into(), "d\"e".into()]),
            "a,\"b,c\",\"d\"\"e\"\r\n"
        );
    }
}
