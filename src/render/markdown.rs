//! Markdown to HTML: a plan's narrative or a plain page's body.
//!
//! In: Markdown text, [`MarkdownOptions`] and the page's [`IdSet`] (ids already taken).
//! Out: [`Rendered`] HTML, the table of contents, and whether highlighted code needs the
//! stylesheet from [`highlight_css`].
//!
//! The steps are small stages over pulldown-cmark's events, in this order:
//! 1. [`HeadingIds`] gives every heading its id (computed as [`anchors::headings`] does, so
//!    `check` and the page agree), records it in the toc (unless it has no text) and shifts
//!    its level;
//! 2. [`escape_raw_html`] turns raw HTML into text unless the site trusts its authors;
//! 3. [`Links`] resolves `@/` links and replaces dangerous URL schemes with `#`;
//! 4. [`CodeBlocks`] highlights fenced code with a known language (syntect, CSS classes),
//!    each distinct block once per build ([`Highlights`]);
//! 5. [`Accessible`] wraps tables in a scroll region and labels task-list checkboxes;
//!
//! then pulldown-cmark's HTML writer, which escapes all text and attribute values.
//!
//! The stages change each event in place and one iterator, [`Pipeline`], runs them in turn.
//! They were five iterator adapters, each moving every event (about 90 bytes) on to the
//! next: that cost as much as pulldown-cmark's own parsing and HTML writing together.

use crate::model::anchors::{self, IdSet};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::VecDeque;

pub struct MarkdownOptions<'a> {
    /// Raw HTML in the Markdown passes through only when true; otherwise it is escaped and
    /// shown as text (as Hugo does).
    pub unsafe_html: bool,
    /// Resolves an internal link `@/path.md` or `@/path.md#anchor` (the text after `@/`,
    /// fragment included) to a URL; None when it leads nowhere (then the link text is
    /// rendered without a link, in a `<span class="broken-link">`).
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
    /// Heading levels shifted by this much, so a `#` in a plan body (whose page already has
    /// an h1 and h2 sections) becomes an h(1+shift); clamped at h6.
    pub heading_shift: u8,
    /// The code blocks highlighted so far in this build.
    pub highlights: &'a Highlights,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// The source level (1-6), before shifting.
    pub level: u8,
    pub text: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Whether the HTML holds highlighted code, so the page needs `highlight.css`.
    pub has_code: bool,
}

pub fn render(markdown: &str, options: &MarkdownOptions, ids: &mut IdSet<'_>) -> Rendered {
    let mut toc = Vec::new();
    let mut has_code = false;
    let events = Pipeline {
        source: Source {
            parser: Parser::new_ext(markdown, anchors::options()),
            // Headings come first: they must see the parser's own events, as
            // `anchors::headings` does, before raw inline HTML is turned into text that would
            // change their ids.
            headings: HeadingIds {
                ids,
                toc: &mut toc,
                shift: options.heading_shift,
                keep_attributes: options.unsafe_html,
                held: VecDeque::new(),
            },
            escape_raw_html: !options.unsafe_html,
            links: Links {
                resolve: options.resolve,
                broken: Vec::new(),
                image_depth: 0,
            },
        },
        code: CodeBlocks {
            has_code: &mut has_code,
            highlights: options.highlights,
        },
        accessible: Accessible { after: None },
    };
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered { html, toc, has_code }
}

/// The stages in order, as one iterator of events for the HTML writer.
struct Pipeline<'a, 'r, 'i> {
    source: Source<'a, 'r, 'i>,
    code: CodeBlocks<'r>,
    accessible: Accessible<'a>,
}

impl<'a> Iterator for Pipeline<'a, '_, '_> {
    type Item = Event<'a>;

    // Each event is changed where it lies in the Option that is returned, never unwrapped
    // and wrapped again: so it is not copied between the stages (a copy of each event was
    // most of the cost of the chain of adapters this replaced).
    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.accessible.after.take() {
            return Some(event);
        }
        let mut next = self.source.next();
        if let Some(event) = &mut next {
            let source = &mut self.source;
            self.code.apply(event, || source.next());
            self.accessible.apply(event);
        }
        next
    }
}

