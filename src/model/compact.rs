//! Compact stand-ins for `Range<usize>` and `Option<f64>`, for the parts of the model a site
//! holds hundreds of thousands of for the whole build (items, their timeframes and
//! tracking). Each takes 8 bytes instead of 16 and converts to and from the usual type.

use crate::content::source::Span;

/// A [`Span`] as two `u32` offsets. Read it with `Span::from(small)` or `.into()`.
///
/// Offsets past 4 GiB saturate: no front matter comes near, and a diagnostic would then only
/// point at the wrong place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SmallSpan {
    start: u32,
    end: u32,
}

impl From<Span> for SmallSpan {
    fn from(span: Span) -> SmallSpan {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        SmallSpan {
            start: offset(span.start),
            end: offset(span.end),
        }
    }
}

impl From<SmallSpan> for Span {
    fn from(span: SmallSpan) -> Span {
        span.start as usize..span.end as usize
    }
}

/// An `Option<f64>` where NaN stands for none, which no decoded number is (the decoder keeps
/// finite numbers only). Read it with `.get()`.
#[derive(Clone, Copy)]
pub struct OptionalNumber(f64);

impl OptionalNumber {
    pub const NONE: OptionalNumber = OptionalNumber(f64::NAN);

    pub fn get(self) -> Option<f64> {
        Some(self.0).filter(|n| !n.is_nan())
    }
}

impl From<Option<f64>> for OptionalNumber {
    /// None for a NaN as well.
    fn from(number: Option<f64>) -> OptionalNumber {
        OptionalNumber(number.unwrap_or(f64::NAN))
    }
}

impl PartialEq for OptionalNumber {
    fn eq(&self, other: &OptionalNumber) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for OptionalNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_number_keeps_every_finite_value() {
        for number in [
            None,
            Some(0.0),
            Some(-0.0),
            Some(33.3),
            Some(100.0),
            Some(1e6),
            Some(f64::MIN_POSITIVE),
        ] {
            let kept = OptionalNumber::from(number).get();
            assert_eq!(kept.map(f64::to_bits), number.map(f64::to_bits), "{number:?}");
        }
        assert_eq!(OptionalNumber::NONE.get(), None);
    }

    #[test]
    fn small_span_round_trips() {
        for span in [0..0, 3..17, 0..u32::MAX as usize] {
            assert_eq!(Span::from(SmallSpan::from(span.clone())), span);
        }
    }
}
