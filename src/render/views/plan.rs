//! The view of one plan's page: header badges, contents, goals with objective sections and
//! their action and deliverable tables, the timeline, outcomes, measures, the narrative and
//! the people. The view borrows its text from the plan: a plan page has hundreds of cells,
//! and copying each of them before Tera copies it again was a good part of the page's cost.

use super::{PlanRow, Progress, StatusTerm, date};
use crate::model::anchors::PlanAnchors;
use crate::model::rollup::is_overdue;
use crate::model::{Item, ItemKind, Measure, Quantity, TimelineStep};
use crate::render::markdown::TocEntry;
use crate::site::Site;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PlanPage<'a> {
    pub row: PlanRow<'a>,
    pub period: Option<Period>,
    pub charge: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub vision: Option<&'a str>,
    pub simr: Option<&'a str>,
    /// Table of contents: the page's sections, then the narrative's headings.
    pub toc: Vec<TocLink<'a>>,
    pub goals: Vec<GoalView<'a>>,
    pub timeline: Vec<StepView<'a>>,
    pub timeline_progress: Option<Progress>,
    pub outcomes: Vec<OutcomeGroup<'a>>,
    pub measures: Vec<MeasureView<'a>>,
    /// The rendered Markdown narrative (already safe HTML).
    pub narrative: &'a str,
    /// Whether the narrative has more than white space, as `page.narrative | trim` reads it:
    /// the trim filter copied the whole narrative, twice a page.
    pub has_narrative: bool,
    pub partners: &'a [String],
    pub workgroup: Vec<MemberView<'a>>,
    pub badge_url: String,
    pub extra: &'a serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocLink<'a> {
    /// The goal's label (`G1`), when it has one.
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub anchor: &'a str,
    /// 1 for page sections and top-level headings; deeper headings nest.
    pub level: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView<'a> {
    pub anchor: &'a str,
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub progress: Progress,
    pub objectives: Vec<ObjectiveView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView<'a> {
    pub anchor: &'a str,
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub progress: Progress,
    pub actions: Vec<ItemView<'a>>,
    pub deliverables: Vec<ItemView<'a>>,
    /// Whether any action names resources, and any a measure: the action table then has the
    /// column.
    pub has_resources: bool,
    pub has_measure: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    pub anchor: &'a str,
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub who: Option<&'a str>,
    pub when: Option<&'a str>,
    pub due: Option<String>,
    pub resources: Option<&'a str>,
    pub measure: Option<&'a str>,
    pub follow_up: Option<&'a str>,
    pub challenges: Option<&'a str>,
    pub note: Option<&'a str>,
    pub status: StatusTerm,
    pub progress: Option<u32>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView<'a> {
    pub anchor: &'a str,
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub due: Option<String>,
    pub status: StatusTerm,
    pub overdue: bool,
    pub responsibilities: Vec<Responsibility<'a>>,
    pub activities: &'a [String],
    pub outcomes: &'a [String],
}

#[derive(Debug, Clone, Serialize)]
pub struct Responsibility<'a> {
    pub party: &'a str,
    pub duties: &'a [String],
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeGroup<'a> {
    /// `Short-term`, `Intermediate`, `Long-term`.
    pub horizon: &'static str,
    pub items: &'a [String],
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView<'a> {
    pub label: Option<&'a str>,
    pub title: &'a str,
    pub unit: Option<&'a str>,
    pub baseline: Option<&'a str>,
    pub actual: Option<&'a str>,
    pub target: Option<&'a str>,
    /// How far `actual` has moved from `baseline` toward `target`, 0-100, when all three
    /// are numbers and the target differs from the baseline.
    pub percent_of_target: Option<u32>,
    pub note: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub organization: Option<&'a str>,
    /// None when the name has no letter or digit, so no person page.
    pub url: Option<String>,
}

/// The URL of the person page of `name`, keyed as the index keys people.
fn person_url(urls: &crate::site::urls::Urls, name: &str) -> Option<String> {
    let key = crate::site::index::person_key(name);
    (!key.is_empty()).then(|| urls.url(&crate::site::urls::paths::person(&key)))
}

