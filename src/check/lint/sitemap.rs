//! The site-wide lint of what is published: a sitemap lists full URLs only (sitemaps.org),
//! so a site whose `base_url` is a path (the default `/`) gets no `sitemap.xml` (nor its
//! line in `robots.txt`), and this says why, pointing at `base_url` in the settings.
//!
//! In: the loaded site (its settings, and where `base_url` is written). Out: at
//! most one warning, the lowest severity diagnostics have. The exports decide with the same
//! [`Urls::has_origin`], so the warning is printed exactly when the file is left out.

use crate::diag::Diagnostic;
use crate::site::Site;
use crate::site::urls::Urls;

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
    Some(match &site.config.base_url_at {
        Some(at) if at.span.is_some() => {
            let mut d = d.label("a path, not a full URL");
            d.location = Some(at.clone());
            d
        }
        at => Diagnostic {
            location: at.clone(),
            ..d
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::source::{SourceFile, SourceId};

    fn site_with_settings(settings: Option<&str>, base_url: &str) -> Site {
        let mut site = crate::site::testing::site(&[]);
        if let Some(text) = settings {
            let path = site.layout.settings.clone();
            let id = site
                .sources
                .add(SourceFile::new("planpress.yaml", path, text.to_string()));
            site.config = crate::config::decode(site.sources.get(id), id).0;
        }
        site.config.base_url = crate::config::normalise_base_url(base_url);
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
