//! The search index: written at build time beside the pages, read by the theme's
//! `search-engine.js` in the reader's browser, so search needs nothing but the static host.
//!
//! [`words`] says how text becomes stems (the browser script does the same to queries);
//! [`documents`] collects what is searchable (articles, standalone pages, each FAQ entry);
//! [`text`] reads a body as plain text in sentences and [`terms`] weighs each stem of a
//! document; [`ranking`] keeps each stem's best documents with the sentence to quote;
//! [`index`] lays that out in small files, so a query downloads only the few it needs, and
//! [`json`] writes their text; [`cache`] keeps it all between the preview's builds and
//! patches it.

pub mod cache;
pub mod documents;
pub mod index;
pub mod json;
pub mod ranking;
pub mod terms;
pub mod text;
pub mod words;

use rayon::prelude::*;

use super::Markdown;
use super::sink::Sink;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;

pub use cache::SearchCache;

/// How big the index came out, for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub files: usize,
    pub bytes: usize,
}

/// Makes the index of `site` (patching the last one kept in `cache` when it can) and hands
/// each file to `sink`; a file that cannot be written is an error. Returns the index's size.
pub fn write(
    site: &Site,
    md: &Markdown,
    cache: &mut SearchCache,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> Size {
    let sources = documents::sources(site, md);
    let files = cache.files(&sources, &site.config.urls);
    write_files(files, sink, diags)
}

/// [`write`] for a one-off build that read its articles (the first documents) into
/// `merged` as it made their pages, so as not to hold their HTML (`md` has none of their
/// bodies): the other documents are read here. The index is the one [`write`] makes.
pub fn write_streamed(
    site: &Site,
    md: &Markdown,
    merged: ranking::Merger,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> Size {
    let no_body = std::sync::Arc::new(super::Rendered::default());
    let sources = documents::sources_read_but_articles(site, md, &no_body);
    let first = site.articles.len();
    let read = ranking::rank_rest(merged, &sources[first..], first as u32);
    let files = cache::files_of(&read.ranking, &sources, &site.config.urls);
    write_files(files, sink, diags)
}

/// Hands each file to `sink` (a file that cannot be written is an error); their size.
fn write_files(files: Vec<(String, index::Bytes)>, sink: &Sink, diags: &mut Diagnostics) -> Size {
    let size = Size {
        files: files.len(),
        bytes: files.iter().map(|(_, bytes)| bytes.len()).sum(),
    };
    // Written in parallel, as the pages are.
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
