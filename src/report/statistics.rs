//! `--statistics`: how many findings each rule produced, most first, in
//! place of the findings themselves (a text table, or JSON with
//! `--format json`).

use std::io::Write;

use serde::Serialize;

use super::Emitter;
use crate::run::{FileRun, Outcome, Shared, UnusedWaiver};
use crate::waiver::UNUSED_RULE;

/// A rule's count (an element of the JSON array).
#[derive(Debug, Serialize)]
struct Row {
    rule: String,
    severity: &'static str,
    count: usize,
    title: String,
}

/// `--statistics`: counts gathered report by report (a row per rule, so
/// memory does not grow with the number of reports), written at the end.
pub struct Statistics {
    /// JSON in place of the text table.
    json: bool,
    rows: Vec<Row>,
}

impl Statistics {
    pub fn new(json: bool) -> Statistics {
        Statistics {
            json,
            rows: Vec::new(),
        }
    }
}

impl Emitter for Statistics {
    fn file(&mut self, run: &Shared, file: &FileRun, _out: &mut dyn Write) {
        let Outcome::Checked(checked) = &file.outcome else {
            return;
        };
        let mut rows: Vec<Row> = Vec::new();
        for f in &checked.checked.findings {
            let severity = f.severity.as_str();
            match rows
                .iter_mut()
                .find(|r| r.rule == f.rule && r.severity == severity)
            {
                Some(r) => r.count += 1,
                None => rows.push(Row {
                    rule: f.rule.clone(),
                    severity,
                    count: 1,
                    title: run
                        .pack(file)
                        .rule(&f.rule)
                        .map(|r| r.title.clone())
                        .unwrap_or_default(),
                }),
            }
        }
        merge(&mut self.rows, rows);
    }

    fn finish(mut self: Box<Self>, _run: &Shared, unused: &[UnusedWaiver], out: &mut dyn Write) {
        if !unused.is_empty() {
            let row = Row {
                rule: UNUSED_RULE.to_string(),
                severity: UnusedWaiver::SEVERITY.as_str(),
                count: unused.len(),
                title: "豁免没有匹配任何问题".to_string(),
            };
            merge(&mut self.rows, vec![row]);
        }
        let text = if self.json {
            json(&self.rows)
        } else {
            text(&self.rows)
        };
        let _ = out.write_all(text.as_bytes());
    }
}

/// Adds rows, most findings first, then by rule.
fn merge(into: &mut Vec<Row>, more: Vec<Row>) {
    for row in more {
        match into
            .iter_mut()
            .find(|r| r.rule == row.rule && r.severity == row.severity)
        {
            Some(r) => r.count += row.count,
            None => into.push(row),
        }
    }
    into.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
}

/// Counts per rule as text.
fn text(rows: &[Row]) -> String {
    if rows.is_empty() {
        return "未发现问题\n".to_string();
    }
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(5).max(4);
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{:>5}  {:<width$}  {:<7}  {}\n",
            r.count, r.rule, r.severity, r.title
        ));
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    out.push_str(&format!("共 {total} 个问题\n"));
    out
}

/// Counts per rule as a JSON array.
fn json(rows: &[Row]) -> String {
    let mut s = serde_json::to_string_pretty(rows).unwrap_or_default();
    s.push('\n');
    s
}
