//! `planpress watch` and the watching half of `serve`: a thin shell around notify's
//! debouncer. An editor's save (write to a temporary file, rename, several events) arrives
//! as one batch; [`classify`] keeps what matters and the [`Session`] rebuilds.

pub mod classify;

use crate::build::session::{Change, Outcome, Session};
use crate::site::layout::SiteLayout;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// How long the debouncer waits for a burst of events to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

#[derive(Debug, thiserror::Error)]
#[error("failed to watch `{path}`: {message}")]
pub struct WatchError {
    pub path: PathBuf,
    pub message: String,
}

/// A file watcher on a site's folder, started before the first build so that no edit made
/// while it runs is missed.
pub struct Watcher {
    /// The site's paths, absolute as the events' are.
    layout: SiteLayout,
    events: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    _debouncer: notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
}

impl Watcher {
    pub fn start(layout: &SiteLayout) -> Result<Watcher, WatchError> {
        let layout = layout.absolute();
        let root = layout.root.clone();
        let (tx, events) = mpsc::channel();
        let error = |e: &dyn std::fmt::Display| WatchError {
            path: root.clone(),
            message: e.to_string(),
        };
        let mut debouncer =
            notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx).map_err(|e| error(&e))?;
        debouncer
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|e| error(&e))?;
        Ok(Watcher {
            layout,
            events,
            _debouncer: debouncer,
        })
    }
}

/// The changes a batch of the debouncer's events means for the site. Events may have been
/// lost when the batch is an error, or when the kernel's event queue overflowed (a flood of
/// writes on a busy machine; the watcher then asks for a rescan): the whole site is reloaded
/// then, so an edit among the lost events is never missed.
fn changes_in(batch: &notify_debouncer_full::DebounceEventResult, layout: &SiteLayout) -> BTreeSet<Change> {
    let Ok(events) = batch else {
        return BTreeSet::from([Change::Tree]);
    };
    let mut changes = BTreeSet::new();
    for event in events.iter() {
        if event.need_rescan() {
            changes.insert(Change::Tree);
        }
        // Reads (the build's own, or an editor's) change nothing.
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            continue;
        }
        let found = event.paths.iter().filter_map(|p| classify::classify(layout, p));
        changes.extend(found);
    }
    changes
}

/// Rebuilds through `session` after each batch of changes until `stop` says so; `report`
/// hears each outcome, `plans_written` the early plan-page writes.
pub fn run(
    session: &mut Session,
    watcher: &Watcher,
    mut report: impl FnMut(&Outcome),
    mut plans_written: impl FnMut(&[String]),
    stop: impl Fn() -> bool,
) {
    let (layout, rx) = (&watcher.layout, &watcher.events);
    while !stop() {
        let batch = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut changes = BTreeSet::new();
        // Take whatever else is already waiting, so one rebuild covers it all.
        for batch in std::iter::once(batch).chain(rx.try_iter()) {
            changes.extend(changes_in(&batch, layout));
        }
        if changes.is_empty() {
            continue;
        }
        let outcome = session.apply(&changes, &mut plans_written);
        report(&outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::DebouncedEvent;
    use notify_debouncer_full::notify::event::{AccessKind, CreateKind, Event, Flag, ModifyKind, RenameMode};
    use std::time::Instant;

    fn batch(events: Vec<Event>) -> notify_debouncer_full::DebounceEventResult {
        let now = Instant::now();
        Ok(events.into_iter().map(|e| DebouncedEvent::new(e, now)).collect())
    }

    fn changes(batch: &notify_debouncer_full::DebounceEventResult) -> BTreeSet<Change> {
        changes_in(batch, &SiteLayout::new("/site"))
    }

    #[test]
    fn an_editor_save_is_an_edit_of_the_plan() {
        let rename = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path("/site/content/il/plan.md.tmp~".into())
            .add_path("/site/content/il/plan.md".into());
        let written = Event::new(EventKind::Create(CreateKind::File))
            .add_path("/site/public/plans/x/index.html".into());
        assert_eq!(
            changes(&batch(vec![rename, written])),
            BTreeSet::from([Change::Content("il/plan.md".into())])
        );
    }

    #[test]
    fn lost_events_reload_the_whole_site() {
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(changes(&batch(vec![overflow])), BTreeSet::from([Change::Tree]));
        let failed: notify_debouncer_full::DebounceEventResult =
            Err(vec![notify_debouncer_full::notify::Error::generic(
                "queue overflow",
            )]);
        assert_eq!(changes(&failed), BTreeSet::from([Change::Tree]));
        let read =
            Event::new(EventKind::Access(AccessKind::Read)).add_path("/site/content/il/plan.md".into());
        assert!(changes(&batch(vec![read])).is_empty(), "reads change nothing");
    }
}
