//! The Host check: every request (pages, the live-reload script and its event stream) is
//! answered only when it names this server by a loopback name or an IP address, so a web
//! page cannot read the preview through DNS rebinding.
//!
//! A rebinding page is served from a domain name of its own that it then points at
//! 127.0.0.1; the browser still sends that name in `Host`. So the name decides:
//! - `localhost`, and any loopback address (`127.0.0.1`, `[::1]`), are accepted;
//! - so is the address the server is bound to, and, when it is bound to every interface
//!   (`--bind 0.0.0.0` or `::`, to preview from another device), any IP address, because an
//!   address typed in the browser cannot be rebound;
//! - every other name is refused with 403, as is a request without a Host.
//!
//! The port is not compared with the bound one: a tunnel or a container may map the server
//! to another port, and the port plays no part in rebinding.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// Which Host values the server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedHosts {
    /// The address the server is bound to.
    pub bound: SocketAddr,
}

impl AllowedHosts {
    /// Whether `host` (a Host header's value: `name`, `name:port`, `[v6]` or `[v6]:port`)
    /// names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound.ip() || self.bound.ip().is_unspecified(),
            Err(_) => false,
        }
    }
}

/// The name part of a Host value, without brackets; None when the value is malformed
/// (a port that is not a number, an unbracketed IPv6 address, an empty name).
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            // Only an IPv6 address goes in brackets.
            name.parse::<std::net::Ipv6Addr>().ok()?;
            match after {
                "" => (name, None),
                after => (name, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if let Some(port) = port {
        port.parse::<u16>().ok()?;
    }
    (!name.is_empty()).then_some(name)
}

/// The middleware: refuses a request whose Host (or absolute URI) names another server.
pub async fn check_host(State(allowed): State<AllowedHosts>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(|host| allowed.allows(host)),
        // None, or several: a well-formed request has exactly one.
        _ => false,
    };
    let authority_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| allowed.allows(authority.as_str()));
    if host_ok && authority_ok {
        return next.run(request).await;
    }
    let text = format!(
        "this preview answers only requests for localhost or its own address; open {}\n",
        super::browser_url(allowed.bound)
    );
    (StatusCode::FORBIDDEN, text).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(addr: &str) -> AllowedHosts {
        AllowedHosts {
            bound: addr.parse().unwrap(),
        }
    }

    #[test]
    fn loopback_names_and_the_bound_address_are_allowed() {
        let cases = [
            ("127.0.0.1:1111", "127.0.0.1:1111", true),
            ("127.0.0.1:1111", "127.0.0.1", true),
            ("127.0.0.1:1111", "localhost:1111", true),
            ("127.0.0.1:1111", "LocalHost:1111", true),
            ("127.0.0.1:1111", "[::1]:1111", true),
            ("127.0.0.1:1111", "127.0.0.1:8080", true),
            ("192.168.1.5:1111", "192.168.1.5:1111", true),
            ("192.168.1.5:1111", "localhost:1111", true),
            ("[::1]:1111", "[::1]:1111", true),
            ("0.0.0.0:1111", "192.168.1.5:1111", true),
            ("0.0.0.0:1111", "[fe80::1]:1111", true),
            ("[::]:1111", "10.0.0.7:1111", true),
        ];
        for (server, host, want) in cases {
            assert_eq!(bound(server).allows(host), want, "{server} {host:?}");
        }
    }

    #[test]
    fn other_names_and_malformed_hosts_are_refused() {
        let cases = [
            ("127.0.0.1:1111", "evil.example:1111"),
            ("127.0.0.1:1111", "evil.example"),
            ("127.0.0.1:1111", "localhost.evil.example:1111"),
            ("127.0.0.1:1111", "localhost.:1111"),
            ("127.0.0.1:1111", "127.0.0.1.nip.io:1111"),
            ("127.0.0.1:1111", "192.168.1.5:1111"),
            ("127.0.0.1:1111", ""),
            ("127.0.0.1:1111", ":1111"),
            ("127.0.0.1:1111", "localhost:port"),
            ("127.0.0.1:1111", "localhost:99999"),
            ("127.0.0.1:1111", "localhost:1111:1111"),
            ("127.0.0.1:1111", "::1"),
            ("127.0.0.1:1111", "[::1"),
            ("127.0.0.1:1111", "[::1]x"),
            ("127.0.0.1:1111", "[localhost]:1111"),
            ("0.0.0.0:1111", "my-laptop.local:1111"),
            ("0.0.0.0:1111", "evil.example:1111"),
        ];
        for (server, host) in cases {
            assert!(!bound(server).allows(host), "{server} {host:?}");
        }
    }
}
