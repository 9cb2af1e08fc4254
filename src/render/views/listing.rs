//! Views of the listing pages: the dashboard, plans, jurisdictions, regions, types,
//! statuses, people and the timeline.

use super::{ItemRow, Link, Pager, PlanRow, PlanRowParts, Progress, Term, region_link};
use crate::site::Site;
use crate::site::index::{self, Index, ItemRef};
use crate::site::urls::{Urls, paths};
use serde::Serialize;

/// What a listing makes its rows of plans from.
#[derive(Debug, Clone, Copy)]
pub struct PlanRows<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub parts: &'a PlanRowParts,
}

/// A page of plan rows, with its pager.
#[derive(Debug, Clone, Serialize)]
pub struct PlanList<'a> {
    pub plans: Vec<PlanRow<'a>>,
    pub pager: Option<Pager>,
    /// How many plans the whole listing has (all pages).
    pub total: usize,
}

/// Splits `items` into pages of `per_page` (at least one page, possibly empty).
pub fn pages<T>(items: &[T], per_page: usize) -> impl Iterator<Item = (usize, usize, &[T])> {
    let per_page = per_page.max(1);
    let total = items.len().div_ceil(per_page).max(1);
    (0..total).map(move |p| {
        (
            p + 1,
            total,
            &items[(p * per_page).min(items.len())..((p + 1) * per_page).min(items.len())],
        )
    })
}

