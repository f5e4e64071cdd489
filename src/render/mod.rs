//! Rendering: markdown to HTML for every item of the site, then every page through the
//! theme's templates.
//!
//! [`markdown`] and [`highlight`] turn text into HTML; [`render_markdown`] runs them over the
//! whole site in parallel; [`pages`] builds template contexts and renders the pages;
//! [`templates`] loads the theme into the template engine. Site paths (the URL contract) are
//! defined here in [`paths`], in one place.

pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod paths;
pub mod templates;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::content::source::SourceFile;
use crate::site::Site;
pub use markdown::Rendered;

/// Where a rendered piece of markdown came from, to point messages at the right place.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// A markdown file whose body starts at byte `body_start`.
    File {
        source: &'a SourceFile,
        body_start: usize,
    },
    /// Markdown held in a YAML value between these lines of `source`.
    Yaml {
        source: &'a SourceFile,
        from: usize,
        to: usize,
    },
}

/// One piece of rendered markdown, the page it lands on and where it came from.
#[derive(Debug, Clone)]
pub struct Piece<'a> {
    pub origin: Origin<'a>,
    pub page: String,
    pub rendered: Arc<Rendered>,
}

/// All markdown of a site, rendered.
#[derive(Debug, Clone)]
pub struct Markdown<'a> {
    pub articles: Vec<Piece<'a>>,
    pub pages: Vec<Piece<'a>>,
    pub faq: Vec<Piece<'a>>,
    pub faq_intro: Option<Piece<'a>>,
    /// Indexed like `site.topics`.
    pub topics: Vec<Option<Piece<'a>>>,
    /// The disclaimer, rendered once for every page.
    pub disclaimer: Option<Piece<'a>>,
}

impl<'a> Markdown<'a> {
    /// Every piece, for link checking.
    pub fn all(&self) -> impl Iterator<Item = &Piece<'a>> {
        self.articles
            .iter()
            .chain(&self.pages)
            .chain(&self.faq)
            .chain(&self.faq_intro)
            .chain(self.topics.iter().flatten())
            .chain(&self.disclaimer)
    }
}

/// Rendered markdown kept between builds (the preview rebuilds often): the same text for the
/// same place renders to the same HTML, so it is not rendered again.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    /// A disabled cache (the default) keeps nothing: one-off builds don't pay for it.
    enabled: bool,
    map: HashMap<u64, Arc<Rendered>>,
}

impl MarkdownCache {
    /// A cache that keeps renderings between builds.
    pub fn enabled() -> Self {
        MarkdownCache {
            enabled: true,
            map: HashMap::new(),
        }
    }
}

/// Everything a rendering depends on, apart from how relative `.md` links resolve.
fn cache_key(text: &str, ctx: &markdown::Context) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        text,
        ctx.base_path,
        ctx.page_path,
        ctx.source_file,
        ctx.id_prefix,
    )
        .hash(&mut h);
    h.finish()
}

/// Renders all markdown of `site` for links under `base_path`.
pub fn render_markdown<'a>(
    site: &'a Site,
    config_source: Option<&'a SourceFile>,
    cache: &mut MarkdownCache,
) -> Markdown<'a> {
    let base = site.config.urls.base_path.as_str();
    let resolve = |p: &Path| -> Option<String> {
        site.article_by_file.get(p).map(|slug| paths::article(slug))
    };
    let used: Mutex<HashMap<u64, Arc<Rendered>>> = Mutex::new(HashMap::new());
    let previous = &*cache;
    let render = |text: &str, ctx: &markdown::Context| -> Arc<Rendered> {
        if !previous.enabled {
            return Arc::new(markdown::render(text, ctx));
        }
        let key = cache_key(text, ctx);
        let rendered = match previous.map.get(&key) {
            // Reuse only if every relative `.md` link still resolves the same way.
            Some(r)
                if r.resolved_files
                    .iter()
                    .all(|(file, was)| (ctx.resolve_file)(file) == *was) =>
            {
                r.clone()
            }
            _ => Arc::new(markdown::render(text, ctx)),
        };
        if let Ok(mut used) = used.lock() {
            used.insert(key, rendered.clone());
        }
        rendered
    };
    let doc_piece = |doc: &'a crate::content::Document, page: String| -> Piece<'a> {
        let ctx = markdown::Context {
            base_path: base,
            page_path: &page,
            source_file: Some(&doc.source.path),
            resolve_file: &resolve,
            id_prefix: "",
        };
        let rendered = render(doc.body(), &ctx);
        Piece {
            origin: Origin::File {
                source: &doc.source,
                body_start: doc.body_start,
            },
            page,
            rendered,
        }
    };
    // Markdown held in YAML shares its page with other pieces: prefix its ids.
    let yaml_piece = |text: &str,
                      page: String,
                      id_prefix: &str,
                      source: &'a SourceFile,
                      from: usize,
                      to: usize| {
        let ctx = markdown::Context {
            base_path: base,
            page_path: &page,
            source_file: Some(&source.path),
            resolve_file: &resolve,
            id_prefix,
        };
        let rendered = render(text, &ctx);
        Piece {
            origin: Origin::Yaml { source, from, to },
            page,
            rendered,
        }
    };

    let articles = site
        .articles
        .par_iter()
        .map(|a| doc_piece(&a.doc, paths::article(&a.doc.slug)))
        .collect();
    let pages = site
        .pages
        .par_iter()
        .map(|d| doc_piece(d, paths::page(&d.slug)))
        .collect();
    let faq = match &site.faq_source {
        Some(src) => site
            .faq
            .par_iter()
            .map(|f| {
                yaml_piece(
                    &f.entry.answer,
                    paths::FAQ.to_owned(),
                    &format!("{}_", f.entry.id),
                    src,
                    f.entry.answer_line,
                    f.entry.last_line,
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let faq_intro = match (&site.faq_intro, &site.faq_source) {
        (Some(intro), Some(src)) => {
            let (line, _) = src.locate_key("intro");
            let end = site.faq.first().map_or(usize::MAX, |f| f.entry.first_line);
            Some(yaml_piece(
                intro,
                paths::FAQ.to_owned(),
                "intro_",
                src,
                line,
                end,
            ))
        }
        _ => None,
    };
    let topics = site
        .topics
        .iter()
        .map(|t| match (&t.description, &site.topics_source) {
            (Some(d), Some(src)) => {
                let (line, _) = src.locate_key(&t.slug);
                Some(yaml_piece(
                    d,
                    paths::topic(&t.slug),
                    &format!("{}_", t.slug),
                    src,
                    line,
                    usize::MAX,
                ))
            }
            _ => None,
        })
        .collect();
    let disclaimer = match config_source {
        Some(src) if !site.config.disclaimer.trim().is_empty() => {
            let (line, _) = src.locate_key("disclaimer");
            // The disclaimer is on every page; check its links as if on the home page.
            Some(yaml_piece(
                &site.config.disclaimer,
                paths::HOME.to_owned(),
                "disclaimer_",
                src,
                line,
                usize::MAX,
            ))
        }
        _ => None,
    };
    if cache.enabled {
        cache.map = used.into_inner().unwrap_or_default();
    }
    Markdown {
        articles,
        pages,
        faq,
        faq_intro,
        topics,
        disclaimer,
    }
}
