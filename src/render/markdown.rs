//! Markdown → HTML with careleaf's rules.
//!
//! GitHub-style tables, footnotes, strikethrough and task lists; smart punctuation; heading
//! ids from the heading text (repeats get `-1`, `-2`); fenced code highlighted with CSS
//! classes. Every link and image target is classified and recorded so [`crate::links`] can
//! check it, and site links are rewritten to carry the `base_url` path. Raw HTML is passed
//! through as written: it is the editor's choice.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::slug::{UniqueIds, slugify};

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path of this site (`/articles/x/`, `/style.css`) and maybe an anchor.
    Site {
        path: String,
        fragment: Option<String>,
    },
    /// A relative link to a markdown file that is not one of the site's articles.
    MissingFile(String),
    /// Anything outside the site (`https:`, `mailto:`, `//host`).
    External,
}

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
    /// Relative `.md` links and the article path each resolved to when rendered, so a cached
    /// rendering can be checked against the current site.
    pub resolved_files: Vec<(PathBuf, Option<String>)>,
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
}

/// Ids the page layout itself uses; headings never take them.
pub const LAYOUT_IDS: &[&str] = &["main"];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown` for the page described by `ctx`.
pub fn render(markdown: &str, ctx: &Context) -> Rendered {
    let mut out = Rendered::default();
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();

    // Explicit heading ids stay as written; reserve them before generating the others.
    let mut ids = UniqueIds::new();
    for id in LAYOUT_IDS {
        ids.reserve(id);
    }
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            ids.reserve(id);
        }
    }

    let mut result: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's text to make its id.
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() {
                    match &events[j].0 {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let final_id = match id {
                    Some(explicit) => format!("{}{explicit}", ctx.id_prefix),
                    None => format!("{}{}", ctx.id_prefix, ids.unique(&slugify(&text))),
                };
                out.headings.push(Heading {
                    level: heading_number(*level),
                    id: final_id.clone(),
                    text: text.trim().to_owned(),
                });
                out.ids.push(final_id.clone());
                result.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(final_id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let (new_dest, target) = classify(dest_url, ctx);
                let path_part = dest_url.split(['#', '?']).next().unwrap_or("");
                if path_part.ends_with(".md")
                    && !is_external(dest_url)
                    && !path_part.starts_with('/')
                {
                    if let Some(file) = md_file_path(path_part, ctx) {
                        let resolved = (ctx.resolve_file)(&file);
                        out.resolved_files.push((file, resolved));
                    }
                }
                let is_image = matches!(tag, Tag::Image { .. });
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    target,
                    is_image,
                    offset: range.start,
                });
                result.push(Event::Start(with_dest(tag.clone(), new_dest)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
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
                out.has_code = true;
                result.push(Event::Html(code_block(&code, lang).into()));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Table(_)) => {
                // A wide table scrolls sideways on a phone: make it reachable by keyboard.
                result.push(Event::Html(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n".into(),
                ));
                result.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                result.push(event.clone());
                result.push(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => {
                let html = if *done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done yet\"> "
                };
                result.push(Event::InlineHtml(html.into()));
            }
            // Footnote ids get a prefix that no heading id can have (`_`), so they never
            // clash with headings or with another answer's footnotes.
            Event::FootnoteReference(name) => {
                result.push(Event::FootnoteReference(
                    format!("{}fn_{name}", ctx.id_prefix).into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = format!("{}fn_{name}", ctx.id_prefix);
                out.ids.push(id.clone());
                result.push(Event::Start(Tag::FootnoteDefinition(id.into())));
            }
            Event::Text(t) => {
                out.words += t.split_whitespace().count();
                result.push(event.clone());
            }
            _ => result.push(event.clone()),
        }
        i += 1;
    }
    out.html.reserve(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, result.into_iter());
    out.html.shrink_to_fit();
    out
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

/// A code block: highlighted when the language is known, plain otherwise. Focusable, since a
/// long line scrolls sideways.
fn code_block(code: &str, lang: &str) -> String {
    if !lang.is_empty() {
        if let Some(html) = super::highlight::highlight(code, lang) {
            return html;
        }
    }
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

/// True for `https:`, `mailto:`, `tel:` and other URLs with a scheme, and `//host/...`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Works out where `dest` points and the href to write in its place.
fn classify(dest: &str, ctx: &Context) -> (String, Target) {
    if dest.is_empty() || is_external(dest) {
        return (dest.to_owned(), Target::External);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let with_fragment = |path: &str| match &fragment {
        Some(f) => format!("{}{path}#{f}", ctx.base_path),
        None => format!("{}{path}", ctx.base_path),
    };
    if path_part.is_empty() {
        // `#anchor` on this page: keep it as it is.
        let target = Target::Site {
            path: ctx.page_path.to_owned(),
            fragment,
        };
        return (dest.to_owned(), target);
    }
    if path_part.starts_with('/') {
        let path = canonical_site_path(path_part);
        return (with_fragment(&path), Target::Site { path, fragment });
    }
    if path_part.ends_with(".md") {
        if let Some(joined) = md_file_path(path_part, ctx) {
            return match (ctx.resolve_file)(&joined) {
                Some(path) => (with_fragment(&path), Target::Site { path, fragment }),
                None => (dest.to_owned(), Target::MissingFile(path_part.to_owned())),
            };
        }
        return (dest.to_owned(), Target::MissingFile(path_part.to_owned()));
    }
    // Relative to the page's URL.
    let dir = match ctx.page_path.rfind('/') {
        Some(i) => &ctx.page_path[..=i],
        None => "/",
    };
    let path = canonical_site_path(&join_url(dir, path_part));
    (with_fragment(&path), Target::Site { path, fragment })
}

/// The file a relative `.md` link points at, when the markdown comes from a file.
fn md_file_path(path_part: &str, ctx: &Context) -> Option<PathBuf> {
    let file = ctx.source_file?;
    let base = file.parent().unwrap_or(Path::new(""));
    Some(normalise_fs(&base.join(percent_decode(path_part))))
}

/// `/articles/x` → `/articles/x/`; `/articles/x/index.html` → `/articles/x/`; files keep
/// their extension.
pub fn canonical_site_path(path: &str) -> String {
    let decoded = percent_decode(path);
    let p = decoded.strip_suffix("index.html").unwrap_or(&decoded);
    let last = p.rsplit('/').next().unwrap_or("");
    if p.ends_with('/') || last.contains('.') {
        p.to_owned()
    } else {
        format!("{p}/")
    }
}

/// Joins a relative URL path onto a folder URL, resolving `.` and `..`.
fn join_url(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = rel.ends_with('/') || rel.ends_with("/.") || rel == "." || rel == "..";
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Resolves `.` and `..` in a file path without touching the disk.
fn normalise_fs(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn url_helpers() {
        assert_eq!(
            canonical_site_path("/articles/x/index.html"),
            "/articles/x/"
        );
        assert_eq!(canonical_site_path("/img/a%20b.png"), "/img/a b.png");
        assert_eq!(join_url("/articles/a/", "../b/"), "/articles/b/");
        assert_eq!(join_url("/articles/a/", "pic.png"), "/articles/a/pic.png");
        assert_eq!(percent_decode("%2e%2e/x%"), "../x%");
    }
}
