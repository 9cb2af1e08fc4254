//! Phase timings for profiling: with `PLANPRESS_TIMINGS=1` in the environment, each phase
//! of a build prints how long it took to standard error. Off by default; costs nothing then.

use std::time::Instant;

/// Times a phase when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if std::env::var_os("PLANPRESS_TIMINGS").is_none() {
        return work();
    }
    let start = Instant::now();
    let out = work();
    eprintln!("timing: {name}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    out
}
