//! Rewrites within one SELECT that give GlueSQL Redshift's meaning: numeric
//! semantics, GROUP BY positions and aliases, NULL ordering, `TOP n`,
//! `NOT IN` with NULLs, and Redshift's names for unaliased columns.

use crate::engine::dialect::walk::{walk, walk_exprs_mut, walk_mut};
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, GroupByExpr, Ident, OrderByExpr, Query, Select,
    SelectItem, SetExpr, Statement, TableFactor, TopQuantity, UnaryOperator, Value, VisitorMut,
};

use super::ast::{any_outside_subqueries, column_reference, is_aggregate_call};
use super::names::Catalog;
use crate::engine::error::{EngineError, ErrorKind};

/// Applies every rewrite of this module to a statement whose table names
/// are already resolved.
pub fn apply(statement: &mut Statement, catalog: &dyn Catalog) -> Result<(), EngineError> {
    let mut rewriter = Rewriter { catalog };
    match walk_mut(statement, &mut rewriter) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(error) => Err(error),
    }
}

struct Rewriter<'a> {
    catalog: &'a dyn Catalog,
}

impl VisitorMut for Rewriter<'_> {
    type Break = EngineError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<EngineError> {
        into_flow(rewrite_query(query, self.catalog))
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<EngineError> {
        into_flow(rewrite_expr(expr))
    }
}

fn into_flow(result: Result<(), EngineError>) -> ControlFlow<EngineError> {
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(error) => ControlFlow::Break(error),
    }
}

fn rewrite_query(query: &mut Query, catalog: &dyn Catalog) -> Result<(), EngineError> {
    if matches!(query.body.as_ref(), SetExpr::SetOperation { .. }) {
        // Set operations run as steps; one reaching here is in a subquery
        // that reads the outer row.
        return Err(EngineError::unsupported(
            (
                "바깥 행을 읽는 서브쿼리 안의 UNION/INTERSECT/EXCEPT",
                "UNION/INTERSECT/EXCEPT inside a subquery that reads the outer row",
            ),
            "집합 연산은 CTE(WITH)나 FROM 절의 서브쿼리에서 계산한 뒤 JOIN 하세요.",
            "Compute the set operation in a CTE (WITH) or a subquery in FROM, then join.",
        ));
    }
    let SetExpr::Select(select) = query.body.as_mut() else {
        return Ok(());
    };
    let outer_join = select.from.iter().flat_map(|t| &t.joins).any(|j| {
        matches!(
            j.join_operator,
            sqlparser::ast::JoinOperator::RightOuter(_)
                | sqlparser::ast::JoinOperator::FullOuter(_)
        )
    });
    if outer_join {
        return Err(EngineError::unsupported(
            (
                "바깥 행을 읽는 서브쿼리 안의 RIGHT/FULL JOIN",
                "RIGHT/FULL JOIN inside a subquery that reads the outer row",
            ),
            "그 조인은 CTE(WITH)에서 계산한 뒤 쓰세요.",
            "Compute the join in a CTE (WITH) first.",
        ));
    }
    if let Some(top) = select.top.take() {
        if query.limit.is_some() {
            return Err(EngineError::msg(
                ErrorKind::Syntax,
                "TOP과 LIMIT을 함께 쓸 수 없습니다. 하나만 쓰세요.",
                "TOP and LIMIT cannot be used together; use one of them.",
            ));
        }
        query.limit = match top.quantity {
            Some(TopQuantity::Constant(n)) => Some(number(&n.to_string())),
            Some(TopQuantity::Expr(expr)) => Some(expr),
            None => None,
        };
    }
    let using = super::joins::rewrite(select, catalog)?;
    super::joins::guard_join_keys(select);
    if let Some(order_by) = &mut query.order_by {
        let _ = walk_mut(
            order_by,
            &mut super::joins::UsingColumns { columns: &using },
        );
    }
    name_unaliased_items(select);
    let inputs = input_columns(select, catalog);
    resolve_group_by(select, &inputs)?;
    check_grouped(select)?;
    resolve_having(select);
    if let Some(order_by) = &mut query.order_by {
        for item in &mut order_by.exprs {
            order_nulls(item, &select.projection);
        }
        let keys = std::mem::take(&mut order_by.exprs);
        order_by.exprs = keys.into_iter().flat_map(expand_nulls_order).collect();
    }
    Ok(())
}

