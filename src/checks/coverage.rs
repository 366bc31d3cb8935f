//! `kind: coverage` — the areas of work a report is expected to cover (the
//! ten areas of the 纲要, or a province's own list): one finding naming every
//! area the report never mentions, so a reviewer sees at a glance what was
//! left out.

use regex::RegexSet;

use crate::finding::{Findings, Label};
use crate::rules::compile::RuleCtx;
use crate::rules::raw::RawArea;
use crate::rules::Scope;

use super::Context;

#[derive(Debug)]
pub struct CoverageCheck {
    scope: Scope,
    areas: Vec<(String, RegexSet)>,
}

impl CoverageCheck {
    pub fn compile(scope: &str, areas: Vec<RawArea>, ctx: &mut RuleCtx) -> Option<Self> {
        let scope = ctx.scope(scope);
        if areas.is_empty() {
            ctx.error(
                "areas",
                "coverage 规则的 `areas` 为空".to_string(),
                "没有领域",
                "至少列出一个领域及其关键词",
            );
            return None;
        }
        let mut compiled = Vec::new();
        for area in areas {
            if area.any.is_empty() {
                ctx.error(
                    &area.name,
                    format!("领域“{}”没有关键词", area.name),
                    "`any` 为空",
                    "为每个领域列出至少一个关键词",
                );
                continue;
            }
            let ok = area.any.iter().all(|p| ctx.regex(p).is_some());
            if ok {
                if let Ok(set) = RegexSet::new(&area.any) {
                    compiled.push((area.name, set));
                }
            }
        }
        Some(CoverageCheck {
            scope: scope?,
            areas: compiled,
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let spans = ctx.scope_spans(self.scope);
        let missing: Vec<&str> = self
            .areas
            .iter()
            .filter(|(_, set)| !spans.iter().any(|s| set.is_match(ctx.doc.slice(*s))))
            .map(|(name, _)| name.as_str())
            .collect();
        if missing.is_empty() {
            return;
        }
        let Some(at) = ctx
            .doc
            .title
            .as_ref()
            .map(|t| t.span())
            .or_else(|| spans.first().copied())
        else {
            return;
        };
        let list = missing.join("、");
        let count = missing.len().to_string();
        let total = self.areas.len().to_string();
        out.push(ctx.finding(
            Label::new(at, format!("未涉及：{list}")),
            &[
                ("missing", list.as_str()),
                ("count", count.as_str()),
                ("total", total.as_str()),
            ],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};

    const RULE: &str = "  - {id: C1, title: t, severity: info, message: '{count}/{total}：{missing}', check: {kind: coverage, areas: [{name: 行政决策, any: ['重大行政决策']}, {name: 行政复议, any: ['行政复议', '复议']}, {name: 数字政府, any: ['数字政府', '一网通办']}]}}\n";

    #[test]
    fn lists_the_areas_never_mentioned() {
        let findings = run(RULE, &complete_report(2023));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "2/3：行政复议、数字政府");
        let text = complete_report(2023).replace("无。", "办理行政复议案件12件，推进一网通办。");
        assert!(run(RULE, &text).is_empty());
    }
}
