//! Typed view structs: what templates receive. Every template gets `site` (a [`SiteView`]:
//! title, navigation, base URL) and a [`PageContext`]: `title`, `crumbs` and `page`, the
//! page's own view (one struct per page kind, in [`plan`] and [`listing`]). Field names here
//! are the contract with theme authors; add fields, never rename them.

pub mod listing;
pub mod plan;

use crate::model::rollup::{self, Counts, Rollup};
use crate::model::status::Vocabulary;
use crate::model::timeframe::push_date;
use crate::model::{ItemStatus, Plan, PlanStatus, PlanType};
use crate::site::Site;
use crate::site::index::{self, Index, ItemRef, Work};
use crate::site::urls::{Urls, paths};
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

/// What every page gets besides its own view, as `site`. It is the same on every page, so
/// the renderer converts it to a template value once per build rather than once per page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// The URL of the home page (`/` or `/sub/path/`); prefix of every link.
    pub base: String,
    pub nav: Vec<Link>,
    /// The plain pages (`kind: page`, not the home page's text), in the order of the
    /// navigation: the only pages besides the generated ones a template may link to.
    pub pages: Vec<Link>,
    /// The date overdue is judged against, YYYY-MM-DD.
    pub as_of: String,
    /// Serve mode only: the page includes the live-reload script.
    pub live_reload: bool,
    pub extra: serde_json::Value,
}

/// What every template gets besides `site`.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<T: Serialize> {
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

/// The [`Term`] of an item's status, as rows of item tables carry it: each status's term is
/// converted to a template value once, and every row shares it (Tera clones a value met while
/// converting instead of converting it again). Converting the same small term for each of the
/// hundreds of rows of a page, then dropping it, was a good part of converting the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusTerm(pub ItemStatus);

impl Serialize for StatusTerm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The same values on every build: a table of constants, made on first use.
        static TERMS: LazyLock<Vec<(ItemStatus, tera::Value)>> = LazyLock::new(|| {
            ItemStatus::TABLE
                .iter()
                .filter_map(|&(s, _, _)| {
                    let value = tera::Value::try_from_serializable(&Term::item_status(s));
                    Some((s, value.ok()?))
                })
                .collect()
        });
        match TERMS.iter().find(|(s, _)| *s == self.0) {
            Some((_, value)) => value.serialize(serializer),
            None => Term::item_status(self.0).serialize(serializer),
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
        // Written piece by piece rather than with `format!`: a site makes over a dozen of
        // these per plan, and formatting machinery cost more than the rest of the view.
        let mut digits = itoa::Buffer::new();
        let mut detail = String::with_capacity(32);
        match c.countable() {
            0 if c.items == 0 => detail.push_str("no items"),
            0 => detail.push_str("nothing countable"),
            n => {
                detail.push_str(digits.format(c.completed));
                detail.push_str(" of ");
                detail.push_str(digits.format(n));
                detail.push_str(" done");
            }
        }
        if c.overdue > 0 {
            detail.push_str(" · ");
            detail.push_str(digits.format(c.overdue));
            detail.push_str(" overdue");
        }
        let level = match percent {
            None => "none",
            Some(100) => "done",
            Some(p) if p >= 67 => "high",
            Some(p) if p >= 34 => "mid",
            Some(_) => "low",
        };
        Progress {
            text: percent.map_or("n/a".into(), |p| [digits.format(p), "%"].concat()),
            percent,
            detail,
            level,
            counts: *c,
        }
    }
}

/// A view converted to a template value once, for views that show it again and again: Tera
/// clones a value it meets while converting a view (a reference count) instead of converting
/// it again. It serializes as its view does.
#[derive(Debug, Clone)]
pub struct Shared<T> {
    pub view: T,
    /// None if the conversion failed, or for a view shown once ([`Shared::unshared`]); the
    /// view is then converted where it is used.
    value: Option<tera::Value>,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: T) -> Shared<T> {
        let value = tera::Value::try_from_serializable(&view).ok();
        Shared { view, value }
    }

    /// A view shown once, converted where it is used like any other.
    pub fn unshared(view: T) -> Shared<T> {
        Shared { view, value: None }
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Some(value) => value.serialize(serializer),
            None => self.view.serialize(serializer),
        }
    }
}

/// A [`Term`] that rows share.
pub type SharedTerm = Shared<Term>;

