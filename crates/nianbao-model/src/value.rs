//! Number values: whole counts and exact decimal amounts.

use std::fmt;
use std::str::FromStr;

/// A value in a number cell of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// A whole, non-negative count.
    Count(u64),
    /// An exact decimal amount (the fee), with every digit the source gave.
    Amount(Decimal),
    /// A whole number that may be negative (本年增/减 of the 2019 form).
    Signed(i64),
}

impl Value {
    /// The count, if this is one.
    pub fn as_count(self) -> Option<u64> {
        match self {
            Value::Count(n) => Some(n),
            Value::Amount(_) | Value::Signed(_) => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Amount(d) => write!(f, "{d}"),
            Value::Signed(n) => write!(f, "{n}"),
        }
    }
}

/// An exact, non-negative decimal number that keeps its scale:
/// `155.1344` stays `155.1344`, `18.150` stays `18.150`.
///
/// Never a float: the fee must come out with exactly the digits that went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u128,
    scale: u8,
}

/// The largest number of fraction digits a [`Decimal`] keeps.
pub const MAX_SCALE: u8 = 18;
/// The largest number of significant digits a [`Decimal`] keeps.
pub const MAX_DIGITS: usize = 36;

/// Why a string is not a decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Not digits with an optional fraction.
    #[error("not a plain decimal number")]
    Syntax,
    /// Too many digits to keep exactly.
    #[error("too many digits (at most {MAX_DIGITS}, {MAX_SCALE} after the point)")]
    TooLong,
}

impl Decimal {
    /// Zero with no fraction digits.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// From a whole number.
    pub fn from_u64(n: u64) -> Decimal {
        Decimal {
            mantissa: n as u128,
            scale: 0,
        }
    }

    /// From a mantissa and a number of fraction digits: `(1551344, 4)` is `155.1344`.
    pub fn new(mantissa: u128, scale: u8) -> Result<Decimal, DecimalError> {
        if scale > MAX_SCALE || mantissa >= 10u128.pow(MAX_DIGITS as u32) {
            return Err(DecimalError::TooLong);
        }
        Ok(Decimal { mantissa, scale })
    }

    /// The digits without the point.
    pub fn mantissa(self) -> u128 {
        self.mantissa
    }

    /// The number of digits after the point.
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// Whether this is a whole number (any scale).
    pub fn is_integer(self) -> bool {
        self.mantissa.is_multiple_of(10u128.pow(self.scale as u32))
    }

    /// Exact sum, at the larger of the two scales; `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10u128.checked_pow((scale - self.scale) as u32)?)?;
        let b = other
            .mantissa
            .checked_mul(10u128.checked_pow((scale - other.scale) as u32)?)?;
        Decimal::new(a.checked_add(b)?, scale).ok()
    }

    /// Numeric comparison, ignoring scale (`1.50 == 1.5`).
    pub fn cmp_value(self, other: Decimal) -> std::cmp::Ordering {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa * 10u128.pow((scale - self.scale) as u32);
        let b = other.mantissa * 10u128.pow((scale - other.scale) as u32);
        a.cmp(&b)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Parses `123`, `123.45`, `0.5`, `.5` is refused; no sign, no exponent.
    fn from_str(s: &str) -> Result<Decimal, DecimalError> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
            return Err(DecimalError::Syntax);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > MAX_SCALE as usize {
            return Err(DecimalError::TooLong);
        }
        let int = int.trim_start_matches('0');
        if int.len() + frac.len() > MAX_DIGITS {
            return Err(DecimalError::TooLong);
        }
        let mut m: u128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m * 10 + (b - b'0') as u128;
        }
        Decimal::new(m, frac.len() as u8)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let p = 10u128.pow(self.scale as u32);
        write!(
            f,
            "{}.{:0width$}",
            self.mantissa / p,
            self.mantissa % p,
            width = self.scale as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_digit() {
        for s in [
            "155.1344",
            "4166.241619",
            "0",
            "0.50",
            "18.15",
            "96171.6",
            "0.000001",
        ] {
            assert_eq!(s.parse::<Decimal>().unwrap().to_string(), s);
        }
        assert_eq!("007.5".parse::<Decimal>().unwrap().to_string(), "7.5");
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for s in ["", ".5", "5.", "1e3", "-1", "1,000", "1.2.3", " 1"] {
            assert!(s.parse::<Decimal>().is_err(), "{s}");
        }
        assert_eq!(
            "1".repeat(40).parse::<Decimal>(),
            Err(DecimalError::TooLong)
        );
    }

    #[test]
    fn adds_exactly() {
        let a: Decimal = "155.1344".parse().unwrap();
        let b: Decimal = "0.5".parse().unwrap();
        assert_eq!(a.checked_add(b).unwrap().to_string(), "155.6344");
        assert_eq!(
            a.cmp_value("155.13440".parse().unwrap()),
            std::cmp::Ordering::Equal
        );
    }
}
