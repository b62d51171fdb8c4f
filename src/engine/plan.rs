//! Plans a prepared statement into steps, and describes them ("how it ran").
//! A step is a statement GlueSQL runs, or a shortcut the engine answers
//! itself from storage (`SELECT COUNT(*) FROM t` reads the row count).

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Query,
    SelectItem, SetExpr, Statement, TableFactor,
};

use gluesql_core::data::Value;

use super::error::{EngineError, ErrorKind};
use super::glue;
use super::outcome::{Cell, Column, Output, ResultSet};
use super::steps::Rows;
use super::storage::{Storage, Table};
use super::write;

/// One step of a plan.
#[derive(Debug, Clone)]
pub enum Step {
    /// A statement for GlueSQL.
    Glue(Box<Statement>),
    /// `INSERT INTO table [(columns)] SELECT ...`, done by the engine.
    InsertSelect {
        /// Full table name.
        table: String,
        /// The column list, empty for all columns in order.
        columns: Vec<String>,
        /// The query whose rows are inserted.
        query: Box<Query>,
    },
    /// `TRUNCATE`: empties the tables.
    Truncate(Vec<String>),
    /// `SELECT * | columns FROM table [LIMIT n]`, read straight from storage
    /// (one copy of each value instead of GlueSQL's row copy plus ours).
    Scan {
        /// Full table name.
        table: String,
        /// The columns to show (name in the table, label); None for `*`.
        columns: Option<Vec<(String, String)>>,
        /// LIMIT.
        limit: Option<usize>,
    },
    /// `SELECT COUNT(*) FROM table`, answered from the table's row count.
    CountRows {
        /// Full table name.
        table: String,
        /// The output column's name.
        column: String,
    },
}

impl Step {
    /// A line for the "how it ran" view.
    pub fn describe(&self) -> String {
        match self {
            Step::Glue(statement) => format!("GlueSQL: {statement}"),
            Step::InsertSelect { table, query, .. } => {
                format!("GlueSQL: {query}; its rows appended to {table}")
            }
            Step::Truncate(tables) => format!("emptied {}", tables.join(", ")),
            Step::CountRows { table, .. } => {
                format!("row count of {table} read from storage (no scan)")
            }
            Step::Scan { table, .. } => format!("{table} read straight from storage"),
        }
    }

    /// Runs the step.
    pub fn run(&self, storage: &mut Storage) -> Result<Output, EngineError> {
        match self {
            Step::Glue(statement) => glue::run(storage, statement),
            Step::Scan {
                table,
                columns,
                limit,
            } => scan_output(storage, table, columns.as_deref(), *limit),
            Step::InsertSelect {
                table,
                columns,
                query,
            } => write::insert_select(storage, table, columns, query),
            Step::Truncate(tables) => write::truncate(storage, tables),
            Step::CountRows { table, column } => {
                let count = storage.table(table).map(|t| t.len()).unwrap_or(0);
                Ok(Output::Rows(ResultSet {
                    columns: vec![Column {
                        name: column.clone(),
                        type_name: "BIGINT".to_owned(),
                    }],
                    rows: vec![vec![Cell::Int(count as i64)]],
                }))
            }
        }
    }
}

impl Step {
    /// Runs a query step and returns its labels and raw values.
    pub fn rows(&self, storage: &mut Storage) -> Result<Rows, EngineError> {
        match self {
            Step::CountRows { table, column } => {
                let count = storage.table(table).map(|t| t.len()).unwrap_or(0);
                Ok(Rows {
                    labels: vec![column.clone()],
                    rows: vec![vec![Value::I64(count as i64)]],
                })
            }
            Step::Glue(statement) => {
                let (labels, rows) = glue::select(storage, statement)?;
                Ok(Rows { labels, rows })
            }
            Step::Scan {
                table,
                columns,
                limit,
            } => scan(storage, table, columns.as_deref(), *limit),
            Step::InsertSelect { .. } | Step::Truncate(_) => Err(EngineError::msg(
                ErrorKind::Execution,
                "행을 돌려주는 질의가 아닙니다.",
                "this statement returns no rows",
            )),
        }
    }
}

