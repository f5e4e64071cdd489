//! `careleaf serve`: the live preview editors keep open while they write.
//!
//! [`preview`] builds the site in memory (never touching `public/`), [`watch`] turns file
//! events into rebuilds, [`http`] serves the result and tells open pages to reload, and
//! [`mime`] names content types. This module wires them together: it binds the port, runs
//! the first build (the server starts even if it fails), and loops rebuild → publish.

pub mod faq_form;
pub mod http;
pub mod mime;
pub mod preview;
pub mod watch;

use std::collections::HashSet;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use http::Shared;
use preview::{Change, Outcome, Preview};

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

/// What `careleaf serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: the default port, falling back to a free one if it is busy.
    pub port: Option<u16>,
    pub open: bool,
    pub drafts: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: None,
            open: false,
            drafts: false,
        }
    }
}

/// Binds the listening socket: an explicit busy port is an error, a busy default port falls
/// back to any free one.
pub fn bind(addr: IpAddr, port: Option<u16>) -> std::io::Result<TcpListener> {
    match port {
        Some(p) => TcpListener::bind(SocketAddr::new(addr, p)),
        None => TcpListener::bind(SocketAddr::new(addr, DEFAULT_PORT))
            .or_else(|_| TcpListener::bind(SocketAddr::new(addr, 0))),
    }
}

/// The host names the server answers to: loopback names, the bound address and, when bound
/// to all interfaces, every address of this machine.
fn allowed_hosts(bind: IpAddr) -> HashSet<String> {
    let mut hosts: HashSet<String> = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut add = |ip: IpAddr| {
        hosts.insert(match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        });
    };
    add(bind);
    if bind.is_unspecified() {
        for ip in lan_addresses() {
            add(ip);
        }
    }
    hosts
}

/// This machine's addresses other than loopback.
fn lan_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .map(|list| {
            list.into_iter()
                .map(|i| i.ip())
                .filter(|ip| !ip.is_loopback())
                .collect()
        })
        .unwrap_or_default()
}

fn url_for(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// Runs the preview until the process is stopped.
pub fn run(opts: ServeOptions) -> ExitCode {
    let root = match opts.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "careleaf: error: cannot open the site folder {}: {e}",
                opts.root.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let listener = match bind(opts.bind, opts.port) {
        Ok(l) => l,
        Err(e) => {
            let port = opts.port.unwrap_or(DEFAULT_PORT);
            eprintln!(
                "careleaf: error: cannot listen on {}:{port}: {e} (choose another --port, or --port 0 for any free port)",
                opts.bind
            );
            return ExitCode::FAILURE;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            eprintln!("careleaf: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (events, _) = broadcast::channel(64);
    let instance = format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
            ^ u128::from(std::process::id())
    );
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(None),
        errors: RwLock::new(None),
        events,
        instance,
        hosts: allowed_hosts(opts.bind),
        port,
    });

    // The first build: the server starts whatever happens.
    let mut preview = Preview::new(&root, opts.drafts);
    let first = preview.rebuild();
    publish(&shared, &preview, first, true);

    let watcher = match watch::SiteWatcher::new(&root) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "careleaf: warning: cannot watch {} for changes ({e}); the preview will not update",
                root.display()
            );
            None
        }
    };
    if let Some(mut watcher) = watcher {
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Some(batch) = watcher.next_batch() {
                if batch.is_empty() {
                    continue;
                }
                let outcome = rebuild_settled(&mut preview, &mut watcher);
                publish(&shared, &preview, outcome, false);
            }
        });
    }

    let url = url_for(
        if opts.bind.is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            opts.bind
        },
        port,
    );
    if !opts.bind.is_loopback() {
        eprintln!(
            "careleaf: warning: the preview is bound to {}, so anyone on your network can open it",
            opts.bind
        );
    }
    println!("Serving {} at", root.display());
    println!("{url}");
    if !opts.bind.is_loopback() {
        let addrs: Vec<IpAddr> = if opts.bind.is_unspecified() {
            lan_addresses()
        } else {
            vec![opts.bind]
        };
        for ip in addrs {
            println!("On your phone or another computer: {}", url_for(ip, port));
        }
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    let form = Arc::new(faq_form::FormConfig {
        root: root.clone(),
        drafts: opts.drafts,
        token: faq_form::new_token(),
        enabled: opts.bind.is_loopback(),
    });
    if form.enabled {
        println!(
            "Add a question: {}{}",
            url.trim_end_matches('/'),
            faq_form::FORM_PATH
        );
    }
    let _ = std::io::stdout().flush();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("careleaf: error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, http::router(shared, form)).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("careleaf: error: the server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The longest a failed rebuild waits for files to settle before its errors are shown.
const SETTLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Rebuilds after a batch of changes. A failure may only mean a file was caught half-saved
/// (an editor that writes in two steps, a checkout still running): then wait until the files
/// have been quiet for [`watch::SETTLE`] and build again, and only report the failure if it
/// stays. A successful rebuild is never delayed.
fn rebuild_settled(preview: &mut Preview, watcher: &mut watch::SiteWatcher) -> Outcome {
    let deadline = std::time::Instant::now() + SETTLE_LIMIT;
    let mut outcome = preview.rebuild();
    while matches!(outcome, Outcome::Failed(_)) {
        match watcher.settle(watch::SETTLE, deadline) {
            Some(changed) if !changed.is_empty() => outcome = preview.rebuild(),
            _ => break,
        }
    }
    outcome
}

/// Prints a rebuild's result, updates what the server serves and tells open pages.
fn publish(shared: &Shared, preview: &Preview, outcome: Outcome, first: bool) {
    let had_errors = shared.errors.read().map(|e| e.is_some()).unwrap_or(false);
    match outcome {
        Outcome::Built {
            change,
            elapsed,
            warnings,
        } => {
            for w in warnings.iter() {
                eprintln!("{w}\n");
            }
            if let Ok(mut s) = shared.snapshot.write() {
                *s = preview.snapshot();
            }
            if let Ok(mut e) = shared.errors.write() {
                *e = None;
            }
            let generation = preview.snapshot().map_or(0, |s| s.generation);
            let message = match (&change, had_errors) {
                // Fixing an error always reloads, even if the site is as it was before.
                (_, true) | (Change::Reload, _) => Some(serde_json::json!({"type": "reload"})),
                (Change::Stylesheets(paths), false) => Some(
                    serde_json::json!({"type": "css", "paths": paths, "generation": generation}),
                ),
                (Change::None, false) => None,
            };
            if !first {
                let what = match change {
                    Change::None => "no visible change",
                    Change::Stylesheets(_) => "stylesheets updated",
                    Change::Reload => "pages updated",
                };
                eprintln!("careleaf: rebuilt in {} ms ({what})", elapsed.as_millis());
            }
            if let Some(m) = message {
                let _ = shared.events.send(m.to_string());
            }
        }
        Outcome::Failed(diags) => {
            for d in diags.iter() {
                eprintln!("{d}\n");
            }
            eprintln!(
                "careleaf: the site has {} error(s); the preview shows them and keeps the last good version",
                diags.error_count()
            );
            let errors: Vec<crate::diag::Diagnostic> =
                diags.iter().filter(|d| d.is_error()).cloned().collect();
            let message = serde_json::json!({"type": "error", "errors": errors});
            if let Ok(mut e) = shared.errors.write() {
                *e = Some(errors);
            }
            let _ = shared.events.send(message.to_string());
        }
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("careleaf: could not open a browser; open {url} yourself");
    }
}
