//! Serving the site from memory: pages (with the live-reload script added), static files,
//! folder redirects, the site's 404 page, and the error page shown while the site has never
//! built.
//!
//! Site paths answer GET and HEAD only (405 otherwise). Paths are percent-decoded and
//! checked: `..` segments, backslashes and NUL never reach a lookup, and the site is served
//! from memory plus a fixed list of static files, each of which must resolve inside the site
//! folder, so no request can read a file outside it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Response, StatusCode, Uri, header};

use super::preview::Snapshot;
use super::respond::{embedded, plain, redirect, response};
use super::state::{Published, Shared};
use crate::diag::Digest;
use crate::theme::Asset;

/// The stylesheet of the page shown while the site has never built.
pub const ERROR_PAGE_CSS_PATH: &str = "/_careleaf/build-error.css";
const ERROR_PAGE_CSS: &str = include_str!("build-error.css");

/// `GET /_careleaf/build-error.css`.
pub async fn error_page_css() -> Response<Body> {
    embedded(ERROR_PAGE_CSS_PATH, ERROR_PAGE_CSS)
}

/// Every path no other route takes: a page or file of the site.
pub async fn serve(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response<Body> {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let now = shared.current();
    let Some(snapshot) = &now.snapshot else {
        return first_build_failed(&now, &shared.instance, head);
    };
    let Some(key) = request_key(uri.path()) else {
        return not_found(snapshot, &shared.instance, head);
    };
    if let Some(bytes) = snapshot.pages.get(&key) {
        return serve_bytes(&key, bytes, snapshot, &shared.instance, head);
    }
    if let Some(asset) = snapshot.assets.get(&key) {
        return match read_asset(asset, snapshot) {
            Some(bytes) => response(StatusCode::OK, super::mime::for_path(&key), bytes, head),
            None => not_found(snapshot, &shared.instance, head),
        };
    }
    match folder_redirect(&key, &uri, snapshot) {
        Some(r) => r,
        None => not_found(snapshot, &shared.instance, head),
    }
}

/// The first build failed: every page is the error page until it builds.
fn first_build_failed(now: &Published, instance: &str, head: bool) -> Response<Body> {
    let html = first_build_error_page(now.errors.as_ref());
    response(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        inject(&html, instance, 0),
        head,
    )
}

/// `/dir` → `/dir/` when `dir/index.html` exists.
fn folder_redirect(key: &str, uri: &Uri, snapshot: &Snapshot) -> Option<Response<Body>> {
    let index = if key.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{key}/index.html")
    };
    if key.ends_with("index.html") || !snapshot.pages.contains_key(&index) {
        return None;
    }
    // Built from the cleaned-up path, so `//faq` cannot redirect to another host.
    let mut location = format!("/{key}/");
    if let Some(q) = uri.query() {
        location.push('?');
        location.push_str(q);
    }
    Some(redirect(
        StatusCode::MOVED_PERMANENTLY,
        &location,
        "Moved\n",
    ))
}

