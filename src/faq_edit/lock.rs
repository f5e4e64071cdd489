//! The lock between careleaf's writers (the command line, the preview's form): a file in the
//! `.careleaf/` folder at the site's root, never reached through a symbolic link.
//!
//! The lock lives outside `content/` so that it never shows up among the files an editor
//! commits; `careleaf init` lists `/.careleaf/` in the site's `.gitignore`. Versions before
//! this one locked `content/.faq.yaml.lock`; such a file is removed once the new lock is held
//! (the build never reads it either way: hidden files in `content/` are not content).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use crate::error::Error;

/// The folder at the site's root where careleaf keeps its own working files.
pub const STATE_DIR: &str = ".careleaf";

/// The lock file older versions kept beside `faq.yaml`.
const OLD_LOCK: &str = "content/.faq.yaml.lock";

/// An exclusive lock, held until dropped. Every careleaf writer takes it before reading the
/// files it will change.
pub struct Lock {
    // Closing the file releases the lock.
    _file: File,
}

impl Lock {
    /// Waits for the writers' lock of the site at `root` (`.careleaf/faq.yaml.lock`).
    /// `target` is the file about to be changed, named when the lock cannot be taken.
    pub fn acquire(root: &Path, target: &Path) -> Result<Lock, Error> {
        let lock_error = |source| Error::Lock {
            path: target.to_path_buf(),
            source,
        };
        let file = open_lock_file(root).map_err(lock_error)?;
        loop {
            match file.lock() {
                Ok(()) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(lock_error(e)),
            }
        }
        remove_old_lock(root);
        Ok(Lock { _file: file })
    }
}

/// The lock file's name in [`STATE_DIR`].
const LOCK_NAME: &str = "faq.yaml.lock";

/// Opens (creating them) `.careleaf/` and the lock file in it. Neither is followed through a
/// symbolic link (a planted link would make careleaf create or lock a file elsewhere), and
/// the lock file is never waited on as a named pipe.
fn open_lock_file(root: &Path) -> io::Result<File> {
    let dir_path = root.join(STATE_DIR);
    match fs::create_dir(&dir_path) {
        Ok(()) => {}
        // A link of that name is not followed by `mkdir`: it is refused when opened below.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let not_followed = |path: &Path, what: &str, e: io::Error| {
        if fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) {
            io::Error::other(format!(
                "its lock {what} {} is a symbolic link, which careleaf does not follow",
                path.display()
            ))
        } else {
            e
        }
    };
    let dir = open_folder(&dir_path).map_err(|e| not_followed(&dir_path, "folder", e))?;
    let path = dir_path.join(LOCK_NAME);
    let file = open_in(&dir, &path).map_err(|e| not_followed(&path, "file", e))?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(format!(
            "its lock file {} is not a regular file",
            path.display()
        )));
    }
    Ok(file)
}

/// Opens the folder itself (not what a link of that name points to).
fn open_folder(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let dir = options.open(path)?;
    if !dir.metadata()?.is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a folder",
            path.display()
        )));
    }
    Ok(dir)
}

/// Opens (creating it) the lock file inside the folder `dir` already opened, so a link put in
/// place of the folder after it was opened changes nothing.
#[cfg(unix)]
fn open_in(dir: &File, _path: &Path) -> io::Result<File> {
    use std::ffi::CString;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let name = CString::new(LOCK_NAME).map_err(io::Error::other)?;
    let flags = libc::O_CREAT
        | libc::O_WRONLY
        | libc::O_NOFOLLOW
        | libc::O_NONBLOCK
        | libc::O_NOCTTY
        | libc::O_CLOEXEC;
    // SAFETY: `dir` is an open folder and `name` a NUL-terminated string, both alive for the
    // call; the mode is passed as the variadic argument `openat` reads with O_CREAT.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags, 0o644 as libc::c_uint) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `openat` just returned this descriptor, and nothing else owns it.
    Ok(File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
}

#[cfg(not(unix))]
fn open_in(_dir: &File, path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Removes the empty lock file an older careleaf left in `content/`, under the new lock.
/// Anything else of that name (a link, a folder, a file with something in it) is left alone.
fn remove_old_lock(root: &Path) {
    let old = root.join(OLD_LOCK);
    if fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == 0) {
        let _ = fs::remove_file(&old);
    }
}
