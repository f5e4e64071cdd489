//! Filesystem operations the standard library lacks: swapping two paths atomically.

use std::path::Path;

/// Atomically swaps what `a` and `b` name (both must exist, on one filesystem). Returns
/// false where the OS or filesystem cannot (then nothing happened).
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_two_files() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "A").unwrap();
        std::fs::write(&b, "B").unwrap();
        let swapped = exchange(&a, &b);
        if cfg!(target_os = "linux") {
            assert!(swapped, "renameat2(RENAME_EXCHANGE) failed on Linux");
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "B");
            assert_eq!(std::fs::read_to_string(&b).unwrap(), "A");
        } else {
            assert!(!swapped, "there is no exchange here");
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "A");
            assert_eq!(std::fs::read_to_string(&b).unwrap(), "B");
        }
    }

    #[test]
    fn swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("from-a"), "").unwrap();
        assert_eq!(exchange(&a, &b), cfg!(target_os = "linux"));
        assert_eq!(b.join("from-a").exists(), cfg!(target_os = "linux"));
    }
}
