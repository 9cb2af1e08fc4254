//! Reviewed snapshots (insta) of what readers and authors see: the example site's data file,
//! the `<main>` of plan and listing pages (theme chrome left out), and what `check` prints
//! on a broken site. A change to any of them fails here until its new text is read and
//! accepted (`INSTA_UPDATE=always cargo test --test snapshots`, then review the diff of
//! `tests/snapshots/`).
//!
//! The fixtures pin every date: the as-of date is fixed, and each plan gives `updated:`, so
//! nothing depends on git history or file times.

mod common;
use common::{AS_OF, TestSite, built_fixture, pretty_json, stderr};

#[test]
fn example_site_data_and_pages_read_as_reviewed() {
    let site = TestSite::example();
    site.build(&[]);

    let plans_json = site.output("data/plans.json");
    let pretty = pretty_json(&plans_json);
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
    assert_eq!(parse(&pretty), parse(&plans_json), "laid out, not changed");
    insta::assert_snapshot!("example_plans_json", pretty);

    insta::assert_snapshot!(
        "example_plan_page_main",
        site.main_of("plans/csdwg-work-plan/index.html")
    );
    insta::assert_snapshot!("example_state_page_main", site.main_of("states/il/index.html"));
}

#[test]
fn small_site_checks_clean() {
    let site = TestSite::fixture("small");
    let (diagnostics, code) = site.check_json();
    assert_eq!((diagnostics.len(), code), (0, 0), "{diagnostics:#?}");
}

#[test]
fn small_site_pages_read_as_reviewed() {
    let site = built_fixture("small");

    let timeline_plan = site.main_of("plans/ta-planning-2026/index.html");
    // The step that ended before the as-of date and is not done is overdue.
    assert!(timeline_plan.contains("Alignment of technical assistance resources"));
    insta::assert_snapshot!("small_timeline_plan_main", timeline_plan);

    let measures_plan = site.main_of("plans/part-c-improvement-plan/index.html");
    assert!(measures_plan.contains("Installation sites using the practices with fidelity"));
    insta::assert_snapshot!("small_measures_plan_main", measures_plan);

    insta::assert_snapshot!("small_plans_listing_main", site.main_of("plans/index.html"));
    insta::assert_snapshot!("small_timeline_page_main", site.main_of("timeline/index.html"));
}

#[test]
fn check_on_broken_site_reports_every_problem_as_reviewed() {
    let site = TestSite::fixture("broken");

    let json = site.run(&["check", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(json.status.code(), Some(1), "errors exit with 1");
    let json = site.redact(&String::from_utf8_lossy(&json.stdout));
    for code in [
        "unknown-word",
        "free-text-timeframe",
        "unknown-key",
        "reversed-period",
        "bad-date",
        "duplicate-slug",
        "yaml",
    ] {
        assert!(json.contains(&format!("\"code\":\"{code}\"")), "{code}: {json}");
    }
    insta::assert_snapshot!("broken_check_json", json);

    let human = site.run(&["check", "--as-of", AS_OF]);
    assert_eq!(human.status.code(), Some(1), "errors exit with 1");
    insta::assert_snapshot!("broken_check_human", site.redact(&stderr(&human)));
}
