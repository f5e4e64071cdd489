//! What the last load of articles and pages found, file by file. The preview's watcher says
//! which files an editor saved; when those are articles or pages the last load already had,
//! the next load reads just them again and takes every other result from here, without
//! walking the content folders or looking up each file. On a site of 10,000 articles, that
//! walk and those lookups cost more than everything else a one-file save needs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::source::SourceFile;
use super::{Parsed, files, parse_bytes};
use crate::diag::{Diagnostic, Diagnostics};

/// One article or page file and what loading it gave.
#[derive(Debug, Clone)]
pub(super) struct Scanned {
    pub path: PathBuf,
    /// The fingerprint of its bytes, when it was read (see [`super::file_key`]).
    pub key: Option<u128>,
    pub parsed: Parsed,
}

/// The articles and pages of one load, in load order.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub articles: Vec<Scanned>,
    pub pages: Vec<Scanned>,
    /// What walking the two folders reported (unreadable entries), in the order found.
    pub walk_problems: Vec<Diagnostic>,
    /// Each file's place: its path relative to the site → (is a page, index in its list).
    by_rel: HashMap<String, (bool, usize)>,
}

/// The folders articles and pages are loaded from, relative to the site.
const FOLDERS: [&str; 2] = ["content/articles", "content/pages"];

impl Scan {
    pub fn new(
        root: &Path,
        articles: Vec<Scanned>,
        pages: Vec<Scanned>,
        walk_problems: Vec<Diagnostic>,
    ) -> Scan {
        let place = |page: bool| {
            move |(i, s): (usize, &Scanned)| (crate::diag::display_path(root, &s.path), (page, i))
        };
        let mut by_rel: HashMap<String, (bool, usize)> =
            articles.iter().enumerate().map(place(false)).collect();
        by_rel.extend(pages.iter().enumerate().map(place(true)));
        Scan {
            articles,
            pages,
            walk_problems,
            by_rel,
        }
    }

    /// The fingerprint the file at `rel` had when last read.
    pub fn key_of(&self, rel: &str) -> Option<u128> {
        let &(page, i) = self.by_rel.get(rel)?;
        let list = if page { &self.pages } else { &self.articles };
        list.get(i)?.key
    }

    /// Reads again the files of `changed` (paths relative to the site, as a watcher reported
    /// them) that are articles or pages, and reports whether the scan is now what walking the
    /// folders would find. It is not, and nothing is read, when a change may have added,
    /// removed or renamed an article or page: a new `.md` file, a folder, a file gone.
    /// Other files that came and went (an editor's or a tool's temporary file) change nothing.
    pub fn refresh(&mut self, root: &Path, changed: &HashSet<String>) -> bool {
        let mut reread = Vec::new();
        for rel in changed {
            if !touches_documents(rel) {
                continue;
            }
            let kind = std::fs::symlink_metadata(root.join(rel)).map(|m| m.file_type());
            match (self.by_rel.get(rel.as_str()), kind) {
                (Some(&place), Ok(kind)) if kind.is_file() => reread.push(place),
                (Some(_), _) => return false,
                (None, Ok(kind)) if kind.is_file() && !rel.ends_with(".md") => {}
                (None, Err(_)) if !self.holds_files_in(rel) => {}
                (None, _) => return false,
            }
        }
        for (page, i) in reread {
            let list = if page {
                &mut self.pages
            } else {
                &mut self.articles
            };
            if let Some(entry) = list.get_mut(i) {
                let (key, parsed) = read(root, &entry.path);
                entry.key = key;
                entry.parsed = parsed;
            }
        }
        true
    }

    /// Whether a file of this scan is inside the folder `rel`.
    fn holds_files_in(&self, rel: &str) -> bool {
        self.by_rel
            .keys()
            .any(|known| known.strip_prefix(rel).is_some_and(|r| r.starts_with('/')))
    }
}

/// Whether `rel` may hold an article or page: a path inside the content folders that the
/// walk would not skip, or a folder above them.
fn touches_documents(rel: &str) -> bool {
    FOLDERS.iter().any(|folder| {
        let above = folder
            .strip_prefix(rel)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let inside = rel
            .strip_prefix(folder)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.split('/').any(files::is_scratch_name));
        above || inside
    })
}

/// An article or page read and parsed whole, with its fingerprint when it could be read.
fn read(root: &Path, path: &Path) -> (Option<u128>, Parsed) {
    match SourceFile::read_bytes(root, path) {
        Ok((rel, bytes)) => {
            let key = super::file_key(&rel, path, &bytes);
            (Some(key), parse_bytes(path, rel, bytes, true))
        }
        Err(d) => (None, Err(vec![d])),
    }
}

/// Documents, the likely slugs of files that failed to load, and their problems, from the
/// results of one list of files, in its order.
pub(super) fn documents(
    scanned: &[Scanned],
    diags: &mut Diagnostics,
) -> (Vec<std::sync::Arc<super::Document>>, Vec<String>) {
    let mut docs = Vec::with_capacity(scanned.len());
    let mut failed = Vec::new();
    for s in scanned {
        match &s.parsed {
            Ok(d) => docs.push(d.clone()),
            Err(problems) => {
                diags.extend(problems.iter().cloned());
                let stem = s
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default();
                failed.push(crate::slug::slugify(&stem));
            }
        }
    }
    (docs, failed)
}

#[cfg(test)]
mod tests {
    use super::touches_documents;

    #[test]
    fn only_paths_that_may_hold_documents_need_the_scan() {
        for rel in [
            "content/articles/a.md",
            "content/articles/sub/b.md",
            "content/articles/sub",
            "content/articles",
            "content/pages/about.md",
            "content",
        ] {
            assert!(touches_documents(rel), "{rel}");
        }
        for rel in [
            "content/faq.yaml",
            "content/topics.yaml",
            "content/articles-old/a.md",
            "content/articles/.a.md.swp",
            "content/articles/.hidden/a.md",
            "content/articles/a.md~",
            "static/site.css",
            "themes/default/templates/article.html",
        ] {
            assert!(!touches_documents(rel), "{rel}");
        }
    }
}
