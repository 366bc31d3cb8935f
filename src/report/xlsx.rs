//! `--output xlsx=汇总.xlsx`: the spreadsheet a reviewer attaches to a 通报.
//! Sheet 一览 has one row per report (unit, year, issuer, each required item
//! of the template, counts, file); sheet 问题清单 one row per finding (file,
//! line, rule, severity, message, the text it points at, the fix). Headers are
//! Chinese, the header row is frozen and filtered, the columns sized for
//! their contents.
//!
//! Both sheets are written in rust_xlsxwriter's constant-memory mode: each row
//! goes to a temporary file as it is written, so a batch of ten thousand
//! reports does not grow the process. The workbook is assembled when the run
//! ends, into a temporary file that is then copied to the output.

use std::io::{self, Seek, SeekFrom, Write};

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::matrix::{columns, Cell, Column, Row};
use super::Emitter;
use crate::finding::Severity;
use crate::run::{FileRun, Outcome, Shared, UnusedWaiver};

/// Excel's longest text in a cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// Longest quoted text in 问题清单; a finding can point at a whole section.
const MAX_QUOTED_CHARS: usize = 200;
/// Excel's last row (0-based). Past it, 问题清单 ends with a note.
const LAST_ROW: u32 = 1_048_575;

const OVERVIEW: usize = 0;
const PROBLEMS: usize = 1;

/// The fixed columns of 一览 before the template's items.
const OVERVIEW_HEAD: [(&str, f64); 4] = [
    ("序号", 6.0),
    ("单位（文件名）", 22.0),
    ("年度", 7.0),
    ("发文机关", 26.0),
];
/// The columns of 一览 after the template's items.
const OVERVIEW_TAIL: [(&str, f64); 6] = [
    ("错误", 7.0),
    ("警告", 7.0),
    ("提示", 7.0),
    ("文件", 40.0),
    ("说明", 40.0),
    ("雷同", 30.0),
];
const PROBLEM_COLUMNS: [(&str, f64); 9] = [
    ("文件", 32.0),
    ("行", 6.0),
    ("列", 6.0),
    ("规则", 8.0),
    ("规则名称", 24.0),
    ("级别", 7.0),
    ("问题", 60.0),
    ("原文", 30.0),
    ("改正建议", 30.0),
];

pub struct Xlsx {
    threshold: Severity,
    quiet: bool,
    columns: Vec<Column>,
    /// None once writing failed: the error is reported when the run ends.
    book: Result<Workbook, XlsxError>,
    formats: Formats,
    overview_row: u32,
    problem_row: u32,
    /// 问题清单 reached Excel's last row; the findings past it are counted.
    problems_left_out: usize,
    /// 一览 has a last column for the share copied from last year's report.
    copied: bool,
}

struct Formats {
    header: Format,
    missing: Format,
    problem: Format,
    error: Format,
    warning: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE7F3))
                .set_align(FormatAlign::Center),
            missing: Format::new()
                .set_font_color(Color::RGB(0xC00000))
                .set_align(FormatAlign::Center),
            problem: Format::new()
                .set_font_color(Color::RGB(0xB26B00))
                .set_align(FormatAlign::Center),
            error: Format::new().set_font_color(Color::RGB(0xC00000)),
            warning: Format::new().set_font_color(Color::RGB(0xB26B00)),
        }
    }
}

impl Xlsx {
    pub fn new(threshold: Severity, quiet: bool) -> Xlsx {
        Xlsx {
            threshold,
            quiet,
            columns: Vec::new(),
            book: new_book(),
            formats: Formats::new(),
            overview_row: 1,
            problem_row: 1,
            problems_left_out: 0,
            copied: false,
        }
    }

    /// Runs `write` on the workbook unless an earlier step failed; keeps the
    /// first error.
    fn with_book(&mut self, write: impl FnOnce(&mut Workbook, &Formats) -> Result<(), XlsxError>) {
        if let Ok(book) = &mut self.book {
            if let Err(e) = write(book, &self.formats) {
                self.book = Err(e);
            }
        }
    }

    fn headers(&mut self) {
        let mut overview: Vec<(String, f64)> = OVERVIEW_HEAD
            .iter()
            .map(|(t, w)| (t.to_string(), *w))
            .collect();
        overview.extend(self.columns.iter().map(|c| {
            let width = (c.short.chars().count() as f64 * 2.2 + 2.0).max(8.0);
            (c.short.clone(), width)
        }));
        overview.extend(OVERVIEW_TAIL.iter().map(|(t, w)| (t.to_string(), *w)));
        if self.copied {
            overview.push((super::matrix::COPIED_COLUMN.to_string(), 9.0));
        }
        self.with_book(|book, formats| {
            header_row(book.worksheet_from_index(OVERVIEW)?, &overview, formats)?;
            let problems: Vec<(String, f64)> = PROBLEM_COLUMNS
                .iter()
                .map(|(t, w)| (t.to_string(), *w))
                .collect();
            header_row(book.worksheet_from_index(PROBLEMS)?, &problems, formats)
        });
    }

