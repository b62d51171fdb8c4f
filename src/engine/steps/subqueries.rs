//! Subqueries that do not read the outer row, run once. GlueSQL runs a
//! subquery again for every outer row; here an uncorrelated one runs first
//! and its answer takes its place: a scalar subquery becomes its value,
//! `EXISTS` becomes TRUE or FALSE, and `x [NOT] IN (SELECT ...)` becomes a
//! hash semi-join (anti-join) when it filters the WHERE clause, or a list
//! of values elsewhere. A subquery that does read the outer row (running
//! it alone fails on the outer names) is left to GlueSQL.

use crate::engine::dialect::walk::{walk, walk_mut};
use std::ops::ControlFlow;

use gluesql_core::data::Value;
use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, Ident, Join, JoinConstraint, JoinOperator, Query,
    Select, TableAlias, Visitor, VisitorMut,
};

use super::{table_factor, Rows};
use crate::engine::dialect::ast::conjuncts;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::ops;
use crate::engine::Engine;

/// Whether a SELECT has a subquery in an expression.
pub fn has_subqueries(select: &Select) -> bool {
    struct Finder;
    impl Visitor for Finder {
        type Break = ();
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            match expr {
                Expr::Subquery(_) | Expr::InSubquery { .. } | Expr::Exists { .. } => {
                    ControlFlow::Break(())
                }
                _ => ControlFlow::Continue(()),
            }
        }
    }
    let items = select.projection.iter().filter_map(|item| match item {
        sqlparser::ast::SelectItem::UnnamedExpr(e)
        | sqlparser::ast::SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
        _ => None,
    });
    items
        .chain(select.selection.iter())
        .chain(select.having.iter())
        .any(|e| walk(e, &mut Finder).is_break())
}

