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
        OutputFile { path: path.into(), bytes: bytes.into() }
    }
}
