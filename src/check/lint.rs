//! Lints over a loaded site: each plan's own lints ([`plan_lints`]), internal links that
//! lead nowhere (errors), and one of the site: why it has no sitemap ([`sitemap`]).

use crate::content::source::{SourceId, Span};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Plan;
use crate::model::anchors;
use crate::model::file_lints::{BodyLinks, Link, links_in, plan_lints};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

mod sitemap;

/// Every lint of a whole site whose texts are in memory.
pub fn lint(site: &Site) -> Diagnostics {
    let (linter, mut out) = Linter::read(site);
    let per_plan: Vec<Diagnostics> = site
        .plans
        .par_iter()
        .map(|plan| linter.lint_plan(plan, site))
        .collect();
    per_plan.into_iter().for_each(|d| out.extend(d));
    for page in &site.pages {
        out.extend(linter.check_links(page.source));
    }
    out.extend(sitemap::no_sitemap(site).into_iter().collect());
    out
}

/// The lints [`lint_file`](crate::model::file_lints::lint_file) leaves to the whole site: whether each link leads somewhere.
pub fn lint_links(site: &Site, links: BodyLinks) -> Diagnostics {
    let (linter, mut out) = Linter::with_links(site, links.into_links());
    let sources = site.plans.iter().map(|p| p.source);
    for source in sources.chain(site.pages.iter().map(|p| p.source)) {
        out.extend(linter.check_links(source));
    }
    out.extend(sitemap::no_sitemap(site).into_iter().collect());
    out
}

/// What was found in a body; an error when the body could not be read back.
type BodyRead<T> = Result<Option<T>, Diagnostic>;

