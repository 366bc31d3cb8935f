//! What a run knows about a report beyond its text, from `reportlint.yaml`:
//! the level of the issuing body and the deadline profile. The `deadline`
//! rule kind turns them into the date a report is due, from the table of
//! dates its rule gives (the pack, not this module, knows the dates).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The level of the body that issues the report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[schemars(description = "发文机关的层级：省、市、县、乡、部门（区、县级市按县，镇、街道按乡）。")]
pub enum Level {
    #[serde(rename = "省")]
    Province,
    #[serde(rename = "市")]
    City,
    #[serde(rename = "县")]
    County,
    #[serde(rename = "乡")]
    Township,
    #[serde(rename = "部门")]
    Department,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "省",
            Level::City => "市",
            Level::County => "县",
            Level::Township => "乡",
            Level::Department => "部门",
        }
    }
}

/// Which deadline applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeadlineProfile {
    /// The deadline the rule gives for the issuer's level.
    #[default]
    National,
    /// The rule's deadline for demonstration areas, where it gives one.
    Demonstration,
    /// A fixed month and day of the year after the report year.
    Fixed { month: u32, day: u32 },
}

/// The day of a deadline written `last`: the last day of its month
/// (2月28日, or 2月29日 in a leap year).
pub const LAST_DAY: u32 = 0;

/// The most days a month has in every year: February's 29th exists only
/// in leap years, so a deadline on it is written `last`.
pub fn days_in_month(month: u32) -> u32 {
    match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `day` ([`LAST_DAY`] or a number) exists in `month` every year.
pub fn valid_day(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (day == LAST_DAY || (1..=days_in_month(month)).contains(&day))
}

/// The date a deadline of `month` and `day` falls on in `year`.
pub fn due_date(year: i32, month: u32, day: u32) -> (i32, u32, u32) {
    if day != LAST_DAY {
        return (year, month, day);
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = if month == 2 && leap {
        29
    } else {
        days_in_month(month)
    };
    (year, month, last)
}

/// Reads `MM-DD` (`3-1` too) or `MM-last` as a month and a day that exists
/// in that month every year.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let month = m.parse().ok()?;
    let day = if d == "last" {
        LAST_DAY
    } else {
        d.parse().ok()?
    };
    valid_day(month, day).then_some((month, day))
}

/// `MM-DD`, or `MM-last`.
pub fn describe_month_day(month: u32, day: u32) -> String {
    if day == LAST_DAY {
        format!("{month:02}-last")
    } else {
        format!("{month:02}-{day:02}")
    }
}

impl DeadlineProfile {
    /// Parses `national`, `demonstration` or `MM-DD`.
    pub fn parse(s: &str) -> Option<DeadlineProfile> {
        match s.trim() {
            "national" => Some(DeadlineProfile::National),
            "demonstration" => Some(DeadlineProfile::Demonstration),
            other => month_day(other).map(|(month, day)| DeadlineProfile::Fixed { month, day }),
        }
    }

    pub fn describe(self) -> String {
        match self {
            DeadlineProfile::National => "national".to_string(),
            DeadlineProfile::Demonstration => "demonstration".to_string(),
            DeadlineProfile::Fixed { month, day } => describe_month_day(month, day),
        }
    }
}

/// What a pack says its reports' metadata is when nothing else does
/// (`pack.report`): each value inherited from the pack it extends unless
/// set again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportDefaults {
    pub level: Option<Level>,
    pub deadline: Option<DeadlineProfile>,
}

impl ReportDefaults {
    /// The metadata of a report checked with the pack and no configuration.
    pub fn meta(&self) -> ReportMeta {
        ReportMeta {
            level: self.level,
            deadline: self.deadline.unwrap_or_default(),
        }
    }
}

/// Report metadata that applies to every file under one configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportMeta {
    pub level: Option<Level>,
    pub deadline: DeadlineProfile,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_profiles() {
        assert_eq!(month_day("3-1"), Some((3, 1)));
        assert_eq!(month_day("02-30"), None, "no 30th of February");
        assert_eq!(month_day("02-29"), None, "only in leap years: 02-last");
        assert_eq!(month_day("02-last"), Some((2, LAST_DAY)));
        assert_eq!(due_date(2025, 2, LAST_DAY), (2025, 2, 28));
        assert_eq!(due_date(2024, 2, LAST_DAY), (2024, 2, 29));
        assert_eq!(due_date(2024, 4, LAST_DAY), (2024, 4, 30));
        assert_eq!(
            DeadlineProfile::parse("02-15"),
            Some(DeadlineProfile::Fixed { month: 2, day: 15 })
        );
        assert_eq!(DeadlineProfile::parse("13-01"), None);
        assert_eq!(DeadlineProfile::parse("soon"), None);
    }
}
