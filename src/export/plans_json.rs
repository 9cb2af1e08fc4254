//! `data/plans.json`: the site's data for other tools, the contract of `site.md` ("The data
//! export"). In: the published plans and their roll-ups. Out: one pretty-printed JSON
//! document with `as_of`, `generator` and `plans`, each plan with its counts, goals,
//! objectives, actions, deliverables and timeline.
//!
//! The structs below are the contract: once published, fields are only added, never renamed
//! or removed. They are written by hand ([`encode`]), the one encoder of the file; the tests
//! hold it to what `serde_json` writes for the structs' `Serialize` (derived in tests only). Percentages are 0-100 rounded to one decimal, or null when nothing is
//! countable; dates are YYYY-MM-DD or null.

use super::per_plan::{Destination, PlanExport, PlanRun};
use super::{Sink, round1};
use crate::model::rollup::{Counts, is_overdue};
use crate::model::{Item, PlanStatus, PlanType, TimelineStep};
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::{Urls, paths};
use chrono::NaiveDate;
#[cfg(test)]
use serde::Serialize;

mod encode;
mod iso_date;

pub const PATH: &str = "data/plans.json";

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct PlansJson<'a> {
    /// The date the build judged overdue against.
    #[cfg_attr(test, serde(serialize_with = "iso_date::serialize"))]
    pub as_of: NaiveDate,
    pub generator: &'static str,
    pub plans: Vec<PlanJson<'a>>,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct PlanJson<'a> {
    pub slug: &'a str,
    /// Absolute when the site has an origin, else site-relative.
    pub url: String,
    pub title: &'a str,
    /// Jurisdiction codes (`IL`, `national`).
    pub jurisdictions: &'a [String],
    /// The first region id, or null.
    pub region: Option<&'a str>,
    /// Every region id.
    pub regions: &'a [String],
    #[cfg_attr(test, serde(rename = "type"))]
    pub plan_type: PlanType,
    pub status: PlanStatus,
    pub progress: Option<f64>,
    pub counts: Counts,
    pub period: Option<PeriodJson>,
    #[cfg_attr(test, serde(serialize_with = "iso_date::option"))]
    pub updated: Option<NaiveDate>,
    pub summary: Option<&'a str>,
    pub goals: Vec<GoalJson<'a>>,
    pub timeline: Vec<StepJson<'a>>,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct PeriodJson {
    #[cfg_attr(test, serde(serialize_with = "iso_date::serialize"))]
    pub start: NaiveDate,
    #[cfg_attr(test, serde(serialize_with = "iso_date::serialize"))]
    pub end: NaiveDate,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct GoalJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub progress: Option<f64>,
    pub objectives: Vec<ObjectiveJson<'a>>,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct ObjectiveJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub progress: Option<f64>,
    pub actions: Vec<ItemJson<'a>>,
    pub deliverables: Vec<ItemJson<'a>>,
}

/// An action or a deliverable.
#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct ItemJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub who: Option<&'a str>,
    /// The author's timeframe text.
    pub when: Option<&'a str>,
    #[cfg_attr(test, serde(serialize_with = "iso_date::option"))]
    pub due: Option<NaiveDate>,
    pub status: crate::model::ItemStatus,
    /// The author's `progress`, when given.
    pub progress: Option<f64>,
    pub overdue: bool,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct StepJson<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    /// The first day of the step's `start`, if it names one.
    #[cfg_attr(test, serde(serialize_with = "iso_date::option"))]
    pub start: Option<NaiveDate>,
    /// The last day of the step's `end`, if it names one.
    #[cfg_attr(test, serde(serialize_with = "iso_date::option"))]
    pub end: Option<NaiveDate>,
    #[cfg_attr(test, serde(serialize_with = "iso_date::option"))]
    pub due: Option<NaiveDate>,
    pub status: crate::model::ItemStatus,
    pub progress: Option<f64>,
    pub overdue: bool,
}

/// plans.json as a per-plan export: the file compact (it is for programs; at 10,000 plans
/// pretty-printing would add a third to its size), its plans written by hand (see
/// [`encode`]).
pub(crate) struct PlansJsonFile;

impl PlanExport for PlansJsonFile {
    fn destination<'s>(&self, _: &'s dyn Sink) -> Destination<'s> {
        Destination::Stream(PATH)
    }

    /// The file up to its first plan: `{"as_of":...,"generator":...,"plans":[`.
    fn head(&self, site: &Site) -> Vec<u8> {
        let document = PlansJson {
            as_of: site.as_of,
            generator: GENERATOR,
            plans: Vec::new(),
        };
        encode::head(&document)
    }

    fn tail(&self) -> &'static [u8] {
        b"]}\n"
    }

    fn run<'a>(&self, site: &'a Site, urls: &'a Urls) -> Box<dyn PlanRun + 'a> {
        Box::new(Plans {
            site,
            urls,
            bytes: Vec::new(),
        })
    }
}

