//! What a check reports: a [`Finding`] with a primary label on the exact span,
//! secondary labels, help, and an optional [`Fix`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// How serious a finding is. Ordered, so `severity >= threshold` works.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "级别：error（错误）、warning（警告）、info（提示）。")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The Chinese name used in human output.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: Some(message.into()),
        }
    }

    pub fn bare(span: Span) -> Self {
        Label {
            span,
            message: None,
        }
    }
}

/// Whether a fix can be applied without a person reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// A guess (a nearest-match title, a missing number): applied only with
    /// `--unsafe-fixes`.
    Unsafe,
    /// Mechanical and certain (a half-width comma to a full-width one).
    Safe,
}

/// One replacement. An insertion has an empty span; a deletion an empty text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Edits that together fix one finding: sorted and non-overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Builds a fix, sorting the edits and dropping any that overlap an
    /// earlier one, so that a fix is always applicable as a whole.
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
        for edit in edits {
            if kept
                .last()
                .is_none_or(|last| last.span.end <= edit.span.start)
            {
                kept.push(edit);
            }
        }
        Fix {
            title: title.into(),
            applicability,
            edits: kept,
        }
    }
}

/// The most labels one finding carries, the primary one included. A line of
/// ten thousand unclosed 《 is one finding; it marks the first places and says
/// how many more there are, instead of carrying (and printing) ten thousand
/// labels. A fix covers the labelled places only, so `--fix` takes the rest
/// in its next round. Real reports have at most a few dozen places per
/// finding.
pub const MAX_LABELS: usize = 50;

/// The most edits one finding's fix carries. Far above [`MAX_LABELS`], so
/// that a paragraph with hundreds of the same slip is fixed in one round,
/// while a hostile report cannot make a fix grow with its length.
pub const MAX_FIX_EDITS: usize = 10_000;

/// The most findings one rule reports in one document, once waivers have
/// set theirs aside. Real reports have at most a few dozen per rule; a report
/// that repeats one mistake a million times gets the first ones and a count
/// of the rest, not a million findings printed.
pub const MAX_FINDINGS_PER_RULE: usize = 200;

/// The most findings of one rule held while a document is checked, so that
/// memory stays bounded; waivers are applied to these, and
/// [`cap_per_rule`] then keeps the first [`MAX_FINDINGS_PER_RULE`] of those
/// not waived.
pub const MAX_HELD_PER_RULE: usize = 5_000;

/// Where a rule's findings in one document go while it runs: the first
/// [`MAX_HELD_PER_RULE`] are kept and the rest only counted.
#[derive(Debug, Default)]
pub struct Findings {
    kept: Vec<Finding>,
    more: usize,
}

impl Findings {
    pub fn new() -> Self {
        Findings::default()
    }

    pub fn push(&mut self, finding: Finding) {
        if self.is_full() {
            self.more += 1;
        } else {
            self.kept.push(finding);
        }
    }

    /// Whether further findings are only counted. A check that can find a
    /// problem at every other character counts them with
    /// [`Findings::count_more`] instead of building each one.
    pub fn is_full(&self) -> bool {
        self.kept.len() >= MAX_HELD_PER_RULE
    }

    /// Counts `n` findings that were not built because the rule has
    /// reported all it may.
    pub fn count_more(&mut self, n: usize) {
        self.more += n;
    }

    /// The kept findings, and how many more were only counted.
    pub fn into_parts(self) -> (Vec<Finding>, usize) {
        (self.kept, self.more)
    }
}

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] findings of each rule
/// (`findings` sorted by position) and says on the last one kept how many
/// more the rule found: those dropped here and the `unlisted` ones counted
/// while checking. Run after waivers, so waived findings never hide the
/// ones that are not.
pub fn cap_per_rule(findings: &mut Vec<Finding>, unlisted: &[(String, usize)]) {
    use std::collections::HashMap;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut keep = Vec::with_capacity(findings.len());
    for f in findings.iter() {
        let n = seen.entry(f.rule.as_str()).or_default();
        *n += 1;
        keep.push(*n <= MAX_FINDINGS_PER_RULE);
    }
    let mut more: HashMap<String, usize> = seen
        .iter()
        .filter(|(_, &n)| n > MAX_FINDINGS_PER_RULE)
        .map(|(rule, n)| (rule.to_string(), n - MAX_FINDINGS_PER_RULE))
        .collect();
    for (rule, n) in unlisted {
        if *n > 0 {
            *more.entry(rule.clone()).or_default() += n;
        }
    }
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
    if more.is_empty() {
        return;
    }
    for f in findings.iter_mut().rev() {
        if let Some(n) = more.remove(&f.rule) {
            f.unlisted = n;
            f.message
                .push_str(&format!("（本规则在此报告中还有 {n} 处问题未列出）"));
        }
    }
}

/// A place in another report that a finding refers to: last year's report (`--baseline`) or another report
/// of the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    /// The other report's name as shown (its path as given).
    pub file: String,
    /// 1-based line and 1-based character column of the place there.
    pub line: usize,
    pub column: usize,
    /// What is there (a short excerpt or label text).
    pub message: String,
}

