//! Checking every internal link and image of the site at build time.
//!
//! A link to a page, a static file, a FAQ entry or a heading must point at something this
//! build produces; otherwise it is an error naming the file and line of the link. Links to
//! drafts left out of the build say so. Broken links to one site path are one problem,
//! shown once with the places that link there.
//!
//! A [`LinkCache`] lets the preview check only what an edit can have changed: the targets
//! are kept under a key of everything they are made from, and while that key is unchanged a
//! piece of markdown whose links were all fine and whose rendering is the same `Arc` (the
//! markdown memo hands back the same one for unchanged text) is not checked again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{Generation, Memo};
use crate::diag::{Diagnostic, Diagnostics, Kind, Severity, closest};
use crate::fingerprint::Fingerprint;
use crate::render::markdown::{LAYOUT_IDS, Target};
use crate::render::{Markdown, Origin, Piece, Rendered, paths};
use crate::site::Site;
use crate::theme::Theme;
use crate::word_map::FastMap;

/// Link checks kept between builds (the preview rebuilds often; the default keeps nothing).
#[derive(Debug, Default)]
pub struct LinkCache {
    /// The last build's targets, under their key ([`Targets::key`]).
    targets: Option<(u128, Arc<Targets>)>,
    /// The renderings whose every link was fine, each under the key of the targets it was
    /// checked against and its own identity. The value is the rendering itself, held so that
    /// its address cannot be taken by another while the key is kept.
    clean: Memo<Arc<Rendered>>,
}

impl LinkCache {
    /// A cache that keeps link checks between builds.
    pub fn enabled() -> Self {
        LinkCache {
            targets: None,
            clean: Memo::enabled(),
        }
    }

    /// The targets of `site` (those of the last build when their key is unchanged) and
    /// their key.
    fn targets(&mut self, site: &Site, md: &Markdown, theme: &Theme) -> (u128, Arc<Targets>) {
        if !self.clean.is_enabled() {
            return (0, Arc::new(Targets::collect(site, md, theme)));
        }
        let key = Targets::key(site, md, theme);
        match &self.targets {
            Some((kept, targets)) if *kept == key => (key, targets.clone()),
            _ => {
                let targets = Arc::new(Targets::collect(site, md, theme));
                self.targets = Some((key, targets.clone()));
                (key, targets)
            }
        }
    }
}

/// Everything a link may point at.
#[derive(Debug)]
pub struct Targets {
    /// Site path of each page → the ids a fragment may name (`None`: not checked).
    pages: FastMap<String, Option<Anchors>>,
    /// Site paths of static files (`/style.css`).
    files: HashSet<String>,
}

/// The ids a fragment may name on one page, besides the layout's own ([`LAYOUT_IDS`]).
#[derive(Debug)]
enum Anchors {
    /// A page made from one piece of markdown: that piece's ids, read where they are (a
    /// large site has a hundred thousand such pages: nothing is copied). Kept by the
    /// preview's cache while the key is unchanged, so an edited text's old rendering lives
    /// on until the ids of some page change.
    Piece(Arc<Rendered>),
    /// A page made from many pieces and entries (the FAQ, the glossary).
    Gathered(Vec<String>),
}

impl Anchors {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let ids = match self {
            Anchors::Piece(rendered) => &rendered.ids,
            Anchors::Gathered(ids) => ids,
        };
        LAYOUT_IDS
            .iter()
            .copied()
            .chain(ids.iter().map(String::as_str))
    }
}

