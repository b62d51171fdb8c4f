//! SQL behaviour tests: the `.slt` files under `tests/slt/` (sqllogictest
//! format, see `tests/slt/README.md`) run against a fresh `Engine` each.
//!
//! One `#[test]` per file. A file runs to its end: every failing record is
//! collected and the test fails listing all of them (file, line, SQL,
//! expected and actual), never only the first. Files under
//! `tests/slt/course/` start from an engine with the course datasets loaded.
//!
//! Rendering conventions (type letters, NULL, empty strings, booleans,
//! numbers, timestamps) are documented in `tests/slt/README.md`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqllogictest::{DBOutput, DefaultColumnType, Record, Runner};
use tabhouse::engine::outcome::{Cell, Output};
use tabhouse::engine::Engine;

// ---------------------------------------------------------------------------
// The files. Every `.slt` file under tests/slt/ must be listed here (the test
// `every_slt_file_has_a_test` fails otherwise, naming the missing ones).

macro_rules! slt_tests {
    ($($name:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $name() {
                run_slt_file($file);
            }
        )*

        /// Every listed file, relative to tests/slt/.
        const LISTED: &[&str] = &[$($file),*];
    };
}

slt_tests! {
    basics => "basics.slt",
    scripts_and_errors => "scripts_and_errors.slt",
    select_basics => "select_basics.slt",
    silent_group_by_ordinal => "silent_group_by_ordinal.slt",
    silent_top_n => "silent_top_n.slt",
    silent_aggregate_filter => "silent_aggregate_filter.slt",
    course_read_only => "course/read_only.slt",
    names_and_schemas => "names_and_schemas.slt",
    types_and_catalog => "types_and_catalog.slt",
    constraints => "constraints.slt",
    transactions => "transactions.slt",
    alter_table => "alter_table.slt",
    writing_data => "writing_data.slt",
    silent_int_times_decimal => "silent_int_times_decimal.slt",
    silent_not_in_null => "silent_not_in_null.slt",
    subqueries => "subqueries.slt",
    ctes => "ctes.slt",
    derived_tables_and_lateral_alias => "derived_tables_and_lateral_alias.slt",
    window_functions => "window_functions.slt",
    course_channels_and_revenue => "course/channels_and_revenue.slt",
    functions_null => "functions_null.slt",
    nulls_and_logic => "nulls_and_logic.slt",
    group_order_distinct => "group_order_distinct.slt",
    course_teaching_tables => "course/teaching_tables.slt",
    course_sessions => "course/sessions.slt",
    aggregates => "aggregates.slt",
    functions_dates => "functions_dates.slt",
    functions_numbers => "functions_numbers.slt",
    functions_strings => "functions_strings.slt",
    joins => "joins.slt",
    set_operations => "set_operations.slt",
    silent_window_over_empty => "silent_window_over_empty.slt",
    explain => "explain.slt",
}

/// The engine for files under `tests/slt/course/`: the course datasets
/// preloaded, exactly as the page loads them.
fn course_engine() -> Engine {
    match tabhouse::datasets::course_engine() {
        Ok(engine) => engine,
        Err(error) => panic!("loading the course datasets failed: {error:?}"),
    }
}

// ---------------------------------------------------------------------------
// The database adapter.

/// One session of the warehouse, as sqllogictest sees it.
struct Tabhouse {
    engine: Engine,
}

/// An engine error, displayed as its English text (statement, position,
/// message, "Did you mean ...?"), so `statement error <regex>` matches it.
#[derive(Debug)]
struct SqlError(String);

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SqlError {}

impl sqllogictest::DB for Tabhouse {
    type Error = SqlError;
    type ColumnType = DefaultColumnType;

    /// Runs a record's SQL as one script (it may hold several statements
    /// separated by `;`). An error anywhere is the record's error; otherwise
    /// the last statement's output is the record's output.
    fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, SqlError> {
        let run = self.engine.run(sql);
        if let Some(error) = run.error {
            return Err(SqlError(error.render("en")));
        }
        let Some(last) = run.statements.last() else {
            return Ok(DBOutput::StatementComplete(0));
        };
        Ok(match &last.output {
            Output::Rows(result) => {
                let width = result.columns.len();
                let types = (0..width)
                    .map(|i| column_type(result.rows.iter().filter_map(|row| row.get(i))))
                    .collect();
                let rows = result
                    .rows
                    .iter()
                    .map(|row| row.iter().map(render).collect())
                    .collect();
                DBOutput::Rows { types, rows }
            }
            Output::Affected { rows, .. } => DBOutput::StatementComplete(*rows as u64),
            Output::Command(_) => DBOutput::StatementComplete(0),
        })
    }

