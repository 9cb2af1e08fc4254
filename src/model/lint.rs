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
use std::collections::HashMap;

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

/// What link checks need to know of every file: the anchors its page will have and the
/// links its body makes. Kept between rebuilds in watch mode and refreshed per changed
/// file, so an edit re-checks only its own links and the links that point into it.
#[derive(Debug, Clone, Default)]
pub struct Linter {
    anchors: HashMap<String, anchors::IdSet>,
    links: HashMap<SourceId, Vec<Link>>,
}

impl Linter {
    pub fn new(site: &Site) -> Linter {
        let plans = site
            .plans
            .par_iter()
            .filter_map(|p| scan(site, p.source, plan_seed(p)));
        let pages = site
            .pages
            .par_iter()
            .filter_map(|p| scan(site, p.source, page_seed(p)));
        let scanned: Vec<_> = plans.chain(pages).collect();
        let mut linter = Linter::default();
        for (source, rel, ids, links) in scanned {
            linter.anchors.insert(rel, ids);
            linter.links.insert(source, links);
        }
        linter
    }

    /// Re-reads the anchors and links of one file after it changed.
    pub fn refresh(&mut self, site: &Site, source: SourceId) {
        let seed = match site.plans.iter().find(|p| p.source == source) {
            Some(plan) => plan_seed(plan),
            None => match site.pages.iter().find(|p| p.source == source) {
                Some(page) => page_seed(page),
                None => return,
            },
        };
        if let Some((source, rel, ids, links)) = scan(site, source, seed) {
            self.anchors.insert(rel, ids);
            self.links.insert(source, links);
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
        let Some(ids) = self.anchors.get(path) else {
            let help = crate::diag::did_you_mean(path, self.anchors.keys().map(String::as_str))
                .map(|p| format!("did you mean `@/{p}`?"))
                .unwrap_or_else(|| {
                    "`@/` paths are relative to the content folder, e.g. `@/illinois/work-plan.md`".into()
                });
            let d = Diagnostic::error("broken-link", format!("link to `{path}`, which does not exist"));
            return Some(d.at(source, link.span.clone()).help(help));
        };
        let fragment = link
            .fragment
            .as_deref()
            .filter(|f| !f.is_empty() && !ids.contains(f))?;
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

/// The ids a plan page has before its narrative's headings, and where its body is.
fn plan_seed(plan: &Plan) -> (anchors::IdSet, std::ops::Range<usize>) {
    (anchors::PlanAnchors::new(plan).ids, plan.body.clone())
}

fn page_seed(page: &crate::model::Page) -> (anchors::IdSet, std::ops::Range<usize>) {
    (anchors::IdSet::with_reserved(["main"]), page.body.clone())
}

/// The anchors and `@/` links of one plan or page.
fn scan(
    site: &Site,
    source: SourceId,
    (mut ids, body_span): (anchors::IdSet, std::ops::Range<usize>),
) -> Option<(SourceId, String, anchors::IdSet, Vec<Link>)> {
    let rel = site.paths.get(&source)?.clone();
    let body = site.body(source, &body_span);
    anchors::headings(body, &mut ids);
    let links = anchors::internal_links(body)
        .into_iter()
        .map(|(target, range)| {
            let target = &target[2..];
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (target.to_string(), None),
            };
            Link {
                path,
                fragment,
                span: body_span.start + range.start..body_span.start + range.end,
            }
        })
        .collect();
    Some((source, rel, ids, links))
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
                    head(&objective.span),
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
                head(&item.span),
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
                head(&item.span),
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
            dated.span.clone(),
            "write a date (2017-06-30, 6/30/2017), a month (June 2017), a quarter (Q3 2017), FY2017, Ongoing or TBD, so it can be sorted and checked for overdue",
        ),
        TimeframeKind::Tbd if final_plan => warn(
            "tbd-in-final",
            format!("a {} plan still says `{text}`", plan.status.name()),
            dated.span.clone(),
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
            dated.span.clone(),
            "correct the date or widen `period:`",
        );
    }
}
