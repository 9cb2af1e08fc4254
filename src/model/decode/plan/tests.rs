//! What a plan's and a page's front matter decode to, and what an author is told about each
//! kind of mistake.

use super::Document;
use crate::content::source::{SourceFile, SourceId};
use crate::model::decode::Decoder;
use crate::model::intern::Interner;
use crate::model::jurisdiction::Jurisdictions;
use crate::model::testing::{decode_yaml, plan_from_yaml};
use crate::model::{ItemStatus, PlanStatus, PlanType};

/// Every diagnostic of decoding `yaml` as a plan: code, message and the text it points at.
fn problems(yaml: &str) -> Vec<(&'static str, String, String)> {
    let (_, diagnostics) = decode_yaml(yaml);
    diagnostics
        .iter()
        .map(|d| {
            let span = d.location.as_ref().and_then(|l| l.span.clone()).unwrap_or(0..0);
            (d.code, d.message.clone(), yaml[span].to_string())
        })
        .collect()
}

/// A plan's front matter with `extra` lines after its required keys.
fn plan_yaml(extra: &str) -> String {
    format!("title: P\nstate: IL\ntype: work-plan\n{extra}")
}

/// A plan whose one objective has one action written as `{ title: a, FIELDS }`.
fn with_action(fields: &str) -> String {
    plan_yaml(&format!(
        "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ title: a, {fields} }}\n"
    ))
}

#[test]
fn errors_name_the_mistake_and_point_at_it() {
    let cases = [
        (
            plan_yaml("status: finale\n"),
            "unknown-word",
            "unknown plan status `finale`",
            "finale",
        ),
        (
            "title: P\nstate: IL\ntype: wrok-plan\n".to_string(),
            "unknown-word",
            "unknown plan type `wrok-plan`",
            "wrok-plan",
        ),
        (
            "title: P\nstate: IL\n".to_string(),
            "missing-key",
            "the plan has no `type`",
            "title: P",
        ),
        (
            "title: P\ntype: work-plan\n".to_string(),
            "missing-key",
            "the plan names no jurisdiction",
            "title: P",
        ),
        (
            "title: P\nstate: ZZ\ntype: work-plan\n".to_string(),
            "unknown-jurisdiction",
            "unknown jurisdiction `ZZ`",
            "ZZ",
        ),
        (
            plan_yaml("states: [IN]\n"),
            "conflicting-keys",
            "give `state` or `states`, not both",
            "[IN]",
        ),
        (
            plan_yaml("region: IX\n"),
            "region-mismatch",
            "region IX does not match the plan's jurisdictions (region V)",
            "IX",
        ),
        (
            plan_yaml("region: XX\n"),
            "unknown-region",
            "unknown region `XX`",
            "XX",
        ),
        (
            plan_yaml("period: { start: 2017-01-01 }\n"),
            "missing-key",
            "the period needs a `start` and an `end`",
            "{ start: 2017-01-01 }",
        ),
        (
            plan_yaml("period: { start: 2017-01-01, end: 2016-01-01 }\n"),
            "reversed-period",
            "the period ends (2016-01-01) before it starts (2017-01-01)",
            "{ start: 2017-01-01, end: 2016-01-01 }",
        ),
        (
            plan_yaml("updated: 2017-02-30\n"),
            "bad-date",
            "`updated` is not a date: `2017-02-30`",
            "2017-02-30",
        ),
        (
            plan_yaml("weight: heavy\n"),
            "not-a-number",
            "`weight` must be a number",
            "heavy",
        ),
        (
            plan_yaml("partners: ELC\n"),
            "wrong-type",
            "expected a list, found a single value",
            "ELC",
        ),
        (
            plan_yaml("goals:\n  - description: no title\n"),
            "missing-key",
            "a goal has no `title`",
            "description: no title",
        ),
        (
            plan_yaml("kind: post\n"),
            "unknown-word",
            "unknown kind `post`",
            "post",
        ),
        (
            with_action("progress: 140"),
            "out-of-range",
            "`progress` is 140, outside 0 to 100",
            "140",
        ),
        (
            with_action("status: don"),
            "unknown-word",
            "unknown status `don`",
            "don",
        ),
        (
            with_action("whoo: Chair"),
            "unknown-key",
            "unknown key `whoo` in an action",
            "whoo",
        ),
        (
            plan_yaml("title: Again\n"),
            "duplicate-key",
            "`title` is given twice in a plan",
            "title",
        ),
    ];
    for (yaml, code, message, pointed) in cases {
        let found = problems(&yaml);
        assert_eq!(
            found,
            [(code, message.to_string(), pointed.to_string())],
            "{yaml}"
        );
    }
}

