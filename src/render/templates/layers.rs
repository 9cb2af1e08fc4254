//! The files of a theme's layers (built-in, named theme, site), read from disk, and
//! compiled into one Tera instance. Every problem met is collected as a [`Problem`] (a
//! missing theme, a file that is not a regular one, a template that does not compile),
//! with the template's text and the place in it when there is one, so `check` can quote
//! the line and `build` can name it.

use super::{DefaultTheme, indentation};
use crate::content::regular::{self, ReadFailure};
use crate::content::source::{SourceFile, Span};
use crate::diag::Diagnostic;
use crate::site::layout::SiteLayout;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file of a layer: its bytes, its path on disk, and its name in messages (relative to
/// the site: `templates/plan.html`, `(built-in theme) templates/plan.html`).
pub(super) struct LayerFile {
    pub bytes: Vec<u8>,
    pub path: PathBuf,
    pub name: String,
}

/// Relative path in the layer (`plan.html`, `css/site.css`) -> file.
pub(super) type Layer = BTreeMap<String, LayerFile>;

/// A problem loading the theme.
#[derive(Debug)]
pub struct Problem {
    /// Without a location: [`Problem::template`] says where, when anything does.
    pub diagnostic: Diagnostic,
    /// The template it is in, as Tera read it, and the place in it when Tera gave one.
    pub template: Option<(SourceFile, Option<Span>)>,
}

impl Problem {
    fn new(diagnostic: Diagnostic) -> Problem {
        Problem {
            diagnostic,
            template: None,
        }
    }

    /// The problem as one diagnostic naming its place in words, for a caller that has no
    /// [`Sources`](crate::content::source::Sources) to point into.
    pub fn into_diagnostic(self) -> Diagnostic {
        let mut d = self.diagnostic;
        if let Some((file, Some(span))) = &self.template {
            let (line, column) = file.line_col(span.start);
            d.message.push_str(&format!(" (line {line}, column {column})"));
        }
        d
    }
}

/// Every file under `dir` (recursively). Anything there that is not a regular file or a
/// folder is a problem, never opened.
pub(super) fn read_dir(layout: &SiteLayout, dir: &Path, problems: &mut Vec<Problem>) -> Layer {
    let mut files = Layer::new();
    if !dir.is_dir() {
        return files;
    }
    let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
    // Hidden folders are skipped whole, as the preview and the watcher skip them.
    let walk = walk.into_iter().filter_entry(|e| {
        e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
    });
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e.path().unwrap_or(dir);
                let message = format!("cannot read `{}`: {e}", layout.shown(at));
                problems.push(Problem::new(
                    Diagnostic::error("io", message)
                        .help("check the permissions, and that no link points to itself"),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() || crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        let name = layout.shown(entry.path());
        match regular::read(entry.path()) {
            Ok(bytes) => {
                let path = entry.into_path();
                files.insert(rel, LayerFile { bytes, path, name });
            }
            Err(failure) => problems.push(unreadable(&name, &failure)),
        }
    }
    files
}

fn unreadable(name: &str, failure: &ReadFailure) -> Problem {
    let diagnostic = match failure {
        ReadFailure::NotRegular(_) => {
            Diagnostic::error("not-a-file", format!("`{name}` is not read: {failure}"))
        }
        ReadFailure::Io(e) => Diagnostic::error("io", format!("failed to read `{name}`: {e}")),
    };
    Problem::new(diagnostic.help(failure.help()))
}

/// The embedded default theme's files under `prefix` (`templates/` or `static/`).
pub(super) fn embedded(prefix: &str) -> Layer {
    DefaultTheme::iter()
        .filter_map(|name| {
            let rel = name.strip_prefix(prefix)?.to_string();
            let file = DefaultTheme::get(&name)?;
            let shown = format!("(built-in theme) {name}");
            let bytes = file.data.into_owned();
            Some((
                rel,
                LayerFile {
                    bytes,
                    path: PathBuf::from(&shown),
                    name: shown,
                },
            ))
        })
        .collect()
}

/// The built-in theme's templates, without the indentation that every page would copy
/// (see [`indentation`]).
pub(super) fn builtin_templates() -> Layer {
    let mut files = embedded(&format!("{}/", crate::site::layout::TEMPLATES));
    for file in files.values_mut() {
        if let Ok(text) = std::str::from_utf8(&file.bytes) {
            file.bytes = indentation::strip(text).into_bytes();
        }
    }
    files
}

/// Compiles `templates` (name -> file). A template that does not compile is left out and
/// the rest compiled again, so every broken template is reported, not only the first.
pub(super) fn compile(templates: &Layer, problems: &mut Vec<Problem>) -> tera::Tera {
    let mut texts: BTreeMap<&str, (String, &LayerFile)> = BTreeMap::new();
    for (rel, file) in templates {
        match String::from_utf8(file.bytes.clone()) {
            Ok(text) => {
                texts.insert(rel, (text, file));
            }
            Err(_) => problems.push(Problem::new(
                Diagnostic::error("not-utf8", format!("template `{}` is not valid UTF-8", file.name))
                    .help("save the file as UTF-8"),
            )),
        }
    }
    let before = problems.len();
    loop {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let sources = texts.iter().map(|(rel, (text, _))| (*rel, text.as_str()));
        let Err(e) = tera.add_raw_templates(sources) else {
            return tera;
        };
        let broken = match e.kind() {
            tera::ErrorKind::SyntaxError(report) => Some(report.filename().to_string()),
            _ => None,
        };
        // A template that only fails because one left out before it did is not reported.
        if broken.is_some() || problems.len() == before {
            problems.push(compile_problem(&e, &texts));
        }
        match broken.and_then(|name| texts.remove(name.as_str())) {
            Some(_) => continue,
            None => return tera::Tera::new(),
        }
    }
}

/// A Tera error met while compiling, pointing into the template it names.
fn compile_problem(e: &tera::Error, texts: &BTreeMap<&str, (String, &LayerFile)>) -> Problem {
    let help = "fix the template named (a template in the site's templates/ wins over the theme's, which wins over the built-in one)";
    let quoted = |rel: &str, span: Option<Span>| {
        texts.get(rel).map(|(text, file)| {
            let file_text = SourceFile::new(&file.name, &file.path, text.clone());
            // SourceFile drops a byte order mark that Tera counted.
            let skipped = text.len() - file_text.text.len();
            let span = span.map(|s| s.start.saturating_sub(skipped)..s.end.saturating_sub(skipped));
            (file_text, span)
        })
    };
    let name = |rel: &str| {
        texts
            .get(rel)
            .map_or(rel.to_string(), |(_, file)| file.name.clone())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) => {
            let rel = report.filename();
            let message = format!("syntax error in template `{}`: {}", name(rel), report.message());
            Problem {
                diagnostic: Diagnostic::error("template", message).help(help),
                template: quoted(rel, Some(report.span().range.clone())),
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let message = format!(
                "template `{}` extends `{parent}`, which no layer of the theme has",
                name(current)
            );
            let template = quoted(current, None).map(|(file, _)| {
                let at = file.text.find(parent.as_str()).map(|i| i..i + parent.len());
                (file, at)
            });
            Problem {
                diagnostic: Diagnostic::error("template", message).help(help),
                template,
            }
        }
        _ => Problem::new(
            Diagnostic::error("template", format!("the templates do not compile: {e}")).help(help),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates::Theme;

    fn load(root: &Path, theme: Option<&str>) -> Result<Theme, Diagnostic> {
        super::super::load(&SiteLayout::new(root), theme)
    }

    fn load_all(root: &Path, theme: Option<&str>) -> Result<Theme, Vec<Problem>> {
        super::super::load_all(&SiteLayout::new(root), theme)
    }

    /// A site folder holding `files` (path, text).
    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// A problem as (code, message, file name, line and column).
    type Found = (&'static str, String, String, Option<(usize, usize)>);

    fn problems(dir: &Path, theme: Option<&str>) -> Vec<Found> {
        let problems = load_all(dir, theme).err().expect("problems");
        problems
            .into_iter()
            .map(|p| {
                let (name, at) = p.template.map_or((String::new(), None), |(file, span)| {
                    let at = span.map(|s| file.line_col(s.start));
                    (file.name, at)
                });
                (p.diagnostic.code, p.diagnostic.message, name, at)
            })
            .collect()
    }

    #[test]
    fn every_broken_template_is_reported_at_its_line() {
        let dir = site(&[
            ("templates/a.html", "ok\n  {{ oops( }}\n"),
            ("templates/b.html", "{% if %}"),
            ("templates/c.html", "fine {{ x }}"),
        ]);
        let found = problems(dir.path(), None);
        assert_eq!(found.len(), 2, "{found:#?}");
        for ((code, message, name, at), (want_name, want_at)) in found
            .iter()
            .zip([("templates/a.html", (2, 12)), ("templates/b.html", (1, 7))])
        {
            assert_eq!(*code, "template");
            assert!(
                message.starts_with(&format!("syntax error in template `{want_name}`: ")),
                "{message}"
            );
            assert_eq!((name.as_str(), *at), (want_name, Some(want_at)), "{message}");
        }
        let first = load(dir.path(), None).err().unwrap();
        assert!(
            first.message.ends_with("(line 2, column 12)"),
            "{}",
            first.message
        );
    }

    #[test]
    fn a_template_extending_a_missing_one_points_at_its_name() {
        let dir = site(&[("templates/page.html", "{% extends \"gone.html\" %}")]);
        let found = problems(dir.path(), None);
        assert_eq!(
            found,
            [(
                "template",
                "template `templates/page.html` extends `gone.html`, which no layer of the theme has"
                    .to_string(),
                "templates/page.html".to_string(),
                Some((1, 13))
            )]
        );
    }

    #[test]
    fn a_missing_theme_is_named() {
        let dir = site(&[]);
        let found = problems(dir.path(), Some("nope"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "missing-theme");
        assert_eq!(
            found[0].1,
            "theme `nope` not found: there is no folder `themes/nope`"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_among_templates_and_static_files_are_reported_not_opened() {
        let dir = site(&[("static/ok.css", "x"), ("themes/t/templates/a.html", "a")]);
        for fifo in ["static/pipe.css", "themes/t/templates/pipe.html"] {
            let status = std::process::Command::new("mkfifo")
                .arg(dir.path().join(fifo))
                .status();
            assert!(status.unwrap().success());
        }
        let found = problems(dir.path(), Some("t"));
        let messages: Vec<_> = found.iter().map(|(code, m, _, _)| (*code, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    "not-a-file",
                    "`themes/t/templates/pipe.html` is not read: it is a FIFO (named pipe), not a regular file"
                ),
                (
                    "not-a-file",
                    "`static/pipe.css` is not read: it is a FIFO (named pipe), not a regular file"
                ),
            ]
        );
    }

    #[test]
    fn hidden_folders_are_not_published_but_well_known_is() {
        let dir = site(&[
            ("static/.well-known/security.txt", "Contact: x"),
            ("static/.drafts/notes.txt", "private"),
            ("static/.hidden.css", "x"),
            ("static/ok.css", "x"),
        ]);
        let layout = SiteLayout::new(dir.path());
        let mut problems = Vec::new();
        let layer = read_dir(&layout, &layout.statics, &mut problems);
        assert!(problems.is_empty());
        let names: Vec<&str> = layer.keys().map(String::as_str).collect();
        assert_eq!(names, [".well-known/security.txt", "ok.css"]);
    }
}
