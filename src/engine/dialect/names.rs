//! Name resolution: every table reference becomes its full `schema.table`
//! name (one GlueSQL identifier), following the search path.

use crate::engine::dialect::walk::walk_mut;
use std::ops::ControlFlow;

use sqlparser::ast::{Ident, ObjectName, TableAlias, TableFactor, VisitMut, VisitorMut};

use crate::engine::error::{EngineError, ErrorKind};

/// Schemas searched for unqualified names, in order: first the statement's
/// own intermediate results (CTEs), then the session's temporary tables.
pub const SEARCH_PATH: [&str; 5] = ["__steps", "pg_temp", "adhoc", "raw_data", "pg_catalog"];

/// Where unqualified new tables go.
pub const DEFAULT_SCHEMA: &str = "adhoc";

/// Schema of session-scoped temporary tables.
pub const TEMP_SCHEMA: &str = "pg_temp";

/// What name resolution needs to know about the database.
pub trait Catalog {
    /// Whether a table exists under its full name.
    fn has_table(&self, full_name: &str) -> bool;

    /// The column names of a table, if it exists.
    fn column_names(&self, full_name: &str) -> Option<Vec<String>>;

    /// The declared (catalog) types of a table's columns, if it exists.
    fn column_types(&self, full_name: &str) -> Option<Vec<String>>;

    /// Each column's DEFAULT as SQL text (None without one), if the table exists.
    fn column_defaults(&self, full_name: &str) -> Option<Vec<Option<String>>>;

    /// Full names of every table learners can see (for suggestions).
    fn table_names(&self) -> Vec<String>;
}

/// A resolved table name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableName {
    /// The schema.
    pub schema: String,
    /// The table within it.
    pub table: String,
}

impl TableName {
    /// `schema.table`.
    pub fn full(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }

    /// The name as one quoted identifier, the way GlueSQL receives it.
    pub fn to_object_name(&self) -> ObjectName {
        ObjectName(vec![Ident::with_quote('"', self.full())])
    }
}

/// Resolves a written name (`t`, `schema.t`) with the search path.
pub fn resolve(name: &ObjectName, catalog: &dyn Catalog) -> Result<TableName, EngineError> {
    match name.0.as_slice() {
        [table] => {
            if let Some((schema, table)) = table.value.split_once('.') {
                if table_is_resolved(catalog, schema, table) {
                    return Ok(TableName {
                        schema: schema.to_owned(),
                        table: table.to_owned(),
                    });
                }
            }
            let schema = SEARCH_PATH
                .iter()
                .find(|schema| catalog.has_table(&format!("{schema}.{}", table.value)))
                .unwrap_or(&DEFAULT_SCHEMA);
            Ok(TableName {
                schema: (*schema).to_owned(),
                table: table.value.clone(),
            })
        }
        [schema, table] => Ok(TableName {
            schema: schema.value.clone(),
            table: table.value.clone(),
        }),
        _ => Err(EngineError::msg(
            ErrorKind::Unsupported,
            format!("테이블 이름 {name}은(는) 너무 깁니다. schema.table 형식으로 쓰세요."),
            format!("The table name {name} has too many parts. Write schema.table."),
        )),
    }
}

fn table_is_resolved(catalog: &dyn Catalog, schema: &str, table: &str) -> bool {
    catalog.has_table(&format!("{schema}.{table}"))
}

/// Rewrites every table reference in a statement to its full name, and gives
/// an unaliased table its own name as alias, so `usc.userid` and
/// `user_session_channel.userid` both keep working.
/// Returns the full names of the tables referenced.
pub fn qualify<T: VisitMut>(
    node: &mut T,
    catalog: &dyn Catalog,
) -> Result<Vec<String>, EngineError> {
    let mut qualifier = Qualifier {
        catalog,
        relations: Vec::new(),
    };
    match walk_mut(node, &mut qualifier) {
        ControlFlow::Continue(()) => Ok(qualifier.relations),
        ControlFlow::Break(error) => Err(error),
    }
}

struct Qualifier<'a> {
    catalog: &'a dyn Catalog,
    relations: Vec<String>,
}

impl VisitorMut for Qualifier<'_> {
    type Break = EngineError;

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<EngineError> {
        if let TableFactor::Table {
            name, alias: None, ..
        } = factor
        {
            if let Some(last) = name.0.last() {
                let short = last.value.rsplit('.').next().unwrap_or(&last.value);
                let alias = TableAlias {
                    name: Ident::new(short),
                    columns: Vec::new(),
                };
                if let TableFactor::Table { alias: slot, .. } = factor {
                    *slot = Some(alias);
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn post_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<EngineError> {
        match resolve(relation, self.catalog) {
            Ok(name) => {
                self.relations.push(name.full());
                *relation = name.to_object_name();
                ControlFlow::Continue(())
            }
            Err(error) => ControlFlow::Break(error),
        }
    }
}
