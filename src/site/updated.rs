//! When each content file last changed, for plans that give no `updated:` date: the date of
//! the last commit that touched it (one `git log` for the whole site), else its modification
//! time. Git's date makes a fresh clone build the same pages as the author's checkout.

use super::layout::SiteLayout;
use crate::content::Found;
use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Last-change date per content file, keyed by its path relative to `content/`.
pub fn last_changed(layout: &SiteLayout, found: &[Found]) -> HashMap<String, NaiveDate> {
    let mut dates = from_git(layout).unwrap_or_default();
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
/// `-z` ends each name with a NUL and leaves it as it is: without it git quotes a name with
/// non-ASCII characters, quotes or control characters (`"content/\350\256\241..."`), which
/// then matched no file, so such a plan took its modification time (a fresh clone's is
/// today).
pub fn from_git(layout: &SiteLayout) -> Option<HashMap<String, NaiveDate>> {
    let content = layout.shown(&layout.content);
    let output = Command::new("git")
        .args([
            "log",
            "-z",
            "--format=%cs",
            "--name-only",
            "--relative",
            "--",
            &content,
        ])
        .current_dir(&layout.root)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(parse_log(&output.stdout, &format!("{content}/")))
}

/// Reads `git log -z --format=%cs --name-only`: fields end with NUL; each commit is its date,
/// then (after a line break) the names it touched, each under `content/` (the pathspec,
/// `prefix` with its slash), so a field is a name when it starts with `prefix` and a
/// commit's date otherwise.
fn parse_log(log: &[u8], prefix: &str) -> HashMap<String, NaiveDate> {
    let mut dates = HashMap::new();
    let mut current = None;
    for field in log.split(|&b| b == 0) {
        let field = String::from_utf8_lossy(field);
        let field = field.trim_start_matches('\n');
        if let Some(rel) = field.strip_prefix(prefix) {
            if let Some(date) = current {
                dates.entry(rel.to_string()).or_insert(date);
            }
        } else if !field.is_empty() {
            current = NaiveDate::parse_from_str(field.trim(), "%Y-%m-%d").ok();
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn newest_commit_wins() {
        let log = b"2024-05-01\0\ncontent/a.md\x002023-01-01\0\ncontent/a.md\0content/b/c.md\0";
        let dates = parse_log(log, "content/");
        assert_eq!(dates["a.md"], day(2024, 5, 1));
        assert_eq!(dates["b/c.md"], day(2023, 1, 1));
        assert_eq!(dates.len(), 2);
    }

    /// Git quoted these names in its log, so they got no date from it and a fresh clone
    /// built them with today's.
    #[test]
    fn names_git_would_quote_keep_their_commit_date() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "计划.md",
            "with space.md",
            "say \"hi\".md",
            "tab\there.md",
            "plain.md",
        ];
        std::fs::create_dir(dir.path().join("content")).unwrap();
        for name in names {
            std::fs::write(dir.path().join("content").join(name), "x").unwrap();
        }
        let git = |args: &[&str], date: &str| {
            let status = Command::new("git")
                .args([
                    "-c",
                    "user.name=T",
                    "-c",
                    "user.email=t@example.org",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .current_dir(dir.path())
                .env("GIT_COMMITTER_DATE", date)
                .env("GIT_AUTHOR_DATE", date)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"], "");
        git(&["add", "-A"], "");
        git(&["commit", "-q", "-m", "one"], "2020-01-02T12:00:00Z");
        std::fs::write(dir.path().join("content/计划.md"), "y").unwrap();
        git(&["commit", "-q", "-a", "-m", "two"], "2021-03-04T12:00:00Z");

        let dates = from_git(&SiteLayout::new(dir.path())).expect("a git repository");
        let mut got: Vec<_> = dates.into_iter().collect();
        got.sort();
        let mut want: Vec<_> = names
            .iter()
            .map(|name| (name.to_string(), day(2020, 1, 2)))
            .collect();
        want[0].1 = day(2021, 3, 4);
        want.sort();
        assert_eq!(got, want);
    }
}
