//! `calendar.ics`: every dated item of the published plans (actions, deliverables and
//! timeline steps with a due date) as an all-day event on its due date, for calendar apps.
//! In: `index.dated`, in due order. Out: one iCalendar (RFC 5545) file.
//!
//! A small writer rather than a crate, to keep the bytes under our control: text values are
//! escaped (`\`, `;`, `,`, newlines), lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character, and DTSTAMP comes from the as-of date, never the clock.
//! UIDs are `SLUG-ANCHOR@planpress`, made unique within a plan when two items share a label.
//!
//! There are hundreds of thousands of events in a large site, so values are escaped and
//! folded as they are written into the output buffer ([`Lines`]), piece by piece, rather
//! than built as strings first.

use super::Entry;
use crate::site::Site;
use crate::site::index::{Index, ItemRef};
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
use chrono::Duration;

pub const PATH: &str = "calendar.ics";

pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut bytes = Vec::new();
    write(site, index, urls, &mut bytes).expect("writing to memory cannot fail");
    OutputFile::new(PATH, bytes)
}

/// What every event of a calendar shares, worked out once.
struct Calendar<'a> {
    site: &'a Site,
    index: &'a Index,
    /// Each published plan's absolute URL, by plan index (empty for the others).
    plan_urls: Vec<String>,
    /// DTSTAMP: the as-of date at midnight UTC.
    stamp: String,
    /// The as-of date as the description shows it.
    as_of: String,
}

/// Streams the calendar: its head, one event per dated item (in due order, a chunk at a
/// time), its end.
pub fn write(site: &Site, index: &Index, urls: &Urls, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut lines = Lines::new(&mut head);
    lines.line("BEGIN:VCALENDAR");
    lines.line("VERSION:2.0");
    lines.line("PRODID:-//planpress//planpress//EN");
    lines.line("CALSCALE:GREGORIAN");
    lines.line("METHOD:PUBLISH");
    lines.push("X-WR-CALNAME:");
    lines.push_text(&site.config.title);
    lines.end_line();
    out.write_all(&head)?;
    let calendar = Calendar::new(site, index, urls);
    // Made in plan order: see `write_in_key_order`.
    super::write_in_key_order(
        out,
        &index.dated,
        |&r| r,
        |&r, buffer| {
            calendar.event(r, &mut Lines::new(buffer));
        },
    )?;
    out.write_all(b"END:VCALENDAR\r\n")
}

impl<'a> Calendar<'a> {
    fn new(site: &'a Site, index: &'a Index, urls: &Urls) -> Calendar<'a> {
        let mut plan_urls = vec![String::new(); site.plans.len()];
        for &p in &index.published {
            plan_urls[p] = urls.absolute(&paths::plan(&site.plans[p].slug));
        }
        let mut stamp = String::new();
        super::push_date(&mut stamp, site.as_of, "");
        stamp.push_str("T000000Z");
        Calendar {
            site,
            index,
            plan_urls,
            stamp,
            as_of: site.as_of.to_string(),
        }
    }

    /// One VEVENT for a dated item.
    fn event(&self, r: ItemRef, out: &mut Lines) {
        let entry = Entry::new(self.site, r);
        let Some(due) = entry.tracking.due else { return };
        let anchor = self.index.anchor(r);
        out.line("BEGIN:VEVENT");
        // Slugs are unique in a site and anchors unique in a plan, so this is too.
        out.push("UID:");
        out.push_text(&self.site.plans[r.plan].slug);
        out.push_text("-");
        out.push_text(anchor);
        out.push_text("@planpress");
        out.end_line();
        out.push("DTSTAMP:");
        out.push(&self.stamp);
        out.end_line();
        for (name, day) in [
            ("DTSTART;VALUE=DATE:", due),
            ("DTEND;VALUE=DATE:", due + Duration::days(1)),
        ] {
            out.push(name);
            super::push_date(out, day, "");
            out.end_line();
        }
        out.push("SUMMARY:");
        out.push_text(entry.title);
        out.end_line();
        out.push("DESCRIPTION:");
        self.description(&entry, out);
        out.end_line();
        // The page's URL with the item's fragment, as `Urls::absolute` would make it.
        out.push("URL:");
        out.push_uri(&self.plan_urls[r.plan]);
        out.push_uri("#");
        out.push_uri(anchor);
        out.end_line();
        out.line("TRANSP:TRANSPARENT");
        out.line("END:VEVENT");
    }

    /// Plan, who, when, status and overdue, one per line, as one escaped TEXT value.
    fn description(&self, entry: &Entry, out: &mut Lines) {
        out.push_text("Plan: ");
        out.push_text(&self.site.plans[entry.item.plan].title);
        if let Some(who) = &entry.who {
            out.push_text("\nWho: ");
            out.push_text(who);
        }
        if let Some(when) = entry.when {
            out.push_text("\nWhen: ");
            out.push_text(when);
        }
        out.push_text("\nStatus: ");
        out.push_text(entry.tracking.status.label());
        if entry.overdue(self.site) {
            out.push_text("\nOverdue as of ");
            out.push_text(&self.as_of);
        }
    }
}

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
struct Lines<'a> {
    folded: Folded<'a>,
    text: TextEscaper,
}

