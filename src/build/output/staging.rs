//! A full build's files, written into a fresh folder and swapped in only when every file
//! succeeded, so a failed or interrupted build never damages the previous site.
//!
//! In: an [`OutputTarget`]. Out: the output folder replaced by the new site, or left as it
//! was. The steps:
//! 1. Take the output's lock (`.NAME.planpress-lock` beside it), so two builds never write
//!    one output at once, and remove the folders an earlier build left when it was killed.
//! 2. Write every file into `.NAME.planpress-staging-RANDOM` beside the output. A file whose
//!    bytes the previous build already wrote, and that nobody touched since, is hard-linked
//!    from the previous output instead, so a build that changes little writes little.
//! 3. Swap: the output is moved aside (`.NAME.planpress-old-RANDOM`), the staging folder
//!    renamed to the output, the old site removed. Ctrl+C waits for the swap to finish.
//!
//! Where a rename cannot replace the folder (a mount point, a parent folder that is not
//! writable), the staging folder is made inside the output and its files are moved into
//! place one by one, then the files the site no longer has are removed. That update is not
//! atomic: a reader may see old and new pages side by side while it runs.

use super::interrupt::{self, Pending};
use super::{MARKER, Marker, OutputError, OutputTarget, Writer, inside, io_error};
use crate::output_file::{Fill, OutputFile, hash};
use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How the new site went into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// Renamed over the previous output in one step.
    Atomic,
    /// Moved in file by file (see the module's documentation).
    InPlace,
}

/// A folder receiving a build's files. Dropped without [`Staging::commit`], it is removed
/// and the previous output stays as it was.
pub struct Staging {
    target: OutputTarget,
    /// Where the staging folder and the output's lock live: beside the output, or inside
    /// it when it is updated in place.
    home: PathBuf,
    /// The names of the hidden files and folders this build makes in `home`.
    stem: String,
    /// This build's folder, removed if the process is interrupted.
    pending: Pending,
    previous: Marker,
    /// Folders made so far: most files land in a folder an earlier file made (10,000
    /// badges in one), and asking the file system again cost two system calls per file.
    folders: Mutex<HashSet<PathBuf>>,
    _lock: std::fs::File,
}

/// Where the staging folder and the lock of `target` live, and the stem of their names.
fn home_of(target: &OutputTarget) -> (PathBuf, String) {
    if target.in_place {
        (target.dir.clone(), String::new())
    } else {
        let name = target.name().to_string_lossy();
        (target.parent().to_path_buf(), format!(".{name}"))
    }
}

/// Takes the output's lock and removes what killed builds left. The lock file is the first
/// thing made beside the output, so it also tells whether that folder can be written: when
/// it cannot (a web root's parent owned by another user), the build works inside the
/// output instead, updating it in place. Returns the target as it will be written.
fn settle(target: &OutputTarget) -> Result<(OutputTarget, std::fs::File), OutputError> {
    let mut target = target.clone();
    let file = match open_lock(&target) {
        Err(e) if e.kind() == ErrorKind::PermissionDenied && !target.in_place && target.dir.is_dir() => {
            target.in_place = true;
            open_lock(&target)
        }
        other => other,
    };
    let (home, stem) = home_of(&target);
    let file = file.map_err(|e| io_error("create the lock file in", &home, e))?;
    take_lock(&file, &target.dir, &home)?;
    remove_leftovers(&home, &stem);
    Ok((target, file))
}

/// How long a build waits for another to let go of the output's lock. A lock is also held
/// for a moment by a program another thread is starting (it shares the open file until it
/// starts), so the first refusal is not the last word.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Locks `file`, the lock of `output` in `home`, waiting up to [`LOCK_WAIT`].
fn take_lock(file: &std::fs::File, output: &Path, home: &Path) -> Result<(), OutputError> {
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(OutputError::Busy(output.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error("lock", home, e)),
        }
    }
}

/// Opens (making it if need be) the lock file of `target`.
fn open_lock(target: &OutputTarget) -> std::io::Result<std::fs::File> {
    let (home, stem) = home_of(target);
    std::fs::create_dir_all(&home)?;
    std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(home.join(format!("{stem}.planpress-lock")))
}

/// Removes what killed builds left beside an output that needs no new build.
pub fn tidy(target: &OutputTarget) -> Result<(), OutputError> {
    settle(target).map(drop)
}

