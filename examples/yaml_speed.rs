//! Times `yaml::parse` over every front matter of a site, one thread, best of a few rounds:
//! `cargo run --release --example yaml_speed -- SITE_DIR [ROUNDS]`. A tool for profiling,
//! not part of planpress.
use std::time::{Duration, Instant};

use planpress::content::frontmatter;
use planpress::content::source::SourceFile;

// The allocator planpress itself uses, so allocation costs are the real ones.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: yaml_speed SITE_DIR [ROUNDS]");
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let files: Vec<(SourceFile, frontmatter::Split)> = walkdir::WalkDir::new(format!("{root}/content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let file = SourceFile::new(e.path().display().to_string(), e.path(), text);
            let split = frontmatter::split(&file).ok()?;
            Some((file, split))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, s)| s.yaml.len()).sum();
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        let mut errors = 0;
        for (file, split) in &files {
            if planpress::yaml::parse(file, split.yaml.clone(), split.yaml_line).is_err() {
                errors += 1;
            }
        }
        best = best.min(t.elapsed());
        println!("{:.1} ms ({errors} errors)", t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "best: {:.1} ms for {} front matters ({} MB)",
        best.as_secs_f64() * 1e3,
        files.len(),
        bytes / 1_000_000
    );
}
