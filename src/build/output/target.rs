//! What an output path means, decided before anything is created.
//!
//! In: the site root and the output path the user gave. Out: an [`OutputTarget`], the real
//! folder a build replaces, or the reason it refuses.
//!
//! A path such as `site/nonexist/../content` means `site/content` once `nonexist` has been
//! created, and `link/x/../site` means the folder beside `x` in the link's target. Checking
//! the path as written, and only afterwards creating its folders, let both slip past the
//! refusals and replace a real folder. So the path is first resolved the way the kernel
//! will see it after the build made its missing folders: the part that exists through its
//! symlinks, the rest lexically. Every refusal and every later file operation then uses
//! that one resolved path.

use super::{MARKER, OutputError, io_error};
use crate::site::layout;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

/// The folder a build writes, resolved, and how it may be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTarget {
    /// The real folder: absolute, without `.` or `..`, symlinks resolved where they exist.
    /// An output that is a symlink is resolved to its target, which the build replaces
    /// while the link stays as it is.
    pub dir: PathBuf,
    /// The folder cannot be swapped by a rename (a mount point): the build updates it in
    /// place, which is not atomic. (Staging also falls back to that when the folder beside
    /// the output cannot be written, which only trying tells.)
    pub in_place: bool,
}

impl OutputTarget {
    /// Resolves `output` and refuses it when a build there could replace or feed on the
    /// user's own files: the site root, a folder the build reads (`content/`, `static/`,
    /// `templates/`, `themes/`), anything inside the folders it copies from, a parent of
    /// any of them, a file, or a non-empty folder planpress did not make.
    pub fn resolve(root: &Path, output: &Path) -> Result<OutputTarget, OutputError> {
        let dir = resolve(output).map_err(|e| io_error("resolve", output, e))?;
        let root = resolve(root).map_err(|e| io_error("resolve", root, e))?;
        let dangerous = |why: &str| OutputError::Dangerous {
            output: output.to_path_buf(),
            why: why.to_string(),
        };
        if root.starts_with(&dir) {
            return Err(dangerous(if root == dir {
                "it is the site folder"
            } else {
                "it holds the site folder"
            }));
        }
        for name in layout::INPUT_FOLDERS {
            let input = root.join(name);
            if input.starts_with(&dir) {
                return Err(dangerous(&format!("it is the site's `{name}/` folder")));
            }
            // Output inside content/ is left alone by the content walk (it reads Markdown
            // only); output inside the folders copied as they are would be copied into the
            // next build, which in `serve` rebuilds without end.
            if *name != layout::CONTENT && dir.starts_with(&input) {
                return Err(dangerous(&format!(
                    "it is inside the site's `{name}/` folder, which every build copies from"
                )));
            }
        }
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if !meta.is_dir() => return Err(OutputError::Foreign(output.to_path_buf())),
            Ok(_) if !dir.join(MARKER).exists() => {
                let mut entries = std::fs::read_dir(&dir).map_err(|e| io_error("read", &dir, e))?;
                if entries.next().is_some() {
                    return Err(OutputError::Foreign(output.to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("read", &dir, e)),
        }
        let in_place = dir.exists() && dir.parent().is_some_and(|parent| is_mount_point(&dir, parent));
        Ok(OutputTarget { dir, in_place })
    }

    /// The folder's name, for the hidden folders made beside it.
    pub fn name(&self) -> &OsStr {
        self.dir.file_name().unwrap_or(OsStr::new(layout::DEFAULT_OUTPUT))
    }

    /// The folder the output lives in (where its staging folder is made).
    pub fn parent(&self) -> &Path {
        self.dir.parent().unwrap_or(Path::new("/"))
    }
}

/// `path` as the kernel will resolve it once its missing folders exist: absolute, each
/// existing component followed through its symlinks (so a later `..` leaves the link's
/// target, as the kernel's does), each missing one and each `..` after it taken lexically.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut real = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                let is_link = std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    // A link to nowhere resolves to nothing: leave it as written, and
                    // creating folders through it fails with its path in the message.
                    if let Ok(target) = real.canonicalize() {
                        real = target;
                    }
                }
            }
        }
    }
    Ok(real)
}

#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(d), Ok(p)) = (std::fs::metadata(dir), std::fs::metadata(parent)) else {
        return false;
    };
    // A bind mount of a folder of the same file system keeps its device number: the
    // kernel's list of mounts is what tells those apart.
    d.dev() != p.dev() || listed_as_mount(dir)
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
}

