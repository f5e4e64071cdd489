//! One staged build, the only way careleaf builds a site: settings and theme → content →
//! site model → the analysis beside the markdown → link check → templates → the pages
//! beside the sitemap, feed and robots.txt, the search index and the report's subjects.
//! Stages side by side read the same model and none reads another's result; each keeps its
//! own problems, added in a fixed order, so a run reports what a serial one would. Every
//! file is handed to a [`Sink`] as it is made.
//!
//! Every command runs these same stages and differs only in its [`Plan`] (which pages to
//! render, text for files not yet saved) and its [`Caches`]: `build` sends every page to the
//! output folder's staging area, `check` discards them, the preview keeps them in memory
//! with its caches enabled, and the FAQ checks render only the pages whose anchors links
//! need confirmed. One-off builds (`build`, `check`, `report`) run the same stages with the
//! articles streamed through them (`streamed.rs`, [`Pages::Streamed`]), so that a large
//! site's HTML and text are not all held at once.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::config::{Config, UrlScheme};
use crate::content::source::SourceFile;
use crate::content::{Overrides, ParseCache};
use crate::diag::{Diagnostic, Diagnostics};
use crate::links::{AnchorWatch, LinkCache};
use crate::output::check_clashes;
use crate::render::pages::{Made, PageCache, PageList, Which};
use crate::render::search::ranking::Merger;
pub use crate::render::sink::{MemorySink, OutputFile, Sink};
use crate::render::templates::Templates;
use crate::render::{Markdown, MarkdownCache};
use crate::site::{Options, Site};
use crate::theme::{Asset, Theme};
use crate::timings::{Timer, timed};

mod streamed;

/// What a successful build made (the pages themselves went to the sink).
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    /// Pages rendered.
    pub pages: usize,
    /// The search index written beside the pages (empty when pages were not all rendered).
    pub search: crate::render::search::Size,
    /// Static files to copy: output path → source.
    pub assets: BTreeMap<String, Asset>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// What the analysis stage found: review status of every article, page and FAQ entry.
    pub analysis: crate::analyze::Analysis,
    /// What each analysed item is (title, file, address), indexed like `analysis`.
    pub subjects: crate::analyze::Subjects,
    pub elapsed: std::time::Duration,
}

/// What one build may reuse from the builds before it. The preview server keeps one for its
/// whole life; a one-off build uses a disabled one (the default). Caches only skip work whose
/// inputs are unchanged, so a build with a cache makes exactly what a build without one makes.
#[derive(Debug, Default)]
pub struct Caches {
    pub parse: ParseCache,
    /// Readability counts and plain-language findings of each text.
    pub text: crate::analyze::TextCache,
    pub markdown: MarkdownCache,
    /// The link targets, and which pieces' links were all fine against them.
    pub links: LinkCache,
    pub pages: PageCache,
    /// Each document's search index entry.
    pub search: crate::render::search::SearchCache,
    /// What the site model derived from front matter, the FAQ and the topics.
    pub site: crate::site::SiteCache,
    /// What the report names each article and page.
    pub subjects: crate::analyze::SubjectCache,
    /// The last sitemap.
    pub sitemap: crate::render::sitemap::SitemapCache,
}

impl Caches {
    /// True when these caches keep results between builds.
    pub fn is_enabled(&self) -> bool {
        self.pages.is_enabled()
    }

    /// Caches that keep their results between builds.
    pub fn enabled() -> Self {
        Caches {
            parse: ParseCache::enabled(),
            text: crate::analyze::TextCache::enabled(),
            markdown: MarkdownCache::enabled(),
            links: LinkCache::enabled(),
            pages: PageCache::enabled(),
            search: crate::render::search::SearchCache::enabled(),
            site: crate::site::SiteCache::enabled(),
            subjects: crate::analyze::SubjectCache::enabled(),
            sitemap: crate::render::sitemap::SitemapCache::enabled(),
        }
    }
}

