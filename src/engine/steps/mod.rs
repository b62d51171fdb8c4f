//! Queries GlueSQL cannot run in one go, split into steps. CTEs, set
//! operations, derived tables and window functions run first; their rows are
//! stored as intermediate tables in the `__steps` schema (dropped when the
//! statement ends), and the rest of the query runs on those tables. Every
//! step is listed in the statement's "how it ran".

mod aggregates;
mod hash_joins;
mod outer_joins;
mod subqueries;
mod windows;

use crate::engine::dialect::walk::walk_mut;
use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, Ident, ObjectName, OrderBy, Query, Select, SelectItem, SetExpr, SetQuantifier, Statement,
    TableAlias, TableFactor, TableWithJoins,
};

use super::catalog::INTERNAL_SCHEMA;
use super::error::{EngineError, ErrorKind};
use super::ops::{self, SetOperator};
use super::storage::Table;
use super::{dialect, glue, plan, Engine};
pub(crate) use crate::engine::dialect::ast::{empty_query, select};

/// A query's result as steps pass it on: column labels and raw values.
pub struct Rows {
    /// Column labels.
    pub labels: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Value>>,
}

/// Whether a query needs steps: a WITH, a set operation, a derived table
/// (GlueSQL would nested-loop joins with it) or a window function.
pub fn needs_steps(query: &Query) -> bool {
    query.with.is_some()
        || match query.body.as_ref() {
            SetExpr::Select(select) => {
                has_joins(select)
                    || has_derived_table(select)
                    || aggregates::needs_rust_grouping(select)
                    || subqueries::has_subqueries(select)
                    || windows::has_windows(select)
                    || outer_joins::has_outer_join(select)
            }
            SetExpr::SetOperation { .. } | SetExpr::Query(_) => true,
            _ => false,
        }
}

fn has_joins(select: &Select) -> bool {
    select.from.len() > 1 || select.from.iter().any(|t| !t.joins.is_empty())
}

fn has_derived_table(select: &Select) -> bool {
    select.from.iter().any(|table| {
        std::iter::once(&table.relation)
            .chain(table.joins.iter().map(|j| &j.relation))
            .any(is_derived)
    })
}

fn is_derived(factor: &TableFactor) -> bool {
    match factor {
        TableFactor::Derived { .. } => true,
        TableFactor::NestedJoin {
            table_with_joins, ..
        } => std::iter::once(&table_with_joins.relation)
            .chain(table_with_joins.joins.iter().map(|j| &j.relation))
            .any(is_derived),
        _ => false,
    }
}

