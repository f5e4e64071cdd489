//! A client for the preview's live-reload WebSocket (`/_careleaf/live`), reading the JSON
//! messages the server sends to open pages.

use std::cell::RefCell;
use std::net::TcpStream;
use std::time::Duration;

use tungstenite::WebSocket;

use super::poll::{Later, is_read_timeout, poll_until};

/// How long a test waits for a message.
const WAIT_LIMIT: Duration = Duration::from_secs(10);

/// A live-reload WebSocket client.
pub struct LiveSocket {
    ws: WebSocket<TcpStream>,
    /// Every message received so far (for failure messages).
    seen: RefCell<Vec<String>>,
    /// The headers of the server's handshake response, names lower-cased.
    pub headers: Vec<(String, String)>,
}

/// Opens `ws://127.0.0.1:port/_careleaf/live`, with `Origin: origin` when given.
pub fn ws_connect(port: u16, origin: Option<&str>) -> Result<LiveSocket, tungstenite::Error> {
    use tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://127.0.0.1:{port}/_careleaf/live")
        .into_client_request()
        .expect("a valid request");
    if let Some(o) = origin {
        req.headers_mut().insert(
            "Origin",
            tungstenite::http::HeaderValue::from_str(o).expect("header value"),
        );
    }
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(tungstenite::Error::Io)?;
    // A busy machine may take a while to answer the handshake: wait for it generously...
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .map_err(tungstenite::Error::Io)?;
    let (ws, response) = tungstenite::client(req, stream).map_err(|e| match e {
        tungstenite::HandshakeError::Failure(e) => e,
        tungstenite::HandshakeError::Interrupted(_) => {
            tungstenite::Error::Io(std::io::ErrorKind::WouldBlock.into())
        }
    })?;
    // ...then read in short slices, so a wait for a message keeps its own deadline.
    ws.get_ref()
        .set_read_timeout(Some(Duration::from_millis(50)))
        .map_err(tungstenite::Error::Io)?;
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    Ok(LiveSocket {
        ws,
        seen: RefCell::default(),
        headers,
    })
}

impl LiveSocket {
    /// The next message (as JSON); panics, naming `what`, when none comes within 10 s.
    pub fn next(&mut self, what: &str) -> serde_json::Value {
        self.wait(what, |_| true)
    }

    /// Skips messages until one of type `kind` arrives (10 s at most).
    pub fn expect(&mut self, kind: &str) -> serde_json::Value {
        self.expect_any(&[kind])
    }

    /// Skips messages until one of the types in `kinds` arrives (10 s at most).
    pub fn expect_any(&mut self, kinds: &[&str]) -> serde_json::Value {
        self.wait(&format!("a {kinds:?} message"), |m| {
            kinds.iter().any(|k| m["type"] == *k)
        })
    }

    /// Sends a text message to the server (an error if the socket is closed meanwhile).
    pub fn send_text(&mut self, text: String) -> Result<(), tungstenite::Error> {
        self.ws.send(tungstenite::Message::Text(text.into()))
    }

    /// Sends `text` as one message cut into frames of `piece` bytes, each small on its own
    /// (an error if the socket is closed meanwhile).
    pub fn send_fragmented(&mut self, text: &str, piece: usize) -> Result<(), tungstenite::Error> {
        use tungstenite::protocol::frame::Frame;
        use tungstenite::protocol::frame::coding::{Data, OpCode};
        let pieces: Vec<&[u8]> = text.as_bytes().chunks(piece).collect();
        for (i, bytes) in pieces.iter().enumerate() {
            let kind = if i == 0 { Data::Text } else { Data::Continue };
            let last = i + 1 == pieces.len();
            let frame = Frame::message(bytes.to_vec(), OpCode::Data(kind), last);
            self.ws.send(tungstenite::Message::Frame(frame))?;
        }
        Ok(())
    }

    /// Waits until the server closes the socket, reading (and keeping) whatever it sends
    /// before; panics, naming `what`, when it is still open after 10 s.
    pub fn expect_closed(&mut self, what: &str) {
        let LiveSocket { ws, seen, .. } = self;
        let seen = &*seen;
        let describe = || format!("{what}; messages so far: {:?}", seen.borrow());
        poll_until(WAIT_LIMIT, Later(describe), || match ws.read() {
            Ok(tungstenite::Message::Text(t)) => {
                seen.borrow_mut().push(t.to_string());
                None
            }
            Ok(tungstenite::Message::Close(_)) => Some(()),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e)) if is_read_timeout(&e) => None,
            // Closed, reset, or closed without a closing handshake.
            Err(_) => Some(()),
        });
    }

    /// Reads messages until `wanted` accepts one, and returns it.
    fn wait(
        &mut self,
        what: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let LiveSocket { ws, seen, .. } = self;
        let seen = &*seen;
        let describe = || format!("{what}; messages so far: {:?}", seen.borrow());
        poll_until(WAIT_LIMIT, Later(describe), || {
            read_one(ws, seen).filter(|m| wanted(m))
        })
    }
}

/// One text message as JSON, or `None` when nothing arrived within the socket's short read
/// timeout (or the frame was not text). Panics when the socket fails.
fn read_one(
    ws: &mut WebSocket<TcpStream>,
    seen: &RefCell<Vec<String>>,
) -> Option<serde_json::Value> {
    match ws.read() {
        Ok(tungstenite::Message::Text(t)) => {
            seen.borrow_mut().push(t.to_string());
            Some(
                serde_json::from_str(t.as_str())
                    .unwrap_or_else(|e| panic!("live message is not JSON ({e}): {t}")),
            )
        }
        Ok(_) => None,
        Err(tungstenite::Error::Io(e)) if is_read_timeout(&e) => None,
        Err(e) => panic!(
            "live socket failed: {e}; messages so far: {:?}",
            seen.borrow()
        ),
    }
}
