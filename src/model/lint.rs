//! Lints: what makes a plan hard to act on, from the seeds' own criteria of a good plan
//! (every action has someone responsible and a timeframe; a final plan has nothing left
//! "TBD"; every objective has an action; dates fall inside the plan's period; timeframes
//! can be read as dates), plus internal links that lead nowhere (errors).

use super::{Dated, ItemKind, ItemStatus, Plan, PlanStatus, TimeframeKind};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::anchors;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashMap;

pub fn lint(site: &Site) -> Diagnostics {
    let targets = link_targets(site);
    let per_plan: Vec<Diagnostics> = site
        .plans
        .par_iter()
        .map(|plan| lint_plan(plan, site, &targets))
        .collect();
    let mut out = Diagnostics::default();
    per_plan.into_iter().for_each(|d| out.extend(d));
    for page in &site.pages {
        let body = site.body(page.source, &page.body);
        check_links(page.source, page.body.start, body, &targets, &mut out);
    }
    out
}

/// Every content path `@/` may name, with the anchors its page has.
struct Targets {
    anchors: HashMap<String, anchors::IdSet>,
}

fn link_targets(site: &Site) -> Targets {
    let mut anchors = HashMap::new();
    for plan in &site.plans {
        let mut ids = anchors::PlanAnchors::new(plan).ids;
        anchors::headings(site.body(plan.source, &plan.body), &mut ids);
        if let Some(rel) = site.paths.get(&plan.source) {
            anchors.insert(rel.clone(), ids);
        }
    }
    for page in &site.pages {
        let mut ids = anchors::IdSet::with_reserved(["main"]);
        anchors::headings(site.body(page.source, &page.body), &mut ids);
        if let Some(rel) = site.paths.get(&page.source) {
            anchors.insert(rel.clone(), ids);
        }
    }
    Targets { anchors }
}

fn check_links(
    source: crate::content::source::SourceId,
    body_start: usize,
    body: &str,
    targets: &Targets,
    out: &mut Diagnostics,
) {
    for (link, range) in anchors::internal_links(body) {
        let span = body_start + range.start..body_start + range.end;
        let (path, fragment) = match link[2..].split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (&link[2..], None),
        };
        let Some(ids) = targets.anchors.get(path) else {
            let help = crate::diag::did_you_mean(path, targets.anchors.keys().map(String::as_str))
                .map(|p| format!("did you mean `@/{p}`?"))
                .unwrap_or_else(|| {
                    "`@/` paths are relative to the content folder, e.g. `@/illinois/work-plan.md`".into()
                });
            out.push(
                Diagnostic::error("broken-link", format!("link to `{path}`, which does not exist"))
                    .at(source, span)
                    .help(help),
            );
            continue;
        };
        if let Some(fragment) = fragment.filter(|f| !f.is_empty() && !ids.contains(f)) {
            out.push(
                Diagnostic::error(
                    "broken-link",
                    format!("`{path}` has no heading or item `#{fragment}`"),
                )
                .at(source, span)
                .help("link to a heading's id (its text in lowercase with hyphens) or an item's `id`"),
            );
        }
    }
}

fn lint_plan(plan: &Plan, site: &Site, targets: &Targets) -> Diagnostics {
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
    let body = site.body(source, &plan.body);
    check_links(source, plan.body.start, body, targets, &mut out);
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
