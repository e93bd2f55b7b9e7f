//! An exact decimal number, the value every written form of a number normalises to.

use std::fmt;

/// An exact non-negative decimal: `mantissa × 10^-scale`, kept in its shortest form (no
/// trailing zeros after the point), so that equal numbers are equal values
/// (`2.50` = `2,5` = `2.5`; `2 million` = `2000000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    /// A whole number.
    pub fn from_int(n: u128) -> Decimal {
        Decimal {
            mantissa: n,
            scale: 0,
        }
    }

    /// `integer.fraction` from their ASCII digits (`fraction` may be empty); `None` when
    /// the digits are not ASCII digits or the number does not fit.
    pub fn from_digits(integer: &str, fraction: &str) -> Option<Decimal> {
        if integer.is_empty()
            || !integer
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut mantissa: u128 = 0;
        for b in integer.bytes().chain(fraction.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u128::from(b - b'0'))?;
        }
        let scale = u32::try_from(fraction.len()).ok()?;
        Some(Decimal { mantissa, scale }.normalized())
    }

    /// This number times `10^exp` (`None` when it does not fit).
    pub fn times_pow10(self, exp: u32) -> Option<Decimal> {
        if self.scale >= exp {
            return Some(Decimal {
                mantissa: self.mantissa,
                scale: self.scale - exp,
            });
        }
        let factor = 10u128.checked_pow(exp - self.scale)?;
        Some(
            Decimal {
                mantissa: self.mantissa.checked_mul(factor)?,
                scale: 0,
            }
            .normalized(),
        )
    }

    /// This number times a whole number (`None` when it does not fit).
    pub fn times(self, n: u128) -> Option<Decimal> {
        Some(
            Decimal {
                mantissa: self.mantissa.checked_mul(n)?,
                scale: self.scale,
            }
            .normalized(),
        )
    }

    /// The sum of two numbers (`None` when it does not fit).
    pub fn plus(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10u128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10u128.checked_pow(scale - other.scale)?)?;
        Some(
            Decimal {
                mantissa: a.checked_add(b)?,
                scale,
            }
            .normalized(),
        )
    }

    /// The number when it is whole and fits in a `u64`.
    pub fn as_integer(&self) -> Option<u64> {
        if self.scale == 0 {
            u64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        if self.mantissa == 0 {
            self.scale = 0;
        }
        self
    }
}

impl fmt::Display for Decimal {
    /// Plain digits with `.` before the fraction: `1000`, `2.5`, `2000000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_numbers_are_equal_values_and_print_alike() {
        let a = Decimal::from_digits("2", "50").unwrap();
        let b = Decimal::from_digits("2", "5").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "2.5");
        assert_eq!(Decimal::from_digits("0", "05").unwrap().to_string(), "0.05");
        assert_eq!(b.times_pow10(6).unwrap(), Decimal::from_int(2_500_000));
        assert_eq!(
            Decimal::from_digits("1", "000").unwrap(),
            Decimal::from_int(1)
        );
        assert_eq!(
            Decimal::from_int(20)
                .plus(Decimal::from_digits("0", "5").unwrap())
                .unwrap()
                .to_string(),
            "20.5"
        );
    }

    #[test]
    fn numbers_too_large_are_refused_not_wrapped() {
        assert_eq!(Decimal::from_digits(&"9".repeat(60), ""), None);
        assert_eq!(Decimal::from_int(u128::MAX).times_pow10(3), None);
        assert_eq!(Decimal::from_digits("1x", ""), None);
    }
}
