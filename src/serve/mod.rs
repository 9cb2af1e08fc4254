//! The development server: serves the output folder over HTTP and tells open pages to reload
//! after a rebuild, or shows the build's diagnostics over the last good page.
//!
//! In: [`ServeOptions`] (the output folder, an address). Out: a running [`Server`] that the
//! watch loop drives with [`Server::reload`] and [`Server::set_error`]. The steps:
//! - [`Server::start`] binds the port at once (so a taken port is reported before anything
//!   else happens), then serves the axum router on its own tokio runtime on a background
//!   thread.
//! - Each connection is served under [`Limits`] ([`conn`]): a client that sends nothing, or
//!   stops reading, is dropped after a while, and only so many connections are open at once.
//! - Every request must name this server in its Host ([`host`]), so a web page cannot read
//!   the preview through DNS rebinding.
//! - Every request for a file is resolved against the output folder as it is at that moment
//!   ([`resolve`]), never outside it and never a dot-file (planpress's own marker and
//!   temporaries); `Cache-Control: no-store` goes on every answer.
//! - `/__planpress/events` is a Server-Sent Events stream ([`live`]); `/__planpress/live.js`
//!   is the client script that listens to it.

pub mod conn;
pub mod files;
pub mod host;
pub mod live;
pub mod resolve;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
pub use conn::Limits;
use host::AllowedHosts;
use live::{Live, LiveState};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::watch;
use tower_http::set_header::SetResponseHeaderLayer;

/// The live-reload script's URL path. Pages built for serve mode include
/// `<script src="/__planpress/live.js" defer></script>`.
pub const RELOAD_SCRIPT_PATH: &str = "/__planpress/live.js";

/// The Server-Sent Events stream the script listens to.
pub const EVENTS_PATH: &str = "/__planpress/events";

/// How long stopping waits for open connections to finish before closing them.
const GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The folder to serve (the build's output).
    pub output: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port; [`Server::local_addr`] tells which.
    pub port: u16,
    /// What one client may hold of the server.
    pub limits: Limits,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            output: PathBuf::from(crate::site::layout::DEFAULT_OUTPUT),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} is in use; pass --port N or stop the other server")]
    PortTaken { port: u16 },
    #[error("failed to listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("failed to start the server: {0}")]
    Runtime(std::io::Error),
}

/// A running server. Dropping it (or calling [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    live: watch::Sender<LiveState>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds and starts serving in the background, on a runtime of its own.
    pub fn start(options: &ServeOptions) -> Result<Server, ServeError> {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = TcpListener::bind(addr).map_err(|source| match source.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortTaken { port: options.port },
            _ => ServeError::Bind { addr, source },
        })?;
        let bind_error = |source| ServeError::Bind { addr, source };
        let local_addr = listener.local_addr().map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("planpress-serve")
            .enable_all()
            .build()
            .map_err(ServeError::Runtime)?;
        let (live, state) = watch::channel(LiveState::default());
        let hosts = AllowedHosts { bound: local_addr };
        let app = router(options.output.clone(), state.clone(), hosts);
        // Registering the listener with tokio needs the runtime's context.
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(bind_error)?
        };
        let thread = std::thread::Builder::new()
            .name("planpress-serve".into())
            .spawn({
                let limits = options.limits;
                move || run(runtime, listener, app, limits, state)
            })
            .map_err(ServeError::Runtime)?;
        Ok(Server {
            addr: local_addr,
            live,
            thread: Some(thread),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address to open in a browser (`http://127.0.0.1:1111/`); a server bound to every
    /// interface is opened on loopback.
    pub fn url(&self) -> String {
        browser_url(self.addr)
    }

    /// Tells every open page to reload (after a successful rebuild). It also clears the
    /// error overlay: a good build means there is no error to show.
    pub fn reload(&self) {
        self.live.send_modify(|state| {
            state.reloads += 1;
            state.pages = None;
            state.error = None;
        });
    }

    /// Tells the open pages at these URL paths (`/plans/x/`) to reload: after a plan's own
    /// page is written, only its readers need it at once. The error overlay is left to
    /// [`Server::set_error`].
    pub fn reload_pages(&self, pages: &[String]) {
        self.live.send_modify(|state| {
            state.reloads += 1;
            state.pages = Some(Arc::from(pages));
        });
    }

    /// Shows these diagnostics over every open page (after a failed rebuild); None clears
    /// the overlay. The text is plain (no colour codes); browsers show it as text.
    pub fn set_error(&self, text: Option<String>) {
        let error = text.map(|text| {
            let text = text.replace("\r\n", "\n");
            let text = if text.trim().is_empty() {
                "the build failed".to_owned()
            } else {
                text
            };
            Arc::<str>::from(text)
        });
        self.live.send_if_modified(|state| {
            let changed = state.error != error;
            state.error = error;
            changed
        });
    }

    /// Stops serving: open pages are disconnected (their script reconnects when a server
    /// is back) and the port is free again when this returns.
    pub fn stop(self) {}
}

impl Drop for Server {
    fn drop(&mut self) {
        self.live.send_modify(|state| state.stopping = true);
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been printed; nothing more to do.
            let _ = thread.join();
        }
    }
}

/// The address to open in a browser for a server bound to `addr`: loopback for every
/// interface.
fn browser_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn router(output: PathBuf, state: watch::Receiver<LiveState>, hosts: AllowedHosts) -> Router {
    let live = Live {
        state,
        server_id: server_id().into(),
    };
    Router::new()
        .route(RELOAD_SCRIPT_PATH, get(live::script))
        .route(EVENTS_PATH, get(live::events).with_state(live))
        .fallback(files::serve_file)
        .with_state(Arc::new(output))
        // Inside the header layers, so a refusal carries them too.
        .layer(axum::middleware::from_fn_with_state(hosts, host::check_host))
        // A dev server must never show a stale page.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Tells one server run from the next, so a page that reconnects to a restarted server
/// knows to reload.
fn server_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// The server thread: serves until the state says stopping, lets open requests finish for
/// up to [`GRACE`], then drops the runtime, which closes every connection and the port.
fn run(
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    mut state: watch::Receiver<LiveState>,
) {
    runtime.block_on(async {
        let (stop, stopped) = watch::channel(false);
        let serve = conn::serve(listener, app, limits, stopped);
        let grace_over = async {
            // An error means the Server is gone, which is a stop too.
            let _ = state.wait_for(|s| s.stopping).await;
            let _ = stop.send(true);
            tokio::time::sleep(GRACE).await;
        };
        tokio::select! {
            // conn::serve returns once stopped and every connection has closed.
            _ = serve => {}
            _ = grace_over => {}
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(500));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_can_be_shared_with_the_watch_thread() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Server>();
    }

    #[test]
    fn url_opens_loopback_when_bound_to_every_interface() {
        let server = Server::start(&ServeOptions {
            output: PathBuf::from("missing"),
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
            ..ServeOptions::default()
        })
        .unwrap();
        let port = server.local_addr().port();
        assert_eq!(server.url(), format!("http://127.0.0.1:{port}/"));
    }
}
