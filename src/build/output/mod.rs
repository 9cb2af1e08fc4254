//! Output: the files a build produces, and the folder they go in.
//!
//! - [`target`] decides what the output path means, and refuses folders a build must not
//!   replace, before anything is created.
//! - [`staging`] writes a full build into a fresh folder beside the output and swaps it in
//!   only when every file succeeded, so a failed build never damages the previous site.
//! - [`live`] writes a watch session's changes into the output, a file at a time.
//! - [`interrupt`] removes a build's unfinished folders on Ctrl+C and SIGTERM.
//!
//! Every writer joins the relative paths it is given with [`inside`], which refuses any
//! path that could leave its folder: the last defence behind the checks on slugs and codes.

pub mod interrupt;
pub mod live;
pub mod staging;
pub mod target;

pub use live::LiveWriter;
pub use staging::Staging;
pub use target::OutputTarget;

use crate::output_file::{Fill, OutputFile};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where a build puts its files: whole, or streamed piece by piece (large exports, which
/// are never held whole in memory). Both return the hash of the bytes and whether they
/// were written (rather than found unchanged).
pub trait Writer: Sync {
    fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError>;
    fn stream(&self, path: &str, fill: &Fill) -> Result<(u64, bool), OutputError>;
}

/// A buffered file writer that hashes what passes through it.
struct Hashing {
    file: std::io::BufWriter<std::fs::File>,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Makes the folder `path` goes in, and the folders above it.
fn make_folder_of(path: &Path) -> Result<(), OutputError> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e)),
        None => Ok(()),
    }
}

/// Streams `fill` into a new file at `path`, whose folder exists; returns the hash of what
/// it wrote.
fn stream_to(path: &Path, fill: &Fill) -> Result<u64, OutputError> {
    use std::io::Write;
    let file = std::fs::File::create(path).map_err(|e| io_error("write", path, e))?;
    let mut out = Hashing {
        file: std::io::BufWriter::with_capacity(1 << 20, file),
        hasher: Default::default(),
    };
    fill(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| io_error("write", path, e))?;
    Ok(out.hasher.digest())
}

/// What a build left in the output: path -> hash of the bytes.
pub type Manifest = HashMap<String, u64>;

/// The file that marks a folder as planpress output, so a later build may replace it.
pub const MARKER: &str = ".planpress";

/// The longest file name most file systems take, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Why an output folder was refused, or writing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into `{}`: {why}", output.display())]
    Dangerous { output: PathBuf, why: String },
    #[error("refusing to replace `{0}`: it is not empty and was not made by planpress")]
    Foreign(PathBuf),
    #[error("refusing to write `{path}`: {why}")]
    Unsafe { path: String, why: &'static str },
    #[error("another planpress build is writing `{0}`; wait for it to finish")]
    Busy(PathBuf),
    #[error("{0}")]
    Io(String),
}

