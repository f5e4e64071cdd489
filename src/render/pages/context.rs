//! The theme's context contract: every value a template may use, as the plain structs below
//! (serialised for Tera). This file is the one list of them; a field added here is a name
//! themes may rely on from then on.
//!
//! Every page has `site` ([`SiteCtx`]), `page_title`, `description`, `canonical` (the page's
//! absolute URL), `has_code` (true when the page's markdown has a code block) and
//! `has_glossary` (true when a glossary word is marked on the page). Every page
//! also has `breadcrumbs`, its trail from the home page as a list of [`Link`]s ending with the
//! page itself (Home › Articles › Title; Home › Topics › Topic; Home › FAQ title; Home › Page
//! title; empty on the home page and the not-found page), and `structured_data`, the page's
//! schema.org JSON-LD, escaped for use inside `<script type="application/ld+json">` (mark it
//! `| safe`; empty on the not-found page). Each template then gets:
//!
//! | template        | keys |
//! |-----------------|------|
//! | `index.html`    | `articles` (the six newest, [`ArticleSummary`]), `topics` ([`TopicSummary`]), `faq_entries` (the first five, [`FaqEntryCtx`]), `article_count`, `faq_count` |
//! | `articles.html` | `articles` (all, in listing order) |
//! | `topics.html`   | `topics` |
//! | `topic.html`    | `topic`, `articles`, `faq_entries`, `related_topics` |
//! | `faq.html`      | `faq` ([`FaqCtx`]), `groups` ([`FaqGroup`]) |
//! | `glossary.html` | `glossary` (every entry in alphabetical order, [`GlossaryEntryCtx`]) |
//! | `article.html`  | `article` ([`ArticleCtx`]), `related_articles`, `related_faq` |
//! | `page.html`     | `page` ([`ArticleCtx`]; also each trust page written in `site.yaml`) |
//! | `404.html`      | nothing more |
//! | `search.html`   | nothing more (`search-engine.js` fills the results in) |
//!
//! Links in every struct already carry the `base_url` path; HTML made from markdown is in
//! the fields documented as HTML (templates mark those `| safe`).

use serde::Serialize;

use crate::content::Document;
use crate::content::date::Date;
use crate::render::markdown::Heading;
use crate::render::toc::TocEntry;

/// `site`: the site's settings and links every page shows.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page language (`en`), for `<html lang>`.
    pub language: &'a str,
    /// `""` or `/guide`: prefix for links to theme assets.
    pub base_path: &'a str,
    /// Absolute URL of the home page.
    pub base_url: String,
    /// The disclaimer from `site.yaml`, as HTML (empty when there is none).
    pub disclaimer: String,
    pub home_url: String,
    pub articles_url: String,
    pub topics_url: String,
    pub faq_url: String,
    /// The search page; the search index's files are under the same folder
    /// (`search_url` + `manifest.json`), which `search-engine.js` reads from the form's
    /// `data-search-index`.
    pub search_url: String,
    /// The FAQ's title from `faq.yaml`.
    pub faq_title: &'a str,
    /// The glossary page, when the site has `glossary.yaml`.
    pub glossary_url: Option<String>,
    /// The footer's links: the trust pages the site has (editorial policy, funding and
    /// advertising, privacy, contact, in that order), then the other standalone pages.
    pub pages: Vec<Link>,
    /// The site's own data from `site.yaml`'s `extra:`.
    pub extra: &'a serde_json::Value,
    /// The Atom feed (`/feed.xml`), for `<link rel="alternate">`; `None` when no article has
    /// a date, so there is no feed.
    pub feed_url: Option<String>,
    /// The site's favicon, logo and accent stylesheet ([`BrandCtx`]).
    pub brand: BrandCtx,
}

/// `site.brand`: what `site.yaml`'s branding puts on every page.
#[derive(Serialize)]
pub struct BrandCtx {
    /// The favicon's link: the site's own `static/favicon.svg`, `.png` or `.ico`, else the
    /// theme's `favicon.svg`.
    pub favicon: String,
    /// Its media type (`image/svg+xml`), for `<link rel="icon" type>`.
    pub favicon_type: &'static str,
    /// The logo's link, shown in the header with the site's title as its text alternative;
    /// `None` without `logo:`.
    pub logo: Option<String>,
    /// The accent colours' stylesheet (`/brand.css`), linked after `style.css`; `None`
    /// without `accent:` or `accent_dark:`.
    pub stylesheet: Option<String>,
}

/// A titled link.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A date, both machine-readable and as readers see it.
#[derive(Serialize, Clone)]
pub struct DateCtx {
    /// `2025-03-01`, for `<time datetime>`.
    pub iso: String,
    /// `1 March 2025`.
    pub display: String,
}

impl From<&Date> for DateCtx {
    fn from(d: &Date) -> Self {
        DateCtx {
            iso: d.iso(),
            display: d.display(),
        }
    }
}

/// `review`: whether a clinician has checked an article or FAQ entry, when, by whom, and
/// when the next review is due. Templates must say plainly when `reviewed` is false, and
/// must not claim a review then.
#[derive(Serialize, Clone)]
pub struct ReviewCtx {
    pub reviewed: bool,
    pub reviewed_on: Option<DateCtx>,
    pub reviewed_by: Option<String>,
    pub next_review: Option<DateCtx>,
    /// The next review's date has passed.
    pub overdue: bool,
}

