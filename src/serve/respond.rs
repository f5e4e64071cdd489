//! Building the preview's responses: every one is uncached (`no-store`), says its type and
//! length, and forbids type sniffing.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};

/// A response with `body` (no body for HEAD, but the GET body's length).
pub fn response(
    status: StatusCode,
    content_type: &str,
    body: Vec<u8>,
    head: bool,
) -> Response<Body> {
    let len = body.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A short plain-text answer (refusals, redirects, 404).
pub fn plain(status: StatusCode, text: &str) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
        false,
    )
}

/// An HTML page made by the preview itself.
pub fn html(status: StatusCode, page: String) -> Response<Body> {
    response(status, "text/html; charset=utf-8", page.into_bytes(), false)
}

/// A file built into careleaf (a script or stylesheet of the preview), typed by `name`.
pub fn embedded(name: &str, text: &'static str) -> Response<Body> {
    response(
        StatusCode::OK,
        super::mime::for_path(name),
        text.as_bytes().to_vec(),
        false,
    )
}

/// `303 See Other` to `location` (a path of this server).
pub fn see_other(location: &str, text: &str) -> Response<Body> {
    redirect(StatusCode::SEE_OTHER, location, text)
}

/// A redirect with `status` to `location` (a path of this server).
pub fn redirect(status: StatusCode, location: &str, text: &str) -> Response<Body> {
    let mut r = plain(status, text);
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}
