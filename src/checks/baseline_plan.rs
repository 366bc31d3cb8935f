//! `kind: baseline-plan` — the items of last year's 主要安排 (the plan
//! section of the `--baseline` report) that this year's 举措和成效 never
//! takes up: one finding at this year's measures heading listing them, so
//! that the reviewer can ask what became of them.
//!
//! The evidence is lexical only: an item counts as taken up when enough of
//! its character 3-grams (its letters, the pack's `ignore` words left out)
//! occur in this year's section. An item carried out under other words is
//! listed although it was done, and one whose words are only mentioned is
//! not listed although nothing was done.

use std::collections::HashSet;

use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::baseline::{excerpt, section_heading, section_prose, Baseline};
use crate::compare::passages::is_letter;
use crate::document::chars::sentences;
use crate::document::{Document, Span};
use crate::finding::{Findings, Label};

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: baseline-plan`.
pub struct BaselinePlanKind;

/// 上年报告的主要安排在本年度举措和成效中是否有着落。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselinePlanOptions {
    /// 上年报告中“主要安排”的模板部分 id（如 `plan`）。
    pub plan: String,
    /// 本年度报告中“举措和成效”的模板部分 id（如 `measures`）。
    pub measures: String,
    /// 不作为依据的词语（正则表达式）：“进一步”“深入推进”等每项安排都可能有的字眼，
    /// 以及“一是”等序号；去掉后再比较。
    #[serde(default)]
    pub ignore: Vec<String>,
    /// 一项安排的三字组在本年度举措和成效中出现的比例达到多少算有着落，0–1（默认 0.3）。
    #[serde(default = "default_min_share")]
    pub min_share: f64,
    /// 去掉 ignore 的字眼后少于多少字的安排（“我县将继续努力”）不比较（默认 8）。
    #[serde(default = "default_min_item_chars")]
    pub min_item_chars: usize,
    /// 一次最多列出多少项（默认 10），其余只计数。
    #[serde(default = "default_max_items")]
    pub max_items: usize,
}

fn default_min_share() -> f64 {
    0.3
}

fn default_min_item_chars() -> usize {
    8
}

fn default_max_items() -> usize {
    10
}

impl Kind for BaselinePlanKind {
    const NAME: &'static str = "baseline-plan";
    const PLACEHOLDERS: &'static [&'static str] = &["count", "items"];
    const DOCS: &'static str = "上年报告（`--baseline`）“主要安排”部分（`plan`）的各项（小标题下的内容，没有小标题时逐句），在本年度的“举措和成效”部分（`measures`）中找不到相同字眼的，在举措和成效的标题处合并为一条诊断列出。只按字面比较（三字组，去掉 `ignore` 的字眼），换了说法的落实会被列出，只提到字眼也算有着落。没有上年报告时不检查。";
    type Options = BaselinePlanOptions;

    fn compile(o: BaselinePlanOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let mut ok = true;
        let plan = template_section(env, "plan", &o.plan);
        let measures = template_section(env, "measures", &o.measures);
        if !(0.0..=1.0).contains(&o.min_share) {
            env.error(
                "check.min_share",
                None,
                Problem::new(
                    format!("min_share 为 {}，超出范围", o.min_share),
                    "应在 0 到 1 之间",
                    "min_share 是一项安排的三字组在本年度报告中出现的比例，例如 0.3",
                ),
            );
            ok = false;
        }
        let ignore = if o.ignore.is_empty() {
            None
        } else {
            let joined = o
                .ignore
                .iter()
                .map(|p| format!("(?:{p})"))
                .collect::<Vec<_>>()
                .join("|");
            let r = env.regex("check.ignore", &joined);
            ok &= r.is_some();
            r
        };
        if !ok {
            return None;
        }
        Some(Box::new(BaselinePlanCheck {
            plan: plan?,
            measures: measures?,
            ignore,
            min_share: o.min_share,
            min_item_chars: o.min_item_chars,
            max_items: o.max_items,
        }))
    }
}

/// The index of the template section `id` (the value of option `key`),
/// reporting a section the template does not have.
pub(crate) fn template_section(env: &mut impl CompileEnv, key: &str, id: &str) -> Option<usize> {
    let found = env.template().index_of(id);
    if found.is_none() {
        env.error(
            &format!("check.{key}"),
            None,
            Problem::new(
                format!("模板中没有 id 为 `{id}` 的部分"),
                "没有这个部分",
                "写规则包 template 中某个部分的 id，如 plan、measures",
            ),
        );
    }
    found
}

#[derive(Debug)]
pub struct BaselinePlanCheck {
    plan: usize,
    measures: usize,
    ignore: Option<Regex>,
    min_share: f64,
    min_item_chars: usize,
    max_items: usize,
}

/// Characters of an item quoted in the message.
const ITEM_CHARS: usize = 30;

/// An item as quoted: cut short, without its closing punctuation.
fn item_text(text: &str) -> String {
    let text = text.trim_end_matches(['。', '；', ';', '，', ',', '：', ':', ' ', '\n']);
    excerpt(text, ITEM_CHARS)
}

impl Check for BaselinePlanCheck {
    fn kind(&self) -> &'static str {
        BaselinePlanKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        BaselinePlanKind::PLACEHOLDERS
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(base) = ctx.baseline else { return };
        let doc = ctx.doc;
        let Some(anchor) = section_heading(doc, ctx.outline, self.measures) else {
            return;
        };
        let ours: HashSet<[char; 3]> = ctx
            .scope_spans(super::Scope::Section(self.measures))
            .into_iter()
            .flat_map(|s| self.trigrams(doc, s))
            .collect();
        let mut missing: Vec<(Span, Span)> = Vec::new();
        for (item, shown) in self.items(base) {
            let grams: HashSet<[char; 3]> = self.trigrams(&base.doc, item).into_iter().collect();
            if grams.len() + 2 < self.min_item_chars {
                continue;
            }
            let found = grams.iter().filter(|g| ours.contains(*g)).count();
            if (found as f64) < self.min_share * grams.len() as f64 {
                missing.push((item, shown));
            }
        }
        if missing.is_empty() {
            return;
        }
        let count = missing.len();
        let listed: Vec<String> = missing
            .iter()
            .take(self.max_items)
            .enumerate()
            .map(|(i, &(_, s))| format!("（{}）{}", i + 1, item_text(base.doc.slice(s))))
            .collect();
        let mut items = listed.join("；");
        if count > self.max_items {
            items.push_str(&format!("；另有 {} 项未列出", count - self.max_items));
        }
        let count_text = count.to_string();
        let heading = doc.headings[anchor].span;
        let mut finding = ctx.finding(
            Label::new(
                heading,
                format!("上年的 {count} 项安排在这一部分找不到相同的字眼"),
            ),
            &[("count", count_text.as_str()), ("items", items.as_str())],
        );
        for &(_, s) in missing.iter().take(self.max_items) {
            finding
                .elsewhere
                .push(base.elsewhere(s, item_text(base.doc.slice(s))));
        }
        out.push(finding);
    }
}

impl BaselinePlanCheck {
    /// The items of last year's plan: the text under each of its
    /// sub-headings when it has two or more, else each sentence (and each
    /// part of one between semicolons); each with the part shown (a
    /// sub-heading's title, or the sentence).
    fn items(&self, base: &Baseline) -> Vec<(Span, Span)> {
        let doc = &base.doc;
        let Some(h) = section_heading(doc, &base.outline, self.plan) else {
            return Vec::new();
        };
        let section = doc.headings[h].section;
        let subs: Vec<usize> = (0..doc.headings.len())
            .filter(|&i| {
                let s = doc.headings[i].span;
                i != h && section.start <= s.start && s.end <= section.end
            })
            .collect();
        let level = subs.iter().map(|&i| doc.headings[i].level).min();
        let subs: Vec<usize> = subs
            .into_iter()
            .filter(|&i| Some(doc.headings[i].level) == level)
            .collect();
        if subs.len() >= 2 {
            return subs
                .iter()
                .map(|&i| {
                    let sub = &doc.headings[i];
                    let item = Span::new(sub.title.start, sub.section.end.max(sub.span.end));
                    (item, sub.title)
                })
                .collect();
        }
        let mut items = Vec::new();
        for p in section_prose(doc, &base.outline, self.plan, true) {
            for s in sentences(&doc.text, p) {
                let text = doc.slice(s);
                let mut start = 0;
                for (i, c) in text.char_indices() {
                    if c == '；' || c == ';' {
                        items.push(Span::new(s.start + start, s.start + i));
                        start = i + c.len_utf8();
                    }
                }
                items.push(Span::new(s.start + start, s.end));
            }
        }
        items.retain(|s| !s.is_empty());
        items.into_iter().map(|s| (s, s)).collect()
    }

    /// The character 3-grams of the letters of `doc[span]`, the `ignore`
    /// words breaking the runs of letters.
    fn trigrams(&self, doc: &Document, span: Span) -> Vec<[char; 3]> {
        let text = doc.slice(span);
        let mut ignored: Vec<(usize, usize)> = self
            .ignore
            .iter()
            .flat_map(|r| r.find_iter(text).map(|m| (m.start(), m.end())))
            .collect();
        ignored.sort_unstable();
        let mut grams = Vec::new();
        let mut run: Vec<char> = Vec::new();
        let mut k = 0;
        for (i, c) in text.char_indices() {
            while k < ignored.len() && ignored[k].1 <= i {
                k += 1;
            }
            let skipped = k < ignored.len() && ignored[k].0 <= i;
            if skipped || !is_letter(c) {
                run.clear();
                continue;
            }
            run.push(c);
            if run.len() >= 3 {
                let n = run.len();
                grams.push([run[n - 3], run[n - 2], run[n - 1]]);
            }
        }
        grams
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run_against};

    const RULE: &str = "  - {id: P1, title: t, severity: info, message: '{count}：{items}', check: {kind: baseline-plan, plan: plan, measures: measures, ignore: ['[一二三四五六七八九十]是']}}\n";

    #[test]
    fn without_sub_headings_the_items_are_the_sentences_and_their_parts() {
        let last = complete_report(2022).replace(
            "2023年，我县将继续深化法治政府建设。",
            "一是推进行政复议体制改革，建成县行政复议服务中心；二是建立乡镇合法性审查全覆盖机制，配齐法制审核人员。三是开展行政执法人员分级培训。",
        );
        let this = complete_report(2023).replace(
            "县政府常务会议专题研究法治政府建设工作4次。",
            "县行政复议服务中心建成投入使用，行政复议体制改革全面完成。全年开展行政执法人员分级培训六期。",
        );
        let findings = run_against(RULE, &this, Some(&last));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(
            f.message,
            "1：（1）二是建立乡镇合法性审查全覆盖机制，配齐法制审核人员"
        );
        assert!(this[f.primary.span.start..].starts_with("一、2023年推进"));
        assert_eq!(f.elsewhere.len(), 1);
    }
}
