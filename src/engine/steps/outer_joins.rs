//! RIGHT and FULL OUTER JOIN, which GlueSQL lacks. The FROM items up to
//! such a join are joined into one stored table: GlueSQL runs the matching
//! part as an inner or LEFT join against the right-hand table numbered row
//! by row, and Rust adds the right-hand rows nothing matched. The stored
//! table's columns are named `alias.column`, and the rest of the query is
//! rewritten to read them there.

use crate::engine::dialect::walk::walk_mut;
use std::collections::HashSet;
use std::ops::ControlFlow;

use gluesql_core::data::Value;
use sqlparser::ast::{
    Expr, Ident, Join, JoinConstraint, JoinOperator, OrderBy, Query, Select, SelectItem, SetExpr,
    TableAlias, TableFactor, TableWithJoins, VisitorMut,
};

use super::{empty_query, table_factor, Rows};
use crate::engine::dialect::names::{self, Catalog};
use crate::engine::dialect::rewrite::output_name;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::Engine;

/// Whether a SELECT has a RIGHT or FULL join.
pub fn has_outer_join(select: &Select) -> bool {
    select
        .from
        .iter()
        .flat_map(|t| &t.joins)
        .any(|j| is_right_or_full(&j.join_operator))
}

fn is_right_or_full(operator: &JoinOperator) -> bool {
    matches!(
        operator,
        JoinOperator::RightOuter(_) | JoinOperator::FullOuter(_)
    )
}

/// A FROM item: the name the query uses for it and its columns.
pub(super) struct Source {
    pub(super) alias: String,
    pub(super) columns: Vec<String>,
}

impl Engine {
    /// Replaces every RIGHT or FULL join of the SELECT (and what precedes
    /// it) by a stored table, rewriting the query's column references.
    pub(super) fn flatten_outer_joins(
        &mut self,
        select: &mut Select,
        order_by: &mut Option<OrderBy>,
        steps: &mut Vec<String>,
    ) -> Result<(), EngineError> {
        if select.from.len() > 1 {
            return Err(EngineError::unsupported(
                (
                    "쉼표 조인과 함께 쓴 RIGHT/FULL JOIN",
                    "RIGHT/FULL JOIN after a comma join",
                ),
                "쉼표 대신 CROSS JOIN 이나 JOIN ... ON 으로 쓰세요.",
                "Write the comma join as CROSS JOIN or JOIN ... ON.",
            ));
        }
        while let Some(position) = select.from.first().and_then(|t| {
            t.joins
                .iter()
                .position(|j| is_right_or_full(&j.join_operator))
        }) {
            let Some(from) = select.from.first_mut() else {
                break;
            };
            let rest = from.joins.split_off(position + 1);
            let Some(outer) = from.joins.pop() else {
                break;
            };
            let prefix = TableWithJoins {
                relation: from.relation.clone(),
                joins: std::mem::take(&mut from.joins),
            };
            let (table, sources) = self.join_outer(prefix, outer, steps)?;
            *from = TableWithJoins {
                relation: table_factor(
                    &table,
                    Some(TableAlias {
                        name: Ident::new(table.clone()),
                        columns: Vec::new(),
                    }),
                ),
                joins: rest,
            };
            expand_wildcards(select, &table, &sources);
            Renamer {
                table: table.clone(),
                sources: &sources,
                ambiguous: None,
            }
            .rename(select, order_by)?;
        }
        Ok(())
    }

