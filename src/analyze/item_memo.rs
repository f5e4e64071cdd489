//! Each analysed item's whole result (its [`Item`] and its warnings, review warnings
//! included), kept between builds under the identity of its inputs, so that a preview
//! rebuild after one edit redoes one item's analysis and only looks the others up.
//!
//! An article or page is known by its `Arc<Document>`: the parse cache hands back the same
//! one for a file whose bytes did not change, and a kept result holds a clone of it, so its
//! address cannot be reused by another document while the result is kept. A FAQ answer has
//! no such handle (the FAQ is parsed as one file), so it is known by a fingerprint of the FAQ
//! file, made once per build, and the line its entry starts on. Everything else a result is
//! made from (the text settings, the reading-level limit, the review settings, the day) is
//! one fingerprint per build, the [`context`]; a result is reused only when both its input
//! and its context are exactly the ones it was made from, so a lookup costs a hash-map probe
//! and a pointer compare, never a pass over the text.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Item;
use super::text_settings::TextSettings;
use crate::cache::Generation;
use crate::content::Document;
use crate::content::date::Date;
use crate::content::source::SourceFile;
use crate::diag::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::site::Site;

/// One item's whole analysis.
#[derive(Debug)]
pub struct Analysed {
    pub item: Arc<Item>,
    /// Its warnings, in the order a build without the memo finds them; shared with every
    /// build's list of diagnostics, so handing them on copies none.
    pub warnings: Arc<[Diagnostic]>,
    /// The key of its text's result in the text memo, which a reused item keeps alive.
    pub text_key: Option<u128>,
    identity: Identity,
    context: u128,
    /// The document analysed, held so that no other document can take its address while
    /// this result is kept.
    _pinned: Option<Arc<Document>>,
}

/// What an item was analysed from, besides the build's context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// An article (`article`) or a page, by its document's address.
    Document { address: usize, article: bool },
    /// The FAQ entry starting at `first_line` of the FAQ file with fingerprint `file`.
    Answer { file: u128, first_line: usize },
}

impl Identity {
    fn of_document(doc: &Arc<Document>, article: bool) -> Identity {
        Identity::Document {
            address: Arc::as_ptr(doc) as usize,
            article,
        }
    }

    /// The memo key: the identity beside the context. Two items of one build never share a
    /// key (their documents' addresses, or their lines, differ); a kept result from another
    /// context that shares one is refused by [`Items::kept`]'s check.
    fn key(self, context: u128) -> u128 {
        let (identity, tag) = match self {
            Identity::Document { address, article } => (address as u64, u64::from(article)),
            Identity::Answer { file, first_line } => (file as u64 ^ first_line as u64, 2),
        };
        (u128::from(identity) << 64) | u128::from(context as u64 ^ tag)
    }
}

/// A fingerprint of everything besides an item's own input that its analysis depends on.
pub fn context(site: &Site, settings: &TextSettings, today: Date) -> u128 {
    let health = &site.config.health;
    let mut f = Fingerprint::new();
    f.add(&settings.fingerprint());
    f.add(&health.readability.max_grade.to_bits());
    f.add(&health.review_interval_months);
    f.add(&health.require_review);
    f.add(&today.display());
    f.finish()
}

/// A fingerprint of the FAQ file, which every answer's result depends on.
pub fn faq_file_key(source: &SourceFile) -> u128 {
    let mut f = Fingerprint::new();
    f.add(source.rel.as_str());
    f.add(source.text.as_str());
    f.finish()
}

/// One build's use of the item memo.
pub struct Items<'a> {
    memo: Generation<'a, Arc<Analysed>>,
    context: u128,
    /// Counts the items analysed afresh.
    made: &'a AtomicUsize,
}

impl<'a> Items<'a> {
    pub fn new(memo: Generation<'a, Arc<Analysed>>, context: u128, made: &'a AtomicUsize) -> Self {
        Items {
            memo,
            context,
            made,
        }
    }

    /// Whether results are kept at all.
    pub fn is_enabled(&self) -> bool {
        self.memo.is_enabled()
    }

    /// The kept analysis of an article (`article`) or page, if there is one.
    pub fn kept_document(&self, doc: &Arc<Document>, article: bool) -> Option<Arc<Analysed>> {
        self.kept(Identity::of_document(doc, article))
    }

