//! Plain-language lints over a text's prose: long words, unexpanded acronyms, long lists,
//! percentages without a natural frequency, link text that says nothing out of context,
//! and long sentences. Each finding has a byte range in the markdown source (the caller
//! turns it into line:column) and a message for the writer. Output is sorted by position,
//! so it is the same on every run.

mod acronyms;
mod common_long_words;
mod link_text;
mod lists;
mod long_sentences;
mod long_words;
mod percentages;
mod word_set;

use std::ops::Range;

use super::prose::Prose;
use super::syllables::Syllables;

pub use word_set::WordSet;

/// The kinds of finding. Each can be switched off in [`LintConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LintKind {
    LongWord,
    Acronym,
    LongList,
    Percentage,
    LinkText,
    LongSentence,
}

impl LintKind {
    pub const ALL: [LintKind; 6] = [
        LintKind::LongWord,
        LintKind::Acronym,
        LintKind::LongList,
        LintKind::Percentage,
        LintKind::LinkText,
        LintKind::LongSentence,
    ];

    /// The check's one name: its key under `plain_language.checks` in `site.yaml`, the key
    /// of its count in reports, and the tag at the end of its warnings ("long_words", …).
    pub fn name(self) -> &'static str {
        match self {
            LintKind::LongWord => "long_words",
            LintKind::Acronym => "acronyms",
            LintKind::LongList => "long_lists",
            LintKind::Percentage => "percentages",
            LintKind::LinkText => "link_text",
            LintKind::LongSentence => "long_sentences",
        }
    }

    /// The kind with this [`name`](LintKind::name).
    pub fn from_name(name: &str) -> Option<LintKind> {
        LintKind::ALL.into_iter().find(|k| k.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One plain-language warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: LintKind,
    /// Byte range in the markdown source.
    pub byte_start: usize,
    pub byte_end: usize,
    pub message: String,
}

/// What to check and what to allow. Build it once per site and reuse it for every page.
#[derive(Debug, Clone)]
pub struct LintConfig {
    disabled: u8,
    /// Long words the site accepts (glossary terms, `plain_language.allow`); any case.
    pub allow_words: WordSet,
    /// Acronyms the site's readers know, on top of the built-in few ("OK", "UK", …).
    pub allow_acronyms: WordSet,
    /// Words of this many syllables or more are long. Default 4.
    pub long_word_syllables: usize,
    /// Lists with more items than this are long. Default 7 (CDC Clear Communication Index).
    pub max_list_items: usize,
    /// Sentences with more words than this are long. Default 25.
    pub max_sentence_words: usize,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            disabled: 0,
            allow_words: WordSet::default(),
            allow_acronyms: WordSet::default(),
            long_word_syllables: 4,
            max_list_items: 7,
            max_sentence_words: 25,
        }
    }
}

impl LintConfig {
    pub fn disable(&mut self, kind: LintKind) {
        self.disabled |= kind.bit();
    }

    pub fn enable(&mut self, kind: LintKind) {
        self.disabled &= !kind.bit();
    }

    pub fn is_enabled(&self, kind: LintKind) -> bool {
        self.disabled & kind.bit() == 0
    }
}

/// All enabled lints over one text's prose, sorted by position then kind. `word_syllables`
/// are the prose's words' counts ([`super::readability::word_syllables`]); `syllables`
/// counts the parts of hyphenated words.
pub fn lint(
    prose: &Prose,
    word_syllables: &[u16],
    sentences: &[Range<usize>],
    syllables: &Syllables,
    config: &LintConfig,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if config.is_enabled(LintKind::LongWord) {
        let counts = long_words::Counts {
            words: word_syllables,
            counter: syllables,
        };
        long_words::check(prose, &counts, config, &mut out);
    }
    if config.is_enabled(LintKind::Acronym) {
        acronyms::check(prose, &config.allow_acronyms, &mut out);
    }
    if config.is_enabled(LintKind::LongList) {
        lists::check(prose, config.max_list_items, &mut out);
    }
    if config.is_enabled(LintKind::Percentage) {
        percentages::check(prose, &mut out);
    }
    if config.is_enabled(LintKind::LinkText) {
        link_text::check(prose, &mut out);
    }
    if config.is_enabled(LintKind::LongSentence) {
        long_sentences::check(prose, sentences, config.max_sentence_words, &mut out);
    }
    out.sort_by_key(|f| (f.byte_start, f.kind, f.byte_end));
    out
}

#[cfg(test)]
mod tests;
