//! The calendar's content lines (RFC 5545 3.1), written straight into an output buffer:
//! TEXT values escaped and every line folded at 75 octets as the pieces arrive, so an
//! event is never built as strings first. Escaping a value in pieces gives the same bytes
//! as escaping it whole, and folding a line in pieces the same as folding it whole.

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, and any line break
/// as `\n`. Control characters, which TEXT cannot hold, are dropped (tab is kept).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    TextEscaper::default().escape(text, |piece| out.push_str(piece));
    out
}

/// Escapes one TEXT value handed over in pieces, exactly as if it came whole: a CR ending
/// one piece and an LF starting the next are still one line break.
#[derive(Default)]
struct TextEscaper {
    /// Whether the last character seen was a CR (already written as `\n`).
    after_cr: bool,
}

impl TextEscaper {
    /// Hands `put` the escaped text: runs of plain text as they are, and the escapes.
    fn escape(&mut self, text: &str, mut put: impl FnMut(&str)) {
        let bytes = text.as_bytes();
        let (mut plain, mut i) = (0, 0);
        while i < bytes.len() {
            // Skip straight over the plain bytes (most of them) to the next one to look at.
            i += bytes[i..]
                .iter()
                .position(|&b| may_escape(b))
                .unwrap_or(bytes.len() - i);
            if i == bytes.len() {
                break;
            }
            let Some((len, escaped)) = escape_at(bytes, i) else {
                i += 1;
                continue;
            };
            if plain < i {
                put(&text[plain..i]);
                self.after_cr = false;
            }
            if !(bytes[i] == b'\n' && self.after_cr) {
                put(escaped);
            }
            self.after_cr = bytes[i] == b'\r';
            i += len;
            plain = i;
        }
        if plain < bytes.len() {
            put(&text[plain..]);
            self.after_cr = false;
        }
    }
}

/// Whether [`escape_at`] may change the character starting with byte `b`.
fn may_escape(b: u8) -> bool {
    matches!(b, 0..=0x1f | 0x7f | b'\\' | b';' | b',' | 0xc2)
}

/// What the character at `bytes[i]` becomes in a TEXT value, and its length, if it is not
/// written as it is. Every such character is ASCII but the C1 controls (U+0080-U+009F),
/// which UTF-8 writes as C2 80 to C2 9F.
fn escape_at(bytes: &[u8], i: usize) -> Option<(usize, &'static str)> {
    match bytes[i] {
        b'\\' => Some((1, "\\\\")),
        b';' => Some((1, "\\;")),
        b',' => Some((1, "\\,")),
        b'\r' | b'\n' => Some((1, "\\n")),
        // Tab is the one control character TEXT keeps.
        b'\t' => None,
        0..=0x1f | 0x7f => Some((1, "")),
        0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => Some((2, "")),
        _ => None,
    }
}

/// Filters a URI value, which cannot be escaped like text: it only must not hold control
/// characters or spaces (our URLs never do; this is the last guard).
fn uri_pieces(uri: &str, mut put: impl FnMut(&str)) {
    for piece in uri.split(|c: char| c.is_control() || c == ' ') {
        put(piece);
    }
}

/// Folds a content line (RFC 5545 3.1): no physical line longer than 75 octets, breaks only
/// between characters, each continuation starting with one space.
pub fn fold(line: &str) -> String {
    let mut out = Vec::with_capacity(line.len() + line.len() / LIMIT * 3);
    Folded::new(&mut out).push(line);
    String::from_utf8(out).expect("folding breaks only between characters")
}

/// Octets of a physical line, CRLF aside.
const LIMIT: usize = 75;

/// A content line being written into a buffer, folded as it goes.
struct Folded<'a> {
    out: &'a mut Vec<u8>,
    /// Octets on the current physical line.
    width: usize,
}

impl<'a> Folded<'a> {
    fn new(out: &'a mut Vec<u8>) -> Folded<'a> {
        Folded { out, width: 0 }
    }

    /// Appends `text` to the line, breaking it (before a character that would pass the
    /// limit) as often as needed.
    fn push(&mut self, mut text: &str) {
        while self.width + text.len() > LIMIT {
            let mut cut = LIMIT - self.width;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.extend_from_slice(&text.as_bytes()[..cut]);
            self.out.extend_from_slice(b"\r\n ");
            self.width = 1;
            text = &text[cut..];
        }
        self.out.extend_from_slice(text.as_bytes());
        self.width += text.len();
    }

    fn end(&mut self) {
        self.out.extend_from_slice(b"\r\n");
        self.width = 0;
    }
}

/// Verbatim, as [`Lines::push`].
impl std::fmt::Write for Lines<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push(text);
        Ok(())
    }
}

/// Content lines written into a buffer: each a name and a value pushed in pieces (verbatim,
/// as escaped TEXT, or as a URI), folded as they are written, and ended with CRLF.
pub(super) struct Lines<'a> {
    folded: Folded<'a>,
    text: TextEscaper,
}