/// Which pages a run renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// Every page, and only when the site has no errors, so nothing half-built reaches the
    /// sink: the preview.
    All,
    /// Every page, each article's page made as soon as its body is rendered, so that the
    /// run never holds every article's HTML at once: one-off builds (`build`, `check`,
    /// `report`). Article pages reach the sink before the checks that follow them, so a run
    /// with errors found there has handed the sink pages (callers discard them, as `build`
    /// does its staging folder). A run with caches, or with only some files read whole,
    /// renders as [`Pages::All`] does.
    Streamed,
    /// Only the pages holding anchors that links need confirmed, even when other files have
    /// errors, to check an edit's links before it is saved. Template problems are left for a
    /// build to report.
    AnchorTargets,
}

/// How one run of the pipeline differs from another.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    pub options: Options,
    /// Text for files not yet saved, used instead of what is on disk.
    pub overrides: &'a Overrides,
    pub pages: Pages,
    /// Only errors will be read from the run: the analysis stage, which finds nothing but
    /// warnings (reading level, plain language, reviews due), is skipped.
    pub errors_only: bool,
}

static NO_OVERRIDES: Overrides = Overrides {
    faq: None,
    topics: None,
    bodies: None,
};

impl Plan<'_> {
    /// Every page of the files as saved, stage after stage: the preview. [`build`] streams
    /// them instead ([`Pages::Streamed`]).
    pub fn every_page(options: Options) -> Plan<'static> {
        Plan {
            options,
            overrides: &NO_OVERRIDES,
            pages: Pages::All,
            errors_only: false,
        }
    }

    /// Every check a build makes, with `overrides` in place, rendering only what anchors
    /// need: validating an edit.
    pub fn check_edit(options: Options, overrides: &Overrides) -> Plan<'_> {
        Plan {
            options,
            overrides,
            pages: Pages::AnchorTargets,
            errors_only: false,
        }
    }
}

/// Builds the site at `root` as `plan` says, reusing and refreshing `caches`, handing each
/// page to `sink`. All problems of the run come back together; with errors, the sink may
/// have received some pages (callers discard them).
pub fn run(
    root: &Path,
    plan: Plan,
    caches: &mut Caches,
    sink: &Sink,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(loaded) = load(root, &plan, caches, &mut diags) else {
        return Err(diags);
    };
    let Loaded {
        config_source,
        theme,
        site,
    } = loaded;
    let Some(theme) = theme else {
        return failed(diags);
    };
    let whole = plan.overrides.bodies.is_none();
    if plan.pages == Pages::Streamed && whole && !caches.is_enabled() && !diags.has_errors() {
        // With templates that compile: else the run below reports their problems.
        let mut compiled = Diagnostics::new();
        let tera = crate::render::templates::engine(&theme, &mut compiled);
        if let Some(tera) = tera.filter(|_| !compiled.has_errors()) {
            diags.append(compiled);
            let ready = streamed::Ready {
                site,
                config_source,
                theme,
                tera: &tera,
            };
            return streamed::run(ready, plan, diags, sink, started);
        }
    }
    let mut timer = Timer::start();
    // The analysis only reads the model; it runs beside the markdown and the checks that
    // follow it, each with its own list of problems, added in a fixed order.
    let mut analysed = Diagnostics::new();
    let (analysis, md) = rayon::join(
        || {
            timed("  (analysis)", || match plan.errors_only {
                true => crate::analyze::Analysis::default(),
                false => {
                    crate::analyze::run(&site, plan.options.today, &mut caches.text, &mut analysed)
                }
            })
        },
        || {
            timed("  (markdown)", || {
                crate::render::render_markdown(&site, Some(&config_source), &mut caches.markdown)
            })
        },
    );
    diags.append(analysed);
    timer.lap("analysis and markdown");
    if let Some(wider) = crate::edit_focus::widen(&site, &md, plan.overrides) {
        // A link names a heading of a file read without its text: read it whole, start again.
        drop(md);
        return run(
            root,
            Plan {
                overrides: &wider,
                ..plan
            },
            caches,
            sink,
        );
    }
    let made = Made {
        site: &site,
        md: &md,
        analysis: &analysis,
        settings: &config_source.text,
    };
    let list = caches.pages.list(&site);
    let checked = check_links(
        made,
        &list,
        &theme,
        plan.pages,
        &mut caches.links,
        &mut diags,
    );
    checks_after_links(&site, &md, &config_source, &mut diags);
    timer.lap("link check");
    if plan.options.strict {
        diags.promote_warnings();
    }
    let mut written = None;
    let pages = match plan.pages {
        Pages::All | Pages::Streamed => {
            let tera = crate::render::templates::engine(&theme, &mut diags);
            timer.lap("templates");
            if diags.has_errors() {
                return failed(diags);
            }
            let made = write_all(&checked, tera.as_ref(), Which::All, None, caches, sink);
            timer.lap("pages, sitemap, feed, search index and subjects");
            let pages = made.pages;
            written = Some(made);
            pages
        }
        Pages::AnchorTargets => {
            let pages = checked.render_anchor_targets(&mut caches.pages, sink);
            timer.lap("render pages");
            pages
        }
    };
    let (search, subjects) = finish(checked, written, &mut diags, &mut caches.subjects);
    drop(md);
    timer.lap("finish");
    built(
        site, theme, pages, search, subjects, analysis, diags, started,
    )
}

