//! Markdown → HTML with careleaf's rules.
//!
//! GitHub-style tables, footnotes, strikethrough and task lists; smart punctuation; heading
//! ids from the heading text (repeats get `-1`, `-2`); fenced code highlighted with CSS
//! classes. Every link and image target is classified ([`super::targets`]) and recorded so
//! [`crate::links`] can check it, and site links are rewritten to carry the `base_url` path.
//! Blockquotes marked `[!EMERGENCY]`, `[!URGENT]` or `[!ROUTINE]` become "get help" callouts
//! ([`super::callouts`]); every marker is recorded for [`crate::callout_check`]. With a
//! glossary in the context, the first use of each of its words is marked up
//! ([`super::glossary`]).
//! Code too big to highlight quickly is shown plain and recorded for [`crate::code_check`].
//! Raw HTML is passed through as written: it is the editor's choice.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::callouts;
pub use super::callouts::{Callout, CalloutKind};
use super::highlight::{self, MAX_HIGHLIGHTED_BYTES, PlainCode};
pub use super::targets::Target;
use super::targets::{classify, is_external, md_file_path};
use super::writing::{self, HeadingOrder};
use crate::fingerprint::Fingerprint;
use crate::slug::{UniqueIds, slugify};

/// One link or image found in the markdown.
#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    pub target: Target,
    pub is_image: bool,
    /// Byte offset of the link in the markdown text.
    pub offset: usize,
}

/// A heading of the document, for tables of contents and anchor checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The result of rendering one markdown text.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every `id` the markdown produced (headings and footnotes).
    pub ids: Vec<String>,
    pub links: Vec<Link>,
    pub has_code: bool,
    /// Words of plain text, for reading time.
    pub words: usize,
    /// Every callout marker (`[!URGENT]`) at the start of a quote, known or not, for the
    /// check step to report on.
    pub callouts: Vec<Callout>,
    /// How many glossary words were marked (a page with any loads the glossary script).
    pub glossary_marks: usize,
    /// The HTML without the glossary's markup, when any word was marked: what structured
    /// data quotes (an answer's text, not the definitions of its words).
    pub unmarked_html: Option<String>,
    /// Relative `.md` links and the article path each resolved to when rendered, so a cached
    /// rendering can be checked against the current site.
    pub resolved_files: Vec<(PathBuf, Option<String>)>,
    /// The first code block shown without highlighting because it was too big (with how many
    /// more were), for the check step to warn about.
    pub plain_code: Option<PlainCode>,
    /// Writing mistakes (an image without alt text, a skipped heading level, a link with a
    /// space in its address), in the order of the text, for the check step to report.
    pub writing: Vec<writing::Note>,
    /// [`Self::ids_key`], made on first use (leave it to `Default`).
    pub ids_fingerprint: std::sync::OnceLock<u128>,
}

impl Rendered {
    /// The HTML without the glossary's markup.
    pub fn unmarked(&self) -> &str {
        self.unmarked_html.as_deref().unwrap_or(&self.html)
    }

    /// A fingerprint of `ids`: what links into this markdown can name.
    pub fn ids_key(&self) -> u128 {
        *self
            .ids_fingerprint
            .get_or_init(|| crate::fingerprint::of(&self.ids))
    }

    /// True when every relative `.md` link still resolves as it did when this was rendered,
    /// so the rendering may be reused in a context with the same fingerprint.
    pub fn links_resolve_as_before(&self, ctx: &Context) -> bool {
        self.resolved_files
            .iter()
            .all(|(file, was)| (ctx.resolve_file)(file) == *was)
    }
}

