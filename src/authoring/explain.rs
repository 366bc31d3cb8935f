//! `reportlint rules explain ID`: what a rule checks, why, the clause it
//! comes from, a failing and a passing example, and whether it can fix.

use super::describe_placeholders;
use crate::checks::Fixability;
use crate::rules::Rule;

pub fn explain(rule: &Rule) -> String {
    let mut out = format!("{} {}\n", rule.id, rule.title);
    out.push_str(&format!(
        "级别：{}　类型：{}　定义于：{}\n",
        rule.severity.label(),
        rule.check.kind(),
        rule.file
    ));
    out.push_str("\n检查什么、为什么\n");
    out.push_str(&indent(rule.description.as_deref().unwrap_or(&rule.title)));
    out.push_str("\n诊断信息\n");
    out.push_str(&indent(&describe_placeholders(&rule.message)));
    if let Some(help) = &rule.help {
        out.push_str("\n如何修改（依据）\n");
        out.push_str(&indent(&describe_placeholders(help)));
    }
    if !rule.basis.is_empty() {
        out.push_str("\n依据原文\n");
        for b in &rule.basis {
            out.push_str(&indent(&format!("{}：“{}”", b.cited(), b.quote)));
        }
    }
    if let Some(examples) = &rule.examples {
        if let Some(bad) = examples.invalid.first() {
            out.push_str("\n会报告问题的写法\n");
            out.push_str(&indent(&bad.text));
            if let Some(fixed) = &bad.fixed {
                out.push_str("\n修复后\n");
                out.push_str(&indent(fixed));
            }
        }
        if let Some(good) = examples.valid.first() {
            out.push_str("\n不会报告问题的写法\n");
            out.push_str(&indent(good));
        }
    }
    out.push_str("\n自动修复\n");
    out.push_str(&indent(match rule.check.fixability() {
        Fixability::None => "无；需要人工修改。",
        Fixability::Safe => "有，可直接应用（--fix）。",
        Fixability::Unsafe => "有，但需人工确认后应用（--fix --unsafe-fixes）。",
    }));
    out
}

fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim_end().lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}
