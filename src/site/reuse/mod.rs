//! Reusing the site model between builds (the preview): deciding whether what the last build
//! derived still holds.
//!
//! Everything the model derives (listing order, topics and their lists, related articles,
//! FAQ entries and topics, the lookups by slug and file, and the problems found on the way)
//! comes from the articles' and pages' front matter, slugs and paths, the FAQ file,
//! `topics.yaml` and two options, never from an article's text. So when a build's inputs
//! differ from the last one's only in text (an edited article body), the kept result is used
//! again with the new documents swapped in ([`derived`]). A document the parse cache handed
//! back unchanged is the same `Arc`, so the check costs a pointer comparison per document;
//! only a changed document's front matter is compared. A title edit keeps the result too
//! when the article stays in its place in the listing. Anything else is derived afresh.
//!
//! The likely-mistake warnings read the articles' text and the errors of other files, so
//! [`super::Site::build_cached`] makes them afresh every build.

mod derived;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use super::articles::listing_order;
use super::mistakes::Found;
use super::{Options, Site};
use crate::config::Config;
use crate::content::source::SourceFile;
use crate::content::{Content, Document};
use crate::diag::Diagnostics;
use derived::Derived;

/// What the last build's model derived, kept for the next build. The default keeps nothing.
#[derive(Debug, Default)]
pub struct SiteCache {
    enabled: bool,
    last: Option<Kept>,
    /// Whether the last build reused what the one before derived.
    reused: bool,
}

/// The last build's inputs and what was derived from them.
#[derive(Debug)]
struct Kept {
    inputs: Inputs,
    derived: Derived,
    /// Files a kept problem points into: where a change of their front matter may move it.
    problem_files: HashSet<String>,
}

/// What the model reads of a build's content, besides the documents' front matter: the
/// documents (held, so that an address cannot be reused by another document), the FAQ and
/// topics files, and what failed to load.
#[derive(Debug)]
pub(super) struct Inputs {
    articles: Vec<Arc<Document>>,
    pages: Vec<Arc<Document>>,
    faq: Option<SourceFile>,
    topics: Option<SourceFile>,
    failed_slugs: Vec<String>,
    faq_failed: bool,
    drafts: bool,
    related_lists: bool,
}

impl Inputs {
    pub fn of(content: &Content, options: Options) -> Inputs {
        Inputs {
            articles: content.articles.clone(),
            pages: content.pages.clone(),
            faq: content.faq.as_ref().map(|f| f.source.clone()),
            topics: content.topics.as_ref().map(|(src, _)| src.clone()),
            failed_slugs: content.failed_slugs.clone(),
            faq_failed: content.faq_failed,
            drafts: options.drafts,
            related_lists: options.related_lists,
        }
    }
}

impl SiteCache {
    /// A cache that keeps the model's derived lists between builds.
    pub fn enabled() -> Self {
        SiteCache {
            enabled: true,
            last: None,
            reused: false,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Whether the last build reused what the build before it derived.
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// The site made from the last build's derived lists and this build's documents, with
    /// what its likely-mistake warnings are made from, when those lists still hold (the
    /// problems found making them are added to `diags`); otherwise the inputs back, to
    /// derive afresh.
    pub(super) fn reuse(
        &mut self,
        config: Config,
        content: Content,
        options: Options,
        diags: &mut Diagnostics,
    ) -> Result<(Site, Found), Box<(Config, Content)>> {
        let kept = self.last.as_mut().filter(|_| self.enabled);
        let changed = kept.as_ref().and_then(|k| k.changes(&content, options));
        self.reused = changed.is_some();
        match (kept, changed) {
            (Some(kept), Some(changed)) => {
                kept.refresh(&content, &changed);
                Ok(kept.derived.assemble(config, content, options, diags))
            }
            _ => Err(Box::new((config, content))),
        }
    }

    /// Keeps what `site` was derived from `inputs`: the `problems` found on the way, the
    /// index in the FAQ file of each FAQ item's entry and what its likely mistakes are made
    /// from.
    pub(super) fn keep(
        &mut self,
        inputs: Inputs,
        site: &Site,
        faq_kept: Vec<usize>,
        problems: &Diagnostics,
        found: &Found,
    ) {
        let derived = Derived::of(site, &inputs, faq_kept, problems, found);
        self.last = derived.map(|derived| Kept {
            problem_files: problems.iter().map(|d| d.path.to_string()).collect(),
            inputs,
            derived,
        });
    }
}

/// The documents of a build that are not the last build's (at the same place in the
/// content's lists), though nothing the model derives changed.
#[derive(Debug, Default)]
struct Changed {
    articles: Vec<usize>,
    pages: Vec<usize>,
}

/// How a document differs from the last build's at the same place, as far as the model is
/// concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Nothing the model reads.
    None,
    /// Only its title, which can move an article in the listing.
    Title,
    /// Something the derived lists or problems depend on.
    Model,
}

impl Kept {
    /// The documents that changed, when `content` (built with `options`) derives exactly
    /// what the last build did; `None` when it does not.
    fn changes(&self, content: &Content, options: Options) -> Option<Changed> {
        let last = &self.inputs;
        let same_settings = last.drafts == options.drafts
            && last.related_lists == options.related_lists
            && last.faq_failed == content.faq_failed
            && last.failed_slugs == content.failed_slugs;
        let same_files = same_file(last.faq.as_ref(), content.faq.as_ref().map(|f| &f.source))
            && same_file(
                last.topics.as_ref(),
                content.topics.as_ref().map(|(s, _)| s),
            );
        if !same_settings || !same_files {
            return None;
        }
        let mut changed = Changed::default();
        // Standalone pages are not ordered, so a new title changes nothing derived.
        self.changed_docs(&last.pages, &content.pages, &mut changed.pages)?;
        let retitled =
            self.changed_docs(&last.articles, &content.articles, &mut changed.articles)?;
        let in_order =
            retitled.is_empty() || self.derived.still_in_order(&content.articles, &retitled);
        in_order.then_some(changed)
    }