/// What the renderer needs to know about the page it renders into.
pub struct Context<'a> {
    /// Prefix for site links (`""` or `/guide`).
    pub base_path: &'a str,
    /// The site path of the page (`/articles/x/`), for `#anchor` and relative links.
    pub page_path: &'a str,
    /// The markdown file, for relative `.md` links; `None` for YAML-held markdown.
    pub source_file: Option<&'a Path>,
    /// Maps an absolute markdown file path to its site path, if it is an article.
    pub resolve_file: &'a dyn Fn(&Path) -> Option<String>,
    /// Prefix for the ids this markdown makes, when several pieces share a page (each FAQ
    /// answer uses `<entry id>_`). Empty for articles and pages.
    pub id_prefix: &'a str,
    /// The level of the heading the markdown sits under on its page (1 under a page's
    /// title, 3 in a FAQ answer under its question). A callout's heading goes one level
    /// below the nearest heading before it.
    pub section_level: u8,
    /// The number emergency callouts tell readers to call (`site.yaml` `emergency_number`).
    pub emergency_number: Option<&'a str>,
    /// The glossary whose words are marked in this text (`None`: nothing is marked).
    pub glossary: Option<&'a super::glossary::Marks>,
}

impl Context<'_> {
    /// The fingerprint of `text` rendered in this context: the text and every field above
    /// except `resolve_file`, whose effect [`Rendered::links_resolve_as_before`] checks.
    pub fn fingerprint(&self, text: &str) -> u128 {
        let mut f = Fingerprint::new();
        f.add(text);
        self.finish_fingerprint(&mut f)
    }

    /// [`Self::fingerprint`] of a text already added to `f`: by value, or by the identity
    /// of the value it comes from when the caller holds that value (a document the parse
    /// cache hands back unchanged), which saves hashing the text itself.
    pub fn finish_fingerprint(&self, f: &mut Fingerprint) -> u128 {
        f.add(self.base_path);
        f.add(self.page_path);
        f.add(&self.source_file.is_some());
        if let Some(file) = self.source_file {
            f.add_path(file);
        }
        f.add(self.id_prefix);
        f.add(&self.section_level);
        f.add(&self.emergency_number);
        f.add(&self.glossary.map(super::glossary::Marks::fingerprint));
        f.finish()
    }
}

/// Ids the page layout itself uses; headings never take them.
pub const LAYOUT_IDS: &[&str] = &["main"];

/// Markdown events with the byte range each came from.
type Events<'m> = [(Event<'m>, Range<usize>)];

/// Renders `markdown` for the page described by `ctx`.
pub fn render(markdown: &str, ctx: &Context) -> Rendered {
    // The options the analysis reads prose with, so both see the same document.
    let options = crate::analyze::text::prose::parser_options();
    // Room made once instead of doubled into (prose has an event per 30 to 40 bytes).
    let mut events: Vec<(Event, Range<usize>)> = Vec::with_capacity(markdown.len() / 16 + 16);
    events.extend(Parser::new_ext(markdown, options).into_offset_iter());
    let mut writer = Writer::new(ctx, &events, markdown);
    let mut i = 0;
    while i < events.len() {
        i = writer.rewrite(&mut events, i);
    }
    writer.finish(markdown.len())
}

/// The event at `i`, moved out of `events` (a soft break left in its place).
fn take<'m>(events: &mut Events<'m>, i: usize) -> Event<'m> {
    std::mem::replace(&mut events[i].0, Event::SoftBreak)
}

/// Rewrites one document's events into careleaf's HTML, recording what it finds.
struct Writer<'c, 'm> {
    ctx: &'c Context<'c>,
    markdown: &'m str,
    ids: UniqueIds,
    out: Rendered,
    result: Vec<Event<'m>>,
    /// For each blockquote open at this point, whether it is a callout.
    quotes: Vec<bool>,
    /// The level of the last heading written.
    last_heading: Option<u8>,
    /// Bytes of code this text may still have highlighted.
    allowance: usize,
    /// The order of the headings so far, for skipped levels.
    heading_order: HeadingOrder,
    /// Where the plain text of the markdown is, for links that did not parse.
    prose: Vec<Range<usize>>,
}

