//! Loads whole tables straight into storage (no INSERT parsing): used for the
//! preloaded datasets and for COPY.

use gluesql_core::{
    ast::ColumnDef,
    data::{Schema, Value},
};

use super::dialect::types::map_type;
use super::error::EngineError;
use super::storage::{Table, TableInfo};
use super::Engine;

/// A column to load: its name and its type as declared in Redshift DDL.
#[derive(Debug, Clone)]
pub struct LoadColumn {
    /// Column name.
    pub name: String,
    /// Declared type, e.g. `VARCHAR(32)`.
    pub declared: String,
    /// Informational primary key.
    pub primary_key: bool,
}

impl Engine {
    /// Creates (or replaces) `schema.name` with these columns and rows.
    pub fn load_table(
        &mut self,
        schema: &str,
        name: &str,
        columns: &[LoadColumn],
        rows: Vec<Vec<Value>>,
    ) -> Result<(), EngineError> {
        let mut column_defs = Vec::with_capacity(columns.len());
        let mut info = TableInfo::default();
        for column in columns {
            let parsed = sqlparser::parser::Parser::new(&super::script::DIALECT)
                .try_with_sql(&column.declared)
                .and_then(|mut p| p.parse_data_type())
                .map_err(|e| {
                    EngineError::msg(
                        super::error::ErrorKind::Syntax,
                        format!("타입 {}을(를) 읽을 수 없습니다: {e}", column.declared),
                        format!("cannot read type {}: {e}", column.declared),
                    )
                })?;
            let mapped = map_type(&parsed)?;
            let data_type = gluesql_core::translate::translate_data_type(&mapped.storage)
                .map_err(super::glue::from_glue)?;
            column_defs.push(ColumnDef {
                name: column.name.clone(),
                data_type,
                nullable: true,
                default: None,
                unique: None,
                comment: None,
            });
            info.declared_types.push(mapped.declared);
            if column.primary_key {
                info.primary_key.push(column.name.clone());
            }
        }
        let mut table = Table::new(Schema {
            table_name: format!("{schema}.{name}"),
            column_defs: Some(column_defs),
            indexes: Vec::new(),
            engine: None,
            foreign_keys: Vec::new(),
            comment: None,
        });
        table.info = info;
        table.append(rows);
        self.storage_mut().put_table(table);
        Ok(())
    }
}
