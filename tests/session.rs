//! Watch-mode rebuilds: after each edit of a sequence, the incremental result is byte for
//! byte what a clean build of the same content gives, and a bad edit keeps the last good
//! site.

mod common;
use common::{AS_OF, TestSite, snapshot};
use planpress::build::session::{Change, Outcome, Session};
use planpress::build::{BuildOptions, build};
use planpress::site::layout::SiteLayout;
use planpress::site::load::LoadOptions;
use std::collections::BTreeSet;
use std::path::Path;

fn options(root: &Path, output: &Path) -> BuildOptions {
    let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    BuildOptions {
        load: LoadOptions {
            layout: SiteLayout::new(root).with_output(output),
            as_of,
            base_url: None,
        },
        drafts: false,
        live_reload: true,
        one_shot: false,
    }
}

/// Asserts the session's output equals a clean build of the same site.
fn assert_same_as_clean_build(site: &TestSite, step: &str) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    let built = build(&options(site.root(), &out));
    assert!(
        built.result.is_ok(),
        "{step}: clean build failed: {:?}",
        built.diagnostics
    );
    let (live, fresh) = (snapshot(&site.root().join("public")), snapshot(&out));
    let differ: Vec<_> = fresh
        .keys()
        .chain(live.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|k| live.get(*k) != fresh.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{step}: files differ from a clean build: {differ:?}"
    );
}

fn edit(site: &TestSite, rel: &str, from: &str, to: &str) -> BTreeSet<Change> {
    let path = site.root().join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    [Change::Content(rel.to_string())].into()
}

fn apply(session: &mut Session, changes: &BTreeSet<Change>) -> Outcome {
    session.apply(changes, |_| {})
}

fn rebuilt(outcome: Outcome, step: &str) -> planpress::build::session::Rebuilt {
    match outcome {
        Outcome::Rebuilt(r) => r,
        Outcome::Failed { diagnostics, .. } => panic!("{step}: {diagnostics:?}"),
    }
}

const IL: &str = "illinois/csdwg-work-plan.md";

#[test]
fn incremental_rebuilds_match_a_clean_build_after_each_edit() {
    let site = TestSite::example();
    let (session, built) = Session::start(options(site.root(), &site.root().join("public")));
    assert!(built.result.is_ok(), "{:?}", built.diagnostics);
    let mut session = session.unwrap();

    let steps = [
        ("retitle a plan", "title: ", "title: Renamed "),
        ("complete an action", "status: in-progress", "status: completed"),
        ("a new responsible party", "who: ", "who: Brand New Office, "),
        ("move to another state", "state: IL", "state: WI"),
        ("change the slug", "slug: csdwg-work-plan", "slug: csdwg"),
    ];
    for (step, from, to) in steps {
        let changes = edit(&site, IL, from, to);
        let r = rebuilt(apply(&mut session, &changes), step);
        assert!(!r.written.is_empty(), "{step}: nothing written");
        assert_same_as_clean_build(&site, step);
    }
}

