//! The Redshift dialect layer: turns a parsed statement into something
//! GlueSQL runs with Redshift's meaning, or refuses it with a clear message.

pub mod ast;
pub mod dml;
pub mod functions;
pub mod joins;
pub mod logic;
pub mod names;
pub mod rewrite;
pub mod scope;
pub mod types;
pub mod walk;

use sqlparser::ast::{
    AlterTableOperation, ColumnOption, Expr, Ident, ObjectName, ObjectType, Query, SetExpr,
    Statement, TableConstraint, Value,
};

use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::storage::TableInfo;
use names::{Catalog, TableName};

/// A statement ready for GlueSQL, with what the engine must know around it.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The rewritten statement.
    pub statement: Statement,
    /// The table the statement writes to, if any (checked for permission).
    pub target: Option<TableName>,
    /// For CREATE TABLE: the catalog metadata to keep.
    pub table_info: Option<TableInfo>,
    /// Full names of every table the statement mentions.
    pub relations: Vec<String>,
    /// For ALTER TABLE ... ADD COLUMN: each new column with its catalog type.
    pub added_columns: Vec<(String, String)>,
}

/// Rewrites a statement for GlueSQL.
pub fn prepare(mut statement: Statement, catalog: &dyn Catalog) -> Result<Prepared, EngineError> {
    let target = write_target(&statement, catalog)?;
    dml::expand_sources(&mut statement);
    let table_info = match &mut statement {
        Statement::CreateTable(create) => Some(prepare_create_table(create)?),
        _ => None,
    };
    let added_columns = match &mut statement {
        Statement::AlterTable { operations, .. } => prepare_added_columns(operations)?,
        _ => Vec::new(),
    };
    qualify_unvisited_names(&mut statement, catalog)?;
    let relations = names::qualify(&mut statement, catalog)?;
    if let Statement::Insert(insert) = &mut statement {
        fill_insert_values(insert, catalog);
    }
    functions::apply(&mut statement)?;
    rewrite::apply(&mut statement, catalog)?;
    logic::apply(&mut statement);
    scope::bind(&mut statement, catalog)?;
    dml::qualify_target(&mut statement);
    Ok(Prepared {
        statement,
        target,
        table_info,
        relations,
        added_columns,
    })
}

/// `ALTER TABLE ... ADD COLUMN c type`: maps the type as CREATE TABLE does.
fn prepare_added_columns(
    operations: &mut [AlterTableOperation],
) -> Result<Vec<(String, String)>, EngineError> {
    let mut added = Vec::new();
    for operation in operations {
        if let AlterTableOperation::AddColumn { column_def, .. } = operation {
            let mapped = types::map_type(&column_def.data_type)?;
            column_def.data_type = mapped.storage;
            column_def
                .options
                .retain(|o| !matches!(o.option, ColumnOption::Unique { .. }));
            added.push((column_def.name.value.clone(), mapped.declared));
        }
    }
    Ok(added)
}

/// Maps column types, keeps declared names and keys, and drops what Redshift
/// only records (PRIMARY KEY, UNIQUE are informational there).
fn prepare_create_table(
    create: &mut sqlparser::ast::CreateTable,
) -> Result<TableInfo, EngineError> {
    let mut info = TableInfo {
        temporary: create.temporary,
        ..TableInfo::default()
    };
    if create.temporary {
        let table = create
            .name
            .0
            .last()
            .cloned()
            .unwrap_or_else(|| Ident::new("t"));
        create.name = ObjectName(vec![Ident::new(names::TEMP_SCHEMA), table]);
        create.temporary = false;
    }
    if let Some(query) = &mut create.query {
        unwrap_parentheses(query);
    }
    for column in &mut create.columns {
        let mapped = types::map_type(&column.data_type)?;
        info.declared_types.push(mapped.declared);
        column.data_type = mapped.storage;
        let is_key = column.options.iter().any(|o| {
            matches!(
                o.option,
                ColumnOption::Unique {
                    is_primary: true,
                    ..
                }
            )
        });
        if is_key {
            info.primary_key.push(column.name.value.clone());
        }
        column
            .options
            .retain(|o| !matches!(o.option, ColumnOption::Unique { .. }));
    }
    for constraint in create.constraints.drain(..) {
        if let TableConstraint::PrimaryKey { columns, .. } = constraint {
            info.primary_key
                .extend(columns.into_iter().map(|c| c.value));
        }
    }
    Ok(info)
}

