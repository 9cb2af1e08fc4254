//! Timeframes as plan authors write them.
//!
//! In: the free text of a `when`, `start`, `end` or `due` field, such as
//! `6/30/2011`, `March/April 2011`, `Q3 FY2017` or `Ongoing`.
//! Out: a [`Timeframe`] that keeps the author's text for display and says what
//! planpress derived from it: an exact day, a span (due on its last day), a
//! recurring, unscheduled or finished marker, or plain text that `check` warns
//! about. Parsing never fails and never panics; what it cannot read stays text.
//!
//! How it reads: the text is lower-cased and cut into words, numbers, dashes
//! and slashes (spaces, commas, colons and periods only separate). Leading
//! phrases such as "by" or "no later than" are stripped, then the tokens left
//! are matched against a few shapes: one date or span, or two of them joined
//! by a range separator (`-`, `/`, `to`, `through`).

use std::ops::RangeInclusive;

use chrono::{Datelike, Months, NaiveDate};

/// A timeframe as the author wrote it, with what planpress derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeframe {
    /// The author's text, trimmed, shown as written.
    pub text: String,
    pub kind: TimeframeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeframeKind {
    /// An exact day (`2011-06-30`, `6/30/2011`, `8/1/16`, `June 30, 2011`, `30 June 2011`).
    Day(NaiveDate),
    /// A span written as a month, months, quarter, season, fiscal or calendar year, or a range; due at its last day.
    /// `start` is the first day of the span.
    Span { start: NaiveDate, end: NaiveDate },
    /// `Ongoing`, `Continuous`, `Monthly`, `Quarterly`, `Annually`, `Throughout`… : recurring work with no due date.
    Ongoing,
    /// `TBD`, `TBA`, `To be determined`: unscheduled.
    Tbd,
    /// `Completed`, `Complete`, `Done`: the author says it is already finished.
    Completed,
    /// Anything else: kept as text (check warns).
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeframeOptions {
    /// First month (1-12) of the fiscal year; `FY2017` ends the day before this month of 2017
    /// when start_month > 1 (US federal: 10, so FY2017 = 2016-10-01..=2017-09-30; many states: 7).
    pub fiscal_year_start_month: u32,
}

impl Default for TimeframeOptions {
    /// The US federal fiscal year, which starts in October.
    fn default() -> Self {
        TimeframeOptions {
            fiscal_year_start_month: 10,
        }
    }
}

impl Timeframe {
    pub fn parse(text: &str, options: &TimeframeOptions) -> Timeframe {
        let text = text.trim();
        Timeframe {
            text: text.to_string(),
            kind: classify(text, options),
        }
    }

    /// The day this timeframe is due, if any: Day -> that day, Span -> end.
    pub fn due(&self) -> Option<NaiveDate> {
        match self.kind {
            TimeframeKind::Day(day) => Some(day),
            TimeframeKind::Span { end, .. } => Some(end),
            _ => None,
        }
    }

    /// The first day, if any: Day -> that day, Span -> start.
    pub fn start(&self) -> Option<NaiveDate> {
        match self.kind {
            TimeframeKind::Day(day) => Some(day),
            TimeframeKind::Span { start, .. } => Some(start),
            _ => None,
        }
    }

    /// True for TimeframeKind::Text (check warns that it stays free text).
    pub fn is_free_text(&self) -> bool {
        self.kind == TimeframeKind::Text
    }
}

/// Parse a date that must be exact (for `period.start`, `updated`): the Day forms only.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    day(&tokenize(&text.trim().to_lowercase()), None)
}

/// Years outside this window are taken for typos and stay text.
const YEARS: RangeInclusive<i32> = 1900..=2200;

/// No real timeframe needs more tokens; the cap bounds the work done on long input.
const MAX_TOKENS: usize = 24;

fn classify(text: &str, options: &TimeframeOptions) -> TimeframeKind {
    if let Some(kind) = keyword(text) {
        return kind;
    }
    let lower = text.to_lowercase();
    let tokens = tokenize(&lower);
    if tokens.len() > MAX_TOKENS {
        return TimeframeKind::Text;
    }
    let (mode, rest) = strip_prefixes(&tokens);
    let Some(found) = Grammar::new(options).expression(rest) else {
        return TimeframeKind::Text;
    };
    match mode {
        Mode::Due => found.kind(),
        // "Before June 2012" is due on the last day before the span begins.
        Mode::Before => found
            .start
            .pred_opt()
            .map_or(TimeframeKind::Text, TimeframeKind::Day),
        // "Starting June 2012" names when work begins, not a deadline: we keep
        // only its first day, as a Day, so sorting places it where work starts.
        Mode::Start => TimeframeKind::Day(found.start),
    }
}

/// The whole-text keywords: recurring, unscheduled and finished work.
/// Only an exact match counts, so "Completed 6/2011" or "Ongoing since 2010" stay text.
fn keyword(text: &str) -> Option<TimeframeKind> {
    const ONGOING: &str = "ongoing|on going|continuous|continuously|continuing|continual|\
        monthly|quarterly|annually|annual|yearly|weekly|daily|as needed|throughout|\
        throughout the year|recurring|in progress";
    const TBD: &str = "tbd|tba|to be determined|to be announced|unknown";
    const COMPLETED: &str = "completed|complete|done|finished";
    // "On-going." reads as "on going": dashes become spaces, spaces collapse.
    let lower = text.to_lowercase().replace('-', " ");
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = joined.strip_suffix('.').unwrap_or(&joined).trim_end();
    [
        (ONGOING, TimeframeKind::Ongoing),
        (TBD, TimeframeKind::Tbd),
        (COMPLETED, TimeframeKind::Completed),
    ]
    .into_iter()
    .find(|(words, _)| words.split('|').any(|w| w == key))
    .map(|(_, kind)| kind)
}

