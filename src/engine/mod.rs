//! The warehouse behind one API: run a script, get per-statement outcomes or
//! a structured error. The worker, the native CLI and the tests all use it.

pub mod catalog;
pub mod copy;
pub mod dialect;
pub mod error;
pub(crate) mod glue;
pub mod import;
pub mod load;
pub mod ops;
pub mod outcome;
pub mod plan;
pub mod script;
mod steps;
pub mod storage;
pub mod workspace;
mod write;

use sqlparser::{
    ast::{ObjectType, SchemaName, Statement},
    parser::Parser,
    tokenizer::{Token, TokenWithLocation},
};
use web_time::Instant;

use dialect::names::{Catalog, TEMP_SCHEMA};
use error::{EngineError, ErrorKind, Message};
use outcome::{Output, RunOutput, StatementResult};
use script::{SourceStatement, DIALECT};
use storage::{Snapshot, Storage};

/// Schemas every database starts with, and whether learners may write there.
pub const BUILTIN_SCHEMAS: [(&str, bool); 9] = [
    ("raw_data", false),
    ("prod", false),
    ("analytics", true),
    ("adhoc", true),
    ("public", true),
    (TEMP_SCHEMA, true),
    ("information_schema", false),
    ("pg_catalog", false),
    (catalog::INTERNAL_SCHEMA, true),
];

/// A statement as the engine runs it: SQL, or a command parsed by us.
enum Command {
    Sql(Box<Statement>),
    Copy(copy::Copy),
    /// `SHOW TABLES [FROM SCHEMA [database.]schema]`.
    ShowTables(Option<String>),
}

/// A database and the session that talks to it. A clone shares the tables
/// with the original until either writes (O(number of tables)), so a grader
/// can start from the page's loaded engine instead of loading its own.
#[derive(Clone)]
pub struct Engine {
    storage: Storage,
    bucket: copy::Bucket,
    transaction: Option<Transaction>,
    pristine: Snapshot,
    /// Numbers the intermediate tables of the running statement.
    step_counter: usize,
}

/// An open transaction: the state to return to, and whether an error aborted it.
#[derive(Clone)]
struct Transaction {
    before: Snapshot,
    aborted: bool,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Catalog for Storage {
    fn has_table(&self, full_name: &str) -> bool {
        self.table(full_name).is_some() || catalog::is_catalog_table(full_name)
    }

    fn table_names(&self) -> Vec<String> {
        self.tables()
            .map(|t| t.schema.table_name.clone())
            .filter(|name| {
                name.split_once('.')
                    .is_some_and(|(schema, _)| catalog::is_visible_schema(schema))
            })
            .collect()
    }

    fn column_defaults(&self, full_name: &str) -> Option<Vec<Option<String>>> {
        use gluesql_core::ast::ToSql;
        let table = self.table(full_name)?;
        Some(
            table
                .schema
                .column_defs
                .iter()
                .flatten()
                .map(|c| c.default.as_ref().map(|d| d.to_sql()))
                .collect(),
        )
    }

    fn column_types(&self, full_name: &str) -> Option<Vec<String>> {
        Some(self.table(full_name)?.info.declared_types.clone())
    }

    fn column_names(&self, full_name: &str) -> Option<Vec<String>> {
        let table = self.table(full_name)?;
        Some(
            table
                .schema
                .column_defs
                .iter()
                .flatten()
                .map(|c| c.name.clone())
                .collect(),
        )
    }
}

impl Engine {
    /// An empty warehouse with the built-in schemas.
    pub fn new() -> Self {
        let mut storage = Storage::default();
        for (name, writable) in BUILTIN_SCHEMAS {
            storage.create_schema(name, writable);
        }
        let pristine = storage.snapshot();
        Self {
            storage,
            bucket: copy::Bucket::default(),
            transaction: None,
            pristine,
            step_counter: 0,
        }
    }

    /// The storage, for loaders and catalog readers.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The storage, for loaders that write tables directly.
    pub fn storage_mut(&mut self) -> &mut Storage {
        &mut self.storage
    }

