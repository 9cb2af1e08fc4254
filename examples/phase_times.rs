//! Prints how long each build phase takes on a site: `cargo run --release --example
//! phase_times -- SITE_DIR`. A tool for profiling, not part of planpress.
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).expect("usage: phase_times SITE_DIR");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let options = planpress::site::load::LoadOptions {
        root: root.into(),
        config: None,
        as_of,
    };
    let t = Instant::now();
    let (site, _) = planpress::site::load::load(&options);
    println!("load: {:?} ({} plans)", t.elapsed(), site.plans.len());
    let t = Instant::now();
    let lint = planpress::model::lint::lint(&site);
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
    let theme = planpress::render::templates::load(&site.root, None).unwrap();
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
