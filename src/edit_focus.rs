//! Which articles and pages a check of an edit must read whole.
//!
//! Checking an edit of a YAML file (`faq add`) needs every article's and page's slug, topics
//! and draft state (links and `related:` lists name them, and "did you mean" hints choose
//! among them) but the text of only those whose headings a link names (`/articles/x/#part`).
//! The content stage reads the others up to the end of their front matter
//! ([`crate::content::Overrides::bodies`]); once the markdown held in YAML is rendered, its
//! links show which files had to be read whole, and [`widen`] names them for a second run.
//! Links in the bodies of articles are not followed: their problems are those articles' own,
//! and a check of an edit reports only problems of the files it edits.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::content::Overrides;
use crate::render::markdown::Target;
use crate::render::{Markdown, Origin, paths};
use crate::site::Site;

/// `overrides` with the files whose headings links in YAML-held markdown name added to the
/// files read whole, or `None` when every such file is read whole already (or all are).
pub fn widen(site: &Site, md: &Markdown, overrides: &Overrides) -> Option<Overrides> {
    let whole = overrides.bodies.as_ref()?;
    let wanted = files_with_named_headings(site, md);
    if wanted.is_subset(whole) {
        return None;
    }
    let mut wider = overrides.clone();
    wider.bodies = Some(whole.union(&wanted).cloned().collect());
    Some(wider)
}

/// The source files of the articles and pages that links in markdown held in YAML point
/// into with a `#fragment`.
fn files_with_named_headings(site: &Site, md: &Markdown) -> BTreeSet<PathBuf> {
    let named: BTreeSet<&str> = md
        .all()
        .filter(|piece| matches!(piece.origin, Origin::Yaml { .. }))
        .flat_map(|piece| &piece.rendered.links)
        .filter_map(|link| match &link.target {
            Target::Site {
                path,
                fragment: Some(f),
            } if !f.is_empty() => Some(path.as_str()),
            _ => None,
        })
        .collect();
    if named.is_empty() {
        return BTreeSet::new();
    }
    let articles = site.articles.iter().map(|a| &a.doc);
    let docs = articles
        .map(|d| (paths::article(&d.slug), d))
        .chain(site.pages.iter().map(|d| (paths::page(&d.slug), d)));
    docs.filter(|(page, _)| named.contains(page.as_str()))
        .map(|(_, d)| d.source.path.clone())
        .collect()
}
