//! Lessons in the page: the part of the page ⇄ worker protocol that reads
//! the course and checks answers ([`LessonRequest`], [`LessonResponse`]),
//! and the worker's [`LessonService`] that answers it.
//!
//! The page gets what it shows and nothing it must not: lesson texts, hints,
//! explanations and starters, never a reference solution, a setup or a
//! wrong case (they stay in the worker, with the grader).

use serde::{Deserialize, Serialize};

use crate::engine::error::{EngineError, ErrorKind, Message};
use crate::engine::Engine;
use crate::grading::{check_choices, Grader, Verdict};
use crate::i18n::Lang;
use crate::lessons::progress::{exercise_key, split_key, Answer, Attempt};
use crate::lessons::{
    self, Check, Course, Exercise, ExerciseKind, ExerciseText, Lesson, LessonText,
};

/// A lesson request from the page (inside `Request::Lessons`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LessonRequest {
    /// Every week and lesson, for the course map.
    Outline,
    /// One lesson to read.
    Lesson {
        /// `"week3/01-joins"`.
        id: String,
    },
    /// Check SQL answering a result or state exercise.
    Check {
        /// The exercise's key, `"week3/01-joins#vitals-with-alerts"`.
        key: String,
        /// The learner's SQL (the editor's text).
        sql: String,
    },
    /// Check the answer to a choice or order exercise.
    CheckChoices {
        /// The exercise's key.
        key: String,
        /// The chosen indices (choice), or the indices in the learner's order (order).
        selected: Vec<usize>,
    },
}

/// The worker's answer to a [`LessonRequest`] (inside `Response::Lessons`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LessonResponse {
    /// The answer to `Outline`.
    Outline(CourseOutline),
    /// The answer to `Lesson` (boxed: the largest message by far).
    Lesson(Box<LessonContent>),
    /// The answer to `Check` and `CheckChoices` (an unknown exercise is an
    /// `Unavailable` verdict, so the page's pending check always ends).
    Checked(Checked),
    /// `Outline` or `Lesson` failed: the lessons did not load, or there is
    /// no lesson with that id.
    Failed(Message),
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    /// The exercise's key.
    pub key: String,
    /// The answer as submitted, for the progress record.
    pub answer: Answer,
    /// What the grader said (a `WrongRows` carries the missing and extra rows).
    pub verdict: Verdict,
    /// The verdict's text in Korean and English.
    pub message: Message,
}

impl Checked {
    /// This check as an attempt made at `at` (ms since the epoch).
    pub fn attempt(&self, at: f64) -> Attempt {
        Attempt::new(at, self.answer.clone(), &self.verdict)
    }
}

/// The course's weeks and lessons, for the course map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseOutline {
    /// Weeks in order.
    pub weeks: Vec<WeekOutline>,
}

/// One week in the outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekOutline {
    /// The week's number (1 to 6).
    pub number: u32,
    /// Its lessons in order.
    pub lessons: Vec<LessonOutline>,
}

impl WeekOutline {
    /// The progress keys of every exercise of the week.
    pub fn exercise_keys(&self) -> impl Iterator<Item = &str> {
        self.lessons.iter().flat_map(LessonOutline::exercise_keys)
    }
}

/// One lesson in the outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonOutline {
    /// `"week3/01-joins"`.
    pub id: String,
    /// The lesson's number within its week.
    pub order: u32,
    /// Korean title and summary.
    pub ko: Heading,
    /// English title and summary.
    pub en: Heading,
    /// The progress keys of its exercises, in order.
    pub exercises: Vec<String>,
}

impl LessonOutline {
    /// Title and summary in `lang`.
    pub fn heading(&self, lang: Lang) -> &Heading {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// The progress keys of its exercises.
    pub fn exercise_keys(&self) -> impl Iterator<Item = &str> {
        self.exercises.iter().map(String::as_str)
    }
}

/// A lesson's title and summary in one language (plain text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// The title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
}

