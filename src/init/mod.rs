//! `careleaf init`: a new, minimal, working site from files embedded in the binary, with a
//! `.gitignore` ([`gitignore`]).

mod gitignore;

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

/// Creates a starter site in `dir`, which must be missing, empty, or a new git repository
/// (holding only a `.git` folder and a `.gitignore`).
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::InitNotAFolder {
                path: dir.to_path_buf(),
            });
        }
        let entries = fs::read_dir(dir).map_err(Error::io("read", dir))?;
        for entry in entries {
            let entry = entry.map_err(Error::io("read", dir))?;
            if !is_new_repository_file(&entry) {
                return Err(Error::InitNotEmpty {
                    path: dir.to_path_buf(),
                });
            }
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
    gitignore::write(dir)
}

/// What a freshly made git repository holds: its `.git` folder and a `.gitignore` file
/// (links are neither).
fn is_new_repository_file(entry: &fs::DirEntry) -> bool {
    let Ok(kind) = entry.file_type() else {
        return false;
    };
    let name = entry.file_name();
    (name == ".git" && kind.is_dir()) || (name == gitignore::GITIGNORE && kind.is_file())
}
