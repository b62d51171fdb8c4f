//! What the grader says about an answer, with its text in both languages.

use serde::{Deserialize, Serialize};

use crate::engine::error::{EngineError, Message};
use crate::engine::outcome::Cell;
use crate::lessons::Feedback;

/// The outcome of a check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    /// Right on the visible and the hidden data.
    Correct,
    /// The result's columns are not the expected ones.
    WrongColumns {
        /// The reference's column names.
        expected: Vec<String>,
        /// The learner's column names.
        got: Vec<String>,
    },
    /// The columns are right, the rows are not.
    WrongRows {
        /// Column names of the rows below (the reference's).
        columns: Vec<String>,
        /// Expected rows the learner's result lacks (at most [`super::SHOWN_ROWS`]).
        missing: Vec<Vec<Cell>>,
        /// Rows of the learner's result that are not expected (at most [`super::SHOWN_ROWS`]).
        extra: Vec<Vec<Cell>>,
        /// How many expected rows are missing in all.
        missing_count: usize,
        /// How many unexpected rows there are in all.
        extra_count: usize,
    },
    /// The right rows in the wrong order (only when the order is required).
    WrongOrder,
    /// Right on the visible data, not on the hidden data (or fails there).
    HiddenData,
    /// A result check whose script returned no rows.
    NoResult,
    /// The learner's SQL failed.
    Error {
        /// The engine's error, with its position in the script.
        error: EngineError,
        /// Which run failed (state checks may run the script several times).
        run: u32,
        /// How many runs the check makes.
        runs: u32,
    },
    /// A choice exercise answered with the wrong choices.
    WrongChoice,
    /// An order exercise answered in the wrong order.
    WrongSequence,
    /// The check could not be made: the reference solution, the setup or
    /// the hidden data failed (a lesson or engine problem, not the learner's).
    Unavailable {
        /// What failed.
        error: EngineError,
    },
}

impl Verdict {
    /// Whether the answer is right.
    pub fn is_correct(&self) -> bool {
        *self == Verdict::Correct
    }

    /// The feedback kind a wrong SQL answer got, as `expect` names it in
    /// `exercises.toml`; `None` for the other verdicts.
    pub fn feedback(&self) -> Option<Feedback> {
        match self {
            Verdict::WrongColumns { .. } => Some(Feedback::WrongColumns),
            Verdict::WrongRows { .. } => Some(Feedback::WrongRows),
            Verdict::WrongOrder => Some(Feedback::WrongOrder),
            Verdict::HiddenData => Some(Feedback::HiddenData),
            Verdict::NoResult | Verdict::Error { .. } => Some(Feedback::Error),
            Verdict::Correct
            | Verdict::WrongChoice
            | Verdict::WrongSequence
            | Verdict::Unavailable { .. } => None,
        }
    }

    /// A short name of the verdict's kind (`"correct"`, `"wrong_rows"`...), as
    /// progress files record it.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Correct => "correct",
            Verdict::WrongColumns { .. } => "wrong_columns",
            Verdict::WrongRows { .. } => "wrong_rows",
            Verdict::WrongOrder => "wrong_order",
            Verdict::HiddenData => "hidden_data",
            Verdict::NoResult => "no_result",
            Verdict::Error { .. } => "error",
            Verdict::WrongChoice => "wrong_choice",
            Verdict::WrongSequence => "wrong_sequence",
            Verdict::Unavailable { .. } => "unavailable",
        }
    }

    /// What to tell the learner, in Korean and English.
    pub fn message(&self) -> Message {
        match self {
            Verdict::Correct => Message::new("정답입니다!", "Correct!"),
            Verdict::WrongColumns { expected, got } => Message::new(
                format!(
                    "결과의 컬럼이 기대와 다릅니다. 기대한 컬럼: {}. 내 결과의 컬럼: {}.",
                    list(expected),
                    list(got)
                ),
                format!(
                    "The result does not have the expected columns. Expected: {}. Yours: {}.",
                    list(expected),
                    list(got)
                ),
            ),
            Verdict::WrongRows {
                missing_count,
                extra_count,
                ..
            } => rows_message(*missing_count, *extra_count),
            Verdict::WrongOrder => Message::new(
                "행은 모두 맞지만 순서가 다릅니다. 문제에서 요구한 정렬 순서를 확인하세요.",
                "All the rows are right, but in the wrong order. Check the order the exercise asks for.",
            ),
            Verdict::HiddenData => Message::new(
                "보이는 데이터에서는 맞지만, 채점용 숨은 데이터에서는 결과가 다릅니다. 눈에 보이는 값을 직접 적어 넣지 말고 쿼리가 계산하게 하세요.",
                "Correct on the visible data but not on the hidden data. Let the query compute the answer instead of writing in values you saw.",
            ),
            Verdict::NoResult => Message::new(
                "채점할 결과가 없습니다. 마지막에 답을 보여 주는 SELECT를 두세요.",
                "There is no result to check. End with a SELECT that shows the answer.",
            ),
            Verdict::Error { error, run, runs } if *runs > 1 => Message::new(
                format!(
                    "채점은 스크립트를 {runs}번 실행합니다. {run}번째 실행에서 오류가 났습니다: {}",
                    error.render("ko")
                ),
                format!(
                    "The check runs your script {runs} times. Run {run} failed: {}",
                    error.render("en")
                ),
            ),
            Verdict::Error { error, .. } => Message::new(
                format!("SQL을 실행하다 오류가 났습니다: {}", error.render("ko")),
                format!("Your SQL failed: {}", error.render("en")),
            ),
            Verdict::WrongChoice => Message::new(
                "정답이 아닙니다. 다시 생각해 보세요.",
                "Not quite. Think it over and try again.",
            ),
            Verdict::WrongSequence => Message::new(
                "순서가 맞지 않습니다. 다시 생각해 보세요.",
                "That is not the right order. Think it over and try again.",
            ),
            Verdict::Unavailable { error } => Message::new(
                format!(
                    "지금은 이 문제를 채점할 수 없습니다(레슨이나 엔진의 문제입니다): {}",
                    error.render("ko")
                ),
                format!(
                    "This exercise cannot be checked right now (a lesson or engine problem): {}",
                    error.render("en")
                ),
            ),
        }
    }
}

/// `a, b, c`, or a dash for none.
fn list(names: &[String]) -> String {
    if names.is_empty() {
        "-".to_owned()
    } else {
        names.join(", ")
    }
}

/// The text of a row difference.
fn rows_message(missing: usize, extra: usize) -> Message {
    let (ko, en) = match (missing, extra) {
        (0, extra) => (
            format!("기대하지 않은 행이 {extra}개 있습니다"),
            format!("{} not expected", rows(extra)),
        ),
        (missing, 0) => (
            format!("기대한 행 중 {missing}개가 빠졌습니다"),
            format!("{} of the expected result missing", rows(missing)),
        ),
        (missing, extra) => (
            format!("기대한 행 중 {missing}개가 빠지고, 기대하지 않은 행이 {extra}개 있습니다"),
            format!(
                "{} of the expected result missing, {} not expected",
                rows(missing),
                rows(extra)
            ),
        ),
    };
    Message::new(
        format!("컬럼은 맞지만 행이 다릅니다. {ko}."),
        format!("The columns are right but the rows are not: {en}."),
    )
}

/// `1 row`, `3 rows`.
fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}
