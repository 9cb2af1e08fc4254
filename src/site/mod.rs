//! The loaded site, the single value later stages borrow, and the stages that make it:
//! [`load`] (files -> model) and [`updated`] (when each plan last changed).

pub mod build;
pub mod fingerprint;
pub mod index;
pub mod load;
pub mod output;
pub mod session;
pub mod updated;
pub mod urls;

use crate::config::Config;
use crate::content::source::{SourceId, Sources};
use crate::model::rollup::PlanRollup;
use crate::model::{Page, Plan};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// Page slugs that would collide with the site's own listings.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "plans",
    "states",
    "regions",
    "types",
    "status",
    "people",
    "timeline",
    "search",
    "data",
    "badges",
    "static",
    "feed.xml",
    "sitemap.xml",
    "404",
];

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Every plan, drafts included, in path order.
    pub plans: Vec<Plan>,
    pub pages: Vec<Page>,
    pub sources: Sources,
    /// The roll-up of `plans[i]` at `rollups[i]`.
    pub rollups: Vec<PlanRollup>,
    /// Each content file's path relative to `content/` (what `@/` links name).
    pub paths: HashMap<SourceId, String>,
    /// The date overdue is judged against.
    pub as_of: NaiveDate,
}

impl Site {
    /// A site with nothing loaded (a build that found nothing to do).
    pub fn empty(root: &std::path::Path, as_of: NaiveDate) -> Site {
        Site {
            root: root.to_path_buf(),
            config: Config::default(),
            plans: Vec::new(),
            pages: Vec::new(),
            sources: Sources::default(),
            rollups: Vec::new(),
            paths: HashMap::new(),
            as_of,
        }
    }

    /// The Markdown body of a plan or page.
    pub fn body(&self, source: SourceId, span: &std::ops::Range<usize>) -> &str {
        self.sources.get(source).slice(span)
    }

    /// Frees every plan's and page's front matter text, keeping the bodies that rendering
    /// reads: a third of a loaded site's memory. Diagnostics cannot quote front matter
    /// afterwards, so a build does this only when there is nothing to report.
    pub fn release_front_matter(&mut self) {
        let bodies = self.plans.iter().map(|p| (p.source, p.body.start));
        let bodies: Vec<_> = bodies
            .chain(self.pages.iter().map(|p| (p.source, p.body.start)))
            .collect();
        self.sources.keep_from_each(bodies);
    }
}
