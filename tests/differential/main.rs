//! Differential test: random queries over small random tables, run on our
//! engine and on SQLite (`rusqlite`, bundled), whose answers must agree.
//!
//! `cargo test --test differential` runs 2,000 queries from a fixed seed.
//! Another seed or more queries:
//! `DIFF_SEED=7 DIFF_QUERIES=20000 cargo test --test differential -- --nocapture`.
//! A failure prints the seed, the tables' SQL, each failing query (and a
//! shrunk version) with both engines' first rows.
//!
//! The generator (`generator.rs`) covers joins (inner, left, right, full,
//! comma, cross; equality and other conditions), GROUP BY/HAVING,
//! aggregates, DISTINCT,
//! window functions, set operations, IN/NOT IN/EXISTS/NOT EXISTS and scalar
//! subqueries (correlated or not), CTEs, derived tables, CASE, COALESCE,
//! NULLIF, LIKE, BETWEEN, arithmetic and NULLs, ORDER BY and LIMIT.
//!
//! Dialect differences, and how the test keeps them out of the comparison:
//! - NULL ordering: SQLite sorts NULLs first ascending, Redshift last. Every
//!   ORDER BY (query and window) writes NULLS FIRST or NULLS LAST.
//! - Booleans: SQLite has none (comparisons give 0/1). Booleans are compared
//!   as 0/1, and numbers by value (INT vs BIGINT vs FLOAT vs DECIMAL, floats
//!   within a relative 1e-9). Column names are not compared.
//! - Typing: SQLite is dynamically typed and accepts `1 = 'a'` or
//!   `CASE ... THEN 1 ELSE 'a' END`; the generator is typed, so neither occurs.
//! - Division: SQLite gives NULL for a zero divisor, we raise an error:
//!   divisors are wrapped in `NULLIF(x, 0)`. Both truncate integer division.
//! - Integer overflow: SQLite switches to floats, we raise an error: values
//!   are small (-2..6) and arithmetic shallow.
//! - AVG of integers: Redshift truncates, SQLite does not: no AVG.
//! - Scalar subqueries: SQLite takes the first of several rows, we raise an
//!   error: scalar subqueries are always one aggregate without GROUP BY.
//! - Set operations: SQLite applies them left to right, standard SQL binds
//!   INTERSECT tighter: at most two operands per set operation (deeper ones
//!   nest in derived tables, CTEs or subqueries).
//! - LIKE: SQLite's ignores ASCII case. The data is lower case and LIKE only
//!   applies to base tables' columns (a derived one may hold UPPER()'s).
//! - Window aggregates with ORDER BY: Redshift requires an explicit frame
//!   (SQLite defaults to RANGE): always `ROWS ...`, over a total order.
//! - Aggregate queries: SQLite accepts bare columns beside aggregates; the
//!   generator only uses GROUP BY keys there.
//! - Refusals: the engine refuses some features inside a subquery that reads
//!   the outer row (window functions, set operations, RIGHT/FULL JOIN, some
//!   aggregates) with a "not supported yet" message naming the feature and
//!   the supported way (a CTE). Such a query counts as refused, not failed:
//!   the count is printed; any other error, wrong answer or panic fails.
//!
//! Results are compared as multisets of rows. With an ORDER BY the ordered
//! key columns must also come in the same sequence; a LIMIT only comes with
//! an ORDER BY on every output column (a total order).

mod compare;
mod generator;
mod query;
mod sql;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use tabhouse::engine::error::ErrorKind;
use tabhouse::engine::outcome::Output;
use tabhouse::engine::Engine;

use compare::{Answer, Value};
use generator::{Feature, Generator};
use query::Query;

/// Generator features switched off until the engine handles them. Each
/// entry says why, with a minimal query and both engines' answers; delete
/// the line to turn the feature back on.
const KNOWN_GAPS: &[Feature] = &[];