/// Plans a statement whose names are resolved and whose dialect is rewritten.
pub fn plan(statement: Statement) -> Vec<Step> {
    if let Some(step) = count_rows(&statement).or_else(|| plain_scan(&statement)) {
        return vec![step];
    }
    match statement {
        Statement::Insert(insert) => match insert.source {
            Some(query) if !matches!(query.body.as_ref(), SetExpr::Values(_)) => {
                vec![Step::InsertSelect {
                    table: joined(&insert.table_name),
                    columns: insert.columns.iter().map(|c| c.value.clone()).collect(),
                    query,
                }]
            }
            source => vec![Step::Glue(Box::new(Statement::Insert(
                sqlparser::ast::Insert { source, ..insert },
            )))],
        },
        Statement::Truncate { table_names, .. } => vec![Step::Truncate(
            table_names.iter().map(|t| joined(&t.name)).collect(),
        )],
        statement => vec![Step::Glue(Box::new(statement))],
    }
}

/// A resolved name (one identifier holding `schema.table`) as text.
fn joined(name: &sqlparser::ast::ObjectName) -> String {
    name.0
        .iter()
        .map(|p| p.value.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// A scan's result straight to cells: one copy of each value shown.
fn scan_output(
    storage: &Storage,
    table: &str,
    columns: Option<&[(String, String)]>,
    limit: Option<usize>,
) -> Result<Output, EngineError> {
    let (stored, positions, labels) = scan_columns(storage, table, columns)?;
    let rows = scan_rows(stored, &positions, limit, glue::to_cell);
    let columns = labels
        .into_iter()
        .zip(&positions)
        .map(|(name, &i)| Column {
            name,
            type_name: glue::column_type(stored.rows.values().map(|row| row.get(i))),
        })
        .collect();
    Ok(Output::Rows(ResultSet { columns, rows }))
}

/// Reads a table's rows (or some of its columns) without GlueSQL.
fn scan(
    storage: &Storage,
    table: &str,
    columns: Option<&[(String, String)]>,
    limit: Option<usize>,
) -> Result<Rows, EngineError> {
    let (stored, positions, labels) = scan_columns(storage, table, columns)?;
    let rows = scan_rows(stored, &positions, limit, |value| value);
    Ok(Rows { labels, rows })
}

/// The first `limit` rows of a table, the columns at `positions`, each
/// value copied once through `convert`.
fn scan_rows<T>(
    stored: &Table,
    positions: &[usize],
    limit: Option<usize>,
    convert: impl Fn(Value) -> T,
) -> Vec<Vec<T>> {
    stored
        .rows
        .values()
        .take(limit.unwrap_or(usize::MAX))
        .map(|row| {
            positions
                .iter()
                .map(|&i| convert(row.get(i).cloned().unwrap_or(Value::Null)))
                .collect()
        })
        .collect()
}

/// The table a scan reads, and the positions and labels of its columns.
fn scan_columns<'s>(
    storage: &'s Storage,
    table: &str,
    columns: Option<&[(String, String)]>,
) -> Result<(&'s Table, Vec<usize>, Vec<String>), EngineError> {
    let Some(stored) = storage.table(table) else {
        return Err(EngineError::msg(
            ErrorKind::UnknownName,
            format!("테이블 {table}이(가) 없습니다."),
            format!("relation \"{table}\" does not exist"),
        ));
    };
    let names: Vec<&str> = stored
        .schema
        .column_defs
        .iter()
        .flatten()
        .map(|c| c.name.as_str())
        .collect();
    let (positions, labels) = match columns {
        None => names
            .iter()
            .enumerate()
            .map(|(i, n)| (i, (*n).to_owned()))
            .unzip(),
        Some(columns) => columns
            .iter()
            .map(|(name, label)| {
                names
                    .iter()
                    .position(|n| n == name)
                    .map(|i| (i, label.clone()))
                    .ok_or_else(|| {
                        EngineError::msg(
                            ErrorKind::UnknownName,
                            format!("열(column) {name}이(가) 없습니다."),
                            format!("column \"{name}\" does not exist"),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .unzip(),
    };
    Ok((stored.as_ref(), positions, labels))
}

/// Recognises `SELECT * | col [AS x], ... FROM t [LIMIT n]` with nothing else.
fn plain_scan(statement: &Statement) -> Option<Step> {
    let Statement::Query(query) = statement else {
        return None;
    };
    if query.with.is_some() || query.order_by.is_some() || query.offset.is_some() {
        return None;
    }
    let limit = match &query.limit {
        None => None,
        Some(Expr::Value(sqlparser::ast::Value::Number(n, _))) => Some(n.to_string().parse().ok()?),
        Some(_) => return None,
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let plain = select.distinct.is_none()
        && select.top.is_none()
        && select.selection.is_none()
        && select.having.is_none()
        && matches!(&select.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty())
        && select.from.len() == 1
        && select.from[0].joins.is_empty();
    if !plain {
        return None;
    }
    let TableFactor::Table {
        name,
        args: None,
        alias,
        ..
    } = &select.from[0].relation
    else {
        return None;
    };
    let [table] = name.0.as_slice() else {
        return None;
    };
    // A column as written: `c` or `alias.c`.
    let column = |expr: &Expr| match expr {
        Expr::Identifier(c) => Some(c.value.clone()),
        Expr::CompoundIdentifier(parts) => match parts.as_slice() {
            [qualifier, c]
                if alias
                    .as_ref()
                    .is_some_and(|a| a.name.value == qualifier.value) =>
            {
                Some(c.value.clone())
            }
            _ => None,
        },
        _ => None,
    };
    let columns = match select.projection.as_slice() {
        [SelectItem::Wildcard(options)] if *options == Default::default() => None,
        items => Some(
            items
                .iter()
                .map(|item| match item {
                    SelectItem::UnnamedExpr(expr) => column(expr).map(|c| (c.clone(), c)),
                    SelectItem::ExprWithAlias { expr, alias } => {
                        column(expr).map(|c| (c, alias.value.clone()))
                    }
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?,
        ),
    };
    Some(Step::Scan {
        table: table.value.clone(),
        columns,
        limit,
    })
}

/// Recognises `SELECT COUNT(*) [AS x] FROM t` with nothing else.
fn count_rows(statement: &Statement) -> Option<Step> {
    let Statement::Query(query) = statement else {
        return None;
    };
    if query.with.is_some() || query.order_by.is_some() || query.offset.is_some() {
        return None;
    }
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    let plain = select.distinct.is_none()
        && select.selection.is_none()
        && select.having.is_none()
        && matches!(&select.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty())
        && select.from.len() == 1
        && select.from[0].joins.is_empty();
    if !plain {
        return None;
    }
    let [item] = select.projection.as_slice() else {
        return None;
    };
    let (expr, column) = match item {
        SelectItem::UnnamedExpr(expr) => (expr, "count".to_owned()),
        SelectItem::ExprWithAlias { expr, alias } => (expr, alias.value.clone()),
        _ => return None,
    };
    if !is_count_star(expr) {
        return None;
    }
    let TableFactor::Table {
        name, args: None, ..
    } = &select.from[0].relation
    else {
        return None;
    };
    let [table] = name.0.as_slice() else {
        return None;
    };
    Some(Step::CountRows {
        table: table.value.clone(),
        column,
    })
}

fn is_count_star(expr: &Expr) -> bool {
    let Expr::Function(Function {
        name,
        args: FunctionArguments::List(list),
        over: None,
        filter: None,
        ..
    }) = expr
    else {
        return false;
    };
    let counts_rows = matches!(
        list.args.as_slice(),
        [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)]
            | [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(
                sqlparser::ast::Value::Number(_, _)
            )))]
    );
    name.to_string().eq_ignore_ascii_case("count")
        && list.duplicate_treatment.is_none()
        && counts_rows
}
