//! The report as JSON, for scripts: one object with the site, the date, the limit and an
//! `items` array; dates are `YYYY-MM-DD`, figures are numbers (or null when there is no
//! prose), problems are the same sentences the other formats show.

use serde_json::{Value, json};

use super::Report;

/// The whole report as pretty-printed JSON (one value, ending with a newline).
pub fn render(report: &Report) -> String {
    let items: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            let r = row.item.readability.as_ref();
            let review = &row.item.review;
            json!({
                "kind": row.kind.name(),
                "title": row.subject.title,
                "file": row.subject.file,
                "line": row.subject.line,
                "path": row.subject.path,
                "words": r.map(|r| r.words),
                "sentences": r.map(|r| r.sentences),
                "reading_minutes": r.map(|r| r.reading_minutes),
                "flesch_reading_ease": r.map(|r| round(r.flesch_reading_ease)),
                "flesch_kincaid_grade": r.map(|r| round(r.flesch_kincaid_grade)),
                "smog_grade": r.map(|r| round(r.smog_grade)),
                "reviewed_on": review.reviewed_on.map(|d| d.to_string()),
                "reviewed_by": review.reviewed_by,
                "next_review": review.next_review.map(|d| d.to_string()),
                "overdue": review.overdue,
                "lints": row.item.lints,
                "problems": row.problems(report.max_grade),
            })
        })
        .collect();
    let value = json!({
        "site": report.site_title,
        "today": report.today.to_string(),
        "max_grade": report.max_grade,
        "items": items,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Two decimals are plenty for a grade.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
