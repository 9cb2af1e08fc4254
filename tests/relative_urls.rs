//! `relative_urls: true`: every page links to the site relative to itself, so the built site
//! works opened from a folder (`file://`), where a link from the top of the host (`/ec/x/`)
//! or to a folder (`x/`) finds nothing.

mod common;
use common::{TestSite, plan, snapshot};
use std::collections::BTreeMap;

/// The fixture (base_url `/ec/`, 10 rows per page) with enough plans for a second page of
/// the plans listing and of Illinois'.
fn site() -> TestSite {
    let site = TestSite::fixture("relative");
    for i in 0..11 {
        site.write(
            &format!("content/more/plan-{i:02}.md"),
            plan(&format!("Plan {i:02}"), "IL", ""),
        );
    }
    site
}

/// Every HTML page of a built site, by output path.
fn pages(site: &TestSite) -> BTreeMap<String, String> {
    snapshot(&site.root().join("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("pages are UTF-8")))
        .collect()
}

/// The values of the link attributes of `html` (each URL of a `srcset` on its own).
fn links(html: &str) -> Vec<&str> {
    let mut links = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\"", " poster=\"", " srcset=\""] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            let value = &value[..value.find('"').expect("attribute values are quoted")];
            if attr == " srcset=\"" {
                links.extend(value.split(',').filter_map(|c| c.split_whitespace().next()));
            } else {
                links.push(value);
            }
        }
    }
    links
}

/// The file `link` opens from the page at `page` (`plans/x/index.html`), or None when it is
/// not a link into the site (a scheme, another host, a fragment of the page).
fn resolve(page: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let scheme = path.find(':').is_some_and(|c| !path[..c].contains('/'));
    if path.is_empty() || scheme || link.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            ".." => {
                assert!(parts.pop().is_some(), "{page}: {link} leaves the site");
            }
            "." => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Asserts that no page of the built site links from the top of the host (`href="/`) and
/// that every relative link opens a file (not a folder) of the site; returns how many links
/// were followed.
fn assert_opens_from_a_folder(site: &TestSite) -> usize {
    let public = site.root().join("public");
    let mut followed = 0;
    for (path, html) in pages(site) {
        for quote in ["=\"/", "='/"] {
            for (i, _) in html.match_indices(quote) {
                let rest = &html[i + 2..];
                assert!(rest.starts_with("//"), "{path}: {}", &rest[..rest.len().min(60)]);
            }
        }
        for link in links(&html) {
            let Some(target) = resolve(&path, link) else {
                continue;
            };
            assert!(
                public.join(&target).is_file(),
                "{path}: {link} opens {target}, which is not a file"
            );
            followed += 1;
        }
    }
    followed
}

#[test]
fn every_link_of_every_page_opens_a_file_from_a_folder() {
    let site = site();
    site.build(&[]);
    let followed = assert_opens_from_a_folder(&site);
    // Every page links to its stylesheets, scripts, the navigation and the footer's files.
    let pages = pages(&site).len();
    assert!(followed > pages * 10, "{followed} links in {pages} pages");
}

#[test]
fn links_climb_as_many_folders_as_the_page_is_deep() {
    let site = site();
    site.build(&[]);
    let cases = [
        ("index.html", "static/style.css", "plans/alpha/index.html"),
        (
            "plans/alpha/index.html",
            "../../static/style.css",
            "../../states/il/index.html",
        ),
        (
            "plans/page/2/index.html",
            "../../../static/style.css",
            "../../index.html",
        ),
        (
            "states/il/page/2/index.html",
            "../../../../static/style.css",
            "../../index.html",
        ),
        ("404.html", "static/style.css", "plans/index.html"),
    ];
    for (page, stylesheet, link) in cases {
        let html = site.output(page);
        assert!(
            html.contains(&format!("href=\"{stylesheet}\"")),
            "{page}: no {stylesheet}"
        );
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "{page}: no link to {link}"
        );
    }
    let about = site.output("about/index.html");
    for link in [
        "href=\"../plans/alpha/index.html#outreach\"",
        "href=\"../states/il/index.html\"",
        "href=\"../data/plans.json\"",
        "href=\"../search/index.html?q=alpha\"",
        "src=\"../badges/alpha.svg\"",
        "href=\"https://example.org/\"",
        "href=\"mailto:team@example.org\"",
        "href=\"//mirror.example.org/ec/\"",
        "href=\"#end\"",
    ] {
        assert!(about.contains(link), "about: no {link}");
    }
}

