//! `kind: sequence` — the numbering of headings (each level counting from one
//! without gaps, every sibling numbered), headings that skip a level of the
//! order GB/T 9704 7.3.3 lists (一、→（一）→1.→（1）; the standard says they
//! “依次可以用”, so a pack reports a skip apart from, and more mildly than, a
//! gap), and run-in items (一是、二是…) inside a section.

use regex::Regex;

use crate::document::chars::{chinese_number, to_chinese_number};
use crate::document::{Document, Span};
use crate::finding::{Applicability, Edit, Findings, Fix, Label, MAX_LABELS};

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Fixability, Kind, LabelKey, Labels, Problem};

/// `kind: sequence`.
pub struct SequenceKind;

/// 标题编号和“一是、二是”的连续性。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SequenceOptions {
    /// 检查标题编号的连续性：同级编号从一起、不跳号，同级小标题都有编号（默认是）。
    #[serde(default = "yes")]
    pub headings: bool,
    /// 检查标题是否越级（“一、”之下直接是“1.”），默认同 `headings`。
    #[serde(default)]
    pub levels: Option<bool>,
    /// 检查段中列举项（如“一是、二是”）的连续性（默认是；须同时给出 `run_in_marker`）。
    #[serde(default = "yes")]
    pub run_in: bool,
    /// 段中列举项的写法（正则）：第 1 个捕获组是列举项本身（标注的范围），第 2 个捕获组是
    /// 其中的汉字数字，如 `(?:^|[。；：，！？\s“（(])(([一二三四五六七八九十]{1,3})是)`。
    /// 缺少的项按标注文字 `run_in_item` 写出。省略时不检查列举项。
    #[serde(default)]
    pub run_in_marker: Option<String>,
}

fn yes() -> bool {
    true
}

impl Kind for SequenceKind {
    const NAME: &'static str = "sequence";
    const PLACEHOLDERS: &'static [&'static str] = &["detail"];
    const DOCS: &'static str =
        "各级标题编号（级别和写法见规则包的 `document.headings`）和段内列举标记（`run_in_marker`）的连续性：每级从一起、不跳号（`headings`），不越级（`levels`）。";
    type Options = SequenceOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "top",
            "正文中",
            &[],
            "不在任何小节之下时，`{detail}` 中对所在位置的称呼",
        ),
        LabelKey::new(
            "unnumbered",
            "{parent}的{count}个同级条目中，只有{numbered}有编号，另{bare}个没有编号",
            &["parent", "count", "numbered", "bare"],
            "同级中有的有编号、有的没有时 `{detail}` 的值（parent 是所在位置）",
        ),
        LabelKey::new(
            "run_in_item",
            "{number}是",
            &["number"],
            "缺少的列举项的写法（number 是汉字数字）",
        ),
    ];

    fn compile(o: SequenceOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let run_in = match (o.run_in, &o.run_in_marker) {
            (true, Some(pattern)) => {
                let regex = env.regex("check.run_in_marker", pattern)?;
                if regex.captures_len() < 3 {
                    env.error(
                        "check.run_in_marker",
                        None,
                        Problem::new(
                            "run_in_marker 的正则需要 2 个捕获组",
                            "捕获组不够",
                            "第 1 个捕获组是列举项本身，第 2 个是其中的汉字数字，如 (([一二三四五六七八九十]{1,3})是)；只分组不取出时写 (?:…)",
                        ),
                    );
                    return None;
                }
                Some(regex)
            }
            _ => None,
        };
        Some(Box::new(SequenceCheck {
            headings: o.headings,
            levels: o.levels.unwrap_or(o.headings),
            run_in,
            labels: env.labels(),
        }))
    }
}

#[derive(Debug)]
pub struct SequenceCheck {
    pub headings: bool,
    /// Report headings that skip a level.
    pub levels: bool,
    /// The run-in item marker: group 1 the item, group 2 its numeral.
    run_in: Option<Regex>,
    labels: Labels,
}

impl Check for SequenceCheck {
    fn kind(&self) -> &'static str {
        SequenceKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["detail"]
    }

    fn fixability(&self) -> Fixability {
        Fixability::Unsafe
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        if self.headings {
            heading_numbers(ctx, &self.labels, out);
        }
        if self.levels {
            skipped_levels(ctx, out);
        }
        if let Some(marker) = &self.run_in {
            run_in_items(ctx, marker, &self.labels, out);
        }
    }
}

