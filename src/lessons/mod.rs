//! The course's lessons: the files under `lessons/` parsed into a
//! [`Course`], natively; the page gets the course as a [`bundle`]. The format is
//! `lessons/README.md`; every text is rendered to safe HTML here (raw HTML in
//! the Markdown is shown as text), so the UI only places it.

pub mod bundle;
mod error;
mod exercise;
mod files;
mod markdown;
pub mod progress;
mod source;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub use error::LessonError;
pub use files::{course, read_course, source_dir};
pub use source::{parse_course, LessonFile};

/// The whole course, week by week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Weeks in order of their number.
    pub weeks: Vec<Week>,
}

impl Course {
    /// Every lesson, week by week, in order.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.weeks.iter().flat_map(|week| week.lessons.iter())
    }

    /// The lesson with this id (`"week3/02-channel-summary"`).
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons().find(|lesson| lesson.id == id)
    }
}

/// One week of the course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// The week's number (`week3` is 3).
    pub number: u32,
    /// Its lessons in order.
    pub lessons: Vec<Lesson>,
}

/// One lesson: its text in both languages and its exercises.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// `"week3/02-channel-summary"`: the folder, relative to `lessons/`.
    pub id: String,
    /// The week's number.
    pub week: u32,
    /// The lesson's number within its week (`02-...` is 2).
    pub order: u32,
    /// The Korean text.
    pub ko: LessonText,
    /// The English text.
    pub en: LessonText,
    /// Exercises in the order the text refers to them.
    pub exercises: Vec<Exercise>,
}

impl Lesson {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &LessonText {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// The exercise with this id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|exercise| exercise.id == id)
    }
}

/// A lesson's text in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonText {
    /// The title (plain text).
    pub title: String,
    /// A one- or two-sentence summary (plain text).
    pub summary: String,
    /// The body in reading order.
    pub blocks: Vec<Block>,
}

/// A piece of a lesson's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// Rendered Markdown: safe HTML (raw HTML in the source is escaped).
    Html(String),
    /// A ```sql block; `runnable` is false for ```sql norun.
    Sql {
        /// The SQL as written.
        sql: String,
        /// Whether the page offers to run it.
        runnable: bool,
    },
    /// Where the exercise with this id is shown.
    Exercise(String),
}

/// An exercise: its text in both languages, and how it is checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// Unique within its lesson.
    pub id: String,
    /// The Korean text.
    pub ko: ExerciseText,
    /// The English text.
    pub en: ExerciseText,
    /// SQL the editor starts with (empty when none).
    pub starter: String,
    /// How an answer is checked.
    pub check: Check,
    /// Plausible wrong answers and the feedback each must get (tested).
    pub wrong: Vec<WrongCase>,
}

impl Exercise {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &ExerciseText {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// The kind of check.
    pub fn kind(&self) -> ExerciseKind {
        match self.check {
            Check::Result(_) => ExerciseKind::Result,
            Check::State { .. } => ExerciseKind::State,
            Check::Choice(_) => ExerciseKind::Choice,
            Check::Order(_) => ExerciseKind::Order,
        }
    }
}

/// An exercise's text in one language; every field is rendered safe HTML.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseText {
    /// The task.
    pub prompt: String,
    /// Up to three hints, from a nudge to nearly the answer.
    pub hints: Vec<String>,
    /// Shown once the exercise is solved (may be empty).
    pub explanation: String,
    /// The choices of a choice or order exercise, inline HTML (no `<p>`).
    pub choices: Vec<String>,
}

/// The kinds of exercise, as `kind` names them in `exercises.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExerciseKind {
    /// The learner's query must return the reference's rows.
    Result,
    /// The learner's script must leave a table as the reference's does.
    State,
    /// Pick the right choice(s).
    Choice,
    /// Put the choices in the right order.
    Order,
}

/// How an answer is checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    /// Compare the last result set with the reference solution's.
    Result(SqlCheck),
    /// Run the script (maybe several times), then compare a table.
    State {
        /// The reference, setup and comparison rules.
        sql: SqlCheck,
        /// Which table, and how often the script runs.
        table: TableCheck,
    },
    /// The zero-based indices of every correct choice (any order).
    Choice(Vec<usize>),
    /// The zero-based indices of the choices in their correct order: the
    /// first element is the choice that comes first.
    Order(Vec<usize>),
}

/// The SQL side of a result or state check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SqlCheck {
    /// The reference solution.
    pub solution: String,
    /// SQL run first, before the learner's and the reference script alike.
    pub setup: Option<String>,
    /// How the results are compared.
    pub rules: Rules,
}

/// The table side of a state check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableCheck {
    /// The table compared after the script, e.g. `adhoc.nps_copy`.
    pub name: String,
    /// How many times the script runs (1 or more).
    pub runs: u32,
    /// SQL run between two runs (new source rows for incremental loads).
    pub batch: Option<String>,
}

/// Comparison rules of a result or state check.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Whether the row order matters.
    pub order: RowOrder,
    /// How columns are matched.
    pub columns: ColumnMatch,
    /// Absolute tolerance for numbers.
    pub tolerance: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            order: RowOrder::Any,
            columns: ColumnMatch::Name,
            tolerance: 0.0,
        }
    }
}

/// Whether the row order matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowOrder {
    /// Rows compare as a multiset.
    Any,
    /// Rows must come in the reference's order.
    Required,
}

/// How result columns are matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnMatch {
    /// By name, case-insensitively; the columns' order does not matter.
    Name,
    /// By position; names do not matter.
    Position,
}

/// A wrong answer kept with the exercise, and the feedback it must get.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WrongCase {
    /// The wrong SQL.
    pub sql: String,
    /// The feedback the grader must give it.
    pub expect: Feedback,
}

/// The kinds of feedback a wrong SQL answer can get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    /// Not the expected columns.
    WrongColumns,
    /// The expected columns, other rows.
    WrongRows,
    /// The expected rows in another order.
    WrongOrder,
    /// Right on the visible data, wrong on the hidden data.
    HiddenData,
    /// The SQL fails (or returns no rows).
    Error,
}
