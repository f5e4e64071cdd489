//! The new output folder while it is filled: created beside the real one, deleted unless it
//! is committed, and swapped in by [`Staging::commit`].
//!
//! A build that is killed leaves its staging folder behind (and, if it died right after the
//! swap, the old site in it). Each live build holds a lock on its folder's marker file, so
//! the next build can tell such leftovers from the folders of builds still running, and
//! deletes them.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{MARKER, MARKER_TEXT, check_target, swap};
use crate::error::Error;
use crate::theme::Asset;

/// A new output folder being filled beside the real one. Dropping it without
/// [`Staging::commit`] deletes it and leaves the real output folder as it was.
#[derive(Debug)]
pub struct Staging {
    temp: PathBuf,
    out: PathBuf,
    /// The marker file, locked for as long as this build runs.
    marker: Option<File>,
    committed: bool,
}

/// The start of the names of staging folders for the output folder `out`.
fn staging_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.careleaf-new-")
}

impl Staging {
    /// Checks that `output` may be replaced and creates the staging folder beside it.
    pub fn begin(root: &Path, output: &Path, force: bool) -> Result<Staging, Error> {
        let out = check_target(root, output, force)?;
        let parent = out
            .parent()
            .ok_or_else(|| Error::OutputHoldsSite { path: out.clone() })?
            .to_path_buf();
        fs::create_dir_all(&parent).map_err(Error::io("create", &parent))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let temp = parent.join(format!(
            "{}{}-{stamp}",
            staging_prefix(&out),
            std::process::id()
        ));
        fs::create_dir(&temp).map_err(Error::io("create", &temp))?;
        let marker = match locked_marker(&temp) {
            Ok(m) => m,
            Err(e) => {
                let _ = fs::remove_dir_all(&temp);
                return Err(e);
            }
        };
        remove_leftovers(&parent, &staging_prefix(&out), &temp);
        Ok(Staging {
            temp,
            out,
            marker: Some(marker),
            committed: false,
        })
    }

    /// Writes one file (path relative to the output folder) into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.temp.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(Error::io("create", p))?;
        }
        fs::write(&path, bytes).map_err(Error::io("write", path))
    }

    /// Copies the static files in, then swaps the staging folder into place.
    pub fn commit(mut self, assets: &BTreeMap<String, Asset>) -> Result<PathBuf, Error> {
        assets.par_iter().try_for_each(|(rel, asset)| match asset {
            Asset::Embedded(bytes) => self.write(rel, bytes),
            Asset::Disk(src) => {
                let dest = self.temp.join(rel);
                if let Some(p) = dest.parent() {
                    fs::create_dir_all(p).map_err(Error::io("create", p))?;
                }
                fs::copy(src, &dest)
                    .map(|_| ())
                    .map_err(Error::io("copy", src))
            }
        })?;
        if cfg!(windows) {
            // Windows cannot rename a folder holding an open file. Another build could now
            // take this folder for a dead one, but only in the moment before the swap.
            self.marker = None;
        }
        swap::replace(&self.temp, &self.out)?;
        self.committed = true;
        Ok(self.out.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

/// Writes the marker into `temp`, locked before it gets its name, so that a marker other
/// builds can see is always locked while its build lives.
fn locked_marker(temp: &Path) -> Result<File, Error> {
    let pending = temp.join(format!("{MARKER}.pending"));
    let mut file = File::create(&pending).map_err(Error::io("create", &pending))?;
    file.lock()
        .and_then(|()| file.write_all(MARKER_TEXT))
        .map_err(Error::io("write", &pending))?;
    let marker = temp.join(MARKER);
    fs::rename(&pending, &marker).map_err(Error::io("create", &marker))?;
    Ok(file)
}

/// Deletes the staging folders of builds that died, found beside `ours`. A folder whose
/// marker is locked belongs to a build still running; one without a marker is left alone
/// too (its build may be just starting).
fn remove_leftovers(parent: &Path, prefix: &str, ours: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path == ours || !name.to_string_lossy().starts_with(prefix) {
            continue;
        }
        let Ok(marker) = File::open(path.join(MARKER)) else {
            continue;
        };
        if marker.try_lock().is_ok() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}
