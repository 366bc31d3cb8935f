//! `kind: deadline` — the 成文日期 must fall after the report year has ended
//! and no later than the date the report is due (3月1日 or 4月1日 of the next
//! year under 《法治政府建设与责任落实督察工作规定》, earlier in some
//! provinces).

use std::sync::LazyLock;

use regex::Regex;

use crate::document::chars::chinese_number;
use crate::finding::{Findings, Label};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Check, CompileEnv, Context, Kind, Problem};

/// `kind: deadline`.
pub struct DeadlineKind;

/// 成文日期应在报告年度结束后、规定期限之前。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineOptions {
    /// 期限的月份（报告年度的下一年）。与 day 一起省略时，期限由配置文件的
    /// report.level 和 report.deadline 决定（默认 4月1日，部门和市、县、乡 3月1日）。
    #[serde(default)]
    pub month: Option<u32>,
    /// 期限的日。
    #[serde(default)]
    pub day: Option<u32>,
}

impl Kind for DeadlineKind {
    const NAME: &'static str = "deadline";
    const DOCS: &'static str = "成文日期应在报告年度结束之后、规定期限（下一年的某月某日）之前。";
    type Options = DeadlineOptions;

    fn compile(o: DeadlineOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let (month, day) = match (o.month, o.day) {
            (None, None) => return Some(Box::new(DeadlineCheck { fixed: None })),
            (Some(m), Some(d)) => (m, d),
            (m, _) => {
                env.error(
                    if m.is_some() {
                        "check.month"
                    } else {
                        "check.day"
                    },
                    None,
                    Problem::new(
                        "month 和 day 须同时给出或同时省略",
                        "只给出了其中一个",
                        "同时省略时，期限由配置文件的 report.level 和 report.deadline 决定",
                    ),
                );
                return None;
            }
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            env.error(
                if (1..=12).contains(&month) {
                    "check.day"
                } else {
                    "check.month"
                },
                None,
                Problem::new(
                    format!("期限 {month}月{day}日 不是有效的日期"),
                    "无效的日期",
                    "month 取 1–12，day 取 1–31",
                ),
            );
            return None;
        }
        Some(Box::new(DeadlineCheck {
            fixed: Some((month, day)),
        }))
    }
}

impl Check for DeadlineCheck {
    fn kind(&self) -> &'static str {
        DeadlineKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["date", "deadline", "problem"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        DeadlineCheck::run(self, ctx, out);
    }
}

#[derive(Debug)]
pub struct DeadlineCheck {
    /// A fixed month and day; `None` takes the deadline from the report
    /// metadata (level and profile in `reportlint.yaml`).
    fixed: Option<(u32, u32)>,
}

static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*[年.\-/]\s*([0-9]{1,2})\s*[月.\-/]\s*([0-9]{1,2})")
        .expect("built-in date regex")
});
static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
        .expect("built-in date regex")
});

/// Reads a 成文日期 written with Arabic or Chinese numerals.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    if let Some(c) = ARABIC.captures(text) {
        return Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?));
    }
    let c = CHINESE.captures(text)?;
    let year: String = c[1]
        .chars()
        .map(|ch| match ch {
            '〇' | '○' | '零' | 'Ｏ' => '0',
            d => char::from_digit(chinese_number(&d.to_string()).unwrap_or(0), 10).unwrap_or('0'),
        })
        .collect();
    Some((
        year.parse().ok()?,
        chinese_number(&c[2])?,
        chinese_number(&c[3])?,
    ))
}

impl DeadlineCheck {
    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let (Some(year), Some(span)) = (doc.year(), doc.closing.date) else {
            return;
        };
        let Some(date) = parse_date(doc.slice(span)) else {
            return;
        };
        let (month, day) = self.fixed.unwrap_or_else(|| ctx.meta.deadline());
        let deadline = (year + 1, month, day);
        let problem = if date > deadline {
            "晚于规定的报送期限"
        } else if date <= (year, 12, 31) {
            "早于报告年度结束"
        } else {
            return;
        };
        let deadline_text = format!("{}年{}月{}日", deadline.0, deadline.1, deadline.2);
        out.push(ctx.finding(
            Label::new(span, problem),
            &[
                ("date", doc.slice(span)),
                ("deadline", deadline_text.as_str()),
                ("problem", problem),
            ],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};
    use super::parse_date;

    const RULE: &str = "  - {id: D1, title: t, severity: error, message: '{date}{problem}（{deadline}）', check: {kind: deadline, month: 3, day: 1}}\n";

    #[test]
    fn dates_inside_and_outside_the_window() {
        assert!(run(RULE, &complete_report(2023)).is_empty());
        let late = complete_report(2023).replace("2024年2月10日", "2024年3月2日");
        assert_eq!(
            run(RULE, &late)[0].message,
            "2024年3月2日晚于规定的报送期限（2024年3月1日）"
        );
        let early = complete_report(2023).replace("2024年2月10日", "2023年12月20日");
        assert_eq!(
            run(RULE, &early)[0].message,
            "2023年12月20日早于报告年度结束（2024年3月1日）"
        );
    }

    #[test]
    fn parses_both_numeral_forms() {
        assert_eq!(parse_date("2023年1月19日"), Some((2023, 1, 19)));
        assert_eq!(parse_date("二〇二三年一月十九日"), Some((2023, 1, 19)));
        assert_eq!(parse_date("2023.1.19"), Some((2023, 1, 19)));
    }
}
