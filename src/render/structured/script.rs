//! The JSON-LD document as the text of a `<script type="application/ld+json">` element:
//! serde_json's compact output, with every string made safe inside HTML.

use serde::Serialize;

/// `doc` as JSON text that cannot end the `<script>` element it is put in: serde_json's
/// compact output, in which `<`, `>` and `&` then become `\u003c`, `\u003e` and `\u0026`, so
/// no value can close the element or open a comment, and the line and paragraph separators
/// U+2028 and U+2029 are escaped too, for consumers that read the text as JavaScript. None
/// of these characters is JSON syntax, so each one found is inside a string, where its
/// escape means exactly what it meant: the JSON means the same.
pub fn text<T: Serialize>(doc: &T) -> String {
    let mut out = Vec::with_capacity(2048);
    // Writing typed values into memory cannot fail, and serde_json writes only UTF-8.
    if serde_json::to_writer(&mut out, doc).is_err() {
        return String::new();
    }
    String::from_utf8(made_safe(out)).unwrap_or_default()
}

/// Whether a byte may need escaping: `<`, `>`, `&`, or 0xE2, the first byte of U+2028 and
/// U+2029 (E2 80 A8, E2 80 A9).
fn is_special(b: u8) -> bool {
    (b == b'<') | (b == b'>') | (b == b'&') | (b == 0xE2)
}

/// The escape for the special character at the start of `rest`, and how many bytes it takes.
fn escape_at(rest: &[u8]) -> Option<(&'static str, usize)> {
    match rest {
        [b'<', ..] => Some(("\\u003c", 1)),
        [b'>', ..] => Some(("\\u003e", 1)),
        [b'&', ..] => Some(("\\u0026", 1)),
        [0xE2, 0x80, 0xA8, ..] => Some(("\\u2028", 3)),
        [0xE2, 0x80, 0xA9, ..] => Some(("\\u2029", 3)),
        _ => None,
    }
}

/// `json` with each special character escaped. Most documents have none: they are checked
/// sixteen bytes a step ([`crate::byte_class::position_by_sixteen`]) and kept as they are.
fn made_safe(json: Vec<u8>) -> Vec<u8> {
    let Some(first) = next_special(&json) else {
        return json;
    };
    let mut out = Vec::with_capacity(json.len() + 64);
    out.extend_from_slice(&json[..first]);
    let mut i = first;
    loop {
        match escape_at(&json[i..]) {
            Some((escape, len)) => {
                out.extend_from_slice(escape.as_bytes());
                i += len;
            }
            // Another character starting with 0xE2, kept as it is.
            None => {
                out.push(json[i]);
                i += 1;
            }
        }
        let Some(found) = next_special(&json[i..]) else {
            out.extend_from_slice(&json[i..]);
            return out;
        };
        out.extend_from_slice(&json[i..i + found]);
        i += found;
    }
}

/// Where the first byte that may need escaping is in `bytes`.
fn next_special(bytes: &[u8]) -> Option<usize> {
    crate::byte_class::position_by_sixteen(bytes, is_special)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element_and_means_the_same() {
        let nasty =
            "</script><script>alert(1)</script><!-- & \u{2028}x\u{2029} \"quoted\" é … € \u{2028}";
        let doc = serde_json::json!({ "name": nasty, "list": [nasty] });
        let text = text(&doc);
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        assert!(text.contains("\\u2028x\\u2029"), "{text}");
        // Other characters whose UTF-8 starts like those two are kept as they are.
        assert!(text.contains("é … € \\u2028\""), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Specials anywhere, alone, in runs or after long clean text: none is left, and the
        /// text means the same.
        #[test]
        fn any_string_is_made_safe_and_reads_back(
            name in "([a-z ]{0,20}|[<>&\u{2028}\u{2029}\u{2027}\u{2030}é\"\\\n])*"
        ) {
            let doc = serde_json::json!({ "name": name });
            let text = text(&doc);
            for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                proptest::prop_assert!(!text.contains(bad), "{:?} in {}", bad, text);
            }
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(&back, &doc);
            // Exactly serde_json's text with those five characters escaped.
            let plain = serde_json::to_string(&doc).unwrap();
            let escaped = plain
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
            proptest::prop_assert_eq!(text, escaped);
        }
    }
}
