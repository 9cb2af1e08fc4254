//! The fused stages against the chain of adapters they replaced ([`super::chained`]): the
//! same HTML, toc, ids and code flag on tricky Markdown, in every mode a page renders in.

use super::chained::{self, render_chained};
use super::tests::{resolve, spec_examples};
use super::*;
use proptest::prelude::*;

/// Markdown that exercises every stage, and the stages together: headings with attributes,
/// markup and links; broken and resolved `@/` links inside images and headings; raw HTML
/// where headings, links and tables see it; code, tables and task lists in containers.
const TRICKY: &[&str] = &[
    "# Title {#custom .note data-x=1 onclick=alert(1)}\n## Title\n## Title {#}\n# title\n",
    "# A [link](@/il/plan.md#goals) and [gone](@/missing.md) `code` <b>x</b> &amp;\n",
    "Setext *em*\n===\n\nSub `c`\n---\n\n#\n\n# \\# escaped {#main}\n",
    "![alt [gone](@/missing.md) [ok](@/a.md) ![inner](javascript:x)](data:image/png;x)\n",
    "[outer ![img](a.png) [gone](@/missing.md)](@/missing.md) [ok](@/b.md \"T\")\n",
    "[x](<java\tscript:1>) [y](JAVASCRIPT:1) [z](data:image/gif,1) ![w](data:image/gif,1)\n",
    "[r]: @/il/plan.md#a\n[s]: @/missing.md\n[t]: vbscript:x\n\n[r] [s] [t] [u][r] <@/auto.md>\n",
    "<div>\n# not a heading\n</div>\n\n<script>x</script>\n\nHi <i>in</i>line <!-- c -->\n",
    "| a | b |\n|:--|--:|\n| [l](@/x.md) | <b> |\n\n> | q |\n> |---|\n> | 1 |\n",
    "- [x] done\n- [ ] open\n  - [X] nested\n\n1. [ ] ordered\n",
    "```rust\nfn main() {}\n```\n\n```\nplain <b>\n```\n\n~~~nosuch x\n<&>\n~~~\n\n    indented\n",
    "> ```yaml\n> a: 1\n> ```\n- ```sql\n  SELECT 1;\n  ```\n",
    "Note[^1] ~~gone~~.\n\n[^1]: With [a link](@/missing.md) and\n    # a heading\n",
    "# Ünïcödé ✓ héading\n# 1.2 — Steps\n# goals\n# goals-1\n",
];

/// Renders with both and asserts they agree, for each mode a page may use.
fn assert_same(markdown: &str) {
    for unsafe_html in [false, true] {
        for heading_shift in [0, 1, 5] {
            let highlights = Highlights::default();
            let options = MarkdownOptions {
                unsafe_html,
                resolve: &resolve,
                heading_shift,
                highlights: &highlights,
            };
            let reserved = || IdSet::with_reserved(anchors::PLAN_SECTIONS.iter().copied());
            let fused = render(markdown, &options, &mut reserved());
            let old = render_chained(markdown, &options, &mut reserved());
            assert_eq!(
                fused, old,
                "{markdown:?} unsafe_html={unsafe_html} shift={heading_shift}"
            );
        }
    }
}

#[test]
fn fused_stages_render_tricky_markdown_as_the_chain_did() {
    for markdown in TRICKY {
        assert_same(markdown);
    }
    assert_same(&TRICKY.concat());
}

#[test]
fn fused_stages_render_the_example_site_as_the_chain_did() {
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(content) {
        let path = entry.expect("walk content/").into_path();
        if path.extension().is_some_and(|e| e == "md") {
            assert_same(&std::fs::read_to_string(&path).expect("read content/ page"));
            pages += 1;
        }
    }
    assert!(pages > 10, "{pages} pages under {content}");
}

#[test]
fn fused_stages_render_the_commonmark_spec_as_the_chain_did() {
    let Some(examples) = spec_examples() else { return };
    for (_, markdown, _) in examples {
        assert_same(&markdown);
    }
}

#[test]
fn url_check_agrees_with_the_allocating_one() {
    let urls = [
        "",
        ":",
        "a:",
        "javascript:",
        "javascript",
        "JavaScript:x",
        "java\u{0}script:x",
        "java script:x",
        "javascripts:x",
        "xjavascript:x",
        "data:image/png;x",
        "data:image/png",
        "data: image/PNG ,x",
        "data:image/svg+xml;x",
        "DATA:IMAGE/WEBP,x",
        "file:",
        "fi\nle:/",
        "vbscript:",
        "/javascript:x",
        "?javascript:x",
        "#javascript:x",
        "ja\u{2028}vascript:x",
        "ſcript:x",
        "javascript\u{85}:x",
        "ｊavascript:x",
        "https://x.org/a:b",
    ];
    for url in urls {
        for image in [false, true] {
            assert_eq!(
                is_safe_url(url, image),
                chained::is_safe_url(url, image),
                "{url:?} {image}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn url_check_agrees_on_any_url(url in "[a-zA-Z: \t\n\u{0}\u{85}/?#;,.+ſ-]{0,16}", image: bool) {
        prop_assert_eq!(is_safe_url(&url, image), chained::is_safe_url(&url, image));
    }

    #[test]
    fn fused_stages_agree_on_any_markdown(
        markdown in "([#]{1,3} |[*_`|>~!\\[\\](){}<>:=.#-]|@/|- \\[x\\] |\n|```|a|b|x|  |&amp;){0,40}"
    ) {
        assert_same(&markdown);
    }
}