    /// The virtual S3 bucket COPY reads from.
    pub fn bucket_mut(&mut self) -> &mut copy::Bucket {
        &mut self.bucket
    }

    /// Records the current state as the one `reset` returns to.
    pub fn mark_pristine(&mut self) {
        self.pristine = self.storage.snapshot();
    }

    /// Returns the whole database to its pristine state, in O(number of tables).
    pub fn reset(&mut self) {
        self.storage.restore(&self.pristine);
        self.transaction = None;
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.transaction.is_some()
    }

    /// The committed state: inside a transaction, the state at BEGIN (what
    /// a new session would see); otherwise the storage itself.
    pub fn committed(&self) -> &Storage {
        match &self.transaction {
            Some(transaction) => transaction.before.storage(),
            None => &self.storage,
        }
    }

    /// Runs a script: statements in order, stopping at the first error.
    pub fn run(&mut self, script: &str) -> RunOutput {
        self.run_each(script, |_, _| {})
    }

    /// Runs a script like [`Engine::run`], calling `on_statement` after each
    /// statement that completes, with the engine as that statement left it.
    pub fn run_each(
        &mut self,
        script: &str,
        mut on_statement: impl FnMut(&StatementResult, &Engine),
    ) -> RunOutput {
        let statements = match script::split(script) {
            Ok(statements) => statements,
            Err(error) => {
                return RunOutput {
                    statements: Vec::new(),
                    error: Some(error.in_statement(1)),
                }
            }
        };
        let mut output = RunOutput {
            statements: Vec::with_capacity(statements.len()),
            error: None,
        };
        for (index, source) in statements.iter().enumerate() {
            let number = index + 1;
            match self.run_statement(source, number) {
                Ok(result) => {
                    on_statement(&result, self);
                    output.statements.push(result);
                }
                Err(error) => {
                    let (line, column) = locate(source, &error);
                    output.error = Some(error.in_statement(number).at(line, column));
                    break;
                }
            }
        }
        output
    }

    fn run_statement(
        &mut self,
        source: &SourceStatement,
        number: usize,
    ) -> Result<StatementResult, EngineError> {
        let started = Instant::now();
        let command = if copy::is_copy(&source.tokens) {
            Command::Copy(copy::parse(&source.tokens)?)
        } else if let Some(schema) = catalog::parse_show_tables(&source.tokens)? {
            Command::ShowTables(schema)
        } else {
            Command::Sql(Box::new(parse(source)?))
        };
        let mut notices = Vec::new();
        let mut steps = Vec::new();
        let output = self.execute(command, &mut notices, &mut steps)?;
        Ok(StatementResult {
            number,
            line: source.line,
            sql: source.text.clone(),
            output,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            notices,
            plan: steps,
        })
    }

    /// Executes one statement with Redshift's transaction rules: outside a
    /// transaction a statement is atomic; inside one, an error aborts it.
    fn execute(
        &mut self,
        command: Command,
        notices: &mut Vec<Message>,
        steps: &mut Vec<String>,
    ) -> Result<Output, EngineError> {
        if let Command::Sql(statement) = &command {
            match statement.as_ref() {
                Statement::StartTransaction { .. } => return self.begin(notices),
                Statement::Commit { .. } => return Ok(self.commit()),
                Statement::Rollback { .. } => return Ok(self.rollback(notices)),
                _ => {}
            }
        }
        if self.transaction.as_ref().is_some_and(|t| t.aborted) {
            return Err(EngineError::msg(
                ErrorKind::TransactionAborted,
                "트랜잭션이 이미 오류로 중단되었습니다. ROLLBACK(또는 END)으로 끝낸 뒤 다시 실행하세요.",
                "current transaction is aborted, commands ignored until end of transaction block (run ROLLBACK or END)",
            ));
        }
        let commits =
            matches!(&command, Command::Sql(s) if matches!(s.as_ref(), Statement::Truncate { .. }));
        let before = self.storage.snapshot();
        let result = match command {
            Command::Sql(statement) => self.execute_in_steps(*statement, notices, steps),
            Command::Copy(copy) => self.copy(&copy, steps),
            Command::ShowTables(schema) => Ok(self.show_tables(schema.as_deref())),
        };
        match (&result, &mut self.transaction) {
            (Err(_), Some(transaction)) => transaction.aborted = true,
            (Err(_), None) => self.storage.restore(&before),
            (Ok(_), Some(_)) if commits => {
                // Redshift's TRUNCATE commits the transaction it runs in.
                self.transaction = None;
                notices.push(Message::new(
                    "TRUNCATE는 진행 중인 트랜잭션을 커밋합니다 (Redshift 동작).",
                    "TRUNCATE commits the open transaction (as in Redshift).",
                ));
            }
            _ => {}
        }
        result
    }

