//! Sentences in a block of prose. A sentence ends at `.`, `?`, `!` or `…` (also followed by
//! closing quotes or brackets) and at the end of every block (so a list item is a sentence
//! with or without a full stop, and so is a paragraph ending in a colon before a list).
//!
//! A full stop does not end a sentence after a title or Latin abbreviation ("Dr.", "Mr.",
//! "Mrs.", "Ms.", "Prof.", "St.", "vs.", "cf.", "e.g.", "i.e."), nor after "etc.",
//! "approx.", "et al.", "U.S.", "U.K.", "a.m." and other dotted abbreviations unless the
//! next word starts with a capital, nor after a single capital (an initial: "J. Smith")
//! unless the next word is one that often starts a sentence ("vitamin D. It helps").
//! Decimals ("3.5") are one word, so their point never ends a sentence. An ellipsis ends a
//! sentence only before a capital. Semicolons and colons inside a block do not end one.

use std::ops::Range;

use super::prose::{Block, Prose, Word};

/// The sentences of `block`, as ranges of indices into the block's words
/// (`prose.block_words(block)`). Every word is in exactly one sentence.
pub fn split<'a>(prose: &'a Prose, block: &Block) -> Sentences<'a> {
    Sentences {
        text: &prose.text,
        words: prose.block_words(block),
        block_end: block.text.end,
        next: 0,
    }
}

/// The sentences of every block of `prose`, block by block, as ranges of indices into
/// `prose.words` (split once, for the readability counts and the lints that need them).
pub fn all(prose: &Prose) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(prose.blocks.len() * 2);
    for block in &prose.blocks {
        let first = block.words.start;
        out.extend(split(prose, block).map(|s| first + s.start..first + s.end));
    }
    out
}

/// Iterator over the sentences of one block; see [`split`].
pub struct Sentences<'a> {
    text: &'a str,
    words: &'a [Word],
    block_end: usize,
    next: usize,
}

impl Iterator for Sentences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.next;
        if start >= self.words.len() {
            return None;
        }
        let mut k = start;
        while k + 1 < self.words.len() {
            let w = &self.words[k];
            let next = &self.words[k + 1];
            let gap = &self.text[w.end..next.start];
            // Most gaps are a space or a comma: nothing there can end a sentence (one space,
            // the most common, is ruled out without a scan).
            let may_end = gap != " "
                && gap
                    .bytes()
                    .any(|b| matches!(b, b'.' | b'?' | b'!' | 0x80..));
            if may_end {
                let word = &self.text[w.start..w.end];
                if ends_after(word, gap, &self.text[next.start..next.end]) {
                    break;
                }
            }
            k += 1;
        }
        debug_assert!(self.words[k].end <= self.block_end);
        self.next = k + 1;
        Some(start..k + 1)
    }
}

/// Titles and Latin abbreviations that are always followed by more of the sentence.
const NEVER_FINAL: &[&str] = &[
    "cf", "dr", "e.g", "i.e", "mr", "mrs", "ms", "mx", "prof", "st", "vs",
];

/// Abbreviations that end a sentence only when the next word starts with a capital.
const MAYBE_FINAL: &[&str] = &["al", "approx", "etc", "fig", "inc", "jr", "ltd", "sr"];

/// Words that often start a sentence: after a single capital and a full stop they mean the
/// capital ended the sentence ("Take vitamin D. It helps.") rather than being an initial.
const STARTERS: &[&str] = &[
    "a", "after", "also", "an", "and", "ask", "at", "before", "but", "call", "can", "do", "for",
    "he", "her", "his", "how", "i", "if", "in", "is", "it", "its", "many", "most", "my", "no",
    "not", "on", "once", "our", "over", "please", "she", "so", "some", "take", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "to", "try", "we", "what", "when",
    "where", "which", "while", "who", "why", "with", "you", "your",
];

