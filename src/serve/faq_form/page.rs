//! The form page: the embedded `form.html` template filled in with Tera, autoescaped, with
//! what was typed and each problem beside its field. The page has no inline script or
//! style; it loads `form.css` and `form.js` from the routes named in [`super::paths`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use super::Submitted;
use crate::faq_edit::{Choices, Field, Problem};

/// The template's name; its `.html` ending turns autoescaping on.
const NAME: &str = "form.html";
const TEMPLATE: &str = include_str!("form.html");

/// The template, parsed once.
fn engine() -> Result<&'static Tera, String> {
    static ENGINE: OnceLock<Result<Tera, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let mut tera = Tera::new();
            tera.autoescape_on([".html"]);
            tera.add_raw_template(NAME, TEMPLATE)
                .map_err(|e| crate::render::templates::error_chain(&e))?;
            Ok(tera)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// One checkbox.
#[derive(Serialize)]
struct Choice<'a> {
    value: &'a str,
    label: &'a str,
    checked: bool,
}

fn boxes<'a>(offered: &'a [(String, String)], ticked: &[String]) -> Vec<Choice<'a>> {
    offered
        .iter()
        .map(|(slug, title)| Choice {
            value: slug,
            label: title,
            checked: ticked.contains(slug),
        })
        .collect()
}

/// Each field of the form: the name its ids use, the element the error summary links to,
/// and its name in the summary.
const FIELDS: [(Field, &str, &str, &str); 6] = [
    (Field::File, "file", "file-errors", "The FAQ file"),
    (Field::Question, "question", "question", "Question"),
    (Field::Answer, "answer", "answer", "Answer"),
    (Field::Topics, "topics", "topics-field", "Topics"),
    (
        Field::Related,
        "related",
        "related-field",
        "Related articles",
    ),
    (Field::Id, "id", "id", "Link id"),
];

/// One line of the error summary: a link to the field with the problem.
#[derive(Serialize)]
struct SummaryLine<'a> {
    /// The id of the element the line links to.
    target: &'static str,
    label: &'static str,
    message: &'a str,
}

/// The error summary's lines, in the order the fields are on the page.
fn summary(problems: &[Problem]) -> Vec<SummaryLine<'_>> {
    FIELDS
        .iter()
        .flat_map(|&(field, _, target, label)| {
            problems
                .iter()
                .filter(move |p| p.field == field)
                .map(move |p| SummaryLine {
                    target,
                    label,
                    message: &p.message,
                })
        })
        .collect()
}

/// What the page shows of the site: its title in the header, and its accent colours.
#[derive(Serialize, Default)]
pub struct SiteLook {
    pub title: String,
    /// The site has a `/brand.css`.
    pub brand_css: bool,
}

/// The messages of each field shown in the form, by the name its ids use.
fn field_messages(problems: &[Problem]) -> BTreeMap<&'static str, Vec<&str>> {
    FIELDS
        .iter()
        .map(|&(field, name, _, _)| {
            let messages = problems
                .iter()
                .filter(|p| p.field == field)
                .map(|p| p.message.as_str())
                .collect();
            (name, messages)
        })
        .collect()
}

/// The form page with `submitted` filled in and `problems` beside their fields.
pub fn render(
    site: &SiteLook,
    token: &str,
    submitted: &Submitted,
    problems: &[Problem],
    choices: &Choices,
) -> Result<String, String> {
    let mut ctx = Context::new();
    ctx.insert("site", site);
    ctx.insert("summary", &summary(problems));
    ctx.insert("paths", &super::paths());
    ctx.insert("token", token);
    ctx.insert("question", &submitted.question);
    ctx.insert("answer", &submitted.answer);
    ctx.insert("id", &submitted.id);
    ctx.insert("topics", &boxes(&choices.topics, &submitted.topics));
    ctx.insert("articles", &boxes(&choices.articles, &submitted.related));
    ctx.insert("fields", &field_messages(problems));
    ctx.insert("problem_count", &problems.len());
    engine()?
        .render(NAME, &ctx)
        .map_err(|e| crate::render::templates::error_chain(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            topics: vec![("pain".into(), "Pain & <aches>".into())],
            topics_defined: true,
            articles: vec![("sleep-tips".into(), "Sleep tips".into())],
        }
    }

    #[test]
    fn typed_text_is_escaped_and_problems_sit_beside_their_fields() {
        let submitted = Submitted {
            question: "Is \"this\" <b>ok</b>?".into(),
            answer: "a & b".into(),
            topics: vec!["pain".into()],
            ..Submitted::default()
        };
        let problems = [Problem {
            field: Field::Question,
            message: "bad <question>".into(),
        }];
        let html = render(
            &SiteLook::default(),
            "t0k",
            &submitted,
            &problems,
            &choices(),
        )
        .unwrap();
        assert!(
            html.contains("value=\"Is &quot;this&quot; &lt;b&gt;ok&lt;/b&gt;?\""),
            "{html}"
        );
        assert!(html.contains(">\na &amp; b</textarea>"), "{html}");
        assert!(html.contains("Pain &amp; &lt;aches&gt;"), "{html}");
        assert!(html.contains("value=\"pain\" checked>"), "{html}");
        assert!(html.contains("value=\"sleep-tips\">"), "{html}");
        assert!(
            html.contains(
                "id=\"question-errors\" role=\"alert\"><ul><li>bad &lt;question&gt;</li></ul></div>"
            ),
            "{html}"
        );
        assert!(
            html.contains("id=\"answer-errors\" hidden><ul></ul></div>"),
            "{html}"
        );
        // The summary links to the field.
        assert!(
            html.contains("<li><a href=\"#question\">Question: bad &lt;question&gt;</a></li>"),
            "{html}"
        );
        assert!(html.contains("Fix the problem below"), "{html}");
        assert_eq!(html.matches("aria-invalid=\"true\"").count(), 1, "{html}");
        assert!(html.contains("data-preview-url=\"/_careleaf/faq/preview\""));
    }

    #[test]
    fn an_empty_form_has_no_summary_and_hidden_error_lists() {
        let html = render(
            &SiteLook::default(),
            "t",
            &Submitted::default(),
            &[],
            &choices(),
        )
        .unwrap();
        assert!(!html.contains("error-summary"), "{html}");
        assert!(!html.contains("aria-invalid"), "{html}");
        assert_eq!(html.matches(" hidden><ul></ul></div>").count(), 6, "{html}");
    }
}
