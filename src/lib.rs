//! planpress: a static site generator for published plans.
//!
//! The pipeline: [`content`] finds and reads files, [`yaml`] parses front matter into a
//! spanned tree, [`model`] decodes it into plans and pages (collecting [`diag`]nostics),
//! [`site`] holds the loaded site, and [`render`] turns it into pages.

pub mod asof;
pub mod config;
pub mod content;
pub mod dev;
pub mod diag;
pub mod export;
pub mod model;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod segment;
pub mod serve;
pub mod site;
pub mod timings;
pub mod watch;
pub mod yaml;

use diag::{Diagnostic, Diagnostics};
use render::templates::{self, Theme};
use site::Site;
use site::load::LoadOptions;

/// Everything `planpress check` reports: [`check`], then the theme loaded and its
/// templates compiled as a build does ([`load_theme`]), so a site that cannot build
/// fails its check too.
pub fn check_site(options: &LoadOptions) -> (Site, Diagnostics) {
    let (mut site, mut diagnostics) = check(options);
    if let Err(problems) = timings::phase("theme", || load_theme(&mut site)) {
        diagnostics.extend(problems);
        diagnostics.sort();
    }
    (site, diagnostics)
}

/// Loads the site's theme. Each problem is a diagnostic pointing at its place: the
/// template file (added to the site's sources, its line quoted), or the `theme:` of the
/// settings when the theme is missing. A build can call this in place of
/// [`templates::load`] to report every broken template with its line.
pub fn load_theme(site: &mut Site) -> Result<Theme, Diagnostics> {
    let problems = match templates::load_all(&site.layout, site.config.theme.as_deref()) {
        Ok(theme) => return Ok(theme),
        Err(problems) => problems,
    };
    let theme_at = site.config.theme_at.clone();
    Err(problems
        .into_iter()
        .map(|problem| locate(problem, site, theme_at.as_ref()))
        .collect())
}

fn locate(problem: templates::Problem, site: &mut Site, theme_at: Option<&diag::Location>) -> Diagnostic {
    let mut d = problem.diagnostic;
    if let Some((file, span)) = problem.template {
        let id = site.sources.add(file);
        d = match span {
            Some(span) => d.at(id, span),
            None => d.in_file(id),
        };
    } else if d.code == "missing-theme" {
        d.location = theme_at.cloned();
    }
    d
}

/// Loads a site and lints it (the theme is [`check_site`]'s): where `build` and `watch`
/// start.
pub fn check(options: &LoadOptions) -> (Site, Diagnostics) {
    let (site, mut diagnostics) = timings::phase("load", || site::load::load(options));
    diagnostics.extend(timings::phase("lint", || model::lint::lint(&site)));
    diagnostics.sort();
    (site, diagnostics)
}

/// [`check`] for a build that nothing follows: each file's text is freed once it is
/// decoded and linted (see [`site::load::load_released`]); what is reported is the same.
pub fn check_released(options: &LoadOptions) -> (Site, Diagnostics) {
    let (site, mut diagnostics, links) = timings::phase("load", || site::load::load_released(options));
    diagnostics.extend(timings::phase("lint", || model::lint::lint_links(&site, links)));
    diagnostics.sort();
    (site, diagnostics)
}
