//! The `watch` and `serve` commands: a first build, then a loop that rebuilds on each change
//! and tells the terminal (and, when serving, the browser) how it went, until Ctrl+C; then
//! what the command made for itself (the served site's [`ServeFolder`]) is removed.

use crate::build::BuildOptions;
use crate::build::session::{Outcome, Session};
use crate::diag::render::{self, Format};
use crate::serve::{ServeOptions, Server};
use crate::watch;
use std::cell::RefCell;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use termcolor::{ColorChoice, NoColor, StandardStream};

#[derive(Debug, Clone)]
pub struct DevOptions {
    pub build: BuildOptions,
    /// None: watch only. Some: serve on this address too.
    pub serve: Option<(IpAddr, u16)>,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// Where `serve` writes when no `--output` is given: a folder of its own in the system's
/// temporary folder, so a served site (which carries the live-reload script) never lands
/// in the output folder of the site's layout (`public/`), the folder that gets published.
///
/// The folder's name is random and only its owner may enter it (mode 0700): another user of
/// the machine can neither make it first (and so choose what is served) nor read or change
/// the pages. The site goes in `site/` inside it, so the build's staging folders, made beside
/// the output, are inside it too. Dropping it removes it with everything in it.
pub struct ServeFolder {
    dir: tempfile::TempDir,
}

impl ServeFolder {
    /// A new folder in the system's temporary folder.
    pub fn create() -> Result<ServeFolder, String> {
        ServeFolder::create_in(&std::env::temp_dir())
    }

    /// A new folder in `parent`.
    pub fn create_in(parent: &Path) -> Result<ServeFolder, String> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("planpress-serve-").rand_bytes(16);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        match builder.tempdir_in(parent) {
            Ok(dir) => Ok(ServeFolder { dir }),
            Err(e) => Err(format!(
                "failed to create a folder for the served site in `{}`: {e}",
                parent.display()
            )),
        }
    }