/// How a leading phrase changes the reading of the date after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The date is the due date ("by", "due", "no later than", or nothing).
    Due,
    /// Due the day before the date ("before", "prior to").
    Before,
    /// The date is when work starts ("beginning", "starting").
    Start,
}

/// Leading phrases by mode. A longer phrase comes before its own first word
/// ("due date" before "due"), so it is stripped whole.
const PREFIXES: [(&str, Mode); 3] = [
    (
        "no later than|not later than|target date|due date|by|due|nlt|target|\
         through|thru|until|in|on|the",
        Mode::Due,
    ),
    ("prior to|before", Mode::Before),
    ("beginning of|start of|beginning|starting|start", Mode::Start),
];

/// Strips leading phrases, any number of them ("Due by the end of 2012").
/// When several set a mode, the last one wins.
fn strip_prefixes<'a>(mut t: &'a [&'a str]) -> (Mode, &'a [&'a str]) {
    let mut mode = Mode::Due;
    'strip: loop {
        for (phrases, phrase_mode) in PREFIXES {
            for phrase in phrases.split('|') {
                let words: Vec<&str> = phrase.split(' ').collect();
                if t.starts_with(&words) {
                    t = &t[words.len()..];
                    if phrase_mode != Mode::Due {
                        mode = phrase_mode;
                    }
                    continue 'strip;
                }
            }
        }
        return (mode, t);
    }
}

/// What a shape matched: the days from `start` to `end`. One day is an exact
/// day; a range that begins and ends on the same day reads as that day too.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: NaiveDate,
    end: NaiveDate,
}

impl Found {
    fn kind(self) -> TimeframeKind {
        let Found { start, end } = self;
        if start == end {
            TimeframeKind::Day(start)
        } else {
            TimeframeKind::Span { start, end }
        }
    }
}

/// A written year: calendar (`2012`, `CY2012`) or fiscal (`FY2012`).
#[derive(Debug, Clone, Copy)]
enum YearSpec {
    Calendar(i32),
    Fiscal(i32),
}

impl YearSpec {
    fn previous(self) -> YearSpec {
        match self {
            YearSpec::Calendar(y) => YearSpec::Calendar(y - 1),
            YearSpec::Fiscal(y) => YearSpec::Fiscal(y - 1),
        }
    }
}

/// The shapes that need the options (fiscal years); the rest are free functions.
struct Grammar {
    fiscal_start: u32,
}

impl Grammar {
    fn new(options: &TimeframeOptions) -> Grammar {
        // A month outside 1-12 cannot start a year: use the federal default.
        let month = Some(options.fiscal_year_start_month).filter(|m| (1..=12).contains(m));
        let fiscal_start = month.unwrap_or(TimeframeOptions::default().fiscal_year_start_month);
        Grammar { fiscal_start }
    }

    /// One date or span, or else two of them joined by a range separator.
    fn expression(&self, t: &[&str]) -> Option<Found> {
        self.single(t, None).or_else(|| {
            (1..t.len().saturating_sub(1))
                .filter(|&i| matches!(t[i], "-" | "/" | "to" | "through" | "thru"))
                .find_map(|i| self.range(&t[..i], &t[i + 1..]))
        })
    }

    /// A range from the start of `left` to the end of `right`.
    fn range(&self, left: &[&str], right: &[&str]) -> Option<Found> {
        let last = match (year_spec(left), right) {
            // "FY2017-2019": a bare year after a fiscal year is fiscal too.
            (Some(YearSpec::Fiscal(_)), [y]) => self.year(YearSpec::Fiscal(year4(y)?))?,
            _ => self.single(right, None)?,
        };
        let first = match self.single(left, None) {
            Some(first) => first,
            None => {
                // "March/April 2011": the first part borrows the year written last.
                let year = trailing_year(right)?;
                let first = self.single(left, Some(year))?;
                // "Nov-Jan 2012": the year sits next to January, so it is
                // January's year and the range begins the year before
                // (2011-11-01..2012-01-31), keeping the due date as written.
                if first.start > last.end {
                    self.single(left, Some(year.previous()))?
                } else {
                    first
                }
            }
        };
        let (start, end) = (first.start, last.end);
        (start <= end).then_some(Found { start, end })
    }

    /// One date or span; `year` fills in a missing year (see [`Grammar::range`]).
    fn single(&self, t: &[&str], year: Option<YearSpec>) -> Option<Found> {
        if let Some(d) = day(t, year) {
            return Some(Found { start: d, end: d });
        }
        month(t, year)
            .or_else(|| season(t, year))
            .or_else(|| self.part_of_year(t, year))
            .or_else(|| self.end_of(t))
            .or_else(|| self.year(year_spec(t)?))
    }

    /// A whole calendar or fiscal year.
    fn year(&self, spec: YearSpec) -> Option<Found> {
        match spec {
            YearSpec::Calendar(y) => months(y, 1, 12),
            // FY2017 ends the day before its start month of 2017, so with a
            // start after January it begins in 2016.
            YearSpec::Fiscal(y) if self.fiscal_start > 1 => months(y - 1, self.fiscal_start, 12),
            YearSpec::Fiscal(y) => months(y, 1, 12),
        }
    }

