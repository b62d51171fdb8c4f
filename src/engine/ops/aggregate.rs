//! Grouped aggregation with Redshift's aggregates and result types.
//!
//! `Accumulator` is the one implementation of every aggregate: GROUP BY
//! ([`aggregate`]) and window aggregates (`window.rs`) both use it.
//!
//! Result types (Redshift's):
//!
//! | aggregate | integer input | float input | decimal input |
//! |---|---|---|---|
//! | COUNT, COUNT(*) | `I64` | `I64` | `I64` |
//! | SUM | `I64` (an error past BIGINT) | `F64` | `Decimal` |
//! | AVG | `I64`, truncated toward zero | `F64` | `Decimal` at the input's scale (rounded half away from zero) |
//! | STDDEV/VARIANCE (`_SAMP`, `_POP`) | `F64` | `F64` | `F64` |
//! | MEDIAN | `Decimal` (at least one digit after the point) | `F64` | `Decimal` (at least the input's scale) |
//!
//! 128-bit and unsigned 64-bit inputs widen SUM and AVG to `I128`. MEDIAN is
//! the middle value or, for an even count, the exact midpoint of the two
//! middle values (MEDIAN of 1 and 2 is 1.5, of 1, 2 and 3 is 2.0); it also
//! takes dates and timestamps. MIN and MAX return the input value (any
//! comparable type); LISTAGG text; BOOL_AND and BOOL_OR booleans. Every
//! aggregate but COUNT ignores NULLs and returns NULL when it saw no value;
//! the sample statistics are NULL for a single value.

use std::collections::HashSet;

use gluesql_core::data::Value;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::hash::{Columns, FastState, RowTable};
use super::value::{decimal_from_i128, type_name};
use super::{check_columns, compare_rows, compare_values, value_at, SortKey, ValueKey};
use crate::engine::error::{EngineError, ErrorKind};

/// Redshift's limit on the length of a LISTAGG result, in bytes.
const LISTAGG_LIMIT: usize = 65_535;

/// An aggregate function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AggregateKind {
    /// `COUNT(expr)`: rows where the argument is not NULL.
    Count,
    /// `COUNT(*)`: all rows (no argument).
    CountStar,
    /// `SUM(expr)`.
    Sum,
    /// `AVG(expr)`.
    Avg,
    /// `MIN(expr)`.
    Min,
    /// `MAX(expr)`.
    Max,
    /// `STDDEV(expr)` / `STDDEV_SAMP(expr)`: sample standard deviation.
    StddevSamp,
    /// `STDDEV_POP(expr)`.
    StddevPop,
    /// `VARIANCE(expr)` / `VAR_SAMP(expr)`: sample variance.
    VarSamp,
    /// `VAR_POP(expr)`.
    VarPop,
    /// `MEDIAN(expr)`.
    Median,
    /// `LISTAGG(expr, delimiter) WITHIN GROUP (ORDER BY ...)`; `order_by`
    /// refers to columns of the input rows (empty: input order).
    Listagg {
        /// Put between values.
        delimiter: String,
        /// The WITHIN GROUP order.
        order_by: Vec<SortKey>,
    },
    /// `BOOL_AND(expr)`.
    BoolAnd,
    /// `BOOL_OR(expr)`.
    BoolOr,
}

impl AggregateKind {
    /// The SQL name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Count => "COUNT",
            Self::CountStar => "COUNT(*)",
            Self::Sum => "SUM",
            Self::Avg => "AVG",
            Self::Min => "MIN",
            Self::Max => "MAX",
            Self::StddevSamp => "STDDEV_SAMP",
            Self::StddevPop => "STDDEV_POP",
            Self::VarSamp => "VAR_SAMP",
            Self::VarPop => "VAR_POP",
            Self::Median => "MEDIAN",
            Self::Listagg { .. } => "LISTAGG",
            Self::BoolAnd => "BOOL_AND",
            Self::BoolOr => "BOOL_OR",
        }
    }
}

/// One aggregate in a SELECT list: `kind([DISTINCT] column arg)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AggregateCall {
    /// The function.
    pub kind: AggregateKind,
    /// The argument column; `None` only for `COUNT(*)`.
    pub arg: Option<usize>,
    /// `DISTINCT`: each distinct non-NULL value counts once.
    pub distinct: bool,
}

impl AggregateCall {
    /// A call without DISTINCT.
    pub fn new(kind: AggregateKind, arg: Option<usize>) -> Self {
        Self {
            kind,
            arg,
            distinct: false,
        }
    }

    /// The columns the call reads.
    pub(crate) fn columns(&self) -> Vec<usize> {
        let mut columns: Vec<usize> = self.arg.into_iter().collect();
        if let AggregateKind::Listagg { order_by, .. } = &self.kind {
            columns.extend(order_by.iter().map(|key| key.column));
        }
        columns
    }
}

