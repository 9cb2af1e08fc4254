//! Helpers for the exports' unit tests: a site built in memory from plan front matter, with
//! the same roll-ups the loader computes, and its index.

use crate::config::Config;
use crate::model::rollup;
use crate::model::testing::plan_from_yaml;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::layout::SiteLayout;
use chrono::NaiveDate;

/// The as-of date of test sites.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, 1).expect("valid date")
}

/// A site holding one plan per YAML text (front matter without fences), judged as of
/// [`as_of`].
pub fn site(plans: &[&str]) -> Site {
    let plans: Vec<_> = plans.iter().map(|yaml| plan_from_yaml(yaml)).collect();
    Site {
        layout: SiteLayout::new("/site"),
        config: Config {
            title: "Test plans".into(),
            per_page: 10,
            ..Config::default()
        },
        rollups: plans.iter().map(|p| rollup::plan(p, as_of())).collect(),
        plans,
        pages: Vec::new(),
        sources: Default::default(),
        paths: Default::default(),
        as_of: as_of(),
    }
}

/// A site and its index (drafts excluded).
pub fn site_and_index(plans: &[&str]) -> (Site, Index) {
    let site = site(plans);
    let index = Index::new(&site, false);
    (site, index)
}

/// A plan with a goal, an objective, an overdue action, a completed deliverable and a
/// dated timeline step.
pub const WORK_PLAN: &str = r#"
title: Community Systems Work Plan
slug: csdwg
state: IL
type: work-plan
status: final
period: { start: 2023-01-01, end: 2024-12-31 }
updated: 2024-03-15
summary: Build community systems.
partners: [Home Visiting Task Force]
workgroup:
  - { name: Jane Doe, role: convener }
goals:
  - title: Advise the task force
    objectives:
      - id: I
        title: Provide technical assistance
        actions:
          - title: Build a cadre of consultants
            who: CSDWG, HVTF
            when: 2024-03-31
            status: in-progress
            progress: 40
          - title: Meet monthly
            who: CSDWG
            when: Ongoing
            status: ongoing
        deliverables:
          - title: Toolkit
            who: CSDWG
            when: 2023-06-30
            status: completed
timeline:
  - title: Identify needs
    start: 2024-06-01
    end: 2024-06-30
    status: not-started
    responsibilities:
      State Specialists: [Facilitate calls]
"#;

/// A plan with no items at all (nothing countable).
pub const EMPTY_PLAN: &str = r#"
title: Empty Plan
slug: empty
states: [IL, IN]
type: ta-plan
status: initial
"#;

/// A plan whose every text is hostile to some format.
pub const HOSTILE_PLAN: &str = r#"
title: "<script>&\"' =cmd"
slug: hostile
state: IN
type: action-plan
status: approved
updated: 2024-04-01
summary: "a, b; c\\d <b>"
goals:
  - title: "=HYPERLINK(\"http://x\")"
    objectives:
      - title: "+1"
        actions:
          - title: "@SUM(A1), <i>; \\ end"
            who: "-2"
            when: 2024-07-01
            status: not-started
"#;

/// Escapes in every kind of text, nulls and values, progress with and without decimals,
/// dated and undated steps, empty lists.
pub const TRICKY_PLAN: &str = r#"
title: "Tab\there \"q\" \\ \u0001 é 进"
slug: tricky
state: IL
type: work-plan
status: final
summary: "line\nbreak"
period: { start: 2020-02-29, end: 2021-01-01 }
goals:
  - id: "g\"1"
    title: "\u001f"
    objectives:
      - id: o
        title: O
        actions:
          - { title: A, who: "W\t", when: "Q1 \"24\"", progress: 33.33, status: in-progress }
        deliverables: []
      - title: P
        deliverables:
          - { id: "d\r", title: D, when: 2019-12-31 }
timeline:
  - { title: S, start: 2024-01-01, end: Q2 2024, status: completed }
  - { id: "\\", title: T }
"#;
