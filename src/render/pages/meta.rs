//! Each page's breadcrumb trail and structured data, made once per page and handed to
//! templates as `breadcrumbs` (links) and `structured_data` (JSON-LD text, built from the
//! same trail). Which trail and which kind of node a page gets is decided here; the trail's
//! steps come from [`crate::render::breadcrumbs`] and the nodes from
//! [`crate::render::structured`].

use super::context::Link;
use super::jobs::{Job, PageCtx};
use super::shared::Shared;
use crate::analyze::Review;
use crate::render::breadcrumbs::{
    self, ARTICLES_TITLE, Crumb, GLOSSARY_TITLE, Section, TOPICS_TITLE,
};
use crate::render::paths;
use crate::render::structured::{ArticleFacts, FaqFacts, Graph, JsonLd, PageFacts};
use crate::site::Site;

/// The review of an item the analysis has no entry for (none: it is never claimed).
const UNREVIEWED: Review = Review {
    reviewed_on: None,
    reviewed_by: None,
    next_review: None,
    overdue: false,
};

/// Inserts `breadcrumbs` and `structured_data` for `job`'s page into `c`.
pub fn insert<C: PageCtx>(job: Job, shared: &Shared, c: &mut C) {
    let site = shared.site;
    let config = &site.config;
    let path = job.path(site);
    let trail = trail(job, site, &path);
    let links: Vec<Link> = trail
        .iter()
        .map(|c| Link {
            title: c.title.clone(),
            url: config.urls.link(&c.path),
        })
        .collect();
    c.insert("breadcrumbs", &links);
    let graph = Graph {
        urls: &config.urls,
        language: &config.language,
        health: &config.health,
    };
    let doc = json_ld(job, shared, &graph, &path, &trail);
    c.insert_json_ld("structured_data", doc.as_ref());
}

/// The page's trail from the home page, ending with the page (empty for the home page, and
/// for the not-found page, which stands in for every missing address: it is nowhere).
fn trail(job: Job, site: &Site, path: &str) -> Vec<Crumb> {
    match job {
        Job::Home | Job::NotFound => Vec::new(),
        Job::Articles => breadcrumbs::section_index(Section::Articles),
        Job::Topics => breadcrumbs::section_index(Section::Topics),
        Job::Topic(i) => breadcrumbs::trail(Some(Section::Topics), &site.topics[i].title, path),
        Job::Faq => breadcrumbs::trail(None, &site.faq_title, path),
        Job::Search => breadcrumbs::trail(None, super::jobs::SEARCH_TITLE, path),
        Job::Glossary => breadcrumbs::trail(None, GLOSSARY_TITLE, path),
        Job::Article(i) => {
            let title = &site.articles[i].doc.front.title;
            breadcrumbs::trail(Some(Section::Articles), title, path)
        }
        Job::Page(i) => breadcrumbs::trail(None, &site.pages[i].front.title, path),
        Job::Trust(i) => breadcrumbs::trail(None, site.trust_pages[i].page.title, path),
    }
}

/// The page's structured data (none for the not-found page).
fn json_ld<'a>(
    job: Job,
    shared: &'a Shared,
    graph: &Graph<'a>,
    path: &'a str,
    trail: &'a [Crumb],
) -> Option<JsonLd<'a>> {
    let site = shared.site;
    let page = |title: &'a str, description: Option<&'a str>| PageFacts {
        title,
        description,
        path,
        trail,
    };
    Some(match job {
        Job::Home => {
            let config = &site.config;
            graph.home(&page(&config.title, Some(&config.description)))
        }
        Job::Articles => graph.collection(&page(ARTICLES_TITLE, None)),
        Job::Topics => graph.collection(&page(TOPICS_TITLE, None)),
        Job::Glossary => graph.web_page(&page(GLOSSARY_TITLE, None), None, None),
        Job::Topic(i) => graph.collection(&page(&site.topics[i].title, None)),
        Job::Faq => {
            // Each answer as the page shows it, less the definitions of its glossary words.
            let entries = (0..site.faq.len()).map(|i| (i, shared.faq_entry(i)));
            let entries = entries.map(|(i, f)| FaqFacts {
                question: &f.question,
                answer_html: shared
                    .md
                    .faq
                    .get(i)
                    .map_or(&f.answer, |p| p.rendered.unmarked()),
            });
            graph.faq(&page(&site.faq_title, None), entries)
        }
        Job::Article(i) => {
            let front = &site.articles[i].doc.front;
            let facts = article(shared, i);
            graph.article(&page(&front.title, front.description.as_deref()), &facts)
        }
        Job::Page(i) => {
            let front = &site.pages[i].front;
            let page = page(&front.title, front.description.as_deref());
            graph.web_page(&page, front.date, front.updated)
        }
        Job::Trust(i) => graph.web_page(&page(site.trust_pages[i].page.title, None), None, None),
        Job::Search => graph.web_page(&page(super::jobs::SEARCH_TITLE, None), None, None),
        Job::NotFound => return None,
    })
}

/// What article `i`'s `MedicalWebPage` says beyond its title and description.
fn article<'a>(shared: &'a Shared, i: usize) -> ArticleFacts<'a> {
    let site = shared.site;
    let a = &site.articles[i];
    let front = &a.doc.front;
    ArticleFacts {
        published: front.date,
        updated: front.updated,
        review: shared
            .analysis
            .articles
            .get(i)
            .map_or(&UNREVIEWED, |item| &item.review),
        author: front.author.as_deref(),
        topics: a
            .topics
            .iter()
            .map(|&t| {
                (
                    site.topics[t].title.as_str(),
                    paths::topic(&site.topics[t].slug),
                )
            })
            .collect(),
        sources: &front.sources,
    }
}
