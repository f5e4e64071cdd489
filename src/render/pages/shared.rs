//! The context values many pages share: the `site` value and every topic, made once per
//! build; every article's summary and every FAQ entry, each made the first time a page that
//! shows it is rendered (a preview rebuild that renders one article page makes a handful of
//! them, not thousands).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tera::value::Key;

use super::context::{
    ArticleCtx, ArticleSummary, BodyCtx, BrandCtx, DateCtx, FaqEntryCtx, Link, ReviewCtx, SiteCtx,
    SourceCtx, TopicSummary,
};
use crate::analyze::Analysis;
use crate::content::date::Date;
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
    /// The same as template values, made on first use ([`Self::summary_list`]).
    summary_values: Vec<OnceLock<tera::Value>>,
    /// Each topic as a link value, which every summary of an article on it shares.
    topic_values: Vec<tera::Value>,
    /// Each date an article was written or reviewed on, as a value its summaries share,
    /// made the first time a summary shows it (a preview rebuild that renders one article
    /// page shows a few of a large site's thousands).
    dates: HashMap<Date, OnceLock<tera::Value>>,
    /// Indexed like `site.faq`, made on first use ([`Self::faq_entry`]).
    faq: Vec<OnceLock<FaqEntryCtx>>,
    /// The same as template values, made on first use ([`Self::faq_entry_list`]).
    faq_values: Vec<OnceLock<tera::Value>>,
}