/// Redshift names an unaliased column after the column or function it shows
/// (`sum`, `count`, `userid`), and anything else `?column?`.
fn name_unaliased_items(select: &mut Select) {
    for item in &mut select.projection {
        if let SelectItem::UnnamedExpr(expr) = item {
            if matches!(expr, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) {
                continue;
            }
            let name = output_name(expr);
            *item = SelectItem::ExprWithAlias {
                expr: expr.clone(),
                alias: Ident::with_quote('"', name),
            };
        }
    }
}

/// The name a select item's column gets: its alias, or the name Redshift
/// gives the expression; None for a wildcard.
pub fn item_name(item: &SelectItem) -> Option<String> {
    match item {
        SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.clone()),
        SelectItem::UnnamedExpr(expr) => Some(output_name(expr)),
        _ => None,
    }
}

/// The name Redshift gives an unaliased expression.
pub fn output_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.clone(),
        Expr::CompoundIdentifier(parts) => {
            parts.last().map(|p| p.value.clone()).unwrap_or_default()
        }
        Expr::Function(function) => function
            .name
            .0
            .last()
            .map(|p| p.value.to_lowercase())
            .unwrap_or_default(),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => output_name(expr),
        Expr::Case { .. } => "case".to_owned(),
        Expr::Extract { .. } => "date_part".to_owned(),
        Expr::Substring { .. } => "substring".to_owned(),
        Expr::Trim { .. } => "btrim".to_owned(),
        Expr::Position { .. } => "strpos".to_owned(),
        Expr::Ceil { .. } => "ceil".to_owned(),
        Expr::Floor { .. } => "floor".to_owned(),
        _ => "?column?".to_owned(),
    }
}

/// `GROUP BY 1` means the first select item; `GROUP BY alias` means the
/// aliased expression when no input column has that name.
fn resolve_group_by(select: &mut Select, inputs: &[String]) -> Result<(), EngineError> {
    let GroupByExpr::Expressions(exprs, _) = &mut select.group_by else {
        return Ok(());
    };
    for expr in exprs.iter_mut() {
        if let Some(position) = ordinal(expr) {
            let item =
                select
                    .projection
                    .get(position.wrapping_sub(1))
                    .ok_or_else(|| {
                        EngineError::msg(
                    ErrorKind::UnknownName,
                    format!("GROUP BY {position}: SELECT 목록에 {position}번째 항목이 없습니다."),
                    format!("GROUP BY position {position} is not in the select list"),
                )
                    })?;
            *expr = match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e.clone(),
                _ => {
                    return Err(EngineError::msg(
                        ErrorKind::Unsupported,
                        format!(
                            "GROUP BY {position}은(는) *를 가리킬 수 없습니다. 열 이름을 쓰세요."
                        ),
                        format!(
                            "GROUP BY position {position} cannot refer to *; name the columns."
                        ),
                    ))
                }
            };
        } else if let Expr::Identifier(ident) = expr {
            if !inputs.contains(&ident.value) {
                if let Some(aliased) = aliased_expr(&select.projection, &ident.value) {
                    *expr = aliased.clone();
                }
            }
        }
    }
    Ok(())
}

/// Words the parser reads as identifiers that name no column: date parts
/// (`DATEDIFF(day, ...)`) and values (`CURRENT_DATE`).
pub const NOT_COLUMNS: [&str; 22] = [
    "year",
    "quarter",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "dow",
    "doy",
    "epoch",
    "y",
    "mon",
    "d",
    "h",
    "m",
    "s",
    "current_date",
    "sysdate",
    "getdate",
];