/// The output path a request path names: decoded, with `/` → `index.html`. `None` for
/// anything that tries to leave the site (`..`, backslashes, NUL, invalid encoding).
pub fn request_key(path: &str) -> Option<String> {
    let decoded = percent_decode_strict(path)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    // `/faq/` and `/faq/.` both name the folder.
    if matches!(decoded.rsplit('/').next(), Some("" | ".")) {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn percent_decode_strict(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: Rust's number parser would also take `+1`.
            let digit = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
            out.push((digit(i + 1)? * 16 + digit(i + 2)?) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Reads a static file, only if it still resolves inside the site folder (a file swapped for
/// a symlink to elsewhere since the build is refused), is still a regular file (a named pipe
/// swapped in would hang the request) and is within [`crate::read::STATIC`] (each request
/// holds the whole file in memory). A file refused for what it is, rather than for being
/// gone, is named on standard error, since the build would still publish it.
fn read_asset(asset: &Asset, snapshot: &Snapshot) -> Option<Vec<u8>> {
    match asset {
        Asset::Embedded(bytes) => Some(bytes.to_vec()),
        Asset::Disk(path) => {
            let real = path.canonicalize().ok()?;
            if !real.starts_with(&snapshot.root) {
                return None;
            }
            match crate::read::file(&real, crate::read::STATIC) {
                Ok(bytes) => Some(bytes),
                Err(crate::read::ReadError::Io(_)) => None,
                Err(e) => {
                    let shown = crate::diag::display_path(&snapshot.root, &real);
                    eprintln!("careleaf: the preview does not serve {shown}: {e}");
                    None
                }
            }
        }
    }
}

fn serve_bytes(
    key: &str,
    bytes: &[u8],
    snapshot: &Snapshot,
    instance: &str,
    head: bool,
) -> Response<Body> {
    let mime = super::mime::for_path(key);
    let body = if mime.starts_with("text/html") {
        inject(
            &String::from_utf8_lossy(bytes),
            instance,
            snapshot.generation,
        )
    } else {
        bytes.to_vec()
    };
    response(StatusCode::OK, mime, body, head)
}

fn not_found(snapshot: &Snapshot, instance: &str, head: bool) -> Response<Body> {
    match snapshot.pages.get("404.html") {
        Some(page) => response(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            inject(
                &String::from_utf8_lossy(page),
                instance,
                snapshot.generation,
            ),
            head,
        ),
        None => {
            let mut r = plain(StatusCode::NOT_FOUND, "Not found\n");
            if head {
                *r.body_mut() = Body::empty();
            }
            r
        }
    }
}

/// Adds the live-reload script before the last `</body>` (or at the end).
pub fn inject(html: &str, instance: &str, generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{}\" data-instance=\"{instance}\" data-generation=\"{generation}\"></script>",
        super::live::SCRIPT_PATH
    );
    let mut out = String::with_capacity(html.len() + tag.len());
    match html.rfind("</body>") {
        Some(i) => {
            out.push_str(&html[..i]);
            out.push_str(&tag);
            out.push_str(&html[i..]);
        }
        None => {
            out.push_str(html);
            out.push_str(&tag);
        }
    }
    out.into_bytes()
}

/// The page shown while the site has never built: the errors a person is shown (see
/// [`Digest`]) and the line counting the rest, readable without script.
pub fn first_build_error_page(errors: Option<&Digest>) -> String {
    let mut items = String::new();
    for d in errors.iter().flat_map(|e| &e.shown) {
        items.push_str("<li><pre>");
        items.push_str(&crate::render::markdown::escape_html(&d.to_string()));
        items.push_str("</pre></li>");
    }
    let more = errors
        .and_then(|e| e.hidden.line())
        .map(|line| {
            let line = crate::render::markdown::escape_html(&line);
            format!("<p class=\"careleaf-more\">{line}</p>")
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>careleaf: the site does not build yet</title>\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<link rel=\"stylesheet\" href=\"{ERROR_PAGE_CSS_PATH}\"></head>\
<body class=\"careleaf-build-error\">\
<h1>The site does not build yet</h1><p>Fix the problems below and save: this page reloads by itself.</p>\
<ol class=\"careleaf-errors\">{items}</ol>{more}</body></html>"
    )
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_keys() {
        assert_eq!(request_key("/").as_deref(), Some("index.html"));
        assert_eq!(request_key("/faq/").as_deref(), Some("faq/index.html"));
        assert_eq!(request_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(request_key("/a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(request_key("//faq/").as_deref(), Some("faq/index.html"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/%5c..%5cx",
            "/x%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(request_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject("<p>x</p></body></html>", "i", 3)).unwrap();
        assert!(
            out.starts_with("<p>x</p><script src=\"/_careleaf/live.js\""),
            "{out}"
        );
        assert!(out.ends_with("</body></html>"));
        assert!(out.contains("data-generation=\"3\""));
    }
}
