//! Loading a site's content from disk: articles, pages, the FAQ and topics.
//!
//! This stage reads and parses files and checks each one on its own (its YAML, its required
//! keys, its dates and slugs). Checks that need the whole site (unknown topics, duplicate
//! slugs, links) belong to [`crate::site`].

pub mod date;
pub mod document;
pub mod faq;
pub mod source;
pub mod topics;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, display_path};
pub use document::{Document, FrontMatter};
pub use faq::{Faq, FaqEntry};
use source::SourceFile;
pub use topics::TopicDef;

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// All articles, drafts included, sorted by path.
    pub articles: Vec<Document>,
    /// Standalone pages from `content/pages/`.
    pub pages: Vec<Document>,
    pub faq: Option<Faq>,
    /// `topics.yaml`, when the site has one.
    pub topics: Option<(SourceFile, Vec<TopicDef>)>,
    /// Likely slugs of articles and pages that failed to load, so links to them are not
    /// reported a second time as broken.
    pub failed_slugs: Vec<String>,
    /// The FAQ file exists but could not be read as a whole.
    pub faq_failed: bool,
}

/// Loads `root/content`. Files with problems are reported in `diags` and left out.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    let content = root.join("content");
    let mut failed_slugs = Vec::new();
    let article_files = markdown_files(root, &content.join("articles"), true, diags);
    let articles = load_documents(root, &article_files, &mut failed_slugs, diags);
    let page_files = markdown_files(root, &content.join("pages"), false, diags);
    let pages = load_documents(root, &page_files, &mut failed_slugs, diags);

    let faq_path = root.join(faq::FAQ_FILE);
    let faq_exists = faq_path.is_file();
    let faq = if faq_exists {
        match SourceFile::read(root, &faq_path) {
            Ok(src) => {
                let (faq, problems) = Faq::parse(src);
                diags.extend(problems);
                faq
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };

    let topics_path = root.join(topics::TOPICS_FILE);
    let topics = if topics_path.is_file() {
        match SourceFile::read(root, &topics_path) {
            Ok(src) => match topics::parse(&src) {
                Ok(t) => Some((src, t)),
                Err(problems) => {
                    diags.extend(problems);
                    // Keep the file's existence known so unknown-topic checks still apply.
                    Some((src, Vec::new()))
                }
            },
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };

    let faq_failed = faq_exists && faq.is_none();
    Content {
        articles,
        pages,
        faq,
        topics,
        failed_slugs,
        faq_failed,
    }
}

fn load_documents(
    root: &Path,
    files: &[PathBuf],
    failed: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    let results: Vec<Result<Document, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|p| {
            SourceFile::read(root, p)
                .map_err(|d| vec![d])
                .and_then(Document::parse)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for (r, path) in results.into_iter().zip(files) {
        match r {
            Ok(d) => docs.push(d),
            Err(problems) => {
                diags.extend(problems);
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default();
                failed.push(crate::slug::slugify(&stem));
            }
        }
    }
    docs
}

/// True for names that are never content: hidden files and folders, and what editors and
/// tools leave behind while saving (see [`is_editor_scratch`]).
pub fn is_scratch_name(name: &str) -> bool {
    name.starts_with('.') || is_editor_scratch(name)
}

/// True for files editors and tools leave behind: `~` backups, vim's `.swp` files and
/// `4913` probe, `.DS_Store`, and `.git` folders. Hidden files such as `.nojekyll` or
/// `.well-known/` are not scratch: a site's `static/` folder may need them.
pub fn is_editor_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name == ".DS_Store"
        || name == ".git"
}

/// The `.md` files under `dir`, sorted, skipping hidden and scratch files.
fn markdown_files(
    root: &Path,
    dir: &Path,
    recursive: bool,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let depth = if recursive { usize::MAX } else { 1 };
    files_under(root, dir, depth, is_scratch_name, diags)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect()
}

/// The regular files under `dir` (down to `max_depth` levels), in a stable order, skipping
/// entries whose name `skip` rejects. Symlinks are not followed, so nothing outside the
/// site is read. Unreadable entries are reported.
pub fn files_under(
    root: &Path,
    dir: &Path,
    max_depth: usize,
    skip: fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .min_depth(1)
        .max_depth(max_depth)
        .into_iter()
        .filter_entry(|e| !skip(&e.file_name().to_string_lossy()));
    let mut out = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_default();
                diags.push(Diagnostic::file_error(&path, format!("cannot read: {err}")));
            }
        }
    }
    out
}
