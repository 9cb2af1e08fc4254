//! `relative_urls: true`: a rendered page's links to the site, made relative to the page so
//! the site works opened from a folder (`file://`, a zip, a USB stick) and wherever it is
//! copied. In: a page's HTML and its output path. Out: the same HTML with the value of each
//! link attribute that points into the site rewritten by [`Urls::relative`]; every other
//! byte is kept.
//!
//! The page is rewritten once rendered, as Hugo's `relativeURLs` does, rather than each link
//! made relative where it is made: the templates of a site or a theme join `site.base` to
//! paths of their own, compare URLs to mark the current page, and keep working unchanged.
//!
//! Steps: walk the tags (skipping comments, declarations, and the text of `script`,
//! `style`, `textarea` and `title`, which holds no tags); in each tag, read the attributes;
//! rewrite `href`, `src`, `action` and the other link attributes, each URL of `srcset`, and
//! `data-*` values that are one of the site's URLs (folders kept as folders: scripts join
//! paths onto them).

use crate::site::urls::{Folders, Urls};

/// Attributes whose value is one link a reader follows or a page loads.
const LINKS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "xlink:href",
];

/// Attributes whose value is a list of `URL descriptor` candidates.
const SRCSETS: &[&str] = &["srcset", "imagesrcset"];

/// Elements whose text is not markup: a `<` inside them opens no tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// `html`, the page written to output path `page` (`plans/x/`), with its links to the site
/// relative to it.
pub fn rewrite(html: &str, page: &str, urls: &Urls) -> String {
    let mut r = Rewriter {
        html,
        page,
        urls,
        out: String::with_capacity(html.len() + html.len() / 8),
        copied: 0,
    };
    let mut at = 0;
    while let Some(lt) = html[at..].find('<') {
        at = r.markup(at + lt);
    }
    r.out.push_str(&html[r.copied..]);
    r.out
}

struct Rewriter<'a> {
    html: &'a str,
    page: &'a str,
    urls: &'a Urls,
    out: String,
    /// `html[..copied]` is in `out` already.
    copied: usize,
}

impl Rewriter<'_> {
    /// Reads the markup that starts with the `<` at `lt`; returns where reading goes on.
    fn markup(&mut self, lt: usize) -> usize {
        let html = self.html;
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            return rest.find("-->").map_or(html.len(), |i| lt + i + 3);
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            return rest.find('>').map_or(html.len(), |i| lt + i + 1);
        }
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ':')
            .unwrap_or(rest.len() - 1);
        if name_len == 0 {
            // A `<` in text, as in `a < b`.
            return lt + 1;
        }
        let name = &rest[1..1 + name_len];
        let end = self.attributes(lt + 1 + name_len);
        match RAW_TEXT.iter().find(|raw| name.eq_ignore_ascii_case(raw)) {
            Some(raw) => closing_tag(html, end, raw),
            None => end,
        }
    }

    /// Reads the attributes from `at` to the tag's `>`, rewriting links; returns the index
    /// after the `>`.
    fn attributes(&mut self, mut at: usize) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                at += 1;
            }
            if at >= bytes.len() {
                return at;
            }
            if bytes[at] == b'>' {
                return at + 1;
            }
            let name_start = at;
            while at < bytes.len()
                && !matches!(bytes[at], b'=' | b'>' | b'/')
                && !bytes[at].is_ascii_whitespace()
            {
                at += 1;
            }
            let name = &html[name_start..at];
            let after_name = skip_space(bytes, at);
            if bytes.get(after_name) != Some(&b'=') {
                at = after_name;
                continue;
            }
            let (value, next) = attribute_value(html, skip_space(bytes, after_name + 1));
            if let Some(new) = self.rewritten(name, &html[value.clone()]) {
                self.out.push_str(&html[self.copied..value.start]);
                self.out.push_str(&new);
                self.copied = value.end;
            }
            at = next;
        }
    }

    /// The new value of attribute `name`, or None to keep `value`.
    fn rewritten(&self, name: &str, value: &str) -> Option<String> {
        let is = |list: &[&str]| list.iter().any(|n| name.eq_ignore_ascii_case(n));
        if is(LINKS) {
            self.urls.relative(self.page, value, Folders::IndexFile)
        } else if is(SRCSETS) {
            self.srcset(value)
        } else if name.len() > 5 && name.as_bytes()[..5].eq_ignore_ascii_case(b"data-") {
            // A `data-*` value holding a space is text (a label, a sort key), not a URL.
            if value.contains(|c: char| c.is_ascii_whitespace()) {
                return None;
            }
            self.urls.relative(self.page, value, Folders::Folder)
        } else {
            None
        }
    }

    /// A `srcset` (`/a.png 1x, /b.png 2x`) with each URL rewritten; None when none was.
    fn srcset(&self, value: &str) -> Option<String> {
        let mut out = String::with_capacity(value.len() + 16);
        let mut changed = false;
        let mut rest = value;
        while !rest.is_empty() {
            let start = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',')
                    .len();
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let url_len = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
            // A comma that ends the URL separates candidates.
            let url = rest[..url_len].trim_end_matches(',');
            match self.urls.relative(self.page, url, Folders::IndexFile) {
                Some(new) => {
                    out.push_str(&new);
                    changed = true;
                }
                None => out.push_str(url),
            }
            rest = &rest[url.len()..];
            let descriptor = rest.find(',').unwrap_or(rest.len());
            out.push_str(&rest[..descriptor]);
            rest = &rest[descriptor..];
        }
        changed.then_some(out)
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// The byte range of the attribute value starting at `at` (inside its quotes, if any), and
/// the index after it.
fn attribute_value(html: &str, at: usize) -> (std::ops::Range<usize>, usize) {
    let bytes = html.as_bytes();
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let start = at + 1;
            match html[start..].find(quote as char) {
                Some(len) => (start..start + len, start + len + 1),
                None => (start..html.len(), html.len()),
            }
        }
        _ => {
            let len = html[at..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(html.len() - at);
            (at..at + len, at + len)
        }
    }
}

/// The index of the `</name` that closes a raw-text element whose text starts at `from`
/// (the end of the page when it is never closed).
fn closing_tag(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html[at..].find("</") {
        let tag = at + i + 2;
        if bytes.len() >= tag + name.len()
            && bytes[tag..tag + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return at + i;
        }
        at = tag;
    }
    html.len()
}

#[cfg(test)]
mod tests;
