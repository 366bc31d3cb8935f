//! `kind: template` — the report's required parts, as the template section
//! list describes them: a missing section, sections out of the regulation's
//! order, content a section must contain (the 不足 section must give 原因), and
//! the year a section must name (the 主要安排 must name the next year), and
//! a section found without a heading of its own, under headings named for
//! the work (see [`crate::outline::Outline`]).
//!
//! A regulation asks for a report's content, not for its headings: a report
//! without a 第一责任人 part whose text still gives an account of the duty
//! (“主要负责人……对法治建设重要工作亲自部署……”) lacks a part, not the content.
//! The words that recognise such an account are the pack's (`accounts`); the
//! missing-section finding then points at the account, at a lower severity.

use std::collections::BTreeMap;

use regex::{Regex, RegexSet};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::document::chars::sentences;
use crate::document::Span;
use crate::finding::{Findings, Label, Severity};
use crate::template::{Matcher, YearRef};

use super::{Check, CompileEnv, Context, Kind, LabelKey, Labels, Problem};

/// How many passing mentions a missing-section finding points at.
const MAX_MENTIONS: usize = 3;
/// The longest heading a message quotes in full, in characters.
const MAX_QUOTED_HEADING_CHARS: usize = 40;

/// `kind: template`.
pub struct TemplateKind;

/// 模板部分：缺失、顺序、必需内容、应写明的年份。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateOptions {
    /// 检查哪一方面：missing 缺失、order 顺序、content 必需内容、year 应写明的年份、topical 没有总标题（按以具体工作为题的标题识别出的部分）。
    pub aspect: TemplateAspect,
    /// 仅用于 `aspect: content`：标题承诺了该内容而正文没有时使用的诊断信息。
    #[serde(default)]
    pub promised_message: Option<String>,
    /// 仅用于 `aspect: missing`：正文中交代了某一部分内容的说法，按模板部分的 id 列出。逐句查找
    /// （书名号中的文字不算：那是引用文件的名称）。报告没有这一部分、正文中却有这样的交代时，
    /// 内容并不缺少，只是没有单独成部分：诊断改用 `account_severity` 和 `account_message`，指向这些交代。
    #[serde(default)]
    pub accounts: BTreeMap<String, AccountWords>,
    /// 仅用于 `aspect: missing`：正文中有交代（见 `accounts`）时诊断的级别，默认 warning；
    /// 不会高于规则本身（含配置文件所定）的级别。
    #[serde(default)]
    pub account_severity: Option<Severity>,
    /// 仅用于 `aspect: missing`：正文中有交代（见 `accounts`）时的诊断信息，占位符同规则的 `message`。
    #[serde(default)]
    pub account_message: Option<String>,
    /// 仅用于 `aspect: year`：不写数字也能说明是下一年的说法（正则），如规定原文“下一年度”。
    /// `names_year: next` 的部分，标题或正文中有其一即可。
    #[serde(default)]
    pub next_year_words: Vec<String>,
}

/// 一种交代的说法：`any` 中任一匹配、且 `not` 中无一匹配。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountWords {
    /// 任一匹配即为交代（正则）。
    pub any: Vec<String>,
    /// 任一匹配则该句不算（正则），如另一种职责（“全面从严治党第一责任人”）。
    #[serde(default)]
    pub not: Vec<String>,
}

/// 模板检查的方面。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateAspect {
    /// 缺少必需的部分。
    Missing,
    /// 部分的顺序与模板不同。
    Order,
    /// 部分缺少必需内容。
    Content,
    /// 部分没有写明应写的年份。
    Year,
    /// 部分没有总标题，按模板部分的 `topical` 从以具体工作为题的标题识别出。
    Topical,
}

