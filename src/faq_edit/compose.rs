//! The new `faq.yaml` text: the entry appended as text ([`super::entry_text`]), proven to
//! read back as the old entries plus exactly the new one.

use super::entry::{Field, Problem};
use super::entry_text::{EntryValues, entry_lines, entry_lines_quoted, insert_entry};
use crate::content::FaqEntry;
use crate::content::faq::{FAQ_FILE, Faq};
use crate::content::source::{SourceFile, normalise};

/// Appends the entry and proves the result reads back as the old entries plus the new one.
pub fn compose(
    faq_text: &str,
    v: &EntryValues,
    existing: &[FaqEntry],
) -> Result<String, Vec<Problem>> {
    let attempts: [&dyn Fn(usize) -> Vec<String>; 2] =
        [&|d| entry_lines(v, d), &|d| entry_lines_quoted(v, d)];
    for make in attempts {
        let text = insert_entry(faq_text, make)
            .map_err(|d| vec![Problem::new(Field::File, d.to_string())])?;
        if reads_back(&text, v, existing) {
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

/// True when `text` holds `existing`, unchanged, followed by the entry `v` and nothing else.
fn reads_back(text: &str, v: &EntryValues, existing: &[FaqEntry]) -> bool {
    let (faq, _) = Faq::parse(SourceFile::new(
        FAQ_FILE,
        FAQ_FILE,
        normalise(text.to_owned()),
    ));
    let Some(faq) = faq else {
        return false;
    };
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