    /// Runs the parts of a statement's query that need steps (CTEs, set
    /// operations, derived tables, windows) first, then the statement.
    fn execute_in_steps(
        &mut self,
        mut statement: Statement,
        notices: &mut Vec<Message>,
        steps: &mut Vec<String>,
    ) -> Result<Output, EngineError> {
        if let Statement::Explain { statement, .. } = statement {
            return self.explain(*statement, steps);
        }
        let result = (|| {
            let query = match &mut statement {
                Statement::Query(query) => {
                    if steps::needs_steps(query) {
                        let query = std::mem::replace(query.as_mut(), steps::empty_query());
                        let rows = self.query_in_steps(query, steps)?;
                        return Ok(glue::rows_output(rows.labels, rows.rows));
                    }
                    None
                }
                Statement::CreateTable(create) => create.query.as_mut(),
                Statement::Insert(insert) => insert.source.as_mut(),
                _ => None,
            };
            if let Some(query) = query {
                dialect::unwrap_parentheses(query);
                if steps::needs_steps(query) {
                    let taken = std::mem::replace(query.as_mut(), steps::empty_query());
                    let rows = self.query_in_steps(taken, steps)?;
                    let table = self.store_new_step("result", rows);
                    *query.body = sqlparser::ast::SetExpr::Select(Box::new(
                        steps::select_all_from(&table, None),
                    ));
                }
            }
            self.execute_one(statement, notices, steps)
        })();
        self.drop_steps();
        result
    }

    /// `EXPLAIN statement`: runs it on a snapshot (nothing changes) and
    /// shows its steps, one row each.
    fn explain(
        &mut self,
        statement: Statement,
        steps: &mut Vec<String>,
    ) -> Result<Output, EngineError> {
        let before = self.storage.snapshot();
        let mut plan = Vec::new();
        let mut notices = Vec::new();
        let result = self.execute_in_steps(statement, &mut notices, &mut plan);
        self.storage.restore(&before);
        result?;
        steps
            .push("EXPLAIN: the statement ran on a snapshot, then the snapshot was dropped".into());
        Ok(Output::Rows(outcome::ResultSet {
            columns: vec![outcome::Column {
                name: "QUERY PLAN".into(),
                type_name: "VARCHAR".into(),
            }],
            rows: plan
                .into_iter()
                .map(|line| vec![outcome::Cell::Text(line)])
                .collect(),
        }))
    }

