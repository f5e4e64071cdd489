//! Maps keyed by words, for the per-word memos that the analysis (syllables) and the search
//! index (stems) consult for every word of a site: millions of lookups on a large one.
//!
//! A word of up to 15 bytes (nearly every word) is packed into one 128-bit number with its
//! length, so a lookup hashes two machine words and compares once, and nothing is allocated
//! to keep it; longer words go to an ordinary map of strings. The hash is a quick
//! multiply-and-fold: a site's own words cannot mount chosen collisions to any effect here,
//! and a defended hash costs several times more per word.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The longest word kept packed: the 16th byte holds the length.
const PACKED: usize = 15;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A quick hash for short keys: eight bytes at a time, each folded in with a wide multiply
/// (so the high bits, which pick a group in the table, depend on every byte).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher {
    hash: u64,
}

impl WordHasher {
    fn add(&mut self, word: u64) {
        let product = u128::from(self.hash ^ word) * u128::from(SEED);
        self.hash = (product as u64) ^ ((product >> 64) as u64);
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

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`WordHasher`], for keys made from a site's own text.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A `HashSet` with [`WordHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

/// A map from words to small values.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    packed: FastMap<u128, V>,
    long: FastMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            packed: FastMap::default(),
            long: FastMap::default(),
        }
    }
}

/// `word` as one number (its bytes, then its length in the last byte), when it fits.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > PACKED {
        return None;
    }
    Some(small_le(bytes) | (bytes.len() as u128) << (8 * PACKED))
}

/// Up to fifteen bytes as a little-endian number, read without a call to `memcpy` (a copy
/// of a length not known in advance is one, and the analysis packs every word of every
/// text): two loads that may overlap, the second shifted into place. Bytes read twice are
/// the same, so OR-ing them changes nothing.
fn small_le(bytes: &[u8]) -> u128 {
    let n = bytes.len();
    let at = |i: usize| u128::from(bytes[i]);
    match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1)),
        4..=7 => {
            let word = |i: usize| {
                let mut four = [0u8; 4];
                four.copy_from_slice(&bytes[i..i + 4]);
                u128::from(u32::from_le_bytes(four))
            };
            word(0) | word(n - 4) << (8 * (n - 4))
        }
        _ => {
            let word = |i: usize| {
                let mut eight = [0u8; 8];
                eight.copy_from_slice(&bytes[i..i + 8]);
                u128::from(u64::from_le_bytes(eight))
            };
            word(0) | word(n - 8) << (8 * (n - 8))
        }
    }
}

/// A run of ASCII letters and digits, `text[start..start + len]` with `len` at most 15,
/// lower-cased and packed as [`WordMap`] keys are: the key [`pack`] makes of the lower-cased
/// word, without copying the word out first.
///
/// The caller vouches that every byte of the run is an ASCII letter or digit: those are the
/// bytes that setting bit 5 lower-cases (digits have it set already).
pub fn pack_ascii_word(text: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > PACKED || start + len > text.len() {
        return None;
    }
    let lower =
        (load_le(text, start, len) | 0x2020_2020_2020_2020_2020_2020_2020_2020) & low_bytes(len);
    Some(lower | (len as u128) << (8 * PACKED))
}

/// `text[start..start + len]` (in bounds, `len` at most 15) in the low `len` bytes of a
/// little-endian number, the bytes above it unspecified (callers mask with [`low_bytes`]):
/// one sixteen-byte load where the text has sixteen bytes from `start`, else [`small_le`]
/// (a word at the text's end).
#[inline]
fn load_le(text: &[u8], start: usize, len: usize) -> u128 {
    match text.get(start..start + 16) {
        Some(sixteen) => {
            let mut all = [0u8; 16];
            all.copy_from_slice(sixteen);
            u128::from_le_bytes(all)
        }
        None => small_le(&text[start..start + len]),
    }
}

/// A mask of the low `len` bytes of a `u128`.
#[inline]
fn low_bytes(len: usize) -> u128 {
    u128::MAX.checked_shr(128 - 8 * len as u32).unwrap_or(0)
}

/// The word a packed key holds, written into `buf`.
pub fn unpack(key: u128, buf: &mut [u8; 16]) -> &str {
    *buf = key.to_le_bytes();
    let len = usize::from(buf[PACKED]).min(PACKED);
    std::str::from_utf8(&buf[..len]).unwrap_or("")
}

impl<V: Copy> WordMap<V> {
    /// The value kept for the word packed as `key` (see [`pack_ascii_word`]).
    pub fn get_packed(&self, key: u128) -> Option<V> {
        self.packed.get(&key).copied()
    }

