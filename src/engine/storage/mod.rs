//! Our GlueSQL storage: tables shared copy-on-write, so a snapshot of the whole
//! database is a clone of a few pointers and a scan never copies a table.
//!
//! Table names here are already resolved by the dialect layer to
//! `schema.table` (one GlueSQL identifier); GlueSQL never sees a bare name.

mod table;

use gluesql_core::{
    data::{CustomFunction as StructCustomFunction, Key, Schema, Value},
    error::{Error, Result},
    store::{
        AlterTable, CustomFunction, CustomFunctionMut, Index, IndexMut, Metadata, Planner, RowIter,
        Store, StoreMut, Transaction,
    },
};
use im::OrdMap;
use std::sync::Arc;

pub use table::{Table, TableInfo};

/// The whole database: schemas (namespaces) and tables, all structurally shared.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    schemas: OrdMap<String, SchemaInfo>,
    tables: OrdMap<String, Arc<Table>>,
}

/// A schema (namespace) and who may write to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaInfo {
    /// Whether learners may write here (`raw_data` and `prod` are read-only).
    pub writable: bool,
}

/// A point-in-time copy of the database, taken in O(1).
#[derive(Clone, Debug)]
pub struct Snapshot(Storage);

impl Snapshot {
    /// The database as it was when the snapshot was taken.
    pub fn storage(&self) -> &Storage {
        &self.0
    }
}

impl Storage {
    /// Takes a snapshot (O(1): the maps are shared until written).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.clone())
    }

    /// Restores a snapshot taken earlier.
    pub fn restore(&mut self, snapshot: &Snapshot) {
        *self = snapshot.0.clone();
    }

    /// Creates a schema; returns false when it already exists.
    pub fn create_schema(&mut self, name: &str, writable: bool) -> bool {
        if self.schemas.contains_key(name) {
            return false;
        }
        self.schemas
            .insert(name.to_owned(), SchemaInfo { writable });
        true
    }

    /// Drops a schema and every table in it; returns false when it does not exist.
    pub fn drop_schema(&mut self, name: &str) -> bool {
        if self.schemas.remove(name).is_none() {
            return false;
        }
        let prefix = format!("{name}.");
        let doomed: Vec<String> = self
            .tables
            .keys()
            .filter(|t| t.starts_with(&prefix))
            .cloned()
            .collect();
        for table in doomed {
            self.tables.remove(&table);
        }
        true
    }

    /// The schema, if it exists.
    pub fn schema(&self, name: &str) -> Option<&SchemaInfo> {
        self.schemas.get(name)
    }

    /// Every schema, in name order.
    pub fn schemas(&self) -> impl Iterator<Item = (&String, &SchemaInfo)> {
        self.schemas.iter()
    }

    /// The table stored under its full name (`schema.table`).
    pub fn table(&self, full_name: &str) -> Option<&Arc<Table>> {
        self.tables.get(full_name)
    }

    /// Every table, in name order.
    pub fn tables(&self) -> impl Iterator<Item = &Arc<Table>> {
        self.tables.values()
    }

    /// Puts a whole table in place (used by loaders and by CTAS of operator steps).
    pub fn put_table(&mut self, table: Table) {
        self.tables
            .insert(table.schema.table_name.clone(), Arc::new(table));
    }

    /// Removes a table; returns it when it existed.
    pub fn remove_table(&mut self, full_name: &str) -> Option<Arc<Table>> {
        self.tables.remove(full_name)
    }

    /// Updates the informational metadata of a table (declared types, keys).
    pub fn set_table_info(&mut self, full_name: &str, info: TableInfo) {
        if let Some(table) = self.tables.get_mut(full_name) {
            Arc::make_mut(table).info = info;
        }
    }

    fn table_mut(&mut self, full_name: &str) -> Result<&mut Table> {
        self.tables
            .get_mut(full_name)
            .map(Arc::make_mut)
            .ok_or_else(|| Error::StorageMsg(format!("table not found: {full_name}")))
    }
}

fn row_id(key: &Key) -> Result<u64> {
    match key {
        Key::I64(id) => Ok(*id as u64),
        other => Err(Error::StorageMsg(format!("unexpected row key {other:?}"))),
    }
}

impl Store for Storage {
    fn fetch_schema(&self, table_name: &str) -> Result<Option<Schema>> {
        Ok(self.tables.get(table_name).map(|t| t.schema.clone()))
    }

    fn fetch_all_schemas(&self) -> Result<Vec<Schema>> {
        Ok(self.tables.values().map(|t| t.schema.clone()).collect())
    }

    fn fetch_data(&self, table_name: &str, key: &Key) -> Result<Option<Vec<Value>>> {
        let id = row_id(key)?;
        Ok(self
            .tables
            .get(table_name)
            .and_then(|t| t.rows.get(&id).cloned()))
    }

    fn scan_data<'a>(&'a self, table_name: &str) -> Result<RowIter<'a>> {
        match self.tables.get(table_name) {
            Some(table) => Ok(Box::new(
                table
                    .rows
                    .iter()
                    .map(|(id, row)| Ok((Key::I64(*id as i64), row.clone()))),
            )),
            None => Ok(Box::new(std::iter::empty())),
        }
    }
}

impl StoreMut for Storage {
    fn insert_schema(&mut self, schema: &Schema) -> Result<()> {
        match self.tables.get_mut(&schema.table_name) {
            Some(table) => Arc::make_mut(table).schema = schema.clone(),
            None => self.put_table(Table::new(schema.clone())),
        }
        Ok(())
    }

    fn delete_schema(&mut self, table_name: &str) -> Result<()> {
        self.tables.remove(table_name);
        Ok(())
    }

    fn append_data(&mut self, table_name: &str, mut rows: Vec<Vec<Value>>) -> Result<()> {
        let table = self.table_mut(table_name)?;
        table.conform(&mut rows);
        table.append(rows);
        Ok(())
    }

    fn insert_data(&mut self, table_name: &str, rows: Vec<(Key, Vec<Value>)>) -> Result<()> {
        let table = self.table_mut(table_name)?;
        let (keys, mut rows): (Vec<Key>, Vec<Vec<Value>>) = rows.into_iter().unzip();
        table.conform(&mut rows);
        for (key, row) in keys.iter().zip(rows) {
            table.put(row_id(key)?, row);
        }
        Ok(())
    }

    fn delete_data(&mut self, table_name: &str, keys: Vec<Key>) -> Result<()> {
        let table = self.table_mut(table_name)?;
        for key in keys {
            table.rows.remove(&row_id(&key)?);
        }
        Ok(())
    }
}

impl AlterTable for Storage {
    fn rename_schema(&mut self, table_name: &str, new_table_name: &str) -> Result<()> {
        let table = self
            .tables
            .remove(table_name)
            .ok_or_else(|| Error::StorageMsg(format!("table not found: {table_name}")))?;
        let mut table = Arc::unwrap_or_clone(table);
        new_table_name.clone_into(&mut table.schema.table_name);
        self.put_table(table);
        Ok(())
    }
}

impl Transaction for Storage {}
impl Index for Storage {}
impl IndexMut for Storage {}
impl Metadata for Storage {}
impl Planner for Storage {}

impl CustomFunction for Storage {
    fn fetch_function<'a>(&'a self, _name: &str) -> Result<Option<&'a StructCustomFunction>> {
        Ok(None)
    }

    fn fetch_all_functions(&self) -> Result<Vec<&StructCustomFunction>> {
        Ok(Vec::new())
    }
}

impl CustomFunctionMut for Storage {}
