//! `kind: deadline` — the 成文日期 must fall after the report year has ended
//! and no later than the date the report is due (3月1日 or 4月1日 of the next
//! year under 《法治政府建设与责任落实督察工作规定》, earlier in some
//! provinces); or (`date: published`) the 发布日期 a portal page states must
//! be no later than the date the report is to be published. A report whose
//! 落款 has no date is judged by the 成文日期 in the portal metadata copied
//! with it.

use crate::document::PortalDate;
use crate::finding::{Findings, Label, Severity};
use schemars::JsonSchema;
use serde::Deserialize;

use std::collections::BTreeMap;

use super::{Check, CompileEnv, Context, Kind, LabelKey, Labels, Problem};
use crate::meta::{
    days_in_month, due_date, month_day, valid_day, DeadlineProfile, Level, ReportMeta, LAST_DAY,
};

/// `kind: deadline`.
pub struct DeadlineKind;

/// 期限的日：数字，或 `last`。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Day {
    Number(u32),
    Word(String),
}

/// 成文日期应在所属年度结束后、规定期限之前。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineOptions {
    /// 固定期限的月份（所属年度的下一年），与 day 一起给出；给出时不看配置文件。
    #[serde(default)]
    pub month: Option<u32>,
    /// 固定期限的日：1 至该月的天数，或 `last`（该月最后一天，如2月28日或闰年的2月29日）。
    #[serde(default)]
    pub day: Option<Day>,
    /// 按发文机关层级（配置文件的 report.level：省、市、县、乡、部门）的期限，
    /// 写作 MM-DD，如 `{省: '04-01', 县: '03-01'}`。
    #[serde(default)]
    pub by_level: BTreeMap<Level, String>,
    /// 层级未指定或不在 by_level 中时的期限（MM-DD）。不给 month/day 时必须给出。
    #[serde(default)]
    pub default: Option<String>,
    /// 配置文件写 `report.deadline: demonstration` 时的期限（MM-DD）；省略时
    /// demonstration 与 national 相同。
    #[serde(default)]
    pub demonstration: Option<String>,
    /// 检查哪个日期：`written`（默认）为成文日期——落款的日期，落款没有日期时为网页发布信息中的
    /// 成文日期，既不能晚于期限，也不能早于所属年份结束；`published` 为网页发布信息中的发布日期，
    /// 只检查是否晚于期限，没有发布日期时不检查。网页上的日期在所属年份两年以后的（转载、网页
    /// 更新）不检查。
    #[serde(default)]
    pub date: DateKind,
    /// 规定开始适用的报告年度：早于该年度的报告不检查（规定出台之前的报告不受其期限约束）。
    #[serde(default)]
    pub from_year: Option<i32>,
    /// 规定适用的最后一个报告年度：晚于该年度的报告不检查（规定被新的规定取代之后）。写了它的规则是
    /// 历史上的期限，配置文件和规则包的 `report.deadline` 不改变它。
    #[serde(default)]
    pub until_year: Option<i32>,
    /// 成文日期在所属年份的12月（年度尚未结束，但已到年底）时的级别，如 warning；
    /// 不会高于规则本身的级别。省略时与更早的日期一样，按规则的级别报告。
    #[serde(default)]
    pub last_month_severity: Option<Severity>,
}

/// 期限检查所看的日期：成文日期或发布日期。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// 成文日期。
    #[default]
    Written,
    /// 发布日期。
    Published,
}

