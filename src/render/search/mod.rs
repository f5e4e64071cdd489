//! The search index: written at build time beside the pages, read by the theme's
//! `search-engine.js` in the reader's browser, so search needs nothing but the static host.
//!
//! [`words`] says how text becomes stems (the browser script does the same to queries);
//! [`documents`] collects what is searchable (articles, standalone pages, each FAQ entry)
//! with its text; [`index`] weighs each stem in each document and lays the index out in
//! small files, so a query downloads only the few it needs.

pub mod documents;
pub mod index;
pub mod words;

use std::sync::Arc;

use rayon::prelude::*;

use super::Markdown;
use super::sink::Sink;
use crate::cache::Memo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;

/// How big the index came out, for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub files: usize,
    pub bytes: usize,
}

/// Each document's index entry kept between builds (the preview rebuilds on every save, and
/// most saves change one document), under the fingerprint of what it is made from.
#[derive(Debug, Default)]
pub struct SearchCache {
    memo: Memo<Arc<index::Entry>>,
}

impl SearchCache {
    /// A cache that keeps entries between builds (the default keeps nothing).
    pub fn enabled() -> Self {
        SearchCache {
            memo: Memo::enabled(),
        }
    }
}

/// Makes the index of `site` (reusing unchanged documents' entries from `cache`) and hands
/// each file to `sink`; a file that cannot be written is an error. Returns the index's size.
pub fn write(
    site: &Site,
    md: &Markdown,
    cache: &mut SearchCache,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> Size {
    let urls = &site.config.urls;
    let memo = cache.memo.generation();
    let entries: Vec<Arc<index::Entry>> = documents::sources(site, md)
        .into_par_iter()
        .map(|(path, source)| {
            let link = urls.link(&path);
            memo.get_or_make(
                || source.fingerprint(&link),
                || Arc::new(index::Entry::new(&source.doc(link.clone()))),
            )
        })
        .collect();
    drop(memo);
    let files = index::files(&entries);
    let size = Size {
        files: files.len(),
        bytes: files.iter().map(|(_, bytes)| bytes.len()).sum(),
    };
    // Written in parallel, as the pages are: a large site's index is thousands of files.
    let problems: Vec<Diagnostic> = files
        .into_par_iter()
        .filter_map(|(path, bytes)| {
            sink(&path, &bytes)
                .err()
                .map(|e| Diagnostic::file_error(&path, format!("cannot write: {e}")))
        })
        .collect();
    diags.extend(problems);
    size
}

impl std::fmt::Display for Size {
    /// `123 KB in 40 files` (kilobytes of 1,000 bytes, rounded up, so a small index never
    /// shows as 0 KB).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kb = self.bytes.div_ceil(1000);
        let files = if self.files == 1 { "file" } else { "files" };
        write!(f, "{kb} KB in {} {files}", self.files)
    }
}

#[cfg(test)]
mod tests {
    use super::Size;

    #[test]
    fn the_size_reads_in_kilobytes_and_files() {
        let size = |bytes, files| Size { files, bytes }.to_string();
        assert_eq!(size(123_456, 40), "124 KB in 40 files");
        assert_eq!(size(1, 1), "1 KB in 1 file");
        assert_eq!(size(0, 0), "0 KB in 0 files");
    }
}
