//! Loading a site's content from disk: articles, pages, the FAQ, topics and the glossary.
//!
//! This stage reads and parses files and checks each one on its own (its YAML, its required
//! keys, its dates and slugs). Checks that need the whole site (unknown topics, duplicate
//! slugs, links) belong to [`crate::site`]. A [`ParseCache`] lets the preview skip files
//! whose bytes have not changed; [`files`] decides which files are content.

pub mod date;
pub mod document;
pub mod faq;
pub mod files;
pub mod glossary;
mod scan;
pub mod source;
pub mod sources;
pub mod topics;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{Generation, Memo};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::Fingerprint;
pub use document::{Document, FrontMatter};
pub use faq::{Faq, FaqEntry};
pub use files::{files_under, is_editor_scratch, is_scratch_name};
pub use glossary::{Glossary, GlossaryEntry};
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
    /// `glossary.yaml`, when the site has one that could be read as a whole.
    pub glossary: Option<Glossary>,
    /// Likely slugs of articles and pages that failed to load, so links to them are not
    /// reported a second time as broken.
    pub failed_slugs: Vec<String>,
    /// The FAQ file exists but could not be read as a whole.
    pub faq_failed: bool,
}

/// Parse results kept between builds (the preview rebuilds often): a file whose bytes have
/// not changed is not parsed again. Files are compared by their bytes, not their modification
/// times: an edit that keeps the length and time (`cp -p`, coarse clocks) is still seen.
#[derive(Debug, Default)]
pub struct ParseCache {
    docs: Memo<Parsed>,
    faq: Memo<ParsedFaq>,
    /// What the last load found, file by file (kept only when the cache is enabled).
    last_scan: Option<scan::Scan>,
    /// What the next load may assume: only these paths (relative to the site; files, or
    /// folders for everything inside them) changed since the last load. `None`: read every
    /// file.
    changed_only: Option<HashSet<String>>,
}

impl ParseCache {
    /// A cache that keeps parse results between builds (the default keeps nothing).
    pub fn enabled() -> Self {
        ParseCache {
            docs: Memo::enabled(),
            faq: Memo::enabled(),
            last_scan: None,
            changed_only: None,
        }
    }

    /// Tells the next load that no article or page changed since the last load but those
    /// at (or inside folders at) `changed`, paths relative to the site, as a file watcher
    /// reported them: the others are taken from the cache without being read. Only the
    /// next load trusts this; every later one reads every file again unless told the same.
    pub fn expect_changes_only_in(&mut self, changed: impl IntoIterator<Item = String>) {
        self.changed_only = Some(changed.into_iter().collect());
    }
}

/// Whether `rel`, or a folder it is inside, is in `changed`.
fn maybe_changed(rel: &str, changed: &HashSet<String>) -> bool {
    let mut at = rel;
    loop {
        if changed.contains(at) {
            return true;
        }
        match at.rfind('/') {
            Some(slash) => at = &at[..slash],
            None => return false,
        }
    }
}

/// An article or page, or the problems that kept it out.
type Parsed = Result<Arc<Document>, Vec<Diagnostic>>;

/// The FAQ (if it could be read as a whole) and the problems found in it.
/// Shared, so that taking it from the memo copies nothing (a large FAQ has thousands of
/// entries).
pub type ParsedFaq = Arc<(Option<Faq>, Vec<Diagnostic>)>;

/// New text for content files, used instead of what is on disk (to check an edit before it
/// is saved).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Replaces `content/faq.yaml`.
    pub faq: Option<FaqText>,
    /// Replaces `content/topics.yaml`.
    pub topics: Option<String>,
    /// When set, articles and pages are read whole only when their file is in this set; of
    /// the others only the front matter is read (see [`document::front_matter_len`]), so
    /// their text is empty. Checking an FAQ edit needs every article's slug, topics and
    /// draft state but the headings of only the articles its links point into. `None` reads
    /// every file whole.
    pub bodies: Option<BTreeSet<PathBuf>>,
}

/// New text for `content/faq.yaml`, and what it read as once a load has read it: a caller
/// that reads the same text itself (`faq add`, proving its new text reads back) takes that
/// instead of reading a large FAQ a second time.
#[derive(Debug, Default, Clone)]
pub struct FaqText {
    pub text: String,
    read: std::sync::OnceLock<ParsedFaq>,
}

