//! Three-valued AND and OR. GlueSQL returns NULL whenever either side is
//! NULL, so `TRUE OR NULL` is NULL (a row matching `a = 1 OR b = 5` with
//! `a` NULL is lost) and `FALSE AND NULL` is NULL (so `NOT (...)` of it
//! drops rows). Each AND and OR becomes a CASE with SQL's truth table;
//! the ANDs that only join the conditions of a WHERE, HAVING or ON stay
//! plain ANDs (there NULL and FALSE both reject the row, and GlueSQL
//! finds hash-join keys in them).

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, JoinConstraint, JoinOperator, Query, SetExpr, Statement, Value,
    VisitorMut,
};

/// Rewrites every AND and OR of a statement.
pub fn apply(statement: &mut Statement) {
    let _ = walk_mut(statement, &mut TruthTables);
    let _ = walk_mut(statement, &mut FilterConjunctions);
}

struct TruthTables;

impl VisitorMut for TruthTables {
    type Break = ();

    /// A whole chain `a AND b AND c` becomes one CASE (each operand appears
    /// twice, so nesting grows linearly); its operands are visited after.
    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::BinaryOp { op, .. } = expr {
            match op {
                BinaryOperator::And => *expr = and_case(chain(expr, &BinaryOperator::And)),
                BinaryOperator::Or => *expr = or_case(chain(expr, &BinaryOperator::Or)),
                _ => {}
            }
        }
        ControlFlow::Continue(())
    }
}

/// The operands of a chain of one operator: `(a AND b) AND c` → `[a, b, c]`.
fn chain(expr: &Expr, operator: &BinaryOperator) -> Vec<Expr> {
    match expr {
        Expr::BinaryOp { left, op, right } if op == operator => {
            let mut operands = chain(left, operator);
            operands.extend(chain(right, operator));
            operands
        }
        Expr::Nested(inner) if matches!(inner.as_ref(), Expr::BinaryOp { op, .. } if op == operator) => {
            chain(inner, operator)
        }
        other => vec![other.clone()],
    }
}

/// Turns the AND cases at the top of filters back into plain ANDs.
struct FilterConjunctions;

impl VisitorMut for FilterConjunctions {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        if let SetExpr::Select(select) = query.body.as_mut() {
            for filter in [&mut select.selection, &mut select.having]
                .into_iter()
                .flatten()
            {
                restore(filter);
            }
            for table in &mut select.from {
                for join in &mut table.joins {
                    if let JoinOperator::Inner(JoinConstraint::On(on))
                    | JoinOperator::LeftOuter(JoinConstraint::On(on))
                    | JoinOperator::RightOuter(JoinConstraint::On(on))
                    | JoinOperator::FullOuter(JoinConstraint::On(on)) = &mut join.join_operator
                    {
                        restore(on);
                    }
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<()> {
        match statement {
            Statement::Update {
                selection: Some(filter),
                ..
            } => restore(filter),
            Statement::Delete(delete) => {
                if let Some(filter) = &mut delete.selection {
                    restore(filter);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn restore(expr: &mut Expr) {
    if let Some(operands) = and_operands(expr) {
        let restored = operands
            .into_iter()
            .map(|mut operand| {
                restore(&mut operand);
                operand
            })
            .reduce(|left, right| Expr::BinaryOp {
                left: Box::new(left),
                op: BinaryOperator::And,
                right: Box::new(right),
            });
        if let Some(restored) = restored {
            *expr = restored;
        }
    }
}

fn boolean(value: Option<bool>) -> Expr {
    Expr::Value(value.map_or(Value::Null, Value::Boolean))
}

fn not(expr: &Expr) -> Expr {
    Expr::UnaryOp {
        op: sqlparser::ast::UnaryOperator::Not,
        expr: Box::new(Expr::Nested(Box::new(expr.clone()))),
    }
}

fn is_null(expr: &Expr) -> Expr {
    Expr::IsNull(Box::new(Expr::Nested(Box::new(expr.clone()))))
}

/// `a AND b AND ...`: FALSE if any is FALSE, else NULL if any is NULL, else TRUE.
fn and_case(operands: Vec<Expr>) -> Expr {
    let n = operands.len();
    let mut conditions: Vec<Expr> = operands.iter().map(not).collect();
    conditions.extend(operands.iter().map(is_null));
    let mut results = vec![boolean(Some(false)); n];
    results.extend(vec![boolean(None); n]);
    Expr::Case {
        operand: None,
        conditions,
        results,
        else_result: Some(Box::new(boolean(Some(true)))),
    }
}

/// `a OR b OR ...`: TRUE if any is TRUE, else NULL if any is NULL, else FALSE.
fn or_case(operands: Vec<Expr>) -> Expr {
    let n = operands.len();
    let mut conditions: Vec<Expr> = operands
        .iter()
        .map(|e| Expr::Nested(Box::new(e.clone())))
        .collect();
    conditions.extend(operands.iter().map(is_null));
    let mut results = vec![boolean(Some(true)); n];
    results.extend(vec![boolean(None); n]);
    Expr::Case {
        operand: None,
        conditions,
        results,
        else_result: Some(Box::new(boolean(Some(false)))),
    }
}

/// The operands of a CASE made by [`and_case`] (after its operands were
/// rewritten: both copies of each are rewritten alike).
fn and_operands(expr: &Expr) -> Option<Vec<Expr>> {
    let Expr::Case {
        operand: None,
        conditions,
        results,
        else_result: Some(else_result),
    } = expr
    else {
        return None;
    };
    let n = conditions.len() / 2;
    if n == 0 || conditions.len() != 2 * n || **else_result != boolean(Some(true)) {
        return None;
    }
    let mut operands = Vec::with_capacity(n);
    for i in 0..n {
        let Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Not,
            expr: negated,
        } = &conditions[i]
        else {
            return None;
        };
        let operand = inner(negated);
        if conditions[n + i] != is_null(operand)
            || results[i] != boolean(Some(false))
            || results[n + i] != boolean(None)
        {
            return None;
        }
        operands.push(operand.clone());
    }
    Some(operands)
}

fn inner(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => inner,
        other => other,
    }
}
