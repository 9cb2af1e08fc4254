//! Finds and reads a site's content: walks `content/` for Markdown files (skipping hidden
//! and editor temp files, reporting symlink loops instead of following them, and
//! Markdown names that are not regular files instead of opening them), reads each into a
//! [`SourceFile`] ([`regular`] files only) and splits its front matter from its body.

pub mod frontmatter;
pub mod regular;
pub mod source;

use crate::diag::Diagnostic;
use source::SourceFile;
use std::path::{Path, PathBuf};

/// A Markdown file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Path shown in messages: relative to the site root, `/`-separated.
    pub name: String,
    /// Path relative to the content folder, `/`-separated (what `@/` links name).
    pub rel: String,
}

/// The folder of well-known URIs (RFC 8615): the one dot-folder a site may mean to publish.
pub const WELL_KNOWN: &str = ".well-known";

/// Files an editor or the OS leaves beside real ones, and hidden files and folders: never
/// content, never published, never served in the preview, and no reason to rebuild. The
/// one rule for all four, so what the preview shows is what the build publishes.
pub fn is_ignored_name(name: &str) -> bool {
    (name.starts_with('.') && name != WELL_KNOWN)
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913" // vim's write test
}

fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every Markdown file below `content_dir`, sorted by path so that output order never
/// depends on the file system. Problems met on the way (unreadable folders, symlink loops)
/// come back as diagnostics; the walk goes on.
pub fn walk(root: &Path, content_dir: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| display_path(root, p)).unwrap_or_default();
                let (message, help) = if err.loop_ancestor().is_some() {
                    (
                        format!("symbolic link loop at `{path}`"),
                        "remove the link or point it outside its own folder",
                    )
                } else {
                    (
                        format!(
                            "cannot read `{path}`: {}",
                            err.io_error().map_or(err.to_string(), |e| e.to_string())
                        ),
                        "check the permissions",
                    )
                };
                problems.push(Diagnostic::error("io", message).help(help));
                continue;
            }
        };
        let is_markdown = entry
            .path()
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        let file_type = entry.file_type();
        if is_markdown && !file_type.is_file() && !file_type.is_dir() {
            let name = display_path(root, entry.path());
            let failure = regular::ReadFailure::NotRegular(regular::kind(&file_type));
            problems.push(
                Diagnostic::error("not-a-file", format!("`{name}` is skipped: {failure}"))
                    .help(failure.help()),
            );
            continue;
        }
        if file_type.is_file() && is_markdown {
            found.push(Found {
                name: display_path(root, entry.path()),
                rel: display_path(content_dir, entry.path()),
                path: entry.into_path(),
            });
        }
    }
    (found, problems)
}

/// A file that could not be read as text.
#[derive(Debug)]
pub struct ReadError {
    /// The file, lossily decoded, when it exists but is not UTF-8.
    pub file: Option<SourceFile>,
    /// Where in `file` the problem is.
    pub span: Option<source::Span>,
    pub diagnostic: Diagnostic,
}

/// Reads a file as UTF-8. Invalid bytes give an error pointing at the first of them; the
/// file is still returned (lossily decoded) so the error can quote its line.
pub fn read(path: &Path, name: &str) -> Result<SourceFile, ReadError> {
    let bytes = regular::read(path).map_err(|failure| {
        let diagnostic = match &failure {
            regular::ReadFailure::NotRegular(_) => {
                Diagnostic::error("not-a-file", format!("`{name}` is not read: {failure}"))
            }
            regular::ReadFailure::Io(e) => Diagnostic::error("io", format!("failed to read `{name}`: {e}")),
        };
        ReadError {
            file: None,
            span: None,
            diagnostic: diagnostic.help(failure.help()),
        }
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, path, text)),
        Err(err) => {
            let bytes = err.as_bytes();
            // SourceFile drops a byte order mark; the valid prefix is otherwise kept as is.
            let bom = if bytes.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
            let at = err.utf8_error().valid_up_to() - bom;
            let file = SourceFile::new(name, path, String::from_utf8_lossy(bytes).into_owned());
            Err(ReadError {
                file: Some(file),
                span: Some(at..at + 1),
                diagnostic: Diagnostic::error("not-utf8", format!("`{name}` is not valid UTF-8"))
                    .label("invalid byte here")
                    .help("save the file as UTF-8 (most editors: File > Save with Encoding > UTF-8)"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_and_editor_files() {
        for name in [
            ".git",
            ".plan.md.swp",
            "#plan.md#",
            "plan.md~",
            "4913",
            "~$plan.md",
            ".planpress",
            ".drafts",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["plan.md", "_index.md", "illinois", ".well-known"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn walks_sorted_markdown_only() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("b")).unwrap();
        std::fs::create_dir_all(content.join(".hidden")).unwrap();
        for f in ["b/z.md", "a.md", "notes.txt", ".hidden/x.md", "b/.x.md.swp"] {
            std::fs::write(content.join(f), "x").unwrap();
        }
        let (found, problems) = walk(dir.path(), &content);
        assert!(problems.is_empty());
        let names: Vec<_> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["content/a.md", "content/b/z.md"]);
        assert_eq!(found[1].rel, "b/z.md");
    }

    #[cfg(unix)]
    #[test]
    fn reports_symlink_loops_and_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(content.join("a/plan.md"), "x").unwrap();
        std::os::unix::fs::symlink(&content, content.join("a/loop")).unwrap();
        let (found, problems) = walk(dir.path(), &content);
        assert_eq!(found.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("loop"), "{}", problems[0].message);
    }

    #[cfg(unix)]
    #[test]
    fn markdown_names_that_are_not_files_are_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.md"), "x").unwrap();
        let fifo = content.join("b.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (found, problems) = walk(dir.path(), &content);
        assert_eq!(found.len(), 1);
        let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`content/b.md` is skipped: it is a FIFO (named pipe), not a regular file"]
        );
        let err = read(&fifo, "content/b.md").unwrap_err();
        assert_eq!(err.diagnostic.code, "not-a-file");
        assert_eq!(
            err.diagnostic.message,
            "`content/b.md` is not read: it is a FIFO (named pipe), not a regular file"
        );
    }

    #[test]
    fn non_utf8_points_at_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"---\ntitle: caf\xe9\n---\n").unwrap();
        let err = read(&path, "a.md").unwrap_err();
        let file = err.file.unwrap();
        let span = err.span.unwrap();
        assert_eq!(file.line_col(span.start), (2, 11));
    }
}
