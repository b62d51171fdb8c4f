//! Results of both engines in one normal form, and how they are compared.

use std::cmp::Ordering;
use std::fmt;

use rusqlite::types::ValueRef;
use tabhouse::engine::outcome::Cell;

/// A value as compared: every number is an f64 (INT and BIGINT, FLOAT,
/// DECIMAL, and booleans as 0/1, since SQLite has no boolean type).
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Num(f64),
    Text(String),
}

/// A result's rows.
pub type Rows = Vec<Vec<Value>>;

/// A query's result: its number of columns and its rows.
#[derive(Clone, Debug)]
pub struct Answer {
    pub columns: usize,
    pub rows: Rows,
}

impl Value {
    /// One of our cells.
    pub fn from_cell(cell: &Cell) -> Value {
        match cell {
            Cell::Null => Value::Null,
            Cell::Bool(b) => Value::Num(f64::from(u8::from(*b))),
            Cell::Int(i) => Value::Num(*i as f64),
            Cell::Float(f) => Value::Num(*f),
            Cell::Decimal(text) => match text.parse() {
                Ok(f) => Value::Num(f),
                Err(_) => Value::Text(text.clone()),
            },
            Cell::Text(text) => Value::Text(text.clone()),
            other => Value::Text(other.to_text()),
        }
    }

    /// One of SQLite's values.
    pub fn from_sqlite(value: ValueRef) -> Value {
        match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Num(i as f64),
            ValueRef::Real(f) => Value::Num(f),
            ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                Value::Text(String::from_utf8_lossy(bytes).into_owned())
            }
        }
    }

    /// A total order for sorting rows: NULL, numbers, text.
    fn order(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Num(a), Value::Num(b)) => a.total_cmp(b),
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Num(_) => 1,
            Value::Text(_) => 2,
        }
    }

    /// Equality, numbers within a relative tolerance of 1e-9.
    fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Num(a), Value::Num(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            (Value::Text(a), Value::Text(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Num(n) => write!(f, "{n}"),
            Value::Text(s) => write!(f, "'{s}'"),
        }
    }
}

fn same_row(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
}

/// Whether the two answers have as many columns and the same rows, in any
/// order.
pub fn same_multiset(ours: &Answer, theirs: &Answer) -> bool {
    ours.columns == theirs.columns && same_rows(&ours.rows, &theirs.rows)
}

fn same_rows(ours: &Rows, theirs: &Rows) -> bool {
    let sorted = |rows: &Rows| {
        let mut rows = rows.clone();
        rows.sort_by(|a, b| {
            a.iter()
                .zip(b)
                .map(|(x, y)| x.order(y))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        rows
    };
    ours.len() == theirs.len()
        && sorted(ours)
            .iter()
            .zip(&sorted(theirs))
            .all(|(a, b)| same_row(a, b))
}

/// Whether the rows come in the same order of the ORDER BY `keys`
/// (output column indexes): row by row, the key values agree.
pub fn same_order(ours: &Rows, theirs: &Rows, keys: &[usize]) -> bool {
    let project =
        |row: &Vec<Value>| -> Vec<Value> { keys.iter().map(|&k| row[k].clone()).collect() };
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .all(|(a, b)| same_row(&project(a), &project(b)))
}

/// The first rows of an answer, one per line, for reports.
pub fn show(answer: &Answer) -> String {
    let rows = &answer.rows;
    const SHOWN: usize = 12;
    let mut lines: Vec<String> = rows
        .iter()
        .take(SHOWN)
        .map(|row| {
            let cells: Vec<String> = row.iter().map(Value::to_string).collect();
            format!("    ({})", cells.join(", "))
        })
        .collect();
    if rows.len() > SHOWN {
        lines.push(format!("    ... {} rows in all", rows.len()));
    }
    if rows.is_empty() {
        lines.push("    (no rows)".to_owned());
    }
    lines.join("\n")
}
