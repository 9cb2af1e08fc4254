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
//! folded as they are written into the output buffer (see `lines`), piece by piece, rather
//! than built as strings first.

mod lines;

pub use lines::{escape_text, fold};

use super::Entry;
use crate::model::timeframe::push_date;
use crate::site::Site;
use crate::site::index::{self, Index, ItemRef};
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
use chrono::Duration;
use lines::Lines;

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

/// An item of the calendar, looked up.
struct Found<'a> {
    entry: Entry<'a>,
    /// The item's anchor on its plan's page.
    anchor: &'a str,
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
        |&r| calendar.look_up(r),
        |found, buffer| calendar.event(found, &mut Lines::new(buffer)),
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
        push_date(&mut stamp, site.as_of, "");
        stamp.push_str("T000000Z");
        Calendar {
            site,
            index,
            plan_urls,
            stamp,
            as_of: site.as_of.to_string(),
        }
    }

    /// What the event of item `r` shows, its texts touched ([`index::touch`]) so that a
    /// batch of items is fetched from memory side by side before the events are written
    /// (see `write_in_key_order`).
    fn look_up(&self, r: ItemRef) -> Found<'a> {
        let entry = Entry::new(self.site, r);
        let anchor = self.index.anchor(r);
        index::touch([Some(entry.title), Some(anchor), entry.who.as_deref(), entry.when]);
        Found { entry, anchor }
    }

    /// One VEVENT for a dated item.
    fn event(&self, found: Found, out: &mut Lines) {
        let Found { entry, anchor } = found;
        let r = entry.item;
        let Some(due) = entry.tracking.due else { return };
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
            push_date(out, day, "");
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