    /// A quarter or half of a calendar or fiscal year: `Q3 2017`, `2017 Q3`,
    /// `Q3 FY2017`, `3rd quarter of 2017`, `H1 2012`, `second half 2012`.
    /// Fiscal parts count from the fiscal year's first month.
    fn part_of_year(&self, t: &[&str], year: Option<YearSpec>) -> Option<Found> {
        let (parts, n, spec) = match (part_head(t), t) {
            (Some((parts, n, rest)), _) => (parts, n, year_spec_or(rest, year)?),
            // "2017 Q3", "FY2017 H1": the year written first.
            (None, [head @ .., "q", n]) => (4, small(n)?, year_spec(head)?),
            (None, [head @ .., "h", n]) => (2, small(n)?, year_spec(head)?),
            _ => return None,
        };
        if !(1..=parts).contains(&n) {
            return None;
        }
        let length = 12 / parts;
        let year_start = self.year(spec)?.start;
        let start = year_start.checked_add_months(Months::new((n - 1) * length))?;
        months(start.year(), start.month(), length)
    }

    /// `End of 2012`, `End of Q3 2017`: the last month of the span (a day stays itself).
    fn end_of(&self, t: &[&str]) -> Option<Found> {
        let ["end", "of", rest @ ..] = t else {
            return None;
        };
        let Found { start, end } = self.single(rest, None)?;
        let start = end.with_day(1)?.max(start);
        Some(Found { start, end })
    }
}

/// The exact-day shapes: `2011-06-30`, `2011/06/30`, `6/30/2011`, `6-30-2011`,
/// `8/1/16`, `June 30 2011`, `30 June 2011`. Impossible days give `None`.
fn day(t: &[&str], year: Option<YearSpec>) -> Option<NaiveDate> {
    match t {
        [y, "-", m, "-", d] | [y, "/", m, "/", d] if year4(y).is_some() => {
            ymd(year4(y)?, small(m)?, small(d)?)
        }
        [m, "-", d, "-", y] | [m, "/", d, "/", y] => ymd(short_or_full_year(y)?, small(m)?, small(d)?),
        [m, d, rest @ ..] | [d, m, rest @ ..] if month_name(m).is_some() => {
            ymd(calendar_year(rest, year)?, month_name(m)?, small(d)?)
        }
        _ => None,
    }
}

/// A whole month: `June 2011`, `June of 2011`, `6/2011`, `2011-06`.
fn month(t: &[&str], year: Option<YearSpec>) -> Option<Found> {
    match t {
        [m, "-" | "/", y] if small(m).is_some() => months(year4(y)?, small(m)?, 1),
        [y, "-" | "/", m] if year4(y).is_some() => months(year4(y)?, small(m)?, 1),
        [m, rest @ ..] => months(calendar_year(rest, year)?, month_name(m)?, 1),
        _ => None,
    }
}

/// Seasons: `Spring 2012` (Mar-May), `Summer` (Jun-Aug), `Fall`/`Autumn`
/// (Sep-Nov), `Winter 2012` (Dec 2012-Feb 2013); and thirds of a year:
/// `Early 2012` (Jan-Apr), `Mid 2012`/`mid-2012` (May-Aug), `Late 2012` (Sep-Dec).
fn season(t: &[&str], year: Option<YearSpec>) -> Option<Found> {
    let [name, rest @ ..] = t else { return None };
    let (first_month, count) = match *name {
        "spring" => (3, 3),
        "summer" => (6, 3),
        "fall" | "autumn" => (9, 3),
        "winter" => (12, 3),
        "early" => (1, 4),
        "mid" | "middle" => (5, 4),
        "late" => (9, 4),
        _ => return None,
    };
    // "mid-June 2012" is no range from mid-year to June: thirds of a year
    // never borrow a range's year, so it stays text.
    let is_third = count == 4;
    let year = calendar_year(skip_word(rest, "-"), year.filter(|_| !is_third))?;
    months(year, first_month, count)
}

