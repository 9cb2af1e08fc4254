//! Sets `PLANPRESS_BUILD_ID`, a hash of the program's own sources: the code under `src/`, the
//! built-in theme under `themes/default/` and the locked dependencies in `Cargo.lock`. A
//! build's fingerprint includes it, so output made by other code is rebuilt, whatever the
//! binary's size and modification time (see `src/build/fingerprint.rs`).
//!
//! Cargo runs this again only when one of those files changes (`rerun-if-changed`); it reads
//! about 1.5 MB and needs no dependencies.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// What the build id covers, relative to the package's folder (Cargo's working folder for
/// a build script).
const SOURCES: &[&str] = &["src", "themes/default", "Cargo.lock"];

fn main() {
    let mut hasher = DefaultHasher::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        hash_tree(Path::new(source), &mut hasher);
    }
    println!("cargo:rustc-env=PLANPRESS_BUILD_ID={:016x}", hasher.finish());
}

/// Hashes each file under `path` (or `path` itself), in name order: its path and its bytes.
fn hash_tree(path: &Path, hasher: &mut DefaultHasher) {
    let failed = |e: std::io::Error| -> ! { panic!("failed to read `{}`: {e}", path.display()) };
    if path.is_dir() {
        let entries = std::fs::read_dir(path).unwrap_or_else(|e| failed(e));
        let mut paths: Vec<_> = entries
            .map(|entry| entry.unwrap_or_else(|e| failed(e)).path())
            .collect();
        paths.sort();
        paths.iter().for_each(|p| hash_tree(p, hasher));
    } else {
        let bytes = std::fs::read(path).unwrap_or_else(|e| failed(e));
        path.to_string_lossy().replace('\\', "/").hash(hasher);
        bytes.hash(hasher);
    }
}
