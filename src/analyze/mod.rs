//! The analysis stage: what the site model means for its readers' trust, worked out after the
//! model is built and before pages are rendered. Owns each article's, page's and FAQ entry's
//! review status ([`review`]) and the warnings about it. Pages show these results, and the
//! report command lists them; the stage never changes the model.

pub mod review;
pub mod text;

use std::collections::BTreeMap;

use crate::content::date::Date;
use crate::diag::Diagnostics;
use crate::site::Site;
pub use review::Review;

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
    /// At 200 words a minute, at least one.
    pub reading_minutes: usize,
    /// The SMOG grade is above the site's `readability.max_grade` (articles and pages only;
    /// FAQ answers are too short for SMOG to gate).
    pub too_hard: bool,
}

impl Item {
    /// An item with its review worked out and nothing else yet.
    fn reviewed(review: Review) -> Item {
        Item {
            review,
            readability: None,
            lints: BTreeMap::new(),
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

/// Analyses `site` as of `today`, adding warnings to `diags`.
pub fn run(site: &Site, today: Date, diags: &mut Diagnostics) -> Analysis {
    let health = &site.config.health;
    let articles = site
        .articles
        .iter()
        .map(|a| Item::reviewed(review::of_document(&a.doc, health, today, true, diags)))
        .collect();
    let pages = site
        .pages
        .iter()
        .map(|p| Item::reviewed(review::of_document(p, health, today, false, diags)))
        .collect();
    let faq = match &site.faq_source {
        Some(source) => site
            .faq
            .iter()
            .map(|f| Item::reviewed(review::of_faq_entry(&f.entry, source, health, today, diags)))
            .collect(),
        None => Vec::new(),
    };
    Analysis {
        articles,
        pages,
        faq,
    }
}