/// What rows of plans share through a build, made once by the renderer: every plan's URL,
/// the term of every plan type and status, and the link of every jurisdiction and region
/// plans name. A plan's row is on its page and in five listings; making its URL, terms and
/// links anew for each (then converting them and dropping them) was most of the cost of a row.
#[derive(Debug, Clone)]
pub struct PlanRowParts {
    /// The URL of every plan, by plan index.
    pub urls: Vec<String>,
    types: Vec<(PlanType, SharedTerm)>,
    statuses: Vec<(PlanStatus, SharedTerm)>,
    /// The link of each jurisdiction code and region id as plans write them, looked up for
    /// every row of every listing: hashed with aHash, which is quicker on short keys.
    jurisdictions: LinkTable,
    regions: LinkTable,
}

impl PlanRowParts {
    pub fn new(site: &Site, urls: &Urls) -> PlanRowParts {
        // Each distinct key as plans write it, made once.
        let links = |keys: fn(&Plan) -> &[String], make: LinkFn| {
            let mut table = LinkTable::default();
            for key in site.plans.iter().flat_map(keys) {
                if !table.contains_key(key) {
                    table.insert(key.clone(), Shared::new(make(site, urls, key)));
                }
            }
            table
        };
        let jurisdictions = links(|p| &p.jurisdictions, jurisdiction_link);
        let regions = links(|p| &p.regions, region_link);
        PlanRowParts {
            urls: plan_urls(site, urls),
            types: PlanType::TABLE
                .iter()
                .map(|&(t, _, _)| (t, SharedTerm::new(Term::plan_type(t, urls))))
                .collect(),
            statuses: PlanStatus::TABLE
                .iter()
                .map(|&(s, _, _)| (s, SharedTerm::new(Term::plan_status(s, urls))))
                .collect(),
            jurisdictions,
            regions,
        }
    }

    /// The shared term of a plan type, or a new one (every type is in the table).
    fn plan_type(&self, t: PlanType, urls: &Urls) -> Cow<'_, SharedTerm> {
        match self.types.iter().find(|(x, _)| *x == t) {
            Some((_, term)) => Cow::Borrowed(term),
            None => Cow::Owned(SharedTerm::new(Term::plan_type(t, urls))),
        }
    }

    /// The shared term of a plan status, or a new one (every status is in the table).
    fn status(&self, s: PlanStatus, urls: &Urls) -> Cow<'_, SharedTerm> {
        match self.statuses.iter().find(|(x, _)| *x == s) {
            Some((_, term)) => Cow::Borrowed(term),
            None => Cow::Owned(SharedTerm::new(Term::plan_status(s, urls))),
        }
    }
}

/// A plan in a listing. It borrows from the site and from [`PlanRowParts`].
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow<'a> {
    pub slug: &'a str,
    pub url: Cow<'a, str>,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub jurisdictions: Vec<Cow<'a, Shared<Link>>>,
    pub regions: Vec<Cow<'a, Shared<Link>>>,
    pub plan_type: Cow<'a, SharedTerm>,
    pub status: Cow<'a, SharedTerm>,
    pub progress: Progress,
    /// YYYY-MM-DD, or empty.
    pub updated: String,
}

/// The parts of a plan's row that listings share and its own page makes for itself.
struct RowLinks<'a> {
    url: Cow<'a, str>,
    jurisdictions: Vec<Cow<'a, Shared<Link>>>,
    regions: Vec<Cow<'a, Shared<Link>>>,
    plan_type: Cow<'a, SharedTerm>,
    status: Cow<'a, SharedTerm>,
}

