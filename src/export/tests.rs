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
        root: root.to_path_buf(),
        config: None,
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
