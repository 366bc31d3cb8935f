//! Where output text goes while a run is checked: standard output, or an
//! `--output` file written under a temporary name and renamed when complete,
//! and text set aside to be written later ([`Spill`]). Both keep memory flat
//! however many reports a run checks: nothing is held until the end but what
//! a format cannot know before it (a count in a header, the order of
//! GitHub's annotations), and that is kept on disk past a small size.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::fix::temp::{self, Temp};

/// The destination of one output.
pub enum Dest {
    /// Standard output, written a report at a time ([`StdoutBuf`]).
    Stdout(StdoutBuf),
    /// An `--output` file: written to a temporary file in the same folder
    /// and renamed over `path` by [`Dest::finish`], so a reader (a CI upload
    /// step) never sees half a report and a failed run leaves no half file
    /// under the output's name.
    File {
        path: PathBuf,
        file: BufWriter<Temp>,
        /// The first write error; the file is then not kept.
        error: Option<io::Error>,
    },
}

impl Dest {
    /// A destination for an `--output` file: a temporary file beside it,
    /// named like every temporary file of ours ([`temp`]). Ctrl+C or a
    /// termination signal deletes it before the process exits; temporary
    /// files in the folder left by a run killed outright are deleted first.
    pub fn file(path: &Path) -> io::Result<Dest> {
        let dir = folder(path);
        super::write_stderr(&super::fixes::stale_removed(&temp::remove_stale([dir])));
        temp::remove_on_interrupt(|| super::write_stderr(&interrupted()));
        let tmp = Temp::create_in(dir)?;
        Ok(Dest::File {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 16, tmp),
            error: None,
        })
    }

    /// Standard output.
    pub fn stdout() -> Dest {
        Dest::Stdout(StdoutBuf::default())
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self, Dest::Stdout(_))
    }

    /// Passes what one report wrote on to standard output, so that its
    /// output comes whole and in step with messages on standard error.
    /// Files are written as their buffer fills.
    pub fn end_of_report(&mut self) {
        if let Dest::Stdout(buf) = self {
            buf.flush();
        }
    }

    pub fn write_str(&mut self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    fn write_bytes(&mut self, bytes: &[u8]) {
        match self {
            // A closed pipe (`reportlint … | head`) is not an error worth
            // reporting.
            Dest::Stdout(buf) => buf.write(bytes),
            Dest::File { file, error, .. } => {
                if error.is_none() {
                    if let Err(e) = file.write_all(bytes) {
                        *error = Some(e);
                    }
                }
            }
        }
    }

    /// Records an error of the format itself: the output file is then not
    /// written (standard output cannot be taken back).
    pub fn fail(&mut self, e: io::Error) {
        if let Dest::File { error, .. } = self {
            error.get_or_insert(e);
        }
    }

    /// Writes what was set aside.
    pub fn append(&mut self, spill: Spill) {
        if let Err(e) = spill.drain(self) {
            if let Dest::File { error, .. } = self {
                error.get_or_insert(e);
            }
        }
    }

    /// Completes the output: for a file, flushes it and renames it over the
    /// target; on any error the temporary file is removed and the target
    /// left as it was.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Dest::Stdout(mut buf) => {
                buf.flush();
                let _ = io::stdout().lock().flush();
                Ok(())
            }
            Dest::File { path, file, error } => {
                if let Some(e) = error {
                    return Err(e);
                }
                let tmp = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                persist(tmp, &path)
            }
        }
    }
}

/// Text on its way to standard output. Standard output is line-buffered,
/// so written straight to it, each line of JSON or SARIF would be a system
/// call of its own; the text is gathered here instead and passed on at the
/// end of each report ([`Dest::end_of_report`]), when it grows past
/// [`StdoutBuf::LIMIT`], and when it is dropped. A large piece written
/// while nothing is gathered (a report's entry, written whole) is passed on
/// at once, without being copied here.
#[derive(Default)]
pub struct StdoutBuf(Vec<u8>);

impl StdoutBuf {
    const LIMIT: usize = 1 << 16;

    /// A piece at least this long, written while nothing waits, goes out
    /// as it is instead of being copied here first.
    const DIRECT: usize = 1 << 13;

