//! Typed view structs: what templates receive. Every template gets a [`PageContext`]:
//! `site` (title, navigation, base URL), `title`, `crumbs` and `page`, the page's own view
//! (one struct per page kind, in [`plan`] and [`listing`]). Field names here are the
//! contract with theme authors; add fields, never rename them.

pub mod listing;
pub mod plan;

use crate::model::rollup::{Counts, Rollup};
use crate::model::{ItemStatus, Plan, PlanStatus, PlanType};
use crate::site::Site;
use crate::site::index::{Index, ItemRef};
use crate::site::urls::{Urls, paths};
use serde::Serialize;

/// What every page gets besides its own view.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// The URL of the home page (`/` or `/sub/path/`); prefix of every link.
    pub base: String,
    pub nav: Vec<Link>,
    /// The date overdue is judged against, YYYY-MM-DD.
    pub as_of: String,
    /// Serve mode only: the page includes the live-reload script.
    pub live_reload: bool,
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a, T: Serialize> {
    pub site: &'a SiteView,
    /// The page's `<title>` and `h1`.
    pub title: String,
    /// The page's URL.
    pub url: String,
    /// The URL of the navigation entry this page belongs under (for `aria-current`);
    /// empty for the home page.
    pub section: String,
    /// From the home page down to this page's parent.
    pub crumbs: Vec<Link>,
    pub page: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A word of a vocabulary as pages show it: `name` for CSS classes and URLs, `label` to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub name: &'static str,
    pub label: &'static str,
    pub url: Option<String>,
}

impl Term {
    pub fn item_status(s: ItemStatus) -> Term {
        Term {
            name: s.name(),
            label: s.label(),
            url: None,
        }
    }
    pub fn plan_status(s: PlanStatus, urls: &Urls) -> Term {
        Term {
            name: s.name(),
            label: s.label(),
            url: Some(urls.url(&paths::status(s.name()))),
        }
    }
    pub fn plan_type(t: PlanType, urls: &Urls) -> Term {
        Term {
            name: t.name(),
            label: t.label(),
            url: Some(urls.url(&paths::plan_type(t.name()))),
        }
    }
}

/// A percentage with the counts behind it; never colour alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Rounded 0-100, or None ("n/a") when nothing is countable.
    pub percent: Option<u32>,
    /// `62%` or `n/a`.
    pub text: String,
    /// `5 of 8 done · 1 overdue`.
    pub detail: String,
    /// `none`, `low` (<34), `mid` (<67), `high` (<100) or `done`: for colour, beside the text.
    pub level: &'static str,
    pub counts: Counts,
}

impl Progress {
    pub fn new(rollup: &Rollup) -> Progress {
        let percent = rollup.percent.map(|p| p.round().clamp(0.0, 100.0) as u32);
        let c = &rollup.counts;
        let mut detail = match c.countable() {
            0 if c.items == 0 => "no items".to_string(),
            0 => "nothing countable".to_string(),
            n => format!("{} of {n} done", c.completed),
        };
        if c.overdue > 0 {
            detail.push_str(&format!(" · {} overdue", c.overdue));
        }
        let level = match percent {
            None => "none",
            Some(100) => "done",
            Some(p) if p >= 67 => "high",
            Some(p) if p >= 34 => "mid",
            Some(_) => "low",
        };
        Progress {
            text: percent.map_or("n/a".into(), |p| format!("{p}%")),
            percent,
            detail,
            level,
            counts: *c,
        }
    }
}

/// A plan in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    pub jurisdictions: Vec<Link>,
    pub regions: Vec<Link>,
    pub plan_type: Term,
    pub status: Term,
    pub progress: Progress,
    /// YYYY-MM-DD, or empty.
    pub updated: String,
}

impl PlanRow {
    pub fn new(site: &Site, urls: &Urls, i: usize) -> PlanRow {
        let plan = &site.plans[i];
        PlanRow {
            slug: plan.slug.clone(),
            url: urls.url(&paths::plan(&plan.slug)),
            title: plan.title.clone(),
            summary: plan.summary.clone(),
            jurisdictions: jurisdiction_links(site, urls, plan),
            regions: plan
                .regions
                .iter()
                .map(|r| Link {
                    title: site
                        .config
                        .jurisdictions
                        .region(r)
                        .map_or(r.clone(), |x| x.name.clone()),
                    url: urls.url(&paths::region(r)),
                })
                .collect(),
            plan_type: Term::plan_type(plan.plan_type, urls),
            status: Term::plan_status(plan.status, urls),
            progress: Progress::new(&site.rollups[i].plan),
            updated: plan.updated.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

pub fn jurisdiction_links(site: &Site, urls: &Urls, plan: &Plan) -> Vec<Link> {
    plan.jurisdictions
        .iter()
        .map(|code| Link {
            title: site
                .config
                .jurisdictions
                .get(code)
                .map_or(code.clone(), |j| j.name.clone()),
            url: urls.url(&paths::state(code)),
        })
        .collect()
}

/// An item (action, deliverable or timeline step) in a cross-plan listing: people,
/// timeline, dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub title: String,
    /// `action`, `deliverable` or `step`.
    pub kind: &'static str,
    /// A link to the item on its plan's page.
    pub url: String,
    pub plan: Link,
    pub who: Option<String>,
    /// The author's timeframe text.
    pub when: Option<String>,
    /// YYYY-MM-DD, or None.
    pub due: Option<String>,
    pub status: Term,
    pub overdue: bool,
}

impl ItemRow {
    pub fn new(site: &Site, index: &Index, urls: &Urls, r: ItemRef) -> ItemRow {
        let plan = &site.plans[r.plan];
        let plan_url = urls.url(&paths::plan(&plan.slug));
        let work = site.work(r);
        let tracking = work.tracking();
        ItemRow {
            title: work.title().to_string(),
            kind: work.kind_name(),
            url: format!("{plan_url}#{}", index.anchor(r)),
            plan: Link {
                title: plan.title.clone(),
                url: plan_url,
            },
            who: work.who(),
            when: work.when().map(str::to_string),
            due: tracking.due.map(|d| d.to_string()),
            status: Term::item_status(tracking.status),
            overdue: Index::is_overdue(site, r),
        }
    }
}

/// Links between the pages of a long listing.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

impl Pager {
    /// The pager of page `current` (1-based) of `total` pages of the listing at `folder`.
    pub fn new(urls: &Urls, folder: &str, current: usize, total: usize) -> Option<Pager> {
        if total <= 1 {
            return None;
        }
        let url = |n: usize| urls.url(&paths::paged(folder, n));
        Some(Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: (1..=total)
                .map(|n| PagerLink {
                    number: n,
                    url: url(n),
                    current: n == current,
                })
                .collect(),
        })
    }
}
