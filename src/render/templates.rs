//! Templates and theme files. A template name is looked up in three plain steps: the site's
//! `templates/`, then `themes/NAME/templates/` of the theme named in `planpress.yaml`, then
//! the default theme embedded in the binary (the same files as `themes/default/` in the
//! repository). Static files follow the same order and land under `static/` in the output.
//! Only regular files are read ([`crate::content::regular`]); `check` compiles the
//! templates as `build` does ([`load_all`]), so a theme that cannot build fails the check.

mod layers;

use super::indentation;
use crate::diag::Diagnostic;
use crate::site::layout::{SETTINGS, STATIC, SiteLayout, TEMPLATES};
pub use layers::Problem;
use std::collections::BTreeMap;

#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (`static/style.css`) -> content.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// A hash of the built-in theme's files: part of a build's fingerprint, so a new planpress
/// with a changed theme rebuilds sites it had built.
pub fn builtin_digest() -> u64 {
    let mut names: Vec<_> = DefaultTheme::iter().collect();
    names.sort();
    let mut bytes = Vec::new();
    for name in names {
        bytes.extend_from_slice(name.as_bytes());
        if let Some(file) = DefaultTheme::get(&name) {
            bytes.extend_from_slice(&file.metadata.sha256_hash());
        }
    }
    crate::output_file::hash(&bytes)
}

/// Loads the theme for a site laid out as `layout`, with the theme named in its settings,
/// if any: the first problem met, its place named in words. What `build` uses.
pub fn load(layout: &SiteLayout, theme: Option<&str>) -> Result<Theme, Diagnostic> {
    load_all(layout, theme).map_err(|problems| {
        problems.into_iter().next().map_or_else(
            || Diagnostic::error("template", "the theme did not load"),
            Problem::into_diagnostic,
        )
    })
}

/// [`load`] with every problem, each with the template it is in (see [`Problem`]): what
/// `check` reports, the lines of templates quoted.
pub fn load_all(layout: &SiteLayout, theme: Option<&str>) -> Result<Theme, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut layers = vec![layers::builtin_templates()];
    let mut static_layers = vec![layers::embedded(&format!("{STATIC}/"))];
    if let Some(name) = theme.filter(|n| *n != "default" || layout.theme("default").dir.is_dir()) {
        let theme = layout.theme(name);
        if !theme.dir.is_dir() {
            let message = format!(
                "theme `{name}` not found: there is no folder `{}`",
                layout.shown(&theme.dir)
            );
            let help = format!(
                "put the theme under {}/NAME/ ({TEMPLATES}/ and {STATIC}/), or remove `theme:` from {SETTINGS}",
                layout.shown(&layout.themes)
            );
            return Err(vec![Problem {
                diagnostic: Diagnostic::error("missing-theme", message).help(help),
                template: None,
            }]);
        }
        layers.push(layers::read_dir(layout, &theme.templates, &mut problems));
        static_layers.push(layers::read_dir(layout, &theme.statics, &mut problems));
    }
    layers.push(layers::read_dir(layout, &layout.templates, &mut problems));
    static_layers.push(layers::read_dir(layout, &layout.statics, &mut problems));

    // Later layers win: site over theme over built-in.
    let mut templates = layers::Layer::new();
    layers.into_iter().for_each(|layer| templates.extend(layer));
    let tera = layers::compile(&templates, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut statics = BTreeMap::new();
    for layer in static_layers {
        for (rel, file) in layer {
            statics.insert(format!("{STATIC}/{rel}"), file.bytes);
        }
    }
    Ok(Theme { tera, statics })
}

/// A Tera error as a diagnostic; Tera's report names the template and the line.
pub fn template_error(e: &tera::Error, template: Option<&str>) -> Diagnostic {
    let mut message = match template {
        Some(t) => format!("failed to render template `{t}`"),
        None => "failed to load the templates".to_string(),
    };
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        message.push_str(&format!("\n{c}"));
        cause = c.source();
    }
    Diagnostic::error("template", message)
        .help("fix the template named above (the site's templates/ wins over the theme's)")
}

impl Theme {
    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &impl serde::Serialize) -> Result<Vec<u8>, Diagnostic> {
        let context =
            tera::Context::from_serialize(context).map_err(|e| template_error(&e, Some(template)))?;
        self.render_context(template, &context)
    }

    /// Renders `template` with a context already made (some of its values made once per build).
    pub fn render_context(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        // Plan and person pages run to 40-60 KB: starting smaller grew (and copied) each of
        // them two or three times. Each page is written and dropped as soon as it is made.
        let mut out = Vec::with_capacity(64 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| template_error(&e, Some(template)))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(root: &Path, theme: Option<&str>) -> Result<Theme, Diagnostic> {
        super::load(&SiteLayout::new(root), theme)
    }

    #[test]
    fn site_templates_win_over_the_built_in_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/hello.html"), "site {{ name }}").unwrap();
        let theme = load(dir.path(), None).unwrap();
        let out = theme
            .render("hello.html", &serde_json::json!({"name": "<b>"}))
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "site &lt;b&gt;");
    }

    #[test]
    fn a_named_theme_sits_between_site_and_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("themes/plain");
        std::fs::create_dir_all(t.join("templates")).unwrap();
        std::fs::create_dir_all(t.join("static")).unwrap();
        std::fs::write(t.join("templates/a.html"), "theme").unwrap();
        std::fs::write(t.join("templates/b.html"), "theme").unwrap();
        std::fs::write(t.join("static/x.css"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/b.html"), "site").unwrap();
        let theme = load(dir.path(), Some("plain")).unwrap();
        let render = |n| String::from_utf8(theme.render(n, &serde_json::json!({})).unwrap()).unwrap();
        assert_eq!(render("a.html"), "theme");
        assert_eq!(render("b.html"), "site");
        assert_eq!(theme.statics["static/x.css"], b"x");
    }

    #[test]
    fn template_errors_name_the_template() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/bad.html"), "line one\n{{ oops( }}").unwrap();
        let err = load(dir.path(), None).err().expect("a syntax error");
        assert!(err.message.contains("bad.html"), "{}", err.message);
        let missing = load(dir.path().join("nope").as_path(), Some("nope"))
            .err()
            .unwrap();
        assert!(
            missing.message.contains("theme `nope` not found"),
            "{}",
            missing.message
        );
    }
}
