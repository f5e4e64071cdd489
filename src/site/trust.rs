//! The trust pages a health site should have (editorial policy, funding and advertising,
//! privacy, contact): which of them the site has, whether each is a page of `content/pages/`
//! or made from its `site.yaml` key, and the warnings for those it lacks. careleaf never
//! writes one itself: it cannot know who funds a site or how it handles data.

use std::sync::Arc;

use crate::config::health::{TRUST_PAGES, TrustPage, TrustPages};
use crate::content::Document;
use crate::content::source::SourceFile;
use crate::diag::Diagnostic;

/// Where a trust page's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustFrom {
    /// Its `site.yaml` key (markdown), published at `/<slug>/`.
    Settings,
    /// The standalone page with its slug (an index into `site.pages`), which is used
    /// instead of any `site.yaml` key.
    Page(usize),
}

/// A trust page the site has.
#[derive(Debug, Clone, Copy)]
pub struct TrustItem {
    pub page: &'static TrustPage,
    pub from: TrustFrom,
}

/// The trust pages the site has, in footer order: a standalone page with the trust page's
/// slug wins over the `site.yaml` key; a key holding only blanks counts as absent.
pub(super) fn resolve(settings: &TrustPages, pages: &[Arc<Document>]) -> Vec<TrustItem> {
    TRUST_PAGES
        .iter()
        .filter_map(|page| {
            let from = match pages.iter().position(|d| d.slug == page.slug) {
                Some(i) => TrustFrom::Page(i),
                None if has_text(settings, page) => TrustFrom::Settings,
                None => return None,
            };
            Some(TrustItem { page, from })
        })
        .collect()
}

fn has_text(settings: &TrustPages, page: &TrustPage) -> bool {
    settings
        .text(page.key)
        .is_some_and(|text| !text.trim().is_empty())
}

/// A warning for each trust page the site lacks (at the start of `site.yaml`, naming the
/// key to add), and for each `site.yaml` key a page of the same slug overrides (at the key).
pub fn warnings(
    items: &[TrustItem],
    settings: &TrustPages,
    pages: &[Arc<Document>],
    config: &SourceFile,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in TRUST_PAGES {
        let item = items.iter().find(|i| i.page.slug == page.slug);
        match item.map(|i| i.from) {
            None => {
                let (line, col) = if settings.text(page.key).is_some() {
                    config.locate_key(page.key)
                } else {
                    (1, 1)
                };
                out.push(config.warning(line, col, missing_message(page)));
            }
            Some(TrustFrom::Page(i)) if settings.text(page.key).is_some() => {
                let (line, col) = config.locate_key(page.key);
                let file = pages.get(i).map_or("", |d| d.source.rel.as_str());
                out.push(config.warning(
                    line,
                    col,
                    format!(
                        "`{}` is not used: {file} is the site's \"{}\" page (/{}/); remove one of them",
                        page.key,
                        page.title,
                        page.slug
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    out
}

fn missing_message(page: &TrustPage) -> String {
    format!(
        "the site has no \"{}\" page (/{}/), which readers of a health site look for: write it in markdown under `{}:` in site.yaml, or as a page in content/pages/ with the slug `{}`",
        page.title, page.slug, page.key, page.slug
    )
}