/// GROUP BY: one output row per group, holding the `group_by` values and
/// then one value per call. Groups come in order of first appearance; with
/// no `group_by` there is exactly one group, even over no rows (COUNT is 0
/// there and the other aggregates NULL). Group values are equal as in
/// [`ValueKey`] (NULLs form one group); a group shows its first row's values.
pub fn aggregate(
    rows: &[Vec<Value>],
    group_by: &[usize],
    calls: &[AggregateCall],
) -> Result<Vec<Vec<Value>>, EngineError> {
    let template = calls
        .iter()
        .map(Accumulator::new)
        .collect::<Result<Vec<_>, _>>()?;
    check_columns(
        rows,
        group_by
            .iter()
            .copied()
            .chain(calls.iter().flat_map(AggregateCall::columns)),
    )?;
    let mut table = RowTable::new(Columns::These(group_by));
    let mut groups: Vec<Vec<Accumulator>> = Vec::new();
    for row in rows {
        let (group, new) = table.insert(row);
        if new {
            groups.push(template.clone());
        }
        if let Some(accumulators) = groups.get_mut(group) {
            add_row(accumulators, row)?;
        }
    }
    if group_by.is_empty() && groups.is_empty() {
        groups.push(template);
    }
    groups
        .iter()
        .enumerate()
        .map(|(group, accumulators)| {
            let first = table.first_row(group).unwrap_or_default();
            let mut output: Vec<Value> = group_by
                .iter()
                .map(|&column| value_at(first, column).clone())
                .collect();
            for accumulator in accumulators {
                output.push(accumulator.finish()?);
            }
            Ok(output)
        })
        .collect()
}

fn add_row<'a>(accumulators: &mut [Accumulator<'a>], row: &'a [Value]) -> Result<(), EngineError> {
    accumulators
        .iter_mut()
        .try_for_each(|accumulator| accumulator.add(row))
}

/// The state of one aggregate call over some rows: rows go in with
/// [`add`](Self::add) (or other states with [`merge`](Self::merge)) and the
/// answer comes out of [`finish`](Self::finish), which can be asked for
/// again after more rows (running window aggregates do).
#[derive(Clone, Debug)]
pub(crate) struct Accumulator<'a> {
    call: &'a AggregateCall,
    /// The argument column; `None` counts rows (`COUNT(*)`).
    column: Option<usize>,
    /// For DISTINCT: the values already added.
    seen: Option<HashSet<ValueKey<'a>, FastState>>,
    state: State<'a>,
}

