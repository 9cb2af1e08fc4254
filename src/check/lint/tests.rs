//! Lints as an author meets them: a warning for each part of a plan that is hard to act on,
//! an error for each link that leads nowhere, and the same findings whether the texts are
//! kept (`check`, watch) or freed as they are read (a one-shot build).

use super::lint;
use crate::diag::Diagnostics;
use crate::site::Site;
use crate::site::load::{LoadOptions, load};
use chrono::NaiveDate;
use std::path::Path;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// Writes a site of `files` (paths under `content/`) into `dir`, with a full `base_url`
/// (a path would add the no-sitemap note to every case).
fn write_site(dir: &Path, files: &[(&str, &str)]) -> LoadOptions {
    std::fs::write(
        dir.join("planpress.yaml"),
        "title: T\nbase_url: https://example.org/\n",
    )
    .unwrap();
    for (rel, text) in files {
        let path = dir.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    LoadOptions {
        layout: crate::site::layout::SiteLayout::new(dir),
        as_of: as_of(),
        base_url: None,
    }
}

/// A plan file: front matter of a final Illinois work plan with `extra` lines, and a body.
fn plan_file(extra: &str, body: &str) -> String {
    format!("---\ntitle: P\nstate: IL\ntype: work-plan\nstatus: final\n{extra}---\n{body}\n")
}

/// A plan whose one objective has the action `{ title: a, FIELDS }`.
fn with_action(fields: &str) -> String {
    plan_file(
        &format!(
            "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ title: a, {fields} }}\n"
        ),
        "",
    )
}

/// The site's lints as (code, message, the text pointed at), after loading without errors.
fn lints(files: &[(&str, &str)]) -> Vec<(&'static str, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let (site, loaded) = load(&write_site(dir.path(), files));
    assert!(!loaded.has_errors(), "{loaded:?}");
    described(&site, &lint(&site))
}

fn described(site: &Site, diagnostics: &Diagnostics) -> Vec<(&'static str, String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let location = d.location.as_ref().expect("lints point into a file");
            let text = &site.sources.get(location.source).text;
            let pointed = location.span.clone().map_or("", |s| &text[s]);
            (d.code, d.message.clone(), pointed.to_string())
        })
        .collect()
}

#[test]
fn actions_need_someone_responsible_and_a_timeframe() {
    let cases = [
        ("who: Chair, when: June 2027", None),
        ("who: Chair", Some("action `a` has no `when`")),
        ("when: June 2027", Some("action `a` has no `who`")),
        ("status: ongoing", Some("action `a` has no `who` or `when`")),
        ("responsibility: Chair, timeframe: Ongoing", None),
    ];
    for (fields, want) in cases {
        let found = lints(&[("il/p.md", &with_action(fields))]);
        let found: Vec<_> = found.iter().map(|(code, m, _)| (*code, m.as_str())).collect();
        let want: Vec<_> = want.map(|m| ("action-incomplete", m)).into_iter().collect();
        assert_eq!(found, want, "{fields}");
    }
}

#[test]
fn deliverables_need_no_one_responsible_but_objectives_need_an_action() {
    let plan = plan_file(
        "goals:\n  - title: G\n    objectives:\n      - title: Only a report\n        deliverables:\n          - A report\n",
        "",
    );
    assert_eq!(
        lints(&[("il/p.md", &plan)]),
        [(
            "objective-without-action",
            "objective `Only a report` has no action".to_string(),
            "title: Only a report".to_string()
        )]
    );
}

#[test]
fn a_final_plan_has_nothing_left_to_be_determined() {
    let cases = [
        (
            "final",
            "who: Chair, when: TBD",
            vec!["a final plan still says `TBD`"],
        ),
        (
            "approved",
            "who: Chair, when: June 2027, status: tbd",
            vec!["an approved plan still has an item to be determined"],
        ),
        ("intermediate", "who: Chair, when: TBD", vec![]),
        ("final", "who: Chair, when: June 2027", vec![]),
    ];
    for (status, fields, want) in cases {
        let plan = with_action(fields).replace("status: final", &format!("status: {status}"));
        let found = lints(&[("il/p.md", &plan)]);
        let messages: Vec<_> = found.iter().map(|(_, m, _)| m.as_str()).collect();
        assert_eq!(messages, want, "{status}: {fields}");
        assert!(found.iter().all(|(code, _, _)| *code == "tbd-in-final"));
    }
}