    /// Keeps the analysis `made` of an article (`article`) or page.
    pub fn document(&self, doc: &Arc<Document>, article: bool, made: Made) -> Arc<Analysed> {
        self.keep(Identity::of_document(doc, article), Some(doc), made)
    }

    /// The kept analysis of the FAQ entry starting at `first_line` of the FAQ file with
    /// fingerprint `file`, if there is one.
    pub fn kept_answer(&self, file: u128, first_line: usize) -> Option<Arc<Analysed>> {
        self.kept(Identity::Answer { file, first_line })
    }

    /// Keeps the analysis `made` of that FAQ entry.
    pub fn answer(&self, file: u128, first_line: usize, made: Made) -> Arc<Analysed> {
        self.keep(Identity::Answer { file, first_line }, None, made)
    }

    /// A kept result is used only if it was made from this very input in this context.
    fn kept(&self, identity: Identity) -> Option<Arc<Analysed>> {
        let kept = self.memo.reuse(identity.key(self.context))?;
        (kept.identity == identity && kept.context == self.context).then_some(kept)
    }

    fn keep(&self, identity: Identity, doc: Option<&Arc<Document>>, made: Made) -> Arc<Analysed> {
        self.made.fetch_add(1, Ordering::Relaxed);
        let analysed = Arc::new(Analysed {
            item: Arc::new(made.item),
            warnings: Arc::from(made.warnings),
            text_key: made.text_key,
            identity,
            context: self.context,
            _pinned: doc.cloned(),
        });
        // Replaces whatever unusable result was kept under the same key.
        self.memo
            .get_usable_or_make(|| identity.key(self.context), |_| false, || analysed)
    }
}

/// A freshly made analysis, before it is kept.
pub struct Made {
    pub item: Item,
    pub warnings: Vec<Diagnostic>,
    pub text_key: Option<u128>,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::analyze::{self, Analysis, TextCache};
    use crate::config::Config;
    use crate::content::date::Date;
    use crate::content::{self, Overrides, ParseCache};
    use crate::diag::Diagnostics;
    use crate::site::{Options, Site};

    const SITE_YAML: &str = "title: T\nbase_url: https://example.org/\nlanguage: en\n\
                             description: D\neditorial_policy: E.\nfunding: F.\nprivacy: P.\n\
                             contact: C.\nreadability:\n  max_grade: 8\n";

    /// Ten sentences thick with long words: too hard for grade 8, and full of findings.
    fn hard_text() -> String {
        "Fibromyalgia generally involves considerable musculoskeletal discomfort.\n".repeat(10)
    }

    /// An analysis and its warnings, each warning shown whole.
    type Found = (Analysis, Vec<String>);

    /// The analysis of the site at `root` as of `today`, through `parse` and `cache`.
    fn analyse(root: &Path, today: &str, parse: &mut ParseCache, cache: &mut TextCache) -> Found {
        let today = Date::parse(today).unwrap();
        let mut diags = Diagnostics::new();
        let (config, _) = Config::load(root, &mut diags).unwrap();
        let content = content::load_with(&config.root, &mut diags, parse, &Overrides::default());
        let site = Site::build(config, content, Options::new(today), &mut diags);
        assert!(
            !diags.has_errors(),
            "{:?}",
            diags.iter().collect::<Vec<_>>()
        );
        let mut found = Diagnostics::new();
        let analysis = analyze::run(&site, today, cache, &mut found);
        (analysis, found.iter().map(|d| format!("{d:?}")).collect())
    }

    /// A site kept between builds with caches, as the preview keeps one.
    struct Preview {
        dir: tempfile::TempDir,
        parse: ParseCache,
        cache: TextCache,
    }

    impl Preview {
        fn write(&self, rel: &str, text: &str) {
            let path = self.dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        /// Analyses the site with the caches and without, asserts both found the same, and
        /// returns that with how many items and texts the cached run analysed afresh.
        fn rebuild(&mut self, today: &str) -> (Found, usize, usize) {
            let root = self.dir.path();
            let cached = analyse(root, today, &mut self.parse, &mut self.cache);
            let fresh = analyse(
                root,
                today,
                &mut ParseCache::default(),
                &mut TextCache::default(),
            );
            assert_eq!(
                cached, fresh,
                "a cached analysis must equal an uncached one"
            );
            let made = (
                self.cache.items_made_last_build(),
                self.cache.made_last_build(),
            );
            (cached, made.0, made.1)
        }

        /// [`Self::rebuild`]'s counts of items and texts analysed afresh.
        fn made(&mut self, today: &str) -> (usize, usize) {
            let (_, items, texts) = self.rebuild(today);
            (items, texts)
        }
    }

