//! The binder: knows which tables and columns each SELECT can see, checks
//! every column reference against them (with "did you mean" suggestions),
//! and replaces Redshift's lateral column aliases by what they name.

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, Query, Select, SelectItem, SetExpr, Statement, TableFactor, TableWithJoins,
    VisitorMut,
};

use super::names::Catalog;
use super::rewrite::output_name;
use crate::engine::error::{EngineError, ErrorKind};

/// A relation visible in a FROM clause: the name it is referred to by, and its columns.
#[derive(Debug, Clone)]
struct Relation {
    alias: String,
    /// `schema.table` for a stored table referred to by its own name.
    full: Option<String>,
    /// None when the columns cannot be known here (GlueSQL then checks them).
    columns: Option<Vec<String>>,
}

/// What one SELECT sees, and what the enclosing queries see (for correlation).
#[derive(Debug, Clone, Default)]
struct Scope {
    relations: Vec<Relation>,
    parents: Vec<Relation>,
}

impl Scope {
    fn all(&self) -> impl Iterator<Item = &Relation> {
        self.relations.iter().chain(self.parents.iter())
    }

    /// Whether `name` (unqualified) is a column of some visible relation, or may be.
    fn has_column(&self, name: &str) -> bool {
        self.all().any(|r| {
            r.columns
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == name))
        })
    }

    /// The relation a `schema.table` qualifier names, if it is in scope.
    fn relation_by_full_name(&self, full: &str) -> Option<&Relation> {
        self.all().find(|r| r.full.as_deref() == Some(full))
    }

    fn relation(&self, alias: &str) -> Option<&Relation> {
        self.relations
            .iter()
            .find(|r| r.alias == alias)
            .or_else(|| self.parents.iter().find(|r| r.alias == alias))
    }

    /// Qualified names of every known column, for suggestions.
    fn known_columns(&self) -> Vec<String> {
        self.all()
            .flat_map(|r| {
                r.columns
                    .iter()
                    .flatten()
                    .map(move |c| format!("{}.{c}", r.alias))
            })
            .collect()
    }
}

/// Checks and rewrites every SELECT of a statement (names already resolved).
pub fn bind(statement: &mut Statement, catalog: &dyn Catalog) -> Result<(), EngineError> {
    let mut scopes = Vec::new();
    // Subqueries of UPDATE and DELETE see the target table.
    if let Some((full, short)) = super::dml::target_names(statement) {
        let unaliased = full.rsplit('.').next() == Some(short.as_str());
        scopes.push(Scope {
            relations: vec![Relation {
                alias: short,
                columns: catalog.column_names(&full),
                full: unaliased.then_some(full),
            }],
            parents: Vec::new(),
        });
    }
    let mut binder = Binder { catalog, scopes };
    match walk_mut(statement, &mut binder) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(error) => Err(error),
    }
}

struct Binder<'a> {
    catalog: &'a dyn Catalog,
    /// One entry per enclosing query, innermost last.
    scopes: Vec<Scope>,
}

impl VisitorMut for Binder<'_> {
    type Break = EngineError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<EngineError> {
        let parents: Vec<Relation> = self
            .scopes
            .last()
            .map(|s| s.all().cloned().collect())
            .unwrap_or_default();
        match bind_body(query.body.as_mut(), self.catalog, &parents) {
            Ok(scope) => {
                self.scopes.push(scope);
                ControlFlow::Continue(())
            }
            Err(error) => ControlFlow::Break(error),
        }
    }

    fn post_visit_query(&mut self, _query: &mut Query) -> ControlFlow<EngineError> {
        self.scopes.pop();
        ControlFlow::Continue(())
    }
}

/// Binds the SELECTs of a query body; returns the scope of its (first) SELECT.
fn bind_body(
    body: &mut SetExpr,
    catalog: &dyn Catalog,
    parents: &[Relation],
) -> Result<Scope, EngineError> {
    match body {
        SetExpr::Select(select) => {
            let scope = Scope {
                relations: from_relations(&select.from, catalog, parents)?,
                parents: parents.to_vec(),
            };
            bind_select(select, &scope)?;
            Ok(scope)
        }
        SetExpr::SetOperation { left, right, .. } => {
            bind_body(right, catalog, parents)?;
            bind_body(left, catalog, parents)
        }
        SetExpr::Query(query) => bind_body(query.body.as_mut(), catalog, parents),
        _ => Ok(Scope {
            relations: Vec::new(),
            parents: parents.to_vec(),
        }),
    }
}

fn from_relations(
    from: &[TableWithJoins],
    catalog: &dyn Catalog,
    parents: &[Relation],
) -> Result<Vec<Relation>, EngineError> {
    let mut relations = Vec::new();
    for table in from {
        relation_of(&table.relation, catalog, parents, &mut relations)?;
        for join in &table.joins {
            relation_of(&join.relation, catalog, parents, &mut relations)?;
        }
    }
    Ok(relations)
}

