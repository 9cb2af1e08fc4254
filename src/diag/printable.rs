//! Text from a site (values, file names, quoted lines) on its way to a terminal or a CI log.
//! A control character there is a command, not text: `\e]0;x\a` sets the window title,
//! `\e[2J` clears the screen, `\e[32m` or a carriage return can dress a failure up as a
//! pass. Every such character is written out as an escape (`\u{1b}`) instead, and so are
//! the bidirectional overrides that make a line read differently from what it holds.
//! Tabs stay; line breaks stay where the output is made of lines.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown as an escape: a control character (C0, DEL, C1) or a
/// bidirectional embedding, override or isolate.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What becomes of line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Newlines {
    /// Kept: the text is made of lines (a message, a quoted file).
    Keep,
    /// Escaped too: the text stands on one line (a file name, a label).
    Escape,
}

/// `text` with every unsafe character escaped.
pub fn escape(text: &str, newlines: Newlines) -> Cow<'_, str> {
    let escaped = |c: char| is_unsafe(c) || (c == '\n' && newlines == Newlines::Escape);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message or help of several lines, escaped, with each line after the first indented:
/// a line break inside a quoted value cannot start a line that passes for planpress's own
/// (`error: ...`, `0 errors, 0 warnings`).
pub fn message(text: &str) -> Cow<'_, str> {
    match escape(text, Newlines::Keep) {
        Cow::Borrowed(t) if !t.contains('\n') => Cow::Borrowed(t),
        escaped => Cow::Owned(escaped.replace('\n', "\n  ")),
    }
}

/// A file's text made safe to quote, with the way back from its offsets to the file's.
/// Line breaks stay (CRLF too), so lines keep their numbers; a carriage return alone is
/// escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedText {
    pub text: String,
    /// Each escape: its offset in the file, its length there, and its length in `text`.
    escapes: Vec<(usize, usize, usize)>,
}

impl QuotedText {
    /// `None` when the text has nothing to escape (the usual case).
    pub fn new(text: &str) -> Option<QuotedText> {
        let bytes = text.as_bytes();
        let lone_cr = |i: usize| bytes.get(i + 1) != Some(&b'\n');
        let needs = |(i, c): (usize, char)| (c != '\r' && is_unsafe(c)) || (c == '\r' && lone_cr(i));
        if !text.char_indices().any(needs) {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut escapes = Vec::new();
        for (i, c) in text.char_indices() {
            if needs((i, c)) {
                let start = out.len();
                let _ = write!(out, "{}", c.escape_unicode());
                escapes.push((i, c.len_utf8(), out.len() - start));
            } else {
                out.push(c);
            }
        }
        Some(QuotedText { text: out, escapes })
    }

    /// Where the file's byte `offset` is in [`QuotedText::text`].
    pub fn shown(&self, offset: usize) -> usize {
        let before = self.escapes.partition_point(|&(at, _, _)| at < offset);
        let added: usize = self.escapes[..before]
            .iter()
            .map(|&(_, len, shown)| shown - len)
            .sum();
        offset + added
    }

    /// Where byte `shown` of [`QuotedText::text`] is in the file (the escape's own start,
    /// for a byte inside an escape).
    pub fn original(&self, shown: usize) -> usize {
        let mut added = 0;
        for &(at, len, width) in &self.escapes {
            let start = at + added;
            if shown < start {
                break;
            }
            if shown < start + width {
                return at;
            }
            added += width - len;
        }
        shown - added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_as_escapes() {
        let cases = [
            (
                "plain text, tabs\tand é",
                Newlines::Escape,
                "plain text, tabs\tand é",
            ),
            (
                "\u{1b}]0;x\u{7}\u{1b}[2J",
                Newlines::Keep,
                "\\u{1b}]0;x\\u{7}\\u{1b}[2J",
            ),
            ("ok\rFAKE", Newlines::Keep, "ok\\u{d}FAKE"),
            ("a\nb", Newlines::Keep, "a\nb"),
            ("a\nb", Newlines::Escape, "a\\u{a}b"),
            ("del\u{7f} csi\u{9b}", Newlines::Keep, "del\\u{7f} csi\\u{9b}"),
            (
                "rtl\u{202e}txt\u{2066}",
                Newlines::Keep,
                "rtl\\u{202e}txt\\u{2066}",
            ),
        ];
        for (text, newlines, want) in cases {
            assert_eq!(escape(text, newlines), want, "{text:?}");
        }
        assert!(matches!(escape("clean", Newlines::Keep), Cow::Borrowed(_)));
    }

    #[test]
    fn message_lines_after_the_first_are_indented() {
        assert_eq!(message("one"), "one");
        assert_eq!(
            message("unknown `x\n0 errors, 0 warnings`"),
            "unknown `x\n  0 errors, 0 warnings`"
        );
        assert_eq!(message("a\u{1b}[32m\nb"), "a\\u{1b}[32m\n  b");
    }

    #[test]
    fn quoted_text_keeps_line_breaks_and_maps_offsets_both_ways() {
        assert_eq!(QuotedText::new("a: 1\r\nb: 2\n"), None);
        let text = "a: \u{1b}[2J\r\nb: x\ry\n";
        let q = QuotedText::new(text).unwrap();
        assert_eq!(q.text, "a: \\u{1b}[2J\r\nb: x\\u{d}y\n");
        for (word, offset) in [("a", 0), ("[2J", 4), ("b", 9), ("y", 14)] {
            let shown = q.shown(offset);
            assert_eq!(&q.text[shown..shown + word.len()], word, "{word}");
            assert_eq!(q.original(shown), offset, "{word}");
        }
        // A byte inside an escape maps back to the character it stands for.
        assert_eq!(q.original(q.shown(3) + 2), 3);
        assert_eq!(q.shown(text.len()), q.text.len());
    }
}
