//! Shared helpers of the integration tests: make a site in a temporary folder, run the real
//! binary on it, read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const AS_OF: &str = "2026-11-22";

/// A site in a temporary folder, removed when dropped.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("planpress.yaml", "title: Test plans\n");
        site
    }

    /// A copy of a fixture folder under `tests/fixtures/`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.root(),
        );
        site
    }

    /// A copy of the example site of the repository.
    pub fn example() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &site.root().join("content"));
        std::fs::copy(repo.join("planpress.yaml"), site.root().join("planpress.yaml")).unwrap();
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs `planpress ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_planpress"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run planpress")
    }

    /// `check --format json`: every diagnostic as a JSON value.
    pub fn check_json(&self) -> (Vec<serde_json::Value>, i32) {
        let out = self.run(&["check", "--format", "json", "--as-of", AS_OF]);
        let diagnostics = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
            .collect();
        (diagnostics, out.status.code().unwrap_or(-1))
    }

    /// `build --as-of AS_OF ARGS`, asserting success.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build", "--as-of", AS_OF];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A file of the built site.
    pub fn output(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The `<main>` element of a built page (`plans/x/index.html`): what the page says,
    /// without the theme's header, navigation and footer.
    pub fn main_of(&self, rel: &str) -> String {
        let html = self.output(rel);
        main_element(&html)
            .unwrap_or_else(|| panic!("{rel} has no <main>"))
            .to_string()
    }

    /// `text` with this site's temporary folder written `[ROOT]`, so that what a command
    /// prints reads the same in every run.
    pub fn redact(&self, text: &str) -> String {
        let root = self.root().to_string_lossy();
        text.replace(&*root, "[ROOT]")
    }
}

/// A copy of fixture `name` (`tests/fixtures/NAME/`) built as of [`AS_OF`].
pub fn built_fixture(name: &str) -> TestSite {
    let site = TestSite::fixture(name);
    site.build(&[]);
    site
}

/// The one `<main>...</main>` element of a page.
pub fn main_element(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html.rfind("</main>")? + "</main>".len();
    assert_eq!(html.matches("<main").count(), 1, "a page has one <main>");
    (start < end).then(|| &html[start..end])
}

/// Compact JSON laid out one value per line, keys in the order written (a parsed
/// `serde_json::Value` would sort them): only whitespace outside strings is added.
pub fn pretty_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            (escaped, in_string) = match (escaped, c) {
                (true, _) => (false, true),
                (false, '\\') => (true, true),
                (false, '"') => (false, false),
                _ => (false, true),
            };
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.push(chars.next().expect("peeked"));
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out.push('\n');
    out
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Front matter of a minimal valid plan, with `extra` lines appended inside it.
pub fn plan(title: &str, state: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\nstate: {state}\ntype: work-plan\nstatus: final\n{extra}---\nNarrative.\n")
}

/// Every file of a folder with its bytes, by path relative to it.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