impl Kind for TemplateKind {
    const NAME: &'static str = "template";
    const PLACEHOLDERS: &'static [&'static str] = &[
        "section",
        "wording",
        "clause",
        "before",
        "heading",
        "item",
        "wanted_year",
        "count",
    ];
    const DOCS: &'static str = "模板部分：缺少必需的部分、各部分的顺序与模板不同、部分缺少必需内容、部分没有写明应写的年份、部分没有总标题（按 `topical` 从以具体工作为题的标题识别出）。各部分及其内容在规则包的 `template:` 中定义。";
    type Options = TemplateOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "missing_before",
            "“{section}”应在此之前",
            &["section"],
            "missing：标在缺少的一节之后的那一节上",
        ),
        LabelKey::new(
            "missing_after",
            "“{section}”应在此节之后",
            &["section"],
            "missing：缺少的一节之后没有别的节时，标在它之前的一节上",
        ),
        LabelKey::new(
            "none_found",
            "没有识别出任何规定的章节",
            &[],
            "missing：一节也没有识别出时，标在题名上",
        ),
        LabelKey::new(
            "mention",
            "此处只是顺带提及，不是单独的一节",
            &[],
            "missing：正文中顺带提及缺少的一节之处",
        ),
        LabelKey::new(
            "account",
            "此处交代了这项内容，但不是单独的一部分",
            &[],
            "missing：正文中交代了缺少的一节的内容（`accounts`）之处",
        ),
        LabelKey::new(
            "order_ahead",
            "按规定应排在“{before}”之前",
            &["section", "before"],
            "order：标在位置靠后的一节上",
        ),
        LabelKey::new(
            "order_behind",
            "此节按规定应在后",
            &["section", "before"],
            "order：标在本应在后的一节上",
        ),
        LabelKey::new(
            "lacks_item",
            "这一节没有写明{item}",
            &["section", "item"],
            "content：标在缺少必需内容的一节的名称上",
        ),
        LabelKey::new(
            "promised",
            "这一节的名称写明了“{word}”，但正文没有写{item}",
            &["section", "item", "word"],
            "content：节名承诺了该内容（`promised_by`）而正文没有时的标注",
        ),
        LabelKey::new(
            "lacks_year",
            "这一节没有写明{wanted_year}年",
            &["section", "wanted_year"],
            "year：标在没有写明年份的一节上",
        ),
        LabelKey::new(
            "topical_first",
            "“{section}”从这里开始，没有总标题",
            &["section"],
            "topical：标在代替总标题的第一个标题上",
        ),
        LabelKey::new(
            "topical_more",
            "也属于“{section}”",
            &["section"],
            "topical：标在代替总标题的其他标题上",
        ),
    ];

    fn compile(o: TemplateOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let missing = o.aspect == TemplateAspect::Missing;
        let misplaced = [
            (
                "promised_message",
                o.promised_message.is_some() && o.aspect != TemplateAspect::Content,
                "content",
            ),
            ("accounts", !o.accounts.is_empty() && !missing, "missing"),
            (
                "account_severity",
                o.account_severity.is_some() && !missing,
                "missing",
            ),
            (
                "account_message",
                o.account_message.is_some() && !missing,
                "missing",
            ),
            (
                "next_year_words",
                !o.next_year_words.is_empty() && o.aspect != TemplateAspect::Year,
                "year",
            ),
        ];
        let mut ok = true;
        for (key, _, aspect) in misplaced.iter().filter(|(_, wrong, _)| *wrong) {
            only_for_aspect(env, key, aspect);
            ok = false;
        }
        let mut accounts = Vec::new();
        for (id, words) in &o.accounts {
            let Some(section) = env.template().index_of(id) else {
                let ids: Vec<String> = env
                    .template()
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .collect();
                env.error(
                    &format!("check.accounts.{id}"),
                    None,
                    Problem::new(
                        format!("模板中没有 id 为 `{id}` 的部分"),
                        "未知的部分",
                        format!("可用的部分：{}", ids.join("、")),
                    ),
                );
                ok = false;
                continue;
            };
            let any = regexes(env, &format!("check.accounts.{id}.any"), &words.any);
            let not = regexes(env, &format!("check.accounts.{id}.not"), &words.not);
            match (any, not) {
                (Some(any), Some(not)) if !any.is_empty() => {
                    let any_set = env.regex_set(&words.any);
                    accounts.push(Account {
                        section,
                        any,
                        any_set,
                        not,
                    })
                }
                (Some(_), Some(_)) => {
                    env.error(
                        &format!("check.accounts.{id}.any"),
                        None,
                        Problem::new(
                            "没有列出交代的说法",
                            "列表为空",
                            "至少写一个正则；不需要时删除这一部分的条目",
                        ),
                    );
                    ok = false;
                }
                _ => ok = false,
            }
        }
        let next_year_words = regexes(env, "check.next_year_words", &o.next_year_words);
        let next_year_words = next_year_words?;
        if !ok {
            return None;
        }
        Some(Box::new(TemplateCheck {
            aspect: o.aspect,
            promised_message: o.promised_message,
            accounts,
            account_severity: o.account_severity.unwrap_or(Severity::Warning),
            account_message: o.account_message,
            next_year_words,
            labels: env.labels(),
        }))
    }
}

