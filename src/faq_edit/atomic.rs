//! Replacing a content file safely: a lock between careleaf writers, a temporary file in the
//! same folder, fsync, a check that nobody changed the file meanwhile, then a rename.
//!
//! A crash or a full disk at any moment leaves either the old file or the new one, never a
//! mix. The file keeps its permissions.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::fault;

/// An exclusive lock on a file's companion lock file, held until dropped. Every careleaf
/// writer (the CLI, the preview's form) takes it before reading the file it will change.
pub struct Lock {
    // Closing the file releases the lock.
    _file: File,
}

impl Lock {
    /// Waits for the lock of `target` (`.<name>.lock` beside it).
    pub fn acquire(target: &Path) -> Result<Lock, Error> {
        let lock_error = |source| Error::Lock {
            path: target.to_path_buf(),
            source,
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(lock_error)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!(".{name}.lock")))
            .map_err(lock_error)?;
        loop {
            match file.lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(lock_error(e)),
            }
        }
    }
}

/// The bytes a file holds now, `None` when it does not exist: what [`replace`] is told to
/// expect.
pub fn read_current(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", path)(e)),
    }
}

/// What [`replace`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// The file now holds the new bytes.
    Done,
    /// The file changed on disk since it was read, so it was left alone: read it again and
    /// start over.
    Changed,
}

/// Replaces `target` with `bytes`, provided it still holds `expected` (`None`: it must not
/// exist). The caller holds the [`Lock`].
///
/// Where the OS can swap two files atomically (Linux), the new file is swapped in and the
/// file it replaced is compared with `expected` afterwards: if an editor saved in between,
/// the swap is undone, so their save is never lost. Elsewhere the comparison comes just
/// before a rename.
pub fn replace(target: &Path, expected: Option<&[u8]>, bytes: &[u8]) -> Result<Replaced, Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = dir.join(format!(".{name}.careleaf-{}.tmp", std::process::id()));
    let result = write_temp(&temp, target, bytes)
        .map_err(Error::io("write", target))
        .and_then(|()| {
            // Simulates the process being killed at the worst moment.
            fault::crash_point("before-rename");
            swap_in(&temp, target, expected)
        });
    match &result {
        Ok(Replaced::Done) => {
            // Make the rename durable.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        // The temporary file holds the editor's save: it must stay.
        Err(Error::SaveNotRestored { .. }) => {}
        _ => {
            let _ = fs::remove_file(&temp);
        }
    }
    result
}

/// Puts the written `temp` in place of `target` if `target` still holds `expected`.
fn swap_in(temp: &Path, target: &Path, expected: Option<&[u8]>) -> Result<Replaced, Error> {
    let write_error = Error::io("write", target);
    match expected {
        Some(expected) if crate::fsx::exchange(temp, target) => {
            // `temp` now names what `target` held a moment ago.
            let replaced = fs::read(temp).map_err(Error::io("read", temp))?;
            if replaced != expected {
                // Someone saved meanwhile: put their file back and start over.
                if !crate::fsx::exchange(temp, target) {
                    return Err(Error::SaveNotRestored {
                        path: target.to_path_buf(),
                        kept: temp.to_path_buf(),
                    });
                }
                return Ok(Replaced::Changed);
            }
            fs::remove_file(temp).map_err(Error::io("remove", temp))?;
        }
        _ => {
            // Someone (an editor saving the file) may have changed it since it was read.
            let now = read_current(target)?;
            if now.as_deref() != expected {
                return Ok(Replaced::Changed);
            }
            fs::rename(temp, target).map_err(write_error)?;
        }
    }
    Ok(Replaced::Done)
}

/// Writes and syncs the temporary file, created with `target`'s permissions from the start
/// (so a private file's new text is never readable by others, even briefly).
fn write_temp(temp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
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
    fault::fail_point("temp-write", "the temporary file could not be written")?;
    f.write_all(bytes)?;
    if let Some(p) = permissions {
        f.set_permissions(p)?;
    }
    f.sync_all()?;
    Ok(())
}
