//! `data/actions.csv`: one row per action step, deliverable and timeline step of every
//! published plan, for spreadsheets. In: the published plans. Out: RFC 4180 CSV (CRLF, a
//! header row), plans in index order and items in page order.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some a tab or a carriage
//! return, or a full-width or small form of those signs) as a formula, so such a cell is
//! prefixed with `'`, as OWASP advises ("CSV Injection"); the `csv` crate quotes whatever
//! else needs it.

use super::per_plan::{Destination, PlanExport, PlanRun};
use super::{Entry, Sink};
use crate::model::Plan;
use crate::model::timeframe::push_date;
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::{Index, ItemLoc};
use crate::site::urls::{Urls, paths};
use chrono::NaiveDate;
use std::fmt::Write as _;

pub const PATH: &str = "data/actions.csv";

/// The columns, in order: each header with the cell it holds. The plan's cells come first,
/// then the objective's, then the row's own (a `const` check holds them in that order), so
/// the cells a plan's rows share, and those an objective's share, are made once and copied.
pub(crate) const COLUMNS: [(&str, Cell); 14] = [
    ("plan", Cell::Plan(|p| p.title)),
    ("plan_url", Cell::Plan(|p| &p.url)),
    ("jurisdiction", Cell::Plan(|p| &p.jurisdiction)),
    ("goal", Cell::Objective(|e| e.goal.unwrap_or_default())),
    ("objective", Cell::Objective(|e| e.objective.unwrap_or_default())),
    ("kind", Cell::Row(|e, _, _| e.kind)),
    ("id", Cell::Row(|e, _, _| e.id.unwrap_or_default())),
    ("title", Cell::Row(|e, _, _| e.title)),
    ("who", Cell::Row(|e, _, _| e.who.as_deref().unwrap_or_default())),
    ("when", Cell::Row(|e, _, _| e.when.unwrap_or_default())),
    (
        "due",
        Cell::Row(|e, _, scratch| {
            if let Some(due) = e.tracking.due {
                push_date(scratch, due, "-");
            }
            scratch
        }),
    ),
    ("status", Cell::Row(|e, _, _| e.tracking.status.name())),
    (
        "progress",
        Cell::Row(|e, _, scratch| {
            if let Some(progress) = e.tracking.progress.get() {
                let _ = write!(scratch, "{}", super::round1(progress));
            }
            scratch
        }),
    ),
    (
        "overdue",
        Cell::Row(|e, as_of, _| if e.overdue(as_of) { "true" } else { "false" }),
    ),
];

/// The header row's names, from [`COLUMNS`].
pub const HEADER: [&str; 14] = {
    let mut header = [""; 14];
    let mut n = 0;
    while n < COLUMNS.len() {
        header[n] = COLUMNS[n].0;
        n += 1;
    }
    header
};

/// What a column's cell holds, and whose it is.
pub(crate) enum Cell {
    /// The plan's: the same in all its rows.
    Plan(for<'t> fn(&'t PlanCells<'_>) -> &'t str),
    /// The objective's (empty for a timeline step): the same in all its items' rows.
    Objective(for<'e> fn(&'e Entry<'_>) -> &'e str),
    /// The row's own, given the as-of date and an empty scratch string to write it in.
    Row(for<'e> fn(&'e Entry<'_>, NaiveDate, &'e mut String) -> &'e str),
}

impl Cell {
    /// Whose the cell is: 0 the plan's, 1 the objective's, 2 the row's.
    const fn level(&self) -> u8 {
        match self {
            Cell::Plan(_) => 0,
            Cell::Objective(_) => 1,
            Cell::Row(_) => 2,
        }
    }
}

/// Where the cells of each level end in [`COLUMNS`]: the plan's, then the objective's.
const PLAN_END: usize = level_end(0);
const OBJECTIVE_END: usize = level_end(1);

/// The first column past those of `level` and the levels before it.
const fn level_end(level: u8) -> usize {
    let mut n = 0;
    while n < COLUMNS.len() && COLUMNS[n].1.level() <= level {
        n += 1;
    }
    n
}

/// The plan's cells first, then the objective's, then the row's, and at least one of the
/// row's (the last cell ends the row).
const _: () = {
    let mut n = 1;
    while n < COLUMNS.len() {
        assert!(
            COLUMNS[n - 1].1.level() <= COLUMNS[n].1.level(),
            "columns grouped by level"
        );
        n += 1;
    }
    assert!(OBJECTIVE_END < COLUMNS.len(), "a row has cells of its own");
};

/// What a plan's cells are made of.
pub(crate) struct PlanCells<'a> {
    pub title: &'a str,
    /// The plan page's URL, absolute when the site has an origin.
    pub url: String,
    /// The jurisdiction codes, `; `-separated.
    pub jurisdiction: String,
}

impl<'a> PlanCells<'a> {
    fn new(plan: &'a Plan, urls: &Urls) -> PlanCells<'a> {
        PlanCells {
            title: &plan.title,
            url: urls.absolute(&paths::plan(&plan.slug)),
            jurisdiction: plan.jurisdictions.join("; "),
        }
    }
}

/// actions.csv as a per-plan export.
pub(crate) struct ActionsCsv;

impl PlanExport for ActionsCsv {
    fn destination<'s>(&self, _: &'s dyn Sink) -> Destination<'s> {
        Destination::Stream(PATH)
    }

    fn head(&self, _: &Site) -> Vec<u8> {
        let mut header = writer(Vec::new());
        header
            .write_record(HEADER)
            .expect("writing to memory cannot fail");
        header.into_inner().expect("flushing to memory cannot fail")
    }

    fn run<'a>(&self, site: &'a Site, urls: &'a Urls) -> Box<dyn PlanRun + 'a> {
        Box::new(Rows {
            site,
            urls,
            out: Vec::new(),
            scratch: String::new(),
            opening: Opening::default(),
        })
    }
}