/// The parser's events after the first three stages: what a code block's text is read from.
struct Source<'a, 'r, 'i> {
    parser: Parser<'a>,
    headings: HeadingIds<'a, 'r, 'i>,
    escape_raw_html: bool,
    links: Links<'r>,
}

impl<'a> Source<'a, '_, '_> {
    #[inline(always)]
    fn next(&mut self) -> Option<Event<'a>> {
        let mut next = self.headings.next(&mut self.parser);
        if let Some(event) = &mut next {
            if self.escape_raw_html {
                escape_raw_html(event);
            }
            self.links.apply(event);
        }
        next
    }
}

/// Gives each heading its unique id, records it in the toc and shifts its level. A heading's
/// text is only known at its end, so its events are held back until then.
struct HeadingIds<'a, 'r, 'i> {
    ids: &'r mut IdSet<'i>,
    toc: &'r mut Vec<TocEntry>,
    shift: u8,
    /// Custom `{key=value}` attributes could carry `onclick=...`: kept only when raw HTML is.
    keep_attributes: bool,
    /// The events of the heading being given out, after its start.
    held: VecDeque<Event<'a>>,
}

impl<'a> HeadingIds<'a, '_, '_> {
    #[inline(always)]
    fn next(&mut self, parser: &mut Parser<'a>) -> Option<Event<'a>> {
        if !self.held.is_empty() {
            return self.held.pop_front();
        }
        let mut next = parser.next();
        if let Some(Event::Start(Tag::Heading { level, id, attrs, .. })) = &mut next {
            let end = TagEnd::Heading(shifted(*level, self.shift));
            let text = hold_heading(parser.by_ref(), &mut self.held, end);
            let unique = anchors::heading_id(id.as_deref(), &text, self.ids);
            push_toc_entry(self.toc, *level, &text, &unique);
            *id = Some(unique.into());
            if !self.keep_attributes {
                attrs.clear();
            }
            *level = shifted(*level, self.shift);
        }
        next
    }
}

/// Records a heading in the toc, unless it has no text (`## ` alone, or only an image
/// without alt text): its link would have no name for a screen reader to announce (axe's
/// `link-name`). The heading keeps its id, so links to it still work.
fn push_toc_entry(toc: &mut Vec<TocEntry>, level: HeadingLevel, text: &str, id: &str) {
    let text = text.trim();
    if !text.is_empty() {
        toc.push(TocEntry {
            level: level as u8,
            text: text.to_string(),
            id: id.to_string(),
        });
    }
}

/// Holds the events of a heading after its start in `held`, its end replaced by `end`, and
/// returns the heading's text.
fn hold_heading<'a>(
    events: impl Iterator<Item = Event<'a>>,
    held: &mut VecDeque<Event<'a>>,
    end: TagEnd,
) -> String {
    let mut text = String::new();
    for event in events {
        text.push_str(anchors::heading_text_part(&event).unwrap_or(""));
        if let Event::End(TagEnd::Heading(_)) = event {
            held.push_back(Event::End(end));
            break;
        }
        held.push_back(event);
    }
    text
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let level = (level as usize + usize::from(shift)).min(6);
    HeadingLevel::try_from(level).unwrap_or(HeadingLevel::H6)
}

/// Raw HTML shown as text. A block of it becomes a paragraph, so it reads as one.
#[inline]
fn escape_raw_html(event: &mut Event) {
    match event {
        Event::Start(Tag::HtmlBlock) => *event = Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => *event = Event::End(TagEnd::Paragraph),
        Event::Html(html) | Event::InlineHtml(html) => {
            *event = Event::Text(std::mem::replace(html, CowStr::Borrowed("")));
        }
        _ => {}
    }
}

