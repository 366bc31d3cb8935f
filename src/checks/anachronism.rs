//! `kind: anachronism` — a reference to something that did not yet exist
//! when the report was written: 党的二十大精神 in a report on 2021, the
//! 2023 revision of the 行政复议法 in a report on 2022. Such a sentence was
//! copied from a later text, or the report's year is wrong.
//!
//! The table of references and the month each came into being is YAML. The
//! report's own date is its 成文日期 when the 落款 gives one in Arabic
//! numerals (a report on 2022 signed in March 2023 may mention February
//! 2023), otherwise the end of its report year.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Findings, Label, Severity};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Kind, LabelKey, Labels, Problem, Scope};

/// `kind: anachronism`.
pub struct AnachronismKind;

/// 提到了报告成文时还不存在的事件或文件。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnachronismOptions {
    /// 事件或文件及其出现的时间。
    pub references: Vec<ReferenceOptions>,
    /// 范围（默认 all）。
    #[serde(default = "all_scope")]
    pub scope: String,
}

fn all_scope() -> String {
    "all".to_string()
}

/// 一项事件或文件。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceOptions {
    /// 匹配它的正则。
    pub regex: String,
    /// 它出现的年月，`YYYY-MM`。
    pub since: String,
    /// 它是什么，用于诊断信息：“党的二十大（2022年10月召开）”。
    pub what: String,
    /// 覆盖规则的级别，例如尚未与官方来源核对的日期用 `warning`。
    #[serde(default)]
    pub severity: Option<Severity>,
}

impl Kind for AnachronismKind {
    const NAME: &'static str = "anachronism";
    const PLACEHOLDERS: &'static [&'static str] = &["match", "what", "basis"];
    const DOCS: &'static str = "提到了文档写成时还不存在的事件或文件（一份 2021 年的文档提到 2022 年才有的事件）：这句话抄自较晚的文字，或所属年份写错了。事件及其日期在规则的 `references` 中列出。";
    type Options = AnachronismOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "basis_date",
            "文末日期（{year}年{month}月）",
            &["month"],
            "文末有日期时 `{basis}` 的值；`{year}`、`{month}` 是该日期的年、月",
        ),
        LabelKey::new(
            "basis_year",
            "所属的{year}年",
            &[],
            "文末没有日期时 `{basis}` 的值（按所属年份的年底）",
        ),
    ];

    fn compile(o: AnachronismOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(AnachronismCheck::compile(
            o.references,
            &o.scope,
            env,
        )?))
    }
}

impl Check for AnachronismCheck {
    fn kind(&self) -> &'static str {
        AnachronismKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["match", "what", "basis"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        AnachronismCheck::run(self, ctx, out);
    }
}

static MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})-(0[1-9]|1[0-2])$").expect("built-in month regex"));

#[derive(Debug)]
pub struct AnachronismCheck {
    references: Vec<Reference>,
    scope: Scope,
    labels: Labels,
}

#[derive(Debug)]
struct Reference {
    regex: Regex,
    /// `(year, month)` it came into being.
    since: (i32, u32),
    what: String,
    severity: Option<Severity>,
}

