//! A fingerprint of everything a build reads: the settings, every file under `content/`,
//! `templates/`, `static/` and `themes/` (path, size and modification time, the way make
//! and cargo tell a file changed), the git commit (for `updated` dates), the built-in
//! theme, the planpress program and the build options. A build whose fingerprint matches
//! the one its output was made with has nothing to do.

use super::options::BuildOptions;
use rayon::prelude::*;
use std::hash::Hasher;
use std::path::Path;
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::Xxh3;

pub fn of(options: &BuildOptions) -> u64 {
    let mut h = Xxh3::new();
    let mut put = |bytes: &[u8]| {
        h.write_u64(bytes.len() as u64);
        h.write(bytes);
    };
    put(env!("CARGO_PKG_VERSION").as_bytes());
    // The program itself: a rebuilt planpress of the same version may render differently.
    if let Ok(exe) = std::env::current_exe() {
        put(&stat(&exe));
    }
    put(&crate::render::templates::builtin_digest().to_le_bytes());
    let o = options;
    put(format!(
        "{:?}|{:?}|{}|{}",
        o.load.as_of, o.load.base_url, o.drafts, o.live_reload
    )
    .as_bytes());
    let root = &o.load.root;
    let config = o
        .load
        .config
        .clone()
        .unwrap_or_else(|| root.join("planpress.yaml"));
    put(&stat(&config));
    // Walking is sequential; asking each file's size and time, one system call per file,
    // is what takes long on a large site, so that part runs in parallel.
    let mut paths = Vec::new();
    for folder in crate::site::layout::INPUT_FOLDERS {
        let dir = root.join(folder);
        let entries = walkdir::WalkDir::new(&dir)
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
