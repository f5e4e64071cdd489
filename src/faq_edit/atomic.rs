//! Replacing a content file safely: a lock between careleaf writers, a temporary file in the
//! same folder, fsync, a check that nobody changed the file meanwhile, then a rename.
//!
//! A crash or a full disk at any moment leaves either the old file or the new one, never a
//! mix. The file keeps its permissions.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Environment variable read only here, for fault-injection tests: `temp-write` makes the
/// temporary file's write fail; `before-rename` kills the process after the temporary file
/// is written and synced, before the rename.
pub const FAULT_ENV: &str = "CARELEAF_TEST_FAULT";

/// An exclusive lock on a file's companion lock file, held until dropped. Every careleaf
/// writer (the CLI, the preview's form) takes it before reading the file it will change.
pub struct Lock {
    file: File,
}

impl Lock {
    /// Waits for the lock of `target` (`.<name>.lock` beside it).
    pub fn acquire(target: &Path) -> io::Result<Lock> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!(".{name}.lock")))?;
        lock_exclusive(&file)?;
        Ok(Lock { file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        unlock(&self.file);
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: the descriptor is valid for the life of `file`.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(unix)]
fn unlock(file: &File) {
    use std::os::unix::io::AsRawFd;
    // SAFETY: the descriptor is valid for the life of `file`.
    unsafe {
        libc::flock(file.as_raw_fd(), libc::LOCK_UN);
    }
}

#[cfg(not(unix))]
fn lock_exclusive(_: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn unlock(_: &File) {}

/// Why a replacement did not happen.
#[derive(Debug)]
pub enum ReplaceError {
    /// The file changed on disk since it was read: read it again and start over.
    Changed,
    Io(io::Error),
}

impl From<io::Error> for ReplaceError {
    fn from(e: io::Error) -> Self {
        ReplaceError::Io(e)
    }
}

/// Replaces `target` with `bytes`, provided it still holds `expected` (`None`: it must not
/// exist). The caller holds the [`Lock`].
///
/// Where the OS can swap two files atomically (Linux), the new file is swapped in and the
/// file it replaced is compared with `expected` afterwards: if an editor saved in between,
/// the swap is undone, so their save is never lost. Elsewhere the comparison comes just
/// before a rename.
pub fn replace(target: &Path, expected: Option<&[u8]>, bytes: &[u8]) -> Result<(), ReplaceError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = dir.join(format!(".{name}.careleaf-{}.tmp", std::process::id()));
    let fault = std::env::var(FAULT_ENV).unwrap_or_default();
    let result = (|| -> Result<(), ReplaceError> {
        write_temp(&temp, target, bytes, &fault)?;
        if fault == "before-rename" {
            // Simulates the process being killed at the worst moment.
            std::process::abort();
        }
        match expected {
            Some(expected) if crate::fsx::exchange(&temp, target) => {
                // `temp` now names what `target` held a moment ago.
                let replaced = fs::read(&temp)?;
                if replaced != expected {
                    // Someone saved meanwhile: put their file back and start over.
                    if !crate::fsx::exchange(&temp, target) {
                        return Err(ReplaceError::Io(io::Error::other(format!(
                            "{} changed while careleaf was writing it, and the change could not be put back; it is kept as {}",
                            target.display(),
                            temp.display()
                        ))));
                    }
                    return Err(ReplaceError::Changed);
                }
                fs::remove_file(&temp)?;
            }
            _ => {
                // Someone (an editor saving the file) may have changed it since it was read.
                let now = match fs::read(target) {
                    Ok(b) => Some(b),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                    Err(e) => return Err(e.into()),
                };
                if now.as_deref() != expected {
                    return Err(ReplaceError::Changed);
                }
                fs::rename(&temp, target)?;
            }
        }
        // Make the rename durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes and syncs the temporary file, created with `target`'s permissions from the start
/// (so a private file's new text is never readable by others, even briefly).
fn write_temp(temp: &Path, target: &Path, bytes: &[u8], fault: &str) -> Result<(), ReplaceError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(true).write(true);
    let permissions = fs::metadata(target).ok().map(|m| m.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(permissions.as_ref().map_or(0o644, |p| p.mode() & 0o7777));
    }
    // A temporary file left by a killed run would keep its old mode: start afresh.
    let _ = fs::remove_file(temp);
    let mut f = options.open(temp)?;
    if fault == "temp-write" {
        return Err(ReplaceError::Io(io::Error::other(
            "injected fault: the temporary file could not be written",
        )));
    }
    f.write_all(bytes)?;
    if let Some(p) = permissions {
        f.set_permissions(p)?;
    }
    f.sync_all()?;
    Ok(())
}
