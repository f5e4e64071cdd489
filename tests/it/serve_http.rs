//! `careleaf serve` over the wire: the real binary on `--port 0` in a temporary site, spoken
//! to with a raw HTTP/1.1 client (so odd request targets reach the server exactly as
//! written) and a WebSocket client. Covers status codes, content types, 404/405/301,
//! traversal attempts, Host and Origin checks, CORS, the injected live-reload script,
//! root-relative links, ports and binds, error pages and overlays, live-reload messages,
//! many and misbehaving clients, and how file-event bursts become rebuilds.

use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;
use tempfile::TempDir;

/// Settings with a base path: the preview must still serve the site at `/`.
const GUIDE_YAML: &str = "\
title: Test Health
base_url: https://example.org/guide/
language: en
description: A small site for testing careleaf.
disclaimer: This is **not** medical advice. Read the [questions](/faq/).
";

/// Static files of every type the server must label: (path under static/, bytes, type).
const STATIC: &[(&str, &[u8], &str)] = &[
    (
        "style.css",
        b"body { color: #111; }\n",
        "text/css; charset=utf-8",
    ),
    (
        "js/app.js",
        b"console.log('hello');\n",
        "text/javascript; charset=utf-8",
    ),
    (
        "img/logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n",
        "image/svg+xml",
    ),
    (
        "img/dot.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png",
        "image/png",
    ),
    (
        "img/photo.jpg",
        b"\xff\xd8\xff\xe0\0\x10JFIF fake jpeg",
        "image/jpeg",
    ),
    (
        "img/picture.webp",
        b"RIFF\x10\0\0\0WEBPVP8 fake",
        "image/webp",
    ),
    (
        "fonts/body.woff2",
        b"wOF2\0\x01\0\0 fake font",
        "font/woff2",
    ),
    ("data/info.json", b"{\"ok\": true}\n", "application/json"),
    (
        "data/feed.xml",
        b"<?xml version=\"1.0\"?><feed/>\n",
        "application/xml",
    ),
    ("docs/leaflet.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    (
        "docs/big leaflet.pdf",
        b"%PDF-1.4\n% spaced\n%%EOF\n",
        "application/pdf",
    ),
    ("favicon.ico", b"\0\0\x01\0\x01\0fake icon", "image/x-icon"),
    ("notes.txt", b"Plain notes.\n", "text/plain; charset=utf-8"),
];

/// Where each static file is requested (percent-encoded where needed).
fn url_of(static_path: &str) -> String {
    format!("/{}", static_path.replace(' ', "%20"))
}

/// The rich fixture with a base path and static files of every type, in a folder inside
/// another temporary folder (so files can sit beside the site).
fn fixture() -> (TempDir, Site) {
    let mut files = rich_site_files();
    let yaml = format!("{GUIDE_YAML}{TRUST_YAML}");
    files.push(("site.yaml", &yaml));
    let (outer, site) = site_in_folder(&files);
    for (path, bytes, _) in STATIC {
        site.write_bytes(&format!("static/{path}"), bytes);
    }
    (outer, site)
}

/// Writes `text` to `rel` the way editors save: a temporary file renamed over the target.
fn save(site: &Site, rel: &str, text: &str) {
    let tmp = site.path(".careleaf-test-save.tmp");
    fs::write(&tmp, text).expect("write temp file");
    let target = site.path(rel);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::rename(&tmp, &target).expect("rename temp file into place");
}

fn read(site: &Site, rel: &str) -> String {
    fs::read_to_string(site.path(rel)).expect("read fixture file")
}

/// No CORS header of any kind.
fn assert_no_cors(r: &HttpResponse, what: &str) {
    let cors: Vec<&(String, String)> = r
        .headers
        .iter()
        .filter(|(n, _)| n.starts_with("access-control-"))
        .collect();
    assert!(cors.is_empty(), "{what}: CORS headers {cors:?}");
}

/// The `data-instance` and `data-generation` of the injected live script.
fn live_script_data(r: &HttpResponse) -> (String, u64) {
    let page = r.page("/");
    let instance = page.attrs("script[src=\"/_careleaf/live.js\"]", "data-instance");
    let generation = page.attrs("script[src=\"/_careleaf/live.js\"]", "data-generation");
    assert_eq!(instance.len(), 1, "one live script: {}", r.text());
    (
        instance[0].clone(),
        generation[0].parse().expect("a numeric generation"),
    )
}

// ---------------------------------------------------------------------------------------------
// Status codes, types, methods, redirects
// ---------------------------------------------------------------------------------------------

#[test]
fn pages_and_static_files_have_the_right_status_and_type() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:") && server.url.ends_with('/'),
        "{}",
        server.url
    );
    assert!(
        server.stdout().contains("Serving "),
        "stdout: {}",
        server.stdout()
    );

    for path in [
        "/",
        "/articles/",
        "/articles/sleep-tips/",
        "/articles/pain-basics/",
        "/topics/",
        "/topics/pain/",
        "/faq/",
        "/about/",
        "/faq/?q=1",
        "/faq/index.html",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert!(r.text().contains("</html>"), "{path}");
        assert_no_cors(&r, path);
    }

    for (path, bytes, mime) in STATIC {
        let url = url_of(path);
        let r = server.get(&url);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        assert_eq!(r.header("content-type"), Some(*mime), "{url}");
        assert_eq!(r.body, *bytes, "{url}: served bytes differ from the file");
        assert_eq!(
            r.header("content-length"),
            Some(bytes.len().to_string().as_str()),
            "{url}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{url}");
        assert!(
            !r.text().contains("_careleaf"),
            "{url}: the live script is only for HTML"
        );
        assert_no_cors(&r, &url);
    }

    // The theme's own stylesheet for code, and the live-reload script.
    let r = server.get("/highlight.css");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    let r = server.get("/_careleaf/live.js");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(r.text().contains("WebSocket"));
    assert_no_cors(&r, "/_careleaf/live.js");
}

#[test]
fn missing_paths_get_the_theme_404_page() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    for path in [
        "/nope",
        "/nope/",
        "/articles/no-such-article/",
        "/img/missing.png",
        "/style.css/",
        "/static/style.css",
        "/site.yaml",
        "/content/faq.yaml",
        "/content/articles/sleep-tips.md",
        "/templates/base.html",
        "/%zz",
        "/%ff%fe",
        "/_careleaf/nothing.js",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let page = r.page(path);
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        // The theme's page, with the site's navigation, root-relative.
        assert!(page.hrefs("a").contains(&"/articles/".to_owned()), "{path}");
        assert!(r.text().contains("/_careleaf/live.js"), "{path}");
        assert_no_cors(&r, path);
    }
    let r = server.request("HEAD", "/nope/", &[]);
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty(), "HEAD must have no body");
}

#[test]
fn only_get_and_head_are_allowed_on_site_paths() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for path in [
            "/",
            "/faq/",
            "/articles/sleep-tips/",
            "/style.css",
            "/img/dot.png",
            "/nope/",
        ] {
            let r = server.request(method, path, &[]);
            assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
            assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method} {path}");
            assert_no_cors(&r, path);
        }
    }
    // The live script's route is GET-only too.
    let r = server.request("POST", "/_careleaf/live.js", &[]);
    assert_eq!(r.status, 405);
    // A CORS preflight from another site gets no permission.
    let r = server.request(
        "OPTIONS",
        "/faq/",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
    );
    assert_eq!(
        r.status,
        403,
        "a foreign Origin is refused first: {}",
        r.text()
    );
    assert_no_cors(&r, "preflight");
}

#[test]
fn head_has_the_headers_and_no_body() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    for path in [
        "/",
        "/faq/",
        "/style.css",
        "/img/dot.png",
        "/docs/leaflet.pdf",
    ] {
        let get = server.get(path);
        let head = server.request("HEAD", path, &[]);
        assert_eq!(head.status, 200, "{path}");
        assert!(
            head.body.is_empty(),
            "HEAD {path} sent a body of {} bytes",
            head.body.len()
        );
        assert_eq!(
            head.header("content-type"),
            get.header("content-type"),
            "{path}"
        );
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "HEAD {path} must announce the GET body's length"
        );
        assert_eq!(head.header("cache-control"), Some("no-store"), "{path}");
    }
}