impl FaqText {
    pub fn new(text: impl Into<String>) -> Self {
        FaqText {
            text: text.into(),
            read: std::sync::OnceLock::new(),
        }
    }

    /// What the text read as (the FAQ and its problems), when a load has read it.
    pub fn read(&self) -> Option<&ParsedFaq> {
        self.read.get()
    }
}

/// Loads `root/content`. Files with problems are reported in `diags` and left out.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    load_with(
        root,
        diags,
        &mut ParseCache::default(),
        &Overrides::default(),
    )
}

/// [`load`], reusing and refreshing `cache`, with some files' text replaced by `overrides`.
pub fn load_with(
    root: &Path,
    diags: &mut Diagnostics,
    cache: &mut ParseCache,
    overrides: &Overrides,
) -> Content {
    let changed_only = cache.changed_only.take();
    // The FAQ is one large file read on one thread: it is parsed while the articles are.
    let mut faq_diags = Diagnostics::new();
    let (scan, (faq, faq_exists)) = rayon::join(
        || {
            scan_documents(
                root,
                cache.last_scan.take(),
                changed_only,
                &mut cache.docs,
                overrides,
            )
        },
        || load_faq(root, overrides, &mut cache.faq, &mut faq_diags),
    );
    diags.extend(scan.walk_problems.iter().cloned());
    let (articles, mut failed_slugs) = scan::documents(&scan.articles, diags);
    let (pages, failed_pages) = scan::documents(&scan.pages, diags);
    failed_slugs.extend(failed_pages);
    diags.extend(faq_diags);
    if cache.docs.is_enabled() {
        cache.last_scan = Some(scan);
    }
    let topics = load_topics(root, overrides, diags);
    let glossary = load_glossary(root, diags);
    Content {
        articles,
        pages,
        faq_failed: faq_exists && faq.is_none(),
        faq,
        topics,
        glossary,
        failed_slugs,
    }
}

/// The fingerprint of a file read from disk: its paths and its bytes.
fn file_key(rel: &str, path: &Path, bytes: &[u8]) -> u128 {
    let mut f = Fingerprint::new();
    f.add(rel);
    f.add_path(path);
    f.add_bytes(bytes);
    f.finish()
}

/// The articles and pages: the last load's with only the files a watcher saw change read
/// again, when it can say which changed (`changed`, paths relative to the site) and none was
/// added or removed; else found by walking the folders, each file parsed unless the memo
/// has it (taken from the memo without even being read when `changed` says it is as before).
fn scan_documents(
    root: &Path,
    last: Option<scan::Scan>,
    changed: Option<HashSet<String>>,
    memo: &mut Memo<Parsed>,
    overrides: &Overrides,
) -> scan::Scan {
    let mut last = last;
    if let (Some(scan), Some(changed), None) = (last.as_mut(), changed.as_ref(), &overrides.bodies)
        && scan.refresh(root, changed)
        && let Some(scan) = last.take()
    {
        return scan;
    }
    let content = root.join("content");
    let mut walk = Diagnostics::new();
    let article_files = files::markdown_files(root, &content.join("articles"), true, &mut walk);
    let page_files = files::markdown_files(root, &content.join("pages"), false, &mut walk);
    let known = changed.as_ref().zip(last.as_ref());
    let docs = memo.generation();
    let whole = overrides.bodies.as_ref();
    let load = |files: &[PathBuf]| load_documents(root, files, whole, &docs, known);
    let articles = load(&article_files);
    let pages = load(&page_files);
    scan::Scan::new(root, articles, pages, walk.into_iter().collect())
}

/// Reads and parses `files` in parallel.
fn load_documents(
    root: &Path,
    files: &[PathBuf],
    whole: Option<&BTreeSet<PathBuf>>,
    memo: &Generation<Parsed>,
    known: Option<(&HashSet<String>, &scan::Scan)>,
) -> Vec<scan::Scanned> {
    files
        .par_iter()
        .map(|path| {
            let whole = whole.is_none_or(|w| w.contains(path));
            let (key, parsed) = load_document(root, path, whole, memo, known);
            scan::Scanned {
                path: path.clone(),
                key,
                parsed,
            }
        })
        .collect()
}