    fn execute_one(
        &mut self,
        statement: Statement,
        notices: &mut Vec<Message>,
        steps: &mut Vec<String>,
    ) -> Result<Output, EngineError> {
        match statement {
            Statement::CreateSchema {
                schema_name,
                if_not_exists,
            } => self.create_schema(&schema_name, if_not_exists, notices),
            Statement::Drop {
                object_type: ObjectType::Schema,
                names,
                if_exists,
                cascade,
                ..
            } => self.drop_schema(&names, if_exists, cascade, notices),
            statement => {
                let prepared = dialect::prepare(statement, &self.storage)?;
                self.refresh_catalog(&prepared.relations);
                if let Some(target) = &prepared.target {
                    let writable = self.storage.schema(&target.schema).map(|s| s.writable);
                    dialect::check_writable(target, writable)?;
                }
                if let Statement::CreateTable(create) = &prepared.statement {
                    if let (Some(query), Some(target)) = (&create.query, &prepared.target) {
                        steps.push(format!("GlueSQL: {query}"));
                        steps.push(format!("rows stored as {}", target.full()));
                        return self.create_table_as(target, create.if_not_exists, query, notices);
                    }
                }
                let before = prepared
                    .target
                    .as_ref()
                    .and_then(|t| self.storage.table(&t.full()).cloned());
                let renames = column_renames(&prepared.statement);
                let mut output = Output::Command(String::new());
                for step in plan::plan(prepared.statement) {
                    steps.push(step.describe());
                    output = step
                        .run(&mut self.storage)
                        .map_err(|e| name_not_null_columns(e, before.as_deref()))?;
                }
                if let Some(target) = &prepared.target {
                    let full = target.full();
                    match (prepared.table_info, before) {
                        (Some(info), _) => self.storage.set_table_info(&full, info),
                        (None, Some(before))
                            if !prepared.added_columns.is_empty()
                                || !renames.is_empty()
                                || self.storage.table(&full).is_some_and(|t| {
                                    t.schema.column_defs != before.schema.column_defs
                                }) =>
                        {
                            if let Some(after) = self.storage.table(&full) {
                                let info =
                                    altered_info(&before, after, &prepared.added_columns, &renames);
                                self.storage.set_table_info(&full, info);
                            }
                        }
                        _ => {}
                    }
                }
                Ok(output)
            }
        }
    }

    fn copy(&mut self, copy: &copy::Copy, steps: &mut Vec<String>) -> Result<Output, EngineError> {
        let (target, output) = copy::run(copy, &mut self.storage, &self.bucket)?;
        let writable = self.storage.schema(&target.schema).map(|s| s.writable);
        dialect::check_writable(&target, writable)?;
        steps.push(format!(
            "COPY into {} from the virtual bucket",
            target.full()
        ));
        Ok(output)
    }

    /// CTAS: the query runs as a planned SELECT (GlueSQL plans CTAS
    /// queries without hash joins), and its rows become the new table.
    fn create_table_as(
        &mut self,
        target: &dialect::names::TableName,
        if_not_exists: bool,
        query: &sqlparser::ast::Query,
        notices: &mut Vec<Message>,
    ) -> Result<Output, EngineError> {
        let full = target.full();
        if self.storage.table(&full).is_some() {
            if if_not_exists {
                notices.push(Message::new(
                    format!("테이블 {full}이(가) 이미 있어 건너뜁니다."),
                    format!("relation \"{full}\" already exists, skipping"),
                ));
                return Ok(Output::Command("CREATE TABLE".into()));
            }
            return Err(EngineError::msg(
                ErrorKind::AlreadyExists,
                format!(
                    "테이블 {full}이(가) 이미 있습니다. 먼저 DROP TABLE 하거나 다른 이름을 쓰세요."
                ),
                format!("relation \"{full}\" already exists"),
            ));
        }
        let (labels, rows) = glue::select(
            &mut self.storage,
            &Statement::Query(Box::new(query.clone())),
        )?;
        let column_defs = labels
            .iter()
            .enumerate()
            .map(|(i, name)| gluesql_core::ast::ColumnDef {
                name: name.clone(),
                data_type: glue::column_storage_type(&rows, i),
                nullable: true,
                default: None,
                unique: None,
                comment: None,
            })
            .collect::<Vec<_>>();
        let mut table = storage::Table::new(gluesql_core::data::Schema {
            table_name: full,
            column_defs: Some(column_defs.clone()),
            indexes: Vec::new(),
            engine: None,
            foreign_keys: Vec::new(),
            comment: None,
        });
        let sources = source_column_types(query, &self.storage);
        table.info.declared_types = column_defs
            .iter()
            .enumerate()
            .map(|(i, c)| match sources.get(i) {
                Some(Some(declared)) => declared.clone(),
                _ => dialect::types::glue_type_name(&c.data_type).to_owned(),
            })
            .collect();
        table.info.temporary = target.schema == TEMP_SCHEMA;
        let count = rows.len();
        table.append(rows);
        self.storage.put_table(table);
        Ok(Output::Affected {
            command: "SELECT".into(),
            rows: count,
        })
    }

