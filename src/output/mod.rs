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

use crate::render::pages::OutputFile;
use crate::theme::Asset;

/// The file marking a folder as careleaf's output.
pub const MARKER: &str = ".careleaf-output";

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The output folder is the site itself, or holds it.
    ContainsSite(PathBuf),
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

/// Checks that static files do not take the path of a generated page.
pub fn check_clashes(files: &[OutputFile], assets: &BTreeMap<String, Asset>) -> Result<(), OutputError> {
    let clashes: Vec<String> = files
        .iter()
        .filter(|f| assets.contains_key(&f.path))
        .map(|f| format!("static/{}", f.path))
        .collect();
    if clashes.is_empty() { Ok(()) } else { Err(OutputError::Clash(clashes)) }
}

/// Resolves `output` to an absolute path without requiring it to exist.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    // Canonicalise the deepest existing ancestor so symlinks and `..` are resolved.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
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
    if out.exists() {
        let meta = fs::symlink_metadata(&out).map_err(io_err(format!("cannot read {}", out.display())))?;
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

/// Writes `files` and `assets` as the new contents of `output`, atomically.
pub fn write_site(
    root: &Path,
    output: &Path,
    files: &[OutputFile],
    assets: &BTreeMap<String, Asset>,
    force: bool,
) -> Result<PathBuf, OutputError> {
    let out = check_target(root, output, force)?;
    check_clashes(files, assets)?;
    let parent = out.parent().ok_or_else(|| OutputError::ContainsSite(out.clone()))?;
    fs::create_dir_all(parent).map_err(io_err(format!("cannot create {}", parent.display())))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let temp = parent.join(format!(".{name}.careleaf-new-{}-{stamp}", std::process::id()));
    let result = fill(&temp, files, assets).and_then(|()| swap::replace(&temp, &out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result.map(|()| out)
}

/// Writes everything into the fresh folder `dir`.
fn fill(dir: &Path, files: &[OutputFile], assets: &BTreeMap<String, Asset>) -> Result<(), OutputError> {
    fs::create_dir(dir).map_err(io_err(format!("cannot create {}", dir.display())))?;
    fs::write(dir.join(MARKER), b"This folder was built by careleaf; `careleaf build` replaces it.\n")
        .map_err(io_err("cannot write the output marker"))?;
    let write_one = |rel: &str, bytes: &[u8]| -> Result<(), OutputError> {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(io_err(format!("cannot create {}", p.display())))?;
        }
        fs::write(&path, bytes).map_err(io_err(format!("cannot write {}", path.display())))
    };
    files.par_iter().try_for_each(|f| write_one(&f.path, &f.bytes))?;
    assets.par_iter().try_for_each(|(rel, asset)| match asset {
        Asset::Embedded(bytes) => write_one(rel, bytes),
        Asset::Disk(src) => {
            let dest = dir.join(rel);
            if let Some(p) = dest.parent() {
                fs::create_dir_all(p).map_err(io_err(format!("cannot create {}", p.display())))?;
            }
            fs::copy(src, &dest).map(|_| ()).map_err(io_err(format!("cannot copy {}", src.display())))
        }
    })
}
