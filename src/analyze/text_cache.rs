//! What the analysis stage keeps between builds (the preview's; a one-off build keeps
//! nothing): each item's whole result under the identity of its inputs ([`super::item_memo`]),
//! and beneath it the text library's result for each markdown text (an article's or page's
//! body, a FAQ answer), its readability counts and plain-language findings, under a
//! fingerprint of the text and of the text settings. An edited item is looked for by its text
//! only once its identity missed, so a front-matter edit or a new day re-analyses no text,
//! and an edit re-analyses only the text that changed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::item_memo::{Analysed, Items};
use super::text::lints::{self, Finding};
use super::text::readability::{self, Counts};
use super::text::syllables::{SyllableMemo, Syllables};
use super::text::{prose, sentences};
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

/// Analysis results kept between builds (the preview's); the default keeps nothing.
#[derive(Debug, Default)]
pub struct TextCache {
    memo: Memo<Arc<TextResult>>,
    items: Memo<Arc<Analysed>>,
    /// How many texts the last build analysed afresh (not from the memo).
    made: AtomicUsize,
    /// How many items the last build analysed afresh.
    items_made: AtomicUsize,
}

impl TextCache {
    /// A cache that keeps results between builds.
    pub fn enabled() -> Self {
        TextCache {
            memo: Memo::enabled(),
            items: Memo::enabled(),
            made: AtomicUsize::new(0),
            items_made: AtomicUsize::new(0),
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

    /// How many items' whole results the last build kept.
    pub fn items_kept(&self) -> usize {
        self.items.len()
    }

    /// How many items (articles, pages, FAQ entries) the last build analysed afresh rather
    /// than reused whole.
    pub fn items_made_last_build(&self) -> usize {
        self.items_made.load(Ordering::Relaxed)
    }

    /// Starts one build's use of the cache with these settings, its items' results valid in
    /// `context` (see [`super::item_memo::context`]). Both halves are safe to share between
    /// threads.
    pub fn start<'a>(
        &'a mut self,
        settings: &'a TextSettings,
        context: u128,
    ) -> (Analyser<'a>, Items<'a>) {
        self.made.store(0, Ordering::Relaxed);
        self.items_made.store(0, Ordering::Relaxed);
        let analyser = Analyser {
            settings,
            syllables: settings.syllables(),
            memo: self.memo.generation(),
            made: &self.made,
        };
        let items = Items::new(self.items.generation(), context, &self.items_made);
        (analyser, items)
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
    /// through `memo`, which must only ever be used with this analyser), and the key they
    /// are remembered under (none when the cache keeps nothing).
    pub fn analyse(
        &self,
        markdown: &str,
        memo: &mut SyllableMemo,
    ) -> (Arc<TextResult>, Option<u128>) {
        let key = self.memo.is_enabled().then(|| {
            let mut f = Fingerprint::new();
            f.add(&self.settings.fingerprint());
            f.add(markdown);
            f.finish()
        });
        let result = self.memo.get_or_make(
            || key.unwrap_or_default(),
            || {
                self.made.fetch_add(1, Ordering::Relaxed);
                Arc::new(analyse(markdown, &self.syllables, memo, self.settings))
            },
        );
        (result, key)
    }

    /// Keeps the result under `key` for the next build, as if its text had been analysed
    /// again: an item reused whole still needs its text's result once it is edited.
    pub fn keep(&self, key: u128) {
        self.memo.reuse(key);
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
    let sentences = sentences::all(&prose);
    TextResult {
        counts: readability::count(&prose, &words, &sentences),
        findings: lints::lint(&prose, &words, &sentences, syllables, &settings.lints),
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
            .start(&plain, 0)
            .0
            .analyse("Fibromyalgia hurts.", &mut SyllableMemo::default())
            .0;
        assert_eq!(first.findings.len(), 1);
        assert_eq!(first.counts.words, 2);
        let again = cache
            .start(&plain, 0)
            .0
            .analyse("Fibromyalgia hurts.", &mut SyllableMemo::default())
            .0;
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same text is not analysed twice"
        );
        let edited = cache
            .start(&plain, 0)
            .0
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default())
            .0;
        assert_eq!(edited.counts.words, 4);
        let allowing = settings(&["fibromyalgia"]);
        let allowed = cache
            .start(&allowing, 0)
            .0
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default())
            .0;
        assert!(
            allowed.findings.is_empty(),
            "new settings make a new result"
        );
        assert_eq!(cache.len(), 1, "only what the last build used is kept");
        assert_eq!(cache.made_last_build(), 1);
        cache
            .start(&allowing, 0)
            .0
            .analyse("Fibromyalgia hurts a lot.", &mut SyllableMemo::default());
        assert_eq!(cache.made_last_build(), 0);
    }

    #[test]
    fn a_disabled_cache_keeps_nothing() {
        let mut cache = TextCache::default();
        let plain = settings(&[]);
        let a = cache
            .start(&plain, 0)
            .0
            .analyse("Some text.", &mut SyllableMemo::default())
            .0;
        let b = cache
            .start(&plain, 0)
            .0
            .analyse("Some text.", &mut SyllableMemo::default())
            .0;
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a, b);
        assert!(cache.is_empty());
    }
}