    fn write(&mut self, bytes: &[u8]) {
        // A report's whole entry (JSON, SARIF): written in one piece, so it
        // still comes whole, and nothing written before it is held back.
        if self.0.is_empty() && bytes.len() >= Self::DIRECT {
            let _ = io::stdout().lock().write_all(bytes);
            return;
        }
        self.0.extend_from_slice(bytes);
        if self.0.len() >= Self::LIMIT {
            self.flush();
        }
    }

    /// A closed pipe (`reportlint … | head`) is not an error worth
    /// reporting.
    fn flush(&mut self) {
        if !self.0.is_empty() {
            let _ = io::stdout().lock().write_all(&self.0);
            self.0.clear();
        }
    }
}

impl Drop for StdoutBuf {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Writing never fails here: an error is kept (for a file) or ignored (for
/// standard output) and reported by [`Dest::finish`], so the formats write
/// without checking every call.
impl Write for Dest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The folder a file is written in.
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The note printed when Ctrl+C or a termination signal stops a run that is
/// writing `--output` files (and no `--fix`, whose note says more).
pub fn interrupted() -> String {
    "已中断：--output 的临时文件已删除，输出文件没有写出（原有的文件保持不变）\n".to_string()
}

/// Writes a file atomically: to a temporary file in the same folder, then
/// renamed over the target.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let mut tmp = Temp::create_in(folder(path))?;
    tmp.write_all(text.as_bytes())?;
    persist(tmp, path)
}

/// Syncs a complete temporary file and renames it over `path`.
pub fn persist(tmp: Temp, path: &Path) -> io::Result<()> {
    tmp.file()?.sync_all()?;
    // A temporary file is private (0600); give the result the permissions of
    // the file it replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.file()?
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(path)
}

/// Text set aside to be written after something that is known only later:
/// kept in memory up to [`Spill::MEMORY`], then in an anonymous temporary
/// file (removed when dropped). If no temporary file can be made, it stays
/// in memory.
#[derive(Default)]
pub struct Spill {
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
    error: Option<io::Error>,
}

impl Spill {
    /// Bytes kept in memory before moving to a temporary file.
    pub const MEMORY: usize = 1 << 20;

    pub fn push(&mut self, text: &str) {
        self.push_bytes(text.as_bytes());
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        if self.file.is_none() && self.memory.len() + bytes.len() > Self::MEMORY {
            if let Ok(file) = tempfile::tempfile() {
                let mut file = BufWriter::with_capacity(1 << 16, file);
                match file.write_all(&self.memory) {
                    Ok(()) => {
                        self.memory = Vec::new();
                        self.file = Some(file);
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        }
        let written = match &mut self.file {
            Some(file) => file.write_all(bytes),
            None => {
                self.memory.extend_from_slice(bytes);
                Ok(())
            }
        };
        if let Err(e) = written {
            self.error = Some(e);
        }
    }

    /// Hands the text over in pieces, in the order it was pushed.
    pub fn drain(self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        out.write_all(&self.memory)?;
        if let Some(file) = self.file {
            let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.seek(SeekFrom::Start(0))?;
            let mut buf = vec![0; 1 << 16];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                out.write_all(&buf[..n])?;
            }
        }
        Ok(())
    }

    /// The text, for tests.
    #[cfg(test)]
    fn into_string(self) -> String {
        let mut bytes = Vec::new();
        let _ = self.drain(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Like [`Dest`], a spill keeps its first error for [`Spill::drain`], so
/// serde can write into it without checking every call.
impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spill_past_its_memory_keeps_everything_in_order() {
        let mut spill = Spill::default();
        let piece = "一二三四五六七八九十\n";
        let n = Spill::MEMORY / piece.len() * 3;
        for _ in 0..n {
            spill.push(piece);
        }
        assert!(spill.file.is_some(), "moved to a temporary file");
        assert_eq!(spill.into_string(), piece.repeat(n));
    }

    #[test]
    fn a_file_destination_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut dest = Dest::file(&path).unwrap();
        dest.write_str("前半");
        assert!(!path.exists(), "no half file under the output's name");
        let mut spill = Spill::default();
        spill.push("后半");
        dest.append(spill);
        dest.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "前半后半");
    }

    #[test]
    fn a_destination_dropped_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut dest = Dest::file(&path).unwrap();
        dest.write_str("半个文件");
        drop(dest);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