fn parent_name(ctx: &Context, labels: &Labels, parent: Option<usize>) -> String {
    let doc = ctx.doc;
    match parent {
        Some(p) => format!(
            "“{}”下",
            doc.slice(doc.headings[p].span).trim_end_matches('。')
        ),
        None => ctx.label(labels, "top", &[]),
    }
}

/// The headings directly below each heading, in document order: index 0 is
/// the top of the document, index `h + 1` heading `h`. Built once, so that a
/// report of thousands of headings is not searched once per heading.
fn child_lists(doc: &Document) -> Vec<Vec<usize>> {
    let mut lists = vec![Vec::new(); doc.headings.len() + 1];
    for (h, heading) in doc.headings.iter().enumerate() {
        lists[heading.parent.map_or(0, |p| p + 1)].push(h);
    }
    lists
}

fn heading_numbers(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    for (i, children) in child_lists(doc).iter().enumerate() {
        let parent = i.checked_sub(1);
        for level in 1..=4u8 {
            let group: Vec<usize> = children
                .iter()
                .copied()
                .filter(|&h| doc.headings[h].level == level)
                .collect();
            if group.is_empty() {
                continue;
            }
            let bare: Vec<(usize, usize)> = group
                .iter()
                .enumerate()
                .filter(|(_, &h)| doc.headings[h].number.is_none())
                .map(|(pos, &h)| (pos, h))
                .collect();
            if bare.len() == group.len() {
                // No numbers at all: nothing to be continuous with.
                continue;
            }
            if !bare.is_empty() {
                unnumbered_siblings(ctx, labels, parent, level, &group, &bare, out);
            } else {
                gaps(ctx, labels, parent, level, &group, out);
            }
        }
    }
}

fn unnumbered_siblings(
    ctx: &Context,
    labels: &Labels,
    parent: Option<usize>,
    level: u8,
    group: &[usize],
    bare: &[(usize, usize)],
    out: &mut Findings,
) {
    let doc = ctx.doc;
    let numbered: Vec<String> = group
        .iter()
        .filter_map(|&h| doc.headings[h].marker.map(|m| doc.slice(m).to_string()))
        .collect();
    let detail = ctx.label(
        labels,
        "unnumbered",
        &[
            ("parent", &parent_name(ctx, labels, parent)),
            ("count", &group.len().to_string()),
            ("numbered", &numbered.join("")),
            ("bare", &bare.len().to_string()),
        ],
    );
    // The fix numbers the labelled headings; `--fix` takes the rest in its
    // next round.
    let shown = &bare[..bare.len().min(MAX_LABELS)];
    let mut labels = shown.iter().map(|&(pos, h)| {
        Label::new(
            doc.headings[h].span,
            format!("应编为“{}”", ctx.grammar.marker(level, pos as u32 + 1)),
        )
    });
    let Some(primary) = labels.next() else { return };
    let mut finding = ctx.finding(primary, &[("detail", detail.as_str())]);
    finding.secondary = labels.collect();
    finding.note_unlabelled(bare.len() - shown.len());
    let edits = shown
        .iter()
        .map(|&(pos, h)| Edit {
            span: Span::empty(doc.headings[h].span.start),
            replacement: ctx.grammar.marker(level, pos as u32 + 1),
        })
        .collect();
    if ctx.grammar.writes(level) {
        finding.fix = Some(Fix::new("补上缺失的编号", Applicability::Unsafe, edits));
    }
    out.push(finding);
}

fn gaps(
    ctx: &Context,
    labels: &Labels,
    parent: Option<usize>,
    level: u8,
    group: &[usize],
    out: &mut Findings,
) {
    let doc = ctx.doc;
    let first = running_start(doc, parent, level, group);
    for (pos, &h) in group.iter().enumerate() {
        let expected = pos as u32 + first;
        let Some(number) = doc.headings[h].number else {
            continue;
        };
        if number == expected {
            continue;
        }
        let written = doc.headings[h]
            .marker
            .map(|m| doc.slice(m))
            .unwrap_or_default();
        let (label, detail) = if number > expected {
            let missing: Vec<String> = (expected..number)
                .map(|n| ctx.grammar.marker(level, n))
                .collect();
            (
                format!("此前缺少“{}”", missing.join("")),
                format!(
                    "{}的编号从“{}”跳到了“{}”",
                    parent_name(ctx, labels, parent),
                    prev_marker(ctx, level, expected),
                    written
                ),
            )
        } else {
            (
                format!("应为“{}”", ctx.grammar.marker(level, expected)),
                format!(
                    "{}的编号“{}”重复或倒序",
                    parent_name(ctx, labels, parent),
                    written
                ),
            )
        };
        out.push(ctx.finding(
            Label::new(doc.headings[h].span, label),
            &[("detail", detail.as_str())],
        ));
        // Later numbers in the group follow from this one; one finding is enough.
        break;
    }
}