impl<'a> Lines<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Lines<'a> {
        Lines {
            folded: Folded::new(out),
            text: TextEscaper::default(),
        }
    }

    /// A whole line, verbatim.
    pub(super) fn line(&mut self, line: &str) {
        self.push(line);
        self.end_line();
    }

    /// Verbatim text: a property's name and parameters, or a value that needs no escaping.
    pub(super) fn push(&mut self, text: &str) {
        self.folded.push(text);
    }

    /// Part of the line's TEXT value.
    pub(super) fn push_text(&mut self, text: &str) {
        let folded = &mut self.folded;
        self.text.escape(text, |piece| folded.push(piece));
    }

    /// Part of the line's URI value.
    pub(super) fn push_uri(&mut self, uri: &str) {
        uri_pieces(uri, |piece| self.folded.push(piece));
    }

    pub(super) fn end_line(&mut self) {
        self.folded.end();
        self.text = TextEscaper::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        let cases = [
            ("a,b", "a\\,b"),
            ("a;b", "a\\;b"),
            ("a\\b", "a\\\\b"),
            ("a\nb", "a\\nb"),
            ("a\r\nb", "a\\nb"),
            ("a\rb", "a\\nb"),
            ("a\u{7}b", "ab"),
            ("plain: text", "plain: text"),
            ("", ""),
            ("a\n\rb", "a\\n\\nb"),
            ("a\r\r\nb", "a\\n\\nb"),
            ("a\r\u{7}\nb", "a\\n\\nb"),
            ("\r\n", "\\n"),
            ("tab\tkept", "tab\tkept"),
            ("del\u{7f}and c1\u{85}\u{9f} dropped", "deland c1 dropped"),
            ("\u{a0}\u{c2}é\u{100}進 kept", "\u{a0}\u{c2}é\u{100}進 kept"),
            (",;\\", "\\,\\;\\\\"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), want, "{input:?}");
        }
    }

    /// Escapes `pieces` as one TEXT value, the way `Lines` does.
    fn escape_pieces(pieces: &[&str]) -> String {
        let mut out = String::new();
        let mut escaper = TextEscaper::default();
        for piece in pieces {
            escaper.escape(piece, |escaped| out.push_str(escaped));
        }
        out
    }

    #[test]
    fn text_in_pieces_escapes_as_if_whole() {
        let cases: [&[&str]; 6] = [
            &["a\r", "\nb"],
            &["a\r", "", "\nb"],
            &["a\r", "\u{7}", "\nb"],
            &["a\r", "x\nb"],
            &["a,", ";b", "\\"],
            &["\r", "\n", "\r", "\n"],
        ];
        for pieces in cases {
            assert_eq!(escape_pieces(pieces), escape_text(&pieces.concat()), "{pieces:?}");
        }
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(fold("short"), "short");
        let exact = "x".repeat(75);
        assert_eq!(fold(&exact), exact);
        assert_eq!(fold(&"x".repeat(76)), format!("{}\r\n x", "x".repeat(75)));
        assert_eq!(fold(""), "");
    }

    #[test]
    fn folds_before_a_character_that_would_cross_the_limit() {
        // 74 octets, then a 2-octet character: it goes whole to the next line.
        let line = format!("{}é", "x".repeat(74));
        assert_eq!(fold(&line), format!("{}\r\n é", "x".repeat(74)));
        // 73 + 2 = 75 fits exactly.
        let exact = format!("{}é", "x".repeat(73));
        assert_eq!(fold(&exact), exact);
        // A 4-octet character at 72 octets would end at 76.
        let emoji = format!("{}😀y", "x".repeat(72));
        assert_eq!(fold(&emoji), format!("{}\r\n 😀y", "x".repeat(72)));
        // Continuation lines hold 74 octets after their space.
        let long = "é".repeat(80);
        let folded = fold(&long);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines[0].len(), 74, "37 two-octet characters");
        assert_eq!(lines[1].len(), 1 + 74, "a space and 37 more");
    }

    #[test]
    fn lines_written_in_pieces_fold_and_escape_as_whole_lines() {
        let title = format!("{}, then;\r\nmore {}", "word ".repeat(14), "é".repeat(40));
        let mut bytes = Vec::new();
        let mut lines = Lines::new(&mut bytes);
        lines.push("SUMMARY:");
        lines.push_text(&title[..3]);
        lines.push_text(&title[3..]);
        lines.end_line();
        lines.push("URL:");
        lines.push_uri("https://x.org/a b\u{7}/");
        lines.push_uri("#");
        lines.push_uri(&"p".repeat(80));
        lines.end_line();
        lines.line("END:VEVENT");
        let want = format!(
            "{}\r\n{}\r\nEND:VEVENT\r\n",
            fold(&format!("SUMMARY:{}", escape_text(&title))),
            fold(&format!("URL:https://x.org/ab/#{}", "p".repeat(80)))
        );
        assert_eq!(String::from_utf8(bytes).expect("UTF-8"), want);
    }
}
