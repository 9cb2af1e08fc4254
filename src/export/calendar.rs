//! `calendar.ics`: every dated item of the published plans (actions, deliverables and
//! timeline steps with a due date) as an all-day event on its due date, for calendar apps.
//! In: `index.dated`, in due order. Out: one iCalendar (RFC 5545) file.
//!
//! A small writer rather than a crate, to keep the bytes under our control: text values are
//! escaped (`\`, `;`, `,`, newlines), lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character, and DTSTAMP comes from the as-of date, never the clock.
//! UIDs are `SLUG-ANCHOR@planpress`, made unique within a plan when two items share a label.
//! An event links to its item on the plan's page (`URL`) only when `base_url` is a full URL.
//!
//! There are hundreds of thousands of events in a large site, so values are escaped as they
//! are written into the output buffer (see `lines`), piece by piece, rather than built as
//! strings first; what every event of a plan shows of the plan is escaped once per plan.

mod lines;

pub use lines::{escape_text, fold};

use crate::model::rollup::is_overdue;
use crate::model::timeframe::push_date;
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::{self, Index, ItemRef, Work};
use crate::site::urls::{Urls, paths};
use lines::{EscapedText, Lines};

pub const PATH: &str = "calendar.ics";

/// calendar.ics as an export: streamed.
pub(crate) struct CalendarIcs;

impl super::Export for CalendarIcs {
    fn write(&self, site: &Site, index: &Index, urls: &Urls, sink: &dyn super::Sink) {
        sink.stream(PATH, &|out| write(site, index, urls, out));
    }
}

pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut bytes = Vec::new();
    write(site, index, urls, &mut bytes).expect("writing to memory cannot fail");
    OutputFile::new(PATH, bytes)
}

/// What every event of a calendar shares, worked out once.
struct Calendar<'a> {
    site: &'a Site,
    index: &'a Index,
    /// What the events of each published plan share, by plan index (None for the others).
    plans: Vec<Option<PlanTexts>>,
    /// DTSTAMP: the as-of date at midnight UTC.
    stamp: String,
    /// The as-of date as the description shows it.
    as_of: String,
}

/// What the events of one plan share, escaped once rather than for each event, and side by
/// side in memory for all the plans (events are made a plan at a time, in plan order).
struct PlanTexts {
    slug: EscapedText,
    title: EscapedText,
    /// The plan page's full URL; None when the site has none (`base_url` is a path): an
    /// event's URL must be a full URI (RFC 5545, 3.3.13), and a calendar app has no page
    /// to resolve a path against.
    url: Option<String>,
}

