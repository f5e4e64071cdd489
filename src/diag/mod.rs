//! Diagnostics: the errors and warnings careleaf reports about a site.
//!
//! Every problem an editor can cause is a [`Diagnostic`] that names a file (relative to the
//! site root), a 1-based line and column, and carries the part of the offending line around
//! the column ([`window`]) so it can be printed as `path:line:col: error: message` followed
//! by the line and a caret. Stages collect diagnostics into a [`Diagnostics`] list instead of
//! stopping at the first one, so one run reports everything that is wrong; what a person is
//! shown of a long list is a [`Digest`].

mod digest;
mod kind;
pub mod lines;
mod repeats;
mod text;
pub mod window;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

pub use digest::{Digest, Hidden, MESSAGE_CHARS, PER_FILE, PER_RUN};
pub use kind::{Kind, thousands};
pub use lines::{LineIndex, Locator, Position};
pub use repeats::PLACES;
pub use text::SharedText;

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
    /// What sort of problem it is, for counting those left out of a long list.
    pub kind: Kind,
    /// Path relative to the site root, with `/` separators.
    pub path: SharedText,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: SharedText,
    /// The part of the offending line around the column (the whole line when it is short),
    /// with `…` where it was cut; `None` when there is no line to show.
    pub source_line: Option<SharedText>,
    /// 1-based position, in characters of `source_line`, of the character the column names
    /// (a window is short, and a smaller number keeps every diagnostic small).
    pub caret: u32,
    /// The same problem can turn up in many places (one unknown topic named by 40
    /// articles, one missing page linked from 12), and its message says all that makes it
    /// that problem: repeatable diagnostics of the same severity, kind and message are shown
    /// as one, listing the first few places (see [`Digest`]). A flag rather than a separate
    /// key, so that a diagnostic stays small.
    #[serde(skip)]
    pub repeatable: bool,
}

impl Diagnostic {
    /// A diagnostic at a position in `text` (the file's normalised contents). Finding the
    /// line reads `text` from its start: for places in a [`SourceFile`](crate::content::source::SourceFile),
    /// its own `error` and `warning` use the file's line index instead.
    pub fn at(
        severity: Severity,
        path: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source = line.checked_sub(1).and_then(|n| text.lines().nth(n));
        Self::on_line(severity, path, line, column, source, message.into())
    }

    /// A diagnostic at `line` and `column`, whose line reads `source` (shown cut to a window
    /// around the column).
    pub fn on_line(
        severity: Severity,
        path: impl Into<SharedText>,
        line: usize,
        column: usize,
        source: Option<&str>,
        message: String,
    ) -> Self {
        let window = source.map(|l| window::around(l, byte_of_column(l, column)));
        Self::with_window(severity, path, line, column, window, message)
    }

