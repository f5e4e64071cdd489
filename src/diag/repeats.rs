//! Taking the diagnostics of one cause together: one unknown topic named by 40 articles is
//! one problem, shown once with how many places it is in and the first few of them
//! ("found in 12 files: a.md:3:9, b.md:4:9, c.md:3:9 and 9 more"), not 40 messages that
//! bury everything else. [Repeatable](super::Diagnostic::repeatable) diagnostics group when
//! they have the same severity, kind and message; the others stand alone.

use std::collections::hash_map::Entry;

use super::Diagnostic;
use super::kind::{Kind, thousands};
use crate::word_map::{FastMap, FastSet};

/// The most places a grouped message names.
pub const PLACES: usize = 3;

/// The diagnostics of one cause (or one diagnostic that is not repeatable).
pub struct Group<'a> {
    /// The first of them, which stands for the rest.
    pub first: &'a Diagnostic,
    /// How many there are, the first included.
    pub count: usize,
    /// The others' places, once a second one joins: nothing is allocated for a diagnostic
    /// alone, which most are, and a group stays three words long.
    others: Option<Box<Others<'a>>>,
}

/// What a [`Group`] knows of its diagnostics after the first.
struct Others<'a> {
    /// The next of them after the first, up to [`PLACES`] in all.
    named: Vec<&'a Diagnostic>,
    /// The files they are in, the first's included.
    files: FastSet<&'a str>,
}

impl<'a> Group<'a> {
    fn new(first: &'a Diagnostic) -> Group<'a> {
        Group {
            first,
            count: 1,
            others: None,
        }
    }

    fn add(&mut self, d: &'a Diagnostic) {
        self.count += 1;
        let first = self.first.path.as_str();
        let others = self.others.get_or_insert_with(|| {
            Box::new(Others {
                named: Vec::with_capacity(PLACES - 1),
                files: FastSet::from_iter([first]),
            })
        });
        if others.named.len() + 1 < PLACES {
            others.named.push(d);
        }
        others.files.insert(d.path.as_str());
    }

    /// `; found in 12 files: a.md:3:9, b.md:4:9, c.md:3:9 and 9 more`, or nothing for a
    /// diagnostic alone.
    pub fn places(&self) -> Option<String> {
        let others = self.others.as_ref()?;
        let files = others.files.len();
        let mut shown: Vec<String> = std::iter::once(self.first)
            .chain(others.named.iter().copied())
            .map(Diagnostic::place)
            .collect();
        let rest = self.count - shown.len();
        let list = if rest > 0 {
            format!("{} and {} more", shown.join(", "), thousands(rest))
        } else {
            let last = shown.pop().unwrap_or_default();
            format!("{} and {last}", shown.join(", "))
        };
        let file_word = if files == 1 { "file" } else { "files" };
        let how_often = if files == self.count {
            format!("in {} {file_word}", thousands(files))
        } else {
            format!(
                "{} times in {} {file_word}",
                thousands(self.count),
                thousands(files)
            )
        };
        Some(format!("; found {how_often}: {list}"))
    }
}

/// `items` grouped by cause, in the order of each group's first diagnostic.
pub fn group<'a>(items: &[&'a Diagnostic]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::with_capacity(items.len());
    let mut by_cause: FastMap<(bool, Kind, &'a str), usize> = FastMap::default();
    for &d in items {
        if d.repeatable {
            match by_cause.entry((d.is_error(), d.kind, d.message.as_str())) {
                Entry::Occupied(e) => {
                    groups[*e.get()].add(d);
                    continue;
                }
                Entry::Vacant(e) => {
                    e.insert(groups.len());
                }
            }
        }
        groups.push(Group::new(d));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(path: &str, line: usize) -> Diagnostic {
        Diagnostic::error(path, "", line, 9, "unknown topic `x`").repeatable()
    }

    fn places(items: &[Diagnostic]) -> Vec<Option<String>> {
        let refs: Vec<&Diagnostic> = items.iter().collect();
        group(&refs).iter().map(Group::places).collect()
    }

    #[test]
    fn one_cause_in_many_files_is_one_group_naming_the_first_three() {
        let items: Vec<Diagnostic> = (1..=12).map(|i| topic(&format!("f{i:02}.md"), 3)).collect();
        assert_eq!(
            places(&items),
            [Some(
                "; found in 12 files: f01.md:3:9, f02.md:3:9, f03.md:3:9 and 9 more".to_owned()
            )]
        );
    }

    #[test]
    fn few_places_are_all_named_and_repeats_in_one_file_are_counted_as_times() {
        let two = [topic("a.md", 3), topic("b.md", 4)];
        assert_eq!(
            places(&two),
            [Some("; found in 2 files: a.md:3:9 and b.md:4:9".to_owned())]
        );
        let same_file = [topic("a.md", 3), topic("a.md", 5), topic("b.md", 1)];
        assert_eq!(
            places(&same_file),
            [Some(
                "; found 3 times in 2 files: a.md:3:9, a.md:5:9 and b.md:1:9".to_owned()
            )]
        );
    }

    #[test]
    fn different_messages_severities_and_unrepeatable_diagnostics_stay_apart() {
        let items = [
            topic("a.md", 1),
            Diagnostic::error("a.md", "", 2, 9, "unknown topic `y`").repeatable(),
            Diagnostic::warning("b.md", "", 1, 9, "unknown topic `x`").repeatable(),
            Diagnostic::error("c.md", "", 1, 1, "bad"),
            Diagnostic::error("d.md", "", 1, 1, "bad"),
            topic("e.md", 1),
        ];
        let refs: Vec<&Diagnostic> = items.iter().collect();
        let counts: Vec<(&str, usize)> = group(&refs)
            .iter()
            .map(|g| (g.first.path.as_str(), g.count))
            .collect();
        assert_eq!(
            counts,
            [
                ("a.md", 2),
                ("a.md", 1),
                ("b.md", 1),
                ("c.md", 1),
                ("d.md", 1)
            ]
        );
    }
}
