//! `calendar.ics`: every dated item of the published plans (actions, deliverables and
//! timeline steps with a due date) as an all-day event on its due date, for calendar apps.
//! In: `index.dated`, in due order. Out: one iCalendar (RFC 5545) file.
//!
//! A small writer rather than a crate, to keep the bytes under our control: text values are
//! escaped (`\`, `;`, `,`, newlines), lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character, and DTSTAMP comes from the as-of date, never the clock.
//! UIDs are `SLUG-ANCHOR@planpress`, made unique within a plan when two items share a label.

use super::Entry;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::output::OutputFile;
use crate::site::urls::Urls;
use chrono::{Duration, NaiveDate};

pub const PATH: &str = "calendar.ics";

pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut bytes = Vec::new();
    write(site, index, urls, &mut bytes).expect("writing to memory cannot fail");
    OutputFile::new(PATH, bytes)
}

/// Streams the calendar: its head, one event per dated item (in due order, a chunk at a
/// time), its end.
pub fn write(site: &Site, index: &Index, urls: &Urls, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut head = Lines::default();
    head.line("BEGIN:VCALENDAR");
    head.line("VERSION:2.0");
    head.line("PRODID:-//planpress//planpress//EN");
    head.line("CALSCALE:GREGORIAN");
    head.line("METHOD:PUBLISH");
    head.line(&format!("X-WR-CALNAME:{}", escape_text(&site.config.title)));
    out.write_all(head.text.as_bytes())?;
    let stamp = format!("{}T000000Z", site.as_of.format("%Y%m%d"));
    super::write_in_chunks(out, &index.dated, b"", |&r| {
        let mut lines = Lines::default();
        event(site, index, urls, r, &stamp, &mut lines);
        lines.text.into_bytes()
    })?;
    let mut end = Lines::default();
    end.line("END:VCALENDAR");
    out.write_all(end.text.as_bytes())
}

/// One VEVENT for a dated item.
fn event(
    site: &Site,
    index: &Index,
    urls: &Urls,
    r: crate::site::index::ItemRef,
    stamp: &str,
    out: &mut Lines,
) {
    {
        let entry = Entry::new(site, index, r);
        let Some(due) = entry.tracking.due else { return };
        // Slugs are unique in a site and anchors unique in a plan, so this is too.
        let uid = format!("{}-{}@planpress", site.plans[r.plan].slug, entry.anchor);
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}", escape_text(&uid)));
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(due)));
        out.line(&format!("DTEND;VALUE=DATE:{}", ics_date(due + Duration::days(1))));
        out.line(&format!("SUMMARY:{}", escape_text(entry.title)));
        out.line(&format!(
            "DESCRIPTION:{}",
            escape_text(&description(site, &entry))
        ));
        out.line(&format!("URL:{}", uri_value(&urls.absolute(&entry.path(site)))));
        out.line("TRANSP:TRANSPARENT");
        out.line("END:VEVENT");
    }
}

/// Plan, who, when, status and overdue, one per line.
fn description(site: &Site, entry: &Entry) -> String {
    let mut lines = vec![format!("Plan: {}", site.plans[entry.item.plan].title)];
    if let Some(who) = &entry.who {
        lines.push(format!("Who: {who}"));
    }
    if let Some(when) = entry.when {
        lines.push(format!("When: {when}"));
    }
    lines.push(format!("Status: {}", entry.tracking.status.label()));
    if entry.overdue(site) {
        lines.push(format!("Overdue as of {}", site.as_of));
    }
    lines.join("\n")
}

fn ics_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, and any line break
/// as `\n`. Control characters, which TEXT cannot hold, are dropped (tab is kept).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value cannot be escaped like text; it only must not hold control characters or
/// spaces (our URLs never do; this is the last guard).
fn uri_value(uri: &str) -> String {
    uri.chars().filter(|c| !c.is_control() && *c != ' ').collect()
}

/// Content lines, CRLF-terminated and folded at 75 octets.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        self.text.push_str(&fold(line));
        self.text.push_str("\r\n");
    }
}

/// Folds a content line (RFC 5545 3.1): no physical line longer than 75 octets, breaks only
/// between characters, each continuation starting with one space.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / LIMIT * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
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
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), want, "{input:?}");
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
