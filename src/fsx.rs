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
        let dir = std::env::temp_dir().join(format!("careleaf-fsx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::write(&a, "A").unwrap();
        std::fs::write(&b, "B").unwrap();
        if exchange(&a, &b) {
            assert_eq!(std::fs::read_to_string(&a).unwrap(), "B");
            assert_eq!(std::fs::read_to_string(&b).unwrap(), "A");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
