//! The order of the pipeline, held by a test until Cargo holds it.
//!
//! Every module of `src/` belongs to a stage, and the stages are the crates planpress is to
//! be split into, lowest first:
//!
//! ```text
//! base -> diag -> yaml -> content -> model -> site -> check -> render -> export -> build -> dev -> cli
//! ```
//!
//! A module may name (`crate::...`, `super::...`, in code or in a doc link) its own stage and
//! the stages before it, never a later one: that is what one crate per stage will enforce,
//! so moving each stage into its crate stays a mechanical step. The same order is drawn in
//! the README's Development section.

use std::path::{Path, PathBuf};

/// The stages, lowest first, with the modules each holds. A module holds its submodules,
/// except those listed themselves (the longest listed path decides).
const STAGES: &[(&str, &[&str])] = &[
    // Small helpers with nothing of planpress below them: the progress line, phase
    // timings, and the file a stage hands to the writer.
    ("base", &["progress", "timings", "output_file"]),
    // Diagnostics, and the source files and spans they point into.
    ("diag", &["diag", "content::source", "content::regular"]),
    ("yaml", &["yaml"]),
    // Walking `content/` and splitting front matter.
    ("content", &["content"]),
    // Plans and pages, their decoding, roll-up and anchors; the settings; path segments.
    ("model", &["model", "config", "segment"]),
    // The loaded site, its index and URLs.
    ("site", &["site"]),
    // Lints and link checks over a loaded site.
    ("check", &["check"]),
    ("render", &["render"]),
    ("export", &["export"]),
    // The build and watch drivers, output folders, the fingerprint.
    ("build", &["build"]),
    // The dev server and the watch loop.
    ("dev", &["serve", "watch", "dev"]),
    // The command line: the crate roots, and what only the commands use.
    ("cli", &["", "asof", "scaffold"]),
];

/// The stage of a module path (`["site", "index", "Index"]`): its longest listed prefix.
/// None for a path no stage lists (the root itself, `[]`, is the command line's).
fn stage_of(path: &[String]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (stage, (_, modules)) in STAGES.iter().enumerate() {
        for module in *modules {
            let listed: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
            let matches = listed.len() <= path.len() && listed.iter().zip(path).all(|(a, b)| a == b);
            let counts = !listed.is_empty() || path.is_empty();
            if matches && counts && best.is_none_or(|(len, _)| listed.len() > len) {
                best = Some((listed.len(), stage));
            }
        }
    }
    best.map(|(_, stage)| stage)
}

/// The stage of a path a file names: a path no stage lists names an item of the crate
/// root (a function in `lib.rs`), which is the command line's.
fn named_stage(path: &[String]) -> usize {
    stage_of(path).unwrap_or(STAGES.len() - 1)
}

/// The module path of a file under `src/`: `site/index.rs` -> `site::index`,
/// `build/mod.rs` -> `build`, `lib.rs` -> the root.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path a file's text names from `crate::` or `super::`, as written (groups spread
/// out) and made absolute from `module`, the file's module path. A `super::` inside an
/// inline module (`mod tests`) means the file's own module, so it has two readings; the
/// lower stage counts.
fn named_paths(text: &str, module: &[String]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let starts = rest.starts_with("crate::") || rest.starts_with("super::");
        let free = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident(c) && c != ':' && c != '$');
        if !(starts && free) {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let (written, len) = path_at(rest);
        for segments in expansions(&written) {
            let read = |start: &[String]| {
                let mut path = start.to_vec();
                for segment in &segments {
                    match segment.as_str() {
                        "crate" => path.clear(),
                        "super" => _ = path.pop(),
                        "self" | "*" => {}
                        name => path.push(name.to_string()),
                    }
                }
                path
            };
            let mut readings = vec![read(module)];
            if segments[0] == "super" {
                let inline: Vec<String> = module.iter().cloned().chain(["<inline>".to_string()]).collect();
                readings.push(read(&inline));
            }
            found.push((segments.join("::"), readings));
        }
        at += len;
    }
    found
}

