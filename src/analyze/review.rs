//! The review cycle: when each article, page and FAQ entry was last medically reviewed, by
//! whom, and when the next review is due (`next_review` as written, or `reviewed_on` plus the
//! site's `review_interval_months`, clamped to the month's end). Warns about an overdue
//! review, a review with nobody named, and (when `site.yaml` says `require_review: true`) an
//! article that was never reviewed.

use crate::config::Health;
use crate::content::Document;
use crate::content::date::Date;
use crate::content::faq::FaqEntry;
use crate::content::source::SourceFile;
use crate::diag::{Diagnostics, Kind};

/// The review status of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub reviewed_on: Option<Date>,
    pub reviewed_by: Option<String>,
    /// When the next review is due; `None` for an item never reviewed.
    pub next_review: Option<Date>,
    /// The next review's date has passed.
    pub overdue: bool,
}

impl Review {
    /// Works out the status from what the item says.
    pub fn new(
        reviewed_on: Option<Date>,
        reviewed_by: Option<&str>,
        next_review: Option<Date>,
        months: u32,
        today: Date,
    ) -> Review {
        let next_review = match reviewed_on {
            Some(done) => next_review.or_else(|| done.add_months(months)),
            None => None,
        };
        Review {
            reviewed_on,
            reviewed_by: reviewed_by
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            next_review,
            overdue: next_review.is_some_and(|due| due < today),
        }
    }

    /// True when the item says it was medically reviewed.
    pub fn is_reviewed(&self) -> bool {
        self.reviewed_on.is_some()
    }
}

/// The review of an article (`article`: `require_review` applies) or a standalone page.
pub fn of_document(
    doc: &Document,
    health: &Health,
    today: Date,
    article: bool,
    diags: &mut Diagnostics,
) -> Review {
    let f = &doc.front;
    let review = Review::new(
        f.reviewed_on,
        f.reviewed_by.as_deref(),
        f.next_review,
        health.review_interval_months,
        today,
    );
    let end = doc.front_matter_end_line();
    let what = if article { "article" } else { "page" };
    warn(&review, &doc.source, 1, end, what, diags);
    if article && health.require_review && !review.is_reviewed() {
        let (line, col) = doc.source.locate_key_in("title", 1, end).unwrap_or((1, 1));
        diags.push(doc.source.warning(
            line,
            col,
            "this article has not been medically reviewed, and site.yaml has `require_review: true` (add `reviewed_on` and `reviewed_by` once a clinician has checked it)",
        ).with_kind(Kind::Review));
    }
    review
}

/// The review of one FAQ entry (its own `reviewed_by`, or the file's).
pub fn of_faq_entry(
    entry: &FaqEntry,
    source: &SourceFile,
    health: &Health,
    today: Date,
    diags: &mut Diagnostics,
) -> Review {
    let review = Review::new(
        entry.reviewed_on,
        entry.reviewed_by.as_deref(),
        entry.next_review,
        health.review_interval_months,
        today,
    );
    warn(
        &review,
        source,
        entry.first_line,
        entry.last_line,
        "answer",
        diags,
    );
    review
}

/// The warnings about a review written between lines `from` and `to` of `file`.
fn warn(
    review: &Review,
    file: &SourceFile,
    from: usize,
    to: usize,
    what: &str,
    diags: &mut Diagnostics,
) {
    let Some(done) = review.reviewed_on else {
        return;
    };
    let at = |key: &str| {
        file.locate_key_in(key, from, to)
            .unwrap_or((from.max(1), 1))
    };
    if review.overdue {
        let due = review.next_review.map(|d| d.display()).unwrap_or_default();
        let key = if file.locate_key_in("next_review", from, to).is_some() {
            "next_review"
        } else {
            "reviewed_on"
        };
        let (line, col) = at(key);
        diags.push(file.warning(
            line,
            col,
            format!(
                "the review of this {what} was due on {due} (last reviewed on {}); have it reviewed again, then update `reviewed_on`",
                done.display()
            ),
        ).with_kind(Kind::Review));
    }
    if review.reviewed_by.is_none() {
        let (line, col) = at("reviewed_on");
        diags.push(
            file.warning(
                line,
                col,
                format!("this {what} says it was reviewed but not by whom: add `reviewed_by`"),
            )
            .with_kind(Kind::Review),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a valid date")
    }

    #[test]
    fn the_next_review_defaults_to_the_interval_after_the_last() {
        let r = Review::new(
            Some(d("2024-01-31")),
            Some("Dr A"),
            None,
            1,
            d("2024-02-01"),
        );
        assert_eq!(r.next_review, Some(d("2024-02-29")));
        assert!(!r.overdue);
        let r = Review::new(
            Some(d("2023-05-20")),
            Some("Dr A"),
            None,
            36,
            d("2026-05-20"),
        );
        assert_eq!(r.next_review, Some(d("2026-05-20")));
        assert!(!r.overdue, "due today is not yet overdue");
        let r = Review::new(
            Some(d("2023-05-20")),
            Some("Dr A"),
            None,
            36,
            d("2026-05-21"),
        );
        assert!(r.overdue);
    }

    #[test]
    fn an_explicit_next_review_wins_and_unreviewed_items_have_none() {
        let r = Review::new(
            Some(d("2025-01-01")),
            Some("Dr A"),
            Some(d("2025-07-01")),
            36,
            d("2025-08-01"),
        );
        assert_eq!(r.next_review, Some(d("2025-07-01")));
        assert!(r.overdue);
        let r = Review::new(
            None,
            Some("Dr A"),
            Some(d("2030-01-01")),
            36,
            d("2025-08-01"),
        );
        assert_eq!(r.next_review, None);
        assert!(!r.overdue && !r.is_reviewed());
        let r = Review::new(Some(d("2025-01-01")), Some("  "), None, 36, d("2025-08-01"));
        assert_eq!(r.reviewed_by, None, "a blank reviewer is no reviewer");
    }
}
