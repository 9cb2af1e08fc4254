//! Loading a site folder: what it holds afterwards, and what its author is told about files
//! that could not be used, without one bad file stopping the others.

use super::{LoadOptions, load, load_released};
use crate::diag::Diagnostics;
use crate::model::rollup;
use crate::site::Site;
use chrono::NaiveDate;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// A site folder holding `files` (paths from the site root), and the options to load it.
fn site_folder(files: &[(&str, &str)]) -> (tempfile::TempDir, LoadOptions) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = LoadOptions {
        layout: crate::site::layout::SiteLayout::new(dir.path()),
        as_of: as_of(),
        base_url: None,
    };
    (dir, options)
}

fn plan(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\nstate: IL\ntype: work-plan\n{extra}---\nBody of {title}.\n")
}

/// Each diagnostic as (code, file name).
fn found(site: &Site, diagnostics: &Diagnostics) -> Vec<(&'static str, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let file = d
                .location
                .as_ref()
                .map_or(String::new(), |l| site.sources.get(l.source).name.clone());
            (d.code, file)
        })
        .collect()
}

fn titles(site: &Site) -> Vec<&str> {
    site.plans.iter().map(|p| p.title.as_str()).collect()
}

#[test]
fn a_folder_without_content_is_an_error_that_says_where_to_run() {
    let (_dir, options) = site_folder(&[("planpress.yaml", "title: T\n")]);
    let (site, diagnostics) = load(&options);
    let d: Vec<_> = diagnostics.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "io");
    assert!(
        d[0].message.starts_with("no `content` folder in `"),
        "{}",
        d[0].message
    );
    assert!(d[0].help.as_deref().unwrap().contains("--root DIR"));
    assert!(site.plans.is_empty());
}

#[test]
fn files_that_cannot_be_used_are_reported_and_the_others_loaded() {
    let cases = [
        ("", "empty-file"),
        ("# Just Markdown\n", "no-front-matter"),
        ("---\ntitle: Never closed\n", "unclosed-front-matter"),
        ("---\ntitle: [unclosed\n---\n", "yaml"),
        ("---\ntitle: No type\nstate: IL\n---\n", "missing-key"),
    ];
    for (text, code) in cases {
        let (_dir, options) = site_folder(&[
            ("content/a.md", &plan("A", "")),
            ("content/b.md", text),
            ("content/c.md", &plan("C", "")),
        ]);
        let (site, diagnostics) = load(&options);
        assert_eq!(
            found(&site, &diagnostics),
            [(code, "content/b.md".to_string())],
            "{text:?}"
        );
        assert_eq!(titles(&site), ["A", "C"], "{text:?}");
    }
}

#[test]
fn an_empty_home_page_text_is_named_for_what_it_is() {
    let (_dir, options) = site_folder(&[("content/_index.md", ""), ("content/a.md", &plan("A", ""))]);
    let (_, diagnostics) = load(&options);
    let help = diagnostics.iter().next().and_then(|d| d.help.clone()).unwrap();
    assert!(help.starts_with("write the home page text:"), "{help}");
}

#[test]
fn plans_are_in_path_order_with_their_own_rollups() {
    let done = "goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { title: a, status: completed }\n";
    let (_dir, options) = site_folder(&[
        ("content/z/last.md", &plan("Last", "")),
        ("content/a/first.md", &plan("First", done)),
        ("content/m/broken.md", "---\ntitle: [\n---\n"),
        ("content/m/middle.md", &plan("Middle", "status: draft\n")),
        ("content/about.md", "---\nkind: page\ntitle: About\n---\n"),
    ]);
    let (site, _) = load(&options);
    assert_eq!(titles(&site), ["First", "Middle", "Last"]);
    assert_eq!(site.pages.len(), 1);
    assert_eq!(site.rollups.len(), site.plans.len());
    for (plan, rollup) in site.plans.iter().zip(&site.rollups) {
        assert_eq!(*rollup, rollup::plan(plan, as_of()), "{}", plan.title);
    }
    assert_eq!(site.rollups[0].plan.percent, Some(100.0));
    let rels: Vec<_> = site
        .plans
        .iter()
        .map(|p| site.paths[&p.source].as_str())
        .collect();
    assert_eq!(rels, ["a/first.md", "m/middle.md", "z/last.md"]);
}

