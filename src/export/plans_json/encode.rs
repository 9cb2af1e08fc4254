//! plans.json's structs written by hand, with [`json`](crate::export::json): the bytes
//! `serde_json::to_writer` writes for them, in about half the time (at 10,000 plans, on one
//! thread). The one encoder of the file: the structs derive `Serialize` in tests only, to
//! hold it to serde's bytes; a field added to a struct and not here fails
//! `hand_written_json_is_what_serde_writes`.

use super::{GoalJson, ItemJson, ObjectiveJson, PlanJson, PlansJson, StepJson, iso_date};
use crate::export::json::{Object, push_str};

/// `document` up to its first plan (its plans are left out):
/// `{"as_of":"YYYY-MM-DD","generator":...,"plans":[`.
pub(super) fn head(document: &PlansJson) -> Vec<u8> {
    let mut out = Vec::new();
    let mut o = Object::open(&mut out);
    iso_date::push_option(o.key("as_of"), Some(document.as_of));
    o.str("generator", document.generator);
    o.key("plans").push(b'[');
    out
}

pub(super) fn push_plan(out: &mut Vec<u8>, plan: &PlanJson) {
    let mut o = Object::open(out);
    o.str("slug", plan.slug);
    o.str("url", &plan.url);
    o.str("title", plan.title);
    o.list("jurisdictions", plan.jurisdictions, |out, j| push_str(out, j));
    o.opt_str("region", plan.region);
    o.list("regions", plan.regions, |out, r| push_str(out, r));
    o.str("type", plan.plan_type.name());
    o.str("status", plan.status.name());
    o.value("progress", &plan.progress);
    o.value("counts", &plan.counts);
    match &plan.period {
        Some(period) => {
            let mut p = Object::open(o.key("period"));
            iso_date::push_option(p.key("start"), Some(period.start));
            iso_date::push_option(p.key("end"), Some(period.end));
            p.close();
        }
        None => o.value("period", &None::<()>),
    }
    iso_date::push_option(o.key("updated"), plan.updated);
    o.opt_str("summary", plan.summary);
    o.list("goals", &plan.goals, push_goal);
    o.list("timeline", &plan.timeline, push_step);
    o.close();
}

fn push_goal(out: &mut Vec<u8>, goal: &GoalJson) {
    let mut o = open_heading(out, goal.id, goal.title, goal.progress);
    o.list("objectives", &goal.objectives, push_objective);
    o.close();
}

fn push_objective(out: &mut Vec<u8>, objective: &ObjectiveJson) {
    let mut o = open_heading(out, objective.id, objective.title, objective.progress);
    o.list("actions", &objective.actions, push_item);
    o.list("deliverables", &objective.deliverables, push_item);
    o.close();
}

/// Opens a goal's or an objective's object with the fields they share.
fn open_heading<'a>(
    out: &'a mut Vec<u8>,
    id: Option<&str>,
    title: &str,
    progress: Option<f64>,
) -> Object<'a> {
    let mut o = Object::open(out);
    o.opt_str("id", id);
    o.str("title", title);
    o.value("progress", &progress);
    o
}

fn push_item(out: &mut Vec<u8>, item: &ItemJson) {
    let mut o = Object::open(out);
    o.opt_str("id", item.id);
    o.str("title", item.title);
    o.opt_str("who", item.who);
    o.opt_str("when", item.when);
    iso_date::push_option(o.key("due"), item.due);
    o.str("status", item.status.name());
    o.value("progress", &item.progress);
    o.value("overdue", &item.overdue);
    o.close();
}

fn push_step(out: &mut Vec<u8>, step: &StepJson) {
    let mut o = Object::open(out);
    o.opt_str("id", step.id);
    o.str("title", step.title);
    iso_date::push_option(o.key("start"), step.start);
    iso_date::push_option(o.key("end"), step.end);
    iso_date::push_option(o.key("due"), step.due);
    o.str("status", step.status.name());
    o.value("progress", &step.progress);
    o.value("overdue", &step.overdue);
    o.close();
}