impl Staging {
    pub fn new(target: &OutputTarget) -> Result<Staging, OutputError> {
        let (target, lock) = settle(target)?;
        let (home, stem) = home_of(&target);
        let pending = Pending::make(|| {
            let made = tempfile::Builder::new()
                .prefix(&format!("{stem}.planpress-staging-"))
                .tempdir_in(&home)
                .map_err(|e| io_error("create a staging folder in", &home, e))?;
            Ok(made.keep())
        })?;
        Ok(Staging {
            pending,
            previous: Marker::read(&target.dir).unwrap_or_default(),
            target,
            home,
            stem,
            folders: Default::default(),
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        self.pending.dir()
    }

    /// Makes the folder that `path` goes in, unless this build already made it.
    fn make_parent(&self, path: &Path) -> Result<(), OutputError> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.folders.lock().is_ok_and(|f| f.contains(parent)) {
            return Ok(());
        }
        create_below(self.dir(), parent)?;
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Whether `rel` is in the previous output with these bytes, untouched since.
    fn unchanged(&self, rel: &str, digest: u64, len: Option<u64>) -> Option<PathBuf> {
        if self.previous.manifest.get(rel) != Some(&digest) {
            return None;
        }
        let old = inside(&self.target.dir, rel).ok()?;
        let meta = std::fs::symlink_metadata(&old).ok()?;
        let same_size = len.is_none_or(|len| meta.len() == len);
        (same_size && self.previous.untouched(&meta)).then_some(old)
    }

    /// Puts one file in the new site, creating its folders; returns the hash of its bytes
    /// and whether they were written (rather than linked from the previous output).
    fn put(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        let digest = hash(&file.bytes);
        let path = inside(self.dir(), &file.path)?;
        self.make_parent(&path)?;
        if let Some(old) = self.unchanged(&file.path, digest, Some(file.bytes.len() as u64))
            && std::fs::hard_link(&old, &path).is_ok()
        {
            return Ok((digest, false));
        }
        std::fs::write(&path, &file.bytes).map_err(|e| io_error("write", &path, e))?;
        Ok((digest, true))
    }

    /// Writes the marker, then puts the new site in place of the output.
    pub fn commit(mut self, marker: &Marker) -> Result<Swap, OutputError> {
        let path = self.dir().join(MARKER);
        std::fs::write(&path, marker.text()).map_err(|e| io_error("write", &path, e))?;
        let swap = if self.target.in_place {
            self.move_in(marker)?;
            Swap::InPlace
        } else {
            match self.rename_in()? {
                true => Swap::Atomic,
                false => {
                    self.move_in(marker)?;
                    Swap::InPlace
                }
            }
        };
        Ok(swap)
    }

    /// Swaps the staging folder in by renaming; false when the output cannot be renamed
    /// (a mount point the target did not recognise), with nothing changed.
    fn rename_in(&mut self) -> Result<bool, OutputError> {
        let output = self.target.dir.clone();
        let staging = self.dir().to_path_buf();
        let mut held = interrupt::hold();
        let old = if output.exists() {
            // An empty folder of a name nobody else has, which the output is renamed over.
            let old = tempfile::Builder::new()
                .prefix(&format!("{}.planpress-old-", self.stem))
                .tempdir_in(&self.home)
                .map_err(|e| io_error("create a folder in", &self.home, e))?
                .keep();
            if let Err(e) = std::fs::rename(&output, &old) {
                let _ = std::fs::remove_dir(&old);
                if matches!(
                    e.kind(),
                    ErrorKind::ResourceBusy | ErrorKind::CrossesDevices | ErrorKind::PermissionDenied
                ) {
                    return Ok(false);
                }
                return Err(io_error("move aside", &output, e));
            }
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staging, &output) {
            if let Some(old) = &old {
                // Put the previous site back: a failed swap must not lose it.
                let _ = std::fs::rename(old, &output);
            }
            return Err(io_error("move into place", &output, e));
        }
        held.retain(|d| *d != staging);
        // The previous site, now aside, is listed before interruption is let through.
        let old = old.map(|old| Pending::listed(&mut held, old));
        drop(held);
        if let Some(pending) = old {
            let old = pending.dir();
            match std::fs::remove_dir_all(old) {
                Err(e) if e.kind() != ErrorKind::NotFound => return Err(io_error("remove", old, e)),
                _ => {}
            }
        }
        Ok(true)
    }

    /// Moves the new site's files into the output one by one (skipping those that did not
    /// change), removes the files the previous build made that the new site lacks, and
    /// writes the marker last.
    fn move_in(&self, marker: &Marker) -> Result<(), OutputError> {
        let output = &self.target.dir;
        std::fs::create_dir_all(output).map_err(|e| io_error("create", output, e))?;
        // Until the marker is rewritten, the output is neither the old site nor the new
        // one: a marker without a fingerprint makes the next build a full one.
        let interim = Marker {
            fingerprint: None,
            ..self.previous.clone()
        };
        super::write_replacing(&output.join(MARKER), interim.text().as_bytes())?;
        for (rel, digest) in &marker.manifest {
            if self.unchanged(rel, *digest, None).is_some() {
                continue;
            }
            let from = inside(self.dir(), rel)?;
            let to = inside(output, rel)?;
            super::make_folder_of(&to)?;
            if std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                // A folder of the previous site where the new one has a file.
                std::fs::remove_dir_all(&to).map_err(|e| io_error("remove", &to, e))?;
            }
            move_file(&from, &to)?;
        }
        for rel in self.previous.manifest.keys() {
            if !marker.manifest.contains_key(rel) {
                remove_with_empty_folders(output, rel)?;
            }
        }
        super::write_replacing(&output.join(MARKER), marker.text().as_bytes())
    }
}

impl Writer for Staging {
    fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        self.put(file)
    }

