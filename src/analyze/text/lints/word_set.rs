//! A case-insensitive set of words for allow lists, built once and looked up without
//! allocating.

use super::super::words::Lower;

/// Words compared case-insensitively (and with ’ and ' alike).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSet {
    sorted: Vec<String>,
}

impl WordSet {
    pub fn new<I, S>(words: I) -> WordSet
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut sorted: Vec<String> = words
            .into_iter()
            .map(|w| Lower::new(w.as_ref().trim()).as_str().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        sorted.sort();
        sorted.dedup();
        WordSet { sorted }
    }

    /// `word` in any case.
    pub fn contains(&self, word: &str) -> bool {
        self.contains_lower(Lower::new(word).as_str())
    }

    /// `word`, already lowercase.
    pub fn contains_lower(&self, lower: &str) -> bool {
        self.sorted
            .binary_search_by(|w| w.as_str().cmp(lower))
            .is_ok()
    }

    /// The words, lowercase and sorted (to fingerprint the set).
    pub fn words(&self) -> &[String] {
        &self.sorted
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_apostrophes_do_not_matter() {
        let set = WordSet::new(["Fibromyalgia", " physiotherapist ", "Sjögren's", ""]);
        assert!(set.contains("FIBROMYALGIA"));
        assert!(set.contains("physiotherapist"));
        assert!(set.contains("sjögren’s"));
        assert!(!set.contains("myofascial"));
        assert!(!set.contains(""));
        assert!(WordSet::default().is_empty());
    }
}
