//! `careleaf init`: a new, minimal, working site from files embedded in the binary.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// The starter site: (path inside the new site, contents).
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    ("content/topics.yaml", include_str!("starter/topics.yaml")),
    ("content/faq.yaml", include_str!("starter/faq.yaml")),
    (
        "content/articles/welcome.md",
        include_str!("starter/welcome.md"),
    ),
    ("content/pages/about.md", include_str!("starter/about.md")),
];

/// Creates a starter site in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::InitNotAFolder {
                path: dir.to_path_buf(),
            });
        }
        let mut entries = fs::read_dir(dir).map_err(Error::io("read", dir))?;
        if entries.next().is_some() {
            return Err(Error::InitNotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(Error::io("create", p))?;
        }
        fs::write(&path, text).map_err(Error::io("write", &path))?;
    }
    let static_dir = dir.join("static");
    fs::create_dir_all(&static_dir).map_err(Error::io("create", &static_dir))?;
    Ok(())
}
