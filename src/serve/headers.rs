//! The protective headers every response of the preview carries, whoever made it (a route,
//! the guard, axum's own 405), set once by the router's outermost layer.
//!
//! careleaf's own pages (`/_careleaf/*`: the live script, the FAQ form, the report) may load
//! only from the preview and may not be framed at all. The site's own pages get no script
//! policy, since editors may put raw HTML in markdown and the preview must show what the
//! build publishes; they may only be framed by the preview itself. Nothing is cached, no type
//! is sniffed, and no address leaks to other sites through `Referer` (`same-origin`, not
//! `no-referrer`: the latter makes browsers send `Origin: null` on the form's own POSTs,
//! which the guard refuses).

use axum::http::{HeaderMap, HeaderValue, header};

/// careleaf's own pages' address prefix.
const OWN_PREFIX: &str = "/_careleaf/";
/// The policy of careleaf's own pages.
pub const OWN_POLICY: &str = "default-src 'self'; frame-ancestors 'none'";
/// The policy of the site's pages.
pub const SITE_POLICY: &str = "frame-ancestors 'self'";
pub const REFERRER_POLICY: &str = "same-origin";

/// Sets the headers for a response to a request for `path`.
pub fn apply(path: &str, headers: &mut HeaderMap) {
    let policy = if path.starts_with(OWN_PREFIX) {
        OWN_POLICY
    } else {
        SITE_POLICY
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_pages_and_site_pages_get_their_policies() {
        let mut h = HeaderMap::new();
        apply("/_careleaf/faq/new", &mut h);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], OWN_POLICY);
        let mut h = HeaderMap::new();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=60"),
        );
        apply("/_careleafx/", &mut h);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], SITE_POLICY);
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    }
}
