//! Writing the built site to its output folder, all or nothing.
//!
//! The new site is written into a temporary folder beside the output folder and swapped in
//! only when every file is written: an atomic exchange where the OS offers one (Linux
//! `renameat2(RENAME_EXCHANGE)`), two renames elsewhere. A failed build never touches the old
//! output. Folders careleaf makes carry a marker file; a non-empty folder without it is not
//! replaced unless forced, and an output folder that is or holds the site root, or lies
//! inside a folder careleaf reads, is refused. This module checks the target; `staging.rs`
//! fills the new folder and `swap.rs` puts it in place.

mod staging;
mod swap;

pub use staging::Staging;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path};
use crate::error::Error;
use crate::theme::Asset;

/// The file marking a folder as careleaf's output.
pub const MARKER: &str = ".careleaf-output";

/// What the marker file says.
const MARKER_TEXT: &[u8] = b"This folder was built by careleaf; `careleaf build` replaces it.\n";

/// Where an asset comes from, as messages name it: its path in the site folder, or in the
/// built-in theme.
fn asset_origin(root: &Path, output_path: &str, asset: &Asset) -> String {
    match asset {
        Asset::Disk(src) => display_path(root, src),
        Asset::Embedded(_) => format!("(built-in theme) static/{output_path}"),
    }
}

/// One error for each static file that would be written where a generated file goes,
/// pointing at the static file (`static/x`, `themes/NAME/static/x` or the built-in theme's).
/// `root` is the site folder the theme was loaded from; `what` names the generated files
/// (`a generated page`).
pub fn check_clashes(
    root: &Path,
    generated: &[String],
    assets: &BTreeMap<String, Asset>,
    what: &str,
) -> Vec<Diagnostic> {
    generated
        .iter()
        .filter_map(|f| assets.get_key_value(f.as_str()))
        .map(|(f, asset)| {
            Diagnostic::file_error(
                &asset_origin(root, f, asset),
                format!(
                    "clashes with {what}: both would be written to {f} (rename or remove this file)"
                ),
            )
        })
        .collect()
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
pub fn check_target(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Error> {
    let out = absolute(output).map_err(Error::io("resolve", output))?;
    if root.starts_with(&out) {
        return Err(Error::OutputHoldsSite { path: out });
    }
    // Output inside a source folder would be read back in as content on the next build.
    for folder in ["content", "static", "templates", "themes"] {
        if out.starts_with(root.join(folder)) {
            return Err(Error::OutputInSources { path: out, folder });
        }
    }
    if out.exists() {
        let meta = fs::symlink_metadata(&out).map_err(Error::io("read", &out))?;
        if !meta.is_dir() {
            return Err(Error::OutputNotAFolder { path: out });
        }
        let ours = out.join(MARKER).is_file();
        let empty = fs::read_dir(&out)
            .map_err(Error::io("read", &out))?
            .next()
            .is_none();
        if !ours && !empty && !force {
            return Err(Error::OutputNotOurs { path: out });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_name_where_each_file_comes_from() {
        let root = Path::new("/site");
        let assets: BTreeMap<String, Asset> = [
            (
                "faq/index.html".to_owned(),
                Asset::Disk(root.join("themes/plain/static/faq/index.html")),
            ),
            ("404.html".to_owned(), Asset::Embedded(b"x")),
            ("style.css".to_owned(), Asset::Embedded(b"y")),
        ]
        .into_iter()
        .collect();
        let pages = ["404.html", "faq/index.html", "index.html"].map(str::to_owned);
        let found: Vec<(String, String)> = check_clashes(root, &pages, &assets, "a generated page")
            .into_iter()
            .map(|d| (d.path.to_string(), d.message.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "(built-in theme) static/404.html".to_owned(),
                    "clashes with a generated page: both would be written to 404.html (rename or remove this file)".to_owned()
                ),
                (
                    "themes/plain/static/faq/index.html".to_owned(),
                    "clashes with a generated page: both would be written to faq/index.html (rename or remove this file)".to_owned()
                ),
            ]
        );
    }
}
