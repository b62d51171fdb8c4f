//! Join forms GlueSQL lacks, rewritten into the ones it has: comma joins
//! and `CROSS JOIN` become inner joins, and the WHERE conditions that
//! connect them move into the joins' ON clauses, so GlueSQL can pick a
//! hash join instead of a nested loop. `JOIN ... USING (c)` becomes
//! `ON a.c = b.c`, and a `SELECT *` over it shows `c` once.

use crate::engine::dialect::walk::{walk, walk_mut};
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, Join, JoinConstraint, JoinOperator, Query, Select, SelectItem,
    SetExpr, TableFactor, Visitor, VisitorMut, WildcardAdditionalOptions,
};

use super::ast::conjuncts;
use super::functions::call;
use super::names::Catalog;
use super::rewrite::item_name;
use crate::engine::error::{EngineError, ErrorKind};

/// Rewrites the FROM clause of one SELECT. Returns the columns joined with
/// USING, each with what an unqualified reference to it now reads.
pub fn rewrite(
    select: &mut Select,
    catalog: &dyn Catalog,
) -> Result<Vec<(String, Expr)>, EngineError> {
    merge_comma_joins(select);
    spell_out_star_over_using(select, catalog);
    let Some(from) = select.from.first_mut() else {
        return Ok(Vec::new());
    };
    let mut aliases = vec![alias_of(&from.relation)];
    let mut using = Vec::new();
    for join in &mut from.joins {
        let right = alias_of(&join.relation);
        if let JoinOperator::CrossJoin = join.join_operator {
            join.join_operator = JoinOperator::Inner(JoinConstraint::None);
        }
        using.extend(using_to_on(join, &aliases, right.as_deref())?);
        aliases.push(right);
    }
    move_conditions_into_joins(select, &aliases);
    let mut qualifier = UsingColumns { columns: &using };
    for item in &mut select.projection {
        // A column read through COALESCE keeps its name.
        if let SelectItem::UnnamedExpr(Expr::Identifier(ident)) = item {
            if let Some((_, Expr::Function(_))) = using.iter().find(|(c, _)| *c == ident.value) {
                *item = SelectItem::ExprWithAlias {
                    expr: Expr::Identifier(ident.clone()),
                    alias: ident.clone(),
                };
            }
        }
        let _ = walk_mut(item, &mut qualifier);
    }
    if let Some(selection) = &mut select.selection {
        let _ = walk_mut(selection, &mut qualifier);
    }
    let _ = walk_mut(&mut select.group_by, &mut qualifier);
    if let Some(having) = &mut select.having {
        let _ = walk_mut(having, &mut qualifier);
    }
    Ok(using)
}

/// Replaces unqualified references to USING columns (they would be
/// ambiguous to GlueSQL, which sees both tables' columns) by what they read:
/// the left table's column, the right's for a RIGHT join, either for a FULL
/// join.
pub struct UsingColumns<'a> {
    /// Column and what it reads.
    pub columns: &'a [(String, Expr)],
}

impl VisitorMut for UsingColumns<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Identifier(ident) = expr {
            if let Some((_, read)) = self.columns.iter().find(|(c, _)| *c == ident.value) {
                *expr = read.clone();
            }
        }
        ControlFlow::Continue(())
    }
}

/// `SELECT *` over joins with USING shows each USING column once, first,
/// then the other columns of each table in order (Redshift, like
/// PostgreSQL): `a JOIN b USING (id)` gives `id, a's others, b's others`.
/// The `*` is spelt out when every table's columns are known (else it stays,
/// showing both copies). The column is the left table's, the right's for a
/// RIGHT join, and whichever side has one for a FULL join.
fn spell_out_star_over_using(select: &mut Select, catalog: &dyn Catalog) {
    let [SelectItem::Wildcard(options)] = select.projection.as_slice() else {
        return;
    };
    let (Some(from), 1) = (select.from.first(), select.from.len()) else {
        return;
    };
    if *options != WildcardAdditionalOptions::default()
        || !from
            .joins
            .iter()
            .any(|join| !using_columns(join).is_empty())
    {
        return;
    }
    let Some(mut columns) = relation_columns(&from.relation, catalog) else {
        return;
    };
    for join in &from.joins {
        let Some(right) = relation_columns(&join.relation, catalog) else {
            return;
        };
        let names = using_columns(join);
        let mut merged = Vec::new();
        for name in &names {
            let find = |columns: &[(String, Expr)]| {
                columns
                    .iter()
                    .find(|(column, _)| column == name)
                    .map(|(_, expr)| expr.clone())
            };
            let (Some(left), Some(right)) = (find(&columns), find(&right)) else {
                return;
            };
            let column = match join.join_operator {
                JoinOperator::RightOuter(_) => right,
                JoinOperator::FullOuter(_) => call("COALESCE", vec![left, right]),
                _ => left,
            };
            merged.push((name.clone(), column));
        }
        let others = |columns: Vec<(String, Expr)>| {
            columns
                .into_iter()
                .filter(|(column, _)| !names.contains(column))
                .collect::<Vec<_>>()
        };
        merged.extend(others(columns));
        merged.extend(others(right));
        columns = merged;
    }
    select.projection = columns
        .into_iter()
        .map(|(name, expr)| match expr {
            Expr::CompoundIdentifier(_) => SelectItem::UnnamedExpr(expr),
            _ => SelectItem::ExprWithAlias {
                expr,
                alias: Ident::new(name),
            },
        })
        .collect();
}