/// One article or page (`whole`, or only its front matter), parsed unless `memo` has the
/// result for the same bytes, or (when `known` says the file did not change since the scan
/// it names) taken from `memo` without reading it. Returns the file's fingerprint beside the
/// result, when it was read or reused.
fn load_document(
    root: &Path,
    path: &Path,
    whole: bool,
    memo: &Generation<Parsed>,
    known: Option<(&HashSet<String>, &scan::Scan)>,
) -> (Option<u128>, Parsed) {
    if let Some((changed, last)) = known {
        let rel = crate::diag::display_path(root, path);
        if !maybe_changed(&rel, changed)
            && let Some(key) = last.key_of(&rel)
            && let Some(kept) = memo.reuse(key)
        {
            return (Some(key), kept);
        }
    }
    let read = match whole {
        true => SourceFile::read_bytes(root, path),
        false => SourceFile::read_head_bytes(root, path, document::front_matter_len),
    };
    let (rel, bytes) = match read {
        Ok(read) => read,
        Err(d) => return (None, Err(vec![d])),
    };
    if !memo.is_enabled() {
        return (None, parse_bytes(path, rel, bytes, whole));
    }
    let key = file_key(&rel, path, &bytes);
    let parsed = memo.get_or_make_from(
        (rel, bytes),
        |_| key,
        |(rel, bytes)| parse_bytes(path, rel, bytes, whole),
    );
    (Some(key), parsed)
}

/// An article or page parsed from the bytes of its file (`whole`: all of them, or only its
/// front matter).
fn parse_bytes(path: &Path, rel: String, bytes: Vec<u8>, whole: bool) -> Parsed {
    SourceFile::from_bytes(rel, path.to_path_buf(), bytes)
        .map_err(|d| vec![d])
        .and_then(Document::parse)
        .map(|doc| Arc::new(Document { whole, ..doc }))
}

/// The FAQ, from its override or from disk, parsed unless `memo` has the result for the same
/// bytes; and whether there is an FAQ file at all.
fn load_faq(
    root: &Path,
    overrides: &Overrides,
    memo: &mut Memo<ParsedFaq>,
    diags: &mut Diagnostics,
) -> (Option<Faq>, bool) {
    let faq_path = root.join(faq::FAQ_FILE);
    if let Some(new) = &overrides.faq {
        // New text is not kept between loads: it is read once and the result kept with it.
        let parsed = new.read.get_or_init(|| {
            let bytes = new.text.clone().into_bytes();
            Arc::new(parse_faq(faq::FAQ_FILE.to_owned(), faq_path.clone(), bytes))
        });
        return (faq_of(parsed, diags), true);
    }
    if !faq_path.exists() {
        return (None, false);
    }
    let (rel, bytes) = match SourceFile::read_bytes_within(root, &faq_path, crate::read::LISTS) {
        Ok(read) => read,
        Err(d) => {
            diags.push(d);
            return (None, true);
        }
    };
    let memo = memo.generation();
    let parsed = memo.get_or_make_from(
        (rel, bytes),
        |(rel, bytes)| file_key(rel, &faq_path, bytes),
        |(rel, bytes)| Arc::new(parse_faq(rel, faq_path.clone(), bytes)),
    );
    (faq_of(&parsed, diags), true)
}

/// The FAQ file's bytes read as an FAQ, with the problems found in it.
fn parse_faq(rel: String, path: PathBuf, bytes: Vec<u8>) -> (Option<Faq>, Vec<Diagnostic>) {
    match SourceFile::from_bytes(rel, path, bytes) {
        Ok(src) => Faq::parse(src),
        Err(d) => (None, vec![d]),
    }
}

/// The FAQ of `parsed`, its problems reported in `diags`.
fn faq_of(parsed: &ParsedFaq, diags: &mut Diagnostics) -> Option<Faq> {
    let (faq, problems) = &**parsed;
    diags.extend(problems.iter().cloned());
    faq.clone()
}

