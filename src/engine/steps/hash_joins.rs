//! Equi-joins in Rust. When every join of a SELECT matches on at least one
//! column equality, the FROM clause is joined here ([`ops::hash_join`],
//! inner, LEFT, RIGHT or FULL) into one stored table whose columns are
//! named `alias.column`; the rest of the query (WHERE, GROUP BY, windows...)
//! then reads that table. WHERE conditions on one table that no outer join
//! pads with NULLs filter that table first, through GlueSQL.

use crate::engine::dialect::walk::walk;
use std::ops::ControlFlow;
use std::sync::Arc;

use gluesql_core::data::Value;
use sqlparser::ast::{
    BinaryOperator, Expr, Ident, JoinConstraint, JoinOperator, OrderBy, Query, Select, SelectItem,
    SetExpr, TableAlias, TableFactor, TableWithJoins, Visitor,
};

use super::outer_joins::{expand_wildcards, Renamer, Source};
use super::{empty_query, table_factor, Rows};
use crate::engine::dialect::ast::conjuncts;
use crate::engine::dialect::names;
use crate::engine::error::EngineError;
use crate::engine::ops::{self, JoinKind};
use crate::engine::storage::Table;
use crate::engine::Engine;

/// A column of a FROM item: the item's position and the column's.
type ColumnRef = (usize, usize);

/// How one join matches.
struct JoinPlan {
    kind: JoinKind,
    /// Key columns: an earlier item's column, and this item's.
    keys: Vec<(ColumnRef, usize)>,
}

/// The rows of a FROM item: the stored table itself, or rows filtered first.
enum SourceRows {
    Stored(Arc<Table>),
    Filtered(Vec<Vec<Value>>),
}

impl SourceRows {
    fn rows(&self) -> Vec<&[Value]> {
        match self {
            SourceRows::Stored(table) => table.rows.values().map(Vec::as_slice).collect(),
            SourceRows::Filtered(rows) => rows.iter().map(Vec::as_slice).collect(),
        }
    }
}

