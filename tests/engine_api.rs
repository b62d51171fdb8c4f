//! The engine API: scripts, transactions, snapshots, permissions and errors.

use tabhouse::engine::{
    error::ErrorKind,
    outcome::{Cell, Output, RunOutput},
    Engine,
};

fn rows(output: &RunOutput) -> Vec<Vec<String>> {
    assert!(
        output.error.is_none(),
        "unexpected error: {:?}",
        output.error
    );
    output
        .last_rows()
        .expect("a result set")
        .rows
        .iter()
        .map(|row| row.iter().map(Cell::to_text).collect())
        .collect()
}

fn query(engine: &mut Engine, sql: &str) -> Vec<Vec<String>> {
    rows(&engine.run(sql))
}

fn tables(engine: &mut Engine) -> Vec<Vec<String>> {
    query(engine, "SHOW TABLES")
}

#[test]
fn a_script_reports_each_statement_in_order() {
    let mut engine = Engine::new();
    let output = engine.run("CREATE TABLE adhoc.t (a INT);\nINSERT INTO adhoc.t VALUES (1), (2);\nSELECT COUNT(*) AS n FROM adhoc.t;");
    assert!(output.error.is_none());
    assert_eq!(output.statements.len(), 3);
    assert_eq!(
        output.statements[0].output,
        Output::Command("CREATE TABLE".into())
    );
    assert_eq!(
        output.statements[1].output,
        Output::Affected {
            command: "INSERT".into(),
            rows: 2
        }
    );
    assert_eq!(output.statements[2].line, 3);
    assert_eq!(rows(&output), [["2"]]);
}

#[test]
fn a_failing_statement_stops_the_script_and_earlier_ones_stay() {
    let mut engine = Engine::new();
    let output = engine.run("CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\nSELECT nope FROM t;\nINSERT INTO t VALUES (2);");
    let error = output.error.expect("an error");
    assert_eq!(error.statement, Some(3));
    assert_eq!(error.line, Some(3));
    assert_eq!(error.column, Some(8));
    assert_eq!(output.statements.len(), 2);
    assert_eq!(query(&mut engine, "SELECT a FROM t"), [["1"]]);
}

#[test]
fn a_failing_multi_row_insert_inserts_nothing() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE t (a INT NOT NULL)");
    let output = engine.run("INSERT INTO t VALUES (1), (NULL), (3)");
    assert!(output.error.is_some());
    assert_eq!(query(&mut engine, "SELECT COUNT(*) FROM t"), [["0"]]);
}

#[test]
fn rollback_restores_data_and_ddl_exactly() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE adhoc.keep (a INT); INSERT INTO adhoc.keep VALUES (1); CREATE TABLE adhoc.gone (b INT)");
    let before = (
        tables(&mut engine),
        query(&mut engine, "SELECT a FROM adhoc.keep"),
    );
    let output = engine.run(
        "BEGIN;\nINSERT INTO adhoc.keep VALUES (2);\nCREATE TABLE adhoc.fresh (c INT);\nDROP TABLE adhoc.gone;\nCREATE SCHEMA scratch;\nROLLBACK;",
    );
    assert!(output.error.is_none(), "{:?}", output.error);
    assert!(!engine.in_transaction());
    let after = (
        tables(&mut engine),
        query(&mut engine, "SELECT a FROM adhoc.keep"),
    );
    assert_eq!(before, after);
    assert!(engine.run("CREATE SCHEMA scratch").error.is_none());
}

#[test]
fn end_commits_like_commit() {
    let mut engine = Engine::new();
    engine.run("BEGIN; CREATE TABLE t (a INT); INSERT INTO t VALUES (7); END;");
    assert_eq!(query(&mut engine, "SELECT a FROM t"), [["7"]]);
}

#[test]
fn an_error_aborts_the_transaction_until_rollback() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE t (a INT)");
    let output = engine.run("BEGIN; INSERT INTO t VALUES (1); SELECT 1/0;");
    assert_eq!(
        output.error.map(|e| e.kind),
        Some(ErrorKind::DivisionByZero)
    );
    let output = engine.run("INSERT INTO t VALUES (2)");
    assert_eq!(
        output.error.map(|e| e.kind),
        Some(ErrorKind::TransactionAborted)
    );
    let output = engine.run("COMMIT");
    assert_eq!(
        output.statements[0].output,
        Output::Command("ROLLBACK".into())
    );
    assert_eq!(query(&mut engine, "SELECT COUNT(*) FROM t"), [["0"]]);
}

#[test]
fn reset_returns_to_the_pristine_state() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE adhoc.base (a INT); INSERT INTO adhoc.base VALUES (1)");
    engine.mark_pristine();
    engine.run("INSERT INTO adhoc.base VALUES (2); CREATE TABLE adhoc.extra (b INT); BEGIN;");
    engine.reset();
    assert!(!engine.in_transaction());
    assert_eq!(tables(&mut engine), [["adhoc", "base", "1"]]);
}

#[test]
fn raw_data_is_read_only() {
    let mut engine = Engine::new();
    for sql in [
        "CREATE TABLE raw_data.x (a INT)",
        "CREATE TABLE prod.x AS SELECT 1 AS a",
        "DROP SCHEMA raw_data",
    ] {
        let error = engine.run(sql).error.expect("refused");
        assert_eq!(error.kind, ErrorKind::PermissionDenied, "{sql}");
        assert!(error.render("en").contains("permission denied"), "{sql}");
    }
}

