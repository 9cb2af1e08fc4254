//! Dates in plans.json, as `YYYY-MM-DD` strings: the bytes chrono's `Serialize` writes,
//! made with the project's own [`push_date`] and handed to the serializer whole (in tests, for the structs' `Serialize`). chrono's
//! formatting made a `fmt::Write` call per character, each escaped by serde_json on its
//! own, which took about a tenth of the file's time. For `#[serde(serialize_with = ...)]`,
//! and [`push_option`] for the file's hand-written JSON.

use crate::model::timeframe::push_date;
use chrono::NaiveDate;
#[cfg(test)]
use serde::Serializer;

#[cfg(test)]
pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = String::with_capacity(10);
    push_date(&mut text, *date, "-");
    serializer.serialize_str(&text)
}

#[cfg(test)]
pub fn option<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize(date, serializer),
        None => serializer.serialize_none(),
    }
}

/// Appends `date` as [`option`] serializes it: `"YYYY-MM-DD"` or `null`. A date needs no
/// escaping (digits, `-` and a sign).
pub(super) fn push_option(out: &mut Vec<u8>, date: Option<NaiveDate>) {
    match date {
        Some(date) => {
            out.push(b'"');
            push_date(&mut Utf8(out), date, "-");
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A byte buffer written to as text.
struct Utf8<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Utf8<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

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
                let mut pushed = Vec::new();
                push_option(&mut pushed, maybe);
                assert_eq!(pushed, serde_json::to_vec(&maybe).unwrap(), "{maybe:?}");
            }
        }
    }
}
