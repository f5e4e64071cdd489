//! The preview's "add a question" form: its routes and what each one answers.
//!
//! A plain form (question, answer with a live preview, topics as checkboxes, related
//! articles, optional id) that adds an entry through the same checks and the same write path
//! as `careleaf faq add`, then lands on the new entry in the rebuilt FAQ page. It exists only
//! in the preview, only when the server is bound to a loopback address, and only with a
//! token from the operating system's random source. Every POST must carry that per-process
//! token, embedded in the form, so another web page open in the same browser cannot post to
//! it (the router's guard also refuses foreign `Host` and `Origin` headers). Problems are
//! shown next to their fields, and what was typed is kept. The page itself is made in
//! [`page`]; its script and stylesheet are served from here.

mod page;
mod submitted;
mod token;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{Response, StatusCode};
use tokio::sync::watch;

use super::respond::{embedded, html, plain, response, see_other};
use super::state::Published;
use crate::faq_edit::{self, Field, Problem};
use submitted::Submitted;
pub use token::new_token;

/// Where the form lives.
pub const FORM_PATH: &str = "/_careleaf/faq/new";
/// Where the live answer preview is rendered.
pub const PREVIEW_PATH: &str = "/_careleaf/faq/preview";
/// The form page's script and stylesheet.
pub const SCRIPT_PATH: &str = "/_careleaf/faq/form.js";
pub const STYLESHEET_PATH: &str = "/_careleaf/faq/form.css";

const FORM_JS: &str = include_str!("form.js");
const FORM_CSS: &str = include_str!("form.css");

/// How long an add waits for the preview to show the new entry before redirecting anyway.
const ENTRY_WAIT: Duration = Duration::from_secs(10);

/// The addresses the form page refers to.
#[derive(serde::Serialize)]
struct Paths {
    form: &'static str,
    preview: &'static str,
    script: &'static str,
    stylesheet: &'static str,
}

fn paths() -> Paths {
    Paths {
        form: FORM_PATH,
        preview: PREVIEW_PATH,
        script: SCRIPT_PATH,
        stylesheet: STYLESHEET_PATH,
    }
}

/// What the form's routes share.
pub struct FormConfig {
    pub root: PathBuf,
    pub drafts: bool,
    /// Random per process: proves a POST came from the form this server made. `None` when
    /// the form is off: every form route then answers 404.
    pub token: Option<String>,
    /// Every build the preview publishes, to wait for an added entry to appear.
    pub builds: watch::Receiver<Arc<Published>>,
}

impl FormConfig {
    /// The form of the preview of `root`: on only for a loopback bind, and only when the
    /// operating system gives random bytes for the token (else off, with a warning).
    pub fn new(
        root: PathBuf,
        drafts: bool,
        loopback: bool,
        builds: watch::Receiver<Arc<Published>>,
    ) -> FormConfig {
        let token = if !loopback {
            None
        } else {
            match new_token() {
                Ok(t) => Some(t),
                Err(e) => {
                    eprintln!(
                        "careleaf: warning: the operating system gave no random bytes ({e}), so the \"add a question\" form is turned off"
                    );
                    None
                }
            }
        };
        FormConfig {
            root,
            drafts,
            token,
            builds,
        }
    }

    pub fn enabled(&self) -> bool {
        self.token.is_some()
    }
}

fn not_found() -> Response<Body> {
    plain(StatusCode::NOT_FOUND, "Not found\n")
}

/// `GET` the form.
pub async fn show(State(form): State<Arc<FormConfig>>) -> Response<Body> {
    match &form.token {
        Some(token) => form_page(&form, token, StatusCode::OK, &Submitted::default(), &[]),
        None => not_found(),
    }
}

/// `GET` the form's script.
pub async fn script(State(form): State<Arc<FormConfig>>) -> Response<Body> {
    match form.enabled() {
        true => embedded(SCRIPT_PATH, FORM_JS),
        false => not_found(),
    }
}

/// `GET` the form's stylesheet.
pub async fn stylesheet(State(form): State<Arc<FormConfig>>) -> Response<Body> {
    match form.enabled() {
        true => embedded(STYLESHEET_PATH, FORM_CSS),
        false => not_found(),
    }
}

/// The form page with the site's current topics and articles to choose from.
fn form_page(
    form: &FormConfig,
    token: &str,
    status: StatusCode,
    submitted: &Submitted,
    problems: &[Problem],
) -> Response<Body> {
    let choices = faq_edit::choices(&form.root, form.drafts);
    let site = site_look(form);
    match page::render(&site, token, submitted, problems, &choices) {
        Ok(page) => html(status, page),
        Err(e) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("careleaf preview: cannot show the form: {e}\n"),
        ),
    }
}

