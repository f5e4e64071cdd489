//! The report as a plain-text table for a terminal: one line per item, columns aligned, then
//! a count of items with problems.

use super::{Report, figure};

/// The longest title shown in full; longer ones are cut with `…`.
const TITLE_WIDTH: usize = 40;

/// The whole report as text.
pub fn render(report: &Report) -> String {
    let mut rows: Vec<[String; 9]> = vec![[
        "KIND".into(),
        "TITLE".into(),
        "WORDS".into(),
        "MIN".into(),
        "FK".into(),
        "SMOG".into(),
        "REVIEWED".into(),
        "NEXT REVIEW".into(),
        "PROBLEMS".into(),
    ]];
    for row in &report.rows {
        let r = row.item.readability.as_ref();
        let review = &row.item.review;
        let problems = row.problems(report.max_grade);
        rows.push([
            row.kind.name().to_owned(),
            cut(&row.subject.title),
            r.map_or("-".into(), |r| r.words.to_string()),
            r.map_or("-".into(), |r| r.reading_minutes.to_string()),
            figure(r.map(|r| r.flesch_kincaid_grade)),
            figure(r.map(|r| r.smog_grade)),
            review.reviewed_on.map_or("no".into(), |d| d.to_string()),
            review.next_review.map_or("-".into(), |d| d.to_string()),
            if problems.is_empty() {
                "-".to_owned()
            } else {
                problems.join("; ")
            },
        ]);
    }
    let mut widths = [0usize; 9];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} of {} items have problems (as of {}; readability limit: SMOG grade {}).\n",
        report.with_problems(),
        report.rows.len(),
        report.today,
        report.max_grade
    ));
    out
}

fn cut(title: &str) -> String {
    if title.chars().count() <= TITLE_WIDTH {
        title.to_owned()
    } else {
        let kept: String = title.chars().take(TITLE_WIDTH - 1).collect();
        format!("{kept}…")
    }
}
