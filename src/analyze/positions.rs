//! Where a place in a markdown text is in the file the text came from, as a 1-based line and
//! column (in characters), for warnings.
//!
//! An article's or page's body is a slice of its file, so a byte offset maps exactly. A FAQ
//! answer is markdown inside a YAML value: the parsed text is not a slice of the file, so its
//! lines are matched against the file's lines between the `answer:` key and the end of the
//! entry. A literal block (`answer: |`, what the FAQ file asks for) and a one-line value map
//! exactly; other styles (folded, quoted) fall back to finding the text, as the link check
//! does for links in YAML.

use crate::content::source::SourceFile;
use crate::diag::{self, Position};

/// Where a markdown text is written.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A body that starts at byte `body_start` of `source`.
    Body {
        source: &'a SourceFile,
        body_start: usize,
    },
    /// The YAML value `text`, written from the line of its key (`from`) to line `to`.
    Yaml {
        source: &'a SourceFile,
        text: &'a str,
        from: usize,
        to: usize,
    },
}

impl<'a> Place<'a> {
    pub fn source(&self) -> &'a SourceFile {
        match *self {
            Place::Body { source, .. } | Place::Yaml { source, .. } => source,
        }
    }

    /// A locator for offsets in the text; fastest when asked in increasing order.
    pub fn locator(&self) -> Locator<'a> {
        let text = match *self {
            Place::Yaml { text, .. } => Some(diag::Locator::owned(text)),
            Place::Body { .. } => None,
        };
        Locator {
            place: *self,
            file: self.source().locator(),
            text,
            written_at: None,
        }
    }
}

/// Turns byte ranges of a text into file positions (see [`Place::locator`]).
pub struct Locator<'a> {
    place: Place<'a>,
    /// Positions in the file.
    file: diag::Locator<'a>,
    /// Positions in a YAML value's text.
    text: Option<diag::Locator<'a>>,
    /// The last line of a YAML value looked for in the file, and the file's byte where it
    /// is written whole (if it is).
    written_at: Option<(usize, Option<usize>)>,
}

impl Locator<'_> {
    /// The file position of the text's bytes `start..end` (the end helps find the text when
    /// a YAML value cannot be mapped line by line).
    pub fn locate(&mut self, start: usize, end: usize) -> Position {
        match self.place {
            Place::Body { body_start, .. } => self.file.position(body_start + start),
            Place::Yaml {
                source,
                text,
                from,
                to,
            } => {
                let Some(in_text) = self.text.as_mut() else {
                    return self.file.position(0);
                };
                let at = in_text.position(start);
                let byte = self
                    .same_line(source, text, &at, from)
                    .or_else(|| search(source, text.get(at.offset..end)?, from + at.line - 1, to))
                    .unwrap_or_else(|| answer_key(source, from));
                self.file.position(byte)
            }
        }
    }

    /// The file's byte for `at` when the value's line is written whole at the end of a file
    /// line (remembered for the next place on the same line).
    fn same_line(
        &mut self,
        source: &SourceFile,
        text: &str,
        at: &Position,
        from: usize,
    ) -> Option<usize> {
        let found = match self.written_at {
            Some((line, found)) if line == at.line => found,
            _ => {
                let found = written_whole(source, text, at, from);
                self.written_at = Some((at.line, found));
                found
            }
        };
        found.map(|start| start + (at.offset - at.line_start))
    }
}

/// The file's byte where the value's line holding `at` starts, when it is written whole at
/// the end of file line `earliest + 1` (a literal block) or `earliest` (a one-line value
/// after the key).
fn written_whole(source: &SourceFile, text: &str, at: &Position, from: usize) -> Option<usize> {
    let line_end = text[at.line_start..]
        .find('\n')
        .map_or(text.len(), |i| at.line_start + i);
    let value_line = &text[at.line_start..line_end];
    if value_line.trim().is_empty() {
        return None;
    }
    // The value's k-th line (0-based) is on the file's line `from + k` or later: each line
    // of the value takes at least one line of the file.
    let earliest = from + at.line - 1;
    for n in [earliest + 1, earliest] {
        let Some(range) = source.index().line_range(n) else {
            continue;
        };
        let Some(lead) = source.text[range.clone()].strip_suffix(value_line) else {
            continue;
        };
        let key = lead.trim_start().trim_start_matches("- ").trim_end();
        if lead.trim().is_empty() || key.ends_with(':') {
            return Some(range.start + lead.len());
        }
    }
    None
}