impl Elsewhere {
    /// “另见 2022/单位.docx 第 12 行：……”, as the text outputs show it.
    pub fn describe(&self) -> String {
        format!("另见 {} 第 {} 行：{}", self.file, self.line, self.message)
    }
}

/// A problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// The template item this finding concerns (`measures`, `reasons`, …).
    pub item: Option<String>,
    /// The item is given in the text, only not as a part of its own (a
    /// 第一责任人 account inside another part): completeness outputs show it
    /// as present with a problem, not as missing.
    pub item_in_text: bool,
    pub fix: Option<Fix>,
    /// How many places in the text this finding reports: 1, or, for a
    /// finding whose labels each mark one place of the same slip (half-width
    /// punctuation in a paragraph), its labels plus those counted but not
    /// labelled ([`Finding::note_unlabelled`]). Human output adds these up
    /// for the places it does not show.
    pub places: usize,
    /// Further findings of this rule in the report that were not listed
    /// ([`cap_per_rule`]); set on the rule's last listed finding.
    pub unlisted: usize,
    /// Places in other reports this finding refers to (the passage of last
    /// year's report a passage was copied from).
    pub elsewhere: Vec<Elsewhere>,
}

impl Finding {
    /// A finding of `rule` at one place, with nothing else said: no other
    /// labels, help, template item or fix.
    pub fn at(rule: &str, severity: Severity, message: &str, span: Span) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.to_string(),
            primary: Label::bare(span),
            secondary: Vec::new(),
            help: None,
            item: None,
            item_in_text: false,
            fix: None,
            places: 1,
            unlisted: 0,
            elsewhere: Vec::new(),
        }
    }

    /// The order findings are reported in: by position, then rule.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (
            self.primary.span.start,
            self.primary.span.end,
            self.rule.as_str(),
        )
    }

    /// Says in the message that `more` places beyond the labelled ones were
    /// found, so that capping the labels loses nothing silently.
    pub fn note_unlabelled(&mut self, more: usize) {
        let shown = 1 + self.secondary.len();
        self.places = shown + more;
        if more > 0 {
            self.message
                .push_str(&format!("（只标出前 {shown} 处，还有 {more} 处未标出）"));
        }
    }

    /// Keeps at most [`MAX_LABELS`] labels on a finding built without regard
    /// to the cap, noting the number dropped in the message.
    pub fn cap_labels(&mut self) {
        let keep = MAX_LABELS - 1;
        if self.secondary.len() > keep {
            let more = self.secondary.len() - keep;
            self.secondary.truncate(keep);
            self.note_unlabelled(more);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capping_labels_says_how_many_places_are_left_out() {
        let label = |i: usize| Label::bare(Span::new(i, i + 1));
        let mut finding = Finding {
            rule: "R".to_string(),
            severity: Severity::Error,
            message: "共120处".to_string(),
            primary: label(0),
            secondary: (1..120).map(label).collect(),
            help: None,
            item: None,
            item_in_text: false,
            fix: None,
            places: 1,
            unlisted: 0,
            elsewhere: Vec::new(),
        };
        finding.cap_labels();
        assert_eq!(finding.secondary.len(), MAX_LABELS - 1);
        assert_eq!(finding.secondary.last(), Some(&label(MAX_LABELS - 1)));
        assert_eq!(
            finding.message,
            format!("共120处（只标出前 {MAX_LABELS} 处，还有 70 处未标出）")
        );
        let before = finding.clone();
        finding.cap_labels();
        assert_eq!(finding, before, "a capped finding stays as it is");
    }

    #[test]
    fn a_rule_keeps_its_first_findings_and_counts_the_rest() {
        let finding = |i: usize| {
            Finding::at(
                "R",
                Severity::Warning,
                &format!("第{i}处"),
                Span::new(i, i + 1),
            )
        };
        let mut out = Findings::new();
        for i in 0..MAX_HELD_PER_RULE + 5 {
            out.push(finding(i));
        }
        out.count_more(10);
        let (mut kept, more) = out.into_parts();
        assert_eq!((kept.len(), more), (MAX_HELD_PER_RULE, 15));
        // Waivers set some aside first; the cap then keeps the first of the
        // rest, and counts everything else.
        kept.retain(|f| f.primary.span.start >= 300);
        let mut other = finding(7);
        other.rule = "S".to_string();
        kept.insert(0, other);
        cap_per_rule(&mut kept, &[("R".to_string(), more)]);
        assert_eq!(kept.len(), 1 + MAX_FINDINGS_PER_RULE);
        assert_eq!(kept[0].message, "第7处", "other rules are kept");
        assert_eq!(kept[1].message, "第300处");
        let dropped = MAX_HELD_PER_RULE - 300 - MAX_FINDINGS_PER_RULE + 15;
        assert_eq!(
            kept.last().map(|f| f.message.as_str()),
            Some(format!("第499处（本规则在此报告中还有 {dropped} 处问题未列出）").as_str())
        );
    }
}
