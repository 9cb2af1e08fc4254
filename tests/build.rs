//! `planpress build` on fixture sites: what a reader sees on the pages, and the safety of
//! the output folder.

mod common;
use common::{TestSite, plan, snapshot, stderr};
use std::collections::BTreeMap;
use std::path::Path;

fn actions(list: &str) -> String {
    format!(
        "goals:\n  - title: Reach families\n    objectives:\n      - title: Build capacity\n        actions:\n{list}"
    )
}

fn three_plans() -> TestSite {
    let site = TestSite::new();
    site.write("content/il/alpha.md", plan("Alpha plan", "IL", ""));
    site.write(
        "content/multi/beta.md",
        plan("Beta plan", "IL", "").replace("state: IL", "states: [IL, IN]"),
    );
    site.write("content/tx/gamma.md", plan("Gamma plan", "TX", ""));
    site
}

#[test]
fn a_state_page_lists_exactly_its_plans() {
    let site = three_plans();
    site.build(&[]);
    let il = site.output("states/il/index.html");
    assert!(il.contains("Alpha plan") && il.contains("Beta plan"), "{il}");
    assert!(!il.contains("Gamma plan"));
    let indiana = site.output("states/in/index.html");
    assert!(indiana.contains("Beta plan") && !indiana.contains("Alpha plan"));
    let region = site.output("regions/v/index.html");
    assert!(region.contains("Alpha plan") && region.contains("Beta plan") && !region.contains("Gamma plan"));
    assert!(site.output("regions/vi/index.html").contains("Gamma plan"));
}

#[test]
fn figures_on_pages_match_the_roll_up() {
    let site = TestSite::new();
    let list = "          - { title: a, who: x, when: 2026-01-01, status: completed }\n          - { title: b, who: x, when: 2026-02-01, status: in-progress }\n          - { title: c, who: x, when: 2026-03-01, status: not-started }\n          - { title: d, who: x, when: 2026-03-01, status: cancelled }\n";
    site.write("content/il/alpha.md", plan("Alpha plan", "IL", &actions(list)));
    site.build(&[]);
    let page = site.output("plans/alpha/index.html");
    // (100 + 50 + 0) / 3 = 50; cancelled is counted but left out of the percentage.
    assert!(page.contains("50%"), "{page}");
    assert!(page.contains("1 of 3 done · 2 overdue"), "{page}");
    assert!(page.contains("Overdue"), "overdue items say so in words");
    let plans = site.output("plans/index.html");
    assert!(plans.contains("50%") && plans.contains("1 of 3 done"), "{plans}");
}

#[test]
fn drafts_appear_only_with_the_drafts_flag() {
    let site = TestSite::new();
    site.write("content/il/a.md", plan("Alpha plan", "IL", ""));
    site.write(
        "content/il/d.md",
        plan("Draft plan", "IL", "").replace("status: final", "status: draft"),
    );
    site.build(&[]);
    assert!(!site.root().join("public/plans/d").exists());
    assert!(!site.output("plans/index.html").contains("Draft plan"));
    site.build(&["--drafts"]);
    assert!(site.output("plans/d/index.html").contains("Draft plan"));
    assert!(site.output("states/il/index.html").contains("Draft plan"));
}

