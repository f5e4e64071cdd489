//! Refusing requests not meant for this server, before any route sees them.
//!
//! A request whose `Host` does not name this server (DNS rebinding: another site's name
//! made to resolve to this machine) or whose `Origin` is another site is answered 403. The
//! router's one layer asks [`refusal`] about every request before any route or the fallback
//! sees it, so no handler has to remember it. No CORS headers are ever sent.

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode, header};

use super::respond::plain;

/// The names and port this server answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// Host names and addresses, lower case, IPv6 in brackets, without port.
    pub names: HashSet<String>,
    pub port: u16,
}

impl Hosts {
    /// `host[:port]` names this server.
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = split_host(host);
        let port_ok = port.is_none_or(|p| p == self.port);
        port_ok && self.names.contains(&name.to_ascii_lowercase())
    }
}

/// Why a request must be refused, as its response; `None` when it may go on.
pub fn refusal(hosts: &Hosts, headers: &HeaderMap) -> Option<Response<Body>> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hosts.allows(host) {
        return Some(plain(
            StatusCode::FORBIDDEN,
            "careleaf preview: this server only answers to its own address\n",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !ok {
            return Some(plain(
                StatusCode::FORBIDDEN,
                "careleaf preview: requests from other sites are refused\n",
            ));
        }
    }
    None
}

fn split_host(host: &str) -> (&str, Option<u16>) {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        if let Some((addr, after)) = rest.split_once(']') {
            let port = after.strip_prefix(':').and_then(|p| p.parse().ok());
            return (&host[..addr.len() + 2], port);
        }
        return (host, None);
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port.parse().unwrap_or(0))),
        None => (host, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Hosts {
        Hosts {
            names: ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            port: 8080,
        }
    }

    #[test]
    fn host_names() {
        let hosts = hosts();
        assert!(hosts.allows("127.0.0.1:8080"));
        assert!(hosts.allows("LOCALHOST:8080"));
        assert!(hosts.allows("[::1]:8080"));
        assert!(hosts.allows("localhost"));
        assert!(!hosts.allows("127.0.0.1:9999"));
        assert!(!hosts.allows("evil.example:8080"));
        assert!(!hosts.allows(""));
    }

    #[test]
    fn origins_must_be_this_server_over_http() {
        let hosts = hosts();
        let headers = |origin: Option<&str>| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
            if let Some(o) = origin {
                h.insert(header::ORIGIN, o.parse().unwrap());
            }
            h
        };
        assert!(refusal(&hosts, &headers(None)).is_none());
        assert!(refusal(&hosts, &headers(Some("http://127.0.0.1:8080"))).is_none());
        for bad in [
            "http://evil.example",
            "https://127.0.0.1:8080",
            "null",
            "http://localhost:8080",
        ] {
            let r = refusal(&hosts, &headers(Some(bad))).expect("refused");
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{bad}");
        }
    }
}
