//! Every page of the site: its template context and its rendered HTML.
//!
//! The context a template sees is made of the plain structs below (serialised for Tera), so
//! the names a theme may use are listed in one place: `site`, `page_title`, `description`,
//! `canonical`, `has_code`, and per kind of page `articles`, `article`, `topics`, `topic`,
//! `faq`, `groups`, `page`, `related_articles`, `related_faq`, `related_topics`,
//! `faq_entries`. Links in every struct already carry the `base_url` path.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::{Markdown, paths};
use crate::content::Document;
use crate::content::date::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::Fingerprint;
use crate::site::Site;

/// Receives each rendered page (path relative to the output folder, bytes) as soon as it is
/// made, so a large site is never held in memory whole. Called from several threads.
pub type Sink<'a> = dyn Fn(&str, &Arc<[u8]>) -> Result<(), String> + Sync + 'a;

/// The output path of every page [`render_all`] makes, to check clashes before writing.
pub fn page_paths(site: &Site) -> Vec<String> {
    jobs(site)
        .into_iter()
        .map(|j| paths::output_file(&job_path(j, site)))
        .collect()
}

/// A rendered file of the output, by path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// `""` or `/guide`: prefix for links to theme assets.
    base_path: &'a str,
    /// Absolute URL of the home page.
    base_url: String,
    disclaimer: String,
    home_url: String,
    articles_url: String,
    topics_url: String,
    faq_url: String,
    faq_title: &'a str,
    /// Standalone pages, for the footer.
    pages: Vec<Link>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct DateCtx {
    iso: String,
    display: String,
}

impl From<&Date> for DateCtx {
    fn from(d: &Date) -> Self {
        DateCtx {
            iso: d.to_string(),
            display: d.display(),
        }
    }
}

#[derive(Serialize, Clone)]
struct ArticleSummary {
    slug: String,
    title: String,
    description: Option<String>,
    url: String,
    date: Option<DateCtx>,
    reviewed_on: Option<DateCtx>,
    topics: Vec<Link>,
}

impl ArticleSummary {
    /// The summary of an article or page at `url` (topic links are added by the caller).
    fn of(doc: &Document, url: String) -> Self {
        ArticleSummary {
            slug: doc.slug.clone(),
            title: doc.front.title.clone(),
            description: doc.front.description.clone(),
            url,
            date: doc.front.date.as_ref().map(DateCtx::from),
            reviewed_on: doc.front.reviewed_on.as_ref().map(DateCtx::from),
            topics: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    #[serde(flatten)]
    summary: ArticleSummary,
    updated: Option<DateCtx>,
    reviewed_by: Option<String>,
    author: Option<String>,
    content: &'a str,
    headings: &'a [super::markdown::Heading],
    word_count: usize,
    reading_minutes: usize,
    extra: serde_json::Value,
}

#[derive(Serialize, Clone)]
struct TopicSummary {
    slug: String,
    title: String,
    description: Option<String>,
    url: String,
    article_count: usize,
    faq_count: usize,
    extra: serde_json::Value,
}

#[derive(Serialize, Clone)]
struct FaqEntryCtx {
    id: String,
    question: String,
    answer: String,
    url: String,
    topics: Vec<Link>,
    related: Vec<Link>,
    reviewed_on: Option<DateCtx>,
    extra: serde_json::Value,
}

#[derive(Serialize)]
struct FaqGroup<'a> {
    id: String,
    title: String,
    url: Option<String>,
    entries: Vec<&'a FaqEntryCtx>,
}

#[derive(Serialize)]
struct FaqCtx<'a> {
    title: &'a str,
    intro: Option<String>,
    count: usize,
}

/// Precomputed pieces shared by many pages.
struct Shared<'a> {
    site: &'a Site,
    md: &'a Markdown<'a>,
    summaries: Vec<ArticleSummary>,
    topics: Vec<TopicSummary>,
    faq: Vec<FaqEntryCtx>,
    /// Fingerprints of each summary and FAQ entry, so a page listing hundreds of them is
    /// fingerprinted from these instead of from all their text again.
    summary_fps: Vec<u128>,
    faq_fps: Vec<u128>,
}

impl Shared<'_> {
    fn link(&self, site_path: &str) -> String {
        self.site.config.urls.link(site_path)
    }

    fn topic_links(&self, idx: &[usize]) -> Vec<Link> {
        idx.iter()
            .map(|&t| Link {
                title: self.topics[t].title.clone(),
                url: self.topics[t].url.clone(),
            })
            .collect()
    }

    fn faq_entries(&self, idx: &[usize]) -> Vec<&FaqEntryCtx> {
        idx.iter().map(|&i| &self.faq[i]).collect()
    }
}

