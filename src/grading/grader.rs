//! The grader: its engines, and the steps of a result or state check.

use std::collections::HashMap;

use crate::datasets::{course_engine, load_seed, COURSE_SEED};
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::outcome::{ResultSet, RunOutput};
use crate::engine::Engine;
use crate::lessons::{Check, Exercise, SqlCheck, TableCheck};

use super::{compare, Verdict};

/// The seed of the hidden grading data.
pub const HIDDEN_SEED: u64 = COURSE_SEED + 1;

/// Checks SQL answers in engines of its own: one on the course data, one
/// on the hidden data (loaded on first use, then kept). Every script runs
/// from an engine reset to its pristine data, so checks never see each
/// other's tables, nor the learner's session.
pub struct Grader {
    visible: Data,
    hidden: Option<Data>,
}

/// One data set: its engine, and the reference results computed on it
/// (a reference always gives the same result on the same data).
struct Data {
    engine: Engine,
    references: HashMap<String, ResultSet>,
}

impl Data {
    fn new(engine: Engine) -> Self {
        Self {
            engine,
            references: HashMap::new(),
        }
    }
}

/// Why a script did not produce a result to compare.
enum Failure {
    /// The exercise's own setup or batch SQL failed.
    Lesson(EngineError),
    /// The script failed in run `run` of `runs`.
    Script {
        error: EngineError,
        run: u32,
        runs: u32,
    },
    /// A result check whose script returned no rows.
    NoResult,
}

impl Grader {
    /// A grader with its own engine on the course data (loading takes about
    /// 70 ms natively).
    pub fn new() -> Result<Self, EngineError> {
        Ok(Self::with_engine(course_engine()?))
    }

    /// A grader over an engine already loaded with the course data; every
    /// check starts from that engine's pristine state.
    pub fn with_engine(visible: Engine) -> Self {
        Self {
            visible: Data::new(visible),
            hidden: None,
        }
    }

    /// Checks a SQL answer to a result or state exercise.
    pub fn check(&mut self, exercise: &Exercise, answer: &str) -> Verdict {
        let (spec, table) = match &exercise.check {
            Check::Result(spec) => (spec, None),
            Check::State { sql, table } => (sql, Some(table)),
            Check::Choice(_) | Check::Order(_) => {
                return Verdict::Unavailable {
                    error: EngineError::msg(
                        ErrorKind::Unsupported,
                        "이 문제는 SQL이 아니라 선택지로 답합니다.",
                        "This exercise is answered by choosing, not with SQL.",
                    ),
                }
            }
        };
        let verdict = match run_both(&mut self.visible, spec, table, answer) {
            Ok((expected, got)) => compare(&expected, &got, &spec.rules),
            Err(verdict) => return verdict,
        };
        if !verdict.is_correct() {
            return verdict;
        }
        let hidden = match self.hidden_data() {
            Ok(data) => data,
            Err(error) => return Verdict::Unavailable { error },
        };
        match run_both(hidden, spec, table, answer) {
            Ok((expected, got)) if compare(&expected, &got, &spec.rules).is_correct() => {
                Verdict::Correct
            }
            Err(unavailable @ Verdict::Unavailable { .. }) => unavailable,
            _ => Verdict::HiddenData,
        }
    }

    /// The engine on the hidden data, loaded on first use.
    fn hidden_data(&mut self) -> Result<&mut Data, EngineError> {
        let data = match self.hidden.take() {
            Some(data) => data,
            None => {
                let mut engine = Engine::new();
                load_seed(&mut engine, HIDDEN_SEED, |_, _, _| {})?;
                Data::new(engine)
            }
        };
        Ok(self.hidden.insert(data))
    }
}

/// Checks the choices of a choice exercise (any order) or an order
/// exercise (the indices in the order the learner put the choices).
pub fn check_choices(exercise: &Exercise, selected: &[usize]) -> Verdict {
    match &exercise.check {
        Check::Choice(answer) => {
            let mut selected = selected.to_vec();
            selected.sort_unstable();
            selected.dedup();
            if selected == *answer {
                Verdict::Correct
            } else {
                Verdict::WrongChoice
            }
        }
        Check::Order(answer) if selected == answer.as_slice() => Verdict::Correct,
        Check::Order(_) => Verdict::WrongSequence,
        Check::Result(_) | Check::State { .. } => Verdict::Unavailable {
            error: EngineError::msg(
                ErrorKind::Unsupported,
                "이 문제는 선택지가 아니라 SQL로 답합니다.",
                "This exercise is answered with SQL, not by choosing.",
            ),
        },
    }
}

/// The reference's result (computed once per data set), then the
/// learner's, each from the pristine data: (expected, got), or the verdict
/// that ends the check.
fn run_both(
    data: &mut Data,
    spec: &SqlCheck,
    table: Option<&TableCheck>,
    learner: &str,
) -> Result<(ResultSet, ResultSet), Verdict> {
    let key = format!("{:?}\n{}\n{table:?}", spec.setup, spec.solution);
    let expected = match data.references.get(&key) {
        Some(expected) => expected.clone(),
        None => {
            let expected = produce(&mut data.engine, spec, table, &spec.solution)
                .map_err(reference_failure)?;
            data.references.insert(key, expected.clone());
            expected
        }
    };
    let got = produce(&mut data.engine, spec, table, learner).map_err(|failure| match failure {
        Failure::Lesson(error) => Verdict::Unavailable { error },
        Failure::Script { error, run, runs } => Verdict::Error { error, run, runs },
        Failure::NoResult => Verdict::NoResult,
    })?;
    Ok((expected, got))
}

