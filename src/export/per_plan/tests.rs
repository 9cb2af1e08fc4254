use super::*;
use crate::export::{PER_PLAN, actions_csv, plans_json, search};
use crate::output_file::Fill;
use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

/// Three plans published over and over: more than two chunks of them.
fn many_plans() -> (Site, Index) {
    let (site, mut index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN]);
    index.published = (0..CHUNK * 2 + 5).map(|n| n % 3).collect();
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
    let mut apart = Vec::new();
    for unit in PER_PLAN {
        apart.extend(files_of(*unit, &site, &index, &urls));
    }
    assert!(
        apart.len() > 4,
        "plans.json, actions.csv, several shards and their index"
    );
    for file in apart {
        assert_eq!(find(&file.path), file.bytes, "{}", file.path);
    }
}

/// A unit that writes each plan's number, comma-separated, in `[` `]`.
struct Numbers;

struct NumbersRun(Vec<u8>);

impl PlanExport for Numbers {
    fn destination<'s>(&self, _: &'s dyn Sink) -> Destination<'s> {
        Destination::Stream("numbers.txt")
    }

    fn head(&self, _: &Site) -> Vec<u8> {
        b"[".to_vec()
    }

    fn tail(&self) -> &'static [u8] {
        b"]"
    }

    fn run<'a>(&self, _: &'a Site, _: &'a Urls) -> Box<dyn PlanRun + 'a> {
        Box::new(NumbersRun(Vec::new()))
    }
}

impl PlanRun for NumbersRun {
    fn plan(&mut self, p: usize, first: bool) {
        if !first {
            self.0.push(b',');
        }
        self.0.extend_from_slice(p.to_string().as_bytes());
    }

    fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

#[test]
fn a_unit_gets_every_plan_once_in_index_order_across_chunks() {
    let (site, mut index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN]);
    for published in [vec![], vec![2], (0..CHUNK * 3 + 7).map(|n| n % 3).collect()] {
        index.published = published;
        let files = files_of(&Numbers, &site, &index, &Urls::new("/"));
        let want: Vec<String> = index.published.iter().map(usize::to_string).collect();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "numbers.txt");
        let got = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert_eq!(got, format!("[{}]", want.join(",")));
    }
}

/// A stream's path and its bytes, or its error.
type Streamed = (String, Result<Vec<u8>, String>);

/// A sink whose stream of `fails` cannot be written; it records each stream's outcome and
/// the bytes of those written, and every whole file.
struct Failing {
    fails: &'static str,
    streams: Mutex<Vec<Streamed>>,
    files: Mutex<Vec<OutputFile>>,
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
    fn file(&self, file: OutputFile) {
        self.files.lock().unwrap().push(file);
    }
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

/// What the per-plan exports leave when the stream at `fails` cannot be written: each
/// stream's outcome by path, and the search files.
fn outcomes(fails: &'static str) -> (Vec<Streamed>, Vec<OutputFile>) {
    let (site, index) = many_plans();
    let sink = Failing {
        fails,
        streams: Mutex::default(),
        files: Mutex::default(),
    };
    write(PER_PLAN, &site, &index, &Urls::new("/"), &sink);
    let mut streams = sink.streams.into_inner().unwrap();
    streams.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files = sink.files.into_inner().unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (streams, files)
}

#[test]
fn a_stream_that_cannot_be_written_fails_alone() {
    let (site, index) = many_plans();
    let urls = Urls::new("/");
    let csv = actions_csv::file(&site, &index, &urls).bytes;
    let json = plans_json::file(&site, &index, &urls).bytes;
    let search = search::files(&site, &index, &urls);
    let disk_full = Err("disk full".to_string());

    let (streams, files) = outcomes(plans_json::PATH);
    assert_eq!(
        streams,
        [
            (actions_csv::PATH.into(), Ok(csv.clone())),
            (plans_json::PATH.into(), disk_full.clone()),
        ]
    );
    assert_eq!(files, search, "the search files are whole");

    let (streams, files) = outcomes(actions_csv::PATH);
    assert_eq!(
        streams,
        [
            (actions_csv::PATH.into(), disk_full),
            (plans_json::PATH.into(), Ok(json)),
        ]
    );
    assert_eq!(files, search, "the search files are whole");
}