/// Renders every page of the site. Template errors are reported per template.
pub fn render_all(
    site: &Site,
    md: &Markdown,
    tera: &super::templates::Templates,
    cache: &mut PageCache,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    render_pages(site, md, tera, cache, None, sink, diags)
}

/// Renders only the pages whose output files are in `files` (to check anchors on them).
pub fn render_some(
    site: &Site,
    md: &Markdown,
    tera: &super::templates::Templates,
    files: &std::collections::HashSet<String>,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    render_pages(
        site,
        md,
        tera,
        &mut PageCache::default(),
        Some(files),
        sink,
        diags,
    )
}

fn render_pages(
    site: &Site,
    md: &Markdown,
    tera: &super::templates::Templates,
    cache: &mut PageCache,
    only: Option<&std::collections::HashSet<String>>,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    let urls = &site.config.urls;
    let summaries: Vec<ArticleSummary> = site
        .articles
        .iter()
        .map(|a| ArticleSummary::of(&a.doc, urls.link(&paths::article(&a.doc.slug))))
        .collect();
    let topics: Vec<TopicSummary> = site
        .topics
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
        .collect();
    let mut shared = Shared {
        site,
        md,
        summaries,
        topics,
        faq: Vec::new(),
        summary_fps: Vec::new(),
        faq_fps: Vec::new(),
    };
    for (i, a) in site.articles.iter().enumerate() {
        shared.summaries[i].topics = shared.topic_links(&a.topics);
    }
    shared.faq = site
        .faq
        .iter()
        .enumerate()
        .map(|(i, f)| FaqEntryCtx {
            id: f.entry.id.clone(),
            question: f.entry.question.clone(),
            answer: md
                .faq
                .get(i)
                .map(|p| p.rendered.html.clone())
                .unwrap_or_default(),
            url: urls.link(&paths::faq_entry(&f.entry.id)),
            topics: shared.topic_links(&f.topics),
            related: f
                .related
                .iter()
                .map(|&a| Link {
                    title: shared.summaries[a].title.clone(),
                    url: shared.summaries[a].url.clone(),
                })
                .collect(),
            reviewed_on: f.entry.reviewed_on.as_ref().map(DateCtx::from),
            extra: f.entry.extra.clone(),
        })
        .collect();

    let site_ctx = SiteCtx {
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
        faq_title: &site.faq_title,
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                title: p.front.title.clone(),
                url: urls.link(&paths::page(&p.slug)),
            })
            .collect(),
        extra: &site.config.extra,
    };
    shared.summary_fps = shared.summaries.par_iter().map(fingerprint_of).collect();
    shared.faq_fps = shared.faq.par_iter().map(fingerprint_of).collect();
    let mut base = Context::new();
    base.insert("site", &site_ctx);
    // What every page depends on: the templates and the site-wide context.
    let mut base_hash = FingerprintCtx::new(cache.templates);
    base_hash.insert("site", &site_ctx);
    let base_hash = base_hash.finish();
    let groups = faq_groups(&shared);

    // Every page is a job; its context is made, rendered and dropped inside the parallel
    // loop, so a large site never holds all contexts at once.
    let mut jobs = jobs(site);
    if let Some(only) = only {
        jobs.retain(|&j| only.contains(&paths::output_file(&job_path(j, site))));
    }
    let total = jobs.len();

    let previous = &*cache;
    let results: Vec<(Option<CachedPage>, Option<Diagnostic>)> = jobs
        .into_par_iter()
        .map(|job| {
            // A page whose inputs have not changed since the last build is not rendered again.
            let mut fp = FingerprintCtx::new(base_hash);
            let (path, template) = job_context(job, &shared, &groups, &mut fp);
            let file = paths::output_file(&path);
            fp.0.add(template);
            let hash = fp.finish();
            let bytes: Arc<[u8]> = match previous.map.get(&file) {
                Some((h, bytes)) if previous.enabled && *h == hash => bytes.clone(),
                _ => {
                    let mut ctx = TeraCtx(base.clone());
                    job_context(job, &shared, &groups, &mut ctx);
                    match tera.tera.render(template, &ctx.0) {
                        Ok(html) => Arc::from(html.into_bytes()),
                        Err(e) => {
                            // No page path in the message: the same template error on many
                            // pages is then reported once.
                            let d = tera.diagnostic("cannot render the page: ", &e);
                            return (None, Some(d));
                        }
                    }
                }
            };
            let problem = sink(&file, &bytes)
                .err()
                .map(|e| Diagnostic::file_error(&file, format!("cannot write: {e}")));
            let keep = previous.enabled.then_some((file, hash, bytes));
            (keep, problem)
        })
        .collect();
    let mut fresh = HashMap::new();
    let mut failures = 0;
    for (keep, problem) in results {
        if let Some((file, hash, bytes)) = keep {
            fresh.insert(file, (hash, bytes));
        }
        if let Some(d) = problem {
            failures += 1;
            diags.push(d);
        }
    }
    if cache.enabled {
        cache.map = fresh;
    }
    total - failures
}

