//! The preview's accept loop: every connection is served by hyper under the router, within
//! time limits and a cap, so idle or slow clients cannot hold the preview up.
//!
//! A client gets [`HEADER_READ_TIMEOUT`] to send a request's headers (also the longest an
//! idle keep-alive connection stays open), and a connection on which no bytes move and no
//! request is being answered is closed after [`IDLE_TIMEOUT`] (a client that stopped reading
//! its response, say). Live-reload sockets are exempt from both: an open tab may stay quiet
//! for hours. How many connections may be open, and which gives way, is [`slots`]' job;
//! request bodies are bounded by the router (`body`).

mod slots;
mod tracked;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{Service, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use slots::{Slot, Slots};
use tracked::Tracked;

/// The longest a client may take to send a request's headers, counted from when the server
/// is ready to read them (the connection opened, or the previous response was sent).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may sit with nothing moving and nothing being answered.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the loop pauses when accepting fails for want of resources (no free file).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Serves `app` on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, app: Router) -> io::Result<()> {
    let slots = Slots::new(slots::limit_for_this_process());
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if gone_before_accepted(&e) => continue,
            Err(_) => {
                // Out of files or memory: others' connections closing will free some.
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        // Every slot busy: refused (closed at once) rather than kept waiting.
        let Some(held) = slots.take() else {
            continue;
        };
        let io = Tracked::new(stream, held);
        tokio::spawn(connection(http.clone(), io, app.clone()));
    }
}

/// Serves one connection until it closes, upgrades to a live-reload socket, is idle too long
/// or is asked to give way to a new one.
async fn connection(http: http1::Builder, io: Tracked, app: Router) {
    let slot = io.slot();
    let service = {
        let slot = slot.clone();
        let app = TowerToHyperService::new(app);
        service_fn(move |request: hyper::Request<Incoming>| {
            let busy = slot.busy();
            let answer = app.call(request);
            async move {
                let response = answer.await;
                drop(busy);
                response
            }
        })
    };
    let conn = http
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    tokio::pin!(conn);
    loop {
        tokio::select! {
            _ = conn.as_mut() => {
                // Closed, or upgraded: the socket, if it lives on, is a live-reload one.
                slot.exempt();
                return;
            }
            () = slot.close_requested() => return,
            () = tokio::time::sleep(idle_left(&slot)) => {
                if slot.idle_for() >= IDLE_TIMEOUT {
                    return;
                }
            }
        }
    }
}

/// How long until the connection would have been idle for [`IDLE_TIMEOUT`].
fn idle_left(slot: &Arc<Slot>) -> Duration {
    IDLE_TIMEOUT.saturating_sub(slot.idle_for())
}

/// True when accepting failed only because that one client went away meanwhile.
fn gone_before_accepted(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}