impl Kind for DeadlineKind {
    const NAME: &'static str = "deadline";
    const PLACEHOLDERS: &'static [&'static str] =
        &["date", "deadline", "limit", "problem", "source"];
    const DOCS: &'static str = "文末日期（没有时为网页发布信息中的成文日期）应在所属年份结束之后、规定期限（下一年的某月某日）之前；`date: published` 时检查网页发布信息中的发布日期是否晚于期限。期限可固定，也可按发文单位的层级列表，由配置文件的 report.level 和 report.deadline 选择。";
    type Options = DeadlineOptions;
    const LABELS: &'static [LabelKey] = &[
        LabelKey::new(
            "late",
            "晚于规定的期限",
            &[],
            "文末日期晚于期限：标在该日期上，也是 `{problem}` 的值",
        ),
        LabelKey::new(
            "early",
            "早于所属年份结束",
            &[],
            "文末日期不晚于所属年份的12月31日：标在该日期上，也是 `{problem}` 的值",
        ),
        LabelKey::new(
            "early_last_month",
            "在所属年份的12月，年度尚未结束",
            &[],
            "文末日期在所属年份的12月（`last_month_severity`）：标在该日期上，也是 `{problem}` 的值",
        ),
        LabelKey::new(
            "closing",
            "文末日期",
            &[],
            "检查的是文末日期时 `{source}` 的值",
        ),
        LabelKey::new(
            "portal",
            "网页所载成文日期",
            &[],
            "文末没有日期、检查的是网页发布信息中的成文日期时 `{source}` 的值",
        ),
        LabelKey::new(
            "published",
            "发布日期",
            &[],
            "`date: published`：检查的是网页发布信息中的发布日期时 `{source}` 的值",
        ),
    ];

    fn compile(o: DeadlineOptions, env: &mut impl CompileEnv) -> Option<Box<dyn Check>> {
        let labels = env.labels();
        let mut ok = true;
        let mut date = |at: &str, text: &str| {
            let parsed = month_day(text);
            if parsed.is_none() {
                ok = false;
                env.error(
                    at,
                    None,
                    Problem::new(
                        format!("期限 `{text}` 不是有效的月-日"),
                        "应为 MM-DD",
                        "写作“月-日”，如 '03-01'，或“月-last”表示该月最后一天，如 '02-last'；月取 1–12，日取该月每年都有的日子（2月不能写 29，请写 02-last）",
                    ),
                );
            }
            parsed
        };
        let by_level: Vec<(Level, (u32, u32))> = o
            .by_level
            .iter()
            .filter_map(|(level, text)| {
                Some((
                    *level,
                    date(&format!("check.by_level.{}", level.as_str()), text)?,
                ))
            })
            .collect();
        let default = o.default.as_deref().and_then(|t| date("check.default", t));
        let demonstration = o
            .demonstration
            .as_deref()
            .and_then(|t| date("check.demonstration", t));
        if !ok {
            return None;
        }
        let day = match o.day {
            None => None,
            Some(Day::Number(d)) => Some(d),
            Some(Day::Word(w)) if w == "last" => Some(LAST_DAY),
            Some(Day::Word(w)) => {
                env.error(
                    "check.day",
                    None,
                    Problem::new(
                        format!("day 的值 `{w}` 无效"),
                        "应为数字或 last",
                        "day 写日子的数字，或 last 表示该月最后一天",
                    ),
                );
                return None;
            }
        };
        let fixed = match (o.month, day) {
            (None, None) => None,
            (Some(m), Some(d)) => Some((m, d)),
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
                        "同时省略时，期限由 default 和 by_level 按配置文件的 report.level、report.deadline 决定",
                    ),
                );
                return None;
            }
        };
        if let Some((month, day)) = fixed {
            if !valid_day(month, day) {
                let (at, help) = if (1..=12).contains(&month) {
                    (
                        "check.day",
                        format!(
                            "{month}月的 day 取 1–{}，或 last（该月最后一天）{}",
                            days_in_month(month),
                            if month == 2 {
                                "；2月29日只在闰年才有，2月底的期限请写 last"
                            } else {
                                ""
                            }
                        ),
                    )
                } else {
                    ("check.month", "month 取 1–12".to_string())
                };
                env.error(
                    at,
                    None,
                    Problem::new(
                        format!("期限 {month}月{day}日 不是每年都有的日期"),
                        "无效的日期",
                        help,
                    ),
                );
                return None;
            }
        }
        let table = match (fixed, default) {
            (Some(fixed), _) => Table::Fixed(fixed),
            (None, Some(default)) => Table::ByLevel {
                by_level,
                default,
                demonstration,
            },
            (None, None) => {
                env.error(
                    "check",
                    None,
                    Problem::new(
                        "deadline 规则没有写明期限",
                        "缺少 default 或 month/day",
                        "写 month 和 day 给出固定期限，或写 default（及 by_level）按发文机关层级给出期限，如 default: '04-01'",
                    ),
                );
                return None;
            }
        };
        if o.last_month_severity.is_some() && o.date == DateKind::Published {
            env.error(
                "check.last_month_severity",
                None,
                Problem::new(
                    "`last_month_severity` 只用于成文日期（`date: written`）",
                    "此处无效",
                    "发布日期只检查是否晚于期限；删除此键",
                ),
            );
            return None;
        }
        Some(Box::new(DeadlineCheck {
            table,
            labels,
            date: o.date,
            from_year: o.from_year,
            until_year: o.until_year,
            last_month_severity: o.last_month_severity,
        }))
    }
}

