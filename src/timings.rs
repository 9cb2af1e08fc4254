//! Phase timings for profiling: with `PLANPRESS_TIMINGS=1` in the environment, each phase
//! of a build prints how long it took (wall and CPU) to standard error, with the process's resident and
//! peak memory after it (Linux only). Off by default; costs nothing then. Each phase is also
//! named on the progress line (see [`crate::progress`]).

use std::time::Instant;

/// Times a phase when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    crate::progress::phase(name);
    if std::env::var_os("PLANPRESS_TIMINGS").is_none() {
        return work();
    }
    let (start, cpu) = (Instant::now(), cpu_ms());
    let out = work();
    eprintln!(
        "timing: {name}: {:.1} ms, cpu {} ms{}",
        start.elapsed().as_secs_f64() * 1000.0,
        cpu_ms().saturating_sub(cpu),
        memory()
    );
    out
}

/// The CPU time (user and system, all threads) the process has used so far, from
/// `/proc/self/stat` (in clock ticks, taken as the usual 100 a second); 0 where there is none.
/// Unlike wall time, it is not inflated by other work on the machine.
fn cpu_ms() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10
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