impl<'a> PlanRow<'a> {
    /// The row of plan `i` in a listing, with the parts rows share.
    pub fn new(site: &'a Site, urls: &Urls, parts: &'a PlanRowParts, i: usize) -> PlanRow<'a> {
        let plan = &site.plans[i];
        let shared = |links: &'a LinkTable, keys: &'a [String], make: LinkFn| {
            keys.iter()
                .map(|key| match links.get(key) {
                    Some(link) => Cow::Borrowed(link),
                    None => Cow::Owned(Shared::new(make(site, urls, key))),
                })
                .collect()
        };
        let links = RowLinks {
            url: Cow::Borrowed(parts.urls[i].as_str()),
            jurisdictions: shared(&parts.jurisdictions, &plan.jurisdictions, jurisdiction_link),
            regions: shared(&parts.regions, &plan.regions, region_link),
            plan_type: parts.plan_type(plan.plan_type, urls),
            status: parts.status(plan.status, urls),
        };
        PlanRow::with(site, i, links)
    }

    /// The row of plan `i` on its own: the plan's page has it once.
    pub fn alone(site: &'a Site, urls: &Urls, i: usize) -> PlanRow<'a> {
        let plan = &site.plans[i];
        let own = |keys: &[String], make: LinkFn| {
            keys.iter()
                .map(|key| Cow::Owned(Shared::unshared(make(site, urls, key))))
                .collect()
        };
        let links = RowLinks {
            url: Cow::Owned(urls.url(&paths::plan(&plan.slug))),
            jurisdictions: own(&plan.jurisdictions, jurisdiction_link),
            regions: own(&plan.regions, region_link),
            plan_type: Cow::Owned(Shared::unshared(Term::plan_type(plan.plan_type, urls))),
            status: Cow::Owned(Shared::unshared(Term::plan_status(plan.status, urls))),
        };
        PlanRow::with(site, i, links)
    }

    /// The row with its links.
    fn with(site: &'a Site, i: usize, links: RowLinks<'a>) -> PlanRow<'a> {
        let plan = &site.plans[i];
        PlanRow {
            slug: &plan.slug,
            url: links.url,
            title: &plan.title,
            summary: plan.summary.as_deref(),
            jurisdictions: links.jurisdictions,
            regions: links.regions,
            plan_type: links.plan_type,
            status: links.status,
            progress: Progress::new(&site.rollups[i].plan),
            updated: plan.updated.map(date).unwrap_or_default(),
        }
    }
}

/// The shared link of each jurisdiction code or region id.
type LinkTable = ahash::AHashMap<String, Shared<Link>>;

/// Makes the link of a jurisdiction code or a region id.
type LinkFn = fn(&Site, &Urls, &str) -> Link;

/// The link to a jurisdiction's page, named as the settings name it.
fn jurisdiction_link(site: &Site, urls: &Urls, code: &str) -> Link {
    Link {
        title: site
            .config
            .jurisdictions
            .get(code)
            .map_or(code.to_string(), |j| j.name.clone()),
        url: urls.url(&paths::state(code)),
    }
}

/// The link to a region's page, named as the settings name it.
pub fn region_link(site: &Site, urls: &Urls, id: &str) -> Link {
    Link {
        title: site
            .config
            .jurisdictions
            .region(id)
            .map_or(id.to_string(), |x| x.name.clone()),
        url: urls.url(&paths::region(id)),
    }
}

/// An item (action, deliverable or timeline step) in a cross-plan listing: people,
/// timeline, dashboard. It borrows from the site: a person's page lists hundreds of them.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow<'a> {
    pub title: &'a str,
    /// `action`, `deliverable` or `step`.
    pub kind: &'static str,
    /// A link to the item on its plan's page.
    pub url: String,
    pub plan: PlanLink<'a>,
    pub who: Option<Cow<'a, str>>,
    /// The author's timeframe text.
    pub when: Option<&'a str>,
    /// YYYY-MM-DD, or None.
    pub due: Option<String>,
    pub status: StatusTerm,
    pub overdue: bool,
}

/// A link to a plan (the same fields as [`Link`]), borrowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> ItemRow<'a> {
    /// The row of item `r`; `plan_urls` holds the URL of every plan by index.
    pub fn new(site: &'a Site, index: &'a Index, plan_urls: &'a [String], r: ItemRef) -> ItemRow<'a> {
        ItemRow::of(site, index, plan_urls, r, site.work(r))
    }

    /// The row of item `r`, already looked up as `work`.
    fn of(
        site: &'a Site,
        index: &'a Index,
        plan_urls: &'a [String],
        r: ItemRef,
        work: Work<'a>,
    ) -> ItemRow<'a> {
        let plan_url = plan_urls[r.plan].as_str();
        let anchor = index.anchor(r);
        let mut url = String::with_capacity(plan_url.len() + 1 + anchor.len());
        url.push_str(plan_url);
        url.push('#');
        url.push_str(anchor);
        let tracking = work.tracking();
        ItemRow {
            title: work.title(),
            kind: work.kind_name(),
            url,
            plan: PlanLink {
                title: &site.plans[r.plan].title,
                url: plan_url,
            },
            who: work.who(),
            when: work.when(),
            due: tracking.due.map(date),
            status: StatusTerm(tracking.status),
            overdue: rollup::is_overdue(tracking, site.as_of),
        }
    }

    /// The rows of `refs`, a batch at a time. A row reads a dozen allocations scattered over
    /// the model (its plan, goal, objective, item, texts and anchors), and a person's page
    /// lists items from all over the site: each read was a cache miss waited for in turn.
    /// Touching a batch's texts first ([`index::touch`]) lets the processor fetch the rows
    /// side by side.
    pub fn rows(
        site: &'a Site,
        index: &'a Index,
        plan_urls: &'a [String],
        refs: &[ItemRef],
    ) -> Vec<ItemRow<'a>> {
        let mut rows = Vec::with_capacity(refs.len());
        let mut works = Vec::with_capacity(16);
        for batch in refs.chunks(16) {
            works.clear();
            site.works_into(batch, &mut works);
            for (&r, work) in batch.iter().zip(&works) {
                index::touch([
                    Some(work.title()),
                    Some(index.anchor(r)),
                    Some(&site.plans[r.plan].title),
                    Some(&plan_urls[r.plan]),
                    work.when(),
                ]);
            }
            rows.extend(
                batch
                    .iter()
                    .zip(&works)
                    .map(|(&r, &work)| ItemRow::of(site, index, plan_urls, r, work)),
            );
        }
        rows
    }
}