/// Resolves `@/` links and defuses dangerous link and image URLs.
struct Links<'r> {
    resolve: &'r dyn Fn(&str) -> Option<String>,
    /// For each open link, whether it was broken (and so opened a span, not an `<a>`).
    broken: Vec<bool>,
    /// Inside an image's alt text the writer prints only text: no span there.
    image_depth: usize,
}

impl<'a> Links<'_> {
    #[inline]
    fn apply(&mut self, event: &mut Event<'a>) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let resolved = match dest_url.strip_prefix("@/") {
                    Some(path) => (self.resolve)(path).map(CowStr::from),
                    None => Some(safe_url(std::mem::replace(dest_url, CowStr::Borrowed("")), false)),
                };
                self.broken.push(resolved.is_none());
                match resolved {
                    Some(url) => *dest_url = url,
                    None if self.image_depth > 0 => *event = Event::Text("".into()),
                    None => *event = Event::InlineHtml(r#"<span class="broken-link">"#.into()),
                }
            }
            Event::End(TagEnd::Link) => match self.broken.pop() {
                Some(true) if self.image_depth > 0 => *event = Event::Text("".into()),
                Some(true) => *event = Event::InlineHtml("</span>".into()),
                _ => {}
            },
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image_depth += 1;
                *dest_url = safe_url(std::mem::replace(dest_url, CowStr::Borrowed("")), true);
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
            }
            _ => {}
        }
    }
}

/// The URL, or `#` when its scheme could run script or reach the reader's files.
fn safe_url(url: CowStr, image: bool) -> CowStr {
    if is_safe_url(&url, image) { url } else { "#".into() }
}

/// Browsers drop tabs and newlines anywhere in a URL and ignore case in its scheme, so
/// `java\tscript:` and `JaVaScRiPt:` run script too; compare with those removed. (Entities
/// such as `&#106;` are already decoded by the parser.)
fn is_safe_url(url: &str, image: bool) -> bool {
    let mut cleaned = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| c.to_ascii_lowercase());
    // The refused schemes are letters only and at most 10 of them: a scheme with anything
    // else, or longer, is safe, so it is read into a small buffer rather than a String (this
    // runs for every link).
    let mut scheme = [0u8; 10];
    let mut len = 0;
    loop {
        match cleaned.next() {
            // No colon: no scheme. A colon after a `/`, `?` or `#` is in a relative path,
            // query or fragment, not a scheme.
            None => return true,
            Some(':') => break,
            Some(c) if c.is_ascii_lowercase() && len < scheme.len() => {
                scheme[len] = c as u8;
                len += 1;
            }
            Some(_) => return true,
        }
    }
    match &scheme[..len] {
        b"javascript" | b"vbscript" | b"file" => false,
        // Raster images only: an SVG data URL can hold script.
        b"data" => {
            let rest: String = cleaned.collect();
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
struct Accessible<'a> {
    /// The event to give after the one just changed.
    after: Option<Event<'a>>,
}

const TABLE_OPEN: &str = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n";
const CHECKBOX_DONE: &str = "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"/>\n";
const CHECKBOX_NOT_DONE: &str = "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\"/>\n";

impl<'a> Accessible<'a> {
    #[inline]
    fn apply(&mut self, event: &mut Event<'a>) {
        match event {
            Event::Start(Tag::Table(_)) => {
                self.after = Some(std::mem::replace(event, Event::Html(TABLE_OPEN.into())));
            }
            Event::End(TagEnd::Table) => self.after = Some(Event::Html("</div>\n".into())),
            Event::TaskListMarker(done) => {
                let input = if *done { CHECKBOX_DONE } else { CHECKBOX_NOT_DONE };
                *event = Event::InlineHtml(input.into());
            }
            _ => {}
        }
    }
}

use highlight::CodeBlocks;
pub use highlight::{Highlights, highlight_css};

#[cfg(test)]
mod chained;
mod highlight;
#[cfg(test)]
mod same_as_chained;
#[cfg(test)]
mod tests;
