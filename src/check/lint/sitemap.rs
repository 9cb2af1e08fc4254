//! The site-wide lint of what is published: a sitemap lists full URLs only (sitemaps.org),
//! so a site whose `base_url` is a path (the default `/`) gets no `sitemap.xml` (nor its
//! line in `robots.txt`), and this says why, pointing at `base_url` in the settings.
//!
//! In: the loaded site (its settings and the settings file among its sources). Out: at
//! most one warning, the lowest severity diagnostics have. The exports decide with the same
//! [`Urls::has_origin`], so the warning is printed exactly when the file is left out.

use crate::content::source::{SourceFile, SourceId, Span};
use crate::diag::Diagnostic;
use crate::site::Site;
use crate::site::urls::Urls;
use crate::yaml::{self, Value};

/// Why the site has no sitemap, if it has none.
pub fn no_sitemap(site: &Site) -> Option<Diagnostic> {
    let base_url = &site.config.base_url;
    if Urls::new(base_url).has_origin() {
        return None;
    }
    let d = Diagnostic::warning(
        "no-sitemap",
        format!("sitemap.xml is left out: base_url `{base_url}` is a path, and a sitemap lists full URLs"),
    )
    .help("set base_url in planpress.yaml to the full address the site is published at, e.g. `base_url: https://example.org/plans/` (calendar.ics then links each event to its page too)");
    Some(match settings(site) {
        Some((id, file)) => match base_url_span(file) {
            Some(span) => d.at(id, span).label("a path, not a full URL"),
            None => d.in_file(id),
        },
        None => d,
    })
}

/// The settings file, when the site has one: loading adds it first, before any content
/// file (each of which lies under `content/`).
fn settings(site: &Site) -> Option<(SourceId, &SourceFile)> {
    let id = SourceId(0);
    if site.sources.is_empty() || site.paths.contains_key(&id) {
        return None;
    }
    let file = site.sources.get(id);
    (!file.path.starts_with(&site.layout.content)).then_some((id, file))
}

/// Where the value of `base_url` is written in the settings file.
fn base_url_span(file: &SourceFile) -> Option<Span> {
    let root = yaml::parse(file, 0..file.text.len(), 1).ok()?;
    let Value::Map(entries) = root.value else {
        return None;
    };
    entries.into_iter().find_map(|(key, value)| match key.value {
        Value::Scalar { text, .. } if text == "base_url" => Some(value.span),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::source::SourceFile;

    fn site_with_settings(settings: Option<&str>, base_url: &str) -> Site {
        let mut site = crate::site::testing::site(&[]);
        site.config.base_url = crate::config::normalise_base_url(base_url);
        if let Some(text) = settings {
            let path = site.layout.settings.clone();
            site.sources
                .add(SourceFile::new("planpress.yaml", path, text.to_string()));
        }
        site
    }

    #[test]
    fn warns_at_base_url_when_it_is_a_path() {
        let text = "title: T\nbase_url: /plans/\n";
        let d = no_sitemap(&site_with_settings(Some(text), "/plans/")).expect("a warning");
        assert_eq!(d.severity, crate::diag::Severity::Warning);
        assert_eq!(d.code, "no-sitemap");
        assert_eq!(
            d.message,
            "sitemap.xml is left out: base_url `/plans/` is a path, and a sitemap lists full URLs"
        );
        assert!(d.help.as_deref().unwrap().contains("https://example.org/plans/"));
        let location = d.location.expect("a place");
        assert_eq!(location.source, SourceId(0));
        let span = location.span.expect("a span");
        assert_eq!(&text[span], "/plans/");
    }

    #[test]
    fn names_the_settings_file_or_nothing_when_base_url_is_not_written() {
        let d = no_sitemap(&site_with_settings(Some("title: T\n"), "/")).expect("a warning");
        assert!(d.message.contains("base_url `/`"), "{}", d.message);
        let location = d.location.expect("the settings file");
        assert_eq!((location.source, location.span), (SourceId(0), None));
        let d = no_sitemap(&site_with_settings(None, "/")).expect("a warning");
        assert_eq!(d.location, None);
    }

    #[test]
    fn no_warning_with_a_full_url() {
        for base_url in ["https://example.org/", "http://example.org/plans"] {
            let site = site_with_settings(Some("title: T\n"), base_url);
            assert_eq!(no_sitemap(&site), None, "{base_url}");
        }
    }
}