/// Whether `/proc/self/mountinfo` (Linux) lists `dir` as a mount point.
fn listed_as_mount(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let wanted = dir.to_string_lossy();
    text.lines()
        .filter_map(|line| line.split(' ').nth(4))
        .any(|point| unescape_mount_point(point) == wanted)
}

/// Mount points in mountinfo write a space, tab, newline and backslash as octal escapes.
fn unescape_mount_point(point: &str) -> String {
    let mut out = String::with_capacity(point.len());
    let mut rest = point;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 4).and_then(|o| u8::from_str_radix(o, 8).ok());
        match code {
            Some(byte) => {
                out.push(byte as char);
                rest = &rest[i + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folders_and_dot_dots_resolve_as_the_kernel_will() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("site/content")).unwrap();
        let cases = [
            ("site/nonexist/../content", "site/content"),
            ("site/a/b/../../content", "site/content"),
            ("site/./public", "site/public"),
            ("site/public/..", "site"),
            ("build/../docs", "docs"),
        ];
        for (given, want) in cases {
            assert_eq!(resolve(&base.join(given)).unwrap(), base.join(want), "{given}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_dot_dot_after_a_symlink_leaves_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("elsewhere/x")).unwrap();
        std::fs::create_dir_all(base.join("site")).unwrap();
        std::os::unix::fs::symlink(base.join("elsewhere"), base.join("site/link")).unwrap();
        assert_eq!(
            resolve(&base.join("site/link/x/../site")).unwrap(),
            base.join("elsewhere/site")
        );
        assert_eq!(
            resolve(&base.join("site/link/missing/../y")).unwrap(),
            base.join("elsewhere/y")
        );
    }

    #[test]
    fn mount_points_are_unescaped() {
        assert_eq!(unescape_mount_point("/mnt/my\\040site"), "/mnt/my site");
        assert_eq!(unescape_mount_point("/a\\134b"), "/a\\b");
        assert_eq!(unescape_mount_point("/plain"), "/plain");
        assert_eq!(unescape_mount_point("/odd\\x"), "/odd\\x");
    }

    #[test]
    fn refuses_the_site_its_inputs_and_what_holds_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for folder in ["content", "static", "templates", "themes/mine"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let refused = [
            root.clone(),
            root.join("content"),
            root.join("content/.."),
            root.join("nonexist/../content"),
            root.join("static"),
            root.join("static/out"),
            root.join("templates/out"),
            root.join("themes/out"),
            root.join("themes/mine/x/../../../static/y"),
            dir.path().to_path_buf(),
        ];
        for out in refused {
            assert!(
                matches!(
                    OutputTarget::resolve(&root, &out),
                    Err(OutputError::Dangerous { .. })
                ),
                "{out:?}"
            );
        }
        let fine = OutputTarget::resolve(&root, &root.join("public")).unwrap();
        assert_eq!(fine.dir, resolve(&root.join("public")).unwrap());
        assert!(!fine.in_place);
    }

    #[test]
    fn refuses_a_foreign_non_empty_folder_or_a_file_but_not_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        assert!(OutputTarget::resolve(dir.path(), &out).is_ok(), "empty is fine");
        std::fs::write(out.join("thesis.docx"), "x").unwrap();
        assert!(matches!(
            OutputTarget::resolve(dir.path(), &out),
            Err(OutputError::Foreign(_))
        ));
        assert!(matches!(
            OutputTarget::resolve(dir.path(), &out.join("thesis.docx")),
            Err(OutputError::Foreign(_))
        ));
        std::fs::write(out.join(MARKER), "").unwrap();
        assert!(OutputTarget::resolve(dir.path(), &out).is_ok());
        assert!(matches!(
            OutputTarget::resolve(dir.path(), &dir.path().join("build/../public/../docs/..")),
            Err(OutputError::Dangerous { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_symlink_resolves_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("www/site")).unwrap();
        std::fs::create_dir_all(base.join("site")).unwrap();
        std::os::unix::fs::symlink(base.join("www/site"), base.join("site/public")).unwrap();
        let target = OutputTarget::resolve(&base.join("site"), &base.join("site/public")).unwrap();
        assert_eq!(target.dir, base.join("www/site"));
    }
}