/// Table names that sqlparser's visitor does not report as relations.
fn qualify_unvisited_names(
    statement: &mut Statement,
    catalog: &dyn Catalog,
) -> Result<(), EngineError> {
    let names: Vec<&mut ObjectName> = match statement {
        Statement::Drop { names, .. } => names.iter_mut().collect(),
        Statement::Truncate { table_names, .. } => {
            table_names.iter_mut().map(|t| &mut t.name).collect()
        }
        Statement::AlterTable {
            name, operations, ..
        } => {
            let source = names::resolve(name, catalog)?;
            for operation in operations {
                if let AlterTableOperation::RenameTable { table_name } = operation {
                    *table_name = renamed(&source, table_name)?.to_object_name();
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    };
    for name in names {
        *name = names::resolve(name, catalog)?.to_object_name();
    }
    Ok(())
}

/// `ALTER TABLE s.t RENAME TO u`: the table stays in its schema.
fn renamed(source: &TableName, new_name: &ObjectName) -> Result<TableName, EngineError> {
    match new_name.0.as_slice() {
        [table] => Ok(TableName {
            schema: source.schema.clone(),
            table: table.value.clone(),
        }),
        [schema, table] if schema.value == source.schema => Ok(TableName {
            schema: source.schema.clone(),
            table: table.value.clone(),
        }),
        _ => Err(EngineError::msg(
            ErrorKind::Unsupported,
            "RENAME TO 는 테이블을 다른 스키마로 옮길 수 없습니다. 새 이름만 쓰세요: ALTER TABLE s.t RENAME TO t2",
            "RENAME TO cannot move a table to another schema; give only the new name: ALTER TABLE s.t RENAME TO t2",
        )),
    }
}

/// `INSERT ... VALUES`: `DEFAULT` becomes the column's default (or NULL),
/// and `2.5` into an integer column stores 3, as Redshift rounds a numeric
/// value assigned to an integer.
fn fill_insert_values(insert: &mut sqlparser::ast::Insert, catalog: &dyn Catalog) {
    let full = insert
        .table_name
        .0
        .iter()
        .map(|p| p.value.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let (Some(names), Some(types), Some(defaults)) = (
        catalog.column_names(&full),
        catalog.column_types(&full),
        catalog.column_defaults(&full),
    ) else {
        return;
    };
    let positions: Vec<Option<usize>> = if insert.columns.is_empty() {
        (0..names.len()).map(Some).collect()
    } else {
        insert
            .columns
            .iter()
            .map(|c| names.iter().position(|n| *n == c.value))
            .collect()
    };
    let Some(SetExpr::Values(values)) = insert.source.as_mut().map(|q| q.body.as_mut()) else {
        return;
    };
    for row in &mut values.rows {
        for (cell, position) in row.iter_mut().zip(&positions) {
            let Some(position) = *position else {
                continue;
            };
            if is_default_keyword(cell) {
                *cell = default_expr(defaults.get(position).cloned().flatten());
                continue;
            }
            let is_integer = types
                .get(position)
                .is_some_and(|d| matches!(d.as_str(), "smallint" | "integer" | "bigint"));
            if let (true, Expr::Value(Value::Number(number, _))) = (is_integer, &mut *cell) {
                *number = number.with_scale_round(0, bigdecimal::RoundingMode::HalfUp);
            }
        }
    }
}

fn is_default_keyword(expr: &Expr) -> bool {
    matches!(expr, Expr::Identifier(i) if i.quote_style.is_none() && i.value.eq_ignore_ascii_case("default"))
}

/// A column's DEFAULT (SQL text) as an expression; NULL without one.
fn default_expr(sql: Option<String>) -> Expr {
    sql.and_then(|sql| {
        sqlparser::parser::Parser::new(&crate::engine::script::DIALECT)
            .try_with_sql(&sql)
            .and_then(|mut parser| parser.parse_expr())
            .ok()
    })
    .unwrap_or(Expr::Value(Value::Null))
}

/// `CREATE TABLE t AS (SELECT ...)`: the parentheses add nothing.
pub fn unwrap_parentheses(query: &mut Box<Query>) {
    while query.with.is_none() && query.order_by.is_none() && query.limit.is_none() {
        let SetExpr::Query(inner) = query.body.as_mut() else {
            return;
        };
        let inner = std::mem::replace(inner, Box::new(ast::empty_query()));
        *query = inner;
    }
}

/// The table a statement writes to, resolved (so permissions can be checked).
fn write_target(
    statement: &Statement,
    catalog: &dyn Catalog,
) -> Result<Option<TableName>, EngineError> {
    let name = match statement {
        Statement::Insert(insert) => Some(&insert.table_name),
        Statement::CreateTable(create) => {
            if create.temporary {
                let table = create.name.0.last().map(|i| i.value.clone());
                return Ok(table.map(|table| TableName {
                    schema: names::TEMP_SCHEMA.to_owned(),
                    table,
                }));
            }
            if create.name.0.len() == 1 {
                return Ok(Some(TableName {
                    schema: names::DEFAULT_SCHEMA.to_owned(),
                    table: create.name.0[0].value.clone(),
                }));
            }
            Some(&create.name)
        }
        Statement::Update { table, .. } => match &table.relation {
            sqlparser::ast::TableFactor::Table { name, .. } => Some(name),
            _ => None,
        },
        Statement::Delete(delete) => match &delete.from {
            sqlparser::ast::FromTable::WithFromKeyword(tables)
            | sqlparser::ast::FromTable::WithoutKeyword(tables) => {
                tables.first().and_then(|t| match &t.relation {
                    sqlparser::ast::TableFactor::Table { name, .. } => Some(name),
                    _ => None,
                })
            }
        },
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => names.first(),
        Statement::AlterTable { name, .. } => Some(name),
        Statement::Truncate { table_names, .. } => table_names.first().map(|t| &t.name),
        _ => None,
    };
    name.map(|name| names::resolve(name, catalog)).transpose()
}

/// Refuses writes into read-only schemas, the way Redshift refuses them to
/// the course's analytics_users group.
pub fn check_writable(target: &TableName, writable: Option<bool>) -> Result<(), EngineError> {
    match writable {
        Some(true) => Ok(()),
        Some(false) => Err(EngineError::msg(
            ErrorKind::PermissionDenied,
            format!(
                "권한이 없습니다: {} 스키마는 읽기 전용입니다. adhoc 또는 analytics 스키마에 만드세요.",
                target.schema
            ),
            format!(
                "permission denied for schema {}: it is read-only. Write to adhoc or analytics instead.",
                target.schema
            ),
        )),
        None => Err(EngineError::msg(
            ErrorKind::UnknownName,
            format!("스키마 {}이(가) 없습니다.", target.schema),
            format!("schema \"{}\" does not exist", target.schema),
        )),
    }
}