/// The number the headings of `group` start from: 1, or, when the report
/// numbers a level on through its parents' sections (（一）1. 2. （二）3. 4.),
/// one more than the last heading of that level before the group, when the
/// group's first number is above it. Running numbers are a style of their
/// own, not items lost.
fn running_start(doc: &Document, parent: Option<usize>, level: u8, group: &[usize]) -> u32 {
    let (Some(_), Some(&head)) = (parent, group.first()) else {
        return 1;
    };
    let before = doc.headings[..head]
        .iter()
        .rev()
        .find(|h| h.level == level)
        .and_then(|h| h.number);
    match (before, doc.headings[head].number) {
        (Some(b), Some(n)) if n > 1 && n > b => b + 1,
        _ => 1,
    }
}

fn prev_marker(ctx: &Context, level: u8, expected: u32) -> String {
    if expected <= 1 {
        "开头".to_string()
    } else {
        ctx.grammar.marker(level, expected - 1)
    }
}

/// A heading two or more levels below its parent (“1.” right under “一、”):
/// one finding per parent, with a label on each such heading.
fn skipped_levels(ctx: &Context, out: &mut Findings) {
    let doc = ctx.doc;
    let lists = child_lists(doc);
    for (parent, children) in lists.iter().skip(1).enumerate() {
        let parent_level = doc.headings[parent].level;
        let skipped: Vec<usize> = children
            .iter()
            .copied()
            .filter(|&h| {
                doc.headings[h].number.is_some() && doc.headings[h].level > parent_level + 1
            })
            .collect();
        let Some(&first) = skipped.first() else {
            continue;
        };
        let marker_of = |h: usize| {
            doc.headings[h]
                .marker
                .map(|m| doc.slice(m))
                .unwrap_or_default()
        };
        let detail = format!(
            "“{}”下直接使用了“{}”，跳过了“{}”这一层",
            doc.slice(doc.headings[parent].span).trim_end_matches('。'),
            marker_of(first),
            ctx.grammar.marker(parent_level + 1, 1)
        );
        let mut finding = ctx.finding(
            Label::new(doc.headings[first].span, "层级跳跃"),
            &[("detail", detail.as_str())],
        );
        finding.secondary = skipped[1..]
            .iter()
            .map(|&h| Label::new(doc.headings[h].span, "层级跳跃"))
            .collect();
        out.push(finding);
    }
}

