//! Acronyms not expanded at first use. An acronym is a word of two or more capital letters
//! (a plural "s" allowed: "NSAIDs"; a hyphenated word's parts are judged alone:
//! "NHS-funded"). Left alone: words with digits ("NG193", "B12": codes, not abbreviations to
//! spell out), roman numerals made of I, V and X ("type II", "phase III"), everyday words
//! in capitals for emphasis ("Do NOT"), runs of three or more capitalised words (shouting),
//! a few acronyms better known than their expansions, and the site's own allow list.
//!
//! The first use counts as expanded when it is written "Full Name (ABC)" or "ABC (Full
//! Name)" — the name's words, starting with the acronym's first letter, contain its letters
//! in order — or inside `<abbr title="…">`. One finding per acronym per text.

use super::super::prose::{Block, Prose, Word};
use super::super::words;
use super::{Finding, LintKind, WordSet};
use crate::word_map::FastSet;

/// Better known than their expansions: nobody needs "United Kingdom" spelled out, and "OK"
/// has no expansion readers would recognise. NHS, GP and the like are not here: a site
/// whose readers all know them can allow them.
const KNOWN: &[&str] = &["AM", "EU", "OK", "PM", "TV", "UK", "US", "USA"];

pub(super) fn check(prose: &Prose, allow: &WordSet, out: &mut Vec<Finding>) {
    let mut seen: FastSet<&str> = FastSet::default();
    for block in &prose.blocks {
        let words = prose.block_words(block);
        for k in with_capitals(prose.text.as_bytes(), words) {
            let word = &words[k];
            if shouting(prose, words, k) {
                continue;
            }
            let text = prose.word_text(word);
            for part in text.split(words::is_hyphen) {
                let Some(acronym) = acronym(part) else {
                    continue;
                };
                if KNOWN.contains(&acronym) || allow.contains(acronym) || !seen.insert(acronym) {
                    continue;
                }
                let ctx = Context {
                    prose,
                    block,
                    words,
                };
                if word.in_abbr || ctx.expanded_before(k, acronym) || ctx.expanded_after(k, acronym)
                {
                    continue;
                }
                out.push(Finding {
                    kind: LintKind::Acronym,
                    byte_start: word.src_start,
                    byte_end: word.src_end,
                    message: format!(
                        "“{acronym}” is not explained at its first use: write the full name \
                         first, as “Full Name ({acronym})”, or mark it up as \
                         <abbr title=\"Full Name\">{acronym}</abbr>"
                    ),
                });
            }
        }
    }
}

/// The places in `words` (one block's, in `text`) of the words with an ASCII capital. An
/// acronym is in capitals and most words have none: the block's text is searched for
/// capitals, which is quicker than looking into every word.
fn with_capitals<'a>(text: &'a [u8], words: &'a [Word]) -> impl Iterator<Item = usize> + 'a {
    let end = words.last().map_or(0, |w| w.end);
    let mut k = 0;
    std::iter::from_fn(move || {
        loop {
            let from = words.get(k)?.start;
            let rest = text.get(from..end)?;
            let at = from + first_capital(rest)?;
            while words.get(k).is_some_and(|w| w.end <= at) {
                k += 1;
            }
            let word = words.get(k)?;
            k += 1;
            if word.start <= at {
                return Some(k - 1);
            }
        }
    })
}

/// Where the first ASCII capital of `bytes` is. Each 32 bytes are first looked at as a whole
/// (a loop without early exit, which the compiler vectorises), and only one that has a capital
/// byte by byte.
fn first_capital(bytes: &[u8]) -> Option<usize> {
    let mut base = 0;
    for chunk in bytes.chunks(32) {
        let any = (chunk.iter()).fold(false, |any, &b| any | b.is_ascii_uppercase());
        if any {
            return (chunk.iter().position(u8::is_ascii_uppercase)).map(|i| base + i);
        }
        base += chunk.len();
    }
    None
}

/// The acronym in a word (without a plural "s"), if the word is one.
fn acronym(part: &str) -> Option<&str> {
    if !words::is_all_caps(part) || words::is_shouted_word(part) {
        return None;
    }
    let core = part.strip_suffix('s').unwrap_or(part);
    let roman = core.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    (!roman).then_some(core)
}