fn io_error(action: &str, path: &Path, e: std::io::Error) -> OutputError {
    OutputError::Io(format!("failed to {action} `{}`: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file renamed over it, so a reader never
/// sees half a file.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = live::temporary(path);
    std::fs::write(&tmp, bytes).map_err(|e| io_error("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error("write", path, e))
}

/// `dir` joined with the relative, `/`-separated output path `rel`, refused unless it
/// certainly stays inside `dir`: no absolute path, no empty, `.` or `..` segment, no
/// backslash or NUL, and no segment longer than a file name can be.
pub fn inside(dir: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let refuse = |why| OutputError::Unsafe {
        path: rel.to_string(),
        why,
    };
    if rel.is_empty() {
        return Err(refuse("the path is empty"));
    }
    if rel.bytes().any(|b| b == b'\\' || b == 0) {
        return Err(refuse("output paths may not hold a backslash or a NUL byte"));
    }
    for segment in rel.split('/') {
        match segment {
            "" => return Err(refuse("the path has an empty segment (or starts with `/`)")),
            "." | ".." => return Err(refuse("the path has a `.` or `..` segment")),
            s if s.len() > MAX_NAME_BYTES => {
                return Err(refuse("a segment is longer than a file name may be (255 bytes)"));
            }
            _ => {}
        }
    }
    Ok(dir.join(rel))
}

/// What the marker file of a build's output records: the fingerprint of the inputs it was
/// made from, and the hash of every file, so the next build can tell what it has to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marker {
    pub fingerprint: Option<u64>,
    pub manifest: Manifest,
    /// When the marker was written (read back from the file): the build wrote every file
    /// before it, so a file modified after it was changed by hand.
    pub written: Option<SystemTime>,
}

const MARKER_HEADER: &str = "This folder is made by planpress build; it is replaced on each build.";

impl Marker {
    /// The marker of an existing output folder, if it has a readable one.
    pub fn read(output: &Path) -> Option<Marker> {
        let path = output.join(MARKER);
        let file = std::fs::File::open(&path).ok()?;
        let meta = file.metadata().ok().filter(std::fs::Metadata::is_file)?;
        let text = std::io::read_to_string(file).ok()?;
        let mut marker = Marker {
            written: meta.modified().ok(),
            ..Marker::default()
        };
        for line in text.lines().skip(1) {
            let (key, value) = line.split_once(' ')?;
            match key {
                "fingerprint" => marker.fingerprint = u64::from_str_radix(value, 16).ok(),
                hash => {
                    marker
                        .manifest
                        .insert(value.to_string(), u64::from_str_radix(hash, 16).ok()?);
                }
            }
        }
        Some(marker)
    }

    fn text(&self) -> String {
        let mut files: Vec<_> = self.manifest.iter().collect();
        files.sort();
        let mut text = format!("{MARKER_HEADER}\n");
        if let Some(f) = self.fingerprint {
            text.push_str(&format!("fingerprint {f:016x}\n"));
        }
        for (path, hash) in files {
            text.push_str(&format!("{hash:016x} {path}\n"));
        }
        text
    }

    /// Whether `path`, a file of the previous output, is as that build left it: a file
    /// not modified since the marker was written. (A file edited by hand keeps its hash in
    /// the manifest; only its time tells.)
    fn untouched(&self, meta: &std::fs::Metadata) -> bool {
        let (Some(written), Ok(modified)) = (self.written, meta.modified()) else {
            return false;
        };
        meta.is_file() && modified <= written
    }

    /// Whether the output folder `dir` still holds every file of the manifest, none of
    /// them changed since: a build with nothing new to do restores what was deleted or
    /// edited by hand rather than call the folder up to date.
    pub fn matches(&self, dir: &Path) -> bool {
        use rayon::prelude::*;
        self.manifest.par_iter().all(|(path, _)| {
            inside(dir, path)
                .ok()
                .and_then(|p| std::fs::symlink_metadata(p).ok())
                .is_some_and(|meta| self.untouched(&meta))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output_file::hash;

    #[test]
    fn inside_refuses_every_path_that_could_leave_the_folder() {
        let dir = Path::new("/out");
        let long = "x".repeat(256);
        let refused = [
            "",
            "/index.html",
            "/",
            "plans//index.html",
            "plans/",
            "../x/index.html",
            "plans/../../x",
            "./index.html",
            "a\\b",
            "a\0b",
            long.as_str(),
        ];
        for rel in refused {
            assert!(
                matches!(inside(dir, rel), Err(OutputError::Unsafe { .. })),
                "{rel:?}"
            );
        }
        for rel in ["index.html", "plans/x/index.html", ".planpress", "a..b/c.d"] {
            assert_eq!(inside(dir, rel).unwrap(), dir.join(rel), "{rel:?}");
        }
    }

    #[test]
    fn the_marker_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let marker = Marker {
            fingerprint: Some(0xabc),
            manifest: [("a/index.html".to_string(), 7), ("b c.txt".to_string(), 9)].into(),
            written: None,
        };
        std::fs::write(dir.path().join(MARKER), marker.text()).unwrap();
        let read = Marker::read(dir.path()).unwrap();
        assert_eq!(read.fingerprint, marker.fingerprint);
        assert_eq!(read.manifest, marker.manifest);
        assert!(read.written.is_some());
    }

    #[test]
    fn an_output_matches_its_marker_until_a_file_is_deleted_or_edited() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.html"), "a").unwrap();
        std::fs::create_dir(out.join("b")).unwrap();
        std::fs::write(out.join("b/index.html"), "b").unwrap();
        let marker = Marker {
            manifest: [("a.html".into(), hash(b"a")), ("b/index.html".into(), hash(b"b"))].into(),
            ..Marker::default()
        };
        std::fs::write(out.join(MARKER), marker.text()).unwrap();
        assert!(Marker::read(out).unwrap().matches(out));
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        let file = std::fs::File::options()
            .append(true)
            .open(out.join("a.html"))
            .unwrap();
        file.set_modified(later).unwrap();
        assert!(!Marker::read(out).unwrap().matches(out), "edited after the build");
        file.set_modified(SystemTime::UNIX_EPOCH).unwrap();
        assert!(Marker::read(out).unwrap().matches(out));
        std::fs::remove_file(out.join("b/index.html")).unwrap();
        assert!(!Marker::read(out).unwrap().matches(out), "deleted");
    }
}
