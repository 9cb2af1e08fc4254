//! The exports made plan by plan, in index order: `data/plans.json`, `data/actions.csv` and
//! the search shards. In: the published plans. Out: the two files, streamed to the sink,
//! and the shards, handed to it as they fill (then `search/index.json`).
//!
//! They are made together: each plan's JSON, then its CSV rows and its search document, by
//! the same thread. Most of their time goes to fetching the plan's text from memory, and
//! made together they fetch it once, not three times (at 10,000 plans, on one thread, the
//! three took about 0.57 CPU-s made apart, 0.34 made together, with [`fetch`]).
//!
//! So both files are open at once: the CSV's stream holds plans.json's. If plans.json
//! cannot be written, both stop; if the CSV cannot be, plans.json is still finished. Either
//! way the failing file reports its own error first, as when they were made one by one.

use super::{Sink, actions_csv, plans_json, search};
use crate::model::Plan;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::Urls;
use std::io::Write;
use std::sync::Mutex;

/// Streams plans.json and actions.csv and emits the search files into `sink`.
pub(crate) fn stream(site: &Site, index: &Index, urls: &Urls, sink: &dyn Sink) {
    let shards = Mutex::new(search::Shards::new(|f| sink.file(f)));
    sink.stream(actions_csv::PATH, &|csv| {
        let csv = Mutex::new(Outcome {
            out: csv,
            result: Ok(()),
            json_done: false,
        });
        sink.stream(plans_json::PATH, &|json| {
            let mut csv = csv.lock().expect("no panics while held");
            let mut shards = shards.lock().expect("no panics while held");
            let result = write(site, index, urls, json, &mut csv, &mut shards);
            csv.json_done = result.is_ok();
            result
        });
        let csv = csv.into_inner().expect("no panics while held");
        match csv.result {
            // A CSV cut short must not pass for whole.
            Ok(()) if !csv.json_done => Err(std::io::Error::other(format!(
                "left unfinished: `{}` could not be written",
                plans_json::PATH
            ))),
            result => result,
        }
    });
    shards.into_inner().expect("no panics while held").finish();
}

/// A stream being written, and whether writing it has failed (it is then left alone).
struct Outcome<'a> {
    out: &'a mut (dyn Write + Send),
    result: std::io::Result<()>,
    /// Whether plans.json, made along with it, was written whole.
    json_done: bool,
}

impl Outcome<'_> {
    fn write_all(&mut self, bytes: &[u8]) {
        if self.result.is_ok() {
            self.result = self.out.write_all(bytes);
        }
    }
}

/// What one run of plans makes besides its JSON.
#[derive(Default)]
struct Made {
    csv: Vec<u8>,
    docs: Vec<String>,
}

/// Writes plans.json into `json` and the CSV into `csv`; returns plans.json's outcome.
fn write<F: FnMut(crate::output_file::OutputFile)>(
    site: &Site,
    index: &Index,
    urls: &Urls,
    json: &mut dyn Write,
    csv: &mut Outcome,
    shards: &mut search::Shards<F>,
) -> std::io::Result<()> {
    json.write_all(&plans_json::head(site))?;
    csv.write_all(&actions_csv::header());
    let write_run = |run: super::Run<usize>, buffer: &mut Vec<u8>, made: &mut Made| {
        let mut rows = actions_csv::Rows::new(&mut made.csv);
        for (n, &i) in run.items.iter().enumerate() {
            fetch(&site.plans[i]);
            plans_json::push_plan(site, urls, i, n > 0 || !run.first, buffer);
            rows.plan(site, urls, i);
            made.docs.push(search::doc_json(site, urls, i));
        }
    };
    let take = |made: &mut Made| {
        csv.write_all(&made.csv);
        made.csv.clear();
        made.docs.drain(..).for_each(|doc| shards.push(&doc));
    };
    super::write_in_chunks_with(json, &index.published, write_run, take)?;
    json.write_all(plans_json::TAIL)
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
mod tests {
    use super::*;
    use crate::output_file::{Fill, OutputFile};
    use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

    /// Three plans published over and over: more than a chunk of them.
    fn many_plans() -> (Site, Index) {
        let (site, mut index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN]);
        index.published = (0..super::super::CHUNK * 2 + 5).map(|n| n % 3).collect();
        (site, index)
    }

    #[test]
    fn files_made_together_are_those_made_apart() {
        let (site, index) = many_plans();
        let urls = Urls::new("https://x.org/");
        let together = crate::export::files(&site, &index, &urls);
        let find = |path: &str| {
            let file = together.iter().find(|f| f.path == path);
            file.expect("exported").bytes.clone()
        };
        assert_eq!(
            find(plans_json::PATH),
            plans_json::file(&site, &index, &urls).bytes
        );
        assert_eq!(
            find(actions_csv::PATH),
            actions_csv::file(&site, &index, &urls).bytes
        );
        let mut apart = Vec::new();
        search::each_file(&site, &index, &urls, |f| apart.push(f));
        assert!(apart.len() > 2, "several shards");
        for file in apart {
            assert_eq!(find(&file.path), file.bytes, "{}", file.path);
        }
    }

    /// A stream's path and its bytes, or its error.
    type Streamed = (String, Result<Vec<u8>, String>);

    /// A sink whose stream of `fails` cannot be written; it records each stream's outcome
    /// in the order they end, and the bytes of those written.
    struct Failing {
        fails: &'static str,
        streams: Mutex<Vec<Streamed>>,
    }

    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Sink for Failing {
        fn file(&self, _: OutputFile) {}
        fn stream(&self, path: &str, fill: &Fill) {
            let mut bytes = Vec::new();
            let result = if path == self.fails {
                fill(&mut Broken).map(|()| Vec::new())
            } else {
                fill(&mut bytes).map(|()| bytes)
            };
            let result = result.map_err(|e| e.to_string());
            self.streams.lock().unwrap().push((path.into(), result));
        }
    }

    fn outcomes(fails: &'static str) -> (Vec<Streamed>, Vec<u8>) {
        let (site, index) = many_plans();
        let urls = Urls::new("/");
        let sink = Failing {
            fails,
            streams: Mutex::default(),
        };
        stream(&site, &index, &urls, &sink);
        let whole = plans_json::file(&site, &index, &urls).bytes;
        (sink.streams.into_inner().unwrap(), whole)
    }

    #[test]
    fn a_failed_plans_json_fails_the_csv_too_and_is_reported_first() {
        let (streams, _) = outcomes(plans_json::PATH);
        assert_eq!(streams[0].0, plans_json::PATH);
        assert_eq!(streams[0].1, Err("disk full".into()));
        assert_eq!(streams[1].0, actions_csv::PATH);
        let csv = streams[1].1.as_ref().expect_err("cut short");
        assert!(csv.contains("`data/plans.json` could not be written"), "{csv}");
    }

    #[test]
    fn a_failed_csv_leaves_plans_json_whole() {
        let (streams, whole) = outcomes(actions_csv::PATH);
        assert_eq!(streams[0].0, plans_json::PATH);
        assert_eq!(streams[0].1.as_ref(), Ok(&whole));
        assert_eq!(streams[1], (actions_csv::PATH.into(), Err("disk full".into())));
    }
}
