//! The JSON-LD document as the text of a `<script type="application/ld+json">` element:
//! serde_json's compact output, with every string made safe inside HTML as it is written.

use serde::Serialize;

/// `doc` as JSON text that cannot end the `<script>` element it is put in.
pub fn text<T: Serialize>(doc: &T) -> String {
    let mut out = Vec::with_capacity(2048);
    let mut writer = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    // Writing typed values into memory cannot fail, and serde_json writes only UTF-8.
    if doc.serialize(&mut writer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's compact formatter, except that in the text of strings `<`, `>` and `&` (which
/// can only occur inside JSON strings) become `\u003c`, `\u003e` and `\u0026`, so no value
/// can close the element or open a comment, and the line and paragraph separators U+2028 and
/// U+2029 are escaped too, for consumers that read the text as JavaScript. The JSON means
/// exactly what it meant.
struct ScriptSafe;

/// The bytes that may need escaping: `<`, `>`, `&`, and 0xE2, the first byte of U+2028 and
/// U+2029 (E2 80 A8, E2 80 A9), so one table look-up a byte finds them all.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[0xE2] = true;
    table
};

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

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let (mut start, mut i) = (0, 0);
        while let Some(found) = bytes[i..].iter().position(|&b| SPECIAL[usize::from(b)]) {
            i += found;
            match escape_at(&bytes[i..]) {
                Some((escape, len)) => {
                    writer.write_all(&bytes[start..i])?;
                    writer.write_all(escape.as_bytes())?;
                    i += len;
                    start = i;
                }
                // Another character starting with 0xE2, kept as it is.
                None => i += 1,
            }
        }
        writer.write_all(&bytes[start..])
    }
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
            proptest::prop_assert_eq!(back, doc);
        }
    }
}
