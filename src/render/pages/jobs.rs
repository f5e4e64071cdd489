//! The site's pages as jobs: the list of every page, and for each its path, its template
//! and the context it is rendered with (the keys [`super::context`] lists).
//!
//! A job writes its context into a [`PageCtx`] (Tera's context). What each page is made
//! from, which tells whether it needs rendering at all, is listed beside this in
//! [`super::keys`]: a value added to a page's context here must be added to its key there.

use serde::Serialize;

use super::context::{
    ArticleCtx, ArticleSummary, BodyCtx, DateCtx, FaqCtx, FaqGroup, GlossaryEntryCtx, ReviewCtx,
    SourceCtx, TopicSummary,
};
use super::shared::Shared;
use crate::config::UrlScheme;
use crate::content::Document;
use crate::render::breadcrumbs::{ARTICLES_TITLE, GLOSSARY_TITLE, TOPICS_TITLE};
use crate::render::structured::{JsonLd, script_text};
use crate::render::{Piece, Rendered, paths, toc};
use crate::site::{Site, TrustFrom};

/// Where a page's context goes.
pub trait PageCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Inserts a value made for templates already (shared, not copied).
    fn insert_value(&mut self, key: &'static str, value: tera::Value);

    /// Inserts a page's structured data as the text of its script (empty when it has none).
    fn insert_json_ld(&mut self, key: &'static str, doc: Option<&JsonLd>) {
        let text = doc.map(script_text).unwrap_or_default();
        self.insert(key, &text);
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Articles,
    Topics,
    Faq,
    /// The glossary page (only when the site has `glossary.yaml`).
    Glossary,
    NotFound,
    /// The search page (the index itself is written beside the pages).
    Search,
    Topic(usize),
    Article(usize),
    Page(usize),
    /// A trust page written in `site.yaml` (an index into `site.trust_pages`).
    Trust(usize),
}

impl Job {
    /// Every page of the site.
    pub fn all(site: &Site) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Articles,
            Job::Topics,
            Job::Faq,
            Job::NotFound,
            Job::Search,
        ];
        if site.glossary.is_some() {
            jobs.push(Job::Glossary);
        }
        jobs.extend((0..site.topics.len()).map(Job::Topic));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.extend((0..site.pages.len()).map(Job::Page));
        let from_settings = |i: &usize| site.trust_pages[*i].from == TrustFrom::Settings;
        jobs.extend(
            (0..site.trust_pages.len())
                .filter(from_settings)
                .map(Job::Trust),
        );
        jobs
    }

    /// The site path of the page.
    pub fn path(self, site: &Site) -> String {
        match self {
            Job::Home => paths::HOME.to_owned(),
            Job::Articles => paths::ARTICLES.to_owned(),
            Job::Topics => paths::TOPICS.to_owned(),
            Job::Faq => paths::FAQ.to_owned(),
            Job::Glossary => paths::GLOSSARY.to_owned(),
            Job::NotFound => paths::NOT_FOUND.to_owned(),
            Job::Search => paths::SEARCH.to_owned(),
            Job::Topic(i) => paths::topic(&site.topics[i].slug),
            Job::Article(i) => paths::article(&site.articles[i].doc.slug),
            Job::Page(i) => paths::page(&site.pages[i].slug),
            Job::Trust(i) => paths::page(site.trust_pages[i].page.slug),
        }
    }

    /// The slug the page's path is made from: "" for pages at fixed paths.
    pub fn slug(self, site: &Site) -> &str {
        match self {
            Job::Topic(i) => &site.topics[i].slug,
            Job::Article(i) => &site.articles[i].doc.slug,
            Job::Page(i) => &site.pages[i].slug,
            Job::Trust(i) => site.trust_pages[i].page.slug,
            _ => "",
        }
    }

    /// The template the page is rendered with.
    pub fn template(self) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::Articles => "articles.html",
            Job::Topics => "topics.html",
            Job::Faq => "faq.html",
            Job::Glossary => "glossary.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::Topic(_) => "topic.html",
            Job::Article(_) => "article.html",
            Job::Page(_) | Job::Trust(_) => "page.html",
        }
    }

    /// Writes the page's context (apart from `site`, which every page shares) into `c`.
    pub fn context<C: PageCtx>(self, shared: &Shared, c: &mut C) {
        super::meta::insert(self, shared, c);
        match self {
            Job::Home => home(shared, c),
            Job::Articles => articles(shared, c),
            Job::Topics => topics(shared, c),
            Job::Faq => faq(shared, c),
            Job::Glossary => glossary(shared, c),
            Job::NotFound => {
                let urls = &shared.site.config.urls;
                let path = paths::NOT_FOUND;
                common(c, urls, "Page not found", "This page does not exist.", path);
            }
            Job::Search => {
                let urls = &shared.site.config.urls;
                let description = "Search the articles, pages and questions of this site.";
                common(c, urls, SEARCH_TITLE, description, paths::SEARCH);
            }
            Job::Topic(i) => topic(shared, i, c),
            Job::Article(i) => article(shared, i, &shared.md.articles[i], c),
            Job::Page(i) => page(shared, i, c),
            Job::Trust(i) => trust_page(shared, i, c),
        }
    }
}

