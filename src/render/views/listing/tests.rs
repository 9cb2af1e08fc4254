//! What the listing pages show a reader: which plans and items, in which order, with which
//! counts, split into which pages.

use super::*;
use crate::render::views::plan_urls;
use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

/// A plan of `state`, with `updated` (or none) and one action `{ title, FIELDS }`.
fn plan(slug: &str, state: &str, updated: Option<&str>, action: &str) -> String {
    let updated = updated.map_or(String::new(), |d| format!("updated: {d}\n"));
    format!(
        "title: Plan {slug}\nslug: {slug}\nstate: {state}\ntype: work-plan\nstatus: final\n{updated}goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - {{ {action} }}\n"
    )
}

#[test]
fn listings_split_into_pages_and_always_have_one() {
    let cases = [
        (0, 10, vec![(1, 1, 0)]),
        (10, 10, vec![(1, 1, 10)]),
        (11, 10, vec![(1, 2, 10), (2, 2, 1)]),
        (25, 10, vec![(1, 3, 10), (2, 3, 10), (3, 3, 5)]),
        (2, 0, vec![(1, 2, 1), (2, 2, 1)]),
    ];
    for (len, per_page, want) in cases {
        let items: Vec<usize> = (0..len).collect();
        let got: Vec<_> = pages(&items, per_page)
            .map(|(page, total, slice)| (page, total, slice.len()))
            .collect();
        assert_eq!(got, want, "{len} items, {per_page} a page");
    }
    // Every item is on exactly one page, in order.
    let items: Vec<usize> = (0..23).collect();
    let again: Vec<usize> = pages(&items, 10)
        .flat_map(|(_, _, s)| s.iter().copied())
        .collect();
    assert_eq!(again, items);
}

#[test]
fn a_page_of_plans_has_its_rows_the_listings_total_and_a_pager() {
    let plans: Vec<String> = (0..12)
        .map(|n| plan(&format!("p{n:02}"), "IL", None, "title: a"))
        .collect();
    let (site, _) = site_and_index(&plans.iter().map(String::as_str).collect::<Vec<_>>());
    let urls = Urls::new("/");
    let parts = PlanRowParts::new(&site, &urls);
    let rows = PlanRows {
        site: &site,
        urls: &urls,
        parts: &parts,
    };
    let all: Vec<usize> = (0..site.plans.len()).collect();
    let listed: Vec<PlanList> = pages(&all, 10)
        .map(|page| PlanList::new(rows, "plans/", &all, page))
        .collect();
    let slugs = |list: &PlanList| list.plans.iter().map(|r| r.slug.to_string()).collect::<Vec<_>>();
    assert_eq!(slugs(&listed[1]), ["p10", "p11"]);
    assert_eq!((listed[0].total, listed[1].total), (12, 12));
    let pager = listed[1].pager.as_ref().expect("two pages");
    assert_eq!((pager.current, pager.total), (2, 2));
    assert_eq!(pager.prev.as_deref(), Some("/plans/"));
    assert_eq!(pager.next, None);

    let one: Vec<usize> = vec![0, 1];
    let single = PlanList::new(rows, "plans/", &one, (1, 1, &one));
    assert!(single.pager.is_none(), "one page needs no pager");
}

#[test]
fn jurisdictions_and_regions_count_their_plans() {
    let (site, index) = site_and_index(&[WORK_PLAN, EMPTY_PLAN, HOSTILE_PLAN]);
    let urls = Urls::new("/");
    let il = JurisdictionRow::new(&site, &urls, &index, "IL");
    assert_eq!(
        (il.name.as_str(), il.url.as_str(), il.plan_count),
        ("Illinois", "/states/il/", 2)
    );
    assert_eq!(il.region.as_ref().map(|r| r.url.as_str()), Some("/regions/v/"));
    assert!(il.progress.is_some());

    let wy = JurisdictionRow::new(&site, &urls, &index, "WY");
    assert_eq!(
        (wy.plan_count, wy.progress.is_none()),
        (0, true),
        "no plan, no progress"
    );

    let v = RegionRow::new(&site, &urls, &index, "V");
    assert_eq!(v.plan_count, 3, "a plan of two states of the region counts once");
    let names: Vec<_> = v.jurisdictions.iter().map(|j| j.title.as_str()).collect();
    assert!(
        names.contains(&"Illinois") && names.contains(&"Indiana"),
        "{names:?}"
    );
}

