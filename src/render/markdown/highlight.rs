//! Syntax highlighting of fenced code blocks (syntect, by CSS class), each distinct block
//! once per build, and the stylesheet for it.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::highlighting::{Color, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Highlights fenced code blocks that name a language syntect knows.
pub(super) struct CodeBlocks<'f> {
    /// Set when a block was highlighted: the page then needs the stylesheet.
    pub has_code: &'f mut bool,
    pub highlights: &'f Highlights,
}

impl CodeBlocks<'_> {
    /// Turns the start of a fenced block with a language into the whole block's HTML, reading
    /// its text from `rest` up to the block's end.
    #[inline]
    pub fn apply<'a>(&mut self, event: &mut Event<'a>, rest: impl FnMut() -> Option<Event<'a>>) {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            return;
        };
        let lang = language(info);
        if lang.is_empty() {
            return;
        }
        let code = code_text(std::iter::from_fn(rest));
        *event = Event::Html(block_html(self.highlights, lang, &code, self.has_code).into());
    }
}

/// The language a fenced block's info string names: the info string may go on after it
/// (`rust,ignore`, `ruby startline=3`).
pub(super) fn language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("")
}

/// A code block's text, read from the events after its start up to its end.
pub(super) fn code_text<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut code = String::new();
    for event in events {
        match event {
            Event::Text(text) => code.push_str(&text),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    code
}

/// A fenced block's HTML: highlighted when syntect knows its language (and then `has_code`
/// is set), plain otherwise, with the language as a class `language-NAME` (as CommonMark
/// writes it) so that a theme's stylesheet or script can still style it.
pub(super) fn block_html(highlights: &Highlights, lang: &str, code: &str, has_code: &mut bool) -> String {
    match highlights.get(lang, code) {
        Some(html) => {
            *has_code = true;
            html.to_string()
        }
        None => {
            let class = language_class(lang);
            let open = if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{class}\"")
            };
            format!("<pre><code{open}>{}</code></pre>\n", escape(code))
        }
    }
}

/// The part of a language name fit for a class: ASCII letters and digits, `-`, `_`, `+`
/// and `.` (`c++`, `objective-c`, `vb.net`). Anything else is left out: the name is author
/// text, and a quote, `<` or space would break out of the class or split it in two.
fn language_class(lang: &str) -> String {
    lang.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        .collect()
}

/// Highlighted code blocks by language and code, shared by the pages of one build. Highlighting
/// is the costliest step of rendering Markdown, and sites repeat blocks (the same sample query
/// or settings file in many plans): each distinct block is highlighted once.
#[derive(Default)]
pub struct Highlights {
    /// Language -> its blocks.
    pub(super) blocks: Mutex<HashMap<String, BlocksOf>>,
}

/// The highlighted blocks of one language: code -> HTML (None when syntect does not know the
/// language).
pub(super) type BlocksOf = HashMap<String, Option<Arc<str>>>;

impl Highlights {
    /// The block's highlighted HTML, as [`highlight`] makes it.
    fn get(&self, lang: &str, code: &str) -> Option<Arc<str>> {
        let lock = || {
            self.blocks
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(html) = lock().get(lang).and_then(|codes| codes.get(code)) {
            return html.clone();
        }
        // Highlighted outside the lock: two threads may both highlight a new block, and both
        // get the same HTML.
        let html: Option<Arc<str>> = highlight(lang, code).map(Arc::from);
        lock()
            .entry(lang.to_string())
            .or_default()
            .insert(code.to_string(), html.clone());
        html
    }
}

/// Loaded on the first fenced block with a language, so a site without code never pays the
/// few milliseconds it takes.
fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted HTML, or None when the language is unknown.
fn highlight(lang: &str, code: &str) -> Option<String> {
    let syntaxes = syntax_set();
    let syntax = syntaxes.find_syntax_by_token(lang)?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    let (lang, code) = (escape(lang), html.finalize());
    Some(format!(
        "<pre class=\"code\" data-lang=\"{lang}\"><code>{code}</code></pre>\n"
    ))
}

/// HTML-escapes text the way pulldown-cmark escapes the rest of the page.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// The stylesheet for highlighted code: syntect's InspiredGitHub theme as CSS classes, with
/// every colour darkened where needed to reach WCAG AA contrast (4.5:1) on the theme's
/// backgrounds, which are white or nearly so.
pub fn highlight_css() -> String {
    let mut theme = ThemeSet::load_defaults()
        .themes
        .remove("InspiredGitHub")
        .unwrap_or_default();
    let backgrounds: Vec<Color> = std::iter::once(theme.settings.background.unwrap_or(Color::WHITE))
        .chain(theme.scopes.iter().filter_map(|item| item.style.background))
        .collect();
    let foregrounds = std::iter::once(&mut theme.settings.foreground)
        .chain(theme.scopes.iter_mut().map(|item| &mut item.style.foreground));
    for colour in foregrounds.flatten() {
        *colour = readable_on(*colour, &backgrounds);
    }
    css_for_theme_with_class_style(&theme, ClassStyle::Spaced).unwrap_or_default()
}

/// The colour, darkened step by step until it reaches 4.5:1 against every (light) background.
fn readable_on(mut colour: Color, backgrounds: &[Color]) -> Color {
    let black = |c: Color| (c.r, c.g, c.b) == (0, 0, 0);
    while backgrounds.iter().any(|bg| contrast(colour, *bg) < 4.5) && !black(colour) {
        let darker = |v: u8| (f64::from(v) * 0.95).floor() as u8;
        colour = Color {
            r: darker(colour.r),
            g: darker(colour.g),
            b: darker(colour.b),
            a: colour.a,
        };
    }
    colour
}

/// WCAG 2 contrast ratio of two colours.
pub(super) fn contrast(a: Color, b: Color) -> f64 {
    let luminance = |c: Color| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}