impl Engine {
    /// Joins the FROM clause in Rust when every join is an equi-join.
    /// Returns false (changing nothing) when it is not.
    pub(super) fn hash_join_from(
        &mut self,
        select: &mut Select,
        order_by: &mut Option<OrderBy>,
        steps: &mut Vec<String>,
    ) -> Result<bool, EngineError> {
        let [from] = select.from.as_slice() else {
            return Ok(false);
        };
        if from.joins.is_empty() {
            return Ok(false);
        }
        let factors: Vec<&TableFactor> = std::iter::once(&from.relation)
            .chain(from.joins.iter().map(|j| &j.relation))
            .collect();
        if !factors
            .iter()
            .all(|f| matches!(f, TableFactor::Table { args: None, .. }))
        {
            return Ok(false);
        }
        let sources = factors
            .iter()
            .map(|f| self.source_of(f))
            .collect::<Result<Vec<_>, _>>()?;

        // Plan every join; any join that is not an equi-join keeps GlueSQL.
        let mut plans = Vec::new();
        let mut filters: Vec<Vec<Expr>> = vec![Vec::new(); sources.len()];
        let mut after: Vec<Expr> = Vec::new();
        for (index, join) in from.joins.iter().enumerate() {
            let new = index + 1;
            let (kind, constraint) = match &join.join_operator {
                JoinOperator::Inner(c) => (JoinKind::Inner, c),
                JoinOperator::LeftOuter(c) => (JoinKind::Left, c),
                JoinOperator::RightOuter(c) => (JoinKind::Right, c),
                JoinOperator::FullOuter(c) => (JoinKind::Full, c),
                _ => return Ok(false),
            };
            let JoinConstraint::On(on) = constraint else {
                return Ok(false);
            };
            let mut keys = Vec::new();
            for condition in conjuncts(on.clone()) {
                if let Some(key) = equality(&condition, &sources[..=new], new) {
                    keys.push(key);
                    continue;
                }
                let owners = owners(&condition, &sources[..=new]);
                match (kind, owners) {
                    (JoinKind::Inner, Some(only)) if only == vec![new] => {
                        filters[new].push(condition)
                    }
                    (JoinKind::Inner, _) => after.push(condition),
                    (JoinKind::Left, Some(only)) if only == vec![new] => {
                        filters[new].push(condition)
                    }
                    _ => return Ok(false),
                }
            }
            if keys.is_empty() {
                return Ok(false);
            }
            plans.push(JoinPlan { kind, keys });
        }

        // WHERE conditions on one never-padded item filter it first.
        let padded = padded_items(&plans);
        let mut kept = Vec::new();
        for condition in select.selection.take().map(conjuncts).unwrap_or_default() {
            match owners(&condition, &sources) {
                Some(only) if only.len() == 1 && !padded[only[0]] => {
                    filters[only[0]].push(condition)
                }
                _ => kept.push(condition),
            }
        }
        kept.extend(after);

        // Each item's rows.
        let mut inputs = Vec::with_capacity(sources.len());
        for (i, factor) in factors.iter().enumerate() {
            inputs.push(self.source_rows(factor, std::mem::take(&mut filters[i]), steps)?);
        }
        let rows: Vec<Vec<&[Value]>> = inputs.iter().map(SourceRows::rows).collect();

        // Join left to right, as row numbers per item.
        let mut tuples: Vec<Vec<Option<usize>>> =
            (0..rows[0].len()).map(|i| vec![Some(i)]).collect();
        for (index, plan) in plans.iter().enumerate() {
            let new = index + 1;
            let left_keys: Vec<Vec<Value>> = tuples
                .iter()
                .map(|tuple| {
                    plan.keys
                        .iter()
                        .map(|&((item, column), _)| value(&rows, tuple, item, column))
                        .collect()
                })
                .collect();
            let right_columns: Vec<usize> = plan.keys.iter().map(|&(_, column)| column).collect();
            let pairs = ops::hash_join(&left_keys, &rows[new], &right_columns, plan.kind);
            tuples = pairs
                .into_iter()
                .map(|(l, r)| {
                    let mut tuple = match l.and_then(|l| tuples.get(l)) {
                        Some(tuple) => tuple.clone(),
                        None => vec![None; new],
                    };
                    tuple.push(r);
                    tuple
                })
                .collect();
        }

        // One stored table with the columns the rest of the query reads.
        let mut rest = select.clone();
        rest.from = Vec::new();
        rest.selection = kept.iter().cloned().reduce(|l, r| Expr::BinaryOp {
            left: Box::new(l),
            op: BinaryOperator::And,
            right: Box::new(r),
        });
        let used = used_columns(&rest, order_by.as_ref(), &sources);
        let kept_sources: Vec<Source> = sources
            .iter()
            .zip(&used)
            .map(|(source, used)| Source {
                alias: source.alias.clone(),
                columns: source
                    .columns
                    .iter()
                    .zip(used)
                    .filter(|(_, used)| **used)
                    .map(|(c, _)| c.clone())
                    .collect(),
            })
            .collect();
        let joined: Vec<Vec<Value>> = tuples
            .iter()
            .map(|tuple| {
                let mut row = Vec::new();
                for (item, used) in used.iter().enumerate() {
                    let source_row = tuple.get(item).copied().flatten().map(|i| rows[item][i]);
                    for (column, _) in used.iter().enumerate().filter(|(_, u)| **u) {
                        row.push(
                            source_row
                                .and_then(|r| r.get(column).cloned())
                                .unwrap_or(Value::Null),
                        );
                    }
                }
                row
            })
            .collect();
        let count = joined.len();
        let labels = kept_sources
            .iter()
            .flat_map(|s| s.columns.iter().map(move |c| format!("{}.{c}", s.alias)))
            .collect();
        drop(rows);
        drop(inputs);
        let table = self.store_new_step(
            "join",
            Rows {
                labels,
                rows: joined,
            },
        );
        steps.push(format!(
            "{} join(s) of {} tables in Rust (hash join): {count} rows",
            plans.len(),
            sources.len()
        ));

        select.from = vec![TableWithJoins {
            relation: table_factor(
                &table,
                Some(TableAlias {
                    name: Ident::new(table.clone()),
                    columns: Vec::new(),
                }),
            ),
            joins: Vec::new(),
        }];
        select.selection = kept.into_iter().reduce(|l, r| Expr::BinaryOp {
            left: Box::new(l),
            op: BinaryOperator::And,
            right: Box::new(r),
        });
        expand_wildcards(select, &table, &kept_sources);
        Renamer {
            table: table.clone(),
            sources: &kept_sources,
            ambiguous: None,
        }
        .rename(select, order_by)?;
        Ok(true)
    }

    /// A FROM item's rows: straight from storage, or filtered by GlueSQL.
    fn source_rows(
        &mut self,
        factor: &TableFactor,
        filters: Vec<Expr>,
        steps: &mut Vec<String>,
    ) -> Result<SourceRows, EngineError> {
        let TableFactor::Table { name, .. } = factor else {
            return Ok(SourceRows::Filtered(Vec::new()));
        };
        if filters.is_empty() {
            let full = names::resolve(name, &self.storage)?.full();
            if let Some(table) = self.storage.table(&full) {
                return Ok(SourceRows::Stored(table.clone()));
            }
        }
        let mut select = super::select(
            vec![SelectItem::Wildcard(Default::default())],
            vec![TableWithJoins {
                relation: factor.clone(),
                joins: Vec::new(),
            }],
        );
        select.selection = filters.into_iter().reduce(|l, r| Expr::BinaryOp {
            left: Box::new(l),
            op: BinaryOperator::And,
            right: Box::new(r),
        });
        let rows = self.select_rows(
            Query {
                body: Box::new(SetExpr::Select(Box::new(select))),
                ..empty_query()
            },
            steps,
        )?;
        Ok(SourceRows::Filtered(rows.rows))
    }
}