/// The checks of the markdown that follow the link check, and the site's trust warnings.
fn checks_after_links(site: &Site, md: &Markdown, settings: &SourceFile, diags: &mut Diagnostics) {
    let emergency_number = site.config.health.emergency_number.as_deref();
    crate::callout_check::check(md, emergency_number, diags);
    crate::code_check::check(md, diags);
    crate::writing_check::check(md, diags);
    diags.extend(site.trust_warnings(settings));
}

/// The end of every run: the anchors no page had, the problems [`write_all`] found, the
/// problems in order; the search index's size and the report's subjects (made here when
/// `write_all` did not make them).
fn finish(
    checked: Checked,
    written: Option<Written>,
    diags: &mut Diagnostics,
    subjects: &mut crate::analyze::SubjectCache,
) -> (crate::render::search::Size, crate::analyze::Subjects) {
    let made = match written {
        Some(written) => {
            diags.append(written.diags);
            (written.search, written.subjects)
        }
        None => (
            crate::render::search::Size::default(),
            crate::analyze::subject::of_cached(checked.made.site, subjects),
        ),
    };
    diags.extend(checked.anchors.unresolved());
    diags.sort();
    made
}

/// What a run built, or its problems when any is an error.
#[allow(clippy::too_many_arguments)]
fn built(
    site: Site,
    theme: Theme,
    pages: usize,
    search: crate::render::search::Size,
    subjects: crate::analyze::Subjects,
    analysis: crate::analyze::Analysis,
    diags: Diagnostics,
    started: Instant,
) -> Result<Built, Diagnostics> {
    if diags.has_errors() {
        return Err(diags);
    }
    let config = site.config.clone();
    // Every article's document and lists, handed back on a worker thread: the build's
    // result (the preview's next page, the command's summary) need not wait for it.
    rayon::spawn(move || drop(site));
    Ok(Built {
        config,
        pages,
        search,
        assets: theme.assets,
        diagnostics: diags,
        analysis,
        subjects,
        elapsed: started.elapsed(),
    })
}

/// Builds the site at `root`, handing each page to `sink`: [`run`] with every page,
/// streamed ([`Pages::Streamed`]), and no caches.
pub fn build(root: &Path, options: Options, sink: &Sink) -> Result<Built, Diagnostics> {
    let plan = Plan {
        pages: Pages::Streamed,
        ..Plan::every_page(options)
    };
    run(root, plan, &mut Caches::default(), sink)
}

/// [`build`], reusing and refreshing `caches`.
pub fn build_cached(
    root: &Path,
    options: Options,
    sink: &Sink,
    caches: &mut Caches,
) -> Result<Built, Diagnostics> {
    run(root, Plan::every_page(options), caches, sink)
}

/// Checks the site's content and links as a build would, with some files replaced by new
/// text (not yet written). Only the pages that anchors point at are rendered (to find their
/// ids); nothing is written. Used to validate an edit before it is saved.
pub fn check_content(root: &Path, options: Options, overrides: &Overrides) -> Diagnostics {
    let plan = Plan::check_edit(options, overrides);
    match run(root, plan, &mut Caches::default(), &|_, _| Ok(())) {
        Ok(built) => built.diagnostics,
        Err(diags) => diags,
    }
}

