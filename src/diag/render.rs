//! Prints diagnostics: `human` (cargo style, through codespan-reporting), `json` (one object
//! per line) and `github` (workflow commands that annotate a pull request).

use super::printable::{self, Newlines, QuotedText};
use super::{Diagnostic, Diagnostics, Severity};
use crate::content::source::{ReadBackError, SourceFile, SourceId, Sources, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, Chars, Config};
use serde::Serialize;
use std::borrow::Cow;
use std::io;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

/// One file as codespan-reporting reads it, to quote the line a diagnostic points at: its
/// name and text with control characters escaped ([`printable`]), while line and column
/// numbers stay those of the file.
struct Quoted<'f> {
    file: &'f SourceFile,
    name: Cow<'f, str>,
    /// The text shown, when it differs from the file's.
    escaped: Option<QuotedText>,
}

impl<'f> Quoted<'f> {
    fn new(file: &'f SourceFile) -> Quoted<'f> {
        Quoted {
            file,
            name: printable::escape(&file.name, Newlines::Escape),
            escaped: QuotedText::new(&file.text),
        }
    }

    fn text(&self) -> &str {
        self.escaped.as_ref().map_or(&self.file.text, |e| &e.text)
    }

    /// A span of the file as a span of the text shown.
    fn shown(&self, span: &Span) -> Span {
        match &self.escaped {
            Some(e) => e.shown(span.start)..e.shown(span.end),
            None => span.clone(),
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Quoted<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        let offset = self
            .escaped
            .as_ref()
            .map_or(byte_index, |e| e.original(byte_index));
        Ok(self.file.line_col(offset).0 - 1)
    }

    fn column_number(&'a self, (): (), _line: usize, byte_index: usize) -> Result<usize, FilesError> {
        let offset = self
            .escaped
            .as_ref()
            .map_or(byte_index, |e| e.original(byte_index));
        Ok(self.file.line_col(offset).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.file;
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(self.shown(&(start..end)))
    }
}

/// The files diagnostics quote. A file whose text a build released is read back from
/// disk, checked against the text that was loaded; the last one read is kept, since
/// diagnostics come sorted by file.
struct Reader<'a> {
    sources: &'a Sources,
    last: Option<(SourceId, Result<SourceFile, ReadBackError>)>,
}

impl<'a> Reader<'a> {
    fn new(sources: &'a Sources) -> Reader<'a> {
        Reader { sources, last: None }
    }

    fn with_text(&mut self, id: SourceId) -> Result<&SourceFile, &ReadBackError> {
        let file = self.sources.get(id);
        if !file.is_released() {
            return Ok(file);
        }
        if self.last.as_ref().is_none_or(|(last, _)| *last != id) {
            self.last = Some((id, file.reread().map(Cow::into_owned)));
        }
        match &self.last {
            Some((_, read)) => read.as_ref(),
            None => Ok(file),
        }
    }

    /// Where `d` points, as printed.
    fn place(&mut self, d: &Diagnostic) -> Option<Place<'_>> {
        let loc = d.location.as_ref()?;
        let sources = self.sources;
        let named = sources.get(loc.source);
        let Some(span) = &loc.span else {
            return Some(Place {
                file: named,
                span: None,
                unquoted: None,
            });
        };
        Some(match self.with_text(loc.source) {
            Ok(file) => Place {
                file,
                span: Some(span.clone()),
                unquoted: None,
            },
            Err(e) => Place {
                file: named,
                span: None,
                unquoted: Some(match e {
                    ReadBackError::Changed => format!(
                        "`{}` changed since it was read, so the line cannot be shown: build again to see it",
                        named.name
                    ),
                    ReadBackError::Io(e) => {
                        format!("`{}` could not be read again to show the line: {e}", named.name)
                    }
                }),
            },
        })
    }
}

/// Where a diagnostic points, as printed: the file it names, with its text in memory when
/// `span` is quoted.
struct Place<'f> {
    file: &'f SourceFile,
    span: Option<Span>,
    /// Why a span the diagnostic has is not quoted.
    unquoted: Option<String>,
}

/// Writes every diagnostic in `format`, then (for `human`) a summary line.
pub fn write_all(
    out: &mut dyn termcolor::WriteColor,
    diagnostics: &Diagnostics,
    sources: &Sources,
    format: Format,
) -> io::Result<()> {
    let mut reader = Reader::new(sources);
    for d in diagnostics.iter() {
        let place = reader.place(d);
        let place = place.as_ref();
        match format {
            Format::Human => write_human(out, d, place)?,
            Format::Json => writeln!(out, "{}", json_line(d, place)?)?,
            Format::Github => writeln!(out, "{}", github_line(d, place))?,
        }
    }
    if format == Format::Human {
        let (errors, warnings) = (
            diagnostics.count(Severity::Error),
            diagnostics.count(Severity::Warning),
        );
        writeln!(out, "{}", summary(errors, warnings))?;
    }
    Ok(())
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// One diagnostic in cargo's shape, as a string without colours (tests and the browser
/// overlay use this).
pub fn human_string(d: &Diagnostic, sources: &Sources) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    // Writing into memory cannot fail.
    let _ = write_human(&mut buf, d, Reader::new(sources).place(d).as_ref());
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn write_human(out: &mut dyn termcolor::WriteColor, d: &Diagnostic, place: Option<&Place>) -> io::Result<()> {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut diagnostic = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_message(printable::message(&d.message));
    // A diagnostic that names no file quotes nothing: any file serves.
    let empty = SourceFile::new("", "", String::new());
    let files = Quoted::new(place.map_or(&empty, |p| p.file));
    let mut notes = Vec::new();
    if let Some(place) = place {
        match &place.span {
            Some(span) => {
                let mut label = cs::Label::primary((), files.shown(span));
                if let Some(text) = &d.label {
                    label = label.with_message(printable::escape(text, Newlines::Escape));
                }
                diagnostic = diagnostic.with_labels(vec![label]);
            }
            None => notes.push(format!("in {}", files.name)),
        }
        notes.extend(
            place
                .unquoted
                .as_deref()
                .map(|n| printable::message(n).into_owned()),
        );
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", printable::message(help)));
    }
    diagnostic = diagnostic.with_notes(notes);
    term::emit_to_write_style(out, &config, &files, &diagnostic).map_err(|e| io::Error::other(e.to_string()))
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: Option<&'a str>,
    help: Option<&'a str>,
}

/// One diagnostic as a line of JSON. serde_json escapes the C0 controls; DEL, the C1
/// controls (`\u{9b}` starts a terminal command too) and the bidirectional overrides are
/// escaped here, as JSON `\u` escapes, so a JSON reader gets the same text back.
fn json_line(d: &Diagnostic, place: Option<&Place>) -> io::Result<String> {
    use std::fmt::Write;
    let line = serde_json::to_string(&JsonDiagnostic::new(d, place))?;
    if !line.chars().any(printable::is_unsafe) {
        return Ok(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        if printable::is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// 1-based start and end (line, column) of a diagnostic's span.
fn positions(place: Option<&Place>) -> Option<((usize, usize), (usize, usize))> {
    let place = place?;
    let span = place.span.as_ref()?;
    Some((place.file.line_col(span.start), place.file.line_col(span.end)))
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, place: Option<&'a Place>) -> Self {
        let pos = positions(place);
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: place.map(|p| p.file.name.as_str()),
            line: pos.map(|p| p.0.0),
            column: pos.map(|p| p.0.1),
            end_line: pos.map(|p| p.1.0),
            end_column: pos.map(|p| p.1.1),
            label: d.label.as_deref(),
            help: d.help.as_deref(),
        }
    }
}

/// A GitHub Actions workflow command: `::error file=F,line=L,col=C,title=T::message`.
fn github_line(d: &Diagnostic, place: Option<&Place>) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(place) = place {
        let name = printable::escape(&place.file.name, Newlines::Escape);
        props.push(format!("file={}", escape_property(&name)));
    }
    if let Some(((line, col), (end_line, end_col))) = positions(place) {
        props.push(format!(
            "line={line},col={col},endLine={end_line},endColumn={end_col}"
        ));
    }
    props.push(format!("title={}", escape_property(d.code)));
    let mut message = d.message.clone();
    if let Some(unquoted) = place.and_then(|p| p.unquoted.as_ref()) {
        message.push('\n');
        message.push_str(unquoted);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let message = printable::escape(&message, Newlines::Keep);
    format!("::{level} {}::{}", props.join(","), escape_data(&message))
}

// The escapes GitHub's runner expects in workflow commands.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::source::SourceFile;

    fn fixture() -> (Sources, Diagnostic) {
        let mut sources = Sources::default();
        let text = "---\ntitle: A\nstatus: don\n---\n";
        let id = sources.add(SourceFile::new("content/a.md", "content/a.md", text.to_string()));
        let at = text.find("don").unwrap();
        let d = Diagnostic::error("unknown-status", "unknown status `don`")
            .at(id, at..at + 3)
            .label("expected one of draft, final")
            .help("did you mean `done`?");
        (sources, d)
    }

    #[test]
    fn human_output_looks_like_cargo() {
        let (sources, d) = fixture();
        let text = human_string(&d, &sources);
        assert!(text.starts_with("error: unknown status `don`"), "{text}");
        assert!(text.contains("--> content/a.md:3:9"), "{text}");
        assert!(text.contains("3 | status: don"), "{text}");
        assert!(text.contains("^^^ expected one of draft, final"), "{text}");
        assert!(text.contains("= help: did you mean `done`?"), "{text}");
    }

    #[test]
    fn json_has_positions() {
        let (sources, d) = fixture();
        let mut reader = Reader::new(&sources);
        let place = reader.place(&d);
        let json = serde_json::to_value(JsonDiagnostic::new(&d, place.as_ref())).unwrap();
        assert_eq!(json["file"], "content/a.md");
        assert_eq!(json["line"], 3);
        assert_eq!(json["column"], 9);
        assert_eq!(json["end_column"], 12);
        assert_eq!(json["severity"], "error");
        assert_eq!(json["code"], "unknown-status");
    }

    #[test]
    fn github_annotation_escapes_properties() {
        let (sources, d) = fixture();
        let line = github_line(&d, Reader::new(&sources).place(&d).as_ref());
        assert_eq!(
            line,
            "::error file=content/a.md,line=3,col=9,endLine=3,endColumn=12,title=unknown-status::unknown status `don`%0Ahelp: did you mean `done`?"
        );
    }

    /// The fixture with its file on disk and its text released, as a build leaves it.
    fn released() -> (tempfile::TempDir, Sources, Diagnostic) {
        let (mut sources, d) = fixture();
        let dir = tempfile::tempdir().unwrap();
        let file = sources.get_mut(SourceId(0));
        file.path = dir.path().join("a.md");
        std::fs::write(&file.path, &file.text).unwrap();
        let end = file.text.len();
        file.release(end..end);
        (dir, sources, d)
    }

    #[test]
    fn a_released_file_is_read_back_to_quote_it() {
        let (fixture, d) = fixture();
        let (_dir, sources, _) = released();
        assert_eq!(human_string(&d, &sources), human_string(&d, &fixture));
        let ds: Diagnostics = [d.clone(), d].into_iter().collect();
        let mut out = termcolor::NoColor::new(Vec::new());
        write_all(&mut out, &ds, &sources, Format::Github).unwrap();
        let out = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(out.matches("line=3,col=9").count(), 2, "{out}");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_named_not_misquoted() {
        let (dir, sources, d) = released();
        std::fs::write(dir.path().join("a.md"), "---\ntitle: A\n\nstatus: don\n---\n").unwrap();
        let text = human_string(&d, &sources);
        assert!(text.starts_with("error: unknown status `don`"), "{text}");
        assert!(text.contains("= in content/a.md"), "{text}");
        assert!(
            text.contains("`content/a.md` changed since it was read"),
            "{text}"
        );
        assert!(!text.contains("status: don") && !text.contains(":3:"), "{text}");
        let mut reader = Reader::new(&sources);
        let place = reader.place(&d);
        let json = serde_json::to_value(JsonDiagnostic::new(&d, place.as_ref())).unwrap();
        assert_eq!(json["file"], "content/a.md");
        assert_eq!(json["line"], serde_json::Value::Null);
    }

    /// A diagnostic about a value that holds terminal commands, in a file whose name does.
    fn hostile() -> (Sources, Diagnostic) {
        let mut sources = Sources::default();
        let text = "---\ntitle: \"\u{1b}]0;x\u{7}\u{1b}[2J\"\nstatus: \u{9b}31mdon\n---\n";
        let name = "content/\u{1b}[32mok.md";
        let id = sources.add(SourceFile::new(name, name, text.to_string()));
        let at = text.find("don").unwrap();
        let d = Diagnostic::error("unknown-status", "unknown status `\u{9b}31mdon\r0 errors`")
            .at(id, at..at + 3)
            .label("not \u{1b}[0m a status")
            .help("did you mean `\u{1b}[2Kdone`?\nerror: fake");
        (sources, d)
    }

    #[test]
    fn control_characters_are_escaped_in_every_format() {
        let (sources, d) = hostile();
        let mut all = String::new();
        for format in [Format::Human, Format::Github, Format::Json] {
            let ds: Diagnostics = [d.clone()].into_iter().collect();
            let mut out = termcolor::NoColor::new(Vec::new());
            write_all(&mut out, &ds, &sources, format).unwrap();
            let out = String::from_utf8(out.into_inner()).unwrap();
            let raw: Vec<char> = out.chars().filter(|&c| printable::is_unsafe(c)).collect();
            assert!(raw.is_empty(), "{format:?} prints {raw:?}: {out}");
            all.push_str(&out);
        }
        let text = human_string(&d, &sources);
        assert!(
            text.starts_with("error: unknown status `\\u{9b}31mdon\\u{d}0 errors`"),
            "{text}"
        );
        assert!(text.contains("--> content/\\u{1b}[32mok.md:3:13"), "{text}");
        assert!(text.contains("3 | status: \\u{9b}31mdon"), "{text}");
        assert!(text.contains("^^^ not \\u{1b}[0m a status"), "{text}");
        assert!(
            text.contains("= help: did you mean `\\u{1b}[2Kdone`?\n"),
            "{text}"
        );
        assert!(!text.lines().any(|l| l.starts_with("error: fake")), "{text}");
        let github = github_line(&d, Reader::new(&sources).place(&d).as_ref());
        assert!(
            github.starts_with("::error file=content/\\u{1b}[32mok.md,line=3,col=13,"),
            "{github}"
        );
        assert!(
            github.contains("::unknown status `\\u{9b}31mdon\\u{d}0 errors`%0A"),
            "{github}"
        );
        // JSON readers get the text back as it was.
        let mut reader = Reader::new(&sources);
        let place = reader.place(&d);
        let json: serde_json::Value = serde_json::from_str(&json_line(&d, place.as_ref()).unwrap()).unwrap();
        assert_eq!(json["message"], d.message);
        assert_eq!(json["file"], "content/\u{1b}[32mok.md");
        assert_eq!(json["column"], 13);
    }
}
