//! Which changes a watch session patches and which reload the site, which listings an edit
//! of a plan rewrites, and what the author sees when an edit moves a plan between listings.

use super::*;
use crate::model::{PlanStatus, PlanType};
use crate::site::load::LoadOptions;
use crate::site::testing::{WORK_PLAN, site};
use std::path::Path;

#[test]
fn a_plans_keys_show_the_listings_it_appears_on() {
    let site = site(&[WORK_PLAN]);
    let mut keys = Keys::default();
    keys.add(&site, 0);
    let cases = [
        (PageSpec::Jurisdiction("IL".into(), 1), true),
        (PageSpec::Jurisdiction("IN".into(), 1), false),
        (PageSpec::Region("V".into(), 2), true),
        (PageSpec::Region("IX".into(), 1), false),
        (PageSpec::Type(PlanType::WorkPlan, 1), true),
        (PageSpec::Type(PlanType::TaPlan, 1), false),
        (PageSpec::Status(PlanStatus::Final, 1), true),
        (PageSpec::Status(PlanStatus::Draft, 1), false),
        // Parties of its items, its timeline's and its work group.
        (PageSpec::Person("csdwg".into(), 1), true),
        (PageSpec::Person("hvtf".into(), 1), true),
        (PageSpec::Person("state-specialists".into(), 1), true),
        (PageSpec::Person("jane-doe".into(), 1), true),
        (PageSpec::Person("someone-else".into(), 1), false),
        // Pages of everything show every plan.
        (PageSpec::Home, true),
        (PageSpec::Plans(3), true),
        (PageSpec::Jurisdictions, true),
        (PageSpec::People(1), true),
        (PageSpec::Timeline, true),
        // The plan's own page is written first, on its own; these list no plan.
        (PageSpec::Plan(0), false),
        (PageSpec::Page(0), false),
        (PageSpec::Search, false),
        (PageSpec::NotFound, false),
    ];
    for (spec, shows) in cases {
        assert_eq!(keys.shows(&spec), shows, "{spec:?}");
    }
}

fn plan(state: &str, extra: &str) -> String {
    format!(
        "---\ntitle: Plan of {state}\nstate: {state}\ntype: work-plan\nstatus: final\nupdated: 2026-01-01\n{extra}goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ title: a, who: Chair, when: June 2027 }}\n---\nThe narrative.\n"
    )
}

/// A session on a site of two plans (`il.md`, `in.md`), built into `public/`.
fn session(dir: &Path) -> Session {
    std::fs::write(
        dir.join("planpress.yaml"),
        "title: T\nbase_url: https://example.org/\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/il.md"), plan("IL", "")).unwrap();
    std::fs::write(dir.join("content/in.md"), plan("IN", "")).unwrap();
    let options = BuildOptions {
        load: LoadOptions {
            layout: crate::site::layout::SiteLayout::new(dir).with_output(dir.join("public")),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            base_url: None,
        },
        drafts: false,
        live_reload: false,
        one_shot: false,
    };
    let (session, built) = Session::start(options);
    assert!(built.result.is_ok(), "{:?}", built.diagnostics);
    session.expect("a session")
}

#[test]
fn edits_of_existing_files_are_patched_and_anything_else_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(dir.path());
    let content = |rel: &str| Change::Content(rel.to_string());
    let cases: [(Vec<Change>, Option<Vec<&str>>); 7] = [
        (vec![content("il.md")], Some(vec!["il.md"])),
        (
            vec![content("il.md"), content("in.md")],
            Some(vec!["il.md", "in.md"]),
        ),
        (vec![content("new.md")], None),
        (vec![Change::Config], None),
        (vec![Change::Theme], None),
        (vec![Change::Tree], None),
        (vec![content("il.md"), Change::Config], None),
    ];
    for (changes, want) in cases {
        let changes: BTreeSet<Change> = changes.into_iter().collect();
        let got = session
            .edits(&changes)
            .map(|edits| edits.into_iter().map(|(_, rel)| rel).collect::<Vec<_>>());
        let want = want.map(|rels| rels.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(got, want, "{changes:?}");
    }
    // A file that is gone is not an edit: the site is reloaded without it.
    std::fs::remove_file(dir.path().join("content/in.md")).unwrap();
    assert_eq!(session.edits(&[content("in.md")].into()), None);
}

