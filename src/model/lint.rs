//! Lints: what makes a plan hard to act on, from the seeds' own criteria of a good plan
//! (every action has someone responsible and a timeframe; a final plan has nothing left
//! "TBD"; every objective has an action; dates fall inside the plan's period; timeframes
//! can be read as dates), plus internal links that lead nowhere (errors), and one of the
//! site: why it has no sitemap ([`sitemap`]).

use super::decode::plan::Document;
use super::{Dated, ItemKind, ItemStatus, Plan, PlanStatus, TimeframeKind};
use crate::content::source::{SourceFile, SourceId, Span};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::anchors;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

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

/// What [`lint_file`] found in one file: its lints, and the links its body makes.
pub struct FileLints {
    pub diagnostics: Diagnostics,
    links: Option<Vec<Link>>,
}

/// The links of every body, gathered by [`lint_file`] while the texts were in memory.
#[derive(Default)]
pub struct BodyLinks(HashMap<SourceId, Vec<Link>>);

impl BodyLinks {
    /// Keeps the links of `source`, handing back its diagnostics.
    pub fn add(&mut self, source: SourceId, lints: FileLints) -> Diagnostics {
        if let Some(links) = lints.links {
            self.0.insert(source, links);
        }
        lints.diagnostics
    }
}

/// The lints of one decoded file that read its text: a plan's own lints, and the links of
/// its body. A build that frees each text once decoded runs this first, then
/// [`lint_links`] over the whole site.
pub fn lint_file(file: &SourceFile, document: &Document) -> FileLints {
    let (diagnostics, body) = match document {
        Document::Plan(plan) => (plan_lints(plan, file), &plan.body),
        Document::Page(page) => (Diagnostics::default(), &page.body),
    };
    let links = file.text.get(body.clone()).and_then(|text| links_in(text, body));
    FileLints { diagnostics, links }
}

/// The lints [`lint_file`] leaves to the whole site: whether each link leads somewhere.
pub fn lint_links(site: &Site, links: BodyLinks) -> Diagnostics {
    let (linter, mut out) = Linter::with_links(site, links.0);
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

/// An `@/` link found in a body.
#[derive(Debug, Clone)]
struct Link {
    /// The content path it names (`illinois/plan.md`).
    path: String,
    fragment: Option<String>,
    span: std::ops::Range<usize>,
}

/// What link checks need to know: every content path a link may name, the links each body
/// makes, and the anchors of the pages that links name with a `#fragment` (only those:
/// working out a page's anchors means parsing its Markdown). Kept between rebuilds in watch
/// mode and refreshed per changed file, so an edit re-checks only its own links and the
/// links that point into it.
#[derive(Debug, Clone, Default)]
pub struct Linter {
    paths: HashMap<String, SourceId>,
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
            // In path order: a HashMap's order changes from run to run, and so did the
            // suggestion when two paths were equally close.
            let mut known: Vec<&str> = self.paths.keys().map(String::as_str).collect();
            known.sort_unstable();
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

/// The `@/` links of `body`, whose span in its file is `span`; None when it links nowhere.
fn links_in(body: &str, span: &Span) -> Option<Vec<Link>> {
    // Most bodies link nowhere inside the site: skip parsing them.
    if !body.contains("@/") {
        return None;
    }
    let found = anchors::internal_links(body).into_iter().map(|(target, range)| {
        let target = &target[2..];
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p.to_string(), Some(f.to_string())),
            None => (target.to_string(), None),
        };
        Link {
            path,
            fragment,
            span: span.start + range.start..span.start + range.end,
        }
    });
    Some(found.collect())
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

/// The lints of a plan's own parts, quoting its front matter in `file`.
fn plan_lints(plan: &Plan, file: &SourceFile) -> Diagnostics {
    let mut out = Diagnostics::default();
    let source = plan.source;
    let final_plan = matches!(plan.status, PlanStatus::Final | PlanStatus::Approved);
    let mut warn = |code: &'static str, message: String, span: Span, help: &str| {
        out.push(Diagnostic::warning(code, message).at(source, span).help(help));
    };
    let head = |span: &Span| {
        let text = file.text.get(span.clone()).unwrap_or_default();
        span.start..span.start + text.find(['\n', '\r']).unwrap_or(text.len())
    };

    for goal in &plan.goals {
        for objective in &goal.objectives {
            if objective.actions.is_empty() {
                warn(
                    "objective-without-action",
                    format!("objective `{}` has no action", objective.title),
                    head(&objective.span.into()),
                    "add `actions:` with at least one step that moves it forward",
                );
            }
        }
    }
    for (_, _, item) in plan.items() {
        if item.kind == ItemKind::Action && (item.who.is_none() || item.when.is_none()) {
            let missing = match (item.who.is_none(), item.when.is_none()) {
                (true, true) => "`who` or `when`",
                (true, false) => "`who`",
                _ => "`when`",
            };
            warn(
                "action-incomplete",
                format!("action `{}` has no {missing}", item.title),
                head(&item.span.into()),
                "every action step needs someone responsible (`who:`) and a timeframe (`when:`)",
            );
        }
        let when_tbd = item
            .when
            .as_ref()
            .is_some_and(|w| w.timeframe.kind == TimeframeKind::Tbd);
        if final_plan && item.tracking.status == ItemStatus::Tbd && !when_tbd {
            warn(
                "tbd-in-final",
                format!("{} plan still has an item to be determined", a_status(plan)),
                head(&item.span.into()),
                "settle the item or move the plan back to `intermediate`",
            );
        }
    }
    let dates = plan.items().filter_map(|(_, _, i)| i.when.as_ref()).chain(
        plan.timeline
            .iter()
            .flat_map(|s| s.start.iter().chain(s.end.iter())),
    );
    for dated in dates {
        lint_dated(plan, dated, final_plan, &mut warn);
    }
    out
}

/// The plan's status with its article: `a final`, `an approved`.
fn a_status(plan: &Plan) -> String {
    let name = plan.status.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

fn lint_dated(
    plan: &Plan,
    dated: &Dated,
    final_plan: bool,
    warn: &mut impl FnMut(&'static str, String, std::ops::Range<usize>, &str),
) {
    let text = &dated.timeframe.text;
    match dated.timeframe.kind {
        TimeframeKind::Text => warn(
            "free-text-timeframe",
            format!("timeframe `{text}` is not a date planpress can read"),
            dated.span.into(),
            "write a date (2017-06-30, 6/30/2017), a month (June 2017), a quarter (Q3 2017), FY2017, Ongoing or TBD, so it can be sorted and checked for overdue",
        ),
        TimeframeKind::Tbd if final_plan => warn(
            "tbd-in-final",
            format!("{} plan still says `{text}`", a_status(plan)),
            dated.span.into(),
            "settle the date or move the plan back to `intermediate`",
        ),
        _ => {}
    }
    if let (Some(period), Some(due)) = (plan.period, dated.due())
        && (due < period.start || due > period.end)
    {
        warn(
            "date-outside-period",
            format!(
                "`{text}` falls outside the plan's period ({} to {})",
                period.start, period.end
            ),
            dated.span.into(),
            "correct the date or widen `period:`",
        );
    }
}

#[cfg(test)]
mod tests;
