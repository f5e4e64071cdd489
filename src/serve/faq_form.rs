//! The preview's "add a question" page: `/_careleaf/faq/new`.
//!
//! A plain form (question, answer with a live preview, topics as checkboxes, related
//! articles, optional id) that adds an entry through the same checks and the same write path
//! as `careleaf faq add`, then lands on the new entry in the rebuilt FAQ page. It exists only
//! in the preview and only when the server is bound to a loopback address. Every POST must
//! carry the per-process token embedded in the form, so another web page open in the same
//! browser cannot post to it (and the server also refuses foreign `Origin` headers). Problems
//! are shown next to their fields, and what was typed is kept.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};

use super::http::{Shared, guard, response};
use crate::faq_edit::{self, Field, NewEntry, Problem};
use crate::render::markdown::escape_html;

/// Where the form lives.
pub const FORM_PATH: &str = "/_careleaf/faq/new";
/// Where the live answer preview is rendered.
pub const PREVIEW_PATH: &str = "/_careleaf/faq/preview";

/// What the form needs besides the shared server state.
pub struct FormConfig {
    pub root: PathBuf,
    pub drafts: bool,
    /// Random per process: proves a POST came from the form this server made.
    pub token: String,
    /// False when bound to a non-loopback address: then the form does not exist.
    pub enabled: bool,
}

/// Makes a token no other page can guess.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .is_ok();
    if !from_os {
        // Fallback: hash of the time, the process id and an address.
        let mut fp = crate::fingerprint::Fingerprint::new();
        fp.add(&format!(
            "{:?}{}{:p}",
            std::time::SystemTime::now(),
            std::process::id(),
            &bytes
        ));
        bytes = fp.finish().to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares without stopping at the first difference.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The submitted fields.
#[derive(Debug, Default, Clone)]
struct Submitted {
    token: String,
    question: String,
    answer: String,
    topics: Vec<String>,
    related: Vec<String>,
    id: String,
}

fn parse_form(body: &[u8]) -> Submitted {
    let mut s = Submitted::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "token" => s.token = v,
            "question" => s.question = v,
            "answer" => s.answer = v,
            "topics" => s.topics.push(v),
            "related" => s.related.push(v),
            "id" => s.id = v,
            _ => {}
        }
    }
    s
}

impl Submitted {
    fn entry(&self) -> NewEntry {
        NewEntry {
            question: self.question.clone(),
            answer: self.answer.clone(),
            topics: self.topics.clone(),
            related: self.related.clone(),
            id: Some(self.id.clone()).filter(|s| !s.trim().is_empty()),
            new_topic: None,
        }
    }
}

type App = (Arc<Shared>, Arc<FormConfig>);

/// Refusals shared by every route of the form.
fn refuse(app: &App, headers: &HeaderMap) -> Option<Response<Body>> {
    if !app.1.enabled {
        return Some(super::http::plain(StatusCode::NOT_FOUND, "Not found\n"));
    }
    guard(&app.0, headers)
}

