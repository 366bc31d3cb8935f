//! What `--annotate` prints: one line per annotated document written.

use crate::annotate::Written;
use crate::paths;

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