impl Targets {
    /// The pages and files of this build and the anchors of pages made from markdown.
    pub fn collect(site: &Site, md: &Markdown, theme: &Theme) -> Targets {
        let mut pages: FastMap<String, Option<Anchors>> = FastMap::default();
        for p in [paths::HOME, paths::ARTICLES, paths::TOPICS] {
            pages.insert(p.to_owned(), None);
        }
        for piece in md
            .articles
            .iter()
            .chain(&md.pages)
            .chain(md.trust.iter().flatten())
        {
            let anchors = Anchors::Piece(Arc::clone(&piece.rendered));
            pages.insert(piece.page.clone(), Some(anchors));
        }
        for t in &site.topics {
            pages.insert(paths::topic(&t.slug), None);
        }
        let mut faq_ids: Vec<String> = site.faq.iter().map(|f| f.entry.id.clone()).collect();
        for t in &site.topics {
            faq_ids.push(paths::faq_group_id(Some(&t.slug)));
        }
        faq_ids.push(paths::faq_group_id(None));
        for piece in md.faq.iter().chain(&md.faq_intro) {
            faq_ids.extend(piece.rendered.ids.iter().cloned());
        }
        pages.insert(paths::FAQ.to_owned(), Some(Anchors::Gathered(faq_ids)));
        if let Some(g) = &site.glossary {
            let mut ids: Vec<String> = g.entries.iter().map(|e| e.slug.clone()).collect();
            for piece in md.glossary.iter().chain(md.glossary_links.iter().flatten()) {
                ids.extend(piece.rendered.ids.iter().cloned());
            }
            let anchors = Some(Anchors::Gathered(ids));
            pages.insert(paths::GLOSSARY.to_owned(), anchors);
        }
        let mut files: HashSet<String> = theme.assets.keys().map(|k| format!("/{k}")).collect();
        files.insert(paths::NOT_FOUND.to_owned());
        // A site's own robots.txt is among its static files already.
        let own_robots = theme.assets.contains_key(crate::render::robots::FILE);
        let site_files = crate::render::site_files::paths(site, own_robots);
        files.extend(site_files.into_iter().map(|f| format!("/{f}")));
        Targets { pages, files }
    }

    /// A key of everything [`Self::collect`] makes the targets from, and of the site's
    /// state that decides whether a link is fine (files that failed to load, drafts left
    /// out): equal keys, equal verdicts for every link. Cheap: each rendering's ids are
    /// fingerprinted once ([`Rendered::ids_key`]).
    pub fn key(site: &Site, md: &Markdown, theme: &Theme) -> u128 {
        let mut f = Fingerprint::new();
        // Each page made from markdown has its own path, so their order does not matter
        // (and reordering the articles, as a title edit may, keeps the key): a sum of
        // each page's own key.
        let pieces = md.articles.iter().chain(&md.pages);
        let pages = pieces
            .chain(md.trust.iter().flatten())
            .map(|piece| crate::fingerprint::of_text_with(piece.rendered.ids_key(), &piece.page))
            .fold(0u128, u128::wrapping_add);
        f.add(&pages);
        for t in &site.topics {
            f.add(&t.slug);
        }
        f.add(&1u8);
        for item in &site.faq {
            f.add(&item.entry.id);
        }
        for piece in md.faq.iter().chain(&md.faq_intro) {
            f.add(&piece.rendered.ids_key());
        }
        f.add(&site.glossary.is_some());
        if let Some(g) = &site.glossary {
            for e in &g.entries {
                f.add(&e.slug);
            }
            for piece in md.glossary.iter().chain(md.glossary_links.iter().flatten()) {
                f.add(&piece.rendered.ids_key());
            }
        }
        f.add(&3u8);
        f.add(&theme.assets.keys().collect::<Vec<_>>());
        let own_robots = theme.assets.contains_key(crate::render::robots::FILE);
        f.add(&crate::render::site_files::paths(site, own_robots));
        f.add(&site.faq_failed);
        f.add(&sorted(&site.failed_slugs));
        f.add(&sorted(&site.excluded_drafts));
        f.finish()
    }

    fn known_paths(&self) -> impl Iterator<Item = &str> {
        self.pages
            .keys()
            .map(String::as_str)
            .chain(self.files.iter().map(String::as_str))
    }
}

/// A link to an anchor that only the rendered page can confirm (an id the theme's template
/// makes, or any anchor on a generated page such as a topic page).
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    /// Output file of the page (`topics/pain/index.html`).
    pub file: String,
    pub fragment: String,
    /// The error to report if the rendered page has no such id.
    pub error: Diagnostic,
}

enum Verdict {
    Ok,
    Broken(String),
    /// Fine if the rendered page has this id; otherwise this message.
    NeedsId(String),
}

