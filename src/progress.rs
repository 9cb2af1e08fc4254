//! A progress line on the terminal for builds and checks that take a while: the phase, the
//! pages written so far, and the time taken.
//!
//! The command line turns it on ([`start`]) only when standard error is a terminal and `CI`
//! is not set; the stages report to it ([`phase`], [`page`]) without knowing whether anyone
//! shows it. Like a logger, it is process-wide, so that reporting needs no parameter through
//! every stage; when it is off, a report costs one atomic load. It appears only after
//! [`DELAY`], so a quick build prints nothing but its summary.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long work runs before the progress line appears.
pub const DELAY: Duration = Duration::from_secs(1);

static BAR: OnceLock<ProgressBar> = OnceLock::new();
static FINISHED: AtomicBool = AtomicBool::new(false);

/// Whether a progress line suits this run: a terminal to draw on, and not a CI log.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&std::ffi::OsStr>) -> bool {
    stderr_is_terminal && ci.is_none_or(|v| v.is_empty() || v == "false" || v == "0")
}

/// Turns the progress line on for this process; it shows after [`DELAY`] unless
/// [`finish`] came first.
pub fn start() {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    if BAR.set(bar.clone()).is_err() {
        return;
    }
    std::thread::spawn(move || {
        std::thread::sleep(DELAY);
        if !FINISHED.load(Ordering::Acquire) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    });
}

/// A phase of the work begins (`load`, `render and write`, ...).
pub fn phase(name: &str) {
    if let Some(bar) = BAR.get() {
        bar.set_message(describe(name, bar.position()));
    }
}

/// One more page written.
pub fn page() {
    if let Some(bar) = BAR.get() {
        bar.inc(1);
        let n = bar.position();
        // The message is rebuilt only every so often: a page takes well under a millisecond.
        if n % 64 == 0 {
            bar.set_message(describe("render and write", n));
        }
    }
}

fn describe(phase: &str, pages: u64) -> String {
    if pages == 0 {
        format!("{phase}…")
    } else {
        format!("{phase}: {pages} pages written")
    }
}

/// Removes the progress line, before the summary and any diagnostics are printed.
pub fn finish() {
    FINISHED.store(true, Ordering::Release);
    if let Some(bar) = BAR.get() {
        bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_on_a_terminal_outside_ci() {
        let cases = [
            (true, None, true),
            (false, None, false),
            (true, Some("true"), false),
            (true, Some("1"), false),
            (true, Some(""), true),
            (true, Some("false"), true),
        ];
        for (terminal, ci, want) in cases {
            assert_eq!(
                wanted(terminal, ci.map(std::ffi::OsStr::new)),
                want,
                "{terminal} {ci:?}"
            );
        }
    }

    #[test]
    fn the_message_names_the_phase_and_the_files_written() {
        assert_eq!(describe("load", 0), "load…");
        assert_eq!(
            describe("render and write", 128),
            "render and write: 128 pages written"
        );
    }
}
