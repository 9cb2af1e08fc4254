//! A build kept in memory between rebuilds, for `watch` and `serve`. The first build is a
//! normal one (staging folder, atomic swap). After that, an edit to existing plans is
//! applied incrementally: only the changed files are read and decoded, only their lints
//! and the links into them are checked, and only the pages that show them are rendered:
//! first the plans' own pages (the page the author is looking at), then the listings and
//! exports. Files are written only when their bytes change. Anything else (settings,
//! templates, new, deleted or renamed files, a changed slug) reloads the whole site, still
//! writing only what changed. A change with errors leaves the last good site in place.
//!
//! The result is always what a clean build of the same content gives: tests check that on
//! sequences of edits.

use super::output::{LiveWriter, Manifest, OutputError};
use super::{self as build, BuildError, BuildOptions};
use crate::check::lint::Linter;
use crate::content::source::{SourceId, Sources};
use crate::diag::Diagnostics;
use crate::render::pages::{self, PageSpec, RenderContext};
use crate::render::templates::Theme;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::Urls;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What changed on disk, as the watcher classifies it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// A Markdown file under `content/`, by its path relative to it.
    Content(String),
    /// `planpress.yaml`.
    Config,
    /// A template or static file of the site or its theme.
    Theme,
    /// A folder under `content/` appeared, went or was renamed.
    Tree,
}

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Output paths written (their bytes changed).
    pub written: Vec<String>,
    pub removed: usize,
    /// Whether the whole site was reloaded rather than patched.
    pub full: bool,
    pub elapsed: Duration,
}

pub enum Outcome {
    Rebuilt(Rebuilt),
    /// The change has errors; the previous site is still served. The sources let the
    /// caller print the diagnostics.
    Failed {
        diagnostics: Diagnostics,
        sources: Sources,
    },
}

pub struct Session {
    options: BuildOptions,
    output: PathBuf,
    site: Site,
    index: Index,
    theme: Theme,
    linter: Linter,
    manifest: Manifest,
    /// Last-commit dates from git, for `updated:` defaults (fixed for the session, like a
    /// clean build of the same commit).
    git_dates: HashMap<String, NaiveDate>,
}

