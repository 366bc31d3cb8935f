//! The temporary files a run writes before renaming them over their target
//! (a report fixed by `--fix`, an `--output` file, a waiver file), and
//! making sure none is ever left behind.
//!
//! - Each is named `.reportlint-<process id>-<random>.tmp`, in the target's
//!   folder (a rename only replaces a file atomically within one file
//!   system), so it is recognisably ours and says which run wrote it.
//! - While it exists it is listed in [`IN_FLIGHT`]. An error or a panic
//!   drops it, which deletes it; Ctrl+C or a termination signal deletes
//!   every listed file before the process exits ([`remove_on_interrupt`]).
//! - A process killed outright (`kill -9`, power loss) cannot clean up; the
//!   next run deletes the files of our naming whose process is gone, in
//!   every folder it fixes reports in or writes an `--output` file to
//!   ([`remove_stale`]).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What the names of our temporary files start and end with.
const PREFIX: &str = ".reportlint-";
const SUFFIX: &str = ".tmp";

/// The temporary files this process has created and not yet renamed or
/// deleted. Creating, renaming and deleting one happens with this lock held,
/// so the interrupt handler, which takes it and never gives it back, sees
/// every file that exists and no new one appears after it.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held left the list as it was; keep using it.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file being written; deleted when dropped unless renamed.
#[derive(Debug)]
pub struct Temp {
    file: Option<tempfile::NamedTempFile>,
}

impl Temp {
    /// Creates a temporary file in `dir`.
    pub fn create_in(dir: &Path) -> io::Result<Temp> {
        let mut list = in_flight();
        let file = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .suffix(SUFFIX)
            .rand_bytes(8)
            .tempfile_in(dir)?;
        list.push(file.path().to_path_buf());
        Ok(Temp { file: Some(file) })
    }

    /// The open file (a `Temp` holds it until it is renamed or dropped).
    pub fn file(&self) -> io::Result<&File> {
        self.file
            .as_ref()
            .map(|f| f.as_file())
            .ok_or_else(|| io::Error::other("临时文件已关闭"))
    }

    /// The file's path.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path())
    }

    /// Renames the file to `target`, replacing it.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        let mut list = in_flight();
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let path = file.path().to_path_buf();
        let result = match file.persist(target) {
            Ok(_) => Ok(()),
            // Dropping the file handed back deletes it.
            Err(e) => Err(e.error),
        };
        list.retain(|p| *p != path);
        result
    }
}

/// Writes go to the open file.
impl io::Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut file = self.file()?;
        file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut file = self.file()?;
        file.flush()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut list = in_flight();
            let path = file.path().to_path_buf();
            drop(file);
            list.retain(|p| *p != path);
        }
    }
}

/// Deletes every temporary file in flight; called when the process is told
/// to stop. Returns with the list locked, so that no new file is created
/// before the process exits.
pub fn remove_all() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut list = in_flight();
    for path in list.drain(..) {
        let _ = fs::remove_file(path);
    }
    list
}

/// On Ctrl+C or a termination signal (SIGINT, SIGTERM, SIGHUP; on Windows
/// Ctrl+C, Ctrl+Break and closing the console), deletes the temporary files
/// in flight, calls `notify` and exits with code 130. The originals are
/// untouched: a file is either renamed whole or not at all. The first call
/// sets the handler (and so the note); later calls change nothing, and the
/// handler deletes every temporary file in flight, whoever made it.
pub fn remove_on_interrupt(notify: fn()) {
    // The handler runs on its own thread, not inside the signal, so it may
    // take the lock and delete files. Setting it fails only if another
    // handler is already installed, which this program never does.
    let _ = ctrlc::set_handler(move || {
        let _held = remove_all();
        notify();
        std::process::exit(130);
    });
}

/// The process id in one of our temporary file names, or `None` when the
/// name is not ours.
fn writer_of(name: &str) -> Option<u32> {
    let middle = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (pid, random) = middle.split_once('-')?;
    let ours = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !random.is_empty()
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ours {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process that wrote a temporary file has ended.
#[cfg(unix)]
fn writer_gone(pid: u32, _path: &Path) -> bool {
    use nix::errno::Errno;
    use nix::sys::signal::kill;
    use nix::unistd::Pid;
    // 0 and negative ids name process groups, not a process.
    let Ok(raw) = i32::try_from(pid) else {
        return false;
    };
    if raw <= 0 {
        return false;
    }
    // Signal 0 checks that the process exists without touching it.
    matches!(kill(Pid::from_raw(raw), None), Err(Errno::ESRCH))
}

/// Whether the process that wrote a temporary file has ended: without a way
/// to ask, a file untouched for an hour is taken as left behind (writing one
/// takes well under a second).
#[cfg(not(unix))]
fn writer_gone(_pid: u32, path: &Path) -> bool {
    use std::time::{Duration, SystemTime};
    const STALE_AGE: Duration = Duration::from_secs(3600);
    fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_AGE)
}

/// Deletes, in each of `dirs`, the temporary files of our naming left by a
/// process that no longer runs, and returns their paths. Other files are
/// never touched, nor are the files of runs still going (this one included).
pub fn remove_stale<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> Vec<PathBuf> {
    let own = std::process::id();
    let mut removed = Vec::new();
    for dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(writer_of) else {
                continue;
            };
            let path = entry.path();
            let is_file = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
            if pid != own && is_file && writer_gone(pid, &path) && fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn names_carry_the_process_id() {
        let dir = tempfile::tempdir().unwrap();
        let temp = Temp::create_in(dir.path()).unwrap();
        let name = temp.path().unwrap().file_name().unwrap().to_str().unwrap();
        assert_eq!(writer_of(name), Some(std::process::id()));
        assert_eq!(writer_of(".reportlint-12-abc.tmp"), Some(12));
        for other in [
            ".reportlint-abc.tmp",
            ".reportlint--abc.tmp",
            ".reportlint-12-.tmp",
            ".reportlint-12-a.b.tmp",
            "reportlint-12-abc.tmp",
            ".reportlint-12-abc.txt",
        ] {
            assert_eq!(writer_of(other), None, "{other}");
        }
    }

    #[test]
    fn dropped_or_renamed_files_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let temp = Temp::create_in(dir.path()).unwrap();
        let path = temp.path().unwrap().to_path_buf();
        assert!(in_flight().contains(&path));
        drop(temp);
        assert!(!path.exists() && !in_flight().contains(&path));

        let target = dir.path().join("r.txt");
        let temp = Temp::create_in(dir.path()).unwrap();
        let path = temp.path().unwrap().to_path_buf();
        temp.file().unwrap().write_all(b"x").unwrap();
        temp.persist(&target).unwrap();
        assert!(!in_flight().contains(&path));
        assert_eq!(fs::read(&target).unwrap(), b"x");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn only_files_of_ended_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has ended: a child we waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!(".reportlint-{gone}-abcd1234.tmp"));
        let running = dir
            .path()
            .join(format!(".reportlint-{}-abcd1234.tmp", std::process::id()));
        let foreign = dir.path().join(".reportlint-notes.tmp");
        for p in [&stale, &running, &foreign] {
            fs::write(p, "x").unwrap();
        }
        let removed = remove_stale([dir.path()]);
        assert_eq!(removed, vec![stale.clone()]);
        assert!(!stale.exists() && running.exists() && foreign.exists());
    }
}
