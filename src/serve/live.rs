//! Live reload: the client script every served page loads, and the WebSocket that tells
//! open pages to reload (or update in place), swap stylesheets or show build errors.
//!
//! The messages (JSON, server to page; [`super::publish`] makes them):
//! - `hello`: the server run (`instance`), the build (`generation`) and any errors; a page
//!   from another run or an older build reloads.
//! - `reload`: reload. When only pages changed it also carries `generation` and either
//!   `pages` (the output paths of the HTML pages added, changed or removed) or
//!   `"every_page": true`; the client then updates a named page in place and leaves the
//!   others alone (see `client.js`).
//! - `css`: only these stylesheets (`paths`) changed: swap them in place.
//! - `error` / `ok`: show or hide the error overlay.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, Response, StatusCode, header};
use tokio::sync::broadcast;

use super::respond::{embedded, plain};
use super::state::Shared;

/// The client script injected into served HTML.
pub const CLIENT_JS: &str = include_str!("client.js");
/// Where the client script lives.
pub const SCRIPT_PATH: &str = "/_careleaf/live.js";
/// Where the live-reload socket lives.
pub const SOCKET_PATH: &str = "/_careleaf/live";
/// The largest message (and frame) a page may send. The client sends nothing that matters,
/// so anything bigger closes the socket instead of being buffered.
pub const MAX_INCOMING: usize = 4 * 1024;

/// `GET /_careleaf/live.js`.
pub async fn script() -> Response<Body> {
    embedded(SCRIPT_PATH, CLIENT_JS)
}

/// `GET /_careleaf/live`: upgrades to the live-reload socket.
pub async fn socket(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response<Body> {
    // Browsers always send Origin on WebSocket requests; the router's guard has checked that
    // it is this server, here it must also be present.
    if headers.get(header::ORIGIN).is_none() {
        return plain(StatusCode::FORBIDDEN, "careleaf preview: missing Origin\n");
    }
    ws.max_message_size(MAX_INCOMING)
        .max_frame_size(MAX_INCOMING)
        .on_upgrade(move |socket| live(socket, shared))
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
