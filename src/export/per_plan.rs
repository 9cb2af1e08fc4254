//! The exports made plan by plan, in index order: `data/plans.json`, `data/actions.csv` and
//! the search shards ([`PER_PLAN`](super::PER_PLAN) lists them). In: the published plans and
//! the units that each make their share of a plan. Out: each unit's file, streamed to the
//! sink (or, for the search index, its own files, handed to the sink as they fill).
//!
//! One walk over the plans feeds every unit: each plan's parts are made one after the other
//! by the same thread. Most of their time goes to fetching the plan's text from memory, and
//! made together they fetch it once, not three times (at 10,000 plans, on one thread, the
//! three took about 0.57 CPU-s made apart, 0.34 made together, with [`fetch`]).
//!
//! Steps: open every unit's destination; then, a chunk of plans at a time, split the chunk
//! into runs of consecutive plans made in parallel, each run by one thread into one
//! [`PlanRun`] per unit (its own buffer and scratch space, kept from chunk to chunk, so its
//! memory is reused); then hand each unit's runs, in order, to its destination. Memory
//! holds one chunk, not the files. A destination whose writes fail fails alone: it takes
//! no more bytes, and the others are finished whole. (The streams are opened one inside
//! another, so a file that cannot even be created leaves the units opened inside it
//! unwritten.)

use super::{CHUNK, Export, RUNS, Sink};
use crate::model::Plan;
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::Urls;
use std::io::Write;
use std::sync::Mutex;

/// An export made plan by plan. Adding one: a unit in its own file, and a line in
/// [`PER_PLAN`](super::PER_PLAN).
pub(crate) trait PlanExport: Sync {
    /// Where its bytes go.
    fn destination<'s>(&self, sink: &'s dyn Sink) -> Destination<'s>;

    /// What the file holds before its first plan.
    fn head(&self, _site: &Site) -> Vec<u8> {
        Vec::new()
    }

    /// What the file holds after its last plan.
    fn tail(&self) -> &'static [u8] {
        b""
    }

    /// A maker of its share of a run of plans, with a buffer of its own.
    fn run<'a>(&self, site: &'a Site, urls: &'a Urls) -> Box<dyn PlanRun + 'a>;
}

/// Where a per-plan export's bytes go.
pub(crate) enum Destination<'s> {
    /// One file, streamed: the head, each run's bytes in order, the tail.
    Stream(&'static str),
    /// Files the export makes of its bytes itself (the search shards).
    Files(Box<dyn Put + Send + 's>),
}

/// One thread's share of an export for a run of consecutive plans.
pub(crate) trait PlanRun: Send {
    /// Appends plan `p`'s part; `first` when it is the first plan of the file.
    fn plan(&mut self, p: usize, first: bool);

    /// The bytes made since they were last taken; the driver clears them once written.
    fn bytes(&mut self) -> &mut Vec<u8>;
}

/// What takes a per-plan export's bytes, in order: its head, then whole runs of plans (a
/// run never ends inside a plan's part), then its tail.
pub(crate) trait Put {
    fn put(&mut self, bytes: &[u8]);

    /// Ends the file; a streamed one says whether all of it was written.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// The exports made plan by plan, as one [`Export`]: one walk makes all of them.
pub(crate) struct PerPlan<'u>(pub &'u [&'u dyn PlanExport]);

impl Export for PerPlan<'_> {
    fn write(&self, site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink) {
        write(self.0, site, index, urls, sink);
    }
}

/// The files of one per-plan export, in memory, by path.
pub(crate) fn files_of(unit: &dyn PlanExport, site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    super::collect(|sink| write(&[unit], site, index, urls, sink))
}

/// Makes every unit of `units` in one walk over the published plans, into `sink`.
pub(crate) fn write(units: &[&dyn PlanExport], site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink) {
    let results = Mutex::new(units.iter().map(|_| None).collect());
    let plans = Plans { site, index, urls };
    open(units, &plans, sink, Vec::new(), &results);
}

/// The plans a walk goes over.
struct Plans<'a> {
    site: &'a Site,
    index: &'a Index,
    urls: &'a Urls,
}

/// Opens the destinations of `units[opened.len()..]` and walks the plans into all of them.
/// A sink hands out a stream only to a closure it calls, so each stream is opened inside
/// the one before it; the writers gathered so far travel inward through a mutex, the one
/// way into the sink's `Fn`.
fn open<'s>(
    units: &[&dyn PlanExport],
    plans: &Plans,
    sink: &'s dyn Sink,
    mut opened: Vec<Box<dyn Put + Send + 's>>,
    results: &Mutex<Vec<Option<std::io::Result<()>>>>,
) {
    let k = opened.len();
    let Some(unit) = units.get(k) else {
        walk(units, plans, &mut opened);
        let mut results = results.lock().expect("no panics while held");
        for (result, out) in results.iter_mut().zip(opened) {
            *result = Some(out.finish());
        }
        return;
    };
    match unit.destination(sink) {
        Destination::Files(out) => {
            opened.push(out);
            open(units, plans, sink, opened, results);
        }
        Destination::Stream(path) => {
            let opened = Mutex::new(Some(opened));
            sink.stream(path, &|out| {
                let taken = opened.lock().expect("no panics while held").take();
                let mut inner: Vec<Box<dyn Put + Send + '_>> = taken.expect("a stream is filled once");
                inner.push(Box::new(Streamed { out, result: Ok(()) }));
                open(units, plans, sink, inner, results);
                let mut results = results.lock().expect("no panics while held");
                results[k].take().expect("finished")
            });
        }
    }
}

