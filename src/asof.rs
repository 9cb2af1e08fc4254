//! The "as of" date that overdue is judged against: `--as-of`, else `SOURCE_DATE_EPOCH`
//! (reproducible CI builds), else today.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AsOfError {
    #[error("`--as-of {0}` is not a date; write it as YYYY-MM-DD")]
    BadFlag(String),
    #[error("SOURCE_DATE_EPOCH=`{0}` is not a number of seconds since 1970")]
    BadEpoch(String),
}

/// Resolves the as-of date from the flag, the environment's `SOURCE_DATE_EPOCH` and today.
pub fn resolve(flag: Option<&str>, epoch: Option<&str>, today: NaiveDate) -> Result<NaiveDate, AsOfError> {
    if let Some(text) = flag {
        return NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| AsOfError::BadFlag(text.to_string()));
    }
    if let Some(text) = epoch.filter(|t| !t.trim().is_empty()) {
        let seconds: i64 = text
            .trim()
            .parse()
            .map_err(|_| AsOfError::BadEpoch(text.to_string()))?;
        return DateTime::<Utc>::from_timestamp(seconds, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| AsOfError::BadEpoch(text.to_string()));
    }
    Ok(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_epoch_then_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(resolve(Some("2017-03-01"), Some("0"), today), Ok(d(2017, 3, 1)));
        assert_eq!(resolve(None, Some("1500000000"), today), Ok(d(2017, 7, 14)));
        assert_eq!(resolve(None, Some(""), today), Ok(today));
        assert_eq!(resolve(None, None, today), Ok(today));
        assert!(matches!(
            resolve(Some("2017-02-30"), None, today),
            Err(AsOfError::BadFlag(_))
        ));
        assert!(matches!(
            resolve(None, Some("soon"), today),
            Err(AsOfError::BadEpoch(_))
        ));
    }
}