#[test]
fn a_plain_edit_is_patched_not_reloaded() {
    let site = TestSite::example();
    let mut session = Session::start(options(site.root(), &site.root().join("public")))
        .0
        .unwrap();
    let mut told = Vec::new();
    let changes = edit(&site, IL, "title: ", "title: Renamed ");
    let r = rebuilt(
        session.apply(&changes, |urls| told.extend(urls.to_vec())),
        "retitle",
    );
    assert!(!r.full);
    assert_eq!(told, ["/plans/csdwg-work-plan/"]);
    assert!(
        r.written
            .contains(&"plans/csdwg-work-plan/index.html".to_string())
    );
    assert!(r.written.contains(&"states/il/index.html".to_string()));
    assert!(
        !r.written.contains(&"states/tx/index.html".to_string()),
        "{:?}",
        r.written
    );
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_a_fix_recovers() {
    let site = TestSite::example();
    let mut session = Session::start(options(site.root(), &site.root().join("public")))
        .0
        .unwrap();
    let before = snapshot(&site.root().join("public"));
    let changes = edit(&site, IL, "status: in-progress", "status: don");
    match apply(&mut session, &changes) {
        Outcome::Failed { diagnostics, sources } => {
            let d = diagnostics
                .iter()
                .find(|d| d.code == "unknown-word")
                .expect("unknown status");
            let text = planpress::diag::render::human_string(d, &sources);
            assert!(text.contains("status: don"), "{text}");
        }
        Outcome::Rebuilt(r) => panic!("a bad edit was built: {r:?}"),
    }
    assert_eq!(snapshot(&site.root().join("public")), before);
    // A lint error (a link to nowhere) is refused too, and rolled back.
    let changes = edit(&site, IL, "status: don", "status: in-progress");
    rebuilt(apply(&mut session, &changes), "fix");
    assert_same_as_clean_build(&site, "fix");
    let changes = edit(&site, IL, "\n---\n", "\n---\nSee [gone](@/nowhere.md).\n");
    assert!(matches!(apply(&mut session, &changes), Outcome::Failed { .. }));
    let changes = edit(&site, IL, "See [gone](@/nowhere.md).\n", "");
    rebuilt(apply(&mut session, &changes), "fix the link");
    assert_same_as_clean_build(&site, "fix the link");
}

#[test]
fn new_deleted_and_settings_changes_reload_the_site() {
    let site = TestSite::example();
    let mut session = Session::start(options(site.root(), &site.root().join("public")))
        .0
        .unwrap();
    site.write(
        "content/ohio/new-plan.md",
        common::plan("A new Ohio plan", "OH", ""),
    );
    let r = rebuilt(
        apply(&mut session, &[Change::Content("ohio/new-plan.md".into())].into()),
        "add",
    );
    assert!(r.full);
    assert!(site.output("states/oh/index.html").contains("A new Ohio plan"));
    assert_same_as_clean_build(&site, "add");
    std::fs::remove_file(site.root().join("content/ohio/new-plan.md")).unwrap();
    let r = rebuilt(
        apply(&mut session, &[Change::Content("ohio/new-plan.md".into())].into()),
        "delete",
    );
    assert!(r.removed > 0);
    assert!(!site.root().join("public/plans/new-plan").exists());
    assert_same_as_clean_build(&site, "delete");
    site.write("planpress.yaml", "title: Another title\n");
    rebuilt(apply(&mut session, &[Change::Config].into()), "settings");
    assert!(site.output("index.html").contains("Another title"));
    assert_same_as_clean_build(&site, "settings");
}

#[test]
fn a_narrative_edit_rewrites_only_the_plans_page() {
    let site = TestSite::example();
    let mut session = Session::start(options(site.root(), &site.root().join("public")))
        .0
        .unwrap();
    let changes = edit(
        &site,
        IL,
        "\n---\n",
        "\n---\nA new first paragraph of the narrative.\n\n",
    );
    let r = rebuilt(apply(&mut session, &changes), "narrative");
    assert_eq!(r.written, ["plans/csdwg-work-plan/index.html"]);
    assert!(
        site.output("plans/csdwg-work-plan/index.html")
            .contains("A new first paragraph")
    );
    assert_same_as_clean_build(&site, "narrative");
}

#[test]
fn renaming_a_heading_that_another_plan_links_to_is_refused() {
    let site = TestSite::example();
    let mut session = Session::start(options(site.root(), &site.root().join("public")))
        .0
        .unwrap();
    let ca = "california/tailored-ta-plan-2017.md";
    let link = "\n---\nSee [why](@/illinois/csdwg-work-plan.md#why-local-partnerships).\n\n";
    rebuilt(
        apply(&mut session, &edit(&site, ca, "\n---\n", link)),
        "link to a heading",
    );
    let changes = edit(&site, IL, "## Why local partnerships", "## Why partnerships");
    match apply(&mut session, &changes) {
        Outcome::Failed { diagnostics, .. } => {
            let d = diagnostics
                .iter()
                .find(|d| d.code == "broken-link")
                .expect("a broken link");
            assert!(d.message.contains("#why-local-partnerships"), "{}", d.message);
        }
        Outcome::Rebuilt(_) => panic!("the heading rename broke a link and was built"),
    }
    let changes = edit(&site, IL, "## Why partnerships", "## Why local partnerships");
    rebuilt(apply(&mut session, &changes), "rename back");
    assert_same_as_clean_build(&site, "rename back");
}