/// [`Job::context`] of article `i`'s page, its body `piece` given apart from `shared.md`.
pub fn article_context<C: PageCtx>(shared: &Shared, i: usize, piece: &Piece, c: &mut C) {
    super::meta::insert(Job::Article(i), shared, c);
    article(shared, i, piece, c);
}

/// The search page's title (and its name in its breadcrumb trail).
pub const SEARCH_TITLE: &str = "Search";

/// The keys every page has.
fn common<C: PageCtx>(c: &mut C, urls: &UrlScheme, title: &str, description: &str, path: &str) {
    c.insert("page_title", title);
    c.insert("description", description);
    c.insert("canonical", &urls.absolute(path));
    c.insert("has_code", &false);
    c.insert("has_glossary", &false);
}

fn home<C: PageCtx>(shared: &Shared, c: &mut C) {
    let site = shared.site;
    let config = &site.config;
    common(
        c,
        &config.urls,
        &config.title,
        &config.description,
        paths::HOME,
    );
    let newest = site.newest_articles(6);
    c.insert_value("articles", shared.summary_list(&newest));
    c.insert("topics", &shared.topics);
    let first: Vec<usize> = (0..site.faq.len().min(5)).collect();
    c.insert_value("faq_entries", shared.faq_entry_list(&first));
    c.insert("article_count", &site.articles.len());
    c.insert("faq_count", &site.faq.len());
}

fn articles<C: PageCtx>(shared: &Shared, c: &mut C) {
    let urls = &shared.site.config.urls;
    let description = "Every article on this site.";
    common(c, urls, ARTICLES_TITLE, description, paths::ARTICLES);
    let all: Vec<usize> = (0..shared.site.articles.len()).collect();
    c.insert_value("articles", shared.summary_list(&all));
}

fn topics<C: PageCtx>(shared: &Shared, c: &mut C) {
    let urls = &shared.site.config.urls;
    let description = "Browse articles and questions by topic.";
    common(c, urls, TOPICS_TITLE, description, paths::TOPICS);
    c.insert("topics", &shared.topics);
}

fn faq<C: PageCtx>(shared: &Shared, c: &mut C) {
    let site = shared.site;
    let description = format!("Answers to common questions: {}", site.faq_title);
    common(
        c,
        &site.config.urls,
        &site.faq_title,
        &description,
        paths::FAQ,
    );
    let faq = FaqCtx {
        title: &site.faq_title,
        intro: shared
            .md
            .faq_intro
            .as_ref()
            .map(|p| p.rendered.html.clone()),
        count: site.faq.len(),
    };
    c.insert("faq", &faq);
    c.insert("groups", &faq_groups(shared));
    let marked = shared.md.faq.iter().any(|p| p.rendered.glossary_marks > 0);
    c.insert("has_glossary", &marked);
}

fn topic<C: PageCtx>(shared: &Shared, i: usize, c: &mut C) {
    let t = &shared.site.topics[i];
    let description = format!("Articles and questions about {}.", t.title);
    let path = paths::topic(&t.slug);
    common(c, &shared.site.config.urls, &t.title, &description, &path);
    c.insert("topic", &shared.topics[i]);
    c.insert_value("articles", shared.summary_list(&t.articles));
    c.insert_value("faq_entries", shared.faq_entry_list(&t.faq));
    let related: Vec<&TopicSummary> = t.related.iter().map(|&r| &shared.topics[r]).collect();
    c.insert("related_topics", &related);
}

fn article<C: PageCtx>(shared: &Shared, i: usize, piece: &Piece, c: &mut C) {
    let a = &shared.site.articles[i];
    let front = &a.doc.front;
    let description = front.description.as_deref().unwrap_or("");
    let urls = &shared.site.config.urls;
    common(c, urls, &front.title, description, &piece.page);
    c.insert("has_code", &piece.rendered.has_code);
    c.insert("has_glossary", &(piece.rendered.glossary_marks > 0));
    let review = shared.review_of(&shared.analysis.articles, i);
    let body = body_ctx(Some(&a.doc), &piece.rendered, review);
    c.insert_value("article", shared.summary_with(i, body));
    c.insert_value("related_articles", shared.summary_list(&a.related));
    c.insert_value("related_faq", shared.faq_entry_list(&a.related_faq));
}