impl Engine {
    /// Runs a query in steps and returns its rows.
    pub(crate) fn query_in_steps(
        &mut self,
        mut query: Query,
        steps: &mut Vec<String>,
    ) -> Result<Rows, EngineError> {
        if let Some(with) = query.with.take() {
            if with.recursive {
                return Err(EngineError::unsupported(
                    ("WITH RECURSIVE", "WITH RECURSIVE"),
                    "재귀 CTE는 지원하지 않습니다.",
                    "Recursive CTEs are not supported.",
                ));
            }
            for cte in with.cte_tables {
                let name = cte.alias.name.value.clone();
                let mut rows = self.query_in_steps(*cte.query, steps)?;
                rename_columns(&mut rows, &cte.alias.columns, &name)?;
                let count = rows.rows.len();
                self.store_step(&name, rows);
                steps.push(format!(
                    "WITH {name}: {count} rows kept as {INTERNAL_SCHEMA}.{name}"
                ));
            }
        }
        let Query {
            body,
            order_by,
            limit,
            offset,
            ..
        } = query;
        match *body {
            SetExpr::SetOperation {
                op,
                set_quantifier,
                left,
                right,
            } => {
                let left = self.query_in_steps(query_of(*left), steps)?;
                let right = self.query_in_steps(query_of(*right), steps)?;
                let rows = set_operation(op, set_quantifier, left, right)?;
                steps.push(format!(
                    "{op} {set_quantifier}: {} rows (Rust operator)",
                    rows.rows.len()
                ));
                self.order_and_limit(rows, order_by, limit, offset, steps)
            }
            SetExpr::Query(inner) => {
                let rows = self.query_in_steps(*inner, steps)?;
                self.order_and_limit(rows, order_by, limit, offset, steps)
            }
            SetExpr::Select(mut select) => {
                let mut order_by = order_by;
                self.materialize_derived_tables(&mut select, steps)?;
                if subqueries::has_subqueries(&select) {
                    self.run_subqueries_once(&mut select, steps)?;
                }
                let using = dialect::joins::rewrite(&mut select, &self.storage)?;
                if let Some(order_by) = &mut order_by {
                    let _ = walk_mut(
                        order_by,
                        &mut dialect::joins::UsingColumns { columns: &using },
                    );
                }
                let joined = self.hash_join_from(&mut select, &mut order_by, steps)?;
                if !joined && outer_joins::has_outer_join(&select) {
                    self.flatten_outer_joins(&mut select, &mut order_by, steps)?;
                }
                if windows::has_windows(&select) {
                    return self.select_with_windows(*select, order_by, limit, offset, steps);
                }
                if aggregates::needs_rust_grouping(&select) {
                    return self.select_with_rust_grouping(*select, order_by, limit, offset, steps);
                }
                let query = Query {
                    body: Box::new(SetExpr::Select(select)),
                    order_by,
                    limit,
                    offset,
                    ..empty_query()
                };
                self.select_rows(query, steps)
            }
            other => {
                let query = Query {
                    body: Box::new(other),
                    order_by,
                    limit,
                    offset,
                    ..empty_query()
                };
                self.select_rows(query, steps)
            }
        }
    }

    /// One SELECT the ordinary way: rewritten by the dialect, planned and
    /// run by GlueSQL (or a storage shortcut).
    pub(crate) fn select_rows(
        &mut self,
        query: Query,
        steps: &mut Vec<String>,
    ) -> Result<Rows, EngineError> {
        let prepared = dialect::prepare(Statement::Query(Box::new(query)), &self.storage)?;
        self.refresh_catalog(&prepared.relations);
        let mut result = Rows {
            labels: Vec::new(),
            rows: Vec::new(),
        };
        for step in plan::plan(prepared.statement) {
            steps.push(step.describe());
            result = step.rows(&mut self.storage)?;
        }
        Ok(result)
    }

    /// ORDER BY, LIMIT and OFFSET over rows computed in steps: the rows are
    /// stored, and GlueSQL sorts them.
    fn order_and_limit(
        &mut self,
        rows: Rows,
        order_by: Option<OrderBy>,
        limit: Option<Expr>,
        offset: Option<sqlparser::ast::Offset>,
        steps: &mut Vec<String>,
    ) -> Result<Rows, EngineError> {
        if order_by.is_none() && limit.is_none() && offset.is_none() {
            return Ok(rows);
        }
        let names = unique_labels(&rows.labels);
        let mut order_by = order_by;
        if let Some(order_by) = &mut order_by {
            // `ORDER BY 2` names the second column of the stored result.
            for key in &mut order_by.exprs {
                let position = match &key.expr {
                    Expr::Value(sqlparser::ast::Value::Number(n, _)) => {
                        n.to_string().parse::<usize>().ok()
                    }
                    _ => None,
                };
                if let Some(name) = position.and_then(|p| names.get(p.wrapping_sub(1))) {
                    key.expr = Expr::Identifier(Ident::with_quote('"', name.clone()));
                }
            }
        }
        let table = self.store_new_step("result", rows);
        let query = Query {
            body: Box::new(SetExpr::Select(Box::new(select_all_from(&table, None)))),
            order_by,
            limit,
            offset,
            ..empty_query()
        };
        self.select_rows(query, steps)
    }

