//! Warning about code blocks the markdown renderer showed without highlighting because they
//! were too big ([`crate::render::highlight::too_big`]), in every piece of the site (files
//! and markdown held in YAML alike): one warning per text, at its first such block, saying
//! why and how to fix it.

use crate::diag::{Diagnostics, Severity};
use crate::render::Markdown;
use crate::render::highlight::{MAX_HIGHLIGHTED_BYTES, MAX_LINE_CHARS, PlainCode, TooBig};

/// What an editor can do about any of these warnings.
const PLAIN_ON_PURPOSE: &str =
    "or remove the language name from the block's first line to show it plain without this warning";

/// Warns about the first code block of each piece of `md` that was shown plain.
pub fn check(md: &Markdown, diags: &mut Diagnostics) {
    for piece in md.all() {
        if let Some(plain) = &piece.rendered.plain_code {
            diags.push(piece.diagnostic(
                Severity::Warning,
                plain.offset,
                &plain.fence,
                plain.repeat,
                message(plain),
            ));
        }
    }
}

/// The warning's text for `plain`.
fn message(plain: &PlainCode) -> String {
    let limit = grouped(MAX_HIGHLIGHTED_BYTES);
    let kb = MAX_HIGHLIGHTED_BYTES / 1024;
    let why = match plain.reason {
        TooBig::LongLine { line, chars } => format!(
            "its line {line} has {} characters, and careleaf highlights a block only when no line has more than {}; break that line, {PLAIN_ON_PURPOSE}",
            grouped(chars),
            grouped(MAX_LINE_CHARS)
        ),
        TooBig::Block { bytes } => format!(
            "it has {} bytes of code, more than the {limit} ({kb} KB) careleaf highlights in one text; shorten it (link to a file with the full code instead), {PLAIN_ON_PURPOSE}",
            grouped(bytes)
        ),
        TooBig::AllowanceUsed => format!(
            "the code blocks before it in the same text already have the {limit} bytes ({kb} KB) of code careleaf highlights in one text; shorten them, {PLAIN_ON_PURPOSE}"
        ),
    };
    let more = match plain.more {
        0 => String::new(),
        1 => "; 1 more code block after it is shown without highlighting too".to_owned(),
        n => format!("; {n} more code blocks after it are shown without highlighting too"),
    };
    format!("this code block is shown without highlighting: {why}{more}")
}

/// `n` with commas between groups of three digits (`2,000,000`), easier to read in a message.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(2_000), "2,000");
        assert_eq!(grouped(204_800), "204,800");
        assert_eq!(grouped(2_000_000), "2,000,000");
    }
}
