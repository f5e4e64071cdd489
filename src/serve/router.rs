//! Every route of the preview in one place, with one layer around all of them: the
//! Host/Origin guard, the bound on request bodies, and the protective headers.
//!
//! That layer ([`edge`]) is the last added, so it wraps every route and the fallback (a
//! layer only wraps what was added before it): a new route is guarded, bounded and given its
//! headers without anyone having to remember, a foreign request never learns whether a path
//! or method exists, and even axum's own answers (405, 413) carry the headers.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Response;
use axum::middleware::{Next, from_fn_with_state};
use axum::routing::{get, post};

use super::faq_form::{self, FormConfig};
use super::guard::{self, Hosts};
use super::state::Shared;
use super::{body, headers, live, report, site};

/// The preview's HTTP service.
pub fn router(shared: Arc<Shared>, form: Arc<FormConfig>, hosts: Arc<Hosts>) -> Router {
    Router::new()
        .route(live::SCRIPT_PATH, get(live::script))
        .route(live::SOCKET_PATH, get(live::socket))
        .route(site::ERROR_PAGE_CSS_PATH, get(site::error_page_css))
        .route(report::PAGE_PATH, get(report::page))
        .route(report::STYLESHEET_PATH, get(report::stylesheet))
        .route(
            faq_form::FORM_PATH,
            get(faq_form::show)
                .post(faq_form::submit)
                .with_state(form.clone()),
        )
        .route(
            faq_form::PREVIEW_PATH,
            post(faq_form::preview).with_state(form.clone()),
        )
        .route(
            faq_form::SCRIPT_PATH,
            get(faq_form::script).with_state(form.clone()),
        )
        .route(
            faq_form::STYLESHEET_PATH,
            get(faq_form::stylesheet).with_state(form),
        )
        .fallback(site::serve)
        .with_state(shared)
        // Last: it must wrap everything above.
        .layer(from_fn_with_state(hosts, edge))
}

/// The router's one layer: refuses foreign requests, reads bodies within their limits, and
/// gives every answer, refusals included, its headers.
async fn edge(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let mut response = match guard::refusal(&hosts, request.headers()) {
        Some(refused) => refused,
        None => match body::read_whole(request).await {
            Ok(request) => next.run(request).await,
            Err(refused) => refused,
        },
    };
    headers::apply(&path, response.headers_mut());
    response
}