impl<'a> Lines<'a> {
    fn new(out: &'a mut Vec<u8>) -> Lines<'a> {
        Lines {
            folded: Folded::new(out),
            text: TextEscaper::default(),
        }
    }

    /// A whole line, verbatim.
    fn line(&mut self, line: &str) {
        self.push(line);
        self.end_line();
    }

    /// Verbatim text: a property's name and parameters, or a value that needs no escaping.
    fn push(&mut self, text: &str) {
        self.folded.push(text);
    }

    /// Part of the line's TEXT value.
    fn push_text(&mut self, text: &str) {
        let folded = &mut self.folded;
        self.text.escape(text, |piece| folded.push(piece));
    }

    /// Part of the line's URI value.
    fn push_uri(&mut self, uri: &str) {
        uri_pieces(uri, |piece| self.folded.push(piece));
    }

    fn end_line(&mut self) {
        self.folded.end();
        self.text = TextEscaper::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{HOSTILE_PLAN, WORK_PLAN, site_and_index};

    fn ics(plans: &[&str], base: &str) -> String {
        let (site, index) = site_and_index(plans);
        String::from_utf8(file(&site, &index, &Urls::new(base)).bytes).expect("UTF-8")
    }

    /// Undoes folding, as a calendar reader does.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

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

    #[test]
    fn every_line_ends_in_crlf() {
        let text = ics(&[WORK_PLAN], "/");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(!text.replace("\r\n", "").contains('\r'), "bare CR");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
    }

    #[test]
    fn one_event_per_dated_item() {
        let (site, index) = site_and_index(&[WORK_PLAN]);
        let text = String::from_utf8(file(&site, &index, &Urls::new("https://x.org/")).bytes).expect("UTF-8");
        let text = unfold(&text);
        assert_eq!(text.matches("BEGIN:VEVENT").count(), index.dated.len());
        assert_eq!(
            index.dated.len(),
            3,
            "action, deliverable and step; the ongoing action has no date"
        );
        assert!(text.contains("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.contains("CALSCALE:GREGORIAN\r\n"));
        assert!(text.contains("X-WR-CALNAME:Test plans\r\n"));
        assert!(text.contains("DTSTAMP:20240501T000000Z\r\n"));
        assert!(text.contains("UID:csdwg-g1-o1-d1@planpress\r\nDTSTAMP:20240501T000000Z\r\nDTSTART;VALUE=DATE:20230630\r\nDTEND;VALUE=DATE:20230701\r\n"));
        assert!(text.contains("URL:https://x.org/plans/csdwg/#step-1\r\n"));
        assert!(text.contains("DESCRIPTION:Plan: Community Systems Work Plan\\nWho: CSDWG\\, HVTF\\nWhen: 2024-03-31\\nStatus: In progress\\nOverdue as of 2024-05-01\r\n"));
    }

    #[test]
    fn uids_are_unique_when_labels_repeat() {
        // Authors number actions 1, 2, ... under each objective, so labels repeat.
        let plan = "title: P\nslug: p\nstate: IL\ntype: work-plan\nstatus: final\ngoals:\n\
                    - title: G\n  objectives:\n\
                    \x20   - {title: O1, actions: [{id: '1', title: A, when: 2024-01-31}]}\n\
                    \x20   - {title: O2, actions: [{id: '1', title: B, when: 2024-02-29}]}\n";
        let text = unfold(&ics(&[plan], "/"));
        let uids: Vec<&str> = text.lines().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(uids, ["UID:p-1@planpress", "UID:p-1-1@planpress"]);
    }

    #[test]
    fn hostile_titles_are_escaped() {
        let text = unfold(&ics(&[HOSTILE_PLAN], "/"));
        assert!(text.contains("SUMMARY:@SUM(A1)\\, <i>\\; \\\\ end\r\n"), "{text}");
        assert!(text.contains("DESCRIPTION:Plan: <script>&\"' =cmd\\nWho: -2\\n"));
    }
}
