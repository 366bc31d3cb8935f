//! `kind: duplicate` — passages repeated almost word for word inside one
//! report (copy-paste between sections): each sentence of the body against
//! the earlier ones, with the passage comparer of [`crate::compare::passages`]
//! (sampled character 8-grams, bounded diffs, linear cost), a repeat reported
//! against its first occurrence.

use crate::compare::passages::{chains, pairs_within};
use crate::compare::{Boilerplate, Units};
use crate::document::Span;
use crate::finding::{Findings, Label};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: duplicate`.
pub struct DuplicateKind;

/// 报告内几乎相同的段落。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateOptions {
    /// 重复段落至少多少字才报告（默认 60）。
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// 相似度下限，0.5–1.0（默认 0.85）。
    #[serde(default = "default_similarity")]
    pub similarity: f64,
}

fn default_min_chars() -> usize {
    60
}

fn default_similarity() -> f64 {
    0.85
}

impl Kind for DuplicateKind {
    const NAME: &'static str = "duplicate";
    const PLACEHOLDERS: &'static [&'static str] = &["chars", "other_line"];
    const DOCS: &'static str = "文档内几乎相同的文字（复制粘贴）：逐句比较，连续相似的部分达到 `min_chars` 字、相似度不低于 `similarity` 时给出诊断。";
    type Options = DuplicateOptions;

    fn compile(o: DuplicateOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        if !(0.5..=1.0).contains(&o.similarity) {
            env.error(
                "check.similarity",
                None,
                Problem::new(
                    format!("similarity 为 {}，超出范围", o.similarity),
                    "应在 0.5 到 1.0 之间",
                    "similarity 是两段文字的相似度下限，例如 0.85",
                ),
            );
            return None;
        }
        Some(Box::new(DuplicateCheck {
            min_chars: o.min_chars,
            similarity: o.similarity,
        }))
    }
}

impl Check for DuplicateCheck {
    fn kind(&self) -> &'static str {
        DuplicateKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["chars", "other_line"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        DuplicateCheck::run(self, ctx, out);
    }
}

#[derive(Debug)]
pub struct DuplicateCheck {
    min_chars: usize,
    similarity: f64,
}

impl DuplicateCheck {
    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let prose: Vec<Span> = doc.prose().collect();
        let units = Units::read(&doc.text, &prose, &Boilerplate::none(), false);
        let pairs = pairs_within(&units, self.similarity);
        for chain in chains(&pairs) {
            let (first_i, first_j) = chain[0];
            let (last_i, last_j) = chain[chain.len() - 1];
            let later = units.span(first_j).cover(units.span(last_j));
            let earlier = units.span(first_i).cover(units.span(last_i));
            let chars: usize = chain.iter().map(|&(_, j)| units.letters(j).len()).sum();
            if chars < self.min_chars {
                continue;
            }
            let earlier_line = doc.position(earlier.start).line.to_string();
            let chars_text = chars.to_string();
            let mut finding = ctx.finding(
                Label::new(later, format!("与第{earlier_line}行的文字几乎相同")),
                &[
                    ("other_line", earlier_line.as_str()),
                    ("chars", chars_text.as_str()),
                ],
            );
            finding.secondary.push(Label::new(earlier, "先出现于此"));
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};

    const RULE: &str = "  - {id: D1, title: t, severity: warning, message: '{other_line}', check: {kind: duplicate, min_chars: 40, similarity: 0.85}}\n";
    const PASSAGE: &str = "区政府办公室坚持把学习贯彻习近平法治思想作为重要必修课程，通过党组会、理论学习中心组专题学习研讨等方式认真学习。全年共组织集中学法十二次，邀请专家授课三次，干部法治素养明显提升。";

    #[test]
    fn a_repeated_passage_is_one_finding_pointing_at_both() {
        let text = complete_report(2023)
            .replace(
                "（二）规范行政决策。",
                &format!("（二）规范行政决策。{PASSAGE}"),
            )
            .replace(
                "亲自过问。",
                &format!("亲自过问。{}", PASSAGE.replace("十二次", "十三次")),
            );
        let findings = run(RULE, &text);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.message, "6");
        assert!(text[f.primary.span.start..f.primary.span.end].starts_with("区政府办公室"));
        assert!(f.secondary[0].span.start < f.primary.span.start);
    }

    #[test]
    fn distinct_text_and_short_formulas_are_not_duplicates() {
        assert!(run(RULE, &complete_report(2023)).is_empty());
        let formula = "坚持以习近平新时代中国特色社会主义思想为指导。";
        let text = complete_report(2023)
            .replace(
                "（一）加强组织领导。",
                &format!("（一）加强组织领导。{formula}"),
            )
            .replace("无。", formula);
        assert!(run(RULE, &text).is_empty());
    }
}