impl Check for DeadlineCheck {
    fn kind(&self) -> &'static str {
        DeadlineKind::NAME
    }

    fn placeholders(&self) -> &'static [&'static str] {
        &["date", "deadline", "limit", "problem", "source"]
    }

    fn run(&self, ctx: &Context, out: &mut Findings) {
        DeadlineCheck::run(self, ctx, out);
    }

    /// The date a report is due to be filed; a publication rule has none.
    fn due(&self, meta: &ReportMeta) -> Option<(u32, u32)> {
        (self.date == DateKind::Written).then(|| self.due(meta))
    }
}

#[derive(Debug)]
pub struct DeadlineCheck {
    table: Table,
    labels: Labels,
    date: DateKind,
    /// The first report year the deadline applies to.
    from_year: Option<i32>,
    /// The last report year the deadline applies to.
    until_year: Option<i32>,
    /// The severity of a 成文日期 in December of the report year.
    last_month_severity: Option<Severity>,
}

/// Where the month and day a report is due come from.
#[derive(Debug)]
enum Table {
    /// The rule fixes them.
    Fixed((u32, u32)),
    /// By the issuer's level in the configuration, or its profile.
    ByLevel {
        by_level: Vec<(Level, (u32, u32))>,
        default: (u32, u32),
        demonstration: Option<(u32, u32)>,
    },
}

impl DeadlineCheck {
    /// Month and day (of the year after the report year) the report is due.
    fn due(&self, meta: &ReportMeta) -> (u32, u32) {
        match &self.table {
            // A filing deadline the configuration (or the pack's `report`
            // defaults) fixes wins over the rule's own date; it says nothing
            // about when a report is to be published, nor about the years
            // of a deadline that was replaced (`until_year`).
            Table::Fixed(date) => match meta.deadline {
                DeadlineProfile::Fixed { month, day }
                    if self.date == DateKind::Written && self.until_year.is_none() =>
                {
                    (month, day)
                }
                _ => *date,
            },
            Table::ByLevel {
                by_level,
                default,
                demonstration,
            } => match (meta.deadline, demonstration) {
                (DeadlineProfile::Fixed { month, day }, _) => (month, day),
                (DeadlineProfile::Demonstration, Some(date)) => *date,
                _ => meta
                    .level
                    .and_then(|l| by_level.iter().find(|(level, _)| *level == l))
                    .map_or(*default, |(_, date)| *date),
            },
        }
    }
}

/// Whether a date in a portal's metadata can be the report's first
/// posting: a page dated after the year that follows the report year is a
/// repost or an update, whose dates say nothing about the report's deadline.
fn first_posting(date: PortalDate, year: i32) -> bool {
    date.value.0 <= year + 1
}