/// The seed when `DIFF_SEED` is not set.
const DEFAULT_SEED: u64 = 20_240_521;
/// The number of queries when `DIFF_QUERIES` is not set.
const DEFAULT_QUERIES: usize = 2_000;
/// Failures printed in full (all are counted).
const REPORTED: usize = 20;
/// Most checks spent shrinking one failing query.
const SHRINK_BUDGET: usize = 400;
/// Queries slower than this on our engine are listed (not failed).
const SLOW: Duration = Duration::from_secs(1);

#[test]
fn differential_against_sqlite() {
    let seed: u64 = env_number("DIFF_SEED").unwrap_or(DEFAULT_SEED);
    let count: usize = env_number("DIFF_QUERIES").unwrap_or(DEFAULT_QUERIES);
    println!("differential: DIFF_SEED={seed} DIFF_QUERIES={count}");
    let started = Instant::now();

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tables = generator::random_tables(&mut rng);
    println!("differential: tables of {:?} rows", tables.rows);
    let setup = tables.sql;
    let mut engines = Engines::new(&setup);
    let mut generator = Generator::new(rng, &tables.rows, KNOWN_GAPS);
    let mut coverage: BTreeMap<Feature, usize> = BTreeMap::new();
    let mut failures = Vec::new();

    // Our engine's panics are caught per query; the hook keeps their
    // message and location for the report instead of printing them.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| match IN_OUR_ENGINE.get() {
        true => LAST_PANIC.set(Some(info.to_string())),
        false => default_hook(info),
    }));
    for number in 1..=count {
        let query = generator.query();
        for feature in &query.features {
            *coverage.entry(*feature).or_default() += 1;
        }
        if let Err(failure) = engines.check(&query) {
            failures.push((number, query, failure));
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "differential: {count} queries in {elapsed:.1} s (our engine {:.1} s, SQLite {:.1} s)",
        engines.ours_time.as_secs_f64(),
        engines.sqlite_time.as_secs_f64()
    );
    if !engines.slow.is_empty() {
        println!(
            "slow queries (>= {} s):\n  {}",
            SLOW.as_secs(),
            engines.slow.join("\n  ")
        );
    }
    let refused: Vec<String> = engines
        .refused
        .iter()
        .map(|(message, n)| format!("{n} x {message}"))
        .collect();
    println!(
        "refused with a documented message (not supported yet): {} of {count}\n  {}",
        engines.refused.values().sum::<usize>(),
        refused.join("\n  ")
    );
    let used: Vec<String> = coverage.iter().map(|(f, n)| format!("{f:?} {n}")).collect();
    println!("coverage (queries per feature): {}", used.join(", "));
    let reports: Vec<String> = failures
        .iter()
        .take(REPORTED)
        .map(|(number, query, failure)| {
            let shrunk = engines.shrink(query, failure);
            report(*number, seed, query, failure, shrunk)
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {count} queries failed (DIFF_SEED={seed})\n\ntables (both engines):\n  {}\n\n{}",
        failures.len(),
        setup.join(";\n  "),
        reports.join("\n\n")
    );
    if count >= DEFAULT_QUERIES {
        let unused: Vec<&Feature> = Feature::ALL
            .iter()
            .filter(|f| !KNOWN_GAPS.contains(f) && !coverage.contains_key(f))
            .collect();
        assert!(unused.is_empty(), "features never generated: {unused:?}");
    }
}

thread_local! {
    /// Whether our engine is running a query (its panics are caught).
    static IN_OUR_ENGINE: Cell<bool> = const { Cell::new(false) };
    /// The last panic's message and location, set by the test's hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A number from the environment, if set.
fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    let text = std::env::var(name).ok()?;
    match text.parse() {
        Ok(value) => Some(value),
        Err(_) => panic!("{name} must be a number, not {text:?}"),
    }
}

/// Why a query failed.
#[derive(Debug)]
enum Failure {
    /// Our engine panicked.
    Panic(String),
    /// Our engine refused a query SQLite ran.
    OursError { message: String, sqlite: Answer },
    /// SQLite refused the query: a generator bug.
    SqliteError(String),
    /// Different answers.
    Different { ours: Answer, sqlite: Answer },
}

impl Failure {
    /// Whether `other` fails the same way (shrinking keeps to that): the
    /// same kind and, for our errors, the same message up to its details
    /// (`translate: unsupported query set expr: SELECT ...` up to the
    /// second colon).
    fn same_as(&self, other: &Failure) -> bool {
        let gist = |message: &str| {
            let message = message.split_once("): ").map_or(message, |(_, rest)| rest);
            message
                .splitn(3, ": ")
                .take(2)
                .collect::<Vec<_>>()
                .join(": ")
        };
        match (self, other) {
            (Failure::OursError { message: a, .. }, Failure::OursError { message: b, .. }) => {
                gist(a) == gist(b)
            }
            _ => self.kind() == other.kind(),
        }
    }

    /// The kind of failure.
    fn kind(&self) -> &'static str {
        match self {
            Failure::Panic(_) => "our engine panicked",
            Failure::OursError { .. } => "our engine raised an error, SQLite did not",
            Failure::SqliteError(_) => "SQLite rejected the query (generator bug)",
            Failure::Different { .. } => "results differ",
        }
    }
}