    /// Joins `prefix` with the right-hand table of a RIGHT or FULL join.
    fn join_outer(
        &mut self,
        prefix: TableWithJoins,
        outer: Join,
        steps: &mut Vec<String>,
    ) -> Result<(String, Vec<Source>), EngineError> {
        let full = matches!(outer.join_operator, JoinOperator::FullOuter(_));
        let condition = match outer.join_operator {
            JoinOperator::RightOuter(c) | JoinOperator::FullOuter(c) => c,
            _ => JoinConstraint::None,
        };
        let mut sources = Vec::new();
        for factor in
            std::iter::once(&prefix.relation).chain(prefix.joins.iter().map(|j| &j.relation))
        {
            sources.push(self.source_of(factor)?);
        }
        let right = self.source_of(&outer.relation)?;

        // The right-hand table, numbered row by row.
        let right_rows = self.select_rows(select_all(outer.relation.clone()), steps)?;
        let right_width = right_rows.labels.len();
        let numbered: Vec<Vec<Value>> = right_rows
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut row = row.clone();
                row.push(Value::I64(i as i64));
                row
            })
            .collect();
        let mut labels = right.columns.clone();
        labels.push("__row".to_owned());
        let numbered_table = self.store_new_step(
            "right",
            Rows {
                labels,
                rows: numbered,
            },
        );

        // The matching part: prefix [LEFT] JOIN numbered right-hand rows.
        let mut projection: Vec<SelectItem> = Vec::new();
        for source in sources.iter().chain(std::iter::once(&right)) {
            for column in &source.columns {
                projection.push(SelectItem::UnnamedExpr(Expr::CompoundIdentifier(vec![
                    Ident::new(source.alias.clone()),
                    Ident::with_quote('"', column.clone()),
                ])));
            }
        }
        projection.push(SelectItem::UnnamedExpr(Expr::CompoundIdentifier(vec![
            Ident::new(right.alias.clone()),
            Ident::new("__row"),
        ])));
        let join = Join {
            relation: table_factor(
                &numbered_table,
                Some(TableAlias {
                    name: Ident::new(right.alias.clone()),
                    columns: Vec::new(),
                }),
            ),
            global: false,
            join_operator: if full {
                JoinOperator::LeftOuter(condition)
            } else {
                JoinOperator::Inner(condition)
            },
        };
        let mut joined = prefix;
        joined.joins.push(join);
        let select = super::select(projection, vec![joined]);
        let matched = self.select_rows(
            Query {
                body: Box::new(SetExpr::Select(Box::new(select))),
                ..empty_query()
            },
            steps,
        )?;

        // The right-hand rows nothing matched, with NULLs on the left.
        let left_width: usize = sources.iter().map(|s| s.columns.len()).sum();
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(matched.rows.len());
        for mut row in matched.rows {
            if let Some(Value::I64(id)) = row.pop() {
                seen.insert(id);
            }
            rows.push(row);
        }
        for (i, row) in right_rows.rows.into_iter().enumerate() {
            if !seen.contains(&(i as i64)) {
                let mut padded = vec![Value::Null; left_width];
                padded.extend(row.into_iter().take(right_width));
                rows.push(padded);
            }
        }
        let count = rows.len();
        sources.push(right);
        let labels = sources
            .iter()
            .flat_map(|s| s.columns.iter().map(move |c| format!("{}.{c}", s.alias)))
            .collect();
        let table = self.store_new_step("join", Rows { labels, rows });
        steps.push(format!(
            "{} JOIN: {count} rows (GlueSQL for the matches, Rust for the unmatched rows)",
            if full { "FULL OUTER" } else { "RIGHT" }
        ));
        Ok((table, sources))
    }

    /// The alias and columns of a FROM item (a stored table by now).
    pub(super) fn source_of(&self, factor: &TableFactor) -> Result<Source, EngineError> {
        let TableFactor::Table { name, alias, .. } = factor else {
            return Err(EngineError::unsupported(
                (
                    "RIGHT/FULL JOIN 안의 이런 FROM 항목",
                    "this kind of FROM item in a RIGHT/FULL JOIN",
                ),
                "테이블이나 (SELECT ...) 별칭 형태로 쓰세요.",
                "Use tables or (SELECT ...) alias in a RIGHT/FULL join.",
            ));
        };
        let resolved = names::resolve(name, &self.storage)?;
        let columns = self.storage.column_names(&resolved.full()).ok_or_else(|| {
            EngineError::msg(
                ErrorKind::UnknownName,
                format!("테이블 {}이(가) 없습니다.", resolved.full()),
                format!("relation \"{}\" does not exist", resolved.full()),
            )
        })?;
        let alias = alias
            .as_ref()
            .map(|a| a.name.value.clone())
            .unwrap_or(resolved.table);
        Ok(Source { alias, columns })
    }
}

/// `SELECT * FROM <factor>`.
fn select_all(factor: TableFactor) -> Query {
    let select = super::select(
        vec![SelectItem::Wildcard(Default::default())],
        vec![TableWithJoins {
            relation: factor,
            joins: Vec::new(),
        }],
    );
    Query {
        body: Box::new(SetExpr::Select(Box::new(select))),
        ..empty_query()
    }
}

