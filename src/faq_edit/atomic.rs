//! Replacing a content file safely: a temporary file in the same folder, fsync, a check that
//! nobody changed the file meanwhile, then a swap (the caller holds the writers'
//! [`Lock`](super::lock::Lock)).
//!
//! A crash or a full disk at any moment leaves either the old file or the new one, never a
//! mix. The file keeps its permissions. A file that is a symbolic link is refused: replacing
//! it would put a file where the link was, and the file it points to would never change.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::lease::Watch;
use super::leftovers;
use crate::error::Error;
use crate::fault;

/// The bytes a file holds now, `None` when it does not exist: what [`replace`] is told to
/// expect. Read as the build reads the site's lists ([`crate::read`]): regular files only,
/// within the size limit.
pub fn read_current(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match crate::read::file(path, crate::read::LISTS) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(Error::io("read", path)(e.into_io())),
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
/// exist). The caller holds the writers' [`Lock`](super::lock::Lock).
///
/// Where the OS can swap two files atomically (Linux), the new file is swapped in and the
/// file it replaced is compared with `expected` afterwards: if an editor saved in between,
/// the swap is undone, so their save is never lost. A read lease ([`Watch`]) extends that to
/// programs writing through a handle they opened earlier. Elsewhere the comparison comes
/// just before a rename.
pub fn replace(target: &Path, expected: Option<&[u8]>, bytes: &[u8]) -> Result<Replaced, Error> {
    refuse_symlink(target)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let temp = leftovers::temp_path(target);
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
        // The kept file holds the editor's save: it must stay.
        Err(Error::SaveNotRestored { .. }) => {}
        _ => {
            let _ = fs::remove_file(&temp);
        }
    }
    result
}

/// Refuses to replace a symbolic link, naming where it points.
fn refuse_symlink(target: &Path) -> Result<(), Error> {
    let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.is_symlink());
    if !is_link {
        return Ok(());
    }
    let points_to = fs::canonicalize(target)
        .or_else(|_| fs::read_link(target))
        .unwrap_or_default();
    Err(Error::Symlinked {
        path: target.to_path_buf(),
        target: points_to,
    })
}

/// Puts the written `temp` in place of `target` if `target` still holds `expected`.
fn swap_in(temp: &Path, target: &Path, expected: Option<&[u8]>) -> Result<Replaced, Error> {
    let Some(expected) = expected else {
        // Someone (an editor saving the file) may have created it since it was read.
        if read_current(target)?.is_some() {
            return Ok(Replaced::Changed);
        }
        fs::rename(temp, target).map_err(Error::io("write", target))?;
        return Ok(Replaced::Done);
    };
    let watch = Watch::start(target)?;
    // Under the lease nobody can write the file without the lease showing it.
    let leased = watch
        .contents()
        .map_err(|e| Error::io("read", target)(e.into_io()))?;
    if leased.as_deref().is_some_and(|now| now != expected) {
        return Ok(Replaced::Changed);
    }
    if !crate::fsx::exchange(temp, target) {
        // No atomic swap here: check, then rename.
        if read_current(target)?.as_deref() != Some(expected) {
            return Ok(Replaced::Changed);
        }
        fs::rename(temp, target).map_err(Error::io("write", target))?;
        return Ok(Replaced::Done);
    }
    // `temp` now names what `target` held a moment ago. It is unchanged if it is the leased
    // file (compared above), or else if its bytes say so; and nobody may have started to open
    // it for writing since, or their write would land in a file about to be deleted.
    let unchanged = if watch.holds(temp) {
        true
    } else {
        read_current(temp)?.as_deref() == Some(expected)
    };
    if !unchanged || !watch.quiet() {
        // Someone saved meanwhile, or is about to: put their file back and start over.
        return swap_back(temp, target);
    }
    fs::remove_file(temp).map_err(Error::io("remove", temp))?;
    drop(watch);
    Ok(Replaced::Done)
}

/// Undoes a swap (the file careleaf replaced goes back in place) so the add can start over.
fn swap_back(temp: &Path, target: &Path) -> Result<Replaced, Error> {
    if crate::fsx::exchange(temp, target) {
        return Ok(Replaced::Changed);
    }
    // The editor's save is in `temp`; keep it under a name no clean-up ever removes.
    let kept = leftovers::kept_path(target);
    let kept = if fs::rename(temp, &kept).is_ok() {
        kept
    } else {
        temp.to_path_buf()
    };
    Err(Error::SaveNotRestored {
        path: target.to_path_buf(),
        kept,
    })
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
