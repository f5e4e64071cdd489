//! Rendering the site's pages: each page's context is made and rendered through the theme's
//! templates inside one parallel loop (so a large site never holds every context at once),
//! taken from the page cache instead when its inputs have not changed, and handed to the
//! sink.
//!
//! [`context`] is the contract with themes (every value a template may use); `jobs` makes
//! each page's context from those values; `meta` adds each page's breadcrumb trail and
//! structured data; `shared` makes the values many pages share, once; `keys` says what each
//! page is made from; [`PageCache`] keeps pages between builds.

mod cache;
pub mod context;
mod jobs;
mod keys;
mod list;
mod meta;
mod shared;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::Markdown;
use super::sink::Sink;
use super::templates::Templates;
use crate::cache::Generation;
use crate::content::Document;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;
pub use cache::PageCache;
use jobs::{Job, PageCtx};
use keys::PageKeys;
pub use list::PageList;
use shared::Shared;

/// What the pages are made from: the site model, its markdown rendered, what the analysis
/// stage found, and the text of the settings file they were made with.
#[derive(Clone, Copy)]
pub struct Made<'a> {
    pub site: &'a Site,
    pub md: &'a Markdown<'a>,
    pub analysis: &'a crate::analyze::Analysis,
    pub settings: &'a str,
}

/// A page of the site as the files beside the pages (the sitemap) see it.
pub struct Listed<'a> {
    /// The site path (`/articles/x/`).
    pub path: &'a str,
    /// The article or standalone page it is made from; `None` for generated pages.
    pub doc: Option<&'a Document>,
}

/// True for the pages a reader or crawler can be sent to: every page but the not-found page,
/// which stands in for addresses the site does not have, and the search page, which shows
/// nothing of its own until a reader asks.
fn is_listed(job: &Job) -> bool {
    !matches!(job, Job::NotFound | Job::Search)
}

/// Every page of `list` (the pages of `site`) a reader or crawler can be sent to, in the
/// order pages are made.
pub fn listed<'a>(site: &'a Site, list: &'a PageList) -> Vec<Listed<'a>> {
    list.pages()
        .filter(|(job, _, _)| is_listed(job))
        .map(|(job, path, _)| Listed {
            path,
            doc: match job {
                Job::Article(i) => Some(&*site.articles[i].doc),
                Job::Page(i) => Some(&*site.pages[i]),
                _ => None,
            },
        })
        .collect()
}

/// How many pages [`listed`] lists (without making their paths).
pub fn listed_count(site: &Site) -> usize {
    Job::all(site).iter().filter(|j| is_listed(j)).count()
}

/// Which of a site's pages to render.
#[derive(Clone, Copy)]
pub enum Which<'a> {
    All,
    /// Those whose output files are in the set.
    Files(&'a HashSet<String>),
    /// All but the articles' pages (made by [`ArticlePages`] already).
    AllButArticles,
}

impl Which<'_> {
    fn includes(self, job: Job, file: &str) -> bool {
        match self {
            Which::All => true,
            Which::Files(files) => files.contains(file),
            Which::AllButArticles => !matches!(job, Job::Article(_)),
        }
    }
}

/// Renders the pages of the site `which` says and hands each to `sink`. Template and write
/// errors are reported, without the page's path for template errors, so one template error
/// on many pages is reported once. Returns how many pages were rendered.
pub fn render(
    from: &Made,
    list: &PageList,
    tera: &Templates,
    which: Which,
    cache: &mut PageCache,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    let Made {
        site,
        md,
        analysis,
        settings,
    } = *from;
    let shared = Shared::new(site, md, analysis);
    let base = base_context(&shared);
    let keys = cache
        .is_enabled()
        .then(|| PageKeys::new(&shared, tera.fingerprint(), settings, cache.summaries()));
    let has_search = tera.has(super::templates::SEARCH);
    let jobs: Vec<(Job, &str)> = list
        .pages()
        .filter(|(job, _, _)| has_search || !matches!(job, Job::Search))
        .filter(|(job, _, file)| which.includes(*job, file))
        .map(|(job, _, file)| (job, file))
        .collect();
    let total = jobs.len();
    let memo = cache.generation();
    let renderer = PageRenderer {
        shared: &shared,
        base: &base,
        tera,
        keys: keys.as_ref(),
        memo: &memo,
        sink,
    };
    let problems: Vec<Diagnostic> = jobs
        .into_par_iter()
        .filter_map(|(job, file)| renderer.page(job, file))
        .collect();
    drop(memo);
    cache.hold(site, md, analysis, keys.map(|k| k.summaries()));
    let failed = problems.len();
    diags.extend(problems);
    total - failed
}