    fn article(title: &str, front: &str, body: &str) -> String {
        format!("---\ntitle: {title}\n{front}---\n{body}")
    }

    const FAQ: &str = "questions:\n  - id: one\n    question: One?\n    reviewed_on: 2025-01-01\n    \
                       next_review: 2026-06-20\n    answer: |\n      Fibromyalgia is common in \
                       the UK.\n  - id: two\n    question: Two?\n    answer: |\n      Rest helps \
                       with considerable discomfort.\n";

    #[test]
    fn a_cached_analysis_after_edits_equals_an_uncached_one() {
        let mut preview = Preview {
            dir: tempfile::tempdir().unwrap(),
            parse: ParseCache::enabled(),
            cache: TextCache::enabled(),
        };
        preview.write("site.yaml", SITE_YAML);
        // Reviewed by nobody named, due on 2026-06-15: overdue from the day after.
        let reviewed = "reviewed_on: 2025-01-01\nnext_review: 2026-06-15\n";
        preview.write(
            "content/articles/a.md",
            &article("A", reviewed, &hard_text()),
        );
        preview.write(
            "content/articles/b.md",
            &article("B", "", "Rest helps. About 50% of people use NSAIDs.\n"),
        );
        preview.write(
            "content/pages/about.md",
            &article("About", "", "We explain fibromyalgia.\n"),
        );
        preview.write("content/faq.yaml", FAQ);
        let items = 5;

        let ((first, warnings), made, texts) = preview.rebuild("2026-06-01");
        assert_eq!((made, texts), (items, items));
        assert!(
            warnings.len() > 10,
            "the fixture has findings: {warnings:#?}"
        );
        let hard = first.articles.iter().position(|a| a.review.is_reviewed());
        let hard = hard.expect("article a is reviewed");
        assert!(first.articles[hard].readability.as_ref().unwrap().too_hard);
        assert!(!first.articles[hard].review.overdue);

        // Nothing changed: every item is reused whole.
        let ((again, _), made, texts) = preview.rebuild("2026-06-01");
        assert_eq!((made, texts), (0, 0));
        assert_eq!(again, first);
        assert_eq!(preview.cache.items_kept(), items);

        // A body edit analyses that article alone.
        preview.write(
            "content/articles/b.md",
            &article("B", "", "Rest helps a lot. Fibromyalgia hurts.\n"),
        );
        assert_eq!(preview.made("2026-06-01"), (1, 1));

        // A front-matter edit re-works the item but finds its text's result kept, though
        // the builds since it was analysed reused the item whole.
        preview.write(
            "content/articles/a.md",
            &article("A renamed", reviewed, &hard_text()),
        );
        assert_eq!(preview.made("2026-06-01"), (1, 0));

        // A new day re-works every item (reviews fall due) and no text.
        let ((later, _), made, texts) = preview.rebuild("2026-07-01");
        assert_eq!((made, texts), (items, 0));
        assert!(later.articles[hard].review.overdue);

        // The reading-level limit and the review interval re-work every item but no text;
        // a text setting re-analyses every text.
        let easy = SITE_YAML.replace("max_grade: 8", "max_grade: 20");
        preview.write("site.yaml", &easy);
        let ((easier, _), made, texts) = preview.rebuild("2026-07-01");
        assert_eq!((made, texts), (items, 0));
        assert!(!easier.articles[hard].readability.as_ref().unwrap().too_hard);
        let easy = format!("{easy}review_interval_months: 6\n");
        preview.write("site.yaml", &easy);
        assert_eq!(preview.made("2026-07-01"), (items, 0));
        let allowing = format!("{easy}plain_language:\n  allow: [fibromyalgia]\n");
        preview.write("site.yaml", &allowing);
        assert_eq!(preview.made("2026-07-01"), (items, items));

        // An edited FAQ file re-works its entries and analyses only the edited answer.
        preview.write(
            "content/faq.yaml",
            &FAQ.replace("Rest helps", "Sleep helps"),
        );
        assert_eq!(preview.made("2026-07-01"), (2, 1));
    }
}
