//! Loading: a site folder in, a [`Site`] (config, plans, pages, sources, roll-ups) and every
//! diagnostic found on the way out. Files are read, split, parsed and decoded in parallel;
//! results are kept in path order, so nothing depends on thread scheduling.

use super::Site;
use super::layout::SiteLayout;
use crate::config::{self, Config};
use crate::content::frontmatter::{self, SplitError};
use crate::content::source::{SourceFile, SourceId, Sources};
use crate::content::{self, Found};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::decode::Decoder;
use crate::model::decode::plan::Document;
use crate::model::file_lints::{self, BodyLinks, FileLints};
use crate::model::intern::Interner;
use crate::model::jurisdiction::Jurisdictions;
use crate::model::rollup::{self, PlanRollup};
use crate::model::timeframe::TimeframeOptions;
use crate::model::{Page, Plan};
use crate::yaml;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Where the settings and the content are (the output folder in it is the build's).
    pub layout: SiteLayout,
    pub as_of: NaiveDate,
    /// Overrides `base_url` of the settings (`--base-url`, already checked), before the
    /// lints that judge it run.
    pub base_url: Option<String>,
}

/// What loading keeps of each content file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    /// All of it: any later stage may read any file (watch sessions, `check`).
    Keep,
    /// None: each plan or page is linted while its text is in memory, then the text is
    /// freed ([`SourceFile::release`]), so a site's texts are never all held at once.
    Release,
}

/// One content file after decoding.
struct Loaded {
    file: SourceFile,
    document: Option<Document>,
    diagnostics: Diagnostics,
    /// What [`file_lints::lint_file`] found, when the text was released.
    lints: Option<FileLints>,
    /// A plan's roll-up, computed while its items are still in this thread's cache: as a
    /// pass of its own after loading, most of its time was the cache miss on each item.
    rollup: Option<PlanRollup>,
}

/// Loads a site keeping every file's text.
pub fn load(options: &LoadOptions) -> (Site, Diagnostics) {
    let (site, diagnostics, _) = load_with(options, Texts::Keep);
    (site, diagnostics)
}

/// Loads a site for a build that nothing follows: each plan's and page's text is freed as
/// soon as it is decoded and its own lints have run (those are in the diagnostics). What
/// is left to lint is the links of the bodies, handed back for `check::lint::lint_links`.
pub fn load_released(options: &LoadOptions) -> (Site, Diagnostics, BodyLinks) {
    load_with(options, Texts::Release)
}

fn load_with(options: &LoadOptions, texts: Texts) -> (Site, Diagnostics, BodyLinks) {
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::default();
    let config = load_config(options, &mut sources, &mut diagnostics);
    let layout = &options.layout;
    let content_dir = &layout.content;
    let mut plans = Vec::new();
    let mut pages = Vec::new();
    let mut links = BodyLinks::default();
    if content_dir.is_dir() {
        let (found, problems) = content::walk(&layout.root, content_dir);
        problems.into_iter().for_each(|d| diagnostics.push(d));
        let base = sources.len();
        // Sized up front: at 100,000 plans, doubling would copy these and leave up to half
        // of each unused for the whole build.
        sources.reserve(found.len());
        plans.reserve(found.len());
        let mut rollups = Vec::with_capacity(found.len());
        let interner = Interner::default();
        let loaded: Vec<Loaded> = found
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let id = SourceId(base + i);
                load_file(f, id, &config, texts, &interner, options.as_of)
            })
            .collect();
        for item in loaded {
            let id = sources.add(item.file);
            diagnostics.extend(item.diagnostics);
            if let Some(lints) = item.lints {
                diagnostics.extend(links.add(id, lints));
            }
            match (item.document, item.rollup) {
                (Some(Document::Plan(plan)), Some(rollup)) => {
                    plans.push(*plan);
                    rollups.push(rollup);
                }
                (Some(Document::Page(page)), _) => pages.push(page),
                _ => {}
            }
        }
        let rels: HashMap<SourceId, String> = found
            .iter()
            .enumerate()
            .map(|(i, f)| (SourceId(base + i), f.rel.clone()))
            .collect();
        plans.shrink_to_fit();
        rollups.shrink_to_fit();
        check_unique_slugs(&plans, &pages, &sources, &mut diagnostics);
        let updated = super::updated::last_changed(layout, &found);
        for plan in &mut plans {
            if plan.updated.is_none() {
                plan.updated = rels.get(&plan.source).and_then(|rel| updated.get(rel)).copied();
            }
        }
        let site_paths = rels;
        let site = Site {
            layout: layout.clone(),
            config,
            plans,
            pages,
            sources,
            rollups,
            paths: site_paths,
            as_of: options.as_of,
        };
        return (site, diagnostics, links);
    }
    let content = layout.shown(content_dir);
    diagnostics.push(
        Diagnostic::error("io", format!("no `{content}` folder in `{}`", layout.root.display())).help(format!(
            "run planpress in a site folder (one holding {content}/), or pass --root DIR; `planpress init DIR` makes one"
        )),
    );
    let site = Site {
        layout: layout.clone(),
        config,
        plans,
        pages,
        sources,
        rollups: Vec::new(),
        paths: HashMap::new(),
        as_of: options.as_of,
    };
    (site, diagnostics, links)
}

fn load_config(options: &LoadOptions, sources: &mut Sources, diagnostics: &mut Diagnostics) -> Config {
    let mut config = read_config(options, sources, diagnostics);
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
        config.base_url_at = None;
    }
    config
}