/// The errors [`check_content`] finds: the same checks but those that can only warn.
pub fn content_errors(root: &Path, options: Options, overrides: &Overrides) -> Diagnostics {
    let plan = Plan {
        // Strict runs make warnings errors: then every check counts.
        errors_only: !options.strict,
        ..Plan::check_edit(options, overrides)
    };
    let diags = match run(root, plan, &mut Caches::default(), &|_, _| Ok(())) {
        Ok(built) => built.diagnostics,
        Err(diags) => diags,
    };
    let mut errors = Diagnostics::new();
    errors.extend(diags.into_iter().filter(Diagnostic::is_error));
    errors
}

/// Builds the site and keeps every page in memory, sorted by path.
pub fn build_in_memory(
    root: &Path,
    options: Options,
) -> Result<(Built, Vec<OutputFile>), Diagnostics> {
    let memory = MemorySink::new();
    let built = build(root, options, &memory.sink())?;
    Ok((built, memory.into_files()))
}

fn failed(mut diags: Diagnostics) -> Result<Built, Diagnostics> {
    diags.sort();
    Err(diags)
}

/// What [`write_all`] made.
struct Written {
    pages: usize,
    search: crate::render::search::Size,
    subjects: crate::analyze::Subjects,
    diags: Diagnostics,
}

/// Renders the pages of `checked` that `which` says (with `tera`, when the templates could
/// be compiled) and makes the files beside the pages, the search index and the report's
/// subjects, side by side: none reads another's result. Each hands its files to `sink`.
/// With `read`, the index's first documents (the articles) were read into it already, as a
/// streamed run makes their pages (see [`crate::render::search::write_streamed`]).
fn write_all(
    checked: &Checked,
    tera: Option<&Templates>,
    which: Which,
    read: Option<Merger>,
    caches: &mut Caches,
    sink: &Sink,
) -> Written {
    let Made { site, md, .. } = checked.made;
    let list = checked.list;
    let (mut paged, mut beside) = (Diagnostics::new(), Diagnostics::new());
    let own_robots = checked
        .theme
        .assets
        .contains_key(crate::render::robots::FILE);
    let (pages, search, sitemaps, subjects) = (
        &mut caches.pages,
        &mut caches.search,
        &mut caches.sitemap,
        &mut caches.subjects,
    );
    let (pages, (search, subjects)) = rayon::join(
        || {
            timed("  (pages)", || {
                tera.map_or(0, |tera| {
                    checked.render(tera, which, pages, sink, &mut paged)
                })
            })
        },
        || {
            timed("  (site files)", || {
                crate::render::site_files::write(
                    site,
                    list,
                    own_robots,
                    sitemaps,
                    sink,
                    &mut beside,
                )
            });
            rayon::join(
                || {
                    timed("  (search)", || match read {
                        Some(read) => {
                            crate::render::search::write_streamed(site, md, read, sink, &mut beside)
                        }
                        None => crate::render::search::write(site, md, search, sink, &mut beside),
                    })
                },
                || {
                    timed("  (subjects)", || {
                        crate::analyze::subject::of_cached(site, subjects)
                    })
                },
            )
        },
    );
    paged.append(beside);
    Written {
        pages,
        search,
        subjects,
        diags: paged,
    }
}

/// A site loaded and modelled, before rendering.
struct Loaded {
    config_source: SourceFile,
    theme: Option<Theme>,
    site: Site,
}

/// Settings, theme, content and the site model. `None` when the settings cannot be read.
fn load(root: &Path, plan: &Plan, caches: &mut Caches, diags: &mut Diagnostics) -> Option<Loaded> {
    let (mut config, config_source) = Config::load(root, diags)?;
    if plan.options.preview {
        // The preview serves the site at `/` of whatever address it was opened at.
        config.urls = UrlScheme::root_only("");
    }
    let mut timer = Timer::start();
    let theme = Theme::load(&config.root, &config.theme, diags);
    timer.lap("theme");
    let content = crate::content::load_with(&config.root, diags, &mut caches.parse, plan.overrides);
    timer.lap("content");
    let site = Site::build_cached(config, content, plan.options, &mut caches.site, diags);
    timer.lap("site model");
    Some(Loaded {
        config_source,
        theme,
        site,
    })
}

