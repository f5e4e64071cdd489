//! How site paths become links: the scheme and host for absolute URLs, and the path prefix
//! every generated link carries, both from `base_url`.

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
        [self.base_path.as_str(), site_path].concat()
    }

    /// The absolute URL for a site path, for canonical links and feeds.
    pub fn absolute(&self, site_path: &str) -> String {
        [self.origin.as_str(), self.base_path.as_str(), site_path].concat()
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
