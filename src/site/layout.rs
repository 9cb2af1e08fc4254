//! Where a site's files are: one [`SiteLayout`] of every path a command reads or writes,
//! made once from the command line (`--root`, `--config`, `--output`), and the folder names
//! it is made of. Loading, the templates, the fingerprint, the watcher, `serve` and the
//! scaffolds read their paths from it; no other code spells these names.

use std::path::{Path, PathBuf};

/// The settings file, in the root.
pub const SETTINGS: &str = "planpress.yaml";
/// The Markdown plans and pages.
pub const CONTENT: &str = "content";
/// Templates that override the theme's, by file name (also a theme's own templates).
pub const TEMPLATES: &str = "templates";
/// Files copied into the output as they are (also a theme's own static files).
pub const STATIC: &str = "static";
/// Themes on disk, one folder each.
pub const THEMES: &str = "themes";
/// Every folder a build reads: an output folder must not be, hold or sit inside the
/// folders it copies from.
pub const INPUT_FOLDERS: &[&str] = &[CONTENT, TEMPLATES, STATIC, THEMES];
/// The output folder when none is given.
pub const DEFAULT_OUTPUT: &str = "public";

/// Every path of a site. [`SiteLayout::new`] puts each in the root under its usual name;
/// the settings file and the output folder can be given elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLayout {
    /// The site folder.
    pub root: PathBuf,
    /// The settings file: `planpress.yaml` in the root, or the file `--config` names.
    pub settings: PathBuf,
    /// Whether the settings file was given: a given one must exist, while a site may do
    /// without the default one.
    pub settings_given: bool,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub statics: PathBuf,
    pub themes: PathBuf,
    /// The output folder as given (or `public/` in the root). A build resolves it, and
    /// refuses it when it is unsafe (the build's `OutputTarget::resolve`).
    pub output: PathBuf,
    /// Whether the output folder was given: `serve` builds into a folder of its own when
    /// it was not, so a preview never lands where the site is published from.
    pub output_given: bool,
}

/// The folders of a theme on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeLayout {
    pub dir: PathBuf,
    pub templates: PathBuf,
    pub statics: PathBuf,
}

impl SiteLayout {
    /// The layout of a site at `root`, every path under its usual name.
    pub fn new(root: impl Into<PathBuf>) -> SiteLayout {
        let root = root.into();
        SiteLayout {
            settings: root.join(SETTINGS),
            settings_given: false,
            content: root.join(CONTENT),
            templates: root.join(TEMPLATES),
            statics: root.join(STATIC),
            themes: root.join(THEMES),
            output: root.join(DEFAULT_OUTPUT),
            output_given: false,
            root,
        }
    }

    /// The layout with the settings file at `path` (as given: relative to the working
    /// folder, not to the root).
    pub fn with_settings(self, path: impl Into<PathBuf>) -> SiteLayout {
        SiteLayout {
            settings: path.into(),
            settings_given: true,
            ..self
        }
    }

    /// The layout with the output folder at `path` (as given).
    pub fn with_output(self, path: impl Into<PathBuf>) -> SiteLayout {
        SiteLayout {
            output: path.into(),
            output_given: true,
            ..self
        }
    }

    /// The folders of the theme called `name`, under `themes/`.
    pub fn theme(&self, name: &str) -> ThemeLayout {
        let dir = self.themes.join(name);
        ThemeLayout {
            templates: dir.join(TEMPLATES),
            statics: dir.join(STATIC),
            dir,
        }
    }

    /// `path` as messages show it: relative to the root, `/`-separated.
    pub fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The same layout with every path absolute (as the file watcher reports them).
    pub fn absolute(&self) -> SiteLayout {
        let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        SiteLayout {
            root: absolute(&self.root),
            settings: absolute(&self.settings),
            settings_given: self.settings_given,
            content: absolute(&self.content),
            templates: absolute(&self.templates),
            statics: absolute(&self.statics),
            themes: absolute(&self.themes),
            output: absolute(&self.output),
            output_given: self.output_given,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_under_the_root_by_default() {
        let layout = SiteLayout::new("/site");
        let cases = [
            (&layout.root, "/site"),
            (&layout.settings, "/site/planpress.yaml"),
            (&layout.content, "/site/content"),
            (&layout.templates, "/site/templates"),
            (&layout.statics, "/site/static"),
            (&layout.themes, "/site/themes"),
            (&layout.output, "/site/public"),
        ];
        for (got, want) in cases {
            assert_eq!(got, Path::new(want), "{want}");
        }
        assert!(!layout.settings_given);
        assert!(!layout.output_given);
    }

    #[test]
    fn given_settings_and_output_replace_only_themselves() {
        let layout = SiteLayout::new("site")
            .with_settings("other/settings.yaml")
            .with_output("/tmp/out");
        assert_eq!(layout.settings, Path::new("other/settings.yaml"));
        assert!(layout.settings_given);
        assert_eq!(layout.output, Path::new("/tmp/out"));
        assert!(layout.output_given);
        let defaults = SiteLayout::new("site");
        assert_eq!(layout.root, defaults.root);
        assert_eq!(layout.content, defaults.content);
        assert_eq!(layout.templates, defaults.templates);
        assert_eq!(layout.statics, defaults.statics);
        assert_eq!(layout.themes, defaults.themes);
    }

    #[test]
    fn a_theme_has_its_own_templates_and_static_folders() {
        let theme = SiteLayout::new("/site").theme("plain");
        assert_eq!(theme.dir, Path::new("/site/themes/plain"));
        assert_eq!(theme.templates, Path::new("/site/themes/plain/templates"));
        assert_eq!(theme.statics, Path::new("/site/themes/plain/static"));
    }

    #[test]
    fn paths_are_shown_relative_to_the_root() {
        let layout = SiteLayout::new("/site");
        assert_eq!(layout.shown(&layout.settings), "planpress.yaml");
        assert_eq!(layout.shown(&layout.theme("plain").dir), "themes/plain");
        assert_eq!(layout.shown(Path::new("/elsewhere/s.yaml")), "/elsewhere/s.yaml");
    }

    #[test]
    fn an_absolute_layout_keeps_what_was_given() {
        let layout = SiteLayout::new("site").with_output("out").absolute();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(layout.root, cwd.join("site"));
        assert_eq!(layout.content, cwd.join("site/content"));
        assert_eq!(layout.output, cwd.join("out"));
        assert!(layout.output_given);
        assert!(!layout.settings_given);
    }
}
