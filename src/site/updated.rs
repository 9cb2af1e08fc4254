//! When each content file last changed, for plans that give no `updated:` date: the date of
//! the last commit that touched it (one `git log` for the whole site), else its modification
//! time. Git's date makes a fresh clone build the same pages as the author's checkout.

use crate::content::Found;
use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Last-change date per content file, keyed by its path relative to `content/`.
pub fn last_changed(root: &Path, found: &[Found]) -> HashMap<String, NaiveDate> {
    let mut dates = from_git(root).unwrap_or_default();
    // One system call per file: in parallel, as a large site has many.
    let from_files: Vec<(String, NaiveDate)> = found
        .par_iter()
        .filter(|f| !dates.contains_key(&f.rel))
        .filter_map(|f| Some((f.rel.clone(), modified(&f.path)?)))
        .collect();
    dates.extend(from_files);
    dates
}

pub fn modified(path: &Path) -> Option<NaiveDate> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(DateTime::<Utc>::from(time).date_naive())
}

/// Runs `git log` over `content/`, newest first: the first date seen for a file is its last.
pub fn from_git(root: &Path) -> Option<HashMap<String, NaiveDate>> {
    let output = Command::new("git")
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--",
            "content",
        ])
        .current_dir(root)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(parse_log(&String::from_utf8_lossy(&output.stdout)))
}

fn parse_log(log: &str) -> HashMap<String, NaiveDate> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
        } else if let (Some(date), Some(rel)) = (current, line.strip_prefix("content/")) {
            dates.entry(rel.to_string()).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log = "\x002024-05-01\n\ncontent/a.md\n\x002023-01-01\n\ncontent/a.md\ncontent/b/c.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["a.md"], NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
        assert_eq!(dates["b/c.md"], NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    }
}
