//! What one build's site model derived, without the documents themselves, and putting it
//! together again with another build's documents.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::Inputs;
use crate::config::Config;
use crate::content::{Content, Document};
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::faq::{self, ItemLists};
use crate::site::mistakes::{Found, is_blank};
use crate::site::{Article, Options, Site, Topic, alphabetical, trust};

/// The derived part of a [`Site`]: its documents are named by their index in the content's
/// lists, so that the same result serves a build whose documents differ only in their text.
#[derive(Debug, Clone)]
pub(super) struct Derived {
    /// The listed articles, in listing order.
    pub articles: Vec<Listed>,
    /// The index of each page the build includes.
    pub pages: Vec<usize>,
    pub topics: Vec<Topic>,
    pub faq: Vec<ItemLists>,
    pub article_by_slug: Arc<HashMap<String, usize>>,
    pub topic_by_slug: HashMap<String, usize>,
    pub article_by_file: Arc<HashMap<PathBuf, String>>,
    pub excluded_drafts: HashSet<String>,
    pub excluded_draft_files: HashSet<PathBuf>,
    /// The problems found on the way, in the order found.
    pub problems: Vec<Diagnostic>,
    /// Whether each of the content's articles has no text (`false` for one not listed).
    pub blank: Vec<bool>,
    /// The warnings about FAQ answers too short.
    pub short_answers: Vec<Diagnostic>,
}

/// One listed article: the index of its document, and its lists.
#[derive(Debug, Clone)]
pub(super) struct Listed {
    pub doc: usize,
    pub topics: Arc<[usize]>,
    pub related: Arc<[usize]>,
    pub related_faq: Arc<[usize]>,
}

impl Derived {
    /// What `site` derived from `inputs`, finding `problems`, keeping the FAQ entries at
    /// `faq_kept` and finding the likely mistakes `found`. `None` if a document of `site` is
    /// not among `inputs` (never expected: then nothing is kept).
    pub fn of(
        site: &Site,
        inputs: &Inputs,
        faq_kept: Vec<usize>,
        problems: &Diagnostics,
        found: &Found,
    ) -> Option<Derived> {
        let articles = places(&inputs.articles);
        let pages = places(&inputs.pages);
        let place_of = |places: &HashMap<*const Document, usize>, doc: &Arc<Document>| {
            places.get(&Arc::as_ptr(doc)).copied()
        };
        let listed = site.articles.iter().map(|a| {
            Some(Listed {
                doc: place_of(&articles, &a.doc)?,
                topics: a.topics.clone(),
                related: a.related.clone(),
                related_faq: a.related_faq.clone(),
            })
        });
        let faq = (site.faq.iter().zip(faq_kept)).map(|(item, entry)| ItemLists {
            entry,
            topics: item.topics.clone(),
            related: item.related.clone(),
        });
        let listed: Vec<Listed> = listed.collect::<Option<_>>()?;
        let mut blank = vec![false; inputs.articles.len()];
        for (l, &b) in listed.iter().zip(&found.blank) {
            if let Some(slot) = blank.get_mut(l.doc) {
                *slot = b;
            }
        }
        Some(Derived {
            articles: listed,
            pages: (site.pages.iter().map(|d| place_of(&pages, d))).collect::<Option<_>>()?,
            topics: site.topics.clone(),
            faq: faq.collect(),
            article_by_slug: site.article_by_slug.clone(),
            topic_by_slug: site.topic_by_slug.clone(),
            article_by_file: site.article_by_file.clone(),
            excluded_drafts: site.excluded_drafts.clone(),
            excluded_draft_files: site.excluded_draft_files.clone(),
            problems: problems.iter().cloned().collect(),
            blank,
            short_answers: found.short_answers.clone(),
        })
    }

    /// Notes the text of `doc`, the content's article `index`, which replaced the one kept.
    pub fn text_changed(&mut self, index: usize, doc: &Document) {
        if let Some(slot) = self.blank.get_mut(index) {
            *slot = is_blank(doc);
        }
    }

    /// The site these lists make with `content`'s documents (which must derive them: see
    /// [`super::Kept::changes`]), with what its likely mistakes are made from; the problems
    /// found go to `diags` again.
    pub fn assemble(
        &self,
        config: Config,
        content: Content,
        options: Options,
        diags: &mut Diagnostics,
    ) -> (Site, Found) {
        let Content {
            articles,
            pages,
            faq,
            topics,
            glossary,
            failed_slugs,
            faq_failed,
        } = content;
        let articles = self.articles.iter().filter_map(|listed| {
            Some(Article {
                doc: articles.get(listed.doc)?.clone(),
                topics: listed.topics.clone(),
                related: listed.related.clone(),
                related_faq: listed.related_faq.clone(),
            })
        });
        let pages: Vec<Arc<Document>> = (self.pages.iter())
            .filter_map(|&i| pages.get(i).cloned())
            .collect();
        let faq = faq::again(faq, &self.faq);
        diags.extend(self.problems.iter().cloned());
        let found = Found {
            blank: (self.articles.iter())
                .map(|l| self.blank.get(l.doc).copied().unwrap_or(false))
                .collect(),
            short_answers: self.short_answers.clone(),
        };
        let site = Site {
            trust_pages: trust::resolve(&config.health.trust, &pages),
            config,
            options,
            articles: articles.collect(),
            pages,
            topics: self.topics.clone(),
            faq: faq.items,
            faq_title: faq.title,
            faq_intro: faq.intro,
            faq_source: faq.source,
            topics_source: topics.map(|(source, _)| source),
            article_by_slug: self.article_by_slug.clone(),
            topic_by_slug: self.topic_by_slug.clone(),
            article_by_file: self.article_by_file.clone(),
            excluded_drafts: self.excluded_drafts.clone(),
            excluded_draft_files: self.excluded_draft_files.clone(),
            failed_slugs: failed_slugs.into_iter().collect(),
            faq_failed,
            glossary: glossary.map(alphabetical),
        };
        (site, found)
    }
}

/// Each document's index in `docs`, by its address.
fn places(docs: &[Arc<Document>]) -> HashMap<*const Document, usize> {
    (docs.iter().enumerate())
        .map(|(i, d)| (Arc::as_ptr(d), i))
        .collect()
}
