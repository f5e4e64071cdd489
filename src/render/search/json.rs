//! Compact JSON written straight into bytes, for the index's word files: they are most of a
//! large site's output (a third of the bytes of the 1,000-article benchmark site), nearly all
//! of it excerpts, and serde_json looks up every byte of a string on its own. Here a string's
//! bytes are checked sixteen at a time and copied in runs. The text is exactly what
//! `serde_json::to_vec` writes for the same values (a property test compares them).

/// A JSON text being written.
#[derive(Debug, Default)]
pub struct JsonOut {
    bytes: Vec<u8>,
}

impl JsonOut {
    pub fn with_capacity(capacity: usize) -> JsonOut {
        JsonOut {
            bytes: Vec::with_capacity(capacity),
        }
    }

    /// Punctuation, as it is: `{`, `[`, `,`, `:`…
    pub fn raw(&mut self, text: &str) {
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// A string, quoted and escaped as serde_json does: `"` and `\` with a backslash,
    /// control characters as `\n`, `\t`… or `\u00XX`; everything else as it is.
    pub fn str(&mut self, text: &str) {
        self.bytes.push(b'"');
        let mut rest = text.as_bytes();
        loop {
            let clean = clean_prefix(rest);
            self.bytes.extend_from_slice(&rest[..clean]);
            let Some((&special, after)) = rest[clean..].split_first() else {
                break;
            };
            self.escape(special);
            rest = after;
        }
        self.bytes.push(b'"');
    }

    /// A number.
    pub fn u32(&mut self, n: u32) {
        let mut digits = [0u8; 10];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.bytes.extend_from_slice(&digits[at..]);
    }

    /// A number as an object's key: quoted, as serde_json writes integer keys.
    pub fn u32_key(&mut self, n: u32) {
        self.bytes.push(b'"');
        self.u32(n);
        self.bytes.push(b'"');
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn escape(&mut self, byte: u8) {
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0C => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.bytes.extend_from_slice(b"\\u00");
                self.bytes.push(HEX[usize::from(byte >> 4)]);
                self.bytes.push(HEX[usize::from(byte & 0xF)]);
                return;
            }
        };
        self.bytes.extend_from_slice(&[b'\\', short]);
    }
}

/// Whether a byte of a string's text must be escaped.
fn is_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// How many bytes at the start of `bytes` need no escape.
fn clean_prefix(bytes: &[u8]) -> usize {
    crate::byte_class::position_by_sixteen(bytes, is_special).unwrap_or(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(text: &str) -> String {
        let mut out = JsonOut::default();
        out.str(text);
        String::from_utf8(out.into_bytes()).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "",
            "plain words",
            "a \"quoted\" word and a back\\slash",
            "tab\there, line\nthere, \r\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "long enough to fill more than one chunk of sixteen bytes, then a \" at the end\"",
            "é … € \u{2028} 🙂",
        ] {
            assert_eq!(written(text), serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 4_294_967_295] {
            let mut out = JsonOut::default();
            out.u32(n);
            out.raw(",");
            out.u32_key(n);
            assert_eq!(
                String::from_utf8(out.into_bytes()).unwrap(),
                format!("{n},\"{n}\"")
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(
            text in "(\\PC|[\"\\\\\u{0}-\u{1f}]){0,80}"
        ) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
