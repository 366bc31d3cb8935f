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

    pub fn fixability(&self) -> super::Fixability {
        match self.fix.as_ref().map(|f| f.applicability) {
            None => super::Fixability::None,
            Some(Applicability::Safe) => super::Fixability::Safe,
            Some(Applicability::Unsafe) => super::Fixability::Unsafe,
        }
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

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};
    use crate::finding::Applicability;

    #[test]
    fn reports_matches_in_scope_with_a_fix() {
        let rule = "  - {id: P1, title: t, severity: error, message: '“{match}”共{count}处', check: {kind: pattern, regex: '法制政府', fix: {replace: 法治政府, safe: true}}}\n";
        let text = complete_report(2023)
            .replace("全面推进法治政府建设", "全面推进法制政府建设，建设法制政府");
        let findings = run(rule, &text);
        assert_eq!(
            findings.len(),
            1,
            "two matches in one paragraph make one finding"
        );
        assert_eq!(findings[0].message, "“法制政府”共2处");
        assert_eq!(findings[0].secondary.len(), 1);
        let fix = findings[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits.len(), 2);
        assert!(fix.edits.iter().all(|e| e.replacement == "法治政府"));
    }

    #[test]
    fn scope_limits_where_it_looks() {
        let rule = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '主要安排', scope: 'section:plan'}}\n";
        let text = complete_report(2023);
        assert_eq!(spans(&run(rule, &text), &text), ["主要安排"]);
        let title_rule = rule
            .replace("section:plan", "title")
            .replace("主要安排", "报告");
        assert_eq!(spans(&run(&title_rule, &text), &text), ["报告"]);
        let body_rule = rule.replace("section:plan", "body");
        assert!(run(&body_rule, &text).is_empty(), "headings are not body");
    }

    #[test]
    fn allow_and_at_group_act_as_look_around() {
        let rule = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '以习近平新时代中国特色社会主义思想(?P<at>)[，。]', fix: {replace: 为指导}}}\n";
        let text = complete_report(2023).replace("思想为指导，", "思想，");
        let findings = run(rule, &text);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].primary.span.is_empty(),
            "the `at` group narrows the span"
        );
        let allow = "  - {id: P1, title: t, severity: error, message: m, check: {kind: pattern, regex: '法治', allow: '法治政府'}}\n";
        let text = "标题2023年度报告\n法治政府建设。法治社会建设。\n";
        assert_eq!(run(allow, text).len(), 1);
    }

    #[test]
    fn require_reports_absence_once() {
        let rule = "  - {id: P1, title: t, severity: warning, message: m, check: {kind: pattern, regex: '述法', require: true, scope: 'section:first-responsible', label: 未写述法}}\n";
        let text = complete_report(2023);
        let findings = run(rule, &text);
        assert_eq!(
            spans(&findings, &text),
            ["三、党政主要负责人履行推进法治建设第一责任人职责情况"]
        );
        assert!(run(rule, &text.replace("亲自过问。", "亲自过问，年终述法。")).is_empty());
    }
}
