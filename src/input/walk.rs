//! Turning command-line arguments into the reports to check: `-` is standard
//! input, a directory is walked recursively, a pattern with `*`, `?` or `[`
//! that names no file is expanded (for shells that leave it alone, and for
//! quoted patterns).
//!
//! Files named on the command line keep their order and are read whatever
//! their extension. In a directory, hidden files and files ignored by
//! `.gitignore`/`.ignore` are skipped (the `ignore` crate, as ripgrep does),
//! entries come sorted by path, and only files that look like reports (or
//! like formats that need converting, so they get a clear error) are taken.
//!
//! Special files (named pipes, sockets, devices) are never opened: reading
//! a pipe waits for a writer that may never come. They become the file's own
//! `input::special_file` error. The run's own output files (standard output
//! redirected into a checked folder, `--output` files) are left out, so a run
//! never checks what it is writing.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::Source;
use crate::error::InputError;

/// The name ending of the annotated documents `check --annotate` writes
/// (`报告.审核.docx`).
pub const ANNOTATED_SUFFIX: &str = ".审核.docx";
/// How every page of the HTML review report names its maker, within its
/// first [`GENERATOR_WITHIN`] bytes.
pub const HTML_GENERATOR: &str = "<meta name=\"generator\" content=\"reportlint ";
/// How far into a page [`HTML_GENERATOR`] is written.
pub const GENERATOR_WITHIN: usize = 2048;

/// Extensions of files read as reports when a directory is walked.
/// Word's macro-enabled documents and templates (.docm, .dotx, .dotm) are
/// .docx inside and are read the same way.
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "docx", "docm", "dotx", "dotm", "odt", "ott", "rtf", "htm", "html", "xhtml",
    "shtml",
];
/// Extensions of files that are reported with a conversion hint when a
/// directory is walked: a reviewer wants to know that a report came as PDF.
const CONVERT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "wps", "dot", "ofd", "png", "jpg", "jpeg", "gif", "tif", "tiff", "bmp", "webp",
];
/// Hops followed along a chain of symbolic links before calling it a loop.
const MAX_LINK_HOPS: usize = 40;

/// The command line's inputs, expanded.
#[derive(Debug, Default)]
pub struct Expansion {
    /// In output order: each a report to read, or why an argument gave none.
    pub items: Vec<Result<Source, InputError>>,
    /// Files in walked directories that were not taken (other formats), in
    /// walk order, so the note can name them.
    pub skipped: Vec<PathBuf>,
    /// Symbolic links to folders met in walked directories: not followed,
    /// so a walk never leaves the folder it was given (a link to `/` would
    /// take it over the whole disk).
    pub linked_dirs: Vec<PathBuf>,
    /// The run's own output files met among the inputs, left out.
    pub own_outputs: Vec<PathBuf>,
    /// What earlier runs wrote, met in walked directories and left out:
    /// annotated documents (`报告.审核.docx`) and HTML review pages. Named
    /// on the command line they are checked like any file.
    pub earlier_outputs: Vec<PathBuf>,
    /// Files never to take: the run's own outputs, by file identity.
    exclude: Vec<FileId>,
}

