//! One source file held in memory: its path, its text and a line index, so that any byte
//! offset found by a later stage can be reported as `file:line:col` counted from the top of
//! the file (not from the top of the front matter).

use std::ops::Range;
use std::path::PathBuf;

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
    pub text: String,
    /// Bytes cut from the front of `text` by [`SourceFile::keep_from`]; 0 until then.
    cut: usize,
    /// Made on first use: most files never need a line number.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>, text: String) -> SourceFile {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            cut: 0,
            line_starts: Default::default(),
        }
    }

    /// The text of `span`, given in offsets from the top of the file as it was read.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.start - self.cut..span.end - self.cut]
    }

    /// Frees the text before `start` (a plan's front matter, once it is decoded and
    /// checked), keeping what [`SourceFile::slice`] still reads after it. Line numbers and
    /// quotes of the cut part are gone: only for a build that has nothing left to report.
    pub fn keep_from(&mut self, start: usize) {
        let start = floor_char_boundary(&self.text, start.saturating_sub(self.cut));
        self.text = self.text[start..].to_string();
        self.cut += start;
        self.line_starts = Default::default();
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

    /// [`SourceFile::keep_from`] on each file named, in parallel: a site has many.
    pub fn keep_from_each(&mut self, starts: impl IntoIterator<Item = (SourceId, usize)>) {
        use rayon::prelude::*;
        let mut by_file = vec![None; self.files.len()];
        for (id, start) in starts {
            if let Some(slot) = by_file.get_mut(id.0) {
                *slot = Some(start);
            }
        }
        self.files.par_iter_mut().zip(by_file).for_each(|(file, start)| {
            if let Some(start) = start {
                file.keep_from(start);
            }
        });
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
    fn keep_from_each_cuts_only_the_files_named() {
        let mut sources = Sources::default();
        let a = sources.add(file("---\na: 1\n---\nbody a"));
        let b = sources.add(file("---\nb: 2\n---\nbody b"));
        sources.keep_from_each([(b, 13)]);
        assert_eq!(sources.get(a).text, "---\na: 1\n---\nbody a");
        assert_eq!(sources.get(b).text, "body b");
        assert_eq!(sources.get(b).slice(&(13..19)), "body b");
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

    #[test]
    fn keep_from_frees_the_front_and_slices_by_the_old_offsets() {
        let mut f = SourceFile::new("a.md", "a.md", "---\ntitle: é\n---\nBody é text\n".to_string());
        let body = f.text.find("Body").unwrap()..f.text.len();
        let before = f.slice(&body).to_string();
        f.keep_from(body.start);
        assert_eq!(f.text, "Body é text\n");
        assert_eq!(f.slice(&body), before);
        let word = body.start + 5..body.start + 7;
        assert_eq!(f.slice(&word), "é");
        // A second cut counts from the top of the file too.
        f.keep_from(word.start);
        assert_eq!(f.slice(&word), "é");
    }
}
