//! The site-wide files made beside the pages, for crawlers and feed readers: the sitemap,
//! the Atom feed and `robots.txt`; and the brand colours' stylesheet, when the site has one. They are written through the same sink as the pages, after
//! them, and only when every page is built. A site's own `static/robots.txt` replaces the
//! one careleaf would make (a site may need its own crawling rules); the sitemap and the feed
//! cannot be replaced.

use std::sync::Arc;

use super::pages::PageList;
use super::sink::Sink;
use super::sitemap::SitemapCache;
use super::{brand, feed, robots, sitemap};
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;

/// The output path of every file [`write`] makes for `site` (for the clash check with static
/// files and for links to them). `own_robots`: the site has its own `robots.txt`.
pub fn paths(site: &Site, own_robots: bool) -> Vec<String> {
    let mut out = sitemap::files(site);
    if feed::exists(site) {
        out.push(feed::FILE.to_owned());
    }
    if !own_robots {
        out.push(robots::FILE.to_owned());
    }
    if brand::render(&site.config.branding).is_some() {
        out.push(brand::FILE.to_owned());
    }
    out
}

/// Makes the files and hands each to `sink`; a file that cannot be written is an error.
/// `list`: the pages of `site`. `own_robots`: the site has its own `robots.txt`, copied as a
/// static file instead. `sitemaps` keeps the last sitemap.
pub fn write(
    site: &Site,
    list: &Arc<PageList>,
    own_robots: bool,
    sitemaps: &mut SitemapCache,
    sink: &Sink,
    diags: &mut Diagnostics,
) {
    let mut files = sitemaps.render(site, list);
    let mut text_file = |name: &str, text: String| {
        files.push((name.to_owned(), Arc::from(text.into_bytes())));
    };
    if let Some(text) = feed::render(site) {
        text_file(feed::FILE, text);
    }
    if !own_robots {
        text_file(robots::FILE, robots::render(&site.config.urls));
    }
    if let Some(css) = brand::render(&site.config.branding) {
        text_file(brand::FILE, css);
    }
    for (path, bytes) in files {
        if let Err(e) = sink(&path, &bytes) {
            diags.push(Diagnostic::file_error(&path, format!("cannot write: {e}")));
        }
    }
}