/// A file's identity: device and inode. Two paths name the same file when
/// their identities are equal, whatever links or `..` they go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file at `path` (followed through links).
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(path).ok().map(|m| FileId {
                dev: m.dev(),
                ino: m.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    /// The identity of the file standard output writes to, when it is a
    /// regular file (`reportlint check . > 结果.txt`).
    pub fn of_stdout() -> Option<FileId> {
        #[cfg(unix)]
        {
            // SAFETY: fstat only writes into the zeroed struct it is given.
            let mut stat: libc::stat = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::fstat(1, &mut stat) } == 0;
            (ok && (stat.st_mode & libc::S_IFMT) == libc::S_IFREG).then_some(FileId {
                dev: stat.st_dev as u64,
                ino: stat.st_ino as u64,
            })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Expands the arguments in order.
pub fn expand(args: &[PathBuf]) -> Expansion {
    expand_excluding(args, Vec::new())
}

/// Expands the arguments in order, leaving out the files in `exclude` (the
/// run's own outputs).
pub fn expand_excluding(args: &[PathBuf], exclude: Vec<FileId>) -> Expansion {
    let mut out = Expansion {
        exclude,
        ..Expansion::default()
    };
    for arg in args {
        if arg.as_os_str() == "-" {
            out.items.push(Ok(Source::Stdin));
            continue;
        }
        let text = arg.to_string_lossy();
        let exists = fs::symlink_metadata(arg).is_ok();
        if !exists && text.contains(['*', '?', '[']) {
            expand_glob(&text, &mut out);
        } else if arg.is_dir() {
            walk_dir(arg, &mut out);
        } else {
            out.take_file(arg.clone());
        }
    }
    out
}

impl Expansion {
    /// Takes a file, unless it is one of the run's own outputs.
    fn take_file(&mut self, path: PathBuf) {
        if !self.exclude.is_empty()
            && FileId::of(&path).is_some_and(|id| self.exclude.contains(&id))
        {
            self.own_outputs.push(path);
            return;
        }
        self.items.push(Ok(Source::Path(path)));
    }
}

/// What kind of special file `t` is, in Chinese; `None` for regular files
/// and directories.
pub fn special_kind(t: &fs::FileType) -> Option<&'static str> {
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if t.is_socket() {
            return Some("套接字（socket）");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("设备文件");
        }
    }
    Some("特殊文件")
}

/// A pattern, in the dialect of [`crate::glob`].
fn expand_glob(pattern: &str, out: &mut Expansion) {
    let found = match crate::glob::expand(pattern) {
        Ok(found) => found,
        Err(e) => {
            out.items.push(Err(InputError::BadPattern {
                pattern: pattern.to_string(),
                detail: crate::glob::reason(&e),
            }));
            return;
        }
    };
    if found.is_empty() {
        out.items.push(Err(InputError::NoMatch {
            pattern: pattern.to_string(),
        }));
    }
    for f in found {
        match f {
            crate::glob::Found::Dir(path) => walk_dir(&path, out),
            crate::glob::Found::File(path) => out.take_file(path),
            crate::glob::Found::Unreadable(path, cause) => {
                out.items.push(Err(InputError::Unreadable {
                    path: crate::paths::shown(&path),
                    cause,
                }));
            }
        }
    }
}

fn walk_dir(dir: &Path, out: &mut Expansion) {
    let walker = WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    let before = out.items.len();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.items.push(Err(walk_error(e, dir)));
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        let is_link = entry.file_type().is_some_and(|t| t.is_symlink());
        let mut special = entry.file_type().as_ref().and_then(special_kind);
        let path = entry.into_path();
        if is_lock_file(&path) {
            continue;
        }
        if is_link {
            // A link to a file is read as that file; a link to a folder is
            // not followed.
            match fs::metadata(&path) {
                Ok(target) if target.is_dir() => {
                    out.linked_dirs.push(path);
                    continue;
                }
                Ok(target) => special = special_kind(&target.file_type()),
                Err(_) if is_candidate(&path) => {
                    let name = crate::paths::shown(&path);
                    out.items.push(Err(match classify_link(&path) {
                        Some(link) => link.into_error(&name),
                        None => InputError::NotFound { path: name },
                    }));
                    continue;
                }
                Err(_) => {
                    out.skipped.push(path);
                    continue;
                }
            }
        }
        if !is_candidate(&path) {
            out.skipped.push(path);
        } else if special.is_none() && is_earlier_output(&path) {
            out.earlier_outputs.push(path);
        } else if let Some(what) = special {
            out.items.push(Err(InputError::SpecialFile {
                path: crate::paths::shown(&path),
                what,
            }));
        } else {
            out.take_file(path);
        }
    }
    if out.items.len() == before {
        out.items.push(Err(InputError::NoReports {
            path: crate::paths::shown(dir),
        }));
    }
}

/// Whether a file in a walked folder is what reportlint wrote: an
/// annotated document by its name, an HTML review page by the generator
/// mark in its first bytes (read only for `.htm`/`.html` files).
fn is_earlier_output(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if name.ends_with(ANNOTATED_SUFFIX) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".html") || lower.ends_with(".htm")) {
        return false;
    }
    use std::io::Read;
    let mut head = Vec::with_capacity(GENERATOR_WITHIN);
    let read =
        fs::File::open(path).and_then(|f| f.take(GENERATOR_WITHIN as u64).read_to_end(&mut head));
    read.is_ok()
        && head
            .windows(HTML_GENERATOR.len())
            .any(|w| w == HTML_GENERATOR.as_bytes())
}

/// Word's lock files (`~$报告.docx`) exist only while a document is open.
fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// Whether a file found in a directory is taken: a report format, a format
/// to convert, or no extension at all.
pub fn is_candidate(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            REPORT_EXTENSIONS.contains(&ext.as_str()) || CONVERT_EXTENSIONS.contains(&ext.as_str())
        }
    }
}

fn walk_error(e: ignore::Error, dir: &Path) -> InputError {
    let mut path: Option<PathBuf> = None;
    let mut inner = &e;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    if let ignore::Error::Loop { child, .. } = inner {
        return InputError::SymlinkLoop {
            path: crate::paths::shown(child),
        };
    }
    let path = path.unwrap_or_else(|| dir.to_path_buf());
    let name = crate::paths::shown(&path);
    if let Some(link) = classify_link(&path) {
        return link.into_error(&name);
    }
    let detail = inner.to_string();
    let cause = match e.into_io_error() {
        Some(io) => io,
        None => io::Error::other(detail),
    };
    InputError::Unreadable { path: name, cause }
}

/// What is wrong with a symbolic link that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    Loop,
    /// The target named by the last link in the chain does not exist.
    Broken(PathBuf),
}

