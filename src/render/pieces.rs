//! All markdown of a site rendered, piece by piece: glossary definitions (first, since the
//! others mark glossary words with them), article and page bodies, FAQ answers and
//! intro, topic descriptions, the disclaimer and the trust pages written in `site.yaml`, each
//! with the page it lands on and where it came from (to point messages at it). Pieces whose text and context are unchanged since
//! the last build come from the markdown memo: an article's or page's body is found there by
//! the identity of its document (the parse cache hands back the same `Arc<Document>` for an
//! unchanged file), so a rebuild does not hash every body again.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::glossary::{Marks, Tip};
use super::markdown::{self, Rendered};
use super::paths;
use crate::cache::{Generation, Memo};
use crate::content::source::SourceFile;
use crate::content::{Document, Glossary};
use crate::diag::{Diagnostic, Locator, Severity};
use crate::fingerprint::Fingerprint;
use crate::site::{Site, TrustFrom};

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

impl<'a> Piece<'a> {
    /// Once its page is made and its search entry read, lets go of what only those read:
    /// the HTML, the headings and how relative links resolved (kept for reuse by a cache).
    /// What the checks read stays: ids, links, callouts, code and writing notes, counts.
    /// Kept whole when others hold it too.
    pub fn keep_only_what_checks_read(&mut self) {
        if let Some(rendered) = Arc::get_mut(&mut self.rendered) {
            rendered.html = String::new();
            rendered.unmarked_html = None;
            rendered.headings = Vec::new();
            rendered.resolved_files = Vec::new();
            // What stays is kept until the link check: without the room lists grow into.
            rendered.ids.shrink_to_fit();
            rendered.links.shrink_to_fit();
        }
    }

    /// Places messages about this piece's markdown in its file; quickest when asked in
    /// order, as links come.
    pub fn locator(&self) -> PieceLocator<'a> {
        let source = match self.origin {
            Origin::File { source, .. } | Origin::Yaml { source, .. } => source,
        };
        PieceLocator {
            origin: self.origin,
            source,
            locator: source.locator(),
            last: None,
        }
    }

    /// A message about the text `written` found at byte `offset` of this piece's markdown:
    /// at that place in a markdown file; in YAML-held markdown (whose offsets are not the
    /// file's), at the `repeat`-th occurrence after the first of `written` in the value's
    /// lines, else the first, else the value's first line.
    pub fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        written: &str,
        repeat: usize,
        message: String,
    ) -> Diagnostic {
        let mut locator = self.locator();
        locator.place(severity, offset, written, repeat, message)
    }
}

/// Places messages about one piece's markdown in its file (see [`Piece::locator`]).
pub struct PieceLocator<'a> {
    origin: Origin<'a>,
    source: &'a SourceFile,
    locator: Locator<'a>,
    /// In YAML-held markdown: the byte of the file where the last message went.
    last: Option<usize>,
}

impl PieceLocator<'_> {
    /// A message about the text `written` found at byte `offset` of the piece's markdown,
    /// which comes after the text of the last message: at that place in a markdown file; in
    /// YAML-held markdown, at the first `written` after the last message's place (else the
    /// first in the value's lines, else the value's first line).
    pub fn diagnostic(
        &mut self,
        severity: Severity,
        offset: usize,
        written: &str,
        message: String,
    ) -> Diagnostic {
        self.place(severity, offset, written, 0, message)
    }

    fn place(
        &mut self,
        severity: Severity,
        offset: usize,
        written: &str,
        repeat: usize,
        message: String,
    ) -> Diagnostic {
        let at = match self.origin {
            Origin::File { body_start, .. } => Some(body_start + offset),
            Origin::Yaml { from, to, .. } => self.in_yaml(written, repeat, from, to),
        };
        match at {
            Some(byte) => {
                let at = self.locator.position(byte);
                self.source.diagnostic_at(severity, at, message)
            }
            None => {
                let from = match self.origin {
                    Origin::Yaml { from, .. } => from.max(1),
                    Origin::File { .. } => 1,
                };
                match severity {
                    Severity::Error => self.source.error(from, 1, message),
                    Severity::Warning => self.source.warning(from, 1, message),
                }
            }
        }
    }

    /// The byte of `written` in lines `from..=to`: the first after the last message's place
    /// (or the first of all), then `repeat` occurrences further on where there are that many.
    fn in_yaml(&mut self, written: &str, repeat: usize, from: usize, to: usize) -> Option<usize> {
        let lines = self.source.lines_range(from, to)?;
        let after = |at: usize| at + written.len()..lines.end;
        let mut at = self
            .last
            .and_then(|last| self.source.find_value(written, after(last)))
            .or_else(|| self.source.find_value(written, lines.clone()))?;
        for _ in 0..repeat {
            match self.source.find_value(written, after(at)) {
                Some(next) => at = next,
                None => break,
            }
        }
        self.last = Some(at);
        Some(at)
    }
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
    /// Indexed like the site's glossary entries: each definition, and the entry's `link`
    /// (as a one-link text, so it is checked like every other link).
    pub glossary: Vec<Piece<'a>>,
    pub glossary_links: Vec<Option<Piece<'a>>>,
    /// Indexed like `site.trust_pages`: the text of each trust page made from its
    /// `site.yaml` key (`None` for those that are pages of `content/pages/`).
    pub trust: Vec<Option<Piece<'a>>>,
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
            .chain(self.trust.iter().flatten())
            .chain(&self.glossary)
            .chain(self.glossary_links.iter().flatten())
    }
}

