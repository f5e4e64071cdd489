//! Breadcrumb trails: where a page sits under the home page (Home › Articles › Title). Each
//! page's trail is made once; templates show it and the structured data's `BreadcrumbList`
//! is made from the same trail, so the two cannot disagree.

use super::paths;

/// One step of a trail: a title and the site path it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    pub title: String,
    /// A site path (`/articles/`), before the `base_url` prefix.
    pub path: String,
}

/// The section a page is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Articles,
    Topics,
}

impl Section {
    fn crumb(self) -> Crumb {
        match self {
            Section::Articles => crumb(ARTICLES_TITLE, paths::ARTICLES),
            Section::Topics => crumb(TOPICS_TITLE, paths::TOPICS),
        }
    }
}

/// The first step of every trail.
pub const HOME_TITLE: &str = "Home";
/// The titles of the section index pages (the pages themselves use the same).
pub const ARTICLES_TITLE: &str = "Articles";
pub const TOPICS_TITLE: &str = "Topics";
/// The glossary page's title.
pub const GLOSSARY_TITLE: &str = "Glossary";

fn crumb(title: &str, path: &str) -> Crumb {
    Crumb {
        title: title.to_owned(),
        path: path.to_owned(),
    }
}

/// The trail of the page titled `title` at `path`, listed under `section` (directly under the
/// home page when `None`). It ends with the page itself.
pub fn trail(section: Option<Section>, title: &str, path: &str) -> Vec<Crumb> {
    let mut out = vec![crumb(HOME_TITLE, paths::HOME)];
    out.extend(section.map(Section::crumb));
    out.push(crumb(title, path));
    out
}

/// The trail of a section's own index page (Home › Articles).
pub fn section_index(section: Section) -> Vec<Crumb> {
    vec![crumb(HOME_TITLE, paths::HOME), section.crumb()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(trail: &[Crumb]) -> Vec<(&str, &str)> {
        trail
            .iter()
            .map(|c| (c.title.as_str(), c.path.as_str()))
            .collect()
    }

    #[test]
    fn trails_run_from_home_to_the_page() {
        let article = trail(Some(Section::Articles), "Sleep", "/articles/sleep/");
        assert_eq!(
            titles(&article),
            [
                ("Home", "/"),
                ("Articles", "/articles/"),
                ("Sleep", "/articles/sleep/")
            ]
        );
        let page = trail(None, "About us", "/about/");
        assert_eq!(titles(&page), [("Home", "/"), ("About us", "/about/")]);
        assert_eq!(
            titles(&section_index(Section::Topics)),
            [("Home", "/"), ("Topics", "/topics/")]
        );
    }
}