#[test]
fn help_suggests_the_word_or_shape_meant() {
    let cases = [
        (with_action("status: don"), "did you mean `done`?"),
        (
            with_action("whoo: Chair"),
            "did you mean `who`? Custom data goes under `extra:`",
        ),
        (
            plan_yaml("summry: S\n"),
            "did you mean `summary`? Custom data goes under `extra:`",
        ),
        (
            "title: P\nstate: IL\ntype: wrok-plan\n".to_string(),
            "did you mean `work-plan`?",
        ),
        (
            "title: P\nstate: ILL\ntype: work-plan\n".to_string(),
            "did you mean `IL`?",
        ),
        (plan_yaml("partners: ELC\n"), "write a list: `partners: [ELC]`"),
    ];
    for (yaml, help) in cases {
        let (_, diagnostics) = decode_yaml(&yaml);
        let helps: Vec<_> = diagnostics.iter().map(|d| d.help.as_deref()).collect();
        assert_eq!(helps, [Some(help)], "{yaml}");
    }
}

#[test]
fn every_mistake_of_a_file_is_reported_in_one_run() {
    let yaml = plan_yaml(
        "status: finale\nupdated: 2017-02-30\nsummry: S\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { title: a, status: don, progress: 140 }\n",
    );
    let codes: Vec<_> = problems(&yaml).into_iter().map(|(code, _, _)| code).collect();
    assert_eq!(
        codes,
        [
            "unknown-key",
            "unknown-word",
            "unknown-word",
            "out-of-range",
            "bad-date"
        ]
    );
}

#[test]
fn items_without_a_status_take_it_from_their_timeframe() {
    let cases = [
        ("when: Completed", ItemStatus::Completed),
        ("when: Ongoing", ItemStatus::Ongoing),
        ("when: TBD", ItemStatus::Tbd),
        ("when: June 2011", ItemStatus::NotStarted),
        ("who: Chair", ItemStatus::NotStarted),
        ("when: Ongoing, status: delayed", ItemStatus::Delayed),
        ("when: Completed, status: done", ItemStatus::Completed),
    ];
    for (fields, want) in cases {
        let plan = plan_from_yaml(&with_action(fields));
        let (_, _, item) = plan.items().next().unwrap();
        assert_eq!(item.tracking.status, want, "{fields}");
    }
}

#[test]
fn an_items_due_date_comes_from_due_before_when() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let cases = [
        ("when: June 2011", day("2011-06-30")),
        ("when: Q3 2017", day("2017-09-30")),
        ("when: June 2011, due: 2011-05-15", day("2011-05-15")),
        ("when: Ongoing", None),
        ("when: Ongoing, due: 2012-01-31", day("2012-01-31")),
        ("who: Chair", None),
        // An unreadable `due:` no longer hides `when`'s date (the item was never overdue).
        ("when: June 2011, due: next spring", day("2011-06-30")),
        ("when: June 2011, due: 2011-02-30", day("2011-06-30")),
    ];
    for (fields, want) in cases {
        let plan = plan_from_yaml(&with_action(fields));
        let (_, _, item) = plan.items().next().unwrap();
        assert_eq!(item.tracking.due, want, "{fields}");
    }
}

#[test]
fn an_unreadable_due_date_is_a_warning_at_its_value() {
    let found = problems(&with_action("when: June 2011, due: next spring"));
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, message, at) = &found[0];
    assert_eq!(*code, "unreadable-due");
    assert_eq!(message, "`due: next spring` is not a date planpress can read");
    assert_eq!(at, "next spring");
    assert!(problems(&with_action("when: June 2011, due: 2011-05-15")).is_empty());
}

#[test]
fn a_plain_text_action_is_its_title_and_not_started() {
    let yaml = plan_yaml(
        "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - Hire staff\n        deliverables:\n          - A report\n",
    );
    let plan = plan_from_yaml(&yaml);
    let items: Vec<_> = plan
        .items()
        .map(|(_, _, i)| (i.kind, &*i.title, i.tracking.status, i.who.is_none()))
        .collect();
    use crate::model::ItemKind::{Action, Deliverable};
    assert_eq!(
        items,
        [
            (Action, "Hire staff", ItemStatus::NotStarted, true),
            (Deliverable, "A report", ItemStatus::NotStarted, true),
        ]
    );
}