/// Rendered markdown kept between builds (the preview rebuilds often), under the fingerprint
/// of its text (or of the identity of the document it is the body of) and rendering context
/// ([`markdown::Context::fingerprint`]).
#[derive(Debug, Default)]
pub struct MarkdownCache {
    memo: Memo<Arc<Rendered>>,
    /// The last build's bodies: what they were rendered in, and each document (articles,
    /// then pages) with the key its rendering is kept under. The documents' identities are
    /// in the kept keys: they are held, so that no other document can be made at one of
    /// their addresses while those keys are compared.
    last: Option<Bodies>,
}

/// The bodies of one build (see [`MarkdownCache`]).
#[derive(Debug)]
struct Bodies {
    /// [`body_context`] of the build.
    context: u128,
    /// The build's lookup from files to articles, which relative links were resolved by.
    by_file: Arc<std::collections::HashMap<std::path::PathBuf, String>>,
    docs: Vec<(Arc<Document>, u128)>,
}

/// What every body is rendered in, besides its document and the lookup its relative links
/// resolve by: the site's base path, the emergency number and the glossary's marks.
fn body_context(site: &Site, marks: Option<&Marks>) -> u128 {
    let mut f = Fingerprint::new();
    f.add(&site.config.urls.base_path);
    f.add(&site.config.health.emergency_number);
    f.add(&marks.map(Marks::fingerprint));
    f.finish()
}

impl MarkdownCache {
    /// A cache that keeps renderings between builds (the default keeps nothing).
    pub fn enabled() -> Self {
        MarkdownCache {
            memo: Memo::enabled(),
            last: None,
        }
    }
}

/// Renders all markdown of `site`; the disclaimer's position is looked up in
/// `config_source`.
pub fn render_markdown<'a>(
    site: &'a Site,
    config_source: Option<&'a SourceFile>,
    cache: &mut MarkdownCache,
) -> Markdown<'a> {
    let last = cache.last.take();
    let memo = cache.memo.generation();
    let enabled = memo.is_enabled();
    let r = PieceRenderer {
        site,
        memo: Some(&memo),
        marks: None,
        last: None,
    };
    let (glossary, glossary_links) = r.glossary();
    let marks = glossary_marks(site, &glossary);
    let context = enabled.then(|| body_context(site, marks.as_deref()));
    // The last build's bodies can be taken by document only if they were rendered in the
    // same context, with relative links resolved by the same lookup.
    let same = last
        .as_ref()
        .filter(|l| Some(l.context) == context && Arc::ptr_eq(&l.by_file, &site.article_by_file));
    let r = PieceRenderer {
        marks,
        last: same.map(|l| l.docs.as_slice()),
        ..r
    };
    let (articles, article_keys): (Vec<Piece>, Vec<u128>) = site
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| r.document(&a.doc, paths::article(&a.doc.slug), i))
        .unzip();
    let (md, page_keys) = r.all_but_articles(config_source, articles, (glossary, glossary_links));
    drop(memo);
    drop(last);
    if let Some(context) = context {
        let docs = site.articles.iter().map(|a| &a.doc).chain(&site.pages);
        let keys = article_keys.into_iter().chain(page_keys);
        cache.last = Some(Bodies {
            context,
            by_file: Arc::clone(&site.article_by_file),
            docs: docs.cloned().zip(keys).collect(),
        });
    }
    md
}

