//! `reportlint config`: the effective configuration, one setting a line, with
//! where each value came from (默认, a file and line, or 命令行 --flag).

use unicode_width::UnicodeWidthStr;

use super::{PackChoice, Settings, Source};
use crate::paths;
use crate::rules::Pack;

pub fn render(settings: &Settings, pack: &Pack) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |key: &str, value: String, source: &Source| {
        rows.push((key.to_string(), value, source.to_string()));
    };
    let pack_value = match &settings.pack.value {
        PackChoice::Builtin(id) => format!("{id}（{}）", pack.meta.name),
        PackChoice::Dir(dir) => format!("{}（{}）", paths::display(dir), pack.meta.name),
    };
    row("pack", pack_value, &settings.pack.source);
    if settings.severity.is_empty() {
        row("severity", "（无覆盖）".to_string(), &Source::Default);
    }
    for (id, s) in &settings.severity {
        row(
            &format!("severity.{id}"),
            s.value.as_str().to_string(),
            &s.source,
        );
    }
    if settings.disable.is_empty() {
        row("disable", "（无）".to_string(), &Source::Default);
    }
    for d in &settings.disable {
        row("disable", d.value.clone(), &d.source);
    }
    row(
        "report.level",
        settings
            .level
            .value
            .map_or("（未指定）".to_string(), |l| l.as_str().to_string()),
        &settings.level.source,
    );
    row(
        "report.year",
        settings
            .year
            .value
            .map_or("（从报告中读取）".to_string(), |y| y.to_string()),
        &settings.year.source,
    );
    let meta = crate::meta::ReportMeta {
        level: settings.level.value,
        deadline: settings.deadline.value,
    };
    // The date comes from the pack's deadline rule, when it has one.
    let due = pack
        .rules
        .iter()
        .find_map(|r| r.check.due(&meta))
        .map(|(month, day)| match day {
            crate::meta::LAST_DAY => format!("（次年{month}月的最后一天）"),
            _ => format!("（次年{month}月{day}日）"),
        })
        .unwrap_or_default();
    row(
        "report.deadline",
        format!("{}{due}", settings.deadline.value.describe()),
        &settings.deadline.source,
    );
    if settings.include.is_empty() {
        row("include", "（全部）".to_string(), &Source::Default);
    }
    for p in &settings.include {
        row("include", p.value.clone(), &p.source);
    }
    if settings.exclude.is_empty() {
        row("exclude", "（无）".to_string(), &Source::Default);
    }
    for p in &settings.exclude {
        row("exclude", p.value.clone(), &p.source);
    }
    row(
        "waivers",
        settings
            .waivers
            .value
            .as_deref()
            .map_or("（无）".to_string(), paths::display),
        &settings.waivers.source,
    );
    row(
        "baseline",
        settings
            .baseline
            .value
            .as_deref()
            .map_or("（无）".to_string(), paths::display),
        &settings.baseline.source,
    );
    row(
        "baseline.previous_year_folder",
        if settings.baseline_folder.value {
            "是（2023/单位.* 与 2022/单位.* 比较）"
        } else {
            "否"
        }
        .to_string(),
        &settings.baseline_folder.source,
    );
    for (report, base) in &settings.baseline_files {
        row(
            &format!("baseline.files.{}", paths::display(report)),
            paths::display(&base.value),
            &base.source,
        );
    }

    let key_width = rows.iter().map(|r| r.0.width()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.1.width()).max().unwrap_or(0);
    let mut out = format!(
        "配置文件：{}\n\n",
        settings.file.as_deref().unwrap_or("（无，使用默认配置）")
    );
    for (key, value, source) in rows {
        out.push_str(&format!(
            "{key}{}  {value}{}  {source}\n",
            " ".repeat(key_width - key.width()),
            " ".repeat(value_width - value.width()),
        ));
    }
    out.push_str(&format!("\n启用的规则：{} 条\n", pack.rules.len()));
    out
}