/// Both databases, with the same tables.
struct Engines {
    setup: Vec<String>,
    ours: Engine,
    sqlite: Connection,
    /// Queries our engine ran slower than `SLOW`, with their time.
    slow: Vec<String>,
    /// Queries refused with a documented "not supported" message, by
    /// message (its first sentence).
    refused: BTreeMap<String, usize>,
    /// Time spent in each engine.
    ours_time: Duration,
    sqlite_time: Duration,
}

impl Engines {
    fn new(setup: &[String]) -> Engines {
        let sqlite = Connection::open_in_memory().expect("SQLite opens");
        // Our tables live in schema `adhoc`; an attached database of that
        // name lets SQLite read the same qualified names.
        sqlite
            .execute_batch("ATTACH DATABASE ':memory:' AS adhoc")
            .expect("SQLite attaches adhoc");
        for statement in setup {
            sqlite.execute_batch(statement).expect("SQLite setup");
        }
        Engines {
            setup: setup.to_vec(),
            ours: our_engine(setup),
            sqlite,
            slow: Vec::new(),
            refused: BTreeMap::new(),
            ours_time: Duration::ZERO,
            sqlite_time: Duration::ZERO,
        }
    }

    /// Runs the query on both engines and compares the answers.
    fn check(&mut self, query: &Query) -> Result<(), Failure> {
        let sql = query.sql();
        let started = Instant::now();
        let sqlite = sqlite_answer(&self.sqlite, &sql);
        self.sqlite_time += started.elapsed();
        let sqlite = sqlite.map_err(|error| Failure::SqliteError(error.to_string()))?;
        let started = Instant::now();
        IN_OUR_ENGINE.set(true);
        let run = panic::catch_unwind(AssertUnwindSafe(|| self.ours.run(&sql)));
        IN_OUR_ENGINE.set(false);
        let elapsed = started.elapsed();
        self.ours_time += elapsed;
        if elapsed >= SLOW {
            let seconds = elapsed.as_secs_f64();
            self.slow.push(format!("{seconds:.1} s: {sql}"));
        }
        let run = match run {
            Ok(run) => run,
            Err(_) => {
                // The engine may be left in any state: start again.
                self.ours = our_engine(&self.setup);
                let message = LAST_PANIC.take().unwrap_or_default();
                return Err(Failure::Panic(message));
            }
        };
        let result = match (run.error, run.statements.last().map(|s| &s.output)) {
            (None, Some(Output::Rows(result))) => result,
            (Some(error), _) if error.kind == ErrorKind::Unsupported => {
                // A documented refusal (features inside a subquery that
                // reads the outer row): a clear message, never a wrong answer.
                let message = error.render("en");
                let message = message.split_once("): ").map_or(&*message, |(_, m)| m);
                let sentence = message.split(". ").next().unwrap_or(message);
                *self.refused.entry(sentence.to_owned()).or_default() += 1;
                return Ok(());
            }
            (error, _) => {
                let message = error.map_or("no rows returned".to_owned(), |e| e.render("en"));
                return Err(Failure::OursError { message, sqlite });
            }
        };
        let ours = Answer {
            columns: result.columns.len(),
            rows: result
                .rows
                .iter()
                .map(|row| row.iter().map(Value::from_cell).collect())
                .collect(),
        };
        let ordered = query.order.as_ref().is_none_or(|order| {
            let keys: Vec<usize> = order.keys.iter().map(|k| k.column).collect();
            compare::same_order(&ours.rows, &sqlite.rows, &keys)
        });
        match ordered && compare::same_multiset(&ours, &sqlite) {
            true => Ok(()),
            false => Err(Failure::Different { ours, sqlite }),
        }
    }

