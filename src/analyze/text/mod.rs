//! Text analysis for plain-language patient-education pages: the prose of a markdown text,
//! syllable counts, sentence splitting, readability formulas and plain-language lints.
//!
//! This is a library with no knowledge of sites, files or settings: it takes markdown and
//! gives counts, scores and findings with byte ranges in that markdown. The analysis stage
//! ([`super`]) runs it over every article, page and FAQ answer, turns the settings into a
//! [`lints::LintConfig`] and [`syllables::Syllables`], and the byte ranges into file
//! positions. The modules refer to each other only through `super::`.

pub mod lints;
pub mod prose;
pub mod readability;
pub mod sentences;
pub mod syllables;
pub mod words;
