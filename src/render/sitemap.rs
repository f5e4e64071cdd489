//! The sitemap (sitemaps.org protocol 0.9): every page's absolute URL, with `lastmod` where
//! the content dates the page.
//!
//! A site of up to [`MAX_URLS`] pages gets one `sitemap.xml`. Above that (the protocol's
//! limit for one file) the URLs go into `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml`
//! becomes the index of those files, so crawlers and robots.txt always find the sitemap at
//! the same address. (The protocol's other limit, 50 MB a file, would need URLs averaging
//! about a thousand characters to be reached first.)

use std::fmt::Write;
use std::sync::Arc;

use super::xml::{element, escape};
use crate::config::UrlScheme;
use crate::content::Document;
use crate::content::date::Date;
use crate::render::pages::PageList;
use crate::site::Site;

/// The sitemap's output file (the index, when the URLs need several files).
pub const FILE: &str = "sitemap.xml";
/// The most URLs one sitemap file may list (the protocol's limit).
pub const MAX_URLS: usize = 50_000;
/// In debug builds only, a lower limit for tests, so the split into several files can be
/// tested without building tens of thousands of pages. A release build ignores it.
pub const TEST_LIMIT_ENV: &str = "CARELEAF_TEST_SITEMAP_LIMIT";

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The URLs one file may list: [`MAX_URLS`], or the test limit in a debug build.
fn url_limit() -> usize {
    if cfg!(debug_assertions)
        && let Some(n) = std::env::var(TEST_LIMIT_ENV)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
    {
        return n;
    }
    MAX_URLS
}

/// One page of the sitemap.
struct Entry {
    /// Absolute URL.
    loc: String,
    lastmod: Option<Date>,
}

/// When the page last changed, as its front matter says: the newest of its publication,
/// update and review dates. Pages not made from one document (lists, the FAQ) have none: no
/// date says when their content last changed, and a wrong `lastmod` is worse than none.
fn lastmod(doc: &Document) -> Option<Date> {
    let f = &doc.front;
    f.date.max(f.updated).max(f.reviewed_on)
}

fn entries(site: &Site, list: &PageList) -> Vec<Entry> {
    crate::render::pages::listed(site, list)
        .into_iter()
        .map(|page| Entry {
            loc: site.config.urls.absolute(page.path),
            lastmod: page.doc.and_then(lastmod),
        })
        .collect()
}

/// The output files the sitemap of `site` takes: `sitemap.xml`, and the numbered files when
/// the URLs need more than one.
pub fn files(site: &Site) -> Vec<String> {
    file_names(crate::render::pages::listed_count(site), url_limit())
}

fn file_names(urls: usize, limit: usize) -> Vec<String> {
    let mut names = vec![FILE.to_owned()];
    if urls > limit {
        names.extend((1..=urls.div_ceil(limit)).map(part_name));
    }
    names
}

fn part_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The sitemap's files, (output path, text), `sitemap.xml` first. `list`: the pages of
/// `site`.
pub fn render(site: &Site, list: &PageList) -> Vec<(String, String)> {
    split(&entries(site, list), url_limit(), &site.config.urls)
}

/// The last sitemap made and what it was made from, kept by the preview: an edit that
/// moves no page and changes no date (most edits) leaves the sitemap as it was.
#[derive(Debug, Default)]
pub struct SitemapCache {
    enabled: bool,
    last: Option<Kept>,
}

#[derive(Debug)]
struct Kept {
    list: Arc<PageList>,
    lastmods: Vec<Option<Date>>,
    urls: UrlScheme,
    limit: usize,
    files: Vec<(String, Arc<[u8]>)>,
}

impl SitemapCache {
    /// A cache that keeps the last sitemap (the default keeps nothing).
    pub fn enabled() -> Self {
        SitemapCache {
            enabled: true,
            last: None,
        }
    }

    /// [`render`], or the last build's files when they were made from the same pages,
    /// dates and address.
    pub fn render(&mut self, site: &Site, list: &Arc<PageList>) -> Vec<(String, Arc<[u8]>)> {
        let bytes = |files: Vec<(String, String)>| -> Vec<(String, Arc<[u8]>)> {
            let to_bytes = |(name, text): (String, String)| (name, Arc::from(text.into_bytes()));
            files.into_iter().map(to_bytes).collect()
        };
        if !self.enabled {
            return bytes(render(site, list));
        }
        let lastmods: Vec<Option<Date>> = crate::render::pages::listed(site, list)
            .iter()
            .map(|page| page.doc.and_then(lastmod))
            .collect();
        let (urls, limit) = (&site.config.urls, url_limit());
        if let Some(kept) = &self.last
            && Arc::ptr_eq(&kept.list, list)
            && kept.lastmods == lastmods
            && kept.urls == *urls
            && kept.limit == limit
        {
            return kept.files.clone();
        }
        let files = bytes(render(site, list));
        self.last = Some(Kept {
            list: Arc::clone(list),
            lastmods,
            urls: urls.clone(),
            limit,
            files: files.clone(),
        });
        files
    }
}