    fn begin(&mut self, notices: &mut Vec<Message>) -> Result<Output, EngineError> {
        if self.transaction.is_some() {
            notices.push(Message::new(
                "이미 트랜잭션이 진행 중입니다.",
                "there is already a transaction in progress",
            ));
        } else {
            self.transaction = Some(Transaction {
                before: self.storage.snapshot(),
                aborted: false,
            });
        }
        Ok(Output::Command("BEGIN".into()))
    }

    fn commit(&mut self) -> Output {
        match self.transaction.take() {
            Some(transaction) if transaction.aborted => {
                self.storage.restore(&transaction.before);
                Output::Command("ROLLBACK".into())
            }
            _ => Output::Command("COMMIT".into()),
        }
    }

    fn rollback(&mut self, notices: &mut Vec<Message>) -> Output {
        match self.transaction.take() {
            Some(transaction) => self.storage.restore(&transaction.before),
            None => notices.push(Message::new(
                "진행 중인 트랜잭션이 없습니다.",
                "there is no transaction in progress",
            )),
        }
        Output::Command("ROLLBACK".into())
    }

    fn create_schema(
        &mut self,
        name: &SchemaName,
        if_not_exists: bool,
        notices: &mut Vec<Message>,
    ) -> Result<Output, EngineError> {
        let name = schema_name(name)?;
        if !self.storage.create_schema(&name, true) {
            if !if_not_exists {
                return Err(EngineError::msg(
                    ErrorKind::AlreadyExists,
                    format!("스키마 {name}이(가) 이미 있습니다."),
                    format!("schema \"{name}\" already exists"),
                ));
            }
            notices.push(Message::new(
                format!("스키마 {name}이(가) 이미 있어 건너뜁니다."),
                format!("schema \"{name}\" already exists, skipping"),
            ));
        }
        Ok(Output::Command("CREATE SCHEMA".into()))
    }