    /// The folder itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where the site is built, inside the folder.
    pub fn output(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// An error for the terminal, its control characters shown escaped.
fn print_error(e: &impl std::fmt::Display) {
    eprintln!("error: {}", crate::diag::printable::message(&e.to_string()));
}

fn color() -> ColorChoice {
    if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    }
}

fn print(diagnostics: &crate::diag::Diagnostics, sources: &crate::content::source::Sources) {
    let _ = render::write_all(
        &mut StandardStream::stderr(color()),
        diagnostics,
        sources,
        Format::Human,
    );
}

/// The diagnostics as plain text, for the browser overlay.
fn plain(diagnostics: &crate::diag::Diagnostics, sources: &crate::content::source::Sources) -> String {
    let mut out = NoColor::new(Vec::new());
    let _ = render::write_all(&mut out, diagnostics, sources, Format::Human);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// The URLs (as served, at the root) of the HTML pages among written output paths.
fn page_urls(written: &[String]) -> impl Iterator<Item = String> + '_ {
    written
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
}

/// Runs until interrupted. Returns the process exit code.
pub fn run(options: DevOptions) -> u8 {
    let mut build = options.build.clone();
    // The session keeps the loaded site; it cannot start from a skipped build.
    build.one_shot = false;
    // Declared before the server and the session, so it is dropped (removed) after them.
    let mut serve_folder = None;
    if options.serve.is_some() {
        build.live_reload = true;
        if !build.load.layout.output_given {
            let folder = match ServeFolder::create() {
                Ok(folder) => folder,
                Err(e) => {
                    print_error(&e);
                    return 2;
                }
            };
            build.load.layout.output = folder.output();
            serve_folder = Some(folder);
        }
    }
    // Ctrl+C lets a rebuild finish; a second one removes the served site, listed here, at once.
    let stop = crate::build::output::interrupt::stop_flag();
    let _listed = serve_folder
        .as_ref()
        .map(|f| crate::build::output::interrupt::Pending::make(|| Ok::<_, ()>(f.path().to_path_buf())));
    let layout = build.load.layout.clone();
    let output = layout.output.clone();
    let server = match options.serve {
        Some((bind, port)) => match Server::start(&ServeOptions {
            output: output.clone(),
            bind,
            port,
            ..ServeOptions::default()
        }) {
            Ok(server) => Some(server),
            Err(e) => {
                print_error(&e);
                return 2;
            }
        },
        None => None,
    };
    let watcher = match watch::Watcher::start(&layout) {
        Ok(w) => w,
        Err(e) => {
            print_error(&e);
            return 2;
        }
    };
    let started = std::time::Instant::now();
    let (session, built) = Session::start(build);
    if !built.diagnostics.is_empty() {
        print(&built.diagnostics, &built.site.sources);
    }
    let Some(mut session) = session else {
        match &built.result {
            Err(crate::build::BuildError::Output(e)) => print_error(&e),
            _ => eprintln!("error: the site has errors; fix them and run again"),
        }
        return 1;
    };
    eprintln!("built the site in {} ms", started.elapsed().as_millis());
    if let Some(server) = &server {
        eprintln!(
            "serving {} on {}  (Ctrl+C to stop)",
            output.display(),
            server.url()
        );
        if options.open && open::that(server.url()).is_err() {
            eprintln!("warning: could not open a browser; visit {}", server.url());
        }
    } else {
        eprintln!("watching {} for changes  (Ctrl+C to stop)", layout.root.display());
    }
    let server = server.map(Arc::new);
    let reload_server = server.clone();
    // Pages told to reload as soon as they were written, so the end of the rebuild does
    // not reload them a second time.
    let announced = RefCell::new(Vec::<String>::new());
    let report = |outcome: &Outcome| match outcome {
        Outcome::Rebuilt(r) => {
            let how = if r.full { "rebuilt the site" } else { "updated" };
            eprintln!(
                "{how}: {} files written in {} ms",
                r.written.len(),
                r.elapsed.as_millis()
            );
            let announced = announced.take();
            if let Some(server) = &server {
                server.set_error(None);
                if r.full {
                    server.reload();
                } else {
                    let pages: Vec<String> =
                        page_urls(&r.written).filter(|u| !announced.contains(u)).collect();
                    if !pages.is_empty() {
                        server.reload_pages(&pages);
                    }
                }
            }
        }
        Outcome::Failed { diagnostics, sources } => {
            announced.take();
            print(diagnostics, sources);
            eprintln!("the change has errors; still serving the last good site");
            if let Some(server) = &server {
                server.set_error(Some(plain(diagnostics, sources)));
            }
        }
    };
    let plans_written = |urls: &[String]| {
        announced.borrow_mut().extend(urls.iter().cloned());
        if let Some(server) = &reload_server {
            // The change is good: clear an overlay a bad one left, before the reload.
            server.set_error(None);
            server.reload_pages(urls);
        }
    };
    // Ctrl+C ends the loop between rebuilds; the output folder is always in a consistent
    // state then (each file is replaced by a rename).
    watch::run(&mut session, &watcher, report, plans_written, || {
        stop.load(Ordering::SeqCst)
    });
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_folder_is_private_random_and_removed_when_dropped() {
        let parent = tempfile::tempdir().unwrap();
        let first = ServeFolder::create_in(parent.path()).unwrap();
        let second = ServeFolder::create_in(parent.path()).unwrap();
        assert_ne!(first.path(), second.path());
        assert_eq!(first.path().parent(), Some(parent.path()));
        assert_eq!(first.output(), first.path().join("site"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(first.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        }
        let path = first.path().to_path_buf();
        std::fs::create_dir_all(first.output().join("plans")).unwrap();
        drop(first);
        assert!(!path.exists(), "{}", path.display());
        assert!(second.path().exists());
    }

    #[test]
    fn serve_folder_error_names_the_parent() {
        let parent = tempfile::tempdir().unwrap();
        let missing = parent.path().join("missing");
        let error = ServeFolder::create_in(&missing).err().unwrap();
        assert!(error.contains(&format!("`{}`", missing.display())), "{error}");
    }
}
