//! Stable sorting compiled once.
//!
//! The standard library's `sort_by` is generic over the comparison, so each
//! call site compiles its own copy of the sort: about 4 KB of wasm apiece,
//! and this crate had over twenty. Here the comparison goes behind a trait
//! object and the sort orders positions, so one copy serves every caller.
//! The results are those of `slice::sort_by`: stable, ties in input order.

use std::cmp::Ordering;

/// The positions `0..len`, ordered by `compare` (stable).
pub fn order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a, b));
    positions
}

/// Sorts `items` by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let positions = order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(positions.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by `key`, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);
        assert_eq!(order(4, &|a, b| (a % 2).cmp(&(b % 2))), vec![0, 2, 1, 3]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
