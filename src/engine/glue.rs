//! The bridge to GlueSQL: run one rewritten statement on our storage, and
//! turn its payloads, values and errors into ours.

use gluesql_core::{
    data::Value,
    error::{
        AlterTableError, Error as GlueError, EvaluateError, FetchError, InsertError, TranslateError,
    },
    executor::{execute, Payload},
    plan::StatementPlan,
    store::Planner,
    translate::translate,
};
use sqlparser::ast::Statement;

use super::error::{EngineError, ErrorKind, Message};
use super::outcome::{Cell, Column, Output, ResultSet};
use super::storage::Storage;

/// Translates, plans and executes one statement with GlueSQL.
pub fn run(storage: &mut Storage, statement: &Statement) -> Result<Output, EngineError> {
    let translated = translate(statement).map_err(from_glue)?;
    let plan = storage
        .plan(StatementPlan::from(translated))
        .map_err(from_glue)?;
    let payload = execute(storage, &plan).map_err(from_glue)?;
    Ok(from_payload(payload))
}

/// Runs a query with GlueSQL and returns its column labels and raw values.
pub fn select(
    storage: &mut Storage,
    statement: &Statement,
) -> Result<(Vec<String>, Vec<Vec<Value>>), EngineError> {
    let translated = translate(statement).map_err(from_glue)?;
    let plan = storage
        .plan(StatementPlan::from(translated))
        .map_err(from_glue)?;
    match execute(storage, &plan).map_err(from_glue)? {
        Payload::Select { labels, rows } => Ok((labels.into_iter().map(label).collect(), rows)),
        _ => Err(EngineError::msg(
            ErrorKind::Execution,
            "질의가 행을 돌려주지 않았습니다.",
            "the query returned no rows",
        )),
    }
}

/// The storage type of a result column, from its first non-NULL value.
pub fn column_storage_type(rows: &[Vec<Value>], index: usize) -> gluesql_core::ast::DataType {
    use gluesql_core::ast::DataType as T;
    let first = rows
        .iter()
        .filter_map(|r| r.get(index))
        .find(|v| !matches!(v, Value::Null));
    match first {
        Some(Value::Bool(_)) => T::Boolean,
        Some(
            Value::I8(_)
            | Value::I16(_)
            | Value::I32(_)
            | Value::I64(_)
            | Value::U8(_)
            | Value::U16(_)
            | Value::U32(_),
        ) => T::Int,
        Some(Value::I128(_) | Value::U64(_) | Value::U128(_)) => T::Int128,
        Some(Value::F32(_) | Value::F64(_)) => T::Float,
        Some(Value::Decimal(_)) => T::Decimal,
        Some(Value::Date(_)) => T::Date,
        Some(Value::Timestamp(_)) => T::Timestamp,
        Some(Value::Time(_)) => T::Time,
        Some(Value::Interval(_)) => T::Interval,
        _ => T::Text,
    }
}

/// A column label as Redshift shows it: GlueSQL labels a quoted column
/// `"date"` with its quotes.
fn label(name: String) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) if !inner.is_empty() => inner.replace("\"\"", "\""),
        _ => name,
    }
}

/// Rows computed in steps, as a statement's output.
pub fn rows_output(labels: Vec<String>, rows: Vec<Vec<Value>>) -> Output {
    from_payload(Payload::Select { labels, rows })
}

