//! Counts the bytes a site holds after each build phase: `cargo run --release --example
//! mem_breakdown -- SITE_DIR`. A tool for profiling memory, not part of planpress.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        BLOCKS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - layout.size() as isize, Relaxed);
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn live(what: &str) {
    println!(
        "{what}: {} MB in {} blocks",
        LIVE.load(Relaxed) / 1_000_000,
        BLOCKS.load(Relaxed)
    );
}

fn main() {
    let root = std::env::args().nth(1).expect("usage: mem_breakdown SITE_DIR");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let options = planpress::site::load::LoadOptions {
        layout: planpress::site::layout::SiteLayout::new(root),
        as_of,
        base_url: None,
    };
    live("start");
    let (site, _) = planpress::site::load::load(&options);
    live("loaded, keeping the texts");
    let texts: usize = site
        .plans
        .iter()
        .map(|p| site.sources.get(p.source).text.len())
        .sum();
    let bodies: usize = site.plans.iter().map(|p| p.body.len()).sum();
    println!(
        "source texts {} MB, bodies {} MB",
        texts / 1_000_000,
        bodies / 1_000_000
    );
    drop(site);
    live("dropped");
    // What a one-shot build holds: the texts freed as each file is decoded.
    let (mut site, _, _) = planpress::site::load::load_released(&options);
    live("loaded, texts released");
    let index = planpress::site::index::Index::new(&site, false);
    live("indexed");
    drop(index);
    let mut plans = std::mem::take(&mut site.plans);
    live("index dropped");
    for p in &mut plans {
        p.goals.clear();
        p.goals.shrink_to_fit();
    }
    live("goals dropped");
    drop(plans);
    live("plans dropped");
}
