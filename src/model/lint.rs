//! Lints: what makes a plan hard to act on, from the seeds' own criteria of a good plan
//! (every action has someone responsible and a timeframe; a final plan has nothing left
//! "TBD"; every objective has an action; dates fall inside the plan's period; timeframes
//! can be read as dates), plus internal links that lead nowhere (errors).

use super::{Dated, ItemKind, ItemStatus, Plan, PlanStatus, TimeframeKind};
use crate::content::source::SourceId;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::anchors;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Every lint of a whole site.
pub fn lint(site: &Site) -> Diagnostics {
    let linter = Linter::new(site);
    let per_plan: Vec<Diagnostics> = site
        .plans
        .par_iter()
        .map(|plan| linter.lint_plan(plan, site))
        .collect();
    let mut out = Diagnostics::default();
    per_plan.into_iter().for_each(|d| out.extend(d));
    for page in &site.pages {
        out.extend(linter.check_links(page.source));
    }
    out
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
    pub fn new(site: &Site) -> Linter {
        let mut linter = Linter {
            paths: site.paths.iter().map(|(id, rel)| (rel.clone(), *id)).collect(),
            ..Linter::default()
        };
        let docs: Vec<_> = documents(site).collect();
        let found: Vec<(SourceId, Vec<Link>)> = docs
            .par_iter()
            .filter_map(|&(id, span)| Some((id, links_of(site, id, span)?)))
            .collect();
        linter.links = found.into_iter().collect();
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
        linter.anchors = wanted
            .into_par_iter()
            .filter_map(|(rel, id)| Some((rel, page_anchors(site, id)?)))
            .collect();
        linter
    }

    /// Re-reads the links (and, when links name them, the anchors) of one file after it
    /// changed.
    pub fn refresh(&mut self, site: &Site, source: SourceId) {
        match links(site, source) {
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
            if let Some(ids) = self.paths.get(&rel).and_then(|&id| page_anchors(site, id)) {
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
            let help = crate::diag::did_you_mean(path, self.paths.keys().map(String::as_str))
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
        let mut out = lint_plan(plan, site);
        out.extend(self.check_links(plan.source));
        out
    }
}

/// Every plan and page: its source and body.
fn documents(site: &Site) -> impl Iterator<Item = (SourceId, &std::ops::Range<usize>)> {
    let plans = site.plans.iter().map(|p| (p.source, &p.body));
    plans.chain(site.pages.iter().map(|p| (p.source, &p.body)))
}

/// The `@/` links of a plan's or page's body; None when it is neither, or links nowhere.
fn links(site: &Site, source: SourceId) -> Option<Vec<Link>> {
    let (_, span) = documents(site).find(|(id, _)| *id == source)?;
    links_of(site, source, span)
}

fn links_of(site: &Site, source: SourceId, span: &std::ops::Range<usize>) -> Option<Vec<Link>> {
    let body = site.body(source, span);
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
fn page_anchors(site: &Site, source: SourceId) -> Option<anchors::IdSet<'static>> {
    let (mut ids, span) = match site.plans.iter().find(|p| p.source == source) {
        Some(plan) => (anchors::PlanAnchors::new(plan).ids(), &plan.body),
        None => {
            let page = site.pages.iter().find(|p| p.source == source)?;
            (anchors::IdSet::with_reserved(["main"]), &page.body)
        }
    };
    anchors::headings(site.body(source, span), &mut ids);
    Some(ids)
}

fn lint_plan(plan: &Plan, site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    let source = plan.source;
    let final_plan = matches!(plan.status, PlanStatus::Final | PlanStatus::Approved);
    let mut warn = |code: &'static str, message: String, span: std::ops::Range<usize>, help: &str| {
        out.push(Diagnostic::warning(code, message).at(source, span).help(help));
    };
    let file = site.sources.get(source);
    let head = |span: &std::ops::Range<usize>| {
        let text = &file.text[span.clone()];
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
                format!("a {} plan still has an item to be determined", plan.status.name()),
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
            format!("a {} plan still says `{text}`", plan.status.name()),
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