    fn stream(&self, path: &str, fill: &Fill) -> Result<(u64, bool), OutputError> {
        let path = inside(self.dir(), path)?;
        self.make_parent(&path)?;
        super::stream_to(&path, fill).map(|hash| (hash, true))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Not committed: the unfinished site. Swapped in by a rename: nothing is left
        // there. Moved in file by file: the unchanged files the move skipped.
        let _ = std::fs::remove_dir_all(self.dir());
    }
}

/// Makes `folder` and the folders between it and `base`, never `base` itself: once an
/// interrupted build's staging folder is removed, its threads cannot make it again. As
/// `create_dir_all` does, it tries the folder first, since its parent usually exists.
fn create_below(base: &Path, folder: &Path) -> Result<(), OutputError> {
    if folder == base {
        return Ok(());
    }
    match std::fs::create_dir(folder) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists && folder.is_dir() => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound && folder.starts_with(base) => {
            let parent = folder.parent().unwrap_or(base);
            if parent == base {
                return Err(io_error("create", folder, e));
            }
            create_below(base, parent)?;
            create_below(base, folder)
        }
        Err(e) => Err(io_error("create", folder, e)),
    }
}

/// Removes what builds killed before they finished left in `home`: their staging folders
/// and the previous sites they had moved aside. Called with the output's lock held, so no
/// running build owns them. Names of earlier versions (`.NAME.staging-PID`,
/// `.NAME.old-PID`) are removed too.
fn remove_leftovers(home: &Path, stem: &str) {
    let Ok(entries) = std::fs::read_dir(home) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_leftover(name, stem) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn is_leftover(name: &str, stem: &str) -> bool {
    let Some(rest) = name.strip_prefix(stem) else {
        return false;
    };
    let numbered = |prefix: &str| {
        rest.strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    rest.starts_with(".planpress-staging-")
        || rest.starts_with(".planpress-old-")
        || (!stem.is_empty() && (numbered(".staging-") || numbered(".old-")))
}

/// Renames `from` to `to`, copying when they are on different file systems.
fn move_file(from: &Path, to: &Path) -> Result<(), OutputError> {
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::CrossesDevices => {
            let tmp = super::live::temporary(to);
            std::fs::copy(from, &tmp).map_err(|e| io_error("copy", to, e))?;
            std::fs::rename(&tmp, to).map_err(|e| io_error("write", to, e))
        }
        Err(e) => Err(io_error("move into place", to, e)),
    }
}

/// Removes the output file `rel`, and each folder above it that is left empty.
pub(super) fn remove_with_empty_folders(output: &Path, rel: &str) -> Result<(), OutputError> {
    let path = inside(output, rel)?;
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(io_error("remove", &path, e)),
        _ => {}
    }
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|d| *d != output && d.starts_with(output)) {
        if std::fs::remove_dir(dir).is_err() {
            break; // not empty, as it should be
        }
        folder = dir.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests;
