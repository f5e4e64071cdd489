//! What each analysed item is, for lists of them (the report): its title, the file and line
//! it is written at, and its address on the site. Indexed like [`super::Analysis`].

use rayon::prelude::*;

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

/// Every item of the site, indexed like the analysis's lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    pub articles: Vec<Subject>,
    pub pages: Vec<Subject>,
    pub faq: Vec<Subject>,
}

/// The subjects of `site`.
pub fn of(site: &Site) -> Subjects {
    let document = |doc: &crate::content::Document, path: String| Subject {
        title: doc.front.title.clone(),
        file: doc.source.rel.clone(),
        line: 1,
        path,
        has_description: doc
            .front
            .description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty()),
    };
    let faq_file = site
        .faq_source
        .as_ref()
        .map(|s| s.rel.clone())
        .unwrap_or_default();
    Subjects {
        articles: site
            .articles
            .par_iter()
            .map(|a| document(&a.doc, paths::article(&a.doc.slug)))
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| document(p, paths::page(&p.slug)))
            .collect(),
        faq: site
            .faq
            .par_iter()
            .map(|f| Subject {
                title: f.entry.question.clone(),
                file: faq_file.clone(),
                line: f.entry.first_line,
                path: paths::faq_entry(&f.entry.id),
                has_description: true,
            })
            .collect(),
    }
}
