//! The renderer as it was before its stages were fused into one iterator: five iterator
//! adapters in a chain. Kept, for tests only, as the reference the fused stages must match
//! event for event.

use super::highlight::{block_html, code_text, language};
use super::{Highlights, MarkdownOptions, Rendered, TocEntry, hold_heading, shifted};
use crate::model::anchors::{self, IdSet};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::VecDeque;

pub fn render_chained(markdown: &str, options: &MarkdownOptions, ids: &mut IdSet<'_>) -> Rendered {
    let mut toc = Vec::new();
    let mut has_code = false;
    let events = Parser::new_ext(markdown, anchors::options());
    // Headings come first: they must see the parser's own events, as `anchors::headings`
    // does, before raw inline HTML is turned into text that would change their ids.
    let events = HeadingIds {
        inner: events,
        ids,
        toc: &mut toc,
        shift: options.heading_shift,
        keep_attributes: options.unsafe_html,
        pending: VecDeque::new(),
    };
    let events = events.map(|event| {
        if options.unsafe_html {
            event
        } else {
            escape_raw_html(event)
        }
    });
    let events = Links {
        inner: events,
        resolve: options.resolve,
        broken: Vec::new(),
        image_depth: 0,
    };
    let events = CodeBlocks {
        inner: events,
        has_code: &mut has_code,
        highlights: options.highlights,
    };
    let events = Accessible {
        inner: events,
        pending: None,
    };
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered { html, toc, has_code }
}

/// Gives each heading its unique id, records it in the toc and shifts its level. A heading's
/// text is only known at its end, so its events are held back until then.
struct HeadingIds<'a, 'r, 'i, I> {
    inner: I,
    ids: &'r mut IdSet<'i>,
    toc: &'r mut Vec<TocEntry>,
    shift: u8,
    /// Custom `{key=value}` attributes could carry `onclick=...`: kept only when raw HTML is.
    keep_attributes: bool,
    pending: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HeadingIds<'a, '_, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        match self.inner.next()? {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = TagEnd::Heading(shifted(level, self.shift));
                let text = hold_heading(self.inner.by_ref(), &mut self.pending, end);
                let id = anchors::heading_id(id.as_deref(), &text, self.ids);
                super::push_toc_entry(self.toc, level, &text, &id);
                let attrs = if self.keep_attributes { attrs } else { Vec::new() };
                let level = shifted(level, self.shift);
                Some(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }))
            }
            event => Some(event),
        }
    }
}

/// Raw HTML shown as text. A block of it becomes a paragraph, so it reads as one.
fn escape_raw_html(event: Event) -> Event {
    match event {
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        event => event,
    }
}

/// Resolves `@/` links and defuses dangerous link and image URLs.
struct Links<'r, I> {
    inner: I,
    resolve: &'r dyn Fn(&str) -> Option<String>,
    /// For each open link, whether it was broken (and so opened a span, not an `<a>`).
    broken: Vec<bool>,
    /// Inside an image's alt text the writer prints only text: no span there.
    image_depth: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Links<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        Some(match self.inner.next()? {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match dest_url.strip_prefix("@/") {
                    Some(path) => (self.resolve)(path).map(CowStr::from),
                    None => Some(safe_url(dest_url, false)),
                };
                self.broken.push(dest_url.is_none());
                match dest_url {
                    Some(dest_url) => Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    None if self.image_depth > 0 => Event::Text("".into()),
                    None => Event::InlineHtml(r#"<span class="broken-link">"#.into()),
                }
            }
            Event::End(TagEnd::Link) => match self.broken.pop() {
                Some(true) if self.image_depth > 0 => Event::Text("".into()),
                Some(true) => Event::InlineHtml("</span>".into()),
                _ => Event::End(TagEnd::Link),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_depth += 1;
                let dest_url = safe_url(dest_url, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                Event::End(TagEnd::Image)
            }
            event => event,
        })
    }
}

/// The URL, or `#` when its scheme could run script or reach the reader's files.
fn safe_url(url: CowStr, image: bool) -> CowStr {
    if is_safe_url(&url, image) { url } else { "#".into() }
}

/// Browsers drop tabs and newlines anywhere in a URL and ignore case in its scheme, so
/// `java\tscript:` and `JaVaScRiPt:` run script too; compare with those removed. (Entities
/// such as `&#106;` are already decoded by the parser.)
pub(super) fn is_safe_url(url: &str, image: bool) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return true;
    };
    // A colon after a `/`, `?` or `#` is in a relative path, query or fragment, not a scheme.
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    match scheme {
        "javascript" | "vbscript" | "file" => false,
        // Raster images only: an SVG data URL can hold script.
        "data" => {
            image
                && ["image/png", "image/jpeg", "image/gif", "image/webp"]
                    .iter()
                    .any(|kind| rest.strip_prefix(kind).is_some_and(|r| r.starts_with([';', ','])))
        }
        _ => true,
    }
}

/// Wraps tables in a focusable scroll region (wide tables scroll on a phone, and keyboard
/// users can scroll them: axe's scrollable-region-focusable) and gives task-list checkboxes
/// an accessible name.
struct Accessible<'a, I> {
    inner: I,
    /// The event to give after the one just returned.
    pending: Option<Event<'a>>,
}

const TABLE_OPEN: &str = r#"<div class="table-wrap" role="region" tabindex="0" aria-label="Table">"#;

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Accessible<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        Some(match self.inner.next()? {
            Event::Start(Tag::Table(alignments)) => {
                self.pending = Some(Event::Start(Tag::Table(alignments)));
                Event::Html(format!("{TABLE_OPEN}\n").into())
            }
            Event::End(TagEnd::Table) => {
                self.pending = Some(Event::Html("</div>\n".into()));
                Event::End(TagEnd::Table)
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (r#" checked="""#, "done")
                } else {
                    ("", "not done")
                };
                let input = format!(r#"<input type="checkbox" disabled=""{checked} aria-label="{label}"/>"#);
                Event::InlineHtml(format!("{input}\n").into())
            }
            event => event,
        })
    }
}

/// Highlights fenced code blocks that name a language syntect knows.
struct CodeBlocks<'f, I> {
    pub inner: I,
    /// Set when a block was highlighted: the page then needs the stylesheet.
    pub has_code: &'f mut bool,
    pub highlights: &'f Highlights,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = language(&info);
                if lang.is_empty() {
                    return Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
                }
                let code = code_text(self.inner.by_ref());
                let html = block_html(self.highlights, lang, &code, self.has_code);
                Some(Event::Html(html.into()))
            }
            event => Some(event),
        }
    }
}
