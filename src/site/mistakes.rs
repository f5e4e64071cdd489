//! Warnings about what builds but is almost certainly a mistake, each where it was made: an
//! article with no text (a blank page), a topic with no articles and no questions (an empty
//! topic page) and an FAQ answer too short to answer anything.
//!
//! Whether an article is blank and which answers are too short are found once per document
//! and FAQ file ([`Found`]), so that a model made again from the last build's lists (see
//! [`super::SiteCache`]) looks only at the documents that changed.

use super::Site;
use crate::content::Document;
use crate::diag::{Diagnostic, Diagnostics, Kind, Severity};

/// The fewest words an FAQ answer may have without a warning: about one short sentence.
pub const ANSWER_MIN_WORDS: usize = 8;

/// What the warnings about one document or the FAQ file are made from.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// Whether each listed article (in listing order) has no text.
    pub blank: Vec<bool>,
    /// The warnings about answers too short, in file order.
    pub short_answers: Vec<Diagnostic>,
}

impl Found {
    /// Looks at every listed article and FAQ answer of `site`.
    pub fn of(site: &Site) -> Found {
        Found {
            blank: site.articles.iter().map(|a| is_blank(&a.doc)).collect(),
            short_answers: short_answers(site),
        }
    }
}

/// Whether `doc` has no text after its front matter (not known, so not said, of a document
/// of which only the front matter was read).
pub(super) fn is_blank(doc: &Document) -> bool {
    doc.whole && doc.body().trim().is_empty()
}

/// Adds a warning for each likely mistake in `site` (its topics and FAQ already indexed),
/// `found` in it before.
pub(super) fn warn(site: &Site, found: &Found, diags: &mut Diagnostics) {
    empty_articles(site, &found.blank, diags);
    empty_topics(site, diags);
    diags.extend(found.short_answers.iter().cloned());
}

fn empty_articles(site: &Site, blank: &[bool], diags: &mut Diagnostics) {
    for (a, &blank) in site.articles.iter().zip(blank) {
        if blank {
            let message = "the article has no text after its front matter, so its page would be \
                blank; write it below the closing `---` line";
            let d = Diagnostic::with_window(
                Severity::Warning,
                &a.doc.source.rel,
                0,
                0,
                None,
                message.to_owned(),
            );
            diags.push(d.with_kind(Kind::EmptyArticle));
        }
    }
}

/// Topics that nothing uses. While the site has errors, a topic may look unused only
/// because the file using it did not load or misspells it (and "did you mean" names it
/// already), so the warning waits until they are fixed.
fn empty_topics(site: &Site, diags: &mut Diagnostics) {
    let Some(src) = &site.topics_source else {
        return;
    };
    if diags.has_errors() || site.faq_failed || !site.failed_slugs.is_empty() {
        return;
    }
    for t in &site.topics {
        let Some(line) = t.line else { continue };
        if t.articles.is_empty() && t.faq.is_empty() {
            let message = format!(
                "topic `{}` has no articles and no questions, so its page would be empty; add \
                 `{}` to the `topics:` of an article or question, or remove the topic",
                t.slug, t.slug
            );
            let column = src.locate_key_in(&t.slug, line, line).map_or(1, |(_, c)| c);
            diags.push(
                src.warning(line, column, message)
                    .with_kind(Kind::EmptyTopic),
            );
        }
    }
}

fn short_answers(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(src) = &site.faq_source else {
        return out;
    };
    for f in &site.faq {
        let e = &f.entry;
        let words = words_up_to(&e.answer, ANSWER_MIN_WORDS);
        if words < ANSWER_MIN_WORDS {
            let (line, column) = src
                .locate_key_in("answer", e.first_line, e.last_line)
                .unwrap_or((e.answer_line, 1));
            let word = if words == 1 { "word" } else { "words" };
            let message = format!(
                "the answer has only {words} {word}; write at least {ANSWER_MIN_WORDS} (a whole \
                 sentence), so it answers the question on its own"
            );
            out.push(
                src.warning(line, column, message)
                    .with_kind(Kind::ShortAnswer),
            );
        }
    }
    out
}

/// The words of a text, counted up to `max` (a long answer is not read to its end): runs
/// between spaces with a letter or digit in them (so a lone `-` or `*` of markdown is not
/// one).
fn words_up_to(text: &str, max: usize) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(max)
        .count()
}

#[cfg(test)]
mod tests {
    use super::words_up_to;

    #[test]
    fn words_are_counted_without_markdown_marks() {
        let words = |text| words_up_to(text, 100);
        assert_eq!(words(""), 0);
        assert_eq!(words("  Yes.\n"), 1);
        assert_eq!(words("- **Rest** it - then [see](/x/) a GP."), 6);
        assert_eq!(words_up_to("one two three four", 3), 3);
    }
}
