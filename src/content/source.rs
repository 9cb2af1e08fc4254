//! One source file of a run: its path, its text and a line index, so that any byte offset
//! found by a later stage can be reported as `file:line:col` counted from the top of the
//! file (not from the top of the front matter).
//!
//! A build that nothing follows frees each content file's text once it is decoded
//! ([`SourceFile::release`]), keeping hashes instead: the body is read back from disk when
//! its page is rendered, and the whole file when a diagnostic quotes it, each checked
//! against the text that was decoded so a file changed in between is caught, not used.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::PathBuf;
use xxhash_rust::xxh3::xxh3_64;

/// A byte range in a source file's text.
pub type Span = Range<usize>;

/// Where a source file sits in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub usize);

/// A file read from the site, with its text (byte order mark removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in diagnostics, relative to the site root with `/` separators.
    pub name: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Empty once [`SourceFile::release`]d: read it through [`SourceFile::read`] or
    /// [`SourceFile::reread`] where that may have happened.
    pub text: String,
    /// Bytes on disk before `text`: a byte order mark.
    skipped: u8,
    released: Option<Released>,
    /// Made on first use: most files never need a line number.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// What stays of a released text: enough to read it back and tell it is the same.
#[derive(Debug, Clone)]
struct Released {
    /// Bytes on disk, byte order mark included.
    len: u64,
    hash: u64,
    /// The part pages read back (a Markdown body), and its own hash.
    body: Span,
    body_hash: u64,
}

