//! Exports: every file of the site that is not an HTML page. In: the loaded [`Site`], its
//! [`Index`] (which plans are published, who does what, what is dated) and the [`Urls`].
//! Out: every file handed to a [`Sink`] (a large one streamed), one unit per export, all
//! listed in [`LANES`] (the ones made plan by plan in [`PER_PLAN`]), one submodule each:
//!
//! - [`plans_json`]: `data/plans.json`, the data contract of `site.md`;
//! - [`actions_csv`]: `data/actions.csv`, one row per action, deliverable and timeline step;
//! - [`calendar`]: `calendar.ics`, one all-day event per dated item;
//! - [`feed`]: `feed.xml`, an Atom feed of the plans by last update;
//! - [`sitemap`]: `sitemap.xml` (when `base_url` is a full URL) and `robots.txt` (and
//!   [`sitemap::page_paths`], every page);
//! - [`badge`]: `badges/SLUG.svg`, a progress badge per plan;
//! - [`search`]: `search/index.json` and its shards, for the in-browser search.
//!
//! Each format has one encoder: JSON is written by hand ([`json`]; strings escaped exactly
//! as `serde_json` escapes them, numbers left to its formatter; the tests hold the whole to
//! the bytes serde writes for the `Serialize` structs), CSV by hand with a formula guard
//! (held to the `csv` crate's bytes in tests), iCalendar through its own escaper, and XML
//! and SVG through [`xml_escape`]. Every value is untrusted author text. Output depends
//! only on the site and its as-of date (no clock, no hash order), so two builds of the same
//! input give the same bytes.

pub mod actions_csv;
pub mod badge;
pub mod calendar;
pub mod feed;
mod json;
mod key_order;
mod per_plan;
pub mod plans_json;
pub mod search;
pub mod sitemap;

use crate::model::Tracking;
use crate::output_file::{Fill, OutputFile};
use crate::site::Site;
use crate::site::index::{Index, ItemLoc, ItemRef};
use crate::site::urls::Urls;
use key_order::write_in_key_order;
use per_plan::PlanExport;
use std::borrow::Cow;

/// Where exports go: whole files, or large files streamed piece by piece.
pub trait Sink: Sync {
    fn file(&self, file: OutputFile);
    fn stream(&self, path: &str, fill: &Fill);
}

/// An export: one or more files of the site made from the loaded site. Adding one: a unit
/// in its own file, and a line in [`LANES`] (or, made plan by plan, in [`PER_PLAN`]).
pub(crate) trait Export: Sync {
    /// Makes its files and hands each to `sink` (a large one streamed).
    fn write(&self, site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink);
}

/// Every export, in the lanes they run in: the lanes side by side (and beside the pages),
/// the exports of a lane one after the other. The large ones share a lane: each streams a
/// chunk of plans at a time, made in parallel within the chunk, so running them side by
/// side would only hold more chunks in memory at once.
const LANES: [&[&dyn Export]; 3] = [
    &[&per_plan::PerPlan(PER_PLAN), &calendar::CalendarIcs],
    &[&badge::Badges],
    &[&feed::FeedXml, &sitemap::SitemapXml, &sitemap::RobotsTxt],
];

/// The exports made plan by plan, in one walk over the plans (see [`per_plan`]), in the
/// order each plan's parts are made.
const PER_PLAN: &[&dyn PlanExport] = &[
    &plans_json::PlansJsonFile,
    &actions_csv::ActionsCsv,
    &search::SearchFiles,
];

/// Every non-HTML file of the site, in memory, by path (for tests and small tools).
pub fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    collect(|sink| each_file(site, index, urls, sink))
}

/// The files `write` hands to its sink, in memory, by path.
pub(crate) fn collect(write: impl FnOnce(&dyn Sink)) -> Vec<OutputFile> {
    struct Collect(std::sync::Mutex<Vec<OutputFile>>);
    impl Sink for Collect {
        fn file(&self, file: OutputFile) {
            self.0.lock().expect("no panics while held").push(file);
        }
        fn stream(&self, path: &str, fill: &Fill) {
            let mut bytes = Vec::new();
            fill(&mut bytes).expect("writing to memory cannot fail");
            self.file(OutputFile::new(path, bytes));
        }
    }
    let collect = Collect(Default::default());
    write(&collect);
    let mut out = collect.0.into_inner().expect("no panics while held");
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Hands every non-HTML file to `sink` as soon as it is made: the lanes of [`LANES`] side
/// by side.
pub fn each_file(site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink) {
    rayon::scope(|s| {
        for lane in LANES {
            s.spawn(move |_| {
                for export in lane {
                    export.write(site, index, urls, sink);
                }
            });
        }
    });
}

/// How many plans of a large export are made (in parallel) before they are written.
const CHUNK: usize = 512;

/// Into how many runs of consecutive plans a chunk is split, each made by one thread: a
/// few per core, so that a run of heavy plans does not leave a core idle.
const RUNS: usize = 8;

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

/// Whether any byte of `bytes` is one `wanted` picks. One fold with no early exit, which the
/// compiler turns into vector code (given a `wanted` written with `|`, not `||`): the texts
/// checked rarely hold such a byte, so every byte is read anyway.
pub(crate) fn any_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(false, |found, &b| found | wanted(b))
}

/// A percentage rounded to one decimal, as the exports show it.
pub(crate) fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// An action, deliverable or timeline step with what the flat exports (CSV, calendar)
/// show of it. It borrows from the site, so making one allocates only for a timeline step
/// with parties (whose names are joined).
pub(crate) struct Entry<'a> {
    pub item: ItemRef,
    /// `action`, `deliverable` or `step`.
    pub kind: &'static str,
    pub id: Option<&'a str>,
    pub title: &'a str,
    /// Who is responsible; for a step, its parties joined by `, `.
    pub who: Option<Cow<'a, str>>,
    /// The author's timeframe text (a step's end, else its start).
    pub when: Option<&'a str>,
    pub tracking: &'a Tracking,
    /// The goal and objective titles, for actions and deliverables.
    pub goal: Option<&'a str>,
    pub objective: Option<&'a str>,
}

impl<'a> Entry<'a> {
    pub fn new(site: &'a Site, r: ItemRef) -> Entry<'a> {
        let plan = &site.plans[r.plan];
        let work = site.work(r);
        let (goal, objective) = match r.loc {
            ItemLoc::Item { goal, objective, .. } => (
                Some(plan.goals[goal as usize].title.as_str()),
                Some(&*plan.goals[goal as usize].objectives[objective as usize].title),
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
            goal,
            objective,
        }
    }

    /// Whether the item is overdue as of the site's date.
    pub fn overdue(&self, as_of: chrono::NaiveDate) -> bool {
        crate::model::rollup::is_overdue(self.tracking, as_of)
    }
}

#[cfg(test)]
mod tests;
