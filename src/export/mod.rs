//! Exports: every file of the site that is not an HTML page. In: the loaded [`Site`], its
//! [`Index`] (which plans are published, who does what, what is dated) and the [`Urls`].
//! Out: a list of [`OutputFile`]s, one submodule per format:
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
//! Every value is untrusted author text: JSON goes through serde, CSV through the `csv`
//! crate plus a formula guard, iCalendar through its own escaper, and XML and SVG through
//! [`xml_escape`]. Output depends only on the site and its as-of date (no clock, no hash
//! order), so two builds of the same input give the same bytes.

pub mod actions_csv;
pub mod badge;
pub mod calendar;
pub mod feed;
mod json;
mod per_plan;
pub mod plans_json;
pub mod search;
pub mod sitemap;

use crate::model::Tracking;
use crate::output_file::{Fill, OutputFile};
use crate::site::Site;
use crate::site::index::{Index, ItemLoc, ItemRef};
use crate::site::urls::Urls;
use std::borrow::Cow;
use std::io::Write;

/// Every non-HTML file of the site: data exports, feeds, badges and the search index.
/// Where exports go: whole files, or large files streamed piece by piece.
pub trait Sink: Sync {
    fn file(&self, file: OutputFile);
    fn stream(&self, path: &str, fill: &Fill);
}

/// Every non-HTML file of the site, in memory (for tests and small tools).
pub fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
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
    each_file(site, index, urls, &collect);
    let mut out = collect.0.into_inner().expect("no panics while held");
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Hands every non-HTML file to `sink` as soon as it is made. The formats are made side by
/// side, but the large ones one after the other: plans.json, actions.csv and the search
/// shards together (see [`per_plan`]), then calendar.ics. Each is streamed a chunk of plans
/// at a time, made in parallel within the chunk, so running them side by side would only
/// hold more chunks in memory at once.
pub fn each_file(site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink) {
    rayon::scope(|s| {
        s.spawn(|_| {
            per_plan::stream(site, index, urls, sink);
            sink.stream(calendar::PATH, &|out| calendar::write(site, index, urls, out));
        });
        s.spawn(|_| badge::each_file(site, index, |f| sink.file(f)));
        s.spawn(|_| {
            sink.file(feed::file(site, index, urls));
            if let Some(file) = sitemap::sitemap(site, index, urls) {
                sink.file(file);
            }
            sink.file(sitemap::robots(urls));
        });
    });
}

/// How many items of a large export are made (in parallel) before they are written.
const CHUNK: usize = 512;

/// Into how many runs of consecutive items a chunk is split, each made into one buffer by
/// one thread: a few per core, so that a run of heavy plans does not leave a core idle.
const RUNS: usize = 8;

/// A run of consecutive items of a large export, made into bytes by one thread.
pub(crate) struct Run<'a, T> {
    pub items: &'a [T],
    /// Whether the run starts the list, so a format knows if a separator goes before it.
    pub first: bool,
}

/// Writes `items` in order: a chunk at a time, so memory holds one chunk, not the file;
/// each chunk split into runs that `write_run` makes in parallel, each into its own buffer.
/// The buffers are kept from chunk to chunk, so their memory is reused rather than
/// allocated (and page-faulted in) again; and a run lets a format keep its own scratch
/// space (a CSV writer, a line folder) across its items.
pub(crate) fn write_in_chunks<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    write_run: impl Fn(Run<T>, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let write_run = |run: Run<T>, buffer: &mut Vec<u8>, _: &mut ()| write_run(run, buffer);
    write_in_chunks_with(out, items, write_run, |_| {})
}

/// [`write_in_chunks`], where each run also makes a side output `S` (another file's share
/// of the same items), handed to `take` in order once the chunk's bytes are written.
pub(crate) fn write_in_chunks_with<T: Sync, S: Default + Send>(
    out: &mut dyn Write,
    items: &[T],
    write_run: impl Fn(Run<T>, &mut Vec<u8>, &mut S) + Sync,
    mut take: impl FnMut(&mut S),
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut buffers: Vec<(Vec<u8>, S)> = std::iter::repeat_with(Default::default).take(RUNS).collect();
    for (n, chunk) in items.chunks(CHUNK).enumerate() {
        let run_len = chunk.len().div_ceil(RUNS);
        let used = chunk.len().div_ceil(run_len);
        buffers[..used]
            .par_iter_mut()
            .zip(chunk.par_chunks(run_len))
            .enumerate()
            .for_each(|(k, ((buffer, side), items))| {
                buffer.clear();
                let first = n == 0 && k == 0;
                write_run(Run { items, first }, buffer, side);
            });
        for (buffer, side) in &mut buffers[..used] {
            out.write_all(buffer)?;
            take(side);
        }
    }
    Ok(())
}

