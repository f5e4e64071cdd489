//! `careleaf serve`: the live preview editors keep open while they write. This module only
//! wires the parts together: it binds the port, runs the first build (the server starts
//! even if it fails), starts the rebuild thread, and serves.
//!
//! [`preview`] builds the site in memory (never touching `public/`), [`watch`] turns file
//! events into rebuilds, `publish` hands each build to the server's `state`, and `router`
//! lists every route: `site` serves the site, `live` tells open pages to reload,
//! `faq_form` adds questions, `report` shows the content report, all behind the
//! Host/Origin `guard`. `respond` builds responses, `mime` names content types and
//! `address` says where to listen.

mod address;
mod faq_form;
mod guard;
mod live;
mod mime;
pub mod preview;
mod publish;
mod report;
mod respond;
mod router;
mod site;
mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use faq_form::FormConfig;
use guard::Hosts;
use preview::{Outcome, Preview};
use publish::publish;
use state::Shared;

use crate::error::Error;

pub use address::DEFAULT_PORT;

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

/// Runs the preview until the process is stopped.
pub fn run(opts: ServeOptions) -> Result<(), Error> {
    // SOURCE_DATE_EPOCH, when set, fixes "today" for the whole run, and is checked now.
    let fixed_today = match std::env::var_os(crate::content::date::SOURCE_DATE_EPOCH) {
        Some(_) => Some(crate::content::date::today()?),
        None => None,
    };
    let (root, listener, port) = open(&opts)?;
    let shared = Arc::new(Shared::new(instance_id()));

    // The first build: the server starts whatever happens.
    let mut preview = Preview::new(&root, opts.drafts, fixed_today);
    let first = preview.rebuild();
    publish(&shared, &preview, first, None);
    start_rebuilding(&root, preview, shared.clone());

    let url = announce(&opts, &root, port);
    let form = Arc::new(FormConfig::new(
        root.clone(),
        opts.drafts,
        opts.bind.is_loopback(),
        shared.subscribe(),
    ));
    if form.enabled() {
        println!(
            "Add a question: {}{}",
            url.trim_end_matches('/'),
            faq_form::FORM_PATH
        );
    }
    println!(
        "Content report: {}{}",
        url.trim_end_matches('/'),
        report::PAGE_PATH
    );
    let _ = std::io::stdout().flush();
    let hosts = Arc::new(Hosts {
        names: address::allowed_hosts(opts.bind),
        port,
    });
    serve(listener, router::router(shared, form, hosts))
}

/// The site folder, the bound socket and its port.
fn open(opts: &ServeOptions) -> Result<(PathBuf, TcpListener, u16), Error> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|source| Error::SiteFolder {
            path: opts.root.clone(),
            source,
        })?;
    let addr = SocketAddr::new(opts.bind, opts.port.unwrap_or(DEFAULT_PORT));
    let listen_error = |source| Error::Listen { addr, source };
    let listener = address::bind(opts.bind, opts.port).map_err(listen_error)?;
    let port = listener.local_addr().map_err(listen_error)?.port();
    Ok((root, listener, port))
}

/// Changes on every server start, so pages from an earlier run reload.
fn instance_id() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
            ^ u128::from(std::process::id())
    )
}

/// Watches the site and publishes every rebuild, on a thread of its own. Without a watcher
/// the preview still serves the first build.
fn start_rebuilding(root: &Path, mut preview: Preview, shared: Arc<Shared>) {
    let mut watcher = match watch::SiteWatcher::new(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "careleaf: warning: cannot watch {} for changes ({e}); the preview will not update",
                root.display()
            );
            return;
        }
    };
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Some(mut changed) = watcher.next_batch() {
            if changed.is_empty() {
                continue;
            }
            let outcome = rebuild_settled(&mut preview, &mut watcher, &mut changed);
            let changed: Vec<String> = changed
                .iter()
                .map(|p| crate::diag::display_path(&root, p))
                .collect();
            publish(&shared, &preview, outcome, Some(&changed));
        }
    });
}

/// The longest a failed rebuild waits for files to settle before its errors are shown.
const SETTLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Rebuilds after a batch of changes. A failure may only mean a file was caught half-saved
/// (an editor that writes in two steps, a checkout still running): then wait until the files
/// have been quiet for [`watch::SETTLE`] and build again, and only report the failure if it
/// stays. The files are read again even when no event came while waiting (on a busy machine
/// a save's events can come late); while events keep coming, this repeats until
/// [`SETTLE_LIMIT`]. A successful rebuild is never delayed. Paths that changed while settling
/// are added to `changed`.
fn rebuild_settled(
    preview: &mut Preview,
    watcher: &mut watch::SiteWatcher,
    changed: &mut Vec<PathBuf>,
) -> Outcome {
    let deadline = std::time::Instant::now() + SETTLE_LIMIT;
    let mut outcome = preview.rebuild();
    while matches!(outcome, Outcome::Failed(_)) {
        let Some(more) = watcher.settle(watch::SETTLE, deadline) else {
            break;
        };
        let quiet = more.is_empty();
        changed.extend(more);
        outcome = preview.rebuild();
        if quiet || std::time::Instant::now() >= deadline {
            break;
        }
    }
    changed.sort();
    changed.dedup();
    outcome
}

/// Prints where the preview is (the URL alone on its line), warns when the network can see
/// it, and opens a browser if asked. Returns the URL.
fn announce(opts: &ServeOptions, root: &Path, port: u16) -> String {
    let url = address::url_for(
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
            address::lan_addresses()
        } else {
            vec![opts.bind]
        };
        for ip in addrs {
            println!(
                "On your phone or another computer: {}",
                address::url_for(ip, port)
            );
        }
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    url
}

/// Serves `app` on `listener` until the process is stopped.
fn serve(listener: TcpListener, app: axum::Router) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::ServerStart { source })?;
    runtime
        .block_on(async move {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, app).await
        })
        .map_err(|source| Error::Server { source })
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
