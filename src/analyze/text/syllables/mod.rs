//! Syllable counts for the words the prose tokenizer finds: a site's own overrides first,
//! then a built-in dictionary of medical and everyday words the rules get wrong, then
//! rules: numerals read aloud, acronyms spelled out or said as a word, contractions, and
//! the English heuristic. Hyphenated words are one word whose parts' syllables add up.
//! [`SyllableMemo`] remembers counts by token, for counting many texts quickly.

mod dictionary;
mod heuristic;
mod memo;
mod numerals;

use std::collections::HashMap;

use super::words::{self, Lower};

pub use dictionary::builtin;
pub use memo::SyllableMemo;

/// Syllables of a single word of letters by rule alone, without any dictionary (exposed to
/// measure the rules and for callers that want them).
pub fn heuristic(word: &str) -> usize {
    heuristic::count(word)
}

/// Syllables of a numeral read aloud, or `None` if `token` is not a numeral.
pub fn numeral(token: &str) -> Option<usize> {
    numerals::count(token)
}

/// A syllable counter, optionally with a site's own overrides.
#[derive(Debug, Clone, Copy, Default)]
pub struct Syllables<'a> {
    site: Option<&'a HashMap<String, usize>>,
    site_index: dictionary::Index,
}

impl Syllables<'static> {
    /// A counter with the built-in dictionary only.
    pub fn new() -> Self {
        Syllables::default()
    }
}

impl<'a> Syllables<'a> {
    /// A counter that looks words up in `site` first. Keys must be lowercase, with `'` as
    /// the apostrophe (a key may be a hyphenated or dotted word: "x-ray", "e.g");
    /// [`normalize_overrides`] makes such a map from a site's configuration.
    pub fn with_overrides(site: &'a HashMap<String, usize>) -> Self {
        let mut site_index = dictionary::Index::default();
        for key in site.keys() {
            dictionary::add_to_index(&mut site_index, key);
        }
        Syllables {
            site: Some(site),
            site_index,
        }
    }

    /// Syllables of one word as the prose tokenizer finds it: a word, a hyphenated word, a
    /// numeral ("3.5", "19%", "2024"), a contraction ("don’t") or an abbreviation ("e.g").
    /// At least 1 for any token with a letter or digit.
    pub fn count(&self, token: &str) -> usize {
        if token.is_empty() {
            return 0;
        }
        if !token.contains(words::is_hyphen) {
            return self.part(token);
        }
        if let Some(n) = self.lookup(token) {
            return n;
        }
        token
            .split(words::is_hyphen)
            .filter(|p| !p.is_empty())
            .map(|p| self.part(p))
            .sum()
    }

    /// The count of `token` if it is `min` or more; cheaper than [`count`](Self::count)
    /// for the many words that cannot reach `min` (a word of letters has at most one
    /// syllable per vowel letter, plus one for an ending such as "-sm").
    pub fn count_if_at_least(&self, token: &str, min: usize) -> Option<usize> {
        let plain = token.bytes().all(|b| b.is_ascii_alphabetic());
        let vowels = token
            .bytes()
            .filter(|b| b"aeiouyAEIOUY".contains(b))
            .count();
        let listed = dictionary::may_contain(token)
            || (self.site.is_some() && dictionary::may_hold(&self.site_index, token));
        if plain && !listed && vowels + 1 < min {
            return None;
        }
        Some(self.count(token)).filter(|&n| n >= min)
    }

    /// A site override or a built-in entry for `token` (any case). Abbreviations such as
    /// "Ms" and "mg" are not looked up for a token in capitals ("MS" is an acronym).
    fn lookup(&self, token: &str) -> Option<usize> {
        let in_site = self.site.is_some() && dictionary::may_hold(&self.site_index, token);
        if !in_site && !dictionary::may_contain(token) {
            return None;
        }
        let lower = Lower::new(token);
        let key = lower.as_str();
        if let Some(&n) = self.site.and_then(|site| site.get(key)) {
            return Some(n);
        }
        dictionary::lookup(key, !words::is_all_caps(token))
    }

    /// One part of a hyphenated word (or a whole word without hyphens).
    fn part(&self, part: &str) -> usize {
        if let Some(n) = self.lookup(part) {
            return n;
        }
        if part.bytes().any(|b| b.is_ascii_digit()) {
            return self.mixed(part);
        }
        self.letters(part)
    }

