//! Where every page lives: one place that turns a thing (a plan, a state, a person) into its
//! output path and its URL, so links and files always agree. URLs are prefixed with the
//! path of `base_url`, so a site published under a sub-path (`/plans/`) works; feeds and
//! the sitemap, which need absolute URLs, use [`Urls::absolute`]. A site built with
//! `relative_urls` rewrites each page's links with [`Urls::relative`] once the page is
//! rendered (`render::relative_urls`), so links are made one way here and templates stay as
//! they are.

/// Builds URLs under a base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// The path part of `base_url`, starting and ending with `/` (`/` or `/plans/`).
    prefix: String,
    /// `base_url` with scheme and host when one was given (`https://x.org/plans/`).
    origin: Option<String>,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let base = crate::config::normalise_base_url(base_url);
        match base.split_once("://") {
            Some((scheme, rest)) => {
                let path = rest.find('/').map_or("/", |i| &rest[i..]);
                Urls {
                    prefix: path.to_string(),
                    origin: Some(format!("{scheme}://{}", rest.trim_end_matches('/'))),
                }
            }
            None => {
                let path = format!("/{}", base.trim_start_matches('/'));
                Urls {
                    prefix: path,
                    origin: None,
                }
            }
        }
    }

    /// The URL of an output path (`plans/x/` -> `/base/plans/x/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path.trim_start_matches('/'))
    }

    /// A full URL when the site has an origin, else the site-relative URL.
    pub fn absolute(&self, path: &str) -> String {
        match &self.origin {
            Some(origin) => {
                let host_root = origin.find("://").map_or(origin.len(), |i| {
                    origin[i + 3..].find('/').map_or(origin.len(), |j| i + 3 + j)
                });
                format!("{}{}", &origin[..host_root], self.url(path))
            }
            None => self.url(path),
        }
    }

    pub fn has_origin(&self) -> bool {
        self.origin.is_some()
    }

    pub fn home(&self) -> String {
        self.url("")
    }

    /// `url`, a link found in the page written to output path `page` (`plans/x/`,
    /// `404.html`), made relative to that page: `/plans/y/#goals` from `plans/x/` is
    /// `../y/index.html#goals`. None leaves the link as it is: it is relative already, a
    /// fragment, has a scheme or a host (`https:`, `mailto:`, `//host`), or lies outside
    /// the site's path. The query and fragment are kept as they are.
    pub fn relative(&self, page: &str, url: &str, folders: Folders) -> Option<String> {
        let rest = url.strip_prefix('/')?;
        // `//host` and `/\host` name another host (browsers read `\` as `/`).
        if rest.starts_with(['/', '\\']) {
            return None;
        }
        let end = url.find(['?', '#']).unwrap_or(url.len());
        let (path, tail) = url.split_at(end);
        let prefix = &self.prefix;
        let site_path = match path.strip_prefix(prefix.as_str()) {
            Some(p) => p,
            // `/plans` under the prefix `/plans/` is the home page.
            None if path == prefix.trim_end_matches('/') => "",
            None => return None,
        };
        let mut link = relative_path(page, site_path);
        if link.is_empty() || link.ends_with('/') {
            match folders {
                // A folder opened from disk shows a file listing, not its `index.html`.
                Folders::IndexFile => link.push_str("index.html"),
                Folders::Folder if link.is_empty() => link.push_str("./"),
                Folders::Folder => {}
            }
        }
        link.push_str(tail);
        Some(link)
    }
}

/// How [`Urls::relative`] writes a link to a folder (`plans/x/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folders {
    /// As the folder's `index.html`, for links a reader follows: only a web server answers
    /// a folder with its `index.html`.
    IndexFile,
    /// As the folder (`../`, `./`), for values scripts join paths onto (`data-*`).
    Folder,
}

/// The site path `target` (`plans/y/`) as seen from the folder of the output path `page`
/// (`plans/x/` -> `../y/`; `404.html` and the home page `` live in the top folder).
fn relative_path(page: &str, target: &str) -> String {
    let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    // The folders both share, whole segments only (`plans/` and `plansx/` share nothing).
    let mut shared = 0;
    for (i, (a, b)) in folder.bytes().zip(target.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            shared = i + 1;
        }
    }
    let ups = folder[shared..].matches('/').count();
    let mut link = "../".repeat(ups);
    link.push_str(&target[shared..]);
    link
}

