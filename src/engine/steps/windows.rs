//! Window functions, in three steps. An inner SELECT (FROM, WHERE, GROUP BY
//! and HAVING as written) computes the select list's plain items and every
//! value the windows read; the windows are computed over its rows in Rust
//! ([`ops::compute_windows`]); an outer SELECT over the stored result
//! computes what is left of the select list, DISTINCT, ORDER BY and LIMIT.

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, Function, GroupByExpr, Ident, OrderBy, Query, Select, SelectItem, SetExpr, VisitorMut,
    WindowFrameBound, WindowFrameUnits, WindowType,
};

use super::{empty_query, select_from, Rows};
use crate::engine::dialect::ast::{any_outside_subqueries, call_args, position_or_push, CallArgs};
use crate::engine::dialect::rewrite::output_name;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::ops::{
    self, AggregateKind, Frame, FrameBound, FrameUnits, SortKey, WindowCall, WindowFunction,
};
use crate::engine::Engine;

/// Whether a SELECT list calls a window function (outside subqueries).
pub fn has_windows(select: &Select) -> bool {
    select.projection.iter().any(|item| match item {
        SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
            contains_window(expr)
        }
        _ => false,
    })
}

fn contains_window(expr: &Expr) -> bool {
    any_outside_subqueries(expr, |e| matches!(e, Expr::Function(f) if f.over.is_some()))
}

/// One item of the outer select list, before the inner rows are known.
enum Item {
    /// `*` or `t.*`: every column it expands to, under its own label.
    Wildcard,
    /// A plain item: the inner column at this front position, renamed.
    Plain { name: String },
    /// An item with windows, rewritten over the stored columns.
    Computed { expr: Box<Expr>, name: String },
}

/// A window call whose columns are not numbered yet: args, partitions and
/// order keys are extra inner columns (`__x<k>`).
struct PendingCall {
    function: WindowFunction,
    args: Vec<usize>,
    distinct: bool,
    partition_by: Vec<usize>,
    order_by: Vec<(usize, bool, Option<bool>)>,
    frame: Option<Frame>,
    ignore_nulls: bool,
}

/// Collects the extra inner columns and the window calls of one SELECT.
#[derive(Default)]
struct Lifter {
    extras: Vec<Expr>,
    calls: Vec<PendingCall>,
    error: Option<EngineError>,
}

impl Lifter {
    /// The extra inner column computing `expr` (shared by equal expressions).
    fn extra(&mut self, expr: Expr) -> usize {
        position_or_push(&mut self.extras, expr)
    }

    /// Rewrites an expression holding windows: window calls become `__w<k>`,
    /// the largest parts without windows become extra columns `__x<k>`.
    fn lift(&mut self, expr: &mut Expr) {
        let mut rewriter = LiftVisitor { lifter: self };
        let _ = walk_mut(expr, &mut rewriter);
    }

