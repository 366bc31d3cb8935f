//! Writing a fixed report back: to a temporary file in the same folder, then
//! renamed over the original, so a reader never sees half a file and a crash
//! leaves the original intact. The original's permissions and its UTF-8 byte
//! order mark are kept; a symbolic link is followed, not replaced. A file
//! that changed on disk while it was being checked is not overwritten.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

/// Why a fixed report was not written back.
#[derive(Debug, Error, Diagnostic)]
pub enum WriteError {
    #[error("{path}：无法写回修复后的内容（{source}）")]
    #[diagnostic(
        code(fix::write),
        help("原文件未改动。请检查文件和所在文件夹的写权限，或用 --diff 查看修改内容后手工修改")
    )]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}：检查期间文件被其他程序修改，未写回修复")]
    #[diagnostic(code(fix::changed), help("请重新运行 --fix"))]
    Changed { path: String },
    #[error("{path}：{what}格式的报告暂不支持写回修复")]
    #[diagnostic(
        code(fix::unsupported),
        help("原文件未改动。请用 --diff 查看修改内容，在原文档中手工修改")
    )]
    Unsupported { path: String, what: &'static str },
}

/// Formats that are read as text but must not be overwritten with plain
/// text (their markup would be lost).
const NOT_WRITABLE: &[(&str, &str)] = &[("html", "网页（.html）"), ("htm", "网页（.htm）")];

/// Writes `fixed` over `path`, provided the file still holds `original`.
pub fn write_back(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    let name = crate::paths::shown(path);
    if let Some((_, what)) = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| NOT_WRITABLE.iter().find(|(x, _)| x.eq_ignore_ascii_case(e)))
    {
        return Err(WriteError::Unsupported { path: name, what });
    }
    let io_error = |source| WriteError::Io {
        path: name.clone(),
        source,
    };
    let target: PathBuf = fs::canonicalize(path).map_err(io_error)?;
    let current = fs::read(&target).map_err(io_error)?;
    let (bom, body) = match current.strip_prefix("\u{FEFF}".as_bytes()) {
        Some(rest) => (true, rest),
        None => (false, current.as_slice()),
    };
    if body != original.as_bytes() {
        return Err(WriteError::Changed { path: name });
    }
    let permissions = fs::metadata(&target).map_err(io_error)?.permissions();
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".reportlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error)?;
    if bom {
        temp.write_all("\u{FEFF}".as_bytes()).map_err(io_error)?;
    }
    temp.write_all(fixed.as_bytes()).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    fs::set_permissions(temp.path(), permissions).map_err(io_error)?;
    temp.persist(&target).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_keeps_bom_and_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "\u{FEFF}甲,乙\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_back(&path, "甲,乙\r\n", "甲，乙\r\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "\u{FEFF}甲，乙\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn refuses_a_file_changed_meanwhile_and_html() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "新内容").unwrap();
        assert!(matches!(
            write_back(&path, "旧内容", "修复"),
            Err(WriteError::Changed { .. })
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "新内容");
        let html = dir.path().join("r.html");
        fs::write(&html, "甲,乙").unwrap();
        assert!(matches!(
            write_back(&html, "甲,乙", "甲，乙"),
            Err(WriteError::Unsupported { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "甲,乙").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_back(&link, "甲,乙", "甲，乙").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "甲，乙");
    }
}
