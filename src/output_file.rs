//! One file of the built site, as render and export hand it to the build's writer: whole
//! ([`OutputFile`]) or streamed ([`Fill`]); and the hash of bytes that output manifests and
//! the theme's digest use.

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

/// What writes a streamed file's bytes. The writer is `Send` so that a fill may stream
/// another file while it streams this one (the exports make plans.json and actions.csv
/// together).
pub type Fill<'a> = dyn Fn(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + Sync + 'a;

pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
