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
    pub fix: Option<Fix>,
}

impl Finding {
    /// The order findings are reported in: by position, then rule.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (
            self.primary.span.start,
            self.primary.span.end,
            self.rule.as_str(),
        )
    }
}