/// Renders all markdown of `site` but its articles' bodies (`articles` is left empty), and
/// returns it with what renders those one at a time: a build that writes each article's
/// page as soon as its body is rendered need not hold every body at once. Nothing is kept
/// for later builds.
pub fn render_markdown_but_articles<'a>(
    site: &'a Site,
    config_source: Option<&'a SourceFile>,
) -> (Markdown<'a>, ArticleBodies<'a>) {
    let r = PieceRenderer {
        site,
        memo: None,
        marks: None,
        last: None,
    };
    let glossary = r.glossary();
    let r = PieceRenderer {
        marks: glossary_marks(site, &glossary.0),
        ..r
    };
    let (md, _) = r.all_but_articles(config_source, Vec::new(), glossary);
    (md, ArticleBodies { r })
}

/// Renders a site's article bodies one at a time (see [`render_markdown_but_articles`]).
pub struct ArticleBodies<'a> {
    r: PieceRenderer<'a, 'static>,
}

impl<'a> ArticleBodies<'a> {
    /// The body of article `i`, rendered as [`render_markdown`] renders it.
    pub fn render(&self, i: usize) -> Piece<'a> {
        let doc = &self.r.site.articles[i].doc;
        self.r.document(doc, paths::article(&doc.slug), i).0
    }
}

/// The marks for the glossary's words, when the site has a glossary.
fn glossary_marks(site: &Site, definitions: &[Piece]) -> Option<Arc<Marks>> {
    site.glossary
        .as_ref()
        .map(|g| Arc::new(marks(site, g, definitions)))
}

/// The marks for `glossary`'s words, from its rendered definitions.
fn marks(site: &Site, glossary: &Glossary, definitions: &[Piece]) -> Marks {
    let tips = glossary
        .entries
        .iter()
        .zip(definitions)
        .map(|(e, piece)| Tip {
            term: e.term.clone(),
            slug: e.slug.clone(),
            definition_html: super::glossary::inline(&piece.rendered.html),
        })
        .collect();
    let names: Vec<Vec<&str>> = glossary
        .entries
        .iter()
        .map(|e| e.names().collect())
        .collect();
    Marks::new(tips, &names, site.config.urls.link(paths::GLOSSARY))
}

/// Renders the pieces of one site through one generation of the memo.
struct PieceRenderer<'a, 'g> {
    site: &'a Site,
    /// `None`: nothing is remembered (and nothing looked for).
    memo: Option<&'g Generation<'g, Arc<Rendered>>>,
    /// The glossary words marked in articles, pages and FAQ answers.
    marks: Option<Arc<Marks>>,
    /// The last build's bodies, when rendered as this build's would be.
    last: Option<&'g [(Arc<Document>, u128)]>,
}

