//! The report as an HTML page an editor can open: a summary, then a table with a row per
//! item, linked to the page it is about. Standalone (`careleaf report --format html`) it
//! carries its stylesheet; in the preview it links its stylesheet by URL (the preview adds
//! its live-reload script), so it has no inline style or script there.

use super::{Report, figure};
use crate::render::markdown::escape_html;

/// The report's stylesheet, embedded in the binary.
pub const STYLESHEET: &str = include_str!("report.css");

/// How the page gets its style and whether it reloads by itself.
pub enum Shell<'a> {
    /// A file of its own: the stylesheet inside it; links to the site's `base_url`.
    Standalone { link_prefix: &'a str },
    /// In the preview: the stylesheet by URL; links at `/`.
    Preview { stylesheet: &'a str },
}

/// The whole page.
pub fn render(report: &Report, shell: &Shell) -> String {
    let (head, prefix) = match shell {
        Shell::Standalone { link_prefix } => {
            (format!("<style>\n{STYLESHEET}</style>"), *link_prefix)
        }
        Shell::Preview { stylesheet } => (
            format!(
                "<link rel=\"stylesheet\" href=\"{}\">",
                escape_html(stylesheet)
            ),
            "",
        ),
    };
    let title = format!("Content report: {}", report.site_title);
    let mut rows = String::new();
    for row in &report.rows {
        let r = row.item.readability.as_ref();
        let review = &row.item.review;
        let problems = row.problems(report.max_grade);
        let problems_html = if problems.is_empty() {
            "<td class=\"ok\">None</td>".to_owned()
        } else {
            let items: String = problems
                .iter()
                .map(|p| format!("<li>{}</li>", escape_html(p)))
                .collect();
            format!("<td class=\"problems\"><ul>{items}</ul></td>")
        };
        rows.push_str(&format!(
            "<tr><td>{kind}</td><th scope=\"row\"><a href=\"{prefix}{path}\">{title}</a><br><span class=\"file\">{file}:{line}</span></th><td class=\"num\">{words}</td><td class=\"num\">{minutes}</td><td class=\"num\">{fk}</td><td class=\"num\">{smog}</td><td>{reviewed}</td><td>{next}</td>{problems_html}</tr>\n",
            kind = row.kind.name(),
            path = escape_html(&row.subject.path),
            title = escape_html(&row.subject.title),
            file = escape_html(&row.subject.file),
            line = row.subject.line,
            words = r.map_or("-".into(), |r| r.words.to_string()),
            minutes = r.map_or("-".into(), |r| r.reading_minutes.to_string()),
            fk = figure(r.map(|r| r.flesch_kincaid_grade)),
            smog = figure(r.map(|r| r.smog_grade)),
            reviewed = review
                .reviewed_on
                .map_or("No".into(), |d| format!("<time datetime=\"{d}\">{}</time>", d.display())),
            next = review
                .next_review
                .map_or("-".into(), |d| format!("<time datetime=\"{d}\">{}</time>", d.display())),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n{head}\n</head>\n<body>\n<main id=\"main\">\n<h1>{title}</h1>\n<p class=\"summary\">{problems} of {total} items have problems, as of <time datetime=\"{today}\">{today_display}</time>. Readability limit: SMOG grade {limit}.</p>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"report-caption\" tabindex=\"0\">\n<table>\n<caption id=\"report-caption\">Every article, page and question, with what needs attention</caption>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Title</th><th scope=\"col\">Words</th><th scope=\"col\">Minutes</th><th scope=\"col\">FK grade</th><th scope=\"col\">SMOG grade</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Next review</th><th scope=\"col\">Problems</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n</main>\n</body>\n</html>\n",
        title = escape_html(&title),
        problems = report.with_problems(),
        total = report.rows.len(),
        today = report.today,
        today_display = report.today.display(),
        limit = report.max_grade,
    )
}