#[test]
fn jurisdictions_are_canonical_codes_with_their_regions() {
    let cases = [
        ("state: IL", vec!["IL"], vec!["V"]),
        ("state: il", vec!["IL"], vec!["V"]),
        ("states: [IL, IN, IL]", vec!["IL", "IN"], vec!["V"]),
        ("states: [IL, CO]", vec!["IL", "CO"], vec!["V", "VIII"]),
        ("state: national", vec!["national"], vec![]),
        ("state: national\nregion: V", vec!["national"], vec!["V"]),
    ];
    for (lines, codes, regions) in cases {
        let plan = plan_from_yaml(&format!("title: P\ntype: work-plan\n{lines}\n"));
        assert_eq!(plan.jurisdictions, codes, "{lines}");
        assert_eq!(plan.regions, regions, "{lines}");
    }
}

#[test]
fn plans_default_to_the_initial_status_and_the_file_names_slug() {
    let plan = plan_from_yaml(&plan_yaml(""));
    assert_eq!(plan.status, PlanStatus::Initial);
    assert_eq!(plan.plan_type, PlanType::WorkPlan);
    assert_eq!(plan.slug, "t", "from the file name");
    let named = plan_from_yaml(&plan_yaml("slug: my-plan\n"));
    assert_eq!(named.slug, "my-plan");
}

#[test]
fn measures_read_numbers_as_written() {
    let yaml =
        plan_yaml("measures:\n  - { title: Enrolled, baseline: '1,200', actual: 85%, target: about half }\n");
    let plan = plan_from_yaml(&yaml);
    let m = &plan.measures[0];
    fn read(q: &Option<crate::model::Quantity>) -> Option<(&str, Option<f64>)> {
        q.as_ref().map(|q| (q.text.as_str(), q.value))
    }
    assert_eq!(read(&m.baseline), Some(("1,200", Some(1200.0))));
    assert_eq!(read(&m.actual), Some(("85%", Some(85.0))));
    assert_eq!(read(&m.target), Some(("about half", None)), "kept as text");
}

#[test]
fn work_group_members_are_names_or_mappings() {
    let plan = plan_from_yaml(&plan_yaml(
        "workgroup:\n  - Staffer\n  - { name: Jane Doe, role: chair, organization: ELC }\n",
    ));
    let members: Vec<_> = plan
        .workgroup
        .iter()
        .map(|m| (m.name.as_str(), m.role.as_deref(), m.organization.as_deref()))
        .collect();
    assert_eq!(
        members,
        [("Staffer", None, None), ("Jane Doe", Some("chair"), Some("ELC"))]
    );
}

/// Decodes `yaml` as the content file `name` would be.
fn document(yaml: &str, name: &str) -> (Option<Document>, Vec<&'static str>) {
    let file = SourceFile::new(name, name, yaml.to_string());
    let root = crate::yaml::parse(&file, 0..file.text.len(), 1).expect("valid YAML");
    let interner = Interner::default();
    let mut decoder = Decoder::new(&file, SourceId(0), Default::default(), &interner);
    let is_index = name == "_index.md";
    let slug = crate::segment::derived_slug(name.trim_end_matches(".md"));
    let doc = decoder.document(&root, slug, 0..0, is_index, &Jurisdictions::builtin());
    (doc, decoder.diagnostics.iter().map(|d| d.code).collect())
}

#[test]
fn pages_are_told_apart_from_plans() {
    let (doc, codes) = document("kind: page\ntitle: About\norder: 2\n", "about.md");
    let Some(Document::Page(page)) = doc else {
        panic!("a page: {doc:?}")
    };
    assert_eq!(
        (page.title.as_str(), page.slug.as_str(), page.order),
        ("About", "about", Some(2))
    );
    assert!(codes.is_empty(), "{codes:?}");

    // The home page text needs no `kind` and no title.
    let (doc, codes) = document("description: Welcome\n", "_index.md");
    assert!(
        matches!(&doc, Some(Document::Page(p)) if p.is_index && p.title.is_empty()),
        "{doc:?}"
    );
    assert!(codes.is_empty(), "{codes:?}");

    // A page takes none of a plan's keys.
    let (doc, codes) = document("kind: page\ntitle: About\nstate: IL\n", "about.md");
    assert!(matches!(doc, Some(Document::Page(_))));
    assert_eq!(codes, ["unknown-key"]);

    // A page other than the home page needs a title.
    let (doc, codes) = document("kind: page\n", "about.md");
    assert!(doc.is_none());
    assert_eq!(codes, ["missing-key"]);
}