    fn engine_name(&self) -> &str {
        "tabhouse"
    }
}

/// The sqllogictest type letter of a result column, from its first non-NULL
/// cell: `I` integers, `R` floats and decimals, `T` everything else. A
/// column with no non-NULL cell is `?`, which matches any expected letter.
fn column_type<'a>(mut cells: impl Iterator<Item = &'a Cell>) -> DefaultColumnType {
    match cells.find(|c| !matches!(c, Cell::Null)) {
        None => DefaultColumnType::Any,
        Some(Cell::Int(_)) => DefaultColumnType::Integer,
        Some(Cell::Float(_) | Cell::Decimal(_)) => DefaultColumnType::FloatingPoint,
        Some(_) => DefaultColumnType::Text,
    }
}

/// Column letters must agree in number and, where both sides are known
/// (not `?`), in kind. A lone `?` (`query ?`) accepts any number of columns
/// of any type: for outputs whose shape is not the point (SHOW ...).
#[allow(clippy::ptr_arg)] // the signature sqllogictest's ColumnTypeValidator requires
fn column_types_match(actual: &Vec<DefaultColumnType>, expected: &Vec<DefaultColumnType>) -> bool {
    if expected.as_slice() == [DefaultColumnType::Any] {
        return true;
    }
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(a, e)| a == e || *a == DefaultColumnType::Any || *e == DefaultColumnType::Any)
}

/// A value as the `.slt` files spell it.
fn render(cell: &Cell) -> String {
    match cell {
        Cell::Null => "NULL".to_owned(),
        Cell::Bool(true) => "t".to_owned(),
        Cell::Bool(false) => "f".to_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => render_float(*f),
        Cell::Decimal(s) => trim_fraction(s),
        Cell::Text(s) if s.is_empty() => "(empty)".to_owned(),
        Cell::Text(s) | Cell::Interval(s) => s.clone(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Timestamp(ts) => {
            let whole = ts.format("%Y-%m-%d %H:%M:%S").to_string();
            let micros = ts.and_utc().timestamp_subsec_micros();
            if micros == 0 {
                whole
            } else {
                let fraction = format!("{micros:06}");
                format!("{whole}.{}", fraction.trim_end_matches('0'))
            }
        }
    }
}

/// A float with at most 15 significant digits (what Redshift prints for
/// DOUBLE PRECISION), without trailing zeros: `0.1 + 0.2` is `0.3`, `3.0` is `3`.
fn render_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    let magnitude = f.abs().log10().floor() as i32;
    if !(-5..15).contains(&magnitude) {
        let text = format!("{f:.14e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{}e{sign}{:02}", trim_fraction(mantissa), exponent.abs());
    }
    let decimals = (14 - magnitude).max(0) as usize;
    trim_fraction(&format!("{f:.decimals$}"))
}