    /// Runs each derived table (`FROM (SELECT ...) t`) and puts a stored
    /// table in its place.
    fn materialize_derived_tables(
        &mut self,
        select: &mut Select,
        steps: &mut Vec<String>,
    ) -> Result<(), EngineError> {
        for table in &mut select.from {
            self.materialize_factor(&mut table.relation, steps)?;
            for join in &mut table.joins {
                self.materialize_factor(&mut join.relation, steps)?;
            }
        }
        Ok(())
    }

    fn materialize_factor(
        &mut self,
        factor: &mut TableFactor,
        steps: &mut Vec<String>,
    ) -> Result<(), EngineError> {
        match factor {
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let subquery = std::mem::replace(subquery, Box::new(empty_query()));
                let mut rows = self.query_in_steps(*subquery, steps)?;
                let mut alias = alias.take();
                if let Some(alias) = &mut alias {
                    let columns = std::mem::take(&mut alias.columns);
                    rename_columns(&mut rows, &columns, &alias.name.value)?;
                }
                let count = rows.rows.len();
                let table = self.store_new_step("subquery", rows);
                steps.push(format!(
                    "subquery in FROM: {count} rows kept as {INTERNAL_SCHEMA}.{table}"
                ));
                let alias = alias.unwrap_or_else(|| TableAlias {
                    name: Ident::new(table.clone()),
                    columns: Vec::new(),
                });
                *factor = table_factor(&table, Some(alias));
            }
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => {
                self.materialize_factor(&mut table_with_joins.relation, steps)?;
                for join in &mut table_with_joins.joins {
                    self.materialize_factor(&mut join.relation, steps)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Stores rows as `__steps.<name>` (replacing a table of that name).
    pub(crate) fn store_step(&mut self, name: &str, rows: Rows) {
        let columns = unique_labels(&rows.labels);
        let column_defs = columns
            .iter()
            .enumerate()
            .map(|(i, name)| gluesql_core::ast::ColumnDef {
                name: name.clone(),
                data_type: glue::column_storage_type(&rows.rows, i),
                nullable: true,
                default: None,
                unique: None,
                comment: None,
            })
            .collect();
        let mut table = Table::new(gluesql_core::data::Schema {
            table_name: format!("{INTERNAL_SCHEMA}.{name}"),
            column_defs: Some(column_defs),
            indexes: Vec::new(),
            engine: None,
            foreign_keys: Vec::new(),
            comment: None,
        });
        table.append(rows.rows);
        self.storage.put_table(table);
    }

    /// Stores rows under a fresh name (`__result1`, `__subquery2`...) and returns it.
    pub(crate) fn store_new_step(&mut self, kind: &str, rows: Rows) -> String {
        self.step_counter += 1;
        let name = format!("__{kind}{}", self.step_counter);
        self.store_step(&name, rows);
        name
    }

    /// Drops every intermediate table (at the end of each statement).
    pub(crate) fn drop_steps(&mut self) {
        let prefix = format!("{INTERNAL_SCHEMA}.");
        let names: Vec<String> = self
            .storage
            .tables()
            .map(|t| t.schema.table_name.clone())
            .filter(|name| name.starts_with(&prefix))
            .collect();
        for name in names {
            self.storage.remove_table(&name);
        }
        self.step_counter = 0;
    }
}

/// `UNION`, `INTERSECT`, `EXCEPT` (and `MINUS`), with or without ALL.
fn set_operation(
    op: sqlparser::ast::SetOperator,
    quantifier: SetQuantifier,
    left: Rows,
    right: Rows,
) -> Result<Rows, EngineError> {
    let operator = match op {
        sqlparser::ast::SetOperator::Union => SetOperator::Union,
        sqlparser::ast::SetOperator::Intersect => SetOperator::Intersect,
        sqlparser::ast::SetOperator::Except => SetOperator::Except,
    };
    let all = match quantifier {
        SetQuantifier::All => true,
        SetQuantifier::Distinct | SetQuantifier::None => false,
        _ => {
            return Err(EngineError::unsupported(
                (&format!("{op} BY NAME"), &format!("{op} BY NAME")),
                "열 순서를 맞춰 쓰세요.",
                "List the columns in the same order on both sides.",
            ))
        }
    };
    let width = left.labels.len();
    if width != right.labels.len() {
        return Err(EngineError::msg(
            ErrorKind::Type,
            format!(
                "{op}의 양쪽 SELECT는 열 개수가 같아야 합니다 (왼쪽 {width}개, 오른쪽 {}개).",
                right.labels.len()
            ),
            format!(
                "each {op} query must have the same number of columns (left {width}, right {})",
                right.labels.len()
            ),
        ));
    }
    let mut rows = ops::set_operation(operator, all, left.rows, right.rows)?;
    unify_numbers(&mut rows, width);
    Ok(Rows {
        labels: left.labels,
        rows,
    })
}

/// A column of a set operation holding integers and decimals (or floats)
/// becomes all decimals (or floats), as Redshift types the column once.
fn unify_numbers(rows: &mut [Vec<Value>], width: usize) {
    for column in 0..width {
        let kinds = rows.iter().filter_map(|row| row.get(column));
        let (mut float, mut decimal) = (false, false);
        for value in kinds {
            float |= matches!(value, Value::F64(_) | Value::F32(_));
            decimal |= matches!(value, Value::Decimal(_));
        }
        if !float && !decimal {
            continue;
        }
        for row in rows.iter_mut() {
            if let Some(value) = row.get_mut(column) {
                let widened = match (&*value, float) {
                    (Value::I64(i), true) => Some(Value::F64(*i as f64)),
                    (Value::Decimal(d), true) => d.to_string().parse().ok().map(Value::F64),
                    (Value::I64(i), false) => Some(Value::Decimal((*i).into())),
                    _ => None,
                };
                if let Some(widened) = widened {
                    *value = widened;
                }
            }
        }
    }
}

/// `WITH t (a, b) AS ...` and `(...) AS t (a, b)` name the columns.
fn rename_columns(rows: &mut Rows, columns: &[Ident], table: &str) -> Result<(), EngineError> {
    if columns.is_empty() {
        return Ok(());
    }
    if columns.len() > rows.labels.len() {
        return Err(EngineError::msg(
            ErrorKind::Type,
            format!(
                "{table}에 열 이름이 {}개 있지만 질의는 열 {}개를 돌려줍니다.",
                columns.len(),
                rows.labels.len()
            ),
            format!(
                "{table} has {} columns available but {} columns specified",
                rows.labels.len(),
                columns.len()
            ),
        ));
    }
    for (label, column) in rows.labels.iter_mut().zip(columns) {
        label.clone_from(&column.value);
    }
    Ok(())
}

/// Column names for a stored step: duplicates get `_2`, `_3`...
fn unique_labels(labels: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        let mut name = label.clone();
        let mut n = 1;
        while names.contains(&name) {
            n += 1;
            name = format!("{label}_{n}");
        }
        names.push(name);
    }
    names
}

/// The stored step `name` as a FROM item.
pub(crate) fn table_factor(name: &str, alias: Option<TableAlias>) -> TableFactor {
    TableFactor::Table {
        name: ObjectName(vec![Ident::new(INTERNAL_SCHEMA), Ident::new(name)]),
        alias,
        args: None,
        with_hints: Vec::new(),
        version: None,
        with_ordinality: false,
        partitions: Vec::new(),
    }
}

/// `SELECT * FROM __steps.<table>`.
pub(crate) fn select_all_from(table: &str, alias: Option<TableAlias>) -> Select {
    select_from(vec![SelectItem::Wildcard(Default::default())], table, alias)
}

/// `SELECT <items> FROM __steps.<table>`.
pub(crate) fn select_from(
    projection: Vec<SelectItem>,
    table: &str,
    alias: Option<TableAlias>,
) -> Select {
    select(
        projection,
        vec![TableWithJoins {
            relation: table_factor(table, alias),
            joins: Vec::new(),
        }],
    )
}

/// A set operation's side as a query of its own.
fn query_of(body: SetExpr) -> Query {
    match body {
        SetExpr::Query(query) => *query,
        other => Query {
            body: Box::new(other),
            ..empty_query()
        },
    }
}
