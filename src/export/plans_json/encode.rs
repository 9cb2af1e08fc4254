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

#[cfg(test)]
mod tests {
    use super::super::{PeriodJson, PlansJson};
    use super::*;
    use crate::model::rollup::Counts;
    use crate::model::status::Vocabulary;
    use crate::model::{ItemStatus, PlanStatus, PlanType};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// What a generated plan is made of: texts with every kind of escape, percentages as the
    /// exports round them (one decimal, any sign and size, and NaN, written `null`), dates,
    /// statuses and how many goals, objectives and items there are.
    #[derive(Debug, Clone)]
    struct Parts {
        texts: Vec<String>,
        numbers: Vec<Option<f64>>,
        days: Vec<Option<i32>>,
        picks: Vec<usize>,
    }

    fn parts() -> impl Strategy<Value = Parts> {
        let text = "(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}])*";
        let tenths = (-10_000_000..10_000_000i64).prop_map(|t| t as f64 / 10.0);
        let number = prop_oneof![8 => tenths, 1 => Just(f64::NAN)];
        (
            proptest::collection::vec(text, 16),
            proptest::collection::vec(proptest::option::of(number), 8),
            proptest::collection::vec(proptest::option::of(-800_000..800_000i32), 8),
            proptest::collection::vec(0..16usize, 24),
        )
            .prop_map(|(texts, numbers, days, picks)| Parts {
                texts,
                numbers,
                days,
                picks,
            })
    }

    impl Parts {
        fn pick(&self, n: usize) -> usize {
            self.picks[n % self.picks.len()]
        }
        fn text(&self, n: usize) -> &str {
            &self.texts[self.pick(n)]
        }
        /// A text, or none for about one in four.
        fn opt_text(&self, n: usize) -> Option<&str> {
            (!self.pick(n).is_multiple_of(4)).then(|| self.text(n + 1))
        }
        fn number(&self, n: usize) -> Option<f64> {
            self.numbers[self.pick(n) % self.numbers.len()]
        }
        fn date(&self, n: usize) -> Option<NaiveDate> {
            let days = self.days[self.pick(n) % self.days.len()]?;
            NaiveDate::from_num_days_from_ce_opt(days.abs() + 1)
        }
        fn status(&self, n: usize) -> ItemStatus {
            ItemStatus::TABLE[self.pick(n) % ItemStatus::TABLE.len()].0
        }

        fn item(&self, n: usize) -> ItemJson<'_> {
            ItemJson {
                id: self.opt_text(n),
                title: self.text(n + 2),
                who: self.opt_text(n + 3),
                when: self.opt_text(n + 5),
                due: self.date(n + 6),
                status: self.status(n + 7),
                progress: self.number(n + 8),
                overdue: self.pick(n + 9).is_multiple_of(2),
            }
        }

        fn plan(&self) -> PlanJson<'_> {
            let count = |n: usize| self.pick(n) % 3;
            let goals = (0..count(0))
                .map(|g| GoalJson {
                    id: self.opt_text(g),
                    title: self.text(g + 1),
                    progress: self.number(g),
                    objectives: (0..count(g + 1))
                        .map(|o| ObjectiveJson {
                            id: self.opt_text(g + o + 2),
                            title: self.text(g + o),
                            progress: self.number(g + o + 1),
                            actions: (0..count(o + 2)).map(|i| self.item(g + o + i)).collect(),
                            deliverables: (0..count(o + 3)).map(|i| self.item(g + i + 5)).collect(),
                        })
                        .collect(),
                })
                .collect();
            let timeline = (0..count(4))
                .map(|s| StepJson {
                    id: self.opt_text(s + 7),
                    title: self.text(s + 8),
                    start: self.date(s),
                    end: self.date(s + 1),
                    due: self.date(s + 2),
                    status: self.status(s),
                    progress: self.number(s + 3),
                    overdue: !self.pick(s).is_multiple_of(2),
                })
                .collect();
            let period = self.date(9).zip(self.date(10));
            PlanJson {
                slug: self.text(0),
                url: self.text(1).to_string(),
                title: self.text(2),
                jurisdictions: &self.texts[..self.pick(3) % 3],
                region: self.opt_text(4),
                regions: &self.texts[self.pick(5) % 3..3],
                plan_type: PlanType::TABLE[self.pick(6) % PlanType::TABLE.len()].0,
                status: PlanStatus::TABLE[self.pick(7) % PlanStatus::TABLE.len()].0,
                progress: self.number(8),
                counts: Counts {
                    items: self.pick(1),
                    overdue: self.pick(2),
                    ..Counts::default()
                },
                period: period.map(|(start, end)| PeriodJson { start, end }),
                updated: self.date(11),
                summary: self.opt_text(12),
                goals,
                timeline,
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn any_plan_is_written_as_serde_writes_it_and_reads_back_as_its_value(parts in parts()) {
            let plan = parts.plan();
            let mut ours = Vec::new();
            push_plan(&mut ours, &plan);
            let serde = serde_json::to_vec(&plan).unwrap();
            prop_assert_eq!(String::from_utf8(ours.clone()), String::from_utf8(serde));
            let read: serde_json::Value = serde_json::from_slice(&ours).unwrap();
            prop_assert_eq!(read, serde_json::to_value(&plan).unwrap());
        }
    }

    #[test]
    fn the_head_is_the_document_without_its_plans_and_their_end() {
        for as_of in ["2024-05-01", "0001-01-01", "9999-12-31"] {
            let document = PlansJson {
                as_of: as_of.parse().unwrap(),
                generator: "planpress \"x\"",
                plans: Vec::new(),
            };
            let mut whole = head(&document);
            whole.extend_from_slice(b"]}");
            assert_eq!(
                String::from_utf8(whole),
                serde_json::to_string(&document).map_err(|_| unreachable!())
            );
        }
    }
}
