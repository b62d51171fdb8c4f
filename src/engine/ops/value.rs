//! SQL's idea of order and equality between single values: numbers compare
//! exactly by value across the integer, float and decimal variants, dates and
//! timestamps chronologically, text by bytes. [`compare_values`] is a total
//! order and [`ValueKey`] is a hashable key that is equal exactly when
//! [`compare_values`] says `Equal`, so sorting, grouping and set operations
//! agree on which values are the same.

use std::cmp::Ordering;
use std::net::IpAddr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use gluesql_core::data::{Interval, Point, Value};
use rust_decimal::Decimal;

/// Microseconds in the 30-day month that PostgreSQL uses to compare intervals.
const MICROS_PER_MONTH: i128 = 30 * 24 * 60 * 60 * 1_000_000;

/// The total order of values used by ORDER BY, MIN/MAX, peers and MEDIAN.
///
/// Numbers compare by exact value whatever their variant (`I64(1)` equals
/// `F64(1.0)` and `Decimal(1.00)`); a float NaN equals NaN and is above every
/// other number, and `-0.0` equals `0.0`, as in PostgreSQL. Text compares by
/// bytes, dates and timestamps chronologically (a date is its midnight),
/// intervals as PostgreSQL does (a month is 30 days). Values of types that do
/// not compare are ordered by a fixed rank of their type; NULL ranks above
/// everything, but callers place NULLs themselves (see `SortKey`).
pub fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::I64(x), Value::I64(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::F64(x), Value::F64(y)) => compare_floats(*x, *y),
        (Value::Timestamp(x), Value::Timestamp(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::Decimal(x), Value::Decimal(y)) => x.cmp(y),
        _ => match (Number::of(a), Number::of(b)) {
            (Some(x), Some(y)) => x.compare(&y),
            _ => compare_other(a, b),
        },
    }
}

/// Values that are not both numbers: same-type comparisons, else type rank.
fn compare_other(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Bytea(x), Value::Bytea(y)) => x.cmp(y),
        (Value::Inet(x), Value::Inet(y)) => x.cmp(y),
        (Value::Time(x), Value::Time(y)) => x.cmp(y),
        (Value::Interval(x), Value::Interval(y)) => interval_micros(x).cmp(&interval_micros(y)),
        (Value::Uuid(x), Value::Uuid(y)) => x.cmp(y),
        (Value::Map(x), Value::Map(y)) => x
            .iter()
            .zip(y.iter())
            .map(|((xk, xv), (yk, yv))| xk.cmp(yk).then_with(|| compare_values(xv, yv)))
            .find(|ordering| ordering.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Value::List(x), Value::List(y)) => x
            .iter()
            .zip(y.iter())
            .map(|(xv, yv)| compare_values(xv, yv))
            .find(|ordering| ordering.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Value::Point(x), Value::Point(y)) => {
            compare_floats(x.x, y.x).then_with(|| compare_floats(x.y, y.y))
        }
        _ => match (instant(a), instant(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => type_rank(a).cmp(&type_rank(b)),
        },
    }
}

/// The order of types that do not compare with each other.
fn type_rank(value: &Value) -> u8 {
    match value {
        Value::Bool(_) => 0,
        Value::I8(_)
        | Value::I16(_)
        | Value::I32(_)
        | Value::I64(_)
        | Value::I128(_)
        | Value::U8(_)
        | Value::U16(_)
        | Value::U32(_)
        | Value::U64(_)
        | Value::U128(_)
        | Value::F32(_)
        | Value::F64(_)
        | Value::Decimal(_) => 1,
        Value::Str(_) => 2,
        Value::Bytea(_) => 3,
        Value::Inet(_) => 4,
        Value::Date(_) | Value::Timestamp(_) => 5,
        Value::Time(_) => 6,
        Value::Interval(_) => 7,
        Value::Uuid(_) => 8,
        Value::Map(_) => 9,
        Value::List(_) => 10,
        Value::Point(_) => 11,
        Value::Null => 12,
    }
}