/// `*` and `alias.*` over joined sources, spelled out as their columns.
pub(super) fn expand_wildcards(select: &mut Select, table: &str, sources: &[Source]) {
    let column = |source: &Source, name: &String| SelectItem::ExprWithAlias {
        expr: Expr::CompoundIdentifier(vec![
            Ident::new(table),
            Ident::with_quote('"', format!("{}.{name}", source.alias)),
        ]),
        alias: Ident::with_quote('"', name.clone()),
    };
    let mut projection = Vec::new();
    for item in std::mem::take(&mut select.projection) {
        match item {
            SelectItem::Wildcard(_) => {
                for source in sources {
                    projection.extend(source.columns.iter().map(|c| column(source, c)));
                }
                let remaining = select.from.first().map(|t| t.joins.len()).unwrap_or(0);
                if remaining > 0 {
                    for join in select.from.iter().flat_map(|t| &t.joins) {
                        if let TableFactor::Table {
                            alias: Some(alias), ..
                        } = &join.relation
                        {
                            projection.push(SelectItem::QualifiedWildcard(
                                sqlparser::ast::ObjectName(vec![alias.name.clone()]),
                                Default::default(),
                            ));
                        }
                    }
                }
            }
            SelectItem::QualifiedWildcard(name, options) => {
                let alias = name.0.last().map(|i| i.value.clone()).unwrap_or_default();
                match sources.iter().find(|s| s.alias == alias) {
                    Some(source) => {
                        projection.extend(source.columns.iter().map(|c| column(source, c)))
                    }
                    None => projection.push(SelectItem::QualifiedWildcard(name, options)),
                }
            }
            SelectItem::UnnamedExpr(expr)
                if matches!(expr, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) =>
            {
                // The column keeps its own name as the output label.
                let alias = Ident::with_quote('"', output_name(&expr));
                projection.push(SelectItem::ExprWithAlias { expr, alias });
            }
            other => projection.push(other),
        }
    }
    select.projection = projection;
}

/// Rewrites `alias.column` (and unambiguous `column`) of the joined
/// sources to the stored table's `"alias.column"`.
pub(super) struct Renamer<'a> {
    pub(super) table: String,
    pub(super) sources: &'a [Source],
    /// An unqualified name several sources have.
    pub(super) ambiguous: Option<String>,
}

impl Renamer<'_> {
    /// Renames the references of a SELECT (and then of its ORDER BY, where
    /// an output name may shadow the columns).
    pub(super) fn rename(
        mut self,
        select: &mut Select,
        order_by: &mut Option<OrderBy>,
    ) -> Result<(), EngineError> {
        let _ = walk_mut(select, &mut self);
        if let Some(name) = self.ambiguous.take() {
            return Err(EngineError::msg(
                ErrorKind::UnknownName,
                format!("열 이름 {name}이(가) 여러 테이블에 있습니다. 테이블 별칭을 붙여 쓰세요 (예: a.{name})."),
                format!("column reference \"{name}\" is ambiguous; qualify it with a table alias (e.g. a.{name})"),
            )
            .near(&name));
        }
        if let Some(order_by) = order_by {
            let _ = walk_mut(order_by, &mut self);
        }
        self.ambiguous = None;
        Ok(())
    }
}

impl VisitorMut for Renamer<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        quote_date_part(expr);
        let target = match expr {
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => self
                .sources
                .iter()
                .find(|s| s.alias == parts[0].value && s.columns.contains(&parts[1].value))
                .map(|s| format!("{}.{}", s.alias, parts[1].value)),
            Expr::Identifier(ident) => {
                let owners: Vec<&Source> = self
                    .sources
                    .iter()
                    .filter(|s| s.columns.contains(&ident.value))
                    .collect();
                match owners.as_slice() {
                    [owner] => Some(format!("{}.{}", owner.alias, ident.value)),
                    [] => None,
                    _ => {
                        self.ambiguous.get_or_insert_with(|| ident.value.clone());
                        None
                    }
                }
            }
            _ => None,
        };
        if let Some(target) = target {
            *expr = Expr::CompoundIdentifier(vec![
                Ident::new(self.table.clone()),
                Ident::with_quote('"', target),
            ]);
        }
        ControlFlow::Continue(())
    }
}

/// `DATEDIFF(month, ...)`: the date part is a word, not a column; it is
/// written as the string `'month'` so no column of that name replaces it.
fn quote_date_part(expr: &mut Expr) {
    let Expr::Function(function) = expr else {
        return;
    };
    let name = function.name.to_string().to_lowercase();
    if !matches!(
        name.as_str(),
        "datediff" | "dateadd" | "date_part" | "date_trunc" | "pgdate_part"
    ) {
        return;
    }
    if let sqlparser::ast::FunctionArguments::List(list) = &mut function.args {
        if let Some(sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(
            first,
        ))) = list.args.first_mut()
        {
            if let Expr::Identifier(part) = first {
                *first = Expr::Value(sqlparser::ast::Value::SingleQuotedString(
                    part.value.clone(),
                ));
            }
        }
    }
}
