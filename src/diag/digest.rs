//! What a person is shown of a run's diagnostics: at most [`PER_FILE`] for one file and
//! [`PER_RUN`] in all, in order, then one line counting the rest by kind ("and 1,300 more:
//! 1,234 warnings [long_words], 66 errors (broken links)"). The terminal, the preview's
//! overlay and its error page all show a [`Digest`], so none of them grows with the number of
//! problems; exit statuses and count lines use the full counts it carries.
//!
//! Diagnostics of one cause (one unknown topic named by 40 articles) are first taken
//! together ([`repeats`](super::repeats)) and shown as one, which names the first few places
//! and counts the rest; such a group takes the room of one diagnostic in its first file.
//! Errors are chosen before warnings (a failed build always shows why it failed), and each
//! message is cut to [`MESSAGE_CHARS`], so a digest is bounded in bytes whatever the input.

use std::io::{self, Write};

use super::kind::{Kind, thousands};
use super::repeats::{self, Group};
use super::{Diagnostic, Severity};
use crate::word_map::FastMap;

/// The most diagnostics shown for one file.
pub const PER_FILE: usize = 20;
/// The most diagnostics shown for one run.
pub const PER_RUN: usize = 200;
/// The most characters of a message shown (careleaf's own run to a few hundred; only a
/// message quoting a very long value from the site needs cutting).
pub const MESSAGE_CHARS: usize = 600;

/// The diagnostics a person is shown, with counts of the rest.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// The diagnostics shown, in the order they came.
    pub shown: Vec<Diagnostic>,
    /// What was left out.
    pub hidden: Hidden,
    /// All errors, shown or not.
    pub errors: usize,
    /// All warnings, shown or not.
    pub warnings: usize,
}

/// How many diagnostics of each severity and kind were left out of a [`Digest`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Errors first, then by count (most first), then by kind.
    counts: Vec<(Severity, Kind, usize)>,
}

impl Digest {
    /// The digest of `items` (in the order given).
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Diagnostic>) -> Digest {
        let items: Vec<&Diagnostic> = items.into_iter().collect();
        let groups = repeats::group(&items);
        let mut chosen = vec![false; groups.len()];
        let mut per_file: FastMap<&str, usize> = FastMap::default();
        let mut room = PER_RUN;
        for errors in [true, false] {
            for (i, g) in groups.iter().enumerate() {
                if g.first.is_error() != errors || room == 0 {
                    continue;
                }
                let in_file = per_file.entry(g.first.path.as_str()).or_insert(0);
                if *in_file < PER_FILE {
                    *in_file += 1;
                    room -= 1;
                    chosen[i] = true;
                }
            }
        }
        let mut hidden: FastMap<(bool, Kind), usize> = FastMap::default();
        let mut shown = Vec::new();
        for (g, chosen) in groups.iter().zip(chosen) {
            if chosen {
                shown.push(brief(g));
            } else {
                *hidden
                    .entry((g.first.is_error(), g.first.kind))
                    .or_insert(0) += g.count;
            }
        }
        let errors = items.iter().filter(|d| d.is_error()).count();
        Digest {
            shown,
            hidden: Hidden::new(hidden),
            errors,
            warnings: items.len() - errors,
        }
    }

    /// Writes the shown diagnostics (each followed by a blank line) and the line counting
    /// the rest.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        for d in &self.shown {
            writeln!(out, "{d}\n")?;
        }
        if let Some(line) = self.hidden.line() {
            writeln!(out, "{line}\n")?;
        }
        Ok(())
    }
}

impl Hidden {
    fn new(counts: FastMap<(bool, Kind), usize>) -> Hidden {
        let mut counts: Vec<(Severity, Kind, usize)> = counts
            .into_iter()
            .map(|((error, kind), n)| {
                let severity = if error {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                (severity, kind, n)
            })
            .collect();
        counts.sort_by(|a, b| {
            let key =
                |&(s, k, n): &(Severity, Kind, usize)| (s != Severity::Error, usize::MAX - n, k);
            key(a).cmp(&key(b))
        });
        Hidden { counts }
    }

    /// How many were left out.
    pub fn total(&self) -> usize {
        self.counts.iter().map(|&(_, _, n)| n).sum()
    }

    /// `and 1,300 more: 1,234 warnings [long_words], 66 errors (broken links)`, when any
    /// were left out.
    pub fn line(&self) -> Option<String> {
        if self.counts.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|&(severity, kind, n)| kind.count(severity, n))
            .collect();
        Some(format!(
            "and {} more: {}",
            thousands(self.total()),
            parts.join(", ")
        ))
    }
}

