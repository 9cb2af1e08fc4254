//! The calendar's content lines (RFC 5545 3.1), written straight into an output buffer:
//! TEXT values escaped as the pieces arrive, so an event is never built as strings first,
//! and each line folded at 75 octets once it is whole. Escaping a value in pieces gives the
//! same bytes as escaping it whole.
//!
//! Written for speed, because a large site has hundreds of thousands of events: a value is
//! scanned 16 bytes at a time for the rare bytes that escaping may change, and copied in
//! one piece when it has none; most lines are shorter than 75 octets, so folding (in place,
//! once the line is written) has nothing to do for them.

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
        // Skip straight over the plain bytes (most of them) to the next one to look at.
        while let Some(at) = find_byte(bytes, i, may_escape) {
            i = at;
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

/// A piece of a TEXT value escaped once, ahead of the many lines that share it (a plan's
/// title is in the description of every event of the plan). [`Lines::push_escaped`] writes
/// it as [`Lines::push_text`] would write the piece itself.
pub(super) struct EscapedText {
    escaped: String,
    /// Whether the piece is empty, and so leaves the value as it is.
    empty: bool,
    /// Whether the piece starts with an LF, which a CR ending the piece before it has
    /// already written as `\n`.
    starts_with_lf: bool,
    /// Whether the piece ends in a CR.
    ends_in_cr: bool,
}

impl EscapedText {
    pub(super) fn new(text: &str) -> EscapedText {
        EscapedText {
            escaped: escape_text(text),
            empty: text.is_empty(),
            starts_with_lf: text.starts_with('\n'),
            ends_in_cr: text.ends_with('\r'),
        }
    }

    /// The escaped text.
    pub(super) fn as_str(&self) -> &str {
        &self.escaped
    }
}

/// Whether [`escape_at`] may change the character starting with byte `b`.
/// Written with `|` rather than `matches!` so that [`find_byte`] can test many bytes at once.
fn may_escape(b: u8) -> bool {
    (b < 0x20) | (b == 0x7f) | (b == b'\\') | (b == b';') | (b == b',') | (b == 0xc2)
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

/// The position of the first byte of `bytes`, from `from` on, that `wanted` picks.
///
/// Tests a block of 16 bytes at a time, every byte of it and with no early exit, which the
/// compiler turns into a few vector instructions per block (where a plain `position` tests
/// a byte at a time, with a branch each): most values have no such byte at all, so their
/// blocks pass whole. The end of a value is tested as its last 16 bytes, some of them
/// again; only a value shorter than a block is tested a byte at a time.
fn find_byte(bytes: &[u8], from: usize, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    const BLOCK: usize = 16;
    let any_wanted = |block: &[u8; BLOCK]| crate::export::any_byte(block, &wanted);
    let mut at = from;
    while at < bytes.len() {
        let start = at.min(bytes.len().saturating_sub(BLOCK));
        let Some(block) = bytes[start..].first_chunk::<BLOCK>() else {
            break;
        };
        if any_wanted(block) {
            break;
        }
        at = start + BLOCK;
    }
    let found = bytes.get(at..)?.iter().position(|&b| wanted(b));
    found.map(|p| at + p)
}

/// Filters a URI value, which cannot be escaped like text: it only must not hold control
/// characters or spaces (our URLs never do; this is the last guard).
fn uri_pieces(uri: &str, mut put: impl FnMut(&str)) {
    // Control characters are ASCII or C1 (C2 80 to C2 9F): without those bytes or a space,
    // the URI goes whole.
    if find_byte(uri.as_bytes(), 0, |b| (b <= b' ') | (b == 0x7f) | (b == 0xc2)).is_none() {
        put(uri);
        return;
    }
    for piece in uri.split(|c: char| c.is_control() || c == ' ') {
        put(piece);
    }
}

/// Folds a content line (RFC 5545 3.1): no physical line longer than 75 octets, breaks only
/// between characters, each continuation starting with one space.
pub fn fold(line: &str) -> String {
    let mut out = line.as_bytes().to_vec();
    fold_from(&mut out, 0);
    String::from_utf8(out).expect("folding breaks only between characters")
}

/// Octets of a physical line, CRLF aside.
const LIMIT: usize = 75;

/// Folds the content line `out[start..]` in place: breaks it before the character that
/// would pass the limit, as often as needed. The line is almost always short, or folded
/// once or twice, so inserting each break (moving the rest of the line along) costs less
/// than building the folded line elsewhere.
fn fold_from(out: &mut Vec<u8>, start: usize) {
    // Where the physical line being measured starts (after a break, at its space).
    let mut physical = start;
    while out.len() - physical > LIMIT {
        let mut cut = physical + LIMIT;
        // Back to the first byte of the character the limit falls in (UTF-8 continuation
        // bytes are 10xxxxxx).
        while out[cut] & 0xc0 == 0x80 {
            cut -= 1;
        }
        out.splice(cut..cut, *b"\r\n ");
        physical = cut + 2;
    }
}

/// Verbatim, as [`Lines::push`].
impl std::fmt::Write for Lines<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push(text);
        Ok(())
    }

    /// A character at a time, as dates are written ([`push_date`]): a byte pushed, where
    /// the default goes through `write_str` for each.
    ///
    /// [`push_date`]: crate::model::timeframe::push_date
    fn write_char(&mut self, c: char) -> std::fmt::Result {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => {
                self.out.push(byte);
                self.text.after_cr = false;
            }
            _ => self.push(c.encode_utf8(&mut [0; 4])),
        }
        Ok(())
    }
}