/// One `sitemap.xml` when `entries` fit in `limit`; else the numbered files and their index.
fn split(entries: &[Entry], limit: usize, urls: &UrlScheme) -> Vec<(String, String)> {
    if entries.len() <= limit {
        return vec![(FILE.to_owned(), urlset(entries))];
    }
    let parts: Vec<(String, String, Option<Date>)> = entries
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| {
            let newest = chunk.iter().filter_map(|e| e.lastmod).max();
            (part_name(i + 1), urlset(chunk), newest)
        })
        .collect();
    let mut index = String::new();
    index.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(index, "<sitemapindex xmlns=\"{NAMESPACE}\">");
    for (name, _, newest) in &parts {
        index.push_str("  <sitemap>\n");
        element(
            &mut index,
            "    ",
            "loc",
            &urls.absolute(&format!("/{name}")),
        );
        if let Some(d) = newest {
            element(&mut index, "    ", "lastmod", &d.to_string());
        }
        index.push_str("  </sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![(FILE.to_owned(), index)];
    files.extend(parts.into_iter().map(|(name, text, _)| (name, text)));
    files
}

/// A `<urlset>` file listing `entries`.
fn urlset(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(entries.len() * 96 + 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<urlset xmlns=\"{NAMESPACE}\">");
    for e in entries {
        out.push_str("  <url>\n");
        let _ = writeln!(out, "    <loc>{}</loc>", escape(&e.loc));
        if let Some(d) = e.lastmod {
            let _ = writeln!(out, "    <lastmod>{d}</lastmod>");
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (1..=n)
            .map(|i| Entry {
                loc: format!("https://example.org/guide/p{i}/?a=1&b=2"),
                lastmod: Date::parse(&format!("2026-01-{i:02}")).ok(),
            })
            .collect()
    }

    fn urls() -> UrlScheme {
        UrlScheme::parse("https://example.org/guide/").unwrap()
    }

    /// The `<loc>` texts and `lastmod`s of a file, read with a real XML parser.
    fn read(text: &str, root: &str, item: &str) -> Vec<(String, Option<String>)> {
        let doc = roxmltree::Document::parse(text).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), root);
        assert_eq!(doc.root_element().tag_name().namespace(), Some(NAMESPACE));
        let child = |n: roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.has_tag_name((NAMESPACE, name)))
                .and_then(|c| c.text())
                .map(str::to_owned)
        };
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name((NAMESPACE, item)))
            .map(|n| (child(n, "loc").unwrap(), child(n, "lastmod")))
            .collect()
    }

    #[test]
    fn up_to_the_limit_one_file() {
        let files = split(&entries(3), 3, &urls());
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        let urls = read(&files[0].1, "urlset", "url");
        assert_eq!(urls.len(), 3);
        assert_eq!(
            urls[2],
            (
                "https://example.org/guide/p3/?a=1&b=2".to_owned(),
                Some("2026-01-03".to_owned())
            )
        );
        assert_eq!(file_names(3, 3), ["sitemap.xml"]);
    }

    #[test]
    fn above_the_limit_numbered_files_and_an_index() {
        let files = split(&entries(7), 3, &urls());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert_eq!(file_names(7, 3), names);
        let index = read(&files[0].1, "sitemapindex", "sitemap");
        assert_eq!(
            index,
            [
                (
                    "https://example.org/guide/sitemap-1.xml".to_owned(),
                    Some("2026-01-03".to_owned())
                ),
                (
                    "https://example.org/guide/sitemap-2.xml".to_owned(),
                    Some("2026-01-06".to_owned())
                ),
                (
                    "https://example.org/guide/sitemap-3.xml".to_owned(),
                    Some("2026-01-07".to_owned())
                ),
            ]
        );
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, text)| read(text, "urlset", "url").len())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let last = read(&files[3].1, "urlset", "url");
        assert_eq!(last[0].0, "https://example.org/guide/p7/?a=1&b=2");
    }

    #[test]
    fn the_limit_is_the_protocol_s() {
        assert_eq!(MAX_URLS, 50_000);
        assert_eq!(file_names(50_000, MAX_URLS).len(), 1);
        assert_eq!(file_names(50_001, MAX_URLS).len(), 3);
    }
}
