//! Whether a byte is an ASCII letter or digit, looked up in one table. The word scanners of the
//! analysis and the search index test every byte of a site's text this way; a table load is
//! cheaper than the three range tests `u8::is_ascii_alphanumeric` makes.

/// For each byte value: is it an ASCII letter or digit.
static ALPHANUMERIC: [bool; 256] = alphanumeric_bytes();

const fn alphanumeric_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
}

/// `u8::is_ascii_alphanumeric`: an ASCII letter or digit.
#[inline]
pub fn is_alphanumeric(b: u8) -> bool {
    ALPHANUMERIC[usize::from(b)]
}

/// How many bytes from the start of `bytes` are ASCII letters and digits.
#[inline]
pub fn alphanumeric_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !is_alphanumeric(b))
        .unwrap_or(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library_for_every_byte() {
        for b in 0..=u8::MAX {
            assert_eq!(is_alphanumeric(b), b.is_ascii_alphanumeric(), "{b}");
        }
    }

    #[test]
    fn measures_runs() {
        assert_eq!(alphanumeric_len(b"abc1 def"), 4);
        assert_eq!(alphanumeric_len(b"Caf\xc3\xa9"), 3);
        assert_eq!(alphanumeric_len(b""), 0);
        assert_eq!(alphanumeric_len(b"xyz"), 3);
    }
}
