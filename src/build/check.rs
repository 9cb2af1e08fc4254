//! `planpress check`: everything a build would report, without writing anything: the site
//! loaded and linted ([`crate::check`]), then its theme loaded and its templates compiled.

use crate::check::check;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::render::templates::{self, Theme};
use crate::site::Site;
use crate::site::load::LoadOptions;
use crate::timings;

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