fn relation_of(
    factor: &TableFactor,
    catalog: &dyn Catalog,
    parents: &[Relation],
    out: &mut Vec<Relation>,
) -> Result<(), EngineError> {
    match factor {
        TableFactor::Table { name, alias, .. } => {
            let full = name
                .0
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join(".");
            if !catalog.has_table(&full) {
                return Err(unknown_table(&full, catalog));
            }
            let columns = catalog.column_names(&full);
            let short = full.rsplit('.').next().unwrap_or(&full).to_owned();
            let alias = alias
                .as_ref()
                .map(|a| a.name.value.clone())
                .unwrap_or(short.clone());
            let full = (alias == short).then_some(full);
            out.push(Relation {
                alias,
                full,
                columns,
            });
        }
        TableFactor::Derived {
            subquery, alias, ..
        } => {
            let columns = match alias.as_ref().filter(|a| !a.columns.is_empty()) {
                Some(alias) => Some(alias.columns.iter().map(|c| c.value.clone()).collect()),
                None => output_columns(subquery, catalog, parents),
            };
            let alias = alias
                .as_ref()
                .map(|a| a.name.value.clone())
                .unwrap_or_default();
            out.push(Relation {
                alias,
                full: None,
                columns,
            });
        }
        TableFactor::NestedJoin {
            table_with_joins, ..
        } => {
            out.extend(from_relations(
                std::slice::from_ref(table_with_joins),
                catalog,
                parents,
            )?);
        }
        _ => out.push(Relation {
            alias: String::new(),
            full: None,
            columns: None,
        }),
    }
    Ok(())
}

/// The column names a query returns, when they can be known.
fn output_columns(
    query: &Query,
    catalog: &dyn Catalog,
    parents: &[Relation],
) -> Option<Vec<String>> {
    let mut body = query.body.as_ref();
    loop {
        match body {
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(inner) => body = inner.body.as_ref(),
            _ => break,
        }
    }
    let SetExpr::Select(select) = body else {
        return None;
    };
    let relations = from_relations(&select.from, catalog, parents).ok()?;
    let mut names = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::ExprWithAlias { alias, .. } => names.push(alias.value.clone()),
            SelectItem::UnnamedExpr(expr) => names.push(output_name(expr)),
            SelectItem::Wildcard(_) => {
                for relation in &relations {
                    names.extend(relation.columns.clone()?);
                }
            }
            SelectItem::QualifiedWildcard(name, _) => {
                let alias = name.0.last()?.value.clone();
                let relation = relations.iter().find(|r| r.alias == alias)?;
                names.extend(relation.columns.clone()?);
            }
        }
    }
    Some(names)
}

/// Checks the column references of one SELECT and inlines lateral aliases.
fn bind_select(select: &mut Select, scope: &Scope) -> Result<(), EngineError> {
    let mut aliases: Vec<(String, Expr)> = Vec::new();
    for item in &mut select.projection {
        let expr = match item {
            SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => expr,
            _ => continue,
        };
        check_expr(expr, scope, &aliases, true)?;
        if let SelectItem::ExprWithAlias { expr, alias } = item {
            aliases.push((alias.value.clone(), expr.clone()));
        }
    }
    for table in &mut select.from {
        for join in &mut table.joins {
            if let Some(on) = join_condition(&mut join.join_operator) {
                check_expr(on, scope, &[], false)?;
            }
        }
    }
    if let Some(selection) = &mut select.selection {
        check_expr(selection, scope, &[], false)?;
    }
    Ok(())
}

fn join_condition(operator: &mut sqlparser::ast::JoinOperator) -> Option<&mut Expr> {
    use sqlparser::ast::{JoinConstraint, JoinOperator as J};
    let constraint = match operator {
        J::Inner(c) | J::LeftOuter(c) | J::RightOuter(c) | J::FullOuter(c) => c,
        _ => return None,
    };
    match constraint {
        JoinConstraint::On(expr) => Some(expr),
        _ => None,
    }
}

/// Walks one expression (not into subqueries, which bind on their own):
/// unknown columns are errors; in a select list, a name that is no column
/// but an earlier alias is replaced by the aliased expression.
fn check_expr(
    expr: &mut Expr,
    scope: &Scope,
    aliases: &[(String, Expr)],
    lateral: bool,
) -> Result<(), EngineError> {
    let mut checker = ColumnChecker {
        scope,
        aliases,
        lateral,
        depth: 0,
    };
    match walk_mut(expr, &mut checker) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(error) => Err(error),
    }
}

struct ColumnChecker<'a> {
    scope: &'a Scope,
    aliases: &'a [(String, Expr)],
    lateral: bool,
    depth: usize,
}

impl VisitorMut for ColumnChecker<'_> {
    type Break = EngineError;

    fn pre_visit_query(&mut self, _query: &mut Query) -> ControlFlow<EngineError> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &mut Query) -> ControlFlow<EngineError> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<EngineError> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        let result = match expr {
            Expr::Identifier(ident) if is_reserved(ident) => Err(reserved_word(ident)),
            Expr::Identifier(ident) => self.identifier(ident).map(|replacement| {
                if let Some(replacement) = replacement {
                    *expr = Expr::Nested(Box::new(replacement));
                }
            }),
            Expr::CompoundIdentifier(parts) => self.compound(parts),
            _ => Ok(()),
        };
        match result {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(error),
        }
    }
}