/// The columns a join names in USING (none for other joins).
fn using_columns(join: &Join) -> Vec<String> {
    match &join.join_operator {
        JoinOperator::Inner(JoinConstraint::Using(columns))
        | JoinOperator::LeftOuter(JoinConstraint::Using(columns))
        | JoinOperator::RightOuter(JoinConstraint::Using(columns))
        | JoinOperator::FullOuter(JoinConstraint::Using(columns)) => {
            columns.iter().map(|c| c.value.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// A FROM item's columns, each with the expression that reads it
/// (`alias.column`), when they can be known here.
fn relation_columns(factor: &TableFactor, catalog: &dyn Catalog) -> Option<Vec<(String, Expr)>> {
    let names = match factor {
        TableFactor::Table { name, .. } => {
            let full: Vec<&str> = name.0.iter().map(|part| part.value.as_str()).collect();
            catalog.column_names(&full.join("."))?
        }
        TableFactor::Derived { subquery, .. } => match subquery.body.as_ref() {
            SetExpr::Select(inner) => inner
                .projection
                .iter()
                .map(item_name)
                .collect::<Option<Vec<_>>>()?,
            _ => return None,
        },
        _ => return None,
    };
    let alias = alias_of(factor)?;
    Some(
        names
            .into_iter()
            .map(|name| {
                let expr =
                    Expr::CompoundIdentifier(vec![Ident::new(alias.clone()), Ident::new(&name)]);
                (name, expr)
            })
            .collect(),
    )
}

/// `FROM a, b` is `FROM a CROSS JOIN b`.
fn merge_comma_joins(select: &mut Select) {
    if select.from.len() < 2 {
        return;
    }
    let mut tables = std::mem::take(&mut select.from).into_iter();
    let Some(mut first) = tables.next() else {
        return;
    };
    for table in tables {
        first.joins.push(Join {
            relation: table.relation,
            global: false,
            join_operator: JoinOperator::Inner(JoinConstraint::None),
        });
        first.joins.extend(table.joins);
    }
    select.from = vec![first];
}

/// The name a FROM item is referred to by.
fn alias_of(factor: &TableFactor) -> Option<String> {
    match factor {
        TableFactor::Table { alias, name, .. } => {
            alias.as_ref().map(|a| a.name.value.clone()).or_else(|| {
                let last = &name.0.last()?.value;
                Some(last.rsplit('.').next().unwrap_or(last).to_owned())
            })
        }
        TableFactor::Derived { alias, .. } => alias.as_ref().map(|a| a.name.value.clone()),
        _ => None,
    }
}

/// `a JOIN b USING (c, d)` is `a JOIN b ON a.c = b.c AND a.d = b.d`, where
/// `a` is the nearest earlier FROM item (Redshift requires the column to be
/// unambiguous on the left).
fn using_to_on(
    join: &mut Join,
    left: &[Option<String>],
    right: Option<&str>,
) -> Result<Vec<(String, Expr)>, EngineError> {
    let (right_join, full_join) = (
        matches!(join.join_operator, JoinOperator::RightOuter(_)),
        matches!(join.join_operator, JoinOperator::FullOuter(_)),
    );
    let constraint = match &mut join.join_operator {
        JoinOperator::Inner(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::FullOuter(c) => c,
        _ => return Ok(Vec::new()),
    };
    let JoinConstraint::Using(columns) = constraint else {
        return Ok(Vec::new());
    };
    let (Some(Some(left)), Some(right)) = (left.last(), right) else {
        return Err(EngineError::msg(
            ErrorKind::Unsupported,
            "USING을 쓰려면 양쪽 테이블에 별칭이 있어야 합니다. ON a.col = b.col 로 쓰세요.",
            "JOIN ... USING needs named tables on both sides here; write ON a.col = b.col instead.",
        ));
    };
    let condition = columns
        .iter()
        .map(|column| {
            let column = column.clone();
            Expr::BinaryOp {
                left: Box::new(Expr::CompoundIdentifier(vec![
                    Ident::new(left.clone()),
                    column.clone(),
                ])),
                op: BinaryOperator::Eq,
                right: Box::new(Expr::CompoundIdentifier(vec![Ident::new(right), column])),
            }
        })
        .reduce(and);
    let column_of = |table: &str, column: &Ident| {
        Expr::CompoundIdentifier(vec![Ident::new(table), column.clone()])
    };
    let joined = columns
        .iter()
        .map(|c| {
            let read = if right_join {
                column_of(right, c)
            } else if full_join {
                call("COALESCE", vec![column_of(left, c), column_of(right, c)])
            } else {
                column_of(left, c)
            };
            (c.value.clone(), read)
        })
        .collect();
    if let Some(condition) = condition {
        *constraint = JoinConstraint::On(condition);
    }
    Ok(joined)
}

fn and(left: Expr, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    }
}

/// With only inner joins, a WHERE condition may filter at the latest join
/// whose table it names: the answer is the same, and an equality there
/// lets GlueSQL hash-join instead of comparing every pair of rows.
fn move_conditions_into_joins(select: &mut Select, aliases: &[Option<String>]) {
    let Some(from) = select.from.first_mut() else {
        return;
    };
    if from.joins.is_empty()
        || !from
            .joins
            .iter()
            .all(|j| matches!(j.join_operator, JoinOperator::Inner(_)))
    {
        return;
    }
    let Some(selection) = select.selection.take() else {
        return;
    };
    let mut kept = Vec::new();
    for condition in conjuncts(selection) {
        match latest_position(&condition, aliases) {
            Some(position) if position > 0 => {
                if let JoinOperator::Inner(constraint) = &mut from.joins[position - 1].join_operator
                {
                    *constraint = match std::mem::replace(constraint, JoinConstraint::None) {
                        JoinConstraint::On(existing) => {
                            JoinConstraint::On(and(existing, condition))
                        }
                        _ => JoinConstraint::On(condition),
                    };
                }
            }
            _ => kept.push(condition),
        }
    }
    select.selection = kept.into_iter().reduce(and);
}

/// GlueSQL takes every `A = B` in an ON clause as a hash-join key pair, and
/// evaluates a side on the wrong table unless each side is a column of one
/// of the two tables (`ON 1 = d.a`, `ON c.a + d.a = 2` fail). Any other
/// equality is hidden in a CASE, which GlueSQL evaluates as a filter.
pub fn guard_join_keys(select: &mut Select) {
    let Some(first) = select.from.first() else {
        return;
    };
    let aliases: Vec<Option<String>> = std::iter::once(&first.relation)
        .chain(first.joins.iter().map(|j| &j.relation))
        .map(alias_of)
        .collect();
    let Some(from) = select.from.first_mut() else {
        return;
    };
    for (index, join) in from.joins.iter_mut().enumerate() {
        let constraint = match &mut join.join_operator {
            JoinOperator::Inner(c) | JoinOperator::LeftOuter(c) => c,
            _ => continue,
        };
        let JoinConstraint::On(on) = constraint else {
            continue;
        };
        let new = aliases.get(index + 1).cloned().flatten();
        let earlier: Vec<String> = aliases[..=index].iter().flatten().cloned().collect();
        let guarded = conjuncts(on.clone())
            .into_iter()
            .map(|mut condition| {
                while let Expr::Nested(inner) = condition {
                    condition = *inner;
                }
                if is_clean_key(&condition, new.as_deref(), &earlier)
                    || !matches!(
                        condition,
                        Expr::BinaryOp {
                            op: BinaryOperator::Eq,
                            ..
                        }
                    )
                {
                    return condition;
                }
                Expr::Case {
                    operand: None,
                    conditions: vec![condition],
                    results: vec![Expr::Value(sqlparser::ast::Value::Boolean(true))],
                    else_result: Some(Box::new(Expr::Value(sqlparser::ast::Value::Boolean(false)))),
                }
            })
            .reduce(and);
        if let Some(guarded) = guarded {
            *on = guarded;
        }
    }
}

/// `earlier.x = new.y` (either way round), both sides plain columns.
fn is_clean_key(condition: &Expr, new: Option<&str>, earlier: &[String]) -> bool {
    let Expr::BinaryOp {
        left,
        op: BinaryOperator::Eq,
        right,
    } = condition
    else {
        return false;
    };
    let owner = |expr: &Expr| match expr {
        Expr::CompoundIdentifier(parts) if parts.len() == 2 => Some(parts[0].value.clone()),
        _ => None,
    };
    match (owner(left), owner(right), new) {
        (Some(a), Some(b), Some(new)) => {
            (a == new && earlier.contains(&b)) || (b == new && earlier.contains(&a))
        }
        _ => false,
    }
}

/// The position (0 = first FROM item) of the latest FROM item a condition
/// names; None when it names none, or when it cannot be told (an
/// unqualified column, a subquery).
fn latest_position(condition: &Expr, aliases: &[Option<String>]) -> Option<usize> {
    let mut finder = Qualifiers {
        names: Vec::new(),
        opaque: false,
    };
    let _ = walk(condition, &mut finder);
    if finder.opaque {
        return None;
    }
    let mut latest = None;
    for name in finder.names {
        let position = aliases
            .iter()
            .position(|a| a.as_deref() == Some(name.as_str()))?;
        latest = latest.max(Some(position));
    }
    latest
}

/// Collects the table qualifiers of column references.
struct Qualifiers {
    names: Vec<String>,
    opaque: bool,
}

impl Visitor for Qualifiers {
    type Break = ();

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.opaque = true;
        ControlFlow::Break(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Identifier(_) => {
                self.opaque = true;
                return ControlFlow::Break(());
            }
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                self.names.push(parts[0].value.clone());
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}