    /// A diagnostic at `line` and `column` that shows `window` of its line.
    pub fn with_window(
        severity: Severity,
        path: impl Into<SharedText>,
        line: usize,
        column: usize,
        window: Option<window::Window>,
        message: impl Into<SharedText>,
    ) -> Self {
        let (source_line, caret) = match window {
            Some(w) => (Some(SharedText::from(w.text)), w.caret),
            None => (None, column.max(1)),
        };
        let caret = u32::try_from(caret).unwrap_or(u32::MAX);
        Diagnostic {
            severity,
            kind: Kind::Other,
            path: path.into(),
            line,
            column,
            message: message.into(),
            source_line,
            caret,
            repeatable: false,
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
        Self::with_window(Severity::Error, path, 0, 0, None, message.into())
    }

    /// This diagnostic, marked as being of `kind`.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// This diagnostic, marked as one whose message, wherever it is found, is the same
    /// problem (see [`Diagnostic::repeatable`]).
    pub fn repeatable(mut self) -> Self {
        self.repeatable = true;
        self
    }

    /// `content/a.md:3:9`, or the path alone for a problem with the whole file.
    pub fn place(&self) -> String {
        if self.line == 0 {
            self.path.to_string()
        } else {
            format!("{}:{}:{}", self.path, self.line, self.column.max(1))
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The byte of `line` where 1-based character column `column` starts (the line's end for
/// columns past it).
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
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
                .take((self.caret as usize).saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {src}\n{pad} | {lead}^")?;
        }
        Ok(())
    }
}

/// The problems found in one run: in the order they were found, or once
/// [`Diagnostics::sort`]ed, by file and place.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    /// Diagnostics added one by one.
    items: Vec<Diagnostic>,
    /// Lists added whole and shared with whoever keeps them (the analysis stage keeps each
    /// item's warnings between preview builds): a hundred thousand warnings are handed on
    /// without touching each one. They come after `items` in the numbering `order` uses.
    shared: Vec<Arc<[Diagnostic]>>,
    /// Where each shared list starts in that numbering.
    shared_from: Vec<u32>,
    /// How many diagnostics the shared lists hold.
    shared_len: usize,
    /// After a sort, the order to read the diagnostics in (their numbers), repeats left
    /// out; `None` before: `items`, then the shared lists, as they were added. A sort orders
    /// numbers rather than moving diagnostics.
    order: Option<Vec<u32>>,
    /// A sort asked for and not yet made: it is made when the diagnostics are first read in
    /// order, or added to. (The preview serves a rebuilt page before it prints the build's
    /// warnings: sorting a hundred thousand of them is no reason to keep the page waiting.)
    pending: Option<Box<std::sync::OnceLock<Vec<u32>>>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.extend([d]);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.settle();
        if self.order.is_none() && self.shared.is_empty() {
            self.items.extend(other);
            return;
        }
        // Added after a sort or after shared lists: kept in the order added, after those.
        let list: Vec<Diagnostic> = other.into_iter().collect();
        if !list.is_empty() {
            self.extend_shared(Arc::from(list));
        }
    }

    /// Adds every diagnostic of `other` after these, in its order, keeping its shared lists
    /// shared.
    pub fn append(&mut self, other: Diagnostics) {
        if other.order.is_some() || other.pending.is_some() {
            self.extend(other);
            return;
        }
        self.extend(other.items);
        for list in other.shared {
            self.extend_shared(list);
        }
    }

    /// Adds a list of diagnostics that others keep too, without copying them.
    pub fn extend_shared(&mut self, list: Arc<[Diagnostic]>) {
        if list.is_empty() {
            return;
        }
        self.settle();
        let from = self.len_all();
        if let Some(order) = &mut self.order {
            order.extend(from..from + list.len() as u32);
        }
        self.shared_from.push(from);
        self.shared_len += list.len();
        self.shared.push(list);
    }

    /// How many diagnostics are held, repeats included.
    fn len_all(&self) -> u32 {
        u32::try_from(self.items.len() + self.shared_len).unwrap_or(u32::MAX)
    }

    /// The diagnostic numbered `n` (see `order`). `near` is the shared list the last one
    /// was found in: a sorted order goes file by file, so it is most often the same list.
    fn get(&self, n: u32, near: &mut usize) -> Option<&Diagnostic> {
        let n = n as usize;
        if let Some(d) = self.items.get(n) {
            return Some(d);
        }
        let in_list = |i: usize| {
            let from = *self.shared_from.get(i)? as usize;
            self.shared.get(i)?.get(n.checked_sub(from)?)
        };
        if let Some(d) = in_list(*near) {
            return Some(d);
        }
        *near = self
            .shared_from
            .partition_point(|&from| from as usize <= n)
            .checked_sub(1)?;
        in_list(*near)
    }

    /// Every diagnostic held, in the order added.
    fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .chain(self.shared.iter().flat_map(|l| l.iter()))
    }

    pub fn has_errors(&self) -> bool {
        // A sort drops only repeats, so it need not be made to answer this.
        self.all().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.iter().filter(|d| !d.is_error()).count()
    }

    /// The diagnostics in order (see [`Diagnostics::sort`]).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        let (sorted, found) = match self.reading_order() {
            Some(order) => (Some(order.iter()), None),
            None => (None, Some(self.all())),
        };
        let mut near = 0;
        let sorted = sorted
            .into_iter()
            .flatten()
            .filter_map(move |&n| self.get(n, &mut near));
        sorted.chain(found.into_iter().flatten())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.shared.is_empty()
    }

    /// What a person is shown of these diagnostics (see [`Digest`]).
    pub fn digest(&self) -> Digest {
        let mut all = Vec::with_capacity(self.len_all() as usize);
        all.extend(self.iter());
        Digest::of(all)
    }

    /// What a person is shown of the errors alone.
    pub fn error_digest(&self) -> Digest {
        Digest::of(self.iter().filter(|d| d.is_error()))
    }

    /// Makes every warning an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        self.settle();
        // Shared lists are others' too: this list takes copies of them first.
        for list in std::mem::take(&mut self.shared) {
            self.items.extend(list.iter().cloned());
        }
        self.shared_from.clear();
        self.shared_len = 0;
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts by file, then position, so output is stable whatever order stages ran in.
    /// Problems at one place keep the order they were found in; a problem found twice at
    /// one place (same message) is kept once.
    ///
    /// The sort is made when first needed (see `pending`).
    pub fn sort(&mut self) {
        self.order = None;
        self.pending = Some(Box::default());
    }

    /// The order to read the diagnostics in, once sorted (the pending sort made now).
    fn reading_order(&self) -> Option<&Vec<u32>> {
        if let Some(cell) = &self.pending {
            return Some(cell.get_or_init(|| self.sorted_now()));
        }
        self.order.as_ref()
    }

    /// Makes a pending sort, before the diagnostics change.
    fn settle(&mut self) {
        if let Some(cell) = self.pending.take() {
            self.order = Some((*cell).into_inner().unwrap_or_else(|| self.sorted_now()));
        }
    }

    fn sorted_now(&self) -> Vec<u32> {
        let all: Vec<&Diagnostic> = self.all().collect();
        sorted_order(&all)
    }
}

