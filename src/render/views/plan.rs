//! The view of one plan's page: header badges, contents, goals with objective sections and
//! their action and deliverable tables, the timeline, outcomes, measures, the narrative and
//! the people.

use super::{PlanRow, Progress, Term};
use crate::model::rollup::is_overdue;
use crate::model::{Item, Measure, Quantity, TimelineStep};
use crate::render::anchors::PlanAnchors;
use crate::render::markdown::TocEntry;
use crate::site::Site;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PlanPage {
    pub row: PlanRow,
    pub period: Option<Period>,
    pub charge: Option<String>,
    pub purpose: Option<String>,
    pub vision: Option<String>,
    pub simr: Option<String>,
    /// Table of contents: the page's sections, then the narrative's headings.
    pub toc: Vec<TocLink>,
    pub goals: Vec<GoalView>,
    pub timeline: Vec<StepView>,
    pub timeline_progress: Option<Progress>,
    pub outcomes: Vec<OutcomeGroup>,
    pub measures: Vec<MeasureView>,
    /// The rendered Markdown narrative (already safe HTML).
    pub narrative: String,
    pub partners: Vec<String>,
    pub workgroup: Vec<MemberView>,
    pub badge_url: String,
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocLink {
    /// The goal's label (`G1`), when it has one.
    pub label: Option<String>,
    pub title: String,
    pub anchor: String,
    /// 1 for page sections and top-level headings; deeper headings nest.
    pub level: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub anchor: String,
    pub label: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub progress: Progress,
    pub objectives: Vec<ObjectiveView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    pub anchor: String,
    pub label: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub progress: Progress,
    pub actions: Vec<ItemView>,
    pub deliverables: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub anchor: String,
    pub label: Option<String>,
    pub title: String,
    pub who: Option<String>,
    pub when: Option<String>,
    pub due: Option<String>,
    pub resources: Option<String>,
    pub measure: Option<String>,
    pub follow_up: Option<String>,
    pub challenges: Option<String>,
    pub note: Option<String>,
    pub status: Term,
    pub progress: Option<u32>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub anchor: String,
    pub label: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub due: Option<String>,
    pub status: Term,
    pub overdue: bool,
    pub responsibilities: Vec<Responsibility>,
    pub activities: Vec<String>,
    pub outcomes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Responsibility {
    pub party: String,
    pub duties: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeGroup {
    /// `Short-term`, `Intermediate`, `Long-term`.
    pub horizon: &'static str,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub label: Option<String>,
    pub title: String,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub actual: Option<String>,
    pub target: Option<String>,
    /// How far `actual` has moved from `baseline` toward `target`, 0-100, when all three
    /// are numbers and the target differs from the baseline.
    pub percent_of_target: Option<u32>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub url: String,
}

fn item_view(item: &Item, anchor: String, site: &Site) -> ItemView {
    let t = &item.tracking;
    ItemView {
        anchor,
        label: item.id.clone(),
        title: item.title.clone(),
        who: item.who.clone(),
        when: item.when.as_ref().map(|w| w.timeframe.text.clone()),
        due: t.due.map(|d| d.to_string()),
        resources: item.resources.clone(),
        measure: item.measure.clone(),
        follow_up: item.follow_up.clone(),
        challenges: item.challenges.clone(),
        note: item.note.clone(),
        status: Term::item_status(t.status),
        progress: t.progress.map(|p| p.round() as u32),
        overdue: is_overdue(t, site.as_of),
    }
}

fn step_view(step: &TimelineStep, anchor: String, site: &Site) -> StepView {
    StepView {
        anchor,
        label: step.id.clone(),
        title: step.title.clone(),
        description: step.description.clone(),
        start: step.start.as_ref().map(|d| d.timeframe.text.clone()),
        end: step.end.as_ref().map(|d| d.timeframe.text.clone()),
        due: step.tracking.due.map(|d| d.to_string()),
        status: Term::item_status(step.tracking.status),
        overdue: is_overdue(&step.tracking, site.as_of),
        responsibilities: step
            .responsibilities
            .iter()
            .map(|(party, duties)| Responsibility {
                party: party.clone(),
                duties: duties.clone(),
            })
            .collect(),
        activities: step.activities.clone(),
        outcomes: step.outcomes.clone(),
    }
}

fn quantity(q: &Option<Quantity>) -> Option<String> {
    q.as_ref().map(|q| q.text.clone())
}

fn measure_view(m: &Measure) -> MeasureView {
    let value = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value);
    let percent_of_target = match (value(&m.baseline), value(&m.actual), value(&m.target)) {
        (Some(b), Some(a), Some(t)) if (t - b).abs() > f64::EPSILON => {
            Some(((a - b) / (t - b) * 100.0).round().clamp(0.0, 100.0) as u32)
        }
        _ => None,
    };
    MeasureView {
        label: m.id.clone(),
        title: m.title.clone(),
        unit: m.unit.clone(),
        baseline: quantity(&m.baseline),
        actual: quantity(&m.actual),
        target: quantity(&m.target),
        percent_of_target,
        note: m.note.clone(),
    }
}

/// Builds the view of plan `i`; `narrative` is its rendered body and `headings` the body's
/// table of contents.
pub fn plan_page(
    site: &Site,
    urls: &crate::site::urls::Urls,
    i: usize,
    anchors: &PlanAnchors,
    narrative: String,
    headings: &[TocEntry],
) -> PlanPage {
    let plan = &site.plans[i];
    let rollup = &site.rollups[i];
    let goals: Vec<GoalView> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(g, goal)| GoalView {
            anchor: anchors.goals[g].clone(),
            label: goal.id.clone(),
            title: goal.title.clone(),
            description: goal.description.clone(),
            progress: Progress::new(&rollup.goals[g].rollup),
            objectives: goal
                .objectives
                .iter()
                .enumerate()
                .map(|(o, obj)| ObjectiveView {
                    anchor: anchors.objectives[g][o].clone(),
                    label: obj.id.clone(),
                    title: obj.title.clone(),
                    description: obj.description.clone(),
                    progress: Progress::new(&rollup.goals[g].objectives[o]),
                    actions: items(site, &obj.actions, &anchors.actions[g][o]),
                    deliverables: items(site, &obj.deliverables, &anchors.deliverables[g][o]),
                })
                .collect(),
        })
        .collect();
    let outcomes: Vec<OutcomeGroup> = [
        ("Short-term", &plan.outcomes.short),
        ("Intermediate", &plan.outcomes.intermediate),
        ("Long-term", &plan.outcomes.long),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(horizon, items)| OutcomeGroup {
        horizon,
        items: items.clone(),
    })
    .collect();
    let workgroup = plan
        .workgroup
        .iter()
        .map(|m| MemberView {
            name: m.name.clone(),
            role: m.role.clone(),
            organization: m.organization.clone(),
            url: urls.url(&crate::site::urls::paths::person(&slug::slugify(&m.name))),
        })
        .collect();
    let mut page = PlanPage {
        row: PlanRow::new(site, urls, i),
        period: plan.period.map(|p| Period {
            start: p.start.to_string(),
            end: p.end.to_string(),
        }),
        charge: plan.charge.clone(),
        purpose: plan.purpose.clone(),
        vision: plan.vision.clone(),
        simr: plan.simr.clone(),
        toc: Vec::new(),
        goals,
        timeline: plan
            .timeline
            .iter()
            .enumerate()
            .map(|(s, step)| step_view(step, anchors.steps[s].clone(), site))
            .collect(),
        timeline_progress: (!plan.timeline.is_empty() && !plan.goals.is_empty())
            .then(|| Progress::new(&rollup.timeline)),
        outcomes,
        measures: plan.measures.iter().map(measure_view).collect(),
        narrative,
        partners: plan.partners.clone(),
        workgroup,
        badge_url: urls.url(&crate::site::urls::paths::badge(&plan.slug)),
        extra: plan.extra.clone(),
    };
    page.toc = toc(&page, headings);
    page
}

fn items(site: &Site, list: &[Item], anchors: &[String]) -> Vec<ItemView> {
    list.iter()
        .zip(anchors)
        .map(|(item, anchor)| item_view(item, anchor.clone(), site))
        .collect()
}

/// The sections the page has, in page order, then the narrative's headings.
fn toc(page: &PlanPage, headings: &[TocEntry]) -> Vec<TocLink> {
    let section = |title: &str, anchor: &str| TocLink {
        label: None,
        title: title.into(),
        anchor: anchor.into(),
        level: 1,
    };
    let mut toc = Vec::new();
    if !page.goals.is_empty() {
        toc.push(section("Goals and actions", "goals"));
        for g in &page.goals {
            toc.push(TocLink {
                label: g.label.clone(),
                title: g.title.clone(),
                anchor: g.anchor.clone(),
                level: 2,
            });
        }
    }
    if !page.timeline.is_empty() {
        toc.push(section("Timeline", "timeline"));
    }
    if !page.outcomes.is_empty() {
        toc.push(section("Outcomes", "outcomes"));
    }
    if !page.measures.is_empty() {
        toc.push(section("Measures", "measures"));
    }
    if !page.narrative.trim().is_empty() {
        toc.push(section("Narrative", "narrative"));
        let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
        toc.extend(headings.iter().filter(|h| h.level <= top + 1).map(|h| TocLink {
            label: None,
            title: h.text.clone(),
            anchor: h.id.clone(),
            level: 2 + (h.level - top),
        }));
    }
    if !page.partners.is_empty() || !page.workgroup.is_empty() {
        toc.push(section("People and partners", "people"));
    }
    toc
}
