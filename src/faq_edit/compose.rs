//! The new `faq.yaml` text: the entry appended as text ([`super::entry_text`]), proven to
//! read back as the old entries plus exactly the new one.

use super::entry::{Field, Problem};
use super::entry_text::{EntryValues, entry_lines, entry_lines_quoted, insert_entry};
use crate::content::faq::{FAQ_FILE, Faq};
use crate::content::source::{SourceFile, normalise};
use crate::content::{FaqEntry, ParsedFaq};

/// Appends the entry and proves the result reads back as the old entries plus the new one.
/// `known`: a text already read, and what it read as (a text that is not it is read here).
pub fn compose(
    faq_text: &str,
    v: &EntryValues,
    existing: &[FaqEntry],
    known: Option<(&str, &ParsedFaq)>,
) -> Result<String, Vec<Problem>> {
    let attempts: [&dyn Fn(usize) -> Vec<String>; 2] =
        [&|d| entry_lines(v, d), &|d| entry_lines_quoted(v, d)];
    for make in attempts {
        let text = insert_entry(faq_text, make)
            .map_err(|d| vec![Problem::new(Field::File, d.to_string())])?;
        let read_here;
        let faq = match known {
            Some((known_text, known_read)) if known_text == text => known_read.0.as_ref(),
            _ => {
                read_here = read(&text);
                read_here.as_ref()
            }
        };
        if faq.is_some_and(|faq| reads_back(faq, v, existing)) {
            return Ok(text);
        }
    }
    Err(vec![Problem::new(
        Field::Answer,
        "careleaf could not write this answer so that it reads back exactly; nothing was changed",
    )])
}

/// The text [`compose`] tries first, before it is proven to read back: what checking can
/// start on while the current entries are still being read.
pub fn first_draft(faq_text: &str, v: &EntryValues) -> Option<String> {
    insert_entry(faq_text, &|d| entry_lines(v, d)).ok()
}

/// `text` read as an FAQ, if it can be read as a whole.
pub(super) fn read(text: &str) -> Option<Faq> {
    Faq::parse(SourceFile::new(
        FAQ_FILE,
        FAQ_FILE,
        normalise(text.to_owned()),
    ))
    .0
}

/// True when `faq` holds `existing`, unchanged, followed by the entry `v` and nothing else.
fn reads_back(faq: &Faq, v: &EntryValues, existing: &[FaqEntry]) -> bool {
    if faq.entries.len() != existing.len() + 1 {
        return false;
    }
    let same = |a: &FaqEntry, b: &FaqEntry| {
        a.id == b.id
            && a.question == b.question
            && a.answer == b.answer
            && a.topics == b.topics
            && a.related == b.related
            && a.reviewed_on == b.reviewed_on
            && a.reviewed_by == b.reviewed_by
            && a.next_review == b.next_review
            && a.sources == b.sources
            && a.extra == b.extra
    };
    if !existing.iter().zip(&faq.entries).all(|(a, b)| same(a, b)) {
        return false;
    }
    let Some(new) = faq.entries.last() else {
        return false;
    };
    new.id == v.id
        && new.question == v.question
        && new.answer == v.answer
        && new.topics == v.topics
        && new.related == v.related
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const FAQ: &str = "questions:\n  - id: one\n    question: \"One?\"\n    answer: |\n      The first answer, in full.\n";

    fn values() -> EntryValues {
        EntryValues {
            id: "two".into(),
            question: "Two?".into(),
            answer: "The second answer, in full.".into(),
            topics: Vec::new(),
            related: Vec::new(),
        }
    }

    fn parsed(text: &str) -> ParsedFaq {
        Arc::new(Faq::parse(SourceFile::new(
            FAQ_FILE,
            FAQ_FILE,
            normalise(text.to_owned()),
        )))
    }

    #[test]
    fn a_text_read_already_is_taken_as_read_and_no_other_is() {
        let existing = read(FAQ).expect("the FAQ reads").entries;
        let v = values();
        let draft = first_draft(FAQ, &v).expect("a draft");
        let alone = compose(FAQ, &v, &existing, None).expect("it reads back");
        assert_eq!(alone, draft);
        // The draft's own reading proves it.
        let known = parsed(&draft);
        let with_known = compose(FAQ, &v, &existing, Some((&draft, &known)));
        assert_eq!(with_known.ok().as_ref(), Some(&draft));
        // What the draft was said to read as is believed: read as the old FAQ, it lacks the
        // new entry, so neither attempt is proven (the second, quoted text is read here and
        // passes: the result is that text, not the draft).
        let stale = parsed(FAQ);
        let proven = compose(FAQ, &v, &existing, Some((&draft, &stale))).expect("quoted");
        assert_ne!(proven, draft);
        // A reading of some other text is not used for the draft.
        let other = compose(FAQ, &v, &existing, Some((FAQ, &stale)));
        assert_eq!(other.ok(), Some(draft));
    }
}
