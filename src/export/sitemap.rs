//! `sitemap.xml` and `robots.txt`, for search engines; and [`page_paths`], the list of every
//! HTML page of the site, which the sitemap is made from.
//!
//! In: the site and its index. Out: the sitemap (sitemaps.org 0.9; plan pages carry their
//! `updated` date as `lastmod`) and a `robots.txt` that allows everything and names the
//! sitemap. The protocol allows full URLs only, so a site whose `base_url` is a path has
//! neither the sitemap nor its line in robots.txt (a lint, `no-sitemap`, says why).

use super::xml_escape;
use crate::output_file::OutputFile;
use crate::render::pages::PageSpec;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::{Urls, paths};
use std::collections::BTreeMap;
use std::fmt::Write;

pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";

/// The output path of every HTML page, in a fixed order: home, the plan listing and its
/// pages, each plan, jurisdictions, regions, types, statuses, people, the timeline, search,
/// then the plain pages.
///
/// Jurisdiction pages exist for every configured jurisdiction (the home page's map links
/// them all), region pages for the regions that have plans, and type and status pages for
/// every value of the vocabulary. Long listings are split into pages of
/// `site.config.per_page`, page N>1 at [`paths::paged`].
pub fn page_paths(site: &Site, index: &Index) -> Vec<String> {
    let specs = crate::render::pages::specs(site, index);
    specs
        .iter()
        .filter(|s| **s != PageSpec::NotFound)
        .map(|s| crate::render::pages::path(site, s))
        .collect()
}

/// sitemap.xml as an export, made when the site has full URLs to list.
pub(crate) struct SitemapXml;

impl super::Export for SitemapXml {
    fn write(&self, site: &Site, index: &Index, urls: &Urls, sink: &dyn super::Sink) {
        if let Some(file) = sitemap(site, index, urls) {
            sink.file(file);
        }
    }
}

/// robots.txt as an export.
pub(crate) struct RobotsTxt;

impl super::Export for RobotsTxt {
    fn write(&self, _: &Site, _: &Index, urls: &Urls, sink: &dyn super::Sink) {
        sink.file(robots(urls));
    }
}

/// The sitemap, when the site has full URLs to list.
pub fn sitemap(site: &Site, index: &Index, urls: &Urls) -> Option<OutputFile> {
    if !urls.has_origin() {
        return None;
    }
    let lastmod: BTreeMap<String, String> = index
        .published
        .iter()
        .filter_map(|&i| {
            let plan = &site.plans[i];
            plan.updated.map(|d| (paths::plan(&plan.slug), d.to_string()))
        })
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in page_paths(site, index) {
        let _ = write!(out, "  <url><loc>{}</loc>", xml_escape(&urls.absolute(&path)));
        if let Some(date) = lastmod.get(&path) {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    Some(OutputFile::new(SITEMAP, out))
}

pub fn robots(urls: &Urls) -> OutputFile {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if urls.has_origin() {
        let _ = writeln!(out, "\nSitemap: {}", urls.absolute(SITEMAP));
    }
    OutputFile::new(ROBOTS, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::{EMPTY_PLAN, WORK_PLAN, site, site_and_index};

    #[test]
    fn lists_every_kind_of_page() {
        let (site, index) = site_and_index(&[WORK_PLAN, EMPTY_PLAN]);
        let paths = page_paths(&site, &index);
        for want in [
            "",
            "plans/",
            "plans/csdwg/",
            "plans/empty/",
            "states/",
            "states/il/",
            "states/in/",
            "states/wy/",
            "states/national/",
            "regions/",
            "regions/v/",
            "types/",
            "types/work-plan/",
            "status/",
            "status/final/",
            "people/",
            "people/csdwg/",
            "people/state-specialists/",
            "timeline/",
            "search/",
        ] {
            assert!(paths.contains(&want.to_string()), "missing {want:?} in {paths:?}");
        }
        assert!(
            paths.contains(&"regions/i/".to_string()),
            "every region has a page, like every state"
        );
        assert!(
            !paths.contains(&"types/service-delivery-plan/".to_string()),
            "types without plans have none"
        );
        let unique: std::collections::BTreeSet<&String> = paths.iter().collect();
        assert_eq!(unique.len(), paths.len(), "no page twice");
    }

    #[test]
    fn long_listings_are_paged() {
        let plans: Vec<String> = (0..25)
            .map(|n| format!("title: P{n}\nslug: p{n}\nstate: IL\ntype: work-plan\nstatus: final\n"))
            .collect();
        let refs: Vec<&str> = plans.iter().map(String::as_str).collect();
        let site = site(&refs); // per_page 10
        let index = Index::new(&site, false);
        let paths = page_paths(&site, &index);
        for want in [
            "plans/page/2/",
            "plans/page/3/",
            "states/il/page/3/",
            "regions/v/page/3/",
            "types/work-plan/page/3/",
        ] {
            assert!(paths.contains(&want.to_string()), "missing {want:?}");
        }
        assert!(!paths.contains(&"plans/page/4/".to_string()));
        assert!(!paths.contains(&"states/in/page/2/".to_string()));
    }

    #[test]
    fn sitemap_lists_full_urls_and_only_with_an_origin() {
        let (site, index) = site_and_index(&[WORK_PLAN]);
        let file = sitemap(&site, &index, &Urls::new("https://example.org/ec/")).expect("a sitemap");
        assert_eq!(file.path, SITEMAP);
        let text = String::from_utf8(file.bytes).expect("UTF-8");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://example.org/ec/</loc></url>\n"));
        assert!(text.contains(
            "<url><loc>https://example.org/ec/plans/csdwg/</loc><lastmod>2024-03-15</lastmod></url>"
        ));
        let locs: Vec<_> = text.split("<loc>").skip(1).collect();
        assert!(
            locs.iter().all(|l| l.starts_with("https://example.org/ec/")),
            "{text}"
        );
        // Relative `<loc>`s are not allowed by the protocol: no sitemap at all.
        for path in ["/", "/ec/"] {
            assert!(sitemap(&site, &index, &Urls::new(path)).is_none(), "{path}");
        }
    }

    #[test]
    fn robots_names_the_sitemap_only_with_an_origin() {
        let with = String::from_utf8(robots(&Urls::new("https://example.org/")).bytes).expect("UTF-8");
        assert_eq!(
            with,
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
        );
        let without = String::from_utf8(robots(&Urls::new("/")).bytes).expect("UTF-8");
        assert_eq!(without, "User-agent: *\nAllow: /\n");
    }
}
