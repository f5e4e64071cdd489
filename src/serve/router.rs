//! Every route of the preview in one place, with the Host/Origin guard around all of them.
//!
//! The guard is the last layer added, so it wraps every route and the fallback (a layer
//! only wraps what was added before it): a new route is guarded without anyone having to
//! remember, and a foreign request never learns whether a path or method exists.

use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use super::faq_form::{self, FormConfig};
use super::guard::{Hosts, refuse_foreign};
use super::state::Shared;
use super::{live, report, site};

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
        .layer(from_fn_with_state(hosts, refuse_foreign))
}
