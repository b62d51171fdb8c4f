//! Deterministic generator of the course datasets (`shared/course/DATASETS.md`).
//!
//! Everything is generated from a seed, in pure Rust with integer arithmetic
//! and a portable PRNG, so a seed yields the same bytes natively and in wasm.
//! With [`COURSE_SEED`] the tables reproduce every figure the course prints;
//! any other seed gives data of the same shape and plausibility whose figures
//! differ by a few percent (hidden grading data).
//!
//! Data is built by construction, not by hoping draws hit the numbers: counts
//! are decided first (users per cohort and month, sessions per user-month,
//! channel, hour, weekday, transactions per summary cell) and records are
//! placed to meet them, with small local repairs for exactness.

mod calendar;
mod channels;
mod check;
pub mod export;
mod hash;
mod load;
mod nps;
mod population;
mod rng;
mod sessions;
mod share;
mod sources;
mod tables;
mod targets;
mod teaching;
mod timeline;
mod transactions;

#[cfg(test)]
mod figures;

pub use check::{check_figures, FigureCheck};
pub use hash::{source_hash, table_hash, COURSE_SOURCE_HASHES, COURSE_TABLE_HASHES};
pub use load::{course_engine, load_seed, load_table, to_value};
pub use sources::STOCK_TICKER;
pub use tables::Tables;

/// Seed that reproduces the course's published figures exactly.
pub const COURSE_SEED: u64 = 20200718;

/// A table to preload: schema, name, typed columns and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct TableData {
    /// `"raw_data"`, `"prod"`, ...
    pub schema: &'static str,
    /// `"user_session_channel"`, ...
    pub name: &'static str,
    /// Columns in DDL order.
    pub columns: Vec<ColumnSpec>,
    /// Row-major; each row has `columns.len()` cells.
    pub rows: Vec<Vec<Cell>>,
}

/// A column of a preloaded table.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSpec {
    /// Column name, lower case.
    pub name: &'static str,
    /// As written in the DDL: `"INT"`, `"VARCHAR(32)"`, `"TIMESTAMP"`,
    /// `"BOOLEAN"`, `"SMALLINT"`, `"DATE"`.
    pub sql_type: &'static str,
    /// Declared `PRIMARY KEY` (informational, as in Redshift).
    pub primary_key: bool,
}

/// One value of a preloaded table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// INT or SMALLINT.
    Int(i64),
    /// VARCHAR.
    Text(String),
    /// BOOLEAN.
    Bool(bool),
    /// TIMESTAMP (millisecond precision).
    Timestamp(chrono::NaiveDateTime),
    /// DATE.
    Date(chrono::NaiveDate),
}

/// A file of the virtual bucket `s3://tabhouse-course/` (ETL sources).
#[derive(Clone, Debug, PartialEq)]
pub struct SourceFile {
    /// File name, e.g. `"name_gender.csv"`.
    pub name: &'static str,
    /// `"text/csv"` or `"application/json"`.
    pub media_type: &'static str,
    /// File contents (UTF-8).
    pub bytes: Vec<u8>,
}

/// Names of the preloaded tables in load order, as "schema.table" (cheap, no
/// generation), for progress display.
pub fn table_names() -> Vec<&'static str> {
    tables::TABLE_NAMES.to_vec()
}

/// Generates every preloaded table for `seed`.
pub fn generate_tables(seed: u64) -> Vec<TableData> {
    tables(seed).collect()
}

/// The preloaded tables for `seed` as a lazy iterator in [`table_names`]
/// order: each `next()` generates one table, so a page can show progress.
pub fn tables(seed: u64) -> Tables {
    Tables::new(seed)
}

/// Generates one table by its "schema.table" name (`None` if unknown). To
/// build several tables of one seed, use [`tables()`]: it shares the session
/// log and NPS responses between the tables built from them.
pub fn generate_table(seed: u64, name: &str) -> Option<TableData> {
    tables(seed).table(name)
}

/// Generates the ETL source files for `seed`.
pub fn generate_sources(seed: u64) -> Vec<SourceFile> {
    sources::generate(seed)
}
