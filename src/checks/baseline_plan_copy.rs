//! `kind: baseline-plan-copy` — this year's 主要安排 repeating last year's
//! (`--baseline`) year for year: the share of the plan section's text found
//! again in last year's plan section, reported at this year's plan heading
//! when it reaches `share`.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::baseline::{excerpt, section_heading, section_prose};
use crate::compare::{Boilerplate, PassageOptions, Units};
use crate::finding::{Findings, Label};

use super::baseline_copy::compile_comparison;
use super::baseline_plan::template_section;
use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: baseline-plan-copy`.
pub struct BaselinePlanCopyKind;

/// 本年度的主要安排照抄上年的主要安排。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselinePlanCopyOptions {
    /// “主要安排”的模板部分 id（如 `plan`），两份报告都看这一部分。
    pub section: String,
    /// 与上年主要安排相同的文字占本年度主要安排正文的比例达到多少时报告，0–1（默认 0.5）。
    #[serde(default = "default_share")]
    pub share: f64,
    /// 逐句比较时，连续相同的文字至少多少字才算（默认 20）。
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// 逐句比较的相似度下限，0.5–1.0（默认 0.85）。
    #[serde(default = "default_similarity")]
    pub similarity: f64,
    /// 每份报告都可以有的文字（正则表达式），不参与比较，也不计入比例。
    #[serde(default)]
    pub boilerplate: Vec<String>,
}

fn default_share() -> f64 {
    0.5
}

fn default_min_chars() -> usize {
    20
}

fn default_similarity() -> f64 {
    0.85
}

impl Kind for BaselinePlanCopyKind {
    const NAME: &'static str = "baseline-plan-copy";
    const PLACEHOLDERS: &'static [&'static str] = &["share", "other_line"];
    const DOCS: &'static str = "本年度报告的“主要安排”部分（`section`）与上年报告（`--baseline`）的同一部分逐句比较（不含标题和 `boilerplate`），相同或几乎相同的文字占本年度这一部分的比例达到 `share` 时，在本年度这一部分的标题处给出诊断，并指向上年报告中的这一部分。没有上年报告、或任一份报告没有这一部分时不检查。";
    type Options = BaselinePlanCopyOptions;

    fn compile(o: BaselinePlanCopyOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let section = template_section(env, "section", &o.section);
        if !(0.0..=1.0).contains(&o.share) {
            env.error(
                "check.share",
                None,
                Problem::new(
                    format!("share 为 {}，超出范围", o.share),
                    "应在 0 到 1 之间",
                    "share 是照抄的文字占本年度主要安排的比例，例如 0.5",
                ),
            );
            return None;
        }
        let boilerplate = compile_comparison(o.similarity, &o.boilerplate, env)?;
        Some(Box::new(BaselinePlanCopyCheck {
            section: section?,
            share: o.share,
            options: PassageOptions {
                min_chars: o.min_chars,
                similarity: o.similarity,
            },
            boilerplate,
        }))
    }
}

#[derive(Debug)]
pub struct BaselinePlanCopyCheck {
    section: usize,
    share: f64,
    options: PassageOptions,
    boilerplate: Boilerplate,
}

impl Check for BaselinePlanCopyCheck {
    fn kind(&self) -> &'static str {
        BaselinePlanCopyKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        BaselinePlanCopyKind::PLACEHOLDERS
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(base) = ctx.baseline else { return };
        let doc = ctx.doc;
        let (Some(ours_h), Some(theirs_h)) = (
            section_heading(doc, ctx.outline, self.section),
            section_heading(&base.doc, &base.outline, self.section),
        ) else {
            return;
        };
        let ours = section_prose(doc, ctx.outline, self.section, true);
        let theirs = section_prose(&base.doc, &base.outline, self.section, true);
        let ours_units = Units::of(&doc.text, &ours, &self.boilerplate);
        let their_units = Units::read(&base.doc.text, &theirs, &self.boilerplate, false);
        let passages = ours_units.shared_with(&their_units, &self.options);
        let share = ours_units.share(&passages);
        if passages.is_empty() || share < self.share {
            return;
        }
        let theirs_heading = base.doc.headings[theirs_h].span;
        let other_line = base.doc.position(theirs_heading.start).line.to_string();
        let percent = format!("{:.0}", (share * 100.0).floor());
        let mut finding = ctx.finding(
            Label::new(
                doc.headings[ours_h].span,
                format!("这一部分约{percent}%的文字与上年报告的主要安排相同"),
            ),
            &[
                ("share", percent.as_str()),
                ("other_line", other_line.as_str()),
            ],
        );
        finding
            .elsewhere
            .push(base.elsewhere(theirs_heading, excerpt(base.doc.slice(theirs_heading), 40)));
        out.push(finding);
    }
}
