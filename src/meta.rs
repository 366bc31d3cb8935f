//! What a run knows about a report beyond its text, from `reportlint.yaml`:
//! the level of the issuing body and the deadline profile. Together they give
//! the date a report is due, which the `deadline` rule kind uses when a rule
//! does not fix the date itself.
//!
//! Under 《法治政府建设与责任落实督察工作规定》, 县级以上政府部门 and 市、县、乡
//! governments report by 3月1日 of the next year; a province reports by
//! 4月1日, which is also the publication deadline for everyone. Some provinces
//! ask 全国法治政府建设示范地区 to report by the end of January.

use serde::{Deserialize, Serialize};

/// The level of the body that issues the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// 督察工作规定: 3月1日 (部门, 市, 县, 乡) or 4月1日 (省, or level unknown).
    #[default]
    National,
    /// 示范地区: 1月31日.
    Demonstration,
    /// A fixed month and day of the year after the report year.
    Fixed { month: u32, day: u32 },
}

impl DeadlineProfile {
    /// Parses `national`, `demonstration` or `MM-DD`.
    pub fn parse(s: &str) -> Option<DeadlineProfile> {
        match s.trim() {
            "national" => Some(DeadlineProfile::National),
            "demonstration" => Some(DeadlineProfile::Demonstration),
            other => {
                let (m, d) = other.split_once('-')?;
                let (month, day) = (m.parse().ok()?, d.parse().ok()?);
                ((1..=12).contains(&month) && (1..=31).contains(&day))
                    .then_some(DeadlineProfile::Fixed { month, day })
            }
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

impl ReportMeta {
    /// Month and day (of the year after the report year) the report is due.
    pub fn deadline(&self) -> (u32, u32) {
        match self.deadline {
            DeadlineProfile::Fixed { month, day } => (month, day),
            DeadlineProfile::Demonstration => (1, 31),
            DeadlineProfile::National => match self.level {
                Some(Level::Province) | None => (4, 1),
                Some(_) => (3, 1),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_by_level_and_profile() {
        let meta = |level, deadline| ReportMeta { level, deadline };
        assert_eq!(meta(None, DeadlineProfile::National).deadline(), (4, 1));
        assert_eq!(
            meta(Some(Level::County), DeadlineProfile::National).deadline(),
            (3, 1)
        );
        assert_eq!(
            meta(Some(Level::Province), DeadlineProfile::National).deadline(),
            (4, 1)
        );
        assert_eq!(
            meta(Some(Level::County), DeadlineProfile::Demonstration).deadline(),
            (1, 31)
        );
        assert_eq!(
            DeadlineProfile::parse("02-15"),
            Some(DeadlineProfile::Fixed { month: 2, day: 15 })
        );
        assert_eq!(DeadlineProfile::parse("13-01"), None);
        assert_eq!(DeadlineProfile::parse("soon"), None);
    }
}