#[test]
fn search_finds_its_index_relative_to_its_page() {
    let site = site();
    site.build(&[]);
    let search = site.output("search/index.html");
    assert!(search.contains("data-search-index=\"index.json\""), "{search}");
    assert!(search.contains("data-search-base=\"../\""), "{search}");
    assert!(search.contains("src=\"../static/search.js\""), "{search}");
    let public = site.root().join("public");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("search/index.json")).unwrap()).unwrap();
    for shard in index["shards"].as_array().unwrap() {
        let shard = format!("../{}", shard.as_str().unwrap());
        assert!(
            public
                .join(resolve("search/index.html", &shard).unwrap())
                .is_file(),
            "{shard}"
        );
    }
}

#[test]
fn only_html_pages_change_and_their_links_only() {
    let on = site();
    on.build(&[]);
    let off = site();
    off.write(
        "planpress.yaml",
        std::fs::read_to_string(off.root().join("planpress.yaml"))
            .unwrap()
            .replace("relative_urls: true\n", ""),
    );
    off.build(&[]);
    let (on, off) = (
        snapshot(&on.root().join("public")),
        snapshot(&off.root().join("public")),
    );
    assert_eq!(on.keys().collect::<Vec<_>>(), off.keys().collect::<Vec<_>>());
    for (path, bytes) in &off {
        // `.planpress` is the build's record of what it wrote: the hashes of the pages.
        if !path.ends_with(".html") && !path.starts_with(".planpress") {
            assert!(
                &on[path] == bytes,
                "{path}: feeds, data and static files stay as they are"
            );
        }
    }
    let plan = String::from_utf8(off["plans/alpha/index.html"].clone()).unwrap();
    assert!(plan.contains("href=\"/ec/static/style.css\""), "{plan}");
    assert!(plan.contains("href=\"/ec/states/il/\""), "{plan}");
    // Off, the text between tags is the same: only attribute values differ.
    let on_plan = String::from_utf8(on["plans/alpha/index.html"].clone()).unwrap();
    assert_eq!(text_of(&on_plan), text_of(&plan));
}

/// The page without its tags.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    for piece in html.split('<') {
        text.push_str(piece.split_once('>').map_or(piece, |(_, after)| after));
    }
    text
}

#[test]
fn the_example_site_opens_from_a_folder() {
    let site = TestSite::example();
    let config = std::fs::read_to_string(site.root().join("planpress.yaml")).unwrap();
    site.write("planpress.yaml", format!("{config}relative_urls: true\n"));
    site.build(&[]);
    assert!(assert_opens_from_a_folder(&site) > 1000);
}

fn build_options(site: &TestSite, live_reload: bool) -> planpress::build::BuildOptions {
    planpress::build::BuildOptions {
        load: planpress::site::load::LoadOptions {
            layout: planpress::site::layout::SiteLayout::new(site.root())
                .with_output(site.root().join("public")),
            as_of: chrono::NaiveDate::parse_from_str(common::AS_OF, "%Y-%m-%d").unwrap(),
            base_url: None,
        },
        drafts: false,
        live_reload,
        one_shot: false,
    }
}

#[test]
fn serve_ignores_the_setting_and_keeps_its_live_reload_script() {
    let site = site();
    let built = planpress::build::build(&build_options(&site, true));
    assert!(built.result.is_ok(), "{:?}", built.diagnostics);
    let plan = site.output("plans/alpha/index.html");
    // A preview is served at the server's root, whatever base_url says.
    assert!(plan.contains("href=\"/static/style.css\""), "{plan}");
    assert!(plan.contains("src=\"/__planpress/live.js\""), "{plan}");
}

#[test]
fn a_watch_rebuild_after_an_edit_keeps_links_relative() {
    use planpress::build::session::{Change, Outcome, Session};
    let site = site();
    let (session, built) = Session::start(build_options(&site, false));
    assert!(built.result.is_ok(), "{:?}", built.diagnostics);
    let mut session = session.unwrap();
    let path = site.root().join("content/il/alpha.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("title: Alpha plan", "title: Renamed alpha")).unwrap();
    let changes = [Change::Content("il/alpha.md".to_string())].into();
    match session.apply(&changes, |_| {}) {
        Outcome::Rebuilt(r) => assert!(!r.written.is_empty()),
        Outcome::Failed { diagnostics, .. } => panic!("{diagnostics:?}"),
    }
    let plan = site.output("plans/alpha/index.html");
    assert!(plan.contains("Renamed alpha"), "{plan}");
    assert!(plan.contains("href=\"../../static/style.css\""), "{plan}");
    assert_opens_from_a_folder(&site);
}
