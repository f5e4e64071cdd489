//! Request bodies, read whole before any route sees them: within a size limit and a time
//! limit, so a client that declares a huge body, sends one slowly or never finishes holds
//! nothing for long. Only POST bodies are read (no other route reads one); the others are
//! left alone and the connection closed after the answer, as hyper does with a body nobody
//! read.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};

use super::respond::plain;

/// The largest request body accepted (axum's default limit, which applied before).
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// The longest a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The request with its body read into memory, or the answer refusing it.
pub async fn read_whole(request: Request) -> Result<Request, Response<Body>> {
    if request.method() != Method::POST {
        return Ok(request);
    }
    let declared = declared_length(request.headers());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE));
    }
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(BODY_READ_TIMEOUT, to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(_) => Err(refuse(
            StatusCode::REQUEST_TIMEOUT,
            "careleaf preview: the request took too long to arrive\n",
        )),
        // Without a declared length, the only way to fail short of the connection breaking
        // is to send too much.
        Ok(Err(_)) if declared.is_none() => Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE)),
        Ok(Err(_)) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "careleaf preview: the request could not be read\n",
        )),
    }
}

const TOO_LARGE: &str = "careleaf preview: the request is too large\n";

/// The `Content-Length` the client declared, if any (an unreadable one counts as huge).
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH).map(|v| {
        v.to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(u64::MAX)
    })
}

/// A refusal after which the connection is closed: whatever the client still sends is not
/// waited for.
fn refuse(status: StatusCode, text: &str) -> Response<Body> {
    let mut r = plain(status, text);
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}
