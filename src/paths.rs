//! Paths as a run shows them: relative to the current directory when they lie
//! under it, with `/` separators, so SARIF, GitHub annotations and JUnit name
//! files the way a repository does (and never leak an absolute path from a CI
//! runner).
//!
//! A file name need not be valid UTF-8 on Unix. Such a name is shown with
//! each byte that is not UTF-8 written as `\xNN` and every literal backslash
//! doubled (`\\`), so the shown name is unambiguous and the file can be
//! found from it; every output format shows the same string.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..`
/// resolved lexically (the file need not exist).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The canonical form when the path exists (symlinks resolved), else
/// [`absolute`].
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| absolute(path))
}

/// How a path is shown: relative to the current directory if under it,
/// `/`-separated.
pub fn display(path: &Path) -> String {
    let abs = absolute(path);
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| abs.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|rel| !rel.as_os_str().is_empty())
        .unwrap_or_else(|| {
            if path.is_absolute() {
                abs.clone()
            } else {
                path.to_path_buf()
            }
        });
    slashes(&shown)
}

/// `path` relative to `base` (both made absolute), `/`-separated; `None`
/// when `path` is not under `base`.
pub fn relative_to(path: &Path, base: &Path) -> Option<String> {
    canonical(path)
        .strip_prefix(canonical(base))
        .ok()
        .map(slashes)
}

/// A path for a URI or an annotation: `/` separators, a relative path as
/// given (a report named on the command line keeps its own name).
pub fn slashes(path: &Path) -> String {
    if cfg!(windows) {
        path.to_string_lossy().replace('\\', "/")
    } else {
        shown(path)
    }
}

/// The path as given, as text: bytes that are not UTF-8 and control
/// characters as `\xNN`, other invisible direction marks as `\u{NNNN}`, a
/// literal backslash as `\\` (Unix); so a name can neither be mistaken for
/// another nor reach a terminal or a CI log as a command (a newline in a
/// name would otherwise start a new GitHub workflow command). Windows names
/// are shown as they are.
pub fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else if c.is_control() && (c as u32) < 0x100 {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                } else if c.is_control() || is_direction_mark(c) {
                    out.push_str(&format!("\\u{{{:04x}}}", c as u32));
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// Invisible marks that reorder or hide text (bidirectional controls).
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// [`display`] for a name already made shown by [`shown`] (a report's name):
/// relative to the current directory when under it, escapes kept as they are.
pub fn display_name(name: &str) -> String {
    if !name.contains('\\') {
        return display(Path::new(name));
    }
    let Ok(cwd) = std::env::current_dir() else {
        return name.to_string();
    };
    let prefix = format!("{}/", shown(&cwd));
    match name.strip_prefix(&prefix) {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => name.strip_prefix("./").unwrap_or(name).to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_that_are_not_utf8_are_escaped_unambiguously() {
        let p = Path::new(OsStr::from_bytes(b"dir/\\xff-\xff\xfe.txt"));
        assert_eq!(shown(p), "dir/\\\\xff-\\xff\\xfe.txt");
        assert_eq!(shown(Path::new("报告/a.txt")), "报告/a.txt");
        assert_eq!(display_name(&shown(p)), shown(p));
        let controls = Path::new("a\n::error file=x::b\r\u{1b}[31m\u{202e}.txt");
        assert_eq!(
            shown(controls),
            "a\\x0a::error file=x::b\\x0d\\x1b[31m\\u{202e}.txt"
        );
    }
}
