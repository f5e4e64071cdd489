//! Reading careleaf's messages: the `path:line:col: error: message` diagnostics (with their
//! source line and caret) parsed back, checked against the fixture file they point into,
//! and standard error made ready for a snapshot (run-specific paths replaced).

use std::path::Path;

use super::run::Run;
use super::site::Site;

/// One diagnostic as printed: `path:line:col: error: message`, then (for a line > 0) a
/// ` |` line, `N | source line` and ` | ^` caret line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: String,
    pub message: String,
    pub source_line: Option<String>,
    /// 0-based character position of the caret under the source line.
    pub caret: Option<usize>,
}

/// Parses every diagnostic header (and its source and caret lines) out of standard error.
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some((head, severity, message)) = [": error: ", ": warning: "]
            .iter()
            .find_map(|sep| line.split_once(sep).map(|(h, m)| (h, sep, m)))
        else {
            continue;
        };
        let severity = severity.trim_matches([':', ' ']).to_owned();
        let mut parts = head.rsplitn(3, ':');
        let (col, ln, path) = (parts.next(), parts.next(), parts.next());
        let (path, line_no, column) = match (path, ln, col) {
            (Some(p), Some(l), Some(c)) => match (l.parse(), c.parse()) {
                (Ok(l), Ok(c)) => (p.to_owned(), l, c),
                _ => (head.to_owned(), 0, 0),
            },
            _ => (head.to_owned(), 0, 0),
        };
        let mut d = Diag {
            path,
            line: line_no,
            column,
            severity,
            message: message.to_owned(),
            source_line: None,
            caret: None,
        };
        // `  |`, `N | source`, `  | ^`
        if line_no > 0 && i + 1 < lines.len() {
            let number = line_no.to_string();
            let prefix = format!("{number} | ");
            if lines[i].trim() == "|" && lines[i + 1].starts_with(&prefix) {
                d.source_line = Some(lines[i + 1][prefix.len()..].to_owned());
                let caret_line = lines.get(i + 2).copied().unwrap_or("");
                let bar = format!("{} | ", " ".repeat(number.len()));
                if let Some(rest) = caret_line.strip_prefix(&bar) {
                    d.caret = rest.find('^').map(|b| rest[..b].chars().count());
                }
                i += 3;
            }
        }
        out.push(d);
    }
    out
}

/// Finds the error about `path` at `line` whose message contains `needle`; panics showing the
/// whole standard error otherwise. Also checks the source line and caret that follow it.
pub fn expect_error<'a>(
    run: &Run,
    diags: &'a [Diag],
    path: &str,
    line: usize,
    needle: &str,
) -> &'a Diag {
    expect_diag(run, diags, "error", path, line, needle)
}

pub fn expect_diag<'a>(
    run: &Run,
    diags: &'a [Diag],
    severity: &str,
    path: &str,
    line: usize,
    needle: &str,
) -> &'a Diag {
    let d = diags
        .iter()
        .find(|d| {
            d.severity == severity && d.path == path && d.line == line && d.message.contains(needle)
        })
        .unwrap_or_else(|| {
            panic!("expected `{path}:{line}:_: {severity}: ...{needle}...` in:\n{run}")
        });
    if line > 0 {
        assert!(
            d.column >= 1,
            "column must be 1-based, got {}:\n{run}",
            d.column
        );
        assert!(
            d.source_line.is_some(),
            "no source line after the diagnostic:\n{run}"
        );
        assert_eq!(
            d.caret,
            Some(d.column - 1),
            "the caret must stand under column {}:\n{run}",
            d.column
        );
    }
    d
}

/// The 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// Like [`expect_error`], and checks the quoted source line is the file's line `line`.
pub fn expect_error_in(site: &Site, run: &Run, path: &str, line: usize, needle: &str) -> Diag {
    let diags = run.diagnostics();
    let d = expect_error(run, &diags, path, line, needle).clone();
    assert_eq!(
        d.source_line.as_deref(),
        Some(site.line(path, line).as_str()),
        "the quoted line must be line {line} of {path}:\n{run}"
    );
    d
}

/// `text` with each `(from, to)` replaced, longest `from` first (so a path is replaced before
/// a folder that holds it); for the parts of a message that change from run to run.
pub fn redact(text: &str, replacements: &[(&str, &str)]) -> String {
    let mut pairs: Vec<&(&str, &str)> =
        replacements.iter().filter(|(f, _)| !f.is_empty()).collect();
    pairs.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    pairs
        .into_iter()
        .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

/// The ways `dir` may appear in a message: as given and with symlinks resolved.
fn spellings(dir: &Path) -> Vec<String> {
    let mut out = vec![dir.display().to_string()];
    if let Ok(real) = dir.canonicalize() {
        out.push(real.display().to_string());
    }
    out
}

/// `text` with the folder `dir` written as `placeholder` (e.g. `[SITE]`).
pub fn redact_dir(text: &str, dir: &Path, placeholder: &str) -> String {
    let spellings = spellings(dir);
    let pairs: Vec<(&str, &str)> = spellings
        .iter()
        .map(|s| (s.as_str(), placeholder))
        .collect();
    redact(text, &pairs)
}
