//! Diagnostics: the errors and warnings careleaf reports about a site.
//!
//! Every problem an editor can cause is a [`Diagnostic`] that names a file (relative to the
//! site root), a 1-based line and column, and carries the offending source line so it can be
//! printed as `path:line:col: error: message` followed by the line and a caret.
//! Stages collect diagnostics into a [`Diagnostics`] list instead of stopping at the first one,
//! so one run reports everything that is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pinned to a place in a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The text of the offending line, when there is one.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a position in `text` (the file's normalised contents).
    pub fn at(
        severity: Severity,
        path: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = if line > 0 {
            text.lines().nth(line - 1).map(str::to_owned)
        } else {
            None
        };
        Diagnostic {
            severity,
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
            source_line,
        }
    }

    /// An error at a position in `text`.
    pub fn error(
        path: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Error, path, text, line, column, message)
    }

    /// A warning at a position in `text`.
    pub fn warning(
        path: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Warning, path, text, line, column, message)
    }

    /// An error about a whole file (no line to show), e.g. it cannot be read.
    pub fn file_error(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            return write!(f, "{}: {kind}: {}", self.path, self.message);
        }
        let column = self.column.max(1);
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.path, self.line, column, self.message
        )?;
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // Keep tabs in the caret line so the caret lines up under the same character.
            let lead: String = src
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {src}\n{pad} | {lead}^")?;
        }
        Ok(())
    }
}

/// The problems found in one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Makes every warning an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, then position, so output is stable whatever order stages ran in.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        self.items.dedup_by(|a, b| {
            a.path == b.path && a.line == b.line && a.column == b.column && a.message == b.message
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The path of `file` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Suggests the candidate closest to `word`, when one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        let distance = strsim::levenshtein(word, c);
        let plausible = score >= 0.8 || distance <= 2.max(word.len() / 3);
        // Equal scores go to the alphabetically first name, so the hint does not depend on
        // the order candidates come in.
        let better = best.is_none_or(|(b, s)| score > s || (score == s && c < b));
        if plausible && better {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// ` (did you mean `x`?)` or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "ab\nçd\nxyz";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'd' is after the two-byte 'ç'
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 8), (3, 2));
    }

    #[test]
    fn display_shows_line_and_caret() {
        let text = "title: x\ntopics: [dry-neeling]\n";
        let d = Diagnostic::error("content/a.md", text, 2, 10, "unknown topic");
        let shown = d.to_string();
        assert!(shown.starts_with("content/a.md:2:10: error: unknown topic\n"));
        assert!(shown.contains("2 | topics: [dry-neeling]"));
        assert!(shown.ends_with("  |          ^"), "{shown}");
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = ["title", "reviewed_on", "reviewed_by", "topics"];
        assert_eq!(closest("reviwed_on", keys), Some("reviewed_on"));
        assert_eq!(closest("topic", keys), Some("topics"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }
}