#[test]
fn folders_without_a_slash_redirect_to_it() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    for (path, location) in [
        ("/faq", "/faq/"),
        ("/faq?q=needles&x=1", "/faq/?q=needles&x=1"),
        ("/articles", "/articles/"),
        ("/articles/sleep-tips", "/articles/sleep-tips/"),
        ("/topics/pain", "/topics/pain/"),
        ("/about", "/about/"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 301, "{path}");
        assert_eq!(r.header("location"), Some(location), "{path}");
        assert_no_cors(&r, path);
        // The target exists.
        assert_eq!(server.get(location).status, 200, "{location}");
    }
    // Not for files, nor for folders that have no page.
    assert_eq!(server.get("/style.css").status, 200);
    assert_eq!(server.get("/img").status, 404);
    assert_eq!(server.get("/nope").status, 404);
}

#[test]
fn a_doubled_slash_never_redirects_off_the_site() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    // A doubled slash must not turn the redirect into a protocol-relative URL (`//faq/` is
    // the host `faq`): an open redirect off the preview.
    for path in ["//faq", "//articles", "///topics/pain", "//about?x=1"] {
        let r = server.get(path);
        if r.status == 301 {
            let location = r.header("location").unwrap_or("");
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "GET {path} redirects off the site, to `{location}`"
            );
        } else {
            assert_eq!(r.status, 404, "{path}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Traversal and symlinks
// ---------------------------------------------------------------------------------------------

const SECRET: &str = "TOP-SECRET-b41c9e: this must never be served";

#[test]
fn no_request_reads_a_file_outside_the_site() {
    let (outer, site) = fixture();
    let secret = outer.path().join("secret.txt");
    fs::write(&secret, SECRET).unwrap();
    // Symlinks inside static/ to a file and a folder outside the site.
    std::os::unix::fs::symlink(&secret, site.path("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(outer.path(), site.path("static/outside")).unwrap();
    std::os::unix::fs::symlink(&secret, site.path("static/img/leak.png")).unwrap();
    let site_dir = site
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let server = Server::start(site.root(), &[]);
    let port = server.port;

    let never_leaks = |r: &HttpResponse, what: &str| {
        let text = r.text();
        assert!(
            !text.contains("TOP-SECRET"),
            "{what} leaked the secret file"
        );
        assert!(!text.contains("root:x:0:0"), "{what} leaked /etc/passwd");
        assert!(
            !text.contains("base_url: https://example.org/guide/"),
            "{what} leaked site.yaml"
        );
        assert_no_cors(r, what);
    };

    // Every one of these must be a plain 404.
    let exact_404 = [
        "/../secret.txt".to_owned(),
        "/../../secret.txt".to_owned(),
        "/./../secret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2E%2E/secret.txt".to_owned(),
        "/.%2e/secret.txt".to_owned(),
        "/%2e%2e%2fsecret.txt".to_owned(),
        "/..%2fsecret.txt".to_owned(),
        "/%5c..%5csecret.txt".to_owned(),
        "/..%5csecret.txt".to_owned(),
        "/img/..%5c..%5c..%5csecret.txt".to_owned(),
        "/static/../../secret.txt".to_owned(),
        "/img/../../secret.txt".to_owned(),
        "/img/%2e%2e/%2e%2e/secret.txt".to_owned(),
        "/../../etc/passwd".to_owned(),
        "/../../../../../../../../etc/passwd".to_owned(),
        "/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "/..%2f..%2fetc/passwd".to_owned(),
        "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd".to_owned(),
        "/%5c..%5cetc%5cpasswd".to_owned(),
        "/%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd".to_owned(),
        "//etc/passwd".to_owned(),
        "/etc/passwd".to_owned(),
        "/%2fetc%2fpasswd".to_owned(),
        "/secret.txt".to_owned(),
        "/secret.txt%00".to_owned(),
        "/leak.txt%00.html".to_owned(),
        "/%00/../secret.txt".to_owned(),
        "/..".to_owned(),
        "/../".to_owned(),
        "/%2e%2e".to_owned(),
        format!("/../{site_dir}/site.yaml"),
        format!("/%2e%2e/{site_dir}/site.yaml"),
        "/site.yaml".to_owned(),
        // Symlinks inside static/ that lead outside.
        "/leak.txt".to_owned(),
        "/img/leak.png".to_owned(),
        "/outside/secret.txt".to_owned(),
        "/outside/".to_owned(),
        format!("/outside/{site_dir}/site.yaml"),
    ];
    for path in &exact_404 {
        for method in ["GET", "HEAD"] {
            let r = server.request(method, path, &[]);
            assert_eq!(r.status, 404, "{method} {path}: {}", r.text());
            never_leaks(&r, &format!("{method} {path}"));
        }
    }

    // Targets the HTTP parser itself may refuse (400) but that must never serve a file.
    let raw_targets = [
        "/..\\secret.txt",
        "/\\..\\..\\secret.txt",
        "\\..\\secret.txt",
        "/..;/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%252e%252e/secret.txt",
        "/....//secret.txt",
        "*",
        "../secret.txt",
        "secret.txt",
    ];
    for target in raw_targets {
        let r = http_raw(
            port,
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(
            r.status == 400 || r.status == 404,
            "GET {target}: status {}",
            r.status
        );
        never_leaks(&r, target);
    }

    // Absolute-form request targets: same rules.
    for target in [
        format!("http://127.0.0.1:{port}/../secret.txt"),
        format!("http://127.0.0.1:{port}/%2e%2e/%2e%2e/etc/passwd"),
        format!("http://127.0.0.1:{port}/..%2f..%2fetc/passwd"),
        format!("http://127.0.0.1:{port}/leak.txt"),
        "http://127.0.0.1/../../etc/passwd".to_owned(),
        "file:///etc/passwd".to_owned(),
    ] {
        let r = http_raw(
            port,
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(
            r.status == 400 || r.status == 404,
            "GET {target}: status {}",
            r.status
        );
        never_leaks(&r, &target);
    }
    // An absolute-form target naming this server works like the path alone.
    let r = http_raw(
        port,
        format!(
            "GET http://127.0.0.1:{port}/faq/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 200);

    // The site's own files are still served.
    assert_eq!(server.get("/notes.txt").status, 200);
}

#[test]
fn a_static_file_swapped_for_a_symlink_after_the_build_is_refused() {
    let (outer, site) = fixture();
    let secret = outer.path().join("secret.txt");
    fs::write(&secret, SECRET).unwrap();
    site.write("static/swap.txt", "harmless text\n");
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/swap.txt").text(), "harmless text\n");

    // Swap the file for a symlink to the secret; hammer the path while the server notices.
    fs::remove_file(site.path("static/swap.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, site.path("static/swap.txt")).unwrap();
    let started = Instant::now();
    let mut statuses = Vec::new();
    while started.elapsed() < Duration::from_millis(400) {
        let r = server.get("/swap.txt");
        assert!(
            !r.text().contains("TOP-SECRET"),
            "a static file swapped for a symlink served the file outside the site"
        );
        statuses.push(r.status);
    }
    assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
    // And after the rebuild the file is simply gone.
    server.wait_for("/swap.txt", "a 404", |r| r.status == 404);
    let r = server.get("/swap.txt");
    assert!(!r.text().contains("TOP-SECRET"));
}

// ---------------------------------------------------------------------------------------------
// Host, Origin, CORS
// ---------------------------------------------------------------------------------------------

#[test]
fn requests_for_another_host_are_refused() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let wrong_port = if port == 65535 { 1 } else { port + 1 };
    let cases: Vec<(String, u16)> = vec![
        ("evil.example".into(), 403),
        (format!("evil.example:{port}"), 403),
        (format!("127.0.0.1.evil.example:{port}"), 403),
        (format!("localhost.evil.example:{port}"), 403),
        (format!("127.0.0.2:{port}"), 403),
        (format!("0.0.0.0:{port}"), 403),
        (format!("[::2]:{port}"), 403),
        (format!("127.0.0.1:{wrong_port}"), 403),
        (format!("localhost:{wrong_port}"), 403),
        (format!("127.0.0.1:{port}x"), 403),
        (format!("127.0.0.1:{port}"), 200),
        ("127.0.0.1".into(), 200),
        (format!("localhost:{port}"), 200),
        (format!("LocalHost:{port}"), 200),
        ("localhost".into(), 200),
        (format!("[::1]:{port}"), 200),
    ];
    for path in ["/", "/style.css", "/_careleaf/live.js", "/nope/", "/faq"] {
        for (host, want) in &cases {
            let r = server.request("GET", path, &[("Host", host)]);
            let want = if *want == 200 {
                match path {
                    "/nope/" => 404,
                    "/faq" => 301,
                    _ => 200,
                }
            } else {
                *want
            };
            assert_eq!(r.status, want, "GET {path} with Host: {host}");
            if want == 403 {
                assert!(
                    !r.text().contains("<html"),
                    "a refused request got the page"
                );
            }
            assert_no_cors(&r, host);
        }
    }
    // No Host header, or an empty one: refused, never served.
    let r = http_raw(port, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(r.status == 400 || r.status == 403, "{}", r.status);
    let r = server.request("GET", "/", &[("Host", "")]);
    assert!(r.status == 400 || r.status == 403, "{}", r.status);
    // HTTP/1.0 without Host: refused too (it cannot prove it wants this server).
    let r = http_raw(port, b"GET / HTTP/1.0\r\n\r\n");
    assert_ne!(r.status, 200);
}

#[test]
fn requests_from_another_origin_are_refused() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let own = format!("http://127.0.0.1:{port}");
    for path in ["/", "/faq/", "/style.css", "/_careleaf/live.js", "/nope/"] {
        for origin in [
            "http://evil.example".to_owned(),
            format!("http://evil.example:{port}"),
            "null".to_owned(),
            format!("https://127.0.0.1:{port}"),
            format!("http://127.0.0.1:{}", port.wrapping_add(1).max(1)),
            format!("http://127.0.0.1:{port}.evil.example"),
            "http://127.0.0.1".to_owned(),
        ] {
            let r = server.request("GET", path, &[("Origin", &origin)]);
            assert_eq!(r.status, 403, "GET {path} with Origin: {origin}");
            assert_no_cors(&r, &origin);
        }
        let want = if path == "/nope/" { 404 } else { 200 };
        let r = server.request("GET", path, &[("Origin", &own)]);
        assert_eq!(r.status, want, "GET {path} from its own origin");
        assert_no_cors(&r, path);
        let r = server.get(path);
        assert_eq!(r.status, want, "GET {path} without Origin");
        assert_no_cors(&r, path);
    }
    // A foreign origin cannot even learn that a method is not allowed.
    let r = server.request("POST", "/faq/", &[("Origin", "http://evil.example")]);
    assert_eq!(r.status, 403);
}

/// One request to one route of the preview.
struct Route {
    method: &'static str,
    path: &'static str,
    /// A WebSocket upgrade request.
    upgrade: bool,
    /// The form fields it is posted with (the form's token is added).
    form: &'static [(&'static str, &'static str)],
    /// The status with this server's own Host: a renamed or missing route answers otherwise.
    status: u16,
}

const fn route(method: &'static str, path: &'static str, status: u16) -> Route {
    Route {
        method,
        path,
        upgrade: false,
        form: &[],
        status,
    }
}

/// Every route of the preview with each method it answers, and requests that reach the
/// site fallback, a 404 and a 405: the guard must stand in front of all of them.
const ROUTES: &[Route] = &[
    route("GET", "/_careleaf/live.js", 200),
    route("HEAD", "/_careleaf/live.js", 200),
    route("POST", "/_careleaf/live.js", 405),
    Route {
        upgrade: true,
        ..route("GET", "/_careleaf/live", 101)
    },
    route("GET", "/_careleaf/build-error.css", 200),
    route("GET", "/_careleaf/report/", 200),
    route("POST", "/_careleaf/report/", 405),
    route("GET", "/_careleaf/report.css", 200),
    route("GET", "/_careleaf/faq/new", 200),
    Route {
        form: &[("question", ""), ("answer", "")],
        ..route("POST", "/_careleaf/faq/new", 422)
    },
    route("PUT", "/_careleaf/faq/new", 405),
    Route {
        form: &[("question", "Q?"), ("answer", "**A**")],
        ..route("POST", "/_careleaf/faq/preview", 200)
    },
    route("GET", "/_careleaf/faq/preview", 405),
    route("GET", "/_careleaf/faq/form.js", 200),
    route("GET", "/_careleaf/faq/form.css", 200),
    route("GET", "/_careleaf/nope", 404),
    route("GET", "/", 200),
    route("HEAD", "/", 200),
    route("DELETE", "/", 405),
    route("GET", "/faq/", 200),
    route("GET", "/faq", 301),
    route("GET", "/style.css", 200),
    route("GET", "/img/dot.png", 200),
    route("GET", "/nope/", 404),
    route("POST", "/nope/", 405),
];

/// Sends `r` to the server with `headers` added (a Host among them replaces the server's).
fn send(server: &Server, token: &str, r: &Route, headers: &[(&str, &str)]) -> HttpResponse {
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    if r.upgrade {
        all.extend([
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Sec-WebSocket-Version", "13"),
        ]);
    }
    let mut fields = vec![("token", token)];
    fields.extend_from_slice(r.form);
    let body = if r.method == "POST" {
        encode(&fields)
    } else {
        String::new()
    };
    if !body.is_empty() {
        all.push(("Content-Type", "application/x-www-form-urlencoded"));
    }
    http(server.port, r.method, r.path, &all, body.as_bytes())
}

/// The status of `r` sent as a browser on this server's own page would send it.
fn own_status(server: &Server, token: &str, r: &Route) -> u16 {
    own_response(server, token, r).0
}

/// Response headers, names lower-cased, in the order received.
type Headers = Vec<(String, String)>;

/// The status and headers of `r` sent as a browser on this server's own
/// page would send it.
fn own_response(server: &Server, token: &str, r: &Route) -> (u16, Headers) {
    let origin = format!("http://{}", server.host());
    if r.upgrade {
        // An accepted upgrade keeps the connection open: speak WebSocket.
        return match ws_connect(server.port, Some(&origin)) {
            Ok(socket) => (101, socket.headers),
            Err(tungstenite::Error::Http(resp)) => (resp.status().as_u16(), Vec::new()),
            Err(e) => panic!("{} {}: {e}", r.method, r.path),
        };
    }
    let with_origin = r.method == "POST";
    let headers: &[(&str, &str)] = if with_origin {
        &[("Origin", origin.as_str())]
    } else {
        &[]
    };
    let resp = send(server, token, r, headers);
    (resp.status, resp.headers)
}

#[test]
fn the_guard_stands_in_front_of_every_route() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let before = crate::support::faq::content_state(&site);
    let form = server.get("/_careleaf/faq/new").page("/_careleaf/faq/new");
    let token = form.attrs("input[name=token]", "value").remove(0);

    // The list is the real routes: each answers as listed when asked properly...
    for r in ROUTES {
        let status = own_status(&server, &token, r);
        assert_eq!(status, r.status, "{} {} from this server", r.method, r.path);
    }
    // ...and every address of the preview that its pages use is in it.
    let mut used = form.urls();
    used.extend(form.attrs("form[action]", "action"));
    used.extend(form.attrs("[data-preview-url]", "data-preview-url"));
    used.extend(server.get("/").page("/").urls());
    for url in used.iter().filter(|u| u.starts_with("/_careleaf/")) {
        assert!(
            ROUTES.iter().any(|r| r.path == url && r.status < 400),
            "{url} is used by a page but not in the route list"
        );
    }

    let port = server.port;
    let foreign_host = format!("evil.example:{port}");
    let foreign_origin = format!("http://{foreign_host}");
    let own_host = server.host();
    let cases: [(&str, Vec<(&str, &str)>); 3] = [
        ("a foreign Host", vec![("Host", foreign_host.as_str())]),
        (
            "a foreign Host and its own Origin",
            vec![
                ("Host", foreign_host.as_str()),
                ("Origin", foreign_origin.as_str()),
            ],
        ),
        (
            "a foreign Origin",
            vec![
                ("Host", own_host.as_str()),
                ("Origin", "http://evil.example"),
            ],
        ),
    ];
    for r in ROUTES {
        for (what, headers) in &cases {
            let resp = send(&server, &token, r, headers);
            assert_eq!(resp.status, 403, "{} {} with {what}", r.method, r.path);
            assert!(
                resp.header("content-type")
                    .is_some_and(|t| t.starts_with("text/plain")),
                "{} {} with {what}: a plain refusal",
                r.method,
                r.path
            );
            assert!(
                !resp.text().contains(&token) && !resp.text().contains("<html"),
                "{} {} with {what}: the refusal gives nothing away",
                r.method,
                r.path
            );
            assert_no_cors(&resp, r.path);
        }
    }
    assert!(
        crate::support::faq::content_state(&site) == before,
        "a refused request wrote"
    );
}

/// careleaf's own pages may load only from the preview and never be framed; the site's pages
/// keep whatever scripts editors wrote but may only be framed by the preview. Every answer,
/// also axum's own 405 and 413 and the guard's refusals, is uncached, unsniffed and leaks no
/// address through `Referer`; each header is set once.
#[test]
fn every_answer_carries_the_protective_headers() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let token = server.token();
    let mut answers: Vec<(String, u16, Headers)> = ROUTES
        .iter()
        .map(|r| {
            let (status, headers) = own_response(&server, &token, r);
            (format!("{} {}", r.method, r.path), status, headers)
        })
        .collect();
    for path in ["/_careleaf/faq/preview", "/nope/"] {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n",
            server.host()
        );
        let r = http_raw(server.port, request.as_bytes());
        answers.push((format!("POST {path} (3 MB)"), r.status, r.headers));
    }
    let r = server.request("GET", "/", &[("Host", "evil.example")]);
    answers.push(("GET / (foreign Host)".into(), r.status, r.headers));

    let statuses: Vec<u16> = answers.iter().map(|a| a.1).collect();
    for status in [101, 200, 301, 403, 404, 405, 413, 422] {
        assert!(statuses.contains(&status), "no {status} among {statuses:?}");
    }
    for (what, status, headers) in &answers {
        let values = |name: &str| -> Vec<&str> {
            headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        let own = what
            .split(' ')
            .nth(1)
            .is_some_and(|p| p.starts_with("/_careleaf/"));
        let policy = if own {
            "default-src 'self'; frame-ancestors 'none'"
        } else {
            "frame-ancestors 'self'"
        };
        let context = format!("{what} ({status})");
        assert_eq!(values("content-security-policy"), [policy], "{context}");
        assert_eq!(values("x-content-type-options"), ["nosniff"], "{context}");
        assert_eq!(values("referrer-policy"), ["same-origin"], "{context}");
        assert_eq!(values("cache-control"), ["no-store"], "{context}");
    }
}

// ---------------------------------------------------------------------------------------------
// What is served: the live script, root-relative links, nothing written
// ---------------------------------------------------------------------------------------------

#[test]
fn the_live_script_is_injected_in_served_html_only() {
    let (outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    for path in [
        "/",
        "/faq/",
        "/articles/sleep-tips/",
        "/topics/pain/",
        "/nope/",
    ] {
        let r = server.get(path);
        let text = r.text();
        assert_eq!(
            text.matches("/_careleaf/live.js").count(),
            1,
            "{path}: one live script"
        );
        let tag_start = text
            .find("<script src=\"/_careleaf/live.js\"")
            .expect("the tag");
        let body_end = text.rfind("</body>").expect("</body>");
        let tag_end = tag_start + text[tag_start..].find("</script>").unwrap() + "</script>".len();
        assert_eq!(
            tag_end, body_end,
            "{path}: the script goes right before </body>"
        );
        let (instance, generation) = live_script_data(&r);
        assert!(!instance.is_empty());
        assert!(generation >= 1);
    }
    // Never in what `careleaf build` writes.
    let out = outer.path().join("out");
    site.build_into(&out);
    let files = files_under(&out);
    assert!(files.iter().any(|f| f == "index.html"));
    for f in files {
        let bytes = fs::read(out.join(&f)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("_careleaf"),
            "{f}: the build output must not mention the preview"
        );
    }
}

#[test]
fn served_links_are_root_relative_whatever_the_base_url() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let mut queue = vec!["/".to_owned()];
    let mut seen = std::collections::BTreeSet::new();
    let mut internal_links = 0;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let r = server.get(&path);
        assert_eq!(r.status, 200, "{path} (linked from a served page)");
        if !r
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
        {
            continue;
        }
        let page = r.page(&path);
        assert!(
            page.canonical().starts_with('/'),
            "{path}: canonical {}",
            page.canonical()
        );
        for url in page.urls() {
            assert!(
                !url.contains("example.org"),
                "{path}: `{url}` leads to base_url's host"
            );
            assert!(
                !url.starts_with("/guide"),
                "{path}: `{url}` keeps base_url's path"
            );
            assert!(
                !url.contains("127.0.0.1") && !url.contains("localhost"),
                "{path}: `{url}` hard-codes a host"
            );
            if url.starts_with("//") || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            assert!(
                url.starts_with('/') || url.starts_with('#'),
                "{path}: `{url}` is not root-relative"
            );
            let target = url.split(['#', '?']).next().unwrap_or("");
            if !target.is_empty() {
                internal_links += 1;
                queue.push(target.to_owned());
            }
        }
    }
    assert!(seen.contains("/articles/sleep-tips/"), "{seen:?}");
    assert!(seen.contains("/faq/"), "{seen:?}");
    assert!(internal_links > 50, "{internal_links} links followed");
    // Changing base_url while serving changes nothing about the links.
    let settings = read(&site, "site.yaml");
    let rebuilds = server.stderr_count("careleaf: rebuilt");
    save(
        &site,
        "site.yaml",
        &settings.replace(
            "https://example.org/guide/",
            "https://other.example/deep/path/",
        ),
    );
    // (Nothing visible changes, so nothing reloads: wait for the rebuild itself.)
    poll_until(Duration::from_secs(10), "the rebuild", || {
        (server.stderr_count("careleaf: rebuilt") > rebuilds).then_some(())
    });
    for path in ["/", "/faq/", "/articles/sleep-tips/"] {
        let page = server.get(path).page(path);
        for url in page.urls() {
            assert!(
                !url.contains("other.example") && !url.starts_with("/deep"),
                "{path}: `{url}` after the base_url change"
            );
        }
    }
    // The article links are at /articles/, not /guide/articles/.
    let home = server.get("/").page("/");
    assert!(
        home.hrefs("a")
            .iter()
            .any(|h| h.starts_with("/articles/") && h.len() > "/articles/".len()),
        "{:?}",
        home.hrefs("a")
    );
}

#[test]
fn serve_never_writes_the_output_folder() {
    let (_outer, site) = fixture();
    let before = snapshot(site.root());
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/").status, 200);
    let text = read(&site, "content/articles/sleep-tips.md");
    let edited = text.replace("Go to bed", "Go to sleep");
    save(&site, "content/articles/sleep-tips.md", &edited);
    server.wait_for("/articles/sleep-tips/", "the edit", |r| {
        r.text().contains("Go to sleep")
    });
    assert!(!site.public().exists(), "serve created public/");
    let mut after = snapshot(site.root());
    // Only the edited file differs.
    let key = "content/articles/sleep-tips.md".to_owned();
    assert_eq!(
        after.insert(key.clone(), None),
        Some(Some(edited.into_bytes()))
    );
    let mut before = before;
    before.insert(key, None);
    assert_same_tree(&before, &after, "the site folder while serving");
}

// ---------------------------------------------------------------------------------------------
// Ports and binds
// ---------------------------------------------------------------------------------------------

#[test]
fn an_explicit_busy_port_is_an_error() {
    let (_outer, site) = fixture();
    let holder = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let run = site.command("serve", &["--port", &port]).failed();
    // The error names the address and says how to pick another port.
    let stderr = redact(&run.stderr, &[(&format!(":{port}:"), ":[PORT]:")]);
    insta::assert_snapshot!(stderr, @"careleaf: error: cannot listen on 127.0.0.1:[PORT]: Address already in use (os error 98) (choose another --port, or --port 0 for any free port)");
    assert!(!run.stdout.contains("http://"), "{run}");
    drop(holder);
}

/// Tests that start `serve` without `--port` take turns: they all want port 1111.
static DEFAULT_PORT: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_default_port_1111_is_used_when_it_is_free() {
    let _turn = DEFAULT_PORT.lock().unwrap_or_else(|e| e.into_inner());
    let (_outer, site) = fixture();
    if TcpListener::bind(("127.0.0.1", 1111)).is_err() {
        // Another program (a preview left running, say) holds it; the fallback test covers
        // that case.
        eprintln!("skipped: port 1111 is held by another program on this machine");
        return;
    }
    let server = Server::start_args(site.root(), &[]);
    assert_eq!(server.port, 1111, "{}", server.stdout());
    assert_eq!(server.url, "http://127.0.0.1:1111/");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn open_starts_the_desktop_browser_on_the_preview() {
    let (_outer, site) = fixture();
    // A stand-in for the desktop's opener (`xdg-open` on Linux) that records its arguments.
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}.tmp'\nmv '{0}.tmp' '{0}'\n",
            record.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::try_start(site.root(), &["--open"], &[("PATH", &path)])
        .unwrap_or_else(|e| panic!("{e}"));
    let opened = poll_until(Duration::from_secs(10), "the opener to run", || {
        fs::read_to_string(&record).ok()
    });
    assert_eq!(
        opened.trim(),
        server.url,
        "the preview's own address is opened"
    );
}

#[test]
fn a_busy_default_port_falls_back_to_a_free_one() {
    let _turn = DEFAULT_PORT.lock().unwrap_or_else(|e| e.into_inner());
    let (_outer, site) = fixture();
    // Hold the default port; if something else already holds it, the fallback is tested all
    // the same.
    let holder = TcpListener::bind(("127.0.0.1", 1111));
    if holder.is_err() {
        eprintln!("port 1111 is already busy; testing the fallback against its holder");
    }
    let server = Server::start_args(site.root(), &[]);
    assert_ne!(server.port, 1111, "{}", server.url);
    assert_eq!(server.url, format!("http://127.0.0.1:{}/", server.port));
    assert_eq!(server.get("/").status, 200);
    drop(holder);
}

#[test]
fn port_zero_picks_a_free_port_and_prints_the_url_alone_on_its_line() {
    let (_outer, site) = fixture();
    let a = Server::start(site.root(), &[]);
    let b = Server::start(site.root(), &[]);
    assert_ne!(a.port, 0);
    assert_ne!(a.port, b.port);
    let lines: Vec<String> = a.stdout().lines().map(str::to_owned).collect();
    assert!(lines.contains(&a.url), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Serving ") && l.ends_with(" at")),
        "{lines:?}"
    );
    // Each server start is a new instance, so pages of an earlier run reload.
    let (ia, _) = live_script_data(&a.get("/"));
    let (ib, _) = live_script_data(&b.get("/"));
    assert_ne!(ia, ib);
    assert_eq!(a.live().expect("hello")["instance"], ia.as_str());
}

#[test]
fn binding_all_interfaces_warns_and_lists_lan_addresses() {
    // Every machine with IPv4 can listen on all interfaces; a failure here is a failure.
    TcpListener::bind("0.0.0.0:0").expect("listening on 0.0.0.0 works on this machine");
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &["--bind", "0.0.0.0"]);
    let port = server.port;
    assert_eq!(server.url, format!("http://127.0.0.1:{port}/"));
    let warning = server.wait_stderr("network");
    insta::assert_snapshot!(warning, @"careleaf: warning: the preview is bound to 0.0.0.0, so anyone on your network can open it");
    let lan: Vec<std::net::IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback())
        .collect();
    for ip in &lan {
        let url = match ip {
            std::net::IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
            std::net::IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
        };
        let line = format!("On your phone or another computer: {url}");
        poll_until(Duration::from_secs(5), &line, || {
            server.stdout().lines().any(|l| l == line).then_some(())
        });
    }
    // Still no DNS rebinding: a foreign Host is refused, its own names are served.
    let r = server.request("GET", "/", &[("Host", &format!("evil.example:{port}"))]);
    assert_eq!(r.status, 403);
    let r = server.request("GET", "/", &[("Host", &format!("localhost:{port}"))]);
    assert_eq!(r.status, 200);
    for ip in lan.iter().filter(|ip| ip.is_ipv4()) {
        let r = server.request("GET", "/faq/", &[("Host", &format!("{ip}:{port}"))]);
        assert_eq!(r.status, 200, "Host {ip}:{port}");
        // Links still work from a phone: root-relative, no host.
        assert!(!r.text().contains("127.0.0.1"), "a page names 127.0.0.1");
        // And reachable over that address.
        let mut s = TcpStream::connect((*ip, port)).expect("reachable on the LAN address");
        s.write_all(
            format!("GET /faq/ HTTP/1.1\r\nHost: {ip}:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    let r = server.request("GET", "/", &[("Origin", "http://evil.example")]);
    assert_eq!(r.status, 403);
}

#[test]
fn a_loopback_bind_prints_no_network_warning() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/").status, 200);
    // "Content report" is the last line the preview prints as it starts.
    let out = server.wait_stdout("Content report:");
    assert!(!out.contains("On your phone"), "{}", server.stdout());
    assert!(!server.stderr().contains("network"), "{}", server.stderr());
}

// ---------------------------------------------------------------------------------------------
// Errors: the first build, later rebuilds
// ---------------------------------------------------------------------------------------------

fn broken_faq(faq: &str) -> (String, usize) {
    let broken = faq.replace(
        "question: What helps sleep?",
        "question: What helps: sleep?",
    );
    assert_ne!(broken, faq);
    let line = line_of(&broken, "What helps: sleep?");
    (broken, line)
}

#[test]
fn a_failing_first_build_shows_the_error_page_then_the_site() {
    let (_outer, site) = fixture();
    let faq = read(&site, "content/faq.yaml");
    let (broken, line) = broken_faq(&faq);
    site.write("content/faq.yaml", &broken);
    let server = Server::start(site.root(), &[]);

    for path in ["/", "/faq/", "/articles/sleep-tips/", "/nope/"] {
        let r = server.get(path);
        assert_eq!(r.status, 503, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let page = r.page(path);
        let errors = page.text(".careleaf-errors");
        assert!(
            errors.contains(&format!("content/faq.yaml:{line}:")),
            "{path}: the error page must name the file and line: {errors}"
        );
        assert!(errors.contains("mapping values"), "{errors}");
        assert!(
            r.text().contains("/_careleaf/live.js"),
            "{path}: the error page reloads by itself"
        );
        assert_no_cors(&r, path);
    }
    server.wait_stderr("content/faq.yaml");
    // The live socket says hello with the errors.
    let mut ws = server.live();
    let hello = ws.expect("hello");
    let errors = hello["errors"].as_array().expect("errors in the hello");
    assert_eq!(errors[0]["path"], "content/faq.yaml", "{hello}");
    assert_eq!(errors[0]["line"], line as u64, "{hello}");

    // Fixed: the site appears and the page is told to reload.
    save(&site, "content/faq.yaml", &faq);
    assert_eq!(ws.expect("reload")["type"], "reload");
    let r = server.wait_for("/faq/", "the site after the fix", |r| r.status == 200);
    assert!(r.text().contains("What helps sleep?"));
    assert!(!r.text().contains("careleaf-errors"));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn the_first_build_error_page_has_no_inline_script_or_style() {
    let (_outer, site) = fixture();
    let faq = read(&site, "content/faq.yaml");
    site.write("content/faq.yaml", &broken_faq(&faq).0);
    let server = Server::start(site.root(), &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    let page = r.page("/");
    assert_eq!(page.inline_code(), Vec::<String>::new(), "{}", page.text);
    let (scripts, stylesheets) = page.scripts_and_stylesheets();
    assert_eq!(scripts, ["/_careleaf/live.js"]);
    assert_eq!(stylesheets, ["/_careleaf/build-error.css"]);
    let js = server.get(&scripts[0]);
    assert_served_as(&js, &scripts[0], "text/javascript; charset=utf-8");
    let css = server.get(&stylesheets[0]);
    assert_served_as(&css, &stylesheets[0], "text/css; charset=utf-8");
    // The stylesheet is for this page: it styles the page's body.
    let class = page
        .one("body")
        .value()
        .attr("class")
        .expect("the body has a class")
        .to_owned();
    assert!(
        css.text().contains(&format!("body.{class}")),
        "build-error.css styles body.{class}:\n{}",
        css.text()
    );
    assert_no_cors(&css, &stylesheets[0]);
}

#[test]
fn a_folder_without_site_yaml_is_served_once_it_has_one() {
    let (_outer, site) = fixture();
    let settings = read(&site, "site.yaml");
    site.remove("site.yaml");
    let server = Server::start(site.root(), &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    assert!(r.page("/").text(".careleaf-errors").contains("site.yaml"));
    save(&site, "site.yaml", &settings);
    let r = server.wait_for("/", "the site", |r| r.status == 200);
    assert!(r.text().contains("Test Health"));
}

#[test]
fn a_failing_rebuild_keeps_serving_the_last_good_site() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let good = server.get("/articles/sleep-tips/");
    let (_, generation) = live_script_data(&good);
    let mut ws = server.live();
    assert!(ws.expect("hello")["errors"].is_null());

    let rel = "content/articles/sleep-tips.md";
    let text = read(&site, rel);
    let broken = text.replace("title: Sleep tips", "title: Sleep tips\ntitle: Twice");
    save(&site, rel, &broken);
    let error = ws.expect("error");
    let errors = error["errors"].as_array().expect("errors");
    assert!(
        errors.iter().any(|e| e["path"] == rel),
        "the error names {rel}: {error}"
    );
    // Still the last good page, still 200.
    let r = server.get("/articles/sleep-tips/");
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), good.body.len());
    assert_eq!(live_script_data(&r).1, generation);
    assert!(r.text().contains("Go to bed"));
    server.wait_stderr("keeps the last good version");
    // A page opened now learns about the errors at once.
    let mut late = server.live();
    let hello = late.expect("hello");
    assert!(
        hello["errors"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["path"] == rel)),
        "{hello}"
    );

    save(&site, rel, &text.replace("Go to bed", "Go to sleep"));
    ws.expect("reload");
    late.expect("reload");
    server.wait_for("/articles/sleep-tips/", "the fixed article", |r| {
        r.text().contains("Go to sleep")
    });
    let mut fresh = server.live();
    assert!(fresh.expect("hello")["errors"].is_null());
}

// ---------------------------------------------------------------------------------------------
// Live reload over the WebSocket
// ---------------------------------------------------------------------------------------------

#[test]
fn live_reload_messages_follow_the_edits() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let page = server.get("/articles/sleep-tips/");
    let (instance, generation) = live_script_data(&page);
    let mut ws = server.live();

    // hello: this server instance, the served generation, no errors.
    let hello = ws.next("a hello");
    assert_eq!(hello["type"], "hello", "{hello}");
    assert_eq!(hello["instance"], instance.as_str(), "{hello}");
    assert_eq!(hello["generation"], generation, "{hello}");
    assert!(hello["errors"].is_null(), "{hello}");

    // An article edit: reload, and the new text is served.
    let rel = "content/articles/sleep-tips.md";
    let text = read(&site, rel);
    let started = Instant::now();
    save(&site, rel, &text.replace("Go to bed", "Go to bed early"));
    let m = ws.next("a message after the edit");
    eprintln!("article edit → reload message in {:?}", started.elapsed());
    assert_eq!(m["type"], "reload", "{m}");
    let r = server.get("/articles/sleep-tips/");
    assert!(r.text().contains("Go to bed early"));
    let (same_instance, newer) = live_script_data(&r);
    assert_eq!(same_instance, instance);
    assert!(newer > generation, "{newer} after {generation}");

    // A stylesheet edit: swap it in place, no reload.
    save(
        &site,
        "static/style.css",
        "body { color: #222; margin: 0 }\n",
    );
    let m = ws.next("a message after the css edit");
    assert_eq!(m["type"], "css", "{m}");
    assert!(
        m["paths"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p == "style.css")),
        "{m}"
    );
    assert!(m["generation"].as_u64().is_some(), "{m}");
    assert_eq!(
        server.get("/style.css").text(),
        "body { color: #222; margin: 0 }\n"
    );

    // A broken FAQ: the error, with file, line, column, message and the line itself.
    let faq = read(&site, "content/faq.yaml");
    let (broken, line) = broken_faq(&faq);
    save(&site, "content/faq.yaml", &broken);
    let m = ws.next("a message after breaking the FAQ");
    assert_eq!(m["type"], "error", "{m}");
    let e = &m["errors"][0];
    assert_eq!(e["path"], "content/faq.yaml", "{m}");
    assert_eq!(e["line"], line as u64, "{m}");
    assert!(e["column"].as_u64().is_some_and(|c| c >= 1), "{m}");
    assert_eq!(e["severity"], "error", "{m}");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|s| s.contains("mapping values")),
        "{m}"
    );
    assert_eq!(
        e["source_line"],
        broken.lines().nth(line - 1).unwrap(),
        "{m}"
    );
    // Fixed: reload.
    save(&site, "content/faq.yaml", &faq);
    let m = ws.next("a message after the fix");
    assert_eq!(m["type"], "reload", "{m}");

    // New and deleted files are seen too.
    save(
        &site,
        "content/articles/brand-new.md",
        "---\ntitle: Brand new\ntopics: [pain]\n---\nNew text.\n",
    );
    assert_eq!(ws.expect("reload")["type"], "reload");
    server.wait_for("/articles/brand-new/", "the new article", |r| {
        r.status == 200
    });
    fs::remove_file(site.path("content/articles/brand-new.md")).unwrap();
    ws.expect("reload");
    server.wait_for("/articles/brand-new/", "the deleted article gone", |r| {
        r.status == 404
    });
    // A rename: the slug follows the file name.
    fs::rename(
        site.path("content/pages/about.md"),
        site.path("content/pages/about-us.md"),
    )
    .unwrap();
    ws.expect("reload");
    server.wait_for("/about-us/", "the renamed page", |r| r.status == 200);
    assert_eq!(server.get("/about/").status, 404);
}

#[test]
fn the_live_socket_needs_this_servers_origin() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    for origin in [
        None,
        Some("http://evil.example".to_owned()),
        Some(format!("http://evil.example:{port}")),
        Some("null".to_owned()),
        Some(format!("https://127.0.0.1:{port}")),
        Some(format!("http://127.0.0.1:{}", port.wrapping_add(1).max(1))),
    ] {
        match ws_connect(port, origin.as_deref()) {
            Err(tungstenite::Error::Http(resp)) => {
                assert_eq!(resp.status(), 403, "Origin {origin:?}");
                assert!(
                    resp.headers()
                        .keys()
                        .all(|k| !k.as_str().starts_with("access-control-")),
                    "{origin:?}"
                );
            }
            Err(e) => panic!("Origin {origin:?}: unexpected error {e}"),
            Ok(_) => panic!("the live socket accepted Origin {origin:?}"),
        }
    }
    // DNS rebinding: a page of evil.example (now resolving to 127.0.0.1) sends its own Host
    // and Origin, which agree with each other but not with this server.
    for host in [format!("evil.example:{port}"), "evil.example".to_owned()] {
        let r = http_raw(
            port,
            format!(
                "GET /_careleaf/live HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
                 Upgrade: websocket\r\nConnection: Upgrade\r\n\
                 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(r.status, 403, "live socket with Host {host}");
        assert_no_cors(&r, &host);
    }
    let mut ws = server.live();
    assert_eq!(ws.expect("hello")["type"], "hello");
}

#[test]
fn a_hundred_open_pages_all_reload_and_http_stays_prompt() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let mut sockets: Vec<LiveSocket> = (0..100).map(|_| server.live()).collect();
    for ws in &mut sockets {
        ws.expect("hello");
    }
    // Plain requests, serial and in parallel, answer promptly with 100 sockets open.
    let started = Instant::now();
    for path in ["/", "/faq/", "/style.css", "/articles/sleep-tips/"] {
        assert_eq!(server.get(path).status, 200, "{path}");
    }
    let port = server.port;
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                for j in 0..5 {
                    let path = ["/", "/faq/", "/topics/", "/img/dot.png"][(i + j) % 4];
                    assert_eq!(http(port, "GET", path, &[], b"").status, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("parallel requests succeed");
    }
    // A server blocked by the open sockets would leave a request unanswered until the
    // client's 15 s read timeout, which fails the test; how long they took is only shown.
    eprintln!(
        "44 requests with 100 sockets open took {:?}",
        started.elapsed()
    );

    let rel = "content/articles/sleep-tips.md";
    let text = read(&site, rel);
    save(&site, rel, &text.replace("Go to bed", "Go to bed on time"));
    let started = Instant::now();
    for ws in &mut sockets {
        ws.expect("reload");
    }
    eprintln!("100 sockets got the reload within {:?}", started.elapsed());
    let r = server.get("/articles/sleep-tips/");
    assert!(r.text().contains("Go to bed on time"));
}

#[test]
fn slow_and_vanished_clients_block_nothing() {
    let (_outer, site) = fixture();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let connect = || TcpStream::connect(("127.0.0.1", port)).expect("connect");

    // Sockets that never read anything, not even their hello.
    let silent: Vec<LiveSocket> = (0..5).map(|_| server.live()).collect();
    // Connections that send nothing, or half a request line, and stay open.
    let mut idle: Vec<TcpStream> = (0..10).map(|_| connect()).collect();
    for (i, s) in idle.iter_mut().enumerate() {
        if i % 2 == 0 {
            s.write_all(b"GET /faq/ HT").unwrap();
        }
    }
    // Connections that vanish mid-request or before reading their response.
    for i in 0..20 {
        let mut s = connect();
        let req: &[u8] = match i % 4 {
            0 => b"GET / HTTP/1.1\r\nHo",
            1 => b"GET /faq/ HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            2 => b"GE",
            _ => b"GET /articles/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        };
        let req = String::from_utf8_lossy(req).replace("127.0.0.1", &format!("127.0.0.1:{port}"));
        s.write_all(req.as_bytes()).unwrap();
        drop(s);
    }
    // A client that requests many pages without reading any response.
    let mut greedy = connect();
    greedy
        .set_write_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    for _ in 0..200 {
        let _ = greedy
            .write_all(format!("GET /faq/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes());
    }

    // Stuck clients must not block anyone else: a blocked request would hit the client's
    // 15 s read timeout and fail the test.
    for path in ["/", "/faq/", "/style.css"] {
        assert_eq!(server.get(path).status, 200, "{path}");
    }

    // Rebuilds go on and reading pages hear about them.
    let mut ws = server.live();
    ws.expect("hello");
    let rel = "content/articles/sleep-tips.md";
    let text = read(&site, rel);
    for n in 1..=3 {
        save(
            &site,
            rel,
            &text.replace("Go to bed", &format!("Go to bed ({n})")),
        );
        ws.expect("reload");
        server.wait_for("/articles/sleep-tips/", "the edit", |r| {
            r.text().contains(&format!("Go to bed ({n})"))
        });
    }
    assert!(server.exited().is_none(), "the server died");
    drop(silent);
    drop(idle);
    drop(greedy);
    assert_eq!(server.get("/").status, 200);
}

// ---------------------------------------------------------------------------------------------
// File events → rebuilds
// ---------------------------------------------------------------------------------------------

/// Writes `text` to `path` as `fs::write` does (truncate, then write), and returns how long
/// the file stood truncated.
fn write_timed(path: &Path, text: &str) -> Duration {
    let mut file = fs::File::create(path).unwrap();
    let truncated = Instant::now();
    file.write_all(text.as_bytes()).unwrap();
    truncated.elapsed()
}

#[test]
fn a_burst_of_writes_becomes_one_rebuild() {
    let (_outer, site) = fixture();
    let article = |i: usize, marker: &str| {
        format!(
            "---\ntitle: Burst article {i}\ntopics: [pain]\ndate: 2025-01-{:02}\n---\nText {marker} of article {i}.\n",
            1 + i % 28
        )
    };
    for i in 0..25 {
        site.write(
            &format!("content/articles/burst/burst-{i:02}.md"),
            &article(i, "v0"),
        );
    }
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/articles/burst-00/").status, 200);
    let since = server.rebuilt_lines().len();

    // 50 writes in a few milliseconds, as a `git checkout` does. A busy machine may pause
    // this thread between writes: each pause longer than the preview's quiet window may
    // rightly start a rebuild, so the pauses are counted.
    let started = Instant::now();
    let (mut last, mut pauses, mut longest_truncated) = (Instant::now(), 0, Duration::ZERO);
    for marker in ["first-v1", "second-and-final-v2"] {
        for i in 0..25 {
            let path = site.path(&format!("content/articles/burst/burst-{i:02}.md"));
            let truncated = write_timed(&path, &article(i, marker));
            longest_truncated = longest_truncated.max(truncated);
            pauses += usize::from(last.elapsed() > Duration::from_millis(10));
            last = Instant::now();
        }
    }
    let wrote = started.elapsed();
    let lines = server.rebuilds_until_marker(&site, since, "after-burst");
    let rebuilds = lines
        .iter()
        .filter(|l| l.contains("content/articles/burst/"))
        .count();
    let allowed = 2 + pauses + (wrote.as_millis() / 400) as usize;
    eprintln!("50 writes in {wrote:?} ({pauses} pauses) → {rebuilds} rebuild(s)");
    assert!(
        (1..=allowed).contains(&rebuilds),
        "50 writes in {wrote:?} with {pauses} pauses caused {rebuilds} rebuilds:\n{}",
        lines.join("\n")
    );
    for i in 0..25 {
        let r = server.get(&format!("/articles/burst-{i:02}/"));
        assert!(
            r.text().contains("second-and-final-v2"),
            "burst-{i:02} shows old text"
        );
    }
    // A file caught empty (truncated, not yet written) is read again before anything is
    // reported, unless it stayed empty longer than the preview waits (a very busy machine).
    if longest_truncated < Duration::from_millis(150) {
        assert!(!server.stderr().contains(": error:"), "{}", server.stderr());
    }
}

/// An editor that saves in two writes with a pause between them (truncate and write the
/// first part, then the rest): the preview must never show an error for the half-written
/// file. Each round pauses well under the 200 ms the preview waits for files to settle; a
/// round whose pause overran (a busy machine) proves nothing and is not counted.
#[test]
fn a_save_that_pauses_halfway_shows_no_error() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let mut ws = server.live();
    ws.expect("hello");
    let rel = "content/articles/sleep-tips.md";
    let original = read(&site, rel);
    let mut counted = 0;
    for round in 0..8 {
        let text = original.replace("Go to bed", &format!("Go to bed (save {round})"));
        // The first write ends inside the front matter: on its own, that file is an error.
        let cut = text.find("\n---").expect("front matter") / 2;
        let (first, rest) = text.split_at(cut);
        let mut file = fs::File::create(site.path(rel)).unwrap();
        file.write_all(first.as_bytes()).unwrap();
        let paused_at = Instant::now();
        std::thread::sleep(Duration::from_millis(60));
        let pause = paused_at.elapsed();
        file.write_all(rest.as_bytes()).unwrap();
        drop(file);
        // Messages arrive in order: an error for the half-written file would come before
        // the reload that shows the finished save.
        let mut errors = Vec::new();
        loop {
            let m = ws.expect_any(&["reload", "error"]);
            if m["type"] == "reload" {
                break;
            }
            errors.push(m);
        }
        let page = server.get("/articles/sleep-tips/");
        assert!(
            page.text().contains(&format!("Go to bed (save {round})")),
            "round {round}: the finished save is not served"
        );
        if pause < Duration::from_millis(150) {
            counted += 1;
            assert!(
                errors.is_empty(),
                "round {round} (paused {pause:?}): the half-written file was reported: {errors:?}\n{}",
                server.stderr()
            );
        } else {
            eprintln!("round {round}: the pause took {pause:?}; not counted");
        }
    }
    assert!(
        counted >= 3,
        "only {counted} of 8 rounds paused under 150 ms"
    );
}

#[test]
fn vim_style_saves_rebuild_once_with_the_new_text() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let dir = site.path("content/articles");
    let article = dir.join("sleep-tips.md");
    let text = fs::read_to_string(&article).unwrap();
    let scratch = |l: &str| l.contains("4913") || l.contains(".swp") || l.contains('~');

    // Scratch files alone change nothing: the only rebuild up to the marker is the marker's.
    let since = server.rebuilt_lines().len();
    fs::write(dir.join("4913"), "").unwrap();
    fs::remove_file(dir.join("4913")).unwrap();
    fs::write(dir.join(".sleep-tips.md.swp"), "vim swap").unwrap();
    fs::write(dir.join("sleep-tips.md~"), &text).unwrap();
    fs::remove_file(dir.join("sleep-tips.md~")).unwrap();
    let lines = server.rebuilds_until_marker(&site, since, "after-scratch");
    // Only the marker's own rebuilds (a busy machine may see its write as two changes).
    assert!(
        !lines.is_empty()
            && lines
                .iter()
                .all(|l| l.ends_with("after changes to static/after-scratch.txt")),
        "scratch files caused a rebuild:\n{}",
        lines.join("\n")
    );

    // vim's save: probe with 4913, keep the swap file, write a temp file and rename it over.
    let since = server.rebuilt_lines().len();
    fs::write(dir.join("4913"), "").unwrap();
    fs::remove_file(dir.join("4913")).unwrap();
    fs::write(dir.join(".sleep-tips.md.swp"), "vim swap, updated").unwrap();
    let tmp = dir.join(".sleep-tips.md.tmp");
    fs::write(&tmp, text.replace("Go to bed", "Go to bed, says vim")).unwrap();
    fs::rename(&tmp, &article).unwrap();
    let lines = server.rebuilds_until_marker(&site, since, "after-vim");
    let article_rebuilds = lines
        .iter()
        .filter(|l| l.contains("content/articles/sleep-tips.md"))
        .count();
    assert_eq!(article_rebuilds, 1, "{}", lines.join("\n"));
    assert!(!lines.iter().any(|l| scratch(l)), "{}", lines.join("\n"));
    assert!(
        server
            .get("/articles/sleep-tips/")
            .text()
            .contains("Go to bed, says vim")
    );
    let err = server.stderr();
    assert!(!err.contains(": error:"), "{err}");
    // The swap file never became a page.
    assert_eq!(server.get("/articles/sleep-tips.md/").status, 404);

    // vim with `backupcopy=no`: the original moves to `~`, a new file takes its name. For a
    // moment the article does not exist; the preview waits for the files to settle before
    // it reports that, unless this thread was held up longer than it waits.
    fs::rename(&article, dir.join("sleep-tips.md~")).unwrap();
    let gone = Instant::now();
    fs::write(
        &article,
        text.replace("Go to bed", "Go to bed, says vim again"),
    )
    .unwrap();
    let missing_for = gone.elapsed();
    fs::remove_file(dir.join("sleep-tips.md~")).unwrap();
    fs::remove_file(dir.join(".sleep-tips.md.swp")).unwrap();
    server.wait_for("/articles/sleep-tips/", "vim's second save", |r| {
        r.text().contains("says vim again")
    });
    if missing_for < Duration::from_millis(150) {
        let since = server.rebuilt_lines().len();
        server.rebuilds_until_marker(&site, since, "after-backup");
        assert!(!server.stderr().contains(": error:"), "{}", server.stderr());
    }
}

/// Copies the folder `from` to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_templates_folder_created_while_serving_is_watched() {
    let (_outer, site) = fixture();
    assert!(!site.path("templates").exists());
    let server = Server::start(site.root(), &[]);
    let mut ws = server.live();
    ws.expect("hello");
    let base = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    fs::create_dir(site.path("templates")).unwrap();
    save(
        &site,
        "templates/base.html",
        &base.replacen("</main>", "</main><p class=\"local\">Local one</p>", 1),
    );
    ws.expect("reload");
    server.wait_for("/faq/", "the new template", |r| {
        r.text().contains("Local one")
    });
    // Later edits inside the new folder are seen too.
    save(
        &site,
        "templates/base.html",
        &base.replacen("</main>", "</main><p class=\"local\">Local two</p>", 1),
    );
    ws.expect("reload");
    server.wait_for("/faq/", "the edited template", |r| {
        r.text().contains("Local two")
    });
}

/// Replacing a whole source folder (a script that regenerates `content/`, `rm -rf` and copy,
/// a branch switch by a tool that swaps folders) must keep the preview watching the new one.
#[test]
fn a_replaced_content_folder_is_still_watched() {
    let (outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let mut ws = server.live();
    ws.expect("hello");
    // Swap content/ for an edited copy.
    let fresh = outer.path().join("content-new");
    copy_tree(&site.path("content"), &fresh);
    let rel = "articles/sleep-tips.md";
    let text = fs::read_to_string(fresh.join(rel)).unwrap();
    fs::write(
        fresh.join(rel),
        text.replace("Go to bed", "Go to bed (swapped)"),
    )
    .unwrap();
    fs::rename(site.path("content"), outer.path().join("content-old")).unwrap();
    fs::rename(&fresh, site.path("content")).unwrap();
    ws.expect("reload");
    server.wait_for("/articles/sleep-tips/", "the swapped folder", |r| {
        r.text().contains("(swapped)")
    });
    // An edit inside the new folder.
    save(
        &site,
        "content/articles/sleep-tips.md",
        &text.replace("Go to bed", "Go to bed (edited after the swap)"),
    );
    ws.expect("reload");
    server.wait_for("/articles/sleep-tips/", "the edit after the swap", |r| {
        r.text().contains("(edited after the swap)")
    });
}

#[test]
fn the_example_sites_theme_folder_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    copy_tree(&repo.join("themes"), &dir.path().join("themes"));
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/about/").status, 200);
    let mut ws = server.live();
    ws.expect("hello");

    let css = dir.path().join("themes/default/static/style.css");
    let text = fs::read_to_string(&css).unwrap();
    fs::write(&css, format!("{text}\n/* edited */\n")).unwrap();
    let m = ws.next("a message");
    assert_eq!(m["type"], "css", "{m}");
    assert!(server.get("/style.css").text().ends_with("/* edited */\n"));

    let template = dir.path().join("themes/default/templates/page.html");
    let text = fs::read_to_string(&template).unwrap();
    assert!(text.contains("{% endblock content %}"), "{text}");
    fs::write(
        &template,
        text.replacen(
            "{% endblock content %}",
            "<p>Theme edit</p>{% endblock content %}",
            1,
        ),
    )
    .unwrap();
    let m = ws.next("a message");
    assert_eq!(m["type"], "reload", "{m}");
    server.wait_for("/about/", "the theme edit", |r| {
        r.text().contains("Theme edit")
    });
    assert!(!dir.path().join("public").exists());
}

#[test]
fn drafts_are_served_only_with_the_drafts_flag() {
    let (_outer, site) = fixture();
    site.write(
        "content/articles/coming-soon.md",
        "---\ntitle: Coming soon\ntopics: [pain]\ndraft: true\n---\nNot yet.\n",
    );
    let plain = Server::start(site.root(), &[]);
    let drafts = Server::start(site.root(), &["--drafts"]);
    assert_eq!(plain.get("/articles/coming-soon/").status, 404);
    let r = drafts.get("/articles/coming-soon/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Not yet."));
}

#[test]
fn the_server_exits_with_an_error_for_a_missing_site_folder() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    let run = careleaf(&[
        "serve".as_ref(),
        "--root".as_ref(),
        missing.as_os_str(),
        "--port".as_ref(),
        "0".as_ref(),
    ])
    .failed();
    // One line naming the folder; its wording has its snapshot in `output_safety`.
    assert_eq!(run.stderr.lines().count(), 1, "{run}");
    assert!(
        run.stderr.starts_with("careleaf: error: ")
            && run.stderr.contains(&missing.display().to_string()),
        "{run}"
    );
    assert!(!Path::new(&missing).exists());
}