    /// The value kept for the word `text[start..end]` ([`Self::get`] of it), found without
    /// copying the word out when the text has sixteen bytes from its start: the analysis
    /// looks up every word of every text this way.
    pub fn get_in(&self, text: &str, start: usize, end: usize) -> Option<V> {
        let bytes = text.as_bytes();
        let len = end.checked_sub(start)?;
        if len > PACKED {
            return self.long.get(text.get(start..end)?).copied();
        }
        if end > bytes.len() {
            return None;
        }
        let word = load_le(bytes, start, len) & low_bytes(len);
        self.packed
            .get(&(word | (len as u128) << (8 * PACKED)))
            .copied()
    }

    /// The value kept for `word`.
    pub fn get(&self, word: &str) -> Option<V> {
        match pack(word) {
            Some(key) => self.packed.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    /// Keeps `value` for `word` (replacing any value it had).
    pub fn insert(&mut self, word: &str, value: V) {
        match pack(word) {
            Some(key) => {
                self.packed.insert(key, value);
            }
            None => {
                self.long.insert(word.into(), value);
            }
        }
    }

    /// How many words have a value.
    pub fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_a_text_are_found_as_the_words_themselves() {
        let text = "the needle, a fibromyalgia-related word; é ok";
        let mut map = WordMap::default();
        let spans: Vec<(usize, usize)> = (0..text.len())
            .flat_map(|s| (s..=text.len()).map(move |e| (s, e)))
            .filter(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e))
            .collect();
        for (i, &(s, e)) in spans.iter().enumerate().step_by(3) {
            map.insert(&text[s..e], i);
        }
        for &(s, e) in &spans {
            assert_eq!(map.get_in(text, s, e), map.get(&text[s..e]), "{s}..{e}");
        }
        assert_eq!(map.get_in(text, 5, 2), None);
        assert_eq!(map.get_in(text, 40, 99), None);
    }

    #[test]
    fn small_words_are_read_as_a_plain_copy_reads_them() {
        let text: Vec<u8> = (1..=40u8).map(|b| b.wrapping_mul(37)).collect();
        for start in 0..8 {
            for len in 0..=PACKED {
                let bytes = &text[start..start + len];
                let mut copy = [0u8; 16];
                copy[..len].copy_from_slice(bytes);
                assert_eq!(small_le(bytes), u128::from_le_bytes(copy), "{start} {len}");
            }
        }
    }

    #[test]
    fn words_short_and_long_keep_their_own_values() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "a\0",
            "needling",
            "fifteen-bytes!!",
            "sixteen-bytes!!!",
            "sixteen-bytes!!?",
            "fibromyalgia-related-fatigue",
            "café",
        ];
        let mut map = WordMap::default();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), None, "{w:?} before it is kept");
            map.insert(w, i);
        }
        assert_eq!(map.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(i), "{w:?}");
        }
        map.insert("needling", 99);
        assert_eq!(map.get("needling"), Some(99));
        assert_eq!(map.len(), words.len());
        assert_eq!(map.get("needlin"), None);
        assert_eq!(map.get("sixteen-bytes!!"), None);
    }

    #[test]
    fn ascii_words_pack_lower_cased_as_their_text_would() {
        // Runs in the middle of a text (sixteen bytes to load) and at its very end.
        let text = b"Needling HURTS x2 Fibromyalgia15Char Q7 ABCDEFGHIJKLMNO";
        let mut map = WordMap::default();
        let mut start = 0;
        for run in text.split(|&b| b == b' ') {
            let word = std::str::from_utf8(run).unwrap().to_ascii_lowercase();
            let key = pack_ascii_word(text, start, run.len());
            if run.len() <= PACKED {
                assert_eq!(key, pack(&word), "{word}");
                map.insert(&word, start);
                assert_eq!(map.get_packed(key.unwrap()), Some(start), "{word}");
                let mut buf = [0u8; 16];
                assert_eq!(unpack(key.unwrap(), &mut buf), word);
            } else {
                assert_eq!(key, None, "{word} is too long to pack");
            }
            start += run.len() + 1;
        }
        assert_eq!(
            pack_ascii_word(text, text.len() - 2, 3),
            None,
            "past the end"
        );
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

    #[test]
    fn packed_keys_spread_over_the_high_bits() {
        // hashbrown picks a key's control byte from the top seven bits: words that differ in
        // one letter must not share them all.
        let mut tops = std::collections::HashSet::new();
        for c in b'a'..=b'z' {
            let mut h = WordHasher::default();
            h.write_u128(pack(&format!("pai{}", c as char)).unwrap_or_default());
            tops.insert(h.finish() >> 57);
        }
        assert!(tops.len() > 15, "{}", tops.len());
    }
}