/// A date or timestamp as a timestamp (a date is its midnight).
fn instant(value: &Value) -> Option<NaiveDateTime> {
    match value {
        Value::Date(date) => Some(midnight(*date)),
        Value::Timestamp(timestamp) => Some(*timestamp),
        _ => None,
    }
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

fn interval_micros(interval: &Interval) -> i128 {
    match interval {
        Interval::Month(months) => i128::from(*months) * MICROS_PER_MONTH,
        Interval::Microsecond(micros) => i128::from(*micros),
    }
}

/// Floats in PostgreSQL's order: NaN equals NaN and is above everything,
/// `-0.0` equals `0.0`.
fn compare_floats(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// A number of any variant, as an exact decimal or as a float.
#[derive(Clone, Copy, Debug)]
enum Number {
    /// `(-1)^negative * digits / 10^scale`; every integer and decimal fits.
    Exact {
        negative: bool,
        digits: u128,
        scale: u32,
    },
    /// `F32` (widened exactly) and `F64`.
    Float(f64),
}

impl Number {
    fn of(value: &Value) -> Option<Self> {
        let integer = |n: i128| Number::Exact {
            negative: n < 0,
            digits: n.unsigned_abs(),
            scale: 0,
        };
        Some(match value {
            Value::I8(n) => integer(i128::from(*n)),
            Value::I16(n) => integer(i128::from(*n)),
            Value::I32(n) => integer(i128::from(*n)),
            Value::I64(n) => integer(i128::from(*n)),
            Value::I128(n) => integer(*n),
            Value::U8(n) => integer(i128::from(*n)),
            Value::U16(n) => integer(i128::from(*n)),
            Value::U32(n) => integer(i128::from(*n)),
            Value::U64(n) => integer(i128::from(*n)),
            Value::U128(n) => Number::Exact {
                negative: false,
                digits: *n,
                scale: 0,
            },
            Value::Decimal(d) => Number::Exact {
                negative: d.is_sign_negative(),
                digits: d.mantissa().unsigned_abs(),
                scale: d.scale(),
            },
            Value::F32(f) => Number::Float(f64::from(*f)),
            Value::F64(f) => Number::Float(*f),
            _ => return None,
        })
    }

    /// -1, 0 or 1 (NaN counts as positive: it sorts above everything).
    fn sign(&self) -> i8 {
        match *self {
            Number::Exact { digits: 0, .. } => 0,
            Number::Exact { negative, .. } => {
                if negative {
                    -1
                } else {
                    1
                }
            }
            Number::Float(f) if f < 0.0 => -1,
            Number::Float(f) if f > 0.0 || f.is_nan() => 1,
            Number::Float(_) => 0,
        }
    }

    fn compare(&self, other: &Number) -> Ordering {
        if let (Number::Float(a), Number::Float(b)) = (self, other) {
            return compare_floats(*a, *b);
        }
        let (sign, other_sign) = (self.sign(), other.sign());
        if sign != other_sign || sign == 0 {
            return sign.cmp(&other_sign);
        }
        let magnitude = match (*self, *other) {
            (
                Number::Exact { digits, scale, .. },
                Number::Exact {
                    digits: d,
                    scale: s,
                    ..
                },
            ) => compare_exact(digits, scale, d, s),
            (Number::Exact { digits, scale, .. }, Number::Float(f)) => {
                compare_exact_float(digits, scale, f.abs())
            }
            (Number::Float(f), Number::Exact { digits, scale, .. }) => {
                compare_exact_float(digits, scale, f.abs()).reverse()
            }
            (Number::Float(a), Number::Float(b)) => compare_floats(a, b),
        };
        if sign < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

/// Compares `a / 10^a_scale` with `b / 10^b_scale` exactly.
fn compare_exact(a: u128, a_scale: u32, b: u128, b_scale: u32) -> Ordering {
    match a_scale.cmp(&b_scale) {
        Ordering::Equal => a.cmp(&b),
        Ordering::Less => match scale_up(a, b_scale - a_scale) {
            Some(a) => a.cmp(&b),
            None => Ordering::Greater,
        },
        Ordering::Greater => compare_exact(b, b_scale, a, a_scale).reverse(),
    }
}

/// Compares `digits / 10^scale` with a positive float (or NaN) exactly.
fn compare_exact_float(digits: u128, scale: u32, float: f64) -> Ordering {
    if float.is_nan() || float.is_infinite() {
        return Ordering::Less;
    }
    let (mantissa, exponent) = decode(float);
    if exponent >= 0 {
        // float = mantissa * 2^exponent: compare digits with float * 10^scale.
        let scaled = shift_left(u128::from(mantissa), exponent.unsigned_abs())
            .and_then(|whole| scale_up(whole, scale));
        return scaled.map_or(Ordering::Less, |scaled| digits.cmp(&scaled));
    }
    // digits / 10^scale vs mantissa / 2^k  <=>  digits * 2^k vs mantissa * 5^scale * 2^scale.
    // Both factors fit: a scale is at most 28 and 5^28 * 2^53 < 2^119.
    let k = exponent.unsigned_abs();
    let right = 5u128
        .saturating_pow(scale)
        .saturating_mul(u128::from(mantissa));
    if k >= scale {
        shift_left(digits, k - scale).map_or(Ordering::Greater, |left| left.cmp(&right))
    } else {
        shift_left(right, scale - k).map_or(Ordering::Less, |right| digits.cmp(&right))
    }
}

/// A finite float's magnitude as `mantissa * 2^exponent`.
fn decode(float: f64) -> (u64, i32) {
    let bits = float.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// `value * 10^power`, or `None` when it does not fit.
fn scale_up(value: u128, power: u32) -> Option<u128> {
    10u128
        .checked_pow(power)
        .and_then(|factor| value.checked_mul(factor))
}

/// `value * 2^power`, or `None` when it does not fit.
fn shift_left(value: u128, power: u32) -> Option<u128> {
    if value == 0 {
        Some(0)
    } else if power <= value.leading_zeros() {
        Some(value << power)
    } else {
        None
    }
}

/// A hashable stand-in for a value, equal exactly when [`compare_values`]
/// says `Equal`: `1`, `1.0` and `1.00` have one key, `-0.0` and `0.0` too, all
/// NaNs share one key, a date equals its midnight timestamp. Used by
/// DISTINCT, GROUP BY, PARTITION BY and the set operations. NULL has a key
/// of its own (NULLs are "not distinct" from each other there).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueKey<'a> {
    /// NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number that an integer or decimal can equal: sign, digits and
    /// decimal scale, with trailing zeros after the point removed.
    Exact {
        /// Below zero (never set for zero).
        negative: bool,
        /// The digits without the point.
        digits: u128,
        /// Digits after the point.
        scale: u32,
    },
    /// A float no integer or decimal can equal: its bits (NaN canonical).
    Float(u64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// An IP address.
    Inet(IpAddr),
    /// A date (as its midnight) or a timestamp.
    Timestamp(NaiveDateTime),
    /// A time of day.
    Time(NaiveTime),
    /// An interval in microseconds (a month is 30 days).
    Interval(i128),
    /// A UUID.
    Uuid(u128),
    /// A map, as its entries in key order.
    Map(Vec<(&'a str, ValueKey<'a>)>),
    /// A list.
    List(Vec<ValueKey<'a>>),
    /// A point (its own equality treats NaNs and zeros like ours).
    Point(Point),
}

impl<'a> ValueKey<'a> {
    /// The key of one value.
    pub fn new(value: &'a Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Str(s) => Self::Text(s),
            Value::Bytea(bytes) => Self::Bytes(bytes),
            Value::Inet(ip) => Self::Inet(*ip),
            Value::Date(date) => Self::Timestamp(midnight(*date)),
            Value::Timestamp(timestamp) => Self::Timestamp(*timestamp),
            Value::Time(time) => Self::Time(*time),
            Value::Interval(interval) => Self::Interval(interval_micros(interval)),
            Value::Uuid(uuid) => Self::Uuid(*uuid),
            Value::Map(map) => Self::Map(
                map.iter()
                    .map(|(key, value)| (key.as_str(), Self::new(value)))
                    .collect(),
            ),
            Value::List(list) => Self::List(list.iter().map(Self::new).collect()),
            Value::Point(point) => Self::Point(*point),
            number => Number::of(number).map_or(Self::Null, Self::of_number),
        }
    }

    fn of_number(number: Number) -> Self {
        match number {
            Number::Exact {
                negative,
                mut digits,
                mut scale,
            } => {
                while scale > 0 && digits % 10 == 0 {
                    digits /= 10;
                    scale -= 1;
                }
                Self::Exact {
                    negative: negative && digits != 0,
                    digits,
                    scale,
                }
            }
            Number::Float(float) => Self::of_float(float),
        }
    }

    fn of_float(float: f64) -> Self {
        if float.is_nan() {
            return Self::Float(f64::NAN.to_bits());
        }
        if float.is_infinite() {
            return Self::Float(float.to_bits());
        }
        let negative = float < 0.0;
        let (mut mantissa, mut exponent) = decode(float.abs());
        if mantissa == 0 {
            return Self::of_number(Number::Exact {
                negative: false,
                digits: 0,
                scale: 0,
            });
        }
        let zeros = mantissa.trailing_zeros();
        mantissa >>= zeros;
        exponent += zeros as i32;
        let exact = if exponent >= 0 {
            shift_left(u128::from(mantissa), exponent.unsigned_abs()).map(|digits| (digits, 0))
        } else {
            // mantissa / 2^k = mantissa * 5^k / 10^k. A decimal has at most 28
            // digits after the point, so only then can one equal this float
            // (and then 5^k * mantissa < 5^28 * 2^53 < 2^119 fits).
            let k = exponent.unsigned_abs();
            (k <= 28).then(|| (5u128.pow(k) * u128::from(mantissa), k))
        };
        match exact {
            Some((digits, scale)) => Self::of_number(Number::Exact {
                negative,
                digits,
                scale,
            }),
            None => Self::Float(float.to_bits()),
        }
    }
}

/// The SQL type name of a value, for messages.
pub(crate) fn type_name(value: &Value) -> String {
    value
        .get_type()
        .map_or_else(|| "NULL".to_owned(), |data_type| data_type.to_string())
}

/// A decimal from an integer, if it fits (rust_decimal holds 96 bits).
pub(crate) fn decimal_from_i128(n: i128) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(n, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::str::FromStr;

    fn dec(s: &str) -> Value {
        Value::Decimal(Decimal::from_str(s).unwrap())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn samples() -> Vec<Value> {
        let mut map = std::collections::BTreeMap::new();
        map.insert("a".to_owned(), Value::I64(1));
        vec![
            Value::Null,
            Value::Bool(false),
            Value::Bool(true),
            Value::I8(-3),
            Value::I64(-3),
            Value::I64(0),
            Value::I64(1),
            Value::I32(1),
            Value::U8(1),
            Value::F64(1.0),
            Value::F32(1.0),
            dec("1.00"),
            dec("-0.00"),
            Value::F64(-0.0),
            Value::F64(0.0),
            Value::F64(0.1),
            Value::F32(0.1),
            dec("0.1"),
            Value::F64(1.5),
            dec("1.50"),
            Value::F64(2.5e-7),
            Value::F64(f64::NAN),
            Value::F64(-f64::NAN),
            Value::F32(f32::NAN),
            Value::F64(f64::INFINITY),
            Value::F64(f64::NEG_INFINITY),
            Value::F64(1e30),
            Value::F64(9_007_199_254_740_992.0),
            Value::I64(9_007_199_254_740_992),
            Value::I64(9_007_199_254_740_993),
            Value::I64(i64::MAX),
            Value::I64(i64::MIN),
            Value::I128(i128::MIN),
            Value::U128(u128::MAX),
            Value::F64(3.402_823_669_209_385e38),
            dec("79228162514264337593543950335"),
            dec("-79228162514264337593543950335"),
            dec("0.0000000000000000000000000001"),
            Value::F64(5e-324),
            Value::F64(1_000_000_000.5),
            dec("7.1234567890123456789012345678"),
            Value::F64(12_345_678_901_234_567_890.0),
            dec("12345678901234567890.12345678"),
            dec("12345678901234567168"),
            Value::Str("a".into()),
            Value::Str("B".into()),
            Value::Str("".into()),
            Value::Bytea(vec![1, 2]),
            Value::Date(date(2019, 5, 1)),
            Value::Timestamp(date(2019, 5, 1).and_hms_opt(0, 0, 0).unwrap()),
            Value::Timestamp(date(2019, 5, 1).and_hms_opt(0, 0, 1).unwrap()),
            Value::Time(NaiveTime::from_hms_opt(1, 2, 3).unwrap()),
            Value::Interval(Interval::Month(1)),
            Value::Interval(Interval::Microsecond(30 * 24 * 3600 * 1_000_000)),
            Value::Interval(Interval::Microsecond(1)),
            Value::Uuid(7),
            Value::List(vec![Value::I64(1), Value::F64(2.0)]),
            Value::List(vec![Value::F64(1.0), Value::I64(2)]),
            Value::List(vec![Value::I64(1)]),
            Value::Map(map),
            Value::Point(Point::new(1.0, 2.0)),
            Value::Point(Point::new(-0.0, f64::NAN)),
        ]
    }

    #[test]
    fn numbers_compare_exactly_across_variants() {
        use Ordering::*;
        assert_eq!(compare_values(&Value::I64(1), &Value::F64(1.0)), Equal);
        assert_eq!(compare_values(&Value::I64(1), &dec("1.000")), Equal);
        assert_eq!(compare_values(&Value::F64(1.5), &dec("1.5")), Equal);
        assert_eq!(compare_values(&Value::I64(2), &Value::F64(1.5)), Greater);
        assert_eq!(compare_values(&Value::I64(-2), &Value::F64(-1.5)), Less);
        assert_eq!(compare_values(&dec("0.1"), &Value::F64(0.1)), Less);
        assert_eq!(compare_values(&dec("0.1"), &Value::F32(0.1)), Less);
        assert_eq!(compare_values(&Value::F64(0.1), &Value::F32(0.1)), Less);
        assert_eq!(
            compare_values(
                &Value::I64(9_007_199_254_740_993),
                &Value::F64(9_007_199_254_740_992.0)
            ),
            Greater
        );
        assert_eq!(
            compare_values(&Value::U128(u128::MAX), &Value::I128(i128::MAX)),
            Greater
        );
        assert_eq!(compare_values(&Value::F64(-0.0), &Value::I64(0)), Equal);
        assert_eq!(
            compare_values(&Value::F64(f64::NAN), &Value::F64(f64::INFINITY)),
            Greater
        );
        assert_eq!(
            compare_values(&Value::F64(f64::NAN), &Value::U128(u128::MAX)),
            Greater
        );
        assert_eq!(
            compare_values(&Value::F64(f64::NEG_INFINITY), &Value::I128(i128::MIN)),
            Less
        );
        assert_eq!(
            compare_values(&Value::F64(1e300), &dec("79228162514264337593543950335")),
            Greater
        );
        assert_eq!(
            compare_values(&Value::F64(5e-324), &dec("0.0000000000000000000000000001")),
            Less
        );
    }

    #[test]
    fn other_types_compare_naturally() {
        use Ordering::*;
        let s = |v: &str| Value::Str(v.into());
        assert_eq!(compare_values(&s("B"), &s("a")), Less, "byte order");
        assert_eq!(compare_values(&s(""), &s("a")), Less);
        let day = date(2019, 5, 1);
        assert_eq!(
            compare_values(
                &Value::Date(day),
                &Value::Timestamp(day.and_hms_opt(0, 0, 0).unwrap())
            ),
            Equal
        );
        assert_eq!(
            compare_values(
                &Value::Date(day),
                &Value::Timestamp(day.and_hms_opt(0, 0, 1).unwrap())
            ),
            Less
        );
        assert_eq!(
            compare_values(&Value::Bool(false), &Value::Bool(true)),
            Less
        );
        assert_eq!(
            compare_values(
                &Value::Interval(Interval::Month(1)),
                &Value::Interval(Interval::Microsecond(1))
            ),
            Greater
        );
        assert_eq!(compare_values(&Value::I64(5), &s("1")), Less, "type rank");
        assert_eq!(compare_values(&Value::Null, &Value::I64(5)), Greater);
    }

    #[test]
    fn order_is_total_and_keys_match_equality() {
        let values = samples();
        for a in &values {
            for b in &values {
                let ab = compare_values(a, b);
                assert_eq!(
                    ab,
                    compare_values(b, a).reverse(),
                    "antisymmetric {a:?} {b:?}"
                );
                assert_eq!(
                    ab == Ordering::Equal,
                    ValueKey::new(a) == ValueKey::new(b),
                    "key agrees with order for {a:?} and {b:?}"
                );
                for c in &values {
                    if ab != Ordering::Greater && compare_values(b, c) != Ordering::Greater {
                        assert_ne!(
                            compare_values(a, c),
                            Ordering::Greater,
                            "transitive {a:?} {b:?} {c:?}"
                        );
                    }
                }
            }
        }
        let mut sorted = values.clone();
        sorted.sort_by(compare_values);
        assert!(matches!(sorted.last(), Some(Value::Null)));
    }

    #[test]
    fn keys_normalise_numbers() {
        assert_eq!(ValueKey::new(&dec("-0.00")), ValueKey::new(&Value::I64(0)));
        assert_eq!(
            ValueKey::new(&Value::F64(-0.0)),
            ValueKey::new(&Value::F64(0.0))
        );
        assert_eq!(
            ValueKey::new(&Value::F64(f64::NAN)),
            ValueKey::new(&Value::F32(f32::NAN))
        );
        assert_eq!(ValueKey::new(&Value::F64(2.5)), ValueKey::new(&dec("2.50")));
        assert_eq!(
            ValueKey::new(&Value::F64(1e20)),
            ValueKey::new(&Value::I128(100_000_000_000_000_000_000))
        );
        assert_ne!(ValueKey::new(&Value::F64(0.1)), ValueKey::new(&dec("0.1")));
        assert_ne!(
            ValueKey::new(&Value::Str("1".into())),
            ValueKey::new(&Value::I64(1))
        );
    }
}
