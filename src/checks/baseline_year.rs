//! `kind: baseline-year` — last year's report (`--baseline`) whose report
//! year is not the year before this report's: probably the wrong file.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::baseline::excerpt;
use crate::document::Span;
use crate::finding::{Findings, Label};

use super::{Check, CompileEnv, Context, Kind};

/// `kind: baseline-year`.
pub struct BaselineYearKind;

/// 上年报告的年度应为本报告年度的上一年。
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineYearOptions {}

impl Kind for BaselineYearKind {
    const NAME: &'static str = "baseline-year";
    const PLACEHOLDERS: &'static [&'static str] = &["baseline_year", "baseline"];
    const DOCS: &'static str = "上年报告（`--baseline`）的年度不是本报告年度的上一年时，在本报告的标题处给出诊断（可能选错了文件）。两份报告都能读出年度时才检查。";
    type Options = BaselineYearOptions;

    fn compile(_: BaselineYearOptions, _: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(BaselineYearCheck))
    }
}

#[derive(Debug)]
pub struct BaselineYearCheck;

impl Check for BaselineYearCheck {
    fn kind(&self) -> &'static str {
        BaselineYearKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        BaselineYearKind::PLACEHOLDERS
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(base) = ctx.baseline else { return };
        let (Some(year), Some(base_year)) = (ctx.doc.year(), base.doc.year()) else {
            return;
        };
        if base_year == year - 1 {
            return;
        }
        let at = |doc: &crate::document::Document| {
            doc.title
                .as_ref()
                .map(|t| t.span())
                .or_else(|| doc.blocks.first().map(|b| b.span))
                .unwrap_or_else(|| Span::empty(0))
        };
        let base_year_text = base_year.to_string();
        let mut finding = ctx.finding(
            Label::new(at(ctx.doc), format!("上年报告是{base_year}年度的")),
            &[
                ("baseline_year", base_year_text.as_str()),
                ("baseline", base.name.as_str()),
            ],
        );
        let there = at(&base.doc);
        finding
            .elsewhere
            .push(base.elsewhere(there, excerpt(base.doc.slice(there), 40)));
        out.push(finding);
    }
}
