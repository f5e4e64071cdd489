//! Where the preview listens: binding the port, the URLs it prints, and the host names it
//! answers to.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr, TcpListener};

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;

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
pub fn allowed_hosts(bind: IpAddr) -> HashSet<String> {
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
pub fn lan_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .map(|list| {
            list.into_iter()
                .map(|i| i.ip())
                .filter(|ip| !ip.is_loopback())
                .collect()
        })
        .unwrap_or_default()
}

/// `http://ip:port/`, with IPv6 addresses in brackets.
pub fn url_for(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}