/// The indices of `items` in the order of a stable sort by [`by_place`], a problem found
/// twice at one place (same message) kept once. It sorts small keys (the file's rank among
/// the files, line, column, index) rather than comparing paths, and looks at two
/// diagnostics' messages only when their keys say they are at one place.
fn sorted_order(items: &[&Diagnostic]) -> Vec<u32> {
    let mut files: Vec<&str> = Vec::new();
    let mut seen: crate::word_map::FastMap<&str, u32> =
        crate::word_map::FastMap::with_capacity_and_hasher(items.len() / 8 + 1, Default::default());
    let mut last: Option<(&SharedText, u32)> = None;
    let mut file_of = Vec::with_capacity(items.len());
    for &d in items {
        // Diagnostics of one file usually come together, sharing its path's text.
        let n = match last {
            Some((path, n)) if path.same(&d.path) => n,
            _ => *seen.entry(d.path.as_str()).or_insert_with(|| {
                files.push(d.path.as_str());
                (files.len() - 1) as u32
            }),
        };
        last = Some((&d.path, n));
        file_of.push(n);
    }
    let mut by_name: Vec<u32> = (0..files.len() as u32).collect();
    by_name.sort_unstable_by_key(|&n| files[n as usize]);
    let mut rank = vec![0u32; files.len()];
    for (r, &n) in by_name.iter().enumerate() {
        rank[n as usize] = r as u32;
    }
    let clamp = |n: usize| u128::from(u32::try_from(n).unwrap_or(u32::MAX));
    let mut keys: Vec<u128> = items
        .iter()
        .zip(&file_of)
        .enumerate()
        .map(|(i, (d, &f))| {
            u128::from(rank[f as usize]) << 96
                | clamp(d.line) << 64
                | clamp(d.column) << 32
                | i as u128
        })
        .collect();
    use rayon::slice::ParallelSliceMut;
    keys.par_sort_unstable();
    let place = |k: u128| k >> 32;
    let mut order: Vec<u32> = Vec::with_capacity(keys.len());
    let mut last: Option<u128> = None;
    for &k in &keys {
        // A repeat of the one kept just before: at its place, with the same message.
        let repeat = last.is_some_and(|kept| {
            place(kept) == place(k)
                && items[kept as u32 as usize].message == items[k as u32 as usize].message
        });
        if !repeat {
            order.push(k as u32);
            last = Some(k);
        }
    }
    order
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        if self.order.is_none() && self.pending.is_none() && self.shared.is_empty() {
            return self.items.into_iter();
        }
        let list: Vec<Diagnostic> = self.iter().cloned().collect();
        list.into_iter()
    }
}

/// The order of diagnostics: by file, then line, then column (what [`sorted_order`] sorts
/// by, written plainly for its test).
#[cfg(test)]
fn by_place(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let path = if a.path.same(&b.path) {
        std::cmp::Ordering::Equal
    } else {
        a.path.cmp(&b.path)
    };
    path.then(a.line.cmp(&b.line)).then(a.column.cmp(&b.column))
}

/// The path of `file` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    // A path made by joining names (nearly every one) reads the same taken apart and put
    // back together with `/`: it is copied as it is, without a string for each part.
    match rel.to_str() {
        Some(text) if is_plain_relative(text) => text.to_owned(),
        _ => path_by_parts(rel),
    }
}

/// True for a relative path whose parts are joined by single `/`s, none of them `.`: what
/// [`path_by_parts`] would give back unchanged.
fn is_plain_relative(text: &str) -> bool {
    let other_separators = !cfg!(unix) && text.contains(['\\', ':']);
    !other_separators && text.split('/').all(|part| !part.is_empty() && part != ".")
}