fn is_in(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a sentence ends after `word`, given the text up to the next word.
pub fn ends_after(word: &str, gap: &str, next: &str) -> bool {
    let gap = gap.trim_start();
    if gap.contains(['?', '!']) {
        return true;
    }
    if gap.contains('…') || gap.contains("..") {
        return starts_upper(next);
    }
    let Some(after_dot) = gap.strip_prefix('.') else {
        // A full stop after a closing quote or bracket: `said “stop”. Then`.
        return gap.contains('.');
    };
    // "etc.)." or "U.S.." : the abbreviation's full stop and then the sentence's.
    if after_dot.contains('.') {
        return true;
    }
    if is_in(NEVER_FINAL, word) {
        return false;
    }
    if is_in(MAYBE_FINAL, word) || word.contains('.') {
        return starts_upper(next);
    }
    let initial = word.chars().count() == 1 && starts_upper(word);
    if initial {
        return starts_upper(next) && is_in(STARTERS, next);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::prose;
    use super::*;

    /// The sentences of a markdown text, as their words joined by spaces.
    fn sentences(markdown: &str) -> Vec<String> {
        let p = prose::from_markdown(markdown);
        let mut out = Vec::new();
        for block in &p.blocks {
            let words = p.block_words(block);
            for s in split(&p, block) {
                let text: Vec<&str> = words[s].iter().map(|w| p.word_text(w)).collect();
                out.push(text.join(" "));
            }
        }
        out
    }

    #[test]
    fn brief_fixtures() {
        assert_eq!(
            sentences("Dr. Smith saw 3.5 patients. Is it safe? Yes!"),
            ["Dr Smith saw 3.5 patients", "Is it safe", "Yes"]
        );
        assert_eq!(
            sentences("E.g. rest helps. Heat also helps, e.g. a warm bath."),
            ["E.g rest helps", "Heat also helps e.g a warm bath"]
        );
        assert_eq!(
            sentences("She moved to the U.S. last year."),
            ["She moved to the U.S last year"]
        );
    }

    #[test]
    fn abbreviations_titles_and_initials() {
        assert_eq!(
            sentences(
                "Mr. and Mrs. Jones met Prof. Lee at St. Mary’s vs. the rest. Ms. Khan came too."
            ),
            [
                "Mr and Mrs Jones met Prof Lee at St Mary’s vs the rest",
                "Ms Khan came too"
            ]
        );
        assert_eq!(
            sentences("Rest, heat, etc. can help. Bring pills, creams etc. Then ask."),
            [
                "Rest heat etc can help",
                "Bring pills creams etc",
                "Then ask"
            ]
        );
        assert_eq!(
            sentences("It costs approx. 5 pounds."),
            ["It costs approx 5 pounds"]
        );
        assert_eq!(
            sentences("He lives in the U.K. The weather is mild."),
            ["He lives in the U.K", "The weather is mild"]
        );
        assert_eq!(
            sentences("A book by J. R. Smith helps."),
            ["A book by J R Smith helps"]
        );
        assert_eq!(
            sentences("Take vitamin D. It helps bones."),
            ["Take vitamin D", "It helps bones"]
        );
        assert_eq!(
            sentences("Smith et al. found less pain."),
            ["Smith et al found less pain"]
        );
        assert_eq!(
            sentences("Come at 9 a.m. on Monday."),
            ["Come at 9 a.m on Monday"]
        );
    }

    #[test]
    fn punctuation_combinations_and_ellipses() {
        assert_eq!(
            sentences("She said “stop.” Then she left. (It hurt.) Really?! Yes…"),
            ["She said stop", "Then she left", "It hurt", "Really", "Yes"]
        );
        assert_eq!(
            sentences("I felt… well, tired. Then it passed..."),
            ["I felt well tired", "Then it passed"]
        );
        assert_eq!(
            sentences("It hurt... Then it stopped."),
            ["It hurt", "Then it stopped"]
        );
        assert_eq!(
            sentences("Pain (see Fig. 2) eases. Rest (etc.). Go."),
            ["Pain see Fig 2 eases", "Rest etc", "Go"]
        );
        assert_eq!(
            sentences("Is it safe?\" she asked."),
            ["Is it safe", "she asked"]
        );
    }

    #[test]
    fn blocks_end_sentences_but_colons_and_semicolons_inside_do_not() {
        let md = "You may notice:\n\n- pain\n- tiredness; poor sleep\n- fibro fog: memory problems\n\nAsk your GP";
        assert_eq!(
            sentences(md),
            [
                "You may notice",
                "pain",
                "tiredness poor sleep",
                "fibro fog memory problems",
                "Ask your GP"
            ]
        );
    }
}
