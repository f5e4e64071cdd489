//! Each page's breadcrumb trail and structured data, made once from the trail and handed to
//! templates as `breadcrumbs` (links) and `structured_data` (JSON-LD text). Which trail and
//! which kind of node a page gets is decided here; the trail's steps come from
//! [`crate::render::breadcrumbs`] and the JSON-LD from [`crate::render::structured`].

use super::context::Link;
use super::jobs::{Job, PageCtx};
use super::shared::Shared;
use crate::analyze::Review;
use crate::render::breadcrumbs::{self, ARTICLES_TITLE, Crumb, Section, TOPICS_TITLE};
use crate::render::paths;
use crate::render::structured::{ArticleFacts, FaqFacts, Graph, PageFacts};

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
    let graph = Graph {
        urls: &config.urls,
        language: &config.language,
        health: &config.health,
    };
    let path = job.path(site);
    let (trail, data) = match job {
        Job::Home => {
            let page = facts(&config.title, Some(&config.description), &path, &[]);
            (Vec::new(), graph.home(&page))
        }
        Job::Articles => section(&graph, Section::Articles, ARTICLES_TITLE, &path),
        Job::Topics => section(&graph, Section::Topics, TOPICS_TITLE, &path),
        Job::Topic(i) => {
            let trail = breadcrumbs::trail(Some(Section::Topics), &site.topics[i].title, &path);
            let data = graph.collection(&facts(&site.topics[i].title, None, &path, &trail));
            (trail, data)
        }
        Job::Faq => {
            let trail = breadcrumbs::trail(None, &site.faq_title, &path);
            let entries = shared.faq.iter().map(|f| FaqFacts {
                question: &f.question,
                answer_html: &f.answer,
            });
            let data = graph.faq(&facts(&site.faq_title, None, &path, &trail), entries);
            (trail, data)
        }
        Job::Article(i) => article(&graph, shared, i, &path),
        Job::Page(i) => {
            let front = &site.pages[i].front;
            let trail = breadcrumbs::trail(None, &front.title, &path);
            let page = facts(&front.title, front.description.as_deref(), &path, &trail);
            let data = graph.web_page(&page, front.date, front.updated);
            (trail, data)
        }
        // The not-found page stands in for every missing address: it is nowhere in the site.
        Job::NotFound => (Vec::new(), String::new()),
    };
    let links: Vec<Link> = trail
        .iter()
        .map(|c| Link {
            title: c.title.clone(),
            url: config.urls.link(&c.path),
        })
        .collect();
    c.insert("breadcrumbs", &links);
    c.insert("structured_data", &data);
}

fn facts<'a>(
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    trail: &'a [Crumb],
) -> PageFacts<'a> {
    PageFacts {
        title,
        description,
        path,
        trail,
    }
}

/// A section's index page (Home › Articles).
fn section(graph: &Graph, section: Section, title: &str, path: &str) -> (Vec<Crumb>, String) {
    let trail = breadcrumbs::section_index(section);
    let data = graph.collection(&facts(title, None, path, &trail));
    (trail, data)
}

/// Article `i`: Home › Articles › title, and its `MedicalWebPage`.
fn article(graph: &Graph, shared: &Shared, i: usize, path: &str) -> (Vec<Crumb>, String) {
    let site = shared.site;
    let a = &site.articles[i];
    let front = &a.doc.front;
    let trail = breadcrumbs::trail(Some(Section::Articles), &front.title, path);
    let page = facts(&front.title, front.description.as_deref(), path, &trail);
    let article = ArticleFacts {
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
    };
    let data = graph.article(&page, &article);
    (trail, data)
}
