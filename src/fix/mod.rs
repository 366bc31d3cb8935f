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
//!
//! Rules come from packs, which are untrusted: a fix may never settle (its
//! result matches its own rule again, two rules undo each other, or the text
//! keeps growing). Such a run is stopped and reported ([`Unsettled`]); its
//! text is never written.

pub mod bytes;
pub mod diff;
pub mod error;
pub mod temp;
pub mod trace;
pub mod write;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::document::Span;
use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::input::{self, Source};
use crate::rules::Pack;
use crate::run::{check_text, CheckedFile, Options, Outcome};

pub use error::{FixError, Unsettled};
use trace::Trace;

/// Rounds of check-and-fix before giving up: each round applies every fix
/// that does not collide with another, so real reports settle in two or
/// three.
pub const MAX_ROUNDS: usize = 10;

/// How much longer than the original a fixed text may grow: twice its size
/// plus this many bytes. Real fixes (full-width punctuation, a missing
/// word or heading) add a few per cent; a pack whose fixes feed each other
/// would otherwise multiply the text every round and exhaust memory.
pub const GROWTH_SLACK: usize = 64 * 1024;

/// The largest text fixing `original_len` bytes may produce.
pub fn growth_limit(original_len: usize) -> usize {
    original_len.saturating_mul(2).saturating_add(GROWTH_SLACK)
}

/// What a fix run did to one text.
#[derive(Debug)]
pub struct Fixed {
    /// The text after the last round, checked; the original text, checked,
    /// when fixing did not settle.
    pub file: CheckedFile,
    /// The text before any fix.
    pub original: String,
    /// The whole change, as sorted edits of the original text.
    pub edits: Vec<Edit>,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Rounds that applied at least one fix.
    pub rounds: usize,
    /// Why fixing was stopped, when it did not settle.
    pub unsettled: Option<Unsettled>,
}

impl Fixed {
    /// Whether there is a fixed text to write or show: fixing settled and
    /// changed the text.
    pub fn changed(&self) -> bool {
        self.unsettled.is_none() && self.file.doc.text != self.original
    }
}

/// The fixes of `findings` that `threshold` allows: safe ones always,
/// unsafe ones only when the threshold is [`Applicability::Unsafe`].
pub fn applicable(findings: &[Finding], threshold: Applicability) -> Vec<&Fix> {
    offered(findings, threshold)
        .into_iter()
        .map(|(_, fix)| fix)
        .collect()
}

/// [`applicable`], with the rule that offers each fix.
fn offered(findings: &[Finding], threshold: Applicability) -> Vec<(&str, &Fix)> {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (f.rule.as_str(), fix)))
        .filter(|(_, fix)| fix.applicability >= threshold && !fix.edits.is_empty())
        .collect()
}

/// The fixes one round applies to a text.
#[derive(Debug)]
pub struct Round<'a> {
    /// Indices (into the fixes offered) of the fixes taken, in the order
    /// they were taken.
    pub taken: Vec<usize>,
    /// Their edits, sorted by position, with the index of the fix each
    /// belongs to. No two collide.
    pub edits: Vec<(usize, &'a Edit)>,
}

