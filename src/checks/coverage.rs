//! `kind: coverage` — the areas of work a report is expected to cover (the
//! ten areas of the 纲要, or a province's own list): one finding naming every
//! area the report never mentions, so a reviewer sees at a glance what was
//! left out.

use regex::RegexSet;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::finding::{Findings, Label};

use super::{Check, CompileEnv, Context, Kind, Problem, Scope};

/// `kind: coverage`.
pub struct CoverageKind;

/// 报告应涉及的工作领域：列出正文中一处也没有提到的领域。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageOptions {
    /// 范围（默认 all）。
    #[serde(default = "all_scope")]
    pub scope: String,
    /// 领域列表。
    pub areas: Vec<Area>,
    /// 至少涉及几个领域（默认全部）：如“五项中至少写出两项”写 `at_least: 2`。
    /// 涉及的领域少于此数时报告，列出没有涉及的领域。
    #[serde(default)]
    pub at_least: Option<usize>,
}

fn all_scope() -> String {
    "all".to_string()
}

/// 覆盖检查中的一个领域。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// 领域名称。
    pub name: String,
    /// 表明涉及该领域的说法（正则），任一匹配即可。
    pub any: Vec<String>,
}

impl Kind for CoverageKind {
    const NAME: &'static str = "coverage";
    const PLACEHOLDERS: &'static [&'static str] = &["missing", "count", "total"];
    const DOCS: &'static str = "文档应涉及的领域：列出范围内一处也没有提到的领域（每个领域由一组关键词正则表示），合为一条诊断；`at_least` 只要求涉及其中几个。";
    type Options = CoverageOptions;

    fn compile(o: CoverageOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let scope = env.scope("check.scope", &o.scope);
        if o.areas.is_empty() {
            env.error(
                "check.areas",
                None,
                Problem::new(
                    "coverage 规则的 `areas` 为空",
                    "没有领域",
                    "至少列出一个领域及其关键词",
                ),
            );
            return None;
        }
        let total = o.areas.len();
        let at_least = o.at_least.unwrap_or(total);
        if !(1..=total).contains(&at_least) {
            env.error(
                "check.at_least",
                None,
                Problem::new(
                    format!("`at_least` 为 {at_least}，而领域只有 {total} 个"),
                    "超出范围",
                    format!("at_least 取 1–{total}"),
                ),
            );
            return None;
        }
        let mut compiled = Vec::new();
        for (i, area) in o.areas.into_iter().enumerate() {
            if area.any.is_empty() {
                env.error(
                    &format!("check.areas[{i}].any"),
                    None,
                    Problem::new(
                        format!("领域“{}”没有关键词", area.name),
                        "`any` 为空",
                        "为每个领域列出至少一个关键词",
                    ),
                );
                continue;
            }
            let mut ok = true;
            for (j, p) in area.any.iter().enumerate() {
                ok &= env
                    .regex(&format!("check.areas[{i}].any[{j}]"), p)
                    .is_some();
            }
            if ok {
                if let Ok(set) = RegexSet::new(&area.any) {
                    compiled.push((area.name, set));
                }
            }
        }
        Some(Box::new(CoverageCheck {
            scope: scope?,
            areas: compiled,
            at_least,
        }))
    }
}

#[derive(Debug)]
pub struct CoverageCheck {
    scope: Scope,
    areas: Vec<(String, RegexSet)>,
    /// How many areas must be mentioned.
    at_least: usize,
}

impl Check for CoverageCheck {
    fn kind(&self) -> &'static str {
        CoverageKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["missing", "count", "total"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        CoverageCheck::run(self, ctx, out);
    }
}

impl CoverageCheck {
    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let spans = ctx.scope_spans(self.scope);
        let missing: Vec<&str> = self
            .areas
            .iter()
            .filter(|(_, set)| !spans.iter().any(|s| set.is_match(ctx.doc.slice(*s))))
            .map(|(name, _)| name.as_str())
            .collect();
        if missing.is_empty() || self.areas.len() - missing.len() >= self.at_least {
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
