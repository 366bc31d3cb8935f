//! What `--fix` and `--diff` print besides the findings: the unified diffs,
//! and one note per file saying what was fixed, what could not be written
//! back, or that fixing did not settle.

use super::human::Style;
use crate::batch::Outcome;
use crate::finding::Applicability;
use crate::fix::{diff, FileFix, Mode};

/// The diffs of every file that fixes would change, in input order.
pub fn diffs(results: &[&FileFix]) -> String {
    let mut out = String::new();
    for r in results {
        if let (Outcome::Checked(file), Some(change)) = (&r.outcome, &r.change) {
            out.push_str(&diff::unified(
                &file.doc.name,
                &change.before,
                &change.after,
            ));
        }
    }
    out
}

/// One note per checked file (a file whose fixes could not be written back
/// gets the error and the diff instead), and with `--diff` the rendered
/// errors of files that could not be read.
///
/// Without `--unsafe-fixes` (`with_unsafe` false), a note also counts the
/// fixes left because they need a person to confirm them.
pub fn notes(results: &[&FileFix], mode: Mode, with_unsafe: bool, style: Style) -> String {
    let mut out = String::new();
    for r in results {
        let Outcome::Checked(file) = &r.outcome else {
            continue;
        };
        let name = &file.doc.name;
        let line = match (mode, r.change.is_some(), r.written, &r.error) {
            (_, false, _, _) => format!("{name}：没有可自动修复的问题"),
            (Mode::Diff, true, _, _) => {
                format!("{name}：可自动修复 {} 处问题（未写入文件）", r.applied)
            }
            (Mode::Write, true, true, _) => {
                format!("{name}：已修复 {} 处问题并写回文件", r.applied)
            }
            (Mode::Write, true, false, Some(e)) => {
                let mut s = super::render_error(e, style.color);
                s.push_str(&diffs(std::slice::from_ref(r)));
                out.push_str(&s);
                continue;
            }
            (Mode::Write, true, false, None) => format!("{name}：未写回文件"),
        };
        out.push_str(&line);
        let unsafe_left = file
            .checked
            .findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == Applicability::Unsafe)
            })
            .count();
        if !with_unsafe && unsafe_left > 0 && r.error.is_none() {
            out.push_str(&format!(
                "；另有 {unsafe_left} 处问题的修复需人工确认，可加 --unsafe-fixes 一并应用"
            ));
        }
        out.push('\n');
        if !r.converged {
            out.push_str(&format!(
                "{name}：修复 {} 轮后仍有可修复的问题，已停止；请检查修改结果后再次运行\n",
                r.rounds
            ));
        }
    }
    // With --fix the findings output reports unreadable files; with --diff
    // there is no findings output, so they are reported here.
    if mode == Mode::Diff {
        for r in results {
            if let Outcome::Failed(e) = &r.outcome {
                out.push_str(&super::render_error(e, style.color));
            }
        }
    }
    out
}
