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

use diag::Diagnostics;
use site::Site;
use site::load::LoadOptions;

/// Loads a site and lints it: what `planpress check` reports.
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
