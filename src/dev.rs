//! The `watch` and `serve` commands: a first build, then a loop that rebuilds on each change
//! and tells the terminal (and, when serving, the browser) how it went.

use crate::diag::render::{self, Format};
use crate::serve::{ServeOptions, Server};
use crate::site::build::{BuildOptions, output_dir};
use crate::site::session::{Outcome, Session};
use crate::watch::{self, WatchPaths};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
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
/// in `public/`, the folder that gets published.
pub fn default_serve_output(root: &std::path::Path) -> PathBuf {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let digest = crate::site::output::hash(root.to_string_lossy().as_bytes());
    std::env::temp_dir().join(format!("planpress-serve-{digest:016x}"))
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
    if options.serve.is_some() {
        build.live_reload = true;
        // The dev server serves the site at its root.
        build.base_url = Some("/".into());
        if build.output.is_none() {
            build.output = Some(default_serve_output(&build.load.root));
        }
    }
    let output = output_dir(&build);
    let paths = WatchPaths {
        root: build.load.root.clone(),
        output: output.clone(),
        config: build
            .load
            .config
            .clone()
            .unwrap_or_else(|| build.load.root.join("planpress.yaml")),
    };
    let server = match options.serve {
        Some((bind, port)) => match Server::start(&ServeOptions {
            output: output.clone(),
            bind,
            port,
        }) {
            Ok(server) => Some(server),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        },
        None => None,
    };
    let watcher = match watch::Watcher::start(&paths) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
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
            Err(crate::site::build::BuildError::Output(e)) => eprintln!("error: {e}"),
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
        eprintln!("watching {} for changes  (Ctrl+C to stop)", paths.root.display());
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
    // Ctrl+C ends the process; the output folder is always in a consistent state between
    // rebuilds (each file is replaced by a rename).
    watch::run(&mut session, &watcher, report, plans_written, || false);
    0
}
