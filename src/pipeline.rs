//! One build from start to finish: settings → content → site model → markdown → link check →
//! templates. Pages go to a [`Sink`] as they are rendered: the output folder's staging area
//! for `build`, nowhere for `check`, memory for tests and the preview.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::config::{Config, UrlScheme};
use crate::content::source::SourceFile;
use crate::content::{Overrides, ParseCache};
use crate::diag::Diagnostics;
use crate::render::MarkdownCache;
use crate::render::pages::PageCache;
use crate::render::pages::{OutputFile, Sink};
use crate::site::{Options, Site};
use crate::theme::{Asset, Theme};

/// What a successful build made (the pages themselves went to the sink).
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    /// Pages rendered.
    pub pages: usize,
    /// Static files to copy: output path → source.
    pub assets: BTreeMap<String, Asset>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    pub elapsed: std::time::Duration,
}

/// What one build may reuse from the builds before it. The preview server keeps one for its
/// whole life; a one-off build uses a disabled one. Caches only skip work whose inputs are
/// unchanged, so a build with a cache makes exactly what a build without one makes.
#[derive(Debug, Default)]
pub struct Caches {
    pub parse: ParseCache,
    pub markdown: MarkdownCache,
    pub pages: PageCache,
}

impl Caches {
    /// Caches that keep their results between builds.
    pub fn enabled() -> Self {
        Caches {
            parse: ParseCache::enabled(),
            markdown: MarkdownCache::enabled(),
            pages: PageCache::enabled(),
        }
    }
}

/// Builds the site at `root`, handing each page to `sink`. All problems of the run come
/// back together; with errors, the sink may have received some pages (callers discard them).
pub fn build(root: &Path, options: Options, sink: &Sink) -> Result<Built, Diagnostics> {
    build_cached(root, options, sink, &mut Caches::default())
}

/// [`build`], reusing and refreshing `caches`.
pub fn build_cached(
    root: &Path,
    options: Options,
    sink: &Sink,
    caches: &mut Caches,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(loaded) = load_site(
        root,
        options,
        &mut caches.parse,
        &Overrides::default(),
        &mut diags,
    ) else {
        return Err(diags);
    };
    let mut timer = Timer::new();
    let Loaded {
        config_source,
        theme,
        site,
    } = loaded;
    let md = crate::render::render_markdown(&site, Some(&config_source), &mut caches.markdown);
    timer.lap("markdown");
    let Some(theme) = theme else {
        diags.sort();
        return Err(diags);
    };
    let targets = crate::links::Targets::collect(&site, &md, &theme);
    let pending = crate::links::check(&site, &md, &targets, &mut diags);
    let page_paths = crate::render::pages::page_paths(&site);
    diags.extend(crate::output::check_clashes(
        &site.config.root,
        &page_paths,
        &theme.assets,
    ));
    timer.lap("link check");
    let tera = crate::render::templates::engine(&theme, &mut diags);
    timer.lap("templates");
    // Render only a site without errors: nothing half-built reaches the sink.
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    // Anchors only a rendered page can confirm are looked for as the pages go by.
    let anchors = crate::links::AnchorWatch::new(pending);
    let checking_sink = |path: &str, bytes: &Arc<[u8]>| -> Result<(), String> {
        anchors.observe(path, bytes);
        sink(path, bytes)
    };
    caches.pages.templates = theme.fingerprint();
    let pages = match tera {
        Some(tera) => crate::render::pages::render_all(
            &site,
            &md,
            &tera,
            &mut caches.pages,
            &checking_sink,
            &mut diags,
        ),
        None => 0,
    };
    timer.lap("render pages");
    diags.extend(anchors.unresolved());
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    drop(md);
    Ok(Built {
        config: site.config,
        pages,
        assets: theme.assets,
        diagnostics: diags,
        elapsed: started.elapsed(),
    })
}

/// A site loaded and modelled, before rendering.
struct Loaded {
    config_source: SourceFile,
    theme: Option<Theme>,
    site: Site,
}

/// Settings, theme, content and the site model: the stages every use of the pipeline shares.
fn load_site(
    root: &Path,
    options: Options,
    parse: &mut ParseCache,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let (mut config, config_source) = Config::load(root, diags)?;
    if options.preview {
        // The preview serves the site at `/` of whatever address it was opened at.
        config.urls = UrlScheme::root_only("");
    }
    let mut timer = Timer::new();
    let theme = Theme::load(&config.root, &config.theme, diags);
    timer.lap("theme");
    let content = crate::content::load_with(&config.root, diags, parse, overrides);
    timer.lap("content");
    let site = Site::build(config, content, options, diags);
    timer.lap("site model");
    Some(Loaded {
        config_source,
        theme,
        site,
    })
}

/// Checks the site's content and links as a build would, with some files replaced by new
/// text (not yet written). Only the pages that anchors point at are rendered (to find their
/// ids); nothing is written. Used to validate an edit before it is saved.
pub fn check_content(root: &Path, options: Options, overrides: &Overrides) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(Loaded {
        config_source,
        theme,
        site,
    }) = load_site(
        root,
        options,
        &mut ParseCache::default(),
        overrides,
        &mut diags,
    )
    else {
        return diags;
    };
    let md =
        crate::render::render_markdown(&site, Some(&config_source), &mut MarkdownCache::default());
    if let Some(theme) = theme {
        let targets = crate::links::Targets::collect(&site, &md, &theme);
        let pending = crate::links::check(&site, &md, &targets, &mut diags);
        if !pending.is_empty() {
            // Anchors only a rendered page can confirm: render just those pages.
            let anchors = crate::links::AnchorWatch::new(pending);
            let mut ignored = Diagnostics::new();
            if let Some(tera) = crate::render::templates::engine(&theme, &mut ignored) {
                let sink = |path: &str, bytes: &Arc<[u8]>| -> Result<(), String> {
                    anchors.observe(path, bytes);
                    Ok(())
                };
                let files = anchors.files();
                crate::render::pages::render_some(&site, &md, &tera, &files, &sink, &mut ignored);
            }
            diags.extend(anchors.unresolved());
        }
    }
    diags.sort();
    diags
}

/// Builds the site and keeps every page in memory, sorted by path.
pub fn build_in_memory(
    root: &Path,
    options: Options,
) -> Result<(Built, Vec<OutputFile>), Diagnostics> {
    let files = Mutex::new(Vec::new());
    let sink = |path: &str, bytes: &Arc<[u8]>| -> Result<(), String> {
        files
            .lock()
            .map_err(|_| "a rendering thread failed".to_owned())?
            .push(OutputFile {
                path: path.to_owned(),
                bytes: bytes.to_vec(),
            });
        Ok(())
    };
    let built = build(root, options, &sink)?;
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((built, files))
}

/// Prints how long each stage took when `CARELEAF_TIMINGS` is set (for profiling).
struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    fn new() -> Self {
        Timer {
            on: std::env::var_os("CARELEAF_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "careleaf: {stage}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}
