//! Which articles and pages a build includes, and in what order: drafts left out (unless
//! asked for), duplicate and reserved slugs refused, articles put in listing order.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Options, newest_first};
use crate::content::Document;
use crate::diag::Diagnostics;
use crate::word_map::FastMap;

/// Folder names at the site root that careleaf's own pages use.
pub const RESERVED_SLUGS: &[&str] = &[
    "articles",
    "topics",
    "faq",
    "_careleaf",
    "search",
    "glossary",
];

/// What careleaf's own single pages are, for the message when a page takes their slug.
const OWN_PAGES: &[(&str, &str)] = &[
    ("search", "the site's search page"),
    ("glossary", "the glossary of medical words"),
];

/// Drafts left out of this build, so links to them get a clear message.
#[derive(Debug, Default)]
pub(super) struct Drafts {
    pub slugs: HashSet<String>,
    pub files: HashSet<PathBuf>,
}

/// The articles this build includes, and the drafts it leaves out.
pub(super) fn without_drafts(
    articles: Vec<Arc<Document>>,
    options: Options,
) -> (Vec<Arc<Document>>, Drafts) {
    let mut drafts = Drafts::default();
    let mut kept = Vec::new();
    for doc in articles {
        if doc.front.draft && !options.drafts {
            drafts.slugs.insert(doc.slug.clone());
            drafts.files.insert(doc.source.path.clone());
        } else {
            kept.push(doc);
        }
    }
    (kept, drafts)
}

/// The articles with their own slug; a repeat is reported naming both files, and left out.
pub(super) fn unique_slugs(
    articles: Vec<Arc<Document>>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Document>> {
    // Each slug → the file that took it first (borrowed: a large site has a hundred thousand).
    let mut first_by_slug: FastMap<&str, &str> = FastMap::default();
    let mut repeats = Vec::new();
    for (i, doc) in articles.iter().enumerate() {
        if let Some(other) = first_by_slug.get(doc.slug.as_str()) {
            let (l, c) = slug_position(doc);
            diags.push(doc.source.error(
                l,
                c,
                format!("duplicate article slug `{}`: {} also uses it (articles' URLs are flat, so each needs its own slug)", doc.slug, other),
            ));
            repeats.push(i);
            continue;
        }
        first_by_slug.insert(&doc.slug, &doc.source.rel);
    }
    drop(first_by_slug);
    if repeats.is_empty() {
        return articles;
    }
    articles
        .into_iter()
        .enumerate()
        .filter(|(i, _)| repeats.binary_search(i).is_err())
        .map(|(_, doc)| doc)
        .collect()
}

/// Puts articles in listing order, which decides the order of every list of articles:
/// weight, then newest first, then title, then slug.
pub(super) fn sort_for_listing(articles: &mut [Arc<Document>]) {
    articles.sort_by(|a, b| listing_order(a, b));
}

/// How two articles compare in listing order; only two articles with the same slug are
/// `Equal`.
pub(super) fn listing_order(a: &Document, b: &Document) -> Ordering {
    let wa = a.front.weight.unwrap_or(i64::MAX);
    let wb = b.front.weight.unwrap_or(i64::MAX);
    wa.cmp(&wb)
        .then_with(|| newest_first(a, b))
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

/// The standalone pages this build includes: no drafts, no reserved or repeated slugs.
pub(super) fn check_pages(
    pages: Vec<Arc<Document>>,
    options: Options,
    diags: &mut Diagnostics,
) -> Vec<Arc<Document>> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for doc in pages {
        if doc.front.draft && !options.drafts {
            continue;
        }
        let (l, c) = slug_position(&doc);
        if RESERVED_SLUGS.contains(&doc.slug.as_str()) {
            diags.push(doc.source.error(l, c, reserved_message(&doc.slug)));
            continue;
        }
        if let Some(other) = seen.get(&doc.slug) {
            diags.push(doc.source.error(
                l,
                c,
                format!("duplicate page slug `{}`: {} also uses it", doc.slug, other),
            ));
            continue;
        }
        seen.insert(doc.slug.clone(), doc.source.rel.clone());
        out.push(doc);
    }
    out
}

/// Why a page may not have the reserved `slug`.
fn reserved_message(slug: &str) -> String {
    match OWN_PAGES.iter().find(|(own, _)| *own == slug) {
        Some((_, what)) => format!(
            "page slug `{slug}` is taken: careleaf makes /{slug}/ itself ({what}); give this \
             page another slug"
        ),
        None => {
            format!("page slug `{slug}` is taken by careleaf's own /{slug}/ pages; choose another")
        }
    }
}

fn slug_position(doc: &Document) -> (usize, usize) {
    doc.source
        .locate_key_in("slug", 1, doc.front_matter_end_line())
        .unwrap_or((1, 1))
}
