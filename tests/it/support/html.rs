//! Reading HTML as a browser would: pages parsed with a real HTML parser, and the elements,
//! texts, attributes and links the tests look for in them.

use scraper::{ElementRef, Html, Selector};

/// One parsed HTML page.
pub struct Page {
    pub url: String,
    pub html: Html,
    pub text: String,
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// The whitespace-normalised text of an element.
pub fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    /// Parses `text`, the page at `url` (the URL is only for failure messages).
    pub fn parse(url: &str, text: String) -> Page {
        Page {
            url: url.to_owned(),
            html: Html::parse_document(&text),
            text,
        }
    }

    /// Every element matching `css`.
    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        let s = sel(css);
        self.html.select(&s).collect()
    }

    /// The one element matching `css` (panics on none or several).
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.all(css);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one `{css}`, found {}",
            self.url,
            found.len()
        );
        found[0]
    }

    pub fn has(&self, css: &str) -> bool {
        !self.all(css).is_empty()
    }

    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// The texts of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }

    /// The `attr` of every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.all(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    /// The `href`s of every `a` matching `css` (e.g. `.topic-links a`).
    pub fn hrefs(&self, css: &str) -> Vec<String> {
        self.attrs(css, "href")
    }

    /// Every element id on the page, with repeats.
    pub fn ids(&self) -> Vec<String> {
        self.attrs("[id]", "id")
    }

    /// Every link-like URL on the page: `href` of `a`/`link`/`area`, `src` of
    /// `img`/`script`/`source`/`iframe`, and `content` of `og:url`.
    pub fn urls(&self) -> Vec<String> {
        let mut out = self.attrs("a[href], link[href], area[href]", "href");
        out.extend(self.attrs("img[src], script[src], source[src], iframe[src]", "src"));
        out.extend(self.attrs("meta[property=\"og:url\"]", "content"));
        out
    }

    /// The canonical URL.
    pub fn canonical(&self) -> String {
        self.attrs("link[rel=canonical]", "href")
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}: no canonical link", self.url))
    }

    /// Everything on the page that a strict Content-Security-Policy (no `'unsafe-inline'`)
    /// would block, described: a `<script>` without `src` or with a body, a `<style>`
    /// element, a `style` attribute, an `on*` event-handler attribute, a `javascript:` URL.
    pub fn inline_code(&self) -> Vec<String> {
        let mut found = Vec::new();
        // A JSON-LD data block is never run, so a policy on scripts does not apply to it.
        for script in self.all("script:not([type=\"application/ld+json\"])") {
            let body = script.text().collect::<String>();
            if script.value().attr("src").is_none() || !body.trim().is_empty() {
                found.push(format!("an inline <script>: {:?}", script.html()));
            }
        }
        for style in self.all("style") {
            found.push(format!("a <style> element: {:?}", style.html()));
        }
        for el in self.all("*") {
            for (name, value) in el.value().attrs() {
                let name = name.to_ascii_lowercase();
                if name == "style" || name.starts_with("on") {
                    found.push(format!("<{} {name}=\"{value}\">", el.value().name()));
                }
                if value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
                {
                    found.push(format!(
                        "a javascript: URL in <{} {name}>",
                        el.value().name()
                    ));
                }
            }
        }
        found
    }

    /// The `src` of every script and the `href` of every stylesheet link, in page order.
    pub fn scripts_and_stylesheets(&self) -> (Vec<String>, Vec<String>) {
        (
            self.attrs("script[src]", "src"),
            self.attrs("link[rel~=stylesheet]", "href"),
        )
    }
}
