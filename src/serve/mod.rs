//! `careleaf serve`: the live preview editors keep open while they write. This module only
//! wires the parts together: it binds the port, starts setting up the watcher, runs the
//! first build (the server starts even if it fails), starts the rebuild thread, and serves.
//!
//! [`preview`] builds the site in memory (never touching `public/`), [`watch`] turns file
//! events into batches of changes, `rebuild` turns those into builds, `publish` hands each
//! build to the server's `state`, and `router` lists every route: `site` serves the site,
//! `live` tells open pages to reload, `faq_form` adds questions, `report` shows the content
//! report, all behind the Host/Origin `guard`, the `body` limits and the `headers` policy.
//! `connections` accepts connections within time limits and a cap, `respond` builds
//! responses, `mime` names content types and `address` says where to listen.

mod address;
mod body;
mod connections;
mod faq_form;
mod guard;
mod headers;
mod live;
mod mime;
pub mod preview;
mod publish;
mod rebuild;
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
use preview::Preview;
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
    // The watcher is set up meanwhile: a large site does not delay serving.
    let watching = rebuild::start_watching(&root);
    let mut preview = Preview::new(&root, opts.drafts, fixed_today);
    let first = preview.rebuild();
    publish(&shared, &preview, first, None);
    rebuild::start_rebuilding(&root, preview, shared.clone(), watching);

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
            connections::serve(listener, app).await
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
