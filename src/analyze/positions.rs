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
        Locator {
            place: *self,
            cursor: Cursor::default(),
        }
    }
}

/// Turns byte ranges of a text into file positions (see [`Place::locator`]).
pub struct Locator<'a> {
    place: Place<'a>,
    cursor: Cursor,
}

impl Locator<'_> {
    /// The line and column of the text's bytes `start..end` (the end helps find the text
    /// when a YAML value cannot be mapped line by line).
    pub fn locate(&mut self, start: usize, end: usize) -> (usize, usize) {
        match self.place {
            Place::Body { source, body_start } => {
                let at = self.cursor.seek(&source.text, body_start + start);
                (at.line, at.column(&source.text))
            }
            Place::Yaml {
                source,
                text,
                from,
                to,
            } => {
                let at = self.cursor.seek(text, start);
                in_yaml(source, text, &at, end, (from, to))
            }
        }
    }
}

/// A position in a text, found by walking forward from the last one.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    offset: usize,
    /// 1-based line of `offset`.
    line: usize,
    /// Byte where that line starts.
    line_start: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }
}

impl Cursor {
    /// Moves to `offset` (clamped to the text and to a character boundary).
    fn seek(&mut self, text: &str, offset: usize) -> Cursor {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Cursor::default();
        }
        let walked = &text.as_bytes()[self.offset..offset];
        for (i, b) in walked.iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        *self
    }

    /// 1-based column, in characters.
    fn column(&self, text: &str) -> usize {
        text[self.line_start..self.offset].chars().count() + 1
    }
}

/// The file position of the answer's byte `at`, whose text runs to `end`.
fn in_yaml(
    source: &SourceFile,
    text: &str,
    at: &Cursor,
    end: usize,
    (from, to): (usize, usize),
) -> (usize, usize) {
    let line_end = text[at.line_start..]
        .find('\n')
        .map_or(text.len(), |i| at.line_start + i);
    let answer_line = &text[at.line_start..line_end];
    let before = &text[at.line_start..at.offset];
    // The answer's k-th line (0-based) is on the file's line `from + k` or later: each line
    // of the value takes at least one line of the file.
    let earliest = from + at.line - 1;
    if let Some(found) = same_line(source, answer_line, before, earliest) {
        return found;
    }
    let finding = text.get(at.offset..end).unwrap_or_default();
    if let Some(found) = search(source, finding, earliest, to) {
        return found;
    }
    let column = source
        .locate_key_in("answer", from, from)
        .map_or(1, |(_, c)| c);
    (from.max(1), column)
}

/// The position when the answer's line is written whole at the end of file line
/// `earliest + 1` (a literal block) or `earliest` (a one-line value after the key).
fn same_line(
    source: &SourceFile,
    answer_line: &str,
    before: &str,
    earliest: usize,
) -> Option<(usize, usize)> {
    if answer_line.trim().is_empty() {
        return None;
    }
    for n in [earliest + 1, earliest] {
        let Some(file_line) = source.line(n) else {
            continue;
        };
        let Some(lead) = file_line.strip_suffix(answer_line) else {
            continue;
        };
        let key = lead.trim_start().trim_start_matches("- ").trim_end();
        if lead.trim().is_empty() || key.ends_with(':') {
            let column = lead.chars().count() + before.chars().count() + 1;
            return Some((n, column));
        }
    }
    None
}

/// The first place on lines `from..=to` where the finding's first line, or failing that a
/// shorter start of it (cut at a space: a folded value breaks lines elsewhere), is written.
fn search(source: &SourceFile, finding: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let first_line = finding.lines().next().unwrap_or("").trim_end();
    let mut needle = first_line;
    while !needle.trim().is_empty() {
        for (n, line) in source.lines_between(from, to) {
            if let Some(i) = line.find(needle) {
                return Some((n, line[..i].chars().count() + 1));
            }
        }
        needle = match needle.rfind(' ') {
            Some(i) => needle[..i].trim_end(),
            None => "",
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f", PathBuf::new(), text)
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
            at.locate(word, word + 4),
            (5, 11),
            "columns count characters"
        );
        assert_eq!(at.locate(0, 3), (4, 1), "going back starts again");
        assert_eq!(at.locate(body.len() + 99, body.len() + 99), (6, 1));
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
        place.locator().locate(start, start + word.len())
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
        assert_eq!(place.locator().locate(0, 9), (15, 5));
    }
}
