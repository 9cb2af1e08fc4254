//! Phase timings for profiling: with `PLANPRESS_TIMINGS=1` in the environment, each phase
//! of a build prints how long it took to standard error, with the process's resident and
//! peak memory after it (Linux only). Off by default; costs nothing then.

use std::time::Instant;

/// Times a phase when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if std::env::var_os("PLANPRESS_TIMINGS").is_none() {
        return work();
    }
    let start = Instant::now();
    let out = work();
    eprintln!(
        "timing: {name}: {:.1} ms{}",
        start.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
    out
}

/// `, rss N MB, peak N MB` from `/proc/self/status`, or nothing where there is none.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!(", rss {} MB, peak {} MB", field("VmRSS:"), field("VmHWM:"))
}
