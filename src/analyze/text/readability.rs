//! Readability counts and formulas: words, sentences, syllables, polysyllables and letters
//! of a text's prose, and Flesch Reading Ease, Flesch–Kincaid grade, SMOG and Coleman–Liau.
//!
//! Counting rules: a word is a token of the prose tokenizer (a numeral is one word whose
//! syllables are those read aloud; a hyphenated word is one word). Letters are the letters
//! and digits of words (no punctuation). A polysyllable is a word of three syllables or
//! more, counted every time it occurs (SMOG's rule).
//!
//! SMOG is defined on a 30-sentence sample; for other lengths this module uses the
//! formula's own scaling, `poly × 30 / sentences`, on all sentences. It is unreliable on
//! short texts: callers should show "too short for SMOG" below a sentence count of their
//! choice ([`SMOG_SAMPLE_SENTENCES`] is the sample size the formula was fitted on).

use std::ops::Range;

use super::prose::{Block, Prose};
use super::sentences;
use super::syllables::{SyllableMemo, Syllables};

/// The sample size SMOG was fitted on (10 sentences from the start, middle and end).
pub const SMOG_SAMPLE_SENTENCES: usize = 30;

/// Raw counts of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of three syllables or more.
    pub polysyllables: usize,
    /// Letters and digits in words.
    pub letters: usize,
}

impl Counts {
    /// Adds another text's counts (e.g. to score several FAQ answers together).
    pub fn add(&mut self, other: &Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.polysyllables += other.polysyllables;
        self.letters += other.letters;
    }

    /// All four scores, or `None` for a text without words or sentences (the formulas
    /// divide by both). A text with words always has a sentence.
    pub fn scores(&self) -> Option<Scores> {
        Some(Scores {
            flesch_reading_ease: flesch_reading_ease(self)?,
            flesch_kincaid_grade: flesch_kincaid_grade(self)?,
            smog: smog(self)?,
            coleman_liau: coleman_liau(self)?,
        })
    }
}

/// The four readability scores of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// 0–100 for most texts (can go outside); higher is easier.
    pub flesch_reading_ease: f64,
    /// US school grade.
    pub flesch_kincaid_grade: f64,
    /// US school grade at which a reader fully understands the text.
    pub smog: f64,
    /// US school grade, from letters and sentences only (no syllables): a cross-check.
    pub coleman_liau: f64,
}

/// The syllables of every word of the prose, in the order of [`Prose::words`]: counted once
/// here for the formulas and the long-word lint. Counts come from `memo` when it has seen
/// the word (with the same counter).
pub fn word_syllables(prose: &Prose, counter: &Syllables, memo: &mut SyllableMemo) -> Vec<u16> {
    prose
        .words
        .iter()
        .map(|w| {
            let n = memo.count_in(counter, &prose.text, w.start, w.end);
            u16::try_from(n).unwrap_or(u16::MAX)
        })
        .collect()
}

/// Counts of all the prose of a text, given its [`word_syllables`] and its sentences
/// ([`sentences::all`]).
pub fn count(prose: &Prose, syllables: &[u16], sentences: &[Range<usize>]) -> Counts {
    let mut c = count_words(prose, &prose.blocks, syllables);
    c.sentences = sentences.len();
    c
}

/// Counts of some blocks of a text (e.g. one FAQ answer), given the text's
/// [`word_syllables`].
pub fn count_blocks(prose: &Prose, blocks: &[Block], syllables: &[u16]) -> Counts {
    let mut c = count_words(prose, blocks, syllables);
    c.sentences = blocks
        .iter()
        .map(|block| sentences::split(prose, block).count())
        .sum();
    c
}

/// The counts of the words of `blocks` (all but the sentences).
fn count_words(prose: &Prose, blocks: &[Block], syllables: &[u16]) -> Counts {
    let mut c = Counts::default();
    for block in blocks {
        let counts = syllables.get(block.words.clone()).unwrap_or_default();
        for (word, &n) in prose.block_words(block).iter().zip(counts) {
            let n = usize::from(n);
            c.words += 1;
            c.syllables += n;
            c.polysyllables += usize::from(n >= 3);
            c.letters += word.letters as usize;
        }
    }
    c
}

/// Words per sentence and syllables per word, or `None` without words or sentences.
fn ratios(c: &Counts) -> Option<(f64, f64)> {
    if c.words == 0 || c.sentences == 0 {
        return None;
    }
    let (w, s, syl) = (c.words as f64, c.sentences as f64, c.syllables as f64);
    Some((w / s, syl / w))
}

/// 206.835 − 1.015 × words/sentences − 84.6 × syllables/words.
pub fn flesch_reading_ease(c: &Counts) -> Option<f64> {
    let (wps, spw) = ratios(c)?;
    Some(206.835 - 1.015 * wps - 84.6 * spw)
}

/// 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
pub fn flesch_kincaid_grade(c: &Counts) -> Option<f64> {
    let (wps, spw) = ratios(c)?;
    Some(0.39 * wps + 11.8 * spw - 15.59)
}

/// 1.0430 × √(polysyllables × 30 / sentences) + 3.1291, on all sentences (see the module
/// docs for short texts).
pub fn smog(c: &Counts) -> Option<f64> {
    if c.sentences == 0 {
        return None;
    }
    let scaled = c.polysyllables as f64 * SMOG_SAMPLE_SENTENCES as f64 / c.sentences as f64;
    Some(1.0430 * scaled.sqrt() + 3.1291)
}

/// 0.0588 × L − 0.296 × S − 15.8, with L letters and S sentences per 100 words.
pub fn coleman_liau(c: &Counts) -> Option<f64> {
    if c.words == 0 {
        return None;
    }
    let per_100 = 100.0 / c.words as f64;
    let l = c.letters as f64 * per_100;
    let s = c.sentences as f64 * per_100;
    Some(0.0588 * l - 0.296 * s - 15.8)
}

#[cfg(test)]
mod tests;
