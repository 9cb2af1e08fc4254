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
            let events = changes_since(&seen, &now);
            if events.is_empty() {
                continue;
            }
            let events = events
                .into_iter()
                .map(|(name, data)| Event::default().event(name).data(data));
            return Some((stream::iter(events), (state, now)));
        }
    })
    .flatten();
    let events = stream::iter(first).chain(changes).map(Ok);
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// The events that take a page from state `seen` to state `now`. A reload and a build
/// error that follow each other closely can be seen in one wake-up: both are sent, or the
/// page would reload and never hear of the error.
fn changes_since(seen: &LiveState, now: &LiveState) -> Vec<(&'static str, String)> {
    let mut events = Vec::new();
    if now.reloads != seen.reloads {
        // Several reloads seen as one: their page lists are lost, so reload all.
        let pages = match &now.pages {
            Some(pages) if now.reloads == seen.reloads + 1 => pages.join("\n"),
            _ => "*".to_string(),
        };
        events.push(("reload", pages));
    }
    if now.error != seen.error {
        events.push(status(now));
    }
    events
}

/// `error` with the diagnostics as data, or `ok`.
fn status(state: &LiveState) -> (&'static str, String) {
    match &state.error {
        Some(text) => ("error", text.to_string()),
        // An event with empty data is never dispatched by browsers, hence the word.
        None => ("ok", "ok".to_string()),
    }
}

fn status_event(state: &LiveState) -> Event {
    let (name, data) = status(state);
    Event::default().event(name).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(reloads: u64, error: Option<&str>) -> LiveState {
        LiveState {
            reloads,
            pages: Some(Arc::from(vec!["/plans/".to_string()])),
            error: error.map(Arc::from),
            stopping: false,
        }
    }

    #[test]
    fn a_reload_and_an_error_seen_together_are_both_sent() {
        let sent = changes_since(&state(1, None), &state(2, Some("unknown status")));
        assert_eq!(
            sent,
            [
                ("reload", "/plans/".to_string()),
                ("error", "unknown status".to_string())
            ]
        );
    }

    #[test]
    fn each_change_alone_is_one_event() {
        assert_eq!(
            changes_since(&state(1, None), &state(2, None)),
            [("reload", "/plans/".to_string())]
        );
        assert_eq!(
            changes_since(&state(1, None), &state(3, None)),
            [("reload", "*".to_string())]
        );
        assert_eq!(
            changes_since(&state(1, Some("bad")), &state(1, None)),
            [("ok", "ok".to_string())]
        );
        assert!(changes_since(&state(1, None), &state(1, None)).is_empty());
    }
}