/// With GROUP BY, every column in the select list must be grouped or
/// inside an aggregate (GlueSQL would show some row's value instead).
fn check_grouped(select: &Select) -> Result<(), EngineError> {
    let GroupByExpr::Expressions(groups, _) = &select.group_by else {
        return Ok(());
    };
    if groups.is_empty() {
        return Ok(());
    }
    let groups: Vec<String> = groups.iter().map(group_key).collect();
    let mut aliases = Vec::new();
    for item in &select.projection {
        let (expr, alias) = match item {
            SelectItem::UnnamedExpr(e) => (e, None),
            SelectItem::ExprWithAlias { expr, alias } => (expr, Some(alias.value.clone())),
            _ => continue,
        };
        let mut checker = GroupedChecker {
            groups: &groups,
            aliases: &aliases,
            skipping: 0,
            found: None,
        };
        let _ = walk(expr, &mut checker);
        if let Some(column) = checker.found {
            return Err(not_grouped(&column));
        }
        aliases.extend(alias);
    }
    Ok(())
}

/// The error for a column outside GROUP BY and outside any aggregate.
pub fn not_grouped(column: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Type,
        format!("열 {column}은(는) GROUP BY에 있거나 집계 함수 안에 있어야 합니다."),
        format!("column \"{column}\" must appear in the GROUP BY clause or be used in an aggregate function"),
    )
    .near(column.rsplit('.').next().unwrap_or(column))
}

/// How grouped expressions are matched: a column by its name alone (so
/// `usc.channel` is grouped by `GROUP BY channel`), anything else as written.
fn group_key(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(i) => i.value.clone(),
        Expr::CompoundIdentifier(parts) => {
            parts.last().map(|p| p.value.clone()).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// Finds a column outside the grouped expressions and aggregates.
struct GroupedChecker<'a> {
    groups: &'a [String],
    aliases: &'a [String],
    skipping: usize,
    found: Option<String>,
}

impl sqlparser::ast::Visitor for GroupedChecker<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.skipping += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.skipping -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.skipping > 0 {
            self.skipping += 1;
            return ControlFlow::Continue(());
        }
        let aggregate = matches!(expr, Expr::Function(f)
            if super::ast::AGGREGATE_NAMES.contains(&f.name.to_string().to_lowercase().as_str()));
        if aggregate || self.groups.contains(&group_key(expr)) {
            self.skipping = 1;
            return ControlFlow::Continue(());
        }
        let column = column_reference(expr).filter(|c| !self.aliases.contains(c));
        if let Some(column) = column {
            self.found = Some(column);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, _expr: &Expr) -> ControlFlow<()> {
        if self.skipping > 0 {
            self.skipping -= 1;
        }
        ControlFlow::Continue(())
    }
}

/// The column names the FROM clause provides, as far as they are known
/// (tables from the catalog, derived tables from their select lists).
fn input_columns(select: &Select, catalog: &dyn Catalog) -> Vec<String> {
    let mut names = Vec::new();
    for table in &select.from {
        let factors =
            std::iter::once(&table.relation).chain(table.joins.iter().map(|j| &j.relation));
        for factor in factors {
            match factor {
                TableFactor::Table { name, .. } => {
                    let full = name
                        .0
                        .iter()
                        .map(|p| p.value.as_str())
                        .collect::<Vec<_>>()
                        .join(".");
                    names.extend(catalog.column_names(&full).unwrap_or_default());
                }
                TableFactor::Derived { subquery, .. } => {
                    if let SetExpr::Select(inner) = subquery.body.as_ref() {
                        names.extend(inner.projection.iter().filter_map(item_name));
                    }
                }
                _ => {}
            }
        }
    }
    names
}

