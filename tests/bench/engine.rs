//! Engine benchmark: the course's two 101,520-row tables, queried through our
//! storage and through GlueSQL's stock `MemoryStorage`. Prints medians.
//! Run with `make bench` (release).

use std::time::Instant;

use gluesql_core::{data::Value, prelude::Glue};
use gluesql_memory_storage::MemoryStorage;
use tabhouse::engine::{load::LoadColumn, Engine};

const ROWS: usize = 101_520;
const RUNS: usize = 5;

/// Deterministic rows shaped like user_session_channel and session_timestamp.
fn course_like_tables() -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let channels = [
        "Youtube",
        "Google",
        "Naver",
        "Organic",
        "Instagram",
        "Facebook",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut usc = Vec::with_capacity(ROWS);
    let mut st = Vec::with_capacity(ROWS);
    for i in 0..ROWS {
        let session = format!("{:032x}", (i as u128) * 0x9E37_79B9_7F4A_7C15_u128 + 7);
        let user = (next() % 949) as i64 * 3 + 1;
        let channel = channels[(next() % 6) as usize];
        let seconds = (next() % (214 * 86_400)) as i64;
        let ts = chrono::NaiveDate::from_ymd_opt(2019, 5, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t + chrono::Duration::seconds(seconds))
            .map(Value::Timestamp)
            .unwrap_or(Value::Null);
        usc.push(vec![
            Value::I64(user),
            Value::Str(session.clone()),
            Value::Str(channel.into()),
        ]);
        st.push(vec![Value::Str(session), ts]);
    }
    (usc, st)
}

const QUERIES: [(&str, &str); 6] = [
    ("scan", "SELECT * FROM raw_data.user_session_channel"),
    ("filter", "SELECT sessionid FROM raw_data.user_session_channel WHERE channel = 'Google'"),
    ("count(*)", "SELECT COUNT(*) FROM raw_data.user_session_channel"),
    ("group by, count distinct", "SELECT channel, COUNT(DISTINCT userid) FROM raw_data.user_session_channel GROUP BY channel"),
    ("hash join + group by", "SELECT LEFT(st.ts, 7), COUNT(DISTINCT usc.userid) FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1"),
    ("order by ... limit 10", "SELECT sessionid, ts FROM raw_data.session_timestamp ORDER BY ts DESC LIMIT 10"),
];