/// The file's byte of the first place on lines `from..=to` where the finding's first line,
/// or failing that a shorter start of it (cut at a space: a folded value breaks lines
/// elsewhere), is written.
fn search(source: &SourceFile, finding: &str, from: usize, to: usize) -> Option<usize> {
    let lines = source.lines_range(from, to)?;
    let written = &source.text[lines.clone()];
    let first_line = finding.lines().next().unwrap_or("").trim_end();
    let mut needle = first_line;
    while !needle.trim().is_empty() {
        if let Some(i) = written.find(needle) {
            return Some(lines.start + i);
        }
        needle = match needle.rfind(' ') {
            Some(i) => needle[..i].trim_end(),
            None => "",
        };
    }
    None
}

/// The byte of the `answer` key on line `from` (or the line's start): where a finding goes
/// when its text is nowhere to be found.
fn answer_key(source: &SourceFile, from: usize) -> usize {
    let from = from.max(1);
    let Some(range) = source.index().line_range(from) else {
        return source.text.len();
    };
    let column = source
        .locate_key_in("answer", from, from)
        .map_or(1, |(_, c)| c);
    source.text[range.clone()]
        .char_indices()
        .nth(column - 1)
        .map_or(range.start, |(i, _)| range.start + i)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f", PathBuf::new(), text)
    }

    fn lc(p: Position) -> (usize, usize) {
        (p.line, p.column)
    }

    #[test]
    fn a_body_maps_byte_for_byte_in_any_order() {
        let src = file("---\ntitle: T\n---\nOne line.\nTwo: café word.\n");
        let body_start = src.text.find("One").unwrap();
        let body = &src.text[body_start..];
        let place = Place::Body {
            source: &src,
            body_start,
        };
        let mut at = place.locator();
        let word = body.find("word").unwrap();
        assert_eq!(
            lc(at.locate(word, word + 4)),
            (5, 11),
            "columns count characters"
        );
        assert_eq!(lc(at.locate(0, 3)), (4, 1), "going back starts again");
        assert_eq!(lc(at.locate(body.len() + 99, body.len() + 99)), (6, 1));
    }

    const FAQ: &str = "questions:\n  - id: a\n    question: Q?\n    answer: |\n      First line.\n      The NHS helps.\n\n      NHS again.\n    topics: [x]\n  - id: b\n    question: Q?\n    answer: Plain NHS answer.\n  - id: c\n    question: Q?\n    answer: >\n      Folded text that\n      mentions the NHS here.\n";

    fn locate_in(
        src: &SourceFile,
        answer: &str,
        from: usize,
        to: usize,
        word: &str,
    ) -> (usize, usize) {
        let place = Place::Yaml {
            source: src,
            text: answer,
            from,
            to,
        };
        let start = answer.rfind(word).unwrap();
        lc(place.locator().locate(start, start + word.len()))
    }

    #[test]
    fn a_literal_block_maps_line_by_line() {
        let src = file(FAQ);
        let answer = "First line.\nThe NHS helps.\n\nNHS again.\n";
        // The second NHS, not the first: each line is matched where it is written.
        assert_eq!(locate_in(&src, answer, 4, 9, "NHS again"), (8, 7));
        assert_eq!(locate_in(&src, answer, 4, 9, "NHS helps"), (6, 11));
    }

    #[test]
    fn a_one_line_value_maps_after_its_key() {
        let src = file(FAQ);
        assert_eq!(
            locate_in(&src, "Plain NHS answer.", 12, 12, "NHS"),
            (12, 19)
        );
    }

    #[test]
    fn a_folded_value_is_found_by_its_text() {
        let src = file(FAQ);
        let answer = "Folded text that mentions the NHS here.\n";
        assert_eq!(locate_in(&src, answer, 15, 17, "NHS"), (17, 20));
        // Text that runs across a folded line break is found by its start.
        assert_eq!(locate_in(&src, answer, 15, 17, "that mentions"), (16, 19));
        // Text that is nowhere: the answer's key.
        let place = Place::Yaml {
            source: &src,
            text: "Unrelated words.",
            from: 15,
            to: 17,
        };
        assert_eq!(lc(place.locator().locate(0, 9)), (15, 5));
    }
}
