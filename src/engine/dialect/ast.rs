//! Small builders and walkers of sqlparser ASTs, shared by the dialect
//! rewrites and the steps.

use crate::engine::dialect::walk::walk;
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArguments, GroupByExpr, NullTreatment, Query, Select,
    SelectItem, SetExpr, TableWithJoins, Visitor,
};

/// Aggregate functions, by lower-case name.
pub const AGGREGATE_NAMES: [&str; 16] = [
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "median",
    "listagg",
    "stddev",
    "stddev_samp",
    "stddev_pop",
    "variance",
    "var_samp",
    "var_pop",
    "bool_and",
    "bool_or",
    "stdev",
];

/// Whether an expression is a call of an aggregate (not a window).
pub fn is_aggregate_call(expr: &Expr) -> bool {
    matches!(expr, Expr::Function(f)
        if f.over.is_none() && AGGREGATE_NAMES.contains(&f.name.to_string().to_lowercase().as_str()))
}

/// The position of an expression equal (as written) to `expr` in `list`,
/// added at the end when there is none.
pub fn position_or_push(list: &mut Vec<Expr>, expr: Expr) -> usize {
    let text = expr.to_string();
    if let Some(k) = list.iter().position(|e| e.to_string() == text) {
        return k;
    }
    list.push(expr);
    list.len() - 1
}

/// The name of a column reference (`c` or `t.c`), except words that name
/// no column (date parts, `CURRENT_DATE`).
pub fn column_reference(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(i) if !super::rewrite::NOT_COLUMNS.contains(&i.value.as_str()) => {
            Some(i.value.clone())
        }
        Expr::CompoundIdentifier(parts) => Some(
            parts
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
        ),
        _ => None,
    }
}

/// A function call's arguments as the steps read them.
pub struct CallArgs {
    /// Each positional argument; None for `*` and named arguments.
    pub exprs: Vec<Option<Expr>>,
    /// `f(*)`.
    pub star: bool,
    /// `f(DISTINCT ...)`.
    pub distinct: bool,
    /// `IGNORE NULLS` inside or after the parentheses.
    pub ignore_nulls: bool,
}

/// The arguments of a function call.
pub fn call_args(function: &Function) -> CallArgs {
    let FunctionArguments::List(list) = &function.args else {
        return CallArgs {
            exprs: Vec::new(),
            star: false,
            distinct: false,
            ignore_nulls: matches!(function.null_treatment, Some(NullTreatment::IgnoreNulls)),
        };
    };
    let exprs = list
        .args
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
            _ => None,
        })
        .collect();
    let ignore_nulls = matches!(function.null_treatment, Some(NullTreatment::IgnoreNulls))
        || list.clauses.iter().any(|clause| {
            matches!(
                clause,
                FunctionArgumentClause::IgnoreOrRespectNulls(NullTreatment::IgnoreNulls)
            )
        });
    CallArgs {
        exprs,
        star: matches!(
            list.args.as_slice(),
            [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)]
        ),
        distinct: matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct)),
        ignore_nulls,
    }
}

/// `a AND (b AND c)` → `[a, b, c]`.
pub fn conjuncts(expr: Expr) -> Vec<Expr> {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            let mut parts = conjuncts(*left);
            parts.extend(conjuncts(*right));
            parts
        }
        Expr::Nested(inner)
            if matches!(
                inner.as_ref(),
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            conjuncts(*inner)
        }
        other => vec![other],
    }
}

/// Whether some part of an expression outside its subqueries passes `test`.
pub fn any_outside_subqueries(expr: &Expr, test: impl Fn(&Expr) -> bool) -> bool {
    struct Finder<F> {
        depth: usize,
        test: F,
    }
    impl<F: Fn(&Expr) -> bool> Visitor for Finder<F> {
        type Break = ();
        fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if self.depth == 0 && (self.test)(expr) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
    }
    walk(expr, &mut Finder { depth: 0, test }).is_break()
}

/// A query with nothing but an empty VALUES body, to build others from.
pub fn empty_query() -> Query {
    Query {
        with: None,
        body: Box::new(SetExpr::Values(sqlparser::ast::Values {
            explicit_row: false,
            rows: Vec::new(),
        })),
        order_by: None,
        limit: None,
        limit_by: Vec::new(),
        offset: None,
        fetch: None,
        locks: Vec::new(),
        for_clause: None,
        settings: None,
        format_clause: None,
    }
}

/// `SELECT <items> FROM <from>`.
pub fn select(projection: Vec<SelectItem>, from: Vec<TableWithJoins>) -> Select {
    Select {
        distinct: None,
        top: None,
        top_before_distinct: false,
        projection,
        into: None,
        from,
        lateral_views: Vec::new(),
        prewhere: None,
        selection: None,
        group_by: GroupByExpr::Expressions(Vec::new(), Vec::new()),
        cluster_by: Vec::new(),
        distribute_by: Vec::new(),
        sort_by: Vec::new(),
        having: None,
        named_window: Vec::new(),
        qualify: None,
        window_before_qualify: false,
        value_table_mode: None,
        connect_by: None,
    }
}
