//! The analysis stage: what the site model means for its readers' trust, worked out after the
//! model is built and before pages are rendered. Owns each article's, page's and FAQ entry's
//! review status ([`review`]), how hard its prose is to read ([`grade`]) and its
//! plain-language findings ([`plain_language`]), with the warnings about them. The text
//! analysis itself is a library ([`text`]) run over each body and answer, in parallel. The
//! preview keeps each item's whole result between builds by the identity of its inputs
//! ([`TextCache`]), so a rebuild after one edit analyses one item. Pages show these results,
//! and the report command lists them; the stage never changes the model.
//!
//! Articles, pages and FAQ answers are analysed, as the issue asks. The FAQ intro, topic
//! descriptions and the disclaimer are not: they are a sentence or two of framing that
//! formulas cannot score, the disclaimer is often wording a site must keep as it is, and none
//! of them has a row in the report to count findings in.

mod gather;
pub mod grade;
mod item_memo;
mod plain_language;
mod positions;
pub mod review;
pub mod subject;
pub mod text;
mod text_cache;
pub mod text_settings;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Health;
use crate::content::Document;
use crate::content::date::Date;
use crate::content::faq::FaqEntry;
use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::per_thread::PerThread;
use crate::site::Site;
use item_memo::{Analysed, Items, Made};
use positions::Place;
pub use review::Review;
pub use subject::{Subject, SubjectCache, Subjects};
use text::syllables::SyllableMemo;
use text_cache::Analyser;
pub use text_cache::TextCache;
use text_settings::TextSettings;

/// What the analysis found for one article, page or FAQ entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub review: Review,
    /// How hard the prose is to read; `None` when there is no prose to score.
    pub readability: Option<Readability>,
    /// Plain-language findings, counted by check (`long_words` → 3).
    pub lints: BTreeMap<&'static str, usize>,
}

/// Readability figures of one item's prose (not code, tables, headings, URLs or sources).
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    pub flesch_reading_ease: f64,
    pub flesch_kincaid_grade: f64,
    pub smog_grade: f64,
    /// Coleman–Liau grade: from letters and sentences only, a cross-check without syllables.
    pub coleman_liau: f64,
    /// The text has enough sentences (10) for SMOG to be a fair guide; it is fitted on 30
    /// and scaled for other lengths.
    pub smog_reliable: bool,
    /// At 200 words a minute, at least one.
    pub reading_minutes: usize,
    /// The SMOG grade is above the site's `readability.max_grade` (articles and pages only;
    /// FAQ answers are too short for SMOG to gate).
    pub too_hard: bool,
}

/// The analysis of a whole site, indexed like the site model's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    pub articles: Vec<Arc<Item>>,
    pub pages: Vec<Arc<Item>>,
    pub faq: Vec<Arc<Item>>,
}

/// Analyses `site` as of `today`, reusing and refreshing `cache`, adding warnings to `diags`.
pub fn run(site: &Site, today: Date, cache: &mut TextCache, diags: &mut Diagnostics) -> Analysis {
    let settings = TextSettings::of_site(site);
    let context = item_memo::context(site, &settings, today);
    let (analyser, items) = cache.start(&settings, context);
    let stage = Stage {
        scorer: Scorer {
            analyser: &analyser,
            max_grade: site.config.health.readability.max_grade,
        },
        items: &items,
        health: &site.config.health,
        today,
    };
    let articles = each(
        &site.articles,
        |a| stage.kept_document(&a.doc, true),
        |a, memo| stage.document(&a.doc, true, memo),
    );
    let pages = each(
        &site.pages,
        |p| stage.kept_document(p, false),
        |p, memo| stage.document(p, false, memo),
    );
    let faq = match &site.faq_source {
        Some(source) => {
            // Only a memo that keeps results needs to know the file.
            let file = match items.is_enabled() {
                true => item_memo::faq_file_key(source),
                false => 0,
            };
            each(
                &site.faq,
                |f| stage.kept_answer(file, f.entry.first_line),
                |f, memo| stage.answer(&f.entry, source, file, memo),
            )
        }
        None => Vec::new(),
    };
    gather::gather(&articles, &pages, &faq, diags)
}

/// The result of each of `list`: those kept looked up in order on this thread (each lookup
/// is one probe, cheaper than handing work between cores), then the others made on every
/// core, each thread counting syllables through its own memo, so that a word the site uses
/// often is counted once per thread, not thousands of times.
fn each<T: Sync>(
    list: &[T],
    kept: impl Fn(&T) -> Option<Arc<Analysed>>,
    make: impl Fn(&T, &mut SyllableMemo) -> Arc<Analysed> + Sync + Send,
) -> Vec<Arc<Analysed>> {
    let mut found: Vec<Option<Arc<Analysed>>> = list.iter().map(kept).collect();
    let missing: Vec<usize> = (0..list.len()).filter(|&i| found[i].is_none()).collect();
    let memos = PerThread::new(SyllableMemo::default);
    let made: Vec<Arc<Analysed>> = missing
        .par_iter()
        .map(|&i| memos.with(|memo| make(&list[i], memo)))
        .collect();
    for (i, result) in missing.into_iter().zip(made) {
        found[i] = Some(result);
    }
    // Every slot is filled now: each missing one was made.
    found.into_iter().flatten().collect()
}

