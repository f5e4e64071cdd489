//! The readability figures of one item's prose, and the site's reading-level gate: an article
//! or page whose SMOG grade is above `readability.max_grade` gets a warning at its title.
//!
//! The gate compares the grade as the warning shows it (one decimal), so a text shown as
//! "8.0" never fails a limit of 8. SMOG was fitted on 30 sentences and is scaled from the
//! text's own count (the formula's 30/S); below [`RELIABLE_SENTENCES`] one long word swings
//! it by grades (a single sentence with one three-syllable word scores 8.8), so such short
//! texts are scored and reported but not gated, like FAQ answers, which are never gated (the
//! issue's reason: SMOG needs more sentences than an answer has). The plain-language checks
//! (long words, long sentences) still apply to short texts.

use super::Readability;
use super::text::readability::Counts;
use crate::content::Document;
use crate::diag::Diagnostic;

/// Reading speed for the reading time: a common figure for adults reading on screen.
pub const WORDS_PER_MINUTE: usize = 200;

/// Below this many sentences the SMOG grade is less reliable.
pub const RELIABLE_SENTENCES: usize = 10;

/// The figures of a text with these counts, gated at `max_grade` when `Some`; `None` for a
/// text without prose.
pub fn figures(counts: &Counts, max_grade: Option<f64>) -> Option<Readability> {
    let scores = counts.scores()?;
    let smog = scores.smog;
    Some(Readability {
        words: counts.words,
        sentences: counts.sentences,
        syllables: counts.syllables,
        polysyllables: counts.polysyllables,
        flesch_reading_ease: scores.flesch_reading_ease,
        flesch_kincaid_grade: scores.flesch_kincaid_grade,
        smog_grade: smog,
        coleman_liau: scores.coleman_liau,
        smog_reliable: counts.sentences >= RELIABLE_SENTENCES,
        reading_minutes: counts.words.div_ceil(WORDS_PER_MINUTE).max(1),
        too_hard: counts.sentences >= RELIABLE_SENTENCES
            && max_grade.is_some_and(|max| one_decimal(smog) > max),
    })
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The warning for an article or page (`what`) that is too hard to read, at its title.
pub fn too_hard(r: &Readability, doc: &Document, what: &str, max_grade: f64) -> Diagnostic {
    let end = doc.front_matter_end_line();
    let (line, col) = doc.source.locate_key_in("title", 1, end).unwrap_or((1, 1));
    doc.source
        .warning(
            line,
            col,
            format!(
                "this {what} is hard to read: its SMOG grade is {:.1}, above the site's limit of \
                 {max_grade} (`readability.max_grade`); shorter sentences and fewer long words \
                 usually help",
                r.smog_grade
            ),
        )
        .with_kind(crate::diag::Kind::ReadingLevel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(words: usize, sentences: usize, polysyllables: usize) -> Counts {
        Counts {
            words,
            sentences,
            syllables: words * 2,
            polysyllables,
            letters: words * 5,
        }
    }

    #[test]
    fn reading_time_rounds_up_and_is_at_least_a_minute() {
        let minutes = |w| figures(&counts(w, 1, 0), None).map(|r| r.reading_minutes);
        assert_eq!(minutes(1), Some(1));
        assert_eq!(minutes(200), Some(1));
        assert_eq!(minutes(201), Some(2));
        assert_eq!(figures(&Counts::default(), Some(8.0)), None);
    }

    #[test]
    fn the_gate_compares_the_grade_as_shown() {
        // 30 sentences, 16 polysyllables: 1.0430 × 4 + 3.1291 = 7.3011.
        let r = figures(&counts(300, 30, 16), Some(7.3)).unwrap();
        assert!((r.smog_grade - 7.3011).abs() < 1e-4);
        assert!(!r.too_hard, "7.3 is not above 7.3");
        assert!(figures(&counts(300, 30, 16), Some(7.2)).unwrap().too_hard);
        assert!(!figures(&counts(300, 30, 16), None).unwrap().too_hard);
        assert!(r.smog_reliable);
        assert!(!figures(&counts(90, 9, 16), None).unwrap().smog_reliable);
    }

    #[test]
    fn short_texts_are_scored_but_not_gated() {
        // One sentence with one long word: SMOG 8.84, which says little about 9 words.
        let r = figures(&counts(9, 1, 1), Some(8.0)).unwrap();
        assert!((r.smog_grade - 8.84).abs() < 0.01);
        assert!(!r.too_hard && !r.smog_reliable);
        // From ten sentences on, the gate applies.
        assert!(figures(&counts(100, 10, 10), Some(8.0)).unwrap().too_hard);
    }
}