impl<'a> PieceRenderer<'a, '_> {
    /// `text` rendered for `page`, or the memo's rendering of the same text in the same
    /// context, if its relative `.md` links still resolve the same way. It sits under a
    /// heading of `place.section_level`; its glossary words are marked when `place.marked`.
    fn render_at(
        &self,
        text: Text,
        page: &str,
        source: &Path,
        id_prefix: &str,
        place: Place,
    ) -> (Arc<Rendered>, u128) {
        let resolve = |p: &Path| -> Option<String> {
            self.site
                .article_by_file
                .get(p)
                .map(|slug| paths::article(slug))
        };
        let ctx = markdown::Context {
            base_path: &self.site.config.urls.base_path,
            page_path: page,
            source_file: Some(source),
            resolve_file: &resolve,
            id_prefix,
            section_level: place.section_level,
            emergency_number: self.site.config.health.emergency_number.as_deref(),
            glossary: self.marks.as_deref().filter(|_| place.marked),
        };
        let key = || {
            let mut f = Fingerprint::new();
            match text {
                Text::Body(doc) => {
                    f.add(&true);
                    f.add_identity(doc);
                }
                Text::Plain(text) => {
                    f.add(&false);
                    f.add(text);
                }
            }
            ctx.finish_fingerprint(&mut f)
        };
        let make = || Arc::new(markdown::render(text.as_str(), &ctx));
        let Some(memo) = self.memo.filter(|m| m.is_enabled()) else {
            return (make(), 0);
        };
        let key = key();
        let rendered =
            memo.get_usable_or_make(|| key, |kept| kept.links_resolve_as_before(&ctx), make);
        (rendered, key)
    }

    /// An article's or page's body, and the key its rendering is kept under. `slot`: its
    /// place among the articles, then the pages. When the last build had the same document
    /// there (and [`Self::last`] says its bodies were rendered as this build's are), its
    /// rendering is taken by that key: the key of a body is made from nothing else.
    fn document(&self, doc: &'a Arc<Document>, page: String, slot: usize) -> (Piece<'a>, u128) {
        let piece = |rendered| Piece {
            origin: Origin::File {
                source: &doc.source,
                body_start: doc.body_start,
            },
            page: page.clone(),
            rendered,
        };
        let same = self
            .last
            .and_then(|last| last.get(slot))
            .filter(|(was, _)| Arc::ptr_eq(was, doc));
        if let Some(&(_, key)) = same
            && let Some(rendered) = self.memo.and_then(|memo| memo.reuse(key))
        {
            return (piece(rendered), key);
        }
        let place = Place {
            section_level: 1,
            marked: true,
        };
        let (rendered, key) = self.render_at(Text::Body(doc), &page, &doc.source.path, "", place);
        (piece(rendered), key)
    }

    /// Markdown held in YAML, between lines `from..=to` of `source`. It shares its page with
    /// other pieces, so its ids carry `id_prefix`.
    fn yaml(
        &self,
        text: &str,
        page: String,
        id_prefix: &str,
        source: &'a SourceFile,
        (from, to): (usize, usize),
    ) -> Piece<'a> {
        self.yaml_at(text, page, id_prefix, source, (from, to), Place::plain(1))
    }

    /// [`Self::yaml`] at `place` on its page.
    fn yaml_at(
        &self,
        text: &str,
        page: String,
        id_prefix: &str,
        source: &'a SourceFile,
        (from, to): (usize, usize),
        place: Place,
    ) -> Piece<'a> {
        let (rendered, _) =
            self.render_at(Text::Plain(text), &page, &source.path, id_prefix, place);
        Piece {
            origin: Origin::Yaml { source, from, to },
            page,
            rendered,
        }
    }

    fn faq_answers(&self) -> Vec<Piece<'a>> {
        let Some(src) = &self.site.faq_source else {
            return Vec::new();
        };
        self.site
            .faq
            .par_iter()
            .map(|f| {
                let lines = (f.entry.answer_line, f.entry.last_line);
                let prefix = format!("{}_", f.entry.id);
                let page = paths::FAQ.to_owned();
                // Each answer sits under its question, an `<h3>` of the FAQ page; each
                // marks its own first use of a glossary word.
                let place = Place {
                    section_level: 3,
                    marked: true,
                };
                self.yaml_at(&f.entry.answer, page, &prefix, src, lines, place)
            })
            .collect()
    }

    fn faq_intro(&self) -> Option<Piece<'a>> {
        let site = self.site;
        let (intro, src) = site.faq_intro.as_ref().zip(site.faq_source.as_ref())?;
        let (line, _) = src.locate_key("intro");
        let end = site.faq.first().map_or(usize::MAX, |f| f.entry.first_line);
        Some(self.yaml(intro, paths::FAQ.to_owned(), "intro_", src, (line, end)))
    }

    /// Each topic's description, indexed like `site.topics`.
    fn topic_descriptions(&self) -> Vec<Option<Piece<'a>>> {
        let site = self.site;
        site.topics
            .iter()
            .map(|t| {
                let (text, src) = t.description.as_ref().zip(site.topics_source.as_ref())?;
                let (line, _) = src.locate_key(&t.slug);
                let prefix = format!("{}_", t.slug);
                let page = paths::topic(&t.slug);
                Some(self.yaml(text, page, &prefix, src, (line, usize::MAX)))
            })
            .collect()
    }

    /// The disclaimer from `site.yaml` (`src`), if the site has one. It is on every page;
    /// its links are checked as if on the home page.
    fn disclaimer(&self, src: &'a SourceFile) -> Option<Piece<'a>> {
        let text = &self.site.config.disclaimer;
        if text.trim().is_empty() {
            return None;
        }
        let (line, _) = src.locate_key("disclaimer");
        let page = paths::HOME.to_owned();
        Some(self.yaml(text, page, "disclaimer_", src, (line, usize::MAX)))
    }

    /// Each trust page written in `site.yaml` (`src`), indexed like `site.trust_pages`. Its
    /// ids carry the page's slug, as other markdown held in YAML does.
    fn trust_pages(&self, src: &'a SourceFile) -> Vec<Option<Piece<'a>>> {
        let trust = &self.site.config.health.trust;
        self.site
            .trust_pages
            .iter()
            .map(|item| {
                if item.from != TrustFrom::Settings {
                    return None;
                }
                let text = trust.text(item.page.key)?;
                let (line, _) = src.locate_key(item.page.key);
                let prefix = format!("{}_", item.page.slug);
                let page = paths::page(item.page.slug);
                let lines = (line, value_end(src, line));
                Some(self.yaml(text, page, &prefix, src, lines))
            })
            .collect()
    }
}

impl<'a> PieceRenderer<'a, '_> {
    /// The site's markdown with `articles` (bodies rendered already) and the glossary's
    /// pieces, the rest rendered here; with the keys the pages' bodies are kept under.
    #[allow(clippy::type_complexity)]
    fn all_but_articles(
        &self,
        config_source: Option<&'a SourceFile>,
        articles: Vec<Piece<'a>>,
        (glossary, glossary_links): (Vec<Piece<'a>>, Vec<Option<Piece<'a>>>),
    ) -> (Markdown<'a>, Vec<u128>) {
        let site = self.site;
        let first_page = site.articles.len();
        let (pages, page_keys): (Vec<Piece>, Vec<u128>) = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, d)| self.document(d, paths::page(&d.slug), first_page + i))
            .unzip();
        let md = Markdown {
            articles,
            pages,
            faq: self.faq_answers(),
            faq_intro: self.faq_intro(),
            topics: self.topic_descriptions(),
            disclaimer: config_source.and_then(|src| self.disclaimer(src)),
            trust: config_source.map_or_else(Vec::new, |src| self.trust_pages(src)),
            glossary,
            glossary_links,
        };
        (md, page_keys)
    }
}

