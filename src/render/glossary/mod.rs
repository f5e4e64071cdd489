//! The glossary in rendered pages: the first use of each glossary word in a piece of
//! markdown becomes an accessible definition (a toggletip), linked to its entry on the
//! glossary page.
//!
//! [`matcher`] finds the words in text (the matching rules); [`mark`] walks the markdown's
//! events, skipping headings, links and code, and writes the markup. [`Marks`] holds what
//! both need for one build: the names to look for, each entry's definition as inline HTML,
//! and a fingerprint of all of it (part of every marked rendering's cache key, so editing
//! `glossary.yaml` renders marked pages again).

pub mod mark;
pub mod matcher;

use crate::fingerprint::Fingerprint;
use matcher::Matcher;

use super::markdown::escape_html;

/// One glossary entry as a toggletip shows it.
#[derive(Debug, Clone)]
pub struct Tip {
    pub term: String,
    pub slug: String,
    /// The definition, as inline HTML (no paragraph around it).
    pub definition_html: String,
}

/// What marking glossary words needs, for one build.
#[derive(Debug, Clone)]
pub struct Marks {
    matcher: Matcher,
    tips: Vec<Tip>,
    /// The glossary page's link (with the `base_url` path), for `#anchor`s.
    page_url: String,
    fingerprint: u128,
}

impl Marks {
    /// Marks for `tips`, each found by its names (`names[i]` for `tips[i]`), linking to
    /// the glossary page at `page_url`.
    pub fn new(tips: Vec<Tip>, names: &[Vec<&str>], page_url: String) -> Marks {
        let matcher = Matcher::new(
            names
                .iter()
                .enumerate()
                .flat_map(|(i, n)| n.iter().map(move |name| (i, *name))),
        );
        let mut f = Fingerprint::new();
        f.add(&page_url);
        for (tip, names) in tips.iter().zip(names) {
            f.add(&tip.term);
            f.add(&tip.slug);
            f.add(&tip.definition_html);
            f.add(names);
        }
        Marks {
            matcher,
            tips,
            page_url,
            fingerprint: f.finish(),
        }
    }

    /// A fingerprint of everything that changes how words are marked.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The markup for entry `entry` written as `written` (HTML-escaped here), with the
    /// toggletip's id made from `id_prefix` (unique on the page, as the markdown's own ids
    /// are). Without JavaScript the word links to its glossary entry and the button and
    /// definition stay hidden; the theme's script turns the link into a toggle.
    pub fn markup(&self, entry: usize, written: &str, id_prefix: &str) -> String {
        let Some(tip) = self.tips.get(entry) else {
            return escape_html(written);
        };
        let href = escape_html(&format!("{}#{}", self.page_url, tip.slug));
        let id = format!("{id_prefix}gloss_{}", tip.slug);
        let term = escape_html(&tip.term);
        format!(
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"{href}\"><dfn>{}</dfn></a>\
             <button type=\"button\" class=\"gloss-btn\" aria-expanded=\"false\" \
             aria-controls=\"{id}\" aria-label=\"What is {term}?\" hidden>?</button>\
             <span class=\"gloss-tip\" id=\"{id}\" role=\"status\" hidden>{} \
             <a href=\"{href}\">More in the glossary</a></span></span>",
            escape_html(written),
            tip.definition_html,
        )
    }
}

/// `html` (a rendered one-paragraph definition) without its paragraph tags.
pub fn inline(html: &str) -> String {
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_links_the_word_and_hides_the_toggle_until_the_script_runs() {
        let tips = vec![Tip {
            term: "Trigger point".into(),
            slug: "trigger-point".into(),
            definition_html: "A <em>tight</em> spot.".into(),
        }];
        let marks = Marks::new(tips, &[vec!["Trigger point"]], "/g/glossary/".into());
        assert_eq!(
            marks.markup(0, "trigger <points>", "q_"),
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"/g/glossary/#trigger-point\">\
             <dfn>trigger &lt;points&gt;</dfn></a><button type=\"button\" class=\"gloss-btn\" \
             aria-expanded=\"false\" aria-controls=\"q_gloss_trigger-point\" \
             aria-label=\"What is Trigger point?\" hidden>?</button><span class=\"gloss-tip\" \
             id=\"q_gloss_trigger-point\" role=\"status\" hidden>A <em>tight</em> spot. \
             <a href=\"/g/glossary/#trigger-point\">More in the glossary</a></span></span>"
        );
    }

    #[test]
    fn the_fingerprint_follows_the_definitions() {
        let tip = |d: &str| Tip {
            term: "T".into(),
            slug: "t".into(),
            definition_html: d.into(),
        };
        let a = Marks::new(vec![tip("a")], &[vec!["T"]], "/glossary/".into());
        let b = Marks::new(vec![tip("b")], &[vec!["T"]], "/glossary/".into());
        let c = Marks::new(vec![tip("a")], &[vec!["T", "U"]], "/glossary/".into());
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
        assert_eq!(
            a.fingerprint(),
            Marks::new(vec![tip("a")], &[vec!["T"]], "/glossary/".into()).fingerprint()
        );
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("<p>A <em>b</em>.</p>\n"), "A <em>b</em>.");
        assert_eq!(inline("plain"), "plain");
    }
}
