//! `careleaf serve` against unlucky sites and hostile clients, through the real binary: a
//! symlink to a big folder outside the site, a watcher slow to set up, idle connections by
//! the hundred, requests that never finish, oversized live-reload messages. Each must leave
//! the preview answering everyone, within the limits the README states.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;
use tempfile::TempDir;

/// The rich fixture site, in a folder inside another temporary folder.
fn fixture() -> (TempDir, Site) {
    site_in_folder(&rich_site_files())
}

/// Writes a tree of `folders` folders, each with a markdown file, under `dir`.
fn big_tree(dir: &Path, folders: usize) {
    for i in 0..folders {
        let sub = dir.join(format!("d{:02}/e{i:04}", i % 40));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join("page.md"), "---\ntitle: Elsewhere\n---\nText.\n").unwrap();
    }
}

/// The folders under `dir`, itself included, without following symlinks.
fn folders_under(dir: &Path) -> usize {
    1 + fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| folders_under(&e.path()))
        .sum::<usize>()
}

// ---------------------------------------------------------------------------------------------
// Watching: symlinks out of the site, a slow watcher
// ---------------------------------------------------------------------------------------------

#[test]
fn a_symlink_to_a_big_folder_outside_the_site_is_neither_watched_nor_rebuilt() {
    let (outer, site) = fixture();
    let big = outer.path().join("big");
    big_tree(&big, 2000);
    std::os::unix::fs::symlink(&big, site.path("content/big")).unwrap();
    let site_folders = folders_under(site.root());

    let server = Server::start(site.root(), &[]);
    // Said once, naming the symlink.
    let warning =
        "careleaf: warning: the build does not follow symlinks, so these are ignored: content/big";
    let err = server.wait_stderr("does not follow symlinks");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("symlinks"))
            .collect::<Vec<_>>(),
        [warning],
        "{err}"
    );
    // The watches cover the site's own folders, not the 2,000 behind the symlink.
    let watches = server.inotify_watches();
    assert!(
        watches <= site_folders,
        "{watches} inotify watches for a site of {site_folders} folders"
    );

    // Changes under the symlink's target rebuild nothing.
    let since = server.rebuilt_lines().len();
    fs::write(big.join("d00/e0000/page.md"), "---\ntitle: Changed\n---\n").unwrap();
    fs::write(big.join("d01/new.md"), "---\ntitle: New\n---\n").unwrap();
    fs::create_dir(big.join("d02/new-folder")).unwrap();
    let lines = server.rebuilds_until_marker(&site, since, "after-big");
    assert!(
        lines.iter().all(|l| !l.contains("content/big")),
        "a change behind the symlink rebuilt the site:\n{}",
        lines.join("\n")
    );
    assert_eq!(server.stderr_count("does not follow symlinks"), 1);
}

/// The preview serves before its watcher is set up (a large site takes a while to watch),
/// and a change made meanwhile is still picked up once it is.
#[test]
fn the_preview_serves_while_its_watcher_is_set_up_and_catches_up_after() {
    let (_outer, site) = fixture();
    let pause = tempfile::tempdir().unwrap();
    let setting = format!("watch-setup:{}", pause.path().display());
    let server = Server::try_start(site.root(), &[], &[("CARELEAF_TEST_PAUSE", &setting)])
        .unwrap_or_else(|e| panic!("{e}"));
    poll_until(Duration::from_secs(10), "the watcher to pause", || {
        pause.path().join("paused").exists().then_some(())
    });
    // The URL is printed (Server::start waited for it) and pages are served.
    let r = server.get("/articles/sleep-tips/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Go to bed"));

    // An edit while nothing watches yet...
    let rel = "content/articles/sleep-tips.md";
    let text = fs::read_to_string(site.path(rel)).unwrap();
    site.write(
        rel,
        &text.replace("Go to bed", "Go to bed (while watching began)"),
    );
    fs::write(pause.path().join("resume"), "").unwrap();
    // ...is built once the watcher is ready, and announced.
    server.wait_for(
        "/articles/sleep-tips/",
        "the edit made before watching",
        |r| r.text().contains("(while watching began)"),
    );
    server.wait_stderr("after changes to the site");
    // And the watcher works from then on.
    site.write(rel, &text.replace("Go to bed", "Go to bed (watched)"));
    server.wait_for("/articles/sleep-tips/", "a later edit", |r| {
        r.text().contains("(watched)")
    });
}

