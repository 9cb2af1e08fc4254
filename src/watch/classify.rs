//! Which changes matter: a path reported by the file watcher in, a [`Change`] (or nothing)
//! out. Pure, so every rule has a test.

use crate::build::session::Change;
use crate::content::is_ignored_name;
use std::path::Path;

/// What a changed `path` means for the site at `root`. `output` is the output folder (its
/// changes are the build's own and are ignored); `config` the settings file.
pub fn classify(root: &Path, output: &Path, config: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    if path == config {
        return Some(Change::Config);
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    let rest: Vec<_> = parts.collect();
    // Hidden files and editor leftovers anywhere on the way (`.git/`, `.plan.md.swp`, `plan.md~`).
    if std::iter::once(&first)
        .chain(rest.iter())
        .any(|p| is_ignored_name(p))
    {
        return None;
    }
    match first.as_ref() {
        "content" if rest.is_empty() => Some(Change::Tree),
        "content" => {
            let rel = rest.join("/");
            if rel.ends_with(".md") || rel.ends_with(".markdown") {
                Some(Change::Content(rel))
            } else if path.extension().is_none() {
                // A folder (or a file without extension, which planpress never reads).
                Some(Change::Tree)
            } else {
                None
            }
        }
        "templates" | "static" | "themes" => Some(Change::Theme),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_site_paths() {
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        let config = Path::new("/site/planpress.yaml");
        let cases = [
            (
                "/site/content/il/plan.md",
                Some(Change::Content("il/plan.md".into())),
            ),
            (
                "/site/content/about.markdown",
                Some(Change::Content("about.markdown".into())),
            ),
            ("/site/content/il", Some(Change::Tree)),
            ("/site/content", Some(Change::Tree)),
            ("/site/content/il/notes.txt", None),
            ("/site/content/il/.plan.md.swp", None),
            ("/site/content/il/plan.md~", None),
            ("/site/content/il/#plan.md#", None),
            ("/site/content/il/4913", None),
            ("/site/content/.hidden/plan.md", None),
            ("/site/planpress.yaml", Some(Change::Config)),
            ("/site/templates/plan.html", Some(Change::Theme)),
            ("/site/static/logo.png", Some(Change::Theme)),
            ("/site/themes/plain/templates/base.html", Some(Change::Theme)),
            ("/site/public/index.html", None),
            ("/site/public/plans/x/index.html", None),
            ("/site/.git/index", None),
            ("/site/README.md", None),
            ("/elsewhere/plan.md", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(root, output, config, Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn an_output_folder_inside_content_is_still_ignored() {
        let got = classify(
            Path::new("/s"),
            Path::new("/s/content/out"),
            Path::new("/s/planpress.yaml"),
            Path::new("/s/content/out/plan.md"),
        );
        assert_eq!(got, None);
    }
}