impl LinkProblem {
    pub fn into_error(self, name: &str) -> InputError {
        match self {
            LinkProblem::Loop => InputError::SymlinkLoop {
                path: name.to_string(),
            },
            LinkProblem::Broken(target) => InputError::BrokenLink {
                path: name.to_string(),
                target: crate::paths::shown(&target),
            },
        }
    }
}

/// Follows a chain of symbolic links starting at `path` and says why it does
/// not end at a file: a loop, or a missing target. `None` when `path` is not
/// a link or the chain ends normally. Done by hand because the operating
/// system's “too many levels of symbolic links” has no portable error kind.
pub fn classify_link(path: &Path) -> Option<LinkProblem> {
    let mut seen = HashSet::new();
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        let meta = fs::symlink_metadata(&current).ok()?;
        if !meta.file_type().is_symlink() {
            return None;
        }
        if !seen.insert(current.clone()) {
            return Some(LinkProblem::Loop);
        }
        let target = fs::read_link(&current).ok()?;
        let next = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(&target),
            _ => target.clone(),
        };
        if fs::symlink_metadata(&next).is_err() {
            return Some(LinkProblem::Broken(target));
        }
        current = next;
    }
    Some(LinkProblem::Loop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(e: &Expansion, root: &Path) -> Vec<String> {
        e.items
            .iter()
            .map(|i| match i {
                Ok(Source::Path(p)) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
                Ok(Source::Stdin) => "-".to_string(),
                Err(e) => format!("error {}", e.code()),
            })
            .collect()
    }

    #[test]
    fn walks_sorted_skipping_hidden_ignored_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/sub")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in [
            "b/sub/z.txt",
            "b/a.docx",
            "b/macro.docm",
            "b/template.dotx",
            "a.txt",
            "c.pdf",
            "notes.yaml",
            "README",
            ".secret.txt",
            ".hidden/x.txt",
            "ignored.txt",
            "~$a.docx",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        fs::write(root.join(".ignore"), "ignored.txt\n").unwrap();
        let e = expand(&[root.to_path_buf()]);
        assert_eq!(
            names(&e, root),
            [
                "README",
                "a.txt",
                "b/a.docx",
                "b/macro.docm",
                "b/sub/z.txt",
                "b/template.dotx",
                "c.pdf"
            ]
        );
        assert_eq!(e.skipped, [root.join("notes.yaml")]);
    }

    #[test]
    fn earlier_outputs_are_left_out_of_walks_but_read_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("报告.docx"), "x").unwrap();
        fs::write(root.join("报告.审核.docx"), "x").unwrap();
        let page = format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\">{}0.1\"></head></html>",
            HTML_GENERATOR
        );
        fs::write(root.join("审核.html"), &page).unwrap();
        fs::write(
            root.join("门户.HTM"),
            "<html><meta name=\"generator\" content=\"TRS\">",
        )
        .unwrap();
        let e = expand(&[root.to_path_buf()]);
        assert_eq!(names(&e, root), ["报告.docx", "门户.HTM"]);
        assert_eq!(
            e.earlier_outputs,
            [root.join("审核.html"), root.join("报告.审核.docx")]
        );
        let named = expand(&[root.join("报告.审核.docx"), root.join("审核.html")]);
        assert_eq!(names(&named, root), ["报告.审核.docx", "审核.html"]);
    }

    #[test]
    fn explicit_order_stdin_globs_and_empty_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in ["2.txt", "1.txt", "3.docx"] {
            fs::write(root.join(f), "x").unwrap();
        }
        fs::create_dir(root.join("empty")).unwrap();
        let e = expand(&[
            root.join("2.txt"),
            PathBuf::from("-"),
            root.join("1.txt"),
            root.join("*.txt"),
            root.join("*.none"),
            root.join("empty"),
        ]);
        assert_eq!(
            names(&e, root),
            [
                "2.txt",
                "-",
                "1.txt",
                "1.txt",
                "2.txt",
                "error input::no_match",
                "error input::no_reports"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink(root.join("b"), root.join("a")).unwrap();
        symlink(root.join("a"), root.join("b")).unwrap();
        symlink(root.join("gone"), root.join("dangling")).unwrap();
        assert_eq!(classify_link(&root.join("a")), Some(LinkProblem::Loop));
        assert!(matches!(
            classify_link(&root.join("dangling")),
            Some(LinkProblem::Broken(_))
        ));
        fs::create_dir(root.join("d")).unwrap();
        fs::write(root.join("d/r.txt"), "x").unwrap();
        symlink(root.join("d"), root.join("d/self")).unwrap();
        symlink("/", root.join("d/root.txt")).unwrap();
        symlink(root.join("a"), root.join("d/loop.txt")).unwrap();
        symlink(root.join("d/r.txt"), root.join("d/same.txt")).unwrap();
        let e = expand(&[root.join("d")]);
        let got = names(&e, root);
        // Links to folders (itself, the root of the disk) are not followed;
        // a link to a file is read; a looping link is reported.
        assert_eq!(
            got,
            ["error input::symlink_loop", "d/r.txt", "d/same.txt"],
            "{got:?}"
        );
        assert_eq!(e.linked_dirs.len(), 2);
    }
}
