//! Reading one content file: size cap, UTF-8 check, BOM and CRLF normalisation.
//!
//! Files saved by Windows editors (CRLF line endings, a UTF-8 byte-order mark) become exactly
//! the text the same file would have without them, so they build identically and line numbers
//! in messages match what the editor shows.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path, line_col};
use crate::read::{self, ReadError};

/// A text file of the site, normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root with `/` separators, for messages.
    pub rel: String,
    pub path: PathBuf,
    pub text: String,
    /// Byte offset where each line starts, made on first use.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A source file from already-normalised text.
    pub fn new(rel: impl Into<String>, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            rel: rel.into(),
            path: path.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Lines `from..=to` (1-based) with their numbers, found without scanning earlier lines.
    pub fn lines_between(&self, from: usize, to: usize) -> impl Iterator<Item = (usize, &str)> {
        let starts = self.starts();
        let first = from.max(1);
        let last = to.min(starts.len());
        (first..=last).filter_map(move |n| {
            let start = *starts.get(n - 1)?;
            let end = starts.get(n).map_or(self.text.len(), |&e| e - 1);
            let line = &self.text[start..end.max(start)];
            Some((n, line.strip_suffix('\n').unwrap_or(line)))
        })
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.starts().len()
    }

    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < self.text.len())
                .collect()
        })
    }

    /// The text of line `line` (1-based).
    pub fn line(&self, line: usize) -> Option<&str> {
        self.lines_between(line, line).next().map(|(_, l)| l)
    }
    /// Reads `path` (inside `root`) as UTF-8 text.
    pub fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
        let (rel, bytes) = Self::read_bytes(root, path)?;
        Self::from_bytes(rel, path.to_path_buf(), bytes)
    }

    /// Reads the raw bytes of `path` (inside `root`), with its display path: a regular file of
    /// at most [`read::CONTENT`]'s size (see [`crate::read`]).
    pub fn read_bytes(root: &Path, path: &Path) -> Result<(String, Vec<u8>), Diagnostic> {
        let rel = display_path(root, path);
        match read::file(path, read::CONTENT) {
            Ok(bytes) => Ok((rel, bytes)),
            Err(ReadError::Io(e)) => Err(Diagnostic::file_error(
                &rel,
                format!("cannot read the file: {e}"),
            )),
            Err(e) => Err(Diagnostic::file_error(&rel, e.to_string())),
        }
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
                let (line, column) = line_col(&prefix, good);
                return Err(Diagnostic {
                    severity: crate::diag::Severity::Error,
                    path: rel,
                    line,
                    column,
                    message: "the file is not valid UTF-8 text; save it as UTF-8 in your editor"
                        .to_owned(),
                    source_line: None,
                });
            }
        };
        Ok(SourceFile::new(rel, path, normalise(text)))
    }

    pub fn error(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(crate::diag::Severity::Error, line, column, message.into())
    }

    pub fn warning(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(crate::diag::Severity::Warning, line, column, message.into())
    }

    fn diagnostic(
        &self,
        severity: crate::diag::Severity,
        line: usize,
        column: usize,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            path: self.rel.clone(),
            line,
            column,
            message,
            source_line: self.line(line).map(str::to_owned),
        }
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
        if value.is_empty() {
            return None;
        }
        for (n, line) in self.lines_between(from, to) {
            let mut search = 0;
            while let Some(pos) = line[search..].find(value) {
                let start = search + pos;
                let end = start + value.len();
                let before_ok = line[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c));
                let after_ok = line[end..].chars().next().is_none_or(|c| !is_word_char(c));
                if before_ok && after_ok {
                    return Some((n, line[..start].chars().count() + 1));
                }
                search = end;
            }
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
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
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
