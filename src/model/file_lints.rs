//! The lints of one decoded plan or page, which need nothing but its own file: what makes a
//! plan hard to act on, from the seeds' own criteria of a good plan (every action has
//! someone responsible and a timeframe; a final plan has nothing left "TBD"; every
//! objective has an action; dates fall inside the plan's period; timeframes can be read as
//! dates), and the `@/` links its body makes, which `check` follows once the whole site is
//! loaded.

use super::anchors;
use super::decode::plan::Document;
use super::{Dated, ItemKind, ItemStatus, Plan, PlanStatus, TimeframeKind};
use crate::content::source::{SourceFile, SourceId, Span};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::HashMap;

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

    /// The links of each body, by file.
    pub fn into_links(self) -> HashMap<SourceId, Vec<Link>> {
        self.0
    }
}

/// The lints of one decoded file that read its text: a plan's own lints, and the links of
/// its body. A build that frees each text once decoded runs this first, then
/// `check::lint::lint_links` over the whole site.
pub fn lint_file(file: &SourceFile, document: &Document) -> FileLints {
    let (diagnostics, body) = match document {
        Document::Plan(plan) => (plan_lints(plan, file), &plan.body),
        Document::Page(page) => (Diagnostics::default(), &page.body),
    };
    let links = file.text.get(body.clone()).and_then(|text| links_in(text, body));
    FileLints { diagnostics, links }
}

/// An `@/` link found in a body.
#[derive(Debug, Clone)]
pub struct Link {
    /// The content path it names (`illinois/plan.md`).
    pub path: String,
    pub fragment: Option<String>,
    pub span: std::ops::Range<usize>,
}

/// The `@/` links of `body`, whose span in its file is `span`; None when it links nowhere.
pub fn links_in(body: &str, span: &Span) -> Option<Vec<Link>> {
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

/// The lints of a plan's own parts, quoting its front matter in `file`.
pub fn plan_lints(plan: &Plan, file: &SourceFile) -> Diagnostics {
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
