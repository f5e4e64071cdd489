//! Syllable counts remembered by token, so that each distinct word of a text (or of a
//! thread's share of a build, which reuses one memo across texts) goes through the
//! dictionaries and rules once. A hit costs one hash of the token's bytes and one compare;
//! only a token seen for the first time is copied.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Syllables;

/// Counts by token (as written: case matters, "MS" is not "Ms"), for one [`Syllables`]
/// counter: a memo must not be shared between counters with different overrides.
#[derive(Debug, Default)]
pub struct SyllableMemo {
    counts: HashMap<Box<str>, u16, BuildHasherDefault<WordHasher>>,
}

impl SyllableMemo {
    /// `counter.count(token)`, remembered. Counts above 65,535 (a token of tens of
    /// thousands of letters) are kept as 65,535.
    pub fn count(&mut self, counter: &Syllables, token: &str) -> usize {
        if let Some(&n) = self.counts.get(token) {
            return usize::from(n);
        }
        let n = u16::try_from(counter.count(token)).unwrap_or(u16::MAX);
        self.counts.insert(token.into(), n);
        usize::from(n)
    }

    /// How many distinct tokens are remembered.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// A small multiply-and-rotate hash for short keys (the standard hasher is built to resist
/// chosen collisions, which a site's own words cannot mount to any effect here, and costs
/// several times more on a word).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

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
    }

    #[test]
    fn uses_the_counters_overrides() {
        let site = super::super::normalize_overrides([("fibro", 3)]);
        let counter = Syllables::with_overrides(&site);
        let mut memo = SyllableMemo::default();
        assert_eq!(memo.count(&counter, "Fibro"), 3);
    }

    #[test]
    fn the_hash_tells_short_and_long_keys_apart() {
        let hash = |s: &str| {
            let mut h = WordHasher::default();
            h.write(s.as_bytes());
            h.write_u8(0xff);
            h.finish()
        };
        let words = [
            "a",
            "b",
            "ab",
            "ba",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\0",
            "",
        ];
        let mut seen = HashMap::new();
        for w in words {
            assert!(seen.insert(hash(w), w).is_none(), "{w} collides");
        }
    }
}
