//! `kind: superseded` — a wording that a later one has replaced for the
//! report's year: “党的十九大和十九届历次全会精神” in a report on 2024, whose
//! wording is “党的二十大和二十届二中、三中全会精神”. Such a sentence was
//! copied from an older report.
//!
//! The rule lists the wordings in the order they became current, each with
//! the first report year it is current for and the older wordings (regexes)
//! it replaces from that year on. A wording that is never replaced (“党的二
//! 十大精神” alone stays right while the plenums of its 届 follow) is simply
//! not listed under any `replaces`. The report's year decides; a report
//! whose year is unknown is not checked. In the very year a wording
//! arrives, a report may have been written before the meeting that brought
//! it (a year-end 工作总结 before an October plenum): there the old wording
//! is reported only when the report's 成文日期 shows it was written in or
//! after the month the new one arrived (`since`).
//!
//! The opposite mistake, a wording that did not exist yet, is
//! `kind: anachronism`: that kind compares an event's month with the day the
//! report was written, this one compares report years, and needs the wording
//! current in the report's year for its message.

use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::document::Span;
use crate::finding::{Findings, Label};

use super::{Check, CompileEnv, Context, Kind, LabelKey, Labels, Problem, Scope};

/// `kind: superseded`.
pub struct SupersededKind;

/// 已被后来的提法取代的旧提法。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupersededOptions {
    /// 各个提法，按成为现行提法的先后排列。
    pub wordings: Vec<WordingOptions>,
    /// 范围（默认 all）。
    #[serde(default = "all_scope")]
    pub scope: String,
}

fn all_scope() -> String {
    "all".to_string()
}

/// 一个提法。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordingOptions {
    /// 提法的规范写法，用于诊断信息。
    pub wording: String,
    /// 从哪一个报告年度起它是现行的提法。
    pub from: i32,
    /// 它在 `from` 那一年的哪个月出现（带来它的会议的年月），`YYYY-MM`。所属年度为 `from` 的报告，
    /// 只有落款的成文日期不早于这个月时才报告所取代的旧提法（没有成文日期的不报告）；省略时与以后的年度一样报告。
    #[serde(default)]
    pub since: Option<String>,
    /// 它所取代的旧提法（正则）：所属年度为 `from` 及以后的报告中出现即报告。
    #[serde(default)]
    pub replaces: Vec<String>,
}

impl Kind for SupersededKind {
    const NAME: &'static str = "superseded";
    const PLACEHOLDERS: &'static [&'static str] = &["match", "current", "since", "replacement"];
    const DOCS: &'static str = "出现了在报告所属年度已被取代的旧提法（2024年度的报告写“党的十九大和十九届历次全会精神”）：这句话多半沿用了往年的报告。各提法及其成为现行提法的报告年度、所取代的旧提法在规则的 `wordings` 中列出；报告年度不明时不检查。在新提法出现的那一年（`from`），只有成文日期不早于它出现的月份（`since`）的报告才检查，年中写成的总结不算沿用旧提法。";
    type Options = SupersededOptions;
    const LABELS: &'static [LabelKey] = &[LabelKey::new(
        "replaced",
        "{since}年度起已被“{replacement}”取代",
        &["since", "replacement"],
        "标在旧提法上的说明；`{since}` 是取代它的提法成为现行提法的年度，`{replacement}` 是那个提法",
    )];

    fn compile(o: SupersededOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        Some(Box::new(SupersededCheck::compile(o, env)?))
    }
}

impl Check for SupersededCheck {
    fn kind(&self) -> &'static str {
        SupersededKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["match", "current", "since", "replacement"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        SupersededCheck::run(self, ctx, out);
    }
}

/// The report years a pack may name: far enough either way for any report.
const YEARS: std::ops::RangeInclusive<i32> = 1949..=2200;

#[derive(Debug)]
pub struct SupersededCheck {
    /// In the order they became current (`from` rising).
    wordings: Vec<Wording>,
    scope: Scope,
    labels: Labels,
}

#[derive(Debug)]
struct Wording {
    wording: String,
    from: i32,
    /// The month of `from` it arrived, when given.
    since: Option<u32>,
    replaces: Vec<Regex>,
}

impl Wording {
    /// Whether the wordings this one replaces are out of date in a report
    /// on `year` written in `written` (`(year, month)`, when known).
    fn replaced_for(&self, year: i32, written: Option<(i32, u32)>) -> bool {
        match self.since {
            Some(month) if year == self.from => written.is_some_and(|w| w >= (year, month)),
            _ => year >= self.from,
        }
    }
}

