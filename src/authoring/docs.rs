//! The rule reference (`rules/README.md` for the built-in pack), generated
//! from the pack so that it cannot drift from the YAML: a test compares the
//! committed file with this output.

use super::describe_placeholders;
use crate::rules::{KindRegistry, Pack};

pub fn reference(pack: &Pack) -> String {
    let mut out = format!("# {} 规则参考\n\n", pack.meta.name);
    out.push_str("本文件由 `reportlint rules docs` 根据规则文件生成，请勿手工修改。\n\n");
    if let Some(d) = &pack.meta.description {
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    if !pack.template.sections.is_empty() {
        out.push_str("## 模板部分\n\n| id | 名称 | 必需 | 规定原文 |\n|---|---|---|---|\n");
        for s in &pack.template.sections {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                s.id,
                s.title,
                if s.required { "是" } else { "否" },
                s.wording
            ));
            for c in &s.contents {
                out.push_str(&format!(
                    "| `{}` | {}（属于 `{}`） | {} | |\n",
                    c.id,
                    c.title,
                    s.id,
                    if s.required { "是" } else { "否" }
                ));
            }
        }
        out.push('\n');
    }
    out.push_str("## 规则类型\n\n| 类型 | 检查什么 |\n|---|---|\n");
    let kinds = KindRegistry::builtin();
    for kind in kinds.entries() {
        out.push_str(&format!("| `{}` | {} |\n", kind.name, kind.docs));
    }
    out.push('\n');
    out.push_str("## 标注文字\n\n规则在 `check:` 中用 `labels:` 设置诊断中标注的文字；省略的键用默认文字。各文字都可用 `{year}`、`{next_year}`。\n\n| 类型 | 键 | 用途 | 占位符 | 默认 |\n|---|---|---|---|---|\n");
    for kind in kinds.entries() {
        for k in kind.labels {
            let placeholders = k
                .placeholders
                .iter()
                .map(|p| format!("`{{{p}}}`"))
                .collect::<Vec<_>>()
                .join("、");
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} | {} |\n",
                kind.name, k.key, k.docs, placeholders, k.default
            ));
        }
    }
    out.push('\n');
    out.push_str("## 规则一览\n\n| 规则 | 级别 | 类型 | 摘要 |\n|---|---|---|---|\n");
    let mut rules: Vec<_> = pack.rules.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &rules {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.id,
            r.id.to_lowercase(),
            r.severity.label(),
            r.check.kind(),
            r.title
        ));
    }
    for r in &rules {
        out.push_str(&format!(
            "\n## {}\n\n**{}**　级别：{}　类型：`{}`　定义于：`{}`\n\n",
            r.id,
            r.title,
            r.severity.label(),
            r.check.kind(),
            r.file
        ));
        if let Some(d) = &r.description {
            out.push_str(d.trim());
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "诊断信息：{}\n\n",
            describe_placeholders(&r.message)
        ));
        if let Some(h) = &r.help {
            out.push_str(&format!(
                "如何修改：{}\n\n",
                describe_placeholders(h).trim()
            ));
        }
        for b in &r.basis {
            out.push_str(&format!(
                "依据：{}\n\n> {}\n\n",
                b.cited(),
                b.quote.replace('\n', "\n> ")
            ));
        }
        if let Some(e) = &r.examples {
            if let Some(bad) = e.invalid.first() {
                out.push_str("会报告问题的写法：\n\n```text\n");
                out.push_str(bad.text.trim_end());
                out.push_str("\n```\n\n");
            }
            if let Some(good) = e.valid.first() {
                out.push_str("不会报告问题的写法：\n\n```text\n");
                out.push_str(good.trim_end());
                out.push_str("\n```\n\n");
            }
        }
    }
    out
}
