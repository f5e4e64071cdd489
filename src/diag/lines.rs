//! Turning a byte offset of a text into the 1-based line and column (in characters) that
//! messages show: the one way careleaf does it.
//!
//! A text's [`LineIndex`] (where each line starts) is made once; a [`Locator`] then finds a
//! line by binary search and counts characters only from the line's start, or from the last
//! place it found when that is earlier on the same line. Positions asked for in order (as
//! links and findings come) therefore cost time linear in the text overall, however many
//! there are and however long a line is.

use std::borrow::Cow;
use std::ops::Range;

/// Byte offsets where each line of a text starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// 0, then one past every `\n` (so a text ending with `\n` ends with its length). Four
    /// bytes a line, not eight: a large site's texts have millions of lines, and none is
    /// near 4 GiB (files are read with a size limit far below).
    starts: Vec<u32>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // memchr finds each newline many bytes at a time (and costs less per line than
        // `match_indices`, which looks for any `char` the same way).
        let starts = std::iter::once(0)
            .chain(
                memchr::memchr_iter(b'\n', text.as_bytes())
                    .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            )
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// How many lines the text has (a final newline does not start another; an empty text
    /// has none).
    pub fn line_count(&self) -> usize {
        match self.starts.last() {
            Some(&last) if last as usize == self.len => self.starts.len() - 1,
            _ => self.starts.len(),
        }
    }

    /// The bytes of line `line` (1-based), without its newline.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        if line == 0 || line > self.line_count() {
            return None;
        }
        let start = self.starts[line - 1] as usize;
        let end = self
            .starts
            .get(line)
            .map_or(self.len, |&next| next as usize - 1);
        Some(start..end)
    }

    /// The 1-based line holding byte `offset` (the last line for offsets past the end).
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= offset)
            .max(1)
    }
}

/// A place in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The byte offset asked for, moved back to a character boundary and into the text.
    pub offset: usize,
    /// Byte where the line starts.
    pub line_start: usize,
}

/// Finds [`Position`]s in one text; quickest when asked in increasing order.
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    text: &'a str,
    index: Cow<'a, LineIndex>,
    last: Option<Position>,
}

impl<'a> Locator<'a> {
    /// A locator for `text`, whose index is `index`.
    pub fn new(text: &'a str, index: &'a LineIndex) -> Self {
        Locator {
            text,
            index: Cow::Borrowed(index),
            last: None,
        }
    }

    /// A locator for `text` with an index of its own, for a text that has none.
    pub fn owned(text: &'a str) -> Self {
        Locator {
            text,
            index: Cow::Owned(LineIndex::new(text)),
            last: None,
        }
    }

    /// The line and column of byte `offset` (clamped to the text and moved back to a
    /// character boundary).
    pub fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_of(offset);
        let line_start = self.index.starts.get(line - 1).map_or(0, |&s| s as usize);
        // Count from the last place found when it is on this line and not after `offset`.
        let (from, column) = match self.last {
            Some(last) if last.line_start == line_start && last.offset <= offset => {
                (last.offset, last.column)
            }
            _ => (line_start, 1),
        };
        let column = column + self.text[from..offset].chars().count();
        let found = Position {
            line,
            column,
            offset,
            line_start,
        };
        self.last = Some(found);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: usize) -> (usize, usize) {
        let index = LineIndex::new(text);
        let p = Locator::new(text, &index).position(offset);
        (p.line, p.column)
    }

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let text = "ab\nçd\nxyz";
        assert_eq!(at(text, 0), (1, 1));
        assert_eq!(at(text, 2), (1, 3), "the newline ends its line");
        assert_eq!(at(text, 3), (2, 1));
        // 'd' is after the two-byte 'ç'
        assert_eq!(at(text, 5), (2, 2));
        assert_eq!(at(text, 4), (2, 1), "inside 'ç': its start");
        assert_eq!(at(text, 8), (3, 2));
        assert_eq!(at(text, 99), (3, 4), "past the end: the end");
        assert_eq!(at("a\n", 2), (2, 1), "after a final newline");
        assert_eq!(at("", 0), (1, 1));
    }

    #[test]
    fn a_locator_gives_the_same_answers_in_any_order() {
        let text = "one\n\ttwo café two\nthree\n";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len()).collect();
        let fresh: Vec<(usize, usize)> = offsets.iter().map(|&o| at(text, o)).collect();
        let mut forward = Locator::new(text, &index);
        let got: Vec<(usize, usize)> = offsets
            .iter()
            .map(|&o| forward.position(o))
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(got, fresh);
        let mut backward = Locator::new(text, &index);
        let got: Vec<(usize, usize)> = offsets
            .iter()
            .rev()
            .map(|&o| backward.position(o))
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(got, fresh.into_iter().rev().collect::<Vec<_>>());
    }

    #[test]
    fn line_ranges_leave_out_the_newline() {
        let text = "ab\n\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let lines: Vec<&str> = (1..=4)
            .filter_map(|n| index.line_range(n))
            .map(|r| &text[r])
            .collect();
        assert_eq!(lines, ["ab", "", "cd"]);
        assert_eq!(LineIndex::new("ab").line_count(), 1);
        assert_eq!(LineIndex::new("").line_count(), 0);
        assert_eq!(LineIndex::new("").line_range(1), None);
    }
}
