//! What search finds: every article, every standalone page (those of `content/pages/` and
//! the trust pages written in `site.yaml`) and each FAQ entry on its own, linking to its
//! anchor on the FAQ page. Each comes with the parts of its text that weigh differently in
//! ranking (title, description, headings, body).

use std::sync::Arc;

use crate::render::{Markdown, Rendered, paths};
use crate::site::{Article, Site, TrustFrom};

/// What kind of page a document is, as results name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Page,
    Question,
}

impl Kind {
    /// The kind as results show it (and as the word files name it).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "Article",
            Kind::Page => "Page",
            Kind::Question => "Question",
        }
    }
}

/// What one searchable document is made from, borrowed from the site and its markdown.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub kind: Kind,
    /// The title, or the FAQ entry's question.
    pub title: &'a str,
    /// The description from the front matter; empty when there is none.
    pub description: &'a str,
    /// The body: its HTML (read as plain text) and its headings (weighed above the text).
    pub rendered: &'a Arc<Rendered>,
    /// Its site path (`/articles/x/`, `/faq/#id`).
    pub address: paths::Parts<'a>,
}

/// Article `article`'s document, its body `rendered`.
pub fn of_article<'a>(article: &'a Article, rendered: &'a Arc<Rendered>) -> Source<'a> {
    let front = &article.doc.front;
    Source {
        kind: Kind::Article,
        title: &front.title,
        description: front.description.as_deref().unwrap_or(""),
        rendered,
        address: paths::article_parts(&article.doc.slug),
    }
}

/// For tests: an article titled `title` (its slug too), with no description.
#[cfg(test)]
pub fn test_article<'a>(title: &'a str, rendered: &'a Arc<Rendered>) -> Source<'a> {
    Source {
        kind: Kind::Article,
        title,
        description: "",
        rendered,
        address: paths::article_parts(title),
    }
}

/// Every searchable document of `site`, in a fixed order: articles,
/// standalone pages, trust pages written in `site.yaml`, FAQ entries.
pub fn sources<'a>(site: &'a Site, md: &'a Markdown) -> Vec<Source<'a>> {
    let articles = site.articles.iter().zip(&md.articles);
    let mut out: Vec<Source> = articles
        .map(|(article, piece)| of_article(article, &piece.rendered))
        .collect();
    out.extend(others(site, md));
    out
}

/// [`sources`] of a site whose articles were read already (`md` has none of their
/// bodies): each article's stands for it in the index but has `no_body`.
pub fn sources_read_but_articles<'a>(
    site: &'a Site,
    md: &'a Markdown,
    no_body: &'a Arc<Rendered>,
) -> Vec<Source<'a>> {
    let mut out: Vec<Source> = (site.articles.iter())
        .map(|article| of_article(article, no_body))
        .collect();
    out.extend(others(site, md));
    out
}

/// The documents after the articles, in order: standalone pages, trust pages written in
/// `site.yaml`, FAQ entries.
fn others<'a>(site: &'a Site, md: &'a Markdown) -> Vec<Source<'a>> {
    let source = |kind, title, description: Option<&'a String>, rendered, address| Source {
        kind,
        title,
        description: description.map_or("", String::as_str),
        rendered,
        address,
    };
    let mut out = Vec::new();
    for (page, piece) in site.pages.iter().zip(&md.pages) {
        let front = &page.front;
        out.push(source(
            Kind::Page,
            &front.title,
            front.description.as_ref(),
            &piece.rendered,
            paths::page_parts(&page.slug),
        ));
    }
    for (item, piece) in site.trust_pages.iter().zip(&md.trust) {
        if let (TrustFrom::Settings, Some(piece)) = (item.from, piece) {
            let address = paths::page_parts(item.page.slug);
            out.push(source(
                Kind::Page,
                item.page.title,
                None,
                &piece.rendered,
                address,
            ));
        }
    }
    for (item, piece) in site.faq.iter().zip(&md.faq) {
        let address = paths::faq_entry_parts(&item.entry.id);
        out.push(source(
            Kind::Question,
            &item.entry.question,
            None,
            &piece.rendered,
            address,
        ));
    }
    out
}