/// `HAVING alias > 1` means the aliased aggregate.
fn resolve_having(select: &mut Select) {
    let projection = select.projection.clone();
    if let Some(having) = &mut select.having {
        let _ = walk_exprs_mut(having, &mut |expr: &mut Expr| {
            if let Expr::Identifier(ident) = expr {
                if let Some(aliased) = aliased_expr(&projection, &ident.value) {
                    if contains_aggregate(aliased) {
                        *expr = Expr::Nested(Box::new(aliased.clone()));
                    }
                }
            }
            ControlFlow::<()>::Continue(())
        });
    }
}

fn aliased_expr<'a>(projection: &'a [SelectItem], name: &str) -> Option<&'a Expr> {
    projection.iter().find_map(|item| match item {
        SelectItem::ExprWithAlias { expr, alias } if alias.value == name => Some(expr),
        _ => None,
    })
}

fn contains_aggregate(expr: &Expr) -> bool {
    let mut found = false;
    let mut expr = expr.clone();
    let _ = walk_exprs_mut(&mut expr, &mut |e: &mut Expr| {
        if let Expr::Function(f) = e {
            let name = f.name.to_string().to_lowercase();
            if f.over.is_none()
                && matches!(
                    name.as_str(),
                    "count" | "sum" | "avg" | "min" | "max" | "variance" | "stddev" | "stdev"
                )
            {
                found = true;
            }
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

fn ordinal(expr: &Expr) -> Option<usize> {
    match expr {
        Expr::Value(Value::Number(n, _)) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// An ORDER BY key naming a select alias inside an expression, or with an
/// explicit NULL order, gets the aliased expression itself.
fn order_nulls(item: &mut OrderByExpr, projection: &[SelectItem]) {
    if item.nulls_first.is_none() {
        return;
    }
    if let Some(position) = ordinal(&item.expr) {
        if let Some(SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. }) =
            projection.get(position.wrapping_sub(1))
        {
            // A constant item stays a constant (GlueSQL would read a bare
            // number as another position).
            item.expr = match e {
                Expr::Value(_) => Expr::Nested(Box::new(e.clone())),
                other => other.clone(),
            };
        }
    } else if let Expr::Identifier(ident) = &item.expr {
        if let Some(aliased) = aliased_expr(projection, &ident.value) {
            item.expr = aliased.clone();
        }
    }
}

/// GlueSQL sorts NULL as the largest value, which is Redshift's default
/// (last ascending, first descending); an explicit NULLS FIRST/LAST that
/// differs becomes a leading `CASE WHEN x IS NULL` key.
fn expand_nulls_order(item: OrderByExpr) -> Vec<OrderByExpr> {
    let descending = item.asc == Some(false);
    let Some(nulls_first) = item.nulls_first else {
        return vec![item];
    };
    let mut key = OrderByExpr {
        nulls_first: None,
        ..item
    };
    if nulls_first == descending {
        return vec![key];
    }
    let null_key = OrderByExpr {
        expr: Expr::Case {
            operand: None,
            conditions: vec![Expr::IsNull(Box::new(key.expr.clone()))],
            results: vec![number(if nulls_first { "0" } else { "1" })],
            else_result: Some(Box::new(number(if nulls_first { "1" } else { "0" }))),
        },
        asc: None,
        nulls_first: None,
        with_fill: None,
    };
    key.with_fill = None;
    vec![null_key, key]
}

/// A numeric literal.
pub fn number(n: &str) -> Expr {
    match n.parse::<bigdecimal::BigDecimal>() {
        Ok(value) => Expr::Value(Value::Number(value, false)),
        Err(_) => Expr::Value(Value::SingleQuotedString(n.to_owned())),
    }
}

fn rewrite_expr(expr: &mut Expr) -> Result<(), EngineError> {
    match expr {
        Expr::Function(function) if function.over.is_some() => {
            return Err(EngineError::unsupported(
                (
                    "바깥 행을 읽는 서브쿼리 안의 윈도우 함수(OVER)",
                    "a window function (OVER) inside a subquery that reads the outer row",
                ),
                "윈도우 함수는 CTE(WITH)나 FROM 절의 서브쿼리에서 계산한 뒤 JOIN 하세요.",
                "Compute them in a CTE (WITH) or a subquery in FROM, then join.",
            ));
        }
        Expr::Function(function) if function.filter.is_some() => {
            return Err(EngineError::unsupported(
                (
                    "집계 함수의 FILTER (WHERE ...)",
                    "FILTER (WHERE ...) on an aggregate",
                ),
                "COUNT(CASE WHEN 조건 THEN 1 END)처럼 CASE로 쓰세요.",
                "Write it with CASE, e.g. COUNT(CASE WHEN condition THEN 1 END).",
            ));
        }
        Expr::BinaryOp { left, op, right } if is_arithmetic(op) => {
            numeric_operands(left, right);
        }
        Expr::BinaryOp { left, op, right } if is_comparison(op) => {
            decimal_comparison(left, right);
        }
        Expr::InList {
            expr: target,
            list,
            negated,
        } if list.iter().any(is_null_literal) => {
            // `x IN (1, NULL)` is TRUE or NULL, never FALSE.
            let non_null: Vec<Expr> = list
                .iter()
                .filter(|e| !is_null_literal(e))
                .cloned()
                .collect();
            let found = Expr::InList {
                expr: target.clone(),
                list: non_null,
                negated: false,
            };
            *expr = three_valued(found, Vec::new(), *negated);
        }
        Expr::InSubquery {
            expr: target,
            subquery,
            negated,
        } => {
            // `x IN (subquery)` is NULL, not FALSE, when x is not found and
            // the subquery returns a NULL (or x is NULL and it returns rows).
            let found = Expr::InSubquery {
                expr: target.clone(),
                subquery: subquery.clone(),
                negated: false,
            };
            let mut unknown = Vec::new();
            if let Some(nulls) = null_rows(subquery) {
                unknown.push(exists(nulls));
            }
            unknown.push(Expr::BinaryOp {
                left: Box::new(Expr::IsNull(target.clone())),
                op: BinaryOperator::And,
                right: Box::new(exists(subquery.as_ref().clone())),
            });
            *expr = three_valued(found, unknown, *negated);
        }
        Expr::Cast {
            expr: inner,
            data_type: DataType::Boolean | DataType::Bool,
            ..
        } => {
            if let Expr::Value(Value::SingleQuotedString(text)) = inner.as_ref() {
                if let Some(flag) = boolean_text(text) {
                    *expr = Expr::Value(Value::Boolean(flag));
                }
            }
        }
        Expr::Value(Value::SingleQuotedString(text)) => {
            if let Some(utc) = timestamp_with_offset(text) {
                *text = utc;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The texts PostgreSQL and Redshift accept as booleans.
fn boolean_text(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "on" | "1" => Some(true),
        "f" | "false" | "n" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// A timestamp literal with a UTC offset (`2019-05-01 21:00:00+09`) as the
/// UTC time it names: TIMESTAMPTZ values are stored in UTC, as in Redshift.
fn timestamp_with_offset(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let date_like = trimmed.len() >= 19
        && trimmed.as_bytes().get(4) == Some(&b'-')
        && trimmed
            .as_bytes()
            .get(10)
            .is_some_and(|b| *b == b' ' || *b == b'T');
    if !date_like {
        return None;
    }
    let parsed = ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"]
        .iter()
        .find_map(|format| chrono::DateTime::parse_from_str(trimmed, format).ok())?;
    let utc = parsed.naive_utc();
    Some(utc.format("%Y-%m-%d %H:%M:%S%.f").to_string())
}

/// `CASE WHEN found THEN TRUE WHEN unknown... THEN NULL ELSE FALSE END`,
/// with TRUE and FALSE swapped for NOT IN.
fn three_valued(found: Expr, unknown: Vec<Expr>, negated: bool) -> Expr {
    let hit = Expr::Value(Value::Boolean(!negated));
    let miss = Expr::Value(Value::Boolean(negated));
    let mut conditions = vec![found];
    let mut results = vec![hit];
    for condition in unknown {
        conditions.push(condition);
        results.push(Expr::Value(Value::Null));
    }
    let else_result = if conditions.len() == 1 {
        Expr::Value(Value::Null)
    } else {
        miss
    };
    Expr::Case {
        operand: None,
        conditions,
        results,
        else_result: Some(Box::new(else_result)),
    }
}

fn exists(query: Query) -> Expr {
    Expr::Exists {
        subquery: Box::new(query),
        negated: false,
    }
}

/// The rows of a one-column subquery whose value is NULL, when the
/// subquery is a plain SELECT (no grouping, no LIMIT).
fn null_rows(subquery: &Query) -> Option<Query> {
    let SetExpr::Select(select) = subquery.body.as_ref() else {
        return None;
    };
    if subquery.limit.is_some() || subquery.with.is_some() {
        return None;
    }
    let [item] = select.projection.as_slice() else {
        return None;
    };
    let value = match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e.clone(),
        _ => return None,
    };
    let grouped = select.having.is_some()
        || !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty())
        || has_aggregate(&value);
    let mut nulls = select.as_ref().clone();
    nulls.distinct = None;
    nulls.projection = vec![SelectItem::UnnamedExpr(number("1"))];
    let is_null = Expr::IsNull(Box::new(value));
    // A grouped subquery's value is per group: its NULLs are found by HAVING.
    let filter = if grouped {
        &mut nulls.having
    } else {
        &mut nulls.selection
    };
    *filter = Some(match filter.take() {
        Some(existing) => Expr::BinaryOp {
            left: Box::new(Expr::Nested(Box::new(existing))),
            op: BinaryOperator::And,
            right: Box::new(is_null),
        },
        None => is_null,
    });
    Some(Query {
        body: Box::new(SetExpr::Select(Box::new(nulls))),
        order_by: None,
        ..subquery.clone()
    })
}

/// Whether an expression calls an aggregate (outside subqueries).
fn has_aggregate(expr: &Expr) -> bool {
    any_outside_subqueries(expr, is_aggregate_call)
}

fn is_null_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::Value(Value::Null))
}

fn is_arithmetic(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Multiply
            | BinaryOperator::Divide
            | BinaryOperator::Modulo
    )
}

/// Numeric literal typing as in Redshift: `7 / 2` is integer division (3),
/// and `int_col * 1.5` is exact (GlueSQL would coerce 1.5 to the column's
/// integer type). Integer literals become BIGINT, fractional ones DECIMAL,
/// and the other side of a fractional literal is widened to DECIMAL.
fn numeric_operands(left: &mut Expr, right: &mut Expr) {
    type_result_literals(left);
    type_result_literals(right);
    let left_fraction = is_fractional_literal(left);
    let right_fraction = is_fractional_literal(right);
    for side in [&mut *left, &mut *right] {
        if let Some(typed) = typed_literal(side) {
            *side = typed;
        }
    }
    let (left_kind, right_kind) = (numeric_kind(left), numeric_kind(right));
    if (left_kind == NumericKind::Float) != (right_kind == NumericKind::Float) {
        // An integer or decimal with a float is a float (GlueSQL would
        // keep the integer's type).
        let other = if left_kind == NumericKind::Float {
            right
        } else {
            left
        };
        *other = cast(other.clone(), DataType::Float64);
        return;
    }
    if left_fraction != right_fraction {
        let other = if left_fraction { right } else { left };
        if !is_typed_decimal(other) {
            *other = cast(
                other.clone(),
                DataType::Decimal(sqlparser::ast::ExactNumberInfo::None),
            );
        }
    }
}

fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    )
}

/// What a numeric expression evaluates to, as far as its shape tells.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NumericKind {
    Unknown,
    Integer,
    Decimal,
    Float,
}

fn numeric_kind(expr: &Expr) -> NumericKind {
    match expr {
        Expr::Cast { data_type, .. } => match data_type {
            DataType::Decimal(_) | DataType::Numeric(_) | DataType::Dec(_) => NumericKind::Decimal,
            DataType::Float(_)
            | DataType::Float4
            | DataType::Float8
            | DataType::Float64
            | DataType::Real
            | DataType::Double
            | DataType::DoublePrecision => NumericKind::Float,
            DataType::Int64 | DataType::Int(_) | DataType::Integer(_) | DataType::BigInt(_) => {
                NumericKind::Integer
            }
            _ => NumericKind::Unknown,
        },
        Expr::Value(Value::Number(_, _)) if is_fractional_literal(expr) => NumericKind::Decimal,
        Expr::Value(Value::Number(_, _)) => NumericKind::Integer,
        Expr::Nested(inner) | Expr::UnaryOp { expr: inner, .. } => numeric_kind(inner),
        Expr::BinaryOp { left, op, right } if is_arithmetic(op) => {
            numeric_kind(left).max(numeric_kind(right))
        }
        _ => NumericKind::Unknown,
    }
}

/// `n * 1.5 = 7.5`: the literal compared with a DECIMAL expression is a
/// DECIMAL too (GlueSQL never finds a decimal equal to a float).
fn decimal_comparison(left: &mut Expr, right: &mut Expr) {
    let literal = if is_fractional_literal(left) && numeric_kind(right) == NumericKind::Decimal {
        left
    } else if is_fractional_literal(right) && numeric_kind(left) == NumericKind::Decimal {
        right
    } else {
        return;
    };
    if let Some(typed) = typed_literal(literal) {
        *literal = typed;
    }
}

/// Literals an operand evaluates to through parentheses, CASE, NULLIF and
/// COALESCE get Redshift's types too (`(7) / (2)` is 3).
fn type_result_literals(expr: &mut Expr) {
    match expr {
        Expr::Nested(inner) => {
            if let Some(typed) = typed_literal(inner) {
                **inner = typed;
            } else {
                type_result_literals(inner);
            }
        }
        Expr::Case {
            results,
            else_result,
            ..
        } => {
            for result in results
                .iter_mut()
                .chain(else_result.iter_mut().map(|e| e.as_mut()))
            {
                match typed_literal(result) {
                    Some(typed) => *result = typed,
                    None => type_result_literals(result),
                }
            }
        }
        Expr::Function(function)
            if matches!(
                function.name.to_string().to_lowercase().as_str(),
                "nullif" | "coalesce"
            ) =>
        {
            if let sqlparser::ast::FunctionArguments::List(list) = &mut function.args {
                for arg in &mut list.args {
                    if let sqlparser::ast::FunctionArg::Unnamed(
                        sqlparser::ast::FunctionArgExpr::Expr(e),
                    ) = arg
                    {
                        match typed_literal(e) {
                            Some(typed) => *e = typed,
                            None => type_result_literals(e),
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn is_fractional_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Value(Value::Number(_, _)) => {
            number_text(expr).is_some_and(|t| t.contains(['.', 'e', 'E']))
        }
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => is_fractional_literal(expr),
        _ => false,
    }
}

fn is_typed_decimal(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Cast {
            data_type: DataType::Decimal(_),
            ..
        }
    )
}

fn typed_literal(expr: &Expr) -> Option<Expr> {
    let text = match expr {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => format!("-{}", number_text(expr)?),
        other => number_text(other)?,
    };
    if text.contains(['.', 'e', 'E']) {
        Some(cast(
            Expr::Value(Value::SingleQuotedString(text)),
            DataType::Decimal(sqlparser::ast::ExactNumberInfo::None),
        ))
    } else {
        Some(cast(number(&text), DataType::Int64))
    }
}

/// The text of a numeric literal as written.
fn number_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(Value::Number(n, _)) => Some(n.to_string()),
        _ => None,
    }
}

fn cast(expr: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(expr),
        data_type,
        format: None,
    }
}
