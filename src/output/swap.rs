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
    if crate::fsx::exchange(new, target) {
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
