//! The form's per-process token: random bytes from the operating system, compared in
//! constant time. There is no weaker fallback: without the OS source there is no form.

/// Makes a token no other page can guess: 16 bytes from the operating system's random
/// source, as 32 hexadecimal digits.
pub fn new_token() -> Result<String, getrandom::Error> {
    token_from(getrandom::fill)
}

fn token_from(
    fill: impl FnOnce(&mut [u8]) -> Result<(), getrandom::Error>,
) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without stopping at the first difference.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_compared_fully() {
        let a = new_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_token().unwrap());
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &a[..31]));
        assert!(!same_token(&a, "x"));
    }

    #[test]
    fn no_random_source_means_no_token() {
        let failed = token_from(|_| Err(getrandom::Error::UNSUPPORTED));
        assert_eq!(failed, Err(getrandom::Error::UNSUPPORTED));
        let fixed = token_from(|b| {
            b.fill(0xab);
            Ok(())
        });
        assert_eq!(fixed.unwrap(), "ab".repeat(16));
    }
}