impl<'c, 'm> Writer<'c, 'm> {
    /// A writer whose generated ids avoid the layout's and the explicit heading ids (which
    /// stay as written).
    fn new(ctx: &'c Context<'c>, events: &Events<'m>, markdown: &'m str) -> Self {
        let mut ids = UniqueIds::new();
        for id in LAYOUT_IDS {
            ids.reserve(id);
        }
        for (e, _) in events {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
                ids.reserve(id);
            }
        }
        Writer {
            ctx,
            markdown,
            ids,
            out: Rendered::default(),
            result: Vec::with_capacity(events.len()),
            quotes: Vec::new(),
            last_heading: None,
            allowance: MAX_HIGHLIGHTED_BYTES,
            heading_order: HeadingOrder::new(ctx.section_level),
            // Most events of prose are text: room for them all made once.
            prose: Vec::with_capacity(events.len() / 2),
        }
    }

    /// Rewrites the event at `i` (with any it takes in); returns the index of the next one.
    /// An event passed on as it is is moved out of `events` (left there as a soft break):
    /// nothing looks back at the events already rewritten.
    fn rewrite(&mut self, events: &mut Events<'m>, i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let final_id = self.heading_id(events, i, *level, id.as_deref());
                self.check_heading_level(*level, range);
                self.result.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(final_id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let dest = dest_url.to_string();
                if matches!(tag, Tag::Image { .. }) {
                    self.check_alt_text(events, i, &dest);
                }
                self.link(tag, &dest, range.start);
            }
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::BlockQuote(_)) => return self.blockquote(events, i),
            Event::End(TagEnd::BlockQuote(_)) => {
                if self.quotes.pop() == Some(true) {
                    self.result.push(Event::Html(callouts::CLOSE.into()));
                } else {
                    self.result.push(take(events, i));
                }
            }
            Event::Start(Tag::Table(_)) => {
                // A wide table scrolls sideways on a phone: make it reachable by keyboard.
                self.result.push(Event::Html(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n".into(),
                ));
                self.result.push(take(events, i));
            }
            Event::End(TagEnd::Table) => {
                self.result.push(take(events, i));
                self.result.push(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => {
                let html = if *done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done yet\"> "
                };
                self.result.push(Event::InlineHtml(html.into()));
            }
            // Footnote ids get a prefix that no heading id can have (`_`), so they never
            // clash with headings or with another answer's footnotes.
            Event::FootnoteReference(name) => {
                let id = format!("{}fn_{name}", self.ctx.id_prefix);
                self.result.push(Event::FootnoteReference(id.into()));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = format!("{}fn_{name}", self.ctx.id_prefix);
                self.out.ids.push(id.clone());
                self.result
                    .push(Event::Start(Tag::FootnoteDefinition(id.into())));
            }
            Event::Text(t) => {
                self.out.words += count_words(t);
                self.prose.push(range.clone());
                self.result.push(take(events, i));
            }
            _ => self.result.push(take(events, i)),
        }
        i + 1
    }

    /// The id of the heading starting at `i`: the explicit one, or one made unique from its
    /// text. The heading is recorded for tables of contents and anchor checks.
    fn heading_id(
        &mut self,
        events: &Events<'m>,
        i: usize,
        level: HeadingLevel,
        explicit: Option<&str>,
    ) -> String {
        let mut text = String::new();
        for (e, _) in &events[i + 1..] {
            match e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let prefix = self.ctx.id_prefix;
        let id = match explicit {
            Some(explicit) => [prefix, explicit].concat(),
            None => [prefix, self.ids.unique(&slugify(&text)).as_str()].concat(),
        };
        self.last_heading = Some(heading_number(level));
        self.out.headings.push(Heading {
            level: heading_number(level),
            id: id.clone(),
            text: text.trim().to_owned(),
        });
        self.out.ids.push(id.clone());
        id
    }

    /// Notes a heading (of `level`, written at `range`) that skips a level.
    fn check_heading_level(&mut self, level: HeadingLevel, range: &Range<usize>) {
        if let Some(problem) = self.heading_order.next(heading_number(level)) {
            let source = self.markdown.get(range.clone()).unwrap_or("");
            let written = source.lines().next().unwrap_or("").trim().to_owned();
            self.out.writing.push(writing::Note {
                offset: range.start,
                written,
                problem,
            });
        }
    }

    /// Notes the image starting at `i` when nothing is written between its brackets.
    fn check_alt_text(&mut self, events: &Events<'m>, i: usize, dest: &str) {
        let mut alt = String::new();
        for (e, _) in &events[i + 1..] {
            match e {
                Event::End(TagEnd::Image) => break,
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                _ => {}
            }
        }
        if alt.trim().is_empty() {
            let range = &events[i].1;
            self.out.writing.push(writing::Note {
                offset: range.start,
                written: self.markdown.get(range.clone()).unwrap_or("").to_owned(),
                problem: writing::Problem::ImageWithoutAlt {
                    dest: dest.to_owned(),
                },
            });
        }
    }

    /// A link or image: classified, recorded (with how a relative `.md` link resolved), and
    /// written with its rewritten destination.
    fn link(&mut self, tag: &Tag<'m>, dest: &str, offset: usize) {
        let (new_dest, target) = classify(dest, self.ctx);
        let path_part = dest.split(['#', '?']).next().unwrap_or("");
        if path_part.ends_with(".md")
            && !is_external(dest)
            && !path_part.starts_with('/')
            && let Some(file) = md_file_path(path_part, self.ctx)
        {
            let resolved = (self.ctx.resolve_file)(&file);
            self.out.resolved_files.push((file, resolved));
        }
        self.out.links.push(Link {
            dest: dest.to_owned(),
            target,
            is_image: matches!(tag, Tag::Image { .. }),
            offset,
        });
        self.result
            .push(Event::Start(with_dest(tag.clone(), new_dest)));
    }

    /// The blockquote starting at `i`: a callout when its first line is a known marker
    /// alone, else a plain quote. Any marker is recorded. Returns the index of the next event
    /// to rewrite.
    fn blockquote(&mut self, events: &Events<'m>, i: usize) -> usize {
        let Some(found) = callouts::find(events, i, self.markdown) else {
            self.quotes.push(false);
            self.result.push(events[i].0.clone());
            return i + 1;
        };
        let kind = found.callout.kind.filter(|_| found.callout.rendered());
        self.out.callouts.push(found.callout);
        let Some(kind) = kind else {
            self.quotes.push(false);
            self.result.push(events[i].0.clone());
            return i + 1;
        };
        self.quotes.push(true);
        let level = self.last_heading.unwrap_or(self.ctx.section_level) + 1;
        let open = callouts::open(kind, level, self.ctx.emergency_number);
        self.result.push(Event::Html(open.into()));
        if found.paragraph_goes_on {
            self.result.push(Event::Start(Tag::Paragraph));
        }
        found.resume
    }

    /// The code block starting at `i`, written as one piece of HTML; returns the index after
    /// its end.
    fn code_block(&mut self, events: &Events<'m>, i: usize, kind: &CodeBlockKind) -> usize {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        let mut code = String::new();
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(t),
                _ => {}
            }
            j += 1;
        }
        self.out.has_code = true;
        let html = if !lang.is_empty() && highlight::is_known(lang) {
            self.highlight_within_limits(&code, lang, events[i].1.start)
        } else {
            plain_block(&code, lang)
        };
        self.result.push(Event::Html(html.into()));
        j + 1
    }

    /// `code` in a known `lang`, highlighted while it is within the limits; otherwise
    /// plain, and recorded for a warning.
    fn highlight_within_limits(&mut self, code: &str, lang: &str, offset: usize) -> String {
        if let Some(reason) = highlight::too_big(code, self.allowance) {
            self.record_plain(offset, reason);
            return plain_block(code, lang);
        }
        self.allowance = self.allowance.saturating_sub(code.len());
        highlight::highlight(code, lang).unwrap_or_else(|| plain_block(code, lang))
    }

    /// Records a code block at `offset` shown plain: the first with its place, later ones
    /// counted (one warning per text keeps the check step's work small).
    fn record_plain(&mut self, offset: usize, reason: highlight::TooBig) {
        if let Some(first) = &mut self.out.plain_code {
            first.more += 1;
            return;
        }
        let fence = self
            .markdown
            .get(offset..)
            .and_then(|rest| rest.lines().next())
            .unwrap_or("")
            .trim()
            .to_owned();
        let repeat = match self.markdown.get(..offset) {
            Some(before) if !fence.is_empty() => before.matches(fence.as_str()).count(),
            _ => 0,
        };
        self.out.plain_code = Some(PlainCode {
            offset,
            fence,
            repeat,
            reason,
            more: 0,
        });
    }

    fn finish(self, markdown_len: usize) -> Rendered {
        let mut out = self.out;
        out.writing
            .extend(writing::spaced_links(self.markdown, &self.prose));
        out.writing.sort_by_key(|n| n.offset);
        let mut events = self.result;
        if let Some(marks) = self.ctx.glossary {
            let unmarked = events.clone();
            let (marked, count) = super::glossary::mark::mark(events, marks, self.ctx.id_prefix);
            events = marked;
            out.glossary_marks = count;
            if count > 0 {
                let mut html = String::with_capacity(markdown_len * 3 / 2);
                pulldown_cmark::html::push_html(&mut html, unmarked.into_iter());
                html.shrink_to_fit();
                out.unmarked_html = Some(html);
            }
        }
        out.html.reserve(markdown_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
        out.html.shrink_to_fit();
        out
    }
}