/// The front of `Q3 …`, `H1 …`, `3rd quarter of …`, `second half …`:
/// (parts in a year, which part, the tokens after it).
fn part_head<'a>(t: &'a [&'a str]) -> Option<(u32, u32, &'a [&'a str])> {
    let (parts, n, rest) = match t {
        ["q", n, rest @ ..] => (4, small(n)?, rest),
        ["h", n, rest @ ..] => (2, small(n)?, rest),
        [n, "quarter" | "qtr", rest @ ..] => (4, ordinal(n)?, rest),
        [n, "half", rest @ ..] => (2, ordinal(n)?, rest),
        _ => return None,
    };
    Some((parts, n, skip_word(rest, "of")))
}

/// `first` to `fourth`, or a number (`3rd` arrives as `3`).
fn ordinal(t: &str) -> Option<u32> {
    let words = ["first", "second", "third", "fourth"];
    match words.iter().position(|w| *w == t) {
        Some(i) => u32::try_from(i + 1).ok(),
        None => small(t),
    }
}

/// A year on its own: `2012`, `CY2012`, `Calendar year 2012`, `FY17`, `FY 2017`,
/// `SFY 2017`, `FFY 2017`, `Fiscal year 2017`, `FY2016-2017`, `FY 2016-17`.
/// State (`SFY`) and federal (`FFY`) fiscal years use the configured start
/// month like plain `FY`: a plan speaks of one kind.
fn year_spec(t: &[&str]) -> Option<YearSpec> {
    match t {
        [y] | ["cy", y] | ["calendar", "year", y] => year4(y).map(YearSpec::Calendar),
        ["fy" | "sfy" | "ffy", rest @ ..] | ["fiscal", "year", rest @ ..] => {
            fiscal_year(rest).map(YearSpec::Fiscal)
        }
        _ => None,
    }
}

/// The year after `FY`: `2017`, `17`, or a pair naming the year it ends in
/// (`2016-2017`, `2016-17`, `2016/17`).
fn fiscal_year(t: &[&str]) -> Option<i32> {
    match t {
        [y] => short_or_full_year(y),
        [first, "-" | "/", second] => {
            let next = year4(first)? + 1;
            let short = u32::try_from(next % 100).ok();
            (year4(second) == Some(next) || small(second) == short).then_some(next)
        }
        _ => None,
    }
}

/// The year after an optional `of`, or `default` when none is written.
fn year_spec_or(rest: &[&str], default: Option<YearSpec>) -> Option<YearSpec> {
    match skip_word(rest, "of") {
        [] => default,
        rest => year_spec(rest),
    }
}

/// Like [`year_spec_or`], for shapes that only make sense in a calendar year
/// (days, months, seasons): `June FY2017` stays text.
fn calendar_year(rest: &[&str], default: Option<YearSpec>) -> Option<i32> {
    match year_spec_or(rest, default)? {
        YearSpec::Calendar(y) => Some(y),
        YearSpec::Fiscal(_) => None,
    }
}

/// The year written at the end of a range ("2011" in "March/April 2011"),
/// trying the longest ending first so "FY 2017" is not read as "2017".
fn trailing_year(t: &[&str]) -> Option<YearSpec> {
    (1..=t.len().min(5))
        .rev()
        .find_map(|n| year_spec(&t[t.len() - n..]))
}

/// `count` whole months from the first of `month` in `year`.
fn months(year: i32, month: u32, count: u32) -> Option<Found> {
    let start = ymd(year, month, 1)?;
    let end = start.checked_add_months(Months::new(count))?.pred_opt()?;
    Some(Found { start, end })
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Cuts lower-cased text into words, digit runs, `-` (any dash) and `/`.
/// Spaces, commas, colons and periods only separate; any other symbol is a
/// token of its own that no shape accepts. Letters and digits split apart,
/// so `FY2017` reads as `fy 2017` and `Q3` as `q 3`.
fn tokenize(lower: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut rest = lower;
    let mut after_number = false;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '0'..='9' => rest.find(|c: char| !c.is_ascii_digit()),
            c if c.is_alphabetic() => rest.find(|c: char| !c.is_alphabetic()),
            c => Some(c.len_utf8()),
        };
        let (token, after) = rest.split_at(len.unwrap_or(rest.len()));
        rest = after;
        match token {
            // "3rd", "30th": an ordinal suffix stuck to its number is dropped.
            "st" | "nd" | "rd" | "th" if after_number => {}
            "-" | "‐" | "‑" | "–" | "—" | "−" => tokens.push("-"),
            _ if c.is_whitespace() || matches!(c, ',' | '.' | ':') => {}
            _ => tokens.push(token),
        }
        after_number = c.is_ascii_digit();
    }
    tokens
}

fn skip_word<'a>(t: &'a [&'a str], word: &str) -> &'a [&'a str] {
    match t {
        [first, rest @ ..] if *first == word => rest,
        _ => t,
    }
}

/// A run of ASCII digits of a length in `lengths`, as a number.
fn number(t: &str, lengths: RangeInclusive<usize>) -> Option<u32> {
    let digits = lengths.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| t.parse().ok()).flatten()
}

/// A month or day number: one or two digits.
fn small(t: &str) -> Option<u32> {
    number(t, 1..=2)
}

/// A four-digit year within [`YEARS`].
fn year4(t: &str) -> Option<i32> {
    let year = i32::try_from(number(t, 4..=4)?).ok()?;
    YEARS.contains(&year).then_some(year)
}

/// A four-digit year, or two digits pivoting at 70: `16` is 2016, `70` is 1970.
fn short_or_full_year(t: &str) -> Option<i32> {
    match number(t, 2..=2).and_then(|v| i32::try_from(v).ok()) {
        Some(v) if v < 70 => Some(2000 + v),
        Some(v) => Some(1900 + v),
        None => year4(t),
    }
}

