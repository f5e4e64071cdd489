//! The site's URL contract: the path of every kind of page, and the file each path is
//! written to. Paths here are site paths (`/articles/x/`), before the `base_url` prefix.

pub const HOME: &str = "/";
pub const ARTICLES: &str = "/articles/";
pub const TOPICS: &str = "/topics/";
pub const FAQ: &str = "/faq/";
/// The search page; the search index is written beside it, under the same folder.
pub const SEARCH: &str = "/search/";
pub const GLOSSARY: &str = "/glossary/";
pub const NOT_FOUND: &str = "/404.html";

/// A site path in three parts, a name between a fixed start and end, which can be compared
/// with a path without making it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    pub start: &'static str,
    pub name: &'a str,
    pub end: &'static str,
}

impl Parts<'_> {
    /// The path.
    pub fn path(&self) -> String {
        [self.start, self.name, self.end].concat()
    }

    /// Whether `path` is this path.
    pub fn is(&self, path: &str) -> bool {
        path.len() == self.start.len() + self.name.len() + self.end.len()
            && path.starts_with(self.start)
            && path.ends_with(self.end)
            && &path[self.start.len()..path.len() - self.end.len()] == self.name
    }
}

/// An article's path in parts (see [`article`]).
pub fn article_parts(slug: &str) -> Parts<'_> {
    Parts {
        start: "/articles/",
        name: slug,
        end: "/",
    }
}

/// A standalone page's path in parts (see [`page`]).
pub fn page_parts(slug: &str) -> Parts<'_> {
    Parts {
        start: "/",
        name: slug,
        end: "/",
    }
}

/// A FAQ entry's path in parts (see [`faq_entry`]).
pub fn faq_entry_parts(id: &str) -> Parts<'_> {
    Parts {
        start: "/faq/#",
        name: id,
        end: "",
    }
}

pub fn article(slug: &str) -> String {
    article_parts(slug).path()
}

pub fn topic(slug: &str) -> String {
    ["/topics/", slug, "/"].concat()
}

pub fn page(slug: &str) -> String {
    page_parts(slug).path()
}

pub fn faq_entry(id: &str) -> String {
    faq_entry_parts(id).path()
}

/// The anchor of a topic's group on the FAQ page. Uses `_`, which FAQ ids (slugs) never
/// contain, so a group can never take an entry's id.
pub fn faq_group_id(topic_slug: Option<&str>) -> String {
    match topic_slug {
        Some(s) => format!("topic_{s}"),
        None => "other_questions".to_owned(),
    }
}

/// The output file for a site path: `/x/` → `x/index.html`, `/404.html` → `404.html`.
pub fn output_file(site_path: &str) -> String {
    let p = site_path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        [p, "index.html"].concat()
    } else {
        p.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files() {
        assert_eq!(output_file(HOME), "index.html");
        assert_eq!(output_file(&article("x")), "articles/x/index.html");
        assert_eq!(output_file(NOT_FOUND), "404.html");
    }
}