/// The site's title and accent stylesheet, from the build the preview serves now.
fn site_look(form: &FormConfig) -> page::SiteLook {
    let now = form.builds.borrow().clone();
    now.snapshot
        .as_ref()
        .map(|s| page::SiteLook {
            title: s.report.site_title.clone(),
            brand_css: s.pages.contains_key(crate::render::brand::FILE),
        })
        .unwrap_or_default()
}

/// The submitted fields of a POST carrying this process's token, and that token.
fn accept<'a>(
    form: &'a FormConfig,
    body: &[u8],
) -> Result<(Submitted, &'a str), Box<Response<Body>>> {
    let Some(token) = &form.token else {
        return Err(Box::new(not_found()));
    };
    let s = Submitted::parse(body);
    if !token::same_token(&s.token, token) {
        return Err(Box::new(plain(
            StatusCode::FORBIDDEN,
            "careleaf preview: this form has expired or did not come from this preview; reload the page\n",
        )));
    }
    Ok((s, token))
}

/// `POST` the form: add the entry, then land on it in the rebuilt FAQ page; or show the form
/// again with the problems.
pub async fn submit(State(form): State<Arc<FormConfig>>, body: Bytes) -> Response<Body> {
    let (s, token) = match accept(&form, &body) {
        Ok(accepted) => accepted,
        Err(r) => return *r,
    };
    let root = form.root.clone();
    let entry = s.entry();
    let result = tokio::task::spawn_blocking(move || faq_edit::add(&root, &entry)).await;
    let problems = match result {
        Ok(Ok(added)) => {
            wait_for_entry(form.builds.clone(), &added.id, ENTRY_WAIT).await;
            return see_other(&added.faq_path, "Added\n");
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
    form_page(
        &form,
        token,
        StatusCode::UNPROCESSABLE_ENTITY,
        &s,
        &problems,
    )
}

/// Waits, at most `limit`, until a published build's FAQ page has an element with the
/// entry's id: woken by each build, never polling.
async fn wait_for_entry(mut builds: watch::Receiver<Arc<Published>>, id: &str, limit: Duration) {
    let needle = format!("id=\"{id}\"");
    let shown = async {
        loop {
            // The current build first: the rebuild may have been published already.
            let now = builds.borrow_and_update().clone();
            if now.page_contains("faq/index.html", &needle) {
                return;
            }
            if builds.changed().await.is_err() {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(limit, shown).await;
}

/// `POST` the answer: rendered by the site's markdown pipeline, and any problems, as JSON.
pub async fn preview(State(form): State<Arc<FormConfig>>, body: Bytes) -> Response<Body> {
    let s = match accept(&form, &body) {
        Ok((s, _)) => s,
        Err(r) => return *r,
    };
    let root = form.root.clone();
    let result = tokio::task::spawn_blocking(move || {
        let html = faq_edit::render_answer(&root, &s.answer);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::preview::Snapshot;
    use crate::serve::state::Shared;

    fn build_with_faq(page: &str) -> Published {
        let mut pages = std::collections::HashMap::new();
        pages.insert("faq/index.html".to_owned(), Arc::from(page.as_bytes()));
        Published {
            snapshot: Some(Arc::new(Snapshot {
                generation: 1,
                pages,
                assets: Default::default(),
                root: PathBuf::from("/site"),
                report: crate::serve::preview::ReportData {
                    site_title: String::new(),
                    max_grade: 8.0,
                    today: crate::content::date::Date::parse("2026-01-01").expect("a date"),
                    analysis: Default::default(),
                    subjects: Default::default(),
                },
            })),
            errors: None,
        }
    }

    #[tokio::test]
    async fn waiting_for_an_entry_ends_with_the_build_that_shows_it() {
        let shared = Arc::new(Shared::new("i".into()));
        let builds = shared.subscribe();
        let publisher = shared.clone();
        tokio::spawn(async move {
            let _ = publisher.publish(build_with_faq("<p>nothing yet</p>"));
            tokio::task::yield_now().await;
            let _ = publisher.publish(build_with_faq("<article id=\"new-one\"></article>"));
        });
        let started = std::time::Instant::now();
        wait_for_entry(builds, "new-one", Duration::from_secs(30)).await;
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(
            shared
                .current()
                .page_contains("faq/index.html", "id=\"new-one\"")
        );
    }

    #[tokio::test]
    async fn an_entry_already_published_ends_the_wait_at_once() {
        let shared = Shared::new("i".into());
        let _ = shared.publish(build_with_faq("<article id=\"old\"></article>"));
        let started = std::time::Instant::now();
        wait_for_entry(shared.subscribe(), "old", Duration::from_secs(30)).await;
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[tokio::test]
    async fn an_entry_that_never_appears_waits_only_the_limit() {
        let shared = Shared::new("i".into());
        let started = std::time::Instant::now();
        wait_for_entry(shared.subscribe(), "never", Duration::from_millis(50)).await;
        assert!(started.elapsed() >= Duration::from_millis(50));
    }
}
