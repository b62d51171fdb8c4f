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
/// in left order and, for each left row, right order. Unmatched rows kept by
/// `kind` come as `(Some(l), None)` in place and `(None, Some(r))` at the end.
pub fn hash_join(
    left_keys: &[Vec<Value>],
    right_keys: &[Vec<Value>],
    kind: JoinKind,
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut table = RowTable::new(Columns::All);
    let mut matches: Vec<Vec<usize>> = Vec::new();
    for (r, key) in right_keys.iter().enumerate() {
        if key.iter().any(|v| matches!(v, Value::Null)) {
            continue;
        }
        let (number, new) = table.insert(key);
        if new {
            matches.push(Vec::new());
        }
        if let Some(list) = matches.get_mut(number) {
            list.push(r);
        }
    }
    let keep_left = matches!(kind, JoinKind::Left | JoinKind::Full);
    let keep_right = matches!(kind, JoinKind::Right | JoinKind::Full);
    let mut matched_right = vec![false; if keep_right { right_keys.len() } else { 0 }];
    let mut pairs = Vec::with_capacity(left_keys.len());
    for (l, key) in left_keys.iter().enumerate() {
        let found = if key.iter().any(|v| matches!(v, Value::Null)) {
            None
        } else {
            table.find(key).and_then(|number| matches.get(number))
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
        let right = keys(&[Some(1), Some(3), None, Some(1)]);
        assert_eq!(
            hash_join(&left, &right, JoinKind::Inner),
            vec![
                (Some(0), Some(0)),
                (Some(0), Some(3)),
                (Some(3), Some(0)),
                (Some(3), Some(3))
            ]
        );
        let full = hash_join(&left, &right, JoinKind::Full);
        assert!(full.contains(&(Some(1), None)));
        assert!(full.contains(&(Some(2), None)));
        assert!(full.contains(&(None, Some(1))));
        assert!(full.contains(&(None, Some(2))));
        assert_eq!(full.len(), 8);
        assert_eq!(hash_join(&left, &right, JoinKind::Right).len(), 6);
        assert_eq!(hash_join(&left, &right, JoinKind::Left).len(), 6);
    }

    #[test]
    fn integers_and_decimals_with_equal_values_match() {
        let left = vec![vec![Value::I64(2)]];
        let right = vec![vec![Value::Decimal(rust_decimal::Decimal::new(20, 1))]];
        assert_eq!(
            hash_join(&left, &right, JoinKind::Inner),
            vec![(Some(0), Some(0))]
        );
    }
}
