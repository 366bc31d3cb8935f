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

/// Reads `MM-DD` (`3-1` too) as a month and a day that can exist.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (month, day) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
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
            DeadlineProfile::Fixed { month, day } => format!("{month:02}-{day:02}"),
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
        assert_eq!(month_day("02-30"), Some((2, 30)));
        assert_eq!(
            DeadlineProfile::parse("02-15"),
            Some(DeadlineProfile::Fixed { month: 2, day: 15 })
        );
        assert_eq!(DeadlineProfile::parse("13-01"), None);
        assert_eq!(DeadlineProfile::parse("soon"), None);
    }
}
