//! The analysis stage: what the site model means for its readers' trust, worked out after the
//! model is built and before pages are rendered. Owns each article's, page's and FAQ entry's
//! review status ([`review`]), how hard its prose is to read ([`grade`]) and its
//! plain-language findings ([`plain_language`]), with the warnings about them. The text
//! analysis itself is a library ([`text`]) run over each body and answer, in parallel and
//! (in the preview) remembered between builds ([`TextCache`]). Pages show these results, and
//! the report command lists them; the stage never changes the model.
//!
//! Articles, pages and FAQ answers are analysed, as the issue asks. The FAQ intro, topic
//! descriptions and the disclaimer are not: they are a sentence or two of framing that
//! formulas cannot score, the disclaimer is often wording a site must keep as it is, and none
//! of them has a row in the report to count findings in.

pub mod grade;
mod plain_language;
mod positions;
pub mod review;
pub mod subject;
pub mod text;
mod text_cache;
pub mod text_settings;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::Document;
use crate::content::date::Date;
use crate::content::faq::FaqEntry;
use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;
use positions::Place;
pub use review::Review;
pub use subject::{Subject, Subjects};
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

impl Item {
    /// An item with its review worked out and its text's results.
    fn new(review: Review, text: Scored, diags: &mut Diagnostics) -> Item {
        diags.extend(text.warnings);
        Item {
            review,
            readability: text.readability,
            lints: text.lints,
        }
    }
}

/// The analysis of a whole site, indexed like the site model's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    pub articles: Vec<Item>,
    pub pages: Vec<Item>,
    pub faq: Vec<Item>,
}

/// Analyses `site` as of `today`, reusing and refreshing `cache`, adding warnings to `diags`.
pub fn run(site: &Site, today: Date, cache: &mut TextCache, diags: &mut Diagnostics) -> Analysis {
    let health = &site.config.health;
    let (articles_text, pages_text, faq_text) = score_texts(site, cache);
    let articles = site
        .articles
        .iter()
        .zip(articles_text)
        .map(|(a, text)| {
            let review = review::of_document(&a.doc, health, today, true, diags);
            Item::new(review, text, diags)
        })
        .collect();
    let pages = site
        .pages
        .iter()
        .zip(pages_text)
        .map(|(p, text)| {
            let review = review::of_document(p, health, today, false, diags);
            Item::new(review, text, diags)
        })
        .collect();
    let faq = match &site.faq_source {
        Some(source) => site
            .faq
            .iter()
            .zip(faq_text)
            .map(|(f, text)| {
                let review = review::of_faq_entry(&f.entry, source, health, today, diags);
                Item::new(review, text, diags)
            })
            .collect(),
        None => Vec::new(),
    };
    Analysis {
        articles,
        pages,
        faq,
    }
}

/// The text results of every article, page and FAQ answer (FAQ answers only when the site
/// has a FAQ file), worked out in parallel. Each thread's share counts syllables through
/// its own memo, so a word the site uses often is counted a few times, not thousands.
fn score_texts(site: &Site, cache: &mut TextCache) -> (Vec<Scored>, Vec<Scored>, Vec<Scored>) {
    let settings = TextSettings::of_site(site);
    let analyser = cache.analyser(&settings);
    let scorer = Scorer {
        analyser: &analyser,
        max_grade: site.config.health.readability.max_grade,
    };
    let articles = site
        .articles
        .par_iter()
        .map_init(SyllableMemo::default, |memo, a| {
            scorer.document(&a.doc, "article", memo)
        })
        .collect();
    let pages = site
        .pages
        .par_iter()
        .map_init(SyllableMemo::default, |memo, p| {
            scorer.document(p, "page", memo)
        })
        .collect();
    let faq = match &site.faq_source {
        Some(source) => site
            .faq
            .par_iter()
            .map_init(SyllableMemo::default, |memo, f| {
                scorer.faq_answer(&f.entry, source, memo)
            })
            .collect(),
        None => Vec::new(),
    };
    (articles, pages, faq)
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
    /// An article's or page's body (`what` names it in the warning), gated.
    fn document(&self, doc: &Document, what: &str, memo: &mut SyllableMemo) -> Scored {
        let place = Place::Body {
            source: &doc.source,
            body_start: doc.body_start,
        };
        let mut scored = self.text(doc.body(), place, Some(self.max_grade), memo);
        if let Some(r) = scored.readability.as_ref().filter(|r| r.too_hard) {
            let warning = grade::too_hard(r, doc, what, self.max_grade);
            scored.warnings.insert(0, warning);
        }
        scored
    }

    /// A FAQ answer: scored, not gated.
    fn faq_answer(&self, entry: &FaqEntry, source: &SourceFile, memo: &mut SyllableMemo) -> Scored {
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
    ) -> Scored {
        let result = self.analyser.analyse(markdown, memo);
        Scored {
            readability: grade::figures(&result.counts, max_grade),
            lints: plain_language::counts(&result.findings),
            warnings: plain_language::warnings(&result.findings, place),
        }
    }
}