impl AnachronismCheck {
    fn compile(raw: Vec<ReferenceOptions>, scope: &str, env: &mut impl CompileEnv) -> Option<Self> {
        let scope = env.scope("check.scope", scope)?;
        let mut references = Vec::new();
        let mut ok = true;
        for (i, r) in raw.into_iter().enumerate() {
            let regex = env.regex(&format!("check.references[{i}].regex"), &r.regex);
            let since = month(&r.since);
            if since.is_none() {
                env.error(
                    &format!("check.references[{i}].since"),
                    None,
                    Problem::new(
                        format!("日期 `{}` 格式有误", r.since),
                        "应为 YYYY-MM",
                        "since 写作年-月，例如 \"2022-10\"",
                    ),
                );
            }
            match (regex, since) {
                (Some(regex), Some(since)) => references.push(Reference {
                    regex,
                    since,
                    what: r.what,
                    severity: r.severity,
                }),
                _ => ok = false,
            }
        }
        ok.then(|| AnachronismCheck {
            references,
            scope,
            labels: env.labels(),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some((written, basis)) = written(ctx, &self.labels) else {
            return;
        };
        for span in ctx.scope_spans(self.scope) {
            let text = ctx.doc.slice(span);
            for reference in self.references.iter().filter(|r| r.since > written) {
                for m in reference.regex.find_iter(text) {
                    if out.is_full() {
                        out.count_more(1);
                        continue;
                    }
                    let at =
                        crate::document::Span::new(span.start + m.start(), span.start + m.end());
                    let mut finding = ctx.finding(
                        Label::new(at, format!("{}，晚于{basis}", reference.what)),
                        &[
                            ("match", m.as_str()),
                            ("what", &reference.what),
                            ("basis", &basis),
                        ],
                    );
                    if let Some(severity) = reference.severity {
                        finding.severity = severity;
                    }
                    out.push(finding);
                }
            }
        }
    }
}

/// When the report was written, and how that is known, for the message.
fn written(ctx: &Context, labels: &Labels) -> Option<((i32, u32), String)> {
    let doc = ctx.doc;
    if let Some((year, month, _)) = doc.closing.date_value {
        let basis = ctx.label(
            labels,
            "basis_date",
            &[("year", &year.to_string()), ("month", &month.to_string())],
        );
        return Some(((year, month), basis));
    }
    let year = doc.year()?;
    Some(((year, 12), ctx.label(labels, "basis_year", &[])))
}

fn month(s: &str) -> Option<(i32, u32)> {
    let caps = MONTH.captures(s)?;
    Some((caps[1].parse().ok()?, caps[2].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};
    use crate::finding::Severity;

    const RULE: &str = "  - id: A1\n    title: t\n    severity: error\n    message: '“{match}”：{what}'\n    check:\n      kind: anachronism\n      references:\n        - {regex: '党的二十大精神', since: '2022-10', what: 党的二十大于2022年10月召开}\n        - {regex: '二十届二中全会', since: '2023-02', what: 二十届二中全会于2023年2月召开}\n        - {regex: '二十届四中全会', since: '2025-10', what: 二十届四中全会于2025年10月召开（待核实）, severity: warning}\n";

    fn with(year: i32, sentence: &str) -> String {
        complete_report(year).replace(
            "现将有关情况报告如下。",
            &format!("{sentence}现将有关情况报告如下。"),
        )
    }

    #[test]
    fn later_references_are_reported() {
        let text = with(2021, "深入学习党的二十大精神。");
        let findings = run(RULE, &text);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "“党的二十大精神”：党的二十大于2022年10月召开"
        );
        assert!(findings[0]
            .primary
            .message
            .as_deref()
            .unwrap()
            .contains("2022年2月"));
    }

    #[test]
    fn the_closing_date_counts_and_entries_may_be_warnings() {
        // A report on 2022 signed in March 2023 may mention February 2023.
        let text = with(2022, "学习二十届二中全会精神。").replace("2023年2月10日", "2023年3月1日");
        assert!(run(RULE, &text).is_empty());
        let text = with(2022, "学习二十届二中全会精神。").replace("2023年2月10日", "2023年1月20日");
        assert_eq!(run(RULE, &text).len(), 1);
        // Without a closing date, the end of the report year.
        let text = with(2022, "学习二十届二中全会精神。").replace("2023年2月10日\n", "");
        assert_eq!(run(RULE, &text).len(), 1);

        let findings = run(RULE, &with(2024, "学习二十届四中全会精神。"));
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[test]
    fn references_on_time_are_silent() {
        assert!(run(RULE, &with(2022, "深入学习党的二十大精神。")).is_empty());
        assert!(run(RULE, &with(2025, "学习二十届四中全会精神。")).is_empty());
    }
}
