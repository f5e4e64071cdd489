//! `careleaf init`: a new, minimal, working site from files embedded in the binary.

use std::fs;
use std::io;
use std::path::Path;

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
pub fn init(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a folder", dir.display()));
        }
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; careleaf init only writes into a new or empty folder",
                dir.display()
            ));
        }
    }
    let write = |rel: &str, text: &str| -> io::Result<()> {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(path, text)
    };
    for (rel, text) in STARTER {
        write(rel, text).map_err(|e| format!("cannot write {rel}: {e}"))?;
    }
    fs::create_dir_all(dir.join("static")).map_err(|e| format!("cannot create static/: {e}"))?;
    Ok(())
}