/// Which columns of each item the rest of a query reads: every column named
/// (qualified, or unqualified and found in one item), all columns of an
/// item under `*` or `alias.*`, and every column when a name is unclear.
fn used_columns(select: &Select, order_by: Option<&OrderBy>, sources: &[Source]) -> Vec<Vec<bool>> {
    struct Uses<'a> {
        sources: &'a [Source],
        used: Vec<Vec<bool>>,
        everything: bool,
    }
    impl Visitor for Uses<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            match expr {
                Expr::CompoundIdentifier(parts) if parts.len() > 2 => self.everything = true,
                Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
                    if let Some((item, column)) = column_of(expr, self.sources) {
                        self.used[item][column] = true;
                    } else if let Expr::Identifier(ident) = expr {
                        // A name in several items is an error later; keep them.
                        for (item, source) in self.sources.iter().enumerate() {
                            if let Some(column) =
                                source.columns.iter().position(|c| *c == ident.value)
                            {
                                self.used[item][column] = true;
                            }
                        }
                    }
                }
                _ => {}
            }
            ControlFlow::Continue(())
        }
    }
    let mut uses = Uses {
        sources,
        used: sources
            .iter()
            .map(|s| vec![false; s.columns.len()])
            .collect(),
        everything: false,
    };
    for item in &select.projection {
        match item {
            SelectItem::Wildcard(_) => uses.everything = true,
            SelectItem::QualifiedWildcard(name, _) => {
                let alias = name.0.last().map(|i| i.value.as_str()).unwrap_or_default();
                match sources.iter().position(|s| s.alias == alias) {
                    Some(item) => uses.used[item].iter_mut().for_each(|u| *u = true),
                    None => uses.everything = true,
                }
            }
            _ => {}
        }
    }
    let _ = walk(select, &mut uses);
    if let Some(order_by) = order_by {
        let _ = walk(order_by, &mut uses);
    }
    if uses.everything {
        return sources
            .iter()
            .map(|s| vec![true; s.columns.len()])
            .collect();
    }
    uses.used
}

/// Which items an outer join may pad with NULLs.
fn padded_items(plans: &[JoinPlan]) -> Vec<bool> {
    let mut padded = vec![false; plans.len() + 1];
    for (index, plan) in plans.iter().enumerate() {
        let new = index + 1;
        match plan.kind {
            JoinKind::Inner => {}
            JoinKind::Left => padded[new] = true,
            JoinKind::Right => padded[..new].iter_mut().for_each(|p| *p = true),
            JoinKind::Full => padded[..=new].iter_mut().for_each(|p| *p = true),
        }
    }
    padded
}

fn value(rows: &[Vec<&[Value]>], tuple: &[Option<usize>], item: usize, column: usize) -> Value {
    tuple
        .get(item)
        .copied()
        .flatten()
        .and_then(|i| rows.get(item)?.get(i)?.get(column).cloned())
        .unwrap_or(Value::Null)
}

/// The item and column a column reference names, among `sources`.
fn column_of(expr: &Expr, sources: &[Source]) -> Option<ColumnRef> {
    match expr {
        Expr::Nested(inner) => column_of(inner, sources),
        Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
            let item = sources.iter().position(|s| s.alias == parts[0].value)?;
            let column = sources[item]
                .columns
                .iter()
                .position(|c| *c == parts[1].value)?;
            Some((item, column))
        }
        Expr::Identifier(ident) => {
            let mut found = sources.iter().enumerate().filter_map(|(item, s)| {
                s.columns
                    .iter()
                    .position(|c| *c == ident.value)
                    .map(|column| (item, column))
            });
            let first = found.next()?;
            found.next().is_none().then_some(first)
        }
        _ => None,
    }
}

/// `earlier.a = new.b` (either way round): a join key.
fn equality(condition: &Expr, sources: &[Source], new: usize) -> Option<(ColumnRef, usize)> {
    let Expr::BinaryOp {
        left,
        op: BinaryOperator::Eq,
        right,
    } = condition
    else {
        return None;
    };
    let (a, b) = (column_of(left, sources)?, column_of(right, sources)?);
    match (a.0 == new, b.0 == new) {
        (false, true) => Some((a, b.1)),
        (true, false) => Some((b, a.1)),
        _ => None,
    }
}

/// The items a condition reads (sorted, distinct); None when it cannot be
/// told (a subquery, or a name no item or several items have).
fn owners(condition: &Expr, sources: &[Source]) -> Option<Vec<usize>> {
    struct Reads<'a> {
        sources: &'a [Source],
        items: Vec<usize>,
        unknown: bool,
    }
    impl Visitor for Reads<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
            self.unknown = true;
            ControlFlow::Break(())
        }
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if let Expr::Identifier(ident) = expr {
                if crate::engine::dialect::rewrite::NOT_COLUMNS.contains(&ident.value.as_str()) {
                    return ControlFlow::Continue(());
                }
            }
            if matches!(expr, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) {
                match column_of(expr, self.sources) {
                    Some((item, _)) => self.items.push(item),
                    None => {
                        self.unknown = true;
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut reads = Reads {
        sources,
        items: Vec::new(),
        unknown: false,
    };
    let _ = walk(condition, &mut reads);
    if reads.unknown {
        return None;
    }
    reads.items.sort_unstable();
    reads.items.dedup();
    Some(reads.items)
}
