//! What the site's settings make of the text checks, worked out once per build: which
//! plain-language checks run, which long words and acronyms are allowed, the site's own
//! syllable counts, and a fingerprint of all of it (part of every memoised text result's
//! key, so changing a setting re-analyses every text and nothing else does).

use std::collections::HashMap;

use super::text::lints::{LintConfig, LintKind, WordSet};
use super::text::syllables::{self, Syllables};
use crate::config::health::{Checks, PlainLanguage};
use crate::fingerprint::Fingerprint;
use crate::site::Site;

/// The text checks' settings for one build.
#[derive(Debug, Clone)]
pub struct TextSettings {
    pub lints: LintConfig,
    /// `plain_language.syllables`, keys lowercased for [`Syllables::with_overrides`].
    overrides: HashMap<String, usize>,
    fingerprint: u128,
}

impl TextSettings {
    /// The settings of `site`.
    pub fn of_site(site: &Site) -> TextSettings {
        let plain = &site.config.health.plain_language;
        let acronyms = plain
            .acronyms
            .iter()
            .map(String::as_str)
            .chain(glossary_words(site));
        TextSettings::with_acronyms(plain, allowed_words(site), acronyms)
    }

    /// Settings from `plain_language:` with `allowed` as the long words the site accepts.
    pub fn new<'w>(
        plain: &PlainLanguage,
        allowed: impl IntoIterator<Item = &'w str>,
    ) -> TextSettings {
        let acronyms = plain.acronyms.iter().map(String::as_str);
        TextSettings::with_acronyms(plain, allowed, acronyms)
    }

    /// [`TextSettings::new`] with `acronyms` as the acronyms the site accepts.
    fn with_acronyms<'w, 'a>(
        plain: &PlainLanguage,
        allowed: impl IntoIterator<Item = &'w str>,
        acronyms: impl IntoIterator<Item = &'a str>,
    ) -> TextSettings {
        let mut lints = LintConfig::default();
        lints.allow_words = WordSet::new(allowed);
        lints.allow_acronyms = WordSet::new(acronyms);
        for kind in LintKind::ALL {
            if !is_on(&plain.checks, kind) {
                lints.disable(kind);
            }
        }
        let overrides =
            syllables::normalize_overrides(plain.syllables.iter().map(|(w, n)| (w.as_str(), *n)));
        let fingerprint = fingerprint(&lints, &overrides);
        TextSettings {
            lints,
            overrides,
            fingerprint,
        }
    }

    /// The syllable counter: the site's counts first, then the built-in ones.
    pub fn syllables(&self) -> Syllables<'_> {
        Syllables::with_overrides(&self.overrides)
    }

    /// A fingerprint of everything here that can change what the checks find.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }
}

/// The long words `site` accepts: `plain_language.allow` and every word of the glossary's
/// terms and aliases (the site explains those where they are used). This is the one place
/// words join the allow list.
fn allowed_words(site: &Site) -> impl Iterator<Item = &str> {
    site.config
        .health
        .plain_language
        .allow
        .iter()
        .map(String::as_str)
        .chain(glossary_words(site))
}

/// Each word of each glossary term and alias (`myofascial pain syndrome` gives three).
fn glossary_words(site: &Site) -> impl Iterator<Item = &str> {
    site.glossary
        .iter()
        .flat_map(|g| &g.entries)
        .flat_map(|e| e.names())
        .flat_map(|name| name.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .filter(|w| !w.is_empty())
}

/// Whether `site.yaml` switches the check on (`plain_language.checks.<name>`).
fn is_on(checks: &Checks, kind: LintKind) -> bool {
    match kind {
        LintKind::LongWord => checks.long_words,
        LintKind::Acronym => checks.acronyms,
        LintKind::LongList => checks.long_lists,
        LintKind::Percentage => checks.percentages,
        LintKind::LinkText => checks.link_text,
        LintKind::LongSentence => checks.long_sentences,
    }
}

fn fingerprint(lints: &LintConfig, overrides: &HashMap<String, usize>) -> u128 {
    let mut f = Fingerprint::new();
    for kind in LintKind::ALL {
        f.add(&lints.is_enabled(kind));
    }
    f.add(lints.allow_words.words());
    f.add(lints.allow_acronyms.words());
    f.add(&lints.long_word_syllables);
    f.add(&lints.max_list_items);
    f.add(&lints.max_sentence_words);
    // A map's order is not fixed: sort the entries first.
    let mut entries: Vec<(&String, &usize)> = overrides.iter().collect();
    entries.sort();
    f.add(&entries);
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> TextSettings {
        let plain: PlainLanguage = serde_yaml::from_str(yaml).expect("valid settings");
        TextSettings::new(&plain, plain.allow.iter().map(String::as_str))
    }

    #[test]
    fn checks_switch_off_and_lists_are_read() {
        let s = settings(
            "allow: [Fibromyalgia]\nacronyms: [NHS]\nsyllables: {Fibro: 3}\nchecks: {acronyms: false}\n",
        );
        assert!(!s.lints.is_enabled(LintKind::Acronym));
        assert!(s.lints.is_enabled(LintKind::LongWord));
        assert!(s.lints.allow_words.contains("fibromyalgia"));
        assert!(s.lints.allow_acronyms.contains("NHS"));
        assert_eq!(s.syllables().count("fibro"), 3);
    }

    #[test]
    fn the_fingerprint_changes_with_every_setting_and_only_then() {
        let base = settings("{}").fingerprint();
        assert_eq!(base, settings("checks: {}\n").fingerprint());
        assert_eq!(
            settings("syllables: {a: 1, b: 2}").fingerprint(),
            settings("syllables: {b: 2, a: 1}").fingerprint()
        );
        for other in [
            "allow: [word]",
            "acronyms: [NHS]",
            "syllables: {fibro: 3}",
            "checks: {long_words: false}",
            "checks: {acronyms: false}",
            "checks: {long_lists: false}",
            "checks: {percentages: false}",
            "checks: {link_text: false}",
            "checks: {long_sentences: false}",
        ] {
            assert_ne!(settings(other).fingerprint(), base, "{other}");
        }
    }
}
