//! Applying the waiver files to each checked report, and remembering which
//! waivers were used, so the ones that waived nothing can be reported once
//! every report has been seen.

use std::path::Path;

use super::{FileRun, Outcome, Shared, UnusedWaiver, Waived};
use crate::document::{LineIndex, Span};
use crate::fingerprint;
use crate::waiver::{Verdict, WaiverFile};

/// For each entry of each waiver file: whether it concerned a checked report,
/// whether it waived something, and the report year that outlived it.
#[derive(Debug)]
pub(super) struct Usage {
    /// judged[w][i]: entry i of waiver file w is about a checked report.
    judged: Vec<Vec<bool>>,
    used: Vec<Vec<bool>>,
    expired: Vec<Vec<Option<i32>>>,
}

impl Usage {
    pub(super) fn new(waiver_files: &[WaiverFile]) -> Usage {
        let judged: Vec<Vec<bool>> = waiver_files
            .iter()
            .map(|w| vec![false; w.waivers.len()])
            .collect();
        Usage {
            used: judged.clone(),
            expired: waiver_files
                .iter()
                .map(|w| vec![None; w.waivers.len()])
                .collect(),
            judged,
        }
    }

    /// Sets aside the findings of `file` that its setup's waiver file
    /// waives; `path` is the file as given (waivers name paths).
    pub(super) fn apply(&mut self, shared: &Shared, path: &Path, file: &mut FileRun) {
        let (Outcome::Checked(checked), Some(w)) =
            (&mut file.outcome, shared.setup_waivers[file.setup])
        else {
            return;
        };
        let wf = &shared.waiver_files[w];
        let covering: Vec<usize> = (0..wf.waivers.len())
            .filter(|&i| wf.waivers[i].covers(path, wf.dir()))
            .collect();
        if covering.is_empty() {
            return;
        }
        for &i in &covering {
            self.judged[w][i] = true;
        }
        let year = checked.doc.year();
        let findings = std::mem::take(&mut checked.checked.findings);
        for finding in findings {
            let fp = fingerprint::of(&checked.doc, &finding);
            let mut waiver = None;
            for &i in &covering {
                match wf.waivers[i].judge(&finding.rule, &fp, year) {
                    Verdict::Waives => {
                        waiver = Some(i);
                        break;
                    }
                    Verdict::Expired => self.expired[w][i] = year,
                    Verdict::No => {}
                }
            }
            match waiver {
                Some(i) => {
                    self.used[w][i] = true;
                    let entry = &wf.waivers[i];
                    file.waived.push(Waived {
                        finding,
                        fingerprint: fp,
                        waiver_file: wf.name.clone(),
                        waiver_line: wf.text[..entry.offset].matches('\n').count() + 1,
                        reason: entry.reason.clone(),
                    });
                }
                None => checked.checked.findings.push(finding),
            }
        }
    }

    /// The waivers that matched a checked report but waived nothing.
    pub(super) fn unused(&self, waiver_files: &[WaiverFile]) -> Vec<UnusedWaiver> {
        let mut unused = Vec::new();
        for (w, wf) in waiver_files.iter().enumerate() {
            let index = LineIndex::new(&wf.text);
            for (i, entry) in wf.waivers.iter().enumerate() {
                if !self.judged[w][i] || self.used[w][i] {
                    continue;
                }
                let span = Span::new(entry.offset, entry.offset + entry.len);
                let (message, help) = match (self.expired[w][i], entry.until_year) {
                    (Some(year), Some(until)) => (
                        format!(
                            "豁免已过期：适用至 {until} 年度，而报告是 {year} 年度，{} 的问题照常报告",
                            entry.rule
                        ),
                        "问题仍然存在：修改报告，或确认仍可接受后更新 until_year".to_string(),
                    ),
                    _ => (
                        format!(
                            "豁免没有匹配任何问题：{} 中没有指纹为 {} 的 {} 问题",
                            entry.file, entry.fingerprint, entry.rule
                        ),
                        "被豁免的文字已修改或问题已改正：删除这条豁免；如文字只是改动了，用 --format json 查看新的 fingerprint".to_string(),
                    ),
                };
                unused.push(UnusedWaiver {
                    file: wf.name.clone(),
                    waiver_file: w,
                    rule: entry.rule.clone(),
                    fingerprint: entry.fingerprint.clone(),
                    span,
                    start: index.position(&wf.text, span.start),
                    end: index.position(&wf.text, span.end),
                    char_offset: wf.text[..span.start].chars().count(),
                    char_len: wf.text[span.start..span.end].chars().count(),
                    message,
                    help,
                });
            }
        }
        unused
    }
}
