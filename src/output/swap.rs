//! Putting a finished folder in place of the old output folder.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::fault;

/// Replaces `target` with `new` (both in the same parent folder). With no `target` yet this
/// is one rename; otherwise an atomic exchange where the OS has one, then the old contents
/// are deleted.
pub fn replace(new: &Path, target: &Path) -> Result<(), Error> {
    // Simulates a build killed with the new site staged, before it is swapped in.
    fault::crash_point("output-before-swap");
    if !target.exists() {
        fs::rename(new, target).map_err(Error::io("move the new site to", target))?;
        fault::crash_point("output-after-swap");
        return Ok(());
    }
    if crate::fsx::exchange(new, target) {
        // `new` now holds the old output. Killed here, the next build deletes it.
        fault::crash_point("output-after-swap");
        let _ = fs::remove_dir_all(new);
        return Ok(());
    }
    // Fallback: move the old folder aside, move the new one in, delete the old.
    // `<staging name>.old`, so a build killed halfway leaves a folder the next one removes.
    let mut aside = new.as_os_str().to_owned();
    aside.push(".old");
    let aside = std::path::PathBuf::from(aside);
    fs::rename(target, &aside).map_err(Error::io("move aside the old output folder", target))?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&aside, target);
        return Err(Error::io("move the new site to", target)(e));
    }
    fault::crash_point("output-after-swap");
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}
