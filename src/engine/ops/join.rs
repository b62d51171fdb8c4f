//! Hash equi-join: which rows of two inputs have equal keys.

use gluesql_core::data::Value;

use super::hash::{Columns, RowTable};

/// Which unmatched rows a join keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    /// Matches only.
    Inner,
    /// Matches, and left rows without one.
    Left,
    /// Matches, and right rows without one.
    Right,
    /// Matches, and the unmatched rows of both sides.
    Full,
}

/// The pairs `(left, right)` of row numbers whose keys are equal (as
/// [`super::ValueKey`]s: `1` equals `1.0`; a NULL in a key never matches),
/// in left order and, for each left row, right order. A right row's key is
/// its `right_columns`; a left key lists the values to match, in that
/// order. Unmatched rows kept by `kind` come as `(Some(l), None)` in place
/// and `(None, Some(r))` at the end.
pub fn hash_join(
    left_keys: &[Vec<Value>],
    right_rows: &[&[Value]],
    right_columns: &[usize],
    kind: JoinKind,
) -> Vec<(Option<usize>, Option<usize>)> {
    let distinct = right_columns
        .iter()
        .enumerate()
        .all(|(i, c)| !right_columns[..i].contains(c));
    if !distinct {
        // Two keys on one right column (`y.b = x.a AND y.b = x.b`): match
        // on the right rows' key values, one per key.
        let keyed: Vec<Vec<Value>> = right_rows
            .iter()
            .map(|row| {
                right_columns
                    .iter()
                    .map(|&c| row.get(c).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        let rows: Vec<&[Value]> = keyed.iter().map(Vec::as_slice).collect();
        let columns: Vec<usize> = (0..right_columns.len()).collect();
        return hash_join(left_keys, &rows, &columns, kind);
    }
    let has_null = |row: &[Value]| {
        right_columns
            .iter()
            .any(|&c| matches!(row.get(c), None | Some(Value::Null)))
    };
    let mut table = RowTable::new(Columns::These(right_columns));
    let mut matches: Vec<Vec<usize>> = Vec::new();
    for (r, row) in right_rows.iter().enumerate() {
        if has_null(row) {
            continue;
        }
        let (number, new) = table.insert(row);
        if new {
            matches.push(Vec::new());
        }
        if let Some(list) = matches.get_mut(number) {
            list.push(r);
        }
    }
    let keep_left = matches!(kind, JoinKind::Left | JoinKind::Full);
    let keep_right = matches!(kind, JoinKind::Right | JoinKind::Full);
    let mut matched_right = vec![false; if keep_right { right_rows.len() } else { 0 }];
    let width = right_columns.iter().max().map_or(0, |m| m + 1);
    let mut probe = vec![Value::Null; width];
    let mut pairs = Vec::with_capacity(left_keys.len());
    for (l, key) in left_keys.iter().enumerate() {
        let found = if key.iter().any(|v| matches!(v, Value::Null)) {
            None
        } else {
            for (value, &column) in key.iter().zip(right_columns) {
                probe[column] = value.clone();
            }
            table.find(&probe).and_then(|number| matches.get(number))
        };
        match found {
            Some(rights) if !rights.is_empty() => {
                for &r in rights {
                    pairs.push((Some(l), Some(r)));
                    if let Some(flag) = matched_right.get_mut(r) {
                        *flag = true;
                    }
                }
            }
            _ if keep_left => pairs.push((Some(l), None)),
            _ => {}
        }
    }
    if keep_right {
        pairs.extend(
            matched_right
                .iter()
                .enumerate()
                .filter(|(_, matched)| !**matched)
                .map(|(r, _)| (None, Some(r))),
        );
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(values: &[Option<i64>]) -> Vec<Vec<Value>> {
        values
            .iter()
            .map(|v| vec![v.map_or(Value::Null, Value::I64)])
            .collect()
    }

    #[test]
    fn joins_equal_keys_and_keeps_unmatched_rows_by_kind() {
        let left = keys(&[Some(1), Some(2), None, Some(1)]);
        let right_rows = keys(&[Some(1), Some(3), None, Some(1)]);
        let right: Vec<&[Value]> = right_rows.iter().map(Vec::as_slice).collect();
        let join = |kind| hash_join(&left, &right, &[0], kind);
        assert_eq!(
            join(JoinKind::Inner),
            vec![
                (Some(0), Some(0)),
                (Some(0), Some(3)),
                (Some(3), Some(0)),
                (Some(3), Some(3))
            ]
        );
        let full = join(JoinKind::Full);
        assert!(full.contains(&(Some(1), None)));
        assert!(full.contains(&(Some(2), None)));
        assert!(full.contains(&(None, Some(1))));
        assert!(full.contains(&(None, Some(2))));
        assert_eq!(full.len(), 8);
        assert_eq!(join(JoinKind::Right).len(), 6);
        assert_eq!(join(JoinKind::Left).len(), 6);
    }

    #[test]
    fn two_keys_on_one_right_column_both_hold() {
        // y.b = x.a AND y.b = x.b over t(a, b) = (1,2), (2,2), (3,1).
        let t = [[1, 2], [2, 2], [3, 1]].map(|r| r.map(Value::I64).to_vec());
        let left: Vec<Vec<Value>> = t.iter().map(|r| vec![r[0].clone(), r[1].clone()]).collect();
        let right: Vec<&[Value]> = t.iter().map(Vec::as_slice).collect();
        let pairs = hash_join(&left, &right, &[1, 1], JoinKind::Inner);
        assert_eq!(pairs, vec![(Some(1), Some(0)), (Some(1), Some(1))]);
    }

    #[test]
    fn integers_and_decimals_with_equal_values_match() {
        let left = vec![vec![Value::I64(2)]];
        let right_row = vec![
            Value::Str("x".into()),
            Value::Decimal(rust_decimal::Decimal::new(20, 1)),
        ];
        assert_eq!(
            hash_join(&left, &[right_row.as_slice()], &[1], JoinKind::Inner),
            vec![(Some(0), Some(0))]
        );
    }
}
