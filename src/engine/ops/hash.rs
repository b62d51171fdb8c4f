//! Hashing rows by SQL equality: [`RowTable`] numbers the distinct keys of
//! rows (GROUP BY, PARTITION BY, DISTINCT, set operations) without building
//! a key per row, and [`FastHasher`] replaces std's SipHash, which is slow on
//! the short keys these tables hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use gluesql_core::data::Value;

use super::{value_at, ValueKey};

/// The Fx hash (as in rustc and Firefox): a rotate, xor and multiply per
/// word, with the well-mixed high bits rotated down at the end (hash tables
/// index by the low bits). It does not resist crafted collisions, which
/// cannot matter for a learner's own data in their own browser tab.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FastHasher(u64);

/// Builds [`FastHasher`]s, for `HashMap` and `HashSet`.
pub(crate) type FastState = BuildHasherDefault<FastHasher>;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(<[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// Which columns make a row's key.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Columns<'c> {
    /// The whole row (rows of different widths differ).
    All,
    /// These columns, in this order (a missing column reads as NULL).
    These(&'c [usize]),
}

/// The distinct keys of the rows inserted so far, numbered 0, 1, ... in
/// order of first appearance. Keys are equal as [`ValueKey`]s (NULL equals
/// NULL, `1` equals `1.0`). Each key keeps its first row; nothing is
/// allocated per row, only per distinct key.
pub(crate) struct RowTable<'a, 'c> {
    columns: Columns<'c>,
    /// Hash of a key → the newest key number with that hash.
    newest: HashMap<u64, usize, FastState>,
    /// Per key number: its first row, and the previous key with the same hash.
    keys: Vec<(&'a [Value], Option<usize>)>,
}

impl<'a, 'c> RowTable<'a, 'c> {
    /// An empty table keyed by `columns`.
    pub(crate) fn new(columns: Columns<'c>) -> Self {
        Self {
            columns,
            newest: HashMap::default(),
            keys: Vec::new(),
        }
    }

    /// The number of the row's key, and whether the key is new.
    pub(crate) fn insert(&mut self, row: &'a [Value]) -> (usize, bool) {
        let hash = self.hash(row);
        if let Some(number) = self.find_hashed(hash, row) {
            return (number, false);
        }
        let number = self.keys.len();
        let previous = self.newest.insert(hash, number);
        self.keys.push((row, previous));
        (number, true)
    }

    /// The number of the row's key, if it was inserted.
    pub(crate) fn find(&self, row: &[Value]) -> Option<usize> {
        self.find_hashed(self.hash(row), row)
    }

    /// The first row inserted with key `number`.
    pub(crate) fn first_row(&self, number: usize) -> Option<&'a [Value]> {
        self.keys.get(number).map(|(row, _)| *row)
    }

    fn find_hashed(&self, hash: u64, row: &[Value]) -> Option<usize> {
        let mut candidate = self.newest.get(&hash).copied();
        while let Some(number) = candidate {
            let (first, previous) = self.keys.get(number)?;
            if self.same(first, row) {
                return Some(number);
            }
            candidate = *previous;
        }
        None
    }

    fn hash(&self, row: &[Value]) -> u64 {
        let mut hasher = FastHasher::default();
        match self.columns {
            Columns::All => {
                row.len().hash(&mut hasher);
                row.iter()
                    .for_each(|value| ValueKey::new(value).hash(&mut hasher));
            }
            Columns::These(columns) => columns
                .iter()
                .for_each(|&column| ValueKey::new(value_at(row, column)).hash(&mut hasher)),
        }
        hasher.finish()
    }

    fn same(&self, a: &[Value], b: &[Value]) -> bool {
        let equal = |x, y| ValueKey::new(x) == ValueKey::new(y);
        match self.columns {
            Columns::All => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y)),
            Columns::These(columns) => columns
                .iter()
                .all(|&column| equal(value_at(a, column), value_at(b, column))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn int(n: i64) -> Value {
        Value::I64(n)
    }

    #[test]
    fn numbers_keys_in_first_appearance_order() {
        let rows = [
            vec![int(1), Value::Str("a".into())],
            vec![Value::F64(1.0), Value::Str("b".into())],
            vec![Value::Null, Value::Str("a".into())],
            vec![Value::Null, Value::Null],
        ];
        let mut table = RowTable::new(Columns::These(&[0]));
        let numbers: Vec<_> = rows.iter().map(|row| table.insert(row)).collect();
        assert_eq!(numbers, [(0, true), (0, false), (1, true), (1, false)]);
        assert_eq!(table.first_row(1), Some(rows[2].as_slice()));
        assert_eq!(table.find(&[Value::Decimal(1.into())]), Some(0));
        assert_eq!(table.find(&[int(2)]), None);
        assert_eq!(table.first_row(2), None);

        let mut whole = RowTable::new(Columns::All);
        assert!(whole.insert(&rows[0]).1);
        assert!(whole.insert(&rows[1]).1);
        assert_eq!(
            whole.find(&[Value::F64(1.0), Value::Str("a".into())]),
            Some(0)
        );
        assert_eq!(whole.find(&[int(1)]), None, "a shorter row is another key");
    }

    #[test]
    fn colliding_hashes_still_tell_keys_apart() {
        // Many keys in a small space: chains must compare rows, not hashes.
        let rows: Vec<Vec<Value>> = (0..5000)
            .map(|i| vec![int(i % 1000), int(i / 1000)])
            .collect();
        let mut table = RowTable::new(Columns::These(&[0]));
        for row in &rows {
            table.insert(row);
        }
        assert_eq!(table.first_row(1000), None);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(table.find(row), Some(i % 1000));
        }
    }

    #[test]
    fn hasher_spreads_words_and_bytes() {
        let hash = |value: &dyn Fn(&mut FastHasher)| {
            let mut hasher = FastHasher::default();
            value(&mut hasher);
            hasher.finish()
        };
        let spread: HashSet<u64> = (0..10_000u64)
            .map(|n| hash(&|h: &mut FastHasher| h.write_u64(n << 40)) & 0xffff)
            .collect();
        assert!(spread.len() > 5_000, "high bits reach the low bits");
        assert_ne!(
            hash(&|h| h.write(b"abcdefghi")),
            hash(&|h| h.write(b"abcdefghj"))
        );
        assert_ne!(hash(&|h| h.write_u128(1 << 64)), hash(&|h| h.write_u128(1)));
    }
}