#[derive(Clone, Debug)]
enum State<'a> {
    Count(i64),
    Sum(Option<Number>),
    Avg(Option<Number>, i64),
    Min(Option<&'a Value>),
    Max(Option<&'a Value>),
    Moments(Moments),
    Median(Vec<&'a Value>),
    Listagg {
        delimiter: &'a str,
        order_by: &'a [SortKey],
        /// Each value with its row (for the WITHIN GROUP order).
        items: Vec<(&'a Value, &'a [Value])>,
    },
    BoolAnd(Option<bool>),
    BoolOr(Option<bool>),
}

impl<'a> Accumulator<'a> {
    /// An empty state; an error when the call is malformed (no argument,
    /// or `COUNT(DISTINCT *)`).
    pub(crate) fn new(call: &'a AggregateCall) -> Result<Self, EngineError> {
        let name = call.kind.name();
        let column = match (&call.kind, call.arg) {
            (AggregateKind::CountStar, _) if call.distinct => {
                return Err(EngineError::msg(
                    ErrorKind::Syntax,
                    "COUNT(DISTINCT *)는 쓸 수 없습니다. COUNT(DISTINCT 열)로 쓰세요.",
                    "COUNT(DISTINCT *) is not valid; write COUNT(DISTINCT column)",
                ))
            }
            (AggregateKind::CountStar, _) => None,
            (_, Some(column)) => Some(column),
            (_, None) => {
                return Err(EngineError::msg(
                    ErrorKind::Execution,
                    format!("{name}에 인자가 없습니다."),
                    format!("{name} needs an argument"),
                ))
            }
        };
        let state = match &call.kind {
            AggregateKind::Count | AggregateKind::CountStar => State::Count(0),
            AggregateKind::Sum => State::Sum(None),
            AggregateKind::Avg => State::Avg(None, 0),
            AggregateKind::Min => State::Min(None),
            AggregateKind::Max => State::Max(None),
            AggregateKind::StddevSamp
            | AggregateKind::StddevPop
            | AggregateKind::VarSamp
            | AggregateKind::VarPop => State::Moments(Moments::default()),
            AggregateKind::Median => State::Median(Vec::new()),
            AggregateKind::Listagg {
                delimiter,
                order_by,
            } => State::Listagg {
                delimiter,
                order_by,
                items: Vec::new(),
            },
            AggregateKind::BoolAnd => State::BoolAnd(None),
            AggregateKind::BoolOr => State::BoolOr(None),
        };
        Ok(Self {
            call,
            column,
            seen: call.distinct.then(HashSet::default),
            state,
        })
    }

    /// Adds one input row.
    pub(crate) fn add(&mut self, row: &'a [Value]) -> Result<(), EngineError> {
        let Some(column) = self.column else {
            if let State::Count(count) = &mut self.state {
                *count += 1;
            }
            return Ok(());
        };
        let value = value_at(row, column);
        if value.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen {
            if !seen.insert(ValueKey::new(value)) {
                return Ok(());
            }
        }
        let name = self.call.kind.name();
        match &mut self.state {
            State::Count(count) => *count += 1,
            State::Sum(sum) => *sum = Number::add(*sum, Number::of(value, name)?, name)?,
            State::Avg(sum, count) => {
                *sum = Number::add(*sum, Number::of(value, name)?, name)?;
                *count += 1;
            }
            State::Min(best) => keep_extreme(best, value, std::cmp::Ordering::Less),
            State::Max(best) => keep_extreme(best, value, std::cmp::Ordering::Greater),
            State::Moments(moments) => moments.add(Number::of(value, name)?.to_f64()),
            State::Median(values) => {
                if !matches!(value, Value::Date(_) | Value::Timestamp(_)) {
                    Number::of(value, name)?;
                }
                values.push(value);
            }
            State::Listagg { items, .. } => items.push((value, row)),
            State::BoolAnd(all) => *all = Some(all.unwrap_or(true) && boolean(value, name)?),
            State::BoolOr(any) => *any = Some(any.unwrap_or(false) || boolean(value, name)?),
        }
        Ok(())
    }

    /// Adds the rows of another state of the same call, as if they had been
    /// added after this state's rows. DISTINCT states cannot be merged.
    pub(crate) fn merge(&mut self, other: &Self) -> Result<(), EngineError> {
        let name = self.call.kind.name();
        if self.seen.is_some() {
            return Err(EngineError::msg(
                ErrorKind::Unsupported,
                format!("{name}(DISTINCT ...)의 부분 결과는 합칠 수 없습니다."),
                format!("partial results of {name}(DISTINCT ...) cannot be combined"),
            ));
        }
        match (&mut self.state, &other.state) {
            (State::Count(count), State::Count(more)) => *count += more,
            (State::Sum(sum), State::Sum(Some(more))) => *sum = Number::add(*sum, *more, name)?,
            (State::Avg(sum, count), State::Avg(Some(more), more_count)) => {
                *sum = Number::add(*sum, *more, name)?;
                *count += more_count;
            }
            (State::Min(best), State::Min(Some(value))) => {
                keep_extreme(best, value, std::cmp::Ordering::Less);
            }
            (State::Max(best), State::Max(Some(value))) => {
                keep_extreme(best, value, std::cmp::Ordering::Greater);
            }
            (State::Moments(moments), State::Moments(more)) => moments.merge(more),
            (State::Median(values), State::Median(more)) => values.extend_from_slice(more),
            (State::Listagg { items, .. }, State::Listagg { items: more, .. }) => {
                items.extend_from_slice(more);
            }
            (State::BoolAnd(all), State::BoolAnd(Some(more))) => {
                *all = Some(all.unwrap_or(true) && *more);
            }
            (State::BoolOr(any), State::BoolOr(Some(more))) => {
                *any = Some(any.unwrap_or(false) || *more);
            }
            // The other state saw no values (or belongs to another call,
            // which the window code never merges).
            _ => {}
        }
        Ok(())
    }

    /// The aggregate's value over the rows added so far.
    pub(crate) fn finish(&self) -> Result<Value, EngineError> {
        let name = self.call.kind.name();
        Ok(match &self.state {
            State::Count(count) => Value::I64(*count),
            State::Sum(sum) => sum.map_or(Ok(Value::Null), |sum| sum.into_value(name))?,
            State::Avg(sum, count) => match sum {
                Some(sum) => sum.divide(*count, name)?,
                None => Value::Null,
            },
            State::Min(best) | State::Max(best) => best.map_or(Value::Null, Value::clone),
            State::Moments(moments) => moments.finish(&self.call.kind),
            State::Median(values) => median(values, name)?,
            State::Listagg {
                delimiter,
                order_by,
                items,
            } => listagg(delimiter, order_by, items)?,
            State::BoolAnd(flag) | State::BoolOr(flag) => flag.map_or(Value::Null, Value::Bool),
        })
    }
}

/// LISTAGG: the values as text in WITHIN GROUP order (ties in input order),
/// NULL for none; an error past Redshift's 65,535-byte limit.
fn listagg(
    delimiter: &str,
    order_by: &[SortKey],
    items: &[(&Value, &[Value])],
) -> Result<Value, EngineError> {
    if items.is_empty() {
        return Ok(Value::Null);
    }
    let mut ordered = items.to_vec();
    crate::sort::sort_by(&mut ordered, |(_, a), (_, b)| compare_rows(a, b, order_by));
    let mut text = String::new();
    for (position, (value, _)) in ordered.iter().enumerate() {
        if position > 0 {
            text.push_str(delimiter);
        }
        match value {
            Value::Str(value) => text.push_str(value),
            value => text.push_str(&String::from(*value)),
        }
        if text.len() > LISTAGG_LIMIT {
            return Err(EngineError::msg(
                ErrorKind::Execution,
                format!("LISTAGG 결과가 {LISTAGG_LIMIT}바이트 제한을 넘었습니다."),
                format!("Result size exceeds LISTAGG limit ({LISTAGG_LIMIT} bytes)"),
            ));
        }
    }
    Ok(Value::Str(text))
}

/// Keeps `value` in `best` if it is further in `direction` (first wins ties).
fn keep_extreme<'a>(best: &mut Option<&'a Value>, value: &'a Value, direction: std::cmp::Ordering) {
    if best.is_none_or(|best| compare_values(value, best) == direction) {
        *best = Some(value);
    }
}

fn boolean(value: &Value, name: &str) -> Result<bool, EngineError> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        other => Err(EngineError::msg(
            ErrorKind::Type,
            format!(
                "{name}에는 BOOLEAN 값이 필요합니다 ({} 값을 받았습니다).",
                type_name(other)
            ),
            format!("{name} needs BOOLEAN values, got {}", type_name(other)),
        )),
    }
}

