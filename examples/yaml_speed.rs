//! Times the load phase over a site, best of a few rounds: `yaml::parse` of every front
//! matter, then parse and decode (`decode_file`), then the whole `load` (walk, read, parse,
//! decode, roll-ups) on the thread pool (`RAYON_NUM_THREADS=1` for one thread):
//! `cargo run --release --example yaml_speed -- SITE_DIR [ROUNDS [parse|decode|load]]`; the
//! third argument times only that step (for a profile of it). A tool for profiling, not part
//! of planpress.
use std::time::{Duration, Instant};

use planpress::content::frontmatter;
use planpress::content::source::{SourceFile, SourceId};
use planpress::site::load::{LoadOptions, decode_file, load};

// The allocator planpress itself uses, so allocation costs are the real ones.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time (user and system, all threads) used by the process so far, from
/// `/proc/self/stat` in clock ticks taken as 100 a second; zero where there is none. Wall
/// time says little on a machine shared with other work.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Runs `work` `rounds` times and prints the best wall and CPU time under `name`.
fn best_of(name: &str, rounds: usize, mut work: impl FnMut() -> usize) {
    let (mut wall, mut cpu_time) = (Duration::MAX, Duration::MAX);
    let mut errors = 0;
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), cpu());
        errors = work();
        wall = wall.min(t.elapsed());
        cpu_time = cpu_time.min(cpu().saturating_sub(c));
    }
    println!(
        "{name}: best {:.0} ms wall, {:.0} ms cpu ({errors} errors)",
        wall.as_secs_f64() * 1e3,
        cpu_time.as_secs_f64() * 1e3
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args
        .next()
        .expect("usage: yaml_speed SITE_DIR [ROUNDS [parse|decode|load]]");
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let only = args.next();
    let runs = |step: &str| only.as_deref().is_none_or(|o| o == step);
    let files: Vec<(SourceFile, frontmatter::Split, String)> =
        walkdir::WalkDir::new(format!("{root}/content"))
            .into_iter()
            .filter_map(Result::ok)
            // Only the steps before `load` use them.
            .filter(|_| runs("parse") || runs("decode"))
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                let rel = e.file_name().to_string_lossy().into_owned();
                let file = SourceFile::new(e.path().display().to_string(), e.path(), text);
                let split = frontmatter::split(&file).ok()?;
                Some((file, split, rel))
            })
            .collect();
    let bytes: usize = files.iter().map(|(_, s, _)| s.yaml.len()).sum();
    println!("{} front matters ({} MB)", files.len(), bytes / 1_000_000);
    if runs("parse") {
        best_of("yaml::parse", rounds, || {
            files
                .iter()
                .filter(|(file, split, _)| {
                    planpress::yaml::parse(file, split.yaml.clone(), split.yaml_line).is_err()
                })
                .count()
        });
    }
    let timeframes = Default::default();
    let jurisdictions = planpress::model::jurisdiction::Jurisdictions::builtin();
    let interner = planpress::model::intern::Interner::default();
    if runs("decode") {
        best_of("parse and decode", rounds, || {
            files
                .iter()
                .filter(|(file, _, rel)| {
                    let (document, _) =
                        decode_file(file, SourceId(0), rel, &timeframes, &jurisdictions, &interner);
                    document.is_none()
                })
                .count()
        });
    }
    let options = LoadOptions {
        layout: planpress::site::layout::SiteLayout::new(root),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a real day"),
        base_url: None,
    };
    if runs("load") {
        best_of("load", rounds, || load(&options).1.len());
    }
}
