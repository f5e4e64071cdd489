//! `careleaf report`: one row for each article, page and FAQ entry, with its size, reading
//! time, readability, review status and what is wrong with it, as plain text (`text`), JSON
//! (`json`) or a page an editor can open (`html`, also served live by the preview at
//! `/_careleaf/report/`). It formats what the analysis stage found and decides nothing new.

pub mod html;
pub mod json;
pub mod text;

use crate::analyze::{Analysis, Item, Subject, Subjects};
use crate::content::date::Date;

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Page,
    Faq,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Page => "page",
            Kind::Faq => "faq",
        }
    }
}

/// One row: an item, what it is, and what the analysis found.
pub struct Row<'a> {
    pub kind: Kind,
    pub subject: &'a Subject,
    pub item: &'a Item,
}

/// Everything a report shows.
pub struct Report<'a> {
    pub site_title: &'a str,
    pub today: Date,
    pub max_grade: f64,
    pub rows: Vec<Row<'a>>,
}

impl<'a> Report<'a> {
    /// The rows of a site's analysis: articles, then pages, then FAQ entries.
    pub fn new(
        site_title: &'a str,
        today: Date,
        max_grade: f64,
        analysis: &'a Analysis,
        subjects: &'a Subjects,
    ) -> Report<'a> {
        let lists = [
            (Kind::Article, &analysis.articles, &subjects.articles),
            (Kind::Page, &analysis.pages, &subjects.pages),
            (Kind::Faq, &analysis.faq, &subjects.faq),
        ];
        let rows = lists
            .into_iter()
            .flat_map(|(kind, items, subjects)| {
                items
                    .iter()
                    .zip(subjects.iter())
                    .map(move |(item, subject)| Row {
                        kind,
                        subject,
                        item,
                    })
            })
            .collect();
        Report {
            site_title,
            today,
            max_grade,
            rows,
        }
    }

    /// How many rows have at least one problem.
    pub fn with_problems(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !r.problems(self.max_grade).is_empty())
            .count()
    }
}

impl Row<'_> {
    /// What is wrong with the item, in words, most important first.
    pub fn problems(&self, max_grade: f64) -> Vec<String> {
        let mut out = Vec::new();
        let review = &self.item.review;
        if let Some(r) = &self.item.readability
            && r.too_hard
        {
            out.push(format!(
                "too hard to read (SMOG grade {:.1}, above {max_grade})",
                r.smog_grade
            ));
        }
        if review.overdue {
            let due = review
                .next_review
                .map(|d| d.to_string())
                .unwrap_or_default();
            out.push(format!("review overdue since {due}"));
        }
        match (review.is_reviewed(), self.kind) {
            (false, Kind::Article | Kind::Faq) => out.push("not medically reviewed".to_owned()),
            (true, _) if review.reviewed_by.is_none() => {
                out.push("reviewed, but no reviewer named".to_owned())
            }
            _ => {}
        }
        if !self.subject.has_description {
            out.push("no description".to_owned());
        }
        let lints: Vec<String> = self
            .item
            .lints
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(name, n)| format!("{} {n}", name.replace('_', " ")))
            .collect();
        if !lints.is_empty() {
            out.push(format!("plain language: {}", lints.join(", ")));
        }
        out
    }
}

/// `12.34` as `12.3`; a missing figure as `-`.
pub fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Readability, Review};
    use std::collections::BTreeMap;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    fn subject(described: bool) -> Subject {
        Subject {
            title: "T".into(),
            file: "content/articles/t.md".into(),
            line: 1,
            path: "/articles/t/".into(),
            has_description: described,
        }
    }

    #[test]
    fn problems_are_named_most_important_first() {
        let item = Item {
            review: Review::new(Some(d("2020-01-01")), None, None, 36, d("2026-06-01")),
            readability: Some(Readability {
                words: 100,
                sentences: 5,
                syllables: 180,
                polysyllables: 20,
                flesch_reading_ease: 40.0,
                flesch_kincaid_grade: 11.0,
                smog_grade: 12.34,
                coleman_liau: 11.0,
                smog_reliable: false,
                reading_minutes: 1,
                too_hard: true,
            }),
            lints: BTreeMap::from([("long_words", 3), ("acronyms", 0)]),
        };
        let s = subject(false);
        let row = Row {
            kind: Kind::Article,
            subject: &s,
            item: &item,
        };
        assert_eq!(
            row.problems(8.0),
            [
                "too hard to read (SMOG grade 12.3, above 8)",
                "review overdue since 2023-01-01",
                "reviewed, but no reviewer named",
                "no description",
                "plain language: long words 3",
            ]
        );
        let item = Item {
            review: Review::new(None, None, None, 36, d("2026-06-01")),
            readability: None,
            lints: BTreeMap::new(),
        };
        let s = subject(true);
        let page = Row {
            kind: Kind::Page,
            subject: &s,
            item: &item,
        };
        assert!(page.problems(8.0).is_empty(), "pages need no review");
        let faq = Row {
            kind: Kind::Faq,
            ..page
        };
        assert_eq!(faq.problems(8.0), ["not medically reviewed"]);
    }
}
