//! Names that become path segments of the output (slugs, person pages, jurisdiction codes,
//! region ids): `check` reports every one that `build` could not write where it belongs,
//! with its place, and a build of such a site writes nothing, anywhere.

mod common;
use common::{AS_OF, TestSite, plan, snapshot};
use std::path::Path;
use std::process::{Command, Output};

/// Runs `planpress ARGS --root ROOT`.
fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run planpress")
}

/// A site whose names would each have made a path outside where it belongs.
fn hostile(site: &TestSite) {
    site.write(
        "planpress.yaml",
        "title: T\njurisdictions:\n  list:\n    - { code: ../../x, name: Escape }\n    - { code: ZZ, name: Zed, region: ../r }\nregions:\n  - { id: 'a/b', name: Slash }\n",
    );
    site.write("content/!!!.md", plan("Bangs", "IL", ""));
    site.write("content/---.md", "---\nkind: page\ntitle: Dashes\n---\n");
    site.write("content/plans.md", "---\nkind: page\ntitle: Plans\n---\n");
    site.write("content/page.md", plan("Page", "IL", ""));
    site.write("content/dots.md", plan("Dots", "IL", "slug: ../../x\n"));
    site.write(
        "content/long.md",
        plan("Long", "IL", &format!("slug: {}\n", "a".repeat(300))),
    );
    site.write(
        "content/about.md",
        "---\nkind: page\ntitle: About\nslug: states\n---\n",
    );
}

#[test]
fn check_reports_every_unusable_name_with_its_file_and_line() {
    let site = TestSite::new();
    hostile(&site);
    let (diagnostics, code) = site.check_json();
    assert_eq!(code, 1, "{diagnostics:#?}");
    let found: Vec<(&str, &str, u64)> = diagnostics
        .iter()
        .filter(|d| d["code"] != "unknown-jurisdiction" && d["code"] != "no-sitemap")
        .map(|d| {
            assert!(d["help"].is_string(), "no help: {d}");
            (
                d["file"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap_or_else(|| panic!("no line: {d}")),
            )
        })
        .collect();
    let want = [
        ("content/---.md", "no-slug", 1),
        ("content/!!!.md", "no-slug", 1),
        ("content/about.md", "reserved-slug", 4),
        ("content/dots.md", "bad-slug", 6),
        ("content/long.md", "bad-slug", 6),
        ("content/page.md", "reserved-slug", 1),
        ("content/plans.md", "reserved-slug", 1),
        ("planpress.yaml", "bad-code", 4),
        ("planpress.yaml", "bad-code", 5),
        ("planpress.yaml", "bad-code", 7),
    ];
    for w in want {
        assert!(found.contains(&w), "missing {w:?} in {found:#?}");
    }
    assert_eq!(found.len(), want.len(), "{found:#?}");
}

/// A site to build: what it shows, its planpress.yaml, and its content files.
type Case<'a> = (&'a str, String, Vec<(&'a str, String)>);

#[test]
fn a_build_of_unusable_names_writes_nothing_anywhere() {
    let yaml = |list: &str| format!("title: T\njurisdictions:\n  list:\n    - {list}\n");
    let good = ("content/good.md", plan("Good", "IL", ""));
    let cases: Vec<Case> = vec![
        (
            "a code that climbs out",
            yaml("{ code: ../../x, name: Escape }"),
            vec![("content/x.md", plan("X", "../../x", ""))],
        ),
        (
            "a region that climbs out",
            yaml("{ code: ZZ, name: Zed, region: ../../r }"),
            vec![("content/z.md", plan("Z", "ZZ", ""))],
        ),
        (
            "a plan file name with no slug",
            "title: T\n".into(),
            vec![good.clone(), ("content/!!!.md", plan("Bangs", "IL", ""))],
        ),
        (
            "a page file name with no slug",
            "title: T\n".into(),
            vec![
                good.clone(),
                ("content/---.md", "---\nkind: page\ntitle: D\n---\n".into()),
            ],
        ),
    ];
    for (what, settings, files) in cases {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("deep/site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("planpress.yaml"), settings).unwrap();
        for (rel, text) in files {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), text).unwrap();
        }
        let before = snapshot(outer.path());
        let out = run(&root, &["build", "--as-of", AS_OF]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", common::stderr(&out));
        assert_eq!(snapshot(outer.path()), before, "{what}: the build wrote files");
        assert!(!root.join("public").exists(), "{what}");
    }
}

#[test]
fn long_names_build_into_file_names_that_fit_and_check_agrees() {
    let site = TestSite::new();
    let who = "Department of Early Childhood Education and Care ".repeat(7);
    let chinese = "中".repeat(120);
    let member = "Community Systems Development Work Group member ".repeat(6);
    let party = "Office of Child Care Regional Program Office ".repeat(7);
    let long_plan = plan(
        "Long names",
        "IL",
        &format!(
            "workgroup:\n  - {{ name: '{member}' }}\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ title: A, who: '{who}', when: 2026-12-01 }}\n          - {{ title: B, who: '{chinese}', when: 2026-12-01 }}\ntimeline:\n  - title: S\n    start: 2026-01-01\n    responsibilities:\n      '{party}': [Review]\n"
        ),
    );
    // The longest file name most file systems allow: its badge would be 256 bytes.
    let file_name = format!("content/{}.md", "b".repeat(252));
    site.write(&file_name, &long_plan);
    let (diagnostics, code) = site.check_json();
    assert!(
        diagnostics.iter().all(|d| d["severity"] != "error") && code == 0,
        "{diagnostics:#?}"
    );
    site.build(&[]);
    let output = site.root().join("public");
    let written: Vec<String> = walkdir::WalkDir::new(&output)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let longest = written.iter().map(String::len).max().unwrap();
    assert!(longest <= 124, "a name of {longest} bytes");
    let people = std::fs::read_dir(output.join("people")).unwrap().count();
    assert!(people >= 5, "{people} entries under people/");
    let page = std::fs::read_dir(output.join("plans"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .expect("the plan's folder");
    assert!(page.file_name().len() <= 120);
    assert!(page.path().join("index.html").is_file());
}

#[test]
fn new_plan_refuses_names_that_leave_content() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("deep/site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let cases: [&[&str]; 4] = [
        &["new", "plan", "--state", "../../x", "Title"],
        &["new", "plan", "--slug", "../../x", "Title"],
        &["new", "plan", "!!!"],
        &["new", "plan", "--slug", "page", "Title"],
    ];
    for args in cases {
        let out = run(&root, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", common::stderr(&out));
        let err = common::stderr(&out);
        assert!(err.contains("= help: "), "{args:?}: {err}");
        assert!(snapshot(outer.path()).is_empty(), "{args:?} wrote a file");
    }
}

#[test]
fn every_folder_a_build_makes_at_the_top_is_a_reserved_page_slug() {
    let site = TestSite::example();
    site.build(&[]);
    let pages = ["about"];
    let folders: Vec<String> = std::fs::read_dir(site.root().join("public"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !pages.contains(&name.as_str()))
        .collect();
    assert!(folders.len() >= 10, "{folders:?}");
    for folder in folders {
        assert!(
            planpress::segment::RESERVED_PAGE_SLUGS.contains(&folder.as_str()),
            "a page with the slug `{folder}` would be written into a listing's folder"
        );
    }
}
