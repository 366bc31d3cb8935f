//! Writing a fixed report back, so that a careful user can trust it:
//!
//! - The fixed bytes go to a temporary file in the same folder ([`temp`]),
//!   which is flushed to disk and then renamed over the original: a reader
//!   sees the old file or the new one, never half of one, and a crash
//!   leaves the original intact. The folder is flushed after the rename so
//!   the new name survives a power loss.
//! - Only the bytes the fixes change are replaced ([`bytes`]): a byte order
//!   mark, NUL bytes and CR line ends elsewhere stay as they were.
//! - The new file keeps the original's permissions, owner and group; when
//!   the owner cannot be kept the file is not written.
//! - A symbolic link is followed, not replaced. A file with several hard
//!   links, a read-only file and a file the user may not write are left
//!   alone: replacing them would split the link or override the protection.
//! - A file that changed on disk while it was being checked is not
//!   overwritten.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::bytes;
use super::error::FixError;
use super::temp::Temp;
use crate::finding::Edit;
use crate::input;

/// Formats that are read as text but must not be overwritten with plain
/// text (their markup would be lost).
const NOT_WRITABLE: &[(&str, &str)] = &[("html", "网页（.html）"), ("htm", "网页（.htm）")];

/// Writes `original` with `edits` applied over `path`, provided the file
/// still reads as `original` (files over `max_bytes` are not read).
pub fn write_back(
    path: &Path,
    original: &str,
    edits: &[Edit],
    max_bytes: u64,
) -> Result<(), FixError> {
    let name = crate::paths::shown(path);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some((_, what)) = extension
        .as_deref()
        .and_then(|e| NOT_WRITABLE.iter().find(|(x, _)| *x == e))
    {
        return Err(FixError::Unsupported {
            path: name,
            what: (*what).to_string(),
            why: "检查的是从网页中提取的正文，写回会丢掉网页的其余内容".to_string(),
            help: super::error::UNSUPPORTED_HELP.to_string(),
        });
    }
    let io_error = |cause| FixError::Io {
        path: name.clone(),
        cause,
    };
    let target: PathBuf = fs::canonicalize(path).map_err(io_error)?;
    let mut file = File::open(&target).map_err(io_error)?;
    let before = file.metadata().map_err(io_error)?;
    refuse_protected(&target, &before, &name)?;

    // The file as it is now must be the file that was checked.
    let mut raw = Vec::new();
    (&mut file)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(io_error)?;
    drop(file);
    let changed = || FixError::Changed { path: name.clone() };
    if raw.len() as u64 > max_bytes {
        return Err(changed());
    }
    // Only plain text is written back, so no page title is ever looked for.
    static NO_PAGE_TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[^\s\S]").expect("a constant regex compiles")
    });
    match input::from_bytes(
        name.clone(),
        &raw,
        extension.as_deref(),
        max_bytes,
        &NO_PAGE_TITLE,
    ) {
        Ok(now) if now.text == original => {}
        _ => return Err(changed()),
    }
    let Some(fixed) = bytes::rebuild(&raw, original, edits) else {
        let body: Vec<u8> = raw.iter().copied().filter(|&b| b != 0).collect();
        return Err(if std::str::from_utf8(&body).is_err() {
            FixError::InvalidUtf8 { path: name }
        } else {
            FixError::Unmappable { path: name }
        });
    };
    drop(raw);

    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let temp = Temp::create_in(dir).map_err(io_error)?;
    let mut out = temp.file().map_err(io_error)?;
    out.write_all(&fixed).map_err(io_error)?;
    keep_owner(out, &before, &name)?;
    // After the owner: changing the owner clears the set-id bits.
    out.set_permissions(before.permissions())
        .map_err(io_error)?;
    out.sync_all().map_err(io_error)?;
    injected_fault(path);

    // Last look: the file must still be the one that was read.
    let now = fs::metadata(&target).map_err(io_error)?;
    if !same_file_unchanged(&before, &now) {
        return Err(changed());
    }
    temp.persist(&target).map_err(io_error)?;
    sync_dir(dir);
    Ok(())
}