#[test]
fn timeframes_are_dates_inside_the_plans_period() {
    let period = "period: { start: 2026-01-01, end: 2026-12-31 }\n";
    let cases = [
        ("when: June 2026", None),
        (
            "when: when funding allows",
            Some((
                "free-text-timeframe",
                "timeframe `when funding allows` is not a date planpress can read",
                "when funding allows",
            )),
        ),
        (
            "when: Q1 2027",
            Some((
                "date-outside-period",
                "`Q1 2027` falls outside the plan's period (2026-01-01 to 2026-12-31)",
                "Q1 2027",
            )),
        ),
    ];
    for (when, want) in cases {
        let plan = with_action(&format!("who: Chair, {when}")).replace("goals:", &format!("{period}goals:"));
        let found = lints(&[("il/p.md", &plan)]);
        let want: Vec<_> = want
            .map(|(c, m, p)| (c, m.to_string(), p.to_string()))
            .into_iter()
            .collect();
        assert_eq!(found, want, "{when}");
    }
    // Timeline steps are held to the period too.
    let plan = plan_file(
        &format!("{period}timeline:\n  - {{ title: S, start: 2025-12-01, end: 2026-02-01 }}\n"),
        "",
    );
    let found = lints(&[("il/p.md", &plan)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0, found[0].2.as_str()),
        ("date-outside-period", "2025-12-01")
    );
}

#[test]
fn links_into_the_site_lead_to_a_file_and_an_anchor_it_has() {
    let target = plan_file(
        "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { id: I.1, title: a, who: Chair, when: June 2027 }\n",
        "## Outreach\n\nText.",
    );
    let cases = [
        ("[b](@/il/b.md)", None),
        ("[b](@/il/b.md#outreach)", None),
        ("[b](@/il/b.md#i-1)", None),
        (
            "[b](@/il/bee.md)",
            Some((
                "link to `il/bee.md`, which does not exist",
                Some("did you mean `@/il/b.md`?"),
            )),
        ),
        (
            "[b](@/il/b.md#intake)",
            Some(("`il/b.md` has no heading or item `#intake`", None)),
        ),
    ];
    for (link, want) in cases {
        let source = plan_file("", &format!("See {link}."));
        let dir = tempfile::tempdir().unwrap();
        let (site, _) = load(&write_site(
            dir.path(),
            &[("il/a.md", &source), ("il/b.md", &target)],
        ));
        let found = lint(&site);
        let found: Vec<_> = found
            .iter()
            .map(|d| (d.code, d.message.as_str(), d.help.as_deref()))
            .collect();
        let want: Vec<_> = want
            .map(|(message, help)| {
                let help = help.unwrap_or(
                    "link to a heading's id (its text in lowercase with hyphens) or an item's `id`",
                );
                ("broken-link", message, Some(help))
            })
            .into_iter()
            .collect();
        assert_eq!(found, want, "{link}");
        if !want.is_empty() {
            let pointed = &described(&site, &lint(&site))[0].2;
            assert!(link.contains(pointed.as_str()), "{link}: points at {pointed:?}");
        }
    }
}

#[test]
fn lints_are_the_same_when_texts_are_freed_as_they_are_read() {
    let files = [
        (
            "il/a.md",
            plan_file("", "See [b](@/il/b.md#nowhere) and [c](@/il/c.md)."),
        ),
        ("il/b.md", with_action("when: whenever")),
        (
            "about.md",
            "---\nkind: page\ntitle: About\n---\n[a](@/il/a.md#history)\n".to_string(),
        ),
    ];
    let files: Vec<_> = files.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let dir = tempfile::tempdir().unwrap();
    let options = write_site(dir.path(), &files);
    let (_, kept) = crate::check::check(&options);
    let (_, freed) = crate::check::check_released(&options);
    let all = |d: &Diagnostics| d.iter().cloned().collect::<Vec<_>>();
    assert_eq!(all(&kept), all(&freed));
    let codes: Vec<_> = kept.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "broken-link",
            "broken-link",
            "broken-link",
            "action-incomplete",
            "free-text-timeframe"
        ]
    );
}

/// The suggestion for a broken link followed the order of a HashMap, which changes from run
/// to run: with two paths equally close, `check` said one or the other.
#[test]
fn a_broken_links_suggestion_is_the_same_in_every_run() {
    let files = [
        ("il/a.md", plan_file("", "")),
        ("il/b.md", plan_file("", "")),
        (
            "about.md",
            "---\nkind: page\ntitle: About\n---\nSee [c](@/il/c.md).\n".to_string(),
        ),
    ];
    let files: Vec<_> = files.iter().map(|(r, t)| (*r, t.as_str())).collect();
    for run in 0..8 {
        let dir = tempfile::tempdir().unwrap();
        let (site, _) = load(&write_site(dir.path(), &files));
        let helps: Vec<_> = lint(&site).iter().map(|d| d.help.clone()).collect();
        assert_eq!(
            helps,
            [Some("did you mean `@/il/b.md`?".to_string())],
            "run {run}"
        );
    }
}
