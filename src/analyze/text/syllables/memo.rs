//! Syllable counts remembered by token, so that each distinct word of a text (or of a
//! thread's share of a build, which reuses one memo across texts) goes through the
//! dictionaries and rules once (see [`WordMap`] for what a lookup costs).

use super::Syllables;
use crate::word_map::WordMap;

/// Counts by token (as written: case matters, "MS" is not "Ms"), for one [`Syllables`]
/// counter: a memo must not be shared between counters with different overrides.
#[derive(Debug, Default)]
pub struct SyllableMemo {
    counts: WordMap<u16>,
}

impl SyllableMemo {
    /// `counter.count(token)`, remembered. Counts above 65,535 (a token of tens of
    /// thousands of letters) are kept as 65,535.
    pub fn count(&mut self, counter: &Syllables, token: &str) -> usize {
        if let Some(n) = self.counts.get(token) {
            return usize::from(n);
        }
        let n = u16::try_from(counter.count(token)).unwrap_or(u16::MAX);
        self.counts.insert(token, n);
        usize::from(n)
    }

    /// [`Self::count`] of the token `text[start..end]`, looked up without copying it out.
    pub fn count_in(&mut self, counter: &Syllables, text: &str, start: usize, end: usize) -> usize {
        if let Some(n) = self.counts.get_in(text, start, end) {
            return usize::from(n);
        }
        self.count(counter, text.get(start..end).unwrap_or(""))
    }

    /// How many distinct tokens are remembered.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_each_token_as_written() {
        let counter = Syllables::new();
        let mut memo = SyllableMemo::default();
        assert_eq!(memo.count(&counter, "fibromyalgia"), 5);
        assert_eq!(memo.count(&counter, "fibromyalgia"), 5);
        assert_eq!(memo.count(&counter, "MS"), 2);
        assert_eq!(memo.count(&counter, "Ms"), 1);
        assert_eq!(memo.len(), 3);
        let text = "Ms fibromyalgia, MS";
        assert_eq!(memo.count_in(&counter, text, 0, 2), 1);
        assert_eq!(memo.count_in(&counter, text, 3, 15), 5);
        assert_eq!(memo.count_in(&counter, text, 17, 19), 2);
        assert_eq!(memo.count_in(&counter, text, 3, 7), counter.count("fibr"));
        assert_eq!(memo.len(), 4);
    }

    #[test]
    fn uses_the_counters_overrides() {
        let site = super::super::normalize_overrides([("fibro", 3)]);
        let counter = Syllables::with_overrides(&site);
        let mut memo = SyllableMemo::default();
        assert_eq!(memo.count(&counter, "Fibro"), 3);
    }
}