/// Output paths (relative, `/`-separated, folders end in `/`). A folder path is written as
/// `PATH/index.html`.
pub mod paths {
    pub fn plan(slug: &str) -> String {
        format!("plans/{slug}/")
    }
    pub fn plans(page: usize) -> String {
        paged("plans/", page)
    }
    pub fn state(code: &str) -> String {
        format!("states/{}/", code.to_lowercase())
    }
    pub fn region(id: &str) -> String {
        format!("regions/{}/", id.to_lowercase())
    }
    pub fn plan_type(name: &str) -> String {
        format!("types/{name}/")
    }
    pub fn status(name: &str) -> String {
        format!("status/{name}/")
    }
    pub fn person(slug: &str) -> String {
        format!("people/{slug}/")
    }
    pub fn page(slug: &str) -> String {
        format!("{slug}/")
    }
    pub fn badge(slug: &str) -> String {
        format!("badges/{slug}.svg")
    }
    /// Page 1 of a listing is the folder itself; later pages are `page/N/` below it.
    pub fn paged(folder: &str, page: usize) -> String {
        if page <= 1 {
            folder.to_string()
        } else {
            format!("{folder}page/{page}/")
        }
    }
    /// The file a path is written to.
    pub fn file(path: &str) -> String {
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_a_sub_path() {
        let u = Urls::new("/plans");
        assert_eq!(u.url(&paths::plan("a")), "/plans/plans/a/");
        assert_eq!(u.home(), "/plans/");
        assert_eq!(u.absolute("feed.xml"), "/plans/feed.xml");
    }

    #[test]
    fn urls_with_an_origin() {
        let u = Urls::new("https://example.org/ec/");
        assert_eq!(u.url("states/il/"), "/ec/states/il/");
        assert_eq!(u.absolute("states/il/"), "https://example.org/ec/states/il/");
        let root = Urls::new("https://example.org");
        assert_eq!(root.absolute(""), "https://example.org/");
        assert_eq!(root.url("x/"), "/x/");
    }

    #[test]
    fn paths_are_lowercase_and_paged() {
        assert_eq!(paths::state("IL"), "states/il/");
        assert_eq!(paths::region("V"), "regions/v/");
        assert_eq!(paths::plans(1), "plans/");
        assert_eq!(paths::plans(3), "plans/page/3/");
        assert_eq!(paths::file("plans/"), "plans/index.html");
        assert_eq!(paths::file(""), "index.html");
        assert_eq!(paths::file("feed.xml"), "feed.xml");
    }

    #[test]
    fn relative_links_from_each_kind_of_page() {
        let u = Urls::new("/");
        let cases = [
            // (page, link, relative link)
            ("", "/", "index.html"),
            ("", "/plans/a/", "plans/a/index.html"),
            ("", "/static/style.css", "static/style.css"),
            ("plans/a/", "/", "../../index.html"),
            ("plans/a/", "/plans/a/", "index.html"),
            ("plans/a/", "/plans/b/", "../b/index.html"),
            ("plans/a/", "/plans/", "../index.html"),
            ("plans/a/", "/static/site.js", "../../static/site.js"),
            ("plans/a/", "/badges/a.svg", "../../badges/a.svg"),
            ("plans/page/3/", "/plans/page/2/", "../2/index.html"),
            ("plans/page/3/", "/plans/", "../../index.html"),
            ("plans/page/3/", "/states/il/", "../../../states/il/index.html"),
            ("states/il/page/2/", "/states/il/", "../../index.html"),
            ("plans/ab/", "/plans/a/", "../a/index.html"),
            ("plans/a/", "/plansx/", "../../plansx/index.html"),
            ("404.html", "/plans/", "plans/index.html"),
            ("404.html", "/", "index.html"),
            ("plans/a/index.html", "/plans/b/", "../b/index.html"),
            // Fragments and queries follow the file.
            ("plans/a/", "/plans/b/#goal_1", "../b/index.html#goal_1"),
            ("plans/a/", "/plans/a/#toc", "index.html#toc"),
            ("", "/search/?q=head+start", "search/index.html?q=head+start"),
            (
                "people/",
                "/search/?q=a&amp;b#r",
                "../search/index.html?q=a&amp;b#r",
            ),
            ("", "/?q=x", "index.html?q=x"),
            ("about/", "/data/plans.json", "../data/plans.json"),
            ("about/", "/caf%C3%A9/", "../caf%C3%A9/index.html"),
        ];
        for (page, link, want) in cases {
            assert_eq!(
                u.relative(page, link, Folders::IndexFile).as_deref(),
                Some(want),
                "{link:?} from {page:?}"
            );
        }
    }

    #[test]
    fn links_that_are_not_the_sites_stay_as_they_are() {
        let u = Urls::new("/");
        for link in [
            "https://example.org/plans/",
            "http://example.org/",
            "mailto:team@example.org",
            "tel:+15555550100",
            "//cdn.example.org/x.js",
            "/\\example.org/x",
            "#goals",
            "",
            "../static/style.css",
            "plans/a/",
            "?q=x",
            "javascript:alert(1)",
        ] {
            assert_eq!(u.relative("plans/a/", link, Folders::IndexFile), None, "{link:?}");
        }
    }

    #[test]
    fn relative_links_under_a_sub_path_drop_it() {
        for base in ["/ec/", "https://example.org/ec/"] {
            let u = Urls::new(base);
            let cases = [
                ("", "/ec/", Some("index.html")),
                ("", "/ec", Some("index.html")),
                ("plans/a/", "/ec/plans/b/", Some("../b/index.html")),
                ("plans/a/", "/ec/static/style.css", Some("../../static/style.css")),
                ("plans/a/", "/ec?q=1", Some("../../index.html?q=1")),
                // Outside the site's path: another site on the same host.
                ("plans/a/", "/other/", None),
                ("plans/a/", "/ecx/", None),
                ("plans/a/", "/", None),
                ("plans/a/", "/__planpress/live.js", None),
            ];
            for (page, link, want) in cases {
                assert_eq!(
                    u.relative(page, link, Folders::IndexFile).as_deref(),
                    want,
                    "{link:?} from {page:?} under {base}"
                );
            }
        }
    }

    #[test]
    fn folders_stay_folders_when_asked() {
        let u = Urls::new("/");
        let cases = [
            ("search/", "/", "../"),
            ("", "/", "./"),
            ("search/", "/search/", "./"),
            ("search/", "/search/index.json", "index.json"),
            ("plans/page/2/", "/plans/", "../../"),
            ("plans/a/", "/plans/b/#x", "../b/#x"),
        ];
        for (page, link, want) in cases {
            assert_eq!(
                u.relative(page, link, Folders::Folder).as_deref(),
                Some(want),
                "{link:?} from {page:?}"
            );
        }
    }
}