    fn overview(&mut self, row: &Row) {
        let r = self.overview_row;
        let n = self.columns.len() as u16;
        let unit = unit_of(&row.path);
        let copied = self.copied;
        self.with_book(|book, formats| {
            let sheet = book.worksheet_from_index(OVERVIEW)?;
            sheet.write_number(r, 0, f64::from(r))?;
            sheet.write_string(r, 1, cell_text(unit))?;
            if let Some(year) = row.year {
                sheet.write_number(r, 2, f64::from(year))?;
            }
            if let Some(issuer) = row.issuer.as_deref() {
                sheet.write_string(r, 3, cell_text(issuer))?;
            }
            let items = 4;
            for (i, cell) in row.cells.iter().enumerate() {
                let col = items + i as u16;
                match cell {
                    Cell::Missing => {
                        sheet.write_string_with_format(r, col, cell.symbol(), &formats.missing)?
                    }
                    Cell::Problem => {
                        sheet.write_string_with_format(r, col, cell.symbol(), &formats.problem)?
                    }
                    _ => sheet.write_string(r, col, cell.symbol())?,
                };
            }
            let tail = items + n;
            let note = match (row.error.as_deref(), row.fix_error.as_deref()) {
                (Some((code, message)), _) => format!("无法检查（{code}）：{message}"),
                (None, Some((code, message))) => format!("--fix 未能写回（{code}）：{message}"),
                (None, None) => String::new(),
            };
            if row.error.is_none() {
                sheet.write_number(r, tail, row.counts.errors as f64)?;
                sheet.write_number(r, tail + 1, row.counts.warnings as f64)?;
                sheet.write_number(r, tail + 2, row.counts.infos as f64)?;
            }
            sheet.write_string(r, tail + 3, cell_text(&row.path))?;
            if !note.is_empty() {
                sheet.write_string_with_format(r, tail + 4, cell_text(&note), &formats.error)?;
            }
            if let Some(similar) = row.similar.as_deref() {
                sheet.write_string(r, tail + 5, cell_text(similar))?;
            }
            if let Some(p) = row.copied.filter(|_| copied) {
                sheet.write_string(r, tail + 6, format!("{p}%"))?;
            }
            Ok(())
        });
        self.overview_row += 1;
    }

    /// One line of 问题清单, unless the sheet is full.
    fn problem(&mut self, line: ProblemLine<'_>) {
        if self.problem_row >= LAST_ROW {
            self.problems_left_out += 1;
            return;
        }
        let r = self.problem_row;
        self.with_book(|book, formats| {
            let sheet = book.worksheet_from_index(PROBLEMS)?;
            sheet.write_string(r, 0, cell_text(line.path))?;
            if let Some((l, c)) = line.position {
                sheet.write_number(r, 1, l as f64)?;
                sheet.write_number(r, 2, c as f64)?;
            }
            sheet.write_string(r, 3, cell_text(line.rule))?;
            sheet.write_string(r, 4, cell_text(line.title))?;
            let format = match line.severity {
                Severity::Error => Some(&formats.error),
                Severity::Warning => Some(&formats.warning),
                Severity::Info => None,
            };
            match format {
                Some(f) => sheet.write_string_with_format(r, 5, line.severity.label(), f)?,
                None => sheet.write_string(r, 5, line.severity.label())?,
            };
            sheet.write_string(r, 6, cell_text(line.message))?;
            sheet.write_string(r, 7, quoted(line.text))?;
            if let Some(fix) = &line.fix {
                sheet.write_string(r, 8, cell_text(fix))?;
            }
            Ok(())
        });
        self.problem_row += 1;
    }

    /// The workbook, written to `out`; the first error of the run if any.
    fn save(mut self, out: &mut dyn Write) -> Result<(), XlsxError> {
        if self.problems_left_out > 0 {
            let r = self.problem_row;
            let note = format!(
                "另有 {} 条问题超出 Excel 的行数上限，没有列出；请用 --format json 取得全部问题",
                self.problems_left_out
            );
            self.with_book(|book, _| {
                book.worksheet_from_index(PROBLEMS)?
                    .write_string(r.min(LAST_ROW), 0, note)?;
                Ok(())
            });
        }
        let (overview_last, problems_last) = (self.overview_row, self.problem_row);
        let overview_cols = (OVERVIEW_HEAD.len()
            + self.columns.len()
            + OVERVIEW_TAIL.len()
            + usize::from(self.copied)) as u16;
        self.with_book(|book, _| {
            book.worksheet_from_index(OVERVIEW)?.autofilter(
                0,
                0,
                overview_last.saturating_sub(1),
                overview_cols - 1,
            )?;
            book.worksheet_from_index(PROBLEMS)?.autofilter(
                0,
                0,
                problems_last.saturating_sub(1).min(LAST_ROW),
                PROBLEM_COLUMNS.len() as u16 - 1,
            )?;
            Ok(())
        });
        let mut book = self.book?;
        let mut file = tempfile::tempfile()?;
        book.save_to_writer(&mut file)?;
        file.seek(SeekFrom::Start(0))?;
        io::copy(&mut file, out)?;
        Ok(())
    }
}