/// `rel`'s parts joined with `/`.
fn path_by_parts(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Words longer than this get no "did you mean" suggestion.
const SUGGEST_MAX_BYTES: usize = 256;

/// Suggests the candidate closest to `word`, when one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Comparing costs the product of the lengths; nobody mistypes a name this long.
    if word.len() > SUGGEST_MAX_BYTES {
        return None;
    }
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
    fn paths_are_shown_as_their_parts_joined_with_slashes() {
        let root = Path::new("/site");
        for rel in [
            "content/articles/a.md",
            "a.md",
            "content/./a.md",
            "content//a.md",
            "content/a.md/",
            "./a.md",
            "content/../a.md",
            ".hidden/a b.md",
            "é/ü.md",
            "",
        ] {
            let file = root.join(rel);
            let shown = display_path(root, &file);
            assert_eq!(
                shown,
                path_by_parts(file.strip_prefix(root).unwrap()),
                "{rel:?}"
            );
        }
        assert_eq!(
            display_path(root, &root.join("content//a.md")),
            "content/a.md"
        );
        assert_eq!(
            display_path(root, &root.join("content/./a.md")),
            "content/a.md"
        );
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

    proptest::proptest! {
        #[test]
        fn the_sort_is_a_stable_sort_by_file_line_and_column(
            places in proptest::collection::vec((0..4u8, 0..5usize, 0..3usize, proptest::bool::ANY), 0..60)
        ) {
            // Paths are shared texts or equal copies, as files' diagnostics are.
            let shared: Vec<SharedText> = ["b.md", "a.md", "c/d.md", "a.md"]
                .iter()
                .map(|p| SharedText::from(*p))
                .collect();
            let items: Vec<Diagnostic> = places
                .iter()
                .enumerate()
                .map(|(i, &(file, line, column, copy))| {
                    let path = match copy {
                        true => SharedText::from(shared[file as usize].as_str()),
                        false => shared[file as usize].clone(),
                    };
                    Diagnostic::with_window(Severity::Warning, path, line, column, None, format!("m{i}"))
                })
                .collect();
            let key = |d: &Diagnostic| (d.path.to_string(), d.line, d.column, d.message.to_string());
            let mut expected = items.clone();
            expected.sort_by(by_place);
            // Some added one by one, the rest as shared lists of up to three.
            let mut got = Diagnostics::new();
            let split = items.len() / 3;
            got.extend(items[..split].iter().cloned());
            for list in items[split..].chunks(3) {
                got.extend_shared(std::sync::Arc::from(list));
            }
            proptest::prop_assert_eq!(got.warning_count(), items.len());
            let found: Vec<_> = got.iter().map(key).collect();
            proptest::prop_assert_eq!(found, items.iter().map(key).collect::<Vec<_>>());
            got.sort();
            let expected: Vec<_> = expected.iter().map(key).collect();
            proptest::prop_assert_eq!(got.iter().map(key).collect::<Vec<_>>(), expected.clone());
            // Pushed after the sort: after the sorted ones, in the order pushed.
            got.push(Diagnostic::file_error("a.md", "late"));
            let mut all: Vec<_> = got.clone().into_iter().map(|d| key(&d)).collect();
            proptest::prop_assert_eq!(all.pop().map(|k| k.3), Some("late".to_owned()));
            proptest::prop_assert_eq!(&all, &expected);
            // Strict: every one an error, the order kept.
            got.promote_warnings();
            proptest::prop_assert_eq!(got.error_count(), expected.len() + 1);
            let promoted: Vec<_> = got.iter().map(key).collect();
            proptest::prop_assert_eq!(&promoted[..expected.len()], &expected[..]);
        }
    }

    #[test]
    fn a_sort_keeps_one_of_a_problem_found_twice_at_one_place() {
        let mut d = Diagnostics::new();
        let at = |line: usize, m: &str| {
            Diagnostic::with_window(Severity::Warning, "a.md", line, 1, None, m.to_owned())
        };
        d.extend([at(2, "x"), at(1, "y"), at(2, "x"), at(2, "z"), at(1, "y")]);
        assert_eq!(d.warning_count(), 5);
        d.sort();
        let found: Vec<(usize, String)> =
            d.iter().map(|d| (d.line, d.message.to_string())).collect();
        assert_eq!(found, [(1, "y".into()), (2, "x".into()), (2, "z".into())]);
        assert_eq!(d.warning_count(), 3);
        assert_eq!(d.into_iter().count(), 3);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = ["title", "reviewed_on", "reviewed_by", "topics"];
        assert_eq!(closest("reviwed_on", keys), Some("reviewed_on"));
        assert_eq!(closest("topic", keys), Some("topics"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }
}
