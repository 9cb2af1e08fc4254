//! `planpress build`: load and check the site, then render every page and export in
//! parallel into a staging folder, swapped in only when all of it succeeded.
//!
//! The drivers over the earlier stages: this build, [`check`] (what `planpress check`
//! reports), the watch [`session`] (rebuilds by change), the [`output`] folder and its
//! writers, and the [`fingerprint`] that tells a build it has nothing to do.

pub mod check;
pub mod fingerprint;
mod options;
pub mod output;
pub mod session;

pub use options::BuildOptions;

use crate::diag::{Diagnostic, Diagnostics};
use crate::export::Sink;
use crate::output_file::{Fill, OutputFile};
use crate::render::pages::{self, PageSpec, RenderContext};
use crate::render::templates::Theme;
use crate::render::views::PlanRowParts;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::Urls;
use output::staging::Swap;
use output::{Manifest, Marker, OutputError, OutputTarget, Staging, Writer};
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    /// Every file of the output, with the hash of its bytes.
    pub manifest: Manifest,
    /// Nothing had changed since the output was made: nothing was done.
    pub up_to_date: bool,
    /// The output could not be swapped in one step (a mount point): its files were
    /// replaced one by one.
    pub in_place: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content or the templates have errors (they are in the diagnostics).
    #[error("the site has errors; nothing was written")]
    Content,
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// What a build did: the site it loaded (for printing diagnostics), every diagnostic, and
/// the outcome.
pub struct Build {
    pub site: Site,
    pub diagnostics: Diagnostics,
    pub result: Result<BuildReport, BuildError>,
}

pub fn build(options: &BuildOptions) -> Build {
    let failed = |e: OutputError| Build {
        site: Site::empty(&options.load.layout, options.load.as_of),
        diagnostics: Diagnostics::default(),
        result: Err(e.into()),
    };
    // What the output path means is settled first, and every later step uses that.
    let layout = &options.load.layout;
    let target = match OutputTarget::resolve(&layout.root, &layout.output) {
        Ok(target) => target,
        Err(e) => return failed(e),
    };
    let fingerprint = options
        .one_shot
        .then(|| crate::timings::phase("fingerprint", || fingerprint::of(options)));
    if let Some(marker) = Marker::read(&target.dir)
        .filter(|m| fingerprint.is_some() && m.fingerprint == fingerprint)
        .filter(|m| crate::timings::phase("verify output", || m.matches(&target.dir)))
    {
        if let Err(e) = output::staging::tidy(&target) {
            return failed(e);
        }
        let report = BuildReport {
            pages: 0,
            files: marker.manifest.len(),
            manifest: marker.manifest,
            output: target.dir,
            up_to_date: true,
            in_place: false,
        };
        let site = Site::empty(layout, options.load.as_of);
        return Build {
            site,
            diagnostics: Diagnostics::default(),
            result: Ok(report),
        };
    }
    let (mut site, mut diagnostics) = if options.one_shot {
        crate::check::check_released(&options.load)
    } else {
        crate::check::check(&options.load)
    };
    serve_at_root(&mut site, options);
    let result = if diagnostics.has_errors() {
        Err(BuildError::Content)
    } else {
        match crate::timings::phase("theme", || load_theme(&mut site, &mut diagnostics)) {
            Ok(theme) => render_site(&site, &theme, options, &target, fingerprint, &mut diagnostics),
            Err(e) => Err(e),
        }
    };
    Build {
        site,
        diagnostics,
        result,
    }
}