fn rebuilt(outcome: Outcome) -> Rebuilt {
    match outcome {
        Outcome::Rebuilt(r) => r,
        Outcome::Failed { diagnostics, .. } => panic!("{diagnostics:?}"),
    }
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(rel)).unwrap()
}

#[test]
fn a_plan_moved_to_another_state_leaves_the_old_states_listing() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path());
    assert!(read(dir.path(), "states/il/index.html").contains("Plan of IL"));
    std::fs::write(
        dir.path().join("content/il.md"),
        plan("IL", "").replace("state: IL", "state: IN"),
    )
    .unwrap();
    let mut told = Vec::new();
    let changes = [Change::Content("il.md".into())].into();
    let r = rebuilt(session.apply(&changes, |urls| told.extend(urls.to_vec())));
    assert!(!r.full, "patched, not reloaded");
    // A preview is served at the root, whatever the published `base_url`.
    assert_eq!(told, ["/plans/il/"], "the plan's own page first");
    // Illinois's page (every state has one) lists the plan no more; Indiana's lists both.
    assert!(
        r.written.contains(&"states/il/index.html".to_string()),
        "{:?}",
        r.written
    );
    assert!(!read(dir.path(), "states/il/index.html").contains("Plan of IL"));
    let indiana = read(dir.path(), "states/in/index.html");
    assert!(indiana.contains("Plan of IL") && indiana.contains("Plan of IN"));
    assert_same_as_a_clean_build(&session, dir.path());
}

/// Every file the session wrote is what a clean build of the same content writes.
fn assert_same_as_a_clean_build(session: &Session, dir: &Path) {
    let clean = tempfile::tempdir().unwrap();
    let mut options = session.options.clone();
    options.load.layout = options
        .load
        .layout
        .clone()
        .with_output(clean.path().join("public"));
    let built = build::build(&options);
    assert!(built.result.is_ok(), "{:?}", built.diagnostics);
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (live, fresh) = (files(&dir.join("public")), files(&clean.path().join("public")));
    let names = |f: &[(PathBuf, Vec<u8>)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&live), names(&fresh));
    for ((path, a), (_, b)) in live.iter().zip(&fresh) {
        assert!(a == b, "{} differs from a clean build", path.display());
    }
}

#[test]
fn a_narrative_edit_rewrites_the_plans_page_alone_and_a_slug_change_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path());
    let path = dir.path().join("content/il.md");
    let changes: BTreeSet<Change> = [Change::Content("il.md".into())].into();

    std::fs::write(
        &path,
        plan("IL", "").replace("The narrative.", "A new narrative."),
    )
    .unwrap();
    let r = rebuilt(session.apply(&changes, |_| {}));
    assert_eq!(
        (r.full, r.written.as_slice()),
        (false, &["plans/il/index.html".to_string()][..])
    );

    std::fs::write(&path, plan("IL", "slug: illinois\n")).unwrap();
    let r = rebuilt(session.apply(&changes, |_| {}));
    assert!(r.full, "other pages link to the plan by its slug");
    assert!(read(dir.path(), "plans/illinois/index.html").contains("Plan of IL"));
    assert!(!dir.path().join("public/plans/il/index.html").exists());
    assert_same_as_a_clean_build(&session, dir.path());
}

#[test]
fn an_edit_with_errors_is_reported_and_the_last_good_site_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = session(dir.path());
    let before = read(dir.path(), "plans/il/index.html");
    std::fs::write(
        dir.path().join("content/il.md"),
        plan("IL", "").replace("status: final", "status: finale"),
    )
    .unwrap();
    let changes = [Change::Content("il.md".into())].into();
    let Outcome::Failed { diagnostics, sources } = session.apply(&changes, |_| {}) else {
        panic!("an unknown status is an error")
    };
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.code, d.message.as_str()),
        ("unknown-word", "unknown plan status `finale`")
    );
    // The diagnostics quote the edited text.
    let source = d.location.as_ref().unwrap().source;
    assert!(sources.get(source).text.contains("finale"));
    assert_eq!(read(dir.path(), "plans/il/index.html"), before);
    assert_eq!(session.site().plans[0].status, PlanStatus::Final);
}