#[test]
fn unknown_names_get_suggestions_and_positions() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE adhoc.user_session_channel (userid INT, channel VARCHAR(32))");
    let error = engine
        .run("SELECT usc.userid,\n       usc.chanel\nFROM adhoc.user_session_channel usc")
        .error
        .expect("unknown column");
    assert_eq!(error.kind, ErrorKind::UnknownName);
    assert_eq!(error.suggestions, ["usc.channel"]);
    assert_eq!((error.line, error.column), (Some(2), Some(12)));
    assert!(error.render("ko").contains("혹시 `usc.channel`"));

    let error = engine
        .run("SELECT * FROM adhoc.user_sesion_channel")
        .error
        .expect("unknown table");
    assert_eq!(error.suggestions, ["adhoc.user_session_channel"]);
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let mut engine = Engine::new();
    let error = engine
        .run("SELECT 1;\nSELECT FROM WHERE;")
        .error
        .expect("syntax error");
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(error.statement, Some(2));
    assert_eq!(error.line, Some(2));
    assert!(error.column.is_some());
}

#[test]
fn identifiers_fold_to_lower_case_unless_quoted() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE ADHOC.Mixed (UserId INT, \"Group\" VARCHAR(8))");
    engine.run("INSERT INTO adhoc.mixed VALUES (1, 'a')");
    assert_eq!(
        query(&mut engine, "SELECT USERID, \"Group\" FROM Adhoc.MIXED"),
        [["1", "a"]]
    );
}

#[test]
fn keys_are_informational_and_not_null_and_default_are_enforced() {
    let mut engine = Engine::new();
    let output = engine.run(
        "CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(4) UNIQUE, n INT NOT NULL DEFAULT 5, PRIMARY KEY (id, code));\nINSERT INTO t (id, code) VALUES (1, 'a'), (1, 'a');",
    );
    assert!(output.error.is_none(), "{:?}", output.error);
    assert_eq!(
        query(&mut engine, "SELECT id, code, n FROM t"),
        [["1", "a", "5"], ["1", "a", "5"]]
    );
    let error = engine.run("INSERT INTO t (id, n) VALUES (2, NULL)").error;
    assert!(error.is_some(), "NOT NULL is enforced");
}

#[test]
fn the_workspace_round_trips_through_bytes() {
    let mut engine = Engine::new();
    engine.run(
        "CREATE SCHEMA mine; CREATE TABLE mine.t (id INT8 PRIMARY KEY, name VARCHAR(8), price DECIMAL(10,2), at TIMESTAMP);\
         INSERT INTO mine.t VALUES (1, '가', 1.25, '2019-05-01 00:13:11.783'), (2, NULL, NULL, NULL);\
         CREATE TABLE analytics.s AS SELECT 1 AS one; CREATE TEMP TABLE scratch AS SELECT 2 AS two;",
    );
    engine.mark_pristine();
    let saved = engine.save_workspace().expect("saved");
    let before = query(&mut engine, "SELECT * FROM information_schema.columns");
    let data = query(&mut engine, "SELECT * FROM mine.t ORDER BY id");

    let mut fresh = Engine::new();
    fresh.restore_workspace(&saved).expect("restored");
    assert_eq!(query(&mut fresh, "SELECT * FROM mine.t ORDER BY id"), data);
    let after: Vec<Vec<String>> = query(&mut fresh, "SELECT * FROM information_schema.columns");
    let without_temp: Vec<Vec<String>> = before.into_iter().filter(|r| r[0] != "pg_temp").collect();
    assert_eq!(after, without_temp);
    assert_eq!(
        query(
            &mut fresh,
            "INSERT INTO mine.t (id) VALUES (3); SELECT COUNT(*) FROM mine.t"
        ),
        [["3"]]
    );
}

#[test]
fn a_damaged_or_outdated_workspace_is_refused_and_changes_nothing() {
    let mut engine = Engine::new();
    engine.run("CREATE TABLE adhoc.t (a INT)");
    for bytes in [&b"garbage"[..], b"THWS\xff\xff\xff", b""] {
        let error = engine.restore_workspace(bytes).expect_err("refused");
        assert_eq!(error.kind, ErrorKind::Load);
    }
    assert_eq!(tables(&mut engine), [["adhoc", "t", "0"]]);
}

#[test]
fn select_star_over_using_names_the_shared_column_once_first() {
    let mut engine = Engine::new();
    let setup = engine.run(
        "CREATE TABLE adhoc.a (x INT, id INT); CREATE TABLE adhoc.b (id INT, y INT);\
         INSERT INTO adhoc.a VALUES (10, 1); INSERT INTO adhoc.b VALUES (1, 20);",
    );
    assert!(setup.error.is_none(), "{:?}", setup.error);
    for join in ["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"] {
        let output = engine.run(&format!("SELECT * FROM adhoc.a {join} adhoc.b USING (id)"));
        let result = output.last_rows().expect("a result set");
        let names: Vec<&str> = result.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "x", "y"], "{join}");
        assert_eq!(rows(&output), [["1", "10", "20"]], "{join}");
    }
}
