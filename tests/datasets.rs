//! The generated course data, checked with SQL through the engine against
//! every figure of DATASETS.md; loading, reset and hidden data.

use tabhouse::datasets::{self, check_figures, course_engine, COURSE_SEED};

#[test]
fn every_course_figure_matches() {
    let mut engine = course_engine().expect("course data loads");
    let failures: Vec<String> = check_figures(&mut engine)
        .into_iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.figure, c.detail))
        .collect();
    assert!(failures.is_empty(), "figures off:\n{}", failures.join("\n"));
}

#[test]
fn tables_hash_to_the_recorded_values() {
    for table in datasets::generate_tables(COURSE_SEED) {
        let name = format!("{}.{}", table.schema, table.name);
        let expected = datasets::COURSE_TABLE_HASHES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, h)| *h);
        assert_eq!(Some(datasets::table_hash(&table)), expected, "{name}");
    }
}

#[test]
fn reset_restores_the_course_data() {
    let mut engine = course_engine().expect("course data loads");
    engine.run("CREATE TABLE adhoc.scratch AS SELECT userid FROM raw_data.user_session_channel; DROP TABLE adhoc.scratch; CREATE TABLE adhoc.t (a INT)");
    engine.reset();
    let output =
        engine.run("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'adhoc'");
    assert_eq!(
        output.last_rows().map(|r| r.rows[0][0].to_text()),
        Some("0".into())
    );
}

#[test]
fn raw_data_refuses_writes_with_course_data_loaded() {
    let mut engine = course_engine().expect("course data loads");
    let error = engine
        .run("INSERT INTO raw_data.channel VALUES ('x')")
        .error
        .expect("refused");
    assert!(error.render("en").contains("permission denied"));
    let output = engine.run("SELECT USERID FROM RAW_DATA.USER_SESSION_CHANNEL LIMIT 1");
    assert!(output.error.is_none());
}

#[test]
fn copy_loads_every_source_file_and_refuses_a_bad_row_whole() {
    let mut engine = course_engine().expect("course data loads");
    let output = engine.run(
        "CREATE TABLE adhoc.name_gender (name VARCHAR(32), gender VARCHAR(8));\
         COPY adhoc.name_gender FROM 's3://tabhouse-course/name_gender.csv' CSV IGNOREHEADER 1;\
         CREATE TABLE adhoc.stock (date DATE, open FLOAT, high FLOAT, low FLOAT, close FLOAT, volume BIGINT);\
         COPY adhoc.stock FROM 's3://tabhouse-course/stock_prices.csv' CSV IGNOREHEADER 1;\
         CREATE TABLE adhoc.weather (date DATE, temp FLOAT, min FLOAT, max FLOAT);\
         COPY adhoc.weather FROM 's3://tabhouse-course/seoul_weather.json' FORMAT AS JSON 'auto' DATEFORMAT 'auto';\
         CREATE TABLE adhoc.countries (name VARCHAR(64), official_name VARCHAR(128), population BIGINT, area FLOAT);\
         COPY adhoc.countries FROM 's3://tabhouse-course/countries.json' JSON 's3://tabhouse-course/countries_jsonpaths.json';\
         SELECT (SELECT COUNT(*) FROM adhoc.name_gender), (SELECT COUNT(*) FROM adhoc.stock), (SELECT COUNT(*) FROM adhoc.weather), \
                (SELECT COUNT(*) FROM adhoc.countries WHERE name IS NOT NULL AND official_name LIKE '%' || name AND population > 0)",
    );
    assert!(output.error.is_none(), "{:?}", output.error);
    let counts: Vec<String> = output.last_rows().expect("rows").rows[0]
        .iter()
        .map(|c| c.to_text())
        .collect();
    assert_eq!(counts[0], "100");
    assert!(counts[1].parse::<i64>().unwrap_or(0) >= 15, "{counts:?}");
    assert_eq!(counts[2], "8");
    assert!(counts[3].parse::<i64>().unwrap_or(0) >= 200, "{counts:?}");

    engine.bucket_mut().put(
        "broken.csv",
        b"name,gender\nAnna,F\nAlex,M,extra\nAmy,F\n".to_vec(),
    );
    let error = engine
        .run("COPY adhoc.name_gender FROM 's3://tabhouse-course/broken.csv' CSV IGNOREHEADER 1")
        .error
        .expect("refused");
    assert!(
        error.render("en").contains("line 3"),
        "{}",
        error.render("en")
    );
    let output = engine.run("SELECT COUNT(*) FROM adhoc.name_gender");
    assert_eq!(
        output.last_rows().map(|r| r.rows[0][0].to_text()),
        Some("100".into())
    );
}

/// The export loads into another database: every CSV into SQLite (as its
/// `.import` does, row by row), and the MAU query gives the same answer.
#[test]
fn exported_csv_loads_into_sqlite_with_the_same_mau() {
    let mut engine = course_engine().expect("course data loads");
    let files = tabhouse::datasets::export::export(engine.storage(), &["raw_data"]);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"schema.sql") && names.contains(&"load.sql"),
        "{names:?}"
    );
    let sqlite = rusqlite::Connection::open_in_memory().expect("sqlite");
    for table in ["user_session_channel", "session_timestamp"] {
        let file = files
            .iter()
            .find(|f| f.name == format!("raw_data.{table}.csv"))
            .expect("exported CSV");
        let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
        let headers: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        sqlite
            .execute(
                &format!("CREATE TABLE {table} ({})", headers.join(", ")),
                [],
            )
            .expect("create");
        let marks = vec!["?"; headers.len()].join(", ");
        let mut insert = sqlite
            .prepare(&format!("INSERT INTO {table} VALUES ({marks})"))
            .expect("prepare");
        for record in reader.records() {
            let record = record.expect("CSV record");
            insert
                .execute(rusqlite::params_from_iter(record.iter()))
                .expect("insert");
        }
    }
    let mut statement = sqlite
        .prepare(
            "SELECT substr(st.ts, 1, 7) AS month, COUNT(DISTINCT usc.userid) \
             FROM user_session_channel usc JOIN session_timestamp st ON usc.sessionid = st.sessionid \
             GROUP BY 1 ORDER BY 1",
        )
        .expect("MAU query");
    let theirs: Vec<(String, i64)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("run")
        .map(|row| row.expect("row"))
        .collect();
    let ours = engine.run(
        "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau \
         FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid \
         GROUP BY 1 ORDER BY 1",
    );
    let ours: Vec<(String, i64)> = ours
        .last_rows()
        .expect("rows")
        .rows
        .iter()
        .map(|row| (row[0].to_text(), row[1].to_text().parse().expect("count")))
        .collect();
    assert_eq!(theirs, ours);
    assert_eq!(ours.len(), 7);
}
