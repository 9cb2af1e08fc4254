//! Request path -> file inside the output folder, or nothing.
//!
//! Two steps. [`segments`] is pure: it percent-decodes the request path one segment at a
//! time and refuses anything that could name a place outside the folder (`..`, `.`, an
//! encoded `/` or `\`, NUL, a drive prefix, bytes that are not UTF-8) and every dot-file
//! but `.well-known`. [`resolve`] then joins the segments to the output folder *as it is
//! now* (a build swaps the folder by renaming, so nothing is cached), canonicalizes the
//! result and accepts it only when it still lies inside the canonical folder and names no
//! dot-file there either, so a symlink pointing outside, or at a dot-file, is never followed.
//!
//! Dot-files are planpress's own (the `.planpress` marker, which lists every file and the
//! inputs' fingerprint, the `.planpress-HASH.tmp` files a rebuild writes before renaming
//! them, and the in-place update's lock and staging folder): none is a page to preview.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use std::path::{Path, PathBuf};

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file inside the output folder (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this location.
    Redirect(String),
    /// Nothing that may be served.
    NotFound,
}

/// A request path split into safe, decoded segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments {
    pub names: Vec<String>,
    /// The path ended with `/` (a folder was asked for).
    pub trailing_slash: bool,
}

/// Splits and decodes a request path (without query). None when any segment could escape the
/// folder or is not a plain file name.
pub fn segments(request_path: &str) -> Option<Segments> {
    let rest = request_path.strip_prefix('/')?;
    let mut names = Vec::new();
    for raw in rest.split('/') {
        // Empty segments (`//`) are skipped: they name nothing, and joining them changes nothing.
        if raw.is_empty() {
            continue;
        }
        let name = percent_decode_str(raw).decode_utf8().ok()?;
        if !is_plain_name(&name) {
            return None;
        }
        names.push(name.into_owned());
    }
    Some(Segments {
        names,
        trailing_slash: request_path.ends_with('/'),
    })
}

/// A single file or folder name that, joined to a folder, stays in that folder.
fn is_plain_name(name: &str) -> bool {
    is_servable(name)
        // `\` is a separator on Windows; `:` starts a drive or stream name there.
        && !name.contains(['/', '\\', '\0', ':'])
        && !name.chars().any(char::is_control)
}

/// What the build publishes: not a dot-file (which also rules out `.` and `..`, and every
/// file planpress keeps in its output) but `.well-known`, nor an editor's leftover.
fn is_servable(name: &str) -> bool {
    !crate::content::is_ignored_name(name)
}

/// Characters escaped when a location is rebuilt from decoded segments.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Finds what `request_path` names inside `root`, reading the folder as it is now.
pub fn resolve(root: &Path, request_path: &str) -> Target {
    let Some(segments) = segments(request_path) else {
        return Target::NotFound;
    };
    // Canonicalized per request: the output folder is replaced on every build.
    let Ok(root) = root.canonicalize() else {
        return Target::NotFound;
    };
    let candidate = segments
        .names
        .iter()
        .fold(root.clone(), |path, name| path.join(name));
    let Some(found) = inside(&root, &candidate) else {
        return Target::NotFound;
    };
    if found.is_dir() {
        if !segments.trailing_slash {
            return Target::Redirect(folder_location(&segments.names));
        }
        return match inside(&root, &found.join("index.html")) {
            Some(index) if index.is_file() => Target::File(index),
            _ => Target::NotFound,
        };
    }
    if found.is_file() && !segments.trailing_slash {
        Target::File(found)
    } else {
        // `/style.css/`, sockets, pipes and devices.
        Target::NotFound
    }
}

/// The canonical form of `path` when it exists, lies inside the canonical `root`, and is
/// no dot-file there (a symlink may point at one).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    let servable = real
        .strip_prefix(root)
        .ok()?
        .components()
        .all(|c| c.as_os_str().to_str().is_some_and(is_servable));
    servable.then_some(real)
}