/// Refuses a file that is read-only, that the user may not write, or (on
/// unix) that has several hard links.
fn refuse_protected(target: &Path, meta: &Metadata, name: &str) -> Result<(), FixError> {
    if meta.permissions().readonly() {
        return Err(FixError::ReadOnly {
            path: name.to_string(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(FixError::HardLinked {
                path: name.to_string(),
                links: meta.nlink(),
            });
        }
    }
    // Opening for writing (without truncating) changes nothing, and tells
    // whether the user may write the file, whatever the mode bits say.
    match OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(FixError::NoPermission {
            path: name.to_string(),
        }),
        Err(cause) => Err(FixError::Io {
            path: name.to_string(),
            cause,
        }),
    }
}

/// Gives the temporary file the original's owner and group. Changing the
/// owner needs privileges; a user may give a file any group they belong to.
/// When an id differs and cannot be set, the file is not written.
#[cfg(unix)]
fn keep_owner(file: &File, original: &Metadata, name: &str) -> Result<(), FixError> {
    use std::os::unix::fs::{fchown, MetadataExt};
    let mine = file.metadata().map_err(|cause| FixError::Io {
        path: name.to_string(),
        cause,
    })?;
    let uid = (mine.uid() != original.uid()).then_some(original.uid());
    let gid = (mine.gid() != original.gid()).then_some(original.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    fchown(file, uid, gid).map_err(|cause| FixError::Owner {
        path: name.to_string(),
        uid: original.uid(),
        gid: original.gid(),
        cause,
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _original: &Metadata, _name: &str) -> Result<(), FixError> {
    Ok(())
}

/// Whether `now` describes the same file as `before`, not modified since.
fn same_file_unchanged(before: &Metadata, now: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (before.dev(), before.ino()) != (now.dev(), now.ino()) {
            return false;
        }
    }
    before.len() == now.len() && before.modified().ok() == now.modified().ok()
}

/// Flushes a folder, so a rename in it survives a power loss. Some file
/// systems cannot flush a folder; the file is written by then either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// For tests of what a crash or an interruption leaves behind (debug builds
/// only): `REPORTLINT_FAULT=panic:<file name>` panics just before that file
/// is renamed into place; `REPORTLINT_FAULT=pause:<milliseconds>` waits that
/// long before every rename.
#[cfg(debug_assertions)]
fn injected_fault(path: &Path) {
    let Some(fault) = std::env::var_os("REPORTLINT_FAULT") else {
        return;
    };
    let fault = fault.to_string_lossy();
    if let Some(file) = fault.strip_prefix("panic:") {
        if path.file_name().is_some_and(|n| n == file) {
            panic!("REPORTLINT_FAULT：在写回 {file} 之前中止");
        }
    } else if let Some(ms) = fault.strip_prefix("pause:") {
        let ms = ms.parse().unwrap_or(0);
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(not(debug_assertions))]
fn injected_fault(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: replacement.to_string(),
        }
    }

    const MAX: u64 = 1 << 20;

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
        write_back(&path, "甲,乙\r\n", &[edit(3, 4, "，")], MAX).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "\u{FEFF}甲，乙\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
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
            write_back(&path, "旧内容", &[edit(0, 3, "修")], MAX),
            Err(FixError::Changed { .. })
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "新内容");
        let html = dir.path().join("r.html");
        fs::write(&html, "甲,乙").unwrap();
        assert!(matches!(
            write_back(&html, "甲,乙", &[edit(3, 4, "，")], MAX),
            Err(FixError::Unsupported { .. })
        ));
    }

    #[test]
    fn lone_cr_and_nul_bytes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let tail = "二、存在的不足和原因。\r三、下一年度的工作打算。\r".repeat(3);
        let mut raw = b"\xE7\x94\xB2,\x00\xE4\xB9\x99\r".to_vec();
        raw.extend_from_slice(tail.as_bytes());
        fs::write(&path, &raw).unwrap();
        let text = format!("甲,乙\n{}", tail.replace('\r', "\n"));
        write_back(&path, &text, &[edit(3, 4, "，")], MAX).unwrap();
        let mut expected = b"\xE7\x94\xB2\xEF\xBC\x8C\x00\xE4\xB9\x99\r".to_vec();
        expected.extend_from_slice(tail.as_bytes());
        assert_eq!(fs::read(&path).unwrap(), expected);
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "甲,乙").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_back(&link, "甲,乙", &[edit(3, 4, "，")], MAX).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "甲，乙");
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_and_read_only_files_are_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "甲,乙").unwrap();
        fs::hard_link(&path, dir.path().join("other.txt")).unwrap();
        assert!(matches!(
            write_back(&path, "甲,乙", &[edit(3, 4, "，")], MAX),
            Err(FixError::HardLinked { links: 2, .. })
        ));
        let lone = dir.path().join("ro.txt");
        fs::write(&lone, "甲,乙").unwrap();
        fs::set_permissions(&lone, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            write_back(&lone, "甲,乙", &[edit(3, 4, "，")], MAX),
            Err(FixError::ReadOnly { .. })
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "甲,乙");
        assert_eq!(fs::read_to_string(&lone).unwrap(), "甲,乙");
    }
}
