//! Dates in plans.json, as `YYYY-MM-DD` strings: the bytes chrono's `Serialize` writes,
//! made without its formatting machinery (a `fmt::Write` call per character, each escaped
//! by serde_json on its own), which took about a tenth of the file's time. For use with
//! `#[serde(serialize_with = ...)]`.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    match digits(*date) {
        Some(text) => serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
        // Years before 0 or after 9999 have a sign and more digits: chrono's own way.
        None => date.serialize(serializer),
    }
}

pub fn option<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize(date, serializer),
        None => serializer.serialize_none(),
    }
}

/// `YYYY-MM-DD`, for a year of four digits.
fn digits(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(date.year()).ok().filter(|&year| year <= 9999)?;
    let (month, day) = (date.month(), date.day());
    let digit = |value: u32| b'0' + (value % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        #[derive(Serialize)]
        struct Dates {
            #[serde(serialize_with = "serialize")]
            date: NaiveDate,
            #[serde(serialize_with = "option")]
            maybe: Option<NaiveDate>,
        }
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        let dates = [
            ymd(2024, 3, 31),
            ymd(1999, 12, 1),
            ymd(0, 1, 1),
            ymd(9999, 12, 31),
            ymd(10_000, 1, 1),
            ymd(-1, 6, 15),
            ymd(-12_345, 2, 28),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ];
        for date in dates {
            for maybe in [Some(date), None] {
                let ours = serde_json::to_string(&Dates { date, maybe }).expect("serializes");
                let chrono = serde_json::json!({ "date": date, "maybe": maybe }).to_string();
                assert_eq!(ours, chrono, "{date:?}");
            }
        }
    }
}
