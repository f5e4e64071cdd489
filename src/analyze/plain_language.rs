//! Plain-language findings as warnings at their place in the file, each ending with its
//! check's name in brackets (`[long_words]`: the key that switches it off under
//! `plain_language.checks`), and counted by check for reports.

use std::collections::BTreeMap;

use super::positions::Place;
use super::text::lints::Finding;
use crate::diag::{Diagnostic, Kind, Severity, SharedText};

/// One warning per finding (findings sorted by position, as the lints return them).
pub fn warnings(findings: &[Finding], place: Place) -> Vec<Diagnostic> {
    let mut locator = place.locator();
    let source = place.source();
    findings
        .iter()
        .map(|f| {
            let at = locator.locate(f.byte_start, f.byte_end);
            let check = f.kind.name();
            // One word's warning reads the same wherever it is used: shared.
            let message = SharedText::interned(&[&f.message, " [", check, "]"]);
            source
                .diagnostic_at(Severity::Warning, at, message)
                .with_kind(Kind::PlainLanguage(check))
        })
        .collect()
}

/// How many findings each check made (checks with none are left out).
pub fn counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.kind.name()).or_insert(0) += 1;
    }
    counts
}