/// A rendered page with the fingerprint of its inputs: (output path, fingerprint, bytes).
type CachedPage = (String, u128, Arc<[u8]>);

/// Rendered pages kept between builds (the preview rebuilds often), with a fingerprint of
/// everything each was made from.
#[derive(Debug, Default)]
pub struct PageCache {
    /// A disabled cache (the default) keeps nothing: one-off builds don't pay for it.
    enabled: bool,
    /// A fingerprint of the templates in use; set by the caller before rendering.
    pub templates: u128,
    map: HashMap<String, (u128, Arc<[u8]>)>,
}

impl PageCache {
    /// A cache that keeps rendered pages between builds.
    pub fn enabled() -> Self {
        PageCache {
            enabled: true,
            ..Self::default()
        }
    }
}

/// Where a page's context goes: into Tera, or into a fingerprint.
trait PageCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Inserts `items[i]` for each `i` of `idx`, as a list; `fps` are the items'
    /// fingerprints (a fingerprint takes those instead of the items).
    fn insert_items<T: Serialize>(
        &mut self,
        key: &'static str,
        items: &[T],
        idx: &[usize],
        fps: &[u128],
    ) {
        let _ = fps;
        let list: Vec<&T> = idx.iter().map(|&i| &items[i]).collect();
        self.insert(key, &list);
    }
}

/// The fingerprint of one value.
fn fingerprint_of<T: Serialize>(value: &T) -> u128 {
    let mut f = Fingerprint::new();
    f.add(value);
    f.finish()
}

struct TeraCtx(Context);

impl PageCtx for TeraCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.insert(key, value);
    }
}

/// Fingerprints a context's values without building it.
struct FingerprintCtx(Fingerprint);

impl FingerprintCtx {
    fn new(seed: u128) -> Self {
        let mut f = Fingerprint::new();
        f.add(&seed);
        FingerprintCtx(f)
    }

    fn finish(&self) -> u128 {
        self.0.finish()
    }
}

impl PageCtx for FingerprintCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.add(key);
        self.0.add(value);
    }

    fn insert_items<T: Serialize>(
        &mut self,
        key: &'static str,
        _items: &[T],
        idx: &[usize],
        fps: &[u128],
    ) {
        self.0.add(key);
        self.0.add(&idx.len());
        for &i in idx {
            self.0.add(&fps[i]);
        }
    }
}

fn article_ctx<'a>(
    summary: &ArticleSummary,
    doc: &Document,
    rendered: &'a super::Rendered,
) -> ArticleCtx<'a> {
    ArticleCtx {
        summary: summary.clone(),
        updated: doc.front.updated.as_ref().map(DateCtx::from),
        reviewed_by: doc.front.reviewed_by.clone(),
        author: doc.front.author.clone(),
        content: &rendered.html,
        headings: &rendered.headings,
        word_count: rendered.words,
        reading_minutes: rendered.words.div_ceil(200).max(1),
        extra: doc.front.extra.clone().unwrap_or(serde_json::Value::Null),
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
            entries: shared.faq_entries(&entries),
        })
        .collect();
    if !other.is_empty() {
        groups.push(FaqGroup {
            id: paths::faq_group_id(None),
            title: "Other questions".to_owned(),
            url: None,
            entries: shared.faq_entries(&other),
        });
    }
    groups
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Articles,
    Topics,
    Faq,
    NotFound,
    Topic(usize),
    Article(usize),
    Page(usize),
}

/// Every page of the site, as a job.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Articles,
        Job::Topics,
        Job::Faq,
        Job::NotFound,
    ];
    jobs.extend((0..site.topics.len()).map(Job::Topic));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

/// The site path of a job's page.
fn job_path(job: Job, site: &Site) -> String {
    match job {
        Job::Home => paths::HOME.to_owned(),
        Job::Articles => paths::ARTICLES.to_owned(),
        Job::Topics => paths::TOPICS.to_owned(),
        Job::Faq => paths::FAQ.to_owned(),
        Job::NotFound => paths::NOT_FOUND.to_owned(),
        Job::Topic(i) => paths::topic(&site.topics[i].slug),
        Job::Article(i) => paths::article(&site.articles[i].doc.slug),
        Job::Page(i) => paths::page(&site.pages[i].slug),
    }
}

