use super::*;
use crate::model::OptionalNumber;
use crate::model::testing::plan_from_yaml;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AS_OF: (i32, u32, u32) = (2012, 1, 1);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn one_objective(actions: &str) -> String {
    format!(
        "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n{actions}"
    )
}

#[test]
fn item_scores_follow_the_format() {
    let yaml = one_objective(
        "          - { title: a, status: completed }\n\
         \x20         - { title: b, status: in-progress }\n\
         \x20         - { title: c, status: delayed, progress: 20 }\n\
         \x20         - { title: d, status: not-started }\n\
         \x20         - { title: e, status: cancelled }\n\
         \x20         - { title: f, status: ongoing }\n",
    );
    let r = plan(&plan_from_yaml(&yaml), as_of());
    // (100 + 50 + 20 + 0) / 4; cancelled and ongoing left out but counted.
    assert_eq!(r.plan.percent, Some(42.5));
    assert_eq!(r.plan.counts.items, 6);
    assert_eq!(r.plan.counts.countable(), 4);
    assert_eq!(r.plan.counts.completed, 1);
    assert_eq!(r.plan.counts.cancelled, 1);
    assert_eq!(r.plan.counts.ongoing, 1);
}

#[test]
fn nothing_countable_is_none_not_zero() {
    let yaml = one_objective(
        "          - { title: a, status: ongoing }\n          - { title: b, status: cancelled }\n",
    );
    let r = plan(&plan_from_yaml(&yaml), as_of());
    assert_eq!(r.plan.percent, None);
    assert_eq!(r.goals[0].objectives[0].percent, None);
    assert_eq!(r.plan.counts.items, 2);
}

#[test]
fn empty_levels_are_left_out_of_the_parent_mean() {
    let yaml = "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G1\n    objectives:\n      - title: O\n        actions: [{ title: a, status: completed }]\n  - title: G2\n    objectives:\n      - title: O\n        actions: [{ title: a, status: ongoing }]\n";
    let r = plan(&plan_from_yaml(yaml), as_of());
    assert_eq!(r.goals[1].rollup.percent, None);
    assert_eq!(r.plan.percent, Some(100.0));
}

#[test]
fn weights_change_shares_at_every_level() {
    let yaml = "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G1\n    weight: 3\n    objectives:\n      - title: O\n        actions:\n          - { title: a, status: completed, weight: 3 }\n          - { title: b, status: not-started }\n  - title: G2\n    objectives:\n      - title: O\n        actions: [{ title: a, status: not-started }]\n";
    let r = plan(&plan_from_yaml(yaml), as_of());
    assert_eq!(r.goals[0].rollup.percent, Some(75.0));
    // (75 * 3 + 0 * 1) / 4
    assert_eq!(r.plan.percent, Some(56.25));
}

#[test]
fn plan_without_goals_rolls_up_its_timeline() {
    let yaml = "title: P\nstate: national\ntype: ta-plan\ntimeline:\n  - { title: a, end: 2011-06-30, status: completed }\n  - { title: b, end: 2011-10-21, status: in-progress }\n  - { title: c, end: 2012-06-30 }\n";
    let r = plan(&plan_from_yaml(yaml), as_of());
    assert_eq!(r.plan.percent, Some(50.0));
    assert_eq!(r.plan.counts.overdue, 1, "b is due 2011-10-21 and not done");
}

#[test]
fn overdue_when_due_before_as_of_and_not_closed() {
    let t = |status, due: Option<NaiveDate>| Tracking {
        status,
        progress: OptionalNumber::NONE,
        weight: OptionalNumber::NONE,
        due,
    };
    let cases = [
        (ItemStatus::NotStarted, Some(day(2011, 12, 31)), true),
        (ItemStatus::Delayed, Some(day(2011, 12, 31)), true),
        (ItemStatus::NotStarted, Some(as_of()), false),
        (ItemStatus::Completed, Some(day(2011, 1, 1)), false),
        (ItemStatus::Cancelled, Some(day(2011, 1, 1)), false),
        (ItemStatus::Ongoing, None, false),
    ];
    for (status, due, want) in cases {
        assert_eq!(is_overdue(&t(status, due), as_of()), want, "{status:?} {due:?}");
    }
}

#[test]
fn jurisdiction_is_the_mean_of_its_plans_with_summed_counts() {
    let a = Rollup {
        percent: Some(80.0),
        counts: Counts {
            items: 5,
            completed: 4,
            ..Counts::default()
        },
    };
    let b = Rollup {
        percent: Some(20.0),
        counts: Counts {
            items: 5,
            completed: 1,
            overdue: 2,
            ..Counts::default()
        },
    };
    let none = Rollup {
        percent: None,
        counts: Counts {
            items: 1,
            ongoing: 1,
            ..Counts::default()
        },
    };
    let r = levels([(&a, None), (&b, None), (&none, None)]);
    assert_eq!(r.percent, Some(50.0));
    assert_eq!(r.counts.items, 11);
    assert_eq!(r.counts.overdue, 2);
}

#[test]
fn mean_taken_part_by_part_equals_the_mean_of_the_whole_list() {
    // The mean as it was taken before: the parts listed, then folded.
    let listed = |parts: &[(Option<f64>, Option<f64>)]| {
        let (sum, total) = parts
            .iter()
            .filter_map(|&(value, weight)| Some((value?, weight.unwrap_or(1.0))))
            .fold((0.0, 0.0), |(s, t), (v, w)| (s + v * w, t + w));
        (total > 0.0).then(|| sum / total)
    };
    let cases: &[&[(Option<f64>, Option<f64>)]] = &[
        &[],
        &[(None, Some(2.0))],
        &[(Some(50.0), Some(0.0))],
        &[(Some(100.0), None), (Some(0.0), None), (Some(33.3), None)],
        &[
            (Some(0.1), Some(0.7)),
            (Some(99.9), Some(0.3)),
            (None, None),
            (Some(12.5), Some(3.0)),
        ],
        &[(Some(1e-300), Some(1e300)), (Some(42.0), Some(1e-9))],
    ];
    for parts in cases {
        let mut mean = Mean::default();
        parts.iter().for_each(|&(value, weight)| mean.add(value, weight));
        let bits = |m: Option<f64>| m.map(f64::to_bits);
        assert_eq!(bits(mean.get()), bits(listed(parts)), "{parts:?}");
    }
}
