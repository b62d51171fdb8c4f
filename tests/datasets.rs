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
         SELECT (SELECT COUNT(*) FROM adhoc.name_gender), (SELECT COUNT(*) FROM adhoc.stock), (SELECT COUNT(*) FROM adhoc.weather)",
    );
    assert!(output.error.is_none(), "{:?}", output.error);
    let counts: Vec<String> = output.last_rows().expect("rows").rows[0]
        .iter()
        .map(|c| c.to_text())
        .collect();
    assert_eq!(counts[0], "100");
    assert!(counts[1].parse::<i64>().unwrap_or(0) >= 15, "{counts:?}");
    assert_eq!(counts[2], "8");

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