/// The same queries in GlueSQL's own dialect (stock storage has no schemas or Redshift functions).
const STOCK_QUERIES: [&str; 6] = [
    "SELECT * FROM usc",
    "SELECT sessionid FROM usc WHERE channel = 'Google'",
    "SELECT COUNT(*) FROM usc",
    "SELECT channel, COUNT(DISTINCT userid) FROM usc GROUP BY channel",
    "SELECT SUBSTR(CAST(st.ts AS TEXT), 1, 7), COUNT(DISTINCT usc.userid) FROM usc JOIN st ON usc.sessionid = st.sessionid GROUP BY SUBSTR(CAST(st.ts AS TEXT), 1, 7)",
    "SELECT sessionid, ts FROM st ORDER BY ts DESC LIMIT 10",
];

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn time(mut run: impl FnMut()) -> f64 {
    median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                run();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn column(name: &str, declared: &str) -> LoadColumn {
    LoadColumn {
        name: name.into(),
        declared: declared.into(),
        primary_key: false,
    }
}

fn main() {
    if std::env::args().any(|a| a == "course") {
        course_data();
        return;
    }
    let (usc, st) = course_like_tables();

    let mut engine = Engine::new();
    let started = Instant::now();
    engine
        .load_table(
            "raw_data",
            "user_session_channel",
            &[
                column("userid", "INT"),
                column("sessionid", "VARCHAR(32)"),
                column("channel", "VARCHAR(32)"),
            ],
            usc.clone(),
        )
        .expect("load");
    engine
        .load_table(
            "raw_data",
            "session_timestamp",
            &[
                column("sessionid", "VARCHAR(32)"),
                column("ts", "TIMESTAMP"),
            ],
            st.clone(),
        )
        .expect("load");
    println!(
        "load 2 x {ROWS} rows into our storage: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut glue = Glue::new(MemoryStorage::default());
    glue.execute("CREATE TABLE usc (userid INT, sessionid TEXT, channel TEXT); CREATE TABLE st (sessionid TEXT, ts TIMESTAMP)")
        .expect("create");
    for (table, rows) in [("usc", usc), ("st", st)] {
        let values = rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::I64(i) => i.to_string(),
                        Value::Str(s) => format!("'{s}'"),
                        Value::Timestamp(t) => format!("'{t}'"),
                        _ => "NULL".into(),
                    })
                    .collect();
                format!("({})", cells.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ");
        glue.execute(format!("INSERT INTO {table} VALUES {values}"))
            .expect("insert");
    }

    println!(
        "{:<28} {:>12} {:>16} {:>9}",
        "query (median of 5)", "tabhouse ms", "MemoryStorage ms", "speed-up"
    );
    for ((label, sql), stock) in QUERIES.iter().zip(STOCK_QUERIES) {
        let ours = time(|| {
            let output = engine.run(sql);
            assert!(output.error.is_none(), "{label}: {:?}", output.error);
        });
        let theirs = time(|| {
            glue.execute(stock).expect(label);
        });
        println!(
            "{label:<28} {ours:>12.2} {theirs:>16.2} {:>8.1}x",
            theirs / ours
        );
    }
    course_data();
}

/// The real course datasets: generating and loading them, resetting to
/// pristine after a learner's changes, and the course's monthly figures.
fn course_data() {
    println!();
    let seed = tabhouse::datasets::COURSE_SEED;
    let generate = time(|| {
        tabhouse::datasets::generate_tables(seed);
        tabhouse::datasets::generate_sources(seed);
    });
    println!("generate the course tables and files: {generate:.1} ms");
    let load_only = median(
        (0..RUNS)
            .map(|_| {
                let tables = tabhouse::datasets::generate_tables(seed);
                let mut engine = Engine::new();
                let started = Instant::now();
                for table in tables {
                    tabhouse::datasets::load_table(&mut engine, table).expect("table loads");
                }
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    );
    println!("load the generated tables into storage: {load_only:.1} ms");
    let load = time(|| {
        tabhouse::datasets::course_engine().expect("course data loads");
    });
    println!("generate + load the course datasets: {load:.1} ms");
    let mut engine = tabhouse::datasets::course_engine().expect("course data loads");
    let mut reset_after = |label: &str, changes: &str| {
        let ms = median(
            (0..RUNS * 4)
                .map(|_| {
                    let output = engine.run(changes);
                    assert!(output.error.is_none(), "{:?}", output.error);
                    let started = Instant::now();
                    engine.reset();
                    started.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        println!("reset to pristine after {label}: {ms:.3} ms");
    };
    reset_after(
        "a learner's summary tables",
        "CREATE SCHEMA learner; \
         CREATE TABLE learner.mau AS SELECT LEFT(ts, 7) AS month, COUNT(*) AS n FROM raw_data.session_timestamp GROUP BY 1; \
         CREATE TABLE adhoc.t (a INT); INSERT INTO adhoc.t VALUES (1), (2), (3)",
    );
    reset_after(
        "copying 203,040 rows (includes freeing them)",
        "CREATE TABLE adhoc.scratch AS SELECT userid FROM raw_data.user_session_channel; \
         INSERT INTO adhoc.scratch SELECT userid FROM adhoc.scratch",
    );
    let course_queries = [
        (
            "monthly active users",
            "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1 ORDER BY 1",
        ),
        (
            "first/last channel (949 rows)",
            "WITH ranked AS (SELECT usc.userid, usc.channel, ROW_NUMBER() OVER (PARTITION BY usc.userid ORDER BY st.ts) AS seq_first, ROW_NUMBER() OVER (PARTITION BY usc.userid ORDER BY st.ts DESC) AS seq_last FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid), first_channel AS (SELECT userid, channel FROM ranked WHERE seq_first = 1), last_channel AS (SELECT userid, channel FROM ranked WHERE seq_last = 1) SELECT f.userid, f.channel, l.channel FROM first_channel f JOIN last_channel l ON f.userid = l.userid",
        ),
        (
            "monthly channel summary (42)",
            "SELECT LEFT(st.ts, 7) AS month, usc.channel, COUNT(DISTINCT usc.userid) AS unique_users, COUNT(DISTINCT CASE WHEN str.amount > 0 THEN usc.userid END) AS paid_users, ROUND(paid_users::float * 100 / NULLIF(unique_users, 0), 2) AS conversion_rate, SUM(str.amount) AS gross_revenue FROM raw_data.user_session_channel usc LEFT JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid LEFT JOIN raw_data.session_transaction str ON usc.sessionid = str.sessionid GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        (
            "IN (SELECT ...) semi-join",
            "SELECT COUNT(*) FROM raw_data.user_session_channel WHERE sessionid IN (SELECT sessionid FROM raw_data.session_transaction)",
        ),
        (
            "cohort, non-equi join",
            "WITH user_month AS (SELECT DISTINCT usc.userid, DATE_TRUNC('month', st.ts) AS month FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid), cohort AS (SELECT userid, MIN(month) AS cohort_month FROM user_month GROUP BY userid) SELECT TO_CHAR(c.cohort_month, 'YYYY-MM') AS cohort, DATEDIFF(month, c.cohort_month, um.month) + 1 AS m, COUNT(*) AS users FROM cohort c JOIN user_month um ON c.userid = um.userid AND um.month >= c.cohort_month GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        (
            "UNION of 2 x 101,520 rows",
            "SELECT sessionid FROM raw_data.user_session_channel UNION SELECT sessionid FROM raw_data.session_timestamp",
        ),
        (
            "comma join + filter",
            "SELECT COUNT(*) FROM raw_data.user_session_channel usc, raw_data.session_timestamp st WHERE usc.sessionid = st.sessionid AND usc.channel = 'Google'",
        ),
    ];
    for (label, sql) in course_queries {
        let ms = time(|| {
            let output = engine.run(sql);
            assert!(output.error.is_none(), "{label}: {:?}", output.error);
        });
        println!("{label:<28} {ms:>12.2} ms");
    }
}