/// Why a released text could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadBackError {
    #[error("it changed since it was read")]
    Changed,
    #[error("{0}")]
    Io(String),
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>, text: String) -> SourceFile {
        let (text, skipped) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), '\u{feff}'.len_utf8() as u8),
            None => (text, 0),
        };
        SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            skipped,
            released: None,
            line_starts: Default::default(),
        }
    }

    /// Frees the text, keeping a hash of it and of `body`, the one part that is read back
    /// whole later ([`SourceFile::read`]).
    pub fn release(&mut self, body: Span) {
        let body_hash = self.text.get(body.clone()).map_or(0, |b| xxh3_64(b.as_bytes()));
        self.released = Some(Released {
            len: (self.skipped as usize + self.text.len()) as u64,
            hash: xxh3_64(self.text.as_bytes()),
            body,
            body_hash,
        });
        self.text = String::new();
        self.line_starts = Default::default();
    }

    pub fn is_released(&self) -> bool {
        self.released.is_some()
    }

    /// The text of `span`: from memory, or, once released, read back from disk (`span`
    /// must then lie in the body given to [`SourceFile::release`]; the whole body is read
    /// and checked against its hash).
    pub fn read(&self, span: &Span) -> Result<Cow<'_, str>, ReadBackError> {
        let Some(released) = &self.released else {
            return Ok(Cow::Borrowed(&self.text[span.clone()]));
        };
        let body = &released.body;
        if span.start < body.start || span.end > body.end || span.start > span.end {
            return Err(ReadBackError::Changed);
        }
        let mut bytes = vec![0; body.len()];
        let io = |e: std::io::Error| ReadBackError::Io(e.to_string());
        let (mut file, len) =
            super::regular::open_file(&self.path).map_err(|e| ReadBackError::Io(e.to_string()))?;
        // Text added or cut anywhere changes the length, even where the body is the same.
        if len != released.len {
            return Err(ReadBackError::Changed);
        }
        file.seek(SeekFrom::Start((self.skipped as usize + body.start) as u64))
            .map_err(io)?;
        file.read_exact(&mut bytes).map_err(io)?;
        if xxh3_64(&bytes) != released.body_hash {
            return Err(ReadBackError::Changed);
        }
        let mut text = String::from_utf8(bytes).map_err(|_| ReadBackError::Changed)?;
        let within = span.start - body.start..span.end - body.start;
        if within != (0..text.len()) {
            text = text.get(within).ok_or(ReadBackError::Changed)?.to_string();
        }
        Ok(Cow::Owned(text))
    }

    /// The file with its whole text: itself, or, once released, a copy read back from disk
    /// and checked against the text it had (for quoting in a diagnostic).
    pub fn reread(&self) -> Result<Cow<'_, SourceFile>, ReadBackError> {
        let Some(released) = &self.released else {
            return Ok(Cow::Borrowed(self));
        };
        let bytes = super::regular::read(&self.path).map_err(|e| ReadBackError::Io(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| ReadBackError::Changed)?;
        let file = SourceFile::new(self.name.clone(), self.path.clone(), text);
        if file.skipped != self.skipped || xxh3_64(file.text.as_bytes()) != released.hash {
            return Err(ReadBackError::Changed);
        }
        Ok(Cow::Owned(file))
    }

    /// Byte offsets where each line starts (line 1 at index 0).
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts()[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and a 0-based column counted in characters; clamped to
    /// the end of that line.
    pub fn offset_of(&self, line: usize, col_chars: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[start..self.line_end(start)];
        start
            + line_text
                .char_indices()
                .nth(col_chars)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        match self.line_starts().get(line.saturating_sub(1)) {
            Some(&start) => &self.text[start..self.line_end(start)],
            None => "",
        }
    }

    fn line_end(&self, start: usize) -> usize {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every source file of a run, so diagnostics can name and quote them.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Makes room for `additional` more files.
    pub fn reserve(&mut self, additional: usize) {
        self.files.reserve_exact(additional);
    }

    pub fn add(&mut self, file: SourceFile) -> SourceId {
        self.files.push(file);
        SourceId(self.files.len() - 1)
    }

    /// Puts a changed file's new text in place of the old (watch mode).
    pub fn replace(&mut self, id: SourceId, file: SourceFile) -> SourceFile {
        std::mem::replace(&mut self.files[id.0], file)
    }

    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn get_mut(&mut self, id: SourceId) -> &mut SourceFile {
        &mut self.files[id.0]
    }

    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (SourceId(i), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", "a.md", text.to_string())
    }

    #[test]
    fn line_col_counts_from_top_of_file_in_characters() {
        let f = file("---\ntitle: é x\n---\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 10));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let f = file("\u{feff}---\n");
        assert_eq!(f.text, "---\n");
        assert_eq!(f.line_col(0), (1, 1));
    }

    #[test]
    fn line_text_drops_crlf() {
        let f = file("a\r\nbc\r\n");
        assert_eq!(f.line_text(1), "a");
        assert_eq!(f.line_text(2), "bc");
        assert_eq!(f.offset_of(2, 1), 4);
        assert_eq!(f.offset_of(2, 99), 5);
    }

    /// A released file on disk: its text, the file, and the span of its body.
    fn released(text: &str) -> (tempfile::TempDir, SourceFile, Span) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, text).unwrap();
        let mut f = SourceFile::new("content/a.md", &path, text.to_string());
        let body = f.text.find("Body").unwrap()..f.text.len();
        f.release(body.clone());
        (dir, f, body)
    }

    #[test]
    fn release_frees_the_text_and_reads_the_body_back() {
        let (_dir, f, body) = released("\u{feff}---\ntitle: é\n---\nBody é text\n");
        assert!(f.text.is_empty() && f.is_released());
        assert_eq!(f.read(&body).unwrap(), "Body é text\n");
        let word = body.start + 5..body.start + 7;
        assert_eq!(f.read(&word).unwrap(), "é");
    }

    #[test]
    fn reread_gives_back_the_whole_text_for_quoting() {
        let (_dir, f, _) = released("\u{feff}---\ntitle: é\n---\nBody\n");
        let back = f.reread().unwrap();
        assert_eq!(back.text, "---\ntitle: é\n---\nBody\n");
        assert_eq!(back.line_text(2), "title: é");
        assert_eq!(back.name, "content/a.md");
    }

    #[test]
    fn a_text_changed_on_disk_is_not_read_back() {
        let (_dir, f, body) = released("---\ntitle: A\n---\nBody one\n");
        // The same length, so only the hash tells.
        std::fs::write(&f.path, "---\ntitle: B\n---\nBody two\n").unwrap();
        assert_eq!(f.read(&body), Err(ReadBackError::Changed));
        assert_eq!(f.reread().err(), Some(ReadBackError::Changed));
        // Cut short, added to, or a byte order mark put in front.
        std::fs::write(&f.path, "---\ntitle: A\n---\nBo").unwrap();
        assert_eq!(f.read(&body), Err(ReadBackError::Changed));
        std::fs::write(&f.path, "---\ntitle: A\n---\nBody one\nmore\n").unwrap();
        assert_eq!(f.read(&body), Err(ReadBackError::Changed));
        std::fs::write(&f.path, "\u{feff}---\ntitle: A\n---\nBody one\n").unwrap();
        assert_eq!(f.read(&body), Err(ReadBackError::Changed));
        assert_eq!(f.reread().err(), Some(ReadBackError::Changed));
    }

    #[test]
    fn a_changed_front_matter_leaves_the_body_readable() {
        // The front matter was decoded before the change; the body is what pages use.
        let (_dir, f, body) = released("---\ntitle: A\n---\nBody\n");
        std::fs::write(&f.path, "---\ntitle: Z\n---\nBody\n").unwrap();
        assert_eq!(f.read(&body).unwrap(), "Body\n");
        assert_eq!(f.reread().err(), Some(ReadBackError::Changed));
    }

    #[test]
    fn a_deleted_file_is_an_io_error() {
        let (dir, f, body) = released("---\ntitle: A\n---\nBody\n");
        drop(dir);
        assert!(matches!(f.read(&body), Err(ReadBackError::Io(_))));
        assert!(matches!(f.reread(), Err(ReadBackError::Io(_))));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_swapped_for_a_fifo_is_not_read_back() {
        let (_dir, f, body) = released("---\ntitle: A\n---\nBody\n");
        std::fs::remove_file(&f.path).unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&f.path)
                .status()
                .unwrap()
                .success()
        );
        let not_regular = ReadBackError::Io("it is a FIFO (named pipe), not a regular file".into());
        assert_eq!(f.read(&body), Err(not_regular.clone()));
        assert_eq!(f.reread().err(), Some(not_regular));
    }

    #[test]
    fn a_text_in_memory_is_read_from_memory() {
        let f = file("---\ntitle: A\n---\nBody\n");
        assert!(matches!(f.read(&(17..21)), Ok(Cow::Borrowed("Body"))));
        assert!(matches!(f.reread(), Ok(Cow::Borrowed(_))));
    }
}
