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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    pub articles: Vec<Arc<Document>>,
    /// Standalone pages from `content/pages/`.
    pub pages: Vec<Arc<Document>>,
    pub faq: Option<Faq>,
    /// `topics.yaml`, when the site has one.
    pub topics: Option<(SourceFile, Vec<TopicDef>)>,
    /// Likely slugs of articles and pages that failed to load, so links to them are not
    /// reported a second time as broken.
    pub failed_slugs: Vec<String>,
    /// The FAQ file exists but could not be read as a whole.
    pub faq_failed: bool,
}

/// Parse results kept between builds (the preview rebuilds often): a file whose bytes have
/// not changed is not parsed again.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// A disabled cache (the default) keeps nothing: one-off builds don't pay for it.
    enabled: bool,
    docs: HashMap<PathBuf, (u128, Parsed)>,
    faq: Option<(u128, Option<Faq>, Vec<Diagnostic>)>,
}

impl ParseCache {
    /// A cache that keeps parse results between builds.
    pub fn enabled() -> Self {
        ParseCache {
            enabled: true,
            ..Self::default()
        }
    }
}

/// A fingerprint of some bytes, for caches. Files are compared by their bytes, not their
/// modification times: an edit that keeps the length and time (`cp -p`, coarse clocks) is
/// still seen.
pub fn fingerprint(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Loads `root/content`. Files with problems are reported in `diags` and left out.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    load_with_cache(root, diags, &mut ParseCache::default())
}

/// New text for content files, used instead of what is on disk (to check an edit before it
/// is saved).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Replaces `content/faq.yaml`.
    pub faq: Option<String>,
    /// Replaces `content/topics.yaml`.
    pub topics: Option<String>,
}

/// [`load`], reusing and refreshing `cache`.
pub fn load_with_cache(root: &Path, diags: &mut Diagnostics, cache: &mut ParseCache) -> Content {
    load_with(root, diags, cache, &Overrides::default())
}

/// [`load_with_cache`], with some files' text replaced by `overrides`.
pub fn load_with(
    root: &Path,
    diags: &mut Diagnostics,
    cache: &mut ParseCache,
    overrides: &Overrides,
) -> Content {
    let content = root.join("content");
    let mut failed_slugs = Vec::new();
    let article_files = markdown_files(root, &content.join("articles"), true, diags);
    let page_files = markdown_files(root, &content.join("pages"), false, diags);
    let mut fresh = HashMap::new();
    let articles = load_documents(
        root,
        &article_files,
        cache,
        &mut fresh,
        &mut failed_slugs,
        diags,
    );
    let pages = load_documents(
        root,
        &page_files,
        cache,
        &mut fresh,
        &mut failed_slugs,
        diags,
    );
    // Keep only what this build used, so deleted files do not linger.
    cache.docs = fresh;

    // The FAQ's bytes: new text to check, or the file on disk.
    let faq_path = root.join(faq::FAQ_FILE);
    let faq_bytes = match &overrides.faq {
        Some(text) => Some(Ok((faq::FAQ_FILE.to_owned(), text.clone().into_bytes()))),
        None => faq_path
            .is_file()
            .then(|| SourceFile::read_bytes(root, &faq_path)),
    };
    let faq_exists = faq_bytes.is_some();
    let faq = match faq_bytes {
        None => None,
        Some(Err(d)) => {
            diags.push(d);
            None
        }
        Some(Ok((rel, bytes))) => {
            let hash = fingerprint(&bytes);
            match &cache.faq {
                Some((h, faq, problems)) if cache.enabled && *h == hash => {
                    diags.extend(problems.iter().cloned());
                    faq.clone()
                }
                _ => {
                    let (faq, problems) = match SourceFile::from_bytes(rel, faq_path.clone(), bytes)
                    {
                        Ok(src) => Faq::parse(src),
                        Err(d) => (None, vec![d]),
                    };
                    diags.extend(problems.iter().cloned());
                    if cache.enabled {
                        cache.faq = Some((hash, faq.clone(), problems));
                    }
                    faq
                }
            }
        }
    };

    let topics_path = root.join(topics::TOPICS_FILE);
    let topics_source = match &overrides.topics {
        Some(text) => Some(Ok(SourceFile::new(
            topics::TOPICS_FILE,
            topics_path.clone(),
            source::normalise(text.clone()),
        ))),
        None => topics_path
            .is_file()
            .then(|| SourceFile::read(root, &topics_path)),
    };
    let topics = if let Some(read) = topics_source {
        match read {
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

type Parsed = Result<Arc<Document>, Vec<Diagnostic>>;

fn load_documents(
    root: &Path,
    files: &[PathBuf],
    cache: &ParseCache,
    fresh: &mut HashMap<PathBuf, (u128, Parsed)>,
    failed: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Document>> {
    let results: Vec<(u128, Parsed)> = files
        .par_iter()
        .map(|p| {
            let (rel, bytes) = match SourceFile::read_bytes(root, p) {
                Ok(r) => r,
                Err(d) => return (0, Err(vec![d])),
            };
            // An unchanged file (same bytes) is not parsed again.
            let hash = if cache.enabled {
                fingerprint(&bytes)
            } else {
                0
            };
            if let Some((cached, parsed)) = cache.docs.get(p) {
                if cache.enabled && hash == *cached {
                    return (hash, parsed.clone());
                }
            }
            let parsed = SourceFile::from_bytes(rel, p.clone(), bytes)
                .map_err(|d| vec![d])
                .and_then(Document::parse)
                .map(Arc::new);
            (hash, parsed)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for ((hash, r), path) in results.into_iter().zip(files) {
        if cache.enabled {
            fresh.insert(path.clone(), (hash, r.clone()));
        }
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