impl Round<'_> {
    /// The length of the text after this round.
    pub fn new_len(&self, len: usize) -> usize {
        self.edits.iter().fold(len, |n, (_, e)| {
            n.saturating_sub(e.span.end - e.span.start)
                .saturating_add(e.replacement.len())
        })
    }

    /// The text after this round. The edits were checked against `text` by
    /// [`choose`]: in range, on character boundaries, and apart.
    pub fn build(&self, text: &str) -> String {
        let mut out = String::with_capacity(self.new_len(text.len()));
        let mut at = 0;
        for (_, edit) in &self.edits {
            out.push_str(&text[at..edit.span.start]);
            out.push_str(&edit.replacement);
            at = edit.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Where each taken edit's replacement lies in the new text, with the
    /// index of its fix.
    fn written(&self) -> Vec<(usize, Span)> {
        let mut shift: isize = 0;
        self.edits
            .iter()
            .map(|(i, e)| {
                let start = e.span.start.saturating_add_signed(shift);
                shift += e.replacement.len() as isize - (e.span.end - e.span.start) as isize;
                (*i, Span::new(start, start + e.replacement.len()))
            })
            .collect()
    }
}

/// Whether `edit` can be applied to `text`: a forward range inside it, on
/// character boundaries.
fn fits(text: &str, edit: &Edit) -> bool {
    edit.span.start <= edit.span.end
        && edit.span.end <= text.len()
        && text.is_char_boundary(edit.span.start)
        && text.is_char_boundary(edit.span.end)
}

/// Chooses the fixes a round applies: every fix whose edits fit the text
/// and collide neither with each other nor with an edit taken before, in
/// the order of their first edit. A fix left out waits for the next round.
pub fn choose<'a>(text: &str, fixes: &[&'a Fix]) -> Round<'a> {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| {
        fixes[i]
            .edits
            .iter()
            .map(|e| (e.span.start, e.span.end))
            .min()
    });
    // Taken edits by start. No two taken edits start at the same place (they
    // would collide), and taken edits are apart, so only the nearest taken
    // edit on each side of a new one can collide with it.
    let mut taken: BTreeMap<usize, (usize, &'a Edit)> = BTreeMap::new();
    let mut round = Round {
        taken: Vec::new(),
        edits: Vec::new(),
    };
    for i in order {
        let fix = fixes[i];
        if fix.edits.is_empty() || !fix.edits.iter().all(|e| fits(text, e)) {
            continue;
        }
        let mut own: Vec<&Edit> = fix.edits.iter().collect();
        own.sort_by_key(|e| (e.span.start, e.span.end));
        let clash_within = own.windows(2).any(|w| collide(w[0].span, w[1].span));
        let clash_taken = own.iter().any(|e| {
            let before = taken.range(..e.span.start).next_back();
            let after = taken.range(e.span.start..).next();
            before
                .into_iter()
                .chain(after)
                .any(|(_, (_, t))| collide(t.span, e.span))
        });
        if clash_within || clash_taken {
            continue;
        }
        for e in own {
            taken.insert(e.span.start, (i, e));
        }
        round.taken.push(i);
    }
    round.edits = taken.into_values().collect();
    round
}

/// Applies the fixes that do not collide with one taken before them, and
/// returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let round = choose(text, fixes);
    (round.build(text), round.taken.len())
}

/// Whether two edits cannot both be applied: they overlap, an insertion
/// falls inside the other edit, or they insert at the same place (the order
/// of the two insertions would be a guess). An insertion right after a
/// replacement is not a collision.
pub fn collide(a: Span, b: Span) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start <= a.start && a.start < b.end,
        (false, true) => a.start <= b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// A fingerprint of a text, to notice when fixing brings back an earlier one.
fn fingerprint(text: &str) -> (u64, usize) {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    (hasher.finish(), text.len())
}

/// Sorted, distinct rule ids.
fn rule_list<'a>(rules: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut list: Vec<String> = rules.into_iter().map(str::to_string).collect();
    list.sort();
    list.dedup();
    list
}

