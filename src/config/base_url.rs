//! `base_url` (and `--base-url`): text in, the base every link, the sitemap and the feed
//! start from out, or why it cannot be one. It goes into every page, so what would break
//! links (a query or fragment, a space, a scheme with no host) is refused here, once,
//! rather than published. Full URLs are parsed by the `url` crate (WHATWG rules), which
//! also writes a host in its canonical form and percent-encodes what a path cannot hold.

use url::Url;

/// Why a text cannot be a base URL, worded to follow the setting's name
/// (`` `base_url` has a query ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    pub problem: String,
    pub help: String,
}

fn refuse(problem: impl Into<String>, help: impl Into<String>) -> BaseUrlError {
    BaseUrlError {
        problem: problem.into(),
        help: help.into(),
    }
}

/// A base URL, ending in exactly one `/`: a path (`/plans/`; `plans` means the same) or
/// a full http(s) URL (`https://example.org/plans/`). An empty text is the root, `/`.
pub fn parse(text: &str) -> Result<String, BaseUrlError> {
    check_characters(text)?;
    if text.split('/').any(|segment| segment == "." || segment == "..") {
        return Err(refuse(
            "has a `.` or `..` folder in its path",
            "write the folder the site is published in, such as /plans/",
        ));
    }
    match scheme(text) {
        Some(scheme) => full_url(text, scheme),
        None if text.starts_with("//") => Err(refuse(
            "names a host but no scheme",
            format!("write the scheme too: https:{text}"),
        )),
        None => path(text),
    }
}

/// Spaces, control characters, a query, a fragment, a backslash, a stray `%`.
fn check_characters(text: &str) -> Result<(), BaseUrlError> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(refuse(
            format!("contains a control character ({})", c.escape_unicode()),
            "write the URL on one line, without control characters",
        ));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(refuse(
            "contains a space",
            "write a space in a URL as %20, or remove it",
        ));
    }
    if let Some(at) = text.find(['?', '#']) {
        let what = if text[at..].starts_with('?') {
            "a query"
        } else {
            "a fragment"
        };
        return Err(refuse(
            format!("has {what} (`{}`)", &text[at..]),
            format!(
                "a base URL is the folder the pages live in: remove everything from `{}`",
                &text[at..at + 1]
            ),
        ));
    }
    if text.contains('\\') {
        return Err(refuse(
            "contains a backslash",
            "separate the folders of a URL with `/`",
        ));
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        let escape = bytes.get(i + 1..i + 3);
        if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
            return Err(refuse(
                "has a `%` that does not start an escape such as %20",
                "write a `%` itself as %25",
            ));
        }
    }
    Ok(())
}

/// The scheme of `text` when it starts with one (`https:`), before any `/`.
fn scheme(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

fn full_url(text: &str, scheme: &str) -> Result<String, BaseUrlError> {
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(refuse(
            format!("has the scheme `{scheme}:`, not http or https"),
            "write a path such as /plans/, or a full URL such as https://example.org/plans/",
        ));
    }
    let after = &text[scheme.len() + 1..];
    let host_given = after
        .strip_prefix("//")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !host_given {
        return Err(refuse(
            "has a scheme but no host",
            format!("write the host after `{scheme}://`, as in {scheme}://example.org/plans/"),
        ));
    }
    let url = Url::parse(text).map_err(|e| {
        refuse(
            format!("is not a valid URL ({e})"),
            "write a full URL such as https://example.org/plans/, or a path such as /plans/",
        )
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "has a user name or password",
            "remove it: the base URL is written into every page, where anyone can read it",
        ));
    }
    Ok(super::normalise_base_url(url.as_str()))
}

fn path(text: &str) -> Result<String, BaseUrlError> {
    // Joined onto a placeholder host only to let the url crate encode the path.
    let placeholder = Url::parse("http://base.invalid/").expect("a valid URL");
    let joined = placeholder
        .join(&format!("/{}", text.trim_start_matches('/')))
        .map_err(|e| {
            refuse(
                format!("is not a valid path ({e})"),
                "write a path such as /plans/",
            )
        })?;
    Ok(super::normalise_base_url(joined.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_and_http_urls() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("/plans", "/plans/"),
            ("plans/", "/plans/"),
            ("/a/b/", "/a/b/"),
            ("/pläne/", "/pl%C3%A4ne/"),
            ("/a%20b/", "/a%20b/"),
            ("https://example.org", "https://example.org/"),
            ("https://example.org/plans", "https://example.org/plans/"),
            ("http://localhost:8080/x/", "http://localhost:8080/x/"),
            ("HTTPS://Example.ORG/Plans/", "https://example.org/Plans/"),
            ("https://[::1]/", "https://[::1]/"),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).as_deref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_would_break_links() {
        let cases = [
            ("/plans/?page=1", "has a query (`?page=1`)"),
            ("https://example.org/#top", "has a fragment (`#top`)"),
            ("/my plans/", "contains a space"),
            (
                "https://example.org/a\nb",
                "contains a control character (\\u{a})",
            ),
            ("/a\u{1b}[2J/", "contains a control character (\\u{1b})"),
            ("https:", "has a scheme but no host"),
            ("https://", "has a scheme but no host"),
            ("https:/plans/", "has a scheme but no host"),
            ("https:///plans/", "has a scheme but no host"),
            ("https:example.org", "has a scheme but no host"),
            (
                "mailto:a@example.org",
                "has the scheme `mailto:`, not http or https",
            ),
            (
                "javascript:alert(1)",
                "has the scheme `javascript:`, not http or https",
            ),
            (
                "localhost:8080/x",
                "has the scheme `localhost:`, not http or https",
            ),
            ("//example.org/plans/", "names a host but no scheme"),
            ("https://user:pw@example.org/", "has a user name or password"),
            ("/a/../b/", "has a `.` or `..` folder in its path"),
            ("\\plans\\", "contains a backslash"),
            ("/100%/", "has a `%` that does not start an escape such as %20"),
        ];
        for (text, want) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.problem, want, "{text:?}");
            assert!(!err.help.is_empty(), "{text:?}");
        }
        let bad_host = parse("https://exa mple.org/").unwrap_err();
        assert_eq!(bad_host.problem, "contains a space");
        let bad_port = parse("https://example.org:99999/").unwrap_err();
        assert!(bad_port.problem.starts_with("is not a valid URL"), "{bad_port:?}");
    }
}
