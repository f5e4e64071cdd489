//! The context values many pages share, made once per build: every article's summary, every
//! topic, every FAQ entry and the `site` value; with each summary's and entry's fingerprint
//! when pages are cached, so a page listing hundreds of them is fingerprinted from those.

use rayon::prelude::*;

use super::context::{
    ArticleSummary, BrandCtx, DateCtx, FaqEntryCtx, Link, ReviewCtx, SiteCtx, SourceCtx,
    TopicSummary,
};
use crate::analyze::Analysis;
use crate::render::{Markdown, paths};
use crate::site::{Site, TrustFrom};

/// Precomputed pieces shared by many pages.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub md: &'a Markdown<'a>,
    /// The analysis stage's results, indexed like the site's lists.
    pub analysis: &'a Analysis,
    pub site_ctx: SiteCtx<'a>,
    /// Indexed like `site.articles`.
    pub summaries: Vec<ArticleSummary>,
    /// Indexed like `site.topics`.
    pub topics: Vec<TopicSummary>,
    /// Indexed like `site.faq`.
    pub faq: Vec<FaqEntryCtx>,
    /// Fingerprints of `summaries` and `faq` (empty when pages are not fingerprinted).
    pub summary_fps: Vec<u128>,
    pub faq_fps: Vec<u128>,
}

impl<'a> Shared<'a> {
    /// The shared pieces of `site`; with `fingerprints`, their fingerprints too.
    pub fn new(
        site: &'a Site,
        md: &'a Markdown<'a>,
        analysis: &'a Analysis,
        fingerprints: bool,
    ) -> Self {
        let mut shared = Shared {
            site,
            md,
            analysis,
            site_ctx: site_ctx(site, md),
            summaries: Vec::new(),
            topics: topic_summaries(site, md),
            faq: Vec::new(),
            summary_fps: Vec::new(),
            faq_fps: Vec::new(),
        };
        shared.summaries = shared.article_summaries();
        shared.faq = shared.faq_entries();
        if fingerprints {
            let of = crate::fingerprint::of::<ArticleSummary>;
            shared.summary_fps = shared.summaries.par_iter().map(of).collect();
            let of = crate::fingerprint::of::<FaqEntryCtx>;
            shared.faq_fps = shared.faq.par_iter().map(of).collect();
        }
        shared
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
    pub fn review_of(&self, items: &[crate::analyze::Item], i: usize) -> ReviewCtx {
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

    /// The FAQ entries `idx`.
    pub fn faq_entries_at(&self, idx: &[usize]) -> Vec<&FaqEntryCtx> {
        idx.iter().map(|&i| &self.faq[i]).collect()
    }

    fn article_summaries(&self) -> Vec<ArticleSummary> {
        self.site
            .articles
            .iter()
            .map(|a| ArticleSummary {
                topics: self.topic_links(&a.topics),
                ..ArticleSummary::of(&a.doc, self.link(&paths::article(&a.doc.slug)))
            })
            .collect()
    }

    /// Needs `summaries` (for related articles' titles).
    fn faq_entries(&self) -> Vec<FaqEntryCtx> {
        let site = self.site;
        site.faq
            .iter()
            .enumerate()
            .map(|(i, f)| FaqEntryCtx {
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
                    .map(|&a| Link {
                        title: self.summaries[a].title.clone(),
                        url: self.summaries[a].url.clone(),
                    })
                    .collect(),
                reviewed_on: f.entry.reviewed_on.as_ref().map(DateCtx::from),
                review: self.review_of(&self.analysis.faq, i),
                sources: f.entry.sources.iter().map(SourceCtx::from).collect(),
                extra: f.entry.extra.clone(),
            })
            .collect()
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
