//! The unified diff of what fixes change (`--diff`), built with `similar`.
//! A Chinese paragraph is one line, so the diff shows whole paragraphs. The
//! `---`/`+++` header names the file as it was given, so the output can be
//! fed to `patch -p0` from the same folder.

use similar::TextDiff;

/// The unified diff from `old` to `new` for the file `name`, with three lines
/// of context; empty when the texts are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let old = "标题\n一、举措\n甲,乙\n";
        let new = "标题\n一、举措\n甲，乙\n";
        let d = unified("r.txt", old, new);
        assert!(d.starts_with("--- r.txt\n+++ r.txt\n@@ -1,3 +1,3 @@\n"));
        assert!(d.contains("-甲,乙\n+甲，乙\n"));
        assert_eq!(unified("r.txt", old, old), "");
    }
}
