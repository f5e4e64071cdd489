//! What each analysed item is, for lists of them (the report): its title, the file and line
//! it is written at, and its address on the site. Indexed like [`super::Analysis`].

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Document;
use crate::render::paths;
use crate::site::Site;

/// One article, page or FAQ entry, as a report names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Subject {
    /// The title, or the FAQ entry's question.
    pub title: String,
    /// The file it is written in, relative to the site, and the line it starts at.
    pub file: String,
    pub line: usize,
    /// Its site path (`/articles/x/`, `/faq/#id`), before the `base_url` prefix.
    pub path: String,
    /// Articles and pages: whether the front matter has a `description`.
    pub has_description: bool,
}

/// Every item of the site, indexed like the analysis's lists. Shared, so that the preview
/// hands an unchanged document's on from build to build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    pub articles: Vec<Arc<Subject>>,
    pub pages: Vec<Arc<Subject>>,
    pub faq: Vec<Arc<Subject>>,
}

/// The subjects of articles and pages kept between builds (the preview's), by document:
/// a subject is made from its document alone. The default keeps nothing.
#[derive(Debug, Default)]
pub struct SubjectCache {
    enabled: bool,
    /// By the document's address and whether it is an article; the document is held, so
    /// that no other can take its address while its subject is kept.
    kept: HashMap<(usize, bool), (Arc<Document>, Arc<Subject>)>,
}

impl SubjectCache {
    pub fn enabled() -> Self {
        SubjectCache {
            enabled: true,
            kept: HashMap::new(),
        }
    }
}

/// The subjects of `site`.
pub fn of(site: &Site) -> Subjects {
    of_cached(site, &mut SubjectCache::default())
}

/// [`of`], taking unchanged documents' subjects from `cache` and keeping this build's.
pub fn of_cached(site: &Site, cache: &mut SubjectCache) -> Subjects {
    let kept = &cache.kept;
    let subject = |doc: &Arc<Document>, article: bool| -> Arc<Subject> {
        let key = (Arc::as_ptr(doc) as usize, article);
        match kept.get(&key) {
            Some((d, s)) if Arc::ptr_eq(d, doc) => Arc::clone(s),
            _ => {
                let path = match article {
                    true => paths::article(&doc.slug),
                    false => paths::page(&doc.slug),
                };
                Arc::new(document(doc, path))
            }
        }
    };
    let articles: Vec<Arc<Subject>> = site
        .articles
        .par_iter()
        .map(|a| subject(&a.doc, true))
        .collect();
    let pages: Vec<Arc<Subject>> = site.pages.par_iter().map(|p| subject(p, false)).collect();
    if cache.enabled {
        let docs = site.articles.iter().map(|a| (&a.doc, true));
        let docs = docs.chain(site.pages.iter().map(|p| (p, false)));
        let made = articles.iter().chain(&pages);
        cache.kept = docs
            .zip(made)
            .map(|((d, article), s)| {
                let key = (Arc::as_ptr(d) as usize, article);
                (key, (Arc::clone(d), Arc::clone(s)))
            })
            .collect();
    }
    let faq_file = site
        .faq_source
        .as_ref()
        .map(|s| s.rel.clone())
        .unwrap_or_default();
    Subjects {
        articles,
        pages,
        faq: site
            .faq
            .par_iter()
            .map(|f| {
                Arc::new(Subject {
                    title: f.entry.question.clone(),
                    file: faq_file.clone(),
                    line: f.entry.first_line,
                    path: paths::faq_entry(&f.entry.id),
                    has_description: true,
                })
            })
            .collect(),
    }
}

/// An article's or page's subject, at site path `path`.
fn document(doc: &Document, path: String) -> Subject {
    Subject {
        title: doc.front.title.clone(),
        file: doc.source.rel.clone(),
        line: 1,
        path,
        has_description: doc
            .front
            .description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty()),
    }
}
