//! The generated course data, checked with SQL through the engine against
//! every figure of DATASETS.md; loading, reset and hidden data.

use std::time::Instant;

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
fn reset_restores_the_course_data_quickly() {
    let mut engine = course_engine().expect("course data loads");
    engine.run("CREATE TABLE adhoc.scratch AS SELECT userid FROM raw_data.user_session_channel; DROP TABLE adhoc.scratch; CREATE TABLE adhoc.t (a INT)");
    let started = Instant::now();
    engine.reset();
    let elapsed = started.elapsed();
    assert!(elapsed.as_millis() < 50, "reset took {elapsed:?}");
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
