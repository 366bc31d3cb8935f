//! What `--fix` and `--diff` print besides the findings: the unified diffs,
//! one note per file saying what was fixed, what could not be written back
//! or that fixing did not settle, and the leftovers of interrupted runs that
//! were cleaned up.

use super::human::Style;
use crate::error::InputError;
use crate::finding::Applicability;
use crate::fix::{diff, FileFix, Mode};
use crate::run::Outcome;

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

/// One note per checked file: what was fixed, or (when the fixes could not
/// be written back, or fixing did not settle) the reason, followed by the
/// diff of what would have changed; and with `--diff` the rendered errors
/// of files that could not be read.
///
/// Without `--unsafe-fixes` (`with_unsafe` false), a note also counts the
/// fixes left because they need a person to confirm them.
pub fn notes(results: &[&FileFix], mode: Mode, with_unsafe: bool, style: Style) -> String {
    let mut out = String::new();
    for r in results {
        let Outcome::Checked(file) = &r.outcome else {
            continue;
        };
        if let Some(e) = &r.error {
            out.push_str(&super::render_error(e, style.color));
            if mode == Mode::Write {
                out.push_str(&diffs(std::slice::from_ref(r)));
            }
            continue;
        }
        let name = &file.doc.name;
        let line = match (mode, r.change.is_some(), r.written) {
            (_, false, _) => format!("{name}：没有可自动修复的问题"),
            (Mode::Diff, true, _) => {
                format!("{name}：可自动修复 {} 处问题（未写入文件）", r.applied)
            }
            (Mode::Write, true, true) => {
                format!("{name}：已修复 {} 处问题并写回文件", r.applied)
            }
            (Mode::Write, true, false) => format!("{name}：未写回文件"),
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
        if !with_unsafe && unsafe_left > 0 {
            out.push_str(&format!(
                "；另有 {unsafe_left} 处问题的修复需人工确认，可加 --unsafe-fixes 一并应用"
            ));
        }
        out.push('\n');
    }
    // With --fix the check that follows reports files that cannot be read;
    // with --diff there is no check, so they are reported here. A fix that
    // failed inside reportlint is reported here either way: the check that
    // follows may well succeed and would say nothing about it.
    for r in results {
        if let Outcome::Failed(e) = &r.outcome {
            if mode == Mode::Diff || matches!(e, InputError::Internal { .. }) {
                out.push_str(&super::render_error(e, style.color));
            }
        }
    }
    out
}

/// The note for temporary files of earlier, interrupted runs (`--fix`,
/// `--output`) that were deleted; empty when there were none.
pub fn stale_removed(paths: &[std::path::PathBuf]) -> String {
    match paths {
        [] => String::new(),
        [one] => format!(
            "已删除此前中断的 reportlint 留下的临时文件 {}\n",
            one.display()
        ),
        many => format!(
            "已删除此前中断的 reportlint 留下的 {} 个临时文件（如 {}）\n",
            many.len(),
            many[0].display()
        ),
    }
}

/// The note printed when Ctrl+C or a termination signal stops a `--fix` run.
pub fn interrupted() -> String {
    "已中断：正在写入的临时文件已删除；已写回的文件是完整的修复结果，其余文件未改动\n".to_string()
}
