//! What a statement returns: typed result sets, affected-row counts, commands.
//! Everything here is serialisable, so it crosses the worker boundary as is.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::error::{EngineError, Message};

/// One value of a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// BOOLEAN.
    Bool(bool),
    /// Any integer type.
    Int(i64),
    /// REAL / DOUBLE PRECISION.
    Float(f64),
    /// DECIMAL / NUMERIC, as its exact text.
    Decimal(String),
    /// Text types.
    Text(String),
    /// DATE.
    Date(NaiveDate),
    /// TIMESTAMP.
    Timestamp(NaiveDateTime),
    /// INTERVAL, as text.
    Interval(String),
}

impl Cell {
    /// The value as CSV/grid text: NULL is empty, timestamps `YYYY-MM-DD HH:MM:SS[.fff]`.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format_float(*f),
            Cell::Decimal(s) | Cell::Text(s) | Cell::Interval(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Timestamp(ts) => format_timestamp(ts),
        }
    }

    /// Whether the value is a number (grids right-align these).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_) | Cell::Decimal(_))
    }

    /// The value as f64, for numbers (charts, tolerances).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(i) => Some(*i as f64),
            Cell::Float(f) => Some(*f),
            Cell::Decimal(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// Formats a float without noise: integers print without a fraction.
pub fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// `YYYY-MM-DD HH:MM:SS`, with `.fff` only when there are milliseconds.
pub fn format_timestamp(ts: &NaiveDateTime) -> String {
    if ts.and_utc().timestamp_subsec_nanos() == 0 {
        ts.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        ts.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
    }
}

/// A result column: its name and its type as Redshift would report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The column name (alias).
    pub name: String,
    /// Type name, e.g. `INT`, `BIGINT`, `VARCHAR`, `TIMESTAMP`.
    pub type_name: String,
}

/// Rows returned by a query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultSet {
    /// Columns, in order.
    pub columns: Vec<Column>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// What one statement did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Output {
    /// A query's rows.
    Rows(ResultSet),
    /// INSERT / UPDATE / DELETE / COPY and how many rows they touched.
    Affected {
        /// The command, e.g. `INSERT`.
        command: String,
        /// Rows affected.
        rows: usize,
    },
    /// Any other command, by its tag (`CREATE TABLE`, `BEGIN`...).
    Command(String),
}

/// The outcome of one statement that ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    /// 1-based number of the statement in the script.
    pub number: usize,
    /// 1-based line where it starts.
    pub line: usize,
    /// The statement's text.
    pub sql: String,
    /// What it returned.
    pub output: Output,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
    /// Notices (e.g. "table does not exist, skipping").
    pub notices: Vec<Message>,
    /// How it ran: the statements handed to GlueSQL and the Rust steps.
    pub plan: Vec<String>,
}

/// The outcome of a script: what ran, then the error that stopped it, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOutput {
    /// Statements that completed, in order.
    pub statements: Vec<StatementResult>,
    /// The error that stopped the script.
    pub error: Option<EngineError>,
}

impl RunOutput {
    /// The last result set, if any statement returned rows.
    pub fn last_rows(&self) -> Option<&ResultSet> {
        self.statements.iter().rev().find_map(|s| match &s.output {
            Output::Rows(rows) => Some(rows),
            _ => None,
        })
    }
}
