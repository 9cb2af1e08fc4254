//! Reads a site's files (settings, content, templates, theme and static files) only when
//! they are regular files. Opening a FIFO for reading waits for a writer that may never
//! come (`check` hung on a `planpress.yaml` that was one), and a device can be endless.
//! The file is opened without waiting (`O_NONBLOCK`) and its type checked on the open
//! handle, so a file swapped for a FIFO after it was listed is still refused, not read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadFailure {
    /// Something other than a regular file: what it is (`a FIFO (named pipe)`).
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl ReadFailure {
    /// The help for a diagnostic about this failure.
    pub fn help(&self) -> &'static str {
        match self {
            ReadFailure::NotRegular(_) => {
                "planpress reads only regular files: replace it with a file, or remove it"
            }
            ReadFailure::Io(_) => "check that the file exists and is readable",
        }
    }
}

/// The bytes of the regular file at `path` (links followed).
pub fn read(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let (mut file, len) = open_file(path)?;
    let mut bytes = Vec::with_capacity(len.try_into().unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The regular file at `path`, open for reading, and its length.
pub fn open_file(path: &Path) -> Result<(File, u64), ReadFailure> {
    let file = open(path).map_err(|e| match std::fs::metadata(path) {
        // A socket cannot be opened at all: say what it is rather than why it failed.
        Ok(metadata) if !metadata.is_file() => ReadFailure::NotRegular(kind(&metadata.file_type())),
        _ => ReadFailure::Io(e),
    })?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadFailure::NotRegular(kind(&metadata.file_type())));
    }
    Ok((file, metadata.len()))
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Reads of a regular file ignore O_NONBLOCK; only the open of a FIFO is changed by it.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular one is, for messages.
pub fn kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_and_refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "text").unwrap();
        assert_eq!(read(&path).unwrap(), b"text");
        let err = read(dir.path()).unwrap_err();
        assert!(matches!(err, ReadFailure::NotRegular("a folder")), "{err:?}");
        let missing = read(&dir.path().join("missing.md")).unwrap_err();
        assert!(matches!(missing, ReadFailure::Io(_)), "{missing:?}");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_special_files_without_waiting_on_them() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("planpress.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // Were the FIFO opened for reading as a file is, this would wait for a writer.
        let err = read(&fifo).unwrap_err();
        assert_eq!(err.to_string(), "it is a FIFO (named pipe), not a regular file");
        let device = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(device.to_string(), "it is a device, not a regular file");
        let socket_path = dir.path().join("s.sock");
        let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
        let err = read(&socket_path).unwrap_err();
        assert!(matches!(err, ReadFailure::NotRegular(_)), "{err:?}");
    }
}