fn from_payload(payload: Payload) -> Output {
    match payload {
        Payload::Select { labels, rows } => {
            let columns = labels
                .into_iter()
                .enumerate()
                .map(|(i, name)| Column {
                    type_name: column_type(rows.iter().map(|r| r.get(i))),
                    name: label(name),
                })
                .collect();
            let rows = rows
                .into_iter()
                .map(|row| row.into_iter().map(to_cell).collect())
                .collect();
            Output::Rows(ResultSet { columns, rows })
        }
        Payload::SelectMap(rows) => {
            let mut names: Vec<String> = rows.iter().flat_map(|r| r.keys().cloned()).collect();
            names.sort();
            names.dedup();
            let columns = names
                .iter()
                .map(|name| Column {
                    name: name.clone(),
                    type_name: column_type(rows.iter().map(|r| r.get(name))),
                })
                .collect();
            let rows = rows
                .into_iter()
                .map(|mut row| {
                    names
                        .iter()
                        .map(|n| row.remove(n).map(to_cell).unwrap_or(Cell::Null))
                        .collect()
                })
                .collect();
            Output::Rows(ResultSet { columns, rows })
        }
        Payload::ShowColumns(columns) => Output::Rows(ResultSet {
            columns: vec![
                Column {
                    name: "column_name".into(),
                    type_name: "VARCHAR".into(),
                },
                Column {
                    name: "data_type".into(),
                    type_name: "VARCHAR".into(),
                },
            ],
            rows: columns
                .into_iter()
                .map(|(name, t)| vec![Cell::Text(name), Cell::Text(t.to_string())])
                .collect(),
        }),
        Payload::Insert(n) => affected("INSERT", n),
        Payload::Delete(n) => affected("DELETE", n),
        Payload::Update(n) => affected("UPDATE", n),
        Payload::Create => Output::Command("CREATE TABLE".into()),
        Payload::DropTable(_) => Output::Command("DROP TABLE".into()),
        Payload::AlterTable => Output::Command("ALTER TABLE".into()),
        other => Output::Command(format!("{other:?}").to_uppercase()),
    }
}

fn affected(command: &str, rows: usize) -> Output {
    Output::Affected {
        command: command.into(),
        rows,
    }
}

/// The Redshift type name of a result column, from its first non-NULL value.
pub fn column_type<'a>(mut values: impl Iterator<Item = Option<&'a Value>>) -> String {
    let first = values.find_map(|v| v.filter(|v| !matches!(v, Value::Null)));
    match first {
        Some(Value::Bool(_)) => "BOOLEAN",
        Some(Value::I8(_) | Value::I16(_) | Value::U8(_)) => "SMALLINT",
        Some(Value::I32(_) | Value::U16(_)) => "INTEGER",
        Some(Value::I64(_) | Value::I128(_) | Value::U32(_) | Value::U64(_) | Value::U128(_)) => {
            "BIGINT"
        }
        Some(Value::F32(_)) => "REAL",
        Some(Value::F64(_)) => "DOUBLE PRECISION",
        Some(Value::Decimal(_)) => "NUMERIC",
        Some(Value::Date(_)) => "DATE",
        Some(Value::Timestamp(_)) => "TIMESTAMP",
        Some(Value::Time(_)) => "TIME",
        Some(Value::Interval(_)) => "INTERVAL",
        _ => "VARCHAR",
    }
    .to_owned()
}

/// Converts a GlueSQL value to a result cell.
pub fn to_cell(value: Value) -> Cell {
    match value {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(b),
        Value::I8(i) => Cell::Int(i.into()),
        Value::I16(i) => Cell::Int(i.into()),
        Value::I32(i) => Cell::Int(i.into()),
        Value::I64(i) => Cell::Int(i),
        Value::U8(i) => Cell::Int(i.into()),
        Value::U16(i) => Cell::Int(i.into()),
        Value::U32(i) => Cell::Int(i.into()),
        Value::I128(i) => i64::try_from(i)
            .map(Cell::Int)
            .unwrap_or_else(|_| Cell::Decimal(i.to_string())),
        Value::U64(i) => i64::try_from(i)
            .map(Cell::Int)
            .unwrap_or_else(|_| Cell::Decimal(i.to_string())),
        Value::U128(i) => i64::try_from(i)
            .map(Cell::Int)
            .unwrap_or_else(|_| Cell::Decimal(i.to_string())),
        Value::F32(f) => Cell::Float(f.into()),
        Value::F64(f) => Cell::Float(f),
        Value::Decimal(d) => Cell::Decimal(d.normalize().to_string()),
        Value::Str(s) => Cell::Text(s),
        Value::Date(d) => Cell::Date(d),
        Value::Timestamp(ts) => Cell::Timestamp(ts),
        Value::Interval(i) => Cell::Interval(i.to_sql_str()),
        Value::Time(t) => Cell::Text(t.to_string()),
        Value::Uuid(u) => Cell::Text(format!("{u:032x}")),
        Value::Inet(ip) => Cell::Text(ip.to_string()),
        Value::Bytea(b) => Cell::Text(b.iter().map(|x| format!("{x:02x}")).collect()),
        Value::Map(_) | Value::List(_) | Value::Point(_) => Cell::Text(format!("{value:?}")),
    }
}

