//! GROUP BY in Rust, for the aggregates GlueSQL lacks or computes
//! differently: MEDIAN, `LISTAGG(x, ',') WITHIN GROUP (ORDER BY ...)`, and
//! AVG (Redshift's AVG of integers is an integer, truncated). An inner
//! SELECT computes the group keys and the aggregates' arguments row by row;
//! [`ops::aggregate`] groups and aggregates; an outer SELECT over the stored
//! groups computes the select list, HAVING (as its WHERE), ORDER BY, LIMIT.

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Function, GroupByExpr, Ident, OrderBy, Query, Select, SelectItem, SetExpr, VisitorMut,
};

use super::{empty_query, select_from, Rows};
use crate::engine::dialect::ast::{
    any_outside_subqueries, call_args, column_reference, is_aggregate_call, position_or_push,
    CallArgs,
};
use crate::engine::dialect::rewrite::output_name;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::ops::{self, AggregateCall, AggregateKind, SortKey};
use crate::engine::Engine;

/// Aggregates that make a SELECT group in Rust.
const RUST_AGGREGATES: [&str; 3] = ["median", "listagg", "avg"];

fn function_name(function: &Function) -> String {
    function.name.to_string().to_lowercase()
}

/// Whether a SELECT calls an aggregate that is grouped in Rust.
pub fn needs_rust_grouping(select: &Select) -> bool {
    let rust_aggregate = |expr: &Expr| {
        matches!(expr, Expr::Function(f)
            if f.over.is_none() && RUST_AGGREGATES.contains(&function_name(f).as_str()))
    };
    let items = select.projection.iter().filter_map(|item| match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
        _ => None,
    });
    items
        .chain(select.having.iter())
        .any(|e| any_outside_subqueries(e, rust_aggregate))
}

/// Collects group keys, aggregate arguments and calls of one SELECT.
struct Grouping {
    groups: Vec<Expr>,
    args: Vec<Expr>,
    calls: Vec<AggregateCall>,
    error: Option<EngineError>,
}

impl Grouping {
    fn arg(&mut self, expr: Expr) -> usize {
        position_or_push(&mut self.args, expr)
    }

    fn call(&mut self, function: &Function) -> Result<usize, EngineError> {
        let name = function_name(function);
        let CallArgs {
            exprs,
            star,
            distinct,
            ..
        } = call_args(function);
        let exprs: Vec<Expr> = exprs.into_iter().flatten().collect();
        let kind = match name.as_str() {
            "count" if star || exprs.is_empty() => AggregateKind::CountStar,
            "count" => AggregateKind::Count,
            "sum" => AggregateKind::Sum,
            "avg" => AggregateKind::Avg,
            "min" => AggregateKind::Min,
            "max" => AggregateKind::Max,
            "median" => AggregateKind::Median,
            "stddev" | "stddev_samp" => AggregateKind::StddevSamp,
            "stddev_pop" => AggregateKind::StddevPop,
            "variance" | "var_samp" => AggregateKind::VarSamp,
            "var_pop" => AggregateKind::VarPop,
            "bool_and" => AggregateKind::BoolAnd,
            "bool_or" => AggregateKind::BoolOr,
            "listagg" => {
                let delimiter = match exprs.get(1) {
                    None => String::new(),
                    Some(Expr::Value(sqlparser::ast::Value::SingleQuotedString(s))) => s.clone(),
                    Some(_) => {
                        return Err(EngineError::msg(
                            ErrorKind::Unsupported,
                            "LISTAGG의 구분자는 문자열 상수여야 합니다.",
                            "the LISTAGG delimiter must be a string constant",
                        ))
                    }
                };
                let order_by = function
                    .within_group
                    .iter()
                    .map(|o| SortKey {
                        column: self.arg(o.expr.clone()),
                        descending: o.asc == Some(false),
                        nulls_first: o.nulls_first,
                    })
                    .collect();
                AggregateKind::Listagg {
                    delimiter,
                    order_by,
                }
            }
            _ => {
                return Err(EngineError::unsupported(
                    (&name.to_uppercase(), &name.to_uppercase()),
                    "다른 집계 함수로 쓰세요.",
                    "Use another aggregate.",
                ))
            }
        };
        let arg = match kind {
            AggregateKind::CountStar => None,
            _ => Some(
                self.arg(
                    exprs
                        .first()
                        .cloned()
                        .unwrap_or(Expr::Value(sqlparser::ast::Value::Null)),
                ),
            ),
        };
        self.calls.push(AggregateCall {
            kind,
            arg,
            distinct,
        });
        Ok(self.calls.len() - 1)
    }

    /// Rewrites an expression over the groups: group keys become `__g<k>`,
    /// aggregates `__r<k>`; any other column is an error (it is not grouped).
    fn rewrite(&mut self, expr: &mut Expr) -> Result<(), EngineError> {
        let mut visitor = GroupVisitor { grouping: self };
        let _ = walk_mut(expr, &mut visitor);
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

struct GroupVisitor<'a> {
    grouping: &'a mut Grouping,
}

impl VisitorMut for GroupVisitor<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let text = expr.to_string();
        if let Some(k) = self
            .grouping
            .groups
            .iter()
            .position(|g| g.to_string() == text)
        {
            *expr = Expr::Identifier(Ident::new(format!("__g{k}")));
            return ControlFlow::Continue(());
        }
        if is_aggregate_call(expr) {
            if let Expr::Function(function) = expr {
                match self.grouping.call(function) {
                    Ok(k) => *expr = Expr::Identifier(Ident::new(format!("__r{k}"))),
                    Err(error) => {
                        self.grouping.error = Some(error);
                        return ControlFlow::Break(());
                    }
                }
            }
            return ControlFlow::Continue(());
        }
        let column = column_reference(expr).filter(|c| !c.starts_with("__"));
        if let Some(column) = column {
            self.grouping.error = Some(crate::engine::dialect::rewrite::not_grouped(&column));
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }
}

