//! The one HTTP/1.1 client of the tests: raw bytes to 127.0.0.1 and the response read off
//! the wire, so odd requests reach the server exactly as written.

use super::html::Page;

/// One HTTP response as read off the wire.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The body parsed as an HTML page.
    pub fn page(&self, url: &str) -> Page {
        Page::parse(url, self.text())
    }
}

/// Checks a script or stylesheet the preview serves: 200, exactly `content_type`, never
/// cached, never sniffed, not empty.
pub fn assert_served_as(r: &HttpResponse, url: &str, content_type: &str) {
    assert_eq!(r.status, 200, "GET {url}: {}", r.text());
    assert_eq!(r.header("content-type"), Some(content_type), "GET {url}");
    assert_eq!(r.header("cache-control"), Some("no-store"), "GET {url}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "GET {url}"
    );
    assert!(!r.body.is_empty(), "GET {url}: an empty body");
}

/// Sends `request` (bytes exactly as given) to 127.0.0.1:`port` and reads the response: until
/// its `Content-Length` has arrived, or else until the server closes the connection (send
/// `Connection: close`). Panics on a malformed response.
pub fn http_raw(port: u16, request: &[u8]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(15)))
        .expect("read timeout");
    stream.write_all(request).expect("send the request");
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                // A response with a length is complete once that many bytes arrived, even
                // if the connection stays open (a request without `Connection: close`).
                let is_head = request.starts_with(b"HEAD ");
                if let (false, Some(r)) = (is_head, parse_response(&raw)) {
                    let len = r
                        .header("content-length")
                        .and_then(|l| l.parse::<usize>().ok());
                    if len.is_some_and(|l| r.body.len() >= l) {
                        break;
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // A reset after a complete response (the server closed first) is fine.
            Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "reading the response to {:?} failed after {} bytes: {e}",
                String::from_utf8_lossy(request.split(|b| *b == b'\r').next().unwrap_or(b"")),
                raw.len()
            ),
        }
    }
    parse_response(&raw).unwrap_or_else(|| {
        panic!(
            "malformed HTTP response: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

fn parse_response(raw: &[u8]) -> Option<HttpResponse> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let rest = &raw[end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.splitn(3, ' ');
    let _version = parts.next()?;
    let status: u16 = parts.next()?.parse().ok()?;
    let reason = parts.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut r = HttpResponse {
        status,
        reason,
        headers,
        body: Vec::new(),
    };
    r.body = if r
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        let mut body = Vec::new();
        let mut at = rest;
        loop {
            let nl = at.windows(2).position(|w| w == b"\r\n")?;
            let size_text = std::str::from_utf8(&at[..nl]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            at = &at[nl + 2..];
            if size == 0 {
                break;
            }
            body.extend_from_slice(at.get(..size)?);
            at = at.get(size + 2..)?;
        }
        body
    } else {
        rest.to_vec()
    };
    Some(r)
}

/// Sends `method target HTTP/1.1` to 127.0.0.1:`port` with `Host: 127.0.0.1:port` (unless
/// `headers` has a Host), `headers`, a `Content-Length` (left out for a GET or HEAD without
/// a body), `Connection: close`, and `body`; reads the whole response.
pub fn http(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpResponse {
    let mut req = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || (method != "GET" && method != "HEAD") {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("Connection: close\r\n\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    http_raw(port, &bytes)
}

/// `application/x-www-form-urlencoded` for `fields` (repeats allowed).
pub fn encode(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}
