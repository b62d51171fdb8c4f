//! UNION, INTERSECT and EXCEPT (Redshift's MINUS), with and without ALL,
//! and SELECT DISTINCT.
//!
//! Rows are compared as [`ValueKey`](super::ValueKey)s: NULLs are not
//! distinct from each other, and numbers equal across variants (`1` and
//! `1.0`) are the same. Hashing makes every operation O(n). Output is
//! deterministic: left rows first, each in input order; where duplicates
//! collapse, the first appearance is kept.

use gluesql_core::data::Value;

use super::hash::{Columns, RowTable};
use crate::engine::error::{EngineError, ErrorKind};

/// A set operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOperator {
    /// `UNION`: rows in either input.
    Union,
    /// `INTERSECT`: rows in both inputs.
    Intersect,
    /// `EXCEPT` / `MINUS`: rows of the left input not in the right one.
    Except,
}

impl SetOperator {
    /// The SQL name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Union => "UNION",
            Self::Intersect => "INTERSECT",
            Self::Except => "EXCEPT",
        }
    }
}

/// `left op [ALL] right`. Without ALL the result has no duplicate rows;
/// with ALL, UNION keeps every row, INTERSECT keeps a row min(l, r) times and
/// EXCEPT max(l - r, 0) times, where l and r count it in each input (the
/// left input's first copies are kept, for EXCEPT ALL its last ones).
/// Rows of different widths are an `Execution` error.
pub fn set_operation(
    op: SetOperator,
    all: bool,
    left: Vec<Vec<Value>>,
    right: Vec<Vec<Value>>,
) -> Result<Vec<Vec<Value>>, EngineError> {
    check_widths(op, &left, &right)?;
    let wanted = op == SetOperator::Intersect;
    match (op, all) {
        (SetOperator::Union, true) => {
            let mut rows = left;
            rows.extend(right);
            Ok(rows)
        }
        (SetOperator::Union, false) => {
            let (keep_left, keep_right) = {
                let mut seen = RowTable::new(Columns::All);
                let keep_left: Vec<bool> = left.iter().map(|row| seen.insert(row).1).collect();
                let keep_right: Vec<bool> = right.iter().map(|row| seen.insert(row).1).collect();
                (keep_left, keep_right)
            };
            let mut rows = select(left, &keep_left);
            rows.extend(select(right, &keep_right));
            Ok(rows)
        }
        (SetOperator::Intersect | SetOperator::Except, false) => {
            let keep: Vec<bool> = {
                let mut others = RowTable::new(Columns::All);
                right.iter().for_each(|row| {
                    others.insert(row);
                });
                let mut seen = RowTable::new(Columns::All);
                left.iter()
                    .map(|row| others.find(row).is_some() == wanted && seen.insert(row).1)
                    .collect()
            };
            Ok(select(left, &keep))
        }
        (SetOperator::Intersect | SetOperator::Except, true) => {
            let keep: Vec<bool> = {
                let mut others = RowTable::new(Columns::All);
                let mut counts: Vec<usize> = Vec::new();
                for row in &right {
                    let (number, new) = others.insert(row);
                    if new {
                        counts.push(0);
                    }
                    if let Some(count) = counts.get_mut(number) {
                        *count += 1;
                    }
                }
                left.iter()
                    .map(|row| {
                        let matched = others
                            .find(row)
                            .and_then(|number| counts.get_mut(number))
                            .filter(|count| **count > 0)
                            .map(|count| *count -= 1)
                            .is_some();
                        matched == wanted
                    })
                    .collect()
            };
            Ok(select(left, &keep))
        }
    }
}

/// SELECT DISTINCT: the first appearance of each row, in input order.
pub fn distinct(rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let keep: Vec<bool> = {
        let mut seen = RowTable::new(Columns::All);
        rows.iter().map(|row| seen.insert(row).1).collect()
    };
    select(rows, &keep)
}

/// The rows whose flag is set, in order.
fn select(rows: Vec<Vec<Value>>, keep: &[bool]) -> Vec<Vec<Value>> {
    rows.into_iter()
        .zip(keep)
        .filter_map(|(row, &keep)| keep.then_some(row))
        .collect()
}