    fn window(&mut self, function: &Function) -> Result<usize, EngineError> {
        let Some(WindowType::WindowSpec(spec)) = &function.over else {
            return Err(EngineError::unsupported(
                ("이름 붙은 윈도우 (OVER w)", "a named window (OVER w)"),
                "OVER (...) 안에 PARTITION BY / ORDER BY 를 직접 쓰세요.",
                "Write PARTITION BY / ORDER BY inside OVER (...).",
            ));
        };
        let name = function.name.to_string().to_lowercase();
        let CallArgs {
            exprs,
            distinct,
            ignore_nulls,
            star,
        } = call_args(function);
        let arg = |i: usize| exprs.get(i).cloned().flatten();
        let integer = |i: usize, default: i64| -> Result<i64, EngineError> {
            match arg(i) {
                None => Ok(default),
                Some(e) => literal_integer(&e).ok_or_else(|| constant_needed(&name)),
            }
        };
        let (function_kind, arg_exprs) = match name.as_str() {
            "row_number" => (WindowFunction::RowNumber, vec![]),
            "rank" => (WindowFunction::Rank, vec![]),
            "dense_rank" => (WindowFunction::DenseRank, vec![]),
            "percent_rank" => (WindowFunction::PercentRank, vec![]),
            "cume_dist" => (WindowFunction::CumeDist, vec![]),
            "ntile" => (WindowFunction::Ntile(integer(0, 1)?), vec![]),
            "lag" | "lead" => {
                let offset = integer(1, 1)?;
                let default = match arg(2) {
                    None => Value::Null,
                    Some(e) => literal_value(&e).ok_or_else(|| constant_needed(&name))?,
                };
                let function = if name == "lag" {
                    WindowFunction::Lag { offset, default }
                } else {
                    WindowFunction::Lead { offset, default }
                };
                (function, arg(0).into_iter().collect())
            }
            "first_value" => (WindowFunction::FirstValue, arg(0).into_iter().collect()),
            "last_value" => (WindowFunction::LastValue, arg(0).into_iter().collect()),
            "nth_value" => (
                WindowFunction::NthValue(integer(1, 1)?),
                arg(0).into_iter().collect(),
            ),
            "count" if star => (WindowFunction::Aggregate(AggregateKind::CountStar), vec![]),
            other => {
                let kind = match other {
                    "count" => AggregateKind::Count,
                    "sum" => AggregateKind::Sum,
                    "avg" => AggregateKind::Avg,
                    "min" => AggregateKind::Min,
                    "max" => AggregateKind::Max,
                    "stddev" | "stddev_samp" => AggregateKind::StddevSamp,
                    "stddev_pop" => AggregateKind::StddevPop,
                    "variance" | "var_samp" => AggregateKind::VarSamp,
                    "var_pop" => AggregateKind::VarPop,
                    "median" => AggregateKind::Median,
                    _ => {
                        return Err(EngineError::unsupported(
                            (&format!("윈도우 함수 {}", other.to_uppercase()), &format!("the window function {}", other.to_uppercase())),
                            "ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE, 집계 함수(SUM, COUNT, AVG, MIN, MAX...)를 쓸 수 있습니다.",
                            "Window functions available: ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE and the aggregates (SUM, COUNT, AVG, MIN, MAX...).",
                        ))
                    }
                };
                (
                    WindowFunction::Aggregate(kind),
                    arg(0).into_iter().collect(),
                )
            }
        };
        let args = arg_exprs.into_iter().map(|e| self.extra(e)).collect();
        let partition_by = spec
            .partition_by
            .iter()
            .map(|e| self.extra(e.clone()))
            .collect();
        let order_by = spec
            .order_by
            .iter()
            .map(|o| {
                (
                    self.extra(o.expr.clone()),
                    o.asc == Some(false),
                    o.nulls_first,
                )
            })
            .collect();
        let frame = spec.window_frame.as_ref().map(frame_of).transpose()?;
        self.calls.push(PendingCall {
            function: function_kind,
            args,
            distinct,
            partition_by,
            order_by,
            frame,
            ignore_nulls,
        });
        Ok(self.calls.len() - 1)
    }
}

struct LiftVisitor<'a> {
    lifter: &'a mut Lifter,
}

impl VisitorMut for LiftVisitor<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Function(function) = expr {
            if function.over.is_some() {
                match self.lifter.window(function) {
                    Ok(k) => *expr = Expr::Identifier(Ident::new(format!("__w{k}"))),
                    Err(error) => {
                        self.lifter.error = Some(error);
                        return ControlFlow::Break(());
                    }
                }
                return ControlFlow::Continue(());
            }
        }
        if !contains_window(expr) && !matches!(expr, Expr::Value(_)) {
            let k = self.lifter.extra(expr.clone());
            *expr = Expr::Identifier(Ident::new(format!("__x{k}")));
        }
        ControlFlow::Continue(())
    }
}

fn frame_of(frame: &sqlparser::ast::WindowFrame) -> Result<Frame, EngineError> {
    let units = match frame.units {
        WindowFrameUnits::Rows => FrameUnits::Rows,
        WindowFrameUnits::Range => FrameUnits::Range,
        WindowFrameUnits::Groups => {
            return Err(EngineError::unsupported(
                ("GROUPS 프레임", "a GROUPS frame"),
                "ROWS 또는 RANGE 프레임을 쓰세요.",
                "Use a ROWS or RANGE frame.",
            ))
        }
    };
    let bound = |bound: &WindowFrameBound| -> Result<FrameBound, EngineError> {
        Ok(match bound {
            WindowFrameBound::CurrentRow => FrameBound::CurrentRow,
            WindowFrameBound::Preceding(None) => FrameBound::UnboundedPreceding,
            WindowFrameBound::Following(None) => FrameBound::UnboundedFollowing,
            WindowFrameBound::Preceding(Some(n)) => {
                FrameBound::Preceding(literal_integer(n).ok_or_else(|| constant_needed("ROWS"))?)
            }
            WindowFrameBound::Following(Some(n)) => {
                FrameBound::Following(literal_integer(n).ok_or_else(|| constant_needed("ROWS"))?)
            }
        })
    };
    Ok(Frame {
        units,
        start: bound(&frame.start_bound)?,
        end: match &frame.end_bound {
            Some(end) => bound(end)?,
            None => FrameBound::CurrentRow,
        },
    })
}

