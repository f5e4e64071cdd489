//! Warnings about what builds but is almost certainly a mistake, each where it was made: an
//! article with no text (a blank page), a topic with no articles and no questions (an empty
//! topic page) and an FAQ answer too short to answer anything.

use super::Site;
use crate::diag::{Diagnostic, Diagnostics, Kind, Severity};

/// The fewest words an FAQ answer may have without a warning: about one short sentence.
pub const ANSWER_MIN_WORDS: usize = 8;

/// Adds a warning for each likely mistake in `site` (its topics and FAQ already indexed).
pub(super) fn warn(site: &Site, diags: &mut Diagnostics) {
    empty_articles(site, diags);
    empty_topics(site, diags);
    short_answers(site, diags);
}

fn empty_articles(site: &Site, diags: &mut Diagnostics) {
    for a in &site.articles {
        if a.doc.body().trim().is_empty() {
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

fn short_answers(site: &Site, diags: &mut Diagnostics) {
    let Some(src) = &site.faq_source else {
        return;
    };
    for f in &site.faq {
        let e = &f.entry;
        let words = words(&e.answer);
        if words < ANSWER_MIN_WORDS {
            let (line, column) = src
                .locate_key_in("answer", e.first_line, e.last_line)
                .unwrap_or((e.answer_line, 1));
            let word = if words == 1 { "word" } else { "words" };
            let message = format!(
                "the answer has only {words} {word}; write at least {ANSWER_MIN_WORDS} (a whole \
                 sentence), so it answers the question on its own"
            );
            diags.push(
                src.warning(line, column, message)
                    .with_kind(Kind::ShortAnswer),
            );
        }
    }
}

/// The words of a text: runs between spaces with a letter or digit in them (so a lone `-`
/// or `*` of markdown is not one).
fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_are_counted_without_markdown_marks() {
        assert_eq!(words(""), 0);
        assert_eq!(words("  Yes.\n"), 1);
        assert_eq!(words("- **Rest** it - then [see](/x/) a GP."), 6);
    }
}