/// Words the parser reads as identifiers but that are values.
const VALUE_WORDS: [&str; 6] = [
    "current_date",
    "current_timestamp",
    "current_time",
    "sysdate",
    "localtimestamp",
    "getdate",
];

impl ColumnChecker<'_> {
    fn identifier(&self, ident: &Ident) -> Result<Option<Expr>, EngineError> {
        let name = &ident.value;
        if self.scope.has_column(name) || VALUE_WORDS.contains(&name.as_str()) {
            return Ok(None);
        }
        if self.lateral {
            if let Some((_, aliased)) = self.aliases.iter().rev().find(|(alias, _)| alias == name) {
                return Ok(Some(aliased.clone()));
            }
        }
        let mut known = self.scope.known_columns();
        known.extend(self.aliases.iter().map(|(a, _)| a.clone()));
        Err(unknown_column(name, &known))
    }

    fn compound(&self, parts: &mut Vec<Ident>) -> Result<(), EngineError> {
        if let [schema, table, column] = parts.as_slice() {
            let full = format!("{}.{}", schema.value, table.value);
            let Some(relation) = self.scope.relation_by_full_name(&full) else {
                return Err(EngineError::msg(
                    ErrorKind::UnknownName,
                    format!("FROM 절에 {full}이(가) 없습니다."),
                    format!("missing FROM-clause entry for table \"{full}\""),
                )
                .near(&table.value));
            };
            *parts = vec![Ident::new(relation.alias.clone()), column.clone()];
        }
        let [qualifier, column] = parts.as_slice() else {
            return Ok(());
        };
        match self.scope.relation(&qualifier.value) {
            Some(relation) => match &relation.columns {
                Some(columns) if !columns.contains(&column.value) => {
                    let known: Vec<String> = columns
                        .iter()
                        .map(|c| format!("{}.{c}", relation.alias))
                        .collect();
                    Err(unknown_column(
                        &format!("{}.{}", qualifier.value, column.value),
                        &known,
                    ))
                }
                _ => Ok(()),
            },
            None => {
                let aliases: Vec<String> = self.scope.all().map(|r| r.alias.clone()).collect();
                Err(EngineError::msg(
                    ErrorKind::UnknownName,
                    format!(
                        "FROM 절에 {}이(가) 없습니다. 테이블 이름이나 별칭(alias)을 확인하세요.",
                        qualifier.value
                    ),
                    format!(
                        "missing FROM-clause entry for table \"{}\"",
                        qualifier.value
                    ),
                )
                .near(&qualifier.value)
                .with_suggestions(closest(&qualifier.value, &aliases)))
            }
        }
    }
}

/// PostgreSQL's reserved words: unquoted, they cannot name a column.
const RESERVED: [&str; 56] = [
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "intersect",
    "into",
    "lateral",
    "leading",
    "limit",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "primary",
    "references",
    "select",
    "table",
    "then",
    "to",
    "union",
    "unique",
    "where",
];

fn is_reserved(ident: &Ident) -> bool {
    ident.quote_style.is_none() && RESERVED.contains(&ident.value.as_str())
}

fn reserved_word(ident: &Ident) -> EngineError {
    let word = &ident.value;
    EngineError::msg(
        ErrorKind::Syntax,
        format!(
            "SQL 문법 오류: {word}은(는) 예약어입니다. 열 이름으로 쓰려면 큰따옴표로 감싸세요: \"{word}\""
        ),
        format!(
            "Syntax error at or near \"{word}\": it is a reserved word; to use it as a column name, quote it: \"{word}\""
        ),
    )
    .near(word)
}

fn unknown_column(name: &str, known: &[String]) -> EngineError {
    let short = name.rsplit('.').next().unwrap_or(name);
    EngineError::msg(
        ErrorKind::UnknownName,
        format!("열(column) {name}이(가) 없습니다."),
        format!("column \"{name}\" does not exist"),
    )
    .near(short)
    .with_suggestions(closest(name, known))
}

fn unknown_table(full: &str, catalog: &dyn Catalog) -> EngineError {
    EngineError::msg(
        ErrorKind::UnknownName,
        format!("테이블 {full}이(가) 없습니다."),
        format!("relation \"{full}\" does not exist"),
    )
    .near(full.rsplit('.').next().unwrap_or(full))
    .with_suggestions(closest(full, &catalog.table_names()))
}

/// Up to three known names close to `name`: same last part or a small edit distance.
pub fn closest(name: &str, known: &[String]) -> Vec<String> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
    let target = last(name);
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .map(|candidate| {
            let distance = if last(candidate) == target {
                0
            } else {
                strsim::levenshtein(&last(candidate), &target)
                    .min(strsim::levenshtein(candidate, name))
            };
            (distance, candidate)
        })
        .filter(|(distance, candidate)| *distance <= 2.max(last(candidate).chars().count() / 3))
        .collect();
    crate::sort::sort_by(&mut scored, Ord::cmp);
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}
