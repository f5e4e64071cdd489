//! `site.yaml`: the site's settings, read strictly.
//!
//! Owns the site root and the parsed settings: the URL scheme derived from `base_url`
//! ([`urls`]), the health settings ([`health`]: review cycle, readability, plain
//! language, emergency number, trust pages) and the branding ([`branding`]: logo, accent
//! colours, favicon).

pub mod branding;
pub mod health;
mod urls;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
pub use branding::Branding;
pub use health::Health;
pub use urls::UrlScheme;

/// The file name of a site's settings.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    disclaimer: String,
    #[serde(default)]
    extra: Option<serde_json::Value>,
    #[serde(default = "default_review_months")]
    review_interval_months: u32,
    #[serde(default)]
    require_review: bool,
    #[serde(default)]
    readability: health::Readability,
    #[serde(default)]
    plain_language: health::PlainLanguage,
    #[serde(default)]
    emergency_number: Option<String>,
    #[serde(default)]
    editorial_policy: Option<String>,
    #[serde(default)]
    funding: Option<String>,
    #[serde(default)]
    privacy: Option<String>,
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    accent: Option<String>,
    #[serde(default)]
    accent_dark: Option<String>,
}

fn default_review_months() -> u32 {
    health::DEFAULT_REVIEW_MONTHS
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

/// A site's settings, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder (holding `site.yaml`), absolute.
    pub root: PathBuf,
    pub title: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    /// Markdown shown on every page.
    pub disclaimer: String,
    pub extra: serde_json::Value,
    pub urls: UrlScheme,
    pub health: Health,
    pub branding: Branding,
}

impl Config {
    /// Loads `root/site.yaml`. Problems are added to `diags`; `None` means the site cannot be
    /// built at all.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<(Config, SourceFile)> {
        let root = match root.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::file_error(
                    &root.display().to_string(),
                    format!("cannot open the site folder: {e}"),
                ));
                return None;
            }
        };
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            diags.push(Diagnostic::file_error(
                CONFIG_FILE,
                format!(
                    "no {CONFIG_FILE} in {} (is this a careleaf site? `careleaf init DIR` makes one)",
                    root.display()
                ),
            ));
            return None;
        }
        let source = match SourceFile::read(&root, &path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        Self::from_source(root, &source, diags).map(|c| (c, source))
    }

    /// Parses already-read settings.
    pub fn from_source(
        root: PathBuf,
        source: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<Config> {
        let raw: RawConfig = match crate::yaml::parse(&source.text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(source.error(e.line, e.column, e.message));
                return None;
            }
        };
        let urls = match UrlScheme::parse(&raw.base_url) {
            Ok(u) => u,
            Err(msg) => {
                let (line, col) = source.locate_key("base_url");
                diags.push(source.error(line, col, msg));
                return None;
            }
        };
        let mut ok = true;
        if raw.title.trim().is_empty() {
            let (line, col) = source.locate_key("title");
            diags.push(source.error(line, col, "`title` must not be empty"));
            ok = false;
        }
        let theme_ok = !raw.theme.is_empty()
            && raw
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !theme_ok {
            let (line, col) = source.locate_key("theme");
            diags.push(source.error(
                line,
                col,
                format!(
                    "theme `{}` must be a folder name under themes/ (letters, digits, - and _)",
                    raw.theme
                ),
            ));
            ok = false;
        }
        let health = Health {
            review_interval_months: raw.review_interval_months,
            require_review: raw.require_review,
            readability: raw.readability,
            plain_language: raw.plain_language,
            emergency_number: raw.emergency_number.map(|n| n.trim().to_owned()),
            trust: health::TrustPages {
                editorial_policy: raw.editorial_policy,
                funding: raw.funding,
                privacy: raw.privacy,
                contact: raw.contact,
            },
            people: raw.people,
        };
        ok &= health.check(source, diags);
        let raw_branding = branding::RawBranding {
            logo: raw.logo,
            accent: raw.accent,
            accent_dark: raw.accent_dark,
        };
        let branding = Branding::check(&root, raw_branding, source, diags);
        let (true, Some(branding)) = (ok, branding) else {
            return None;
        };
        Some(Config {
            root,
            title: raw.title,
            language: raw.language,
            description: raw.description,
            theme: raw.theme,
            disclaimer: raw.disclaimer,
            extra: raw.extra.unwrap_or(serde_json::Value::Null),
            urls,
            health,
            branding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let src = SourceFile::new(CONFIG_FILE, "site.yaml", text);
        let config = Config::from_source(PathBuf::from("/site"), &src, &mut diags);
        (config, diags)
    }

    #[test]
    fn health_settings_have_defaults() {
        let (c, d) = parse("title: T\nbase_url: https://e.org/\n");
        assert!(d.is_empty());
        let h = c.expect("valid").health;
        assert_eq!(h.review_interval_months, 36);
        assert!(!h.require_review);
        assert_eq!(h.readability.max_grade, 8.0);
        assert!(h.plain_language.checks.long_words && h.plain_language.checks.link_text);
        assert_eq!(h.emergency_number, None);
    }

    #[test]
    fn health_settings_are_read_and_checked() {
        let (c, d) = parse(
            "title: T\nbase_url: https://e.org/\nreview_interval_months: 24\nrequire_review: true\n\
             readability:\n  max_grade: 7\nplain_language:\n  allow: [fibromyalgia]\n  syllables:\n    myofascial: 4\n  checks:\n    acronyms: false\n\
             emergency_number: \" 999 \"\nfunding: We take no adverts.\npeople: [Dr Ann Lee]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let h = c.expect("valid").health;
        assert_eq!(h.review_interval_months, 24);
        assert!(h.require_review);
        assert_eq!(h.readability.max_grade, 7.0);
        assert_eq!(h.plain_language.allow, ["fibromyalgia"]);
        assert_eq!(h.plain_language.syllables.get("myofascial"), Some(&4));
        assert!(!h.plain_language.checks.acronyms && h.plain_language.checks.long_words);
        assert_eq!(h.emergency_number.as_deref(), Some("999"));
        assert_eq!(h.trust.text("funding"), Some("We take no adverts."));
        assert!(h.is_person("Dr Ann Lee") && !h.is_person("Clinical team"));

        let (c, d) = parse(
            "title: T\nbase_url: https://e.org/\nreview_interval_months: 0\nreadability:\n  max_grade: 40\n",
        );
        assert!(c.is_none());
        let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 5], "{d:?}");
    }
}