fn render_site(
    site: &Site,
    theme: &Theme,
    options: &BuildOptions,
    target: &OutputTarget,
    fingerprint: Option<u64>,
    diagnostics: &mut Diagnostics,
) -> Result<BuildReport, BuildError> {
    let urls = Urls::new(&site.config.base_url);
    // The parts of plan rows need no index: made alongside it, on the core the index
    // leaves idle while it merges what its threads gathered.
    let (index, rows) = crate::timings::phase("index", || {
        rayon::join(
            || Index::new(site, options.drafts),
            || PlanRowParts::new(site, &urls),
        )
    });
    let cx = crate::timings::phase("context", || {
        RenderContext::with_rows(site, &index, &urls, theme, options.live_reload, rows)
    });
    let staging = Staging::new(target)?;
    let specs = crate::timings::phase("specs", || pages::render_specs(site, &index));
    let written = crate::timings::phase("render and write", || {
        produce(&cx, &specs, true, &staging, diagnostics)
    })?;
    let manifest: Manifest = written.into_iter().map(|(path, hash, _)| (path, hash)).collect();
    let marker = Marker {
        fingerprint,
        manifest: manifest.clone(),
        written: None,
    };
    let swap = crate::timings::phase("swap", || staging.commit(&marker))?;
    Ok(BuildReport {
        output: target.dir.clone(),
        in_place: swap == Swap::InPlace,
        pages: specs.len(),
        files: manifest.len(),
        manifest,
        up_to_date: false,
    })
}

/// A preview (`serve`, which adds the live-reload script) is served at the server's root,
/// whatever path the site is published under.
pub(crate) fn serve_at_root(site: &mut Site, options: &BuildOptions) {
    if options.live_reload {
        site.config.base_url = "/".into();
    }
}

/// The site's theme, as `check` loads it: every template problem is a diagnostic at its
/// line (the template's file joins the site's sources).
pub(crate) fn load_theme(site: &mut Site, diagnostics: &mut Diagnostics) -> Result<Theme, BuildError> {
    check::load_theme(site).map_err(|problems| {
        diagnostics.extend(problems);
        BuildError::Content
    })
}

/// Renders `specs` (and, with `everything`, the exports and the theme's static files) in
/// parallel and hands each file to `write` as soon as it is made, so no page waits in
/// memory for the others. Returns what was written: path, hash, and whether the bytes
/// changed. Template errors are collected into `diagnostics`.
pub(crate) fn produce(
    cx: &RenderContext,
    specs: &[PageSpec],
    everything: bool,
    writer: &dyn Writer,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Written>, BuildError> {
    let put = |file: OutputFile| match writer.write(&file) {
        Ok((hash, changed)) => {
            crate::progress::page();
            Ok((file.path, hash, changed))
        }
        Err(e) => Err(Problem::Output(e)),
    };
    // Pages and exports are made side by side; each file is written as soon as it is made.
    let extras = Extras {
        writer,
        results: Default::default(),
    };
    let (mut results, ()): (Vec<Result<Written, Problem>>, ()) = rayon::join(
        || {
            // Rayon hands each thread runs of consecutive pages, and a run, once started, is
            // not shared: at the end of a build one thread was left alone with a long run
            // of person pages. Runs of at most PAGES_PER_RUN keep that tail short.
            specs
                .par_iter()
                .with_max_len(PAGES_PER_RUN)
                .map(|spec| pages::render(cx, spec).map_err(Problem::Render).and_then(put))
                .collect()
        },
        || {
            if everything {
                crate::export::each_file(cx.site, cx.index, cx.urls, &extras);
                let statics = cx.theme.statics.iter();
                statics.for_each(|(path, bytes)| extras.file(OutputFile::new(path.clone(), bytes.clone())));
            }
        },
    );
    let extras = extras.results;
    results.extend(extras.into_inner().expect("no panics while held"));
    let mut written = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(w) => written.push(w),
            Err(Problem::Output(e)) => return Err(e.into()),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        report_render_problems(problems, diagnostics);
        return Err(BuildError::Content);
    }
    Ok(written)
}

/// The most pages one thread renders in a row before the rest may be shared out again: a
/// page takes about a millisecond, so a thread left alone at the end works at most a few
/// milliseconds more, while 10,000 pages still make only a few thousand runs.
const PAGES_PER_RUN: usize = 4;

