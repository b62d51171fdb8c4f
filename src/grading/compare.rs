//! Comparing a learner's result with the reference's: columns by name or
//! position, rows as a multiset or in order, numbers within a tolerance.

use std::cmp::Ordering;

use chrono::{NaiveDateTime, NaiveTime};

use super::Verdict;
use crate::engine::outcome::{Cell, ResultSet};
use crate::lessons::{ColumnMatch, RowOrder, Rules};

/// Most rows a [`Verdict::WrongRows`] lists on each side.
pub const SHOWN_ROWS: usize = 20;

/// Relative difference below which two non-integer numbers are equal
/// whatever the tolerance: the same formula written in another order
/// (`x * 100 / y`, `100 * x / y`) may differ in the last bits of a double.
const FLOAT_NOISE: f64 = 1e-9;

/// Stands in for a cell a short row lacks (results are rectangular, so
/// this only guards against a malformed result).
static NULL: Cell = Cell::Null;

/// Compares `got` with `expected` under `rules`: [`Verdict::Correct`],
/// [`Verdict::WrongColumns`], [`Verdict::WrongRows`] or [`Verdict::WrongOrder`].
pub fn compare(expected: &ResultSet, got: &ResultSet, rules: &Rules) -> Verdict {
    let Some(mapping) = map_columns(expected, got, rules.columns) else {
        return Verdict::WrongColumns {
            expected: names(expected),
            got: names(got),
        };
    };
    let width = mapping.len();
    let expected_rows: Vec<Vec<&Cell>> = expected
        .rows
        .iter()
        .map(|row| (0..width).map(|i| row.get(i).unwrap_or(&NULL)).collect())
        .collect();
    let got_rows: Vec<Vec<&Cell>> = got
        .rows
        .iter()
        .map(|row| {
            mapping
                .iter()
                .map(|&i| row.get(i).unwrap_or(&NULL))
                .collect()
        })
        .collect();
    let tolerance = rules.tolerance;
    let (missing, extra) = diff(&expected_rows, &got_rows, tolerance);
    if !missing.is_empty() || !extra.is_empty() {
        let shown = |rows: &[Vec<&Cell>], indices: &[usize]| -> Vec<Vec<Cell>> {
            indices
                .iter()
                .take(SHOWN_ROWS)
                .map(|&i| rows[i].iter().map(|&cell| cell.clone()).collect())
                .collect()
        };
        return Verdict::WrongRows {
            columns: names(expected),
            missing: shown(&expected_rows, &missing),
            extra: shown(&got_rows, &extra),
            missing_count: missing.len(),
            extra_count: extra.len(),
        };
    }
    let in_order = expected_rows
        .iter()
        .zip(&got_rows)
        .all(|(e, g)| rows_equal(e, g, tolerance));
    if rules.order == RowOrder::Required && !in_order {
        return Verdict::WrongOrder;
    }
    Verdict::Correct
}

fn names(result: &ResultSet) -> Vec<String> {
    result.columns.iter().map(|c| c.name.clone()).collect()
}

/// For each expected column, the index of the learner's column that
/// matches it; `None` when the columns do not match.
fn map_columns(expected: &ResultSet, got: &ResultSet, rule: ColumnMatch) -> Option<Vec<usize>> {
    if expected.columns.len() != got.columns.len() {
        return None;
    }
    if rule == ColumnMatch::Position {
        return Some((0..expected.columns.len()).collect());
    }
    let got_names: Vec<String> = got.columns.iter().map(|c| c.name.to_lowercase()).collect();
    let mut used = vec![false; got_names.len()];
    let mut mapping = Vec::with_capacity(expected.columns.len());
    for column in &expected.columns {
        let name = column.name.to_lowercase();
        let index = (0..got_names.len()).find(|&i| !used[i] && got_names[i] == name)?;
        used[index] = true;
        mapping.push(index);
    }
    Some(mapping)
}

/// The rows of each side that the other lacks, as a multiset difference
/// (indices in their original order). Both sides are sorted and merged;
/// columns holding fractional numbers come last in the sort key, so that
/// values equal only within the tolerance rarely decide the sort order.
fn diff(expected: &[Vec<&Cell>], got: &[Vec<&Cell>], tolerance: f64) -> (Vec<usize>, Vec<usize>) {
    let width = expected.first().or(got.first()).map_or(0, Vec::len);
    let fractional = |i: usize| {
        expected
            .iter()
            .chain(got)
            .any(|row| matches!(row[i], Cell::Float(_) | Cell::Decimal(_)))
    };
    let (exact, approximate): (Vec<usize>, Vec<usize>) = (0..width).partition(|&i| !fractional(i));
    let key: Vec<usize> = exact.into_iter().chain(approximate).collect();
    let sorted = |rows: &[Vec<&Cell>]| {
        crate::sort::order(rows.len(), &|a, b| cmp_rows(&rows[a], &rows[b], &key))
    };
    let (e, g) = (sorted(expected), sorted(got));
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < e.len() && j < g.len() {
        let (expected_row, got_row) = (&expected[e[i]], &got[g[j]]);
        if rows_equal(expected_row, got_row, tolerance) {
            i += 1;
            j += 1;
        } else if cmp_rows(expected_row, got_row, &key) == Ordering::Less {
            missing.push(e[i]);
            i += 1;
        } else {
            extra.push(g[j]);
            j += 1;
        }
    }
    missing.extend_from_slice(&e[i..]);
    extra.extend_from_slice(&g[j..]);
    missing.sort_unstable();
    extra.sort_unstable();
    (missing, extra)
}