/// Content lines written into a buffer: each a name and a value pushed in pieces (verbatim,
/// as escaped TEXT, or as a URI), folded once whole, and ended with CRLF.
pub(super) struct Lines<'a> {
    out: &'a mut Vec<u8>,
    /// Where the line being written starts in `out`.
    start: usize,
    text: TextEscaper,
}

impl<'a> Lines<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Lines<'a> {
        Lines {
            start: out.len(),
            out,
            text: TextEscaper::default(),
        }
    }

    /// A whole line, verbatim.
    pub(super) fn line(&mut self, line: &str) {
        self.push(line);
        self.end_line();
    }

    /// Verbatim text: a property's name and parameters, a value that needs no escaping, or
    /// part of a TEXT value that escaping leaves as it is (and that starts with no LF).
    pub(super) fn push(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
        if !text.is_empty() {
            self.text.after_cr = false;
        }
    }

    /// Part of the line's TEXT value.
    pub(super) fn push_text(&mut self, text: &str) {
        let out = &mut *self.out;
        self.text
            .escape(text, |piece| out.extend_from_slice(piece.as_bytes()));
    }

    /// Part of the line's TEXT value, escaped ahead of time.
    pub(super) fn push_escaped(&mut self, text: &EscapedText) {
        if text.empty {
            return;
        }
        let mut escaped = text.escaped.as_bytes();
        if text.starts_with_lf && self.text.after_cr {
            // The LF completes a CRLF already written.
            escaped = &escaped["\\n".len()..];
        }
        self.out.extend_from_slice(escaped);
        self.text.after_cr = text.ends_in_cr;
    }

    /// Part of the line's URI value.
    pub(super) fn push_uri(&mut self, uri: &str) {
        uri_pieces(uri, |piece| self.out.extend_from_slice(piece.as_bytes()));
    }

    pub(super) fn end_line(&mut self) {
        fold_from(self.out, self.start);
        self.out.extend_from_slice(b"\r\n");
        self.start = self.out.len();
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

    /// TEXT escaping as the RFC words it, a character at a time, on the whole value.
    fn reference_escape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                '\r' => {
                    out.push_str("\\n");
                    chars.next_if_eq(&'\n');
                }
                '\n' => out.push_str("\\n"),
                '\t' => out.push('\t'),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    /// Folding as the RFC words it, a character at a time, on the whole line.
    fn reference_fold(line: &str) -> String {
        let mut out = String::new();
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > LIMIT {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out
    }

    /// Text full of what escaping and folding must get right: the escaped characters, CR
    /// and LF (apart and together), control characters (C0, DEL, C1), tab, and characters
    /// of two, three and four octets to land on the 75-octet boundary.
    const TRICKY: &str = "[a-z ,;\\\\\r\n\t\u{7}\u{7f}\u{85}\u{a0}é進😀]{0,40}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn lines_match_the_reference_escaping_and_folding(
            pieces in proptest::collection::vec((TRICKY, proptest::bool::ANY), 0..7),
            uri in TRICKY,
        ) {
            let mut bytes = Vec::new();
            let mut lines = Lines::new(&mut bytes);
            lines.push("DESCRIPTION:");
            for (piece, ahead) in &pieces {
                if *ahead {
                    lines.push_escaped(&EscapedText::new(piece));
                } else {
                    lines.push_text(piece);
                }
            }
            lines.end_line();
            lines.push("URL:");
            lines.push_uri(&uri);
            lines.end_line();
            let value: String = pieces.iter().map(|(piece, _)| piece.as_str()).collect();
            let clean_uri: String = uri.chars().filter(|c| !c.is_control() && *c != ' ').collect();
            let want = format!(
                "{}\r\n{}\r\n",
                reference_fold(&format!("DESCRIPTION:{}", reference_escape(&value))),
                reference_fold(&format!("URL:{clean_uri}")),
            );
            proptest::prop_assert_eq!(String::from_utf8(bytes).expect("UTF-8"), want);
            proptest::prop_assert_eq!(escape_text(&value), reference_escape(&value));
        }
    }
}