/// Checks `text` and applies the allowed fixes, round after round, until no
/// fix applies. Stops without a fixed text ([`Fixed::unsettled`]) when a
/// rule's fix changes what the same rule wrote the round before, when the
/// text comes back to an earlier state, when it grows past
/// [`growth_limit`], or after [`MAX_ROUNDS`] rounds.
pub fn fix_text(
    name: String,
    text: String,
    pack: &Pack,
    options: Options,
    threshold: Applicability,
) -> Fixed {
    let first = check_text(name.clone(), text, pack, options);
    let limit = growth_limit(first.doc.text.len());
    let mut latest: Option<CheckedFile> = None;
    let mut trace = Trace::new(first.doc.text.len());
    // The fingerprint of the text after each round (0 is the original), and
    // the rules each round applied.
    let mut seen = vec![fingerprint(&first.doc.text)];
    let mut round_rules: Vec<Vec<String>> = Vec::new();
    // What each rule wrote in the last round, in the current text.
    let mut written: Vec<(String, Span)> = Vec::new();
    let mut applied = 0;
    let mut rounds = 0;
    let unsettled = loop {
        let file = latest.as_ref().unwrap_or(&first);
        let text = &file.doc.text;
        let offered = offered(&file.checked.findings, threshold);
        if offered.is_empty() {
            break None;
        }
        if let Some(rule) = rewrites_itself(text, &offered, &written) {
            break Some(Unsettled::SelfMatch { rule });
        }
        if rounds == MAX_ROUNDS {
            // The rules still offering fixes and those of the last rounds
            // (a cycle of rules may be between two of its steps).
            let recent = round_rules.iter().rev().take(2).flatten();
            break Some(Unsettled::TooManyRounds {
                rounds,
                rules: rule_list(
                    offered
                        .iter()
                        .map(|(r, _)| *r)
                        .chain(recent.map(String::as_str)),
                ),
            });
        }
        let fixes: Vec<&Fix> = offered.iter().map(|(_, f)| *f).collect();
        let round = choose(text, &fixes);
        if round.taken.is_empty() {
            break None;
        }
        let new_len = round.new_len(text.len());
        if new_len > limit {
            break Some(Unsettled::Growth {
                rules: rule_list(
                    round
                        .edits
                        .iter()
                        .filter(|(_, e)| e.replacement.len() > e.span.end - e.span.start)
                        .map(|(i, _)| offered[*i].0),
                ),
                original: first.doc.text.len(),
                limit,
            });
        }
        let next = round.build(text);
        if next == *text {
            // Only fixes that change nothing are left.
            break None;
        }
        let rules = rule_list(round.taken.iter().map(|&i| offered[i].0));
        let print = fingerprint(&next);
        if let Some(earlier) = seen.iter().position(|s| *s == print) {
            let mut cycle: Vec<&str> = round_rules[earlier..]
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            cycle.extend(rules.iter().map(String::as_str));
            break Some(Unsettled::Cycle {
                rules: rule_list(cycle),
            });
        }
        written = round
            .written()
            .into_iter()
            .map(|(i, span)| (offered[i].0.to_string(), span))
            .collect();
        trace.apply(&round.edits.iter().map(|(_, e)| *e).collect::<Vec<_>>());
        seen.push(print);
        round_rules.push(rules);
        applied += round.taken.len();
        rounds += 1;
        latest = Some(check_text(name.clone(), next, pack, options));
    };
    let original = first.doc.text.clone();
    let (file, edits) = match (unsettled.is_some(), latest) {
        (false, Some(latest)) => (latest, trace.edits()),
        // Nothing changed, or nothing may be written: the original stands.
        _ => (first, Vec::new()),
    };
    Fixed {
        file,
        original,
        edits,
        applied,
        rounds,
        unsettled,
    }
}

/// The rule, if any, that offers to change again what it wrote in the last
/// round: its fix's result still matches the rule, so fixing would never
/// end. Fixes that change nothing do not count.
fn rewrites_itself(
    text: &str,
    offered: &[(&str, &Fix)],
    written: &[(String, Span)],
) -> Option<String> {
    offered.iter().find_map(|(rule, fix)| {
        let again = fix.edits.iter().any(|e| {
            if !fits(text, e) || text[e.span.start..e.span.end] == e.replacement {
                return false;
            }
            // `written` is sorted and its spans are apart: skip those that
            // end before the edit starts, stop at those that start after it.
            let from = written.partition_point(|(_, s)| s.end < e.span.start);
            written[from..]
                .iter()
                .take_while(|(_, s)| s.start <= e.span.end)
                .any(|(r, s)| r == rule && collide(*s, e.span))
        });
        again.then(|| rule.to_string())
    })
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
    /// were written back (or only shown), as it was when they were not; or
    /// the error that kept it from being read.
    pub outcome: Outcome,
    /// The text before and after fixing, when fixes changed it.
    pub change: Option<Change>,
    pub applied: usize,
    pub rounds: usize,
    /// Whether the fixed text was written back.
    pub written: bool,
    /// Why the fixed text was not written back (or, when fixing did not
    /// settle, not shown either).
    pub error: Option<FixError>,
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
            written: false,
            error: None,
        }
    }

    /// Why fixing failed, for the output formats: the fix error, or a fault
    /// inside reportlint while fixing (the check that follows may well read
    /// the file and would not tell it). A file that could not be read is
    /// not a fix failure: the check reports it as an input error.
    pub fn failure(&self) -> Option<crate::run::FixFailure> {
        match (&self.error, &self.outcome) {
            (Some(e), _) => Some(e.failure()),
            (None, Outcome::Failed(e @ crate::error::InputError::Internal { .. })) => {
                Some(as_failure(e))
            }
            _ => None,
        }
    }
}

