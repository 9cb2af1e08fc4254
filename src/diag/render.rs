//! Prints diagnostics: `human` (cargo style, through codespan-reporting), `json` (one object
//! per line) and `github` (workflow commands that annotate a pull request).

use super::{Diagnostic, Diagnostics, Severity};
use crate::content::source::{SourceId, Sources};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, Chars, Config};
use serde::Serialize;
use std::io;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = SourceId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: SourceId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id).name)
    }

    fn source(&'a self, id: SourceId) -> Result<&'a str, FilesError> {
        Ok(&self.get(id).text)
    }

    fn line_index(&'a self, id: SourceId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.get(id).line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: SourceId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id);
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}

/// Writes every diagnostic in `format`, then (for `human`) a summary line.
pub fn write_all(
    out: &mut dyn termcolor::WriteColor,
    diagnostics: &Diagnostics,
    sources: &Sources,
    format: Format,
) -> io::Result<()> {
    for d in diagnostics.iter() {
        match format {
            Format::Human => write_human(out, d, sources)?,
            Format::Json => {
                serde_json::to_writer(&mut *out, &JsonDiagnostic::new(d, sources))?;
                writeln!(out)?;
            }
            Format::Github => writeln!(out, "{}", github_line(d, sources))?,
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
    let _ = write_human(&mut buf, d, sources);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn write_human(out: &mut dyn termcolor::WriteColor, d: &Diagnostic, sources: &Sources) -> io::Result<()> {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut diagnostic = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_message(&d.message);
    let mut notes = Vec::new();
    if let Some(loc) = &d.location {
        match &loc.span {
            Some(span) => {
                let mut label = cs::Label::primary(loc.source, span.clone());
                if let Some(text) = &d.label {
                    label = label.with_message(text);
                }
                diagnostic = diagnostic.with_labels(vec![label]);
            }
            None => notes.push(format!("in {}", sources.get(loc.source).name)),
        }
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    diagnostic = diagnostic.with_notes(notes);
    term::emit_to_write_style(out, &config, sources, &diagnostic).map_err(|e| io::Error::other(e.to_string()))
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

/// 1-based start and end (line, column) of a diagnostic's span.
fn positions(d: &Diagnostic, sources: &Sources) -> Option<((usize, usize), (usize, usize))> {
    let loc = d.location.as_ref()?;
    let span = loc.span.as_ref()?;
    let file = sources.get(loc.source);
    Some((file.line_col(span.start), file.line_col(span.end)))
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, sources: &'a Sources) -> Self {
        let pos = positions(d, sources);
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.location.as_ref().map(|l| sources.get(l.source).name.as_str()),
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
fn github_line(d: &Diagnostic, sources: &Sources) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(loc) = &d.location {
        props.push(format!("file={}", escape_property(&sources.get(loc.source).name)));
    }
    if let Some(((line, col), (end_line, end_col))) = positions(d, sources) {
        props.push(format!(
            "line={line},col={col},endLine={end_line},endColumn={end_col}"
        ));
    }
    props.push(format!("title={}", escape_property(d.code)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
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
        let json = serde_json::to_value(JsonDiagnostic::new(&d, &sources)).unwrap();
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
        let line = github_line(&d, &sources);
        assert_eq!(
            line,
            "::error file=content/a.md,line=3,col=9,endLine=3,endColumn=12,title=unknown-status::unknown status `don`%0Ahelp: did you mean `done`?"
        );
    }
}