/// Reports an option given for an aspect it does not apply to.
fn only_for_aspect(env: &mut impl CompileEnv, key: &str, aspect: &str) {
    env.error(
        &format!("check.{key}"),
        None,
        Problem::new(
            format!("`{key}` 只用于 `aspect: {aspect}`"),
            "此处无效",
            format!("删除此键，或将 aspect 改为 {aspect}"),
        ),
    );
}

/// Compiles a list of regexes, each reported at its place (`at[i]`).
fn regexes(env: &mut impl CompileEnv, at: &str, patterns: &[String]) -> Option<Vec<Regex>> {
    let mut out = Vec::with_capacity(patterns.len());
    let mut ok = true;
    for (i, p) in patterns.iter().enumerate() {
        match env.regex(&format!("{at}[{i}]"), p) {
            Some(r) => out.push(r),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// The words that recognise an account of a section's content in the text.
#[derive(Debug)]
struct Account {
    /// Index of the template section.
    section: usize,
    any: Vec<Regex>,
    /// `any` as one set: most sentences match none of them.
    any_set: Option<RegexSet>,
    not: Vec<Regex>,
}

impl Account {
    /// Whether any of the `any` regexes matches `text`.
    fn any_matches(&self, text: &str) -> bool {
        match &self.any_set {
            Some(set) => set.is_match(text),
            None => self.any.iter().any(|r| r.is_match(text)),
        }
    }
}

#[derive(Debug)]
pub struct TemplateCheck {
    aspect: TemplateAspect,
    promised_message: Option<String>,
    accounts: Vec<Account>,
    account_severity: Severity,
    account_message: Option<String>,
    next_year_words: Vec<Regex>,
    labels: Labels,
}

impl Check for TemplateCheck {
    fn kind(&self) -> &'static str {
        TemplateKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        match self.aspect {
            TemplateAspect::Missing => &["section", "wording", "clause"],
            TemplateAspect::Order => &["section", "before"],
            TemplateAspect::Content => &["section", "heading", "item", "wording", "clause"],
            TemplateAspect::Year => &["section", "heading", "wanted_year", "wording", "clause"],
            TemplateAspect::Topical => &["section", "heading", "count", "wording", "clause"],
        }
    }

    fn messages(&self) -> Vec<(&'static str, &str)> {
        let promised = self
            .promised_message
            .iter()
            .map(|m| ("check.promised_message", m.as_str()));
        let account = self
            .account_message
            .iter()
            .map(|m| ("check.account_message", m.as_str()));
        promised.chain(account).collect()
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        match self.aspect {
            TemplateAspect::Missing => self.missing(ctx, out),
            TemplateAspect::Order => order(ctx, &self.labels, out),
            TemplateAspect::Content => self.content(ctx, out),
            TemplateAspect::Year => self.year(ctx, out),
            TemplateAspect::Topical => topical(ctx, &self.labels, out),
        }
    }
}

impl TemplateCheck {
    fn content(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        for (s, section) in ctx.template.sections.iter().enumerate() {
            let Some(h) = ctx.outline.heading_of(s) else {
                continue;
            };
            let heading = &doc.headings[h];
            let title = doc.slice(heading.title);
            let body = body_text(ctx, s);
            for item in &section.contents {
                if body
                    .iter()
                    .any(|span| item.any.is_match(doc.matching(*span)))
                {
                    continue;
                }
                let promised = item
                    .promised_by
                    .as_ref()
                    .and_then(|p| p.find(title))
                    .map(|m| m.as_str());
                let values = [
                    ("section", section.title.as_str()),
                    ("heading", doc.slice(heading.span)),
                    ("item", item.title.as_str()),
                    ("wording", section.wording.as_str()),
                    ("clause", section.clause.as_deref().unwrap_or_default()),
                ];
                let named = [
                    ("section", section.title.as_str()),
                    ("item", item.title.as_str()),
                ];
                let label = match promised {
                    Some(word) => ctx.label(
                        &self.labels,
                        "promised",
                        &[named[0], named[1], ("word", word)],
                    ),
                    None => ctx.label(&self.labels, "lacks_item", &named),
                };
                let mut finding = ctx.finding(Label::new(heading.span, label), &values);
                if let Some(m) = &item.message {
                    let (year, next_year) = ctx.years();
                    let mut all = values.to_vec();
                    all.extend([("year", year.as_str()), ("next_year", next_year.as_str())]);
                    finding.message = super::message::render(m, &all);
                }
                if let Some(severity) = item.severity {
                    finding.severity = severity;
                }
                if promised.is_some() {
                    if let Some(m) = &self.promised_message {
                        finding.message = super::message::render(m, &values);
                    }
                }
                finding.item = Some(item.id.clone());
                out.push(finding);
            }
        }
    }
}

/// The text of a template section without its heading: the run-in text and
/// everything up to the next section.
fn body_text(ctx: &Context, s: usize) -> Vec<Span> {
    ctx.outline.found[s]
        .iter()
        .map(|&h| {
            let heading = &ctx.doc.headings[h];
            heading
                .run_in
                .map_or(heading.section, |r| r.cover(heading.section))
        })
        .collect()
}

impl TemplateCheck {
    fn missing(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let labels = &self.labels;
        let sections = &ctx.template.sections;
        for (s, section) in sections.iter().enumerate() {
            if !section.required || ctx.outline.heading_of(s).is_some() {
                continue;
            }
            // Point where the section should go: before the next part of the
            // template the report does have, else after the last one it has.
            let next = (s + 1..sections.len()).find_map(|t| ctx.outline.heading_of(t));
            let previous = (0..s).rev().find_map(|t| ctx.outline.heading_of(t));
            let named = [("section", section.title.as_str())];
            let place = match (next, previous) {
                (Some(h), _) => Label::new(
                    doc.headings[h].span,
                    ctx.label(labels, "missing_before", &named),
                ),
                (None, Some(h)) => Label::new(
                    doc.headings[h].span,
                    ctx.label(labels, "missing_after", &named),
                ),
                (None, None) => Label::new(
                    doc.title
                        .as_ref()
                        .map_or(Span::new(0, first_line_end(&doc.text)), |t| t.span()),
                    ctx.label(labels, "none_found", &[]),
                ),
            };
            let values = [
                ("section", section.title.as_str()),
                ("wording", section.wording.as_str()),
                ("clause", section.clause.as_deref().unwrap_or_default()),
            ];
            let accounts = self
                .accounts
                .iter()
                .find(|a| a.section == s)
                .map(|a| account_labels(ctx, a, &ctx.label(labels, "account", &[])))
                .unwrap_or_default();
            let mut finding = if accounts.is_empty() {
                let mut finding = ctx.finding(place, &values);
                if let Some(mentions) = &section.mentions {
                    finding.secondary =
                        mention_labels(ctx, mentions, &ctx.label(labels, "mention", &[]));
                }
                finding
            } else {
                // The content is there, not as a part of its own: the finding
                // points at the account, and at where the part would go.
                let mut accounts = accounts.into_iter();
                let Some(first) = accounts.next() else {
                    continue;
                };
                let mut finding = ctx.finding(first, &values);
                finding.secondary = accounts.collect();
                finding.secondary.push(place);
                finding.severity = finding.severity.min(self.account_severity);
                finding.item_in_text = true;
                if let Some(m) = &self.account_message {
                    let (year, next_year) = ctx.years();
                    let mut all = values.to_vec();
                    all.extend([("year", year.as_str()), ("next_year", next_year.as_str())]);
                    finding.message = super::message::render(m, &all);
                }
                finding
            };
            finding.item = Some(section.id.clone());
            out.push(finding);
        }
    }

    fn year(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let Some(report_year) = doc.year() else {
            return;
        };
        for (s, section) in ctx.template.sections.iter().enumerate() {
            let Some(reference) = section.names_year else {
                continue;
            };
            let year = match reference {
                YearRef::Report => report_year,
                YearRef::Next => report_year + 1,
            };
            let Some(h) = ctx.outline.heading_of(s) else {
                continue;
            };
            let heading = &doc.headings[h];
            let wanted = format!("{year}年");
            let named = std::iter::once(heading.span)
                .chain(body_text(ctx, s))
                .map(|span| doc.slice(span))
                .any(|text| {
                    text.contains(&wanted)
                        || (reference == YearRef::Next
                            && self.next_year_words.iter().any(|w| w.is_match(text)))
                });
            if named {
                continue;
            }
            let year_text = year.to_string();
            let values = [
                ("section", section.title.as_str()),
                ("heading", doc.slice(heading.span)),
                ("wanted_year", year_text.as_str()),
                ("wording", section.wording.as_str()),
                ("clause", section.clause.as_deref().unwrap_or_default()),
            ];
            let mut finding = ctx.finding(
                Label::new(heading.span, ctx.label(&self.labels, "lacks_year", &values)),
                &values,
            );
            finding.item = Some(section.id.clone());
            out.push(finding);
        }
    }
}

/// The sentences that give an account of a missing section's content: one
/// label per sentence (covering every match in it), at most
/// [`MAX_MENTIONS`]. Text within 《》 is a document's name, not an account:
/// “落实《党政主要负责人履行推进法治建设第一责任人职责规定》” cites the
/// regulation and says nothing of what the head of government did.
fn account_labels(ctx: &Context, account: &Account, label: &str) -> Vec<Label> {
    let doc = ctx.doc;
    let mut labels = Vec::new();
    for paragraph in doc.prose() {
        for sentence in sentences(&doc.text, paragraph) {
            let text = blank_titles(doc.slice(sentence));
            // Most sentences give no account at all: they are read once.
            if !account.any_matches(&text) || account.not.iter().any(|r| r.is_match(&text)) {
                continue;
            }
            let cover = account
                .any
                .iter()
                .flat_map(|r| r.find_iter(&text))
                .map(|m| Span::new(sentence.start + m.start(), sentence.start + m.end()))
                .reduce(|a, b| a.cover(b));
            if let Some(span) = cover {
                labels.push(Label::new(span, label));
                if labels.len() == MAX_MENTIONS {
                    return labels;
                }
            }
        }
    }
    labels
}

/// `text` with everything inside 《》 (nested marks included) replaced by
/// spaces of the same byte length, so that offsets stay those of `text`;
/// `text` itself when it has no 《.
fn blank_titles(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('《') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' if depth > 0 => depth -= 1,
            _ if depth > 0 => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Passing mentions of a missing section's subject: one label per sentence
/// (covering every match in it), at most [`MAX_MENTIONS`].
fn mention_labels(ctx: &Context, mentions: &Matcher, label: &str) -> Vec<Label> {
    let doc = ctx.doc;
    let mut labels = Vec::new();
    for paragraph in doc.prose() {
        for sentence in sentences(&doc.text, paragraph) {
            let text = doc.slice(sentence);
            // Most sentences mention nothing: `find` is read first.
            if !mentions.find.is_match(text) || mentions.not.is_match(text) {
                continue;
            }
            let cover = mentions
                .find
                .find_iter(text)
                .map(|m| Span::new(sentence.start + m.start(), sentence.start + m.end()))
                .reduce(|a, b| a.cover(b));
            if let Some(span) = cover {
                labels.push(Label::new(span, label));
                if labels.len() == MAX_MENTIONS {
                    return labels;
                }
            }
        }
    }
    labels
}

fn first_line_end(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

fn order(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    // A section found as a sub-heading (第一责任人 as （四） under 一、) goes
    // where its parent goes; only top-level sections are put in order.
    let mut present: Vec<(usize, usize)> = (0..ctx.template.sections.len())
        .filter_map(|s| ctx.outline.heading_of(s).map(|h| (h, s)))
        .filter(|&(h, _)| doc.headings[h].parent.is_none())
        .collect();
    present.sort();
    for pair in present.windows(2) {
        let ((h_before, s_before), (h_after, s_after)) = (pair[0], pair[1]);
        if s_after > s_before {
            continue;
        }
        let moved = &ctx.template.sections[s_after];
        let ahead = &ctx.template.sections[s_before];
        let values = [
            ("section", moved.title.as_str()),
            ("before", ahead.title.as_str()),
        ];
        let mut finding = ctx.finding(
            Label::new(
                doc.headings[h_after].span,
                ctx.label(labels, "order_ahead", &values),
            ),
            &values,
        );
        finding.secondary.push(Label::new(
            doc.headings[h_before].span,
            ctx.label(labels, "order_behind", &values),
        ));
        finding.item = Some(moved.id.clone());
        out.push(finding);
    }
}

/// A heading as a message quotes it: without the 。 that ends a run-in
/// heading, and cut short (“……”) where it runs on (a heading in text that
/// lost its line breaks takes the sentence after it).
fn quote_heading(heading: &str) -> String {
    let heading = heading.trim_end_matches('。');
    match heading.char_indices().nth(MAX_QUOTED_HEADING_CHARS) {
        Some((cut, _)) => format!("{}……", &heading[..cut]),
        None => heading.to_string(),
    }
}

/// One finding per section found at topical headings instead of a heading of
/// its own: on the first of them, the others as secondary labels.
fn topical(ctx: &Context, labels: &Labels, out: &mut Findings) {
    let doc = ctx.doc;
    for (s, section) in ctx.template.sections.iter().enumerate() {
        if !ctx.outline.topical.get(s).copied().unwrap_or(false) {
            continue;
        }
        let headings = &ctx.outline.found[s];
        let Some(&first) = headings.first() else {
            continue;
        };
        let count = headings.len().to_string();
        let quoted = quote_heading(doc.slice(doc.headings[first].span));
        let values = [
            ("section", section.title.as_str()),
            ("heading", quoted.as_str()),
            ("count", count.as_str()),
            ("wording", section.wording.as_str()),
            ("clause", section.clause.as_deref().unwrap_or_default()),
        ];
        let named = [("section", section.title.as_str())];
        let mut finding = ctx.finding(
            Label::new(
                doc.headings[first].span,
                ctx.label(labels, "topical_first", &named),
            ),
            &values,
        );
        let more = ctx.label(labels, "topical_more", &named);
        finding.secondary = headings[1..]
            .iter()
            .map(|&h| Label::new(doc.headings[h].span, more.clone()))
            .collect();
        finding.item = Some(section.id.clone());
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};

    const MISSING: &str = "  - {id: T1, title: t, severity: error, message: '缺少{section}', check: {kind: template, aspect: missing}}\n";
    const CONTENT: &str = "  - {id: T2, title: t, severity: error, message: '{heading}无原因', check: {kind: template, aspect: content, promised_message: '承诺了原因'}}\n";
    const YEAR: &str = "  - {id: T3, title: t, severity: error, message: '未写{wanted_year}', check: {kind: template, aspect: year}}\n";
    const ORDER: &str = "  - {id: T4, title: t, severity: warning, message: '{section}在{before}之后', check: {kind: template, aspect: order}}\n";

    fn all() -> String {
        [MISSING, CONTENT, YEAR, ORDER].concat()
    }

    #[test]
    fn a_complete_report_has_no_template_finding() {
        assert!(run(&all(), &complete_report(2023)).is_empty());
    }

    #[test]
    fn heading_variants_are_recognised() {
        for (measures, shortcomings, first, plan) in [
            (
                "一、主要工作举措及成效",
                "二、存在的问题及原因",
                "三、主要负责人履行推进法治建设第一责任人职责情况",
                "四、2024年工作打算",
            ),
            (
                "一、2023年工作开展情况",
                "二、存在的短板和原因",
                "三、党政主要负责同志履行法治建设职责情况",
                "四、下一步工作计划（2024年）",
            ),
            (
                "一、推进法治政府建设的主要做法",
                "二、工作中存在的差距及原因",
                "三、党政主要负责人述法情况",
                "四、2024年工作思路",
            ),
        ] {
            let text = complete_report(2023)
                .replace("一、2023年推进法治政府建设的主要举措和成效", measures)
                .replace("二、存在的不足和原因", shortcomings)
                .replace(
                    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                    first,
                )
                .replace("四、2024年推进法治政府建设的主要安排", plan);
            let findings = run(&all(), &text);
            assert!(findings.is_empty(), "{measures} / {plan}: {findings:#?}");
        }
    }

    #[test]
    fn missing_section_points_at_where_it_belongs_and_at_passing_mentions() {
        let text = complete_report(2023)
            .replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n", "")
            .replace(
                "县政府主要负责同志对法治建设",
                "县长作为第一责任人对法治建设",
            );
        let findings = run(MISSING, &text);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "缺少党政主要负责人履行推进法治建设第一责任人职责情况"
        );
        assert_eq!(f.item.as_deref(), Some("first-responsible"));
        assert_eq!(
            &text[f.primary.span.start..f.primary.span.end],
            "四、2024年推进法治政府建设的主要安排"
        );
        assert_eq!(
            &text[f.secondary[0].span.start..f.secondary[0].span.end],
            "第一责任人"
        );
    }

    const ACCOUNTS: &str = "  - {id: T6, title: t, severity: error, message: '缺少{section}', check: {kind: template, aspect: missing, accounts: {first-responsible: {any: ['主要负责(?:人|同志)[^。]{0,30}第一责任人'], not: ['全面从严治党']}}, account_message: '{section}不是单独的部分'}}\n";

    #[test]
    fn an_account_in_the_text_makes_a_missing_part_a_warning_pointing_at_it() {
        use crate::finding::Severity;
        let text = complete_report(2023)
            .replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n", "")
            .replace(
                "县政府主要负责同志对法治建设",
                "县政府主要负责同志履行推进法治建设第一责任人职责，对法治建设",
            );
        let findings = run(ACCOUNTS, &text);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message,
            "党政主要负责人履行推进法治建设第一责任人职责情况不是单独的部分"
        );
        assert_eq!(
            spans(&findings, &text),
            ["主要负责同志履行推进法治建设第一责任人"]
        );
        // The place the part would go is labelled too.
        let place = f.secondary.last().unwrap();
        assert_eq!(
            &text[place.span.start..place.span.end],
            "四、2024年推进法治政府建设的主要安排"
        );
    }

    #[test]
    fn a_cited_title_or_another_duty_is_no_account() {
        use crate::finding::Severity;
        for sentence in [
            "学习《党政主要负责人履行推进法治建设第一责任人职责规定》。",
            "主要负责同志履行全面从严治党第一责任人职责。",
        ] {
            let text = complete_report(2023)
                .replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n", "")
                .replace(
                    "县政府主要负责同志对法治建设重要工作亲自部署、重大问题亲自过问。",
                    sentence,
                );
            let findings = run(ACCOUNTS, &text);
            assert_eq!(findings.len(), 1, "{sentence}");
            assert_eq!(findings[0].severity, Severity::Error, "{sentence}");
            assert_eq!(
                findings[0].message,
                "缺少党政主要负责人履行推进法治建设第一责任人职责情况"
            );
        }
    }

    #[test]
    fn the_account_severity_is_never_above_the_rule() {
        use crate::finding::Severity;
        let rule = ACCOUNTS.replace("severity: error", "severity: info");
        let text = complete_report(2023)
            .replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n", "")
            .replace(
                "县政府主要负责同志对法治建设",
                "县政府主要负责同志履行推进法治建设第一责任人职责，对法治建设",
            );
        assert_eq!(run(&rule, &text)[0].severity, Severity::Info);
    }

    #[test]
    fn the_regulation_words_for_the_next_year_name_it() {
        let rule = "  - {id: T7, title: t, severity: warning, message: '未写{wanted_year}', check: {kind: template, aspect: year, next_year_words: ['下一年度']}}\n";
        let text = complete_report(2023)
            .replace(
                "四、2024年推进法治政府建设的主要安排",
                "四、下一年度推进法治政府建设的主要安排",
            )
            .replace("2024年，我县将", "我县将");
        assert!(run(rule, &text).is_empty());
        // Without the words, the same heading names no year.
        assert_eq!(run(YEAR, &text).len(), 1);
    }

    #[test]
    fn a_different_duty_is_not_the_first_responsible_section() {
        let text = complete_report(2023).replace(
            "三、党政主要负责人履行推进法治建设第一责任人职责情况",
            "三、落实全面从严治党第一责任人责任情况",
        );
        let findings = run(MISSING, &text);
        assert_eq!(
            spans(&findings, &text),
            ["四、2024年推进法治政府建设的主要安排"]
        );
    }

    #[test]
    fn first_responsible_as_a_second_level_heading_counts_and_is_in_order() {
        let text = complete_report(2023).replace(
            "三、党政主要负责人履行推进法治建设第一责任人职责情况\n县政府主要负责同志",
            "（三）党政主要负责人履行推进法治建设第一责任人职责情况。县政府主要负责同志",
        );
        // Move the sub-heading under 一、 by putting it before 二、.
        let (head, tail) = text.split_once("二、存在的不足和原因").unwrap();
        let sub = "（三）党政主要负责人履行推进法治建设第一责任人职责情况。县政府主要负责同志对法治建设重要工作亲自部署、重大问题亲自过问。\n";
        let text = format!("{head}{sub}二、存在的不足和原因{}", tail.replace(sub, ""));
        assert!(run(&all(), &text).is_empty(), "{text}");
    }

    #[test]
    fn reasons_missing_and_promised_by_the_heading() {
        let text = complete_report(2023).replace("究其原因，主要是法治培训不够深入。", "");
        let findings = run(CONTENT, &text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "承诺了原因");
        assert_eq!(findings[0].item.as_deref(), Some("reasons"));
        let text = text.replace("二、存在的不足和原因", "二、存在的问题");
        let findings = run(CONTENT, &text);
        assert_eq!(findings[0].message, "二、存在的问题无原因");
    }

    #[test]
    fn plan_must_name_the_next_year() {
        let text = complete_report(2023)
            .replace("四、2024年推进法治政府建设的主要安排", "四、下一步工作打算")
            .replace("2024年，我县将", "我县将");
        let findings = run(YEAR, &text);
        assert_eq!(spans(&findings, &text), ["四、下一步工作打算"]);
        assert_eq!(findings[0].message, "未写2024");
    }

    #[test]
    fn sections_out_of_order_get_one_warning() {
        let report = complete_report(2023);
        let (before, rest) = report.split_once("二、存在的不足和原因").unwrap();
        let (shortcomings, rest) = rest.split_once("三、党政主要负责人").unwrap();
        let (first, after) = rest.split_once("四、").unwrap();
        let text = format!(
            "{before}二、党政主要负责人{first}三、存在的不足和原因{shortcomings}四、{after}"
        );
        let findings = run(ORDER, &text);
        assert_eq!(spans(&findings, &text), ["三、存在的不足和原因"]);
    }
}

#[cfg(test)]
mod merged_heading_tests {
    use super::super::testing::{complete_report, run};

    #[test]
    fn a_merged_heading_opens_both_sections() {
        let rules = "  - {id: T1, title: t, severity: error, message: '缺少{section}', check: {kind: template, aspect: missing}}\n";
        let text = complete_report(2023)
            .replace("三、党政主要负责人", "二、党政主要负责人")
            .replace("二、存在的不足和原因\n", "")
            .replace("一是行政执法规范化水平有待提高；二是基层法治力量薄弱。究其原因，主要是法治培训不够深入。\n", "")
            .replace("四、2024年推进法治政府建设的主要安排", "三、存在的问题及2024年工作打算")
            .replace("2024年，我县将继续深化法治政府建设。", "执法规范化水平有待提高，原因是培训不够。2024年，我县将继续深化法治政府建设。");
        let findings = run(rules, &text);
        assert!(findings.is_empty(), "{findings:#?}");
    }
}

#[cfg(test)]
mod topical_tests {
    use super::super::testing::{complete_report, run, spans};

    const MISSING: &str = "  - {id: T1, title: t, severity: error, message: '缺少{section}', check: {kind: template, aspect: missing}}\n";
    const TOPICAL: &str = "  - {id: T5, title: t, severity: info, message: '{section}从{heading}起', check: {kind: template, aspect: topical}}\n";

    fn with_first_part(headings: &str) -> String {
        complete_report(2023).replace("一、2023年推进法治政府建设的主要举措和成效\n", headings)
    }

    #[test]
    fn topical_headings_before_the_next_part_stand_for_the_measures() {
        let text = with_first_part(
            "一、加强组织领导，统筹推进法治政府建设\n正文。\n一、严格规范公正文明执法\n",
        );
        let rules = [MISSING, TOPICAL].concat();
        let findings = run(&rules, &text);
        assert_eq!(
            spans(&findings, &text),
            ["一、加强组织领导，统筹推进法治政府建设"]
        );
        assert_eq!(
            findings[0].message,
            "主要举措和成效从一、加强组织领导，统筹推进法治政府建设起"
        );
    }

    #[test]
    fn aims_or_nothing_before_the_next_part_are_no_measures() {
        for first in [
            "",
            "一、总体要求\n正文。\n",
            "一、指导思想\n正文。\n一、加强组织领导\n正文。\n",
        ] {
            let text = with_first_part(first);
            let findings = run(MISSING, &text);
            assert_eq!(findings.len(), 1, "{first}");
            assert_eq!(findings[0].item.as_deref(), Some("measures"));
        }
    }
}