fn page<C: PageCtx>(shared: &Shared, i: usize, c: &mut C) {
    let p = &shared.site.pages[i];
    let piece = &shared.md.pages[i];
    let description = p.front.description.as_deref().unwrap_or("");
    let urls = &shared.site.config.urls;
    common(c, urls, &p.front.title, description, &piece.page);
    c.insert("has_code", &piece.rendered.has_code);
    c.insert("has_glossary", &(piece.rendered.glossary_marks > 0));
    let summary = ArticleSummary::of(p, urls.link(&piece.page));
    let review = shared.review_of(&shared.analysis.pages, i);
    let body = body_ctx(Some(p), &piece.rendered, review);
    c.insert("page", &ArticleCtx { summary, body });
}

/// The glossary page: every entry, in alphabetical order.
fn glossary<C: PageCtx>(shared: &Shared, c: &mut C) {
    let urls = &shared.site.config.urls;
    let description = "What the medical words on this site mean, in plain language.";
    common(c, urls, GLOSSARY_TITLE, description, paths::GLOSSARY);
    let Some(g) = &shared.site.glossary else {
        return;
    };
    let md = shared.md;
    let entries: Vec<GlossaryEntryCtx> = g
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| GlossaryEntryCtx {
            id: &e.slug,
            term: &e.term,
            aliases: &e.aliases,
            definition: md.glossary.get(i).map_or("", |p| p.rendered.html.as_str()),
            link: md
                .glossary_links
                .get(i)
                .and_then(Option::as_ref)
                .map(|p| crate::render::glossary::inline(&p.rendered.html)),
        })
        .collect();
    c.insert("glossary", &entries);
}

/// A trust page written in `site.yaml`: a standalone page with only a title and its text.
fn trust_page<C: PageCtx>(shared: &Shared, i: usize, c: &mut C) {
    let trust = shared.site.trust_pages[i].page;
    let Some(piece) = shared.md.trust.get(i).and_then(Option::as_ref) else {
        return;
    };
    let urls = &shared.site.config.urls;
    common(c, urls, trust.title, "", &piece.page);
    c.insert("has_code", &piece.rendered.has_code);
    let page = ArticleCtx {
        summary: ArticleSummary {
            slug: trust.slug.to_owned(),
            title: trust.title.to_owned(),
            description: None,
            url: urls.link(&piece.page),
            date: None,
            reviewed_on: None,
            topics: Vec::new(),
        },
        body: body_ctx(None, &piece.rendered, shared.review_of(&[], 0)),
    };
    c.insert("page", &page);
}

/// Words from which a text counts as long without a contents list (over five minutes at
/// 200 words a minute).
const LONG_WORDS: usize = 1000;

/// A text long enough for a link back to the top at its end, given its contents list.
fn is_long(rendered: &Rendered, toc: &[toc::TocEntry]) -> bool {
    rendered.words > LONG_WORDS || !toc.is_empty()
}

/// The text's part of an article's or page's context: `rendered` with what `doc`'s front
/// matter says of it (nothing for a trust page written in `site.yaml`, which has none).
pub(super) fn body_ctx<'a>(
    doc: Option<&Document>,
    rendered: &'a Rendered,
    review: ReviewCtx,
) -> BodyCtx<'a> {
    let toc = toc::contents(&rendered.headings);
    let front = doc.map(|d| &d.front);
    BodyCtx {
        updated: front.and_then(|f| f.updated.as_ref()).map(DateCtx::from),
        reviewed_by: front.and_then(|f| f.reviewed_by.clone()),
        review,
        author: front.and_then(|f| f.author.clone()),
        content: &rendered.html,
        headings: &rendered.headings,
        long: is_long(rendered, &toc),
        toc,
        word_count: rendered.words,
        reading_minutes: rendered.words.div_ceil(200).max(1),
        extra: front
            .and_then(|f| f.extra.clone())
            .unwrap_or(serde_json::Value::Null),
        sources: front.map_or_else(Vec::new, |f| {
            f.sources.iter().map(SourceCtx::from).collect()
        }),
    }
}

/// FAQ entries grouped by their first topic, groups in topic order, then entries without one.
fn faq_groups<'a>(shared: &'a Shared) -> Vec<FaqGroup<'a>> {
    let site = shared.site;
    let mut by_topic: Vec<Vec<usize>> = vec![Vec::new(); site.topics.len()];
    let mut other = Vec::new();
    for (i, f) in site.faq.iter().enumerate() {
        match f.topics.first() {
            Some(&t) => by_topic[t].push(i),
            None => other.push(i),
        }
    }
    let mut groups: Vec<FaqGroup> = by_topic
        .into_iter()
        .enumerate()
        .filter(|(_, e)| !e.is_empty())
        .map(|(t, entries)| FaqGroup {
            id: paths::faq_group_id(Some(&site.topics[t].slug)),
            title: site.topics[t].title.clone(),
            url: Some(shared.link(&paths::topic(&site.topics[t].slug))),
            entries: shared.faq_entries_at(&entries),
        })
        .collect();
    if !other.is_empty() {
        groups.push(FaqGroup {
            id: paths::faq_group_id(None),
            title: "Other questions".to_owned(),
            url: None,
            entries: shared.faq_entries_at(&other),
        });
    }
    groups
}
