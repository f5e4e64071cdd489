//! The site model: what the loaded content means once it is taken together.
//!
//! This file holds the model's types and assembles them; the checks that need the whole site
//! and the indexes pages are made from live beside it: `articles` (drafts, duplicate and
//! reserved slugs, listing order), `topics` (defined or taken from use), `faq` (unique
//! ids, topics and related articles of each entry) and `related` (topic indexes, related
//! articles, FAQ entries and topics) and `trust` (which trust pages the site has). Everything
//! refers to items by index, so rendering never searches. `mistakes` warns about what
//! builds but is almost certainly a mistake (an empty article, a topic nothing uses, a
//! too-short answer). `reuse` keeps what a build derived for the next one ([`SiteCache`]): an
//! edit that changes no front matter (an article's text) costs a pointer comparison per
//! document instead of the whole model.

mod articles;
mod faq;
mod mistakes;
mod overlap;
mod related;
mod reuse;
mod topics;
pub mod trust;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::source::SourceFile;
use crate::content::{Content, Document, FaqEntry};
use crate::diag::Diagnostics;
pub use articles::RESERVED_SLUGS;
pub use reuse::SiteCache;
use topics::Topics;
pub use trust::{TrustFrom, TrustItem};

/// Choices that change what a build includes and how strictly it is judged.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Include articles and pages marked `draft: true`.
    pub drafts: bool,
    /// Build for the preview server: links are root-relative at `/` whatever path
    /// `base_url` has, and absolute URLs (canonical, Open Graph) become root-relative too.
    pub preview: bool,
    /// Every warning is an error (`--strict`).
    pub strict: bool,
    /// The date review checks are made against (see [`crate::content::date::today`]).
    pub today: crate::content::date::Date,
    /// Work out each article's related articles and FAQ entries. Only article pages list
    /// them, so checking an edit of the FAQ, which needs none of those lists, leaves them
    /// empty.
    pub related_lists: bool,
}

impl Options {
    /// A plain build as of `today`: no drafts, not the preview, not strict.
    pub fn new(today: crate::content::date::Date) -> Options {
        Options {
            drafts: false,
            preview: false,
            strict: false,
            today,
            related_lists: true,
        }
    }
}

/// How many related articles an article lists.
pub const RELATED_LIMIT: usize = 5;

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub extra: serde_json::Value,
    /// Its line in `topics.yaml`; `None` for a topic taken from use.
    pub line: Option<usize>,
    /// Articles of this topic, in site order.
    pub articles: Vec<usize>,
    /// FAQ entries of this topic, in file order.
    pub faq: Vec<usize>,
    /// Topics that appear together with this one, most shared first.
    pub related: Vec<usize>,
}

/// A listed article. Its lists are shared, so that a model made again from the last build's
/// lists (see [`SiteCache`]) need not copy them.
#[derive(Debug)]
pub struct Article {
    pub doc: Arc<Document>,
    pub topics: Arc<[usize]>,
    pub related: Arc<[usize]>,
    pub related_faq: Arc<[usize]>,
}

#[derive(Debug)]
pub struct FaqItem {
    pub entry: FaqEntry,
    /// Shared, like an article's lists.
    pub topics: Arc<[usize]>,
    pub related: Arc<[usize]>,
}

/// The whole site, checked and indexed.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub options: Options,
    /// Articles in listing order: weight, then newest first, then title.
    pub articles: Vec<Article>,
    pub pages: Vec<Arc<Document>>,
    /// The trust pages the site has (editorial policy, funding, privacy, contact), in
    /// footer order.
    pub trust_pages: Vec<TrustItem>,
    pub topics: Vec<Topic>,
    pub faq: Vec<FaqItem>,
    pub faq_title: String,
    /// Markdown.
    pub faq_intro: Option<String>,
    pub faq_source: Option<SourceFile>,
    pub topics_source: Option<SourceFile>,
    /// Shared, like the other lists of every article, with a model made again from them.
    pub article_by_slug: Arc<HashMap<String, usize>>,
    pub topic_by_slug: HashMap<String, usize>,
    /// Source file (absolute) → article slug, for relative `.md` links.
    pub article_by_file: Arc<HashMap<PathBuf, String>>,
    /// Slugs of drafts left out of this build, so links to them get a clear message.
    pub excluded_drafts: HashSet<String>,
    pub excluded_draft_files: HashSet<PathBuf>,
    /// Slugs of articles and pages that failed to load (links to them are not re-reported).
    pub failed_slugs: HashSet<String>,
    /// The FAQ file failed to load (links into it are not re-reported).
    pub faq_failed: bool,
    /// `glossary.yaml`, entries in alphabetical order, when the site has one.
    pub glossary: Option<crate::content::Glossary>,
}

impl Site {
    /// Builds the model; problems go to `diags` and the offending items are left out.
    pub fn build(
        config: Config,
        content: Content,
        options: Options,
        diags: &mut Diagnostics,
    ) -> Site {
        Site::build_cached(config, content, options, &mut SiteCache::default(), diags)
    }

