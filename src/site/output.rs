//! Output: the files a build produces, written into a fresh staging folder beside the
//! output and swapped in only when every file succeeded, so a failed build never damages
//! the previous site.

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, `/`-separated (`plans/x/index.html`, `data/plans.json`).
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a build puts its files: whole, or streamed piece by piece (large exports, which
/// are never held whole in memory). Both return the hash of the bytes and whether they
/// were written (rather than found unchanged).
pub trait Writer: Sync {
    fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError>;
    fn stream(&self, path: &str, fill: &Fill) -> Result<(u64, bool), OutputError>;
}

/// What writes a streamed file's bytes. The writer is `Send` so that a fill may stream
/// another file while it streams this one (the exports make plans.json and actions.csv
/// together).
pub type Fill<'a> = dyn Fn(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + Sync + 'a;

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

pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The file that marks a folder as planpress output, so a later build may replace it.
pub const MARKER: &str = ".planpress";

/// Why an output folder was refused, or writing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    #[error(
        "refusing to write the site into `{0}`: it is the site folder, its content folder, or a folder holding them"
    )]
    Dangerous(PathBuf),
    #[error("refusing to replace `{0}`: it is not empty and was not made by planpress")]
    Foreign(PathBuf),
    #[error("{0}")]
    Io(String),
}

fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symlinks where the path exists, so `public -> .` is caught.
    path.canonicalize().unwrap_or(path)
}

/// Refuses an output folder that is the site root, the content folder, a parent of either,
/// or a non-empty folder planpress did not create.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    for protected in [absolute(root), absolute(&root.join("content"))] {
        if protected.starts_with(&out) {
            return Err(OutputError::Dangerous(output.to_path_buf()));
        }
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let mut entries = std::fs::read_dir(&out).map_err(|e| io_error("read", &out, e))?;
        if entries.next().is_some() {
            return Err(OutputError::Foreign(output.to_path_buf()));
        }
    } else if out.exists() && !out.is_dir() {
        return Err(OutputError::Foreign(output.to_path_buf()));
    }
    Ok(())
}

fn io_error(action: &str, path: &Path, e: std::io::Error) -> OutputError {
    OutputError::Io(format!("failed to {action} `{}`: {e}", path.display()))
}

/// What the marker file of a build's output records: the fingerprint of the inputs it was
/// made from, and the hash of every file, so the next build can tell what it has to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marker {
    pub fingerprint: Option<u64>,
    pub manifest: Manifest,
}

const MARKER_HEADER: &str = "This folder is made by planpress build; it is replaced on each build.";

impl Marker {
    /// The marker of an existing output folder, if it has a readable one.
    pub fn read(output: &Path) -> Option<Marker> {
        let text = std::fs::read_to_string(output.join(MARKER)).ok()?;
        let mut marker = Marker::default();
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
}

/// A fresh folder beside the output that receives the new site. Dropped without
/// [`Staging::commit`], it is removed and the previous output stays as it was.
///
/// A file whose bytes the previous build already wrote is hard-linked from the previous
/// output instead of written again, so a build that changes little writes little.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    previous: Manifest,
    /// Folders made so far: most files land in a folder an earlier file made (10,000
    /// badges in one), and asking the file system again cost two system calls per file.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let output = std::path::absolute(output).map_err(|e| io_error("resolve", output, e))?;
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error("remove", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error("create", &dir, e))?;
        let previous = Marker::read(&output).map(|m| m.manifest).unwrap_or_default();
        Ok(Staging {
            dir,
            output,
            previous,
            folders: Default::default(),
            committed: false,
        })
    }

    /// Makes the folder that `path` goes in, unless this build already made it.
    fn make_parent(&self, path: &Path) -> Result<(), OutputError> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.folders.lock().is_ok_and(|f| f.contains(parent)) {
            return Ok(());
        }
        make_folder_of(path)?;
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(parent.to_path_buf());
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts one file in the new site, creating its folders; returns the hash of its bytes
    /// and whether they were written (rather than linked from the previous output).
    fn put(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        let digest = hash(&file.bytes);
        let path = self.dir.join(&file.path);
        self.make_parent(&path)?;
        if self.previous.get(&file.path) == Some(&digest) {
            let old = self.output.join(&file.path);
            // The size guards against a file edited by hand since the last build.
            let same_size = std::fs::metadata(&old).is_ok_and(|m| m.len() == file.bytes.len() as u64);
            if same_size && std::fs::hard_link(&old, &path).is_ok() {
                return Ok((digest, false));
            }
        }
        std::fs::write(&path, &file.bytes).map_err(|e| io_error("write", &path, e))?;
        Ok((digest, true))
    }

    /// Writes the marker, then swaps the new site in: the old output is moved aside, the
    /// staging folder renamed to the output, then the old one removed.
    pub fn commit(mut self, marker: &Marker) -> Result<(), OutputError> {
        let path = self.dir.join(MARKER);
        std::fs::write(&path, marker.text()).map_err(|e| io_error("write", &path, e))?;
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.output
                .file_name()
                .map_or("public".into(), |n| n.to_string_lossy()),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old).map_err(|e| io_error("move aside", &self.output, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                // Put the previous site back: a failed swap must not lose it.
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(io_error("move into place", &self.output, e));
        }
        self.committed = true;
        if had_output {
            std::fs::remove_dir_all(&old).map_err(|e| io_error("remove", &old, e))?;
        }
        Ok(())
    }
}