    fn drop_schema(
        &mut self,
        names: &[sqlparser::ast::ObjectName],
        if_exists: bool,
        cascade: bool,
        notices: &mut Vec<Message>,
    ) -> Result<Output, EngineError> {
        for name in names {
            let name = name.to_string();
            match self.storage.schema(&name) {
                Some(schema)
                    if !schema.writable || BUILTIN_SCHEMAS.iter().any(|(b, _)| *b == name) =>
                {
                    return Err(EngineError::msg(
                        ErrorKind::PermissionDenied,
                        format!("권한이 없습니다: 기본 스키마 {name}은(는) 지울 수 없습니다."),
                        format!("permission denied: the built-in schema {name} cannot be dropped"),
                    ));
                }
                Some(_) => {
                    let prefix = format!("{name}.");
                    let holds_tables = self
                        .storage
                        .tables()
                        .any(|t| t.schema.table_name.starts_with(&prefix));
                    if holds_tables && !cascade {
                        return Err(EngineError::msg(
                            ErrorKind::Constraint,
                            format!(
                                "스키마 {name}에 테이블이 있어 지울 수 없습니다. 테이블까지 지우려면 DROP SCHEMA {name} CASCADE 를 쓰세요."
                            ),
                            format!(
                                "cannot drop schema {name} because other objects depend on it (use DROP SCHEMA {name} CASCADE to drop its tables too)"
                            ),
                        ));
                    }
                    self.storage.drop_schema(&name);
                }
                None if if_exists => notices.push(Message::new(
                    format!("스키마 {name}이(가) 없어 건너뜁니다."),
                    format!("schema \"{name}\" does not exist, skipping"),
                )),
                None => {
                    return Err(EngineError::msg(
                        ErrorKind::UnknownName,
                        format!("스키마 {name}이(가) 없습니다."),
                        format!("schema \"{name}\" does not exist"),
                    ))
                }
            }
        }
        Ok(Output::Command("DROP SCHEMA".into()))
    }
}

/// `ALTER TABLE ... RENAME COLUMN a TO b` pairs.
fn column_renames(statement: &Statement) -> Vec<(String, String)> {
    let Statement::AlterTable { operations, .. } = statement else {
        return Vec::new();
    };
    operations
        .iter()
        .filter_map(|operation| match operation {
            sqlparser::ast::AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => Some((old_column_name.value.clone(), new_column_name.value.clone())),
            _ => None,
        })
        .collect()
}

/// The catalog metadata of a table after ALTER TABLE: types follow their
/// columns through renames; added columns get their declared types.
fn altered_info(
    before: &storage::Table,
    after: &storage::Table,
    added: &[(String, String)],
    renames: &[(String, String)],
) -> storage::TableInfo {
    let old_names: Vec<&String> = before
        .schema
        .column_defs
        .iter()
        .flatten()
        .map(|c| &c.name)
        .collect();
    let old_name = |name: &String| -> String {
        renames
            .iter()
            .find(|(_, new)| new == name)
            .map_or_else(|| name.clone(), |(old, _)| old.clone())
    };
    let declared_types = after
        .schema
        .column_defs
        .iter()
        .flatten()
        .map(|column| {
            if let Some((_, declared)) = added.iter().find(|(name, _)| *name == column.name) {
                return declared.clone();
            }
            let source = old_name(&column.name);
            old_names
                .iter()
                .position(|n| **n == source)
                .and_then(|i| before.info.declared_types.get(i).cloned())
                .unwrap_or_else(|| dialect::types::glue_type_name(&column.data_type).to_owned())
        })
        .collect();
    let primary_key = before
        .info
        .primary_key
        .iter()
        .map(|key| {
            renames
                .iter()
                .find(|(old, _)| old == key)
                .map_or_else(|| key.clone(), |(_, new)| new.clone())
        })
        .collect();
    storage::TableInfo {
        declared_types,
        primary_key,
        temporary: before.info.temporary,
    }
}

/// GlueSQL reports a NULL in a NOT NULL column without naming it; the
/// message names the table's NOT NULL columns.
fn name_not_null_columns(error: EngineError, table: Option<&storage::Table>) -> EngineError {
    let Some(table) = table else {
        return error;
    };
    if !error.message.en.contains("null value on not null field") {
        return error;
    }
    let columns: Vec<&str> = table
        .schema
        .column_defs
        .iter()
        .flatten()
        .filter(|c| !c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    let list = columns.join(", ");
    let mut named = EngineError::msg(
        ErrorKind::Constraint,
        format!("NOT NULL 열({list})에 NULL을 넣을 수 없습니다."),
        format!("null value violates not-null constraint (NOT NULL columns: {list})"),
    );
    if let [column] = columns.as_slice() {
        named = named.near(column);
    }
    named
}

/// For each item of a CTAS query's select list that is a plain column of a
/// stored table, that column's declared type: `CREATE TABLE t AS SELECT
/// name FROM people` keeps `character varying(32)`.
fn source_column_types(query: &sqlparser::ast::Query, storage: &Storage) -> Vec<Option<String>> {
    use sqlparser::ast::{Expr, SelectItem, SetExpr, TableFactor};
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Vec::new();
    };
    let mut tables = Vec::new();
    for from in &select.from {
        let factors = std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation));
        for factor in factors {
            if let TableFactor::Table { name, alias, .. } = factor {
                let full = name
                    .0
                    .iter()
                    .map(|p| p.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let alias = alias.as_ref().map(|a| a.name.value.clone());
                if let Some(table) = storage.table(&full) {
                    tables.push((alias, table.clone()));
                }
            }
        }
    }
    let declared = |qualifier: Option<&str>, column: &str| {
        tables
            .iter()
            .filter(|(alias, _)| qualifier.is_none_or(|q| alias.as_deref() == Some(q)))
            .find_map(|(_, table)| {
                let position = table
                    .schema
                    .column_defs
                    .iter()
                    .flatten()
                    .position(|c| c.name == column)?;
                table.info.declared_types.get(position).cloned()
            })
    };
    let mut types = Vec::new();
    for item in &select.projection {
        let expr = match item {
            SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => expr,
            _ => return Vec::new(),
        };
        types.push(match expr {
            Expr::Identifier(column) => declared(None, &column.value),
            Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                declared(Some(&parts[0].value), &parts[1].value)
            }
            _ => None,
        });
    }
    types
}