/// The site path and template of one page; its context goes into `c`.
fn job_context<C: PageCtx>(
    job: Job,
    shared: &Shared,
    groups: &[FaqGroup],
    c: &mut C,
) -> (String, &'static str) {
    let site = shared.site;
    let md = shared.md;
    let urls = &site.config.urls;
    match job {
        Job::Home => {
            page_ctx(
                c,
                urls,
                &site.config.title,
                &site.config.description,
                paths::HOME,
            );
            let newest = site.newest_articles(6);
            c.insert_items("articles", &shared.summaries, &newest, &shared.summary_fps);
            c.insert("topics", &shared.topics);
            let first: Vec<usize> = (0..site.faq.len().min(5)).collect();
            c.insert_items("faq_entries", &shared.faq, &first, &shared.faq_fps);
            c.insert("article_count", &site.articles.len());
            c.insert("faq_count", &site.faq.len());
            (paths::HOME.to_owned(), "index.html")
        }
        Job::Articles => {
            page_ctx(
                c,
                urls,
                "Articles",
                "Every article on this site.",
                paths::ARTICLES,
            );
            let all: Vec<usize> = (0..shared.summaries.len()).collect();
            c.insert_items("articles", &shared.summaries, &all, &shared.summary_fps);
            (paths::ARTICLES.to_owned(), "articles.html")
        }
        Job::Topics => {
            page_ctx(
                c,
                urls,
                "Topics",
                "Browse articles and questions by topic.",
                paths::TOPICS,
            );
            c.insert("topics", &shared.topics);
            (paths::TOPICS.to_owned(), "topics.html")
        }
        Job::Faq => {
            let description = format!("Answers to common questions: {}", site.faq_title);
            page_ctx(c, urls, &site.faq_title, &description, paths::FAQ);
            c.insert(
                "faq",
                &FaqCtx {
                    title: &site.faq_title,
                    intro: md.faq_intro.as_ref().map(|p| p.rendered.html.clone()),
                    count: site.faq.len(),
                },
            );
            c.insert("groups", groups);
            (paths::FAQ.to_owned(), "faq.html")
        }
        Job::NotFound => {
            page_ctx(
                c,
                urls,
                "Page not found",
                "This page does not exist.",
                paths::NOT_FOUND,
            );
            (paths::NOT_FOUND.to_owned(), "404.html")
        }
        Job::Topic(i) => {
            let t = &site.topics[i];
            let path = paths::topic(&t.slug);
            let description = format!("Articles and questions about {}.", t.title);
            page_ctx(c, urls, &t.title, &description, &path);
            c.insert("topic", &shared.topics[i]);
            c.insert_items(
                "articles",
                &shared.summaries,
                &t.articles,
                &shared.summary_fps,
            );
            c.insert_items("faq_entries", &shared.faq, &t.faq, &shared.faq_fps);
            let related: Vec<&TopicSummary> =
                t.related.iter().map(|&r| &shared.topics[r]).collect();
            c.insert("related_topics", &related);
            (path, "topic.html")
        }
        Job::Article(i) => {
            let a = &site.articles[i];
            let piece = &md.articles[i];
            let path = piece.page.clone();
            page_ctx(
                c,
                urls,
                &a.doc.front.title,
                a.doc.front.description.as_deref().unwrap_or(""),
                &path,
            );
            c.insert("has_code", &piece.rendered.has_code);
            c.insert(
                "article",
                &article_ctx(&shared.summaries[i], &a.doc, &piece.rendered),
            );
            c.insert_items(
                "related_articles",
                &shared.summaries,
                &a.related,
                &shared.summary_fps,
            );
            c.insert_items("related_faq", &shared.faq, &a.related_faq, &shared.faq_fps);
            (path, "article.html")
        }
        Job::Page(i) => {
            let p = &site.pages[i];
            let piece = &md.pages[i];
            let path = piece.page.clone();
            page_ctx(
                c,
                urls,
                &p.front.title,
                p.front.description.as_deref().unwrap_or(""),
                &path,
            );
            c.insert("has_code", &piece.rendered.has_code);
            let summary = ArticleSummary::of(p, urls.link(&path));
            c.insert("page", &article_ctx(&summary, p, &piece.rendered));
            (path, "page.html")
        }
    }
}

/// The keys every page has.
fn page_ctx<C: PageCtx>(
    c: &mut C,
    urls: &crate::config::UrlScheme,
    title: &str,
    description: &str,
    path: &str,
) {
    c.insert("page_title", title);
    c.insert("description", description);
    c.insert("canonical", &urls.absolute(path));
    c.insert("has_code", &false);
}
