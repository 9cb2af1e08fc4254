//! The names of the folders a site is made of, in one place.

/// The Markdown plans and pages.
pub const CONTENT: &str = "content";
/// Templates that override the theme's, by file name.
pub const TEMPLATES: &str = "templates";
/// Files copied into the output as they are.
pub const STATIC: &str = "static";
/// Themes on disk, one folder each.
pub const THEMES: &str = "themes";
/// Every folder a build reads: an output folder must not be, hold or sit inside the
/// folders it copies from.
pub const INPUT_FOLDERS: &[&str] = &[CONTENT, TEMPLATES, STATIC, THEMES];
/// The output folder when none is given.
pub const DEFAULT_OUTPUT: &str = "public";