    /// [`Site::build`], reusing what `cache` kept of the last build when nothing the model
    /// derives from front matter, the FAQ and the topics changed (an edit of an article's
    /// text), and refreshing it otherwise.
    pub fn build_cached(
        config: Config,
        content: Content,
        options: Options,
        cache: &mut SiteCache,
        diags: &mut Diagnostics,
    ) -> Site {
        let (site, found) = match cache.reuse(config, content, options, diags) {
            Ok(reused) => reused,
            Err(unused) => {
                let (config, content) = *unused;
                let inputs = cache
                    .is_enabled()
                    .then(|| reuse::Inputs::of(&content, options));
                let mut problems = Diagnostics::new();
                let (site, faq_kept) = derive(config, content, options, &mut problems);
                let found = crate::timings::timed("  (likely mistakes found)", || {
                    mistakes::Found::of(&site)
                });
                if let Some(inputs) = inputs {
                    cache.keep(inputs, &site, faq_kept, &problems, &found);
                }
                diags.extend(problems);
                (site, found)
            }
        };
        // Some of these wait for the errors of every file to be fixed: made afresh each build.
        crate::timings::timed("  (likely mistakes told)", || {
            mistakes::warn(&site, &found, diags)
        });
        site
    }

    /// Articles newest first (by `date`, then listing order), for the home page.
    pub fn newest_articles(&self, n: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.articles.len()).collect();
        idx.sort_by(|&a, &b| self.newer_first(a, b));
        idx.truncate(n);
        idx
    }

    /// The warnings about trust pages the site lacks or defines twice; `config` is
    /// `site.yaml`.
    pub fn trust_warnings(&self, config: &SourceFile) -> Vec<crate::diag::Diagnostic> {
        trust::warnings(
            &self.trust_pages,
            &self.config.health.trust,
            &self.pages,
            config,
        )
    }

    /// Orders articles `a` and `b` (indexes) newest first, then in listing order.
    pub fn newer_first(&self, a: usize, b: usize) -> Ordering {
        newest_first(&self.articles[a].doc, &self.articles[b].doc).then(a.cmp(&b))
    }
}

/// Everything the model derives from `content`, with the problems found (all but the
/// likely mistakes), and the index in the FAQ file of each FAQ item's entry.
fn derive(
    config: Config,
    content: Content,
    options: Options,
    diags: &mut Diagnostics,
) -> (Site, Vec<usize>) {
    let Content {
        articles,
        pages,
        faq,
        topics,
        glossary,
        failed_slugs,
        faq_failed,
    } = content;
    let mut timer = crate::timings::Timer::start();
    let failed_slugs: HashSet<String> = failed_slugs.into_iter().collect();
    let (articles, drafts) = articles::without_drafts(articles, options);
    let mut articles = articles::unique_slugs(articles, diags);
    let pages = articles::check_pages(pages, options, diags);
    let trust_pages = trust::resolve(&config.health.trust, &pages);
    let mut topics = Topics::new(topics);
    articles::sort_for_listing(&mut articles);
    let articles = model_articles(articles, &mut topics, diags);
    timer.lap("  (articles and their topics)");
    // Two maps of every article, made side by side.
    let (article_by_slug, article_by_file) = rayon::join(
        || -> HashMap<String, usize> {
            (articles.iter().enumerate())
                .map(|(i, a)| (a.doc.slug.clone(), i))
                .collect()
        },
        || -> HashMap<PathBuf, String> {
            (articles.iter())
                .map(|a| (a.doc.source.path.clone(), a.doc.slug.clone()))
                .collect()
        },
    );
    let names = faq::ArticleNames {
        by_slug: &article_by_slug,
        failed: &failed_slugs,
        drafts: &drafts.slugs,
    };
    let faq = faq::model(faq, &mut topics, &names, diags);
    timer.lap("  (article maps and FAQ)");
    let (article_by_slug, article_by_file) = (Arc::new(article_by_slug), Arc::new(article_by_file));
    let mut site = Site {
        config,
        options,
        articles,
        pages,
        trust_pages,
        topics: topics.list,
        faq: faq.items,
        faq_title: faq.title,
        faq_intro: faq.intro,
        faq_source: faq.source,
        topics_source: topics.source,
        article_by_slug,
        topic_by_slug: topics.by_slug,
        article_by_file,
        excluded_drafts: drafts.slugs,
        excluded_draft_files: drafts.files,
        failed_slugs,
        faq_failed,
        glossary: glossary.map(alphabetical),
    };
    crate::timings::timed("  (related lists)", || related::index(&mut site));
    (site, faq.kept)
}

/// Orders documents newest first by `date`; undated ones after every dated one.
fn newest_first(a: &Document, b: &Document) -> Ordering {
    b.front.date.cmp(&a.front.date)
}

/// Articles (in listing order) with their topics resolved; unknown topics are reported.
fn model_articles(
    docs: Vec<Arc<Document>>,
    topics: &mut Topics,
    diags: &mut Diagnostics,
) -> Vec<Article> {
    let mut out = Vec::with_capacity(docs.len());
    // Filled in later (`related::index`); one empty list shared until then.
    let none: Arc<[usize]> = Arc::new([]);
    for doc in docs {
        let topics = topics.resolve_all(&doc.front.topics, diags, |t, message| {
            let fm_end = doc.front_matter_end_line();
            let (l, c) = doc.source.locate_key_value("topics", t, 1, fm_end);
            doc.source.error(l, c, message)
        });
        out.push(Article {
            doc,
            topics: topics.into(),
            related: Arc::clone(&none),
            related_faq: Arc::clone(&none),
        });
    }
    out
}

/// The glossary with its entries in alphabetical order (ignoring case and accents), as its
/// page lists them.
fn alphabetical(mut g: crate::content::Glossary) -> crate::content::Glossary {
    g.entries
        .sort_by_cached_key(|e| (deunicode::deunicode(&e.term).to_lowercase(), e.slug.clone()));
    g
}

/// `dry-needling` → `Dry needling`.
pub fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_slugs() {
        assert_eq!(title_from_slug("dry-needling"), "Dry needling");
        assert_eq!(title_from_slug(""), "");
    }
}