/// How many items [`write_in_key_order`] makes before it writes them. Larger segments
/// group more items of a plan together (at 10,000 plans, calendar.ics takes 0.44 CPU-s
/// with 16,384, 0.37 with 32,768, 0.34 with 65,536), at the cost of holding their bytes
/// (about 15 MB of calendar events at 32,768).
const SEGMENT: usize = 32_768;

/// Writes `items` in their order, but makes them in the order of `key`, a segment at a
/// time. For a list whose order is not the order of its data in memory (events by date,
/// from every plan of the site), making each item in turn would wait on memory for almost
/// every field; made in plan order, an item finds much of what it reads already in cache,
/// which makes the calendar twice as fast. Each run of a segment is made into its own
/// buffer, kept from segment to segment, and the items are then copied out in order.
///
/// Each item is made in two steps: `look_up` finds what it needs, for a batch of items at a
/// time, then `write_item` writes it. Looking up is mostly waiting on memory, and a batch
/// of independent look-ups lets the processor wait for several items at once.
pub(crate) fn write_in_key_order<T: Sync, K: Ord, L>(
    out: &mut dyn Write,
    items: &[T],
    key: impl Fn(&T) -> K,
    look_up: impl Fn(&T) -> L + Sync,
    write_item: impl Fn(L, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut runs: Vec<MadeRun> = Vec::new();
    for segment in items.chunks(SEGMENT) {
        let mut order: Vec<usize> = (0..segment.len()).collect();
        order.sort_by(|&a, &b| key(&segment[a]).cmp(&key(&segment[b])));
        let run_len = CHUNK.min(segment.len());
        let used = segment.len().div_ceil(run_len);
        if runs.len() < used {
            runs.resize_with(used, Default::default);
        }
        let runs = &mut runs[..used];
        runs.par_iter_mut()
            .zip(order.par_chunks(run_len))
            .for_each(|(run, positions)| {
                run.bytes.clear();
                run.spans.clear();
                let mut found = Vec::with_capacity(LOOK_UP_BATCH);
                for batch in positions.chunks(LOOK_UP_BATCH) {
                    found.extend(batch.iter().map(|&k| look_up(&segment[k])));
                    for (&k, item) in batch.iter().zip(found.drain(..)) {
                        let start = run.bytes.len();
                        write_item(item, &mut run.bytes);
                        run.spans.push((k, start..run.bytes.len()));
                    }
                }
            });
        let mut at = vec![(0, 0..0); segment.len()];
        for (n, run) in runs.iter().enumerate() {
            for (k, span) in &run.spans {
                at[*k] = (n, span.clone());
            }
        }
        for (n, span) in at {
            out.write_all(&runs[n].bytes[span])?;
        }
    }
    Ok(())
}

/// How many items [`write_in_key_order`] looks up before it writes them.
const LOOK_UP_BATCH: usize = 32;

/// Items made by one thread for [`write_in_key_order`]: their bytes, and where each is.
#[derive(Default)]
struct MadeRun {
    bytes: Vec<u8>,
    /// Each item's position in its segment and its bytes' range in `bytes`.
    spans: Vec<(usize, std::ops::Range<usize>)>,
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
/// Whether any byte of `bytes` is one `wanted` picks. One fold with no early exit, which the
/// compiler turns into vector code (given a `wanted` written with `|`, not `||`): the texts
/// checked rarely hold such a byte, so every byte is read anyway.
pub(crate) fn any_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(false, |found, &b| found | wanted(b))
}

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
    pub fn overdue(&self, site: &Site) -> bool {
        crate::model::rollup::is_overdue(self.tracking, site.as_of)
    }
}

#[cfg(test)]
mod tests;