/// A lesson as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonContent {
    /// `"week3/01-joins"`.
    pub id: String,
    /// The week's number.
    pub week: u32,
    /// The lesson's number within its week.
    pub order: u32,
    /// The Korean text (HTML blocks are already sanitized).
    pub ko: LessonText,
    /// The English text.
    pub en: LessonText,
    /// Its exercises, without their solutions.
    pub exercises: Vec<ExerciseView>,
    /// The lesson before it in the course, if any.
    pub previous: Option<String>,
    /// The lesson after it, if any.
    pub next: Option<String>,
}

impl LessonContent {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &LessonText {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// The exercise with this id.
    pub fn exercise(&self, id: &str) -> Option<&ExerciseView> {
        self.exercises.iter().find(|exercise| exercise.id == id)
    }
}

/// An exercise as the page shows it: texts and starter, no solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseView {
    /// Unique within its lesson.
    pub id: String,
    /// Its progress key, `"<lesson id>#<id>"`.
    pub key: String,
    /// How it is answered.
    pub kind: ExerciseKind,
    /// A choice exercise with several correct choices ("choose all that
    /// apply": checkboxes rather than radio buttons).
    pub multiple: bool,
    /// SQL the editor can start from (may be empty).
    pub starter: String,
    /// The Korean text (prompt, hints, explanation, choices: safe HTML).
    pub ko: ExerciseText,
    /// The English text.
    pub en: ExerciseText,
}

impl ExerciseView {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &ExerciseText {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// Answers lesson requests: the course (loaded from its bundle, which the
/// worker fetches the first time it is asked) and the grader (made on the
/// first check, from a clone of the worker's engine, which shares its
/// tables).
#[derive(Default)]
pub struct LessonService {
    course: Option<Course>,
    grader: Option<Grader>,
}

impl LessonService {
    /// Whether the course is loaded.
    pub fn loaded(&self) -> bool {
        self.course.is_some()
    }

    /// Loads the course from its bundle (`course.bin`).
    pub fn load(&mut self, bundle: &[u8]) -> Result<(), Message> {
        let course = lessons::bundle::decode(bundle).map_err(|error| {
            Message::new(
                format!("레슨 파일을 읽지 못했습니다: {error}"),
                format!("The lesson files could not be read: {error}"),
            )
        })?;
        self.course = Some(course);
        Ok(())
    }

    /// The answer to `request` when the course cannot be had, for `why`.
    pub fn unavailable(request: LessonRequest, why: Message) -> LessonResponse {
        match request {
            LessonRequest::Outline | LessonRequest::Lesson { .. } => LessonResponse::Failed(why),
            LessonRequest::Check { key, sql } => checked(key, Answer::Sql(sql), unavailable(why)),
            LessonRequest::CheckChoices { key, selected } => {
                checked(key, Answer::Choices(selected), unavailable(why))
            }
        }
    }

