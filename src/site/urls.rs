//! Where every page lives: one place that turns a thing (a plan, a state, a person) into its
//! output path and its URL, so links and files always agree. URLs are prefixed with the
//! path of `base_url`, so a site published under a sub-path (`/plans/`) works; feeds and
//! the sitemap, which need absolute URLs, use [`Urls::absolute`].

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
}
