//! The text library run over one markdown text (an article's or page's body, a FAQ answer):
//! its readability counts and plain-language findings. The preview keeps each result
//! between builds under a fingerprint of the text and of the text settings, so an edit
//! re-analyses only the text that changed; a one-off build keeps nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::text::lints::{self, Finding};
use super::text::prose;
use super::text::readability::{self, Counts};
use super::text::syllables::{SyllableMemo, Syllables};
use super::text_settings::TextSettings;
use crate::cache::{Generation, Memo};
use crate::fingerprint::Fingerprint;

/// What the text library found in one markdown text. Byte ranges are in that text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextResult {
    pub counts: Counts,
    /// Sorted by position.
    pub findings: Vec<Finding>,
}

/// Text results kept between builds (the preview's); the default keeps nothing.
#[derive(Debug, Default)]
pub struct TextCache {
    memo: Memo<Arc<TextResult>>,
    /// How many texts the last build analysed afresh (not from the memo).
    made: AtomicUsize,
}

impl TextCache {
    /// A cache that keeps results between builds.
    pub fn enabled() -> Self {
        TextCache {
            memo: Memo::enabled(),
            made: AtomicUsize::new(0),
        }
    }

    /// How many texts the last build analysed afresh: every text without a memo, only the
    /// edited ones with it.
    pub fn made_last_build(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }

    /// How many texts the last build kept.
    pub fn len(&self) -> usize {
        self.memo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.memo.is_empty()
    }

    /// Starts one build's use of the cache with these settings. Safe to share between
    /// threads.
    pub fn analyser<'a>(&'a mut self, settings: &'a TextSettings) -> Analyser<'a> {
        self.made.store(0, Ordering::Relaxed);
        Analyser {
            settings,
            syllables: settings.syllables(),
            memo: self.memo.generation(),
            made: &self.made,
        }
    }
}

/// Analyses the texts of one build, through one generation of the cache.
pub struct Analyser<'a> {
    settings: &'a TextSettings,
    syllables: Syllables<'a>,
    memo: Generation<'a, Arc<TextResult>>,
    made: &'a AtomicUsize,
}

impl Analyser<'_> {
    /// The counts and findings of `markdown`, remembered or made now (counting syllables
    /// through `memo`, which must only ever be used with this analyser).
    pub fn analyse(&self, markdown: &str, memo: &mut SyllableMemo) -> Arc<TextResult> {
        self.memo.get_or_make(
            || {
                let mut f = Fingerprint::new();
                f.add(&self.settings.fingerprint());
                f.add(markdown);
                f.finish()
            },
            || {
                self.made.fetch_add(1, Ordering::Relaxed);
                Arc::new(analyse(markdown, &self.syllables, memo, self.settings))
            },
        )
    }
}

/// The counts and findings of `markdown`, made afresh.
pub fn analyse(
    markdown: &str,
    syllables: &Syllables,
    memo: &mut SyllableMemo,
    settings: &TextSettings,
) -> TextResult {
    let prose = prose::from_markdown(markdown);
    let words = readability::word_syllables(&prose, syllables, memo);
    TextResult {
        counts: readability::count(&prose, &words),
        findings: lints::lint(&prose, &words, syllables, &settings.lints),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::health::PlainLanguage;

    fn settings(allow: &[&str]) -> TextSettings {
        TextSettings::new(&PlainLanguage::default(), allow.iter().copied())
    }

    #[test]
    fn a_result_is_reused_only_for_the_same_text_and_settings() {
        let mut cache = TextCache::enabled();
        let plain = settings(&[]);
        let first = cache
            .analyser(&plain)
            .analyse("Fibromyalgia hurts.", &mut SyllableMemo::default());
        assert_eq!(first.findings.len(), 1);
        assert_eq!(first.counts.words, 2);
        let again = cache
            .analyser(&plain)
            .analyse("Fibromyalgia hurts.", &mut SyllableMemo::default());
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same text is not analysed twice"
        );
        let edited = cache
            .analyser(&plain)
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default());
        assert_eq!(edited.counts.words, 4);
        let allowing = settings(&["fibromyalgia"]);
        let allowed = cache
            .analyser(&allowing)
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default());
        assert!(
            allowed.findings.is_empty(),
            "new settings make a new result"
        );
        assert_eq!(cache.len(), 1, "only what the last build used is kept");
        assert_eq!(cache.made_last_build(), 1);
        cache
            .analyser(&allowing)
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default());
        assert_eq!(cache.made_last_build(), 0);
    }

    #[test]
    fn a_disabled_cache_keeps_nothing() {
        let mut cache = TextCache::default();
        let plain = settings(&[]);
        let a = cache
            .analyser(&plain)
            .analyse("Some text.", &mut SyllableMemo::default());
        let b = cache
            .analyser(&plain)
            .analyse("Some text.", &mut SyllableMemo::default());
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a, b);
        assert!(cache.is_empty());
    }
}
