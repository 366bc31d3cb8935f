//! Fixes: choosing the fixes a run may apply, applying them to a text without
//! touching anything outside their edits, and repeating check-and-fix until
//! nothing more applies ([`fix_text`]); writing the result back atomically
//! ([`write`]) or showing it as a unified diff ([`diff`]).
//!
//! A fix is applied whole or not at all. Fixes are taken in the order of
//! their first edit; one whose edits touch an edit already taken waits for
//! the next round, when the text has been re-parsed and re-checked, so two
//! rules never fight over the same characters. Fixing a fixed text changes
//! nothing: the loop only stops when no applicable fix is left.

pub mod diff;
pub mod write;

use std::path::Path;

use crate::batch::{check_text, CheckedFile, Options, Outcome};
use crate::document::Span;
use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::input::{self, Source};
use crate::rules::Pack;

pub use write::WriteError;

/// Rounds of check-and-fix before giving up: each round applies every fix
/// that does not collide with another, so real reports settle in two or
/// three.
pub const MAX_ROUNDS: usize = 10;

/// What a fix run did to one text.
#[derive(Debug)]
pub struct Fixed {
    /// The text after the last round, checked.
    pub file: CheckedFile,
    /// The text before any fix.
    pub original: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Rounds that applied at least one fix.
    pub rounds: usize,
    /// False when fixes still applied after [`MAX_ROUNDS`] rounds.
    pub converged: bool,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.file.doc.text != self.original
    }
}

/// The fixes of `findings` that `threshold` allows: safe ones always,
/// unsafe ones only when the threshold is [`Applicability::Unsafe`].
pub fn applicable(findings: &[Finding], threshold: Applicability) -> Vec<&Fix> {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applicability >= threshold && !fix.edits.is_empty())
        .collect()
}

/// Applies the fixes that do not collide with one taken before them, and
/// returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut ordered: Vec<&Fix> = fixes.to_vec();
    ordered.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in ordered {
        let valid = fix.edits.iter().all(|e| {
            e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if !valid
            || fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| collide(t.span, e.span)))
        {
            continue;
        }
        taken.extend(&fix.edits);
        applied += 1;
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Whether two edits cannot both be applied: they overlap, or they insert at
/// the same place (the order of the two insertions would be a guess).
fn collide(a: Span, b: Span) -> bool {
    let overlap = a.start.max(b.start) < a.end.min(b.end);
    let same_point = a.start == b.start && (a.is_empty() || b.is_empty());
    overlap || same_point
}

/// Checks `text` and applies the allowed fixes, round after round, until no
/// fix applies or [`MAX_ROUNDS`] is reached.
pub fn fix_text(
    name: String,
    text: String,
    pack: &Pack,
    options: Options,
    threshold: Applicability,
) -> Fixed {
    let original = text.clone();
    let mut file = check_text(name.clone(), text, pack, options);
    let mut applied = 0;
    let mut rounds = 0;
    let converged = loop {
        let fixes = applicable(&file.checked.findings, threshold);
        if fixes.is_empty() {
            break true;
        }
        if rounds == MAX_ROUNDS {
            break false;
        }
        let (next, n) = apply(&file.doc.text, &fixes);
        if n == 0 || next == file.doc.text {
            // Only fixes that change nothing are left.
            break true;
        }
        applied += n;
        rounds += 1;
        file = check_text(name.clone(), next, pack, options);
    };
    Fixed {
        file,
        original,
        applied,
        rounds,
        converged,
    }
}

/// What to do with the fixed text of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write it back (`--fix`).
    Write,
    /// Only show the change (`--diff`).
    Diff,
}

/// The result of fixing one input.
#[derive(Debug)]
pub struct FileFix {
    /// The input as it stands after the run, checked: fixed when the fixes
    /// were written back (or only shown), as it was when writing failed; or
    /// the error that kept it from being read.
    pub outcome: Outcome,
    /// The text before and after fixing, when fixes changed it.
    pub change: Option<Change>,
    pub applied: usize,
    pub rounds: usize,
    pub converged: bool,
    /// Whether the fixed text was written back.
    pub written: bool,
    /// Why a fixed text could not be written back.
    pub error: Option<WriteError>,
}

impl FileFix {
    /// A file that could not be read (or whose fixing failed): nothing
    /// changed, nothing written.
    pub fn failed(error: crate::error::InputError) -> FileFix {
        FileFix {
            outcome: Outcome::Failed(error),
            change: None,
            applied: 0,
            rounds: 0,
            converged: true,
            written: false,
            error: None,
        }
    }
}

