//! The preview's HTTP side: serving the in-memory site safely and the live-reload socket.
//!
//! Site paths answer GET and HEAD only (405 otherwise). Paths are percent-decoded and
//! checked: `..` segments, backslashes and NUL never reach a lookup, and the site is served
//! from memory plus a fixed list of static files, each of which must resolve inside the site
//! folder, so no request can read a file outside it. Requests are refused when their `Host`
//! is not this server (DNS rebinding) or their `Origin` is another site. No CORS headers.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, Uri, header};
use axum::routing::get;
use tokio::sync::broadcast;

use super::preview::Snapshot;
use crate::diag::Diagnostic;
use crate::theme::Asset;

/// The client script injected into served HTML.
pub const CLIENT_JS: &str = include_str!("client.js");
/// Where the client script and the live-reload socket live.
pub const LIVE_JS: &str = "/_careleaf/live.js";
pub const LIVE_SOCKET: &str = "/_careleaf/live";

/// What the server shares with the rebuild thread.
pub struct Shared {
    pub snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// Errors of the last rebuild, when it failed.
    pub errors: RwLock<Option<Vec<Diagnostic>>>,
    /// Messages for open pages (JSON).
    pub events: broadcast::Sender<String>,
    /// Changes on every server start, so pages from an earlier run reload.
    pub instance: String,
    /// Host names (without port) this server answers to.
    pub hosts: HashSet<String>,
    pub port: u16,
}

impl Shared {
    /// The `hello` message a page gets when it connects: the current build and any errors.
    pub fn hello(&self) -> String {
        let generation = self
            .snapshot
            .read()
            .ok()
            .and_then(|s| s.as_ref().map(|s| s.generation))
            .unwrap_or(0);
        let errors = self.errors.read().ok().and_then(|e| e.clone());
        serde_json::json!({
            "type": "hello",
            "instance": self.instance,
            "generation": generation,
            "errors": errors,
        })
        .to_string()
    }
}

pub fn router(shared: Arc<Shared>, form: Arc<super::faq_form::FormConfig>) -> Router {
    use super::faq_form;
    let form_routes = Router::new()
        .route(
            faq_form::FORM_PATH,
            get(faq_form::show).post(faq_form::submit),
        )
        .route(
            faq_form::PREVIEW_PATH,
            axum::routing::post(faq_form::preview),
        )
        .with_state((shared.clone(), form));
    Router::new()
        .route(LIVE_SOCKET, get(live_socket))
        .route(LIVE_JS, get(client_js))
        .fallback(site)
        .with_state(shared)
        .merge(form_routes)
}

pub(super) fn response(
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

pub(super) fn plain(status: StatusCode, text: &str) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
        false,
    )
}

/// Refuses requests for another host (DNS rebinding) or from another site's page.
pub(super) fn guard(shared: &Shared, headers: &HeaderMap) -> Option<Response<Body>> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(shared, host) {
        return Some(plain(
            StatusCode::FORBIDDEN,
            "careleaf preview: this server only answers to its own address\n",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !ok {
            return Some(plain(
                StatusCode::FORBIDDEN,
                "careleaf preview: requests from other sites are refused\n",
            ));
        }
    }
    None
}

/// `host[:port]` names this server.
pub fn host_allowed(shared: &Shared, host: &str) -> bool {
    let (name, port) = split_host(host);
    let port_ok = port.is_none_or(|p| p == shared.port);
    port_ok && shared.hosts.contains(&name.to_ascii_lowercase())
}

fn split_host(host: &str) -> (&str, Option<u16>) {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        if let Some((addr, after)) = rest.split_once(']') {
            let port = after.strip_prefix(':').and_then(|p| p.parse().ok());
            return (&host[..addr.len() + 2], port);
        }
        return (host, None);
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port.parse().unwrap_or(0))),
        None => (host, None),
    }
}

