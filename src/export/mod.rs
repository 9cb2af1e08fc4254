//! Exports: every file of the site that is not an HTML page. In: the loaded [`Site`], its
//! [`Index`] (which plans are published, who does what, what is dated) and the [`Urls`].
//! Out: a list of [`OutputFile`]s, one submodule per format:
//!
//! - [`plans_json`]: `data/plans.json`, the data contract of `site.md`;
//! - [`actions_csv`]: `data/actions.csv`, one row per action, deliverable and timeline step;
//! - [`calendar`]: `calendar.ics`, one all-day event per dated item;
//! - [`feed`]: `feed.xml`, an Atom feed of the plans by last update;
//! - [`sitemap`]: `sitemap.xml` and `robots.txt` (and [`sitemap::page_paths`], every page);
//! - [`badge`]: `badges/SLUG.svg`, a progress badge per plan;
//! - [`search`]: `search/index.json` and its shards, for the in-browser search.
//!
//! Every value is untrusted author text: JSON goes through serde, CSV through the `csv`
//! crate plus a formula guard, iCalendar through its own escaper, and XML and SVG through
//! [`xml_escape`]. Output depends only on the site and its as-of date (no clock, no hash
//! order), so two builds of the same input give the same bytes.

pub mod actions_csv;
pub mod badge;
pub mod calendar;
pub mod feed;
pub mod plans_json;
pub mod search;
pub mod sitemap;
#[cfg(test)]
pub(crate) mod testing;

use crate::model::{ItemKind, Plan, Tracking};
use crate::site::Site;
use crate::site::index::{Index, ItemLoc, ItemRef};
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};

/// Every non-HTML file of the site: data exports, feeds, badges and the search index.
pub fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    let out = std::sync::Mutex::new(Vec::new());
    each_file(site, index, urls, &|file| {
        out.lock().expect("no panics while held").push(file)
    });
    let mut out = out.into_inner().expect("no panics while held");
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Hands every non-HTML file to `sink` as soon as it is made; the formats are made side
/// by side (and each in parallel inside), so a build never holds all of them at once.
pub fn each_file(site: &Site, index: &Index, urls: &Urls, sink: &(dyn Fn(OutputFile) + Sync)) {
    rayon::scope(|s| {
        s.spawn(|_| sink(plans_json::file(site, index, urls)));
        s.spawn(|_| sink(actions_csv::file(site, index, urls)));
        s.spawn(|_| sink(calendar::file(site, index, urls)));
        s.spawn(|_| badge::files(site, index).into_iter().for_each(sink));
        s.spawn(|_| search::files(site, index, urls).into_iter().for_each(sink));
        s.spawn(|_| {
            sink(feed::file(site, index, urls));
            sink(sitemap::sitemap(site, index, urls));
            sink(sitemap::robots(urls));
        });
    });
}

/// Escapes text for XML content and attribute values (`&`, `<`, `>`, `"`, `'`), and drops
/// the characters XML 1.0 cannot hold at all (control characters but tab, LF and CR, and
/// U+FFFE/U+FFFF), which would make the whole document unreadable.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A percentage rounded to one decimal, as the exports show it.
pub(crate) fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// An action, deliverable or timeline step with what the flat exports (CSV, calendar)
/// show of it.
pub(crate) struct Entry<'a> {
    pub item: ItemRef,
    /// `action`, `deliverable` or `step`.
    pub kind: &'static str,
    pub id: Option<&'a str>,
    pub title: &'a str,
    /// Who is responsible; for a step, its parties joined by `, `.
    pub who: Option<String>,
    /// The author's timeframe text (a step's end, else its start).
    pub when: Option<&'a str>,
    pub tracking: &'a Tracking,
    /// The item's anchor on its plan's page.
    pub anchor: String,
    /// The goal and objective titles, for actions and deliverables.
    pub goal: Option<&'a str>,
    pub objective: Option<&'a str>,
}

impl<'a> Entry<'a> {
    pub fn new(site: &'a Site, index: &'a Index, r: ItemRef) -> Entry<'a> {
        let plan = &site.plans[r.plan];
        let work = site.work(r);
        let (goal, objective) = match r.loc {
            ItemLoc::Item { goal, objective, .. } => (
                Some(plan.goals[goal].title.as_str()),
                Some(plan.goals[goal].objectives[objective].title.as_str()),
            ),
            ItemLoc::Step(_) => (None, None),
        };
        Entry {
            item: r,
            kind: work.kind_name(),
            id: work.label(),
            title: work.title(),
            who: work.who(),
            when: work.when(),
            tracking: work.tracking(),
            anchor: index.anchor(r).to_string(),
            goal,
            objective,
        }
    }

    /// The item's place on its plan's page, as an output path with a fragment.
    pub fn path(&self, site: &Site) -> String {
        format!(
            "{}#{}",
            paths::plan(&site.plans[self.item.plan].slug),
            self.anchor
        )
    }

    pub fn overdue(&self, site: &Site) -> bool {
        Index::is_overdue(site, self.item)
    }
}

/// Every action and deliverable of plan `p` in page order (by goal and objective, actions
/// before deliverables), then its timeline steps.
pub(crate) fn plan_items(plan: &Plan, p: usize) -> Vec<ItemRef> {
    let mut refs = Vec::new();
    for (goal, g) in plan.goals.iter().enumerate() {
        for (objective, o) in g.objectives.iter().enumerate() {
            for (kind, list) in [
                (ItemKind::Action, &o.actions),
                (ItemKind::Deliverable, &o.deliverables),
            ] {
                for index in 0..list.len() {
                    refs.push(ItemRef {
                        plan: p,
                        loc: ItemLoc::Item {
                            goal,
                            objective,
                            kind,
                            index,
                        },
                    });
                }
            }
        }
    }
    refs.extend((0..plan.timeline.len()).map(|s| ItemRef {
        plan: p,
        loc: ItemLoc::Step(s),
    }));
    refs
}

#[cfg(test)]
mod tests;