/// What was read from each body, by key; a body that could not be read is a diagnostic.
fn gather<K: std::hash::Hash + Eq, T>(
    found: Vec<(K, BodyRead<T>)>,
    problems: &mut Diagnostics,
) -> HashMap<K, T> {
    let mut kept = HashMap::new();
    for (key, found) in found {
        match found {
            Ok(Some(value)) => _ = kept.insert(key, value),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    kept
}

/// What link checks need to know: every content path a link may name, the links each body
/// makes, and the anchors of the pages that links name with a `#fragment` (only those:
/// working out a page's anchors means parsing its Markdown). Kept between rebuilds in watch
/// mode and refreshed per changed file, so an edit re-checks only its own links and the
/// links that point into it.
#[derive(Debug, Clone, Default)]
pub struct Linter {
    /// In path order, so a broken link's suggestion is the same in every run.
    paths: BTreeMap<String, SourceId>,
    links: HashMap<SourceId, Vec<Link>>,
    anchors: HashMap<String, anchors::IdSet<'static>>,
}

impl Linter {
    /// The linter of a site whose texts are in memory (a watch session), where reading a
    /// body cannot fail.
    pub fn new(site: &Site) -> Linter {
        Linter::read(site).0
    }

    /// Reads every body for its links, and the pages that links name with a `#fragment`
    /// for their anchors. Bodies that could not be read come back as diagnostics.
    fn read(site: &Site) -> (Linter, Diagnostics) {
        let docs: Vec<_> = documents(site).collect();
        let found: Vec<(SourceId, BodyRead<Vec<Link>>)> = docs
            .par_iter()
            .map(|&(id, span)| (id, links_of(site, id, span)))
            .collect();
        let mut problems = Diagnostics::default();
        let links = gather(found, &mut problems);
        let (linter, more) = Linter::with_links(site, links);
        problems.extend(more);
        (linter, problems)
    }

    fn with_links(site: &Site, links: HashMap<SourceId, Vec<Link>>) -> (Linter, Diagnostics) {
        let mut linter = Linter {
            paths: site.paths.iter().map(|(id, rel)| (rel.clone(), *id)).collect(),
            links,
            ..Linter::default()
        };
        let wanted: HashSet<&String> = linter
            .links
            .values()
            .flatten()
            .filter(|l| l.fragment.is_some())
            .map(|l| &l.path)
            .collect();
        let wanted: Vec<(String, SourceId)> = wanted
            .into_iter()
            .filter_map(|p| Some((p.clone(), *linter.paths.get(p)?)))
            .collect();
        let found: Vec<_> = wanted
            .into_par_iter()
            .map(|(rel, id)| (rel, page_anchors(site, id)))
            .collect();
        let mut problems = Diagnostics::default();
        linter.anchors = gather(found, &mut problems);
        (linter, problems)
    }

    /// Re-reads the links (and, when links name them, the anchors) of one file after it
    /// changed.
    pub fn refresh(&mut self, site: &Site, source: SourceId) {
        // A watch session keeps its texts: reading a body does not fail.
        match links(site, source).ok().flatten() {
            Some(found) => _ = self.links.insert(source, found),
            None => _ = self.links.remove(&source),
        }
        let wanted: Vec<String> = self
            .links
            .values()
            .flatten()
            .filter(|l| l.fragment.is_some())
            .map(|l| l.path.clone())
            .filter(|p| !self.anchors.contains_key(p) || self.paths.get(p) == Some(&source))
            .collect();
        for rel in wanted {
            if let Some(ids) = self
                .paths
                .get(&rel)
                .and_then(|&id| page_anchors(site, id).ok().flatten())
            {
                self.anchors.insert(rel, ids);
            }
        }
    }

    /// The links of `source` that lead nowhere.
    pub fn check_links(&self, source: SourceId) -> Diagnostics {
        let mut out = Diagnostics::default();
        for link in self.links.get(&source).into_iter().flatten() {
            if let Some(d) = self.check(source, link) {
                out.push(d);
            }
        }
        out
    }

    /// The broken links of any file that point into one of `paths` (after those changed).
    pub fn check_links_into(&self, paths: &[&str]) -> Diagnostics {
        let mut sources: Vec<&SourceId> = self.links.keys().collect();
        sources.sort();
        let mut out = Diagnostics::default();
        for &source in sources {
            for link in &self.links[&source] {
                if paths.contains(&link.path.as_str())
                    && let Some(d) = self.check(source, link)
                {
                    out.push(d);
                }
            }
        }
        out
    }

    fn check(&self, source: SourceId, link: &Link) -> Option<Diagnostic> {
        let path = &link.path;
        if !self.paths.contains_key(path) {
            let known = self.paths.keys().map(String::as_str);
            let help = crate::diag::did_you_mean(path, known)
                .map(|p| format!("did you mean `@/{p}`?"))
                .unwrap_or_else(|| {
                    "`@/` paths are relative to the content folder, e.g. `@/illinois/work-plan.md`".into()
                });
            let d = Diagnostic::error("broken-link", format!("link to `{path}`, which does not exist"));
            return Some(d.at(source, link.span.clone()).help(help));
        }
        let ids = self.anchors.get(path);
        let fragment = link
            .fragment
            .as_deref()
            .filter(|f| !f.is_empty() && !ids.is_some_and(|ids| ids.contains(f)))?;
        let d = Diagnostic::error(
            "broken-link",
            format!("`{path}` has no heading or item `#{fragment}`"),
        );
        Some(
            d.at(source, link.span.clone())
                .help("link to a heading's id (its text in lowercase with hyphens) or an item's `id`"),
        )
    }

    /// Plan-level lints and the plan's own links.
    pub fn lint_plan(&self, plan: &Plan, site: &Site) -> Diagnostics {
        let mut out = plan_lints(plan, site.sources.get(plan.source));
        out.extend(self.check_links(plan.source));
        out
    }
}

/// Every plan and page: its source and body.
fn documents(site: &Site) -> impl Iterator<Item = (SourceId, &Span)> {
    let plans = site.plans.iter().map(|p| (p.source, &p.body));
    plans.chain(site.pages.iter().map(|p| (p.source, &p.body)))
}

/// The `@/` links of a plan's or page's body; None when it is neither, or links nowhere.
fn links(site: &Site, source: SourceId) -> BodyRead<Vec<Link>> {
    match documents(site).find(|(id, _)| *id == source) {
        Some((_, span)) => links_of(site, source, span),
        None => Ok(None),
    }
}

fn links_of(site: &Site, source: SourceId, span: &Span) -> BodyRead<Vec<Link>> {
    Ok(links_in(&site.body(source, span)?, span))
}

/// The ids the page of a plan or plain page will have: its own parts' and its headings'.
fn page_anchors(site: &Site, source: SourceId) -> BodyRead<anchors::IdSet<'static>> {
    let (mut ids, span) = match site.plans.iter().find(|p| p.source == source) {
        Some(plan) => (anchors::PlanAnchors::new(plan).ids(), &plan.body),
        None => match site.pages.iter().find(|p| p.source == source) {
            Some(page) => (anchors::IdSet::with_reserved(["main"]), &page.body),
            None => return Ok(None),
        },
    };
    anchors::headings(&site.body(source, span)?, &mut ids);
    Ok(Some(ids))
}

#[cfg(test)]
mod tests;
