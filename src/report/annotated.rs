//! What `--annotate` writes in words: the summary comment on each annotated
//! document's title, and one line per document written.

use crate::annotate::{Facts, Written};
use crate::finding::Severity;
use crate::paths;
use crate::report::matrix;
use crate::rules::Pack;
use crate::run::{Counts, Outcome};

/// The note for an annotated document written.
pub fn note(w: &Written) -> String {
    let mut out = format!(
        "已写出批注文档 {}：{} 条批注（含 1 条总评），{} 处修订",
        paths::shown(&w.path),
        w.comments,
        w.tracked
    );
    if w.untracked > 0 {
        out.push_str(&format!(
            "，另有 {} 处修改无法以修订表示，已在总评中说明",
            w.untracked
        ));
    }
    if w.regenerated {
        out.push_str("；原文档有无法逐字对应的内容，已按检查的文字重新排版生成");
    }
    out.push('\n');
    out
}

/// The summary comment on the title: counts, the completeness verdict,
/// and what the tracked changes are.
pub fn summary(outcome: &Outcome, pack: &Pack, facts: &Facts) -> Vec<String> {
    let Outcome::Checked(file) = outcome else {
        return Vec::new();
    };
    let counts = Counts::of(file);
    let doc = &file.doc;
    let year = doc.year().map_or_else(
        || "未能确定报告年度".to_string(),
        |y| format!("{y} 年度报告"),
    );
    let mut out = vec![format!(
        "reportlint 审核意见（{year}）：{} 个错误，{} 个警告，{} 个提示，均已在文中批注。",
        counts.errors, counts.warnings, counts.infos
    )];
    let columns = matrix::columns(pack);
    if !columns.is_empty() {
        let row = matrix::Row::of(outcome, pack, &columns, Severity::Error);
        let missing: Vec<&str> = columns
            .iter()
            .zip(row.cells.iter())
            .filter(|(_, c)| matches!(c, matrix::Cell::Missing | matrix::Cell::Unknown))
            .map(|(col, _)| col.title.as_str())
            .collect();
        let marks: Vec<String> = columns
            .iter()
            .zip(row.cells.iter())
            .map(|(col, c)| format!("{}{}", col.short, c.symbol()))
            .collect();
        out.push(if missing.is_empty() {
            format!("完整性：必备内容齐全（{}）。", marks.join(" "))
        } else {
            format!(
                "完整性：缺少 {} 项必备内容——{}（{}）。",
                missing.len(),
                missing.join("；"),
                marks.join(" ")
            )
        });
    }
    if facts.tracked > 0 {
        out.push(format!(
            "reportlint 能自动改正的 {} 处已作为修订标出：在 Word 或 WPS 的“审阅”中逐条接受或拒绝。",
            facts.tracked
        ));
    }
    if facts.untracked > 0 {
        out.push(format!(
            "另有 {} 处修改无法以修订表示（涉及自动编号或分段），请按批注手工修改。",
            facts.untracked
        ));
    }
    if let Some(why) = &facts.unsettled {
        out.push(format!("自动修复未能完成（{why}），因此没有标出修订。"));
    }
    for (rule, more) in &file.checked.unlisted {
        out.push(format!("规则 {rule} 另有 {more} 处同样的问题未逐一批注。"));
    }
    if facts.regenerated {
        out.push("原 Word 文档中有无法逐字对应的内容，为使批注准确落在检查的文字上，本文件按检查的文字重新排版生成；原文件未改动。".to_string());
    }
    out
}