// ---------------------------------------------------------------------------------------------
// Connections: a cap, time limits, bounded bodies and messages
// ---------------------------------------------------------------------------------------------

/// How long a test waits for the server to close a connection it should close: far longer
/// than the preview's 10 s limits, so a busy machine does not fail the test.
const CLOSE_LIMIT: Duration = Duration::from_secs(40);

/// A connection to the server that has sent nothing yet.
fn connect(server: &Server) -> TcpStream {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(15)).expect("connect to the server")
}

/// Reads from `stream` until the server closes it, and returns what it sent; panics, naming
/// `what`, when it is still open after [`CLOSE_LIMIT`].
fn read_until_closed(stream: &mut TcpStream, what: &str) -> String {
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    poll_until(CLOSE_LIMIT, format!("the server to close {what}"), || {
        match stream.read(&mut buf) {
            Ok(0) => Some(()),
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                None
            }
            Err(e) if is_read_timeout(&e) => None,
            // Reset: closed too.
            Err(_) => Some(()),
        }
    });
    String::from_utf8_lossy(&got).into_owned()
}

/// With room for only 256 open files, 300 connections that never send anything must not
/// lock everyone else out: a fresh request is still answered, promptly.
#[test]
fn three_hundred_idle_connections_leave_the_preview_answering() {
    let (_outer, site) = fixture();
    let server = Server::start_with_file_limit(site.root(), 256);
    let idle: Vec<TcpStream> = (0..300).map(|_| connect(&server)).collect();

    let started = Instant::now();
    let mut fresh = connect(&server);
    let host = server.host();
    write!(
        fresh,
        "GET /articles/sleep-tips/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let answer = read_until_closed(&mut fresh, "the fresh request's connection");
    assert!(
        answer.starts_with("HTTP/1.1 200 OK") && answer.contains("Go to bed"),
        "the fresh request was not answered:\n{answer}\n--- stderr ---\n{}",
        server.stderr()
    );
    // Answered at once, not after the idle connections timed out.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "answered only after {:?}",
        started.elapsed()
    );
    // At most 256 - 64 connections are kept (64 files are kept for the rest of the
    // preview), besides the listening socket.
    let most = 256 - 64 + 1;
    poll_until(
        Duration::from_secs(10),
        Later(|| format!("at most {most} open sockets, not {}", open_sockets(&server))),
        || (open_sockets(&server) <= most).then_some(()),
    );
    drop(idle);
    assert_eq!(server.get("/").status, 200);
}