/// Renders one build's pages.
struct PageRenderer<'a> {
    shared: &'a Shared<'a>,
    /// The context every page starts from (`site`).
    base: &'a tera::Context,
    tera: &'a Templates,
    /// `None` when pages are not cached (then no key is ever asked for).
    keys: Option<&'a PageKeys<'a>>,
    memo: &'a Generation<'a, Arc<[u8]>>,
    sink: &'a Sink<'a>,
}

impl PageRenderer<'_> {
    /// Renders (or reuses) `job`'s page and hands it to the sink; the problem, if any.
    fn page(&self, job: Job, file: &str) -> Option<Diagnostic> {
        let key = || self.keys.map_or(0, |keys| keys.of(job, file));
        let made = self.memo.get_or_try_make(key, || self.html(job));
        match made {
            Ok(bytes) => hand_on(self.sink, file, &bytes),
            Err(problem) => Some(problem),
        }
    }

    fn html(&self, job: Job) -> Result<Arc<[u8]>, Diagnostic> {
        through_template(self.tera, self.base, job, |c| job.context(self.shared, c))
    }
}

/// The context every page starts from: `site`.
fn base_context(shared: &Shared) -> tera::Context {
    let mut base = tera::Context::new();
    base.insert("site", &shared.site_ctx);
    base
}

/// The room a page is rendered into at first, in bytes: an article page of the benchmark
/// sites takes 11 to 24 KiB (the room is let go as soon as the page is copied out).
const PAGE_ROOM: usize = 32 * 1024;

/// Page `job`: `base` with what `fill` adds to it, through the job's template.
fn through_template(
    tera: &Templates,
    base: &tera::Context,
    job: Job,
    fill: impl FnOnce(&mut TeraCtx),
) -> Result<Arc<[u8]>, Diagnostic> {
    let mut ctx = TeraCtx(base.clone());
    fill(&mut ctx);
    // Rendered as bytes (what the sink takes): a page is not read back as text, so Tera's
    // check that its output is UTF-8 (it always is) is left out. Room for most pages is
    // made once.
    let mut html = Vec::with_capacity(PAGE_ROOM);
    match tera.tera.render_to(job.template(), &ctx.0, &mut html) {
        Ok(()) => Ok(Arc::from(html)),
        Err(e) => Err(tera.diagnostic("cannot render the page: ", &e)),
    }
}

/// Hands page `file` to `sink`; the problem, if it cannot be written.
fn hand_on(sink: &Sink, file: &str, bytes: &Arc<[u8]>) -> Option<Diagnostic> {
    sink(file, bytes)
        .err()
        .map(|e| Diagnostic::file_error(file, format!("cannot write: {e}")))
}

/// The articles' pages made one at a time, each from a body rendered just before (a
/// one-off build, which so never holds every body at once). Each page is the one
/// [`render`] makes.
pub struct ArticlePages<'a> {
    shared: Shared<'a>,
    base: tera::Context,
    tera: &'a Templates,
    /// Each article's output file.
    files: Vec<&'a str>,
}

impl<'a> ArticlePages<'a> {
    /// Ready to make the article pages of `list` (the pages of `from.site`); `from.md`
    /// needs no article bodies.
    pub fn new(from: &Made<'a>, list: &'a PageList, tera: &'a Templates) -> Self {
        let shared = Shared::new(from.site, from.md, from.analysis);
        let base = base_context(&shared);
        let mut files = vec![""; from.site.articles.len()];
        for (job, _, file) in list.pages() {
            if let Job::Article(i) = job {
                files[i] = file;
            }
        }
        ArticlePages {
            shared,
            base,
            tera,
            files,
        }
    }

    /// Makes article `i`'s page with its body `piece` and hands it to `sink`; the problem,
    /// if any.
    pub fn page(&self, i: usize, piece: &super::Piece, sink: &Sink) -> Option<Diagnostic> {
        let fill = |c: &mut TeraCtx| jobs::article_context(&self.shared, i, piece, c);
        match through_template(self.tera, &self.base, Job::Article(i), fill) {
            Ok(bytes) => hand_on(sink, self.files[i], &bytes),
            Err(problem) => Some(problem),
        }
    }
}

/// A page's context for Tera.
struct TeraCtx(tera::Context);

impl PageCtx for TeraCtx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.insert(key, value);
    }

    fn insert_value(&mut self, key: &'static str, value: tera::Value) {
        self.0.insert_value(key, value);
    }
}