/// `glossary.yaml`, when the site has one and it can be read as a whole (entries with
/// problems are reported and left out).
fn load_glossary(root: &Path, diags: &mut Diagnostics) -> Option<Glossary> {
    let path = root.join(glossary::GLOSSARY_FILE);
    if !path.is_file() {
        return None;
    }
    match SourceFile::read_within(root, &path, crate::read::LISTS) {
        Ok(src) => {
            let (glossary, problems) = Glossary::parse(src);
            diags.extend(problems);
            glossary
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// `topics.yaml`, from its override or from disk, when the site has one. A file with
/// problems, or that defines no topics at all, is reported and then read as missing (the
/// build fails on its errors), so uses of topics are not reported as unknown as well.
fn load_topics(
    root: &Path,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> Option<(SourceFile, Vec<TopicDef>)> {
    let topics_path = root.join(topics::TOPICS_FILE);
    let read = match &overrides.topics {
        Some(text) => Ok(SourceFile::new(
            topics::TOPICS_FILE,
            topics_path,
            source::normalise(text.clone()),
        )),
        None if topics_path.exists() => {
            SourceFile::read_within(root, &topics_path, crate::read::LISTS)
        }
        None => return None,
    };
    match read {
        Ok(src) => match topics::parse(&src) {
            // Read as "no topics.yaml", so that every use of a topic is not reported as
            // unknown as well.
            Ok(t) if t.is_empty() => {
                diags.push(topics::defines_none(&src));
                None
            }
            Ok(t) => Some((src, t)),
            // Without its topics, every use of one would be reported as unknown as well.
            Err(problems) => {
                diags.extend(problems);
                None
            }
        },
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, title: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, format!("---\ntitle: {title}\n---\nBody.\n")).expect("write");
    }

    /// The titles of the articles a load with `cache` finds, after a watcher's `changed`.
    fn titles(root: &Path, cache: &mut ParseCache, changed: Option<&[&str]>) -> Vec<String> {
        if let Some(changed) = changed {
            cache.expect_changes_only_in(changed.iter().map(|s| s.to_string()));
        }
        let mut diags = Diagnostics::new();
        let content = load_with(root, &mut diags, cache, &Overrides::default());
        content
            .articles
            .iter()
            .map(|d| d.front.title.clone())
            .collect()
    }

    #[test]
    fn a_change_list_reads_only_its_files_and_still_sees_files_come_and_go() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path();
        write(root, "content/articles/a.md", "A");
        write(root, "content/articles/b.md", "B");
        let mut cache = ParseCache::enabled();
        assert_eq!(titles(root, &mut cache, None), ["A", "B"]);

        // Only the listed file is read again; the unlisted edit waits.
        write(root, "content/articles/a.md", "A2");
        write(root, "content/articles/b.md", "B2");
        let listed = ["content/articles/a.md"];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["A2", "B"]);
        let first = titles(root, &mut cache, Some(&[]));
        assert_eq!(first, ["A2", "B"], "an empty list changes nothing");
        let same = load_with(
            root,
            &mut Diagnostics::new(),
            &mut cache,
            &Overrides::default(),
        );
        assert_eq!(
            same.articles[1].front.title, "B2",
            "no list: every file is read"
        );

        // A new file, a removed one and a folder on the list are found by walking.
        write(root, "content/articles/c.md", "C");
        let listed = ["content/articles/c.md"];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["A2", "B2", "C"]);
        std::fs::remove_file(root.join("content/articles/a.md")).expect("remove");
        let listed = ["content/articles/a.md"];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["B2", "C"]);
        write(root, "content/articles/sub/d.md", "D");
        let listed = ["content/articles/sub"];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["B2", "C", "D"]);

        // Files that are not articles leave the articles as they were: here, a temporary
        // file a tool wrote and renamed away, another that is still there, an editor's swap
        // file and the FAQ.
        write(root, "content/articles/c.md", "C2");
        write(root, "content/articles/notes.txt", "N");
        let listed = [
            "content/articles/sedX1b2c3",
            "content/articles/notes.txt",
            "content/articles/.c.md.swp",
            "content/faq.yaml",
        ];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["B2", "C", "D"]);

        // A folder removed with its articles is noticed.
        std::fs::remove_dir_all(root.join("content/articles/sub")).expect("remove");
        let listed = ["content/articles/sub"];
        assert_eq!(titles(root, &mut cache, Some(&listed)), ["B2", "C"]);
    }
}
