//! Checks over a loaded site: the site loaded ([`crate::site::load`]), then its lints and
//! link checks ([`lint`]). In: the load options; out: the site and every diagnostic, sorted.

pub mod lint;

use crate::diag::Diagnostics;
use crate::site::Site;
use crate::site::load::{self, LoadOptions};
use crate::timings;

/// Loads a site and lints it (the theme is loaded later, by the build or by
/// `build::check::check_site`): where `build`, `check` and `watch` start.
pub fn check(options: &LoadOptions) -> (Site, Diagnostics) {
    let (site, mut diagnostics) = timings::phase("load", || load::load(options));
    diagnostics.extend(timings::phase("lint", || lint::lint(&site)));
    diagnostics.sort();
    (site, diagnostics)
}

/// [`check`] for a build that nothing follows: each file's text is freed once it is
/// decoded and linted (see [`load::load_released`]); what is reported is the same.
pub fn check_released(options: &LoadOptions) -> (Site, Diagnostics) {
    let (site, mut diagnostics, links) = timings::phase("load", || load::load_released(options));
    diagnostics.extend(timings::phase("lint", || lint::lint_links(&site, links)));
    diagnostics.sort();
    (site, diagnostics)
}