/// Checks every link (and, when every page is to be written, that no static file takes the
/// place of a page or of a file written beside the pages). Anchors only a rendered page can confirm are left to watch for.
fn check_links<'a>(
    made: Made<'a>,
    list: &'a Arc<PageList>,
    theme: &'a Theme,
    pages: Pages,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Checked<'a> {
    let (site, md) = (made.site, made.md);
    let pending = crate::links::check(site, md, theme, cache, diags);
    if pages != Pages::AnchorTargets {
        let root = &site.config.root;
        let what = "a generated page";
        diags.extend(check_clashes(root, list.files(), &theme.assets, what));
        let own_robots = theme.assets.contains_key(crate::render::robots::FILE);
        let site_files = crate::render::site_files::paths(site, own_robots);
        let what = "the sitemap or feed careleaf makes";
        diags.extend(check_clashes(root, &site_files, &theme.assets, what));
    }
    Checked {
        made,
        list,
        theme,
        anchors: AnchorWatch::new(pending),
    }
}

/// A site whose links are checked, ready to render.
struct Checked<'a> {
    made: Made<'a>,
    /// The pages to render.
    list: &'a Arc<PageList>,
    theme: &'a Theme,
    /// Anchors to look for in the rendered pages.
    anchors: AnchorWatch,
}

