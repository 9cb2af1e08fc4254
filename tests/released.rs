//! A one-shot `planpress build` frees each file's text once it is decoded: pages read their
//! bodies back from disk, diagnostics read back the lines they quote, and a file changed
//! in between is reported instead of used.

mod common;
use common::{AS_OF, TestSite, stderr};
use planpress::site::load::LoadOptions;

fn site() -> TestSite {
    TestSite::fixture("released")
}

/// What `check` (which keeps every text) prints for the site: the diagnostics as they
/// looked before texts were ever released.
fn checked(site: &TestSite) -> String {
    stderr(&site.run(&["check", "--as-of", AS_OF]))
}

#[test]
fn a_one_shot_build_shows_bodies_read_back_from_disk() {
    let site = site();
    site.build(&[]);
    let alpha = site.output("plans/alpha/index.html");
    assert!(alpha.contains("The alpha body, read back from disk."), "{alpha}");
    assert!(alpha.contains("Narrative of alpha"), "{alpha}");
    assert!(site.output("index.html").contains("<strong>home intro</strong>"));
    let about = site.output("about/index.html");
    assert!(about.contains("About these plans"), "{about}");
}

#[test]
fn a_warning_on_a_released_plan_quotes_its_line() {
    let site = site();
    let built = stderr(&site.build(&[]));
    assert!(built.contains("--> content/il/alpha.md:11:13"), "{built}");
    assert!(
        built.contains("11 |           - { title: Hire staff, when: 2026-01-01 }"),
        "{built}"
    );
    let checked = checked(&site);
    assert!(built.starts_with(&checked), "build:\n{built}\ncheck:\n{checked}");
}

#[test]
fn errors_found_after_the_texts_were_freed_quote_their_lines() {
    let site = site();
    // A broken fragment (checked against alpha's read-back headings) and a slug taken twice
    // (its span in the front matter).
    site.write(
        "content/tx/alpha.md",
        "---\ntitle: Other alpha\nstate: TX\ntype: work-plan\nstatus: final\n---\nSee\n[there](@/il/alpha.md#nowhere).\n",
    );
    let out = site.run(&["build", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    let built = stderr(&out);
    assert!(built.contains("--> content/tx/alpha.md:8:1"), "{built}");
    assert!(built.contains("8 | [there](@/il/alpha.md#nowhere)."), "{built}");
    assert!(built.contains("--> content/tx/alpha.md:2:8"), "{built}");
    assert!(built.contains("2 | title: Other alpha"), "{built}");
    assert!(built.starts_with(&checked(&site)), "{built}");
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_file_changed_after_loading_is_reported_not_used() {
    use planpress::diag::render::human_string;
    use planpress::render::pages::{self, PageSpec, RenderContext};
    let site_dir = site();
    let options = LoadOptions {
        layout: planpress::site::layout::SiteLayout::new(site_dir.root()),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        base_url: None,
    };
    let (site, diagnostics) = planpress::check::check_released(&options);
    let i = site.plans.iter().position(|p| p.slug == "alpha").unwrap();
    let alpha = &site.plans[i];
    assert!(
        site.sources.get(alpha.source).text.is_empty(),
        "the text was freed"
    );
    assert!(
        site.body(alpha.source, &alpha.body)
            .unwrap()
            .contains("alpha body")
    );

    let path = site_dir.root().join("content/il/alpha.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("alpha body", "ALPHA BODY")).unwrap();

    let err = site.body(alpha.source, &alpha.body).unwrap_err();
    assert_eq!(err.code, "changed-during-build");
    assert!(
        err.message.contains("`content/il/alpha.md` changed"),
        "{}",
        err.message
    );
    let index = planpress::site::index::Index::new(&site, false);
    let urls = planpress::site::urls::Urls::new(&site.config.base_url);
    let theme = planpress::render::templates::load(&site.layout, None).unwrap();
    let cx = RenderContext::new(&site, &index, &urls, &theme, false);
    let err = pages::render(&cx, &PageSpec::Plan(i)).unwrap_err();
    assert_eq!(err.code, "changed-during-build");

    // The warning found at load can no longer quote its line, and says why.
    let warning = diagnostics
        .iter()
        .find(|d| d.code == "action-incomplete")
        .unwrap();
    let shown = human_string(warning, &site.sources);
    assert!(
        shown.contains("`content/il/alpha.md` changed since it was read"),
        "{shown}"
    );
    assert!(!shown.contains("Hire staff, when"), "{shown}");
}
