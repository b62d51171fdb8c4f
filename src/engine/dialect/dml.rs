//! UPDATE and DELETE in the forms GlueSQL runs: `UPDATE t SET c = e FROM s
//! WHERE w` becomes `UPDATE t SET c = (SELECT e FROM s WHERE w LIMIT 1)
//! WHERE EXISTS (SELECT 1 FROM s WHERE w)`, `DELETE FROM t USING s WHERE w`
//! becomes `DELETE FROM t WHERE EXISTS (SELECT 1 FROM s WHERE w)`, and
//! references to the target table use the name GlueSQL knows it by.

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FromTable, Ident, Query, SelectItem, SetExpr, Statement, TableFactor, TableWithJoins,
    Value, VisitorMut,
};

/// Turns FROM / USING into correlated subqueries (before names resolve).
pub fn expand_sources(statement: &mut Statement) {
    match statement {
        Statement::Update {
            assignments,
            from,
            selection,
            ..
        } => {
            let Some(source) = from.take() else {
                return;
            };
            let sources = vec![source];
            for assignment in assignments.iter_mut() {
                let value = std::mem::replace(&mut assignment.value, Expr::Value(Value::Null));
                let mut query = subquery(value, &sources, selection.clone());
                query.limit = Some(Expr::Value(Value::Number(
                    "1".parse().unwrap_or_default(),
                    false,
                )));
                assignment.value = Expr::Subquery(Box::new(query));
            }
            *selection = Some(exists(&sources, selection.take()));
        }
        Statement::Delete(delete) => {
            let Some(sources) = delete.using.take() else {
                return;
            };
            delete.selection = Some(exists(&sources, delete.selection.take()));
        }
        _ => {}
    }
}

fn exists(sources: &[TableWithJoins], selection: Option<Expr>) -> Expr {
    let one = Expr::Value(Value::Number("1".parse().unwrap_or_default(), false));
    Expr::Exists {
        subquery: Box::new(subquery(one, sources, selection)),
        negated: false,
    }
}

fn subquery(item: Expr, sources: &[TableWithJoins], selection: Option<Expr>) -> Query {
    let mut select = super::ast::select(vec![SelectItem::UnnamedExpr(item)], sources.to_vec());
    select.selection = selection;
    Query {
        body: Box::new(SetExpr::Select(Box::new(select))),
        ..super::ast::empty_query()
    }
}

/// The target of an UPDATE or DELETE, after names resolve: its full name
/// (what GlueSQL calls its rows) and the name the statement uses for it.
pub fn target_names(statement: &Statement) -> Option<(String, String)> {
    let table = match statement {
        Statement::Update { table, .. } => table,
        Statement::Delete(delete) => match &delete.from {
            FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables) => {
                tables.first()?
            }
        },
        _ => return None,
    };
    let TableFactor::Table { name, alias, .. } = &table.relation else {
        return None;
    };
    let full = name.0.first()?.value.clone();
    let short = alias
        .as_ref()
        .map(|a| a.name.value.clone())
        .unwrap_or_else(|| full.rsplit('.').next().unwrap_or(&full).to_owned());
    Some((full, short))
}

/// Rewrites `alias.column` references to the target as `"schema.table".column`.
pub fn qualify_target(statement: &mut Statement) {
    let Some((full, short)) = target_names(statement) else {
        return;
    };
    let mut renamer = TargetRenamer { full, short };
    let _ = walk_mut(statement, &mut renamer);
}

struct TargetRenamer {
    full: String,
    short: String,
}

impl VisitorMut for TargetRenamer {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let Expr::CompoundIdentifier(parts) = expr else {
            return ControlFlow::Continue(());
        };
        match parts.as_slice() {
            [qualifier, _] if qualifier.value == self.short => {
                parts[0] = Ident::with_quote('"', self.full.clone());
            }
            [schema, table, column] if format!("{}.{}", schema.value, table.value) == self.full => {
                *parts = vec![Ident::with_quote('"', self.full.clone()), column.clone()];
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}
