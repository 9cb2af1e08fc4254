//! TEMPORARY stub, replaced by the real parser.
use chrono::NaiveDate;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeframe {
    pub text: String,
    pub kind: TimeframeKind,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeframeKind {
    Day(NaiveDate),
    Span { start: NaiveDate, end: NaiveDate },
    Ongoing,
    Tbd,
    Completed,
    Text,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeframeOptions {
    pub fiscal_year_start_month: u32,
}
impl Default for TimeframeOptions {
    fn default() -> Self {
        TimeframeOptions {
            fiscal_year_start_month: 10,
        }
    }
}
impl Timeframe {
    pub fn parse(text: &str, _o: &TimeframeOptions) -> Timeframe {
        let t = text.trim();
        let kind = match parse_day(t) {
            Some(d) => TimeframeKind::Day(d),
            None => match t.to_lowercase().as_str() {
                "ongoing" => TimeframeKind::Ongoing,
                "tbd" => TimeframeKind::Tbd,
                "completed" => TimeframeKind::Completed,
                _ => TimeframeKind::Text,
            },
        };
        Timeframe {
            text: t.to_string(),
            kind,
        }
    }
    pub fn due(&self) -> Option<NaiveDate> {
        match self.kind {
            TimeframeKind::Day(d) => Some(d),
            TimeframeKind::Span { end, .. } => Some(end),
            _ => None,
        }
    }
    pub fn start(&self) -> Option<NaiveDate> {
        match self.kind {
            TimeframeKind::Day(d) => Some(d),
            TimeframeKind::Span { start, .. } => Some(start),
            _ => None,
        }
    }
    pub fn is_free_text(&self) -> bool {
        self.kind == TimeframeKind::Text
    }
}
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