impl<'a> Shared<'a> {
    /// The shared pieces of `site`.
    pub fn new(site: &'a Site, md: &'a Markdown<'a>, analysis: &'a Analysis) -> Self {
        let topics = topic_summaries(site, md);
        let topic_values = topics
            .iter()
            .map(|t| tera::Value::from_serializable(&link_to(t)))
            .collect();
        Shared {
            site,
            md,
            analysis,
            site_ctx: site_ctx(site, md),
            dates: article_dates(site),
            topics,
            summaries: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            summary_values: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            topic_values,
            faq: (0..site.faq.len()).map(|_| OnceLock::new()).collect(),
            faq_values: (0..site.faq.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// `site_path` as a link (with the `base_url` path).
    pub fn link(&self, site_path: &str) -> String {
        self.site.config.urls.link(site_path)
    }

    /// Links to the topics `idx`.
    pub fn topic_links(&self, idx: &[usize]) -> Vec<Link> {
        idx.iter().map(|&t| link_to(&self.topics[t])).collect()
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
        self.summaries[i].get_or_init(|| self.make_summary(i))
    }

    /// Article `i`'s summary, for one use: kept only if it was made already (a large
    /// site's pages would otherwise keep every summary twice, here and as a value).
    pub fn summary_once(&self, i: usize) -> ArticleSummary {
        match self.summaries[i].get() {
            Some(kept) => kept.clone(),
            None => self.make_summary(i),
        }
    }

    fn make_summary(&self, i: usize) -> ArticleSummary {
        ArticleSummary {
            topics: self.topic_links(&self.site.articles[i].topics),
            ..self.summary_without_topics(i)
        }
    }

    fn summary_without_topics(&self, i: usize) -> ArticleSummary {
        let doc = &self.site.articles[i].doc;
        ArticleSummary::of(doc, self.link(&paths::article(&doc.slug)))
    }

    /// The summaries of the articles `idx`, in that order, as one template value. Each
    /// summary becomes a value once and every list it is on shares that value (the
    /// articles index of a large site lists thousands).
    pub fn summary_list(&self, idx: &[usize]) -> tera::Value {
        let values: Vec<tera::Value> = idx.iter().map(|&i| self.summary_value(i)).collect();
        tera::Value::from(values)
    }

    /// Article `i`'s page value (`article`): its summary's value as [`Self::summary_value`]
    /// makes it (not kept: most articles' pages are made before any list shows them, and
    /// a large site's summaries would all be held at once), with the fields of `body`
    /// added beside them; what serialising the whole [`ArticleCtx`] makes.
    pub fn summary_with(&self, i: usize, body: BodyCtx) -> tera::Value {
        let summary = match self.summary_values[i].get() {
            Some(kept) => kept.clone().into_map(),
            None => self.summary_map(i),
        };
        let more = tera::Value::from_serializable(&body).into_map();
        let (Some(mut map), Some(more)) = (summary, more) else {
            // Both are structs, so maps: not reached.
            let summary = self.summary_once(i);
            return tera::Value::from_serializable(&ArticleCtx { summary, body });
        };
        map.extend(more);
        tera::Value::from(map)
    }

    /// Article `i`'s summary as a template value: what serialising [`Self::summary`]
    /// makes, its topic links and dates shared with the other summaries.
    fn summary_value(&self, i: usize) -> tera::Value {
        let made = self.summary_values[i].get_or_init(|| match self.summary_map(i) {
            Some(map) => tera::Value::from(map),
            None => tera::Value::from_serializable(&self.summary_once(i)),
        });
        made.clone()
    }

    /// [`Self::summary_value`]'s map, made anew (none only if a summary were not a map).
    fn summary_map(&self, i: usize) -> Option<tera::value::Map> {
        let bare = ArticleSummary {
            date: None,
            reviewed_on: None,
            ..self.summary_without_topics(i)
        };
        let mut map = tera::Value::from_serializable(&bare).into_map()?;
        let a = &self.site.articles[i];
        let links: Vec<tera::Value> = a
            .topics
            .iter()
            .map(|&t| self.topic_values[t].clone())
            .collect();
        map.insert(Key::Str("topics"), tera::Value::from(links));
        let date = |d: Option<&Date>| {
            let d = d?;
            let cell = self.dates.get(d)?;
            let value = cell.get_or_init(|| tera::Value::from_serializable(&DateCtx::from(d)));
            Some(value.clone())
        };
        map.insert(
            Key::Str("date"),
            tera::Value::from(date(a.doc.front.date.as_ref())),
        );
        let reviewed = date(a.doc.front.reviewed_on.as_ref());
        map.insert(Key::Str("reviewed_on"), tera::Value::from(reviewed));
        Some(map)
    }

    /// FAQ entry `i`.
    pub fn faq_entry(&self, i: usize) -> &FaqEntryCtx {
        self.faq[i].get_or_init(|| self.make_faq_entry(i))
    }

    /// The FAQ entries `idx`, in that order.
    pub fn faq_entries_at(&self, idx: &[usize]) -> Vec<&FaqEntryCtx> {
        idx.iter().map(|&i| self.faq_entry(i)).collect()
    }

    /// The FAQ entries `idx`, in that order, as one template value: each entry becomes a
    /// value once, shared by every page that shows it (each article shows its related
    /// questions, answers and all).
    pub fn faq_entry_list(&self, idx: &[usize]) -> tera::Value {
        let value = |i: usize| {
            self.faq_values[i]
                .get_or_init(|| tera::Value::from_serializable(self.faq_entry(i)))
                .clone()
        };
        tera::Value::from(idx.iter().map(|&i| value(i)).collect::<Vec<_>>())
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

/// Each date an article was written or reviewed on, its value not made yet (many articles
/// share a date: each becomes a value once).
fn article_dates(site: &Site) -> HashMap<Date, OnceLock<tera::Value>> {
    let fronts = site.articles.iter().map(|a| &a.doc.front);
    fronts
        .flat_map(|front| front.date.iter().chain(&front.reviewed_on))
        .map(|d| (*d, OnceLock::new()))
        .collect()
}

/// A link to topic `t`.
fn link_to(t: &TopicSummary) -> Link {
    Link {
        title: t.title.clone(),
        url: t.url.clone(),
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

#[cfg(test)]
mod tests {
    use super::super::tests::model;
    use super::*;
    use crate::render::{MarkdownCache, render_markdown};

    #[test]
    fn shared_values_are_what_serialising_each_summary_and_entry_makes() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("made");
            std::fs::write(path, text).expect("written");
        };
        write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\ndescription: D\n",
        );
        write(
            "content/articles/a.md",
            "---\ntitle: A\ndescription: About A.\ntopics: [pain, sleep]\ndate: 2026-01-02\n\
             reviewed_on: 2026-02-03\nreviewed_by: Dr B\n---\nText.\n",
        );
        write(
            "content/articles/b.md",
            "---\ntitle: B\ntopics: [sleep]\ndate: 2026-01-02\n---\nText.\n",
        );
        write("content/articles/c.md", "---\ntitle: C\n---\nText.\n");
        write(
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: An answer with *some* words.\n    \
             topics: [sleep]\n    related: [a]\n",
        );
        let site = model(dir.path());
        let md = render_markdown(&site, None, &mut MarkdownCache::default());
        let analysis = Analysis::default();
        let shared = Shared::new(&site, &md, &analysis);
        let all: Vec<usize> = (0..site.articles.len()).collect();
        assert_eq!(all.len(), 3);
        assert!(
            site.articles
                .iter()
                .any(|a| a.doc.front.reviewed_on.is_some()
                    && a.doc.front.date.is_some()
                    && a.topics.len() > 1),
            "some article has every part a summary value shares"
        );
        // An article's page value, before and after its summary's value is kept.
        let page_values_are_serialised_contexts = |kept: bool| {
            for &i in &all {
                let body = || {
                    let review = shared.review_of(&analysis.articles, i);
                    super::super::jobs::body_ctx(
                        Some(&site.articles[i].doc),
                        &md.articles[i].rendered,
                        review,
                    )
                };
                let whole = ArticleCtx {
                    summary: shared.summary_once(i),
                    body: body(),
                };
                assert_eq!(shared.summary_values[i].get().is_some(), kept);
                assert_eq!(
                    shared.summary_with(i, body()),
                    tera::Value::from_serializable(&whole),
                    "article {i}"
                );
            }
        };
        page_values_are_serialised_contexts(false);
        let serialised: Vec<tera::Value> = all
            .iter()
            .map(|&i| tera::Value::from_serializable(shared.summary(i)))
            .collect();
        assert_eq!(shared.summary_list(&all), tera::Value::from(serialised));
        page_values_are_serialised_contexts(true);
        let faq: Vec<usize> = (0..site.faq.len()).collect();
        assert!(!faq.is_empty());
        let entries = faq
            .iter()
            .map(|&i| tera::Value::from_serializable(shared.faq_entry(i)));
        assert_eq!(
            shared.faq_entry_list(&faq),
            tera::Value::from(entries.collect::<Vec<_>>())
        );
    }
}
