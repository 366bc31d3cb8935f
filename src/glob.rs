//! The one glob dialect of reportlint, for patterns on the command line
//! (`reportlint check 'reports/**/*.txt'`) as for `include`/`exclude` in the
//! configuration and `file` in a waiver: `*` and `?` match within one folder
//! name, `**` any number of folders, `[abc]`/`[a-z]`/`[!a]` one character of
//! a set, `{a,b}` either of two patterns. It is `globset`'s (the dialect of
//! ripgrep and of `.gitignore` files), with `/` as a literal separator.

use std::fs;
use std::path::{Path, PathBuf};

use globset::{ErrorKind, GlobBuilder, GlobMatcher};

/// Compiles a pattern as written.
pub fn matcher(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    Ok(GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()?
        .compile_matcher())
}

/// Why a pattern is not a valid glob, in Chinese.
pub fn reason(e: &globset::Error) -> String {
    match e.kind() {
        ErrorKind::UnclosedClass => "`[` 没有对应的 `]`".to_string(),
        ErrorKind::InvalidRange(a, b) => format!("字符范围 {a}-{b} 无效：前一个字符应不大于后一个"),
        ErrorKind::UnopenedAlternates => "`}` 前没有对应的 `{`".to_string(),
        ErrorKind::UnclosedAlternates => "`{` 没有对应的 `}`".to_string(),
        ErrorKind::NestedAlternates => "`{…}` 中不能再有 `{…}`".to_string(),
        ErrorKind::DanglingEscape => "末尾的 `\\` 后面缺少字符".to_string(),
        ErrorKind::InvalidRecursive => "`**` 只能单独作为一级目录，如 reports/**/*.txt".to_string(),
        _ => "写法有误".to_string(),
    }
}

/// A pattern as written in a configuration or waiver file, with the
/// shorthand of `.gitignore`: no `/` means any folder, a trailing `/` means
/// everything below. The error says what is wrong, in Chinese.
pub fn config_pattern(pattern: &str) -> Result<globset::Glob, String> {
    let mut p = pattern.trim().trim_start_matches("./").to_string();
    if p.ends_with('/') {
        p.push_str("**");
    }
    if !p.contains('/') {
        p = format!("**/{p}");
    }
    GlobBuilder::new(&p)
        .literal_separator(true)
        .build()
        .map_err(|e| reason(&e))
}

/// Where a walk for a pattern starts, and how deep it goes.
pub struct Walk {
    /// The pattern's leading folders without any wildcard (empty for the
    /// current folder).
    pub base: PathBuf,
    /// Folder levels below `base` that can match; `None` with `**`.
    pub depth: Option<usize>,
}

/// The literal folders a pattern starts with: only below them can it match.
pub fn walk_of(pattern: &str) -> Walk {
    let parts: Vec<&str> = pattern.split('/').collect();
    let wild = |p: &str| p.contains(['*', '?', '[', '{']);
    let first = parts.iter().position(|p| wild(p)).unwrap_or(parts.len());
    let mut base = parts[..first].join("/");
    if first > 0 && base.is_empty() {
        base.push('/');
    }
    let rest = &parts[first..];
    Walk {
        base: PathBuf::from(base),
        depth: (!rest.iter().any(|p| p.contains("**"))).then_some(rest.len()),
    }
}

/// A path found by [`expand`]: a file, a folder the pattern names as a
/// whole, or a folder that could not be read.
pub enum Found {
    File(PathBuf),
    Dir(PathBuf),
    Unreadable(PathBuf, std::io::Error),
}

/// The paths a pattern matches, in sorted order, folder by folder. A
/// matching folder is given whole (its contents are not matched one by
/// one); links to folders are not followed.
pub fn expand(pattern: &str) -> Result<Vec<Found>, globset::Error> {
    // `./reports/*.txt` finds `reports/a.txt`, as the shell would show it.
    let pattern = pattern.trim_start_matches("./");
    // A pattern ending in `/` or `**` names folders: their reports are
    // taken as a folder's are (not every file in them).
    let folders_only = pattern.ends_with('/') || pattern.ends_with("**");
    let pattern = match pattern.trim_end_matches('/') {
        "" => pattern,
        trimmed => trimmed,
    };
    let matcher = matcher(pattern)?;
    let walk = walk_of(pattern);
    let mut found = Vec::new();
    let start = if walk.base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        walk.base.as_path()
    };
    if start.is_dir() {
        let search = Search {
            matcher,
            depth: walk.depth,
            folders_only,
        };
        search.visit(&walk.base, start, 1, &mut found);
    }
    Ok(found)
}

/// What a walk looks for.
struct Search {
    matcher: GlobMatcher,
    /// Folder levels that can match; `None` with `**`.
    depth: Option<usize>,
    folders_only: bool,
}

impl Search {
    /// The entries of `dir` (shown as `shown`), `level` folders below the
    /// walk's start.
    fn visit(&self, shown: &Path, dir: &Path, level: usize, found: &mut Vec<Found>) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                found.push(Found::Unreadable(shown.to_path_buf(), e));
                return;
            }
        };
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        names.sort();
        for name in names {
            let path = shown.join(&name);
            let real = dir.join(&name);
            let is_link = fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
            let is_dir = real.is_dir();
            if self.matcher.is_match(&path) && (is_dir || !self.folders_only) {
                found.push(if is_dir {
                    Found::Dir(path)
                } else {
                    Found::File(path)
                });
            } else if is_dir && !is_link && self.depth.is_none_or(|d| level < d) {
                self.visit(&path, &real, level + 1, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_starts_below_the_literal_folders() {
        let w = walk_of("reports/2023/*.txt");
        assert_eq!(w.base, PathBuf::from("reports/2023"));
        assert_eq!(w.depth, Some(1));
        let w = walk_of("*/b/*.txt");
        assert_eq!(w.base, PathBuf::from(""));
        assert_eq!(w.depth, Some(3));
        assert_eq!(walk_of("reports/**/*.txt").depth, None);
        assert_eq!(walk_of("/tmp/*.txt").base, PathBuf::from("/tmp"));
        assert_eq!(walk_of("/*.txt").base, PathBuf::from("/"));
    }

    #[test]
    fn the_dialect_is_that_of_the_configuration() {
        let m = |p: &str, path: &str| matcher(p).unwrap().is_match(path);
        assert!(m("reports/*.txt", "reports/a.txt"));
        assert!(!m("reports/*.txt", "reports/2023/a.txt"));
        assert!(m("reports/**/*.txt", "reports/2023/q1/a.txt"));
        assert!(m("r/{a,b}.txt", "r/b.txt"));
        assert!(m("r/[!a].txt", "r/b.txt"));
    }

    #[test]
    fn bad_patterns_are_explained_in_chinese() {
        let e = matcher("reports/[a.txt").unwrap_err();
        assert_eq!(reason(&e), "`[` 没有对应的 `]`");
        let e = matcher("r/{a,b.txt").unwrap_err();
        assert_eq!(reason(&e), "`{` 没有对应的 `}`");
    }
}
