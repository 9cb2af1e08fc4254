//! What the built-in theme's templates write: links only to pages that exist, and labels
//! that say what a link leads to.

mod common;

use common::TestSite;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by its path relative to `dir` with `/` separators.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `href`, `src` and `action` attribute of `html`, entities decoded.
fn link_targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let end = rest.find('"').expect("closing quote");
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

/// The site path (from the output folder, no leading `/`) a link on the page at `page`
/// (a file path like `plans/x/index.html`) leads to; None for links that leave the site or
/// stay on the page.
fn resolve(page: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap();
    if target.is_empty() || target.contains(':') || target.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir.extend(target.split('/'));
        dir
    };
    let mut out: Vec<&str> = Vec::new();
    let last = parts.pop().unwrap_or("");
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(p),
        }
    }
    let file = match last {
        "" | "." => "index.html",
        ".." => {
            out.pop();
            "index.html"
        }
        name => name,
    };
    out.push(file);
    Some(out.join("/"))
}

#[test]
fn resolve_follows_absolute_and_relative_links() {
    let cases = [
        ("index.html", "/about/", Some("about/index.html")),
        ("index.html", "about/", Some("about/index.html")),
        ("plans/x/index.html", "../../about/#top", Some("about/index.html")),
        ("plans/x/index.html", "../", Some("plans/index.html")),
        ("plans/x/index.html", "..", Some("plans/index.html")),
        ("types/index.html", "/data/actions.csv", Some("data/actions.csv")),
        ("index.html", "/", Some("index.html")),
        ("index.html", "#main", None),
        ("index.html", "https://example.org/", None),
        ("index.html", "mailto:a@example.org", None),
    ];
    for (page, target, want) in cases {
        assert_eq!(resolve(page, target).as_deref(), want, "{page:?} {target:?}");
    }
}

/// The example site without its one plain page, `about.md`, and the home text's link to it.
fn example_without_about() -> TestSite {
    let site = TestSite::example();
    std::fs::remove_file(site.root().join("content/about.md")).unwrap();
    let home = std::fs::read_to_string(site.root().join("content/_index.md")).unwrap();
    let home: String = home
        .lines()
        .filter(|l| !l.contains("@/about.md"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("content/_index.md", home);
    site
}

#[test]
fn no_page_links_to_a_plain_page_the_site_does_not_have() {
    let site = example_without_about();
    site.build(&[]);
    let public = files(&site.root().join("public"));
    assert!(!public.contains_key("about/index.html"));
    let mut pages = 0;
    for (path, bytes) in &public {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        for target in link_targets(&html) {
            let Some(file) = resolve(path, &target) else {
                continue;
            };
            assert!(
                !file.starts_with("about/"),
                "{path} links to {target}, a page this site does not have"
            );
            assert!(
                public.contains_key(&file),
                "{path} links to {target}, which the build did not write"
            );
        }
    }
    assert!(pages > 100, "only {pages} pages");
}

#[test]
fn type_and_status_indexes_link_every_plain_page_by_its_title() {
    let site = example_without_about();
    site.build(&[]);
    for page in ["types/index.html", "status/index.html"] {
        assert!(!site.output(page).contains("See also"), "{page}");
    }

    site.write(
        "content/reading.md",
        "---\nkind: page\ntitle: Reading a plan\n---\nText.\n",
    );
    site.write(
        "content/glossary.md",
        "---\nkind: page\ntitle: Glossary\n---\nText.\n",
    );
    site.write(
        "content/contact.md",
        "---\nkind: page\ntitle: Contact\n---\nText.\n",
    );
    site.build(&[]);
    for page in ["types/index.html", "status/index.html"] {
        let html = site.output(page);
        assert!(
            html.contains(
                "See also <a href=\"/contact/\">Contact</a>, <a href=\"/glossary/\">Glossary</a> \
                 and <a href=\"/reading/\">Reading a plan</a>."
            ),
            "{page}: {}",
            html.lines()
                .find(|l| l.contains("See also"))
                .unwrap_or("no See also")
        );
    }
}

#[test]
fn the_link_to_actions_csv_names_every_kind_of_row_it_holds() {
    let site = TestSite::example();
    site.build(&[]);
    let csv = site.output("data/actions.csv");
    // The file holds actions, deliverables and timeline steps...
    let kinds = ["action", "deliverable", "step"];
    for kind in kinds {
        assert!(
            csv.lines().any(|l| l.split(',').any(|cell| cell == kind)),
            "no {kind} row in actions.csv"
        );
    }
    // ...and every page's link to it says so.
    let public = files(&site.root().join("public"));
    for (path, bytes) in &public {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for (i, _) in html.match_indices("data/actions.csv\">") {
            let text = &html[i + "data/actions.csv\">".len()..];
            let text = &text[..text.find("</a>").unwrap()];
            assert_eq!(text, "Actions, deliverables and timeline steps as CSV", "{path}");
        }
    }
}

#[test]
fn the_filter_of_a_paged_plan_listing_says_it_covers_the_page_and_links_the_search() {
    let site = TestSite::new();
    site.write("planpress.yaml", "title: Test plans\nper_page: 10\n");
    for i in 1..=12 {
        site.write(
            &format!("content/p{i}.md"),
            common::plan(&format!("Plan {i}"), "IL", ""),
        );
    }
    site.build(&[]);
    let first = site.output("plans/index.html");
    assert!(first.contains(" data-paged hidden>"), "{first}");
    assert!(first.contains(">Filter this page by words</label>"));
    assert!(first.contains(
        "The filters and sorting cover this page only; <a href=\"/search/\">search</a> finds \
         any of all 12 plans."
    ));
    assert!(
        first.contains("<a href=\"/search/\" data-filter-search data-total=\"12\">Search all 12 plans</a>")
    );

    // One page of plans: the filter covers every plan and needs no search.
    site.write("planpress.yaml", "title: Test plans\nper_page: 20\n");
    site.build(&[]);
    let only = site.output("plans/index.html");
    assert!(!only.contains("data-paged"));
    assert!(!only.contains("data-filter-search"));
    assert!(only.contains(">Filter by words</label>"));
}