/// An item of the calendar, looked up.
struct Found<'a> {
    item: ItemRef,
    work: Work<'a>,
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
        let mut plans: Vec<Option<PlanTexts>> = site.plans.iter().map(|_| None).collect();
        for &p in &index.published {
            let plan = &site.plans[p];
            plans[p] = Some(PlanTexts {
                slug: EscapedText::new(&plan.slug),
                title: EscapedText::new(&plan.title),
                url: urls.has_origin().then(|| urls.absolute(&paths::plan(&plan.slug))),
            });
        }
        let mut stamp = String::new();
        push_date(&mut stamp, site.as_of, "");
        stamp.push_str("T000000Z");
        Calendar {
            site,
            index,
            plans,
            stamp,
            as_of: site.as_of.to_string(),
        }
    }

    /// What the event of item `r` shows, its texts touched ([`index::touch`]) so that a
    /// batch of items is fetched from memory side by side before the events are written
    /// (see `write_in_key_order`).
    fn look_up(&self, r: ItemRef) -> Found<'a> {
        let work = self.site.work(r);
        let anchor = self.index.anchor(r);
        let plan = self.plan(r);
        let who = match work {
            Work::Item(item) => item.who.as_deref(),
            Work::Step(step) => step.responsibilities.first().map(|(party, _)| party.as_str()),
        };
        index::touch([
            Some(work.title()),
            Some(anchor),
            who,
            work.when(),
            Some(plan.title.as_str()),
            Some(plan.slug.as_str()),
            plan.url.as_deref(),
        ]);
        Found {
            item: r,
            work,
            anchor,
        }
    }

    /// What the events of item `r`'s plan share.
    fn plan(&self, r: ItemRef) -> &PlanTexts {
        self.plans[r.plan]
            .as_ref()
            .expect("only published plans have dated items")
    }

    /// One VEVENT for a dated item.
    fn event(&self, found: Found, out: &mut Lines) {
        let Found {
            item: r,
            work,
            anchor,
        } = found;
        let tracking = work.tracking();
        let Some(due) = tracking.due else { return };
        let plan = self.plan(r);
        out.line("BEGIN:VEVENT");
        // Slugs are unique in a site and anchors unique in a plan, so this is too.
        out.push("UID:");
        out.push_escaped(&plan.slug);
        out.push("-");
        out.push_text(anchor);
        out.push("@planpress");
        out.end_line();
        out.push("DTSTAMP:");
        out.push(&self.stamp);
        out.end_line();
        for (name, day) in [
            ("DTSTART;VALUE=DATE:", due),
            (
                "DTEND;VALUE=DATE:",
                due.succ_opt()
                    .expect("a due date before the last day chrono holds"),
            ),
        ] {
            out.push(name);
            push_date(out, day, "");
            out.end_line();
        }
        out.push("SUMMARY:");
        out.push_text(work.title());
        out.end_line();
        out.push("DESCRIPTION:");
        self.description(plan, work, out);
        out.end_line();
        // The page's URL with the item's fragment, as `Urls::absolute` would make it.
        if let Some(url) = &plan.url {
            out.push("URL:");
            out.push_uri(url);
            out.push_uri("#");
            out.push_uri(anchor);
            out.end_line();
        }
        out.line("TRANSP:TRANSPARENT");
        out.line("END:VEVENT");
    }

    /// Plan, who, when, status and overdue, one per line, as one escaped TEXT value.
    fn description(&self, plan: &PlanTexts, work: Work, out: &mut Lines) {
        out.push("Plan: ");
        out.push_escaped(&plan.title);
        push_who(work, out);
        if let Some(when) = work.when() {
            out.push_text("\nWhen: ");
            out.push_text(when);
        }
        let tracking = work.tracking();
        out.push_text("\nStatus: ");
        out.push_text(tracking.status.label());
        if is_overdue(tracking, self.site.as_of) {
            out.push_text("\nOverdue as of ");
            out.push_text(&self.as_of);
        }
    }
}

/// The description's `Who:` line, if anyone is responsible: an item's `who`, or a step's
/// parties joined by `, ` (as [`Work::who`] joins them, written piece by piece rather than
/// joined into a new string first).
fn push_who(work: Work, out: &mut Lines) {
    match work {
        Work::Item(item) => {
            if let Some(who) = &item.who {
                out.push_text("\nWho: ");
                out.push_text(who);
            }
        }
        Work::Step(step) => {
            for (n, (party, _)) in step.responsibilities.iter().enumerate() {
                out.push_text(if n == 0 { "\nWho: " } else { ", " });
                out.push_text(party);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testing::{HOSTILE_PLAN, WORK_PLAN, site_and_index};

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

    /// A path was written as the URL, which iCalendar does not allow (a URI has a scheme).
    #[test]
    fn events_link_their_page_only_with_a_full_url() {
        let full = unfold(&ics(&[WORK_PLAN], "https://x.org/ec/"));
        let urls: Vec<&str> = full.lines().filter(|l| l.starts_with("URL:")).collect();
        assert_eq!(
            urls,
            [
                "URL:https://x.org/ec/plans/csdwg/#g1-o1-d1",
                "URL:https://x.org/ec/plans/csdwg/#g1-o1-a1",
                "URL:https://x.org/ec/plans/csdwg/#step-1",
            ]
        );
        for path in ["/", "/ec/"] {
            let text = unfold(&ics(&[WORK_PLAN], path));
            assert!(!text.contains("URL:"), "{path}: {text}");
            assert!(
                text.contains("Status: Completed\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"),
                "{text}"
            );
            assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
        }
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