impl Engine {
    /// Runs a grouped SELECT with the grouping and aggregates done in Rust.
    pub(super) fn select_with_rust_grouping(
        &mut self,
        mut select: Select,
        mut order_by: Option<OrderBy>,
        limit: Option<Expr>,
        offset: Option<sqlparser::ast::Offset>,
        steps: &mut Vec<String>,
    ) -> Result<Rows, EngineError> {
        super::windows::resolve_group_by(&mut select);
        let groups = match std::mem::replace(
            &mut select.group_by,
            GroupByExpr::Expressions(Vec::new(), Vec::new()),
        ) {
            GroupByExpr::Expressions(exprs, _) => exprs,
            GroupByExpr::All(_) => {
                return Err(EngineError::unsupported(
                    ("GROUP BY ALL", "GROUP BY ALL"),
                    "GROUP BY 에 열을 나열하세요.",
                    "List the columns in GROUP BY.",
                ))
            }
        };
        let mut grouping = Grouping {
            groups,
            args: Vec::new(),
            calls: Vec::new(),
            error: None,
        };
        let mut projection = Vec::new();
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::UnnamedExpr(mut expr) => {
                    let name = output_name(&expr);
                    grouping.rewrite(&mut expr)?;
                    projection.push(SelectItem::ExprWithAlias {
                        expr,
                        alias: Ident::with_quote('"', name),
                    });
                }
                SelectItem::ExprWithAlias { mut expr, alias } => {
                    grouping.rewrite(&mut expr)?;
                    projection.push(SelectItem::ExprWithAlias { expr, alias });
                }
                _ => {
                    return Err(EngineError::msg(
                        ErrorKind::Type,
                        "GROUP BY 와 함께 * 를 쓸 수 없습니다. 열을 나열하세요.",
                        "* cannot be used with GROUP BY; list the columns",
                    ))
                }
            }
        }
        let aliases: Vec<String> = projection
            .iter()
            .filter_map(|item| match item {
                SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.clone()),
                _ => None,
            })
            .collect();
        let mut having = select.having.take();
        if let Some(having) = &mut having {
            grouping.rewrite(having)?;
        }
        if let Some(order_by) = &mut order_by {
            for key in &mut order_by.exprs {
                let keeps = matches!(&key.expr, Expr::Value(_))
                    || matches!(&key.expr, Expr::Identifier(i) if aliases.contains(&i.value));
                if !keeps {
                    grouping.rewrite(&mut key.expr)?;
                }
            }
        }

        // Step 1: keys and arguments, row by row.
        let group_count = grouping.groups.len();
        let mut inner = select;
        inner.projection = grouping
            .groups
            .iter()
            .chain(&grouping.args)
            .enumerate()
            .map(|(i, e)| SelectItem::ExprWithAlias {
                expr: e.clone(),
                alias: Ident::new(format!("__c{i}")),
            })
            .collect();
        if inner.projection.is_empty() {
            inner.projection.push(SelectItem::UnnamedExpr(Expr::Value(
                sqlparser::ast::Value::Null,
            )));
        }
        let distinct = inner.distinct.take();
        let inner_rows = self.select_rows(
            Query {
                body: Box::new(SetExpr::Select(Box::new(inner))),
                ..empty_query()
            },
            steps,
        )?;

        // Step 2: group and aggregate in Rust.
        let calls: Vec<AggregateCall> = grouping
            .calls
            .iter()
            .map(|call| {
                let mut call = call.clone();
                call.arg = call.arg.map(|k| group_count + k);
                if let AggregateKind::Listagg { order_by, .. } = &mut call.kind {
                    for key in order_by.iter_mut() {
                        key.column += group_count;
                    }
                }
                call
            })
            .collect();
        let group_columns: Vec<usize> = (0..group_count).collect();
        let rows = ops::aggregate(&inner_rows.rows, &group_columns, &calls)?;
        steps.push(format!(
            "GROUP BY in Rust: {} rows into {} groups, {} aggregate(s)",
            inner_rows.rows.len(),
            rows.len(),
            calls.len()
        ));
        let mut labels: Vec<String> = (0..group_count).map(|k| format!("__g{k}")).collect();
        labels.extend((0..calls.len()).map(|k| format!("__r{k}")));
        let table = self.store_new_step("groups", Rows { labels, rows });

        // Step 3: the select list over the groups.
        let mut outer = select_from(projection, &table, None);
        outer.distinct = distinct;
        outer.selection = having;
        self.select_rows(
            Query {
                body: Box::new(SetExpr::Select(Box::new(outer))),
                order_by,
                limit,
                offset,
                ..empty_query()
            },
            steps,
        )
    }
}