/// The path written at the start of `text` (`crate::site::{Site, index::Index}`), and its
/// length.
fn path_at(text: &str) -> (String, usize) {
    let mut end = 0;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        let keep = match c {
            // A group opens only right after `::` (`crate::site::{...}`), not a struct literal.
            '{' if depth > 0 || text[..i].ends_with("::") => {
                depth += 1;
                true
            }
            '}' if depth > 0 => {
                depth -= 1;
                true
            }
            ':' | '*' => true,
            c if is_ident(c) => true,
            ',' | ' ' | '\n' | '\r' | '\t' if depth > 0 => true,
            _ => false,
        };
        if !keep {
            break;
        }
        end = i + c.len_utf8();
        if depth == 0 && c == '}' {
            break;
        }
    }
    let written = text[..end].trim_end_matches(':').to_string();
    (written, end)
}

/// A written path with its `{...}` groups spread out: `a::{b, c::d, self as e}` gives
/// `a::b`, `a::c::d` and `a`.
fn expansions(written: &str) -> Vec<Vec<String>> {
    let Some(open) = written.find('{') else {
        let plain = written.split(" as ").next().unwrap_or(written);
        return vec![
            plain
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ];
    };
    let head = &written[..open];
    let inner = written[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&written[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| expansions(&format!("{head}{p}")))
        .collect()
}

/// What `text`, the file at `relative` under `src/`, names from a later stage.
fn upward_names(relative: &Path, text: &str) -> Vec<String> {
    let module = module_of(relative);
    let Some(own) = stage_of(&module) else {
        return vec![format!("`src/{}` belongs to no stage", relative.display())];
    };
    let mut out = Vec::new();
    for (written, readings) in named_paths(text, &module) {
        let named = readings.iter().map(|path| named_stage(path)).min().unwrap_or(own);
        if named > own {
            out.push(format!(
                "`src/{}` ({}) names `{written}` ({})",
                relative.display(),
                STAGES[own].0,
                STAGES[named].0
            ));
        }
    }
    out.dedup();
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("failed to read `{}`: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_names_a_later_stage_of_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under `{}`",
        files.len(),
        src.display()
    );
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("failed to read `{}`: {e}", file.display()));
        let relative = file.strip_prefix(&src).expect("under src/");
        problems.extend(upward_names(relative, &text));
    }
    assert!(
        problems.is_empty(),
        "a stage names a later one (stages: {}):\n{}",
        STAGES
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(" -> "),
        problems.join("\n")
    );
}

#[test]
fn an_upward_import_is_reported() {
    let cases: &[(&str, &str, bool)] = &[
        ("model/lint.rs", "use crate::site::Site;", true),
        (
            "model/lint.rs",
            "use crate::{diag::Diagnostic, render::anchors};",
            true,
        ),
        ("site/index.rs", "/// See [`crate::render::views`].", true),
        ("render/templates.rs", "crate::build::output::hash(&bytes)", true),
        (
            "build/mod.rs",
            "use crate::{check, render::pages, site::Site};",
            false,
        ),
        ("content/source.rs", "mod tests { use super::*; }", false),
        ("content/frontmatter.rs", "use super::source::Span;", false),
        ("diag/mod.rs", "use crate::content::source::SourceId;", false),
        ("diag/mod.rs", "use crate::content::Found;", true),
        ("site/load.rs", "let x = crate::check::lint::lint(&site);", true),
        ("yaml/block.rs", "use super::super::{Node, parse};", false),
        ("lib.rs", "pub use build::check::check_site;", false),
        ("model/mod.rs", "let row = crate::site::Row{ plan };", true),
        (
            "site/load.rs",
            "let opts = crate::model::Options{ site: crate::render::X };",
            true,
        ),
    ];
    for &(file, text, upward) in cases {
        let found = upward_names(Path::new(file), text);
        assert_eq!(!found.is_empty(), upward, "{file}: {text:?} -> {found:?}");
    }
}

#[test]
fn every_top_level_module_belongs_to_a_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let module = module_of(relative);
        assert!(
            stage_of(&module).is_some(),
            "`src/{}` belongs to no stage",
            relative.display()
        );
    }
}