fn item_view<'a>(item: &'a Item, anchor: &'a str, site: &Site) -> ItemView<'a> {
    let t = &item.tracking;
    ItemView {
        anchor,
        label: item.id.as_deref(),
        title: &item.title,
        who: item.who.as_deref(),
        when: item.when.as_ref().map(|w| &*w.timeframe.text),
        due: t.due.map(date),
        resources: item.resources.as_deref(),
        measure: item.measure.as_deref(),
        follow_up: item.notes().follow_up.as_deref(),
        challenges: item.notes().challenges.as_deref(),
        note: item.notes().note.as_deref(),
        status: StatusTerm(t.status),
        progress: t.progress.get().map(|p| p.round() as u32),
        overdue: is_overdue(t, site.as_of),
    }
}

fn step_view<'a>(step: &'a TimelineStep, anchor: &'a str, site: &Site) -> StepView<'a> {
    StepView {
        anchor,
        label: step.id.as_deref(),
        title: &step.title,
        description: step.description.as_deref(),
        start: step.start.as_ref().map(|d| &*d.timeframe.text),
        end: step.end.as_ref().map(|d| &*d.timeframe.text),
        due: step.tracking.due.map(date),
        status: StatusTerm(step.tracking.status),
        overdue: is_overdue(&step.tracking, site.as_of),
        responsibilities: step
            .responsibilities
            .iter()
            .map(|(party, duties)| Responsibility { party, duties })
            .collect(),
        activities: &step.activities,
        outcomes: &step.outcomes,
    }
}

/// Whether an optional text says something, as a template's `{% if text %}` reads it.
fn is_stated(text: &Option<impl AsRef<str>>) -> bool {
    text.as_ref().is_some_and(|t| !t.as_ref().is_empty())
}

fn quantity(q: &Option<Quantity>) -> Option<&str> {
    q.as_ref().map(|q| q.text.as_str())
}

fn measure_view(m: &Measure) -> MeasureView<'_> {
    let value = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value);
    let percent_of_target = match (value(&m.baseline), value(&m.actual), value(&m.target)) {
        (Some(b), Some(a), Some(t)) if (t - b).abs() > f64::EPSILON => {
            Some(((a - b) / (t - b) * 100.0).round().clamp(0.0, 100.0) as u32)
        }
        _ => None,
    };
    MeasureView {
        label: m.id.as_deref(),
        title: &m.title,
        unit: m.unit.as_deref(),
        baseline: quantity(&m.baseline),
        actual: quantity(&m.actual),
        target: quantity(&m.target),
        percent_of_target,
        note: m.note.as_deref(),
    }
}