/// The members of `set`, in order (a set's own order changes from one build to the next).
fn sorted(set: &HashSet<String>) -> Vec<&String> {
    let mut v: Vec<&String> = set.iter().collect();
    v.sort();
    v
}

/// Checks every link of every rendered piece of `site` against its targets, adding an error
/// per broken link; with `cache`, pieces whose links were all fine against the same targets
/// are not checked again. Anchors that only the rendered pages can confirm come back to be
/// checked after rendering.
pub fn check(
    site: &Site,
    md: &Markdown,
    theme: &Theme,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Vec<PendingAnchor> {
    let (key, targets) =
        crate::timings::timed("  (link targets)", || cache.targets(site, md, theme));
    let clean = cache.clean.generation();
    let pieces: Vec<&Piece> = md.all().collect();
    // Pieces are checked side by side; their findings are then taken in the pieces' order.
    let found: Vec<(Vec<Diagnostic>, Vec<PendingAnchor>)> = pieces
        .par_iter()
        .map(|piece| {
            let (mut broken, mut pending) = (Vec::new(), Vec::new());
            if is_clean(&clean, key, &piece.rendered) {
                return (broken, pending);
            }
            check_piece(site, piece, &targets, &mut broken, &mut pending);
            if broken.is_empty() && pending.is_empty() {
                clean.get_or_make(
                    || clean_key(key, &piece.rendered),
                    || piece.rendered.clone(),
                );
            }
            (broken, pending)
        })
        .collect();
    let mut pending = Vec::new();
    for (broken, waiting) in found {
        diags.extend(broken);
        pending.extend(waiting);
    }
    pending
}

/// Whether `rendered`'s links were all fine against the targets whose key is `targets`.
fn is_clean(clean: &Generation<Arc<Rendered>>, targets: u128, rendered: &Arc<Rendered>) -> bool {
    clean.is_enabled() && clean.reuse(clean_key(targets, rendered)).is_some()
}

/// The key under which a rendering whose links were all fine is kept.
fn clean_key(targets: u128, rendered: &Arc<Rendered>) -> u128 {
    crate::fingerprint::of_identity(targets, rendered)
}

/// Checks the links of one piece, adding an error per broken link to `broken` and the
/// anchors only rendered pages can confirm to `pending`.
fn check_piece(
    site: &Site,
    piece: &Piece,
    targets: &Targets,
    broken: &mut Vec<Diagnostic>,
    pending: &mut Vec<PendingAnchor>,
) {
    // Links come in order, so each is placed by walking on from the last.
    let mut locator = piece.locator();
    for link in &piece.rendered.links {
        let verdict = match &link.target {
            Target::External => Verdict::Ok,
            Target::MissingFile(file) => Verdict::Broken(missing_file_message(site, piece, file)),
            Target::Site { path, fragment } => {
                check_site_link(site, targets, path, fragment.as_deref())
            }
        };
        let what = if link.is_image { "image" } else { "link" };
        let mut error = |message: String| {
            let message = format!("broken {what} `{}`: {message}", link.dest);
            let d = locator
                .diagnostic(Severity::Error, link.offset, &link.dest, message)
                .with_kind(Kind::BrokenLink);
            // A site path means the same from every file, and its message names it; a
            // relative file path (`../a.md`) means another file from another folder.
            if matches!(link.target, Target::MissingFile(_)) {
                d
            } else {
                d.repeatable()
            }
        };
        match verdict {
            Verdict::Ok => {}
            Verdict::Broken(message) => broken.push(error(message)),
            Verdict::NeedsId(message) => {
                if let Target::Site {
                    path,
                    fragment: Some(f),
                } = &link.target
                {
                    pending.push(PendingAnchor {
                        file: paths::output_file(path),
                        fragment: f.clone(),
                        error: error(message),
                    });
                }
            }
        }
    }
}

/// True when `html` has an element with `id="<id>"`.
fn html_has_id(html: &str, id: &str) -> bool {
    html.contains(&format!("id=\"{id}\"")) || html.contains(&format!("id='{id}'"))
}

/// Watches rendered pages go by and settles the [`PendingAnchor`]s on them: each becomes an
/// error unless its page, once rendered, has the id. Safe to feed from several threads.
pub struct AnchorWatch {
    pending: Vec<PendingAnchor>,
    /// Output file → fragments wanted on it.
    wanted: HashMap<String, Vec<String>>,
    found: std::sync::Mutex<HashSet<(String, String)>>,
}

impl AnchorWatch {
    pub fn new(pending: Vec<PendingAnchor>) -> Self {
        let mut wanted: HashMap<String, Vec<String>> = HashMap::new();
        for p in &pending {
            wanted
                .entry(p.file.clone())
                .or_default()
                .push(p.fragment.clone());
        }
        AnchorWatch {
            pending,
            wanted,
            found: Default::default(),
        }
    }

    /// The output files that must be rendered to settle every anchor.
    pub fn files(&self) -> HashSet<String> {
        self.wanted.keys().cloned().collect()
    }

    /// Looks at one rendered page (output path, bytes).
    pub fn observe(&self, path: &str, bytes: &[u8]) {
        let Some(fragments) = self.wanted.get(path) else {
            return;
        };
        let html = String::from_utf8_lossy(bytes);
        let hits: Vec<(String, String)> = fragments
            .iter()
            .filter(|f| html_has_id(&html, f))
            .map(|f| (path.to_owned(), f.clone()))
            .collect();
        if let Ok(mut found) = self.found.lock() {
            found.extend(hits);
        }
    }

    /// The errors of the anchors no rendered page had.
    pub fn unresolved(self) -> Vec<Diagnostic> {
        let found = self.found.into_inner().unwrap_or_default();
        self.pending
            .into_iter()
            .filter(|p| !found.contains(&(p.file.clone(), p.fragment.clone())))
            .map(|p| p.error)
            .collect()
    }
}

fn check_site_link(site: &Site, targets: &Targets, path: &str, fragment: Option<&str>) -> Verdict {
    // Targets in files that failed to load were already reported; don't report them twice.
    if path == paths::FAQ && site.faq_failed {
        return Verdict::Ok;
    }
    let last_segment = path.trim_matches('/').rsplit('/').next().unwrap_or("");
    if site.failed_slugs.contains(last_segment) && !targets.pages.contains_key(path) {
        return Verdict::Ok;
    }
    if let Some(anchors) = targets.pages.get(path) {
        let Some(f) = fragment.filter(|f| !f.is_empty()) else {
            return Verdict::Ok;
        };
        let Some(anchors) = anchors else {
            return Verdict::NeedsId(no_such_id(path, f, ""));
        };
        if anchors.iter().any(|id| id == f) {
            return Verdict::Ok;
        }
        let hint = closest(f, anchors.iter())
            .map(|c| format!(" (did you mean `#{c}`?)"))
            .unwrap_or_default();
        return Verdict::NeedsId(no_such_id(path, f, &hint));
    }
    let as_file = path.trim_end_matches('/');
    if targets.files.contains(path) || targets.files.contains(as_file) {
        return Verdict::Ok;
    }
    if let Some(slug) = path
        .strip_prefix("/articles/")
        .map(|s| s.trim_end_matches('/'))
        && site.excluded_drafts.contains(slug)
    {
        return Verdict::Broken(format!(
            "the article `{slug}` is a draft (build with --drafts to include it)"
        ));
    }
    let hint = closest(path, targets.known_paths())
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    Verdict::Broken(format!("nothing in this site is at {path}{hint}"))
}

/// The message for a link to `path#fragment` when the page has no such id.
fn no_such_id(path: &str, fragment: &str, hint: &str) -> String {
    format!("{path} has no heading or entry with the id `{fragment}`{hint}")
}

fn missing_file_message(site: &Site, piece: &Piece, file: &str) -> String {
    let source = match piece.origin {
        Origin::File { source, .. } | Origin::Yaml { source, .. } => source,
    };
    let target = source.path.parent().map(|d| d.join(file));
    let is_draft = target
        .and_then(|t| t.canonicalize().ok())
        .is_some_and(|t| site.excluded_draft_files.contains(&t));
    if is_draft {
        "that article is a draft (build with --drafts to include it)".to_owned()
    } else {
        "no article file at that path (relative links to .md files must point at an article in content/articles/)".to_owned()
    }
}