fn check_widths(
    op: SetOperator,
    left: &[Vec<Value>],
    right: &[Vec<Value>],
) -> Result<(), EngineError> {
    let mut widths = left.iter().chain(right).map(Vec::len);
    let Some(width) = widths.next() else {
        return Ok(());
    };
    match widths.find(|&other| other != width) {
        Some(other) => {
            let name = op.name();
            Err(EngineError::msg(
                ErrorKind::Execution,
                format!("{name}의 각 쿼리는 열 수가 같아야 합니다 ({width}개와 {other}개)."),
                format!(
                    "each {name} query must have the same number of columns ({width} and {other})"
                ),
            ))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(n: i64) -> Value {
        Value::I64(n)
    }

    /// One-column rows (`None` is NULL).
    fn rows(values: &[Option<i64>]) -> Vec<Vec<Value>> {
        values
            .iter()
            .map(|v| vec![v.map_or(Value::Null, int)])
            .collect()
    }

    fn run(
        op: SetOperator,
        all: bool,
        left: &[Option<i64>],
        right: &[Option<i64>],
    ) -> Vec<Vec<Value>> {
        set_operation(op, all, rows(left), rows(right)).unwrap()
    }

    const LEFT: [Option<i64>; 7] = [Some(3), Some(1), None, Some(1), Some(2), None, Some(1)];
    const RIGHT: [Option<i64>; 5] = [Some(1), Some(4), None, Some(1), Some(4)];

    #[test]
    fn union_removes_duplicates_keeping_first_appearance() {
        assert_eq!(
            run(SetOperator::Union, false, &LEFT, &RIGHT),
            rows(&[Some(3), Some(1), None, Some(2), Some(4)])
        );
    }

    #[test]
    fn union_all_keeps_everything_in_order() {
        let mut expected = LEFT.to_vec();
        expected.extend(RIGHT);
        assert_eq!(
            run(SetOperator::Union, true, &LEFT, &RIGHT),
            rows(&expected)
        );
    }

    #[test]
    fn intersect_and_intersect_all() {
        assert_eq!(
            run(SetOperator::Intersect, false, &LEFT, &RIGHT),
            rows(&[Some(1), None])
        );
        // 1: three on the left, two on the right -> two; NULL: two and one -> one.
        assert_eq!(
            run(SetOperator::Intersect, true, &LEFT, &RIGHT),
            rows(&[Some(1), None, Some(1)])
        );
    }

    #[test]
    fn except_and_except_all() {
        assert_eq!(
            run(SetOperator::Except, false, &LEFT, &RIGHT),
            rows(&[Some(3), Some(2)])
        );
        // 1: three minus two -> the last one; NULL: two minus one -> the last one.
        assert_eq!(
            run(SetOperator::Except, true, &LEFT, &RIGHT),
            rows(&[Some(3), Some(2), None, Some(1)])
        );
        assert_eq!(
            run(SetOperator::Except, false, &RIGHT, &LEFT),
            rows(&[Some(4)])
        );
        assert_eq!(
            run(SetOperator::Except, true, &RIGHT, &LEFT),
            rows(&[Some(4), Some(4)])
        );
    }

    #[test]
    fn empty_inputs() {
        for op in [
            SetOperator::Union,
            SetOperator::Intersect,
            SetOperator::Except,
        ] {
            for all in [false, true] {
                assert!(run(op, all, &[], &[]).is_empty());
                assert!(run(SetOperator::Intersect, all, &LEFT, &[]).is_empty());
                assert!(run(op, all, &[], &RIGHT).len() <= RIGHT.len());
            }
        }
        assert_eq!(
            run(SetOperator::Union, false, &[], &RIGHT),
            rows(&[Some(1), Some(4), None])
        );
        assert_eq!(
            run(SetOperator::Except, false, &LEFT, &[]),
            rows(&[Some(3), Some(1), None, Some(2)])
        );
        assert_eq!(run(SetOperator::Except, true, &LEFT, &[]), rows(&LEFT));
    }

    #[test]
    fn numbers_equal_across_variants() {
        let left = vec![
            vec![int(1), Value::Str("a".into())],
            vec![Value::F64(-0.0), Value::Null],
        ];
        let right = vec![
            vec![Value::F64(1.0), Value::Str("a".into())],
            vec![Value::Decimal(rust_decimal::Decimal::ZERO), Value::Null],
        ];
        assert_eq!(
            set_operation(SetOperator::Union, false, left.clone(), right.clone()).unwrap(),
            left
        );
        assert!(
            set_operation(SetOperator::Except, false, left.clone(), right.clone())
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            set_operation(SetOperator::Intersect, true, left.clone(), right).unwrap(),
            left
        );
        let nan = vec![vec![Value::F64(f64::NAN)], vec![Value::F32(f32::NAN)]];
        assert_eq!(distinct(nan).len(), 1);
    }

    #[test]
    fn rows_of_different_widths_are_an_error() {
        let error = set_operation(
            SetOperator::Union,
            true,
            rows(&[Some(1)]),
            vec![vec![int(1), int(2)]],
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Execution);
        assert_eq!(
            error.message.en,
            "each UNION query must have the same number of columns (1 and 2)"
        );
        assert!(set_operation(
            SetOperator::Except,
            false,
            vec![vec![], vec![int(1)]],
            Vec::new()
        )
        .is_err());
    }

    #[test]
    fn distinct_keeps_first_appearance() {
        let input = vec![
            vec![int(2), Value::Null],
            vec![int(1), int(1)],
            vec![Value::F64(2.0), Value::Null],
            vec![int(1), int(2)],
            vec![int(1), int(1)],
        ];
        assert_eq!(
            distinct(input.clone()),
            vec![input[0].clone(), input[1].clone(), input[3].clone()]
        );
        assert!(distinct(Vec::new()).is_empty());
        assert_eq!(distinct(vec![vec![], vec![]]), vec![Vec::<Value>::new()]);
    }
}