#[test]
fn hostile_titles_and_markdown_come_out_escaped() {
    let site = TestSite::new();
    let text = plan(
        "\"<script>alert(1)</script>\"",
        "IL",
        "summary: \"<img src=x onerror=alert(2)>\"\n",
    )
    .replace(
        "Narrative.",
        "<script>alert(3)</script>\n\n[click](javascript:alert(4)) [data](data:text/html,hi)\n",
    );
    site.write("content/il/evil.md", text);
    site.build(&[]);
    for page in [
        "plans/evil/index.html",
        "plans/index.html",
        "states/il/index.html",
        "index.html",
    ] {
        let html = site.output(page);
        assert!(!html.contains("<script>alert"), "{page}: {html}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("javascript:alert"), "{page}");
        assert!(!html.contains("data:text/html"), "{page}");
    }
    assert!(
        site.output("plans/evil/index.html")
            .contains("&lt;script&gt;alert(1)")
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_as_it_was() {
    let site = three_plans();
    site.build(&[]);
    let before = snapshot(&site.root().join("public"));
    site.write("content/il/alpha.md", "---\ntitle: [broken\n---\n");
    let out = site.run(&["build", "--as-of", common::AS_OF]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot(&site.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_dangerous_and_foreign_output_folders() {
    let site = three_plans();
    let root = site.root().to_string_lossy().into_owned();
    let content = site.root().join("content").to_string_lossy().into_owned();
    let parent = site.root().parent().unwrap().to_string_lossy().into_owned();
    for out in [&root, &content, &parent] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.status.code(), Some(2), "{out}: {}", stderr(&run));
        assert!(stderr(&run).contains("refusing"), "{}", stderr(&run));
    }
    site.write("docs/notes.txt", "mine");
    let run = site.run(&["build", "--output", &site.root().join("docs").to_string_lossy()]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(site.root().join("docs/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = TestSite::example();
    site.build(&[]);
    let first = snapshot(&site.root().join("public"));
    let other = site.root().join("again");
    site.build(&["--output", &other.to_string_lossy()]);
    assert_eq!(snapshot(&other), first);
    assert!(
        first.len() > 100,
        "the example site has many files: {}",
        first.len()
    );
}

#[test]
fn every_link_works_under_a_sub_path() {
    let site = TestSite::example();
    site.build(&["--base-url", "/sub/path/"]);
    let public = site.root().join("public");
    for (path, bytes) in snapshot(&public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/", "action=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                assert!(
                    rest.starts_with("/sub/path/"),
                    "{path}: {}",
                    &rest[..rest.len().min(60)]
                );
            }
        }
    }
}

#[test]
fn every_page_kind_is_written() {
    let site = TestSite::example();
    site.build(&[]);
    for page in [
        "index.html",
        "plans/index.html",
        "plans/csdwg-work-plan/index.html",
        "states/index.html",
        "states/il/index.html",
        "regions/index.html",
        "regions/v/index.html",
        "types/index.html",
        "types/work-plan/index.html",
        "status/index.html",
        "status/final/index.html",
        "people/index.html",
        "timeline/index.html",
        "search/index.html",
        "about/index.html",
        "404.html",
        "static/style.css",
    ] {
        let html = site.output(page);
        assert!(!html.is_empty(), "{page}");
    }
}

#[test]
fn the_sitemap_lists_exactly_the_pages_written() {
    let site = TestSite::example();
    // A sitemap lists full URLs: the example's `base_url` is a path, so one is given.
    site.build(&["--base-url", "https://example.org/ec/"]);
    let public = site.root().join("public");
    let sitemap = site.output("sitemap.xml");
    let listed: std::collections::BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| {
            let url = s.split("</loc>").next().unwrap();
            url.strip_prefix("https://example.org/ec/")
                .unwrap_or_else(|| panic!("not a full URL of the site: {url}"))
                .to_string()
        })
        .map(|p| {
            if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            }
        })
        .collect();
    let written: std::collections::BTreeSet<String> = snapshot(&public)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    assert_eq!(listed, written);
}

#[test]
fn plans_json_follows_the_contract() {
    let site = TestSite::example();
    site.build(&[]);
    let data: serde_json::Value = serde_json::from_str(&site.output("data/plans.json")).unwrap();
    assert_eq!(data["as_of"], common::AS_OF);
    let plans = data["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 12, "the draft plan is left out");
    for key in [
        "slug",
        "url",
        "title",
        "jurisdictions",
        "region",
        "type",
        "status",
        "progress",
        "counts",
        "goals",
    ] {
        assert!(plans.iter().all(|p| p.get(key).is_some()), "{key}");
    }
    let counts = [
        "items",
        "completed",
        "in_progress",
        "not_started",
        "ongoing",
        "delayed",
        "on_hold",
        "cancelled",
        "tbd",
        "overdue",
    ];
    for key in counts {
        assert!(
            plans.iter().all(|p| p["counts"].get(key).is_some()),
            "counts.{key}"
        );
    }
    let il = plans.iter().find(|p| p["slug"] == "csdwg-work-plan").unwrap();
    assert_eq!(il["jurisdictions"], serde_json::json!(["IL"]));
    assert_eq!(il["region"], "V");
    let action = &il["goals"][0]["objectives"][0]["actions"][0];
    for key in ["title", "who", "when", "due", "status", "progress", "overdue"] {
        assert!(action.get(key).is_some(), "action.{key}: {action}");
    }
    // The page shows the same figure as the export.
    let page = site.output("plans/csdwg-work-plan/index.html");
    let percent = il["progress"].as_f64().map(|p| format!("{}%", p.round()));
    assert!(
        percent.as_ref().is_some_and(|p| page.contains(p.as_str())),
        "{percent:?}"
    );
    let csv = site.output("data/actions.csv");
    assert!(
        csv.starts_with(
            "plan,plan_url,jurisdiction,goal,objective,kind,id,title,who,when,due,status,progress,overdue"
        ),
        "{csv}"
    );
    let ics = site.output("calendar.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.trim_end().ends_with("END:VCALENDAR"));
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn a_second_build_with_nothing_changed_does_nothing() {
    let site = three_plans();
    site.build(&[]);
    let page = site.root().join("public/plans/alpha/index.html");
    let before = (inode(&page), snapshot(&site.root().join("public")));
    let out = site.build(&[]);
    assert!(stderr(&out).contains("up to date"), "{}", stderr(&out));
    assert_eq!((inode(&page), snapshot(&site.root().join("public"))), before);
    // Another as-of date is another build.
    let out = site.run(&["build", "--as-of", "2030-01-01"]);
    assert!(!stderr(&out).contains("up to date"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_build_after_one_change_writes_only_what_changed_and_matches_a_clean_build() {
    let site = three_plans();
    site.build(&[]);
    let public = site.root().join("public");
    let (alpha, gamma) = (
        public.join("plans/alpha/index.html"),
        public.join("plans/gamma/index.html"),
    );
    let (alpha_before, gamma_before) = (inode(&alpha), inode(&gamma));
    site.write("content/il/alpha.md", plan("Alpha plan, revised", "IL", ""));
    site.build(&[]);
    assert!(
        site.output("plans/alpha/index.html")
            .contains("Alpha plan, revised")
    );
    assert_ne!(inode(&alpha), alpha_before, "the changed page is written");
    assert_eq!(
        inode(&gamma),
        gamma_before,
        "an unchanged page is linked, not written"
    );
    // What the reuse left is exactly what a clean build makes.
    let clean = TestSite::new();
    common::copy_dir(&site.root().join("content"), &clean.root().join("content"));
    clean.build(&[]);
    let strip = |mut files: BTreeMap<String, Vec<u8>>| {
        files.remove(".planpress");
        files
    };
    assert_eq!(
        strip(snapshot(&public)),
        strip(snapshot(&clean.root().join("public")))
    );
}

#[test]
fn a_template_change_rebuilds() {
    let site = three_plans();
    site.build(&[]);
    site.write(
        "templates/404.html",
        "<!doctype html><title>Lost</title><p>Custom not found",
    );
    let out = site.build(&[]);
    assert!(!stderr(&out).contains("up to date"));
    assert!(site.output("404.html").contains("Custom not found"));
}

/// A page's text as a browser lays it out outside `<pre>`: every run of whitespace is one
/// space. The `<pre>` blocks, where whitespace shows, are returned whole beside it.
fn as_laid_out(html: &str) -> (String, Vec<&str>) {
    let pre = html
        .match_indices("<pre")
        .map(|(at, _)| &html[at..at + html[at..].find("</pre>").map_or(0, |end| end + 6)])
        .collect();
    (html.split_whitespace().collect::<Vec<_>>().join(" "), pre)
}

#[test]
fn the_built_in_theme_sends_no_indentation_and_pages_read_the_same() {
    // The example site with the built-in theme, whose indentation is dropped on loading,
    // and again with the theme's own files as the site's templates, used as written.
    let built_in = TestSite::example();
    built_in.build(&[]);
    let as_written = TestSite::example();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    common::copy_dir(&theme, &as_written.root().join("templates"));
    as_written.build(&[]);

    let pages = |site: &TestSite| {
        let mut files = snapshot(&site.root().join("public"));
        files.retain(|name, _| !name.starts_with(".planpress"));
        files
    };
    let (compact, indented) = (pages(&built_in), pages(&as_written));
    assert_eq!(
        compact.keys().collect::<Vec<_>>(),
        indented.keys().collect::<Vec<_>>()
    );
    let (mut compact_bytes, mut indented_bytes) = (0, 0);
    for (name, bytes) in &compact {
        let other = &indented[name];
        if !name.ends_with(".html") {
            assert_eq!(bytes, other, "{name}: only HTML pages come from the templates");
            continue;
        }
        let (page, other) = (
            std::str::from_utf8(bytes).unwrap(),
            std::str::from_utf8(other).unwrap(),
        );
        assert_eq!(as_laid_out(page), as_laid_out(other), "{name} reads differently");
        compact_bytes += page.len();
        indented_bytes += other.len();
    }
    // The theme's indented lines come out flush (and the file as written still has them).
    let plan = |files: &BTreeMap<String, Vec<u8>>| {
        String::from_utf8(files["plans/csdwg-work-plan/index.html"].clone()).unwrap()
    };
    assert!(
        plan(&compact).contains("\n<nav class=\"site-nav\" aria-label=\"Main\">\n<div class=\"container\">")
    );
    assert!(
        plan(&indented)
            .contains("\n  <nav class=\"site-nav\" aria-label=\"Main\">\n    <div class=\"container\">")
    );
    assert!(
        compact_bytes * 100 < indented_bytes * 95,
        "HTML {compact_bytes} bytes against {indented_bytes} as written"
    );
}

#[test]
fn a_settings_file_given_with_config_is_read_in_place_of_the_root_one() {
    let site = three_plans();
    site.write("conf/site.yaml", "title: Given settings\n");
    let out = site.build(&["--config", &site.root().join("conf/site.yaml").to_string_lossy()]);
    assert!(stderr(&out).contains("built"), "{}", stderr(&out));
    assert!(site.output("index.html").contains("Given settings"));
    assert!(!site.output("index.html").contains("Test plans"));
}

#[test]
fn a_missing_settings_file_is_an_error_only_when_given() {
    let site = three_plans();
    std::fs::remove_file(site.root().join("planpress.yaml")).unwrap();
    let missing = site.root().join("conf/none.yaml");
    let out = site.run(&["check", "--config", &missing.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("none.yaml"), "{}", stderr(&out));
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