/// One build's analysis of single items, each kept from the last build or made now.
struct Stage<'a> {
    scorer: Scorer<'a>,
    items: &'a Items<'a>,
    health: &'a Health,
    today: Date,
}

impl Stage<'_> {
    /// The kept result of an article (`article`) or a standalone page, if there is one.
    fn kept_document(&self, doc: &Arc<Document>, article: bool) -> Option<Arc<Analysed>> {
        let kept = self.items.kept_document(doc, article)?;
        self.keep_text(&kept);
        Some(kept)
    }

    /// An article (`article`) or a standalone page, analysed now.
    fn document(
        &self,
        doc: &Arc<Document>,
        article: bool,
        memo: &mut SyllableMemo,
    ) -> Arc<Analysed> {
        let mut diags = Diagnostics::new();
        let review = review::of_document(doc, self.health, self.today, article, &mut diags);
        let what = if article { "article" } else { "page" };
        let (text, text_key) = self.scorer.document(doc, what, memo);
        let made = Made::new(review, text, text_key, diags);
        self.items.document(doc, article, made)
    }

    /// The kept result of the FAQ entry starting at `first_line` of the FAQ file with
    /// fingerprint `file`, if there is one.
    fn kept_answer(&self, file: u128, first_line: usize) -> Option<Arc<Analysed>> {
        let kept = self.items.kept_answer(file, first_line)?;
        self.keep_text(&kept);
        Some(kept)
    }

    /// A FAQ entry of `source`, the FAQ file with fingerprint `file`, analysed now.
    fn answer(
        &self,
        entry: &FaqEntry,
        source: &SourceFile,
        file: u128,
        memo: &mut SyllableMemo,
    ) -> Arc<Analysed> {
        let mut diags = Diagnostics::new();
        let review = review::of_faq_entry(entry, source, self.health, self.today, &mut diags);
        let (text, text_key) = self.scorer.faq_answer(entry, source, memo);
        let made = Made::new(review, text, text_key, diags);
        self.items.answer(file, entry.first_line, made)
    }

    /// A result reused whole did not look its text up: keep the text's result all the same,
    /// for when the item's front matter changes.
    fn keep_text(&self, kept: &Analysed) {
        if let Some(key) = kept.text_key {
            self.scorer.analyser.keep(key);
        }
    }
}

impl Made {
    /// An item's result from its review (with its warnings, `diags`) and its text's.
    fn new(review: Review, text: Scored, text_key: Option<u128>, diags: Diagnostics) -> Made {
        let mut warnings: Vec<Diagnostic> = diags.into_iter().collect();
        warnings.extend(text.warnings);
        Made {
            item: Item {
                review,
                readability: text.readability,
                lints: text.lints,
            },
            warnings,
            text_key,
        }
    }
}

/// What the text analysis says about one item, with its warnings.
struct Scored {
    readability: Option<Readability>,
    lints: BTreeMap<&'static str, usize>,
    warnings: Vec<Diagnostic>,
}

/// Scores and lints the texts of one build.
struct Scorer<'a> {
    analyser: &'a Analyser<'a>,
    max_grade: f64,
}

impl Scorer<'_> {
    /// An article's or page's body (`what` names it in the warning), gated; and the key of
    /// its text's result.
    fn document(
        &self,
        doc: &Document,
        what: &str,
        memo: &mut SyllableMemo,
    ) -> (Scored, Option<u128>) {
        let place = Place::Body {
            source: &doc.source,
            body_start: doc.body_start,
        };
        let (mut scored, key) = self.text(doc.body(), place, Some(self.max_grade), memo);
        if let Some(r) = scored.readability.as_ref().filter(|r| r.too_hard) {
            let warning = grade::too_hard(r, doc, what, self.max_grade);
            scored.warnings.insert(0, warning);
        }
        (scored, key)
    }

    /// A FAQ answer: scored, not gated.
    fn faq_answer(
        &self,
        entry: &FaqEntry,
        source: &SourceFile,
        memo: &mut SyllableMemo,
    ) -> (Scored, Option<u128>) {
        let place = Place::Yaml {
            source,
            text: &entry.answer,
            from: entry.answer_line,
            to: entry.last_line,
        };
        self.text(&entry.answer, place, None, memo)
    }

    fn text(
        &self,
        markdown: &str,
        place: Place,
        max_grade: Option<f64>,
        memo: &mut SyllableMemo,
    ) -> (Scored, Option<u128>) {
        let (result, key) = self.analyser.analyse(markdown, memo);
        let scored = Scored {
            readability: grade::figures(&result.counts, max_grade),
            lints: plain_language::counts(&result.findings),
            warnings: plain_language::warnings(&result.findings, place),
        };
        (scored, key)
    }
}
