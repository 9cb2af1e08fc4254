//! `data/actions.csv`: one row per action step, deliverable and timeline step of every
//! published plan, for spreadsheets. In: the published plans. Out: RFC 4180 CSV (CRLF, a
//! header row), plans in index order and items in page order.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some a tab or a carriage
//! return) as a formula, so such a cell is prefixed with `'`, as OWASP advises ("CSV
//! Injection"); the `csv` crate quotes whatever else needs it.

use super::Entry;
use crate::model::timeframe::push_date;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
use std::fmt::Write as _;

pub const PATH: &str = "data/actions.csv";

pub const HEADER: [&str; 14] = [
    "plan",
    "plan_url",
    "jurisdiction",
    "goal",
    "objective",
    "kind",
    "id",
    "title",
    "who",
    "when",
    "due",
    "status",
    "progress",
    "overdue",
];

pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut bytes = Vec::new();
    write(site, index, urls, &mut bytes).expect("writing to memory cannot fail");
    OutputFile::new(PATH, bytes)
}

fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Streams the file: the header, then each plan's rows, a chunk of plans at a time.
pub fn write(site: &Site, index: &Index, urls: &Urls, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(&header())?;
    super::write_in_chunks(out, &index.published, |run, buffer| {
        // One CSV writer and one scratch string for the whole run of plans.
        let mut rows = Rows::new(buffer);
        for &p in run.items {
            rows.plan(site, urls, p);
        }
        rows.finish();
    })
}

/// The header row.
pub(crate) fn header() -> Vec<u8> {
    let mut header = writer(Vec::new());
    header
        .write_record(HEADER)
        .expect("writing to memory cannot fail");
    header.into_inner().expect("flushing to memory cannot fail")
}

/// Rows being written into a buffer.
pub(crate) struct Rows<'b> {
    writer: csv::Writer<&'b mut Vec<u8>>,
    /// Where a date or a number is written before it becomes a cell.
    scratch: String,
}

impl<'b> Rows<'b> {
    pub(crate) fn new(buffer: &'b mut Vec<u8>) -> Rows<'b> {
        Rows {
            writer: writer(buffer),
            scratch: String::new(),
        }
    }

    /// Writes out the rows still held by the CSV writer.
    pub(crate) fn finish(mut self) {
        self.writer.flush().expect("writing to memory cannot fail");
    }
}

impl Rows<'_> {
    /// A row per action, deliverable and step of plan `p`.
    pub(crate) fn plan(&mut self, site: &Site, urls: &Urls, p: usize) {
        let plan = &site.plans[p];
        let plan_url = urls.absolute(&paths::plan(&plan.slug));
        let jurisdiction = plan.jurisdictions.join("; ");
        for r in crate::site::index::plan_work(plan, p) {
            let entry = Entry::new(site, r);
            for cell in [&plan.title, &plan_url, &jurisdiction] {
                self.cell(cell);
            }
            self.row(site, &entry);
        }
    }

    /// The cells of a row after the plan's, and the row's end.
    fn row(&mut self, site: &Site, entry: &Entry) {
        let t = entry.tracking;
        self.cell(entry.goal.unwrap_or_default());
        self.cell(entry.objective.unwrap_or_default());
        self.cell(entry.kind);
        self.cell(entry.id.unwrap_or_default());
        self.cell(entry.title);
        self.cell(entry.who.as_deref().unwrap_or_default());
        self.cell(entry.when.unwrap_or_default());
        self.scratch.clear();
        if let Some(due) = t.due {
            push_date(&mut self.scratch, due, "-");
        }
        write_cell(&mut self.writer, &self.scratch);
        self.cell(t.status.name());
        self.scratch.clear();
        if let Some(progress) = t.progress.get() {
            let _ = write!(self.scratch, "{}", super::round1(progress));
        }
        write_cell(&mut self.writer, &self.scratch);
        self.cell(if entry.overdue(site) { "true" } else { "false" });
        self.writer
            .write_record(None::<&[u8]>)
            .expect("writing to memory cannot fail");
    }

    fn cell(&mut self, cell: &str) {
        write_cell(&mut self.writer, cell);
    }
}

/// Writes one cell of the current row, guarded.
fn write_cell(writer: &mut csv::Writer<&mut Vec<u8>>, cell: &str) {
    writer
        .write_field(guard_formula(cell).as_bytes())
        .expect("writing to memory cannot fail");
}

/// Prefixes `'` to a cell a spreadsheet would read as a formula.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    // Every prefix is ASCII, so the first byte tells (without decoding a character).
    if matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};

    fn rows(plans: &[&str]) -> (String, Vec<Vec<String>>) {
        let (site, index) = site_and_index(plans);
        let file = file(&site, &index, &Urls::new("/"));
        let text = String::from_utf8(file.bytes).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, HEADER);
        let rows = reader
            .records()
            .map(|r| r.expect("row").iter().map(String::from).collect())
            .collect();
        (text, rows)
    }

    #[test]
    fn guards_every_formula_prefix() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(guard_formula(input), want, "{input:?}");
        }
    }

    #[test]
    fn one_row_per_action_deliverable_and_step() {
        let (text, rows) = rows(&[WORK_PLAN, EMPTY_PLAN]);
        assert!(text.contains("\r\n"), "CRLF line endings");
        let kinds: Vec<&str> = rows.iter().map(|r| r[5].as_str()).collect();
        assert_eq!(kinds, ["action", "action", "deliverable", "step"]);
        let first = &rows[0];
        assert_eq!(first[0], "Community Systems Work Plan");
        assert_eq!(first[1], "/plans/csdwg/");
        assert_eq!(first[2], "IL");
        assert_eq!(first[3], "Advise the task force");
        assert_eq!(first[4], "Provide technical assistance");
        assert_eq!(
            &first[6..],
            [
                "",
                "Build a cadre of consultants",
                "CSDWG, HVTF",
                "2024-03-31",
                "2024-03-31",
                "in-progress",
                "40",
                "true"
            ]
        );
        assert_eq!(rows[3][8], "State Specialists");
        assert_eq!(rows[3][3], "");
    }

    #[test]
    fn hostile_cells_are_quoted_and_guarded() {
        let (_, rows) = rows(&[HOSTILE_PLAN]);
        let row = &rows[0];
        assert_eq!(row[0], "<script>&\"' =cmd");
        assert_eq!(row[3], "'=HYPERLINK(\"http://x\")");
        assert_eq!(row[4], "'+1");
        assert_eq!(row[7], "'@SUM(A1), <i>; \\ end");
        assert_eq!(row[8], "'-2");
    }

    #[test]
    fn multi_state_plans_join_codes() {
        let two = "title: Two\nslug: two\nstates: [IL, IN]\ntype: work-plan\nstatus: final\n\
                   goals: [{title: G, objectives: [{title: O, actions: [A]}]}]\n";
        let (_, rows) = rows(&[two]);
        assert_eq!(rows[0][2], "IL; IN");
    }
}
