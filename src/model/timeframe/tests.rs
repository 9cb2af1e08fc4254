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
fn lowercase_borrows_text_that_already_is() {
    assert!(matches!(lowercase("2011-06-30"), Cow::Borrowed("2011-06-30")));
    assert!(matches!(lowercase("by june"), Cow::Borrowed(_)));
    assert_eq!(lowercase("By JUNE 2012"), "by june 2012");
    assert_eq!(lowercase("Été 2012"), "été 2012");
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
    assert_eq!(&*tf.text, "By June 2012.");
    let tf = Timeframe::parse(" After the summit ", &TimeframeOptions::default());
    assert_eq!(&*tf.text, "After the summit");
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
            assert_eq!(&*tf.text, text.trim());
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

#[test]
fn dates_are_written_as_chrono_writes_them() {
    for year in [-10_000, -1, 0, 7, 999, 2024, 9999, 10_000, 262_000] {
        for (month, day) in [(1, 1), (2, 29), (12, 31)] {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                continue;
            };
            let (mut iso, mut basic) = (String::new(), String::new());
            push_date(&mut iso, date, "-");
            push_date(&mut basic, date, "");
            assert_eq!(iso, date.to_string(), "{date:?}");
            assert_eq!(basic, date.format("%Y%m%d").to_string(), "{date:?}");
        }
    }
}