/// The value of `generator`.
const GENERATOR: &str = "planpress";

/// Plans' JSON, comma-separated, in a buffer.
struct Plans<'a> {
    site: &'a Site,
    urls: &'a Urls,
    bytes: Vec<u8>,
}

impl PlanRun for Plans<'_> {
    fn plan(&mut self, p: usize, first: bool) {
        if !first {
            self.bytes.push(b',');
        }
        encode::push_plan(&mut self.bytes, &plan(self.site, self.urls, p));
    }

    fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }
}

/// The file, in memory.
pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut files = super::per_plan::files_of(&PlansJsonFile, site, index, urls);
    files.pop().expect("one file")
}

fn plan<'a>(site: &'a Site, urls: &Urls, i: usize) -> PlanJson<'a> {
    let plan = &site.plans[i];
    let rollup = &site.rollups[i];
    let goals = plan
        .goals
        .iter()
        .zip(&rollup.goals)
        .map(|(goal, goal_rollup)| GoalJson {
            id: goal.id.as_deref(),
            title: &goal.title,
            progress: goal_rollup.rollup.percent.map(round1),
            objectives: goal
                .objectives
                .iter()
                .zip(&goal_rollup.objectives)
                .map(|(o, o_rollup)| ObjectiveJson {
                    id: o.id.as_deref(),
                    title: &o.title,
                    progress: o_rollup.percent.map(round1),
                    actions: o.actions.iter().map(|item| item_json(site, item)).collect(),
                    deliverables: o.deliverables.iter().map(|item| item_json(site, item)).collect(),
                })
                .collect(),
        })
        .collect();
    PlanJson {
        slug: &plan.slug,
        url: urls.absolute(&paths::plan(&plan.slug)),
        title: &plan.title,
        jurisdictions: &plan.jurisdictions,
        region: plan.regions.first().map(String::as_str),
        regions: &plan.regions,
        plan_type: plan.plan_type,
        status: plan.status,
        progress: rollup.plan.percent.map(round1),
        counts: rollup.plan.counts,
        period: plan.period.map(|p| PeriodJson {
            start: p.start,
            end: p.end,
        }),
        updated: plan.updated,
        summary: plan.summary.as_deref(),
        goals,
        timeline: plan.timeline.iter().map(|step| step_json(site, step)).collect(),
    }
}

fn item_json<'a>(site: &Site, item: &'a Item) -> ItemJson<'a> {
    let t = &item.tracking;
    ItemJson {
        id: item.id.as_deref(),
        title: &item.title,
        who: item.who.as_deref(),
        when: item.when.as_ref().map(|w| &*w.timeframe.text),
        due: t.due,
        status: t.status,
        progress: t.progress.get().map(round1),
        overdue: is_overdue(t, site.as_of),
    }
}