/// The file, in memory.
pub fn file(site: &Site, index: &Index, urls: &Urls) -> OutputFile {
    let mut files = super::per_plan::files_of(&ActionsCsv, site, index, urls);
    files.pop().expect("one file")
}

fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Rows being written into a buffer of their own.
struct Rows<'a> {
    site: &'a Site,
    urls: &'a Urls,
    out: Vec<u8>,
    /// Where a date or a number is written before it becomes a cell.
    scratch: String,
    /// The cells that open each row.
    opening: Opening,
}

/// The cells that open a row, which its plan's other rows (title, URL, jurisdictions) and
/// its objective's (goal, objective) share: written once for all of them, and copied into
/// each row. They are about half a row's bytes, and each byte of a cell is looked at to
/// know whether to quote it.
#[derive(Default)]
struct Opening {
    /// The plan's cells, each followed by a delimiter.
    plan: Vec<u8>,
    /// The objective's cells, each followed by a delimiter.
    objective: Vec<u8>,
    /// Which goal and objective `objective` is of (none for a timeline step); none before
    /// the plan's first row.
    objective_of: Option<Option<(u32, u32)>>,
}

impl Opening {
    /// Starts the rows of a plan.
    fn plan(&mut self, plan: &PlanCells) {
        self.plan.clear();
        for (_, cell) in &COLUMNS[..PLAN_END] {
            if let Cell::Plan(value) = cell {
                push_cell(&mut self.plan, value(plan));
                self.plan.push(b',');
            }
        }
        self.objective_of = None;
    }

    /// The opening of `entry`'s row, its goal and objective written unless they are the
    /// last row's: the plan's cells, then the objective's.
    fn of(&mut self, entry: &Entry) -> [&[u8]; 2] {
        let key = match entry.item.loc {
            ItemLoc::Item { goal, objective, .. } => Some((goal, objective)),
            ItemLoc::Step(_) => None,
        };
        if self.objective_of != Some(key) {
            self.objective.clear();
            for (_, cell) in &COLUMNS[PLAN_END..OBJECTIVE_END] {
                if let Cell::Objective(value) = cell {
                    push_cell(&mut self.objective, value(entry));
                    self.objective.push(b',');
                }
            }
            self.objective_of = Some(key);
        }
        [&self.plan, &self.objective]
    }
}

impl PlanRun for Rows<'_> {
    /// A row per action, deliverable and step of plan `p`.
    fn plan(&mut self, p: usize, _: bool) {
        let site = self.site;
        let plan = &site.plans[p];
        self.opening.plan(&PlanCells::new(plan, self.urls));
        for r in crate::site::index::plan_work(plan, p) {
            self.row(&Entry::new(site, r));
        }
    }

    fn bytes(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }
}

impl Rows<'_> {
    /// A row: its opening, copied in, then its own cells, the last ending the row.
    fn row(&mut self, entry: &Entry) {
        for cells in self.opening.of(entry) {
            self.out.extend_from_slice(cells);
        }
        let as_of = self.site.as_of;
        let own = &COLUMNS[OBJECTIVE_END..];
        for (n, (_, cell)) in own.iter().enumerate() {
            if let Cell::Row(value) = cell {
                self.scratch.clear();
                push_cell(&mut self.out, value(entry, as_of, &mut self.scratch));
                self.out.push(if n + 1 < own.len() { b',' } else { b'\r' });
            }
        }
        self.out.push(b'\n');
    }
}

/// Appends `cell`, guarded, as the `csv` crate writes a field (with `writer`'s settings):
/// in quotes, its quotes doubled, when it holds a delimiter, a quote, CR or LF, else as it
/// is. By hand because the crate's writer, a state machine with its own buffer, took about
/// half of the file's time; `cells_are_written_as_the_csv_crate_writes_them` holds them to
/// the same bytes. (The crate also writes `""` for a record of one empty field, which a
/// row of fourteen never is.)
fn push_cell(out: &mut Vec<u8>, cell: &str) {
    let guard: &[u8] = if is_formula(cell) { b"'" } else { b"" };
    let bytes = cell.as_bytes();
    if !needs_quotes(bytes) {
        out.extend_from_slice(guard);
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    out.extend_from_slice(guard);
    for (n, part) in bytes.split(|&b| b == b'"').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part);
    }
    out.push(b'"');
}

/// Whether the `csv` crate would quote `bytes`: whether they hold `,`, `"`, CR or LF.
fn needs_quotes(bytes: &[u8]) -> bool {
    super::any_byte(bytes, |b| (b == b',') | (b == b'"') | (b == b'\r') | (b == b'\n'))
}

/// Whether a spreadsheet would read `cell` as a formula: it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return, or with a full-width (`＝ ＋ － ＠`) or small (`﹦ ﹢ ﹣ ﹫`)
/// form of the first four, which spreadsheets in East Asian locales read as the ASCII sign.
fn is_formula(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    match bytes.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        // Every wide or small form is a three-byte character starting 0xEF: the first byte
        // rules out nearly every other cell without decoding a character.
        Some(0xEF) => matches!(
            cell.chars().next(),
            Some('＝' | '＋' | '－' | '＠' | '﹦' | '﹢' | '﹣' | '﹫')
        ),
        _ => false,
    }
}

/// Prefixes `'` to a cell a spreadsheet would read as a formula.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests;