/// Builds the view of plan `i`; `narrative` is its rendered body and `headings` the body's
/// table of contents.
pub fn plan_page<'a>(
    site: &'a Site,
    urls: &crate::site::urls::Urls,
    i: usize,
    anchors: &'a PlanAnchors,
    narrative: &'a str,
    headings: &'a [TocEntry],
) -> PlanPage<'a> {
    let plan = &site.plans[i];
    let rollup = &site.rollups[i];
    let goals: Vec<GoalView> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(g, goal)| GoalView {
            anchor: anchors.goal(g),
            label: goal.id.as_deref(),
            title: &goal.title,
            description: goal.description.as_deref(),
            progress: Progress::new(&rollup.goals[g].rollup),
            objectives: goal
                .objectives
                .iter()
                .enumerate()
                .map(|(o, obj)| ObjectiveView {
                    anchor: anchors.objective(g, o),
                    label: obj.id.as_deref(),
                    title: &obj.title,
                    description: obj.description.as_deref(),
                    progress: Progress::new(&rollup.goals[g].objectives[o]),
                    actions: items(site, &obj.actions, anchors.items(g, o, ItemKind::Action)),
                    deliverables: items(
                        site,
                        &obj.deliverables,
                        anchors.items(g, o, ItemKind::Deliverable),
                    ),
                    has_resources: obj.actions.iter().any(|a| is_stated(&a.resources)),
                    has_measure: obj.actions.iter().any(|a| is_stated(&a.measure)),
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
    .map(|(horizon, items)| OutcomeGroup { horizon, items })
    .collect();
    let workgroup = plan
        .workgroup
        .iter()
        .map(|m| MemberView {
            name: &m.name,
            role: m.role.as_deref(),
            organization: m.organization.as_deref(),
            url: person_url(urls, &m.name),
        })
        .collect();
    let mut page = PlanPage {
        row: PlanRow::alone(site, urls, i),
        period: plan.period.map(|p| Period {
            start: date(p.start),
            end: date(p.end),
        }),
        charge: plan.charge.as_deref(),
        purpose: plan.purpose.as_deref(),
        vision: plan.vision.as_deref(),
        simr: plan.simr.as_deref(),
        toc: Vec::new(),
        goals,
        timeline: plan
            .timeline
            .iter()
            .zip(anchors.steps())
            .map(|(step, anchor)| step_view(step, anchor, site))
            .collect(),
        timeline_progress: (!plan.timeline.is_empty() && !plan.goals.is_empty())
            .then(|| Progress::new(&rollup.timeline)),
        outcomes,
        measures: plan.measures.iter().map(measure_view).collect(),
        narrative,
        has_narrative: !narrative.trim().is_empty(),
        partners: &plan.partners,
        workgroup,
        badge_url: urls.url(&crate::site::urls::paths::badge(&plan.slug)),
        extra: &plan.extra,
    };
    page.toc = toc(&page, headings);
    page
}

fn items<'a>(site: &Site, list: &'a [Item], anchors: impl Iterator<Item = &'a str>) -> Vec<ItemView<'a>> {
    list.iter()
        .zip(anchors)
        .map(|(item, anchor)| item_view(item, anchor, site))
        .collect()
}

/// The sections the page has, in page order, then the narrative's headings.
fn toc<'a>(page: &PlanPage<'a>, headings: &'a [TocEntry]) -> Vec<TocLink<'a>> {
    let section = |title: &'static str, anchor: &'static str| TocLink {
        label: None,
        title,
        anchor,
        level: 1,
    };
    let mut toc = Vec::new();
    if !page.goals.is_empty() {
        toc.push(section("Goals and actions", "goals"));
        for g in &page.goals {
            toc.push(TocLink {
                label: g.label,
                title: g.title,
                anchor: g.anchor,
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
    if page.has_narrative {
        toc.push(section("Narrative", "narrative"));
        let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
        toc.extend(headings.iter().filter(|h| h.level <= top + 1).map(|h| TocLink {
            label: None,
            title: &h.text,
            anchor: &h.id,
            level: 2 + (h.level - top),
        }));
    }
    if !page.partners.is_empty() || !page.workgroup.is_empty() {
        toc.push(section("People and partners", "people"));
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::site_and_index;
    use crate::site::urls::Urls;

    #[test]
    fn work_group_links_go_to_the_person_pages_the_index_makes() {
        let long = "Early Childhood Community Systems Development Work Group ".repeat(6);
        let yaml = format!(
            "title: P\nslug: p\nstate: IL\ntype: work-plan\nworkgroup:\n  - {{ name: '{long}' }}\n  - {{ name: '!!!' }}\n  - {{ name: Jane Doe }}\n"
        );
        let (site, index) = site_and_index(&[&yaml]);
        let urls = Urls::new("/");
        let anchors = PlanAnchors::new(&site.plans[0]);
        let page = plan_page(&site, &urls, 0, &anchors, "", &[]);
        let links: Vec<Option<&str>> = page.workgroup.iter().map(|m| m.url.as_deref()).collect();
        let long_key = crate::site::index::person_key(long.trim());
        assert!(long_key.len() <= crate::segment::MAX_BYTES, "{long_key}");
        assert!(index.people.contains_key(&long_key), "{:?}", index.people.keys());
        let long_url = format!("/people/{long_key}/");
        assert_eq!(links, [Some(long_url.as_str()), None, Some("/people/jane-doe/")]);
    }
}
