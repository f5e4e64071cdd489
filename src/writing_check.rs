//! Reporting the writing mistakes the markdown renderer noted ([`crate::render::writing`])
//! in every piece of the site (files and markdown held in YAML alike): an image without alt
//! text is an error (a reader who cannot see it is told nothing), a heading that skips a
//! level and a link shown as plain text because of a space in its address are warnings.
//! Each message says what to write instead.

use crate::diag::{Diagnostics, Severity};
use crate::render::Markdown;
use crate::render::writing::Problem;

/// Reports every writing mistake noted in `md`.
pub fn check(md: &Markdown, diags: &mut Diagnostics) {
    for piece in md.all() {
        if piece.rendered.writing.is_empty() {
            continue;
        }
        let mut locator = piece.locator();
        for note in &piece.rendered.writing {
            let (severity, message) = message(&note.problem);
            diags.push(locator.diagnostic(severity, note.offset, &note.written, message));
        }
    }
}

/// How bad the mistake is, and what to say about it.
fn message(problem: &Problem) -> (Severity, String) {
    match problem {
        Problem::ImageWithoutAlt { dest } => (
            Severity::Error,
            format!(
                "the image `{dest}` has no alt text: say what it shows between the brackets, `![what the picture shows]({dest})`, for readers who cannot see it"
            ),
        ),
        Problem::SkippedLevel {
            level,
            after,
            first,
        } => {
            let before = if *first {
                format!(
                    "the heading this text sits under on its page is `{}`",
                    hashes(*after)
                )
            } else {
                format!("the heading before it is `{}`", hashes(*after))
            };
            (
                Severity::Warning,
                format!(
                    "heading level skipped: this is a `{}` heading and {before}; make it `{}` (screen readers find their way around a page by its heading levels)",
                    hashes(*level),
                    hashes(after + 1)
                ),
            )
        }
        Problem::NotBelowSection { level, section } => {
            let under = if *section == 1 {
                "the page's title is its only `#` heading".to_owned()
            } else {
                format!(
                    "this text sits under a `{}` heading on its page",
                    hashes(*section)
                )
            };
            (
                Severity::Warning,
                format!(
                    "this `{}` heading is not below the heading above it: {under}; make it `{}`",
                    hashes(*level),
                    hashes(section + 1)
                ),
            )
        }
        Problem::SpaceInLink { dest } => (
            Severity::Warning,
            format!(
                "this is shown as plain text, not a link, because the address `{dest}` has a space in it: remove the space (rename the file if need be), write it as `%20`, or put the address in angle brackets: `(<{dest}>)`"
            ),
        ),
    }
}

/// `###` for level 3.
fn hashes(level: u8) -> String {
    "#".repeat(usize::from(level))
}
