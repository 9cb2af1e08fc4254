//! Prints how long each build phase takes on a site: `cargo run --release --example
//! phase_times -- SITE_DIR`. A tool for profiling, not part of planpress.
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).expect("usage: phase_times SITE_DIR");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let options = planpress::site::load::LoadOptions {
        layout: planpress::site::layout::SiteLayout::new(root),
        as_of,
        base_url: None,
    };
    let t = Instant::now();
    let (site, _) = planpress::site::load::load(&options);
    println!("load: {:?} ({} plans)", t.elapsed(), site.plans.len());
    let t = Instant::now();
    let lint = planpress::check::lint::lint(&site);
    println!("lint: {:?} ({} diagnostics)", t.elapsed(), lint.len());
    let t = Instant::now();
    let index = planpress::site::index::Index::new(&site, false);
    println!("index: {:?}", t.elapsed());
    let urls = planpress::site::urls::Urls::new(&site.config.base_url);
    let t = Instant::now();
    let files = planpress::export::files(&site, &index, &urls);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "exports (parallel): {:?} ({} files, {} MB)",
        t.elapsed(),
        files.len(),
        bytes / 1_000_000
    );
    export_times(&site, &index, &urls);
    let theme = planpress::render::templates::load(&site.layout, None).unwrap();
    let cx = planpress::render::pages::RenderContext::new(&site, &index, &urls, &theme, false);
    let specs = planpress::render::pages::specs(&site, &index);
    // One thread, by kind of page: where the CPU time goes.
    let mut by_kind: std::collections::BTreeMap<String, (std::time::Duration, usize, usize)> =
        Default::default();
    for spec in &specs {
        let kind = format!("{spec:?}");
        let kind = kind.split('(').next().unwrap_or("").to_string();
        let t = Instant::now();
        let len = planpress::render::pages::render(&cx, spec)
            .map(|f| f.bytes.len())
            .unwrap_or(0);
        let e = by_kind.entry(kind).or_default();
        e.0 += t.elapsed();
        e.1 += 1;
        e.2 += len;
    }
    for (kind, (time, n, len)) in by_kind {
        println!("render {kind}: {time:?} ({n} pages, {} MB)", len / 1_000_000);
    }
}

/// Each export alone on one thread, into a writer that only counts the bytes (so the
/// figures are the export's own CPU, without the output's).
fn export_times(
    site: &planpress::site::Site,
    index: &planpress::site::index::Index,
    urls: &planpress::site::urls::Urls,
) {
    use planpress::export::{actions_csv, badge, calendar, feed, plans_json, search, sitemap};
    /// Counts what is written to it.
    #[derive(Default)]
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let time = |name: &str, make: &mut (dyn FnMut() -> usize + Send)| {
        let (t, cpu) = (Instant::now(), cpu_ms());
        let bytes = pool.install(make);
        println!(
            "export {name} (1 thread): {:?}, cpu {} ms ({} MB)",
            t.elapsed(),
            cpu_ms() - cpu,
            bytes / 1_000_000
        );
    };
    // Each per-plan export alone (made whole in memory), then the calendar streamed.
    type Whole = fn(
        &planpress::site::Site,
        &planpress::site::index::Index,
        &planpress::site::urls::Urls,
    ) -> planpress::output_file::OutputFile;
    let whole: [(&str, Whole); 2] = [
        ("plans.json", plans_json::file),
        ("actions.csv", actions_csv::file),
    ];
    for (name, file) in whole {
        time(name, &mut || file(site, index, urls).bytes.len());
    }
    time("calendar.ics", &mut || {
        let mut count = Count::default();
        calendar::write(site, index, urls, &mut count).unwrap();
        count.0
    });
    /// Counts the bytes of every file handed to it.
    #[derive(Default)]
    struct CountSink(std::sync::atomic::AtomicUsize);
    impl planpress::export::Sink for CountSink {
        fn file(&self, file: planpress::output_file::OutputFile) {
            self.0
                .fetch_add(file.bytes.len(), std::sync::atomic::Ordering::Relaxed);
        }
        fn stream(&self, _: &str, fill: &planpress::output_file::Fill) {
            let mut count = Count::default();
            fill(&mut count).unwrap();
            self.0.fetch_add(count.0, std::sync::atomic::Ordering::Relaxed);
        }
    }
    time("all", &mut || {
        let sink = CountSink::default();
        planpress::export::each_file(site, index, urls, &sink);
        sink.0.into_inner()
    });
    time("search", &mut || {
        let files = search::files(site, index, urls);
        files.iter().map(|f| f.bytes.len()).sum()
    });
    time("badges", &mut || {
        let bytes = std::sync::atomic::AtomicUsize::new(0);
        badge::each_file(site, index, |f| {
            bytes.fetch_add(f.bytes.len(), std::sync::atomic::Ordering::Relaxed);
        });
        bytes.into_inner()
    });
    time("feed+sitemap", &mut || {
        feed::file(site, index, urls).bytes.len()
            + sitemap::sitemap(site, index, urls).map_or(0, |f| f.bytes.len())
    });
}

/// The process's CPU time so far (user and system), from `/proc/self/stat` at 100 ticks a
/// second: unlike wall time, not inflated by other work on the machine. 0 off Linux.
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) * 10
}