/// The URL of every plan, by plan index: listings of items link to their plans again and again.
fn plan_urls(site: &Site, urls: &Urls) -> Vec<String> {
    site.plans
        .iter()
        .map(|plan| urls.url(&paths::plan(&plan.slug)))
        .collect()
}

/// A date as YYYY-MM-DD, as its `Display` writes it (see [`push_date`]).
pub fn date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, d, "-");
    out
}

/// The page numbers a pager shows: the first, the last, and two either side of the
/// current one, with None for each gap. A listing of thousands of pages gets a handful of
/// links on each, not thousands (which grew with the square of the listing).
fn window(current: usize, total: usize) -> impl Iterator<Item = Option<usize>> {
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    let first = (*near.start() > 1).then_some(Some(1));
    let gap_before = (*near.start() > 2).then_some(None);
    let gap_after = (*near.end() + 1 < total).then_some(None);
    let last = (*near.end() < total).then_some(Some(total));
    first
        .into_iter()
        .chain(gap_before)
        .chain(near.map(Some))
        .chain(gap_after)
        .chain(last)
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
    /// A gap (`…`) in the numbers instead of a link.
    pub gap: bool,
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
            pages: window(current, total)
                .map(|n| PagerLink {
                    number: n.unwrap_or(0),
                    url: n.map(url).unwrap_or_default(),
                    current: n == Some(current),
                    gap: n.is_none(),
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_their_display_does() {
        let cases = [
            (2026, 11, 2),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 9, 9),
            (10000, 1, 1),
            (-5, 3, 4),
        ];
        for (y, m, d) in cases {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date(day), day.to_string(), "{day:?}");
        }
    }

    #[test]
    fn progress_texts_read_as_formatted() {
        let counts = |items, completed, cancelled, ongoing, overdue| Counts {
            items,
            completed,
            cancelled,
            ongoing,
            overdue,
            ..Counts::default()
        };
        let cases = [
            (None, counts(0, 0, 0, 0, 0)),
            (None, counts(3, 0, 2, 1, 0)),
            (None, counts(2, 0, 1, 1, 4)),
            (Some(62.4), counts(8, 5, 0, 0, 0)),
            (Some(99.6), counts(1000, 999, 0, 0, 12)),
            (Some(0.0), counts(12, 0, 1, 1, 10)),
            (Some(100.0), counts(7, 7, 0, 0, 0)),
        ];
        for (percent, counts) in cases {
            let p = Progress::new(&Rollup { percent, counts });
            let mut detail = match counts.countable() {
                0 if counts.items == 0 => "no items".to_string(),
                0 => "nothing countable".to_string(),
                n => format!("{} of {n} done", counts.completed),
            };
            if counts.overdue > 0 {
                detail.push_str(&format!(" · {} overdue", counts.overdue));
            }
            assert_eq!(p.detail, detail, "{counts:?}");
            let text = p.percent.map_or("n/a".to_string(), |n| format!("{n}%"));
            assert_eq!(p.text, text, "{percent:?}");
        }
    }

    #[test]
    fn rows_in_batches_are_the_rows_one_by_one() {
        use crate::site::testing::{WORK_PLAN, site_and_index};
        let plans: Vec<String> = (0..9)
            .map(|n| WORK_PLAN.replace("slug: csdwg", &format!("slug: plan-{n}")))
            .collect();
        let (site, index) = site_and_index(&plans.iter().map(String::as_str).collect::<Vec<_>>());
        let urls = plan_urls(&site, &Urls::new("/"));
        // More items than a batch, in the order a person's page lists them.
        let refs = &index.people["csdwg"].items;
        assert!(refs.len() > 16, "{}", refs.len());
        let json = |rows: &[ItemRow]| serde_json::to_string(rows).unwrap();
        let one_by_one: Vec<_> = refs
            .iter()
            .map(|&r| ItemRow::new(&site, &index, &urls, r))
            .collect();
        assert_eq!(
            json(&ItemRow::rows(&site, &index, &urls, refs)),
            json(&one_by_one)
        );
        assert_eq!(ItemRow::rows(&site, &index, &urls, &[]).len(), 0);
    }

    #[test]
    fn rows_of_plans_in_listings_read_as_rows_made_alone() {
        use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};
        // Codes as authors write them: lower case, several to a plan, regions derived.
        let lower = WORK_PLAN
            .replace("slug: csdwg", "slug: lower")
            .replace("state: IL", "state: il");
        let several = WORK_PLAN
            .replace("slug: csdwg", "slug: several")
            .replace("state: IL", "states: [IN, national, PR]");
        let (site, _) = site_and_index(&[WORK_PLAN, EMPTY_PLAN, HOSTILE_PLAN, &lower, &several]);
        let urls = Urls::new("/sub/");
        let parts = PlanRowParts::new(&site, &urls);
        let value = |row: &PlanRow| tera::Value::try_from_serializable(row).unwrap();
        for i in 0..site.plans.len() {
            let alone = PlanRow::alone(&site, &urls, i);
            assert_eq!(
                value(&PlanRow::new(&site, &urls, &parts, i)),
                value(&alone),
                "{i}"
            );
            assert!(!alone.jurisdictions.is_empty(), "{i}");
        }
        assert!(PlanRow::alone(&site, &urls, 4).regions.len() > 1);
        // A plan the parts were not made with still gets its links, made for it.
        let empty = PlanRowParts::new(&crate::site::testing::site_and_index(&[]).0, &urls);
        let without_links = PlanRowParts {
            urls: parts.urls.clone(),
            ..empty
        };
        let row = PlanRow::new(&site, &urls, &without_links, 4);
        assert_eq!(value(&row), value(&PlanRow::alone(&site, &urls, 4)));
    }

    #[test]
    fn shared_status_terms_read_as_their_terms() {
        for &(status, _, _) in ItemStatus::TABLE {
            let shared = tera::Value::try_from_serializable(&StatusTerm(status)).unwrap();
            let own = tera::Value::try_from_serializable(&Term::item_status(status)).unwrap();
            assert_eq!(shared, own, "{status:?}");
            // Inside a larger view too, where Tera takes the shared value as it is.
            let row = [StatusTerm(status)];
            let value = tera::Value::try_from_serializable(&row).unwrap();
            assert_eq!(value, tera::Value::try_from_serializable(&[own]).unwrap());
        }
    }

    #[test]
    fn rows_of_plans_share_terms_that_read_as_their_own() {
        let urls = Urls::new("/sub/");
        for &(t, _, _) in PlanType::TABLE {
            let own = Term::plan_type(t, &urls);
            let shared = tera::Value::try_from_serializable(&SharedTerm::new(own.clone())).unwrap();
            assert_eq!(shared, tera::Value::try_from_serializable(&own).unwrap(), "{t:?}");
        }
        for &(s, _, _) in PlanStatus::TABLE {
            let own = Term::plan_status(s, &urls);
            let shared = tera::Value::try_from_serializable(&[SharedTerm::new(own.clone())]).unwrap();
            assert_eq!(
                shared,
                tera::Value::try_from_serializable(&[own]).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn pagers_show_the_ends_and_two_either_side() {
        let shown = |current, total| window(current, total).collect::<Vec<_>>();
        assert_eq!(shown(1, 2), [Some(1), Some(2)]);
        assert_eq!(
            shown(4, 10),
            [1, 2, 3, 4, 5, 6]
                .map(Some)
                .into_iter()
                .chain([None, Some(10)])
                .collect::<Vec<_>>()
        );
        assert_eq!(
            shown(5, 10),
            [
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!(shown(10, 10), [Some(1), None, Some(8), Some(9), Some(10)]);
        // Thousands of pages, still a handful of links.
        assert_eq!(shown(500, 1000).len(), 9);
    }
}