impl FixError {
    /// The error as the output formats show a fix failure.
    pub fn failure(&self) -> crate::run::FixFailure {
        as_failure(self)
    }
}

fn as_failure(e: &dyn miette::Diagnostic) -> crate::run::FixFailure {
    crate::run::FixFailure {
        code: e.code().map(|c| c.to_string()).unwrap_or_default(),
        message: e.to_string(),
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
    match input::load(
        &Source::Path(path.to_path_buf()),
        options.max_bytes,
        &pack.grammar.page_title_words,
    ) {
        Ok(loaded) => fix_loaded(loaded, Some(path), pack, options, threshold, mode),
        Err(e) => FileFix::failed(e),
    }
}

/// Reads standard input and fixes it, for `--diff -`: the diff is shown
/// against `<stdin>`. Standard input has no file to write back to, so
/// `--fix -` never gets here: it is refused with [`FixError::Stdin`]
/// without reading, and the check that follows reads standard input.
pub fn diff_stdin(pack: &Pack, options: Options, threshold: Applicability) -> FileFix {
    match input::load(
        &Source::Stdin,
        options.max_bytes,
        &pack.grammar.page_title_words,
    ) {
        Ok(loaded) => fix_loaded(loaded, None, pack, options, threshold, Mode::Diff),
        Err(e) => FileFix::failed(e),
    }
}

/// Why a report read from `info`'s format cannot be written back, as
/// (what it is, why not, what to do); `None` for UTF-8 plain text, the only
/// form that is written back as it was read. Every other format is checked
/// as text drawn out of it (paragraphs of a document, the text layer of a
/// page), and that text cannot be put back without losing the rest.
fn not_writable(info: &input::InputInfo) -> Option<(String, &'static str, &'static str)> {
    use input::Format;
    let (what, why, help) = match (info.format, info.encoding) {
        (Format::Text, Some("UTF-8")) => return None,
        (Format::Text, encoding) => (
            format!("{} 编码的文本", encoding.unwrap_or("未知")),
            "修复后的文字按 UTF-8 写出，会改变文件的编码",
            error::ENCODING_HELP,
        ),
        (Format::Html, _) => (
            "网页".to_string(),
            "检查的是从网页中提取的正文，写回会丢掉网页的其余内容",
            error::UNSUPPORTED_HELP,
        ),
        (Format::Docx, _) => (
            "Word 文档（.docx）".to_string(),
            "检查的是从文档中读出的段落文字，写回要在保留样式、编号和修订的同时改写 Word 的 XML，目前做不到",
            error::DOCUMENT_HELP,
        ),
        (Format::Doc, _) => (
            "Word 97–2003 文档（.doc/.wps）".to_string(),
            "这种二进制格式的文字、格式和修订记录交织存放，改动文字要重写整个文件，写回可能损坏文档",
            error::DOCUMENT_HELP,
        ),
        (Format::Odt, _) => (
            "OpenDocument 文本（.odt）".to_string(),
            "检查的是从文档中读出的段落文字，写回要在保留样式和列表编号的同时改写文档的 XML，目前做不到",
            error::DOCUMENT_HELP,
        ),
        (Format::Rtf, _) => (
            "RTF 文档".to_string(),
            "文字夹在格式控制字之间（中文多写成 \\'xx 或 \\uN 转义），按读出的文字写回会丢掉格式",
            error::DOCUMENT_HELP,
        ),
        (Format::Pdf, _) => (
            "PDF 文件".to_string(),
            "PDF 是排好版的页面，文字是按位置画出的字形，字体往往只嵌入了用到的字，改一个字就要重排整页",
            error::LAID_OUT_HELP,
        ),
        (Format::Ofd, _) => (
            "OFD 文件".to_string(),
            "OFD 是排好版的页面，文字是按位置画出的字形，且常带电子签章，改动文字会破坏版面并使签章失效",
            error::LAID_OUT_HELP,
        ),
    };
    Some((what, why, help))
}

/// Fixes a report that has been read; in [`Mode::Write`], writes the result
/// back to `path`.
fn fix_loaded(
    loaded: input::Loaded,
    path: Option<&Path>,
    pack: &Pack,
    options: Options,
    threshold: Applicability,
    mode: Mode,
) -> FileFix {
    let name = loaded.name.clone();
    let not_writable = not_writable(&loaded.info);
    let fixed = fix_text(name.clone(), loaded.text, pack, options, threshold);
    if let Some(why) = fixed.unsettled {
        return FileFix {
            outcome: Outcome::Checked(Box::new(fixed.file)),
            change: None,
            applied: 0,
            rounds: fixed.rounds,
            written: false,
            error: Some(FixError::unsettled(name, why)),
        };
    }
    let changed = fixed.changed();
    let mut written = false;
    let mut error = None;
    if let (true, Mode::Write, Some(path)) = (changed, mode, path) {
        let result = match not_writable {
            Some((what, why, help)) => Err(FixError::Unsupported {
                path: name.clone(),
                what,
                why: why.to_string(),
                help: help.to_string(),
            }),
            None => write::write_back(path, &fixed.original, &fixed.edits, options.max_bytes),
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

    /// A fix built as a pack could build it: edits in any order, without
    /// the checks of [`Fix::new`].
    fn raw_fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            title: "t".into(),
            applicability: Applicability::Safe,
            edits: edits
                .iter()
                .map(|&(start, end, r)| Edit {
                    span: Span { start, end },
                    replacement: r.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn an_insertion_inside_another_edit_waits_for_the_next_round() {
        // Used to panic ("begin > end"): the insertion fell strictly inside
        // a replacement and both were taken.
        let text = "a<bc>d";
        let brackets = fix(&[(1, 2, "〈"), (4, 5, "〉")], Applicability::Safe);
        let inside = fix(&[(3, 3, "—")], Applicability::Safe);
        let whole = fix(&[(1, 5, "〈bc〉")], Applicability::Safe);
        assert_eq!(apply(text, &[&brackets, &inside]), ("a〈b—c〉d".into(), 2));
        assert_eq!(apply(text, &[&whole, &inside]), ("a〈bc〉d".into(), 1));
        assert_eq!(apply(text, &[&inside, &whole]), ("a〈bc〉d".into(), 1));
        // At the start of a replacement it collides; at its end it does not.
        let at_start = fix(&[(1, 1, "x")], Applicability::Safe);
        let at_end = fix(&[(5, 5, "y")], Applicability::Safe);
        assert_eq!(apply(text, &[&whole, &at_start]).1, 1);
        assert_eq!(apply(text, &[&whole, &at_end]), ("a〈bc〉yd".into(), 2));
    }

    #[test]
    fn collide_is_symmetric_and_exact() {
        let cases = [
            ((0, 2), (2, 4), false),
            ((0, 3), (2, 4), true),
            ((0, 4), (1, 2), true),
            ((0, 4), (2, 2), true),
            ((0, 4), (0, 0), true),
            ((0, 4), (4, 4), false),
            ((2, 2), (2, 2), true),
            ((2, 2), (3, 3), false),
            ((1, 3), (1, 3), true),
        ];
        for ((a0, a1), (b0, b1), want) in cases {
            let (a, b) = (Span::new(a0, a1), Span::new(b0, b1));
            assert_eq!(collide(a, b), want, "{a:?} {b:?}");
            assert_eq!(collide(b, a), want, "{b:?} {a:?}");
        }
    }

    #[test]
    fn malformed_fixes_are_skipped_not_applied() {
        let text = "abcdef";
        let backwards = raw_fix(&[(4, 2, "x")]);
        let beyond = raw_fix(&[(5, 9, "x")]);
        let self_overlapping = raw_fix(&[(3, 5, "x"), (1, 4, "y")]);
        let unsorted = raw_fix(&[(4, 5, "E"), (0, 1, "A")]);
        let fixes = [&backwards, &beyond, &self_overlapping, &unsorted];
        assert_eq!(apply(text, &fixes), ("AbcdEf".into(), 1));
    }

    #[test]
    fn many_fixes_collide_like_the_pairwise_rule_says() {
        // The nearest-neighbour search must agree with checking every pair.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let text = "abcdefghijklmnopqrst";
        for _ in 0..500 {
            let fixes: Vec<Fix> = (0..next(8))
                .map(|_| {
                    let edits: Vec<(usize, usize, &str)> = (0..1 + next(3))
                        .map(|_| {
                            let s = next(text.len() + 1);
                            (s, s + next(text.len() + 1 - s).min(3), "_")
                        })
                        .collect();
                    raw_fix(&edits)
                })
                .collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            let round = choose(text, &refs);
            let edits: Vec<Span> = round.edits.iter().map(|(_, e)| e.span).collect();
            for (i, a) in edits.iter().enumerate() {
                for b in &edits[i + 1..] {
                    assert!(!collide(*a, *b), "{a:?} {b:?} in {edits:?}");
                }
            }
            // Every fix left out collides with one taken or with itself.
            for (i, f) in fixes.iter().enumerate() {
                if round.taken.contains(&i) {
                    continue;
                }
                let own: Vec<Span> = f.edits.iter().map(|e| e.span).collect();
                let within = own
                    .iter()
                    .enumerate()
                    .any(|(k, a)| own[k + 1..].iter().any(|b| collide(*a, *b)));
                let with_taken = own.iter().any(|a| edits.iter().any(|b| collide(*a, *b)));
                assert!(within || with_taken, "fix {i} left out for no reason");
            }
        }
    }

    /// A pack of the given rules, loaded as `--rules` would load it.
    fn pack(rules: &str) -> (tempfile::TempDir, Pack) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("pack.yaml"),
            format!("pack: {{id: t, name: 测试}}\nrules:\n{rules}"),
        )
        .unwrap();
        let pack = crate::rules::pack::from_dir(dir.path()).unwrap();
        (dir, pack)
    }

    fn pattern_rule(id: &str, regex: &str, fix: &str) -> String {
        format!(
            "  - id: {id}\n    title: 测试\n    severity: warning\n    message: 测试\n    check:\n      kind: pattern\n      scope: all\n      regex: '{regex}'\n      fix: {{{fix}, title: 改, safe: true}}\n"
        )
    }

    fn run_fix(pack: &Pack, text: &str) -> Fixed {
        fix_text(
            "r.txt".into(),
            text.into(),
            pack,
            Options::default(),
            Applicability::Safe,
        )
    }

    #[test]
    fn the_text_that_used_to_panic_is_fixed_in_two_rounds() {
        let pack = crate::rules::pack::builtin().unwrap();
        let text = "x\n《关于贯彻落实<纲要（20212025年）>的意见》\n";
        let fixed = run_fix(&pack, text);
        assert!(fixed.changed() && fixed.unsettled.is_none());
        assert_eq!(
            fixed.file.doc.text,
            "x\n《关于贯彻落实〈纲要（2021—2025年）〉的意见》\n"
        );
        assert_eq!(fixed.rounds, 2);
        // The traced edits give the same text.
        let edits: Vec<&Edit> = fixed.edits.iter().collect();
        let plain = Fix {
            title: String::new(),
            applicability: Applicability::Safe,
            edits: edits.into_iter().cloned().collect(),
        };
        assert_eq!(apply(text, &[&plain]).0, fixed.file.doc.text);
    }

    #[test]
    fn a_rule_that_rewrites_its_own_output_is_stopped() {
        // Neither output matches on its own; in context each creates the
        // other's match: 乙甲乙 → 乙丙乙 → 乙甲乙 → …
        let (_dir, pack) = pack(&pattern_rule(
            "T001",
            "甲乙|乙丙",
            "map: {甲乙: 丙乙, 乙丙: 乙甲}",
        ));
        let fixed = run_fix(&pack, "标题\n乙甲乙\n");
        assert_eq!(
            fixed.unsettled,
            Some(Unsettled::SelfMatch {
                rule: "T001".into()
            })
        );
        assert!(!fixed.changed());
        assert_eq!(fixed.file.doc.text, "标题\n乙甲乙\n", "the original stands");
    }

    #[test]
    fn rules_that_undo_each_other_are_one_cycle() {
        let rules = pattern_rule("T001", "法治", "replace: 法制")
            + &pattern_rule("T002", "法制", "replace: 法治");
        let (_dir, pack) = pack(&rules);
        let fixed = run_fix(&pack, "关于法治政府建设的报告\n坚持法治。\n");
        assert_eq!(
            fixed.unsettled,
            Some(Unsettled::Cycle {
                rules: vec!["T001".into(), "T002".into()]
            })
        );
        assert!(!fixed.changed());
    }

    #[test]
    fn growth_is_stopped_before_memory_runs_out() {
        // Each rule's output is harmless alone; together they multiply the
        // text sixteen times every two rounds.
        let rules = pattern_rule("T001", "甲", "replace: 乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙")
            + &pattern_rule("T002", "乙", "replace: 甲");
        let (_dir, pack) = pack(&rules);
        // Many short paragraphs, so the caps on labels per finding and
        // findings per rule do not slow the growth down.
        let text = format!("标题\n{}", "甲甲甲甲甲甲甲甲\n".repeat(150));
        let text = text.as_str();
        let fixed = run_fix(&pack, text);
        match &fixed.unsettled {
            Some(Unsettled::Growth {
                rules,
                original,
                limit,
            }) => {
                assert_eq!(rules, &vec!["T001".to_string()]);
                assert_eq!((*original, *limit), (text.len(), growth_limit(text.len())));
            }
            other => panic!("{other:?}"),
        }
        assert!(fixed.file.doc.text.len() < growth_limit(text.len()));
    }

    #[test]
    fn fixes_still_going_after_the_last_round_are_stopped() {
        // Doubling every two rounds stays under the growth limit.
        let rules = pattern_rule("T001", "甲", "replace: 乙乙")
            + &pattern_rule("T002", "乙", "replace: 甲");
        let (_dir, pack) = pack(&rules);
        let fixed = run_fix(&pack, "标题\n甲\n");
        assert_eq!(
            fixed.unsettled,
            Some(Unsettled::TooManyRounds {
                rounds: MAX_ROUNDS,
                rules: vec!["T001".into(), "T002".into()]
            })
        );
        assert_eq!(fixed.rounds, MAX_ROUNDS);
        assert!(!fixed.changed());
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
            item_in_text: false,
            fix: Some(fix(&[(0, 1, "x")], Applicability::Safe)),
            places: 1,
            unlisted: 0,
            elsewhere: Vec::new(),
        };
        let mut not_safe = safe.clone();
        not_safe.fix = Some(fix(&[(1, 2, "y")], Applicability::Unsafe));
        let findings = [safe, not_safe];
        assert_eq!(applicable(&findings, Applicability::Safe).len(), 1);
        assert_eq!(applicable(&findings, Applicability::Unsafe).len(), 2);
    }
}
