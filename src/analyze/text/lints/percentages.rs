//! Percentages without a natural frequency: "19%", "19 percent" or "19 per cent" with no
//! "1 in 5", "8 out of 100" or "one in ten" in the same sentence or the next one (in the
//! same paragraph or list item). Many
//! readers understand "1 in 5 people" better than "20%" (CDC Clear Communication Index
//! items 15–20). One finding per percentage.

use super::super::prose::{Prose, Word};
use super::super::sentences;
use super::{Finding, LintKind};

/// Number words that can stand in a natural frequency ("one in ten").
const NUMBER_WORDS: &[&str] = &[
    "a",
    "eight",
    "eighteen",
    "eighty",
    "eleven",
    "fifteen",
    "fifty",
    "five",
    "forty",
    "four",
    "fourteen",
    "hundred",
    "million",
    "nine",
    "nineteen",
    "ninety",
    "one",
    "seven",
    "seventeen",
    "seventy",
    "six",
    "sixteen",
    "sixty",
    "ten",
    "thirteen",
    "thirty",
    "thousand",
    "three",
    "twelve",
    "twenty",
    "two",
];

/// What one sentence holds: whether it has a natural frequency, and its percentages
/// (source range and text).
struct Sentence {
    block: usize,
    frequency: bool,
    percents: Vec<(usize, usize, String)>,
}

/// The words of one sentence and the text after each.
struct Words<'a> {
    prose: &'a Prose,
    words: &'a [Word],
    block_end: usize,
}

impl Words<'_> {
    fn text(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| self.prose.word_text(w))
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.text(i).eq_ignore_ascii_case(word)
    }

    fn gap_after(&self, i: usize) -> &str {
        let end = self.words.get(i + 1).map_or(self.block_end, |w| w.start);
        &self.prose.text[self.words[i].end..end]
    }

    /// How many words the percentage at word `i` spans, if one starts there.
    fn percent_at(&self, i: usize) -> Option<usize> {
        let t = self.text(i);
        if t.ends_with('%') && t.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(1);
        }
        if !is_number(t) || t.eq_ignore_ascii_case("a") {
            return None;
        }
        if self.gap_after(i).trim_start().starts_with('%') {
            Some(1)
        } else if self.is(i + 1, "percent") {
            Some(2)
        } else if self.is(i + 1, "per") && self.is(i + 2, "cent") {
            Some(3)
        } else {
            None
        }
    }

    /// "1 in 5", "one in ten", "1 in every 20", "8 out of 100" starts at word `i`.
    fn frequency_at(&self, i: usize) -> bool {
        if !is_number(self.text(i)) {
            return false;
        }
        if self.is(i + 1, "in") {
            let k = if self.is(i + 2, "every") { 3 } else { 2 };
            return is_number(self.text(i + k));
        }
        self.is(i + 1, "out") && self.is(i + 2, "of") && is_number(self.text(i + 3))
    }
}

pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let mut all: Vec<Sentence> = Vec::new();
    for (b, block) in prose.blocks.iter().enumerate() {
        if !mentions_percent(&prose.text[block.text.clone()]) {
            continue;
        }
        let block_words = prose.block_words(block);
        for s in sentences::split(prose, block) {
            let w = Words {
                prose,
                words: &block_words[s],
                block_end: block.text.end,
            };
            let mut percents = Vec::new();
            for i in 0..w.words.len() {
                if let Some(len) = w.percent_at(i) {
                    let (first, last) = (&w.words[i], &w.words[i + len - 1]);
                    let shown = prose.text[first.start..last.end].to_string();
                    percents.push((first.src_start, last.src_end, shown));
                }
            }
            let frequency = (0..w.words.len()).any(|i| w.frequency_at(i));
            all.push(Sentence {
                block: b,
                frequency,
                percents,
            });
        }
    }
    for (i, s) in all.iter().enumerate() {
        let next_has = all
            .get(i + 1)
            .is_some_and(|n| n.block == s.block && n.frequency);
        if s.frequency || next_has {
            continue;
        }
        for (start, end, shown) in &s.percents {
            out.push(Finding {
                kind: LintKind::Percentage,
                byte_start: *start,
                byte_end: *end,
                message: [
                    "“",
                    shown,
                    "” has no natural frequency nearby: add one in this sentence or the next \
                     (e.g. “1 in 5 people” or “20 out of 100”)",
                ]
                .concat(),
            });
        }
    }
}

/// The text has "%" or "percent"/"per cent" in any case: only such blocks are checked
/// (a natural frequency only excuses a percentage in its own block).
fn mentions_percent(text: &str) -> bool {
    let b = text.as_bytes();
    let starts = |at: &[u8], needle: &[u8]| {
        at.get(..needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    };
    // Each `p` or `P` found by memchr (a few bytes at a time), the words looked for there.
    memchr::memchr(b'%', b).is_some()
        || memchr::memchr2_iter(b'p', b'P', b)
            .any(|i| starts(&b[i..], b"percent") || starts(&b[i..], b"per cent"))
}

/// A numeral ("20", "1,000", "2.5") or a number word ("ten", "a" as in "one in a hundred").
fn is_number(word: &str) -> bool {
    let numeral = word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
    numeral
        || (word.len() <= 9
            && NUMBER_WORDS
                .binary_search_by(|w| w.bytes().cmp(word.bytes().map(|b| b.to_ascii_lowercase())))
                .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_sorted_for_binary_search() {
        assert!(NUMBER_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            is_number("Twenty")
                && is_number("1,000")
                && is_number("2.5")
                && !is_number("twentyone")
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Found wherever a simple search finds it: in any case, after any bytes.
        #[test]
        fn finds_what_a_simple_search_finds(
            text in "([pPeErRcCnNtT %]|percent|PerCent|per cent|x{1,17}|é|\\PC){0,40}"
        ) {
            let lower = text.to_ascii_lowercase();
            let simple = lower.contains('%') || lower.contains("percent") || lower.contains("per cent");
            proptest::prop_assert_eq!(mentions_percent(&text), simple, "{:?}", text);
        }
    }

    #[test]
    fn finds_percent_signs_and_words_in_any_case() {
        for text in [
            "About 50% of people",
            "fifty percent",
            "Fifty PERCENT of them",
            "ten per cent",
            "Ten Per Cent",
            "percent",
        ] {
            assert!(mentions_percent(text), "{text:?}");
        }
        for text in [
            "",
            "p",
            "pepper and paprika",
            "perc",
            "per",
            "PER CEN",
            "a perfect day",
        ] {
            assert!(!mentions_percent(text), "{text:?}");
        }
    }
}