    /// Answers one request; `engine` is the worker's, loaded with the course data.
    pub fn handle(&mut self, request: LessonRequest, engine: &Engine) -> LessonResponse {
        let Some(course) = &self.course else {
            let why = Message::new(
                "레슨을 아직 불러오지 않았습니다.",
                "The lessons are not loaded yet.",
            );
            return Self::unavailable(request, why);
        };
        match request {
            LessonRequest::Outline => LessonResponse::Outline(outline(course)),
            LessonRequest::Lesson { id } => match content(course, &id) {
                Some(content) => LessonResponse::Lesson(Box::new(content)),
                None => LessonResponse::Failed(Message::new(
                    format!("'{id}' 레슨이 없습니다."),
                    format!("There is no lesson '{id}'."),
                )),
            },
            LessonRequest::Check { key, sql } => {
                let verdict = match find_exercise(course, &key) {
                    Some(exercise) => self
                        .grader
                        .get_or_insert_with(|| Grader::with_engine(engine.clone()))
                        .check(exercise, &sql),
                    None => unavailable(unknown_exercise(&key)),
                };
                checked(key, Answer::Sql(sql), verdict)
            }
            LessonRequest::CheckChoices { key, selected } => {
                let verdict = match find_exercise(course, &key) {
                    Some(exercise) => check_choices(exercise, &selected),
                    None => unavailable(unknown_exercise(&key)),
                };
                checked(key, Answer::Choices(selected), verdict)
            }
        }
    }
}

/// The outline of every week and lesson.
fn outline(course: &Course) -> CourseOutline {
    let heading = |text: &LessonText| Heading {
        title: text.title.clone(),
        summary: text.summary.clone(),
    };
    CourseOutline {
        weeks: course
            .weeks
            .iter()
            .map(|week| WeekOutline {
                number: week.number,
                lessons: week
                    .lessons
                    .iter()
                    .map(|lesson| LessonOutline {
                        id: lesson.id.clone(),
                        order: lesson.order,
                        ko: heading(&lesson.ko),
                        en: heading(&lesson.en),
                        exercises: lesson
                            .exercises
                            .iter()
                            .map(|exercise| exercise_key(&lesson.id, &exercise.id))
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The lesson with this id as the page shows it.
fn content(course: &Course, id: &str) -> Option<LessonContent> {
    let lessons: Vec<&Lesson> = course.lessons().collect();
    let index = lessons.iter().position(|lesson| lesson.id == id)?;
    let lesson = lessons[index];
    let neighbour = |index: Option<usize>| {
        index
            .and_then(|index| lessons.get(index))
            .map(|lesson| lesson.id.clone())
    };
    Some(LessonContent {
        id: lesson.id.clone(),
        week: lesson.week,
        order: lesson.order,
        ko: lesson.ko.clone(),
        en: lesson.en.clone(),
        exercises: lesson
            .exercises
            .iter()
            .map(|exercise| view(&lesson.id, exercise))
            .collect(),
        previous: neighbour(index.checked_sub(1)),
        next: neighbour(Some(index + 1)),
    })
}

/// What the page may see of an exercise.
fn view(lesson_id: &str, exercise: &Exercise) -> ExerciseView {
    ExerciseView {
        id: exercise.id.clone(),
        key: exercise_key(lesson_id, &exercise.id),
        kind: exercise.kind(),
        multiple: matches!(&exercise.check, Check::Choice(answer) if answer.len() > 1),
        starter: exercise.starter.clone(),
        ko: exercise.ko.clone(),
        en: exercise.en.clone(),
    }
}

/// The exercise a progress key names.
fn find_exercise<'a>(course: &'a Course, key: &str) -> Option<&'a Exercise> {
    let (lesson_id, exercise_id) = split_key(key)?;
    course.lesson(lesson_id)?.exercise(exercise_id)
}

fn checked(key: String, answer: Answer, verdict: Verdict) -> LessonResponse {
    LessonResponse::Checked(Checked {
        key,
        answer,
        message: verdict.message(),
        verdict,
    })
}

/// The verdict of a check that could not be made, for `why`.
fn unavailable(why: Message) -> Verdict {
    Verdict::Unavailable {
        error: EngineError::msg(ErrorKind::Execution, why.ko, why.en),
    }
}

fn unknown_exercise(key: &str) -> Message {
    Message::new(
        format!("'{key}' 문제가 없습니다."),
        format!("There is no exercise '{key}'."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::course_engine;
    use crate::engine::outcome::Cell;
    use crate::lessons::{Block, Feedback};

    const JOINS: &str = "week3/01-joins";

    fn service() -> (LessonService, Engine, Course) {
        let engine = course_engine().unwrap();
        let course = lessons::course().unwrap();
        let mut service = LessonService::default();
        service
            .load(&lessons::bundle::encode(&course).unwrap())
            .unwrap();
        (service, engine, course)
    }

    fn check(service: &mut LessonService, engine: &Engine, key: &str, sql: &str) -> Checked {
        let request = LessonRequest::Check {
            key: key.into(),
            sql: sql.into(),
        };
        match service.handle(request, engine) {
            LessonResponse::Checked(checked) => checked,
            other => panic!("a check answers Checked, not {other:?}"),
        }
    }

    fn solution(exercise: &Exercise) -> &str {
        match &exercise.check {
            Check::Result(spec) | Check::State { sql: spec, .. } => &spec.solution,
            Check::Choice(_) | Check::Order(_) => panic!("not a SQL exercise"),
        }
    }

    #[test]
    fn the_outline_lists_the_six_weeks() {
        let (mut service, engine, course) = service();
        let LessonResponse::Outline(outline) = service.handle(LessonRequest::Outline, &engine)
        else {
            panic!("an outline");
        };
        let numbers: Vec<u32> = outline.weeks.iter().map(|week| week.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
        assert!(outline.weeks.iter().all(|week| !week.lessons.is_empty()));
        let joins = &outline.weeks[2].lessons[0];
        assert_eq!(joins.id, JOINS);
        assert_eq!(joins.ko.title, course.lesson(JOINS).unwrap().ko.title);
        assert!(joins
            .exercises
            .contains(&"week3/01-joins#vitals-with-alerts".to_owned()));
        let all: usize = course.lessons().map(|lesson| lesson.exercises.len()).sum();
        let keys: usize = outline
            .weeks
            .iter()
            .map(|week| week.exercise_keys().count())
            .sum();
        assert_eq!(keys, all);
    }

    #[test]
    fn a_lesson_has_its_blocks_and_exercises_but_no_solutions() {
        let (mut service, engine, course) = service();
        let LessonResponse::Lesson(content) =
            service.handle(LessonRequest::Lesson { id: JOINS.into() }, &engine)
        else {
            panic!("a lesson");
        };
        assert_eq!((content.week, content.order), (3, 1));
        assert_eq!(
            content.previous.as_deref(),
            Some("week2/05-session-summary")
        );
        assert_eq!(content.next.as_deref(), Some("week3/02-channel-summary"));
        let blocks = &content.ko.blocks;
        assert!(blocks.iter().any(|b| matches!(b, Block::Html(_))));
        assert!(blocks
            .iter()
            .any(|b| matches!(b, Block::Sql { runnable: true, .. })));
        assert!(blocks.contains(&Block::Exercise("vitals-with-alerts".into())));
        let exercise = content.exercise("vitals-with-alerts").unwrap();
        assert_eq!(exercise.kind, ExerciseKind::Result);
        assert_eq!(exercise.key, "week3/01-joins#vitals-with-alerts");
        assert_eq!(exercise.ko.hints.len(), 3);
        assert!(exercise.starter.starts_with("SELECT"));
        let choice = content.exercise("join-row-counts").unwrap();
        assert_eq!(
            (choice.kind, choice.multiple),
            (ExerciseKind::Choice, false)
        );
        assert_eq!(choice.en.choices.len(), 4);

        let sent = serde_json::to_string(&LessonResponse::Lesson(content.clone())).unwrap();
        let escaped = |sql: &str| {
            let quoted = serde_json::to_string(sql.trim()).unwrap();
            quoted[1..quoted.len() - 1].to_owned()
        };
        for exercise in &course.lesson(JOINS).unwrap().exercises {
            if let Check::Result(spec) = &exercise.check {
                assert!(!sent.contains(&escaped(&spec.solution)));
            }
            for wrong in &exercise.wrong {
                assert!(!sent.contains(&escaped(&wrong.sql)));
            }
        }
        assert!(sent.contains(&escaped(&exercise.starter)));
        let back: LessonResponse = serde_json::from_str(&sent).unwrap();
        assert_eq!(back, LessonResponse::Lesson(content));

        let missing = service.handle(
            LessonRequest::Lesson {
                id: "week9/01-nothing".into(),
            },
            &engine,
        );
        assert!(matches!(missing, LessonResponse::Failed(m) if m.en.contains("week9/01-nothing")));
    }

    #[test]
    fn wrong_then_right_answers() {
        let (mut service, engine, course) = service();
        let exercise = course
            .lesson(JOINS)
            .unwrap()
            .exercise("vitals-with-alerts")
            .unwrap();
        let key = exercise_key(JOINS, &exercise.id);
        let wrong = exercise
            .wrong
            .iter()
            .find(|case| case.expect == Feedback::WrongRows)
            .unwrap();
        let checked = check(&mut service, &engine, &key, &wrong.sql);
        assert_eq!(checked.key, key);
        assert_eq!(checked.answer, Answer::Sql(wrong.sql.clone()));
        let Verdict::WrongRows {
            columns,
            missing,
            extra,
            missing_count: 3,
            extra_count: 0,
        } = &checked.verdict
        else {
            panic!(
                "the three unmatched vitals missing, not {:?}",
                checked.verdict
            );
        };
        assert_eq!(columns, &["vitalid", "weight", "alerttype"]);
        let mut vitalids: Vec<String> = missing.iter().map(|row| row[0].to_text()).collect();
        vitalids.sort();
        assert_eq!(vitalids, ["1", "2", "3"]);
        assert!(missing.iter().all(|row| row[2] == Cell::Null));
        assert!(extra.is_empty());
        assert!(checked.message.ko.contains("기대한 행 중 3개가 빠졌습니다"));
        let attempt = checked.attempt(1.0);
        assert_eq!(
            (attempt.verdict.as_str(), attempt.correct),
            ("wrong_rows", false)
        );

        let right = check(&mut service, &engine, &key, solution(exercise));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.message.en, "Correct!");

        let sent = serde_json::to_string(&LessonResponse::Checked(checked.clone())).unwrap();
        let back: LessonResponse = serde_json::from_str(&sent).unwrap();
        assert_eq!(back, LessonResponse::Checked(checked));
    }

    #[test]
    fn the_learners_session_does_not_reach_the_grader() {
        let (mut service, mut engine, course) = service();
        let exercise = course
            .lesson(JOINS)
            .unwrap()
            .exercise("vitals-with-alerts")
            .unwrap();
        engine.run("CREATE TABLE adhoc.mine (n INT); BEGIN; DELETE FROM adhoc.mine;");
        let key = exercise_key(JOINS, &exercise.id);
        let right = check(&mut service, &engine, &key, solution(exercise));
        assert_eq!(right.verdict, Verdict::Correct);
        let mine = check(&mut service, &engine, &key, "SELECT * FROM adhoc.mine");
        assert_eq!(mine.verdict.kind(), "error");
        assert!(engine.in_transaction());
    }

    #[test]
    fn choices_and_unknown_exercises() {
        let (mut service, engine, course) = service();
        let exercise = course
            .lesson(JOINS)
            .unwrap()
            .exercise("join-row-counts")
            .unwrap();
        let Check::Choice(answer) = &exercise.check else {
            panic!("a choice exercise");
        };
        let key = exercise_key(JOINS, &exercise.id);
        let choose = |service: &mut LessonService, selected: Vec<usize>| {
            let request = LessonRequest::CheckChoices {
                key: key.clone(),
                selected,
            };
            match service.handle(request, &engine) {
                LessonResponse::Checked(checked) => checked.verdict,
                other => panic!("a check answers Checked, not {other:?}"),
            }
        };
        assert_eq!(choose(&mut service, answer.clone()), Verdict::Correct);
        let wrong = (answer[0] + 1) % exercise.ko.choices.len();
        assert_eq!(choose(&mut service, vec![wrong]), Verdict::WrongChoice);

        let unknown = check(&mut service, &engine, "week3/01-joins#nothing", "SELECT 1");
        assert!(matches!(unknown.verdict, Verdict::Unavailable { .. }));
        assert!(unknown.message.en.contains("week3/01-joins#nothing"));
        let no_key = check(&mut service, &engine, "nothing", "SELECT 1");
        assert_eq!(no_key.verdict.kind(), "unavailable");
    }
}
