//! Words in plain text: where each word starts and ends, which characters join a word
//! ("it’s", "follow-up", "3.5", "1,000", "e.g", "19%"), blanking bare URLs and email
//! addresses so they are neither words nor sentence punctuation, and an allocation-free
//! lowercase copy of a word for dictionary look-ups.

use std::ops::Range;

use crate::byte_class;

/// True for the apostrophes a word may contain: the typewriter one and the right single
/// quotation mark that smart punctuation turns it into.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// True for the hyphens that join a compound word ("follow-up"). En and em dashes are not
/// hyphens: "3–5" is two numbers and "pain—and" two words.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The character at byte `i` (a character boundary), read directly when it is ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some(char::from(b));
    }
    text.get(i..).and_then(|s| s.chars().next())
}

/// Calls `emit(start, end, letters)` for every word in `text[from..]`, with byte offsets
/// into `text`, in order, and how many letters and digits the word has (counted on the way:
/// its other characters are the ones that join its parts). A word is a run of letters and
/// digits, joined across:
/// - an apostrophe followed by a letter ("don’t", "patient’s"; a trailing one is dropped),
/// - a hyphen between letters or digits ("self-care", "COVID-19"),
/// - a full stop between digits ("3.5") or after a single letter ("e.g", "U.S", "a.m"),
/// - a comma between digits followed by exactly three digits ("10,000"),
///
/// and a `%` right after digits belongs to the number ("19%").
pub fn for_each_word(text: &str, from: usize, mut emit: impl FnMut(usize, usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        // Spaces and punctuation are ASCII: skip them without decoding a character.
        if b.is_ascii() && !byte_class::is_alphanumeric(b) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else {
            return;
        };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let (end, letters) = word_end(text, i);
        emit(i, end, letters);
        i = end;
    }
}

/// The end of the run of letters and digits at `start`, and how many characters it has.
fn alphanumeric_run(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut j, mut chars) = (start, 0usize);
    loop {
        // ASCII letters and digits (nearly all of them) a byte each, in one tight loop.
        let ascii = byte_class::alphanumeric_len(bytes.get(j..).unwrap_or_default());
        j += ascii;
        chars += ascii;
        match bytes.get(j) {
            Some(b) if !b.is_ascii() => match char_at(text, j).filter(|c| c.is_alphanumeric()) {
                Some(c) => {
                    j += c.len_utf8();
                    chars += 1;
                }
                None => break,
            },
            _ => break,
        }
    }
    (j, chars)
}

/// The end of the word that starts at `start` (a letter or digit), and how many letters
/// and digits it has.
fn word_end(text: &str, start: usize) -> (usize, usize) {
    let (mut run, mut letters) = (start, 0);
    loop {
        let (j, chars) = alphanumeric_run(text, run);
        letters += chars;
        // Most words end at a space or a comma: ASCII that joins nothing ends them at once.
        match text.as_bytes().get(j) {
            None => return (j, letters),
            Some(b'\'' | b'-' | b'.' | b',' | b'%') => {}
            Some(b) if b.is_ascii() => return (j, letters),
            Some(_) => {}
        }
        let Some(joiner) = char_at(text, j) else {
            return (j, letters);
        };
        let after = j + joiner.len_utf8();
        let next = char_at(text, after);
        // Only a number joins across `.`, `,` and `%`: the run is looked at again only then.
        let all_digits = || text.as_bytes()[run..j].iter().all(u8::is_ascii_digit);
        let joins = match joiner {
            c if is_apostrophe(c) => next.is_some_and(char::is_alphabetic),
            c if is_hyphen(c) => next.is_some_and(char::is_alphanumeric),
            '.' => match next {
                Some(n) if all_digits() => n.is_ascii_digit(),
                Some(n) => chars == 1 && n.is_alphabetic(),
                None => false,
            },
            ',' => all_digits() && thousands_group(text, after),
            '%' if all_digits() => return (after, letters),
            _ => false,
        };
        if !joins {
            return (j, letters);
        }
        run = after;
    }
}

/// True when `text[at..]` starts with exactly three digits (a thousands group).
fn thousands_group(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    let digit = |k: usize| b.get(at + k).is_some_and(u8::is_ascii_digit);
    digit(0) && digit(1) && digit(2) && !digit(3)
}