    /// Shrinks a failing query step by step while it keeps failing the
    /// same way, within `SHRINK_BUDGET` checks: the smallest such query
    /// found and its failure, if any.
    fn shrink(&mut self, query: &Query, failure: &Failure) -> Option<(Query, Failure)> {
        let mut smallest = None;
        let mut current = query.clone();
        let mut budget = SHRINK_BUDGET;
        'smaller: loop {
            for candidate in current.smaller() {
                if budget == 0 {
                    break 'smaller;
                }
                budget -= 1;
                match self.check(&candidate) {
                    Err(f) if f.same_as(failure) => {
                        current = candidate.clone();
                        smallest = Some((candidate, f));
                        continue 'smaller;
                    }
                    _ => {}
                }
            }
            break;
        }
        smallest
    }
}

/// A fresh engine with the test tables.
fn our_engine(setup: &[String]) -> Engine {
    let mut engine = Engine::new();
    let run = engine.run(&setup.join(";\n"));
    if let Some(error) = run.error {
        panic!("our setup failed: {}", error.render("en"));
    }
    engine
}

fn sqlite_answer(sqlite: &Connection, sql: &str) -> rusqlite::Result<Answer> {
    let mut statement = sqlite.prepare(sql)?;
    let columns = statement.column_count();
    let mut rows = statement.query([])?;
    let mut answer = Answer {
        columns,
        rows: Vec::new(),
    };
    while let Some(row) = rows.next()? {
        let values = (0..columns)
            .map(|i| row.get_ref(i).map(Value::from_sqlite))
            .collect::<rusqlite::Result<_>>()?;
        answer.rows.push(values);
    }
    Ok(answer)
}

/// One failure, as printed: the query, its shrunk version if any, and the
/// answers of the smallest failing one.
fn report(
    number: usize,
    seed: u64,
    query: &Query,
    failure: &Failure,
    shrunk: Option<(Query, Failure)>,
) -> String {
    let mut text = format!(
        "query {number} (DIFF_SEED={seed}): {}\n  sql:    {}",
        failure.kind(),
        query.sql()
    );
    let failure = match &shrunk {
        Some((smaller, smaller_failure)) => {
            text += &format!("\n  shrunk: {}", smaller.sql());
            smaller_failure
        }
        None => failure,
    };
    text += &match failure {
        Failure::Panic(message) => format!("\n  panic: {message}"),
        Failure::SqliteError(message) => format!("\n  SQLite: {message}"),
        Failure::OursError { message, sqlite } => format!(
            "\n  ours: {message}\n  SQLite ({} rows):\n{}",
            sqlite.rows.len(),
            compare::show(sqlite)
        ),
        Failure::Different { ours, sqlite } => format!(
            "\n  ours ({} rows):\n{}\n  SQLite ({} rows):\n{}",
            ours.rows.len(),
            compare::show(ours),
            sqlite.rows.len(),
            compare::show(sqlite)
        ),
    };
    text
}