/// A text before and after fixing.
#[derive(Debug)]
pub struct Change {
    pub before: String,
    pub after: String,
}

/// Reads, fixes and (in [`Mode::Write`]) writes back one file.
pub fn fix_file(
    path: &Path,
    pack: &Pack,
    options: Options,
    threshold: Applicability,
    mode: Mode,
) -> FileFix {
    let loaded = match input::load(&Source::Path(path.to_path_buf()), options.max_bytes) {
        Ok(loaded) => loaded,
        Err(e) => return FileFix::failed(e),
    };
    let text = loaded.text;
    // Only UTF-8 plain text can be written back as it was read; a Word
    // document, a web page or GBK text would lose its form.
    let not_writable = match (loaded.info.format, loaded.info.encoding) {
        (input::Format::Docx, _) => Some("Word 文档（.docx）"),
        (input::Format::Html, _) => Some("网页"),
        (input::Format::Text, Some("UTF-8"))
            if loaded.info.replaced == 0 && loaded.info.nul_removed == 0 =>
        {
            None
        }
        (input::Format::Text, _) => Some("非 UTF-8 编码的文本"),
    };
    let name = crate::paths::shown(path);
    let fixed = fix_text(name.clone(), text, pack, options, threshold);
    let changed = fixed.changed();
    let mut written = false;
    let mut error = None;
    if changed && mode == Mode::Write {
        let result = match not_writable {
            Some(what) => Err(WriteError::Unsupported {
                path: name.clone(),
                what,
            }),
            None => write::write_back(path, &fixed.original, &fixed.file.doc.text),
        };
        match result {
            Ok(()) => written = true,
            Err(e) => error = Some(e),
        }
    }
    let (file, change) = match (changed, &error) {
        (false, _) => (fixed.file, None),
        // Not written: report what the file on disk still holds.
        (true, Some(_)) => (
            check_text(name, fixed.original.clone(), pack, options),
            Some(Change {
                before: fixed.original,
                after: fixed.file.doc.text,
            }),
        ),
        (true, None) => {
            let after = fixed.file.doc.text.clone();
            (
                fixed.file,
                Some(Change {
                    before: fixed.original,
                    after,
                }),
            )
        }
    };
    FileFix {
        outcome: Outcome::Checked(Box::new(file)),
        change,
        applied: fixed.applied,
        rounds: fixed.rounds,
        converged: fixed.converged,
        written,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(usize, usize, &str)], applicability: Applicability) -> Fix {
        Fix::new(
            "t",
            applicability,
            edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: Span::new(s, e),
                    replacement: r.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn applies_disjoint_fixes_and_skips_colliding_ones() {
        let text = "a,b,c(d)";
        let a = fix(&[(1, 2, "，"), (3, 4, "，")], Applicability::Safe);
        let b = fix(&[(5, 6, "（"), (7, 8, "）")], Applicability::Safe);
        let clash = fix(&[(3, 5, "X")], Applicability::Safe);
        let (out, n) = apply(text, &[&b, &clash, &a]);
        assert_eq!((out.as_str(), n), ("a，b，c（d）", 2));
    }

    #[test]
    fn insertions_at_one_place_collide() {
        let one = fix(&[(1, 1, "x")], Applicability::Safe);
        let two = fix(&[(1, 1, "y")], Applicability::Safe);
        assert_eq!(apply("ab", &[&one, &two]), ("axb".to_string(), 1));
        // An insertion right after a replacement is not a collision.
        let three = fix(&[(0, 1, "A")], Applicability::Safe);
        assert_eq!(apply("ab", &[&three, &one]), ("Axb".to_string(), 2));
    }

    #[test]
    fn fixes_off_char_boundaries_are_refused() {
        let bad = fix(&[(1, 2, "x")], Applicability::Safe);
        assert_eq!(apply("中文", &[&bad]), ("中文".to_string(), 0));
    }

    #[test]
    fn threshold_selects_fixes() {
        let safe = Finding {
            rule: "A".into(),
            severity: crate::finding::Severity::Warning,
            message: String::new(),
            primary: crate::finding::Label::bare(Span::new(0, 1)),
            secondary: Vec::new(),
            help: None,
            item: None,
            fix: Some(fix(&[(0, 1, "x")], Applicability::Safe)),
        };
        let mut not_safe = safe.clone();
        not_safe.fix = Some(fix(&[(1, 2, "y")], Applicability::Unsafe));
        let findings = [safe, not_safe];
        assert_eq!(applicable(&findings, Applicability::Safe).len(), 1);
        assert_eq!(applicable(&findings, Applicability::Unsafe).len(), 2);
    }
}
