//! Paths as a run shows them: relative to the current directory when they lie
//! under it, with `/` separators, so SARIF, GitHub annotations and JUnit name
//! files the way a repository does (and never leak an absolute path from a CI
//! runner).

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
    path.to_string_lossy().replace('\\', "/")
}