impl<'a> PlanList<'a> {
    /// Page `page` of the listing of `all` plans at `folder`.
    pub fn new(
        rows: PlanRows<'a>,
        folder: &str,
        all: &[usize],
        page: (usize, usize, &[usize]),
    ) -> PlanList<'a> {
        let (site, urls) = (rows.site, rows.urls);
        // A listing's plans are in title order, all over memory: touching the texts of a
        // batch first lets the processor fetch them side by side (see `index::touch`).
        let mut plans = Vec::with_capacity(page.2.len());
        for batch in page.2.chunks(16) {
            for &i in batch {
                let plan = &site.plans[i];
                index::touch([
                    Some(plan.title.as_str()),
                    plan.summary.as_deref(),
                    plan.jurisdictions.first().map(String::as_str),
                    plan.regions.first().map(String::as_str),
                ]);
            }
            plans.extend(batch.iter().map(|&i| PlanRow::new(site, urls, rows.parts, i)));
        }
        PlanList {
            plans,
            pager: Pager::new(urls, folder, page.0, page.1),
            total: all.len(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionRow {
    pub code: String,
    pub name: String,
    pub url: String,
    pub region: Option<Link>,
    pub plan_count: usize,
    /// None when the jurisdiction has no plan.
    pub progress: Option<Progress>,
}

impl JurisdictionRow {
    pub fn new(site: &Site, urls: &Urls, index: &Index, code: &str) -> JurisdictionRow {
        let j = site.config.jurisdictions.get(code);
        let plans = index.by_jurisdiction.get(code).map_or(&[][..], Vec::as_slice);
        JurisdictionRow {
            code: code.to_string(),
            name: j.map_or(code.to_string(), |j| j.name.clone()),
            url: urls.url(&paths::state(code)),
            region: j
                .and_then(|j| j.region.as_ref())
                .map(|r| region_link(site, urls, r)),
            plan_count: plans.len(),
            progress: index.rollups.by_jurisdiction.get(code).map(Progress::new),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionPage<'a> {
    pub jurisdiction: JurisdictionRow,
    pub list: PlanList<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionsIndex {
    pub jurisdictions: Vec<JurisdictionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub jurisdictions: Vec<Link>,
    pub plan_count: usize,
    pub progress: Option<Progress>,
}

impl RegionRow {
    pub fn new(site: &Site, urls: &Urls, index: &Index, id: &str) -> RegionRow {
        let plans = index.by_region.get(id).map_or(&[][..], Vec::as_slice);
        let Link { title: name, url } = region_link(site, urls, id);
        RegionRow {
            id: id.to_string(),
            name,
            url,
            jurisdictions: site
                .config
                .jurisdictions
                .iter()
                .filter(|j| j.region.as_deref() == Some(id))
                .map(|j| Link {
                    title: j.name.clone(),
                    url: urls.url(&paths::state(&j.code)),
                })
                .collect(),
            plan_count: plans.len(),
            progress: index.rollups.by_region.get(id).map(Progress::new),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionsIndex {
    pub regions: Vec<RegionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionPage<'a> {
    pub region: RegionRow,
    pub list: PlanList<'a>,
}

/// A plan type or plan status with how many plans have it.
#[derive(Debug, Clone, Serialize)]
pub struct TermCount {
    pub term: Term,
    pub count: usize,
    pub progress: Option<Progress>,
}

/// Which vocabulary a term page lists: `type` (plan types) or `status` (plan statuses).
pub type TermKind = &'static str;

#[derive(Debug, Clone, Serialize)]
pub struct TermIndex {
    pub kind: TermKind,
    pub terms: Vec<TermCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermPage<'a> {
    pub kind: TermKind,
    pub term: TermCount,
    pub list: PlanList<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub name: String,
    pub url: String,
    pub items: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeopleIndex {
    pub people: Vec<PersonRow>,
    pub pager: Option<Pager>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonPage<'a> {
    pub person: PersonRow,
    /// Items by due date (undated last).
    pub items: Vec<ItemRow<'a>>,
    pub pager: Option<Pager>,
}

/// Upcoming items of one month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthGroup<'a> {
    /// `June 2027`
    pub month: String,
    pub anchor: String,
    pub items: Vec<ItemRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelinePage<'a> {
    pub overdue: Vec<ItemRow<'a>>,
    pub overdue_total: usize,
    pub upcoming: Vec<MonthGroup<'a>>,
    pub upcoming_total: usize,
    /// How far ahead `upcoming` looks, in days.
    pub horizon_days: i64,
}

/// The timeline shows at most this many overdue and upcoming items, so its page stays small
/// on large sites; people and jurisdiction pages list the rest.
pub const TIMELINE_LIMIT: usize = 300;

/// The timeline; `plan_urls` holds the URL of every plan by index.
pub fn timeline<'a>(site: &'a Site, index: &'a Index, plan_urls: &'a [String]) -> TimelinePage<'a> {
    let horizon_days = 365;
    let until = site.as_of + chrono::Duration::days(horizon_days);
    let overdue = &index.overdue;
    // `dated` is in due order: the items due within the horizon are one stretch of it.
    let due = |r: &ItemRef| site.work(*r).tracking().due;
    let from = index.dated.partition_point(|r| due(r) < Some(site.as_of));
    let to = index.dated.partition_point(|r| due(r) <= Some(until));
    let upcoming: Vec<ItemRef> = index.dated[from..to.max(from)]
        .iter()
        .copied()
        .filter(|&r| !site.work(r).tracking().status.is_closed())
        .collect();
    let mut months: Vec<MonthGroup> = Vec::new();
    for &r in upcoming.iter().take(TIMELINE_LIMIT) {
        let due = site.work(r).tracking().due.expect("dated items have a due date");
        let month = due.format("%B %Y").to_string();
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthGroup {
                anchor: due.format("%Y-%m").to_string(),
                month,
                items: Vec::new(),
            });
        }
        months
            .last_mut()
            .expect("pushed above")
            .items
            .push(ItemRow::new(site, index, plan_urls, r));
    }
    TimelinePage {
        overdue: overdue
            .iter()
            .rev()
            .take(TIMELINE_LIMIT)
            .map(|&r| ItemRow::new(site, index, plan_urls, r))
            .collect(),
        overdue_total: overdue.len(),
        upcoming: months,
        upcoming_total: upcoming.len(),
        horizon_days,
    }
}

/// One tile of the dashboard's map.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    pub code: String,
    pub name: String,
    pub url: String,
    /// Column and row in the grid.
    pub x: u32,
    pub y: u32,
    pub plan_count: usize,
    pub progress: Option<Progress>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TileMap {
    pub tiles: Vec<Tile>,
    pub columns: u32,
    pub rows: u32,
}

/// Where each built-in jurisdiction sits on the tile map (column, row): a common
/// equal-area layout of the states, the territories along the bottom row.
const TILE_LAYOUT: &[(&str, u32, u32)] = &[
    ("AK", 0, 0),
    ("ME", 11, 0),
    ("WI", 6, 1),
    ("VT", 10, 1),
    ("NH", 11, 1),
    ("WA", 1, 2),
    ("ID", 2, 2),
    ("MT", 3, 2),
    ("ND", 4, 2),
    ("MN", 5, 2),
    ("IL", 6, 2),
    ("MI", 7, 2),
    ("NY", 9, 2),
    ("MA", 10, 2),
    ("OR", 1, 3),
    ("NV", 2, 3),
    ("WY", 3, 3),
    ("SD", 4, 3),
    ("IA", 5, 3),
    ("IN", 6, 3),
    ("OH", 7, 3),
    ("PA", 8, 3),
    ("NJ", 9, 3),
    ("CT", 10, 3),
    ("RI", 11, 3),
    ("CA", 1, 4),
    ("UT", 2, 4),
    ("CO", 3, 4),
    ("NE", 4, 4),
    ("MO", 5, 4),
    ("KY", 6, 4),
    ("WV", 7, 4),
    ("VA", 8, 4),
    ("MD", 9, 4),
    ("DE", 10, 4),
    ("AZ", 2, 5),
    ("NM", 3, 5),
    ("KS", 4, 5),
    ("AR", 5, 5),
    ("TN", 6, 5),
    ("NC", 7, 5),
    ("SC", 8, 5),
    ("DC", 9, 5),
    ("OK", 4, 6),
    ("LA", 5, 6),
    ("MS", 6, 6),
    ("AL", 7, 6),
    ("GA", 8, 6),
    ("HI", 0, 7),
    ("TX", 4, 7),
    ("FL", 9, 7),
    ("AS", 0, 8),
    ("GU", 1, 8),
    ("MP", 2, 8),
    ("PR", 9, 8),
    ("VI", 10, 8),
];

pub fn tile_map(site: &Site, urls: &Urls, index: &Index) -> TileMap {
    const COLUMNS: u32 = 12;
    let mut tiles = Vec::new();
    let mut next_free = 0u32;
    for j in site
        .config
        .jurisdictions
        .iter()
        .filter(|j| j.code != crate::model::jurisdiction::NATIONAL)
    {
        let (x, y) = match TILE_LAYOUT.iter().find(|(c, _, _)| *c == j.code) {
            Some(&(_, x, y)) => (x, y),
            // Jurisdictions a site adds go in rows below the built-in layout.
            None => {
                let slot = next_free;
                next_free += 1;
                (slot % COLUMNS, 9 + slot / COLUMNS)
            }
        };
        let row = JurisdictionRow::new(site, urls, index, &j.code);
        tiles.push(Tile {
            code: j.code.clone(),
            name: row.name,
            url: row.url,
            x,
            y,
            plan_count: row.plan_count,
            progress: row.progress,
        });
    }
    let rows = tiles.iter().map(|t| t.y + 1).max().unwrap_or(0);
    TileMap {
        tiles,
        columns: COLUMNS,
        rows,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard<'a> {
    /// The home page text (`content/_index.md`), rendered.
    pub intro: Option<String>,
    pub plan_count: usize,
    /// States and territories with at least one plan (`national` not counted).
    pub jurisdiction_count: usize,
    pub progress: Progress,
    pub by_status: Vec<TermCount>,
    pub by_type: Vec<TermCount>,
    pub map: TileMap,
    /// National plans, which cover every state and have no tile.
    pub national: Option<JurisdictionRow>,
    pub overdue: Vec<ItemRow<'a>>,
    pub overdue_total: usize,
    pub recent: Vec<PlanRow<'a>>,
}

/// The home page.
pub fn dashboard<'a>(
    site: &'a Site,
    urls: &Urls,
    index: &'a Index,
    parts: &'a PlanRowParts,
    intro: Option<String>,
) -> Dashboard<'a> {
    let overdue = &index.overdue;
    let mut recent = index.published.clone();
    recent.sort_by(|&a, &b| site.plans[b].updated.cmp(&site.plans[a].updated).then(a.cmp(&b)));
    let national = crate::model::jurisdiction::NATIONAL;
    Dashboard {
        intro,
        plan_count: index.published.len(),
        jurisdiction_count: index.by_jurisdiction.keys().filter(|c| *c != national).count(),
        progress: Progress::new(&index.rollups.all),
        by_status: status_counts(urls, index),
        by_type: type_counts(urls, index),
        map: tile_map(site, urls, index),
        national: index
            .by_jurisdiction
            .contains_key(national)
            .then(|| JurisdictionRow::new(site, urls, index, national)),
        overdue: overdue
            .iter()
            .rev()
            .take(10)
            .map(|&r| ItemRow::new(site, index, &parts.urls, r))
            .collect(),
        overdue_total: overdue.len(),
        recent: recent
            .iter()
            .take(10)
            .map(|&i| PlanRow::new(site, urls, parts, i))
            .collect(),
    }
}

pub fn status_counts(urls: &Urls, index: &Index) -> Vec<TermCount> {
    index
        .by_status
        .iter()
        .map(|(s, plans)| TermCount {
            term: Term::plan_status(*s, urls),
            count: plans.len(),
            progress: index.rollups.by_status.get(s).map(Progress::new),
        })
        .collect()
}

pub fn type_counts(urls: &Urls, index: &Index) -> Vec<TermCount> {
    index
        .by_type
        .iter()
        .map(|(t, plans)| TermCount {
            term: Term::plan_type(*t, urls),
            count: plans.len(),
            progress: index.rollups.by_type.get(t).map(Progress::new),
        })
        .collect()
}

/// A plain page (`kind: page`).
#[derive(Debug, Clone, Serialize)]
pub struct PlainPage {
    pub html: String,
    pub description: Option<String>,
    pub toc: Vec<crate::render::markdown::TocEntry>,
}

#[cfg(test)]
mod tests;