impl SupersededCheck {
    fn compile(options: SupersededOptions, env: &mut impl CompileEnv) -> Option<Self> {
        let scope = env.scope("check.scope", &options.scope)?;
        if options.wordings.is_empty() {
            env.error(
                "check.wordings",
                None,
                Problem::new(
                    "`wordings` 是空的",
                    "至少要有一个提法",
                    "按先后列出各个提法，如 {wording: 党的二十大精神, from: 2022}",
                ),
            );
            return None;
        }
        let mut wordings = Vec::new();
        let mut ok = true;
        let mut previous: Option<i32> = None;
        for (i, w) in options.wordings.into_iter().enumerate() {
            if !YEARS.contains(&w.from) {
                env.error(
                    &format!("check.wordings[{i}].from"),
                    None,
                    Problem::new(
                        format!("年度 {} 不是报告年度", w.from),
                        "应为四位的年份",
                        "from 写这个提法成为现行提法的报告年度，如 2024",
                    ),
                );
                ok = false;
            } else if previous.is_some_and(|p| w.from <= p) {
                env.error(
                    &format!("check.wordings[{i}].from"),
                    None,
                    Problem::new(
                        format!("年度 {} 不晚于上一个提法的年度", w.from),
                        "各提法的 from 应逐个增大",
                        "按成为现行提法的先后排列各提法；同一年度只能有一个现行的提法",
                    ),
                );
                ok = false;
            }
            previous = Some(w.from);
            let since = match &w.since {
                None => None,
                Some(text) => {
                    let month = text
                        .strip_prefix(&format!("{}-", w.from))
                        .filter(|m| m.len() == 2)
                        .and_then(|m| m.parse::<u32>().ok())
                        .filter(|m| (1..=12).contains(m));
                    if month.is_none() {
                        env.error(
                            &format!("check.wordings[{i}].since"),
                            None,
                            Problem::new(
                                format!("`{text}` 不是 {} 年的某个月", w.from),
                                "应为 from 那一年的 YYYY-MM",
                                format!(
                                    "since 写带来这个提法的会议的年月，年份与 from 相同，例如 \"{}-10\"",
                                    w.from
                                ),
                            ),
                        );
                        ok = false;
                    }
                    month
                }
            };
            let mut replaces = Vec::new();
            for (j, r) in w.replaces.iter().enumerate() {
                match env.regex(&format!("check.wordings[{i}].replaces[{j}]"), r) {
                    Some(re) => replaces.push(re),
                    None => ok = false,
                }
            }
            wordings.push(Wording {
                wording: w.wording,
                from: w.from,
                since,
                replaces,
            });
        }
        ok.then(|| SupersededCheck {
            wordings,
            scope,
            labels: env.labels(),
        })
    }

    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let Some(year) = ctx.doc.year() else {
            return;
        };
        // The wordings current by the report's year; the last is current.
        let reached = self.wordings.partition_point(|w| w.from <= year);
        let Some(current) = reached.checked_sub(1).map(|i| &self.wordings[i]) else {
            return;
        };
        let written = ctx.doc.closing.date_value.map(|(y, m, _)| (y, m));
        for span in ctx.scope_spans(self.scope) {
            let text = ctx.doc.slice(span);
            // Every old wording found, earliest first; where two regexes
            // find the same words, the first listed names what replaced them.
            let mut found: Vec<(usize, usize, &Wording)> = Vec::new();
            for w in &self.wordings[..reached] {
                if !w.replaced_for(year, written) {
                    continue;
                }
                for re in &w.replaces {
                    found.extend(re.find_iter(text).map(|m| (m.start(), m.end(), w)));
                }
            }
            found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
            let mut covered = 0;
            for (start, end, w) in found {
                if start < covered {
                    continue;
                }
                covered = end;
                if out.is_full() {
                    out.count_more(1);
                    continue;
                }
                let matched = &text[start..end];
                let since = w.from.to_string();
                let label = ctx.label(
                    &self.labels,
                    "replaced",
                    &[("since", &since), ("replacement", &w.wording)],
                );
                out.push(ctx.finding(
                    Label::new(Span::new(span.start + start, span.start + end), label),
                    &[
                        ("match", matched),
                        ("current", &current.wording),
                        ("since", &since),
                        ("replacement", &w.wording),
                    ],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run, spans};

    const RULE: &str = "  - id: S1\n    title: t\n    severity: warning\n    message: '“{match}”已过时，应为“{current}”（{since}：{replacement}）'\n    check:\n      kind: superseded\n      wordings:\n        - {wording: 党的十九大和十九届历次全会精神, from: 2021}\n        - {wording: 党的二十大精神, from: 2022}\n        - wording: 党的二十大和二十届二中全会精神\n          from: 2023\n          replaces: ['十九届历次全会精神']\n        - wording: 党的二十大和二十届二中、三中全会精神\n          from: 2024\n          replaces: ['二十大和二十届二中全会精神']\n";

    fn with(year: i32, sentence: &str) -> String {
        complete_report(year).replace(
            "现将有关情况报告如下。",
            &format!("{sentence}现将有关情况报告如下。"),
        )
    }

    #[test]
    fn a_replaced_wording_is_reported_from_the_year_it_was_replaced() {
        let text = with(2024, "全面贯彻党的十九大和十九届历次全会精神。");
        let findings = run(RULE, &text);
        assert_eq!(spans(&findings, &text), ["十九届历次全会精神"]);
        assert_eq!(
            findings[0].message,
            "“十九届历次全会精神”已过时，应为“党的二十大和二十届二中、三中全会精神”（2023：党的二十大和二十届二中全会精神）"
        );
        assert_eq!(
            findings[0].primary.message.as_deref(),
            Some("2023年度起已被“党的二十大和二十届二中全会精神”取代")
        );
        let text = with(2024, "全面贯彻党的二十大和二十届二中全会精神。");
        assert_eq!(
            spans(&run(RULE, &text), &text),
            ["二十大和二十届二中全会精神"]
        );
    }

    #[test]
    fn before_that_year_and_without_a_year_it_is_silent() {
        assert!(run(
            RULE,
            &with(2022, "全面贯彻党的十九大和十九届历次全会精神。")
        )
        .is_empty());
        assert!(run(
            RULE,
            &with(2023, "全面贯彻党的二十大和二十届二中全会精神。")
        )
        .is_empty());
        // A wording never replaced stays right.
        assert!(run(RULE, &with(2024, "全面贯彻党的二十大精神。")).is_empty());
        // Before the first wording's year nothing is current.
        assert!(run(RULE, &with(2019, "全面贯彻十九届历次全会精神。")).is_empty());
        let unknown = "全面贯彻党的十九大和十九届历次全会精神。\n";
        assert!(run(RULE, unknown).is_empty());
    }

    #[test]
    fn in_the_year_a_wording_arrives_only_reports_written_after_it_are_checked() {
        let rule = RULE.replace(
            "          from: 2024\n",
            "          from: 2024\n          since: '2024-07'\n",
        );
        let old = "全面贯彻党的二十大和二十届二中全会精神。";
        // Signed in February 2025, after the July 2024 plenum.
        assert_eq!(run(&rule, &with(2024, old)).len(), 1);
        // Signed before it, or not signed: it may have been written then.
        let june = with(2024, old).replace("2025年2月10日", "2024年6月20日");
        assert!(run(&rule, &june).is_empty());
        let unsigned = with(2024, old).replace("2025年2月10日\n", "");
        assert!(run(&rule, &unsigned).is_empty());
        // A year later, whenever it was written.
        let later = with(2025, old).replace("2026年2月10日\n", "");
        assert_eq!(run(&rule, &later).len(), 1);
    }

    /// Whether a pack of the built-in template and `rule` loads.
    fn loads(rule: &str) -> bool {
        use crate::rules::compile::{compile, SourceFile};
        use crate::rules::pack::{builtin_data, BUILTIN_FILES};
        let mut files: Vec<SourceFile> = BUILTIN_FILES
            .iter()
            .filter(|(name, _)| name.ends_with("pack.yaml") || name.ends_with("template.yaml"))
            .map(|(name, text)| {
                let kept = text.find("\nrules:").map_or(*text, |i| &text[..=i]);
                SourceFile::new(*name, kept)
            })
            .collect();
        files.push(SourceFile::new("test.yaml", format!("rules:\n{rule}")));
        compile(&files, &builtin_data()).is_ok()
    }

    #[test]
    fn years_out_of_order_or_range_and_bad_regexes_are_rule_errors() {
        let rule = |wordings: &str| {
            format!("  - id: S1\n    title: t\n    severity: warning\n    message: m\n    check:\n      kind: superseded\n      wordings: {wordings}\n")
        };
        assert!(loads(RULE));
        assert!(loads(&rule(
            "[{wording: a, from: 2022}, {wording: b, from: 2023, replaces: [x]}]"
        )));
        for wordings in [
            "[{wording: a, from: 2023}, {wording: b, from: 2023}]",
            "[{wording: a, from: 2024}, {wording: b, from: 2023}]",
            "[{wording: a, from: 23}]",
            "[]",
            "[{wording: a, from: 2023, replaces: ['(']}]",
            "[{wording: a, from: 2023, since: '2022-10'}]",
            "[{wording: a, from: 2023, since: '2023-13'}]",
            "[{wording: a, from: 2023, since: '2023-7'}]",
        ] {
            assert!(!loads(&rule(wordings)), "{wordings}");
        }
    }
}
