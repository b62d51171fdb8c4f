//! The catalog as tables: `information_schema.tables`, `information_schema.columns`,
//! `pg_catalog.pg_table_def` and `SHOW TABLES`, built from storage on demand.

use gluesql_core::data::Value;
use serde::{Deserialize, Serialize};
use sqlparser::tokenizer::{Token, TokenWithLocation};

use super::dialect::names::TEMP_SCHEMA;
use super::dialect::types::{base_name, glue_type_name, type_arguments};
use super::error::{EngineError, ErrorKind};
use super::load::LoadColumn;
use super::outcome::{Cell, Column, Output, ResultSet};
use super::storage::{Storage, Table};
use super::Engine;

/// Schemas that hold the catalog's virtual tables.
pub const CATALOG_SCHEMAS: [&str; 2] = ["information_schema", "pg_catalog"];

/// Schema of the engine's own intermediate tables, never shown to learners.
pub const INTERNAL_SCHEMA: &str = "__steps";

/// The catalog tables, by full name.
const CATALOG_TABLES: [&str; 4] = [
    "information_schema.schemata",
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

/// The schemas, tables and columns a learner sees, for the schema browser
/// and autocomplete.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogTree {
    /// Visible schemas in name order (`pg_temp` only while it holds tables).
    pub schemas: Vec<CatalogSchema>,
}

/// A schema of the [`CatalogTree`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogSchema {
    /// Schema name.
    pub name: String,
    /// Whether learners may write here (`raw_data` and `prod` are read-only).
    pub writable: bool,
    /// Its tables, in name order.
    pub tables: Vec<CatalogTable>,
}

/// A table of a [`CatalogSchema`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogTable {
    /// Table name, without the schema.
    pub name: String,
    /// How many rows it holds.
    pub rows: usize,
    /// A `CREATE TEMP TABLE` of this session.
    pub temporary: bool,
    /// Its columns, in order.
    pub columns: Vec<CatalogColumn>,
}

/// A column of a [`CatalogTable`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogColumn {
    /// Column name.
    pub name: String,
    /// The type as the catalog reports it, e.g. `character varying(32)`.
    pub type_name: String,
}

/// The visible schemas with their tables and columns.
pub fn tree(storage: &Storage) -> CatalogTree {
    let schemas = storage
        .schemas()
        .filter(|(name, _)| is_visible_schema(name))
        .map(|(name, info)| CatalogSchema {
            name: name.clone(),
            writable: info.writable,
            tables: visible_tables(storage)
                .filter(|(schema, _, _)| schema == name)
                .map(|(_, table_name, table)| CatalogTable {
                    name: table_name.to_owned(),
                    rows: table.len(),
                    temporary: table.info.temporary,
                    columns: columns(table)
                        .into_iter()
                        .map(|(name, type_name, _)| CatalogColumn { name, type_name })
                        .collect(),
                })
                .collect(),
        })
        .filter(|schema| schema.name != TEMP_SCHEMA || !schema.tables.is_empty())
        .collect();
    CatalogTree { schemas }
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
                "information_schema.schemata" => schemata_table(self.storage()),
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

    /// `SHOW TABLES`: every visible table with its schema and row count;
    /// `SHOW TABLES FROM SCHEMA s`: Redshift's listing of one schema.
    pub(crate) fn show_tables(&self, schema: Option<&str>) -> Output {
        let text_column = |name: &str| Column {
            name: name.to_owned(),
            type_name: "character varying".to_owned(),
        };
        if let Some(wanted) = schema {
            let rows = visible_tables(self.storage())
                .filter(|(schema, _, _)| *schema == wanted)
                .map(|(schema, name, _)| {
                    vec![
                        Cell::Text("dev".to_owned()),
                        Cell::Text(schema.to_owned()),
                        Cell::Text(name.to_owned()),
                        Cell::Text("TABLE".to_owned()),
                        Cell::Null,
                        Cell::Null,
                    ]
                })
                .collect();
            let columns = [
                "database_name",
                "schema_name",
                "table_name",
                "table_type",
                "table_acl",
                "remarks",
            ];
            return Output::Rows(ResultSet {
                columns: columns.into_iter().map(text_column).collect(),
                rows,
            });
        }
        let rows = visible_tables(self.storage())
            .map(|(schema, name, table)| {
                vec![
                    Cell::Text(schema.to_owned()),
                    Cell::Text(name.to_owned()),
                    Cell::Int(table.len() as i64),
                ]
            })
            .collect();
        Output::Rows(ResultSet {
            columns: vec![
                text_column("schema_name"),
                text_column("table_name"),
                Column {
                    name: "row_count".to_owned(),
                    type_name: "bigint".to_owned(),
                },
            ],
            rows,
        })
    }
}

fn schemata_table(storage: &Storage) -> (Vec<LoadColumn>, Vec<Vec<Value>>) {
    let rows = storage
        .schemas()
        .filter(|(name, _)| *name != INTERNAL_SCHEMA && name.as_str() != "pg_temp")
        .map(|(name, _)| vec![text("dev"), Value::Str(name.clone()), text("dev")])
        .collect();
    let columns = vec![
        column("catalog_name", "VARCHAR"),
        column("schema_name", "VARCHAR"),
        column("schema_owner", "VARCHAR"),
    ];
    (columns, rows)
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
            let base = base_name(&declared).to_owned();
            let arguments = type_arguments(&declared);
            let number = |i: usize| arguments.get(i).map_or(Value::Null, |n| Value::I64(*n));
            let is_text = base.starts_with("character");
            let is_numeric = base == "numeric";
            rows.push(vec![
                text(schema),
                text(name),
                Value::Str(column_name),
                Value::I64(i as i64 + 1),
                Value::Str(base),
                if is_text { number(0) } else { Value::Null },
                if is_numeric { number(0) } else { Value::Null },
                if is_numeric { number(1) } else { Value::Null },
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
        column("character_maximum_length", "INT"),
        column("numeric_precision", "INT"),
        column("numeric_scale", "INT"),
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
                Value::Str(declared),
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

/// Recognises `SHOW TABLES [FROM SCHEMA [database.]schema]` (sqlparser reads
/// only other dialects' forms). Returns None for any other statement.
pub fn parse_show_tables(
    tokens: &[TokenWithLocation],
) -> Result<Option<Option<String>>, EngineError> {
    let words: Vec<&Token> = tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let is_word = |token: &Token, word: &str| matches!(token, Token::Word(w) if w.value == word);
    match words.as_slice() {
        [show, tables] if is_word(show, "show") && is_word(tables, "tables") => Ok(Some(None)),
        [show, tables, from, schema, rest @ ..]
            if is_word(show, "show")
                && is_word(tables, "tables")
                && is_word(from, "from")
                && is_word(schema, "schema") =>
        {
            let name =
                match rest {
                    [Token::Word(schema)]
                    | [Token::Word(_), Token::Period, Token::Word(schema)] => schema.value.clone(),
                    _ => return Err(EngineError::msg(
                        ErrorKind::Syntax,
                        "SQL 문법 오류: SHOW TABLES FROM SCHEMA dev.스키마이름 형식으로 쓰세요.",
                        "Syntax error: write SHOW TABLES FROM SCHEMA dev.schema_name.",
                    )),
                };
            Ok(Some(Some(name)))
        }
        _ => Ok(None),
    }
}
