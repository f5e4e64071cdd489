//! Tests of bytes that every byte of a site's text goes through. Whether a byte is an ASCII
//! letter or digit is looked up in one table: the word scanners of the analysis and the
//! search index test every byte this way, and a table load is cheaper than the three range
//! tests `u8::is_ascii_alphanumeric` makes. [`position_by_sixteen`] finds the first byte
//! that passes a test of comparisons, sixteen bytes a step.

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

/// Where the first byte of `bytes` that passes `test` is: sixteen bytes are tested in one
/// step while none of them passes, then one at a time. `test` should be comparisons (no
/// table look-up), which the compiler turns into a few vector instructions a step.
#[inline]
pub fn position_by_sixteen(bytes: &[u8], test: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = 0;
    for chunk in bytes.chunks_exact(16) {
        if chunk.iter().fold(false, |any, &b| any | test(b)) {
            break;
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|&b| test(b))
        .map(|found| at + found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_byte_that_passes_wherever_it_falls() {
        let text: Vec<u8> = (0..50).map(|i| b'a' + (i % 26) as u8).collect();
        for at in 0..text.len() {
            let mut bytes = text.clone();
            bytes[at] = b'!';
            bytes[(at + 20).min(text.len() - 1)] = b'!';
            assert_eq!(position_by_sixteen(&bytes, |b| b == b'!'), Some(at), "{at}");
        }
        assert_eq!(position_by_sixteen(&text, |b| b == b'!'), None);
        assert_eq!(position_by_sixteen(b"", |b| b == b'!'), None);
    }

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
