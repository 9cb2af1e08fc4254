//! Live reload: the state a build leaves (how many reloads, the current build error) held in
//! a watch channel, and the Server-Sent Events stream that tells each open page about it.
//!
//! A page's stream starts with `hello` (this server's id: a page that reconnects to a new
//! server reloads) and the current state (`error` with the diagnostics, or `ok`), then sends
//! `reload`, `error` or `ok` on each change. Changes in quick succession are coalesced: a
//! page only needs the latest state.

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The client script, served at [`RELOAD_SCRIPT_PATH`](super::RELOAD_SCRIPT_PATH).
pub const SCRIPT: &str = include_str!("live.js");

/// How long a browser waits before reconnecting to a server that went away.
const RETRY: Duration = Duration::from_millis(500);

/// What every open page should show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveState {
    /// Counts the successful rebuilds since the server started.
    pub reloads: u64,
    /// The URL paths the last reload is for; None for every page.
    pub pages: Option<Arc<[String]>>,
    /// The diagnostics of the last failed build; None after a good one.
    pub error: Option<Arc<str>>,
    /// The server is shutting down: streams end so connections can close.
    pub stopping: bool,
}

/// What the SSE handler needs: the live state and this server's id.
#[derive(Clone)]
pub struct Live {
    pub state: watch::Receiver<LiveState>,
    pub server_id: Arc<str>,
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

pub async fn events(State(live): State<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut state = live.state;
    let current = state.borrow_and_update().clone();
    let first = vec![
        Event::default()
            .event("hello")
            .retry(RETRY)
            .data(&*live.server_id),
        status_event(&current),
    ];
    let changes = stream::unfold((state, current), |(mut state, seen)| async move {
        loop {
            state.changed().await.ok()?;
            let now = state.borrow_and_update().clone();
            if now.stopping {
                return None;
            }
            let event = if now.reloads != seen.reloads {
                // Several reloads seen as one: their page lists are lost, so reload all.
                let pages = match &now.pages {
                    Some(pages) if now.reloads == seen.reloads + 1 => pages.join("\n"),
                    _ => "*".to_string(),
                };
                Event::default().event("reload").data(pages)
            } else if now.error != seen.error {
                status_event(&now)
            } else {
                continue;
            };
            return Some((event, (state, now)));
        }
    });
    let events = stream::iter(first).chain(changes).map(Ok);
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// `error` with the diagnostics as data, or `ok`.
fn status_event(state: &LiveState) -> Event {
    match &state.error {
        Some(text) => Event::default().event("error").data(&**text),
        // An event with empty data is never dispatched by browsers, hence the word.
        None => Event::default().event("ok").data("ok"),
    }
}
