//! `kind: copied` — reports of one run, by different units, that share long
//! passages (内容雷同). The kind holds the comparison's settings; a report on
//! its own has nothing to compare with, so its `run` finds nothing. The run
//! ([`crate::batch`]) signs every report first (MinHash over character
//! shingles of the body, boilerplate left out), pairs the reports whose
//! signatures are alike (LSH), and while checking a report with partners
//! finds the exact shared passages with [`crate::compare::shared_passages`]
//! and reports them with this rule's id, severity and texts.

use crate::compare::{Boilerplate, PassageOptions};
use crate::finding::Findings;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: copied`.
pub struct CopiedKind;

/// 同一次检查的多份报告中，不同单位的报告大段文字相同（内容雷同）。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopiedOptions {
    /// 粗筛时每个片段（shingle）的字数，2–16（默认 8）：去掉标点、空白和套话后，连续这么多字作为一个片段比较。
    #[serde(default = "default_shingle")]
    pub shingle: usize,
    /// 粗筛的相似度下限，0.05–1.0（默认 0.2）：两份报告正文片段集合的 Jaccard 相似度（由 MinHash 估计）达到它，才逐段比较。
    #[serde(default = "default_min_resemblance")]
    pub min_resemblance: f64,
    /// 相同的一段至少多少字才算（默认 60；标点、空白和套话不计）。
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// 两句算作相同的相似度下限，0.5–1.0（默认 0.85）。
    #[serde(default = "default_similarity")]
    pub similarity: f64,
    /// 相同文字至少占两份报告之一正文的多少才报告，0.0–1.0（默认 0.3）。
    #[serde(default = "default_min_share")]
    pub min_share: f64,
    /// 每份报告最多与几份报告比较（默认 3，1–16）：上千份相同的报告也只各比较几次。
    #[serde(default = "default_max_partners")]
    pub max_partners: usize,
    /// 各报告都可以有的套话（正则表达式）：指导思想、《规定》各部分的标题、中央文件的原话等。匹配的文字不参与比较、不计入字数。
    #[serde(default)]
    pub boilerplate: Vec<String>,
}

fn default_shingle() -> usize {
    8
}
fn default_min_resemblance() -> f64 {
    0.2
}
fn default_min_chars() -> usize {
    60
}
fn default_similarity() -> f64 {
    0.85
}
fn default_min_share() -> f64 {
    0.3
}
fn default_max_partners() -> usize {
    3
}

/// The placeholders of a `copied` rule's message and help.
const PLACEHOLDERS: &[&str] = &[
    "other",
    "other_unit",
    "share",
    "other_share",
    "passages",
    "chars",
    "other_line",
];

impl Kind for CopiedKind {
    const NAME: &'static str = "copied";
    const PLACEHOLDERS: &'static [&'static str] = PLACEHOLDERS;
    const DOCS: &'static str = "同一次检查的多份报告（一个文件夹或多个文件）中，不同单位的报告有大段相同的文字（内容雷同）。先对每份报告的正文（去掉标点、空白和 `boilerplate` 套话）按 `shingle` 字的片段计算 MinHash 签名，用 LSH 找出相似度估计不低于 `min_resemblance` 的报告对（每份至多 `max_partners` 份），再逐句比较找出至少 `min_chars` 字的相同段落；相同文字占两份之一正文的比例达到 `min_share` 时，在每份报告上各报告一次。同一单位（发文机关相同）的报告之间不报告。单独一份报告没有可比较的对象，不会报告。";
    type Options = CopiedOptions;

    fn compile(o: CopiedOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let mut ok = true;
        let mut range = |at: &str, value: f64, low: f64, high: f64, what: &str| {
            if !(low..=high).contains(&value) {
                env.error(
                    at,
                    None,
                    Problem::new(
                        format!("{at} 为 {value}，超出范围"),
                        format!("应在 {low} 到 {high} 之间"),
                        what.to_string(),
                    ),
                );
                ok = false;
            }
        };
        range(
            "check.shingle",
            o.shingle as f64,
            2.0,
            16.0,
            "shingle 是粗筛片段的字数，例如 8",
        );
        range(
            "check.min_resemblance",
            o.min_resemblance,
            0.05,
            1.0,
            "min_resemblance 是粗筛的相似度下限，例如 0.2",
        );
        range(
            "check.similarity",
            o.similarity,
            0.5,
            1.0,
            "similarity 是两句的相似度下限，例如 0.85",
        );
        range(
            "check.min_share",
            o.min_share,
            0.0,
            1.0,
            "min_share 是相同文字占正文的比例下限，例如 0.3",
        );
        range(
            "check.max_partners",
            o.max_partners as f64,
            1.0,
            16.0,
            "max_partners 是每份报告最多比较的报告数，例如 3",
        );
        let mut patterns = Vec::with_capacity(o.boilerplate.len());
        for (i, p) in o.boilerplate.iter().enumerate() {
            match env.regex(&format!("check.boilerplate[{i}]"), p) {
                Some(_) => patterns.push(p.clone()),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        // One regex for all of them, compiled with the limits of every pack
        // regex (a pack is untrusted input).
        let boilerplate = match Boilerplate::joined(&patterns) {
            None => Boilerplate::none(),
            Some(joined) => Boilerplate::from_regex(env.regex("check.boilerplate", &joined)?),
        };
        Some(Box::new(CopiedCheck {
            shingle: o.shingle,
            min_resemblance: o.min_resemblance,
            passages: PassageOptions {
                min_chars: o.min_chars,
                similarity: o.similarity,
            },
            min_share: o.min_share,
            max_partners: o.max_partners,
            boilerplate,
        }))
    }
}

/// A compiled `copied` rule: the comparison's settings, read by
/// [`crate::batch`].
#[derive(Debug)]
pub struct CopiedCheck {
    pub shingle: usize,
    pub min_resemblance: f64,
    pub passages: PassageOptions,
    pub min_share: f64,
    pub max_partners: usize,
    pub boilerplate: Boilerplate,
}

impl Check for CopiedCheck {
    fn kind(&self) -> &'static str {
        CopiedKind::NAME
    }

    /// One report alone shares nothing with another: the run compares.
    fn run(&self, _ctx: &Context, _out: &mut Findings) {}

    fn placeholders(&self) -> &'static [&'static str] {
        PLACEHOLDERS
    }

    fn as_copied(&self) -> Option<&CopiedCheck> {
        Some(self)
    }
}