/// The submitted fields of a POST that passed every check (host, origin, token).
fn accept(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<Submitted, Box<Response<Body>>> {
    if let Some(r) = refuse(app, headers) {
        return Err(Box::new(r));
    }
    let s = parse_form(body);
    if !same_token(&s.token, &app.1.token) {
        return Err(Box::new(super::http::plain(
            StatusCode::FORBIDDEN,
            "careleaf preview: this form has expired or did not come from this preview; reload the page\n",
        )));
    }
    Ok(s)
}

pub async fn show(State(app): State<App>, headers: HeaderMap) -> Response<Body> {
    if let Some(r) = refuse(&app, &headers) {
        return r;
    }
    let html = form_page(&app, &Submitted::default(), &[]);
    response(
        StatusCode::OK,
        "text/html; charset=utf-8",
        html.into_bytes(),
        false,
    )
}

pub async fn submit(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response<Body> {
    let s = match accept(&app, &headers, &body) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let root = app.1.root.clone();
    let entry = s.entry();
    let result = tokio::task::spawn_blocking(move || faq_edit::add(&root, &entry)).await;
    let problems = match result {
        Ok(Ok(added)) => {
            // Land on the new entry once the preview has rebuilt with it.
            let shared = app.0.clone();
            let id = added.id.clone();
            let _ = tokio::task::spawn_blocking(move || {
                wait_for_entry(&shared, &id, Duration::from_secs(10))
            })
            .await;
            let mut r = super::http::plain(StatusCode::SEE_OTHER, "Added\n");
            if let Ok(v) = HeaderValue::from_str(&added.faq_path) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        Ok(Err(crate::Error::Refused { problems })) => problems,
        Ok(Err(e)) => vec![Problem {
            field: Field::File,
            message: e.report(),
        }],
        Err(e) => vec![Problem {
            field: Field::File,
            message: format!("the add did not finish: {e}"),
        }],
    };
    let html = form_page(&app, &s, &problems);
    response(
        StatusCode::UNPROCESSABLE_ENTITY,
        "text/html; charset=utf-8",
        html.into_bytes(),
        false,
    )
}

/// Waits until the served FAQ page has an element with the entry's id.
fn wait_for_entry(shared: &Shared, id: &str, limit: Duration) {
    let started = Instant::now();
    let needle = format!("id=\"{id}\"");
    while started.elapsed() < limit {
        let found = shared
            .snapshot
            .read()
            .ok()
            .and_then(|s| s.clone())
            .and_then(|s| s.pages.get("faq/index.html").cloned())
            .is_some_and(|page| String::from_utf8_lossy(&page).contains(&needle));
        if found {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The answer rendered by the site's markdown pipeline, and any problems, as JSON.
pub async fn preview(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response<Body> {
    let s = match accept(&app, &headers, &body) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let root = app.1.root.clone();
    let result = tokio::task::spawn_blocking(move || {
        let html = faq_edit::render_answer(&s.answer);
        let problems = if s.question.trim().is_empty() && s.answer.trim().is_empty() {
            Vec::new()
        } else {
            faq_edit::check(&root, &s.entry()).err().unwrap_or_default()
        };
        serde_json::json!({ "html": html, "problems": problems }).to_string()
    })
    .await
    .unwrap_or_else(|_| "{\"html\":\"\",\"problems\":[]}".to_owned());
    response(
        StatusCode::OK,
        "application/json",
        result.into_bytes(),
        false,
    )
}

fn field_errors(problems: &[Problem], field: Field, id: &str) -> String {
    let items: Vec<String> = problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| format!("<li>{}</li>", escape_html(&p.message)))
        .collect();
    if items.is_empty() {
        format!("<ul class=\"field-errors\" id=\"{id}-errors\" hidden></ul>")
    } else {
        format!(
            "<ul class=\"field-errors\" id=\"{id}-errors\" role=\"alert\">{}</ul>",
            items.join("")
        )
    }
}

fn described(problems: &[Problem], field: Field, id: &str) -> String {
    if problems.iter().any(|p| p.field == field) {
        format!(" aria-invalid=\"true\" aria-describedby=\"{id}-help {id}-errors\"")
    } else {
        format!(" aria-describedby=\"{id}-help {id}-errors\"")
    }
}

/// The form page, with what was typed and the problems next to their fields.
fn form_page(app: &App, s: &Submitted, problems: &[Problem]) -> String {
    let choices = faq_edit::choices(&app.1.root, app.1.drafts);
    let topic_boxes: String = choices
        .topics
        .iter()
        .map(|(slug, title)| {
            let checked = if s.topics.contains(slug) { " checked" } else { "" };
            format!(
                "<li><label><input type=\"checkbox\" name=\"topics\" value=\"{}\"{checked}> {}</label></li>",
                escape_html(slug),
                escape_html(title)
            )
        })
        .collect();
    let article_boxes: String = choices
        .articles
        .iter()
        .map(|(slug, title)| {
            let checked = if s.related.contains(slug) { " checked" } else { "" };
            format!(
                "<li><label><input type=\"checkbox\" name=\"related\" value=\"{}\"{checked}> {}</label></li>",
                escape_html(slug),
                escape_html(title)
            )
        })
        .collect();
    let file_errors = field_errors(problems, Field::File, "file");
    let summary = if problems.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>The question was not added</h2><p>Nothing was changed. Fix the {} below and send it again.</p></div>",
            if problems.len() == 1 {
                "problem"
            } else {
                "problems"
            }
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Add a question | careleaf preview</title>
<link rel="stylesheet" href="/style.css">
<style>
.careleaf-form {{ max-width: 46rem; }}
.careleaf-form label.block {{ display: block; font-weight: 700; margin: 1.25rem 0 .25rem; }}
.careleaf-form input[type=text], .careleaf-form textarea {{ width: 100%; font: inherit; padding: .5rem; box-sizing: border-box; }}
.careleaf-form textarea {{ min-height: 10rem; }}
.careleaf-form fieldset {{ margin: 1.25rem 0; }}
.careleaf-form ul.choices {{ list-style: none; padding: 0; columns: 2 14rem; }}
.field-errors {{ color: #a00000; font-weight: 700; margin: .25rem 0; }}
.error-summary {{ border: 3px solid #a00000; padding: .5rem 1rem; margin: 1rem 0; }}
.hint {{ margin: 0; }}
#answer-preview {{ border: 1px dashed currentColor; padding: .5rem 1rem; min-height: 2rem; }}
button {{ font: inherit; padding: .6rem 1.2rem; margin-top: 1rem; }}
</style>
</head>
<body>
<main id="main" class="wrap careleaf-form">
<h1>Add a question</h1>
<p>The question is added to <code>content/faq.yaml</code> and appears on the FAQ page once saved.</p>
{summary}
{file_errors}
<form method="post" action="{form}" novalidate>
<input type="hidden" name="token" value="{token}">
<label class="block" for="question">Question</label>
<p class="hint" id="question-help">One line, as a reader would ask it.</p>
{q_err}
<input type="text" id="question" name="question" value="{question}" required{q_desc}>
<label class="block" for="answer">Answer</label>
<p class="hint" id="answer-help">Plain words. Markdown works: <code>**bold**</code>, lists, and links such as <code>[safety](/articles/dry-needling-safety/)</code>.</p>
{a_err}
<textarea id="answer" name="answer" required{a_desc}>{answer}</textarea>
<h2 class="hint" id="preview-title">Preview of the answer</h2>
<div id="answer-preview" aria-labelledby="preview-title" aria-live="polite"></div>
<fieldset{t_desc}>
<legend>Topics <span class="hint" id="topics-help">(the first one ticked is the group it is shown under)</span></legend>
{t_err}
<ul class="choices">{topic_boxes}</ul>
</fieldset>
<fieldset{r_desc}>
<legend>Related articles <span class="hint" id="related-help">(optional)</span></legend>
{r_err}
<ul class="choices">{article_boxes}</ul>
</fieldset>
<label class="block" for="id">Link id (optional)</label>
<p class="hint" id="id-help">Lowercase letters, digits and hyphens. Left empty, it is made from the question.</p>
{i_err}
<input type="text" id="id" name="id" value="{id}"{i_desc}>
<button type="submit">Add the question</button>
</form>
</main>
<script>
(function () {{
  var form = document.querySelector("form");
  var box = document.getElementById("answer-preview");
  var answerErrors = document.getElementById("answer-errors");
  var timer = null;
  function update() {{
    var data = new URLSearchParams(new FormData(form));
    fetch("{preview}", {{ method: "POST", body: data }})
      .then(function (r) {{ return r.json(); }})
      .then(function (j) {{
        box.innerHTML = j.html;
        var mine = (j.problems || []).filter(function (p) {{ return p.field === "answer"; }});
        answerErrors.textContent = "";
        mine.forEach(function (p) {{ var li = document.createElement("li"); li.textContent = p.message; answerErrors.appendChild(li); }});
        answerErrors.hidden = mine.length === 0;
      }})
      .catch(function () {{}});
  }}
  form.addEventListener("input", function () {{ clearTimeout(timer); timer = setTimeout(update, 150); }});
  update();
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}})();
</script>
</body>
</html>
"#,
        form = FORM_PATH,
        preview = PREVIEW_PATH,
        token = escape_html(&app.1.token),
        question = escape_html(&s.question),
        answer = escape_html(&s.answer),
        id = escape_html(&s.id),
        q_err = field_errors(problems, Field::Question, "question"),
        a_err = field_errors(problems, Field::Answer, "answer"),
        t_err = field_errors(problems, Field::Topics, "topics"),
        r_err = field_errors(problems, Field::Related, "related"),
        i_err = field_errors(problems, Field::Id, "id"),
        q_desc = described(problems, Field::Question, "question"),
        a_desc = described(problems, Field::Answer, "answer"),
        t_desc = described(problems, Field::Topics, "topics"),
        r_desc = described(problems, Field::Related, "related"),
        i_desc = described(problems, Field::Id, "id"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_compared_fully() {
        let a = new_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_token());
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &a[..31]));
        assert!(!same_token(&a, "x"));
    }

    #[test]
    fn form_fields_parse_with_repeats() {
        let s = parse_form(
            b"token=t&question=Does+it%3F&answer=a%0D%0Ab&topics=x&topics=y&related=r&id=",
        );
        assert_eq!(s.question, "Does it?");
        assert_eq!(s.answer, "a\r\nb");
        assert_eq!(s.topics, ["x", "y"]);
        assert_eq!(s.entry().id, None);
    }
}