    /// A part with digits: a numeral, or runs of digits and letters ("10mg", "NG193").
    fn mixed(&self, part: &str) -> usize {
        if let Some(n) = numerals::count(part) {
            return n;
        }
        let mut total = 0;
        let mut start = 0;
        let is_num = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '%');
        let mut chars = part.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let boundary = chars
                .peek()
                .is_none_or(|&(_, next)| is_num(next) != is_num(c));
            if boundary {
                let end = i + c.len_utf8();
                let run = part[start..end].trim_matches(|c| matches!(c, '.' | ','));
                total += match numerals::count(run) {
                    Some(n) => n,
                    None if run.is_empty() => 0,
                    None if run.bytes().any(|b| b.is_ascii_digit()) => run.len(),
                    None => self.lookup(run).unwrap_or_else(|| self.letters(run)),
                };
                start = end;
            }
        }
        total.max(1)
    }

    /// A part of letters, apostrophes and dots.
    fn letters(&self, part: &str) -> usize {
        if words::is_all_caps(part) && !words::is_shouted_word(part) {
            return acronym(part);
        }
        if part.contains('.') {
            // An abbreviation the dictionary does not know ("U.S.A"): read letter by letter.
            return part
                .chars()
                .filter(|c| c.is_alphabetic())
                .map(letter_name)
                .sum();
        }
        if let Some((base, suffix)) = part.rsplit_once(words::is_apostrophe) {
            return self.contraction(base, suffix);
        }
        heuristic::count(part).max(1)
    }

    /// "it’s" 1, "nurse’s" 2, "didn’t" 2, "don’t" 1, "it’ll" 2, "o’clock" 2.
    fn contraction(&self, base: &str, suffix: &str) -> usize {
        let suffix = Lower::new(suffix);
        let lower = Lower::new(base);
        let b = lower.as_str().as_bytes();
        let ends_consonant = b
            .last()
            .is_some_and(|&c| c.is_ascii_alphabetic() && !b"aeiouy".contains(&c));
        match suffix.as_str() {
            "t" if b.ends_with(b"n") => {
                let stem = &base[..base.len() - 1];
                let s = &lower.as_str()[..b.len() - 1];
                let sounded =
                    s.bytes().last().is_some_and(|c| !b"aeiouy".contains(&c)) || s.ends_with("ve");
                self.part(stem) + usize::from(sounded)
            }
            "s" => {
                let hissing = b.last().is_some_and(|c| b"sxz".contains(c))
                    || b.ends_with(b"ch")
                    || b.ends_with(b"sh")
                    || (b.ends_with(b"e") && b.len() >= 2 && b"cgsz".contains(&b[b.len() - 2]));
                self.part(base) + usize::from(hissing)
            }
            "d" => self.part(base) + usize::from(b.ends_with(b"t") || b.ends_with(b"d")),
            "ll" | "ve" => self.part(base) + usize::from(ends_consonant),
            "re" | "m" => self.part(base),
            _ => self.part(base) + self.part(suffix.as_str()),
        }
    }
}

/// An acronym: spelled out letter by letter ("NHS" 3, "GPs" 2, "SSRI" 4) when it is short
/// or cannot be said as a word, else said as a word ("NICE" 1, "COVID" 2).
fn acronym(word: &str) -> usize {
    let core = word.strip_suffix('s').unwrap_or(word);
    if core.len() <= 3 || !pronounceable(core) {
        return core.chars().map(letter_name).sum();
    }
    heuristic::count(core).max(1)
}

/// Has a vowel and no run of three consonants ("NSAID" yes, "SSRI" no, "ADHD" no).
fn pronounceable(core: &str) -> bool {
    let mut run = 0;
    let mut vowel = false;
    for b in core.bytes() {
        if b"AEIOUY".contains(&b) {
            vowel = true;
            run = 0;
        } else {
            run += 1;
            if run >= 3 {
                return false;
            }
        }
    }
    vowel
}

/// Syllables of a letter's name: "double-u" has three, every other letter one.
fn letter_name(c: char) -> usize {
    if c.eq_ignore_ascii_case(&'w') { 3 } else { 1 }
}

/// A site's overrides with lowercase keys and `'` as the apostrophe, ready for
/// [`Syllables::with_overrides`].
pub fn normalize_overrides<'k>(
    entries: impl IntoIterator<Item = (&'k str, usize)>,
) -> HashMap<String, usize> {
    entries
        .into_iter()
        .map(|(k, v)| (Lower::new(k.trim()).as_str().to_string(), v))
        .collect()
}

#[cfg(test)]
mod tests;
