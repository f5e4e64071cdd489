//! The content report in the preview, `/_careleaf/report/`: every article, page and question
//! with its readability and review status, from the build the preview serves, reloading with
//! it like any page.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Response, StatusCode};

use super::respond::{embedded, html, response};
use super::state::Shared;

/// Where the report lives.
pub const PAGE_PATH: &str = "/_careleaf/report/";
/// The report's stylesheet.
pub const STYLESHEET_PATH: &str = "/_careleaf/report.css";

/// `GET /_careleaf/report/`.
pub async fn page(State(shared): State<Arc<Shared>>) -> Response<Body> {
    let published = shared.current();
    let Some(snapshot) = published.snapshot.as_ref() else {
        let page = super::site::first_build_error_page(published.errors.as_ref());
        return html(StatusCode::SERVICE_UNAVAILABLE, page);
    };
    let report = snapshot.report.report();
    let shell = crate::report::html::Shell::Preview {
        stylesheet: STYLESHEET_PATH,
    };
    let page = crate::report::html::render(&report, &shell);
    let body = super::site::inject(&page, &shared.instance, snapshot.generation);
    response(StatusCode::OK, "text/html; charset=utf-8", body, false)
}

/// `GET /_careleaf/report.css`.
pub async fn stylesheet() -> Response<Body> {
    embedded(STYLESHEET_PATH, crate::report::html::STYLESHEET)
}