impl Engine {
    /// Runs the uncorrelated subqueries of a SELECT once and puts their
    /// answers in their place.
    pub(super) fn run_subqueries_once(
        &mut self,
        select: &mut Select,
        steps: &mut Vec<String>,
    ) -> Result<(), EngineError> {
        if let Some(selection) = select.selection.take() {
            let mut kept = Vec::new();
            for condition in conjuncts(selection) {
                if let Some(remaining) = self.semi_join(condition, select, steps)? {
                    kept.push(remaining);
                }
            }
            select.selection = kept.into_iter().reduce(|l, r| Expr::BinaryOp {
                left: Box::new(l),
                op: BinaryOperator::And,
                right: Box::new(r),
            });
        }
        let mut replacer = Replacer {
            engine: self,
            steps,
            error: None,
        };
        for item in &mut select.projection {
            if let sqlparser::ast::SelectItem::UnnamedExpr(e)
            | sqlparser::ast::SelectItem::ExprWithAlias { expr: e, .. } = item
            {
                let _ = walk_mut(e, &mut replacer);
            }
        }
        if let Some(selection) = &mut select.selection {
            let _ = walk_mut(selection, &mut replacer);
        }
        if let Some(having) = &mut select.having {
            let _ = walk_mut(having, &mut replacer);
        }
        match replacer.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// `x IN (SELECT ...)` as a WHERE condition: a join with the distinct
    /// values; `x NOT IN (...)`: an anti-join. Returns the condition to keep
    /// (None when the join replaces it).
    fn semi_join(
        &mut self,
        condition: Expr,
        select: &mut Select,
        steps: &mut Vec<String>,
    ) -> Result<Option<Expr>, EngineError> {
        let Expr::InSubquery {
            expr,
            subquery,
            negated,
        } = condition
        else {
            return Ok(Some(condition));
        };
        if select.from.is_empty() {
            return Ok(Some(Expr::InSubquery {
                expr,
                subquery,
                negated,
            }));
        }
        let Some(rows) = self.run_alone(&subquery, steps)? else {
            return Ok(Some(Expr::InSubquery {
                expr,
                subquery,
                negated,
            }));
        };
        let values = first_column(rows)?;
        let has_null = values.iter().any(|v| matches!(v, Value::Null));
        let empty = values.is_empty();
        if negated && has_null {
            // x NOT IN (..., NULL, ...) is never TRUE.
            return Ok(Some(Expr::Value(sqlparser::ast::Value::Boolean(false))));
        }
        if negated && empty {
            return Ok(None);
        }
        if !negated && empty {
            return Ok(Some(Expr::Value(sqlparser::ast::Value::Boolean(false))));
        }
        let distinct = ops::distinct(
            values
                .into_iter()
                .filter(|v| !matches!(v, Value::Null))
                .map(|v| vec![v])
                .collect(),
        );
        let count = distinct.len();
        let table = self.store_new_step(
            if negated { "anti" } else { "semi" },
            Rows {
                labels: vec!["v".to_owned()],
                rows: distinct,
            },
        );
        let column = Expr::CompoundIdentifier(vec![Ident::new(table.clone()), Ident::new("v")]);
        let on = Expr::BinaryOp {
            left: expr.clone(),
            op: BinaryOperator::Eq,
            right: Box::new(column.clone()),
        };
        let join = Join {
            relation: table_factor(
                &table,
                Some(TableAlias {
                    name: Ident::new(table.clone()),
                    columns: Vec::new(),
                }),
            ),
            global: false,
            join_operator: if negated {
                JoinOperator::LeftOuter(JoinConstraint::On(on))
            } else {
                JoinOperator::Inner(JoinConstraint::On(on))
            },
        };
        if let Some(last) = select.from.last_mut() {
            last.joins.push(join);
        }
        steps.push(format!(
            "{} subquery run once: {count} distinct values, {}",
            if negated { "NOT IN" } else { "IN" },
            if negated {
                "anti-join"
            } else {
                "semi-join (hash join)"
            }
        ));
        Ok(if negated {
            Some(Expr::BinaryOp {
                left: Box::new(Expr::IsNull(Box::new(column))),
                op: BinaryOperator::And,
                right: Box::new(Expr::IsNotNull(expr)),
            })
        } else {
            None
        })
    }

    /// Runs a subquery on its own; None when it reads the outer row.
    fn run_alone(
        &mut self,
        subquery: &Query,
        steps: &mut Vec<String>,
    ) -> Result<Option<Rows>, EngineError> {
        let mut inner_steps = Vec::new();
        match self.query_in_steps(subquery.clone(), &mut inner_steps) {
            Ok(rows) => {
                steps.extend(inner_steps);
                Ok(Some(rows))
            }
            Err(error) if error.kind == ErrorKind::UnknownName => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Replaces uncorrelated scalar, EXISTS and IN subqueries by their answers.
struct Replacer<'a> {
    engine: &'a mut Engine,
    steps: &'a mut Vec<String>,
    error: Option<EngineError>,
}

impl VisitorMut for Replacer<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let subquery = match expr {
            Expr::Subquery(q)
            | Expr::Exists { subquery: q, .. }
            | Expr::InSubquery { subquery: q, .. } => q.as_ref().clone(),
            _ => return ControlFlow::Continue(()),
        };
        let rows = match self.engine.run_alone(&subquery, self.steps) {
            Ok(Some(rows)) => rows,
            Ok(None) => return ControlFlow::Continue(()),
            Err(error) => {
                self.error = Some(error);
                return ControlFlow::Break(());
            }
        };
        let replacement = match expr {
            Expr::Exists { negated, .. } => Some(Expr::Value(sqlparser::ast::Value::Boolean(
                rows.rows.is_empty() == *negated,
            ))),
            Expr::Subquery(_) => match scalar(rows) {
                Ok(value) => literal(value),
                Err(error) => {
                    self.error = Some(error);
                    return ControlFlow::Break(());
                }
            },
            Expr::InSubquery {
                expr: target,
                negated,
                ..
            } => match first_column(rows) {
                Ok(values) => values
                    .into_iter()
                    .map(literal)
                    .collect::<Option<Vec<Expr>>>()
                    .map(|list| {
                        if list.is_empty() {
                            Expr::Value(sqlparser::ast::Value::Boolean(*negated))
                        } else {
                            Expr::InList {
                                expr: target.clone(),
                                list,
                                negated: *negated,
                            }
                        }
                    }),
                Err(error) => {
                    self.error = Some(error);
                    return ControlFlow::Break(());
                }
            },
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = Expr::Nested(Box::new(replacement));
            self.steps
                .push("subquery run once, its answer used in place".to_owned());
        }
        ControlFlow::Continue(())
    }
}

/// The values of a one-column result.
fn first_column(rows: Rows) -> Result<Vec<Value>, EngineError> {
    if rows.labels.len() != 1 {
        return Err(EngineError::msg(
            ErrorKind::Type,
            "IN (SELECT ...) 의 서브쿼리는 열 하나만 돌려줘야 합니다.",
            "subquery has too many columns",
        ));
    }
    Ok(rows
        .rows
        .into_iter()
        .map(|row| row.into_iter().next().unwrap_or(Value::Null))
        .collect())
}

/// The value of a scalar subquery: NULL for no row, an error for several.
fn scalar(rows: Rows) -> Result<Value, EngineError> {
    if rows.labels.len() != 1 {
        return Err(EngineError::msg(
            ErrorKind::Type,
            "값으로 쓰는 서브쿼리는 열 하나만 돌려줘야 합니다.",
            "subquery must return only one column",
        ));
    }
    match rows.rows.len() {
        0 => Ok(Value::Null),
        1 => Ok(rows
            .rows
            .into_iter()
            .next()
            .and_then(|row| row.into_iter().next())
            .unwrap_or(Value::Null)),
        _ => Err(EngineError::msg(
            ErrorKind::Execution,
            "값으로 쓰는 서브쿼리가 행을 두 개 이상 돌려주었습니다.",
            "more than one row returned by a subquery used as an expression",
        )),
    }
}

/// A value as SQL, typed as GlueSQL would type the column it came from.
fn literal(value: Value) -> Option<Expr> {
    use sqlparser::ast::Value as V;
    let cast = |text: String, data_type: DataType| Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(Expr::Value(V::SingleQuotedString(text))),
        data_type,
        format: None,
    };
    Some(match value {
        Value::Null => Expr::Value(V::Null),
        Value::Bool(b) => Expr::Value(V::Boolean(b)),
        Value::I64(i) => cast(i.to_string(), DataType::BigInt(None)),
        Value::I32(i) => cast(i.to_string(), DataType::BigInt(None)),
        Value::F64(f) if f.is_finite() => cast(f.to_string(), DataType::DoublePrecision),
        Value::Decimal(d) => cast(
            d.to_string(),
            DataType::Decimal(sqlparser::ast::ExactNumberInfo::None),
        ),
        Value::Str(s) => Expr::Value(V::SingleQuotedString(s)),
        Value::Date(d) => cast(d.to_string(), DataType::Date),
        Value::Timestamp(t) => cast(
            t.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
            DataType::Timestamp(None, sqlparser::ast::TimezoneInfo::None),
        ),
        _ => return None,
    })
}