/// `/a/b/` rebuilt from decoded segments, never from the raw request: `//evil.example` would
/// otherwise redirect to another host.
fn folder_location(names: &[String]) -> String {
    let mut location = String::from("/");
    for name in names {
        location.extend(utf8_percent_encode(name, SEGMENT));
        location.push('/');
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn segments_refuse_every_escape() {
        let refused = [
            "",
            "etc/passwd",
            "/..",
            "/../../etc/passwd",
            "/a/../../etc/passwd",
            "/./index.html",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc%2Fpasswd",
            "/%2e%2e%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "/%2fetc%2fpasswd",
            "/index.html%00.css",
            "/a\0b",
            "/C:%5cWindows",
            "/c:/windows",
            "/%ff%fe",
            "/%0a",
            "/.planpress",
            "/%2eplanpress",
            "/.index.html.planpress-tmp",
            "/plans/.index.html.planpress-tmp",
            "/.git/config",
            "/...",
            "/.well-known/../.planpress",
        ];
        for path in refused {
            assert_eq!(segments(path), None, "{path:?}");
        }
    }

    #[test]
    fn segments_decode_plain_names() {
        let cases = [
            ("/", vec![], true),
            ("/index.html", vec!["index.html"], false),
            ("/plans/il-work-plan/", vec!["plans", "il-work-plan"], true),
            ("//etc/passwd", vec!["etc", "passwd"], false),
            ("/a%20b.txt", vec!["a b.txt"], false),
            ("/caf%C3%A9/", vec!["café"], true),
            ("/.well-known/x", vec![".well-known", "x"], false),
        ];
        for (path, names, trailing_slash) in cases {
            let want = Segments {
                names: names.into_iter().map(String::from).collect(),
                trailing_slash,
            };
            assert_eq!(segments(path), Some(want), "{path:?}");
        }
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("plans/a")).unwrap();
        fs::create_dir_all(out.join("empty")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("plans/a/index.html"), "plan a").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    fn file(dir: &tempfile::TempDir, relative: &str) -> Target {
        let path = dir.path().join("public").join(relative).canonicalize().unwrap();
        Target::File(path)
    }

    #[test]
    fn resolves_files_and_folder_indexes() {
        let dir = site();
        let root = dir.path().join("public");
        let cases = [
            ("/", file(&dir, "index.html")),
            ("/index.html", file(&dir, "index.html")),
            ("/plans/a/", file(&dir, "plans/a/index.html")),
            ("/plans/a/index.html", file(&dir, "plans/a/index.html")),
            ("/plans/a", Target::Redirect("/plans/a/".into())),
            ("//plans//a", Target::Redirect("/plans/a/".into())),
            ("/empty/", Target::NotFound),
            ("/missing.html", Target::NotFound),
            ("/index.html/", Target::NotFound),
        ];
        for (path, want) in cases {
            assert_eq!(resolve(&root, path), want, "{path:?}");
        }
    }

    #[test]
    fn redirect_location_stays_on_this_host() {
        let dir = site();
        let root = dir.path().join("public");
        fs::create_dir_all(root.join("evil.example")).unwrap();
        fs::create_dir_all(root.join("a b")).unwrap();
        assert_eq!(
            resolve(&root, "//evil.example"),
            Target::Redirect("/evil.example/".into())
        );
        assert_eq!(resolve(&root, "/a%20b"), Target::Redirect("/a%20b/".into()));
    }

    #[test]
    fn traversal_never_reaches_a_file_outside() {
        let dir = site();
        let root = dir.path().join("public");
        let secret = dir.path().join("secret.txt");
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%5csecret.txt",
            "/plans/../../secret.txt",
            &format!("/{}", secret.display()),
            &format!("//{}", secret.display()),
        ] {
            assert_eq!(resolve(&root, path), Target::NotFound, "{path:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_escaping_the_folder_are_not_followed() {
        let dir = site();
        let root = dir.path().join("public");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        for path in [
            "/leak.txt",
            "/etc/passwd",
            "/etc",
            "/etc/",
            "/up/secret.txt",
            "/up/",
        ] {
            assert_eq!(resolve(&root, path), Target::NotFound, "{path:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_the_folder_are_served() {
        let dir = site();
        let root = dir.path().join("public");
        std::os::unix::fs::symlink("index.html", root.join("home.html")).unwrap();
        assert_eq!(resolve(&root, "/home.html"), file(&dir, "index.html"));
    }

    #[test]
    fn planpress_files_and_other_dot_files_are_not_served() {
        let dir = site();
        let root = dir.path().join("public");
        fs::write(root.join(".planpress"), "fingerprint 0").unwrap();
        fs::write(root.join("plans/a/.index.html.planpress-tmp"), "half a page").unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join(".hidden/index.html"), "hidden").unwrap();
        fs::create_dir_all(root.join(".well-known")).unwrap();
        fs::write(root.join(".well-known/security.txt"), "Contact: x").unwrap();
        let cases = [
            ("/.planpress", Target::NotFound),
            ("/%2Eplanpress", Target::NotFound),
            ("/plans/a/.index.html.planpress-tmp", Target::NotFound),
            ("/.hidden/", Target::NotFound),
            ("/.hidden", Target::NotFound),
            (
                "/.well-known/security.txt",
                file(&dir, ".well-known/security.txt"),
            ),
        ];
        for (path, want) in cases {
            assert_eq!(resolve(&root, path), want, "{path:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_to_dot_files_inside_the_folder_are_not_followed() {
        let dir = site();
        let root = dir.path().join("public");
        fs::write(root.join(".planpress"), "fingerprint 0").unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join(".hidden/page.html"), "hidden").unwrap();
        std::os::unix::fs::symlink(".planpress", root.join("marker.txt")).unwrap();
        std::os::unix::fs::symlink(".hidden", root.join("shown")).unwrap();
        for path in ["/marker.txt", "/shown/page.html", "/shown/", "/shown"] {
            assert_eq!(resolve(&root, path), Target::NotFound, "{path:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn output_folder_that_is_a_symlink_is_served() {
        let dir = site();
        let link = dir.path().join("public-link");
        std::os::unix::fs::symlink(dir.path().join("public"), &link).unwrap();
        assert_eq!(resolve(&link, "/"), file(&dir, "index.html"));
        assert_eq!(resolve(&link, "/../secret.txt"), Target::NotFound);
    }

    #[test]
    fn sees_the_folder_swapped_in_after_a_build() {
        let dir = site();
        let root = dir.path().join("public");
        let next = dir.path().join("next");
        fs::create_dir_all(&next).unwrap();
        fs::write(next.join("new.html"), "new").unwrap();
        assert_eq!(resolve(&root, "/new.html"), Target::NotFound);
        fs::rename(&root, dir.path().join("old")).unwrap();
        fs::rename(&next, &root).unwrap();
        assert_eq!(resolve(&root, "/new.html"), file(&dir, "new.html"));
        assert_eq!(resolve(&root, "/index.html"), Target::NotFound);
    }

    #[test]
    fn missing_output_folder_serves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(resolve(&dir.path().join("public"), "/"), Target::NotFound);
    }
}