/// A month name, full or cut to three letters or more (`Jun`, `Sept`, `Sep`).
fn month_name(t: &str) -> Option<u32> {
    const MONTHS: &str =
        "january february march april may june july august september october november december";
    if t.len() < 3 {
        return None;
    }
    let index = MONTHS.split(' ').position(|m| m.starts_with(t))?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimeframeKind::{Completed, Ongoing, Tbd, Text};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> TimeframeKind {
        TimeframeKind::Day(date(y, m, d))
    }

    /// A span from the first day of `(y1, m1)` to day `d2` of `(y2, m2)`.
    fn span(y1: i32, m1: u32, y2: i32, m2: u32, d2: u32) -> TimeframeKind {
        TimeframeKind::Span {
            start: date(y1, m1, 1),
            end: date(y2, m2, d2),
        }
    }

    fn check_with(fiscal_start: u32, cases: &[(&str, TimeframeKind)]) {
        let opts = TimeframeOptions {
            fiscal_year_start_month: fiscal_start,
        };
        for (input, want) in cases {
            assert_eq!(Timeframe::parse(input, &opts).kind, *want, "{input:?}");
        }
    }

    fn check(cases: &[(&str, TimeframeKind)]) {
        check_with(10, cases);
    }

    #[test]
    fn exact_days_in_every_written_form() {
        check(&[
            ("2011-06-30", day(2011, 6, 30)),
            ("2011/06/30", day(2011, 6, 30)),
            ("6/30/2011", day(2011, 6, 30)),
            ("06/30/2011", day(2011, 6, 30)),
            ("6-30-2011", day(2011, 6, 30)),
            ("8/1/16", day(2016, 8, 1)),
            ("June 30, 2011", day(2011, 6, 30)),
            ("June 30 2011", day(2011, 6, 30)),
            ("june 30th, 2011", day(2011, 6, 30)),
            ("30 June 2011", day(2011, 6, 30)),
            ("Sept. 30, 2011", day(2011, 9, 30)),
            ("Sep 30 2011", day(2011, 9, 30)),
            ("  JUNE 30, 2011.  ", day(2011, 6, 30)),
            ("2011–06–30", day(2011, 6, 30)),
        ]);
    }

    #[test]
    fn two_digit_years_pivot_at_70() {
        check(&[
            ("8/1/16", day(2016, 8, 1)),
            ("1/1/00", day(2000, 1, 1)),
            ("12/31/69", day(2069, 12, 31)),
            ("1/1/70", day(1970, 1, 1)),
            ("1/1/99", day(1999, 1, 1)),
            ("FY17", span(2016, 10, 2017, 9, 30)),
            ("FY99", span(1998, 10, 1999, 9, 30)),
        ]);
    }

    #[test]
    fn impossible_dates_stay_text() {
        check(&[
            ("2011-02-30", Text),
            ("2/29/2011", Text),
            ("13/1/2011", Text),
            ("0/1/2011", Text),
            ("6/31/2011", Text),
            ("6/0/2011", Text),
            ("June 31, 2011", Text),
            ("2011-13", Text),
            ("13/2011", Text),
            ("2011-06-30-01", Text),
        ]);
    }

    #[test]
    fn leap_days_follow_the_gregorian_rules() {
        check(&[
            ("2/29/2012", day(2012, 2, 29)),
            ("2/29/1900", Text),
            ("2/29/2000", day(2000, 2, 29)),
            ("2100-02-29", Text),
            ("February 2012", span(2012, 2, 2012, 2, 29)),
            ("Feb 2011", span(2011, 2, 2011, 2, 28)),
            ("2000-02", span(2000, 2, 2000, 2, 29)),
            ("2/1900", span(1900, 2, 1900, 2, 28)),
        ]);
    }

    #[test]
    fn months_span_to_their_last_day() {
        check(&[
            ("June 2011", span(2011, 6, 2011, 6, 30)),
            ("Jun 2011", span(2011, 6, 2011, 6, 30)),
            ("June of 2011", span(2011, 6, 2011, 6, 30)),
            ("6/2011", span(2011, 6, 2011, 6, 30)),
            ("06/2011", span(2011, 6, 2011, 6, 30)),
            ("2011-06", span(2011, 6, 2011, 6, 30)),
            ("Dec 2011", span(2011, 12, 2011, 12, 31)),
            ("Sept 2011", span(2011, 9, 2011, 9, 30)),
            ("Sep. 2011", span(2011, 9, 2011, 9, 30)),
        ]);
    }

    #[test]
    fn month_ranges_span_first_to_last_month() {
        check(&[
            ("March/April 2011", span(2011, 3, 2011, 4, 30)),
            ("March-April 2011", span(2011, 3, 2011, 4, 30)),
            ("March – April 2011", span(2011, 3, 2011, 4, 30)),
            ("March to May 2012", span(2012, 3, 2012, 5, 31)),
            ("March through May 2012", span(2012, 3, 2012, 5, 31)),
            ("Nov 2011 - Jan 2012", span(2011, 11, 2012, 1, 31)),
            ("June 2011 - 2012", span(2011, 6, 2012, 12, 31)),
            ("Fall-Winter 2012", span(2012, 9, 2013, 2, 28)),
            ("Q1-Q2 2012", span(2012, 1, 2012, 6, 30)),
            ("Q1-Q2 FY2017", span(2016, 10, 2017, 3, 31)),
            ("Q3 2017 - Q1 2018", span(2017, 7, 2018, 3, 31)),
            ("2011-2012", span(2011, 1, 2012, 12, 31)),
            ("Late 2012 - Early 2013", span(2012, 9, 2013, 4, 30)),
            ("FY2017-2019", span(2016, 10, 2019, 9, 30)),
        ]);
    }

    #[test]
    fn single_year_range_that_wraps_starts_the_year_before() {
        check(&[
            ("Nov-Jan 2012", span(2011, 11, 2012, 1, 31)),
            ("December/January 2013", span(2012, 12, 2013, 1, 31)),
            ("Q4-Q1 2013", span(2012, 10, 2013, 3, 31)),
        ]);
    }

    #[test]
    fn backwards_ranges_stay_text() {
        check(&[
            ("Dec 2012 - Jan 2012", Text),
            ("2016-10-21 to 2016-09-06", Text),
            ("2013-2012", Text),
        ]);
    }

    #[test]
    fn day_ranges_span_between_the_days() {
        let want = TimeframeKind::Span {
            start: date(2016, 9, 6),
            end: date(2016, 10, 21),
        };
        check(&[
            ("2016-09-06 to 2016-10-21", want),
            ("9/6/2016 - 10/21/2016", want),
            ("9/6/2016-10/21/2016", want),
            ("September 6 - October 21, 2016", want),
            ("Sept 6, 2016 through Oct. 21, 2016", want),
            ("2016-09-06 to 2016-09-06", day(2016, 9, 6)),
        ]);
    }

    #[test]
    fn calendar_quarters_and_halves() {
        check(&[
            ("Q3 2017", span(2017, 7, 2017, 9, 30)),
            ("q3 2017", span(2017, 7, 2017, 9, 30)),
            ("2017 Q3", span(2017, 7, 2017, 9, 30)),
            ("2017Q3", span(2017, 7, 2017, 9, 30)),
            ("Q1 2017", span(2017, 1, 2017, 3, 31)),
            ("Q4 2017", span(2017, 10, 2017, 12, 31)),
            ("3rd quarter 2017", span(2017, 7, 2017, 9, 30)),
            ("Third quarter of 2017", span(2017, 7, 2017, 9, 30)),
            ("1st qtr 2017", span(2017, 1, 2017, 3, 31)),
            ("Q3 CY2017", span(2017, 7, 2017, 9, 30)),
            ("H1 2012", span(2012, 1, 2012, 6, 30)),
            ("H2 2012", span(2012, 7, 2012, 12, 31)),
            ("first half of 2012", span(2012, 1, 2012, 6, 30)),
            ("second half 2012", span(2012, 7, 2012, 12, 31)),
            ("2nd half of 2012", span(2012, 7, 2012, 12, 31)),
            ("Q9 2017", Text),
            ("Q0 2017", Text),
            ("H3 2012", Text),
            ("5th quarter 2017", Text),
            ("Q3", Text),
        ]);
    }

    #[test]
    fn fiscal_years_with_federal_start_in_october() {
        let fy2017 = span(2016, 10, 2017, 9, 30);
        check(&[
            ("FY2017", fy2017),
            ("FY 2017", fy2017),
            ("fy17", fy2017),
            ("FY-2017", Text),
            ("SFY 2017", fy2017),
            ("FFY 2017", fy2017),
            ("Fiscal Year 2017", fy2017),
            ("FY2016-2017", fy2017),
            ("FY 2016-17", fy2017),
            ("FY 2016/17", fy2017),
            ("FY 1999-00", span(1999, 10, 2000, 9, 30)),
            ("FY2016-18", Text),
            ("FY0", Text),
            ("FY", Text),
            ("FY 2300", Text),
            ("By FY2017", fy2017),
        ]);
    }

    #[test]
    fn fiscal_years_with_state_start_in_july() {
        check_with(
            7,
            &[
                ("FY2017", span(2016, 7, 2017, 6, 30)),
                ("SFY 2016-17", span(2016, 7, 2017, 6, 30)),
                ("Q1 FY2017", span(2016, 7, 2016, 9, 30)),
                ("Q3 FY2017", span(2017, 1, 2017, 3, 31)),
                ("H2 FY2017", span(2017, 1, 2017, 6, 30)),
                ("Q3 2017", span(2017, 7, 2017, 9, 30)),
            ],
        );
    }

    #[test]
    fn fiscal_quarters_count_from_the_fiscal_start() {
        check(&[
            ("Q1 FY2017", span(2016, 10, 2016, 12, 31)),
            ("Q3 FY2017", span(2017, 4, 2017, 6, 30)),
            ("Q3 FY17", span(2017, 4, 2017, 6, 30)),
            ("FY2017 Q3", span(2017, 4, 2017, 6, 30)),
            ("Q4 FY 2017", span(2017, 7, 2017, 9, 30)),
            ("End of FY2017", span(2017, 9, 2017, 9, 30)),
        ]);
    }

    #[test]
    fn fiscal_start_in_january_is_the_calendar_year() {
        check_with(
            1,
            &[
                ("FY2017", span(2017, 1, 2017, 12, 31)),
                ("Q3 FY2017", span(2017, 7, 2017, 9, 30)),
            ],
        );
    }

    #[test]
    fn invalid_fiscal_start_falls_back_to_october() {
        for bad in [0, 13, u32::MAX] {
            check_with(bad, &[("FY2017", span(2016, 10, 2017, 9, 30))]);
        }
        assert_eq!(TimeframeOptions::default().fiscal_year_start_month, 10);
    }

    #[test]
    fn seasons_and_thirds_of_the_year() {
        check(&[
            ("Spring 2012", span(2012, 3, 2012, 5, 31)),
            ("Summer 2012", span(2012, 6, 2012, 8, 31)),
            ("Fall 2012", span(2012, 9, 2012, 11, 30)),
            ("Autumn 2012", span(2012, 9, 2012, 11, 30)),
            ("Winter 2012", span(2012, 12, 2013, 2, 28)),
            ("Winter 2011", span(2011, 12, 2012, 2, 29)),
            ("Early 2012", span(2012, 1, 2012, 4, 30)),
            ("Mid 2012", span(2012, 5, 2012, 8, 31)),
            ("mid-2012", span(2012, 5, 2012, 8, 31)),
            ("Late 2012", span(2012, 9, 2012, 12, 31)),
            ("End of 2012", span(2012, 12, 2012, 12, 31)),
            ("By the end of 2012", span(2012, 12, 2012, 12, 31)),
            ("End of June 2012", span(2012, 6, 2012, 6, 30)),
            ("End of Q3 2017", span(2017, 9, 2017, 9, 30)),
            ("Spring", Text),
            ("Summer FY2012", Text),
        ]);
    }

    #[test]
    fn whole_years() {
        check(&[
            ("2012", span(2012, 1, 2012, 12, 31)),
            ("Calendar year 2012", span(2012, 1, 2012, 12, 31)),
            ("CY2012", span(2012, 1, 2012, 12, 31)),
            ("CY 2012", span(2012, 1, 2012, 12, 31)),
            ("1900", span(1900, 1, 1900, 12, 31)),
            ("2200", span(2200, 1, 2200, 12, 31)),
        ]);
    }

    #[test]
    fn years_outside_1900_to_2200_stay_text() {
        check(&[
            ("1899", Text),
            ("2201", Text),
            ("June 1899", Text),
            ("1/1/2201", Text),
            ("Q1 9999", Text),
            ("0000-01-01", Text),
            ("12", Text),
            ("99999999999/1/1", Text),
            ("1/1/99999999999", Text),
            ("FY 99999999999999999999", Text),
        ]);
    }

    #[test]
    fn prefixes_that_keep_the_due_date() {
        let june = span(2012, 6, 2012, 6, 30);
        check(&[
            ("By June 2012", june),
            ("Due June 2012", june),
            ("Due by June 2012", june),
            ("No later than June 2012", june),
            ("NLT June 2012", june),
            ("Target: June 2012", june),
            ("Target date: June 2012", june),
            ("in June 2012", june),
            ("Through June 2012", june),
            ("Until June 2012", june),
            ("By 6/30/2012", day(2012, 6, 30)),
            ("By the end of 2012.", span(2012, 12, 2012, 12, 31)),
            ("By", Text),
        ]);
    }

    #[test]
    fn before_means_the_day_before() {
        check(&[
            ("Before June 30, 2012", day(2012, 6, 29)),
            ("Before June 2012", day(2012, 5, 31)),
            ("Before 2013", day(2012, 12, 31)),
            ("Prior to Q3 2017", day(2017, 6, 30)),
            ("before 3/1/2012", day(2012, 2, 29)),
        ]);
    }

    #[test]
    fn beginning_and_starting_give_the_first_day() {
        check(&[
            ("Beginning June 2012", day(2012, 6, 1)),
            ("Starting in FY2017", day(2016, 10, 1)),
            ("Beginning of 2013", day(2013, 1, 1)),
            ("Starting 9/6/2016", day(2016, 9, 6)),
            ("Starting Q3 2017", day(2017, 7, 1)),
        ]);
    }

    #[test]
    fn recurring_keywords_are_ongoing() {
        let cases: Vec<(&str, TimeframeKind)> = [
            "Ongoing",
            "ongoing.",
            "On-going",
            "On going",
            "Continuous",
            "Continuing",
            "Monthly",
            "Quarterly",
            "Annually",
            "Weekly",
            "As needed",
            "As-needed",
            "Throughout",
            "ONGOING",
        ]
        .into_iter()
        .map(|s| (s, Ongoing))
        .collect();
        check(&cases);
    }

    #[test]
    fn unscheduled_keywords_are_tbd() {
        check(&[
            ("TBD", Tbd),
            ("tbd.", Tbd),
            ("TBA", Tbd),
            ("To be determined", Tbd),
            ("To Be Determined.", Tbd),
            ("Unknown", Tbd),
        ]);
    }

    #[test]
    fn finished_keywords_are_completed() {
        check(&[
            ("Completed", Completed),
            ("Complete", Completed),
            ("Done", Completed),
            ("Finished.", Completed),
            ("completed 6/2011", Text),
        ]);
    }

    #[test]
    fn everything_else_stays_text() {
        check(&[
            ("", Text),
            ("   ", Text),
            ("After the summit", Text),
            ("Spring", Text),
            ("June", Text),
            ("June 30", Text),
            ("Q3", Text),
            ("FY", Text),
            ("-", Text),
            ("/", Text),
            ("to", Text),
            ("2011-", Text),
            ("-2011", Text),
            ("June 2011 (tentative)", Text),
            ("Spring '12", Text),
            ("2016-17", Text),
            ("June FY2017", Text),
            ("junio 2011", Text),
            ("Ju 2011", Text),
            ("end of", Text),
            ("Ongoing since 2010", Text),
            ("mid-June 2012", Text),
            ("Early-Mid 2012", Text),
            ("Winter 2012 - Spring 2012", Text),
            ("2011年6月", Text),
        ]);
    }

    #[test]
    fn text_is_trimmed_and_kept_as_written() {
        let tf = Timeframe::parse("  By June 2012.\n", &TimeframeOptions::default());
        assert_eq!(tf.text, "By June 2012.");
        let tf = Timeframe::parse(" After the summit ", &TimeframeOptions::default());
        assert_eq!(tf.text, "After the summit");
        assert!(tf.is_free_text());
    }

    #[test]
    fn due_and_start_follow_the_kind() {
        let opts = TimeframeOptions::default();
        let tf = Timeframe::parse("Q3 2017", &opts);
        assert_eq!(tf.start(), Some(date(2017, 7, 1)));
        assert_eq!(tf.due(), Some(date(2017, 9, 30)));
        assert!(!tf.is_free_text());
        let tf = Timeframe::parse("6/30/2011", &opts);
        assert_eq!(
            (tf.start(), tf.due()),
            (Some(date(2011, 6, 30)), Some(date(2011, 6, 30)))
        );
        for text in ["Ongoing", "TBD", "Completed", "whenever"] {
            let tf = Timeframe::parse(text, &opts);
            assert_eq!((tf.start(), tf.due()), (None, None), "{text:?}");
        }
    }

    #[test]
    fn parse_day_accepts_only_exact_days() {
        assert_eq!(parse_day("2011-06-30"), Some(date(2011, 6, 30)));
        assert_eq!(parse_day(" 6/30/2011. "), Some(date(2011, 6, 30)));
        assert_eq!(parse_day("8/1/16"), Some(date(2016, 8, 1)));
        assert_eq!(parse_day("June 30, 2011"), Some(date(2011, 6, 30)));
        assert_eq!(parse_day("30 June 2011"), Some(date(2011, 6, 30)));
        for text in [
            "June 2011",
            "2011",
            "Q3 2017",
            "By 6/30/2011",
            "2/29/2011",
            "",
            "June 30",
        ] {
            assert_eq!(parse_day(text), None, "{text:?}");
        }
    }

    /// A tiny deterministic generator (xorshift), so the property test needs no crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Strings that look like timeframes: a shape whose letters are filled
    /// in at random (`M` month, `N` small number, `Y` year, `S` separator,
    /// `W` season or part, `P` prefix), or a run of random pieces and chars.
    fn generated(rng: &mut Rng) -> String {
        const SHAPES: &[&str] = &[
            "M N, Y",
            "N M Y",
            "N/N/Y",
            "N-N-N",
            "Y-N-N",
            "M Y",
            "N/Y",
            "Y-N",
            "M S M Y",
            "M Y S M Y",
            "QN Y",
            "Y QN",
            "QN FYY",
            "FYY",
            "FYY-N",
            "FY Y/Y",
            "W Y",
            "P M Y",
            "N/N/Y S N/N/Y",
            "Y-N-N to Y-N-N",
            "end of W Y",
            "Y S Y",
            "N quarter Y",
            "HN Y",
            "P the end of Y",
            "QN S QN Y",
            "M N S M N, Y",
        ];
        const PIECES: &[&str] = &[
            "June",
            "sept.",
            "Feb",
            "Q",
            "H",
            "FY",
            "SFY",
            "CY",
            "q3",
            "fy17",
            "3rd",
            "quarter",
            "half",
            "of",
            "the",
            "end",
            "by",
            "before",
            "starting",
            "to",
            "spring",
            "winter",
            "early",
            "mid",
            "late",
            "ongoing",
            "tbd",
            "-",
            "/",
            "–",
            ",",
            ".",
            ":",
            " ",
            " ",
            "0",
            "1",
            "2",
            "12",
            "13",
            "29",
            "30",
            "31",
            "69",
            "70",
            "99",
            "00",
            "1899",
            "1900",
            "2011",
            "2012",
            "2200",
            "2201",
            "99999999999",
            "18446744073709551616",
            "é",
            "ß",
            "İ",
            "🎉",
            "٣",
            "\u{0}",
            "\t",
            "'",
        ];
        let mut text = String::new();
        if rng.below(2) == 0 {
            for c in rng.pick(SHAPES).chars() {
                let fill = match c {
                    'M' => rng.pick(&["Jan", "February", "June", "Sept", "Nov", "dec"]),
                    'N' => rng.pick(&["0", "1", "2", "3", "4", "6", "9", "12", "13", "29", "31"]),
                    'Y' => rng.pick(&["1899", "1900", "2000", "2011", "2012", "2200", "2201", "16", "70"]),
                    'S' => rng.pick(&["-", "/", " – ", " to ", " through ", "-"]),
                    'W' => rng.pick(&["Spring", "Winter", "Fall", "Early", "Mid", "Q4", "H2", "FY"]),
                    'P' => rng.pick(&["By", "Before", "Starting", "No later than", "Due"]),
                    _ => {
                        text.push(c);
                        continue;
                    }
                };
                text.push_str(fill);
            }
            return text;
        }
        for _ in 0..rng.below(9) {
            if rng.below(20) == 0 {
                text.extend(char::from_u32((rng.next() % 0x11_0000) as u32));
            } else {
                text.push_str(rng.pick(PIECES));
            }
        }
        text
    }

    #[test]
    fn generated_strings_never_panic_and_end_after_start() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut dated = 0;
        for _ in 0..5000 {
            let text = generated(&mut rng);
            for fiscal_start in [1, 7, 10] {
                let opts = TimeframeOptions {
                    fiscal_year_start_month: fiscal_start,
                };
                let tf = Timeframe::parse(&text, &opts);
                assert_eq!(tf.text, text.trim());
                if let (Some(start), Some(due)) = (tf.start(), tf.due()) {
                    assert!(start <= due, "{text:?} -> {tf:?}");
                    dated += 1;
                }
                if let Some(d) = parse_day(&text) {
                    assert_eq!(tf.kind, TimeframeKind::Day(d), "{text:?}");
                }
            }
        }
        // The generator must reach the date shapes, or the test proves little.
        assert!(dated > 500, "only {dated} generated timeframes had dates");
    }

    #[test]
    fn long_and_odd_input_does_not_panic() {
        let opts = TimeframeOptions::default();
        let long = "end of ".repeat(10_000) + "2012";
        assert_eq!(Timeframe::parse(&long, &opts).kind, Text);
        let dashes = "-".repeat(100_000);
        assert_eq!(Timeframe::parse(&dashes, &opts).kind, Text);
        let digits = "9".repeat(100_000);
        assert_eq!(Timeframe::parse(&digits, &opts).kind, Text);
        assert_eq!(parse_day(&digits), None);
    }
}
