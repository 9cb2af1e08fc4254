//! The exports of a small site loaded from disk: every file is there, and two runs give the
//! same bytes.

use super::*;
use crate::site::load::{LoadOptions, load};
use chrono::NaiveDate;
use std::path::Path;

const WORK_PLAN: &str = "---
title: Community Systems Development Work Group Work Plan
slug: csdwg-work-plan
state: IL
type: work-plan
status: final
updated: 2011-06-15
summary: Advise the Home Visiting Task Force.
partners: [Home Visiting Task Force]
goals:
  - title: Advise the Home Visiting Task Force on a technical assistance model
    objectives:
      - id: I
        title: Develop and provide high quality technical assistance to communities
        actions:
          - title: Build a cadre of lead consultants
            who: CSDWG SF grantee, SAC grantee
            when: June 2011
            status: in-progress
        deliverables:
          - title: Early Childhood Community Systems Development Toolkit
            who: CSDWG
            when: Completed
            status: completed
---
The narrative.
";

const TA_PLAN: &str = "---
title: TA Planning 2016
state: national
type: ta-plan
status: intermediate
updated: 2016-09-01
timeline:
  - title: Identification of state and territory needs
    start: 2016-09-06
    end: 2016-10-21
    status: completed
    responsibilities:
      State Systems Specialists: [Facilitate stakeholder calls]
---
";

const DRAFT_PLAN: &str = "---
title: A Draft
state: IN
type: action-plan
status: draft
---
";

const ABOUT: &str = "---
kind: page
title: About these plans
---
How to read the plans.
";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
    std::fs::write(&path, text).expect("write file");
}

fn exported(root: &Path) -> Vec<OutputFile> {
    let options = LoadOptions {
        layout: crate::site::layout::SiteLayout::new(root),
        as_of: NaiveDate::from_ymd_opt(2011, 9, 1).expect("date"),
        base_url: None,
    };
    let (site, diagnostics) = load(&options);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let index = Index::new(&site, false);
    files(&site, &index, &Urls::new(&site.config.base_url))
}

#[test]
fn exports_every_file_of_a_loaded_site_identically_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "planpress.yaml",
        "title: Early childhood plans\nbase_url: https://example.org/ec/\n",
    );
    write(root, "content/illinois/csdwg-work-plan.md", WORK_PLAN);
    write(root, "content/national/ta-planning-2016.md", TA_PLAN);
    write(root, "content/indiana/draft.md", DRAFT_PLAN);
    write(root, "content/about.md", ABOUT);

    let first = exported(root);
    let mut got: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "badges/csdwg-work-plan.svg",
            "badges/ta-planning-2016.svg",
            "calendar.ics",
            "data/actions.csv",
            "data/plans.json",
            "feed.xml",
            "robots.txt",
            "search/0.json",
            "search/index.json",
            "sitemap.xml",
        ]
    );
    let second = exported(root);
    assert_eq!(first, second, "two runs give the same bytes");

    let text = |path: &str| {
        let file = first.iter().find(|f| f.path == path).expect("exported");
        String::from_utf8(file.bytes.clone()).expect("UTF-8")
    };
    assert!(
        !text("data/plans.json").contains("A Draft"),
        "drafts are not exported"
    );
    assert!(
        text("sitemap.xml").contains("<loc>https://example.org/ec/about/</loc>"),
        "plain pages are in the sitemap"
    );
    assert!(text("calendar.ics").contains("DTSTART;VALUE=DATE:20110630\r\n"));
    assert!(text("data/actions.csv").contains("Identification of state and territory needs"));
}

/// With a path for `base_url` the sitemap's `<loc>`s were relative, which the protocol
/// does not allow; the calendar's URLs were paths too.
#[test]
fn a_site_without_a_full_url_has_no_sitemap_and_no_links_in_its_calendar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "planpress.yaml",
        "title: Early childhood plans\nbase_url: /ec/\n",
    );
    write(root, "content/illinois/csdwg-work-plan.md", WORK_PLAN);
    let files = exported(root);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(!paths.contains(&"sitemap.xml"), "{paths:?}");
    let text = |path: &str| {
        let file = files.iter().find(|f| f.path == path).expect("exported");
        String::from_utf8(file.bytes.clone()).expect("UTF-8")
    };
    assert_eq!(text("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!text("calendar.ics").contains("URL:"));
}

#[test]
fn xml_escape_handles_markup_quotes_and_invalid_characters() {
    let cases = [
        ("<script>&\"'", "&lt;script&gt;&amp;&quot;&apos;"),
        ("a\u{0}b\u{1b}c", "abc"),
        ("tab\tline\nend", "tab\tline\nend"),
        ("\u{FFFE}ok", "ok"),
        ("plain é", "plain é"),
    ];
    for (input, want) in cases {
        assert_eq!(xml_escape(input), want, "{input:?}");
    }
}

/// Where the expected exports of [`expected_site`] are stored, one file each at its output
/// path. `PLANPRESS_BLESS=1 cargo test --lib export::tests::every_export` writes them anew
/// (then review the diff).
const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/export/expected");

/// The plans of the exports' unit tests, every text hostile to some format among them,
/// published under a full URL (so the sitemap and the calendar's links are made).
fn expected_site() -> Vec<OutputFile> {
    use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, TRICKY_PLAN, WORK_PLAN, site_and_index};
    let (site, index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN, TRICKY_PLAN]);
    files(&site, &index, &Urls::new("https://example.org/ec/"))
}

/// Every file under `dir`, by path relative to it, but the `.gitattributes` that keeps
/// their line endings.
fn stored(dir: &Path) -> Vec<OutputFile> {
    let mut out: Vec<OutputFile> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file() && e.file_name() != ".gitattributes")
        .map(|e| {
            let path = e.path().strip_prefix(dir).expect("inside").to_string_lossy();
            let bytes = std::fs::read(e.path()).expect("readable");
            OutputFile::new(path.replace('\\', "/"), bytes)
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[test]
fn every_export_is_its_stored_expected_file() {
    let made = expected_site();
    let dir = Path::new(EXPECTED);
    if std::env::var_os("PLANPRESS_BLESS").is_some() {
        for file in stored(dir) {
            std::fs::remove_file(dir.join(&file.path)).expect("removable");
        }
        for file in &made {
            write(dir, &file.path, std::str::from_utf8(&file.bytes).expect("UTF-8"));
        }
    }
    let expected = stored(dir);
    let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&made), paths(&expected), "the files exported");
    for (made, expected) in made.iter().zip(&expected) {
        // As text, so that a difference reads as a diff (line endings shown escaped).
        let text = |f: &OutputFile| String::from_utf8_lossy(&f.bytes).replace('\r', "\\r");
        assert_eq!(text(made), text(expected), "{}", made.path);
        assert_eq!(made.bytes, expected.bytes, "{}", made.path);
    }
}
