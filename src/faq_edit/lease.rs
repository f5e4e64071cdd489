//! Knowing that no other program writes a file while careleaf swaps it: a Linux read lease.
//!
//! careleaf replaces a file by swapping a new one in and checking the old one afterwards. A
//! program that opened the old file for writing before the swap could write to it after that
//! check, and its write would go to a file nobody sees again. A read lease closes most of
//! that window: the kernel grants it only while no process has the file open for writing, and
//! it marks the lease as breaking the moment any process opens the file for writing (or
//! truncates it). So careleaf waits until nobody has the file open for writing, takes the
//! lease, compares, swaps, and undoes the swap if the lease started breaking meanwhile: the
//! writer's open then completes on the file that is back in place.
//!
//! What is left: a program that looked the path up before the swap and reaches the lease
//! only after careleaf's last look at it (a few microseconds). Leases need the file to be
//! owned by the user running careleaf and a filesystem that supports them (not most network
//! filesystems); elsewhere, and on other systems, [`Watch`] watches nothing and careleaf
//! relies on its check after the swap alone.

use std::fs::File;
use std::path::Path;

use crate::error::Error;

/// How long careleaf waits for other programs to close the file they are writing.
#[cfg(target_os = "linux")]
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// A read lease on a file, held until dropped; or nothing, where leases are unavailable.
pub struct Watch {
    /// The leased file (opened read-only, which a read lease requires).
    file: Option<File>,
}

impl Watch {
    /// Takes a read lease on `target`, waiting up to [`PATIENCE`] while another program has
    /// it open for writing ([`Error::OpenForWriting`] after that). Without lease support,
    /// a watch of nothing.
    pub fn start(target: &Path) -> Result<Watch, Error> {
        #[cfg(target_os = "linux")]
        {
            linux::start(target)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = target;
            Ok(Watch { file: None })
        }
    }

    /// The file's bytes as the lease sees them; `None` without a lease.
    pub fn contents(&self) -> Result<Option<Vec<u8>>, crate::read::ReadError> {
        match &self.file {
            Some(f) => crate::read::handle(f, crate::read::LISTS).map(Some),
            None => Ok(None),
        }
    }

    /// True when the file now at `path` is the leased one (so what [`Watch::contents`] said
    /// still holds for it, unless [`Watch::quiet`] says otherwise).
    pub fn holds(&self, path: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let (Some(file), Ok(there)) = (&self.file, std::fs::symlink_metadata(path)) else {
                return false;
            };
            file.metadata()
                .is_ok_and(|m| m.dev() == there.dev() && m.ino() == there.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            false
        }
    }

    /// False when some process has started to open the leased file for writing (or to
    /// truncate it) since the lease was taken. Always true without a lease.
    pub fn quiet(&self) -> bool {
        #[cfg(target_os = "linux")]
        if let Some(f) = &self.file {
            return linux::still_read_leased(f);
        }
        true
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::{PATIENCE, Watch};
    use crate::error::Error;

    /// `fcntl`'s "signal for this file's events"; 10 on every Linux architecture (the libc
    /// crate does not export it for all of them).
    const F_SETSIG: libc::c_int = 10;

    pub fn start(target: &Path) -> Result<Watch, Error> {
        let none = Ok(Watch { file: None });
        // Anything odd at the path (gone, a link, not a file) is for the caller's own checks
        // to report; a watch of nothing changes nothing.
        let Ok(file) = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(target)
        else {
            return none;
        };
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return none;
        }
        let fd = file.as_raw_fd();
        // A breaking lease is announced with SIGIO by default, which would end the process.
        // SIGURG is ignored unless a program asks for it, and careleaf polls instead.
        // SAFETY: `fd` is open for the whole call.
        if unsafe { libc::fcntl(fd, F_SETSIG, libc::SIGURG) } != 0 {
            return none;
        }
        let mut deadline = None;
        let mut pause = Duration::from_millis(1);
        loop {
            // SAFETY: as above.
            if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) } == 0 {
                return Ok(Watch { file: Some(file) });
            }
            let busy = io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN);
            if !busy {
                // Leases are unavailable here (not the file's owner, a filesystem without
                // them, leases switched off): rely on the check after the swap.
                return none;
            }
            let deadline = *deadline.get_or_insert_with(|| {
                // The moment a test writes through a handle it opened earlier.
                crate::fault::pause_point("faq-open-for-writing");
                Instant::now() + PATIENCE
            });
            if Instant::now() >= deadline {
                return Err(Error::OpenForWriting {
                    path: target.to_path_buf(),
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    pub fn still_read_leased(file: &File) -> bool {
        // SAFETY: the file is open for the whole call.
        let state = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLEASE) };
        // A lease being broken reports what it is breaking to (F_UNLCK for a writer).
        state == libc::F_RDLCK
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;

    /// A child process that opens `path` for appending (blocking while the lease holds it
    /// back), writes `text` and exits.
    fn appender(path: &Path, text: &str) -> std::process::Child {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf '{text}' >> '{}'", path.display()))
            .spawn()
            .unwrap()
    }

    #[test]
    fn a_writer_opening_the_file_breaks_the_lease_and_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("faq.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let watch = Watch::start(&path).unwrap();
        assert!(watch.file.is_some(), "leases work on the test folder");
        assert_eq!(watch.contents().unwrap().as_deref(), Some(&b"old\n"[..]));
        assert!(watch.holds(&path) && watch.quiet());
        // Readers do not disturb a read lease.
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        assert!(watch.quiet());
        let mut child = appender(&path, "new\\n");
        let started = std::time::Instant::now();
        while watch.quiet() {
            assert!(started.elapsed().as_secs() < 20, "the writer never came");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        // The writer is held back until the lease goes.
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        drop(watch);
        assert!(child.wait().unwrap().success());
        assert_eq!(std::fs::read(&path).unwrap(), b"old\nnew\n");
    }

    #[test]
    fn a_file_open_for_writing_delays_the_lease_until_it_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("faq.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let mut handle = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        let p = path.clone();
        let taker = std::thread::spawn(move || {
            let w = Watch::start(&p).unwrap();
            w.contents().unwrap()
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.write_all(b"by hand\n").unwrap();
        drop(handle);
        assert_eq!(
            taker.join().unwrap().as_deref(),
            Some(&b"old\nby hand\n"[..])
        );
    }
}