/// Replaces bare URLs ("https://…", "www.…") and email addresses in `text[from..]` with
/// spaces (same byte length, so offsets stay valid). Sentence punctuation right after the
/// address ("see www.nhs.uk.") is kept, so the sentence still ends there.
pub fn blank_urls(text: &mut String, from: usize) {
    if !may_hold_address(&text[from..]) {
        return;
    }
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut i = from;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        // Every address has ":" (a scheme), "@" (email) or "." ("www."): most words have
        // none, and are not looked at again.
        let mut may_be_address = false;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            may_be_address |= matches!(bytes[i], b':' | b'@' | b'.');
            i += 1;
        }
        if !may_be_address {
            continue;
        }
        if let Some(r) = url_in_chunk(&text[start..i]) {
            found.push(start + r.start..start + r.end);
        }
    }
    for r in found {
        let spaces = " ".repeat(r.len());
        text.replace_range(r, &spaces);
    }
}

/// A quick look for what every address has: ":" (a scheme, "mailto:"), "@" (email) or
/// "www." (any case). Most paragraphs have none of them.
fn may_hold_address(text: &str) -> bool {
    // memchr reads many bytes at a time: this runs over every paragraph of every text.
    let bytes = text.as_bytes();
    memchr::memchr2(b':', b'@', bytes).is_some()
        || memchr::memchr_iter(b'.', bytes)
            .any(|i| i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// The byte range of a URL or email address inside one whitespace-free chunk, if any.
fn url_in_chunk(chunk: &str) -> Option<Range<usize>> {
    let lead = chunk.find(|c: char| c.is_alphanumeric())?;
    let body = &chunk[lead..];
    let lower_starts = |p: &str| {
        body.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let is_url = body.contains("://") || lower_starts("www.") || lower_starts("mailto:");
    let is_email = body
        .find('@')
        .is_some_and(|at| at > 0 && body[at + 1..].contains('.'));
    if !is_url && !is_email {
        return None;
    }
    let trail = body
        .trim_end_matches(|c: char| ".,;:!?)]}\"'\u{2019}\u{201D}>".contains(c))
        .len();
    Some(lead..lead + trail)
}

/// A lowercase copy of a word, on the stack for words up to 64 bytes. Typographic
/// apostrophes become `'`, so "don’t" and "don't" look up the same dictionary entry.
pub struct Lower {
    buf: [u8; 64],
    len: usize,
    heap: Option<String>,
}

impl Lower {
    pub fn new(word: &str) -> Lower {
        let mut lower = Lower {
            buf: [0; 64],
            len: 0,
            heap: None,
        };
        if word.len() <= lower.buf.len() && word.is_ascii() {
            for (dst, src) in lower.buf.iter_mut().zip(word.bytes()) {
                *dst = src.to_ascii_lowercase();
            }
            lower.len = word.len();
            return lower;
        }
        for c in word.chars() {
            let c = if is_apostrophe(c) { '\'' } else { c };
            for l in c.to_lowercase() {
                lower.push(l);
            }
        }
        lower
    }

    fn push(&mut self, c: char) {
        if let Some(h) = self.heap.as_mut() {
            h.push(c);
            return;
        }
        let n = c.len_utf8();
        if self.len + n <= self.buf.len() {
            c.encode_utf8(&mut self.buf[self.len..]);
            self.len += n;
        } else {
            let mut h = String::from(self.as_str());
            h.push(c);
            self.heap = Some(h);
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.heap {
            Some(h) => h,
            // Only whole UTF-8 encodings of chars are ever written into `buf`.
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or(""),
        }
    }
}

/// Everyday words that writers put in capitals for emphasis ("Do NOT stop suddenly"):
/// in capitals they are neither acronyms nor spelled out letter by letter. Sorted.
const SHOUTED: &[&str] = &[
    "all",
    "always",
    "and",
    "any",
    "are",
    "ask",
    "but",
    "call",
    "can",
    "do",
    "dont",
    "get",
    "go",
    "has",
    "have",
    "if",
    "important",
    "is",
    "it",
    "may",
    "must",
    "never",
    "new",
    "no",
    "not",
    "note",
    "now",
    "only",
    "or",
    "see",
    "stop",
    "the",
    "this",
    "too",
    "urgent",
    "very",
    "warning",
    "was",
    "we",
    "will",
    "with",
    "you",
    "your",
];

/// True when `word` (any case) is an everyday word often written in capitals for emphasis.
pub fn is_shouted_word(word: &str) -> bool {
    let lower = Lower::new(word);
    let key = lower.as_str().replace('\'', "");
    SHOUTED.binary_search(&key.as_str()).is_ok()
}

/// True when the word is written in capitals: at least two uppercase ASCII letters and
/// nothing else, except a plural "s" at the end ("NSAIDs").
pub fn is_all_caps(word: &str) -> bool {
    let core = word.strip_suffix('s').unwrap_or(word);
    core.len() >= 2 && core.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, 0, |s, e, letters| {
            let word = &text[s..e];
            assert_eq!(
                letters,
                word.chars().filter(|c| c.is_alphanumeric()).count(),
                "{word}"
            );
            out.push(word);
        });
        out
    }

    #[test]
    fn joins_apostrophes_hyphens_decimals_thousands_and_dotted_abbreviations() {
        assert_eq!(
            words(
                "Don’t stop: it’s a self-care plan (e.g. 3.5 mg, 10,000 steps, 19% of U.S. patients’ notes)."
            ),
            [
                "Don’t",
                "stop",
                "it’s",
                "a",
                "self-care",
                "plan",
                "e.g",
                "3.5",
                "mg",
                "10,000",
                "steps",
                "19%",
                "of",
                "U.S",
                "patients",
                "notes"
            ]
        );
    }

    #[test]
    fn dashes_and_odd_commas_split_words() {
        assert_eq!(
            words("3–5 weeks—or more"),
            ["3", "5", "weeks", "or", "more"]
        );
        assert_eq!(
            words("1,2,3 and 10,0000"),
            ["1", "2", "3", "and", "10", "0000"]
        );
        assert_eq!(words("end.Next word"), ["end", "Next", "word"]);
        assert_eq!(words("J. Smith"), ["J", "Smith"]);
    }

    #[test]
    fn urls_and_emails_are_blanked_but_keep_trailing_punctuation() {
        let mut t = String::from(
            "See https://www.nhs.uk/conditions/fibromyalgia/. Or www.example.org, or (mail help@example.org) now",
        );
        blank_urls(&mut t, 0);
        assert_eq!(words(&t), ["See", "Or", "or", "mail", "now"]);
        assert!(t.contains("    . Or"), "{t}");
        assert!(t.contains("    , or"), "{t}");
        assert!(t.contains("    ) now"), "{t}");
    }

    #[test]
    fn only_text_with_a_colon_an_at_or_www_may_hold_an_address() {
        for text in [
            "www.nhs.uk",
            "Visit WWW.NHS.UK.",
            "at Www.nhs.uk",
            "a:b",
            "x@y",
        ] {
            assert!(may_hold_address(text), "{text}");
        }
        for text in ["", "Rest. Then walk.", "ww.x", "w.w.w", "aww, the wwwx"] {
            assert!(!may_hold_address(text), "{text}");
        }
        let mut t = String::from("Visit WWW.NHS.UK today.");
        blank_urls(&mut t, 0);
        assert_eq!(words(&t), ["Visit", "today"]);
    }

    #[test]
    fn lower_handles_apostrophes_and_long_words() {
        assert_eq!(Lower::new("Don’t").as_str(), "don't");
        let long = "A".repeat(100);
        assert_eq!(Lower::new(&long).as_str(), "a".repeat(100));
        assert_eq!(Lower::new("ÉCOLE").as_str(), "école");
    }

    #[test]
    fn shouting_and_caps() {
        assert!(is_shouted_word("NOT"));
        assert!(is_shouted_word("DON’T"));
        assert!(!is_shouted_word("NHS"));
        assert!(is_all_caps("NSAIDs"));
        assert!(is_all_caps("NHS"));
        assert!(!is_all_caps("A"));
        assert!(!is_all_caps("As"));
        assert!(!is_all_caps("Nhs"));
    }
}