    /// The places where `new` holds another document than `old` (added to `changed`) and,
    /// of those, the ones whose title changed; `None` when anything else the model reads
    /// changed.
    fn changed_docs(
        &self,
        old: &[Arc<Document>],
        new: &[Arc<Document>],
        changed: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        if old.len() != new.len() {
            return None;
        }
        let mut retitled = Vec::new();
        for (i, (old, new)) in old.iter().zip(new).enumerate() {
            if Arc::ptr_eq(old, new) {
                continue;
            }
            match self.change(old, new) {
                Change::None => {}
                Change::Title => retitled.push(i),
                Change::Model => return None,
            }
            changed.push(i);
        }
        Some(retitled)
    }

    /// Holds this build's documents where they `changed`, and what their text says.
    fn refresh(&mut self, content: &Content, changed: &Changed) {
        for &i in &changed.articles {
            if let (Some(kept), Some(doc)) =
                (self.inputs.articles.get_mut(i), content.articles.get(i))
            {
                *kept = doc.clone();
                self.derived.text_changed(i, doc);
            }
        }
        for &i in &changed.pages {
            if let (Some(kept), Some(doc)) = (self.inputs.pages.get_mut(i), content.pages.get(i)) {
                *kept = doc.clone();
            }
        }
    }

    /// What changed between the document at one place in the last build and in this one.
    fn change(&self, old: &Document, new: &Document) -> Change {
        let (o, n) = (&old.source, &new.source);
        if o.rel != n.rel || o.path != n.path || old.slug != new.slug {
            return Change::Model;
        }
        if front_matter(old) == front_matter(new) {
            return Change::None;
        }
        // Problems point at lines of the front matter and show them.
        if self.problem_files.contains(&n.rel) {
            return Change::Model;
        }
        let (o, n) = (&old.front, &new.front);
        if o.draft != n.draft || o.topics != n.topics || o.date != n.date || o.weight != n.weight {
            return Change::Model;
        }
        match o.title == n.title {
            true => Change::None,
            false => Change::Title,
        }
    }
}

impl Derived {
    /// Whether the articles (at the places in `articles`) listed `retitled` are still
    /// between the same neighbours in listing order. Every other article's sort key is
    /// unchanged, so then the whole order is.
    fn still_in_order(&self, articles: &[Arc<Document>], retitled: &[usize]) -> bool {
        let mut place = vec![None; articles.len()];
        for (p, listed) in self.articles.iter().enumerate() {
            if let Some(slot) = place.get_mut(listed.doc) {
                *slot = Some(p);
            }
        }
        let doc = |p: usize| self.articles.get(p).and_then(|l| articles.get(l.doc));
        let before = |a: Option<&Arc<Document>>, b: Option<&Arc<Document>>| match (a, b) {
            (Some(a), Some(b)) => listing_order(a, b) == Ordering::Less,
            // The first or last of the list.
            _ => true,
        };
        retitled
            .iter()
            .all(|&i| match place.get(i).copied().flatten() {
                // A draft left out of the listing.
                None => true,
                Some(p) => {
                    let previous = p.checked_sub(1).and_then(doc);
                    before(previous, doc(p)) && before(doc(p), doc(p + 1))
                }
            })
    }
}

/// A document's front matter with its `---` lines: every byte before its text.
fn front_matter(doc: &Document) -> &str {
    doc.source
        .text
        .get(..doc.body_start)
        .unwrap_or(&doc.source.text)
}

/// Whether two readings of a file (the FAQ, `topics.yaml`) have the same place and text.
fn same_file(old: Option<&SourceFile>, new: Option<&SourceFile>) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some(o), Some(n)) => o.rel == n.rel && o.path == n.path && o.text == n.text,
        _ => false,
    }
}
