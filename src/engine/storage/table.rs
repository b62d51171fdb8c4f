//! One table: its GlueSQL schema, what the learner declared, and its rows.

use gluesql_core::data::{Schema, Value};
use im::OrdMap;

/// A table. Rows are keyed by a row id that never changes while the row lives.
#[derive(Clone, Debug)]
pub struct Table {
    /// The GlueSQL schema; `table_name` is the full `schema.table` name.
    pub schema: Schema,
    /// What GlueSQL does not keep: types as written, informational keys.
    pub info: TableInfo,
    /// Rows by row id, shared structurally between snapshots.
    pub rows: OrdMap<u64, Vec<Value>>,
    next_id: u64,
}

/// Table metadata kept for the catalog, as the learner wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableInfo {
    /// Column types as declared (`VARCHAR(32)`, `INT8`...), one per column.
    pub declared_types: Vec<String>,
    /// PRIMARY KEY columns: informational, as in Redshift.
    pub primary_key: Vec<String>,
    /// A session-scoped `CREATE TEMP TABLE`.
    pub temporary: bool,
}

impl Table {
    /// An empty table with this schema.
    pub fn new(schema: Schema) -> Self {
        Self {
            schema,
            info: TableInfo::default(),
            rows: OrdMap::new(),
            next_id: 0,
        }
    }

    /// Appends rows, giving each a fresh row id.
    pub fn append(&mut self, rows: impl IntoIterator<Item = Vec<Value>>) {
        for row in rows {
            self.rows.insert(self.next_id, row);
            self.next_id += 1;
        }
    }

    /// Rounds each DECIMAL value to its column's declared scale, as
    /// Redshift does when a value is stored into `numeric(p,s)`.
    pub fn conform(&self, rows: &mut [Vec<Value>]) {
        let scales: Vec<(usize, u32)> = self
            .info
            .declared_types
            .iter()
            .enumerate()
            .filter(|(_, declared)| declared.starts_with("numeric("))
            .filter_map(|(i, declared)| {
                let scale = declared.split(',').nth(1)?.trim_end_matches(')').trim();
                Some((i, scale.parse().ok()?))
            })
            .collect();
        if scales.is_empty() {
            return;
        }
        for row in rows {
            for &(i, scale) in &scales {
                if let Some(Value::Decimal(d)) = row.get_mut(i) {
                    *d = d.round_dp_with_strategy(
                        scale,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    );
                }
            }
        }
    }

    /// Inserts or replaces the row with this id.
    pub fn put(&mut self, id: u64, row: Vec<Value>) {
        self.next_id = self.next_id.max(id + 1);
        self.rows.insert(id, row);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
