//! What each page is made from, as its key in the page cache. A key takes the identities of
//! the documents, rendered markdown and analysis items the page shows (the parse cache hands
//! back the same `Arc<Document>` for an unchanged file, the markdown memo the same
//! `Arc<Rendered>` for an unchanged piece, the analysis the same item for an unchanged
//! document) and the small values it shows besides (topic titles, FAQ entries' fields and
//! reviews, the settings). A page whose key is unchanged shows exactly what it
//! showed last time and is not rendered again. Making a key costs a few pointer and
//! short-string hashes: never the page's text, never its context.
//!
//! This is the other half of [`super::jobs`] and [`super::meta`]: every value they put in a
//! page's context must be covered by the page's key here. An identity stands for its value
//! only while that value cannot be freed and its address taken by another:
//! [`super::cache::PageCache`] holds every document, rendering and item of the build whose
//! keys it keeps.

use std::sync::Arc;

use rayon::prelude::*;

use super::jobs::Job;
use super::shared::Shared;
use crate::analyze::{Analysis, Item, Review};
use crate::content::Document;
use crate::fingerprint::Fingerprint;
use crate::render::{Markdown, Piece};
use crate::site::Site;

/// The keys of one build's pages.
pub(super) struct PageKeys<'a> {
    site: &'a Site,
    md: &'a Markdown<'a>,
    analysis: &'a Analysis,
    /// What every page depends on: the templates, the `site` value, the settings file and
    /// the build's options.
    base: u128,
    /// Each topic as a link shows it (slug and title), indexed like `site.topics`.
    topic_links: Vec<u128>,
    /// Each topic's whole summary, indexed like `site.topics`.
    topics: Vec<u128>,
    /// Each article's summary (its document and its topics' links), indexed like
    /// `site.articles`.
    summaries: Vec<u128>,
    /// Each FAQ entry as pages show it, indexed like `site.faq`.
    faq: Vec<u128>,
}

/// The article summaries' keys of one build, kept for the next (the preview's): an article
/// whose document and topics are those of the last build, where every topic links as it
/// did, has the summary it had. The documents are held, so that no other can take one's
/// address while it is compared.
#[derive(Debug, Default)]
pub(super) struct Summaries {
    articles: Vec<(Arc<Document>, Arc<[usize]>)>,
    topic_links: Vec<u128>,
    keys: Vec<u128>,
}

impl<'a> PageKeys<'a> {
    /// The keys of the pages made from `shared`, with templates whose fingerprint is
    /// `templates`, for a site whose settings file reads `settings`. `last`: the last
    /// build's summaries.
    pub fn new(
        shared: &Shared<'a>,
        templates: u128,
        settings: &str,
        last: Option<&Summaries>,
    ) -> Self {
        let site = shared.site;
        let mut base = Fingerprint::new();
        base.add(&templates);
        base.add(&shared.site_ctx);
        base.add(settings);
        let o = &site.options;
        base.add(&(o.drafts, o.preview, o.strict, o.related_lists));
        base.add_hashed(&o.today);
        let topic_links = site
            .topics
            .iter()
            .map(|t| crate::fingerprint::of(&(&t.slug, &t.title)))
            .collect();
        let topics = shared.topics.iter().map(crate::fingerprint::of).collect();
        let mut keys = PageKeys {
            site,
            md: shared.md,
            analysis: shared.analysis,
            base: base.finish(),
            topic_links,
            topics,
            summaries: Vec::new(),
            faq: Vec::new(),
        };
        let last = last.filter(|l| l.topic_links == keys.topic_links);
        keys.summaries = (0..site.articles.len())
            .into_par_iter()
            .map(|i| {
                let a = &site.articles[i];
                let kept = last.and_then(|l| {
                    let (doc, topics) = l.articles.get(i)?;
                    let same = Arc::ptr_eq(doc, &a.doc)
                        && (Arc::ptr_eq(topics, &a.topics) || **topics == *a.topics);
                    same.then(|| l.keys[i])
                });
                kept.unwrap_or_else(|| keys.summary(i))
            })
            .collect();
        keys.faq = (0..site.faq.len())
            .into_par_iter()
            .map(|i| keys.faq_entry(i))
            .collect();
        keys
    }

    /// The summaries' keys, to keep for the next build.
    pub fn summaries(&self) -> Summaries {
        Summaries {
            articles: (self.site.articles.iter())
                .map(|a| (Arc::clone(&a.doc), Arc::clone(&a.topics)))
                .collect(),
            topic_links: self.topic_links.clone(),
            keys: self.summaries.clone(),
        }
    }

