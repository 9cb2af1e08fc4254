//! Ctrl+C and SIGTERM during a build: the folders the build made beside the output (its
//! staging folder, the previous site moved aside) are removed before the process ends, so
//! an interrupted build leaves the output as it was and nothing else behind. (`kill -9`
//! cannot be caught: the next build removes such leftovers, see [`super::staging`].)
//!
//! A signal arrives on a thread of its own, at any moment; the list of folders to remove
//! is therefore process-wide. A build swapping its new site in holds the list's lock for
//! the whole swap, so a signal waits until the output is whole again.
//!
//! This module owns the process's one signal handler; `watch` and `serve` ask it for a
//! gentler first signal ([`stop_flag`]) rather than install their own.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, OnceLock};

/// Folders to remove if the process is interrupted now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit code of a process ended by SIGINT, as shells report it.
const INTERRUPTED: i32 = 130;

/// Set by [`stop_flag`]: the first signal only asks the program to stop.
static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Installs the one handler of the process (the `ctrlc` crate allows one), once.
fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if let Some(stop) = STOP.get()
                && !stop.swap(true, Ordering::SeqCst)
            {
                // A rebuild under way is finished first, which may take a while.
                eprintln!("\nstopping (Ctrl+C again to stop at once)");
                return;
            }
            remove_pending();
            eprintln!("interrupted: the unfinished build was removed; the output is as it was");
            std::process::exit(INTERRUPTED);
        });
        if let Err(e) = installed {
            eprintln!("warning: Ctrl+C will not clean up: {e}");
        }
    });
}

/// For a program that stops by itself (`watch`, `serve`): from now on the first Ctrl+C or
/// SIGTERM only sets the returned flag, and a second one removes what is listed and exits.
pub fn stop_flag() -> Arc<AtomicBool> {
    let stop = STOP.get_or_init(|| Arc::new(AtomicBool::new(false))).clone();
    install();
    stop
}

/// Removes every folder of an unfinished build, for a signal handler about to end the
/// process. It waits for a swap under way to finish.
pub fn remove_pending() {
    let pending = pending();
    for dir in pending.iter() {
        remove_while_written(dir);
    }
}

/// Removes `dir` while the build's threads may still be writing into it. Renamed away
/// first, the folder can no longer be reached by their paths, and they make folders only
/// below it (see `Staging::make_parent`), so nothing recreates it; files they had open
/// when it moved may still appear in it for a moment, hence the retries.
fn remove_while_written(dir: &Path) {
    let mut trash = dir.as_os_str().to_owned();
    trash.push(".removing");
    let trash = PathBuf::from(trash);
    let doomed = if std::fs::rename(dir, &trash).is_ok() {
        trash.as_path()
    } else {
        dir
    };
    for _ in 0..20 {
        match std::fs::remove_dir_all(doomed) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => std::thread::yield_now(),
            _ => return,
        }
    }
}

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves a list that is still a list.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// A folder removed if the process is interrupted while this value lives.
#[derive(Debug)]
pub struct Pending {
    dir: PathBuf,
}

impl Pending {
    /// Makes a folder with `make` and lists it, with interruption held off in between: a
    /// signal that came once the folder exists but before it was listed would leave it.
    pub fn make<E>(make: impl FnOnce() -> Result<PathBuf, E>) -> Result<Pending, E> {
        let mut held = hold();
        let dir = make()?;
        held.push(dir.clone());
        Ok(Pending { dir })
    }

    /// Lists `dir` while the caller holds off interruption (see [`hold`]).
    pub fn listed(held: &mut MutexGuard<'static, Vec<PathBuf>>, dir: PathBuf) -> Pending {
        held.push(dir.clone());
        Pending { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = pending();
        if let Some(i) = pending.iter().position(|d| *d == self.dir) {
            pending.swap_remove(i);
        }
    }
}

/// Holds off interruption (the handler waits) while a folder is swapped into place. The
/// caller takes the folders it moved out of the list before it lets go.
pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    install();
    pending()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_folder_is_listed_while_it_lives() {
        let dir = Path::new("/nonexistent/planpress-pending-test");
        {
            let _p = Pending::make(|| Ok::<_, ()>(dir.to_path_buf())).unwrap();
            assert!(pending().iter().any(|d| d == dir));
        }
        assert!(!pending().iter().any(|d| d == dir));
        let made = Pending::make(|| Ok::<_, ()>(dir.to_path_buf())).unwrap();
        assert!(pending().iter().any(|d| d == dir), "listed as soon as it is made");
        drop(made);
        assert!(!pending().iter().any(|d| d == dir));
    }
}