fn literal_integer(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Value(sqlparser::ast::Value::Number(n, _)) => n.to_string().parse().ok(),
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => literal_integer(expr).map(|n| -n),
        Expr::Nested(inner) => literal_integer(inner),
        _ => None,
    }
}

fn literal_value(expr: &Expr) -> Option<Value> {
    use sqlparser::ast::Value as V;
    match expr {
        Expr::Value(V::Null) => Some(Value::Null),
        Expr::Value(V::SingleQuotedString(s)) => Some(Value::Str(s.clone())),
        Expr::Value(V::Boolean(b)) => Some(Value::Bool(*b)),
        Expr::Value(V::Number(n, _)) => {
            let text = n.to_string();
            match text.parse::<i64>() {
                Ok(i) => Some(Value::I64(i)),
                Err(_) => text
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .map(Value::Decimal),
            }
        }
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => match literal_value(expr)? {
            Value::I64(i) => Some(Value::I64(-i)),
            Value::Decimal(d) => Some(Value::Decimal(-d)),
            _ => None,
        },
        Expr::Nested(inner) => literal_value(inner),
        _ => None,
    }
}

fn constant_needed(function: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Unsupported,
        format!("{}의 이 인자는 상수여야 합니다.", function.to_uppercase()),
        format!(
            "this argument of {} must be a constant",
            function.to_uppercase()
        ),
    )
}

/// `GROUP BY 1` and `GROUP BY alias`, resolved against the select list
/// before the list is rewritten.
pub(super) fn resolve_group_by(select: &mut Select) {
    let GroupByExpr::Expressions(exprs, _) = &mut select.group_by else {
        return;
    };
    for expr in exprs.iter_mut() {
        let replacement = match expr {
            Expr::Value(sqlparser::ast::Value::Number(n, _)) => n
                .to_string()
                .parse::<usize>()
                .ok()
                .and_then(|i| select.projection.get(i.wrapping_sub(1)))
                .and_then(|item| match item {
                    SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                        Some(e.clone())
                    }
                    _ => None,
                }),
            Expr::Identifier(ident) => select.projection.iter().find_map(|item| match item {
                SelectItem::ExprWithAlias { expr: e, alias }
                    if alias.value == ident.value
                        && !matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) =>
                {
                    Some(e.clone())
                }
                _ => None,
            }),
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
        }
    }
}