impl Session {
    /// Builds the site once. On success the session keeps it in memory.
    pub fn start(options: BuildOptions) -> (Option<Session>, build::Build) {
        let built = build::build(&options);
        let Ok(report) = &built.result else {
            return (None, built);
        };
        let mut site = built.site.clone();
        let mut diagnostics = Diagnostics::default();
        let Ok(theme) = build::load_theme(&mut site, &mut diagnostics) else {
            return (None, built);
        };
        let session = Session {
            output: report.output.clone(),
            manifest: report.manifest.clone(),
            index: Index::new(&site, options.drafts),
            linter: Linter::new(&site),
            git_dates: crate::site::updated::from_git(&site.layout).unwrap_or_default(),
            theme,
            site,
            options,
        };
        (Some(session), built)
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Applies changes. `plans_written` is called once the changed plans' own pages are on
    /// disk (before the listings), so a browser can reload the page its author is reading.
    pub fn apply(&mut self, changes: &BTreeSet<Change>, mut plans_written: impl FnMut(&[String])) -> Outcome {
        let started = Instant::now();
        let edits = self.edits(changes);
        let outcome = match edits {
            Some(edits) => self.patch(edits, &mut plans_written),
            None => self.reload(),
        };
        let outcome = outcome.and_then(|rebuilt| {
            let writer = LiveWriter {
                root: &self.output,
                manifest: &self.manifest,
            };
            match writer.write_marker(&self.manifest) {
                Ok(()) => Ok(rebuilt),
                Err(e) => Err((io_diagnostics(&e), self.site.sources.clone())),
            }
        });
        match outcome {
            Ok(mut rebuilt) => {
                rebuilt.elapsed = started.elapsed();
                Outcome::Rebuilt(rebuilt)
            }
            Err((diagnostics, sources)) => Outcome::Failed { diagnostics, sources },
        }
    }

    /// The source ids of the changed content files, when every change is an edit of an
    /// existing file; None when the site must be reloaded.
    fn edits(&self, changes: &BTreeSet<Change>) -> Option<Vec<(SourceId, String)>> {
        let by_rel: HashMap<&str, SourceId> = self
            .site
            .paths
            .iter()
            .map(|(id, rel)| (rel.as_str(), *id))
            .collect();
        changes
            .iter()
            .map(|change| match change {
                Change::Content(rel) => {
                    let id = *by_rel.get(rel.as_str())?;
                    self.site
                        .sources
                        .get(id)
                        .path
                        .is_file()
                        .then(|| (id, rel.clone()))
                }
                Change::Config | Change::Theme | Change::Tree => None,
            })
            .collect()
    }

    /// Reloads the whole site and writes what changed.
    fn reload(&mut self) -> Result<Rebuilt, Failure> {
        let (mut site, mut diagnostics) = crate::check::check(&self.options.load);
        build::serve_at_root(&mut site, &self.options);
        if diagnostics.has_errors() {
            return Err((diagnostics, site.sources));
        }
        let Ok(theme) = build::load_theme(&mut site, &mut diagnostics) else {
            return Err((diagnostics, site.sources));
        };
        let index = Index::new(&site, self.options.drafts);
        let specs = pages::render_specs(&site, &index);
        let urls = Urls::new(&site.config.base_url);
        let cx = RenderContext::new(&site, &index, &urls, &theme, self.options.live_reload);
        let (written, manifest) = match self.write(&cx, &specs, true, &mut diagnostics) {
            Ok(w) => w,
            Err(d) => return Err((d, site.sources.clone())),
        };
        let removed = match self.remove_stale(&manifest) {
            Ok(n) => n,
            Err(e) => return Err((io_diagnostics(&e), site.sources.clone())),
        };
        self.manifest = manifest;
        self.linter = Linter::new(&site);
        (self.site, self.index, self.theme) = (site, index, theme);
        Ok(Rebuilt {
            written,
            removed,
            full: true,
            elapsed: Duration::ZERO,
        })
    }

    /// Renders `specs` and writes what changed; returns the paths written and the manifest
    /// of everything rendered (merged into the current one for partial renders).
    fn write(
        &self,
        cx: &RenderContext,
        specs: &[PageSpec],
        everything: bool,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Vec<String>, Manifest), Diagnostics> {
        let writer = LiveWriter {
            root: &self.output,
            manifest: &self.manifest,
        };
        let results = build::produce(cx, specs, everything, &writer, diagnostics);
        let results = match results {
            Ok(r) => r,
            Err(BuildError::Output(e)) => return Err(io_diagnostics(&e)),
            Err(BuildError::Content) => return Err(diagnostics.clone()),
        };
        let mut written: Vec<String> = results.iter().filter(|r| r.2).map(|r| r.0.clone()).collect();
        written.sort();
        Ok((written, results.into_iter().map(|(p, h, _)| (p, h)).collect()))
    }

    /// Removes the files of the old manifest that the new `manifest` no longer has.
    fn remove_stale(&self, manifest: &Manifest) -> Result<usize, OutputError> {
        let writer = LiveWriter {
            root: &self.output,
            manifest: &self.manifest,
        };
        let mut stale: Vec<&String> = self
            .manifest
            .keys()
            .filter(|p| !manifest.contains_key(*p))
            .collect();
        stale.sort();
        for path in &stale {
            writer.remove(path)?;
        }
        Ok(stale.len())
    }
}

/// Why a rebuild failed, with the sources the diagnostics point into.
type Failure = (Diagnostics, Sources);

fn io_diagnostics(e: &OutputError) -> Diagnostics {
    std::iter::once(crate::diag::Diagnostic::error("io", e.to_string())).collect()
}

/// The listing keys a plan appears under: its jurisdictions, regions, type, status and
/// people. A page keyed by one of them shows the plan.
#[derive(Debug, Default)]
struct Keys {
    jurisdictions: HashSet<String>,
    regions: HashSet<String>,
    types: HashSet<crate::model::PlanType>,
    statuses: HashSet<crate::model::PlanStatus>,
    people: HashSet<String>,
}

impl Keys {
    /// Adds the keys of plan `p` as `site` holds it.
    fn add(&mut self, site: &Site, p: usize) {
        let plan = &site.plans[p];
        self.jurisdictions.extend(plan.jurisdictions.iter().cloned());
        self.regions.extend(plan.regions.iter().cloned());
        self.types.insert(plan.plan_type);
        self.statuses.insert(plan.status);
        self.people
            .extend(crate::site::index::plan_parties(site, p).map(crate::site::index::person_key));
    }

    /// Whether a page shows a plan with these keys (the plan's own page aside).
    fn shows(&self, spec: &PageSpec) -> bool {
        match spec {
            PageSpec::Plan(_) | PageSpec::Page(_) | PageSpec::NotFound | PageSpec::Search => false,
            PageSpec::Jurisdiction(code, _) => self.jurisdictions.contains(code),
            PageSpec::Region(id, _) => self.regions.contains(id),
            PageSpec::Type(t, _) => self.types.contains(t),
            PageSpec::Status(s, _) => self.statuses.contains(s),
            PageSpec::Person(slug, _) => self.people.contains(slug),
            PageSpec::Home
            | PageSpec::Plans(_)
            | PageSpec::Jurisdictions
            | PageSpec::Regions
            | PageSpec::Types
            | PageSpec::Statuses
            | PageSpec::People(_)
            | PageSpec::Timeline => true,
        }
    }
}

mod patch;

#[cfg(test)]
mod tests;
