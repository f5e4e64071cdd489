//! `site.yaml`: the site's settings, read strictly.
//!
//! Owns the site root, the parsed settings and the URL scheme derived from `base_url`
//! (scheme and host for absolute links, and the path prefix every generated link carries).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};

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
}

/// How site paths become links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlScheme {
    /// `https://example.org` (scheme and authority, no trailing slash).
    pub origin: String,
    /// `""` or a path prefix such as `/guide` (no trailing slash).
    pub base_path: String,
}

impl UrlScheme {
    /// Parses `base_url`; with or without a trailing slash means the same.
    pub fn parse(base_url: &str) -> Result<Self, String> {
        let trimmed = base_url.trim();
        let (scheme, rest) = trimmed.split_once("://").ok_or_else(|| {
            format!("base_url `{trimmed}` must be an absolute URL such as `https://example.org/`")
        })?;
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "base_url `{trimmed}` must start with `https://` or `http://`"
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() || authority.contains(['?', '#', ' ']) {
            return Err(format!("base_url `{trimmed}` has no valid host"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base_url `{trimmed}` must not contain a query or fragment"
            ));
        }
        let base_path = path.trim_end_matches('/').to_owned();
        Ok(UrlScheme {
            origin: format!("{scheme}://{authority}"),
            base_path,
        })
    }

    /// A scheme for serving at `/` (the preview server).
    pub fn root_only(origin: &str) -> Self {
        UrlScheme {
            origin: origin.trim_end_matches('/').to_owned(),
            base_path: String::new(),
        }
    }

    /// The root-relative link for a site path such as `/articles/x/`.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path)
    }

    /// The absolute URL for a site path, for canonical links and feeds.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.base_path, site_path)
    }
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
        if !path.is_file() {
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
        if !ok {
            return None;
        }
        Some(Config {
            root,
            title: raw.title,
            language: raw.language,
            description: raw.description,
            theme: raw.theme,
            disclaimer: raw.disclaimer,
            extra: raw.extra.unwrap_or(serde_json::Value::Null),
            urls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_and_without_slash_is_the_same() {
        let a = UrlScheme::parse("https://example.org/guide/").unwrap();
        let b = UrlScheme::parse("https://example.org/guide").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.link("/faq/"), "/guide/faq/");
        assert_eq!(a.absolute("/faq/"), "https://example.org/guide/faq/");
        let root = UrlScheme::parse("https://example.org").unwrap();
        assert_eq!(root.link("/faq/"), "/faq/");
        assert_eq!(root, UrlScheme::parse("https://example.org/").unwrap());
    }

    #[test]
    fn base_url_must_be_absolute() {
        assert!(UrlScheme::parse("example.org").is_err());
        assert!(UrlScheme::parse("ftp://example.org").is_err());
        assert!(UrlScheme::parse("https:///x").is_err());
    }
}