fn rows_equal(a: &[&Cell], b: &[&Cell], tolerance: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| cells_equal(x, y, tolerance))
}

/// Cell equality: numbers of any kind numerically (within `tolerance`),
/// a date equal to the timestamp at its midnight, anything else exactly.
fn cells_equal(a: &Cell, b: &Cell, tolerance: f64) -> bool {
    match (a, b) {
        (Cell::Int(x), Cell::Int(y)) => x == y || x.abs_diff(*y) as f64 <= tolerance,
        _ if a.is_numeric() && b.is_numeric() => numbers_equal(number(a), number(b), tolerance),
        _ => match (instant(a), instant(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

fn numbers_equal(x: f64, y: f64, tolerance: f64) -> bool {
    if x.is_nan() || y.is_nan() {
        return x.is_nan() && y.is_nan();
    }
    if x == y {
        return true;
    }
    let difference = (x - y).abs();
    difference <= tolerance || difference <= FLOAT_NOISE * x.abs().max(y.abs())
}

/// A total order on rows by the columns of `key`, in that order.
fn cmp_rows(a: &[&Cell], b: &[&Cell], key: &[usize]) -> Ordering {
    key.iter()
        .map(|&i| cmp_cells(a[i], b[i]))
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// A total order on cells, consistent with [`cells_equal`] at tolerance 0:
/// NULL, booleans, numbers, text, dates and timestamps, intervals.
fn cmp_cells(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Int(x), Cell::Int(y)) => x.cmp(y),
        (Cell::Bool(x), Cell::Bool(y)) => x.cmp(y),
        (Cell::Text(x), Cell::Text(y)) | (Cell::Interval(x), Cell::Interval(y)) => x.cmp(y),
        _ if a.is_numeric() && b.is_numeric() => number(a).total_cmp(&number(b)),
        _ => match (instant(a), instant(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => rank(a).cmp(&rank(b)),
        },
    }
}

fn rank(cell: &Cell) -> u8 {
    match cell {
        Cell::Null => 0,
        Cell::Bool(_) => 1,
        Cell::Int(_) | Cell::Float(_) | Cell::Decimal(_) => 2,
        Cell::Text(_) => 3,
        Cell::Date(_) | Cell::Timestamp(_) => 4,
        Cell::Interval(_) => 5,
    }
}

fn number(cell: &Cell) -> f64 {
    cell.as_f64().unwrap_or(f64::NAN)
}

fn instant(cell: &Cell) -> Option<NaiveDateTime> {
    match cell {
        Cell::Date(date) => Some(date.and_time(NaiveTime::MIN)),
        Cell::Timestamp(timestamp) => Some(*timestamp),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::outcome::Column;
    use chrono::NaiveDate;

    fn result(columns: &[&str], rows: Vec<Vec<Cell>>) -> ResultSet {
        ResultSet {
            columns: columns
                .iter()
                .map(|name| Column {
                    name: (*name).to_owned(),
                    type_name: String::new(),
                })
                .collect(),
            rows,
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn rules(order: RowOrder, columns: ColumnMatch, tolerance: f64) -> Rules {
        Rules {
            order,
            columns,
            tolerance,
        }
    }

    const ANY: Rules = Rules {
        order: RowOrder::Any,
        columns: ColumnMatch::Name,
        tolerance: 0.0,
    };

    #[test]
    fn numbers_compare_across_kinds_within_the_tolerance() {
        let expected = result(&["x"], vec![vec![Cell::Float(12.5)], vec![Cell::Int(3)]]);
        let same = result(
            &["x"],
            vec![vec![Cell::Int(3)], vec![Cell::Decimal("12.50".into())]],
        );
        assert_eq!(compare(&expected, &same, &ANY), Verdict::Correct);
        let close = result(
            &["x"],
            vec![vec![Cell::Float(12.5004)], vec![Cell::Float(3.0)]],
        );
        assert!(matches!(
            compare(&expected, &close, &ANY),
            Verdict::WrongRows { .. }
        ));
        let tolerant = rules(RowOrder::Any, ColumnMatch::Name, 0.001);
        assert_eq!(compare(&expected, &close, &tolerant), Verdict::Correct);
        let far = result(&["x"], vec![vec![Cell::Float(12.502)], vec![Cell::Int(3)]]);
        assert!(matches!(
            compare(&expected, &far, &tolerant),
            Verdict::WrongRows { .. }
        ));
    }

    #[test]
    fn float_noise_is_not_a_difference() {
        let expected = result(&["r"], vec![vec![Cell::Float(2.0 / 3.0 * 100.0)]]);
        let got = result(&["r"], vec![vec![Cell::Float(200.0 / 3.0)]]);
        assert_eq!(compare(&expected, &got, &ANY), Verdict::Correct);
    }

    #[test]
    fn rows_are_a_multiset_unless_the_order_is_required() {
        let expected = result(
            &["a"],
            vec![vec![Cell::Int(1)], vec![Cell::Int(2)], vec![Cell::Int(2)]],
        );
        let shuffled = result(
            &["a"],
            vec![vec![Cell::Int(2)], vec![Cell::Int(1)], vec![Cell::Int(2)]],
        );
        assert_eq!(compare(&expected, &shuffled, &ANY), Verdict::Correct);
        let required = rules(RowOrder::Required, ColumnMatch::Name, 0.0);
        assert_eq!(
            compare(&expected, &shuffled, &required),
            Verdict::WrongOrder
        );
        assert_eq!(compare(&expected, &expected, &required), Verdict::Correct);
        let deduplicated = result(&["a"], vec![vec![Cell::Int(1)], vec![Cell::Int(2)]]);
        let Verdict::WrongRows {
            missing,
            extra,
            missing_count,
            extra_count,
            ..
        } = compare(&expected, &deduplicated, &required)
        else {
            panic!("wrong rows expected")
        };
        assert_eq!((missing, missing_count), (vec![vec![Cell::Int(2)]], 1));
        assert_eq!((extra, extra_count), (vec![], 0));
    }

    #[test]
    fn columns_by_name_ignore_case_and_order() {
        let expected = result(
            &["month", "mau"],
            vec![vec![text("2019-05"), Cell::Int(10)]],
        );
        let reordered = result(
            &["MAU", "Month"],
            vec![vec![Cell::Int(10), text("2019-05")]],
        );
        assert_eq!(compare(&expected, &reordered, &ANY), Verdict::Correct);
        let renamed = result(
            &["month", "users"],
            vec![vec![text("2019-05"), Cell::Int(10)]],
        );
        assert_eq!(
            compare(&expected, &renamed, &ANY),
            Verdict::WrongColumns {
                expected: vec!["month".into(), "mau".into()],
                got: vec!["month".into(), "users".into()],
            }
        );
        let one = result(&["month"], vec![vec![text("2019-05")]]);
        assert!(matches!(
            compare(&expected, &one, &ANY),
            Verdict::WrongColumns { .. }
        ));
    }

    #[test]
    fn columns_by_position_ignore_names() {
        let by_position = rules(RowOrder::Any, ColumnMatch::Position, 0.0);
        let expected = result(&["count"], vec![vec![Cell::Int(7)]]);
        let renamed = result(&["n"], vec![vec![Cell::Int(7)]]);
        assert_eq!(compare(&expected, &renamed, &by_position), Verdict::Correct);
        let two = result(&["a", "b"], vec![vec![Cell::Int(7), Cell::Int(7)]]);
        assert!(matches!(
            compare(&expected, &two, &by_position),
            Verdict::WrongColumns { .. }
        ));
        let swapped = result(&["b", "a"], vec![vec![Cell::Int(2), Cell::Int(1)]]);
        let original = result(&["a", "b"], vec![vec![Cell::Int(1), Cell::Int(2)]]);
        assert!(matches!(
            compare(&original, &swapped, &by_position),
            Verdict::WrongRows { .. }
        ));
        assert_eq!(compare(&original, &swapped, &ANY), Verdict::Correct);
    }

    #[test]
    fn the_row_difference_is_capped_but_counted() {
        let expected = result(&["n"], (0..50).map(|i| vec![Cell::Int(i)]).collect());
        let got = result(&["n"], (25..100).map(|i| vec![Cell::Int(i)]).collect());
        let Verdict::WrongRows {
            missing,
            extra,
            missing_count,
            extra_count,
            ..
        } = compare(&expected, &got, &ANY)
        else {
            panic!("wrong rows expected")
        };
        assert_eq!((missing.len(), missing_count), (SHOWN_ROWS, 25));
        assert_eq!((extra.len(), extra_count), (SHOWN_ROWS, 50));
        assert_eq!(missing[0], vec![Cell::Int(0)]);
        assert_eq!(extra[0], vec![Cell::Int(50)]);
    }

    #[test]
    fn nulls_text_and_dates() {
        let day = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        let expected = result(&["d", "t"], vec![vec![Cell::Date(day), Cell::Null]]);
        let midnight = result(
            &["d", "t"],
            vec![vec![
                Cell::Timestamp(day.and_time(NaiveTime::MIN)),
                Cell::Null,
            ]],
        );
        assert_eq!(compare(&expected, &midnight, &ANY), Verdict::Correct);
        let empty_text = result(&["d", "t"], vec![vec![Cell::Date(day), text("")]]);
        assert!(matches!(
            compare(&expected, &empty_text, &ANY),
            Verdict::WrongRows { .. }
        ));
        let zero = result(&["d", "t"], vec![vec![Cell::Date(day), Cell::Int(0)]]);
        assert!(matches!(
            compare(&expected, &zero, &ANY),
            Verdict::WrongRows { .. }
        ));
    }
}