/// A request that declares a 1 GB body and sends nothing is refused at once and its
/// connection closed; one whose body stops halfway, or whose headers trickle in and never
/// end, is closed once its time is up.
#[test]
fn requests_that_never_finish_are_closed() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let host = server.host();
    let origin = server.origin();
    let form = |length: usize| {
        format!(
            "POST /_careleaf/faq/new HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
        )
    };

    let mut huge = connect(&server);
    huge.write_all(form(1_000_000_000).as_bytes()).unwrap();
    let mut halfway = connect(&server);
    halfway.write_all(form(100).as_bytes()).unwrap();
    halfway.write_all(b"question=Half").unwrap();
    // Headers sent a byte every half second: never idle, never finished.
    let mut trickle = connect(&server);
    trickle
        .write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Slow: ").as_bytes())
        .unwrap();
    let mut dripping = trickle.try_clone().unwrap();
    std::thread::spawn(move || {
        let until = Instant::now() + CLOSE_LIMIT + Duration::from_secs(5);
        while Instant::now() < until && dripping.write_all(b"x").is_ok() {
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let mut silent = connect(&server);

    let answer = read_until_closed(&mut huge, "a request declaring a 1 GB body");
    assert!(
        answer.starts_with("HTTP/1.1 413 Payload Too Large"),
        "{answer}"
    );
    let answer = read_until_closed(&mut halfway, "a request whose body stopped halfway");
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout"),
        "{answer}"
    );
    read_until_closed(&mut trickle, "a request whose headers trickle in forever");
    read_until_closed(&mut silent, "a connection that never sends anything");
    // The preview answers everyone else all along.
    assert_eq!(server.get("/").status, 200);
}

/// How many sockets the server has open now (Linux: from `/proc/<pid>/fd`).
fn open_sockets(server: &Server) -> usize {
    let dir = format!("/proc/{}/fd", server.pid());
    fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .filter_map(|f| fs::read_link(f.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

/// An idle keep-alive connection is closed, and so is one whose client stopped reading its
/// answer (once nothing has moved for 30 s); a live-reload socket, quiet for longer than
/// that, stays open and hears about the next edit.
#[test]
fn idle_connections_are_closed_but_live_reload_sockets_stay_open() {
    const BIG: usize = 32 * 1024 * 1024;
    let (_outer, site) = fixture();
    site.write_bytes("static/big.bin", &vec![b'x'; BIG]);
    let server = Server::start(site.root(), &[]);
    let mut live = server.live();
    live.expect("hello");
    let opened = Instant::now();

    let mut keep_alive = connect(&server);
    write!(
        keep_alive,
        "GET / HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.host()
    )
    .unwrap();
    let answer = read_until_closed(&mut keep_alive, "an idle keep-alive connection");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");

    // A client that asks for 32 MB and reads none of it: the server's writes stall once
    // the socket buffers are full.
    let sockets = open_sockets(&server);
    let mut stalled = connect(&server);
    write!(
        stalled,
        "GET /big.bin HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    )
    .unwrap();
    poll_until(Duration::from_secs(10), "the server to accept", || {
        (open_sockets(&server) > sockets).then_some(())
    });
    poll_until(
        CLOSE_LIMIT + Duration::from_secs(30),
        "the server to close the stalled connection",
        || (open_sockets(&server) == sockets).then_some(()),
    );
    // Cut short: what had been sent is all there is.
    let mut received = Vec::new();
    stalled
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let _ = stalled.read_to_end(&mut received);
    assert!(
        received.starts_with(b"HTTP/1.1 200 OK"),
        "the file was being sent: {:?}",
        String::from_utf8_lossy(&received[..received.len().min(200)])
    );
    assert!(
        received.len() < BIG,
        "the whole answer arrived ({} bytes)",
        received.len()
    );

    // The live socket has been quiet longer than any timeout.
    assert!(opened.elapsed() > Duration::from_secs(30));
    let rel = "content/articles/sleep-tips.md";
    let text = fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, &text.replace("Go to bed", "Go to bed (edited)"));
    live.expect("reload");
}

/// A page that sends a 64 KB message, in one frame or in 1 KB pieces, has its socket closed
/// before the message is buffered; the preview and other pages carry on.
#[test]
fn a_big_message_from_a_page_closes_its_socket_and_nothing_else() {
    let (_outer, site) = fixture();
    let server = Server::start(site.root(), &[]);
    let mut other = server.live();
    other.expect("hello");
    let big = "x".repeat(64 * 1024);
    let mut one_frame = server.live();
    one_frame.expect("hello");
    let mut pieces = server.live();
    pieces.expect("hello");
    // A send itself may fail once the server has closed the socket.
    let _ = one_frame.send_text(big.clone());
    let _ = pieces.send_fragmented(&big, 1024);
    one_frame.expect_closed("a socket that sent 64 KB in one frame");
    pieces.expect_closed("a socket that sent 64 KB in 1 KB frames");

    // A small message is fine, and the server stays healthy.
    other.send_text("ping".to_owned()).unwrap();
    assert_eq!(server.get("/").status, 200);
    let rel = "content/articles/sleep-tips.md";
    let text = fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, &text.replace("Go to bed", "Go to bed (edited)"));
    other.expect("reload");
    let mut again = server.live();
    again.expect("hello");
}
