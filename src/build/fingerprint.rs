//! A fingerprint of everything a build reads: the settings, every file under `content/`,
//! `templates/`, `static/` and `themes/` (path, size and modification time, the way make
//! and cargo tell a file changed), the git commit (for `updated` dates), the built-in
//! theme, the planpress program (its build id and its binary) and every build option. A
//! build whose fingerprint matches the one its output was made with has nothing to do.

use super::options::BuildOptions;
use crate::site::layout::SiteLayout;
use crate::site::load::LoadOptions;
use rayon::prelude::*;
use std::hash::Hasher;
use std::path::Path;
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::Xxh3;

pub fn of(options: &BuildOptions) -> u64 {
    // Every option is named here, so a new one cannot be left out: each is hashed, or
    // bound to `_` with the reason it does not count.
    let BuildOptions {
        load,
        drafts,
        live_reload,
        // Only a one-shot build asks for a fingerprint.
        one_shot: _,
    } = options;
    let LoadOptions {
        layout,
        as_of,
        base_url,
    } = load;
    let SiteLayout {
        // Files are hashed by their paths relative to the root: a site moved with its
        // output is still up to date.
        root,
        settings,
        settings_given,
        content,
        templates,
        statics,
        themes,
        // The fingerprint is kept in the output folder, and is compared with the one
        // found there: the output is where a build writes, not what it reads.
        output: _,
        output_given: _,
    } = layout;
    let mut h = Xxh3::new();
    let mut put = |bytes: &[u8]| {
        h.write_u64(bytes.len() as u64);
        h.write(bytes);
    };
    put(env!("CARGO_PKG_VERSION").as_bytes());
    // The program itself: its sources, hashed when it was compiled (see build.rs), and
    // the binary's size and time, which also change with what the build id cannot see (a
    // new compiler, other features or flags).
    put(env!("PLANPRESS_BUILD_ID").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        put(&stat(&exe));
    }
    put(&crate::render::templates::builtin_digest().to_le_bytes());
    put(format!("{as_of:?}|{base_url:?}|{drafts}|{live_reload}|{settings_given}").as_bytes());
    put(layout.shown(settings).as_bytes());
    put(&stat(settings));
    // Walking is sequential; asking each file's size and time, one system call per file,
    // is what takes long on a large site, so that part runs in parallel.
    let mut paths = Vec::new();
    for dir in [content, templates, statics, themes] {
        let entries = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten();
        paths.extend(entries.map(walkdir::DirEntry::into_path));
    }
    let stats: Vec<Vec<u8>> = paths.par_iter().map(|p| stat(p)).collect();
    for (path, stat) in paths.iter().zip(&stats) {
        put(path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .as_bytes());
        put(stat);
    }
    put(git_head(root).as_bytes());
    h.finish()
}

/// Size and modification time in nanoseconds, or nothing for a missing file.
fn stat(path: &Path) -> Vec<u8> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    [
        meta.len().to_le_bytes(),
        (modified.as_nanos() as u64).to_le_bytes(),
    ]
    .concat()
}

fn git_head(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A site with a plan, settings and one folder of each kind beside the usual ones.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("planpress.yaml", "title: T\n"),
            ("other.yaml", "title: Other\n"),
            ("content/a.md", "---\ntitle: A\n---\n"),
            ("elsewhere/x.html", "x"),
        ];
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn options(root: &Path) -> BuildOptions {
        BuildOptions {
            load: LoadOptions {
                layout: SiteLayout::new(root),
                as_of: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                base_url: None,
            },
            drafts: false,
            live_reload: false,
            one_shot: true,
        }
    }

    /// Each field of the options, changed alone: whether the fingerprint must change with it.
    /// `root` is in neither list: the files are hashed by their paths relative to it.
    #[test]
    fn the_fingerprint_changes_with_each_option_that_counts() {
        let dir = site();
        let base = of(&options(dir.path()));
        assert_eq!(
            of(&options(dir.path())),
            base,
            "the same inputs, the same fingerprint"
        );
        // (field, whether it counts, the change)
        type Case = (&'static str, bool, fn(&mut BuildOptions));
        let cases: [Case; 13] = [
            ("as_of", true, |o| o.load.as_of = o.load.as_of.succ_opt().unwrap()),
            ("base_url", true, |o| {
                o.load.base_url = Some("https://example.org/".into())
            }),
            ("drafts", true, |o| o.drafts = true),
            ("live_reload", true, |o| o.live_reload = true),
            ("settings", true, |o| {
                o.load.layout.settings = o.load.layout.root.join("other.yaml")
            }),
            ("settings_given", true, |o| o.load.layout.settings_given = true),
            ("content", true, |o| {
                o.load.layout.content = o.load.layout.root.join("elsewhere")
            }),
            ("templates", true, |o| {
                o.load.layout.templates = o.load.layout.root.join("elsewhere")
            }),
            ("statics", true, |o| {
                o.load.layout.statics = o.load.layout.root.join("elsewhere")
            }),
            ("themes", true, |o| {
                o.load.layout.themes = o.load.layout.root.join("elsewhere")
            }),
            ("output", false, |o| {
                o.load.layout.output = "/elsewhere/out".into()
            }),
            ("output_given", false, |o| o.load.layout.output_given = true),
            ("one_shot", false, |o| o.one_shot = false),
        ];
        for (field, counts, change) in cases {
            let mut changed = options(dir.path());
            change(&mut changed);
            assert_eq!(of(&changed) != base, counts, "{field}");
        }
    }

    #[test]
    fn the_build_id_is_a_hash_set_at_compile_time() {
        let id = env!("PLANPRESS_BUILD_ID");
        assert_eq!(id.len(), 16, "{id}");
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
}
