//! The settings that make a site a patient-education site: the review cycle, the readability
//! gate, the plain-language checks, the emergency number for "get help" callouts, the trust
//! pages (editorial policy, funding, privacy, contact) and who is a person.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::content::source::SourceFile;
use crate::diag::Diagnostics;

/// NHS practice: health content is reviewed at least every three years.
pub const DEFAULT_REVIEW_MONTHS: u32 = 36;
/// Health-literacy guidance: no harder than US school grade 8.
pub const DEFAULT_MAX_GRADE: f64 = 8.0;

/// `readability:` in `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readability {
    /// Articles and pages whose SMOG grade is above this get a warning.
    #[serde(default = "default_max_grade")]
    pub max_grade: f64,
}

impl Default for Readability {
    fn default() -> Self {
        Readability {
            max_grade: DEFAULT_MAX_GRADE,
        }
    }
}

fn default_max_grade() -> f64 {
    DEFAULT_MAX_GRADE
}

/// `plain_language:` in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainLanguage {
    /// Long words this site uses on purpose (the long-word check lets them be).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Acronyms the site's readers know without an expansion (`NHS`, say).
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// The site's own syllable counts for words the built-in rules get wrong.
    #[serde(default)]
    pub syllables: BTreeMap<String, usize>,
    /// Which checks run (all by default).
    #[serde(default)]
    pub checks: Checks,
}

/// Each plain-language check, on (the default) or off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    #[serde(default = "on")]
    pub long_words: bool,
    #[serde(default = "on")]
    pub acronyms: bool,
    #[serde(default = "on")]
    pub long_lists: bool,
    #[serde(default = "on")]
    pub percentages: bool,
    #[serde(default = "on")]
    pub link_text: bool,
    #[serde(default = "on")]
    pub long_sentences: bool,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            long_words: true,
            acronyms: true,
            long_lists: true,
            percentages: true,
            link_text: true,
            long_sentences: true,
        }
    }
}

fn on() -> bool {
    true
}

/// The trust pages a health site should have, each a `site.yaml` key holding markdown,
/// published at its own path unless `content/pages/` has a page with that slug.
#[derive(Debug, Clone, Default)]
pub struct TrustPages {
    pub editorial_policy: Option<String>,
    pub funding: Option<String>,
    pub privacy: Option<String>,
    pub contact: Option<String>,
}

/// One trust page: its `site.yaml` key, its slug and its title.
#[derive(Debug)]
pub struct TrustPage {
    pub key: &'static str,
    pub slug: &'static str,
    pub title: &'static str,
}

/// The trust pages, in footer order.
pub const TRUST_PAGES: &[TrustPage] = &[
    TrustPage {
        key: "editorial_policy",
        slug: "editorial-policy",
        title: "Editorial policy",
    },
    TrustPage {
        key: "funding",
        slug: "funding",
        title: "Funding and advertising",
    },
    TrustPage {
        key: "privacy",
        slug: "privacy",
        title: "Privacy",
    },
    TrustPage {
        key: "contact",
        slug: "contact",
        title: "Contact us",
    },
];

impl TrustPages {
    /// The markdown `site.yaml` gives for the trust page `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        match key {
            "editorial_policy" => self.editorial_policy.as_deref(),
            "funding" => self.funding.as_deref(),
            "privacy" => self.privacy.as_deref(),
            "contact" => self.contact.as_deref(),
            _ => None,
        }
    }
}

/// The health settings, validated.
#[derive(Debug, Clone)]
pub struct Health {
    /// Months from `reviewed_on` to the next review, when an item sets no `next_review`.
    pub review_interval_months: u32,
    /// An article that was never reviewed is a warning.
    pub require_review: bool,
    pub readability: Readability,
    pub plain_language: PlainLanguage,
    /// The number to call in an emergency (`999`, `112`, `911`), shown in emergency callouts.
    pub emergency_number: Option<String>,
    pub trust: TrustPages,
    /// Names (of authors and reviewers) that are people; any other name is an organisation.
    pub people: Vec<String>,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            review_interval_months: DEFAULT_REVIEW_MONTHS,
            require_review: false,
            readability: Readability::default(),
            plain_language: PlainLanguage::default(),
            emergency_number: None,
            trust: TrustPages::default(),
            people: Vec::new(),
        }
    }
}

impl Health {
    /// True when `name` is one of the site's people (not an organisation).
    pub fn is_person(&self, name: &str) -> bool {
        self.people.iter().any(|p| p.trim() == name.trim())
    }

    /// Checks the values serde cannot; problems point at their key in `site.yaml`.
    pub fn check(&self, source: &SourceFile, diags: &mut Diagnostics) -> bool {
        let mut ok = true;
        let mut bad = |key: &str, message: String| {
            let (line, col) = source.locate_key(key);
            diags.push(source.error(line, col, message));
            ok = false;
        };
        if !(1..=120).contains(&self.review_interval_months) {
            bad(
                "review_interval_months",
                format!(
                    "review_interval_months must be between 1 and 120 (months), not {}",
                    self.review_interval_months
                ),
            );
        }
        let grade = self.readability.max_grade;
        if !(1.0..=20.0).contains(&grade) {
            bad(
                "max_grade",
                format!("max_grade must be a school grade between 1 and 20, not {grade}"),
            );
        }
        if let Some((word, n)) = self
            .plain_language
            .syllables
            .iter()
            .find(|(w, n)| **n == 0 || w.trim().is_empty() || w.contains(' '))
        {
            bad(
                "syllables",
                format!(
                    "syllable counts are for single words and at least 1 (`{word}: {n}` is not)"
                ),
            );
        }
        if self
            .emergency_number
            .as_deref()
            .is_some_and(|n| n.trim().is_empty())
        {
            bad(
                "emergency_number",
                "emergency_number is empty; write the number, e.g. `999`".to_owned(),
            );
        }
        ok
    }
}
