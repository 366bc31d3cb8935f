//! `kind: pattern` — a regex that must not occur (or, with `require: true`,
//! must occur) in a scope: the title, headings, body, closing, or the text of
//! one template section. Several matches in one paragraph make one finding
//! with a label on each, so a careless paragraph does not flood the output.
//!
//! The `regex` crate has no look-around; instead a match is dropped when the
//! `allow` regex matches at the same place, and a capture group named `at`
//! narrows the reported (and fixed) span to part of the match.

use regex::Regex;

use crate::document::Span;
use crate::finding::{Applicability, Edit, Finding, Fix, Label};
use crate::rules::compile::RuleCtx;
use crate::rules::raw::RawFix;
use crate::rules::Scope;

use super::Context;

#[derive(Debug)]
pub struct PatternCheck {
    regex: Regex,
    scope: Scope,
    allow: Option<Regex>,
    require: bool,
    label: Option<String>,
    fix: Option<PatternFix>,
}

#[derive(Debug)]
struct PatternFix {
    replace: String,
    applicability: Applicability,
    title: String,
}

impl PatternCheck {
    pub fn compile(
        regex: &str,
        scope: &str,
        allow: Option<&str>,
        require: bool,
        label: Option<String>,
        fix: Option<RawFix>,
        ctx: &mut RuleCtx,
    ) -> Option<Self> {
        let compiled = ctx.regex(regex);
        let allow = match allow {
            Some(a) => Some(ctx.regex(a)?),
            None => None,
        };
        let scope = ctx.scope(scope)?;
        if require && fix.is_some() {
            ctx.error(
                "fix",
                "`require: true` 的规则不能带 `fix`".to_string(),
                "此处无效",
                "缺少的内容无法自动补写；删除 fix",
            );
            return None;
        }
        Some(PatternCheck {
            regex: compiled?,
            scope,
            allow,
            require,
            label,
            fix: fix.map(|f| PatternFix {
                applicability: if f.safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                title: f.title.unwrap_or_else(|| format!("改为“{}”", f.replace)),
                replace: f.replace,
            }),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let spans = ctx.scope_spans(self.scope);
        if self.require {
            let found = spans.iter().any(|s| self.regex.is_match(ctx.doc.slice(*s)));
            if !found {
                if let Some(first) = spans
                    .first()
                    .copied()
                    .or_else(|| ctx.doc.title.as_ref().map(|t| t.span()))
                {
                    out.push(
                        ctx.finding(
                            Label::new(
                                first,
                                self.label
                                    .clone()
                                    .unwrap_or_else(|| "应包含的内容未找到".into()),
                            ),
                            &[],
                        ),
                    );
                }
            }
            return;
        }
        for span in spans {
            self.check_span(ctx, span, out);
        }
    }

    fn check_span(&self, ctx: &Context, span: Span, out: &mut Vec<Finding>) {
        let text = ctx.doc.slice(span);
        let mut labels = Vec::new();
        let mut edits = Vec::new();
        let mut first_match = String::new();
        for caps in self.regex.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if whole.is_empty() || self.allowed_at(text, whole.start()) {
                continue;
            }
            // A group named `at` narrows the reported span to part of the
            // match, so the rest of the match serves as context.
            let m = caps.name("at").unwrap_or(whole);
            let at = Span::new(span.start + m.start(), span.start + m.end());
            if first_match.is_empty() {
                first_match = m.as_str().to_string();
            }
            let mut replacement = String::new();
            if let Some(fix) = &self.fix {
                caps.expand(&fix.replace, &mut replacement);
                edits.push(Edit {
                    span: at,
                    replacement: replacement.clone(),
                });
            }
            let label = match (&self.label, self.fix.is_some()) {
                (Some(l), _) => l.clone(),
                (None, true) => format!("应为“{replacement}”"),
                (None, false) => String::new(),
            };
            labels.push(if label.is_empty() {
                Label::bare(at)
            } else {
                Label::new(at, label)
            });
        }
        let Some(primary) = (!labels.is_empty()).then(|| labels.remove(0)) else {
            return;
        };
        let count = (labels.len() + 1).to_string();
        let mut finding = ctx.finding(
            primary,
            &[("match", first_match.as_str()), ("count", count.as_str())],
        );
        finding.secondary = labels;
        if let Some(fix) = &self.fix {
            finding.fix = Some(Fix::new(fix.title.clone(), fix.applicability, edits));
        }
        out.push(finding);
    }

    /// Whether the `allow` regex matches starting exactly at `at`.
    fn allowed_at(&self, text: &str, at: usize) -> bool {
        self.allow
            .as_ref()
            .is_some_and(|a| a.find_at(text, at).is_some_and(|m| m.start() == at))
    }
}
