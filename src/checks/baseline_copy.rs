//! `kind: baseline-copy` — passages of the report copied verbatim or nearly
//! from last year's report (`--baseline`): one finding per copied passage
//! (matching sentences that follow each other in both reports make one),
//! pointing at the place in last year's report, and the share of the
//! report's text so copied for the outputs. The body is compared, not the
//! headings, and the pack's `boilerplate` (formulations every report may
//! share) counts for neither.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::baseline::excerpt;
use crate::compare::{Boilerplate, PassageOptions, Units};
use crate::document::Span;
use crate::finding::{Findings, Label};

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: baseline-copy`.
pub struct BaselineCopyKind;

/// 与上年报告几乎相同的段落。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineCopyOptions {
    /// 照搬的段落至少多少字才报告（只数汉字、字母和数字，默认 60）。
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// 逐句比较的相似度下限，0.5–1.0（默认 0.85）。
    #[serde(default = "default_similarity")]
    pub similarity: f64,
    /// 每份报告都可以有的文字（指导思想等固定表述、中央文件的原文）：正则表达式，
    /// 匹配的文字不参与比较，也不计入照搬的比例。
    #[serde(default)]
    pub boilerplate: Vec<String>,
    /// 最多逐段报告多少段（默认 20，取最长的），其余只计数。
    #[serde(default = "default_max_passages")]
    pub max_passages: usize,
}

fn default_min_chars() -> usize {
    60
}

fn default_similarity() -> f64 {
    0.85
}

fn default_max_passages() -> usize {
    20
}

/// Checks `similarity` and compiles `boilerplate`, reporting either's
/// mistakes; shared by the kinds that compare with last year's report.
pub(crate) fn compile_comparison(
    similarity: f64,
    boilerplate: &[String],
    env: &mut impl CompileEnv,
) -> Option<Boilerplate> {
    let mut ok = true;
    if !(0.5..=1.0).contains(&similarity) {
        env.error(
            "check.similarity",
            None,
            Problem::new(
                format!("similarity 为 {similarity}，超出范围"),
                "应在 0.5 到 1.0 之间",
                "similarity 是两句话的相似度下限，例如 0.85",
            ),
        );
        ok = false;
    }
    for (i, pattern) in boilerplate.iter().enumerate() {
        ok &= env
            .regex(&format!("check.boilerplate[{i}]"), pattern)
            .is_some();
    }
    if !ok {
        return None;
    }
    // One regex for all of them, compiled with the limits of every pack
    // regex (a pack is untrusted input).
    match Boilerplate::joined(boilerplate) {
        None => Some(Boilerplate::none()),
        Some(joined) => env
            .regex("check.boilerplate", &joined)
            .map(Boilerplate::from_regex),
    }
}

impl Kind for BaselineCopyKind {
    const NAME: &'static str = "baseline-copy";
    const PLACEHOLDERS: &'static [&'static str] = &["chars", "other_line", "similarity"];
    const DOCS: &'static str = "与上年报告（`--baseline`）几乎相同的段落：逐句比较正文（不含标题和 `boilerplate`），两份报告中连续相似的句子合为一段，达到 `min_chars` 字、相似度不低于 `similarity` 时在每段给出诊断，并指向上年报告中的位置；照搬的文字占正文的比例在 JSON、完整性表格、HTML 和电子表格中给出。没有上年报告时不检查。";
    type Options = BaselineCopyOptions;

    fn compile(o: BaselineCopyOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let boilerplate = compile_comparison(o.similarity, &o.boilerplate, env)?;
        Some(Box::new(BaselineCopyCheck {
            options: PassageOptions {
                min_chars: o.min_chars,
                similarity: o.similarity,
            },
            boilerplate,
            max_passages: o.max_passages,
        }))
    }
}

#[derive(Debug)]
pub struct BaselineCopyCheck {
    options: PassageOptions,
    boilerplate: Boilerplate,
    max_passages: usize,
}

/// Characters of last year's text quoted in a finding's `elsewhere`.
const EXCERPT_CHARS: usize = 40;

impl Check for BaselineCopyCheck {
    fn kind(&self) -> &'static str {
        BaselineCopyKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        BaselineCopyKind::PLACEHOLDERS
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(base) = ctx.baseline else { return };
        let doc = ctx.doc;
        let ours: Vec<Span> = doc.prose().collect();
        let theirs: Vec<Span> = base.doc.prose().collect();
        let ours_units = Units::of(&doc.text, &ours, &self.boilerplate);
        let their_units = Units::read(&base.doc.text, &theirs, &self.boilerplate, false);
        let mut passages = ours_units.shared_with(&their_units, &self.options);
        let share = ours_units.share(&passages);
        // Set once per report; a second run of the rule finds the same.
        let _ = base.copied_share.set(share);
        if passages.len() > self.max_passages {
            let more = passages.len() - self.max_passages;
            passages.sort_by(|a, b| b.chars.cmp(&a.chars).then(a.ours.cmp(&b.ours)));
            passages.truncate(self.max_passages);
            passages.sort_by_key(|p| p.ours);
            out.count_more(more);
        }
        for p in passages {
            let other_line = base.doc.position(p.theirs.start).line.to_string();
            let chars = p.chars.to_string();
            let similarity = format!("{:.0}", (p.similarity * 100.0).floor());
            let mut finding = ctx.finding(
                Label::new(p.ours, format!("与上年报告第{other_line}行的文字几乎相同")),
                &[
                    ("other_line", other_line.as_str()),
                    ("chars", chars.as_str()),
                    ("similarity", similarity.as_str()),
                ],
            );
            finding
                .elsewhere
                .push(base.elsewhere(p.theirs, excerpt(base.doc.slice(p.theirs), EXCERPT_CHARS)));
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run_against};

    const RULE: &str = "  - {id: C1, title: t, severity: warning, message: '{chars}/{other_line}', check: {kind: baseline-copy, min_chars: 30, max_passages: 1}}\n";
    const A: &str = "区政府办公室坚持把学习贯彻习近平法治思想作为重要必修课程，通过党组会、理论学习中心组专题学习研讨等方式认真学习。";
    const B: &str = "全年共组织集中学法十二次，邀请高校专家授课三次，领导干部法治素养和依法行政能力明显提升，考试合格率百分之百。";

    #[test]
    fn passages_beyond_the_cap_are_counted_and_the_longest_kept() {
        let last = format!(
            "某县人民政府关于2022年度法治政府建设情况的报告\n\
             一、2022年推进法治政府建设的主要举措和成效\n\
             （一）加强组织领导。{A}\n\
             （二）规范行政决策。{B}{A}\n"
        );
        let this = complete_report(2023)
            .replace("县政府常务会议", &format!("{A}县政府常务会议"))
            .replace("严格落实", &format!("{B}{A}严格落实"));
        let findings = run_against(RULE, &this, Some(&last));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        // (The other passage is counted as unlisted; the run then says so
        // on the rule's last finding.)
        assert_eq!(
            &this[f.primary.span.start..f.primary.span.end],
            format!("{B}{A}"),
            "the longer passage is kept"
        );
        assert_eq!(f.elsewhere.len(), 1);
        assert_eq!(f.elsewhere[0].file, "上年.txt");
        assert_eq!(f.elsewhere[0].line, 4);
        // Without a baseline the rule says nothing.
        assert!(run_against(RULE, &this, None).is_empty());
    }
}
