//! The catalog as tables: `information_schema.tables`, `information_schema.columns`,
//! `pg_catalog.pg_table_def` and `SHOW TABLES`, built from storage on demand.

use gluesql_core::data::Value;

use super::dialect::types::glue_type_name;
use super::load::LoadColumn;
use super::outcome::{Cell, Column, Output, ResultSet};
use super::storage::{Storage, Table};
use super::Engine;

/// Schemas that hold the catalog's virtual tables.
pub const CATALOG_SCHEMAS: [&str; 2] = ["information_schema", "pg_catalog"];

/// Schema of the engine's own intermediate tables, never shown to learners.
pub const INTERNAL_SCHEMA: &str = "__steps";

/// The catalog tables, by full name.
const CATALOG_TABLES: [&str; 3] = [
    "information_schema.tables",
    "information_schema.columns",
    "pg_catalog.pg_table_def",
];

/// Whether a full name is one of the catalog's virtual tables.
pub fn is_catalog_table(full_name: &str) -> bool {
    CATALOG_TABLES.contains(&full_name)
}

/// Whether a schema is shown to learners.
pub fn is_visible_schema(schema: &str) -> bool {
    schema != INTERNAL_SCHEMA && !CATALOG_SCHEMAS.contains(&schema)
}

/// A visible table: its schema, its name, and the table.
fn visible_tables(storage: &Storage) -> impl Iterator<Item = (&str, &str, &Table)> {
    storage.tables().filter_map(|table| {
        let (schema, name) = table.schema.table_name.split_once('.')?;
        is_visible_schema(schema).then_some((schema, name, table.as_ref()))
    })
}

/// Each column of a table with the type as declared (or as stored, for CTAS).
fn columns(table: &Table) -> Vec<(String, String, bool)> {
    table
        .schema
        .column_defs
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, def)| {
            let declared = table
                .info
                .declared_types
                .get(i)
                .cloned()
                .unwrap_or_else(|| glue_type_name(&def.data_type).to_owned());
            (def.name.clone(), declared, def.nullable)
        })
        .collect()
}

fn text(s: &str) -> Value {
    Value::Str(s.to_owned())
}

fn column(name: &str, declared: &str) -> LoadColumn {
    LoadColumn {
        name: name.to_owned(),
        declared: declared.to_owned(),
        primary_key: false,
    }
}

impl Engine {
    /// Rebuilds the catalog tables that `relations` (full names) mention.
    pub(crate) fn refresh_catalog(&mut self, relations: &[String]) {
        for relation in relations {
            let (columns, rows) = match relation.as_str() {
                "information_schema.tables" => tables_table(self.storage()),
                "information_schema.columns" => columns_table(self.storage()),
                "pg_catalog.pg_table_def" => table_def_table(self.storage()),
                _ => continue,
            };
            let (schema, name) = relation.split_once('.').unwrap_or(("pg_catalog", relation));
            // The columns are fixed and valid, so loading cannot fail.
            let _ = self.load_table(schema, name, &columns, rows);
        }
    }

    /// `SHOW TABLES`: every visible table with its schema and row count.
    pub(crate) fn show_tables(&self) -> Output {
        let rows = visible_tables(self.storage())
            .map(|(schema, name, table)| {
                vec![
                    Cell::Text(schema.to_owned()),
                    Cell::Text(name.to_owned()),
                    Cell::Int(table.len() as i64),
                ]
            })
            .collect();
        let text_column = |name: &str| Column {
            name: name.to_owned(),
            type_name: "VARCHAR".to_owned(),
        };
        Output::Rows(ResultSet {
            columns: vec![
                text_column("schema_name"),
                text_column("table_name"),
                Column {
                    name: "row_count".to_owned(),
                    type_name: "BIGINT".to_owned(),
                },
            ],
            rows,
        })
    }
}

fn tables_table(storage: &Storage) -> (Vec<LoadColumn>, Vec<Vec<Value>>) {
    let rows = visible_tables(storage)
        .map(|(schema, name, table)| {
            let kind = if table.info.temporary {
                "LOCAL TEMPORARY"
            } else {
                "BASE TABLE"
            };
            vec![text(schema), text(name), text(kind)]
        })
        .collect();
    let columns = vec![
        column("table_schema", "VARCHAR"),
        column("table_name", "VARCHAR"),
        column("table_type", "VARCHAR"),
    ];
    (columns, rows)
}

fn columns_table(storage: &Storage) -> (Vec<LoadColumn>, Vec<Vec<Value>>) {
    let mut rows = Vec::new();
    for (schema, name, table) in visible_tables(storage) {
        for (i, (column_name, declared, nullable)) in columns(table).into_iter().enumerate() {
            rows.push(vec![
                text(schema),
                text(name),
                Value::Str(column_name),
                Value::I64(i as i64 + 1),
                Value::Str(declared),
                text(if nullable { "YES" } else { "NO" }),
            ]);
        }
    }
    let columns = vec![
        column("table_schema", "VARCHAR"),
        column("table_name", "VARCHAR"),
        column("column_name", "VARCHAR"),
        column("ordinal_position", "INT"),
        column("data_type", "VARCHAR"),
        column("is_nullable", "VARCHAR"),
    ];
    (columns, rows)
}

fn table_def_table(storage: &Storage) -> (Vec<LoadColumn>, Vec<Vec<Value>>) {
    let mut rows = Vec::new();
    for (schema, name, table) in visible_tables(storage) {
        for (column_name, declared, nullable) in columns(table) {
            let key = table.info.primary_key.contains(&column_name);
            rows.push(vec![
                text(schema),
                text(name),
                Value::Str(column_name),
                Value::Str(declared.to_lowercase()),
                text("none"),
                Value::Bool(false),
                Value::I64(if key { 1 } else { 0 }),
                Value::Bool(!nullable),
            ]);
        }
    }
    let columns = vec![
        column("schemaname", "VARCHAR"),
        column("tablename", "VARCHAR"),
        column("column", "VARCHAR"),
        column("type", "VARCHAR"),
        column("encoding", "VARCHAR"),
        column("distkey", "BOOLEAN"),
        column("sortkey", "INT"),
        column("notnull", "BOOLEAN"),
    ];
    (columns, rows)
}
