//! What search finds: every article, every standalone page (those of `content/pages/` and
//! the trust pages written in `site.yaml`) and each FAQ entry on its own, linking to its
//! anchor on the FAQ page. Each comes with the parts of its text that weigh differently in
//! ranking (title, headings, body) and the plain text results quote from.

use crate::render::{Markdown, Rendered, paths};
use crate::site::{Site, TrustFrom};

/// The longest plain text kept for excerpts, in bytes (about 5,000 words): an excerpt
/// quotes the first match, and a match further on is rarely the best one to show.
pub const MAX_TEXT: usize = 30_000;

/// What kind of page a document is, as results name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Page,
    Question,
}

impl Kind {
    /// The kind as results show it (and as the index's document files name it).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "Article",
            Kind::Page => "Page",
            Kind::Question => "Question",
        }
    }
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// The title, or the FAQ entry's question.
    pub title: String,
    /// The link, with the `base_url` path (`/guide/faq/#entry`).
    pub url: String,
    /// The description from the front matter (empty when none).
    pub description: String,
    /// The text of the headings, space-separated.
    pub headings: String,
    /// The body as plain text, cut to [`MAX_TEXT`].
    pub text: String,
}

/// What one searchable document is made from, borrowed from the site and its markdown.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub kind: Kind,
    pub title: &'a str,
    /// Empty when there is none.
    pub description: &'a str,
    pub rendered: &'a Rendered,
}

impl Source<'_> {
    /// A fingerprint of everything the document is made from (with `link`, its link), so an
    /// unchanged document's index entry can be kept between builds.
    pub fn fingerprint(&self, link: &str) -> u128 {
        let mut f = crate::fingerprint::Fingerprint::new();
        f.add(&(self.kind.label(), self.title, link, self.description));
        for h in &self.rendered.headings {
            f.add(&h.text);
        }
        f.add(&self.rendered.html);
        f.finish()
    }

    /// The document, its link made with `link`.
    pub fn doc(&self, link: String) -> Doc {
        let headings: Vec<&str> = self
            .rendered
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect();
        Doc {
            kind: self.kind,
            title: self.title.to_owned(),
            url: link,
            description: self.description.to_owned(),
            headings: headings.join(" "),
            text: cut(plain_text(&self.rendered.html), MAX_TEXT),
        }
    }
}

/// Every searchable document of `site` with its site path, in a fixed order: articles,
/// standalone pages, trust pages written in `site.yaml`, FAQ entries.
pub fn sources<'a>(site: &'a Site, md: &'a Markdown) -> Vec<(String, Source<'a>)> {
    let source = |kind, title, description: Option<&'a String>, rendered| Source {
        kind,
        title,
        description: description.map_or("", String::as_str),
        rendered,
    };
    let mut out = Vec::new();
    for (article, piece) in site.articles.iter().zip(&md.articles) {
        let front = &article.doc.front;
        let s = source(
            Kind::Article,
            &front.title,
            front.description.as_ref(),
            &*piece.rendered,
        );
        out.push((paths::article(&article.doc.slug), s));
    }
    for (page, piece) in site.pages.iter().zip(&md.pages) {
        let front = &page.front;
        let s = source(
            Kind::Page,
            &front.title,
            front.description.as_ref(),
            &*piece.rendered,
        );
        out.push((paths::page(&page.slug), s));
    }
    for (item, piece) in site.trust_pages.iter().zip(&md.trust) {
        if let (TrustFrom::Settings, Some(piece)) = (item.from, piece) {
            let s = source(Kind::Page, item.page.title, None, &*piece.rendered);
            out.push((paths::page(item.page.slug), s));
        }
    }
    for (item, piece) in site.faq.iter().zip(&md.faq) {
        let s = source(Kind::Question, &item.entry.question, None, &*piece.rendered);
        out.push((paths::faq_entry(&item.entry.id), s));
    }
    out
}

/// `text` cut to at most `max` bytes, at a character boundary.
fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Tags that sit inside a word's run of text; any other tag separates words.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "u", "var",
];

/// The text of rendered HTML: tags removed (block tags leave a space), the entities that
/// markdown rendering writes decoded, runs of white space made one space.
pub fn plain_text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        raw.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !INLINE_TAGS.contains(&name.as_str()) {
            raw.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    raw.push_str(rest);
    collapse_spaces(&decode_entities(&raw))
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;` and numeric references;
/// anything else is left as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_whole_and_apart() {
        let html = "<h2 id=\"a\">Why <em>dry</em> needling</h2>\n<p>Fibro<strong>myalgia</strong> \
                    &amp; pain&#39;s &lt;b&gt; &#x2014;</p><ul><li>one</li><li>two</li></ul>";
        assert_eq!(
            plain_text(html),
            "Why dry needling Fibromyalgia & pain's <b> \u{2014} one two"
        );
    }

    #[test]
    fn unknown_entities_and_stray_ampersands_stay() {
        assert_eq!(
            plain_text("<p>A & B &copy; &#xZZ;</p>"),
            "A & B &copy; &#xZZ;"
        );
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        assert_eq!(cut("aé".to_owned(), 2), "a");
        assert_eq!(cut("abc".to_owned(), 5), "abc");
    }
}