/// The exports' way into a [`Writer`], recording each outcome.
struct Extras<'a> {
    writer: &'a dyn Writer,
    results: std::sync::Mutex<Vec<Result<Written, Problem>>>,
}

impl Extras<'_> {
    fn record(&self, path: &str, result: Result<(u64, bool), OutputError>) {
        let result = result
            .map(|(hash, changed)| (path.to_string(), hash, changed))
            .map_err(Problem::Output);
        self.results.lock().expect("no panics while held").push(result);
    }
}

impl crate::export::Sink for Extras<'_> {
    fn file(&self, file: OutputFile) {
        self.record(&file.path, self.writer.write(&file));
    }

    fn stream(&self, path: &str, fill: &Fill) {
        self.record(path, self.writer.stream(path, fill));
    }
}

/// A file written: its path, the hash of its bytes, and whether they changed.
type Written = (String, u64, bool);

enum Problem {
    Render(Diagnostic),
    Output(OutputError),
}

/// One diagnostic per distinct template error, with how many pages it broke: a bad
/// template fails every page that uses it, and the author needs to read it once.
fn report_render_problems(problems: Vec<Problem>, diagnostics: &mut Diagnostics) {
    let mut seen: Vec<(Diagnostic, usize)> = Vec::new();
    for p in problems {
        if let Problem::Render(d) = p {
            match seen.iter_mut().find(|(s, _)| s.message == d.message) {
                Some((_, n)) => *n += 1,
                None => seen.push((d, 1)),
            }
        }
    }
    seen.sort_by(|a, b| a.0.message.cmp(&b.0.message));
    for (mut d, n) in seen {
        if n > 1 {
            d.message.push_str(&format!("\n(on {n} pages)"));
        }
        diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::load::LoadOptions;
    use std::sync::Mutex;

    /// Records the path of each file handed to it.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Writer for Recorder {
        fn write(&self, file: &OutputFile) -> Result<(u64, bool), OutputError> {
            self.0.lock().unwrap().push(file.path.clone());
            Ok((crate::output_file::hash(&file.bytes), true))
        }

        fn stream(&self, path: &str, _: &Fill) -> Result<(u64, bool), OutputError> {
            self.0.lock().unwrap().push(path.to_string());
            Ok((0, true))
        }
    }

    #[test]
    fn pages_rendered_in_short_runs_are_each_written_once_in_spec_order() {
        // The example site of the repository: 186 pages, so many runs of PAGES_PER_RUN.
        let options = LoadOptions {
            layout: crate::site::layout::SiteLayout::new(env!("CARGO_MANIFEST_DIR")),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            base_url: None,
        };
        let (site, diagnostics) = crate::check::check(&options);
        assert!(!diagnostics.has_errors());
        let index = Index::new(&site, false);
        let theme = crate::render::templates::load(&site.layout, None).unwrap();
        let urls = Urls::new(&site.config.base_url);
        let cx = RenderContext::new(&site, &index, &urls, &theme, false);
        let specs = pages::specs(&site, &index);
        assert!(specs.len() > 10 * PAGES_PER_RUN);
        let recorder = Recorder::default();
        let written = produce(&cx, &specs, false, &recorder, &mut Diagnostics::default())
            .unwrap_or_else(|_| panic!("the pages render"));
        // What rendering every page in turn, on one thread, makes.
        let want: Vec<String> = specs
            .iter()
            .map(|spec| {
                pages::render(&cx, spec)
                    .unwrap_or_else(|_| panic!("{spec:?}"))
                    .path
            })
            .collect();
        let got: Vec<String> = written.into_iter().map(|(path, _, _)| path).collect();
        assert_eq!(got, want);
        let mut recorded = recorder.0.into_inner().unwrap();
        recorded.sort();
        let mut want = want;
        want.sort();
        assert_eq!(recorded, want, "each page is written once");
    }
}