impl DeadlineCheck {
    pub fn run(&self, ctx: &Context, out: &mut Findings) {
        let doc = ctx.doc;
        let Some(year) = doc.year() else {
            return;
        };
        if self.from_year.is_some_and(|first| year < first)
            || self.until_year.is_some_and(|last| year > last)
        {
            return;
        }
        // The date judged, its value and which it is.
        let (span, date, source) = match self.date {
            DateKind::Written => match (doc.closing.date, doc.closing.date_value) {
                (Some(span), Some(value)) => (span, value, "closing"),
                (Some(_), None) => return,
                (None, _) => match doc.portal.written {
                    Some(d) if first_posting(d, year) => (d.span, d.value, "portal"),
                    _ => return,
                },
            },
            DateKind::Published => match doc.portal.published {
                Some(d) if first_posting(d, year) => (d.span, d.value, "published"),
                _ => return,
            },
        };
        let (month, day) = self.due(ctx.meta);
        let deadline = due_date(year + 1, month, day);
        let year_end = (year, 12, 31);
        // A report signed in December of its own year was written before
        // the year was over: wrong, but less so than a date months earlier
        // (which is most likely a wrong year).
        let last_month = date.0 == year && date.1 == 12;
        let (key, limit) = if date > deadline {
            ("late", deadline)
        } else if self.date == DateKind::Written && date <= year_end {
            match self.last_month_severity {
                Some(_) if last_month => ("early_last_month", year_end),
                _ => ("early", year_end),
            }
        } else {
            return;
        };
        let problem = ctx.label(&self.labels, key, &[]);
        let source = ctx.label(&self.labels, source, &[]);
        let written = |(y, m, d): (i32, u32, u32)| format!("{y}年{m}月{d}日");
        let (deadline_text, limit_text) = (written(deadline), written(limit));
        let mut finding = ctx.finding(
            Label::new(span, problem.clone()),
            &[
                ("date", doc.slice(span)),
                ("deadline", deadline_text.as_str()),
                ("limit", limit_text.as_str()),
                ("problem", problem.as_str()),
                ("source", source.as_str()),
            ],
        );
        if let (Some(severity), "early_last_month") = (self.last_month_severity, key) {
            finding.severity = finding.severity.min(severity);
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{complete_report, run};

    const RULE: &str = "  - {id: D1, title: t, severity: error, message: '{source}{date}{problem}（{limit}）', check: {kind: deadline, month: 3, day: 1}}\n";
    const PUBLISHED: &str = "  - {id: D2, title: t, severity: warning, message: '{source}{date}{problem}（{limit}）', check: {kind: deadline, date: published, month: 4, day: 1}}\n";

    #[test]
    fn dates_inside_and_outside_the_window() {
        assert!(run(RULE, &complete_report(2023)).is_empty());
        let late = complete_report(2023).replace("2024年2月10日", "2024年3月2日");
        assert_eq!(
            run(RULE, &late)[0].message,
            "文末日期2024年3月2日晚于规定的期限（2024年3月1日）"
        );
        // The limit an early date misses is the end of the report year, not
        // the deadline.
        let early = complete_report(2023).replace("2024年2月10日", "2023年12月20日");
        assert_eq!(
            run(RULE, &early)[0].message,
            "文末日期2023年12月20日早于所属年份结束（2023年12月31日）"
        );
    }

    #[test]
    fn a_date_in_december_of_the_report_year_may_be_milder() {
        const MILD: &str = "  - {id: D3, title: t, severity: error, message: '{source}{date}{problem}', check: {kind: deadline, month: 3, day: 1, last_month_severity: warning}}\n";
        use crate::finding::Severity;
        let december = complete_report(2023).replace("2024年2月10日", "2023年12月20日");
        let f = &run(MILD, &december)[0];
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message,
            "文末日期2023年12月20日在所属年份的12月，年度尚未结束"
        );
        let june = complete_report(2023).replace("2024年2月10日", "2023年6月20日");
        assert_eq!(run(MILD, &june)[0].severity, Severity::Error);
        // Without the option, December is as wrong as any earlier month.
        assert_eq!(run(RULE, &december)[0].severity, Severity::Error);
    }

    /// The report without its 落款 date, as copied from a portal whose
    /// metadata states the dates.
    fn from_portal(written: &str, published: &str) -> String {
        let report = complete_report(2023).replace("2024年2月10日\n", "");
        format!("[ 索引号 ]001/2024-00001 [ 成文日期 ]{written} [ 发布日期 ]{published}\n{report}")
    }

    #[test]
    fn the_portal_date_stands_in_for_a_missing_closing_date() {
        assert!(run(RULE, &from_portal("2024-02-10", "2024-02-11")).is_empty());
        assert_eq!(
            run(RULE, &from_portal("2024-03-05", "2024-03-06"))[0].message,
            "网页所载成文日期2024-03-05晚于规定的期限（2024年3月1日）"
        );
        // The closing's own date wins over the page's.
        let both = format!("[ 成文日期 ]2024-03-05\n{}", complete_report(2023));
        assert!(run(RULE, &both).is_empty());
    }

    #[test]
    fn publication_after_the_deadline() {
        assert!(run(PUBLISHED, &from_portal("2024-02-10", "2024-04-01")).is_empty());
        assert_eq!(
            run(PUBLISHED, &from_portal("2024-02-10", "2024-04-02"))[0].message,
            "发布日期2024-04-02晚于规定的期限（2024年4月1日）"
        );
        // Published before the year ended is not what this rule judges, and
        // without a 发布日期 it says nothing.
        assert!(run(PUBLISHED, &from_portal("2023-12-10", "2023-12-11")).is_empty());
        assert!(run(PUBLISHED, &complete_report(2023)).is_empty());
        // A page posted years later is a repost: neither of its dates is
        // judged.
        let repost = from_portal("2026-05-10", "2026-05-10");
        assert!(run(PUBLISHED, &repost).is_empty());
        assert!(run(RULE, &repost).is_empty());
    }

    #[test]
    fn deadline_by_level_and_profile() {
        use super::{DeadlineCheck, Table};
        use crate::meta::{DeadlineProfile, Level, ReportMeta};
        let check = DeadlineCheck {
            table: Table::ByLevel {
                by_level: vec![(Level::County, (3, 1)), (Level::Department, (1, 31))],
                default: (4, 1),
                demonstration: Some((1, 15)),
            },
            labels: Default::default(),
            date: Default::default(),
            from_year: None,
            until_year: None,
            last_month_severity: None,
        };
        let due = |level, deadline| check.due(&ReportMeta { level, deadline });
        assert_eq!(due(None, DeadlineProfile::National), (4, 1));
        assert_eq!(due(Some(Level::County), DeadlineProfile::National), (3, 1));
        assert_eq!(
            due(Some(Level::Province), DeadlineProfile::National),
            (4, 1)
        );
        assert_eq!(
            due(Some(Level::County), DeadlineProfile::Demonstration),
            (1, 15)
        );
        assert_eq!(
            due(None, DeadlineProfile::Fixed { month: 2, day: 9 }),
            (2, 9)
        );
        let fixed = DeadlineCheck {
            table: Table::Fixed((3, 31)),
            labels: Default::default(),
            date: Default::default(),
            from_year: None,
            until_year: None,
            last_month_severity: None,
        };
        let meta = ReportMeta {
            level: Some(Level::Department),
            deadline: DeadlineProfile::Fixed { month: 2, day: 9 },
        };
        assert_eq!(
            fixed.due(&meta),
            (2, 9),
            "the configuration's date wins over the rule's"
        );
        let meta = ReportMeta {
            level: Some(Level::Department),
            deadline: DeadlineProfile::National,
        };
        assert_eq!(fixed.due(&meta), (3, 31));
    }
}