/// `2.500` → `2.5`, `3.00` → `3`, `-0.0` → `0`; integers unchanged.
fn trim_fraction(text: &str) -> String {
    if !text.contains('.') {
        return text.to_owned();
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    match trimmed {
        "-0" | "" => "0".to_owned(),
        other => other.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Running a file.

fn slt_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("slt")
}

/// Runs every record of one file against a fresh engine and panics with the
/// list of all failing records, if any.
fn run_slt_file(relative: &str) {
    let path = slt_dir().join(relative);
    let records = match sqllogictest::parse_file::<DefaultColumnType>(&path) {
        Ok(records) => records,
        Err(error) => panic!("{relative}: cannot parse the file: {error}"),
    };
    let engine = if relative
        .trim_start_matches("pending/")
        .starts_with("course/")
    {
        course_engine()
    } else {
        Engine::new()
    };
    let mut slot = Some(engine);
    let mut runner = Runner::new(move || {
        let engine = slot.take().unwrap_or_else(|| {
            panic!("{relative}: a second connection was requested; one session per file")
        });
        std::future::ready(Ok::<_, SqlError>(Tabhouse { engine }))
    });
    runner.with_column_validator(column_types_match);

    let mut ran = 0;
    let mut failures = Vec::new();
    let mut slow = Vec::new();
    for record in records {
        if let Record::Halt { .. } = record {
            break;
        }
        let location = match &record {
            Record::Statement { loc, .. } | Record::Query { loc, .. } => {
                ran += 1;
                Some(loc.to_string())
            }
            _ => None,
        };
        let started = Instant::now();
        if let Err(error) = runner.run(record) {
            failures.push(error.display(false).to_string());
        }
        let elapsed = started.elapsed();
        if let (Some(location), true) = (location, elapsed >= SLOW) {
            slow.push(format!("{location}: {:.1} s", elapsed.as_secs_f64()));
        }
    }
    if !slow.is_empty() {
        // Shown with --nocapture, or with the failure report.
        println!(
            "{relative}: slow records (>= {} s):\n  {}",
            SLOW.as_secs(),
            slow.join("\n  ")
        );
    }
    if !failures.is_empty() {
        panic!(
            "{relative}: {} of {ran} records failed\n\n{}\n",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

/// Records slower than this are listed (not failed): keep every query fast.
const SLOW: Duration = Duration::from_secs(2);

/// Collects `.slt` files below `dir`, relative to `root`, with `/` separators.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // pending/ holds cases of features not built yet; they are not run.
            if path.file_name().is_some_and(|n| n != "pending") {
                collect_files(root, &path, out);
            }
        } else if path.extension().is_some_and(|e| e == "slt") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// The to-do list: runs every file under `tests/slt/pending/` and reports
/// how many of its records fail (`cargo test --test slt -- --ignored pending`).
#[test]
#[ignore = "pending files describe features not built yet"]
fn pending() {
    let root = slt_dir().join("pending");
    let mut files = Vec::new();
    collect_pending(&root, &root, &mut files);
    files.sort();
    let mut report = Vec::new();
    for file in files {
        let relative = format!("pending/{file}");
        let outcome = std::panic::catch_unwind(|| run_slt_file(&relative));
        let line = match outcome {
            Ok(()) => format!("ok      {file}"),
            Err(panic) => {
                let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
                let summary = text.lines().next().unwrap_or("failed").to_owned();
                format!("FAILED  {summary}")
            }
        };
        report.push(line);
    }
    println!("{}", report.join("\n"));
}

/// Every `.slt` file below `dir`, pending ones included.
fn collect_pending(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pending(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "slt") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_slt_file_has_a_test() {
    let root = slt_dir();
    let mut found = Vec::new();
    collect_files(&root, &root, &mut found);
    found.sort();
    let missing: Vec<_> = found
        .iter()
        .filter(|f| !LISTED.contains(&f.as_str()))
        .collect();
    let stale: Vec<_> = LISTED
        .iter()
        .filter(|f| !found.iter().any(|g| g == *f))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "tests/slt.rs and tests/slt/ disagree: files without a test: {missing:?}; \
         tests without a file: {stale:?} (add each file to slt_tests! in tests/slt.rs)"
    );
}

#[test]
fn rendering_conventions() {
    assert_eq!(render(&Cell::Null), "NULL");
    assert_eq!(render(&Cell::Text(String::new())), "(empty)");
    assert_eq!(render(&Cell::Bool(true)), "t");
    assert_eq!(render(&Cell::Float(0.1 + 0.2)), "0.3");
    assert_eq!(render(&Cell::Float(7.5)), "7.5");
    assert_eq!(render(&Cell::Float(3.0)), "3");
    assert_eq!(render(&Cell::Float(-2.25)), "-2.25");
    assert_eq!(render(&Cell::Float(1234567.891)), "1234567.891");
    assert_eq!(render(&Cell::Float(1.0 / 3.0)), "0.333333333333333");
    assert_eq!(render(&Cell::Float(1e20)), "1e+20");
    assert_eq!(render(&Cell::Decimal("2.50".into())), "2.5");
    assert_eq!(render(&Cell::Decimal("10".into())), "10");
    let ts = chrono::NaiveDate::from_ymd_opt(2019, 5, 1)
        .unwrap()
        .and_hms_milli_opt(0, 13, 11, 780)
        .unwrap();
    assert_eq!(render(&Cell::Timestamp(ts)), "2019-05-01 00:13:11.78");
}