impl From<&crate::analyze::Review> for ReviewCtx {
    fn from(r: &crate::analyze::Review) -> Self {
        ReviewCtx {
            reviewed: r.is_reviewed(),
            reviewed_on: r.reviewed_on.as_ref().map(DateCtx::from),
            reviewed_by: r.reviewed_by.clone(),
            next_review: r.next_review.as_ref().map(DateCtx::from),
            overdue: r.overdue,
        }
    }
}

/// An article (or page) as lists show it.
#[derive(Serialize, Clone)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub date: Option<DateCtx>,
    pub reviewed_on: Option<DateCtx>,
    /// The article's topics (empty for pages).
    pub topics: Vec<Link>,
}

impl ArticleSummary {
    /// The summary of an article or page at `url` (topic links are added by the caller).
    pub fn of(doc: &Document, url: String) -> Self {
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

/// `article` and `page`: everything [`ArticleSummary`] has (at the same level), and more.
#[derive(Serialize)]
pub struct ArticleCtx<'a> {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    #[serde(flatten)]
    pub body: BodyCtx<'a>,
}

/// What [`ArticleCtx`] has beyond the summary: the text and what is said about it.
#[derive(Serialize)]
pub struct BodyCtx<'a> {
    pub updated: Option<DateCtx>,
    pub reviewed_by: Option<String>,
    /// The review status (the analysis stage's).
    pub review: ReviewCtx,
    pub author: Option<String>,
    /// The body, as HTML.
    pub content: &'a str,
    /// The body's headings, for a table of contents.
    pub headings: &'a [Heading],
    /// The contents list: the `##` sections with their `###` headings, linking to their
    /// ids; empty when the text has fewer than four sections.
    pub toc: Vec<TocEntry>,
    /// The text is long (it has a contents list, or takes over five minutes to read): the
    /// theme offers a link back to the top at its end.
    pub long: bool,
    pub word_count: usize,
    /// At 200 words a minute, at least one.
    pub reading_minutes: usize,
    /// The front matter's `extra:` (null when absent).
    pub extra: serde_json::Value,
    /// The front matter's `sources:`, in order, for a numbered "Sources" list.
    pub sources: Vec<SourceCtx>,
}

/// One source of an article, page or FAQ answer (front matter or entry `sources:`).
#[derive(Serialize, Clone)]
pub struct SourceCtx {
    pub title: String,
    /// The best link for the title: the source's `url`, else its DOI, else its PubMed
    /// record (none when it has none of them).
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<u16>,
    /// The DOI as written (`10.1136/annrheumdis-2016-209724`) and as a link.
    pub doi: Option<String>,
    pub doi_url: Option<String>,
    /// The PubMed id (`25125935`) and its record's link.
    pub pmid: Option<String>,
    pub pmid_url: Option<String>,
    /// When a web page was read.
    pub accessed: Option<DateCtx>,
}

impl From<&crate::content::sources::Source> for SourceCtx {
    fn from(s: &crate::content::sources::Source) -> Self {
        SourceCtx {
            title: s.title.clone(),
            url: s.link(),
            publisher: s.publisher.clone(),
            year: s.year,
            doi: s.doi.clone(),
            doi_url: s.doi_url(),
            pmid: s.pmid.clone(),
            pmid_url: s.pmid_url(),
            accessed: s.accessed.as_ref().map(DateCtx::from),
        }
    }
}

/// A topic as lists show it (and `topic` on its own page).
#[derive(Serialize, Clone)]
pub struct TopicSummary {
    pub slug: String,
    pub title: String,
    /// The description from `topics.yaml`, as HTML.
    pub description: Option<String>,
    pub url: String,
    pub article_count: usize,
    pub faq_count: usize,
    /// The topic's own `extra:` data from `topics.yaml`, for themes.
    pub extra: serde_json::Value,
}

/// One FAQ entry.
#[derive(Serialize, Clone)]
pub struct FaqEntryCtx {
    /// The entry's anchor on the FAQ page.
    pub id: String,
    pub question: String,
    /// The answer, as HTML.
    pub answer: String,
    /// The entry on the FAQ page (`/faq/#id`).
    pub url: String,
    pub topics: Vec<Link>,
    /// The articles the entry names under `related:`.
    pub related: Vec<Link>,
    pub reviewed_on: Option<DateCtx>,
    /// The review status (the analysis stage's).
    pub review: ReviewCtx,
    /// The entry's `sources:`, in order.
    pub sources: Vec<SourceCtx>,
    /// The entry's `extra:` (null when absent).
    pub extra: serde_json::Value,
}

/// A section of the FAQ page: the entries whose first topic is one topic, or (last) those
/// without a topic.
#[derive(Serialize)]
pub struct FaqGroup<'a> {
    /// The section's anchor.
    pub id: String,
    pub title: String,
    /// The topic's page (none for the section without a topic).
    pub url: Option<String>,
    pub entries: Vec<&'a FaqEntryCtx>,
}

/// `faq`: the FAQ page's own settings.
#[derive(Serialize)]
pub struct FaqCtx<'a> {
    pub title: &'a str,
    /// The intro from `faq.yaml`, as HTML.
    pub intro: Option<String>,
    pub count: usize,
}

/// One entry of the glossary page.
#[derive(Serialize)]
pub struct GlossaryEntryCtx<'a> {
    /// The entry's anchor on the glossary page (marked words link to it).
    pub id: &'a str,
    pub term: &'a str,
    /// Other names of the word, as written.
    pub aliases: &'a [String],
    /// The definition, as HTML.
    pub definition: &'a str,
    /// The entry's `link`, as HTML (a "Read more" link), when it has one.
    pub link: Option<String>,
}