#[test]
fn two_plans_or_pages_with_one_slug_are_an_error_naming_the_other_file() {
    let (_dir, options) = site_folder(&[
        ("content/il/work-plan.md", &plan("Illinois", "")),
        ("content/in/work-plan.md", &plan("Indiana", "slug: work-plan\n")),
        ("content/a.md", "---\nkind: page\ntitle: A\nslug: about\n---\n"),
        ("content/about.md", "---\nkind: page\ntitle: About\n---\n"),
    ]);
    let (site, diagnostics) = load(&options);
    let slugs: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.help.as_deref().unwrap()))
        .collect();
    assert_eq!(
        slugs,
        [
            (
                "duplicate-slug",
                "two plans have the slug `work-plan`",
                "`content/il/work-plan.md` has it too: give one of them another `slug:` or file name"
            ),
            (
                "duplicate-slug",
                "two pages have the slug `about`",
                "`content/a.md` has it too: give one of them another `slug:`"
            ),
        ]
    );
    assert_eq!(found(&site, &diagnostics)[0].1, "content/in/work-plan.md");
}

#[test]
fn a_plan_without_updated_takes_its_files_date() {
    let (dir, options) = site_folder(&[
        ("content/given.md", &plan("Given", "updated: 2011-06-15\n")),
        ("content/file.md", &plan("File", "")),
    ]);
    let (site, _) = load(&options);
    let file_date = crate::site::updated::modified(&dir.path().join("content/file.md"));
    let updated: Vec<_> = site.plans.iter().map(|p| (p.title.as_str(), p.updated)).collect();
    assert_eq!(
        updated,
        [
            ("File", file_date),
            ("Given", NaiveDate::from_ymd_opt(2011, 6, 15))
        ]
    );
}

#[test]
fn settings_are_optional_but_a_named_settings_file_must_exist() {
    let (_dir, mut options) = site_folder(&[("content/a.md", &plan("A", ""))]);
    let (site, diagnostics) = load(&options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(site.config.base_url, "/");

    options.layout = options
        .layout
        .clone()
        .with_settings(options.layout.root.join("elsewhere.yaml"));
    let (_, diagnostics) = load(&options);
    assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["io"]);
}

#[test]
fn base_url_from_the_command_line_overrides_the_settings() {
    let (_dir, mut options) = site_folder(&[
        ("planpress.yaml", "title: T\nbase_url: /plans/\n"),
        ("content/a.md", &plan("A", "")),
    ]);
    options.base_url = Some("https://example.org/".into());
    let (site, _) = load(&options);
    assert_eq!(site.config.base_url, "https://example.org/");
    assert_eq!(site.config.title, "T");
}

#[test]
fn freeing_texts_as_they_are_read_loads_the_same_site() {
    let (_dir, options) = site_folder(&[
        ("content/a.md", &plan("A", "updated: 2020-01-01\n")),
        (
            "content/b.md",
            &plan("B", "updated: 2020-01-01\nstatus: finale\n"),
        ),
        ("content/about.md", "---\nkind: page\ntitle: About\n---\nText.\n"),
    ]);
    let (kept, kept_diagnostics) = load(&options);
    let (freed, freed_diagnostics, _) = load_released(&options);
    assert_eq!(kept.plans, freed.plans);
    assert_eq!(kept.pages, freed.pages);
    assert_eq!(found(&kept, &kept_diagnostics), found(&freed, &freed_diagnostics));
    // The freed site still reads each body back from disk.
    let plan = &freed.plans[0];
    assert_eq!(freed.body(plan.source, &plan.body).unwrap(), "Body of A.\n");
}
