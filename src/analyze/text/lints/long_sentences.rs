//! Long sentences: more words than the limit (25 by default), reported at the sentence's
//! first word and spanning the whole sentence.

use std::ops::Range;

use super::super::prose::Prose;
use super::{Finding, LintKind};

pub(super) fn check(
    prose: &Prose,
    sentences: &[Range<usize>],
    max_words: usize,
    out: &mut Vec<Finding>,
) {
    for s in sentences {
        if s.len() <= max_words {
            continue;
        }
        let (first, last) = (&prose.words[s.start], &prose.words[s.end - 1]);
        out.push(Finding {
            kind: LintKind::LongSentence,
            byte_start: first.src_start,
            byte_end: last.src_end,
            message: format!(
                "This sentence has {} words; try to keep sentences to {max_words} words or \
                 fewer, for example by splitting it in two",
                s.len()
            ),
        });
    }
}
