//! Link text that says nothing out of context ("click here", "read more", "link"), a bare
//! URL as link text (also `<https://…>` autolinks), and links without text. Screen-reader
//! users often jump from link to link, so each link's text must say where it goes.
//! Links anywhere in the text count, also in headings and tables.

use super::super::prose::{LinkKind, Prose};
use super::{Finding, LintKind};

/// Link texts that say nothing on their own, lowercase, sorted.
const VAGUE: &[&str] = &[
    "click",
    "click here",
    "click this link",
    "find out more",
    "here",
    "learn more",
    "link",
    "more",
    "more info",
    "more information",
    "read more",
    "this",
    "this link",
    "this page",
];

pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    for link in &prose.links {
        let text = link.text.trim();
        let message = if link.kind == LinkKind::Autolink || is_url(text) {
            "Link text is a bare web address: say where the link goes instead (e.g. “NHS \
             advice on fibromyalgia”)"
                .to_string()
        } else if link.kind == LinkKind::Email {
            continue;
        } else if text.is_empty() {
            if link.has_image {
                continue;
            }
            "Link has no text: screen readers will read out its address".to_string()
        } else if is_vague(text) {
            format!(
                "Link text “{text}” says nothing out of context: use words that say where the link goes"
            )
        } else {
            continue;
        };
        out.push(Finding {
            kind: LintKind::LinkText,
            byte_start: link.src.start,
            byte_end: link.src.end,
            message,
        });
    }
}

fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The text, lowercase, with runs of spaces made one and end punctuation removed, is vague.
fn is_vague(text: &str) -> bool {
    let mut norm = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.push_str(&word.to_lowercase());
    }
    let norm = norm
        .trim_end_matches(|c: char| ".:!…»›>→".contains(c))
        .trim_end();
    VAGUE.binary_search(&norm).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_texts_are_sorted_and_matched_loosely() {
        assert!(VAGUE.windows(2).all(|w| w[0] < w[1]));
        assert!(is_vague("  Click   HERE. ") && is_vague("Read more →") && !is_vague("NHS advice"));
    }
}