/// A failing reference: the check cannot be made.
fn reference_failure(failure: Failure) -> Verdict {
    let error = match failure {
        Failure::Lesson(error) | Failure::Script { error, .. } => error,
        Failure::NoResult => EngineError::msg(
            ErrorKind::Execution,
            "모범 답안이 결과 행을 돌려주지 않습니다.",
            "The reference solution returns no rows.",
        ),
    };
    Verdict::Unavailable { error }
}

/// Resets the engine, runs the setup and the script (as often as the state
/// check says), and returns what is compared: the last result set, or the
/// state check's table.
fn produce(
    engine: &mut Engine,
    spec: &SqlCheck,
    table: Option<&TableCheck>,
    script: &str,
) -> Result<ResultSet, Failure> {
    engine.reset();
    if let Some(setup) = &spec.setup {
        run_lesson_sql(engine, setup)?;
    }
    let Some(table) = table else {
        let output = run_script(engine, script, 1, 1)?;
        return output.last_rows().cloned().ok_or(Failure::NoResult);
    };
    for run in 1..=table.runs {
        if run > 1 {
            if let Some(batch) = &table.batch {
                run_lesson_sql(engine, batch)?;
            }
        }
        run_script(engine, script, run, table.runs)?;
    }
    let select = format!("SELECT * FROM {}", table.name);
    let output = run_script(engine, &select, table.runs, table.runs)?;
    output.last_rows().cloned().ok_or(Failure::NoResult)
}

/// Runs a script of the answer; an error, or a transaction left open, fails it.
fn run_script(
    engine: &mut Engine,
    script: &str,
    run: u32,
    runs: u32,
) -> Result<RunOutput, Failure> {
    let mut output = engine.run(script);
    if let Some(error) = output.error.take() {
        return Err(Failure::Script { error, run, runs });
    }
    if engine.in_transaction() {
        let error = EngineError::msg(
            ErrorKind::Execution,
            "트랜잭션이 열린 채로 끝났습니다. END(또는 COMMIT)로 닫아야 변경이 확정됩니다.",
            "The script ends with a transaction still open. Close it with END (or COMMIT) to commit its changes.",
        );
        return Err(Failure::Script { error, run, runs });
    }
    Ok(output)
}

/// Runs the exercise's own setup or batch SQL.
fn run_lesson_sql(engine: &mut Engine, sql: &str) -> Result<(), Failure> {
    match engine.run(sql).error {
        Some(error) => Err(Failure::Lesson(error)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::{ExerciseText, Rules};

    fn exercise(check: Check) -> Exercise {
        let text = ExerciseText {
            prompt: "p".into(),
            hints: Vec::new(),
            explanation: String::new(),
            choices: Vec::new(),
        };
        Exercise {
            id: "x".into(),
            ko: text.clone(),
            en: text,
            starter: String::new(),
            check,
            wrong: Vec::new(),
        }
    }

    fn sql_check(solution: &str, setup: Option<&str>) -> SqlCheck {
        SqlCheck {
            solution: solution.into(),
            setup: setup.map(Into::into),
            rules: Rules::default(),
        }
    }

    #[test]
    fn choices_and_orders() {
        let choice = exercise(Check::Choice(vec![0, 2]));
        assert!(check_choices(&choice, &[2, 0]).is_correct());
        assert_eq!(check_choices(&choice, &[2]), Verdict::WrongChoice);
        let order = exercise(Check::Order(vec![2, 0, 1]));
        assert!(check_choices(&order, &[2, 0, 1]).is_correct());
        assert_eq!(check_choices(&order, &[0, 1, 2]), Verdict::WrongSequence);
    }

    #[test]
    fn state_checks_run_the_script_as_often_as_asked() {
        let mut grader = Grader::with_engine(Engine::new());
        let setup = "CREATE TABLE adhoc.t (n INT);";
        let state = exercise(Check::State {
            sql: sql_check(
                "DELETE FROM adhoc.t; INSERT INTO adhoc.t VALUES (1);",
                Some(setup),
            ),
            table: TableCheck {
                name: "adhoc.t".into(),
                runs: 2,
                batch: None,
            },
        });
        let appends = grader.check(&state, "INSERT INTO adhoc.t VALUES (1);");
        assert!(matches!(appends, Verdict::WrongRows { extra_count: 1, .. }));
        let open = grader.check(
            &state,
            "BEGIN; DELETE FROM adhoc.t; INSERT INTO adhoc.t VALUES (1);",
        );
        assert!(matches!(
            open,
            Verdict::Error {
                run: 1,
                runs: 2,
                ..
            }
        ));
        let fails = grader.check(&state, "INSERT INTO adhoc.t VALUES ('x');");
        assert_eq!(fails.feedback(), Some(crate::lessons::Feedback::Error));
        let broken = exercise(Check::Result(sql_check(
            "SELECT nothing FROM adhoc.none",
            None,
        )));
        assert!(matches!(
            grader.check(&broken, "SELECT 1"),
            Verdict::Unavailable { .. }
        ));
    }

    #[test]
    fn a_hard_coded_answer_fails_on_the_hidden_data() {
        let mut grader = Grader::new().unwrap();
        let count = exercise(Check::Result(sql_check(
            "SELECT COUNT(DISTINCT sessionid) AS n FROM raw_data.session_transaction",
            None,
        )));
        let query = "SELECT COUNT(DISTINCT sessionid) AS n FROM raw_data.session_transaction";
        assert_eq!(grader.check(&count, query), Verdict::Correct);
        assert_eq!(grader.check(&count, "SELECT 996 AS n"), Verdict::HiddenData);
        assert!(matches!(
            grader.check(&count, "SELECT 995 AS n"),
            Verdict::WrongRows { .. }
        ));
        assert_eq!(
            grader.check(&count, "CREATE TABLE adhoc.n (n INT)"),
            Verdict::NoResult
        );
    }
}
