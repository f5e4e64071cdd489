//! Long words: words of four syllables or more (configurable) that are neither everyday
//! words (a built-in list) nor allowed by the site. One finding per word per text, at its
//! first use. Each part of a hyphenated word is judged alone ("self-management" is not
//! long; "anti-inflammatory" is). Numerals, acronyms and words inside `<abbr>` are left to
//! the other lints.

use super::super::prose::Prose;
use super::super::syllables::Syllables;
use super::super::words::{self, Lower};
use super::common_long_words;
use super::{Finding, LintConfig, LintKind};
use crate::word_map::FastSet;

/// The syllables of the prose's words, and the counter for parts of hyphenated words.
pub(super) struct Counts<'a> {
    pub words: &'a [u16],
    pub counter: &'a Syllables<'a>,
}

pub(super) fn check(prose: &Prose, counts: &Counts, config: &LintConfig, out: &mut Vec<Finding>) {
    // Long words already judged (reported or allowed), lowercase: the verdict depends only
    // on the word, so a repeat is skipped before the allow lists are searched again.
    let mut judged: FastSet<String> = FastSet::default();
    // No part of a word (a hyphenated word's part, a possessive's stem) has more syllables
    // than the whole word, so only words long as a whole are looked at: found in the dense
    // list of counts, before any word itself is read.
    let min = config.long_word_syllables;
    let counted = counts.words.len().min(prose.words.len());
    let long_counted = counts.words[..counted]
        .iter()
        .enumerate()
        .filter(|&(_, &n)| usize::from(n) >= min)
        .map(|(i, &n)| (i, usize::from(n)));
    let long_rest = (counted..prose.words.len())
        .map(|i| (i, counts.counter.count(prose.word_text(&prose.words[i]))))
        .filter(|&(_, n)| n >= min);
    for (i, whole) in long_counted.chain(long_rest) {
        let word = &prose.words[i];
        let text = prose.word_text(word);
        if word.in_abbr || text.bytes().any(|b| b.is_ascii_digit()) || words::is_all_caps(text) {
            continue;
        }
        let key = Lower::new(strip_possessive(text));
        if judged.contains(key.as_str()) {
            continue;
        }
        judged.insert(key.as_str().to_string());
        let plain = !text.contains(words::is_hyphen) && !text.contains(words::is_apostrophe);
        let n = if plain {
            Some(whole).filter(|_| !allowed(text, config))
        } else {
            longest_part(text, counts.counter, config)
        };
        let Some(n) = n else {
            continue;
        };
        out.push(Finding {
            kind: LintKind::LongWord,
            byte_start: word.src_start,
            byte_end: word.src_end,
            // Joined rather than formatted: a large site has a hundred thousand of these.
            message: [
                "“",
                text,
                "” has ",
                &n.to_string(),
                " syllables: use a shorter, everyday word if there is one; if it must stay, \
                 explain it where it is first used and add it to `plain_language.allow`",
            ]
            .concat(),
        });
    }
}

/// The syllables of the longest part that is long and not allowed, if any.
fn longest_part(text: &str, syllables: &Syllables, config: &LintConfig) -> Option<usize> {
    let whole = strip_possessive(text);
    let min = config.long_word_syllables;
    let long = |part: &&str| !part.is_empty() && syllables.count_if_at_least(part, min).is_some();
    // Counting is cheaper than the allow-list look-ups, and most words are short.
    if !whole.split(words::is_hyphen).any(|p| long(&p)) || allowed(whole, config) {
        return None;
    }
    whole
        .split(words::is_hyphen)
        .filter(|part| !part.is_empty() && !allowed(part, config))
        .filter_map(|part| syllables.count_if_at_least(part, min))
        .max()
}

fn strip_possessive(text: &str) -> &str {
    text.strip_suffix("’s")
        .or_else(|| text.strip_suffix("'s"))
        .unwrap_or(text)
}

/// In the site's allow list or the everyday list, as written or as a plural's singular.
fn allowed(word: &str, config: &LintConfig) -> bool {
    let lower = Lower::new(word);
    let w = lower.as_str();
    let known = |k: &str| config.allow_words.contains_lower(k) || common_long_words::contains(k);
    if known(w) {
        return true;
    }
    let singular_y = w.strip_suffix("ies").is_some_and(|stem| {
        let mut buf = [0u8; 64];
        let n = stem.len();
        n < buf.len() && {
            buf[..n].copy_from_slice(stem.as_bytes());
            buf[n] = b'y';
            std::str::from_utf8(&buf[..=n]).is_ok_and(known)
        }
    });
    singular_y || w.strip_suffix("es").is_some_and(known) || w.strip_suffix('s').is_some_and(known)
}