impl Engine {
    /// Runs a SELECT whose list calls window functions.
    pub(super) fn select_with_windows(
        &mut self,
        mut select: Select,
        mut order_by: Option<OrderBy>,
        limit: Option<Expr>,
        offset: Option<sqlparser::ast::Offset>,
        steps: &mut Vec<String>,
    ) -> Result<Rows, EngineError> {
        resolve_group_by(&mut select);
        let mut lifter = Lifter::default();
        let mut items = Vec::new();
        let mut front = Vec::new();
        for item in std::mem::take(&mut select.projection) {
            match item {
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(_, _) => {
                    items.push(Item::Wildcard);
                    front.push(item);
                }
                SelectItem::UnnamedExpr(ref expr) if !contains_window(expr) => {
                    items.push(Item::Plain {
                        name: output_name(expr),
                    });
                    front.push(item);
                }
                SelectItem::ExprWithAlias {
                    ref expr,
                    ref alias,
                } if !contains_window(expr) => {
                    items.push(Item::Plain {
                        name: alias.value.clone(),
                    });
                    front.push(item);
                }
                SelectItem::UnnamedExpr(mut expr) => {
                    let name = output_name(&expr);
                    lifter.lift(&mut expr);
                    items.push(Item::Computed {
                        expr: Box::new(expr),
                        name,
                    });
                }
                SelectItem::ExprWithAlias { mut expr, alias } => {
                    lifter.lift(&mut expr);
                    items.push(Item::Computed {
                        expr: Box::new(expr),
                        name: alias.value,
                    });
                }
            }
        }
        if let Some(error) = lifter.error.take() {
            return Err(error);
        }
        let names: Vec<String> = items
            .iter()
            .filter_map(|item| match item {
                Item::Plain { name } | Item::Computed { name, .. } => Some(name.clone()),
                Item::Wildcard => None,
            })
            .collect();
        if let Some(order_by) = &mut order_by {
            for key in &mut order_by.exprs {
                let keeps = matches!(&key.expr, Expr::Value(_))
                    || matches!(&key.expr, Expr::Identifier(i) if names.contains(&i.value));
                if !keeps {
                    if contains_window(&key.expr) {
                        lifter.lift(&mut key.expr);
                    } else {
                        let k = lifter.extra(key.expr.clone());
                        key.expr = Expr::Identifier(Ident::new(format!("__x{k}")));
                    }
                }
            }
        }
        if let Some(error) = lifter.error.take() {
            return Err(error);
        }
        let wildcards = items.iter().filter(|i| matches!(i, Item::Wildcard)).count();
        if wildcards > 1 {
            return Err(EngineError::unsupported(
                (
                    "윈도우 함수와 함께 쓴 * 여러 개",
                    "several * with window functions",
                ),
                "열 이름을 나열하세요.",
                "With window functions, list the columns instead of several *.",
            ));
        }

        // Step 1: the inner SELECT.
        let distinct = select.distinct.take();
        let plain_count = front.len() - wildcards;
        let mut inner = select;
        inner.projection = front;
        inner
            .projection
            .extend(
                lifter
                    .extras
                    .iter()
                    .enumerate()
                    .map(|(k, e)| SelectItem::ExprWithAlias {
                        expr: e.clone(),
                        alias: Ident::new(format!("__x{k}")),
                    }),
            );
        if inner.projection.is_empty() {
            inner.projection.push(SelectItem::UnnamedExpr(Expr::Value(
                sqlparser::ast::Value::Null,
            )));
        }
        let inner_query = Query {
            body: Box::new(SetExpr::Select(Box::new(inner))),
            ..empty_query()
        };
        let Rows { labels, mut rows } = self.select_rows(inner_query, steps)?;
        let extras = lifter.extras.len();
        let front_width = labels.len().saturating_sub(extras);
        let wildcard_width = front_width.saturating_sub(plain_count);

        // Step 2: the windows, in Rust.
        let calls: Vec<WindowCall> = lifter
            .calls
            .iter()
            .map(|call| WindowCall {
                function: call.function.clone(),
                args: call.args.iter().map(|k| front_width + k).collect(),
                distinct: call.distinct,
                partition_by: call.partition_by.iter().map(|k| front_width + k).collect(),
                order_by: call
                    .order_by
                    .iter()
                    .map(|&(k, descending, nulls_first)| SortKey {
                        column: front_width + k,
                        descending,
                        nulls_first,
                    })
                    .collect(),
                frame: call.frame,
                ignore_nulls: call.ignore_nulls,
            })
            .collect();
        let outputs = ops::compute_windows(&rows, &calls)?;
        for (i, row) in rows.iter_mut().enumerate() {
            for output in &outputs {
                row.push(output.get(i).cloned().unwrap_or(Value::Null));
            }
        }
        steps.push(format!(
            "{} window function(s) over {} rows (Rust operator)",
            calls.len(),
            rows.len()
        ));
        let mut stored_labels: Vec<String> = (0..front_width).map(|p| format!("__f{p}")).collect();
        stored_labels.extend((0..extras).map(|k| format!("__x{k}")));
        stored_labels.extend((0..calls.len()).map(|k| format!("__w{k}")));
        let table = self.store_new_step(
            "window",
            Rows {
                labels: stored_labels,
                rows,
            },
        );

        // Step 3: the outer SELECT.
        let mut projection = Vec::new();
        let mut position = 0;
        for item in items {
            match item {
                Item::Wildcard => {
                    for (p, label) in labels
                        .iter()
                        .enumerate()
                        .skip(position)
                        .take(wildcard_width)
                    {
                        projection.push(SelectItem::ExprWithAlias {
                            expr: Expr::Identifier(Ident::new(format!("__f{p}"))),
                            alias: Ident::with_quote('"', label.clone()),
                        });
                    }
                    position += wildcard_width;
                }
                Item::Plain { name } => {
                    projection.push(SelectItem::ExprWithAlias {
                        expr: Expr::Identifier(Ident::new(format!("__f{position}"))),
                        alias: Ident::with_quote('"', name),
                    });
                    position += 1;
                }
                Item::Computed { expr, name } => projection.push(SelectItem::ExprWithAlias {
                    expr: *expr,
                    alias: Ident::with_quote('"', name),
                }),
            }
        }
        let mut outer = select_from(projection, &table, None);
        outer.distinct = distinct;
        let query = Query {
            body: Box::new(SetExpr::Select(Box::new(outer))),
            order_by,
            limit,
            offset,
            ..empty_query()
        };
        self.select_rows(query, steps)
    }
}
