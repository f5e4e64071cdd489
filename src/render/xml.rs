//! Escaping text for the XML files careleaf writes (the sitemap and the feed).
//!
//! Those files put only short, known values into a fixed layout (titles, URLs, dates), so a
//! writer library would add a dependency for what one function does: escape the five
//! characters XML reserves and leave out the characters XML 1.0 cannot carry at all (most
//! control characters), which no reference can represent either.

use std::fmt::Write;

/// `text` made safe for XML element content and for attribute values in double or single
/// quotes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// True for the characters XML 1.0 documents may contain.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Appends `<name>text</name>` (the text escaped) and a line break, indented by `indent`.
pub fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    let _ = writeln!(out, "{indent}<{name}>{}</{name}>", escape(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_reserved_characters() {
        assert_eq!(
            escape(r#"Tom & Jerry's <b>"fish"</b>"#),
            "Tom &amp; Jerry&apos;s &lt;b&gt;&quot;fish&quot;&lt;/b&gt;"
        );
        assert_eq!(
            escape("plain text, ünïcode ✓ 🙂"),
            "plain text, ünïcode ✓ 🙂"
        );
    }

    #[test]
    fn leaves_out_what_xml_cannot_carry() {
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFE}d\te\nf"), "abcd\te\nf");
    }

    #[test]
    fn elements_are_escaped_and_indented() {
        let mut out = String::new();
        element(&mut out, "  ", "title", "A < B");
        assert_eq!(out, "  <title>A &lt; B</title>\n");
    }
}