/// A number being summed: integers stay exact (in 128 bits, `wide` when the
/// result must be 128-bit), a float makes the sum float, a decimal decimal.
#[derive(Clone, Copy, Debug)]
enum Number {
    Integer { value: i128, wide: bool },
    Float(f64),
    Decimal(Decimal),
}

impl Number {
    fn of(value: &Value, name: &str) -> Result<Self, EngineError> {
        let integer = |value: i128| Number::Integer { value, wide: false };
        Ok(match value {
            Value::I8(n) => integer(i128::from(*n)),
            Value::I16(n) => integer(i128::from(*n)),
            Value::I32(n) => integer(i128::from(*n)),
            Value::I64(n) => integer(i128::from(*n)),
            Value::U8(n) => integer(i128::from(*n)),
            Value::U16(n) => integer(i128::from(*n)),
            Value::U32(n) => integer(i128::from(*n)),
            Value::U64(n) => Number::Integer {
                value: i128::from(*n),
                wide: true,
            },
            Value::I128(n) => Number::Integer {
                value: *n,
                wide: true,
            },
            Value::U128(n) => Number::Integer {
                value: i128::try_from(*n).map_err(|_| out_of_range(name))?,
                wide: true,
            },
            Value::F32(f) => Number::Float(f64::from(*f)),
            Value::F64(f) => Number::Float(*f),
            Value::Decimal(d) => Number::Decimal(*d),
            other => {
                return Err(EngineError::msg(
                    ErrorKind::Type,
                    format!(
                        "{name}에는 숫자 값이 필요합니다 ({} 값을 받았습니다).",
                        type_name(other)
                    ),
                    format!("{name} needs numeric values, got {}", type_name(other)),
                ))
            }
        })
    }

    fn to_f64(self) -> f64 {
        match self {
            Number::Integer { value, .. } => value as f64,
            Number::Float(f) => f,
            Number::Decimal(d) => d.to_f64().unwrap_or(f64::NAN),
        }
    }

    fn to_decimal(self, name: &str) -> Result<Decimal, EngineError> {
        match self {
            Number::Integer { value, .. } => {
                decimal_from_i128(value).ok_or_else(|| out_of_range(name))
            }
            Number::Decimal(d) => Ok(d),
            Number::Float(f) => Decimal::try_from(f).map_err(|_| out_of_range(name)),
        }
    }

    /// `sum + number`; integers overflow into an error, never wrap.
    fn add(sum: Option<Number>, number: Number, name: &str) -> Result<Option<Number>, EngineError> {
        let Some(sum) = sum else {
            return Ok(Some(number));
        };
        Ok(Some(match (sum, number) {
            (Number::Integer { value: a, wide: wa }, Number::Integer { value: b, wide: wb }) => {
                Number::Integer {
                    value: a.checked_add(b).ok_or_else(|| out_of_range(name))?,
                    wide: wa || wb,
                }
            }
            (Number::Float(_), _) | (_, Number::Float(_)) => {
                Number::Float(sum.to_f64() + number.to_f64())
            }
            _ => Number::Decimal(
                sum.to_decimal(name)?
                    .checked_add(number.to_decimal(name)?)
                    .ok_or_else(|| out_of_range(name))?,
            ),
        }))
    }

    /// The SUM result: BIGINT (an error when it does not fit), or I128 for
    /// wide inputs, DOUBLE PRECISION, or DECIMAL.
    fn into_value(self, name: &str) -> Result<Value, EngineError> {
        Ok(match self {
            Number::Integer { value, wide: true } => Value::I128(value),
            Number::Integer { value, wide: false } => {
                Value::I64(i64::try_from(value).map_err(|_| out_of_range(name))?)
            }
            Number::Float(f) => Value::F64(f),
            Number::Decimal(d) => Value::Decimal(d),
        })
    }

    /// The AVG result: `self / count` in the input's type (integers truncate
    /// toward zero; decimals round half away from zero to the input's scale).
    fn divide(self, count: i64, name: &str) -> Result<Value, EngineError> {
        let count_i128 = i128::from(count.max(1));
        match self {
            Number::Integer { value, wide } => Number::Integer {
                value: value / count_i128,
                wide,
            }
            .into_value(name),
            Number::Float(f) => Ok(Value::F64(f / count as f64)),
            Number::Decimal(d) => d
                .checked_div(Decimal::from(count.max(1)))
                .map(|mut mean| {
                    mean.rescale(d.scale());
                    Value::Decimal(mean)
                })
                .ok_or_else(|| out_of_range(name)),
        }
    }
}

fn out_of_range(name: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Type,
        format!("{name} 결과가 표현할 수 있는 범위를 벗어났습니다."),
        format!("{name} result is out of range"),
    )
}

/// Count, mean and sum of squared deviations (Welford), mergeable (Chan).
#[derive(Clone, Copy, Debug, Default)]
struct Moments {
    count: u64,
    mean: f64,
    squares: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.squares += delta * (x - self.mean);
    }

    fn merge(&mut self, other: &Moments) {
        if other.count == 0 {
            return;
        }
        let count = self.count + other.count;
        let delta = other.mean - self.mean;
        let (n, m, total) = (self.count as f64, other.count as f64, count as f64);
        self.mean += delta * m / total;
        self.squares += other.squares + delta * delta * n * m / total;
        self.count = count;
    }

    fn finish(&self, kind: &AggregateKind) -> Value {
        let sample = matches!(kind, AggregateKind::StddevSamp | AggregateKind::VarSamp);
        let divisor = if sample {
            self.count.saturating_sub(1)
        } else {
            self.count
        };
        if divisor == 0 {
            return Value::Null;
        }
        let variance = (self.squares / divisor as f64).max(0.0);
        match kind {
            AggregateKind::StddevSamp | AggregateKind::StddevPop => Value::F64(variance.sqrt()),
            _ => Value::F64(variance),
        }
    }
}

