use super::*;

fn page(html: &str, path: &str) -> String {
    rewrite(html, path, &Urls::new("/"))
}

#[test]
fn rewrites_each_kind_of_link_attribute() {
    let cases = [
        (
            r#"<a href="/plans/b/">b</a>"#,
            r#"<a href="../b/index.html">b</a>"#,
        ),
        (
            r#"<A HREF="/plans/b/">b</A>"#,
            r#"<A HREF="../b/index.html">b</A>"#,
        ),
        (
            r#"<a href='/'>home</a>"#,
            r#"<a href='../../index.html'>home</a>"#,
        ),
        (
            r#"<a href=/states/il/>IL</a>"#,
            r#"<a href=../../states/il/index.html>IL</a>"#,
        ),
        (
            r#"<a href = "/plans/b/#g1">"#,
            r#"<a href = "../b/index.html#g1">"#,
        ),
        (
            r#"<link rel="stylesheet" href="/static/style.css">"#,
            r#"<link rel="stylesheet" href="../../static/style.css">"#,
        ),
        (
            r#"<script src="/static/site.js" defer></script>"#,
            r#"<script src="../../static/site.js" defer></script>"#,
        ),
        (
            r#"<img src="/badges/a.svg" alt="">"#,
            r#"<img src="../../badges/a.svg" alt="">"#,
        ),
        (
            r#"<form action="/search/" method="get">"#,
            r#"<form action="../../search/index.html" method="get">"#,
        ),
        (
            r#"<button formaction="/search/">"#,
            r#"<button formaction="../../search/index.html">"#,
        ),
        (
            r#"<video poster="/static/p.png">"#,
            r#"<video poster="../../static/p.png">"#,
        ),
        (
            r#"<svg><use xlink:href="/static/i.svg#x"/></svg>"#,
            r#"<svg><use xlink:href="../../static/i.svg#x"/></svg>"#,
        ),
        (r#"<img src="/a.png"/>"#, r#"<img src="../../a.png"/>"#),
    ];
    for (html, want) in cases {
        assert_eq!(page(html, "plans/a/"), want, "{html}");
    }
}

#[test]
fn rewrites_every_url_of_a_srcset() {
    let cases = [
        (
            r#"<img srcset="/a.png 1x, /b.png 2x">"#,
            r#"<img srcset="../a.png 1x, ../b.png 2x">"#,
        ),
        (
            r#"<img srcset="/a.png,/b.png">"#,
            r#"<img srcset="../a.png,/b.png">"#,
        ),
        (
            r#"<img srcset="/a.png, https://x.org/b.png 2x">"#,
            r#"<img srcset="../a.png, https://x.org/b.png 2x">"#,
        ),
        (
            r#"<img srcset="  /a.png  480w ,/b.png 800w">"#,
            r#"<img srcset="  ../a.png  480w ,../b.png 800w">"#,
        ),
        (r#"<img srcset="a.png 1x">"#, r#"<img srcset="a.png 1x">"#),
        (r#"<img srcset="">"#, r#"<img srcset="">"#),
    ];
    for (html, want) in cases {
        assert_eq!(page(html, "about/"), want, "{html}");
    }
}

#[test]
fn data_attributes_holding_a_site_url_keep_folders_as_folders() {
    let html = r#"<form data-search-index="/search/index.json" data-search-base="/" data-sort="/ a title" data-label="Who" data-x="/plans/">"#;
    assert_eq!(
        page(html, "search/"),
        r#"<form data-search-index="index.json" data-search-base="../" data-sort="/ a title" data-label="Who" data-x="../plans/">"#
    );
}

#[test]
fn leaves_other_links_and_text_alone() {
    let cases = [
        r#"<a href="https://example.org/">x</a>"#,
        r#"<a href="mailto:a@example.org">x</a>"#,
        r#"<a href="//cdn.example.org/x.js">x</a>"#,
        r##"<a href="#main">skip</a>"##,
        r#"<a href="../x/">x</a>"#,
        r#"<a title="/plans/b/" class="/x">x</a>"#,
        "<p>href=\"/plans/b/\" in text, a < b and <b>/plans/</b></p>",
        "<pre><code>&lt;a href=\"/x/\"&gt;</code></pre>",
        "<!-- <a href=\"/x/\"> -->",
        "<!DOCTYPE html><html lang=\"en\">",
        "<script>var a = '<a href=\"/x/\">';</script>",
        "<style>a[href=\"/x/\"] { color: red }</style>",
        "<textarea><a href=\"/x/\"></textarea>",
        "<title>Plans <a href=\"/x/\"></title>",
        "",
        "<",
        "<a href",
        "<a href=",
        "<a =\"/x/\">",
        "<script>never closed <a href=\"/x/\">",
    ];
    for html in cases {
        assert_eq!(page(html, "plans/a/"), html, "{html}");
    }
}

#[test]
fn an_unclosed_tag_still_has_its_link_rewritten() {
    assert_eq!(page("<a href=\"/x", "plans/a/"), "<a href=\"../../x");
    assert_eq!(
        page("<a href=\"/x/\"", "plans/a/"),
        "<a href=\"../../x/index.html\""
    );
    assert_eq!(page("<a href=/x/", "plans/a/"), "<a href=../../x/index.html");
}

#[test]
fn a_link_after_raw_text_is_rewritten() {
    let html = "<script>if (a<b) {}</script><style>p{}</STYLE><a href=\"/\">h</a>";
    assert_eq!(
        page(html, "about/"),
        "<script>if (a<b) {}</script><style>p{}</STYLE><a href=\"../index.html\">h</a>"
    );
}

#[test]
fn text_outside_tags_is_kept_byte_for_byte() {
    let html = "<p>Café — “quoted” 日本 <a href=\"/caf%C3%A9/\">café</a></p>\n";
    assert_eq!(
        page(html, ""),
        "<p>Café — “quoted” 日本 <a href=\"caf%C3%A9/index.html\">café</a></p>\n"
    );
}

#[test]
fn links_under_a_sub_path_lose_it() {
    let html = r#"<a href="/ec/plans/b/">b</a><a href="/elsewhere/">e</a><script src="/__planpress/live.js"></script>"#;
    assert_eq!(
        rewrite(html, "plans/a/", &Urls::new("https://example.org/ec/")),
        r#"<a href="../b/index.html">b</a><a href="/elsewhere/">e</a><script src="/__planpress/live.js"></script>"#
    );
}

#[test]
fn attribute_names_that_are_not_ascii_are_read_without_panicking() {
    let html = "<a datéx=\"/x/\" daéé=\"/y/\" data-é=\"/z/\">";
    assert_eq!(page(html, ""), "<a datéx=\"/x/\" daéé=\"/y/\" data-é=\"z/\">");
}

proptest::proptest! {
    /// Any text, markup or not, is read to its end without panicking, and text with no
    /// `/` in it has no link to rewrite.
    #[test]
    fn any_text_is_rewritten_without_panicking(
        html in "(<|>|/|\"|'|=|-|!|\\?| |href|src|srcset|data-x|script|style|<!--|-->|a|d|é|日|,|#)*",
        page in "(plans/|x/|page/3/|404.html)*",
    ) {
        let out = rewrite(&html, &page, &Urls::new("/"));
        if !html.contains('/') {
            proptest::prop_assert_eq!(out, html);
        }
    }
}
