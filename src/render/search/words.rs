//! How search sees words: text normalised (lower case, accents removed), cut into words,
//! each word reduced to its stem, and the keys that pick the index file a stem lives in.
//!
//! `themes/default/static/search-engine.js` does exactly the same to the reader's query, so every
//! rule here has a twin there; `tests/search/words.json` holds words and what both sides must
//! make of them (checked by the unit tests below and by `tests/browser/search_core.mjs`).
//! The rules are kept small on purpose so the two stay identical.

use crate::{byte_class, word_map};

/// The shortest word indexed: one letter on its own finds too much to be useful.
pub const MIN_WORD: usize = 2;
/// The longest word indexed: longer runs of letters are codes or junk, not words.
pub const MAX_WORD: usize = 30;

/// `text` in lower case with accents and other diacritics removed ("Évora" → "evora").
///
/// Letters of the Latin script lose their marks and a few have a fixed spelling
/// ("ß" → "ss", "æ" → "ae", "ø" → "o"); letters of other scripts are only lower-cased.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        normalise_char(c, |n| out.push(n));
    }
    out
}

/// What [`normalise`] makes of one character, handed to `out` (none, one or a few).
pub fn normalise_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if is_combining_mark(c) {
        // A separate accent (decomposed text): dropped like the accents of letters.
    } else if is_latin(c) {
        match deunicode::deunicode_char(c) {
            Some(ascii)
                if !ascii.is_empty() && ascii.chars().all(|a| a.is_ascii_alphanumeric()) =>
            {
                ascii.chars().for_each(|a| out(a.to_ascii_lowercase()));
            }
            _ => c.to_lowercase().for_each(out),
        }
    } else {
        c.to_lowercase().for_each(out);
    }
}

/// Latin letters with marks or special forms: Latin-1 Supplement to Latin Extended-B.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}') && c != '\u{00D7}' && c != '\u{00F7}'
}

/// The combining diacritical marks that decomposed text (NFD) carries after its letters.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// True for the apostrophes that join the parts of a word ("don't", "patient’s").
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The words of normalised `text`: runs of letters and digits,
/// apostrophes removed from inside them, between [`MIN_WORD`] and [`MAX_WORD`] characters.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = 0;
    let mut flush = |word: &mut String, chars: &mut usize| {
        if (MIN_WORD..=MAX_WORD).contains(chars) {
            out.push(std::mem::take(word));
        }
        word.clear();
        *chars = 0;
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            chars += 1;
        } else if !(is_apostrophe(c) && chars > 0) {
            flush(&mut word, &mut chars);
        }
    }
    flush(&mut word, &mut chars);
    out
}

/// The words of any text: [`normalise`] then [`words`].
pub fn terms(text: &str) -> Vec<String> {
    words(&normalise(text))
}

