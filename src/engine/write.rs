//! Writes the engine does itself rather than through GlueSQL: `INSERT ...
//! SELECT` (the query runs planned, so joins hash; rows map to the table's
//! columns by the column list; DEFAULT and NOT NULL hold) and `TRUNCATE`.

use gluesql_core::{ast::ColumnDef, data::Value};
use sqlparser::ast::{Query, Statement};

use super::dialect::types::glue_type_name;
use super::error::{EngineError, ErrorKind};
use super::glue;
use super::outcome::Output;
use super::script::DIALECT;
use super::storage::Storage;

/// Runs `INSERT INTO table [(columns)] <query>`.
pub fn insert_select(
    storage: &mut Storage,
    table: &str,
    columns: &[String],
    query: &Query,
) -> Result<Output, EngineError> {
    let defs = storage
        .table(table)
        .and_then(|t| t.schema.column_defs.clone())
        .ok_or_else(|| missing_table(table))?;
    let positions = target_positions(table, &defs, columns)?;
    let (_, rows) = glue::select(storage, &Statement::Query(Box::new(query.clone())))?;
    if let Some(row) = rows.first() {
        if row.len() != positions.len() {
            return Err(EngineError::msg(
                ErrorKind::Type,
                format!(
                    "INSERT 할 열은 {}개인데 SELECT 는 {}개 값을 돌려줍니다.",
                    positions.len(),
                    row.len()
                ),
                format!(
                    "INSERT has {} target columns but the SELECT returns {} values",
                    positions.len(),
                    row.len()
                ),
            ));
        }
    }
    let mut filler = Vec::with_capacity(defs.len());
    for (i, def) in defs.iter().enumerate() {
        filler.push(if positions.contains(&i) {
            Value::Null
        } else {
            default_value(storage, def)?
        });
    }
    let mut stored = Vec::with_capacity(rows.len());
    for row in rows {
        let mut out = filler.clone();
        for (value, &position) in row.into_iter().zip(&positions) {
            out[position] = cast(value, &defs[position])?;
        }
        for (value, def) in out.iter().zip(&defs) {
            if !def.nullable && matches!(value, Value::Null) {
                return Err(not_null(&def.name));
            }
        }
        stored.push(out);
    }
    let count = stored.len();
    let Some(target) = storage.table(table) else {
        return Err(missing_table(table));
    };
    let mut target = target.as_ref().clone();
    target.conform(&mut stored);
    target.append(stored);
    storage.put_table(target);
    Ok(Output::Affected {
        command: "INSERT".into(),
        rows: count,
    })
}

/// Empties tables, keeping their definitions.
pub fn truncate(storage: &mut Storage, tables: &[String]) -> Result<Output, EngineError> {
    for name in tables {
        let Some(table) = storage.table(name) else {
            return Err(missing_table(name));
        };
        let mut emptied = super::storage::Table::new(table.schema.clone());
        emptied.info = table.info.clone();
        storage.put_table(emptied);
    }
    Ok(Output::Command("TRUNCATE".into()))
}

/// The position in the table of each listed column (all, in order, when
/// no list is given).
fn target_positions(
    table: &str,
    defs: &[ColumnDef],
    columns: &[String],
) -> Result<Vec<usize>, EngineError> {
    if columns.is_empty() {
        return Ok((0..defs.len()).collect());
    }
    columns
        .iter()
        .map(|column| {
            defs.iter().position(|d| &d.name == column).ok_or_else(|| {
                EngineError::msg(
                    ErrorKind::UnknownName,
                    format!("열(column) {column}이(가) {table}에 없습니다."),
                    format!("column \"{column}\" of relation \"{table}\" does not exist"),
                )
                .near(column)
            })
        })
        .collect()
}

/// A column's DEFAULT, evaluated once per statement (NULL without one).
fn default_value(storage: &mut Storage, def: &ColumnDef) -> Result<Value, EngineError> {
    let Some(default) = &def.default else {
        return Ok(Value::Null);
    };
    use gluesql_core::ast::ToSql;
    let sql = format!("SELECT {}", default.to_sql());
    let statement = sqlparser::parser::Parser::parse_sql(&DIALECT, &sql)
        .ok()
        .and_then(|mut statements| statements.pop())
        .ok_or_else(|| {
            EngineError::msg(
                ErrorKind::Execution,
                format!("열 {}의 DEFAULT 값을 계산할 수 없습니다.", def.name),
                format!("cannot evaluate the DEFAULT of column {}", def.name),
            )
        })?;
    let (_, rows) = glue::select(storage, &statement)?;
    let value = rows
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .unwrap_or(Value::Null);
    cast(value, def)
}

/// A value converted to its column's storage type.
fn cast(value: Value, def: &ColumnDef) -> Result<Value, EngineError> {
    if matches!(value, Value::Null) {
        return Ok(value);
    }
    value.cast(&def.data_type).map_err(|error| {
        EngineError::msg(
            ErrorKind::Type,
            format!(
                "열 {}({})에 맞지 않는 값입니다: {error}",
                def.name,
                glue_type_name(&def.data_type)
            ),
            format!(
                "column \"{}\" is of type {} but the value does not fit: {error}",
                def.name,
                glue_type_name(&def.data_type)
            ),
        )
        .near(&def.name)
    })
}

/// The error for a NULL stored into a NOT NULL column.
pub fn not_null(column: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Constraint,
        format!("NOT NULL 열 {column}에 NULL을 넣을 수 없습니다."),
        format!("null value in column \"{column}\" violates not-null constraint"),
    )
    .near(column)
}

fn missing_table(table: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::UnknownName,
        format!("테이블 {table}이(가) 없습니다."),
        format!("relation \"{table}\" does not exist"),
    )
}
