//! The context values many pages share: the `site` value and every topic, made once per
//! build; every article's summary and every FAQ entry, each made the first time a page that
//! shows it is rendered (a preview rebuild that renders one article page makes a handful of
//! them, not thousands).

use std::sync::{Arc, OnceLock};

use super::context::{
    ArticleSummary, BrandCtx, DateCtx, FaqEntryCtx, Link, ReviewCtx, SiteCtx, SourceCtx,
    TopicSummary,
};
use crate::analyze::Analysis;
use crate::render::{Markdown, paths};
use crate::site::{Site, TrustFrom};

/// Pieces shared by many pages.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub md: &'a Markdown<'a>,
    /// The analysis stage's results, indexed like the site's lists.
    pub analysis: &'a Analysis,
    pub site_ctx: SiteCtx<'a>,
    /// Indexed like `site.topics`.
    pub topics: Vec<TopicSummary>,
    /// Indexed like `site.articles`, made on first use ([`Self::summary`]).
    summaries: Vec<OnceLock<ArticleSummary>>,
    /// Indexed like `site.faq`, made on first use ([`Self::faq_entry`]).
    faq: Vec<OnceLock<FaqEntryCtx>>,
}

impl<'a> Shared<'a> {
    /// The shared pieces of `site`.
    pub fn new(site: &'a Site, md: &'a Markdown<'a>, analysis: &'a Analysis) -> Self {
        Shared {
            site,
            md,
            analysis,
            site_ctx: site_ctx(site, md),
            topics: topic_summaries(site, md),
            summaries: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            faq: (0..site.faq.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// `site_path` as a link (with the `base_url` path).
    pub fn link(&self, site_path: &str) -> String {
        self.site.config.urls.link(site_path)
    }

    /// Links to the topics `idx`.
    pub fn topic_links(&self, idx: &[usize]) -> Vec<Link> {
        idx.iter()
            .map(|&t| Link {
                title: self.topics[t].title.clone(),
                url: self.topics[t].url.clone(),
            })
            .collect()
    }

    /// The review of item `i` of one of the analysis's lists.
    pub fn review_of(&self, items: &[Arc<crate::analyze::Item>], i: usize) -> ReviewCtx {
        items
            .get(i)
            .map(|item| ReviewCtx::from(&item.review))
            .unwrap_or(ReviewCtx {
                reviewed: false,
                reviewed_on: None,
                reviewed_by: None,
                next_review: None,
                overdue: false,
            })
    }

    /// Article `i`'s summary.
    pub fn summary(&self, i: usize) -> &ArticleSummary {
        self.summaries[i].get_or_init(|| {
            let a = &self.site.articles[i];
            ArticleSummary {
                topics: self.topic_links(&a.topics),
                ..ArticleSummary::of(&a.doc, self.link(&paths::article(&a.doc.slug)))
            }
        })
    }

    /// The summaries of the articles `idx`, in that order.
    pub fn summaries_at(&self, idx: &[usize]) -> Vec<&ArticleSummary> {
        idx.iter().map(|&i| self.summary(i)).collect()
    }

    /// FAQ entry `i`.
    pub fn faq_entry(&self, i: usize) -> &FaqEntryCtx {
        self.faq[i].get_or_init(|| self.make_faq_entry(i))
    }

    /// The FAQ entries `idx`, in that order.
    pub fn faq_entries_at(&self, idx: &[usize]) -> Vec<&FaqEntryCtx> {
        idx.iter().map(|&i| self.faq_entry(i)).collect()
    }

    fn make_faq_entry(&self, i: usize) -> FaqEntryCtx {
        let f = &self.site.faq[i];
        FaqEntryCtx {
            id: f.entry.id.clone(),
            question: f.entry.question.clone(),
            answer: self
                .md
                .faq
                .get(i)
                .map(|p| p.rendered.html.clone())
                .unwrap_or_default(),
            url: self.link(&paths::faq_entry(&f.entry.id)),
            topics: self.topic_links(&f.topics),
            related: f
                .related
                .iter()
                .map(|&a| {
                    let summary = self.summary(a);
                    Link {
                        title: summary.title.clone(),
                        url: summary.url.clone(),
                    }
                })
                .collect(),
            reviewed_on: f.entry.reviewed_on.as_ref().map(DateCtx::from),
            review: self.review_of(&self.analysis.faq, i),
            sources: f.entry.sources.iter().map(SourceCtx::from).collect(),
            extra: f.entry.extra.clone(),
        }
    }
}

fn topic_summaries(site: &Site, md: &Markdown) -> Vec<TopicSummary> {
    let urls = &site.config.urls;
    site.topics
        .iter()
        .enumerate()
        .map(|(i, t)| TopicSummary {
            slug: t.slug.clone(),
            title: t.title.clone(),
            description: md
                .topics
                .get(i)
                .and_then(|p| p.as_ref())
                .map(|p| p.rendered.html.clone()),
            url: urls.link(&paths::topic(&t.slug)),
            article_count: t.articles.len(),
            faq_count: t.faq.len(),
            extra: t.extra.clone(),
        })
        .collect()
}

fn site_ctx<'a>(site: &'a Site, md: &Markdown) -> SiteCtx<'a> {
    let urls = &site.config.urls;
    SiteCtx {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        base_path: &urls.base_path,
        base_url: urls.absolute("/"),
        disclaimer: md
            .disclaimer
            .as_ref()
            .map(|p| p.rendered.html.clone())
            .unwrap_or_default(),
        home_url: urls.link(paths::HOME),
        articles_url: urls.link(paths::ARTICLES),
        topics_url: urls.link(paths::TOPICS),
        faq_url: urls.link(paths::FAQ),
        search_url: urls.link(paths::SEARCH),
        faq_title: &site.faq_title,
        glossary_url: site.glossary.as_ref().map(|_| urls.link(paths::GLOSSARY)),
        pages: footer_links(site),
        extra: &site.config.extra,
        feed_url: crate::render::feed::exists(site)
            .then(|| urls.link(&format!("/{}", crate::render::feed::FILE))),
        brand: brand_ctx(site),
    }
}

/// The favicon, logo and accent stylesheet links.
fn brand_ctx(site: &Site) -> BrandCtx {
    let urls = &site.config.urls;
    let branding = &site.config.branding;
    let brand_css = crate::render::brand::render(branding).is_some();
    BrandCtx {
        favicon: urls.link(&format!("/{}", branding.favicon)),
        favicon_type: branding.favicon_type(),
        logo: branding.logo.as_ref().map(|l| urls.link(&format!("/{l}"))),
        stylesheet: brand_css.then(|| urls.link(&format!("/{}", crate::render::brand::FILE))),
    }
}

/// The footer's links: the trust pages the site has, in their order (a standalone page that
/// is one of them is listed there, with its own title), then the other standalone pages.
fn footer_links(site: &Site) -> Vec<Link> {
    let urls = &site.config.urls;
    let page_link = |i: usize| Link {
        title: site.pages[i].front.title.clone(),
        url: urls.link(&paths::page(&site.pages[i].slug)),
    };
    let mut links: Vec<Link> = site
        .trust_pages
        .iter()
        .map(|t| match t.from {
            TrustFrom::Page(i) => page_link(i),
            TrustFrom::Settings => Link {
                title: t.page.title.to_owned(),
                url: urls.link(&paths::page(t.page.slug)),
            },
        })
        .collect();
    let is_trust = |i: usize| {
        site.trust_pages
            .iter()
            .any(|t| t.from == TrustFrom::Page(i))
    };
    links.extend(
        (0..site.pages.len())
            .filter(|&i| !is_trust(i))
            .map(page_link),
    );
    links
}