fn read_config(options: &LoadOptions, sources: &mut Sources, diagnostics: &mut Diagnostics) -> Config {
    let layout = &options.layout;
    let path = &layout.settings;
    if !layout.settings_given && !path.exists() {
        return Config::default();
    }
    match content::read(path, &layout.shown(path)) {
        Ok(file) => {
            let id = sources.add(file);
            let (config, found) = config::decode(sources.get(id), id);
            diagnostics.extend(found);
            config
        }
        Err(err) => {
            let mut d = err.diagnostic;
            if let Some(file) = err.file {
                let id = sources.add(file);
                d = match err.span {
                    Some(span) => d.at(id, span),
                    None => d.in_file(id),
                };
            }
            diagnostics.push(d);
            Config::default()
        }
    }
}

fn load_file(
    found: &Found,
    id: SourceId,
    config: &Config,
    texts: Texts,
    interner: &Interner,
    as_of: NaiveDate,
) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut file = match content::read(&found.path, &found.name) {
        Ok(file) => file,
        Err(err) => {
            let file = err
                .file
                .unwrap_or_else(|| SourceFile::new(&found.name, &found.path, String::new()));
            diagnostics.push(match err.span {
                Some(span) => err.diagnostic.at(id, span),
                None => err.diagnostic.in_file(id),
            });
            return Loaded {
                file,
                document: None,
                diagnostics,
                lints: None,
                rollup: None,
            };
        }
    };
    let (document, found_diagnostics) = decode_file(
        &file,
        id,
        &found.rel,
        &config.timeframes,
        &config.jurisdictions,
        interner,
    );
    diagnostics.extend(found_diagnostics);
    let lints = match (&document, texts) {
        (Some(document), Texts::Release) => {
            let lints = file_lints::lint_file(&file, document);
            file.release(match document {
                Document::Plan(plan) => plan.body.clone(),
                Document::Page(page) => page.body.clone(),
            });
            Some(lints)
        }
        _ => None,
    };
    let rollup = match &document {
        Some(Document::Plan(plan)) => Some(rollup::plan(plan, as_of)),
        _ => None,
    };
    Loaded {
        file,
        document,
        diagnostics,
        lints,
        rollup,
    }
}

/// Splits, parses and decodes one content file whose path relative to `content/` is `rel`.
pub fn decode_file(
    file: &SourceFile,
    id: SourceId,
    rel: &str,
    timeframes: &TimeframeOptions,
    jurisdictions: &Jurisdictions,
    interner: &Interner,
) -> (Option<Document>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let name = rel.rsplit('/').next().unwrap_or("");
    let is_index = name == "_index.md";
    let split = match frontmatter::split(file) {
        Ok(split) => split,
        Err(err) => {
            diagnostics.push(split_error(err, id, is_index));
            return (None, diagnostics);
        }
    };
    let document = match yaml::parse(file, split.yaml.clone(), split.yaml_line) {
        Ok(root) => {
            let stem = name.trim_end_matches(".markdown").trim_end_matches(".md");
            let mut decoder = Decoder::new(file, id, *timeframes, interner);
            let doc = decoder.document(
                &root,
                crate::segment::derived_slug(stem),
                split.body.clone(),
                is_index,
                jurisdictions,
            );
            diagnostics.extend(decoder.diagnostics);
            doc
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("yaml", e.message)
                    .at(id, e.span)
                    .help_opt(e.help),
            );
            None
        }
    };
    (document, diagnostics)
}

fn split_error(err: SplitError, id: SourceId, is_index: bool) -> Diagnostic {
    let what = if is_index {
        "the home page text"
    } else {
        "a plan or page"
    };
    match err {
        SplitError::Empty => Diagnostic::error("empty-file", "the file is empty")
            .in_file(id)
            .help(format!(
                "write {what}: front matter between `---` lines, then Markdown; or delete the file"
            )),
        SplitError::NoFrontMatter => {
            Diagnostic::error("no-front-matter", "the file does not start with front matter")
                .at(id, 0..0)
                .help(
                    "start the file with a line `---`, the YAML keys (at least `title:`), and another `---`",
                )
        }
        SplitError::Unclosed { opening } => {
            Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
                .at(id, opening)
                .label("opened here")
                .help("add a line `---` after the last YAML key, before the Markdown")
        }
    }
}

/// Two plans (or two pages) with one slug would write one URL: an error naming both files.
fn check_unique_slugs(plans: &[Plan], pages: &[Page], sources: &Sources, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, SourceId> = HashMap::new();
    for plan in plans {
        if let Some(first) = seen.insert(&plan.slug, plan.source) {
            let span = plan.spans.slug.clone().unwrap_or(plan.spans.title.clone());
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-slug",
                    format!("two plans have the slug `{}`", plan.slug),
                )
                .at(plan.source, span)
                .help(format!(
                    "`{}` has it too: give one of them another `slug:` or file name",
                    sources.get(first).name
                )),
            );
        }
    }
    let mut seen: HashMap<&str, SourceId> = HashMap::new();
    for page in pages.iter().filter(|p| !p.is_index) {
        if let Some(first) = seen.insert(&page.slug, page.source) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-slug",
                    format!("two pages have the slug `{}`", page.slug),
                )
                .in_file(page.source)
                .help(format!(
                    "`{}` has it too: give one of them another `slug:`",
                    sources.get(first).name
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests;