/// A copy of the group's first diagnostic with its message cut to [`MESSAGE_CHARS`], then
/// naming the group's places.
fn brief(g: &Group) -> Diagnostic {
    let mut copy = g.first.clone();
    let mut message = copy.message.to_string();
    if let Some((cut, _)) = message.char_indices().nth(MESSAGE_CHARS) {
        message.truncate(cut);
        message.push('…');
    }
    if let Some(places) = g.places() {
        message.push_str(&places);
    }
    copy.message = message.into();
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(severity: Severity, path: &str, kind: Kind) -> Diagnostic {
        let d = match severity {
            Severity::Error => Diagnostic::file_error(path, "bad"),
            Severity::Warning => Diagnostic::warning(path, "", 0, 0, "meh"),
        };
        d.with_kind(kind)
    }

    #[test]
    fn few_diagnostics_are_all_shown() {
        let items = [
            diag(Severity::Warning, "a", Kind::Other),
            diag(Severity::Error, "b", Kind::BrokenLink),
        ];
        let digest = Digest::of(&items);
        assert_eq!(digest.shown.len(), 2);
        assert_eq!(digest.shown[0].path, "a", "in the order they came");
        assert_eq!(digest.hidden.line(), None);
        assert_eq!((digest.errors, digest.warnings), (1, 1));
    }

    #[test]
    fn files_and_runs_are_capped_and_the_rest_counted_by_kind() {
        let long = Kind::PlainLanguage("long_words");
        let mut items = Vec::new();
        for f in 0..30 {
            for _ in 0..25 {
                items.push(diag(Severity::Warning, &format!("f{f:02}"), long));
            }
        }
        items.push(diag(Severity::Error, "z", Kind::BrokenLink));
        items.push(diag(Severity::Error, "z", Kind::BrokenLink));
        let digest = Digest::of(&items);
        assert_eq!(digest.shown.len(), PER_RUN);
        assert!(digest.shown.iter().filter(|d| d.path == "f00").count() == PER_FILE);
        assert_eq!(
            digest.shown.last().map(|d| d.path.as_str()),
            Some("z"),
            "errors are shown even after the room for warnings ran out"
        );
        assert_eq!(digest.hidden.total(), items.len() - PER_RUN);
        assert_eq!(
            digest.hidden.line().as_deref(),
            Some("and 552 more: 552 warnings [long_words]")
        );
        assert_eq!((digest.errors, digest.warnings), (2, 750));
    }

    #[test]
    fn the_rest_lists_errors_first_then_the_most_common() {
        let mut items = vec![diag(Severity::Error, "a", Kind::Other); PER_FILE];
        items.push(diag(Severity::Warning, "a", Kind::Review));
        items.extend(vec![diag(Severity::Warning, "a", Kind::Callout); 2]);
        items.push(diag(Severity::Error, "a", Kind::BrokenLink));
        assert_eq!(
            Digest::of(&items).hidden.line().as_deref(),
            Some("and 4 more: 1 error (broken links), 2 warnings (callouts), 1 warning (reviews)")
        );
    }

    #[test]
    fn repeats_of_one_cause_are_shown_once_and_counted_in_full() {
        let topic =
            |path: &str| Diagnostic::error(path, "", 3, 9, "unknown topic `x`").repeatable();
        let mut items: Vec<Diagnostic> = (0..30).map(|i| topic(&format!("f{i:02}"))).collect();
        // One file's room is 20: a group takes one of it.
        items.extend((0..25).map(|_| diag(Severity::Error, "f00", Kind::BrokenLink)));
        let digest = Digest::of(&items);
        assert_eq!(
            digest.shown[0].message,
            "unknown topic `x`; found in 30 files: f00:3:9, f01:3:9, f02:3:9 and 27 more"
        );
        assert_eq!(digest.shown.len(), PER_FILE);
        assert_eq!(
            digest.hidden.line().as_deref(),
            Some("and 6 more: 6 errors (broken links)")
        );
        assert_eq!((digest.errors, digest.warnings), (55, 0));
    }

    #[test]
    fn long_messages_are_cut() {
        let d = Diagnostic::file_error("a", "x".repeat(5000));
        let digest = Digest::of([&d]);
        assert_eq!(digest.shown[0].message.chars().count(), MESSAGE_CHARS + 1);
        assert!(digest.shown[0].message.ends_with('…'));
    }
}