/// Word `k` is in a run of three or more words in capitals.
fn shouting(prose: &Prose, words: &[Word], k: usize) -> bool {
    let caps = |i: usize| words::is_all_caps(prose.word_text(&words[i]));
    if !caps(k) {
        return false;
    }
    let mut start = k;
    while start > 0 && caps(start - 1) {
        start -= 1;
    }
    let mut end = k + 1;
    while end < words.len() && caps(end) {
        end += 1;
    }
    end - start >= 3
}

struct Context<'a> {
    prose: &'a Prose,
    block: &'a Block,
    words: &'a [Word],
}

impl Context<'_> {
    /// The text between word `k` and the next word (or the block's end).
    fn gap_after(&self, k: usize) -> &str {
        let end = self
            .words
            .get(k + 1)
            .map_or(self.block.text.end, |w| w.start);
        &self.prose.text[self.words[k].end..end]
    }

    /// "Full Name (ABC)": the acronym alone in brackets after words that spell it.
    fn expanded_before(&self, k: usize, acronym: &str) -> bool {
        if k == 0
            || !self.gap_after(k - 1).trim_end().ends_with('(')
            || !self.gap_after(k).starts_with(')')
        {
            return false;
        }
        let window = acronym.len() + 4;
        let first = k.saturating_sub(window);
        (first..k).any(|s| self.spells(s..k, acronym))
    }

    /// "ABC (Full Name)": brackets right after the acronym, holding words that spell it.
    fn expanded_after(&self, k: usize, acronym: &str) -> bool {
        if !self.gap_after(k).trim().ends_with('(') {
            return false;
        }
        let mut end = k + 1;
        while end < self.words.len() && end <= k + acronym.len() + 4 {
            end += 1;
            if self.gap_after(end - 1).contains(')') {
                return self.spells(k + 1..end, acronym);
            }
        }
        false
    }

    /// The words in `range` start with the acronym's first letter and contain all its
    /// letters in order.
    fn spells(&self, range: std::ops::Range<usize>, acronym: &str) -> bool {
        let mut wanted = acronym.chars().map(|c| c.to_ascii_lowercase()).peekable();
        let Some(&first) = wanted.peek() else {
            return false;
        };
        let Some(start) = self.words.get(range.start) else {
            return false;
        };
        let starts_right = self
            .prose
            .word_text(start)
            .chars()
            .next()
            .is_some_and(|c| c.to_ascii_lowercase() == first);
        if !starts_right {
            return false;
        }
        for w in &self.words[range] {
            for c in self.prose.word_text(w).chars() {
                if wanted.peek() == Some(&c.to_ascii_lowercase()) {
                    wanted.next();
                }
            }
        }
        wanted.peek().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::text::prose;

    #[test]
    fn the_words_with_capitals_are_found_in_the_text() {
        let p = prose::from_markdown(
            "Ask your GP about NSAIDs. the nhs-Funded plan, then x.\n\n\
             - one TWO three\n- four\n\nAll lower case here",
        );
        for block in &p.blocks {
            let words = p.block_words(block);
            let found: Vec<&str> = with_capitals(p.text.as_bytes(), words)
                .map(|k| p.word_text(&words[k]))
                .collect();
            let expected: Vec<&str> = (words.iter().map(|w| p.word_text(w)))
                .filter(|w| w.bytes().any(|b| b.is_ascii_uppercase()))
                .collect();
            assert_eq!(found, expected);
        }
        let all: Vec<&str> = (p.blocks.iter())
            .flat_map(|b| {
                let words = p.block_words(b);
                with_capitals(p.text.as_bytes(), words).map(|k| p.word_text(&words[k]))
            })
            .collect();
        assert_eq!(all, ["Ask", "GP", "NSAIDs", "nhs-Funded", "TWO", "All"]);
        let long = format!("{}Z{}", "a".repeat(70), "b".repeat(40));
        assert_eq!(first_capital(long.as_bytes()), Some(70));
        assert_eq!(first_capital("a".repeat(100).as_bytes()), None);
    }
}