#[test]
fn the_timeline_lists_overdue_items_and_a_years_open_items_by_month() {
    // As of 2024-05-01.
    let plans = [
        WORK_PLAN.to_string(),
        HOSTILE_PLAN.to_string(),
        plan(
            "later",
            "CO",
            None,
            "title: Within a year, who: A, when: 2025-04-30",
        ),
        plan(
            "beyond",
            "CO",
            None,
            "title: Beyond a year, who: A, when: 2025-05-02",
        ),
        plan(
            "closed",
            "CO",
            None,
            "title: Done early, who: A, when: 2024-06-15, status: completed",
        ),
    ];
    let (site, index) = site_and_index(&plans.iter().map(String::as_str).collect::<Vec<_>>());
    let urls = plan_urls(&site, &Urls::new("/"));
    let page = timeline(&site, &index, &urls);

    let overdue: Vec<_> = page.overdue.iter().map(|r| (r.title, r.overdue)).collect();
    assert_eq!(overdue, [("Build a cadre of consultants", true)]);
    assert_eq!(page.overdue_total, 1);
    let months: Vec<_> = page
        .upcoming
        .iter()
        .map(|m| {
            let titles: Vec<_> = m.items.iter().map(|r| r.title).collect();
            (m.month.as_str(), m.anchor.as_str(), titles)
        })
        .collect();
    assert_eq!(
        months,
        [
            ("June 2024", "2024-06", vec!["Identify needs"]),
            ("July 2024", "2024-07", vec!["@SUM(A1), <i>; \\ end"]),
            ("April 2025", "2025-04", vec!["Within a year"]),
        ]
    );
    assert_eq!(page.upcoming_total, 3);
    assert_eq!(page.horizon_days, 365);
}

#[test]
fn the_dashboard_counts_published_plans_and_shows_the_latest_first() {
    let plans = [
        plan("old", "IL", Some("2020-01-01"), "title: a"),
        plan("new", "IN", Some("2024-04-01"), "title: a"),
        plan("undated", "national", None, "title: a"),
        plan("draft", "CO", Some("2024-04-30"), "title: a").replace("status: final", "status: draft"),
    ];
    let (site, index) = site_and_index(&plans.iter().map(String::as_str).collect::<Vec<_>>());
    let urls = Urls::new("/");
    let parts = PlanRowParts::new(&site, &urls);
    let view = dashboard(&site, &urls, &index, &parts, None);
    assert_eq!(view.plan_count, 3, "drafts are not published");
    assert_eq!(view.jurisdiction_count, 2, "national is not a state");
    assert_eq!(view.national.as_ref().map(|n| n.plan_count), Some(1));
    let recent: Vec<_> = view.recent.iter().map(|r| r.slug).collect();
    assert_eq!(recent, ["new", "old", "undated"]);
    let statuses: Vec<_> = view.by_status.iter().map(|t| (t.term.name, t.count)).collect();
    assert_eq!(statuses, [("final", 3)]);
    // National plans have no tile; every state does, coloured only when it has plans.
    assert!(view.map.tiles.iter().all(|t| t.code != "national"));
    let il = view.map.tiles.iter().find(|t| t.code == "IL").unwrap();
    assert_eq!((il.x, il.y, il.plan_count), (6, 2, 1));
    let co = view.map.tiles.iter().find(|t| t.code == "CO").unwrap();
    assert_eq!(
        (co.plan_count, co.progress.is_none()),
        (0, true),
        "a draft is not shown"
    );
}

#[test]
fn jurisdictions_a_site_adds_get_tiles_below_the_map() {
    let (mut site, _) = site_and_index(&[WORK_PLAN]);
    for code in ["XA", "XB"] {
        site.config
            .jurisdictions
            .upsert(crate::model::jurisdiction::Jurisdiction {
                code: code.into(),
                name: format!("Added {code}"),
                region: None,
            });
    }
    let index = Index::new(&site, false);
    let map = tile_map(&site, &Urls::new("/"), &index);
    let added: Vec<_> = map
        .tiles
        .iter()
        .filter(|t| t.code.starts_with('X'))
        .map(|t| (t.code.as_str(), t.x, t.y))
        .collect();
    assert_eq!(added, [("XA", 0, 9), ("XB", 1, 9)]);
    assert_eq!(map.rows, 10);
}