    /// The key of `job`'s page, written to `file`.
    pub fn of(&self, job: Job, file: &str) -> u128 {
        let mut f = Fingerprint::new();
        f.add(&self.base);
        f.add(job.template());
        f.add(file);
        let (site, md) = (self.site, self.md);
        match job {
            Job::Home => {
                self.add_all(&mut f, &self.summaries, &site.newest_articles(6));
                list(&mut f, &self.topics);
                let first: Vec<usize> = (0..site.faq.len().min(5)).collect();
                self.add_all(&mut f, &self.faq, &first);
                f.add(&(site.articles.len(), site.faq.len()));
            }
            Job::Articles => list(&mut f, &self.summaries),
            Job::Topics => list(&mut f, &self.topics),
            Job::Faq => self.faq_page(&mut f),
            Job::Glossary => self.glossary_page(&mut f),
            Job::NotFound | Job::Search => {}
            Job::Topic(i) => {
                let t = &site.topics[i];
                f.add(&self.topics[i]);
                self.add_all(&mut f, &self.summaries, &t.articles);
                self.add_all(&mut f, &self.faq, &t.faq);
                self.add_all(&mut f, &self.topics, &t.related);
            }
            Job::Article(i) => {
                let a = &site.articles[i];
                f.add_identity(&a.doc);
                add_piece(&mut f, md.articles.get(i));
                f.add(&self.summaries[i]);
                add_item(&mut f, self.analysis.articles.get(i));
                self.add_all(&mut f, &self.summaries, &a.related);
                self.add_all(&mut f, &self.faq, &a.related_faq);
            }
            Job::Page(i) => {
                f.add_identity(&site.pages[i]);
                add_piece(&mut f, md.pages.get(i));
                add_item(&mut f, self.analysis.pages.get(i));
            }
            Job::Trust(i) => {
                let page = site.trust_pages[i].page;
                f.add(&(page.slug, page.title));
                add_piece(&mut f, md.trust.get(i).and_then(Option::as_ref));
            }
        }
        f.finish()
    }

    /// Article `i`'s summary: the values of its document a summary shows (by value, so that
    /// editing an article's text leaves the pages that list it alone) and the links to its
    /// topics.
    fn summary(&self, i: usize) -> u128 {
        let a = &self.site.articles[i];
        let front = &a.doc.front;
        let mut f = Fingerprint::new();
        f.add(&(&a.doc.slug, &front.title, &front.description));
        f.add_hashed(&(front.date, front.reviewed_on));
        self.add_all(&mut f, &self.topic_links, &a.topics);
        f.finish()
    }

    /// FAQ entry `i` as pages show it (and as the FAQ page's structured data quotes it).
    fn faq_entry(&self, i: usize) -> u128 {
        let item = &self.site.faq[i];
        let e = &item.entry;
        let mut f = Fingerprint::new();
        f.add(&(&e.id, &e.question));
        add_piece(&mut f, self.md.faq.get(i));
        self.add_all(&mut f, &self.topic_links, &item.topics);
        // Related articles are shown by title and address.
        f.add(&item.related.len());
        for &a in item.related.iter() {
            let doc = &self.site.articles[a].doc;
            f.add(&(&doc.slug, &doc.front.title));
        }
        f.add_hashed(&e.reviewed_on);
        add_review(&mut f, self.analysis.faq.get(i).map(|x| &x.review));
        f.add(&e.sources);
        f.add(&e.extra);
        f.finish()
    }

    /// The FAQ page: its intro, and every entry in its group (the groups follow the order
    /// of the topics, and show each topic's title and address).
    fn faq_page(&self, f: &mut Fingerprint) {
        add_piece(f, self.md.faq_intro.as_ref());
        list(f, &self.topic_links);
        f.add(&self.site.faq.len());
        for (item, key) in self.site.faq.iter().zip(&self.faq) {
            f.add(&item.topics.first());
            f.add(key);
        }
    }

    /// The glossary page: every entry's names and rendered definition and link.
    fn glossary_page(&self, f: &mut Fingerprint) {
        let Some(g) = &self.site.glossary else {
            return;
        };
        f.add(&g.entries.len());
        for (i, e) in g.entries.iter().enumerate() {
            f.add(&(&e.slug, &e.term, &e.aliases));
            add_piece(f, self.md.glossary.get(i));
            add_piece(f, self.md.glossary_links.get(i).and_then(Option::as_ref));
        }
    }

    /// The keys `idx` of `keys`, as a list.
    fn add_all(&self, f: &mut Fingerprint, keys: &[u128], idx: &[usize]) {
        f.add_keys(idx.iter().map(|&i| keys[i]));
    }
}

/// Every key of `keys`, as a list.
fn list(f: &mut Fingerprint, keys: &[u128]) {
    f.add_keys(keys.iter().copied());
}

/// Whether `value` is there, then (when it is) what `add` adds of it.
fn add_present<T>(f: &mut Fingerprint, value: Option<T>, add: impl FnOnce(&mut Fingerprint, T)) {
    f.add(&value.is_some());
    if let Some(v) = value {
        add(f, v);
    }
}

/// A piece of rendered markdown by its identity (or that there is none).
fn add_piece(f: &mut Fingerprint, piece: Option<&Piece>) {
    add_present(f, piece, |f, p| {
        f.add_identity(&p.rendered);
        f.add(&p.page);
    });
}

/// An article's or page's analysis (of which pages show the review) by its identity: the
/// analysis hands back the same item while the document, the settings and the day are
/// unchanged, and the settings and the day are in every key already.
fn add_item(f: &mut Fingerprint, item: Option<&Arc<Item>>) {
    add_present(f, item, |f, item| f.add_identity(item));
}

/// A review as pages show it (or that the analysis has none).
fn add_review(f: &mut Fingerprint, review: Option<&Review>) {
    add_present(f, review, |f, r| {
        f.add_hashed(&r.reviewed_on);
        f.add(&r.reviewed_by);
        f.add_hashed(&r.next_review);
        f.add(&r.overdue);
    });
}
