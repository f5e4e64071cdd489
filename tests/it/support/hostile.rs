//! Generated hostile inputs, the worst cases of the hardening work (huge lines, many
//! problems in one file), shared by the tests that check careleaf stays bounded on them.

/// A line of Python-like code `chars` characters long (ASCII, so also `chars` bytes).
pub fn long_code_line(chars: usize) -> String {
    "x = f(1, 'a') + y; ".repeat(chars / 19 + 1)[..chars].to_owned()
}
