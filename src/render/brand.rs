//! `/brand.css`: the site's accent colours from `site.yaml`, as the custom properties the
//! theme's `style.css` reads, in a stylesheet of its own (linked after `style.css`, so it
//! wins) rather than inline, so pages keep working under a strict Content-Security-Policy.
//! Made only when the site sets `accent` or `accent_dark`.

use crate::config::Branding;
use crate::render::contrast::{Rgb, to_hex};

/// The stylesheet's output path.
pub const FILE: &str = "brand.css";

/// The stylesheet, or `None` when the site sets no accent.
pub fn render(branding: &Branding) -> Option<String> {
    if branding.accent.is_none() && branding.accent_dark.is_none() {
        return None;
    }
    let mut out = String::from("/* Made by careleaf from site.yaml's accent colours. */\n");
    // Each scheme gets its own block, so a light accent never reaches dark screens.
    for (scheme, colour) in [("light", branding.accent), ("dark", branding.accent_dark)] {
        if let Some(colour) = colour {
            out.push_str(&block(scheme, colour));
        }
    }
    Some(out)
}

/// The properties of one scheme: links, their hover colour and focus rings take the accent.
fn block(scheme: &str, colour: Rgb) -> String {
    let c = to_hex(colour);
    format!(
        "@media (prefers-color-scheme: {scheme}) {{\n  :root {{ --accent: {c}; --hover: {c}; --ring: {c}; }}\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_schemes_given_are_written() {
        let mut b = Branding::default();
        assert_eq!(render(&b), None);
        b.accent_dark = Some([0xf0, 0xa8, 0xd8]);
        assert_eq!(
            render(&b).unwrap(),
            "/* Made by careleaf from site.yaml's accent colours. */\n\
             @media (prefers-color-scheme: dark) {\n  :root { --accent: #f0a8d8; --hover: #f0a8d8; --ring: #f0a8d8; }\n}\n"
        );
    }
}
