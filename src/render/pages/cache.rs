//! Rendered pages kept between builds, each under its key ([`super::keys`]): a page whose
//! key is unchanged is not rendered again.
//!
//! Keys are made from the identities of documents and rendered markdown, so the cache also
//! holds every document and rendering of the build whose keys it keeps: none of them can be
//! freed, and its address reused by a different value, while a key made from it may still
//! be compared.

use std::sync::Arc;

use super::PageList;
use super::keys::Summaries;
use crate::analyze::{Analysis, Item};
use crate::cache::{Generation, Memo};
use crate::content::Document;
use crate::render::{Markdown, Rendered};
use crate::site::Site;

/// Rendered pages kept between builds (the preview rebuilds often).
#[derive(Debug, Default)]
pub struct PageCache {
    memo: Memo<Arc<[u8]>>,
    /// The documents and renderings the kept pages' keys were made from.
    held: Held,
    /// The last build's pages.
    list: Option<Arc<PageList>>,
    /// The last build's article summaries.
    summaries: Option<Summaries>,
}

/// Values whose identities went into the kept keys: only held, never read.
#[derive(Debug, Default)]
#[allow(dead_code)]
struct Held {
    docs: Vec<Arc<Document>>,
    rendered: Vec<Arc<Rendered>>,
    /// The analysis of articles and pages.
    items: Vec<Arc<Item>>,
}

impl PageCache {
    /// A cache that keeps rendered pages between builds (the default keeps nothing).
    pub fn enabled() -> Self {
        PageCache {
            memo: Memo::enabled(),
            held: Held::default(),
            list: None,
            summaries: None,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.memo.is_enabled()
    }

    /// The pages of `site` (the last build's list again while no page moved).
    pub fn list(&mut self, site: &Site) -> Arc<PageList> {
        let list = PageList::of(site, self.list.as_ref());
        if self.is_enabled() {
            self.list = Some(Arc::clone(&list));
        }
        list
    }

    pub(super) fn generation(&mut self) -> Generation<'_, Arc<[u8]>> {
        self.memo.generation()
    }

    /// The last build's article summaries.
    pub(super) fn summaries(&self) -> Option<&Summaries> {
        self.summaries.as_ref()
    }

    /// Once a build's generation has ended: holds the documents, renderings and analysis
    /// items its keys were made from, and its summaries (and lets go of the previous
    /// build's).
    pub(super) fn hold(
        &mut self,
        site: &Site,
        md: &Markdown,
        analysis: &Analysis,
        summaries: Option<Summaries>,
    ) {
        if !self.is_enabled() {
            return;
        }
        self.summaries = summaries;
        let articles = site.articles.iter().map(|a| a.doc.clone());
        let items = analysis.articles.iter().chain(&analysis.pages);
        self.held = Held {
            docs: articles.chain(site.pages.iter().cloned()).collect(),
            rendered: md.all().map(|p| p.rendered.clone()).collect(),
            items: items.cloned().collect(),
        };
    }
}
