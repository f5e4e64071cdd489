//! Writing mistakes the markdown renderer notices on its way through a text, recorded for
//! [`crate::writing_check`] to report: an image without alt text, a heading that skips a
//! level (or is not below the heading the text sits under on its page), and what looks like
//! a link but is shown as plain text because its address has a space in it.

use std::ops::Range;

/// One mistake, at byte `offset` of the markdown, where `written` (the text reported on)
/// starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub offset: usize,
    pub written: String,
    pub problem: Problem,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `![](x.png)`: an image with nothing between its brackets.
    ImageWithoutAlt { dest: String },
    /// A heading more than one level below the heading before it (or, for the first, below
    /// the heading the text sits under on its page).
    SkippedLevel { level: u8, after: u8, first: bool },
    /// A heading no lower than the one the text sits under (`section`): a `#` in an
    /// article's body, whose title is already the page's `#` heading.
    NotBelowSection { level: u8, section: u8 },
    /// `[text](my page.md)`: not a link, because the address has a space in it.
    SpaceInLink { dest: String },
}

/// Checks headings in order: each may go down at most one level from the one before.
#[derive(Debug)]
pub struct HeadingOrder {
    section: u8,
    last: Option<u8>,
}

impl HeadingOrder {
    /// For a text that sits under a heading of level `section` on its page.
    pub fn new(section: u8) -> Self {
        HeadingOrder {
            section,
            last: None,
        }
    }

    /// What is wrong with the next heading, of `level`, if anything.
    pub fn next(&mut self, level: u8) -> Option<Problem> {
        let after = self.last.unwrap_or(self.section);
        let first = self.last.is_none();
        self.last = Some(level);
        if level <= self.section {
            // Read on as if it were written as advised, so one mistake is one warning.
            self.last = Some(self.section + 1);
            Some(Problem::NotBelowSection {
                level,
                section: self.section,
            })
        } else if level > after + 1 {
            Some(Problem::SkippedLevel {
                level,
                after,
                first,
            })
        } else {
            None
        }
    }
}

/// Links whose address has a space in them, in the prose runs `runs` (byte ranges of
/// `markdown` that pulldown-cmark read as plain text, in order; touching ones are joined).
pub fn spaced_links(markdown: &str, runs: &[Range<usize>]) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut joined: Vec<Range<usize>> = Vec::new();
    for r in runs {
        match joined.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => joined.push(r.clone()),
        }
    }
    for run in joined {
        let Some(text) = markdown.get(run.clone()) else {
            continue;
        };
        // A search for the one byte `]` (the memchr crate's, with vector instructions), then
        // a look at the next: quicker than a search for the two-byte string over every run
        // of prose.
        let closes = memchr::memchr_iter(b']', text.as_bytes());
        for at in closes.filter(|&at| text.as_bytes().get(at + 1) == Some(&b'(')) {
            if let Some(note) = spaced_link_at(text, at) {
                notes.push(Note {
                    offset: run.start + note.offset,
                    ..note
                });
            }
        }
    }
    notes
}

/// The link whose `](` is at byte `at` of `text`, when its address (up to `)` on the same
/// line) has a space in it and an opening `[` comes before it on its line.
fn spaced_link_at(text: &str, at: usize) -> Option<Note> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let open = line_start + text[line_start..at].rfind('[')?;
    let rest = &text[at + 2..];
    let close = rest
        .find([')', '\n'])
        .filter(|&i| rest[i..].starts_with(')'))?;
    let dest = &rest[..close];
    if dest.trim().is_empty() || dest.starts_with('<') || !dest.trim().contains(' ') {
        return None;
    }
    Some(Note {
        offset: open,
        written: text[open..at + 2 + close + 1].to_owned(),
        problem: Problem::SpaceInLink {
            dest: dest.to_owned(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_down_one_level_at_a_time() {
        let mut order = HeadingOrder::new(1);
        assert_eq!(order.next(2), None);
        assert_eq!(order.next(3), None);
        assert_eq!(order.next(2), None);
        assert_eq!(
            order.next(4),
            Some(Problem::SkippedLevel {
                level: 4,
                after: 2,
                first: false
            })
        );
        assert_eq!(
            order.next(1),
            Some(Problem::NotBelowSection {
                level: 1,
                section: 1
            })
        );
        assert_eq!(order.next(3), None, "read on as a `##`");
        let mut answer = HeadingOrder::new(3);
        assert_eq!(
            answer.next(5),
            Some(Problem::SkippedLevel {
                level: 5,
                after: 3,
                first: true
            })
        );
    }

    #[test]
    fn links_with_a_space_in_their_address() {
        let md = "See [the guide](my page.md) or [this](<my page.md>) or [x](ok.md).\n";
        let whole = std::iter::once(0..md.len()).collect::<Vec<_>>();
        let notes = spaced_links(md, &whole);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].offset, 4);
        assert_eq!(notes[0].written, "[the guide](my page.md)");
        // Prose with a bracket and a parenthesis that is not a link.
        let prose = "a] (b c)\n[x]\n(y z)";
        let whole = std::iter::once(0..prose.len()).collect::<Vec<_>>();
        assert!(spaced_links(prose, &whole).is_empty());
    }
}
