//! Reading one content file: size cap, UTF-8 check, BOM and CRLF normalisation.
//!
//! Files saved by Windows editors (CRLF line endings, a UTF-8 byte-order mark) become exactly
//! the text the same file would have without them, so they build identically and line numbers
//! in messages match what the editor shows.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::window::{self, Window};
use crate::diag::{Diagnostic, LineIndex, Locator, Position, Severity, SharedText, display_path};
use crate::read::{self, ReadError};

/// A text file of the site, normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, for messages.
    pub rel: String,
    pub path: PathBuf,
    pub text: String,
    /// Where each line starts, made on first use.
    lines: std::sync::OnceLock<LineIndex>,
    /// `rel` as every diagnostic about this file carries it: one allocation they share.
    diag_path: std::sync::OnceLock<SharedText>,
}

impl SourceFile {
    /// A source file from already-normalised text.
    pub fn new(rel: impl Into<String>, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            rel: rel.into(),
            path: path.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            diag_path: std::sync::OnceLock::new(),
        }
    }

    /// Lets go of the text and its line index (messages made already keep their lines): for
    /// a one-off build once nothing more is made of the file. The text reads as empty then.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.lines = std::sync::OnceLock::new();
    }

    /// Lines `from..=to` (1-based) with their numbers, found without scanning earlier lines.
    pub fn lines_between(&self, from: usize, to: usize) -> impl Iterator<Item = (usize, &str)> {
        let index = self.index();
        let last = to.min(index.line_count());
        (from.max(1)..=last).filter_map(move |n| index.line_range(n).map(|r| (n, &self.text[r])))
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.index().line_count()
    }

    /// Where each line of the text starts.
    pub fn index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Finds the line and column of byte offsets in the text; quickest in increasing order.
    pub fn locator(&self) -> Locator<'_> {
        Locator::new(&self.text, self.index())
    }

    /// The line and column of byte `offset` of the text.
    pub fn position(&self, offset: usize) -> Position {
        self.locator().position(offset)
    }

    /// The text of line `line` (1-based).
    pub fn line(&self, line: usize) -> Option<&str> {
        self.index().line_range(line).map(|r| &self.text[r])
    }

    /// Reads `path` (inside `root`) as UTF-8 text.
    pub fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
        Self::read_within(root, path, read::CONTENT)
    }

    /// [`Self::read`] for a kind of file with a limit of its own.
    pub fn read_within(
        root: &Path,
        path: &Path,
        limit: read::Limit,
    ) -> Result<SourceFile, Diagnostic> {
        let (rel, bytes) = Self::read_bytes_within(root, path, limit)?;
        Self::from_bytes(rel, path.to_path_buf(), bytes)
    }

    /// Reads the raw bytes of `path` (inside `root`), with its display path: a regular file of
    /// at most [`read::CONTENT`]'s size (see [`crate::read`]).
    pub fn read_bytes(root: &Path, path: &Path) -> Result<(String, Vec<u8>), Diagnostic> {
        Self::read_bytes_within(root, path, read::CONTENT)
    }

    /// [`Self::read_bytes`] for a kind of file with a limit of its own.
    pub fn read_bytes_within(
        root: &Path,
        path: &Path,
        limit: read::Limit,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let rel = display_path(root, path);
        read_result(rel, read::file(path, limit))
    }

    /// [`Self::read_bytes`], but only as far as `enough` asks (see [`read::head`]).
    pub fn read_head_bytes(
        root: &Path,
        path: &Path,
        enough: impl Fn(&[u8]) -> Option<usize>,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let rel = display_path(root, path);
        read_result(rel, read::head(path, read::CONTENT, enough))
    }

    /// Normalises raw bytes already read from `path`.
    pub fn from_bytes(
        rel: String,
        path: PathBuf,
        bytes: Vec<u8>,
    ) -> Result<SourceFile, Diagnostic> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
                let index = LineIndex::new(&prefix);
                let at = Locator::new(&prefix, &index).position(good);
                return Err(Diagnostic::with_window(
                    Severity::Error,
                    &rel,
                    at.line,
                    at.column,
                    None,
                    "the file is not valid UTF-8 text; save it as UTF-8 in your editor".to_owned(),
                ));
            }
        };
        Ok(SourceFile::new(rel, path, normalise(text)))
    }

    /// An error at `line` and `column`, showing that line.
    pub fn error(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, line, column, message.into())
    }

    /// A warning at `line` and `column`, showing that line.
    pub fn warning(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, line, column, message.into())
    }

    fn diagnostic(
        &self,
        severity: Severity,
        line: usize,
        column: usize,
        message: String,
    ) -> Diagnostic {
        let path = self.diag_path();
        Diagnostic::on_line(severity, path, line, column, self.line(line), message)
    }

    /// A diagnostic at `at` (found by this file's [`SourceFile::locator`]): the line is cut
    /// to a window around it without counting the line's characters again.
    pub fn diagnostic_at(
        &self,
        severity: Severity,
        at: Position,
        message: impl Into<SharedText>,
    ) -> Diagnostic {
        let window = self.window_at(at);
        Diagnostic::with_window(
            severity,
            self.diag_path(),
            at.line,
            at.column,
            window,
            message,
        )
    }

    /// `rel`, shared by the diagnostics about this file.
    fn diag_path(&self) -> SharedText {
        self.diag_path
            .get_or_init(|| SharedText::from(self.rel.as_str()))
            .clone()
    }

    fn window_at(&self, at: Position) -> Option<Window> {
        let range = self.index().line_range(at.line)?;
        let offset = at.offset.clamp(range.start, range.end) - range.start;
        Some(window::around(&self.text[range], offset))
    }

    /// Position of the first `key:` at the start of a line (after indentation or `- `).
    pub fn locate_key(&self, key: &str) -> (usize, usize) {
        self.locate_key_in(key, 1, usize::MAX).unwrap_or((1, 1))
    }

    /// Position of `key:` between lines `from` and `to` (inclusive, 1-based).
    pub fn locate_key_in(&self, key: &str, from: usize, to: usize) -> Option<(usize, usize)> {
        for (n, line) in self.lines_between(from, to) {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with(':')
            {
                let col = line.chars().count() - trimmed.chars().count() + 1;
                return Some((n, col));
            }
        }
        None
    }

    /// Position of `value` (as a whole word) on or after line `from` up to `to`; used to point
    /// at a value found wrong after parsing (an unknown topic, say).
    pub fn locate_value_in(&self, value: &str, from: usize, to: usize) -> Option<(usize, usize)> {
        let lines = self.lines_range(from, to)?;
        let at = self.position(self.find_value(value, lines)?);
        Some((at.line, at.column))
    }

    /// The bytes from the start of line `from` to the end of line `to` (1-based, inclusive).
    pub fn lines_range(&self, from: usize, to: usize) -> Option<Range<usize>> {
        let index = self.index();
        let last = to.min(index.line_count());
        let first = index.line_range(from.max(1))?;
        let last = index.line_range(last)?;
        (first.start <= last.end).then_some(first.start..last.end)
    }

    /// Byte offset of the first `value` written as a whole word within bytes `within` of the
    /// text (a value never spans lines).
    pub fn find_value(&self, value: &str, within: Range<usize>) -> Option<usize> {
        if value.is_empty() || value.contains('\n') {
            return None;
        }
        let haystack = self.text.get(within.clone())?;
        let mut search = 0;
        while let Some(pos) = haystack[search..].find(value) {
            let start = within.start + search + pos;
            let end = start + value.len();
            let before_ok = self.text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after_ok = self.text[end..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
            if before_ok && after_ok {
                return Some(start);
            }
            search += pos + value.len();
        }
        None
    }

    /// The value's position after `key:` within lines `from..=to`, or the key's position.
    pub fn locate_key_value(
        &self,
        key: &str,
        value: &str,
        from: usize,
        to: usize,
    ) -> (usize, usize) {
        match self.locate_key_in(key, from, to) {
            Some((line, col)) => self.locate_value_in(value, line, to).unwrap_or((line, col)),
            None => self
                .locate_value_in(value, from, to)
                .unwrap_or((from.max(1), 1)),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Strips a leading byte-order mark and turns CRLF (and lone CR) line endings into LF.
pub fn normalise(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    // The memchr crate's search (vector instructions) over every byte of every file.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// A read's bytes with the file's display path, or the diagnostic that says why it failed.
fn read_result(
    rel: String,
    read: Result<Vec<u8>, ReadError>,
) -> Result<(String, Vec<u8>), Diagnostic> {
    match read {
        Ok(bytes) => Ok((rel, bytes)),
        Err(ReadError::Io(e)) => Err(Diagnostic::file_error(
            &rel,
            format!("cannot read the file: {e}"),
        )),
        Err(e) => Err(Diagnostic::file_error(&rel, e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(normalise("\u{feff}a\r\nb\r\n".into()), "a\nb\n");
        assert_eq!(normalise("a\rb".into()), "a\nb");
    }

    #[test]
    fn invalid_utf8_names_file_and_position() {
        let err = SourceFile::from_bytes(
            "content/a.md".into(),
            PathBuf::from("a.md"),
            b"ok\nab\xffcd".to_vec(),
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn locates_keys_and_values() {
        let src = SourceFile::new(
            "f",
            PathBuf::new(),
            "title: x\n- question: q\n  topics: [pain, dry-needling]\n",
        );
        let lines: Vec<_> = src.lines_between(2, 99).collect();
        assert_eq!(
            lines,
            [(2, "- question: q"), (3, "  topics: [pain, dry-needling]")]
        );
        assert_eq!(src.line_count(), 3);
        assert_eq!(src.locate_key("question"), (2, 3));
        assert_eq!(
            src.locate_key_value("topics", "dry-needling", 2, 3),
            (3, 18)
        );
        // whole words only: "pain" inside "painful" does not count
        assert_eq!(src.locate_value_in("needling", 1, 9), None);
    }
}
