//! Progress roll-up and overdue, exactly as plan-format.md defines them. Pure: a plan and an
//! as-of date in, percentages with the counts behind them out.
//!
//! - An item scores 100 when completed, its `progress` when given, 50 when in progress or
//!   delayed without a number, 0 otherwise; cancelled and ongoing items are left out of the
//!   percentage but counted.
//! - Objective = weighted mean of its items; goal = of its objectives; plan = of its goals
//!   (of its timeline steps when it has no goals); jurisdiction = of its plans. A level with
//!   nothing countable has no percentage and is left out of its parent's mean.
//! - Overdue: due before the as-of date and neither completed nor cancelled.

use super::{ItemStatus, Plan, Tracking};
use chrono::NaiveDate;
use serde::Serialize;

/// How many items are in each state. `items` counts every item, `overdue` those overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub items: usize,
    pub completed: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub ongoing: usize,
    pub delayed: usize,
    pub on_hold: usize,
    pub cancelled: usize,
    pub tbd: usize,
    pub overdue: usize,
}

impl Counts {
    fn add_item(&mut self, status: ItemStatus, overdue: bool) {
        self.items += 1;
        self.overdue += usize::from(overdue);
        *match status {
            ItemStatus::Completed => &mut self.completed,
            ItemStatus::InProgress => &mut self.in_progress,
            ItemStatus::NotStarted => &mut self.not_started,
            ItemStatus::Ongoing => &mut self.ongoing,
            ItemStatus::Delayed => &mut self.delayed,
            ItemStatus::OnHold => &mut self.on_hold,
            ItemStatus::Cancelled => &mut self.cancelled,
            ItemStatus::Tbd => &mut self.tbd,
        } += 1;
    }

    pub fn add(&mut self, other: &Counts) {
        self.items += other.items;
        self.completed += other.completed;
        self.in_progress += other.in_progress;
        self.not_started += other.not_started;
        self.ongoing += other.ongoing;
        self.delayed += other.delayed;
        self.on_hold += other.on_hold;
        self.cancelled += other.cancelled;
        self.tbd += other.tbd;
        self.overdue += other.overdue;
    }

    /// Items that take part in the percentage (all but cancelled and ongoing).
    pub fn countable(&self) -> usize {
        self.items - self.cancelled - self.ongoing
    }
}

/// A percentage (None: nothing countable, shown as "n/a") and the counts behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rollup {
    pub percent: Option<f64>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalRollup {
    pub rollup: Rollup,
    pub objectives: Vec<Rollup>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanRollup {
    pub plan: Rollup,
    pub goals: Vec<GoalRollup>,
    /// The timeline steps alone (the plan's figure when it has no goals).
    pub timeline: Rollup,
}

pub fn is_overdue(t: &Tracking, as_of: NaiveDate) -> bool {
    !t.status.is_closed() && t.due.is_some_and(|due| due < as_of)
}

/// An item's score, or None when it is left out of the percentage.
fn score(t: &Tracking) -> Option<f64> {
    match t.status {
        ItemStatus::Cancelled | ItemStatus::Ongoing => None,
        ItemStatus::Completed => Some(100.0),
        _ if t.progress.get().is_some() => t.progress.get(),
        ItemStatus::InProgress | ItemStatus::Delayed => Some(50.0),
        _ => Some(0.0),
    }
}

/// A weighted mean taken one part at a time, so that no level collects its parts in a list
/// first (a roll-up is made for every objective, goal and plan of the site).
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    total: f64,
}

impl Mean {
    /// Adds a part: a value that does not exist is left out; a missing weight counts 1.
    fn add(&mut self, value: Option<f64>, weight: Option<f64>) {
        if let Some(value) = value {
            let weight = weight.unwrap_or(1.0);
            self.sum += value * weight;
            self.total += weight;
        }
    }

    /// None when no part had a value (or they all weigh 0).
    fn get(&self) -> Option<f64> {
        (self.total > 0.0).then(|| self.sum / self.total)
    }
}

/// Roll-up of a flat list of tracked items (an objective's items, a plan's timeline).
pub fn items<'a>(list: impl IntoIterator<Item = &'a Tracking>, as_of: NaiveDate) -> Rollup {
    let mut counts = Counts::default();
    let mut mean = Mean::default();
    for t in list {
        counts.add_item(t.status, is_overdue(t, as_of));
        mean.add(score(t), t.weight.get());
    }
    Rollup {
        percent: mean.get(),
        counts,
    }
}

/// Roll-up of a level from its children's roll-ups and weights.
pub fn levels<'a>(children: impl IntoIterator<Item = (&'a Rollup, Option<f64>)>) -> Rollup {
    let mut counts = Counts::default();
    let mut mean = Mean::default();
    for (rollup, weight) in children {
        counts.add(&rollup.counts);
        mean.add(rollup.percent, weight);
    }
    Rollup {
        percent: mean.get(),
        counts,
    }
}

pub fn plan(plan: &Plan, as_of: NaiveDate) -> PlanRollup {
    let goals: Vec<GoalRollup> = plan
        .goals
        .iter()
        .map(|goal| {
            let objectives: Vec<Rollup> = goal
                .objectives
                .iter()
                .map(|o| items(o.items().map(|i| &i.tracking), as_of))
                .collect();
            let weights = goal.objectives.iter().map(|o| o.weight.get());
            GoalRollup {
                rollup: levels(objectives.iter().zip(weights)),
                objectives,
            }
        })
        .collect();
    let timeline = items(plan.timeline.iter().map(|s| &s.tracking), as_of);
    let figure = if plan.goals.is_empty() {
        timeline
    } else {
        levels(
            goals
                .iter()
                .map(|g| &g.rollup)
                .zip(plan.goals.iter().map(|g| g.weight)),
        )
    };
    PlanRollup {
        plan: figure,
        goals,
        timeline,
    }
}

#[cfg(test)]
mod tests;