fn run_in_items(ctx: &Context, marker: &Regex, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    // (section, number, span of the item marker)
    let mut items: Vec<(Option<usize>, u32, Span)> = Vec::new();
    for span in doc.prose() {
        let text = doc.slice(span);
        let section = doc.heading_at(span.start);
        for caps in marker.captures_iter(text) {
            let (Some(item), Some(numeral)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let Some(n) = chinese_number(numeral.as_str()) else {
                continue;
            };
            items.push((
                section,
                n,
                Span::new(span.start + item.start(), span.start + item.end()),
            ));
        }
    }
    let mut previous: Option<(Option<usize>, u32, Span)> = None;
    for item in items {
        let (section, n, span) = item;
        if let Some((prev_section, prev_n, prev_span)) = previous {
            if prev_section == section && n > prev_n + 1 {
                let missing: Vec<String> = (prev_n + 1..n)
                    .map(|k| ctx.label(labels, "run_in_item", &[("number", &to_chinese_number(k))]))
                    .collect();
                let detail = format!(
                    "“{}”之后直接是“{}”，缺少“{}”",
                    doc.slice(prev_span),
                    doc.slice(span),
                    missing.join("”“")
                );
                let mut finding = ctx.finding(
                    Label::new(span, format!("此前缺少“{}”", missing.join("”“"))),
                    &[("detail", detail.as_str())],
                );
                finding.secondary.push(Label::new(prev_span, "上一项"));
                out.push(finding);
            }
        }
        previous = Some(item);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};

    const RULE: &str = "  - {id: S1, title: t, severity: warning, message: '{detail}', check: {kind: sequence, run_in_marker: '(?:^|[。；：，！？\\s“（(])(([一二三四五六七八九十]{1,3})是)', labels: {top: 报告正文中, unnumbered: '{parent}的{count}个同级小标题中，只有{numbered}有编号，另{bare}个没有编号'}}}\n";

    #[test]
    fn numbers_running_on_through_the_parents_are_continuous() {
        let text = "标题2023年度报告\n一、主要举措和成效\n（一）加强领导\n1.健全机制。\n2.压实责任。\n（二）履行职能\n3.深化改革。\n4.优化服务。\n（三）规范执法\n6.严格执法。\n";
        let findings = run(RULE, text);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].message,
            "“（三）规范执法”下的编号从“4.”跳到了“6.”"
        );
    }

    #[test]
    fn continuous_numbering_is_silent() {
        assert!(run(RULE, &complete_report(2023)).is_empty());
    }

    #[test]
    fn a_gap_is_reported_once_per_level() {
        let text = complete_report(2023)
            .replace("三、党政", "四、党政")
            .replace("四、2024", "五、2024")
            .replace("五、其他", "六、其他");
        let findings = run(RULE, &text);
        assert_eq!(
            spans(&findings, &text),
            ["四、党政主要负责人履行推进法治建设第一责任人职责情况"]
        );
        assert_eq!(findings[0].message, "报告正文中的编号从“二、”跳到了“四、”");
    }

    #[test]
    fn unnumbered_siblings_get_one_finding_with_the_numbers_they_need() {
        let long = "坚持把学习贯彻习近平法治思想作为重要内容，通过专题学习研讨等方式认真学习，全年组织集中学法十二次。";
        let text = complete_report(2023).replace(
            "（二）规范行政决策。",
            &format!("规范行政决策。\n{long}\n（三）强化监督。"),
        );
        let findings = run(RULE, &text);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(spans(&findings, &text), ["规范行政决策。"]);
        assert_eq!(
            findings[0].primary.message.as_deref(),
            Some("应编为“（二）”")
        );
        let fix = findings[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "（二）");
    }

    #[test]
    fn skipped_level_is_one_finding_per_parent() {
        let text = complete_report(2023).replace(
            "一是行政执法规范化水平有待提高；二是基层法治力量薄弱。",
            "1.行政执法规范化水平有待提高。\n2.基层法治力量薄弱。",
        );
        let findings = run(RULE, &text);
        assert_eq!(spans(&findings, &text), ["1.行政执法规范化水平有待提高。"]);
        assert_eq!(findings[0].secondary.len(), 1);
    }

    #[test]
    fn skipped_levels_and_numbering_are_separate_switches() {
        let text = complete_report(2023)
            .replace(
                "一是行政执法规范化水平有待提高；二是基层法治力量薄弱。",
                "1.行政执法规范化水平有待提高。\n2.基层法治力量薄弱。",
            )
            .replace("三、党政", "四、党政")
            .replace("四、2024", "五、2024")
            .replace("五、其他", "六、其他");
        let numbers = RULE.replace("kind: sequence,", "kind: sequence, levels: false,");
        assert_eq!(
            spans(&run(&numbers, &text), &text),
            ["四、党政主要负责人履行推进法治建设第一责任人职责情况"]
        );
        let levels = "  - {id: S2, title: t, severity: info, message: '{detail}', check: {kind: sequence, headings: false, levels: true}}\n";
        assert_eq!(
            spans(&run(levels, &text), &text),
            ["1.行政执法规范化水平有待提高。"]
        );
    }

    #[test]
    fn a_parent_with_a_deeper_heading_between_its_children_is_reported_once() {
        let text = complete_report(2023).replace(
            "一是行政执法规范化水平有待提高；二是基层法治力量薄弱。",
            "1.行政执法规范化水平有待提高。\n（1）执法人员不足。\n2.基层法治力量薄弱。",
        );
        let findings = run(RULE, &text);
        assert_eq!(spans(&findings, &text), ["1.行政执法规范化水平有待提高。"]);
        assert_eq!(findings[0].secondary.len(), 1);
    }

    #[test]
    fn run_in_items_must_not_skip() {
        let text = complete_report(2023).replace("二是基层法治力量薄弱", "三是基层法治力量薄弱");
        let findings = run(RULE, &text);
        assert_eq!(spans(&findings, &text), ["三是"]);
        // 统一是 is not an item.
        let text = complete_report(2023).replace("究其原因", "统一是前提。究其原因");
        assert!(run(RULE, &text).is_empty());
    }
}
