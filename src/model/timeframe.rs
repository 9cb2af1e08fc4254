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

use std::borrow::Cow;
use std::ops::RangeInclusive;

use chrono::{Datelike, Months, NaiveDate};

/// A timeframe as the author wrote it, with what planpress derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeframe {
    /// The author's text, trimmed, shown as written.
    pub text: Box<str>,
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
            text: text.into(),
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
    day(&tokenize(&lowercase(text.trim())), None)
}

/// `text` lower-cased, borrowed when it already is (dates and most timeframes).
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Years outside this window are taken for typos and stay text.
const YEARS: RangeInclusive<i32> = 1900..=2200;

/// No real timeframe needs more tokens; the cap bounds the work done on long input.
const MAX_TOKENS: usize = 24;

fn classify(text: &str, options: &TimeframeOptions) -> TimeframeKind {
    if let Some(kind) = keyword(text) {
        return kind;
    }
    let lower = lowercase(text);
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
    // No keyword holds a digit: dates, the common case, skip the lower-casing below.
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
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

/// Leading phrases by mode, word by word as [`tokenize`] cuts them. A longer phrase comes
/// before its own first word ("due date" before "due"), so it is stripped whole.
const PREFIXES: [(&[&[&str]], Mode); 3] = [
    (
        &[
            &["no", "later", "than"],
            &["not", "later", "than"],
            &["target", "date"],
            &["due", "date"],
            &["by"],
            &["due"],
            &["nlt"],
            &["target"],
            &["through"],
            &["thru"],
            &["until"],
            &["in"],
            &["on"],
            &["the"],
        ],
        Mode::Due,
    ),
    (&[&["prior", "to"], &["before"]], Mode::Before),
    (
        &[
            &["beginning", "of"],
            &["start", "of"],
            &["beginning"],
            &["starting"],
            &["start"],
        ],
        Mode::Start,
    ),
];

/// Strips leading phrases, any number of them ("Due by the end of 2012").
/// When several set a mode, the last one wins.
fn strip_prefixes<'a>(mut t: &'a [&'a str]) -> (Mode, &'a [&'a str]) {
    let mut mode = Mode::Due;
    'strip: loop {
        for (phrases, phrase_mode) in PREFIXES {
            for phrase in phrases {
                if t.starts_with(phrase) {
                    t = &t[phrase.len()..];
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
    // Room for a written day (`2011`, `-`, `06`, `-`, `30`) without growing.
    let mut tokens = Vec::with_capacity(8);
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

/// Writes `date` as `YYYY`, `MM` and `DD` joined by `separator`: with `-` what its
/// `Display` writes, with nothing what `format("%Y%m%d")` writes. By hand because chrono's
/// formatting machinery shows in profiles of the large exports, which write a date or two
/// per item, and pages print thousands; a year outside 0-9999 (written with a sign) is left to chrono.
pub fn push_date(out: &mut impl std::fmt::Write, date: NaiveDate, separator: &str) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        let format = format!("%Y{separator}%m{separator}%d");
        let _ = write!(out, "{}", date.format(&format));
        return;
    }
    push_digits(out, year.unsigned_abs(), 4);
    let _ = out.write_str(separator);
    push_digits(out, date.month(), 2);
    let _ = out.write_str(separator);
    push_digits(out, date.day(), 2);
}

/// The last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut impl std::fmt::Write, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10_u32.pow(place) % 10;
        let _ = out.write_char(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests;