fn new_book() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_tempdir(std::env::temp_dir())?;
    book.add_worksheet_with_constant_memory()?
        .set_name("一览")?;
    book.add_worksheet_with_constant_memory()?
        .set_name("问题清单")?;
    Ok(book)
}

fn header_row(
    sheet: &mut Worksheet,
    titles: &[(String, f64)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (i, (title, width)) in titles.iter().enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(0, col, title, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The unit a report is from, as reviewers name the files they receive:
/// the file name without folder and extension.
fn unit_of(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// Text cut to what a cell holds.
fn cell_text(text: &str) -> &str {
    cut(text, MAX_CELL_CHARS)
}

/// The text a finding points at, on one line and cut short.
fn quoted(text: &str) -> String {
    let short = cut(text, MAX_QUOTED_CHARS);
    let mut s: String = short.replace(['\n', '\r'], " ");
    if short.len() < text.len() {
        s.push('…');
    }
    s
}

fn cut(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// What one line of 问题清单 shows.
struct ProblemLine<'a> {
    path: &'a str,
    position: Option<(usize, usize)>,
    rule: &'a str,
    title: &'a str,
    severity: Severity,
    message: &'a str,
    text: &'a str,
    fix: Option<String>,
}

impl Emitter for Xlsx {
    fn begin(&mut self, run: &Shared, _out: &mut dyn Write) {
        self.columns = columns(run.first_pack());
        self.copied = super::matrix::compares(run);
        self.headers();
    }

    fn file(&mut self, run: &Shared, file: &FileRun, _out: &mut dyn Write) {
        let pack = run.pack(file);
        let row = Row::of(&file.outcome, pack, &self.columns, self.threshold)
            .with_fix_failure(file.fix_failure());
        if self.quiet && !row.has_findings() {
            return;
        }
        self.overview(&row);
        match &file.outcome {
            Outcome::Checked(checked) => {
                let doc = &checked.doc;
                let mut findings: Vec<_> = checked.checked.findings.iter().collect();
                findings.sort_by_key(|f| (f.primary.span.start, std::cmp::Reverse(f.severity)));
                for f in findings {
                    let at = doc.position(f.primary.span.start);
                    let fix = f.fix.as_ref().map(|fix| {
                        let edits: Vec<&str> =
                            fix.edits.iter().map(|e| e.replacement.as_str()).collect();
                        match edits.as_slice() {
                            [one] if !one.is_empty() && !fix.title.contains(one) => {
                                format!("{}：{}", fix.title, one)
                            }
                            _ => fix.title.clone(),
                        }
                    });
                    // Places in last year's report, in the message.
                    let mut message = f.message.clone();
                    for e in &f.elsewhere {
                        message.push('\n');
                        message.push_str(&e.describe());
                    }
                    self.problem(ProblemLine {
                        path: &row.path,
                        position: Some((at.line, at.column)),
                        rule: &f.rule,
                        title: pack.rule(&f.rule).map_or("", |r| r.title.as_str()),
                        severity: f.severity,
                        message: &message,
                        text: doc.slice(f.primary.span),
                        fix,
                    });
                }
            }
            Outcome::Failed(e) => {
                let message = e.to_string();
                self.problem(ProblemLine {
                    path: &row.path,
                    position: None,
                    rule: &e.code(),
                    title: "无法检查",
                    severity: Severity::Error,
                    message: &message,
                    text: "",
                    fix: None,
                });
            }
        }
    }

    fn finish(self: Box<Self>, run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        let _ = self.finish_checked(run, unused, out);
    }

    fn finish_checked(
        self: Box<Self>,
        _run: &Shared,
        _unused: &[UnusedWaiver],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.save(out).map_err(|e| match e {
            XlsxError::IoError(e) => e,
            other => io::Error::other(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_is_the_file_name_without_folder_and_extension() {
        assert_eq!(unit_of("收到的报告/博山区.docx"), "博山区");
        assert_eq!(unit_of("a\\b\\某县.2023.txt"), "某县.2023");
        assert_eq!(unit_of(".hidden"), ".hidden");
        assert_eq!(unit_of("无扩展名"), "无扩展名");
    }

    #[test]
    fn quoted_text_is_one_short_line() {
        assert_eq!(quoted("甲\n乙"), "甲 乙");
        let long = "字".repeat(MAX_QUOTED_CHARS + 5);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(q.ends_with('…'));
    }
}