/// MEDIAN with Redshift's result types: DECIMAL for integers (with at least
/// one digit after the point, as Redshift shows `17.5` and `10.0`) and for
/// decimals (at least their scale), DOUBLE PRECISION for floats, DATE and
/// TIMESTAMP for those. For an even count it is the midpoint of the two
/// middle values (whole days for dates).
fn median(values: &[&Value], name: &str) -> Result<Value, EngineError> {
    let mut sorted = values.to_vec();
    crate::sort::sort_by(&mut sorted, |a, b| compare_values(a, b));
    let (low, high) = (sorted.len().saturating_sub(1) / 2, sorted.len() / 2);
    let (Some(low), Some(high)) = (sorted.get(low), sorted.get(high)) else {
        return Ok(Value::Null);
    };
    let midpoint = match (low, high) {
        (Value::Date(low), Value::Date(high)) => {
            low.checked_add_signed((*high - *low) / 2).map(Value::Date)
        }
        (Value::Timestamp(low), Value::Timestamp(high)) => low
            .checked_add_signed((*high - *low) / 2)
            .map(Value::Timestamp),
        _ => return numeric_median(Number::of(low, name)?, Number::of(high, name)?, name),
    };
    midpoint.ok_or_else(|| out_of_range(name))
}

fn numeric_median(low: Number, high: Number, name: &str) -> Result<Value, EngineError> {
    if let (Number::Float(_), _) | (_, Number::Float(_)) = (low, high) {
        let (low, high) = (low.to_f64(), high.to_f64());
        return Ok(Value::F64(low + (high - low) / 2.0));
    }
    let integers = matches!(
        (low, high),
        (Number::Integer { .. }, Number::Integer { .. })
    );
    let (low, high) = (low.to_decimal(name)?, high.to_decimal(name)?);
    let mut mean = if low == high {
        low
    } else {
        low.checked_add(high)
            .and_then(|sum| sum.checked_div(Decimal::TWO))
            .ok_or_else(|| out_of_range(name))?
            .normalize()
    };
    let scale = low.scale().max(high.scale()).max(u32::from(integers));
    if mean.scale() < scale {
        mean.rescale(scale);
    }
    Ok(Value::Decimal(mean))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn int(n: i64) -> Value {
        Value::I64(n)
    }

    fn dec(s: &str) -> Value {
        Value::Decimal(Decimal::from_str(s).unwrap())
    }

    fn text(s: &str) -> Value {
        Value::Str(s.to_owned())
    }

    fn call(kind: AggregateKind, arg: usize) -> AggregateCall {
        AggregateCall::new(kind, Some(arg))
    }

    fn distinct(kind: AggregateKind, arg: usize) -> AggregateCall {
        AggregateCall {
            distinct: true,
            ..call(kind, arg)
        }
    }

    fn column(values: &[Value]) -> Vec<Vec<Value>> {
        values.iter().map(|v| vec![v.clone()]).collect()
    }

    /// The single result of `calls` over one column of values.
    fn over(values: &[Value], calls: &[AggregateCall]) -> Vec<Value> {
        aggregate(&column(values), &[], calls).unwrap().remove(0)
    }

    fn one(values: &[Value], kind: AggregateKind) -> Value {
        over(values, &[call(kind, 0)]).remove(0)
    }

    #[test]
    fn count_test_from_the_course() {
        // count_test: value = NULL, 1, 1, 0, 0, 4, 3 ->
        // COUNT(1), COUNT(0), COUNT(NULL), COUNT(value), COUNT(DISTINCT value) = 7, 7, 0, 6, 4.
        let rows: Vec<Vec<Value>> = [None, Some(1), Some(1), Some(0), Some(0), Some(4), Some(3)]
            .iter()
            .map(|v| vec![v.map_or(Value::Null, int), int(1), int(0), Value::Null])
            .collect();
        let calls = [
            call(AggregateKind::Count, 1),
            call(AggregateKind::Count, 2),
            call(AggregateKind::Count, 3),
            call(AggregateKind::Count, 0),
            distinct(AggregateKind::Count, 0),
            AggregateCall::new(AggregateKind::CountStar, None),
        ];
        assert_eq!(
            aggregate(&rows, &[], &calls).unwrap(),
            vec![vec![int(7), int(7), int(0), int(6), int(4), int(7)]]
        );
    }

    #[test]
    fn empty_input_without_group_by_gives_one_row() {
        let calls = [
            AggregateCall::new(AggregateKind::CountStar, None),
            call(AggregateKind::Count, 0),
            call(AggregateKind::Sum, 0),
            call(AggregateKind::Avg, 0),
            call(AggregateKind::Min, 0),
            call(AggregateKind::Median, 0),
            call(AggregateKind::StddevSamp, 0),
            call(AggregateKind::BoolOr, 0),
        ];
        let result = aggregate(&[], &[], &calls).unwrap();
        let mut expected = vec![int(0), int(0)];
        expected.extend(std::iter::repeat_n(Value::Null, 6));
        assert_eq!(result, vec![expected]);
        assert!(aggregate(&[], &[0], &calls).unwrap().is_empty());
    }

    #[test]
    fn all_null_input() {
        let values = [Value::Null, Value::Null];
        assert_eq!(one(&values, AggregateKind::Count), int(0));
        assert_eq!(one(&values, AggregateKind::Sum), Value::Null);
        assert_eq!(one(&values, AggregateKind::Max), Value::Null);
        assert_eq!(
            over(
                &values,
                &[AggregateCall::new(AggregateKind::CountStar, None)]
            ),
            [int(2)]
        );
    }

    #[test]
    fn groups_in_first_appearance_order_with_null_group() {
        let rows = vec![
            vec![text("b"), int(1)],
            vec![Value::Null, int(2)],
            vec![text("a"), int(3)],
            vec![text("b"), int(4)],
            vec![Value::Null, Value::Null],
        ];
        let result = aggregate(
            &rows,
            &[0],
            &[
                call(AggregateKind::Sum, 1),
                AggregateCall::new(AggregateKind::CountStar, None),
            ],
        )
        .unwrap();
        assert_eq!(
            result,
            vec![
                vec![text("b"), int(5), int(2)],
                vec![Value::Null, int(2), int(2)],
                vec![text("a"), int(3), int(1)],
            ]
        );
    }

    #[test]
    fn group_keys_equal_across_numeric_variants() {
        let rows = vec![
            vec![int(1), int(10)],
            vec![Value::F64(1.0), int(20)],
            vec![dec("1.00"), int(30)],
            vec![Value::F64(1.5), int(40)],
        ];
        let result = aggregate(&rows, &[0], &[call(AggregateKind::Sum, 1)]).unwrap();
        assert_eq!(
            result,
            vec![vec![int(1), int(60)], vec![Value::F64(1.5), int(40)]]
        );
    }

    #[test]
    fn several_group_columns() {
        let rows = vec![
            vec![int(1), text("x"), int(1)],
            vec![int(1), text("y"), int(2)],
            vec![int(1), text("x"), int(3)],
        ];
        let result = aggregate(&rows, &[1, 0], &[call(AggregateKind::Max, 2)]).unwrap();
        assert_eq!(
            result,
            vec![
                vec![text("x"), int(1), int(3)],
                vec![text("y"), int(1), int(2)]
            ]
        );
    }

    #[test]
    fn sum_types_and_overflow() {
        assert_eq!(
            one(&[int(1), Value::Null, int(2)], AggregateKind::Sum),
            int(3)
        );
        assert_eq!(
            one(&[Value::F64(0.5), Value::F64(0.25)], AggregateKind::Sum),
            Value::F64(0.75)
        );
        assert_eq!(
            one(&[dec("1.10"), dec("2.2")], AggregateKind::Sum),
            dec("3.30")
        );
        assert_eq!(
            one(&[Value::I32(7), Value::I8(1)], AggregateKind::Sum),
            int(8)
        );
        assert_eq!(one(&[Value::I128(7)], AggregateKind::Sum), Value::I128(7));
        assert_eq!(
            one(&[int(1), Value::F64(0.5)], AggregateKind::Sum),
            Value::F64(1.5)
        );
        assert_eq!(one(&[int(1), dec("0.5")], AggregateKind::Sum), dec("1.5"));
        // Intermediate sums may leave BIGINT as long as the result fits.
        assert_eq!(
            one(&[int(i64::MAX), int(1), int(-2)], AggregateKind::Sum),
            int(i64::MAX - 1)
        );
        let error = aggregate(
            &column(&[int(i64::MAX), int(1)]),
            &[],
            &[call(AggregateKind::Sum, 0)],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Type);
        assert!(error.message.en.contains("SUM"));
        let error = aggregate(
            &column(&[dec("79228162514264337593543950335"), dec("1")]),
            &[],
            &[call(AggregateKind::Sum, 0)],
        );
        assert!(error.is_err());
    }

    #[test]
    fn sum_of_text_is_a_type_error() {
        let error =
            aggregate(&column(&[text("a")]), &[], &[call(AggregateKind::Sum, 0)]).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Type);
        assert_eq!(error.message.en, "SUM needs numeric values, got TEXT");
        let error =
            aggregate(&column(&[int(1)]), &[], &[call(AggregateKind::BoolAnd, 0)]).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Type);
    }

    #[test]
    fn avg_follows_redshift_types() {
        assert_eq!(one(&[int(1), int(2)], AggregateKind::Avg), int(1));
        assert_eq!(one(&[int(-1), int(-2)], AggregateKind::Avg), int(-1));
        assert_eq!(
            one(&[int(1), int(2), Value::Null], AggregateKind::Avg),
            int(1)
        );
        assert_eq!(
            one(&[int(i64::MAX), int(i64::MAX)], AggregateKind::Avg),
            int(i64::MAX)
        );
        assert_eq!(
            one(&[Value::F64(1.0), Value::F64(2.0)], AggregateKind::Avg),
            Value::F64(1.5)
        );
        let avg = |values: &[Value]| shown(one(values, AggregateKind::Avg));
        assert_eq!(
            avg(&[dec("1.00"), dec("2.00"), dec("2.00")]),
            shown(dec("1.67"))
        );
        assert_eq!(avg(&[dec("4.00"), dec("2.00")]), shown(dec("3.00")));
        assert_eq!(avg(&[dec("0.05"), dec("0.00")]), shown(dec("0.03")));
        assert_eq!(avg(&[dec("-0.05"), dec("0.00")]), shown(dec("-0.03")));
        assert_eq!(one(&[Value::Null], AggregateKind::Avg), Value::Null);
    }

    #[test]
    fn min_max_over_any_comparable_type() {
        let words = [text("pear"), Value::Null, text("apple"), text("Zoo")];
        assert_eq!(one(&words, AggregateKind::Min), text("Zoo"));
        assert_eq!(one(&words, AggregateKind::Max), text("pear"));
        let mixed = [int(2), Value::F64(2.5), dec("-1")];
        assert_eq!(one(&mixed, AggregateKind::Min), dec("-1"));
        assert_eq!(one(&mixed, AggregateKind::Max), Value::F64(2.5));
        let day = |d| Value::Date(chrono::NaiveDate::from_ymd_opt(2019, 5, d).unwrap());
        assert_eq!(one(&[day(3), day(1), day(2)], AggregateKind::Max), day(3));
        // First of equal values wins.
        assert_eq!(one(&[int(1), Value::F64(1.0)], AggregateKind::Min), int(1));
    }

    #[test]
    fn sample_and_population_statistics() {
        let values = [
            int(2),
            int(4),
            int(4),
            int(4),
            int(5),
            int(5),
            int(7),
            int(9),
        ];
        assert_eq!(one(&values, AggregateKind::VarPop), Value::F64(4.0));
        assert_eq!(one(&values, AggregateKind::StddevPop), Value::F64(2.0));
        let Value::F64(sample) = one(&values, AggregateKind::VarSamp) else {
            panic!()
        };
        assert!((sample - 32.0 / 7.0).abs() < 1e-12);
        let Value::F64(sample) = one(&values, AggregateKind::StddevSamp) else {
            panic!()
        };
        assert!((sample - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(one(&[int(3)], AggregateKind::StddevSamp), Value::Null);
        assert_eq!(one(&[int(3)], AggregateKind::VarSamp), Value::Null);
        assert_eq!(one(&[int(3)], AggregateKind::VarPop), Value::F64(0.0));
        assert_eq!(
            one(&[dec("1.5"), Value::F64(2.5)], AggregateKind::VarPop),
            Value::F64(0.25)
        );
    }

    /// The value and its text (Decimal's `==` ignores the scale).
    fn shown(value: Value) -> (Value, String) {
        let text = String::from(&value);
        (value, text)
    }

    #[test]
    fn median_types() {
        let median = |values: &[Value]| shown(one(values, AggregateKind::Median));
        assert_eq!(median(&[int(3), int(1), int(2)]), shown(dec("2.0")));
        assert_eq!(
            median(&[int(4), int(1), int(2), Value::Null, int(3)]),
            shown(dec("2.5"))
        );
        assert_eq!(median(&[int(10), int(10), int(30)]), shown(dec("10.0")));
        assert_eq!(median(&[int(7)]), shown(dec("7.0")));
        assert_eq!(
            median(&[int(i64::MAX), int(i64::MAX)]),
            shown(dec("9223372036854775807.0"))
        );
        assert_eq!(
            median(&[Value::F64(1.0), Value::F64(4.0)]),
            shown(Value::F64(2.5))
        );
        assert_eq!(
            median(&[Value::F64(1.0), Value::F64(4.0), Value::F64(9.0)]),
            shown(Value::F64(4.0))
        );
        assert_eq!(median(&[dec("1.10"), dec("1.20")]), shown(dec("1.15")));
        assert_eq!(
            median(&[dec("436.00"), dec("437.00")]),
            shown(dec("436.50"))
        );
        assert_eq!(
            median(&[dec("1.5"), dec("2.5"), dec("9.9")]),
            shown(dec("2.5"))
        );
        let day = |d| Value::Date(chrono::NaiveDate::from_ymd_opt(2019, 5, d).unwrap());
        assert_eq!(median(&[day(1), day(4)]), shown(day(2)));
        assert_eq!(median(&[day(9), day(1), day(4)]), shown(day(4)));
        let at = |h| {
            Value::Timestamp(
                chrono::NaiveDate::from_ymd_opt(2019, 5, 1)
                    .unwrap()
                    .and_hms_opt(h, 0, 0)
                    .unwrap(),
            )
        };
        assert_eq!(
            median(&[at(1), at(4)]),
            shown(Value::Timestamp(
                chrono::NaiveDate::from_ymd_opt(2019, 5, 1)
                    .unwrap()
                    .and_hms_opt(2, 30, 0)
                    .unwrap()
            ))
        );
        let error = aggregate(
            &column(&[text("a")]),
            &[],
            &[call(AggregateKind::Median, 0)],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Type);
    }

    #[test]
    fn distinct_aggregates() {
        let values = [int(1), int(1), Value::F64(1.0), int(2), Value::Null, int(2)];
        assert_eq!(
            over(
                &values,
                &[
                    distinct(AggregateKind::Count, 0),
                    distinct(AggregateKind::Sum, 0),
                    distinct(AggregateKind::Avg, 0),
                    call(AggregateKind::Sum, 0),
                ]
            ),
            [int(2), int(3), int(1), Value::F64(7.0)]
        );
        let error = aggregate(
            &column(&values),
            &[],
            &[AggregateCall {
                distinct: true,
                ..AggregateCall::new(AggregateKind::CountStar, None)
            }],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Syntax);
    }

    fn listagg(delimiter: &str, order_by: Vec<SortKey>) -> AggregateKind {
        AggregateKind::Listagg {
            delimiter: delimiter.to_owned(),
            order_by,
        }
    }

    #[test]
    fn listagg_orders_within_group_and_skips_nulls() {
        let rows = vec![
            vec![int(1), text("Google"), int(3)],
            vec![int(1), text("Facebook"), int(1)],
            vec![int(2), Value::Null, int(1)],
            vec![int(1), Value::Null, int(0)],
            vec![int(1), text("Naver"), int(2)],
            vec![int(3), text("x"), Value::Null],
            vec![int(3), text("y"), int(5)],
        ];
        let by_time = call(listagg(",", vec![SortKey::ascending(2)]), 1);
        let unordered = call(listagg(" | ", vec![]), 1);
        let result = aggregate(&rows, &[0], &[by_time, unordered]).unwrap();
        assert_eq!(
            result,
            vec![
                vec![
                    int(1),
                    text("Facebook,Naver,Google"),
                    text("Google | Facebook | Naver")
                ],
                vec![int(2), Value::Null, Value::Null],
                vec![int(3), text("y,x"), text("x | y")],
            ]
        );
    }

    #[test]
    fn listagg_of_numbers_distinct_and_limit() {
        let values = [int(3), int(1), int(3), Value::F64(2.5)];
        let ordered = call(listagg("-", vec![SortKey::descending(0)]), 0);
        assert_eq!(
            over(&values, std::slice::from_ref(&ordered)),
            [text("3-3-2.5-1")]
        );
        let unique = AggregateCall {
            distinct: true,
            ..ordered
        };
        assert_eq!(over(&values, &[unique]), [text("3-2.5-1")]);
        let long = vec![text(&"x".repeat(40_000)); 2];
        let error = aggregate(&column(&long), &[], &[call(listagg(",", vec![]), 0)]).unwrap_err();
        assert!(error.message.en.contains("LISTAGG limit"));
    }

    #[test]
    fn bool_aggregates() {
        let values = [Value::Bool(true), Value::Null, Value::Bool(false)];
        assert_eq!(one(&values, AggregateKind::BoolAnd), Value::Bool(false));
        assert_eq!(one(&values, AggregateKind::BoolOr), Value::Bool(true));
        assert_eq!(
            one(&[Value::Bool(true)], AggregateKind::BoolAnd),
            Value::Bool(true)
        );
        assert_eq!(one(&[Value::Null], AggregateKind::BoolAnd), Value::Null);
    }

    #[test]
    fn malformed_calls_and_columns_are_errors() {
        let error = aggregate(
            &column(&[int(1)]),
            &[],
            &[AggregateCall::new(AggregateKind::Sum, None)],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Execution);
        let error = aggregate(&column(&[int(1)]), &[], &[call(AggregateKind::Sum, 3)]).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Execution);
        let error = aggregate(&column(&[int(1)]), &[2], &[]).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Execution);
        let order_out_of_range = call(listagg(",", vec![SortKey::ascending(9)]), 0);
        assert!(aggregate(&column(&[int(1)]), &[], &[order_out_of_range]).is_err());
        // No rows: nothing to read, only the call itself is checked.
        assert!(aggregate(&[], &[], &[call(AggregateKind::Sum, 3)]).is_ok());
    }

    #[test]
    fn merged_states_equal_sequential_ones() {
        let rows: Vec<Vec<Value>> = (0..20)
            .map(|i| {
                vec![
                    if i % 5 == 0 {
                        Value::Null
                    } else {
                        int(i * 3 % 7)
                    },
                    Value::F64(i as f64 / 4.0),
                ]
            })
            .collect();
        let kinds = [
            AggregateKind::Count,
            AggregateKind::Sum,
            AggregateKind::Avg,
            AggregateKind::Min,
            AggregateKind::Max,
            AggregateKind::VarSamp,
            AggregateKind::StddevPop,
            AggregateKind::Median,
            listagg(",", vec![SortKey::ascending(1)]),
        ];
        for kind in kinds {
            for arg in [0, 1] {
                let call = call(kind.clone(), arg);
                let mut whole = Accumulator::new(&call).unwrap();
                let mut left = Accumulator::new(&call).unwrap();
                let mut right = Accumulator::new(&call).unwrap();
                for (i, row) in rows.iter().enumerate() {
                    whole.add(row).unwrap();
                    if i < 7 { left.add(row) } else { right.add(row) }.unwrap();
                }
                left.merge(&right).unwrap();
                let (merged, expected) = (left.finish().unwrap(), whole.finish().unwrap());
                match (&merged, &expected) {
                    (Value::F64(a), Value::F64(b)) => assert!((a - b).abs() < 1e-9, "{kind:?}"),
                    _ => assert_eq!(merged, expected, "{kind:?}"),
                }
            }
        }
        let call = distinct(AggregateKind::Count, 0);
        let mut state = Accumulator::new(&call).unwrap();
        assert!(state.merge(&Accumulator::new(&call).unwrap()).is_err());
    }
}