fn schema_name(name: &SchemaName) -> Result<String, EngineError> {
    match name {
        SchemaName::Simple(name) => Ok(name.to_string()),
        _ => Err(EngineError::unsupported(
            (
                "CREATE SCHEMA ... AUTHORIZATION",
                "CREATE SCHEMA ... AUTHORIZATION",
            ),
            "CREATE SCHEMA 이름 형식으로 쓰세요.",
            "Write CREATE SCHEMA name.",
        )),
    }
}

/// Where an error points: the offending word's first occurrence in the
/// statement, or the statement's start.
fn locate(source: &SourceStatement, error: &EngineError) -> (usize, usize) {
    let found = error.near.as_deref().and_then(|word| {
        let lower = source.text.to_lowercase();
        let word = word.to_lowercase();
        let is_boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        lower.match_indices(&word).map(|(i, _)| i).find(|&i| {
            is_boundary(lower[..i].chars().next_back())
                && is_boundary(lower[i + word.len()..].chars().next())
        })
    });
    let Some(offset) = found else {
        return (source.line, source.column);
    };
    let before = &source.text[..offset];
    let newlines = before.matches('\n').count();
    let column = match before.rfind('\n') {
        Some(i) => before[i + 1..].chars().count() + 1,
        None => source.column + before.chars().count(),
    };
    (source.line + newlines, column)
}

/// Parses one statement from its tokens; a syntax error keeps its position.
fn parse(source: &SourceStatement) -> Result<Statement, EngineError> {
    let mut tokens = script::convert_type_first(source.tokens.clone());
    tokens.push(TokenWithLocation::wrap(Token::EOF));
    let mut parser = Parser::new(&DIALECT).with_tokens_with_locations(tokens);
    let statement = parser.parse_statement().map_err(syntax_error)?;
    match parser.peek_token().token {
        Token::EOF => Ok(statement),
        other => {
            let location = parser.peek_token().location;
            Err(syntax_error(sqlparser::parser::ParserError::ParserError(
                format!(
                    "Expected end of statement, found: {other} at Line: {}, Column: {}",
                    location.line, location.column
                ),
            )))
        }
    }
}

/// A parser error with its line and column taken from the parser's message.
fn syntax_error(error: sqlparser::parser::ParserError) -> EngineError {
    let text = match &error {
        sqlparser::parser::ParserError::TokenizerError(s)
        | sqlparser::parser::ParserError::ParserError(s) => s.clone(),
        sqlparser::parser::ParserError::RecursionLimitExceeded => {
            "statement nested too deeply".to_owned()
        }
    };
    let (detail, position) = match text.rsplit_once(" at Line: ") {
        Some((detail, position)) => (detail.to_owned(), Some(position.to_owned())),
        None => (text.clone(), None),
    };
    let mut engine_error = EngineError::msg(
        ErrorKind::Syntax,
        format!("SQL 문법 오류: {detail}"),
        format!("Syntax error: {detail}"),
    );
    if let Some((line, column)) = position.as_deref().and_then(|p| p.split_once(", Column: ")) {
        if let (Ok(line), Ok(column)) = (line.trim().parse(), column.trim().parse()) {
            engine_error = engine_error.at(line, column);
        }
    }
    engine_error
}