/// Writes into a live output folder (watch and serve): only files whose bytes changed,
/// each through a temporary file renamed over the old one, so a reader never sees half a
/// page.
pub struct LiveWriter<'a> {
    pub root: &'a Path,
    pub manifest: &'a Manifest,
}

impl Writer for LiveWriter<'_> {
    fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        self.put(file)
    }

    /// Streams into a temporary file, kept only when its bytes differ from the output's.
    fn stream(&self, path: &str, fill: &Fill) -> Result<(u64, bool), OutputError> {
        let target = self.root.join(path);
        make_folder_of(&target)?;
        let tmp = temporary(&target);
        let digest = stream_to(&tmp, fill)?;
        if self.manifest.get(path) == Some(&digest) {
            let _ = std::fs::remove_file(&tmp);
            return Ok((digest, false));
        }
        std::fs::rename(&tmp, &target).map_err(|e| io_error("write", &target, e))?;
        Ok((digest, true))
    }
}

/// The temporary name a file is written under before it is renamed into place.
fn temporary(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}.planpress-tmp",
        path.file_name().map_or("file".into(), |n| n.to_string_lossy())
    ))
}

impl LiveWriter<'_> {
    /// Writes `file` unless the output already holds these bytes; returns its hash and
    /// whether it was written.
    fn put(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        let digest = hash(&file.bytes);
        if self.manifest.get(&file.path) == Some(&digest) {
            return Ok((digest, false));
        }
        let path = self.root.join(&file.path);
        make_folder_of(&path)?;
        let tmp = temporary(&path);
        std::fs::write(&tmp, &file.bytes).map_err(|e| io_error("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io_error("write", &path, e))?;
        Ok((digest, true))
    }

    /// Records what the folder now holds, so a later `build` links only files that really
    /// are what it would write (and, without a fingerprint, never skips itself).
    pub fn write_marker(&self, manifest: &Manifest) -> Result<(), OutputError> {
        let marker = Marker {
            fingerprint: None,
            manifest: manifest.clone(),
        };
        self.put(&OutputFile::new(MARKER, marker.text())).map(|_| ())
    }

    /// Removes a file the site no longer has, and its folder when that is left empty.
    pub fn remove(&self, rel: &str) -> Result<(), OutputError> {
        let path = self.root.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("remove", &path, e)),
        }
        if let Some(parent) = path.parent().filter(|p| *p != self.root) {
            let _ = std::fs::remove_dir(parent); // fails, as it should, when not empty
        }
        Ok(())
    }
}

impl Writer for Staging {
    fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        self.put(file)
    }

    fn stream(&self, path: &str, fill: &Fill) -> Result<(u64, bool), OutputError> {
        let path = self.dir.join(path);
        self.make_parent(&path)?;
        stream_to(&path, fill).map(|hash| (hash, true))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out).unwrap();
            let mut marker = Marker {
                fingerprint: Some(7),
                manifest: Manifest::new(),
            };
            let mut written = Vec::new();
            for (path, text) in files {
                let (hash, fresh) = staging.write(&OutputFile::new(*path, *text)).unwrap();
                marker.manifest.insert(path.to_string(), hash);
                written.push(fresh);
            }
            staging.commit(&marker).unwrap();
            written
        };
        assert_eq!(build(&[("a.html", "one"), ("b.html", "two")]), [true, true]);
        assert_eq!(build(&[("a.html", "one"), ("b.html", "three")]), [false, true]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "three");
        assert_eq!(Marker::read(&out).unwrap().fingerprint, Some(7));
        // A file edited by hand since (another size) is written again, not trusted.
        std::fs::write(out.join("a.html"), "edited").unwrap();
        assert_eq!(build(&[("a.html", "one"), ("b.html", "three")]), [true, false]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
    }

    #[test]
    fn refuses_root_content_and_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for out in [
            root.clone(),
            root.join("content"),
            dir.path().to_path_buf(),
            root.join("content/../"),
        ] {
            assert!(
                matches!(check_output_folder(&root, &out), Err(OutputError::Dangerous(_))),
                "{out:?}"
            );
        }
        assert_eq!(check_output_folder(&root, &root.join("public")), Ok(()));
    }

    #[test]
    fn refuses_a_foreign_non_empty_folder_but_not_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        assert_eq!(check_output_folder(dir.path(), &out), Ok(()), "empty is fine");
        std::fs::write(out.join("thesis.docx"), "x").unwrap();
        assert!(matches!(
            check_output_folder(dir.path(), &out),
            Err(OutputError::Foreign(_))
        ));
        std::fs::write(out.join(MARKER), "").unwrap();
        assert_eq!(check_output_folder(dir.path(), &out), Ok(()));
    }

    #[test]
    fn dropped_staging_leaves_the_previous_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write(&OutputFile::new("index.html", "new")).unwrap();
        }
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the staging folder is removed");
    }

    #[test]
    fn commit_swaps_the_new_site_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("gone.html"), "old").unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write(&OutputFile::new("a/b/index.html", "new")).unwrap();
        staging.commit(&Marker::default()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("gone.html").exists());
        assert!(out.join(MARKER).exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