fn step_json<'a>(site: &Site, step: &'a TimelineStep) -> StepJson<'a> {
    let t = &step.tracking;
    StepJson {
        id: step.id.as_deref(),
        title: &step.title,
        start: step.start.as_ref().and_then(|d| d.timeframe.start()),
        end: step.end.as_ref().and_then(|d| d.due()),
        due: t.due,
        status: t.status,
        progress: t.progress.get().map(round1),
        overdue: is_overdue(t, site.as_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, TRICKY_PLAN, WORK_PLAN, site_and_index};
    use serde_json::Value;

    fn exported(plans: &[&str], base: &str) -> Value {
        let (site, index) = site_and_index(plans);
        let file = file(&site, &index, &Urls::new(base));
        assert_eq!(file.path, "data/plans.json");
        serde_json::from_slice(&file.bytes).expect("valid JSON")
    }

    fn assert_keys(value: &Value, keys: &[&str], what: &str) {
        for key in keys {
            assert!(value.get(key).is_some(), "{what} lacks `{key}`: {value}");
        }
    }

    /// Every field name that `site.md` ("The data export") promises.
    #[test]
    fn has_every_field_of_the_contract() {
        let json = exported(&[WORK_PLAN], "/");
        assert_keys(&json, &["as_of", "generator", "plans"], "the document");
        let plan = &json["plans"][0];
        let plan_keys = [
            "slug",
            "url",
            "title",
            "jurisdictions",
            "region",
            "type",
            "status",
            "progress",
        ];
        assert_keys(plan, &plan_keys, "a plan");
        assert_keys(
            plan,
            &[
                "counts", "goals", "regions", "period", "updated", "summary", "timeline",
            ],
            "a plan",
        );
        let counts = [
            "items",
            "completed",
            "in_progress",
            "not_started",
            "ongoing",
            "delayed",
        ];
        assert_keys(&plan["counts"], &counts, "counts");
        assert_keys(
            &plan["counts"],
            &["on_hold", "cancelled", "tbd", "overdue"],
            "counts",
        );
        let goal = &plan["goals"][0];
        assert_keys(goal, &["id", "title", "progress", "objectives"], "a goal");
        let objective = &goal["objectives"][0];
        assert_keys(
            objective,
            &["id", "title", "progress", "actions", "deliverables"],
            "an objective",
        );
        let item_keys = [
            "id", "title", "who", "when", "due", "status", "progress", "overdue",
        ];
        assert_keys(&objective["actions"][0], &item_keys, "an action");
        assert_keys(&objective["deliverables"][0], &item_keys, "a deliverable");
        let step_keys = [
            "id", "title", "start", "end", "due", "status", "progress", "overdue",
        ];
        assert_keys(&plan["timeline"][0], &step_keys, "a timeline step");
    }

    #[test]
    fn values_follow_the_model() {
        let json = exported(&[WORK_PLAN], "https://example.org/ec/");
        assert_eq!(json["as_of"], "2024-05-01");
        assert_eq!(json["generator"], "planpress");
        let plan = &json["plans"][0];
        assert_eq!(plan["url"], "https://example.org/ec/plans/csdwg/");
        assert_eq!(plan["jurisdictions"], serde_json::json!(["IL"]));
        assert_eq!(plan["region"], "V");
        assert_eq!(plan["type"], "work-plan");
        assert_eq!(plan["status"], "final");
        assert_eq!(plan["period"]["start"], "2023-01-01");
        // The plan's figure is its goals' (the timeline has its own when goals exist).
        assert_eq!(plan["counts"]["items"], 3);
        assert_eq!(plan["counts"]["overdue"], 1);
        // Objective: mean of 40 (in progress) and 100 (completed); ongoing left out.
        assert_eq!(plan["goals"][0]["progress"], 70.0);
        let action = &plan["goals"][0]["objectives"][0]["actions"][0];
        assert_eq!(action["due"], "2024-03-31");
        assert_eq!(action["status"], "in-progress");
        assert_eq!(action["overdue"], true);
        assert_eq!(action["when"], "2024-03-31");
        let ongoing = &plan["goals"][0]["objectives"][0]["actions"][1];
        assert_eq!(ongoing["due"], Value::Null);
        assert_eq!(plan["timeline"][0]["start"], "2024-06-01");
        assert_eq!(plan["timeline"][0]["end"], "2024-06-30");
    }

    #[test]
    fn nothing_countable_is_null_not_zero() {
        let json = exported(&[EMPTY_PLAN], "/");
        let plan = &json["plans"][0];
        assert_eq!(plan["progress"], Value::Null);
        assert_eq!(plan["url"], "/plans/empty/");
        assert_eq!(plan["regions"], serde_json::json!(["V"]));
        assert_eq!(plan["period"], Value::Null);
        assert_eq!(plan["summary"], Value::Null);
    }

    #[test]
    fn hostile_text_round_trips_as_data() {
        let json = exported(&[HOSTILE_PLAN], "/");
        let plan = &json["plans"][0];
        assert_eq!(plan["title"], "<script>&\"' =cmd");
        assert_eq!(plan["summary"], "a, b; c\\d <b>");
    }

    #[test]
    fn drafts_are_left_out() {
        let draft = "title: Draft\nslug: draft\nstate: IL\ntype: work-plan\nstatus: draft\n";
        let json = exported(&[draft, EMPTY_PLAN], "/");
        let slugs: Vec<&Value> = json["plans"]
            .as_array()
            .expect("array")
            .iter()
            .map(|p| &p["slug"])
            .collect();
        assert_eq!(slugs, ["empty"]);
    }

    #[test]
    fn hand_written_json_is_what_serde_writes() {
        let (mut site, index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN, TRICKY_PLAN]);
        assert_eq!(index.published.len(), 4, "every plan is published");
        // Codes the loader would refuse, as data the export is not to trust.
        site.plans[3].jurisdictions.push("x\ny".into());
        site.plans[3].regions = vec!["R\\1".into(), "\"".into()];
        for base in ["/", "https://x.org/a\"b/"] {
            let urls = Urls::new(base);
            for &i in &index.published {
                let plan = plan(&site, &urls, i);
                let mut ours = Vec::new();
                encode::push_plan(&mut ours, &plan);
                let serde = serde_json::to_vec(&plan).unwrap();
                assert_eq!(String::from_utf8(ours), String::from_utf8(serde), "{}", plan.slug);
            }
        }
    }

    #[test]
    fn rounds_to_one_decimal() {
        assert_eq!(round1(66.666_666), 66.7);
        assert_eq!(round1(100.0), 100.0);
    }
}
