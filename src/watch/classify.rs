//! Which changes matter: a path reported by the file watcher in, a [`Change`] (or nothing)
//! out. Pure, so every rule has a test.

use crate::build::session::Change;
use crate::content::is_ignored_name;
use crate::site::layout::SiteLayout;
use std::path::Path;

/// What a changed `path` means for the site laid out as `layout` (with paths as absolute
/// as the watcher's). Changes in the output folder are the build's own and are ignored.
pub fn classify(layout: &SiteLayout, path: &Path) -> Option<Change> {
    if path.starts_with(&layout.output) {
        return None;
    }
    if path == layout.settings {
        return Some(Change::Config);
    }
    let rel = path.strip_prefix(&layout.root).ok()?;
    // Hidden files and editor leftovers anywhere on the way (`.git/`, `.plan.md.swp`, `plan.md~`).
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    if let Ok(rel) = path.strip_prefix(&layout.content) {
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        if parts.is_empty() {
            return Some(Change::Tree);
        }
        let rel = parts.join("/");
        return if rel.ends_with(".md") || rel.ends_with(".markdown") {
            Some(Change::Content(rel))
        } else if path.extension().is_none() {
            // A folder (or a file without extension, which planpress never reads).
            Some(Change::Tree)
        } else {
            None
        };
    }
    let theme = [&layout.templates, &layout.statics, &layout.themes];
    theme
        .iter()
        .any(|dir| path.starts_with(dir))
        .then_some(Change::Theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_site_paths() {
        let layout = SiteLayout::new("/site");
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
            assert_eq!(classify(&layout, Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn an_output_folder_inside_content_is_still_ignored() {
        let layout = SiteLayout::new("/s").with_output("/s/content/out");
        assert_eq!(classify(&layout, Path::new("/s/content/out/plan.md")), None);
    }

    #[test]
    fn a_settings_file_given_elsewhere_is_the_one_watched() {
        let layout = SiteLayout::new("/s").with_settings("/s/conf/site.yaml");
        let cases = [
            ("/s/conf/site.yaml", Some(Change::Config)),
            ("/s/planpress.yaml", None),
            ("/s/conf/other.yaml", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(&layout, Path::new(path)), want, "{path}");
        }
    }
}
