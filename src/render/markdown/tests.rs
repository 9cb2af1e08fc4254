use super::highlight::contrast;
use super::*;
use syntect::highlighting::Color;

pub(super) fn resolve(path: &str) -> Option<String> {
    let (file, fragment) = path.split_once('#').map_or((path, None), |(f, a)| (f, Some(a)));
    let url = format!("/{}/", file.strip_suffix(".md")?);
    (!file.starts_with("missing")).then(|| fragment.map_or(url.clone(), |a| format!("{url}#{a}")))
}

fn render_with(markdown: &str, unsafe_html: bool, heading_shift: u8) -> Rendered {
    let options = MarkdownOptions {
        unsafe_html,
        resolve: &resolve,
        heading_shift,
        highlights: &Highlights::default(),
    };
    render(markdown, &options, &mut IdSet::default())
}

fn html(markdown: &str) -> String {
    render_with(markdown, false, 0).html
}

#[test]
fn headings_get_ids_and_fill_the_toc() {
    let out = render_with("# Theory of *action*\n\n## Goals `now`\n", false, 0);
    assert!(
        out.html
            .contains(r#"<h1 id="theory-of-action">Theory of <em>action</em></h1>"#)
    );
    assert!(
        out.html
            .contains(r#"<h2 id="goals-now">Goals <code>now</code></h2>"#)
    );
    let toc = [
        (1, "Theory of action", "theory-of-action"),
        (2, "Goals now", "goals-now"),
    ]
    .map(|(level, text, id)| TocEntry {
        level,
        text: text.into(),
        id: id.into(),
    });
    assert_eq!(out.toc, toc);
}

#[test]
fn duplicate_headings_and_reserved_ids_get_numbered() {
    let options = MarkdownOptions {
        unsafe_html: false,
        resolve: &resolve,
        heading_shift: 0,
        highlights: &Highlights::default(),
    };
    let mut ids = IdSet::with_reserved(["goals"]);
    let out = render(
        "## Goals\n## Goals\n## Custom {#mine}\n## Other {#mine}\n",
        &options,
        &mut ids,
    );
    let ids: Vec<_> = out.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["goals-1", "goals-2", "mine", "mine-1"]);
    assert!(out.html.contains(r#"<h2 id="mine-1">Other</h2>"#));
}

#[test]
fn heading_ids_equal_what_check_computes() {
    let documents = [
        "# A\n# A\n## a\n### A {#a}\n",
        "# Custom {#goals}\n## Goals\n# Goals {#goals}\n",
        "# With `code` and *emphasis* and **strong**\n## ~~Struck~~ [link](x.md)\n",
        "Setext\nover two lines\n===\n\n# <b>inline</b> html\n# Entities &amp; &copy;\n#\n# {#}\n",
        "# Ünïcödé héading\n> # Quoted\n- # In a list\n",
    ];
    for markdown in documents {
        let reserved = anchors::PLAN_SECTIONS.iter().copied();
        // The toc leaves out headings without text; they keep their ids, and the ids after
        // them are the same.
        let checked: Vec<_> = anchors::headings(markdown, &mut IdSet::with_reserved(reserved.clone()))
            .into_iter()
            .filter(|h| !h.text.is_empty())
            .map(|h| (h.level, h.text, h.id))
            .collect();
        for unsafe_html in [false, true] {
            let options = MarkdownOptions {
                unsafe_html,
                resolve: &resolve,
                heading_shift: 1,
                highlights: &Highlights::default(),
            };
            let out = render(markdown, &options, &mut IdSet::with_reserved(reserved.clone()));
            let rendered: Vec<_> = out.toc.into_iter().map(|t| (t.level, t.text, t.id)).collect();
            assert_eq!(rendered, checked, "{markdown:?}");
        }
    }
}

/// An empty heading made an empty link in "On this page" (axe `link-name`).
#[test]
fn headings_without_text_keep_their_id_but_stay_out_of_the_toc() {
    let out = render_with(
        "## \n\n#\n\n## Real\n\n## ![](x.png)\n\n## {#own}\n\n## `  `\n",
        false,
        0,
    );
    let toc: Vec<_> = out.toc.iter().map(|t| (t.text.as_str(), t.id.as_str())).collect();
    assert_eq!(toc, [("Real", "real")]);
    let want = concat!(
        "<h2 id=\"section\"></h2>\n",
        "<h1 id=\"section-1\"></h1>\n",
        "<h2 id=\"real\">Real</h2>\n",
        "<h2 id=\"section-2\"><img src=\"x.png\" alt=\"\" /></h2>\n",
        "<h2 id=\"own\"></h2>\n",
        "<h2 id=\"section-3\"><code>  </code></h2>\n",
    );
    assert_eq!(out.html, want);
}

#[test]
fn heading_levels_shift_and_clamp_at_h6() {
    let out = render_with("# One\n\n#### Four\n\n###### Six\n", false, 2);
    assert!(out.html.contains(r#"<h3 id="one">One</h3>"#));
    assert!(out.html.contains(r#"<h6 id="four">Four</h6>"#));
    assert!(out.html.contains(r#"<h6 id="six">Six</h6>"#));
    let levels: Vec<_> = out.toc.iter().map(|t| t.level).collect();
    assert_eq!(levels, [1, 4, 6]);
}

#[test]
fn heading_attributes_dropped_unless_unsafe_html() {
    let markdown = "# Hi {.note onclick=alert(1)}\n";
    assert!(html(markdown).contains(r#"<h1 id="hi" class="note">Hi</h1>"#));
    assert!(
        render_with(markdown, true, 0)
            .html
            .contains(r#"onclick="alert(1)""#)
    );
}

#[test]
fn internal_link_resolved() {
    let out = html("See [the plan](@/il/plan.md#goals \"Goals\") and [web](https://x.org).");
    assert!(
        out.contains(r#"<a href="/il/plan/#goals" title="Goals">the plan</a>"#),
        "{out}"
    );
    assert!(out.contains(r#"<a href="https://x.org">web</a>"#));
}

#[test]
fn unresolved_internal_link_is_a_span() {
    let out = html("See [the *plan*](@/missing.md#x).");
    assert_eq!(
        out,
        "<p>See <span class=\"broken-link\">the <em>plan</em></span>.</p>\n"
    );
    let image = html("![alt [gone](@/missing.md) text](a.png)");
    assert_eq!(image, "<p><img src=\"a.png\" alt=\"alt gone text\" /></p>\n");
}

#[test]
fn dangerous_schemes_become_hash() {
    let cases = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](java&#10;script:alert(1))",
        "[x](<\u{1}javascript:alert(1)>)",
        "[x](< javascript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;ava&#x09;script&colon;alert(1))",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](data:image/png;base64,iVBOR)",
        "[x](file:///etc/passwd)",
        "[x]: javascript:alert(1)\n\n[x]",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "![x](data:text/html,hi)",
        "![x](FILE:///c:/x.png)",
    ];
    for markdown in cases {
        let out = html(markdown);
        let urls = out.matches("href=\"").count() + out.matches("src=\"").count();
        let defused = out.matches(r##"href="#""##).count() + out.matches(r##"src="#""##).count();
        assert!(urls == 1 && defused == 1, "{markdown:?} -> {out}");
    }
}

#[test]
fn safe_urls_pass_unchanged() {
    let cases = [
        ("[x](https://example.org/a:b)", "https://example.org/a:b"),
        ("[x](http://example.org)", "http://example.org"),
        ("[x](mailto:a@b.org)", "mailto:a@b.org"),
        ("[x](tel:+15550100)", "tel:+15550100"),
        ("[x](#goals)", "#goals"),
        ("[x](../plans/x.html)", "../plans/x.html"),
        ("[x](a/javascript:b)", "a/javascript:b"),
        ("[x](?q=javascript:b)", "?q=javascript:b"),
        ("![x](data:image/png;base64,iVBOR)", "data:image/png;base64,iVBOR"),
        ("![x](data:image/webp,abc)", "data:image/webp,abc"),
    ];
    for (markdown, url) in cases {
        let out = html(markdown);
        assert!(out.contains(&format!("=\"{url}\"")), "{markdown:?} -> {out}");
    }
}

#[test]
fn raw_html_escaped_by_default() {
    let out = html("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>!\n");
    assert_eq!(
        out,
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n<p>Hi &lt;img src=x onerror=alert(1)&gt;!</p>\n"
    );
}

#[test]
fn raw_html_passes_when_opted_in() {
    let out = render_with("<div class=\"note\">\n\nHi <b>there</b>\n\n</div>\n", true, 0).html;
    assert_eq!(out, "<div class=\"note\">\n<p>Hi <b>there</b></p>\n</div>\n");
}

#[test]
fn code_with_a_known_language_highlighted_with_classes() {
    let out = render_with("```rust,ignore\nfn main() { let x = \"<&>\"; }\n```\n", false, 0);
    assert!(out.has_code);
    assert!(
        out.html
            .starts_with(r#"<pre class="code" data-lang="rust"><code><span class=""#)
    );
    assert!(out.html.contains("&lt;&amp;&gt;"), "{}", out.html);
    assert!(out.html.ends_with("</code></pre>\n"));
}

#[test]
fn a_repeated_code_block_is_highlighted_once_with_the_same_html() {
    let highlights = Highlights::default();
    let render_code = |markdown: &str| {
        let options = MarkdownOptions {
            unsafe_html: false,
            resolve: &resolve,
            heading_shift: 0,
            highlights: &highlights,
        };
        render(markdown, &options, &mut IdSet::default())
    };
    let markdown = "```yaml\nkey: <value>\n```\n\n```sql\nSELECT 1;\n```\n\n```nosuchlang\nx\n```\n";
    let first = render_code(markdown);
    let again = render_code(markdown);
    assert_eq!(first, again);
    assert_eq!(
        first,
        render_with(markdown, false, 0),
        "a fresh cache gives the same page"
    );
    assert!(first.has_code);
    let cached: usize = highlights
        .blocks
        .lock()
        .unwrap()
        .values()
        .map(|codes| codes.len())
        .sum();
    assert_eq!(cached, 3, "one entry per distinct block");
    // The same code in another language, or other code in the same language, is its own block.
    let other = render_code("```json\nkey: <value>\n```\n\n```yaml\nkey: other\n```\n");
    assert!(other.html.contains(r#"data-lang="json""#), "{}", other.html);
    assert!(other.html.contains("other"), "{}", other.html);
}

#[test]
fn unknown_language_and_indented_code_are_plain() {
    let unknown = render_with("```nosuchlang\n<b>\n```\n", false, 0);
    assert_eq!(
        unknown.html,
        "<pre><code class=\"language-nosuchlang\">&lt;b&gt;\n</code></pre>\n"
    );
    assert!(!unknown.has_code);
    assert_eq!(html("    <b>\n"), "<pre><code>&lt;b&gt;\n</code></pre>\n");
    assert_eq!(html("```\n<b>\n```\n"), "<pre><code>&lt;b&gt;\n</code></pre>\n");
}

/// An unknown language lost its class, so a theme could not style the block.
#[test]
fn unknown_language_keeps_its_class_with_only_safe_characters() {
    let cases = [
        ("```mermaid\nx\n```\n", r#"<pre><code class="language-mermaid">x"#),
        (
            "```Foo++ startline=3\nx\n```\n",
            r#"<pre><code class="language-Foo++">x"#,
        ),
        (
            "```vb.net,ignore\nx\n```\n",
            r#"<pre><code class="language-vb.net">x"#,
        ),
        (
            "```my_lang-2\nx\n```\n",
            r#"<pre><code class="language-my_lang-2">x"#,
        ),
        (
            "```a\"onclick=\"x\nx\n```\n",
            r#"<pre><code class="language-aonclickx">x"#,
        ),
        (
            "```<script>&amp;\nx\n```\n",
            r#"<pre><code class="language-script">x"#,
        ),
        ("```日本語\nx\n```\n", "<pre><code>x"),
        ("```\"'<>\nx\n```\n", "<pre><code>x"),
    ];
    for (markdown, want) in cases {
        for unsafe_html in [false, true] {
            let out = render_with(markdown, unsafe_html, 0);
            assert!(out.html.starts_with(want), "{markdown:?}: {}", out.html);
            assert!(!out.has_code, "{markdown:?}");
        }
    }
}

#[test]
fn has_code_false_for_a_page_without_fences() {
    let out = render_with("# Plan\n\nText with `inline code`.\n\n    indented\n", false, 0);
    assert!(!out.has_code);
}

#[test]
fn tables_wrapped_in_a_focusable_scroll_region() {
    let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
    let open = r#"<div class="table-wrap" role="region" tabindex="0" aria-label="Table">"#;
    assert!(out.starts_with(&format!("{open}\n<table><thead>")), "{out}");
    assert!(out.ends_with("</tbody></table>\n</div>\n"), "{out}");
}

#[test]
fn task_list_checkboxes_disabled_and_labelled() {
    let out = html("- [x] done thing\n- [ ] open thing\n");
    let done = r#"<li><input type="checkbox" disabled="" checked="" aria-label="done"/>"#;
    assert!(out.contains(done), "{out}");
    let open = r#"<li><input type="checkbox" disabled="" aria-label="not done"/>"#;
    assert!(out.contains(open), "{out}");
}

#[test]
fn footnotes_and_strikethrough_rendered() {
    let out = html("A claim[^1] ~~withdrawn~~.\n\n[^1]: The source.\n");
    assert!(
        out.contains(r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##),
        "{out}"
    );
    assert!(
        out.contains(r#"<div class="footnote-definition" id="1">"#),
        "{out}"
    );
    assert!(out.contains("<del>withdrawn</del>"), "{out}");
}

/// The CommonMark spec's examples, or None when the data file is not there.
pub(super) fn spec_examples() -> Option<Vec<(u64, String, String)>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/commonmark-spec.json");
    let text = std::fs::read_to_string(path).ok()?;
    let examples: Vec<serde_json::Value> = serde_json::from_str(&text).expect("commonmark-spec.json");
    let field = |e: &serde_json::Value, k: &str| e[k].as_str().unwrap_or_default().to_string();
    let examples = examples.iter().map(|e| {
        (
            e["example"].as_u64().unwrap_or(0),
            field(e, "markdown"),
            field(e, "html"),
        )
    });
    Some(examples.collect())
}

/// Examples where pulldown-cmark 0.13 itself differs from the spec, by whitespace only:
/// 175 (`- <div>` puts no newline between `<li>` and the HTML block).
const SPEC_EXCEPTIONS: &[u64] = &[175];

#[test]
fn commonmark_spec_examples_render_as_the_spec_says() {
    let Some(examples) = spec_examples() else { return };
    let mut failures = Vec::new();
    for (number, markdown, want) in examples {
        // pulldown-cmark leaves `"` unescaped in text, which is the same HTML.
        let got = render_with(&markdown, true, 0).html.replace("&quot;", "\"");
        let want = want.replace("&quot;", "\"");
        // Headings get ids, links are rewritten, and code with a language is highlighted
        // or loses its class: those differ by design.
        let by_design = [
            "<h1",
            "<h2",
            "<h3",
            "<h4",
            "<h5",
            "<h6",
            "<a ",
            "class=\"language-",
        ];
        let differs_by_design = by_design.iter().any(|s| want.contains(s));
        if !differs_by_design && !SPEC_EXCEPTIONS.contains(&number) && got != want {
            failures.push(format!(
                "example {number}: {markdown:?}\n got {got:?}\nwant {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Attribute names in the tags of some HTML, quoted values left out.
fn attribute_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in html
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag))
    {
        let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        let words = unquoted.split_whitespace().skip(1);
        names.extend(words.filter_map(|w| w.split_once('=').map(|(name, _)| name.to_ascii_lowercase())));
    }
    names
}

#[test]
fn raw_html_never_yields_script_or_event_handlers_by_default() {
    let Some(examples) = spec_examples() else { return };
    let extra = [
        "<SCRIPT>x</SCRIPT>",
        "a <img src=x onerror=alert(1)> b",
        "# h {onclick=x}",
        "<svg/onload=x>",
    ];
    // The check itself finds a handler when raw HTML is let through.
    assert!(attribute_names(&render_with(extra[1], true, 0).html).contains(&"onerror".to_string()));
    let markdowns = examples
        .into_iter()
        .map(|(_, markdown, _)| markdown)
        .chain(extra.map(String::from));
    for markdown in markdowns {
        let out = html(&markdown);
        assert!(
            !out.to_ascii_lowercase().contains("<script"),
            "{markdown:?} -> {out}"
        );
        let handlers: Vec<_> = attribute_names(&out)
            .into_iter()
            .filter(|n| n.starts_with("on"))
            .collect();
        assert!(handlers.is_empty(), "{markdown:?} -> {out}");
    }
}

#[test]
fn highlight_css_file_matches_highlight_css() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/highlight.css");
    // `PLANPRESS_BLESS=1 cargo test` rewrites the file after a deliberate change.
    if std::env::var_os("PLANPRESS_BLESS").is_some() {
        std::fs::write(path, highlight_css()).expect("write highlight.css");
    }
    let committed = std::fs::read_to_string(path).expect("themes/default/static/highlight.css");
    assert!(
        committed == highlight_css(),
        "{path} is stale: rerun with PLANPRESS_BLESS=1"
    );
}

#[test]
fn highlight_css_colours_reach_aa_contrast_on_white() {
    let css = highlight_css();
    let white = Color::WHITE;
    assert!((contrast(Color::BLACK, white) - 21.0).abs() < 1e-9);
    let comment_grey = Color {
        r: 0x96,
        g: 0x98,
        b: 0x96,
        a: 255,
    }; // the theme's own, too light
    assert!(contrast(comment_grey, white) < 3.0);
    let colours: Vec<_> = css.split(" color: #").skip(1).map(|rest| &rest[..6]).collect();
    assert!(colours.len() > 20, "{css}");
    for hex in colours {
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour");
        let colour = Color {
            r: channel(0),
            g: channel(2),
            b: channel(4),
            a: 255,
        };
        assert!(contrast(colour, white) >= 4.5, "#{hex}");
    }
    assert!(css.contains(".code {") && css.contains(".comment {"));
}