/// `s` with `&`, `<`, `>`, `"` and `'` escaped, safe in HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `tag` (a link or an image) pointing at `dest` instead.
fn with_dest(tag: Tag<'_>, dest: String) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        },
        other => other,
    }
}

/// How many words `text` has, as `split_whitespace` counts them, with ASCII text (nearly
/// all of it) counted without decoding characters.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // 64 bytes at a time, in two loops the compiler turns into vector instructions: which
    // bytes are spaces (the ASCII ones `char::is_whitespace` takes: space, and tab to CR),
    // then how many spaces are followed by something else (a word starts there).
    let mut words = 0;
    let mut space_before = 1u8;
    for chunk in text.as_bytes().chunks(64) {
        let mut space = [0u8; 65];
        space[0] = space_before;
        for (s, &b) in space[1..].iter_mut().zip(chunk) {
            *s = u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5);
        }
        // At most 32 words start in 64 bytes: a byte holds the count.
        let mut starts = 0u8;
        for i in 0..chunk.len() {
            starts += space[i] & (space[i + 1] ^ 1);
        }
        words += usize::from(starts);
        space_before = space[chunk.len()];
    }
    words
}

/// A code block shown as it is, escaped, in the markup highlighted blocks use. Focusable,
/// since a long line scrolls sideways.
fn plain_block(code: &str, lang: &str) -> String {
    let escaped = escape_html(code);
    let class = slugify(lang);
    if class.is_empty() {
        format!("<pre class=\"code\" tabindex=\"0\"><code>{escaped}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{class}\">{escaped}</code></pre>\n"
        )
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(base: &'a str, resolve: &'a dyn Fn(&Path) -> Option<String>) -> Context<'a> {
        Context {
            base_path: base,
            page_path: "/articles/a/",
            source_file: Some(Path::new("/site/content/articles/sub/a.md")),
            resolve_file: resolve,
            id_prefix: "",
            section_level: 1,
            emergency_number: None,
            glossary: None,
        }
    }

    fn none(_: &Path) -> Option<String> {
        None
    }

    #[test]
    fn heading_ids_repeat_with_suffix() {
        let r = render(
            "## Notes\n\n## Notes\n\n## Ménière\n\n## Own {#mine}\n",
            &ctx("", &none),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-1", "meniere", "mine"]);
        assert!(r.html.contains(r#"<h2 id="notes-1">"#), "{}", r.html);
    }

    #[test]
    fn site_links_get_the_base_path() {
        let r = render(
            "[a](/articles/x) [b](/faq/#q) [c](https://e.org/x) [d](#top)",
            &ctx("/guide", &none),
        );
        assert!(
            r.html.contains(r#"href="/guide/articles/x/""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="/guide/faq/#q""#));
        assert!(r.html.contains(r#"href="https://e.org/x""#));
        assert!(r.html.contains(r##"href="#top""##));
        assert_eq!(
            r.links[0].target,
            Target::Site {
                path: "/articles/x/".into(),
                fragment: None
            }
        );
        assert_eq!(r.links[2].target, Target::External);
    }

    #[test]
    fn relative_md_links_resolve_to_articles() {
        let resolve = |p: &Path| {
            (p == Path::new("/site/content/articles/other/b.md")).then(|| "/articles/b/".to_owned())
        };
        let r = render(
            "[b](../other/b.md#part) [c](missing.md)",
            &ctx("", &resolve),
        );
        assert!(r.html.contains(r#"href="/articles/b/#part""#), "{}", r.html);
        assert_eq!(r.links[1].target, Target::MissingFile("missing.md".into()));
    }

    #[test]
    fn raw_html_passes_and_code_is_classed() {
        let r = render(
            "<span class=\"x\">hi</span>\n\n```rust\nfn main() {}\n```\n",
            &ctx("", &none),
        );
        assert!(r.html.contains("<span class=\"x\">hi</span>"));
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
        assert!(r.has_code);
    }

    #[test]
    fn ids_avoid_the_layout_and_other_pieces() {
        let r = render("## Main\n\nx[^1]\n\n[^1]: note\n", &ctx("", &none));
        assert_eq!(r.headings[0].id, "main-1");
        assert!(r.html.contains(r#"id="fn_1""#), "{}", r.html);
        assert!(r.html.contains(r##"href="#fn_1""##));
        let none_ref: &dyn Fn(&Path) -> Option<String> = &none;
        let faq = Context {
            id_prefix: "does-it-hurt_",
            ..ctx("", none_ref)
        };
        let r = render("## Details\n\ny[^1]\n\n[^1]: n\n", &faq);
        assert_eq!(r.headings[0].id, "does-it-hurt_details");
        assert!(r.html.contains(r#"id="does-it-hurt_fn_1""#), "{}", r.html);
    }

    #[test]
    fn code_too_big_to_highlight_is_plain_and_recorded_once() {
        use super::highlight::TooBig;
        let long = "y".repeat(super::highlight::MAX_LINE_CHARS + 1);
        let md = format!(
            "```rust\nlet x = 1;\n```\n\n- item\n\n  ```rust\n  {long}\n  ```\n\n```rust\n{long}\n```\n\n```no-such\n{long}\n```\n"
        );
        let r = render(&md, &ctx("", &none));
        assert_eq!(r.html.matches("<pre class=\"code\"").count(), 4);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(
            r.html.contains(&format!(
                "<pre class=\"code\" tabindex=\"0\"><code class=\"language-rust\">{long}\n</code></pre>"
            )),
            "{}",
            r.html
        );
        let plain = r.plain_code.unwrap();
        let offset = md.find("```rust\n  y").unwrap();
        assert_eq!(
            plain,
            PlainCode {
                offset,
                fence: "```rust".into(),
                repeat: 1,
                reason: TooBig::LongLine {
                    line: 1,
                    chars: long.len()
                },
                // The third long block; the unknown language is plain anyway.
                more: 1,
            }
        );
    }

    #[test]
    fn accessible_tables_tasks_and_code() {
        let r = render(
            "| a |\n|---|\n| 1 |\n\n- [ ] todo\n\n```\nplain <b>\n```\n",
            &ctx("", &none),
        );
        assert!(
            r.html.contains(
                r#"<div class="table-wrap" role="region" aria-label="Table" tabindex="0">"#
            )
        );
        assert!(r.html.contains(r#"aria-label="Not done yet""#));
        assert!(
            r.html
                .contains(r#"<pre class="code" tabindex="0"><code>plain &lt;b&gt;"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn the_fingerprint_covers_the_text_and_the_whole_context() {
        let none_ref: &dyn Fn(&Path) -> Option<String> = &none;
        let base = ctx("", none_ref);
        let fp = base.fingerprint("[b](../b.md) ## x");
        assert_eq!(fp, ctx("", none_ref).fingerprint("[b](../b.md) ## x"));
        assert_ne!(fp, base.fingerprint("[b](../b.md) ## y"));
        let marks = super::super::glossary::Marks::new(Vec::new(), &[], "/glossary/".into());
        let others = [
            ctx("/guide", none_ref),
            Context {
                page_path: "/articles/other/",
                ..ctx("", none_ref)
            },
            Context {
                source_file: Some(Path::new("/site/content/articles/a.md")),
                ..ctx("", none_ref)
            },
            Context {
                source_file: None,
                ..ctx("", none_ref)
            },
            Context {
                id_prefix: "q_",
                ..ctx("", none_ref)
            },
            Context {
                section_level: 3,
                ..ctx("", none_ref)
            },
            Context {
                emergency_number: Some("999"),
                ..ctx("", none_ref)
            },
            Context {
                glossary: Some(&marks),
                ..ctx("", none_ref)
            },
        ];
        for other in &others {
            assert_ne!(fp, other.fingerprint("[b](../b.md) ## x"));
        }
    }

    #[test]
    fn a_rendering_is_reusable_only_while_its_md_links_resolve_the_same() {
        let to_b = |p: &Path| {
            (p == Path::new("/site/content/articles/b.md")).then(|| "/articles/b/".to_owned())
        };
        let r = render("[b](../b.md)", &ctx("", &to_b));
        assert!(r.links_resolve_as_before(&ctx("", &to_b)));
        assert!(!r.links_resolve_as_before(&ctx("", &none)));
    }

    #[test]
    fn callouts_become_asides_and_every_marker_is_recorded() {
        let none_ref: &dyn Fn(&Path) -> Option<String> = &none;
        let faq = Context {
            section_level: 3,
            emergency_number: Some("112"),
            id_prefix: "q_",
            ..ctx("", none_ref)
        };
        let r = render(
            "> [!EMERGENCY]\n> Call.\n\n> [!TIP]\n> Tip.\n\n> [!URGENT] today\n\n> plain\n",
            &faq,
        );
        assert!(
            r.html
                .starts_with("<aside class=\"callout callout-emergency\">\n<h4 "),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "call 112 now</h4>\n<div class=\"callout-body\">\n<p>Call.</p>\n</div>\n</aside>"
            ),
            "{}",
            r.html
        );
        // Unknown kinds and markers with text after them stay plain quotes.
        assert_eq!(r.html.matches("<blockquote>").count(), 3, "{}", r.html);
        let found: Vec<(&str, bool)> = r
            .callouts
            .iter()
            .map(|c| (c.name.as_str(), c.rendered()))
            .collect();
        assert_eq!(
            found,
            [("EMERGENCY", true), ("TIP", false), ("URGENT", false)]
        );
        assert_eq!(r.callouts[1].offset, "> [!EMERGENCY]\n> Call.\n\n> ".len());
        let r = render("> [!ROUTINE]\n> Two words.\n", &faq);
        assert_eq!(r.words, 2, "the marker is not a word of the text");
    }

    #[test]
    fn gfm_extensions() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ \"q\"\n\n- [x] done\n",
            &ctx("", &none),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("checkbox"));
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let long = [
            "a b ".repeat(40),
            " word".repeat(30),
            format!("{}x", " ".repeat(64)),
        ];
        for text in [
            "",
            " ",
            "one",
            "  two words ",
            "tab\tand\nnew\x0Bline\x0Cfeed\rreturn",
            "no-break\u{a0}space café",
            "ends with space ",
            "not\x08space\x0Eeither\x1F x",
            &long[0],
            &long[1],
            &long[2],
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
