//! Connections: the accept loop that hands each TCP connection to hyper (HTTP/1.1), with two
//! limits so that clients which open connections and then say nothing cannot starve the
//! server.
//!
//! In: a bound listener, the app, [`Limits`] and a stop signal. Out: serves until the signal,
//! then lets each connection finish the answer it is writing. The steps:
//! - A connection is accepted only while fewer than [`Limits::max_connections`] are open;
//!   past that, new ones wait in the kernel's queue until one closes. The process so never
//!   runs out of file handles, which the build and the file watcher need too.
//! - A client has [`Limits::header_timeout`] to send a request's head, on a new connection and
//!   between two requests on a kept-alive one; past that hyper closes the connection and its
//!   place goes to the next. Only the reading of a head is timed: a long answer (the
//!   live-reload event stream) is never cut.
//! - A client that stops reading an answer is dropped once a write has waited
//!   [`Limits::write_timeout`] (`WriteDeadline`). (A client that never sends the body it
//!   announced holds nothing: hyper closes a connection whose body was not read.)

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Sleep;

/// How long to wait before accepting again after an error that is not one client's (the
/// process is out of file handles): long enough for connections to close meanwhile.
const ACCEPT_RETRY: Duration = Duration::from_millis(250);

/// What one client may hold of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's head.
    pub header_timeout: Duration,
    /// How long a write of an answer may wait for the client to read.
    pub write_timeout: Duration,
    /// How many connections may be open at once.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // A browser sends a request's head at once; ten seconds is generous even for a
            // slow machine, and short enough that idle clients give their places up soon.
            header_timeout: Duration::from_secs(10),
            // Each write that goes through starts the wait again: a slow reader is served,
            // one that has stopped is not waited for.
            write_timeout: Duration::from_secs(10),
            // A preview has one reader with a few tabs (a browser opens at most six
            // connections per host); far below the usual limit of 1,024 open files.
            max_connections: 256,
        }
    }
}

/// Serves connections from `listener` until `stop` holds true (or its sender is gone), then
/// waits until every connection has closed. The caller bounds that wait.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, stop: watch::Receiver<bool>) {
    // Within what a semaphore holds and what it can hand out at once (the wait below).
    let most = u32::try_from(Semaphore::MAX_PERMITS).unwrap_or(u32::MAX);
    let max = u32::try_from(limits.max_connections)
        .unwrap_or(most)
        .clamp(1, most);
    let places = Arc::new(Semaphore::new(max as usize));
    loop {
        let accepted = tokio::select! {
            accepted = accept(&listener, &places) => accepted,
            _ = stopped(stop.clone()) => break,
        };
        match accepted {
            Ok((stream, place)) => {
                tokio::spawn(connection(stream, app.clone(), limits, stop.clone(), place));
            }
            Err(e) if is_clients_error(&e) => {}
            Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
        }
    }
    // New clients are refused from now on, rather than queued for a server that is going.
    drop(listener);
    // Every place back means every connection has closed.
    let _ = places.acquire_many(max).await;
}

/// Waits for a free place, then for a connection to fill it.
async fn accept(
    listener: &TcpListener,
    places: &Arc<Semaphore>,
) -> std::io::Result<(TcpStream, OwnedSemaphorePermit)> {
    // The semaphore is never closed, so acquiring only fails if that changes.
    let place = places
        .clone()
        .acquire_owned()
        .await
        .map_err(std::io::Error::other)?;
    let (stream, _) = listener.accept().await?;
    Ok((stream, place))
}

/// An accept error that concerns one connection only (it was reset before it was taken),
/// after which the next accept can go ahead at once.
fn is_clients_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    )
}

async fn stopped(mut stop: watch::Receiver<bool>) {
    // An error means the sender is gone, which is a stop too.
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Serves one connection; its place is given back when it closes.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    stop: watch::Receiver<bool>,
    _place: OwnedSemaphorePermit,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let stream = WriteDeadline {
        stream,
        limit: limits.write_timeout,
        stalled: None,
    };
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        // A client that went away, or a timeout, is that client's business: nothing to report.
        _ = conn.as_mut() => return,
        _ = stopped(stop) => {}
    }
    // Finishes the answer being written, then closes.
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// A connection whose writes fail with `TimedOut` once one has waited `limit` for the client
/// to read. Reads are left alone: waiting for a request is hyper's header timeout, and an
/// open event stream waits on its reading side for as long as the page is open.
struct WriteDeadline {
    stream: TcpStream,
    limit: Duration,
    /// Started when a write first had to wait; cleared when one goes through.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteDeadline {
    fn check<T>(&mut self, cx: &mut Context<'_>, written: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if written.is_ready() {
            self.stalled = None;
            return written;
        }
        let limit = self.limit;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.check(cx, written)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.check(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let flushed = Pin::new(&mut this.stream).poll_flush(cx);
        this.check(cx, flushed)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let shut = Pin::new(&mut this.stream).poll_shutdown(cx);
        this.check(cx, shut)
    }
}