/// The walk: every unit's head, its share of each plan, a chunk at a time, then its tail.
fn walk(units: &[&dyn PlanExport], plans: &Plans, outs: &mut [Box<dyn Put + Send + '_>]) {
    use rayon::prelude::*;
    let Plans { site, index, urls } = *plans;
    for (unit, out) in units.iter().zip(outs.iter_mut()) {
        out.put(&unit.head(site));
    }
    let mut runs: Vec<Vec<Box<dyn PlanRun + '_>>> =
        std::iter::repeat_with(|| units.iter().map(|u| u.run(site, urls)).collect())
            .take(RUNS)
            .collect();
    for (n, chunk) in index.published.chunks(CHUNK).enumerate() {
        let run_len = chunk.len().div_ceil(RUNS);
        let used = chunk.len().div_ceil(run_len);
        runs[..used]
            .par_iter_mut()
            .zip(chunk.par_chunks(run_len))
            .enumerate()
            .for_each(|(k, (run, plans))| {
                for (m, &p) in plans.iter().enumerate() {
                    fetch(&site.plans[p]);
                    let first = n == 0 && k == 0 && m == 0;
                    run.iter_mut().for_each(|unit| unit.plan(p, first));
                }
            });
        for run in &mut runs[..used] {
            for (unit, out) in run.iter_mut().zip(outs.iter_mut()) {
                let bytes = unit.bytes();
                out.put(bytes);
                bytes.clear();
            }
        }
    }
    for (unit, out) in units.iter().zip(outs.iter_mut()) {
        out.put(unit.tail());
    }
}

/// A stream being written, and whether writing it has failed (it then takes no more).
struct Streamed<'w> {
    out: &'w mut (dyn Write + Send),
    result: std::io::Result<()>,
}

impl Put for Streamed<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.result.is_ok() {
            self.result = self.out.write_all(bytes);
        }
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.result
    }
}

/// Reads the first byte of each text of `plan` that the exports write, in one short loop,
/// so that the texts are fetched from memory side by side rather than one at a time as the
/// JSON meets them; `black_box` keeps the reads.
fn fetch(plan: &Plan) {
    let first = |text: &str| text.as_bytes().first().copied().unwrap_or_default();
    let mut any = 0;
    for goal in &plan.goals {
        any ^= first(&goal.title);
        for objective in &goal.objectives {
            any ^= first(&objective.title);
            for item in objective.items() {
                any ^= first(&item.title) ^ item.who.as_deref().map_or(0, first);
                any ^= item.when.as_ref().map_or(0, |w| first(&w.timeframe.text));
            }
        }
    }
    for step in &plan.timeline {
        any ^= first(&step.title);
    }
    std::hint::black_box(any);
}

#[cfg(test)]
mod tests;