async fn client_js(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response<Body> {
    if let Some(r) = guard(&shared, &headers) {
        return r;
    }
    response(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        CLIENT_JS.as_bytes().to_vec(),
        false,
    )
}

async fn live_socket(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response<Body> {
    // Browsers always send Origin on WebSocket requests: it must be this server.
    if headers.get(header::ORIGIN).is_none() {
        return plain(StatusCode::FORBIDDEN, "careleaf preview: missing Origin\n");
    }
    if let Some(r) = guard(&shared, &headers) {
        return r;
    }
    ws.on_upgrade(move |socket| live(socket, shared))
}

/// One open page: say hello, then forward every event until either side goes away. A page
/// too slow to keep up is told to reload rather than holding anything up.
async fn live(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    if socket
        .send(Message::Text(shared.hello().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            event = events.recv() => {
                let text = match event {
                    Ok(text) => text,
                    Err(broadcast::error::RecvError::Lagged(_)) => r#"{"type":"reload"}"#.to_owned(),
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let send = socket.send(Message::Text(text.into()));
                match tokio::time::timeout(std::time::Duration::from_secs(5), send).await {
                    Ok(Ok(())) => {}
                    _ => return,
                }
            }
            incoming = socket.recv() => {
                match incoming {
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    Some(Ok(_)) => {}
                }
            }
        }
    }
}

/// Every other path: a page or file of the site.
async fn site(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response<Body> {
    if let Some(r) = guard(&shared, &headers) {
        return r;
    }
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snapshot = shared.snapshot.read().ok().and_then(|s| s.clone());
    let errors = shared.errors.read().ok().and_then(|e| e.clone());
    let Some(snapshot) = snapshot else {
        // The first build failed: every page is the error page until it builds.
        let html = first_build_error_page(errors.as_deref().unwrap_or(&[]));
        return response(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            inject(&html, &shared, 0),
            head,
        );
    };
    let Some(key) = request_key(uri.path()) else {
        return not_found(&snapshot, &shared, head);
    };
    if let Some(bytes) = snapshot.pages.get(&key) {
        return serve_bytes(&key, bytes, &snapshot, &shared, head);
    }
    if let Some(asset) = snapshot.assets.get(&key) {
        return match read_asset(asset, &snapshot) {
            Some(bytes) => response(StatusCode::OK, super::mime::for_path(&key), bytes, head),
            None => not_found(&snapshot, &shared, head),
        };
    }
    // `/dir` → `/dir/` when `dir/index.html` exists.
    let index = if key.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{key}/index.html")
    };
    if !key.ends_with("index.html") && snapshot.pages.contains_key(&index) {
        // Built from the cleaned-up path, so `//faq` cannot redirect to another host.
        let mut location = format!("/{key}/");
        if let Some(q) = uri.query() {
            location.push('?');
            location.push_str(q);
        }
        let mut r = plain(StatusCode::MOVED_PERMANENTLY, "Moved\n");
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    not_found(&snapshot, &shared, head)
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
    if decoded.ends_with('/') {
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
            let hex = bytes.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Reads a static file, only if it still resolves inside the site folder (a file swapped for
/// a symlink to elsewhere since the build is refused).
fn read_asset(asset: &Asset, snapshot: &Snapshot) -> Option<Vec<u8>> {
    match asset {
        Asset::Embedded(bytes) => Some(bytes.to_vec()),
        Asset::Disk(path) => {
            let real = path.canonicalize().ok()?;
            if !real.starts_with(&snapshot.root) {
                return None;
            }
            std::fs::read(real).ok()
        }
    }
}

fn serve_bytes(
    key: &str,
    bytes: &[u8],
    snapshot: &Snapshot,
    shared: &Shared,
    head: bool,
) -> Response<Body> {
    let mime = super::mime::for_path(key);
    let body = if mime.starts_with("text/html") {
        inject(&String::from_utf8_lossy(bytes), shared, snapshot.generation)
    } else {
        bytes.to_vec()
    };
    response(StatusCode::OK, mime, body, head)
}

fn not_found(snapshot: &Snapshot, shared: &Shared, head: bool) -> Response<Body> {
    match snapshot.pages.get("404.html") {
        Some(page) => response(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            inject(&String::from_utf8_lossy(page), shared, snapshot.generation),
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
pub fn inject(html: &str, shared: &Shared, generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{LIVE_JS}\" data-instance=\"{}\" data-generation=\"{generation}\"></script>",
        shared.instance
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

/// The page shown while the site has never built: every error, readable without script.
pub fn first_build_error_page(errors: &[Diagnostic]) -> String {
    let mut items = String::new();
    for d in errors {
        items.push_str("<li><pre>");
        items.push_str(&crate::render::markdown::escape_html(&d.to_string()));
        items.push_str("</pre></li>");
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>careleaf: the site does not build yet</title>\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
<body style=\"font: 18px/1.5 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; background: #fff\">\
<h1>The site does not build yet</h1><p>Fix the problems below and save: this page reloads by itself.</p>\
<ol class=\"careleaf-errors\">{items}</ol></body></html>"
    )
}

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
        let shared = Shared {
            snapshot: RwLock::new(None),
            errors: RwLock::new(None),
            events: broadcast::channel(4).0,
            instance: "i".into(),
            hosts: HashSet::new(),
            port: 1,
        };
        let out = String::from_utf8(inject("<p>x</p></body></html>", &shared, 3)).unwrap();
        assert!(
            out.starts_with("<p>x</p><script src=\"/_careleaf/live.js\""),
            "{out}"
        );
        assert!(out.ends_with("</body></html>"));
        assert!(out.contains("data-generation=\"3\""));
    }

    #[test]
    fn hosts() {
        let shared = Shared {
            snapshot: RwLock::new(None),
            errors: RwLock::new(None),
            events: broadcast::channel(4).0,
            instance: "i".into(),
            hosts: ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            port: 8080,
        };
        assert!(host_allowed(&shared, "127.0.0.1:8080"));
        assert!(host_allowed(&shared, "LOCALHOST:8080"));
        assert!(host_allowed(&shared, "[::1]:8080"));
        assert!(host_allowed(&shared, "localhost"));
        assert!(!host_allowed(&shared, "127.0.0.1:9999"));
        assert!(!host_allowed(&shared, "evil.example:8080"));
        assert!(!host_allowed(&shared, ""));
    }
}
