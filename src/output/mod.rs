//! Writing the built site to its output folder, all or nothing.
//!
//! The new site is written into a temporary folder beside the output folder and swapped in
//! only when every file is written: an atomic exchange where the OS offers one (Linux
//! `renameat2(RENAME_EXCHANGE)`), two renames elsewhere. A failed build never touches the old
//! output. Folders careleaf makes carry a marker file; a non-empty folder without it is not
//! replaced unless forced, and an output folder that is or holds the site root is refused.

mod swap;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::theme::Asset;

/// The file marking a folder as careleaf's output.
pub const MARKER: &str = ".careleaf-output";

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The output folder is the site itself, or holds it.
    ContainsSite(PathBuf),
    /// Inside one of the site's source folders.
    InsideSources(PathBuf, &'static str),
    /// A non-empty folder careleaf did not make.
    NotOurs(PathBuf),
    /// A static file and a generated page want the same path.
    Clash(Vec<String>),
    Io(String, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::ContainsSite(p) => write!(
                f,
                "refusing to write the site into {}: it is or contains the site folder, and replacing it would delete your content",
                p.display()
            ),
            OutputError::InsideSources(p, folder) => write!(
                f,
                "refusing to write the site into {}: it is inside the site's {folder}/ folder, which careleaf reads",
                p.display()
            ),
            OutputError::NotOurs(p) => write!(
                f,
                "refusing to replace {}: it is not empty and was not made by careleaf (no {MARKER} file). Choose another --output folder, or add --force to replace it",
                p.display()
            ),
            OutputError::Clash(paths) => write!(
                f,
                "static files clash with generated pages: {} (rename or remove them in static/)",
                paths.join(", ")
            ),
            OutputError::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> OutputError {
    let what = what.into();
    move |e| OutputError::Io(what, e)
}

/// Checks that static files do not take the output path of a generated page.
pub fn check_clashes(
    page_files: &[String],
    assets: &BTreeMap<String, Asset>,
) -> Result<(), OutputError> {
    let clashes: Vec<String> = page_files
        .iter()
        .filter(|f| assets.contains_key(f.as_str()))
        .map(|f| format!("static/{f}"))
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(OutputError::Clash(clashes))
    }
}

/// Resolves `output` to an absolute path without requiring it to exist.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // Canonicalise the deepest existing ancestor so symlinks and `..` are resolved.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    Ok(out)
}

/// Checks whether `output` may be written for the site at `root` (canonical).
pub fn check_target(root: &Path, output: &Path, force: bool) -> Result<PathBuf, OutputError> {
    let out = absolute(output).map_err(io_err(format!("cannot resolve {}", output.display())))?;
    if root.starts_with(&out) {
        return Err(OutputError::ContainsSite(out));
    }
    // Output inside a source folder would be read back in as content on the next build.
    for source in ["content", "static", "templates", "themes"] {
        if out.starts_with(root.join(source)) {
            return Err(OutputError::InsideSources(out, source));
        }
    }
    if out.exists() {
        let meta =
            fs::symlink_metadata(&out).map_err(io_err(format!("cannot read {}", out.display())))?;
        if !meta.is_dir() {
            return Err(OutputError::NotOurs(out));
        }
        let ours = out.join(MARKER).is_file();
        let empty = fs::read_dir(&out)
            .map_err(io_err(format!("cannot read {}", out.display())))?
            .next()
            .is_none();
        if !ours && !empty && !force {
            return Err(OutputError::NotOurs(out));
        }
    }
    Ok(out)
}

/// A new output folder being filled beside the real one. Dropping it without
/// [`Staging::commit`] deletes it and leaves the real output folder as it was.
#[derive(Debug)]
pub struct Staging {
    temp: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `output` may be replaced and creates the staging folder beside it.
    pub fn begin(root: &Path, output: &Path, force: bool) -> Result<Staging, OutputError> {
        let out = check_target(root, output, force)?;
        let parent = out
            .parent()
            .ok_or_else(|| OutputError::ContainsSite(out.clone()))?;
        fs::create_dir_all(parent)
            .map_err(io_err(format!("cannot create {}", parent.display())))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let temp = parent.join(format!(
            ".{name}.careleaf-new-{}-{stamp}",
            std::process::id()
        ));
        fs::create_dir(&temp).map_err(io_err(format!("cannot create {}", temp.display())))?;
        let staging = Staging {
            temp,
            out,
            committed: false,
        };
        fs::write(
            staging.temp.join(MARKER),
            b"This folder was built by careleaf; `careleaf build` replaces it.\n",
        )
        .map_err(io_err("cannot write the output marker"))?;
        Ok(staging)
    }

    /// Writes one file (path relative to the output folder) into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.temp.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(io_err(format!("cannot create {}", p.display())))?;
        }
        fs::write(&path, bytes).map_err(io_err(format!("cannot write {}", path.display())))
    }

    /// Copies the static files in, then swaps the staging folder into place.
    pub fn commit(mut self, assets: &BTreeMap<String, Asset>) -> Result<PathBuf, OutputError> {
        assets.par_iter().try_for_each(|(rel, asset)| match asset {
            Asset::Embedded(bytes) => self.write(rel, bytes),
            Asset::Disk(src) => {
                let dest = self.temp.join(rel);
                if let Some(p) = dest.parent() {
                    fs::create_dir_all(p)
                        .map_err(io_err(format!("cannot create {}", p.display())))?;
                }
                fs::copy(src, &dest)
                    .map(|_| ())
                    .map_err(io_err(format!("cannot copy {}", src.display())))
            }
        })?;
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