/// The stem of a normalised word: plain English endings removed, so "sessions" and
/// "session" meet, and "needles" and "needling" both become "needl". Words with letters
/// outside a–z are left as they are.
///
/// In order: a plural ending ("-ies" → "-y", "-sses" → "-ss", a final "s" except after
/// "s", "u" or "i"); then "-ing" or "-ed" when at least three letters with a vowel remain
/// (not "-eed"), undoubling a final double consonant other than l, s or z; then a final "e".
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`], written into `w` (its old text replaced), so a caller can reuse one buffer.
pub fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word);
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if w.len() >= 5 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 4
        && w.ends_with('s')
        && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
    {
        w.pop();
    }
    if let Some(rest) = verb_ending(w) {
        w.truncate(rest);
        let b = w.as_bytes();
        let n = b.len();
        if n >= 2 && b[n - 1] == b[n - 2] && !b"aeioulsz".contains(&b[n - 1]) {
            w.pop();
        }
    }
    if w.len() >= 4 && w.ends_with('e') {
        w.pop();
    }
}

/// Where "-ing" or "-ed" starts in `w`, when what comes before has three letters or more
/// and a vowel (and the word does not end in "-eed").
fn verb_ending(w: &str) -> Option<usize> {
    let rest = if w.ends_with("ing") {
        w.len() - 3
    } else if w.ends_with("ed") && !w.ends_with("eed") {
        w.len() - 2
    } else {
        return None;
    };
    let head = &w[..rest];
    (head.len() >= 3 && head.bytes().any(|b| b"aeiouy".contains(&b))).then_some(rest)
}

/// The stems of any text, in order (repeats kept).
pub fn stems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_stem(text, |s| out.push(s.to_owned()));
    out
}

/// Hands each stem of `text` to `f`, in order: what [`terms`] then [`stem`] make, in one
/// pass and without a string for each word (indexing a large site cuts millions of words).
pub fn for_each_stem(text: &str, mut f: impl FnMut(&str)) {
    let mut stem = String::new();
    let mut buf = [0u8; 16];
    for_each_word(text, |word, _| {
        stem_into(word.text(&mut buf), &mut stem);
        f(&stem);
    });
}

/// A word as [`for_each_word`] hands it on: a short ASCII word (nearly every word) already
/// packed as a [`crate::word_map::WordMap`] key, so that looking it up copies nothing; any
/// other word as its normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    Packed(u128),
    Text(&'a str),
}

impl<'a> Found<'a> {
    /// The word's normalised text (a packed word is written into `buf`).
    pub fn text<'b>(self, buf: &'b mut [u8; 16]) -> &'b str
    where
        'a: 'b,
    {
        match self {
            Found::Packed(key) => word_map::unpack(key, buf),
            Found::Text(text) => text,
        }
    }
}

/// Hands each word of `text` to `f` as [`terms`] makes it (normalised, not stemmed), with
/// the byte offset in `text` of the character it starts at, in one pass.
pub fn for_each_word(text: &str, mut f: impl FnMut(Found<'_>, usize)) {
    let mut cutter = Cutter::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if byte_class::is_alphanumeric(b) {
            // A run of ASCII letters and digits (most of any text), taken whole.
            let end = i + byte_class::alphanumeric_len(&bytes[i..]);
            // Ended by ASCII that joins nothing (a space, most punctuation), the word ends
            // here, as feeding that byte would end it.
            let ends = bytes
                .get(end)
                .is_none_or(|&next| next.is_ascii() && next != b'\'');
            let len = end - i;
            if ends && cutter.chars == 0 {
                // A whole word of ASCII (most words): packed straight from the text.
                if (MIN_WORD..=MAX_WORD).contains(&len) {
                    match word_map::pack_ascii_word(bytes, i, len) {
                        Some(key) => f(Found::Packed(key), i),
                        None => {
                            cutter.feed_ascii(&text[i..end], i);
                            cutter.flush(&mut f);
                        }
                    }
                }
            } else {
                cutter.feed_ascii(&text[i..end], i);
                if ends {
                    cutter.flush(&mut f);
                }
            }
            i = end;
        } else if b.is_ascii() {
            // Between words, spaces and punctuation change nothing.
            if cutter.chars > 0 {
                cutter.feed(b as char, i, &mut f);
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            normalise_char(c, |n| cutter.feed(n, i, &mut f));
            i += c.len_utf8();
        }
    }
    cutter.flush(&mut f);
}

/// [`words`] one normalised character at a time.
#[derive(Default)]
struct Cutter {
    word: String,
    chars: usize,
    start: usize,
}

impl Cutter {
    /// [`Self::feed`] for each character of a run of ASCII letters and digits at `at`.
    fn feed_ascii(&mut self, run: &str, at: usize) {
        if self.chars == 0 {
            self.start = at;
        }
        let from = self.word.len();
        self.word.push_str(run);
        self.word[from..].make_ascii_lowercase();
        self.chars += run.len();
    }

    fn feed(&mut self, c: char, at: usize, f: &mut impl FnMut(Found<'_>, usize)) {
        if c.is_alphanumeric() {
            if self.chars == 0 {
                self.start = at;
            }
            self.word.push(c);
            self.chars += 1;
        } else if !(is_apostrophe(c) && self.chars > 0) {
            self.flush(f);
        }
    }

    fn flush(&mut self, f: &mut impl FnMut(Found<'_>, usize)) {
        if (MIN_WORD..=MAX_WORD).contains(&self.chars) {
            f(Found::Text(&self.word), self.start);
        }
        self.word.clear();
        self.chars = 0;
    }
}

/// How many edits (insert, delete, replace, swap two neighbours) a query word may be away
/// from an indexed stem, by the length of its stem: none below 4 letters, 1 up to 7, 2 from 8.
pub fn typos_allowed(stem: &str) -> usize {
    match stem.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The key of the word file a stem lives in: its first three characters (two would put
/// thousands of a large site's rare words in one file).
pub fn prefix_key(stem: &str) -> String {
    file_key(&stem.chars().take(PREFIX).collect::<String>())
}

/// How many characters [`prefix_key`] takes.
pub const PREFIX: usize = 3;

/// The key of the typo list a stem is in: its last two characters. A single typo changes
/// either the first three letters or the last two of a word of five letters or more,
/// never both, so a stem whose first letters were mistyped is still found through its
/// last ones. (In a four-letter word the third letter is in both: a typo there is missed.)
pub fn suffix_key(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let from = chars.len().saturating_sub(2);
    file_key(&chars[from..].iter().collect::<String>())
}

/// A key as a file name: itself when it is letters a–z and digits, else `_` and the hex of
/// its UTF-8 bytes.
fn file_key(key: &str) -> String {
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        key.to_owned()
    } else {
        let mut out = String::from("_");
        for b in key.bytes() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words both this module and search-engine.js must treat alike.
    #[derive(serde::Deserialize)]
    struct Fixture {
        normalise: Vec<(String, String)>,
        terms: Vec<(String, Vec<String>)>,
        stem: Vec<(String, String)>,
        keys: Vec<(String, String, String)>,
    }

    fn fixture() -> Fixture {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/search/words.json"
        ));
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn normalises_as_the_shared_fixture_says() {
        for (text, want) in fixture().normalise {
            assert_eq!(normalise(&text), want, "normalise({text:?})");
        }
    }

    #[test]
    fn cuts_words_as_the_shared_fixture_says() {
        for (text, want) in fixture().terms {
            assert_eq!(terms(&text), want, "terms({text:?})");
        }
    }

    #[test]
    fn stems_as_the_shared_fixture_says() {
        for (word, want) in fixture().stem {
            assert_eq!(stem(&word), want, "stem({word:?})");
        }
    }

    #[test]
    fn keys_as_the_shared_fixture_says() {
        for (word, prefix, suffix) in fixture().keys {
            assert_eq!(prefix_key(&word), prefix, "prefix_key({word:?})");
            assert_eq!(suffix_key(&word), suffix, "suffix_key({word:?})");
        }
    }

    /// search-engine.js folds the letters of the Latin script with a table; it must say what
    /// [`normalise`] does to each of them.
    #[test]
    fn the_browser_s_latin_table_matches() {
        let script = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/search-engine.js"
        ));
        let line = script
            .lines()
            .find_map(|l| l.trim().strip_prefix("const LATIN_FOLD = \""))
            .unwrap();
        let table: Vec<&str> = line.split('"').next().unwrap().split(' ').collect();
        let letters: Vec<char> = ('\u{00C0}'..='\u{024F}').collect();
        assert_eq!(table.len(), letters.len());
        for (c, folded) in letters.iter().zip(table) {
            assert_eq!(normalise(&c.to_string()), folded, "{c:?}");
        }
    }

    /// The one-pass cutter makes exactly what normalising, cutting and stemming make.
    #[test]
    fn stems_in_one_pass_as_in_three() {
        let f = fixture();
        let texts = f
            .normalise
            .iter()
            .chain(&f.stem)
            .map(|(t, _)| t.clone())
            .chain(f.terms.iter().map(|(t, _)| t.clone()))
            .chain(
                // Words packed straight from the text and words that are not: mixed case,
                // 15 and 16 letters, joined by apostrophes or to letters beyond ASCII, last.
                [
                    "Dry NEEDLING eases Trigger points",
                    "abcdefghijklmno abcdefghijklmnop ABCDEFGHIJKLMNO",
                    "Don't café Évora naïve x2 Q 1234567890123456789012345678901 end",
                    "SESSIONS",
                    "it’s ok'",
                ]
                .map(String::from),
            );
        for text in texts {
            let three: Vec<String> = terms(&text).iter().map(|w| stem(w)).collect();
            assert_eq!(stems(&text), three, "{text:?}");
        }
    }

    #[test]
    fn the_required_pairs_meet() {
        assert_eq!(stem("sessions"), stem("session"));
        assert_eq!(stem("needles"), stem("needling"));
        assert_eq!(stem("exercises"), stem("exercising"));
        assert_ne!(stem("needle"), stem("needed"));
    }

    #[test]
    fn typo_allowance_grows_with_length() {
        assert_eq!(typos_allowed("dry"), 0);
        assert_eq!(typos_allowed("neddl"), 1);
        assert_eq!(typos_allowed("session"), 1);
        assert_eq!(typos_allowed("acupuntur"), 2);
    }
}
