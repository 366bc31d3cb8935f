//! `--statistics`: how many findings each rule produced, most first, in
//! place of the findings themselves (a text table, or JSON with
//! `--format json`).

use serde::Serialize;

use crate::batch::Outcome;
use crate::finding::Severity;
use crate::run::{Run, UnusedWaiver};
use crate::waiver::UNUSED_RULE;

#[derive(Debug, Serialize)]
pub struct Row {
    pub rule: String,
    pub severity: &'static str,
    pub count: usize,
    pub title: String,
}

pub fn rows(run: &Run) -> Vec<Row> {
    let mut rows: Vec<(String, Severity, usize, String)> = Vec::new();
    for file in &run.files {
        if let Outcome::Checked(checked) = &file.outcome {
            for f in &checked.checked.findings {
                match rows.iter_mut().find(|r| r.0 == f.rule && r.1 == f.severity) {
                    Some(r) => r.2 += 1,
                    None => {
                        let title = run
                            .pack(file)
                            .rule(&f.rule)
                            .map(|r| r.title.clone())
                            .unwrap_or_default();
                        rows.push((f.rule.clone(), f.severity, 1, title));
                    }
                }
            }
        }
    }
    if !run.unused.is_empty() {
        rows.push((
            UNUSED_RULE.to_string(),
            UnusedWaiver::SEVERITY,
            run.unused.len(),
            "豁免没有匹配任何问题".to_string(),
        ));
    }
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    rows.into_iter()
        .map(|(rule, severity, count, title)| Row {
            rule,
            severity: severity.as_str(),
            count,
            title,
        })
        .collect()
}

/// Adds the rows of another part of a run, keeping the order of [`rows`].
pub fn merge(into: &mut Vec<Row>, more: Vec<Row>) {
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

pub fn render_text(run: &Run) -> String {
    text(&rows(run))
}

/// Counts per rule as text.
pub fn text(rows: &[Row]) -> String {
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

pub fn render_json(run: &Run) -> String {
    json(&rows(run))
}

/// Counts per rule as a JSON array.
pub fn json(rows: &[Row]) -> String {
    let mut s = serde_json::to_string_pretty(rows).unwrap_or_default();
    s.push('\n');
    s
}
