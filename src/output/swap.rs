//! Putting a finished folder in place of the old output folder.

use std::fs;
use std::path::Path;

use super::OutputError;

/// Replaces `target` with `new` (both in the same parent folder). With no `target` yet this
/// is one rename; otherwise an atomic exchange where the OS has one, then the old contents
/// are deleted.
pub fn replace(new: &Path, target: &Path) -> Result<(), OutputError> {
    if !target.exists() {
        return fs::rename(new, target).map_err(|e| {
            OutputError::Io(
                format!("cannot move the new site to {}", target.display()),
                e,
            )
        });
    }
    if exchange(new, target) {
        // `new` now holds the old output.
        let _ = fs::remove_dir_all(new);
        return Ok(());
    }
    // Fallback: move the old folder aside, move the new one in, delete the old.
    let aside = new.with_extension("old");
    fs::rename(target, &aside).map_err(|e| {
        OutputError::Io(format!("cannot move the old {} aside", target.display()), e)
    })?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&aside, target);
        return Err(OutputError::Io(
            format!("cannot move the new site to {}", target.display()),
            e,
        ));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
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
fn exchange(_: &Path, _: &Path) -> bool {
    false
}