/// Maps a GlueSQL error to ours, with a Korean message for the common cases.
pub fn from_glue(error: GlueError) -> EngineError {
    let english = error.to_string();
    let (kind, ko) = match &error {
        GlueError::Evaluate(EvaluateError::IdentifierNotFound(name)) => (
            ErrorKind::UnknownName,
            format!("열(column) {name}을(를) 찾을 수 없습니다."),
        ),
        GlueError::Fetch(FetchError::TableNotFound(name)) => (
            ErrorKind::UnknownName,
            format!("테이블 {name}이(가) 없습니다."),
        ),
        GlueError::AlterTable(AlterTableError::TableNotFound(name))
        | GlueError::Insert(InsertError::TableNotFound(name)) => {
            return EngineError::msg(
                ErrorKind::UnknownName,
                format!("테이블 {name}이(가) 없습니다."),
                format!("relation \"{name}\" does not exist"),
            )
        }
        GlueError::AlterTable(AlterTableError::AlreadyExistingColumn(column)) => {
            return EngineError::msg(
                ErrorKind::AlreadyExists,
                format!("열(column) {column}이(가) 이미 있습니다."),
                format!("column \"{column}\" of relation already exists"),
            )
            .near(column)
        }
        GlueError::AlterTable(AlterTableError::DroppingColumnNotFound(column)) => {
            return EngineError::msg(
                ErrorKind::UnknownName,
                format!("열(column) {column}이(가) 없습니다."),
                format!("column \"{column}\" does not exist"),
            )
            .near(column)
        }
        GlueError::AlterTable(AlterTableError::RenamingColumnNotFound) => {
            return EngineError::msg(
                ErrorKind::UnknownName,
                "이름을 바꿀 열(column)이 없습니다.",
                "the column to rename does not exist",
            )
        }
        GlueError::Insert(InsertError::LackOfRequiredColumn(column)) => {
            return super::write::not_null(column)
        }
        _ if english.contains("aggregate expression requires planner binding") => {
            return EngineError::unsupported(
                (
                    "바깥 행을 읽는 서브쿼리 안의 집계 함수",
                    "an aggregate inside a subquery that reads the outer row",
                ),
                "집계는 CTE(WITH)에서 GROUP BY로 계산한 뒤 JOIN 하세요.",
                "Aggregate in a CTE (WITH) with GROUP BY, then join.",
            )
        }
        GlueError::Translate(TranslateError::UnsupportedDataType(t)) => (
            ErrorKind::Unsupported,
            format!("{t} 타입은 지원하지 않습니다."),
        ),
        GlueError::Translate(_) => (
            ErrorKind::Unsupported,
            format!("아직 지원하지 않는 SQL입니다: {english}"),
        ),
        _ if english.contains("divisor should not be zero")
            || english.contains("DivisorShouldNotBeZero") =>
        {
            return EngineError::msg(
                ErrorKind::DivisionByZero,
                "0으로 나눌 수 없습니다 (division by zero). NULLIF(분모, 0)로 0을 NULL로 바꿀 수 있습니다.",
                "division by zero. NULLIF(divisor, 0) turns a zero divisor into NULL.",
            );
        }
        GlueError::Value(_) => (ErrorKind::Type, format!("값 오류: {english}")),
        _ => (ErrorKind::Execution, format!("실행 오류: {english}")),
    };
    EngineError::new(kind, Message::new(ko, english))
}
