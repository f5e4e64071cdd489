//! The Atom feed (`feed.xml`, RFC 4287): the most recently published or updated articles,
//! newest first.
//!
//! Every date comes from the content, never the clock, so the same site always makes the same
//! feed: an entry's `<updated>` is its `updated` or `date` (the later), and the feed's is its
//! newest entry's. Articles with neither date cannot be placed in time and are left out; a
//! site with no dated article has no feed at all (a feed must say when it last changed, and
//! there is no true date to give), and its pages link to none.

use std::fmt::Write;

use super::paths;
use super::xml::{element, escape};
use crate::content::Document;
use crate::content::date::Date;
use crate::site::Site;

/// The feed's output file.
pub const FILE: &str = "feed.xml";
/// How many articles the feed lists.
pub const LIMIT: usize = 20;

/// The last time an article changed, as far as its front matter says.
fn changed_on(doc: &Document) -> Option<Date> {
    doc.front.date.max(doc.front.updated)
}

/// True when the site has a feed (some article has a date).
pub fn exists(site: &Site) -> bool {
    site.articles.iter().any(|a| changed_on(&a.doc).is_some())
}

/// The articles of the feed (indexes), newest first; ties keep the listing order.
fn entries(site: &Site) -> Vec<(usize, Date)> {
    let mut dated: Vec<(usize, Date)> = site
        .articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| changed_on(&a.doc).map(|d| (i, d)))
        .collect();
    dated.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    dated.truncate(LIMIT);
    dated
}

/// An Atom date: midnight UTC of the day (content gives days, Atom wants a moment).
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The feed's text, or `None` when no article has a date.
pub fn render(site: &Site) -> Option<String> {
    let entries = entries(site);
    let newest = entries.first()?.1;
    let config = &site.config;
    let self_url = config.urls.absolute(&format!("/{FILE}"));
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    element(&mut out, "  ", "id", &self_url);
    element(&mut out, "  ", "title", &config.title);
    if !config.description.trim().is_empty() {
        element(&mut out, "  ", "subtitle", &config.description);
    }
    link(&mut out, "  ", "self", "application/atom+xml", &self_url);
    let home = config.urls.absolute(paths::HOME);
    link(&mut out, "  ", "alternate", "text/html", &home);
    element(&mut out, "  ", "updated", &timestamp(newest));
    // The site is the feed's author; an article's own author, when it has one, is its entry's.
    author(&mut out, "  ", &config.title);
    for (i, changed) in entries {
        entry(&mut out, site, i, changed);
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// One `<entry>`: article `i`, last changed on `changed`.
fn entry(out: &mut String, site: &Site, i: usize, changed: Date) {
    let doc = &site.articles[i].doc;
    let front = &doc.front;
    let url = site.config.urls.absolute(&paths::article(&doc.slug));
    out.push_str("  <entry>\n");
    element(out, "    ", "id", &url);
    element(out, "    ", "title", &front.title);
    link(out, "    ", "alternate", "text/html", &url);
    if let Some(published) = front.date {
        element(out, "    ", "published", &timestamp(published));
    }
    element(out, "    ", "updated", &timestamp(changed));
    if let Some(name) = front.author.as_deref().filter(|a| !a.trim().is_empty()) {
        author(out, "    ", name);
    }
    // Without a description there is no summary to give (the entry links to the article).
    if let Some(summary) = front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        element(out, "    ", "summary", summary);
    }
    out.push_str("  </entry>\n");
}

fn link(out: &mut String, indent: &str, rel: &str, kind: &str, href: &str) {
    let _ = writeln!(
        out,
        "{indent}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>",
        escape(href)
    );
}

fn author(out: &mut String, indent: &str, name: &str) {
    let _ = writeln!(
        out,
        "{indent}<author><name>{}</name></author>",
        escape(name.trim())
    );
}