impl<'a> PieceRenderer<'a, '_> {
    /// Each glossary entry's definition and link, indexed like the entries. They land on
    /// the glossary page, which never marks its own words.
    #[allow(clippy::type_complexity)]
    fn glossary(&self) -> (Vec<Piece<'a>>, Vec<Option<Piece<'a>>>) {
        let Some(g) = &self.site.glossary else {
            return (Vec::new(), Vec::new());
        };
        let page = || paths::GLOSSARY.to_owned();
        let definitions = g
            .entries
            .iter()
            .map(|e| {
                let prefix = format!("{}_", e.slug);
                let lines = (e.first_line, e.last_line);
                self.yaml(&e.definition, page(), &prefix, &g.source, lines)
            })
            .collect();
        let links = g
            .entries
            .iter()
            .map(|e| {
                let link = e.link.as_ref()?;
                let text = format!("[Read more about {}](<{link}>)", escape_markdown(&e.term));
                let prefix = format!("{}_link_", e.slug);
                let lines = (e.first_line, e.last_line);
                Some(self.yaml(&text, page(), &prefix, &g.source, lines))
            })
            .collect();
        (definitions, links)
    }
}

/// `text` with markdown's punctuation escaped, to show as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The markdown a piece is rendered from.
#[derive(Clone, Copy)]
enum Text<'t> {
    /// An article's or page's body: found in the memo by the document's identity, which
    /// [`MarkdownCache`] holds.
    Body(&'t Arc<Document>),
    /// Any other text: found in the memo by its value.
    Plain(&'t str),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Body(doc) => doc.body(),
            Text::Plain(text) => text,
        }
    }
}

/// Where a piece sits on its page: under a heading of `section_level`, and whether its
/// glossary words are marked (articles, pages and FAQ answers).
#[derive(Debug, Clone, Copy)]
struct Place {
    section_level: u8,
    marked: bool,
}

impl Place {
    /// Under a heading of `section_level`, nothing marked.
    fn plain(section_level: u8) -> Place {
        Place {
            section_level,
            marked: false,
        }
    }
}

/// The last line of the top-level value whose key is on `line`: the line before the next
/// line that starts a top-level key (not indented, not a comment).
fn value_end(src: &SourceFile, line: usize) -> usize {
    src.lines_between(line + 1, usize::MAX)
        .find(|(_, text)| text.starts_with(|c: char| !c.is_whitespace() && c != '#'))
        .map_or(usize::MAX, |(n, _)| n - 1)
}
