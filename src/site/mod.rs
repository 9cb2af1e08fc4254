//! The loaded site, the single value later stages borrow, and the stages that make it:
//! [`load`] (files -> model) and [`updated`] (when each plan last changed).

pub mod index;
pub mod layout;
pub mod load;
#[cfg(test)]
pub(crate) mod testing;
pub mod updated;
pub mod urls;

use crate::config::Config;
use crate::content::source::{ReadBackError, SourceId, Sources, Span};
use crate::diag::Diagnostic;
use crate::model::rollup::PlanRollup;
use crate::model::{Page, Plan};
use chrono::NaiveDate;
use layout::SiteLayout;
use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Site {
    /// Where the site's files are.
    pub layout: SiteLayout,
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
    pub fn empty(layout: &SiteLayout, as_of: NaiveDate) -> Site {
        Site {
            layout: layout.clone(),
            config: Config::default(),
            plans: Vec::new(),
            pages: Vec::new(),
            sources: Sources::default(),
            rollups: Vec::new(),
            paths: HashMap::new(),
            as_of,
        }
    }

    /// The Markdown body of a plan or page: borrowed from memory, or read back from disk
    /// when a one-shot build released it. A file changed since it was loaded is an error
    /// (the pages would mix two versions of it).
    pub fn body(&self, source: SourceId, span: &Span) -> Result<Cow<'_, str>, Diagnostic> {
        let file = self.sources.get(source);
        file.read(span).map_err(|e| match e {
            ReadBackError::Changed => Diagnostic::error(
                "changed-during-build",
                format!("`{}` changed while the site was being built", file.name),
            )
            .in_file(source)
            .help("build again"),
            ReadBackError::Io(e) => Diagnostic::error(
                "io",
                format!("failed to read `{}` again while building: {e}", file.name),
            )
            .in_file(source)
            .help("check that the file exists and is readable, then build again"),
        })
    }
}
