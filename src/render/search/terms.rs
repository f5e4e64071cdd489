//! One document's terms: each stem it has, how much it weighs there, and where in the body
//! it first appears (the sentence a result quotes). Made in one pass over each part of the
//! document, with stems numbered by an [`Interner`] so that counting needs no string per
//! word (indexing a large site reads millions of words).

use std::sync::Arc;

use super::documents::Source;
use super::text::{Excerpts, MAX_TEXT, PlainText};
use super::words;
use crate::word_map::{FastMap, WordMap};

/// How much one occurrence weighs in each part, and how many occurrences count at most:
/// title, headings, description, body.
const RULES: [(u32, u16); 4] = [(20, 2), (5, 2), (4, 2), (1, 10)];
const TITLE: usize = 0;
const HEADINGS: usize = 1;
const DESCRIPTION: usize = 2;
const BODY: usize = 3;

/// "Not in the body".
pub const NOWHERE: u32 = u32::MAX;

/// Numbers stems, and remembers the stem of each word it has seen (most words of a site
/// come back thousands of times: each is stemmed once).
#[derive(Debug, Default, Clone)]
pub struct Interner {
    words: WordMap<u32>,
    ids: FastMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
}

impl Interner {
    /// The number of the stem of a word as [`words::for_each_word`] found it.
    fn found(&mut self, word: words::Found<'_>, scratch: &mut String) -> u32 {
        if let words::Found::Packed(key) = word
            && let Some(id) = self.words.get_packed(key)
        {
            return id;
        }
        self.word(word.text(&mut [0u8; 16]), scratch)
    }

    /// The number of a normalised word's stem.
    fn word(&mut self, word: &str, scratch: &mut String) -> u32 {
        if let Some(id) = self.words.get(word) {
            return id;
        }
        words::stem_into(word, scratch);
        let id = self.stem_id(scratch);
        self.words.insert(word, id);
        id
    }

    /// The number of a stem (a new one if it is new).
    pub fn stem_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem.into());
        self.ids.insert(stem.into(), id);
        id
    }

    /// The stem numbered `id`.
    pub fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    /// How many stems are numbered.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The stems, by number.
    pub fn into_stems(self) -> Vec<Box<str>> {
        self.stems
    }
}

/// One stem of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The stem's number in the [`Interner`] the document was read with.
    pub id: u32,
    pub score: u32,
    /// The byte of the body's plain text where it first appears, or [`NOWHERE`].
    pub first: u32,
}

/// A document's terms (in the order they first appear: [`DocTerms::sort`] puts them in
/// stem order), and its body's plain text.
#[derive(Debug, Default)]
pub struct DocTerms {
    pub terms: Vec<Term>,
    pub body: PlainText,
}

impl DocTerms {
    /// Sorts the terms by stem number (for looking one up, or walking two lists together).
    pub fn sort(mut self) -> DocTerms {
        self.terms.sort_unstable_by_key(|t| t.id);
        self
    }

    /// What a result quotes for `term`: the sentence where it first appears in the body, or
    /// the body's first sentence when it is only in the title or description.
    pub fn excerpt(&self, term: &Term) -> String {
        self.body.excerpt(Self::quoted_at(term))
    }

    /// [`Self::excerpt`], made once for all the terms of this document that quote the same
    /// words (`made` holds those made so far, started on this document's body).
    pub fn shared_excerpt(&self, term: &Term, made: &mut Excerpts) -> Arc<str> {
        made.get(&self.body, Self::quoted_at(term))
    }

    fn quoted_at(term: &Term) -> usize {
        if term.first == NOWHERE {
            0
        } else {
            term.first as usize
        }
    }
}

/// Counting space reused from one document to the next.
#[derive(Default)]
pub struct Scratch {
    /// By stem number: its counts and where it first appears (side by side, so that counting
    /// a word touches one place in memory).
    slots: Vec<Slot>,
    touched: Vec<u32>,
    stem: String,
}

/// One stem's counts in the document being read, by part, and where it first appears.
#[derive(Clone, Copy)]
struct Slot {
    counts: [u16; 4],
    first: u32,
}

const EMPTY: Slot = Slot {
    counts: [0; 4],
    first: NOWHERE,
};

/// Reads one document's terms: its title, headings, description and body (the first
/// [`MAX_TEXT`] bytes of its plain text, without the definitions of its glossary words,
/// which the page shows only when asked), each occurrence weighed by its part, capped.
pub fn read(source: &Source, interner: &mut Interner, scratch: &mut Scratch) -> DocTerms {
    let body = PlainText::of_html(source.rendered.unmarked(), MAX_TEXT);
    count(source.title, TITLE, interner, scratch);
    for h in &source.rendered.headings {
        count(&h.text, HEADINGS, interner, scratch);
    }
    count(source.description, DESCRIPTION, interner, scratch);
    count(&body.text, BODY, interner, scratch);
    let terms: Vec<Term> = scratch
        .touched
        .iter()
        .map(|&id| {
            let slot = std::mem::replace(&mut scratch.slots[id as usize], EMPTY);
            let score = slot
                .counts
                .iter()
                .zip(RULES)
                .map(|(&count, (weight, cap))| weight * u32::from(count.min(cap)))
                .sum();
            Term {
                id,
                score,
                first: slot.first,
            }
        })
        .collect();
    scratch.touched.clear();
    DocTerms { terms, body }
}

/// Counts the stems of one part of a document.
fn count(text: &str, part: usize, interner: &mut Interner, scratch: &mut Scratch) {
    let Scratch {
        slots,
        touched,
        stem,
    } = scratch;
    words::for_each_word(text, |word, at| {
        let id = interner.found(word, stem);
        let i = id as usize;
        if i >= slots.len() {
            slots.resize(i + 1, EMPTY);
        }
        let slot = &mut slots[i];
        if slot.counts == [0; 4] {
            touched.push(id);
        }
        slot.counts[part] = slot.counts[part].saturating_add(1);
        if part == BODY && slot.first == NOWHERE {
            slot.first = at as u32;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::documents::Kind;
    use std::sync::Arc;

    fn rendered(html: &str, headings: &[&str]) -> Arc<crate::render::Rendered> {
        let mut r = crate::render::Rendered {
            html: html.to_owned(),
            ..Default::default()
        };
        r.headings = headings
            .iter()
            .map(|t| crate::render::markdown::Heading {
                level: 2,
                id: String::new(),
                text: (*t).to_owned(),
            })
            .collect();
        Arc::new(r)
    }

    #[test]
    fn parts_weigh_as_the_rules_say() {
        let r = rendered(
            "<h2>Between visits</h2><p>Needles and needling. Rest at the Café.</p>",
            &["Between visits"],
        );
        let source = Source {
            kind: Kind::Article,
            title: "Needling sessions",
            description: "About needles",
            rendered: &r,
            address: crate::render::paths::article_parts("needling"),
        };
        let mut interner = Interner::default();
        let doc = read(&source, &mut interner, &mut Scratch::default());
        let score = |stem: &str| {
            let t = doc
                .terms
                .iter()
                .find(|t| interner.stem(t.id) == stem)
                .unwrap();
            (t.score, doc.excerpt(t))
        };
        // Title 20 + description 4 + body twice.
        assert_eq!(score("needl"), (26, "Needles and needling.".to_owned()));
        assert_eq!(score("session"), (20, "Between visits".to_owned()));
        // A heading counts as a heading (5) and as body text (1).
        assert_eq!(score("between"), (6, "Between visits".to_owned()));
        assert_eq!(score("caf"), (1, "Rest at the Café.".to_owned()));
    }
}