impl Checked<'_> {
    /// Renders the pages `which` says, looking for the anchors as they go by to the sink.
    /// Returns how many pages were rendered.
    fn render(
        &self,
        tera: &Templates,
        which: Which,
        cache: &mut PageCache,
        sink: &Sink,
        diags: &mut Diagnostics,
    ) -> usize {
        let watching = |path: &str, bytes: &Arc<[u8]>| -> Result<(), String> {
            self.anchors.observe(path, bytes);
            sink(path, bytes)
        };
        crate::render::pages::render(&self.made, self.list, tera, which, cache, &watching, diags)
    }

    /// Renders only the pages the anchors are on. Template problems are not reported here:
    /// an anchor on a page that cannot be rendered stays unconfirmed.
    fn render_anchor_targets(&self, cache: &mut PageCache, sink: &Sink) -> usize {
        let files = self.anchors.files();
        if files.is_empty() {
            return 0;
        }
        let mut ignored = Diagnostics::new();
        match crate::render::templates::engine(self.theme, &mut ignored) {
            Some(tera) => self.render(&tera, Which::Files(&files), cache, sink, &mut ignored),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FaqText;

    /// A plain build as of a fixed day.
    fn options() -> Options {
        Options::new(crate::content::date::Date::parse("2026-06-01").expect("a date"))
    }

    /// A site whose `a.md` links to an anchor only the rendered topic page can confirm (and
    /// that page does not have), and whose `b.md` has `b_body`.
    fn site(b_body: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\ndescription: D\n\
             editorial_policy: E.\nfunding: F.\nprivacy: P.\ncontact: C.\n",
        );
        write(
            "content/articles/a.md",
            "---\ntitle: A\ntopics: [pain]\n---\nSee [pain](/topics/pain/#no-such-part).\n",
        );
        write(
            "content/articles/b.md",
            &format!("---\ntitle: B\n---\n{b_body}\n"),
        );
        dir
    }

    fn messages(diags: &Diagnostics) -> Vec<String> {
        diags.iter().map(|d| d.message.to_string()).collect()
    }

    const ANCHOR_ERROR: &str = "broken link `/topics/pain/#no-such-part`: /topics/pain/ has no \
                                heading or entry with the id `no-such-part`";
    const BROKEN_LINK: &str = "broken link `/nowhere/`: nothing in this site is at /nowhere/";

    #[test]
    fn every_page_renders_nothing_while_the_site_has_errors() {
        let dir = site("[x](/nowhere/)");
        let memory = MemorySink::new();
        let plan = Plan::every_page(options());
        let diags = run(dir.path(), plan, &mut Caches::default(), &memory.sink()).unwrap_err();
        assert_eq!(messages(&diags), [BROKEN_LINK]);
        assert!(memory.into_files().is_empty(), "nothing may reach the sink");
    }

    #[test]
    fn every_page_renders_every_page_then_settles_anchors() {
        let dir = site("Fine.");
        let memory = MemorySink::new();
        let plan = Plan::every_page(options());
        let diags = run(dir.path(), plan, &mut Caches::default(), &memory.sink()).unwrap_err();
        assert_eq!(messages(&diags), [ANCHOR_ERROR]);
        let files = memory.into_files();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        // The search index's files, beside the pages (their layout is tested in
        // render::search).
        let (index, paths): (Vec<&str>, Vec<&str>) = paths
            .into_iter()
            .partition(|p| p.starts_with("search/") && *p != "search/index.html");
        assert!(index.contains(&"search/manifest.json"), "{index:?}");
        assert!(
            index.iter().any(|p| p.starts_with("search/w/")),
            "{index:?}"
        );
        assert_eq!(
            paths,
            [
                "404.html",
                "articles/a/index.html",
                "articles/b/index.html",
                "articles/index.html",
                "contact/index.html",
                "editorial-policy/index.html",
                "faq/index.html",
                "funding/index.html",
                "index.html",
                "privacy/index.html",
                // Beside the pages: no article has a date, so there is no feed.
                "robots.txt",
                "search/index.html",
                "sitemap.xml",
                "topics/index.html",
                "topics/pain/index.html",
            ]
        );
    }

    /// The search index's files of one run of the site at `dir` with `caches`.
    fn search_files(dir: &Path, caches: &mut Caches) -> Vec<(String, Vec<u8>)> {
        let memory = MemorySink::new();
        let plan = Plan::every_page(options());
        let _ = run(dir, plan, caches, &memory.sink());
        memory
            .into_files()
            .into_iter()
            .filter(|f| f.path.starts_with("search/"))
            .map(|f| (f.path, f.bytes))
            .collect()
    }

    #[test]
    fn the_search_cache_makes_what_a_build_without_it_makes() {
        let dir = site("Fine.");
        let mut caches = Caches::enabled();
        let first = search_files(dir.path(), &mut caches);
        assert!(first.iter().any(|(p, _)| p == "search/manifest.json"));
        assert_eq!(search_files(dir.path(), &mut caches), first);
        let write = |text: &str| std::fs::write(dir.path().join("content/articles/b.md"), text);
        write("---\ntitle: B\n---\nNeedling sessions.\n").unwrap();
        let changed = search_files(dir.path(), &mut caches);
        assert_ne!(changed, first);
        assert_eq!(changed, search_files(dir.path(), &mut Caches::default()));
    }

    #[test]
    fn kept_subjects_are_those_a_build_without_caches_makes() {
        let dir = site("Fine.");
        let mut caches = Caches::enabled();
        let plan = || Plan::every_page(options());
        let nowhere = |_: &str, _: &Arc<[u8]>| Ok(());
        let subjects = |caches: &mut Caches| match run(dir.path(), plan(), caches, &nowhere) {
            Ok(built) => built.subjects,
            Err(built) => panic!("{:?}", messages(&built)),
        };
        // The site's one anchor error is left out by checking only subjects: settle it.
        std::fs::write(
            dir.path().join("content/articles/a.md"),
            "---\ntitle: A\ntopics: [pain]\n---\nSee [pain](/topics/pain/).\n",
        )
        .unwrap();
        let first = subjects(&mut caches);
        std::fs::write(
            dir.path().join("content/articles/b.md"),
            "---\ntitle: B renamed\n---\nFine.\n",
        )
        .unwrap();
        let second = subjects(&mut caches);
        assert_eq!(second, subjects(&mut Caches::default()));
        let title = |s: &crate::analyze::Subjects, slug: &str| {
            let found = s
                .articles
                .iter()
                .find(|a| a.path == format!("/articles/{slug}/"));
            found.map(|a| a.title.clone())
        };
        assert_eq!(title(&second, "b").as_deref(), Some("B renamed"));
        let a = |s: &crate::analyze::Subjects| {
            s.articles
                .iter()
                .find(|x| x.path == "/articles/a/")
                .cloned()
                .unwrap()
        };
        assert!(
            Arc::ptr_eq(&a(&first), &a(&second)),
            "an unchanged document's is kept"
        );
    }

    #[test]
    fn checking_an_edit_renders_only_anchor_pages_even_with_errors() {
        let dir = site("[x](/nowhere/)");
        let memory = MemorySink::new();
        let overrides = Overrides {
            faq: Some(FaqText::new(
                "questions:\n  - id: q\n    question: Q?\n    answer: A whole sentence that answers the question well.\n",
            )),
            topics: None,
            bodies: None,
        };
        let plan = Plan::check_edit(options(), &overrides);
        let diags = run(dir.path(), plan, &mut Caches::default(), &memory.sink()).unwrap_err();
        assert_eq!(messages(&diags), [ANCHOR_ERROR, BROKEN_LINK]);
        let files = memory.into_files();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["topics/pain/index.html"]);
        // The override was used: the FAQ file on disk does not exist.
        assert!(!dir.path().join("content/faq.yaml").exists());
        assert_eq!(
            check_content(dir.path(), options(), &overrides).error_count(),
            2
        );
    }

    #[test]
    fn the_errors_of_an_edit_are_those_of_a_whole_check() {
        let hard = "Notwithstanding considerable interdisciplinary deliberation, \
                    institutionalised physiotherapeutic recommendations remain \
                    fundamentally individualised. "
            .repeat(12);
        let dir = site(&format!("{hard}\n\n[x](/nowhere/)"));
        let overrides = Overrides::default();
        let whole = check_content(dir.path(), options(), &overrides);
        assert!(whole.warning_count() > 0, "the site has warnings to skip");
        let errors = |d: &Diagnostics| -> Vec<String> {
            d.iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect()
        };
        let only = content_errors(dir.path(), options(), &overrides);
        assert_eq!(only.warning_count(), 0);
        assert_eq!(errors(&only), errors(&whole));
        assert_eq!(only.error_count(), 2, "{:?}", messages(&only));
        // Strict: every warning is an error, so nothing is skipped.
        let strict = Options {
            strict: true,
            ..options()
        };
        let only = content_errors(dir.path(), strict, &overrides);
        assert_eq!(
            errors(&only),
            errors(&check_content(dir.path(), strict, &overrides))
        );
        assert!(only.error_count() > 2);
    }

    #[test]
    fn an_article_read_only_to_its_front_matter_is_not_called_blank() {
        let dir = site("Some text.");
        std::fs::write(
            dir.path().join("content/articles/blank.md"),
            "---\ntitle: Blank\n---\n",
        )
        .unwrap();
        let blank = |overrides: &Overrides| -> Vec<String> {
            check_content(dir.path(), options(), overrides)
                .iter()
                .filter(|d| d.kind == crate::diag::Kind::EmptyArticle)
                .map(|d| d.path.to_string())
                .collect()
        };
        assert_eq!(blank(&Overrides::default()), ["content/articles/blank.md"]);
        let heads_only = Overrides {
            bodies: Some(Default::default()),
            ..Overrides::default()
        };
        assert!(blank(&heads_only).is_empty());
        // The one read whole is judged by its text.
        let whole = Overrides {
            bodies: Some([dir.path().join("content/articles/blank.md")].into()),
            ..Overrides::default()
        };
        assert_eq!(blank(&whole), ["content/articles/blank.md"]);
    }

    #[test]
    fn an_edit_s_text_is_checked_instead_of_the_file() {
        let dir = site("Fine.");
        let overrides = Overrides {
            faq: Some(FaqText::new(
                "questions:\n  - id: q\n    question: Q?\n    answr: A.\n",
            )),
            topics: None,
            bodies: None,
        };
        let diags = check_content(dir.path(), options(), &overrides);
        let faq: Vec<_> = diags
            .iter()
            .filter(|d| d.path == "content/faq.yaml")
            .collect();
        assert_eq!(faq.len(), 1, "{:?}", messages(&diags));
        assert_eq!((faq[0].line, faq[0].column), (4, 5));
        // What the text read as is kept with it, for a caller that needs it too.
        let read = overrides.faq.as_ref().and_then(FaqText::read);
        let (_, problems) = &**read.expect("the check read the new text");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].to_string(), faq[0].to_string());
    }
}
