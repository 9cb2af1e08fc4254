//! Writes a watch session's changes into the live output folder: only files whose bytes
//! changed, each through a temporary file renamed over the old one, so a reader never sees
//! half a page.

use super::{MARKER, Manifest, Marker, OutputError, Writer, inside, io_error};
use crate::output_file::{Fill, OutputFile, hash};
use std::path::{Path, PathBuf};

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
        let target = inside(self.root, path)?;
        super::make_folder_of(&target)?;
        let tmp = temporary(&target);
        let digest = super::stream_to(&tmp, fill)?;
        if self.manifest.get(path) == Some(&digest) {
            let _ = std::fs::remove_file(&tmp);
            return Ok((digest, false));
        }
        std::fs::rename(&tmp, &target).map_err(|e| io_error("write", &target, e))?;
        Ok((digest, true))
    }
}

/// The temporary name a file is written under before it is renamed into place: of a fixed
/// length, so that a file whose name is as long as names may be still has one.
pub(super) fn temporary(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    let digest = hash(name.as_encoded_bytes());
    path.with_file_name(format!(".planpress-{digest:016x}.tmp"))
}

impl LiveWriter<'_> {
    /// Writes `file` unless the output already holds these bytes; returns its hash and
    /// whether it was written.
    fn put(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
        let digest = hash(&file.bytes);
        if self.manifest.get(&file.path) == Some(&digest) {
            return Ok((digest, false));
        }
        let path = inside(self.root, &file.path)?;
        super::make_folder_of(&path)?;
        super::write_replacing(&path, &file.bytes)?;
        Ok((digest, true))
    }

    /// Records what the folder now holds, so a later `build` links only files that really
    /// are what it would write (and, without a fingerprint, never skips itself).
    pub fn write_marker(&self, manifest: &Manifest) -> Result<(), OutputError> {
        let marker = Marker {
            fingerprint: None,
            manifest: manifest.clone(),
            written: None,
        };
        self.put(&OutputFile::new(MARKER, marker.text())).map(|_| ())
    }

    /// Removes a file the site no longer has, and the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> Result<(), OutputError> {
        super::staging::remove_with_empty_folders(self.root, rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let manifest = Manifest::new();
        let writer = LiveWriter {
            root: &out,
            manifest: &manifest,
        };
        for rel in ["../escaped.html", "/tmp/x.html", ""] {
            assert!(writer.write(&OutputFile::new(rel, "x")).is_err(), "{rel}");
            assert!(writer.remove(rel).is_err(), "{rel}");
        }
        assert!(!dir.path().join("escaped.html").exists());
        writer.write(&OutputFile::new("a/b/index.html", "x")).unwrap();
        writer.remove("a/b/index.html").unwrap();
        assert!(!out.join("a").exists(), "emptied folders go too");
        assert!(out.exists());
    }
}
