//! `robots.txt` (RFC 9309): every crawler may read every page, and the sitemap's address.
//!
//! Crawlers read `robots.txt` only at the root of a host. A site served under a path
//! (`https://example.org/guide/`) still gets this file in its output, but it takes effect only
//! when copied to (or merged into) the host's own `/robots.txt`.

use super::sitemap;
use crate::config::UrlScheme;

/// The output file.
pub const FILE: &str = "robots.txt";

/// The file's text for a site whose links follow `urls`.
pub fn render(urls: &UrlScheme) -> String {
    let sitemap = urls.absolute(&format!("/{}", sitemap::FILE));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_everything_and_names_the_sitemap() {
        let urls = UrlScheme::parse("https://example.org/guide/").unwrap();
        assert_eq!(
            render(&urls),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/guide/sitemap.xml\n"
        );
    }
}
