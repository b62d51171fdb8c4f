//! The lessons acceptance test: every lesson loads in both languages, every
//! runnable SQL block runs, every reference solution passes its own check on
//! the visible and the hidden data, and every listed wrong answer gets its
//! expected feedback.

use std::time::{Duration, Instant};

use tabhouse::datasets::course_engine;
use tabhouse::engine::error::{EngineError, ErrorKind};
use tabhouse::grading::{check_choices, Grader, Verdict};
use tabhouse::lessons::{self, Block, Check, Course, Exercise, ExerciseKind, Lesson, LessonText};

/// Items that fail only because the engine refuses SQL it does not support
/// yet (an "unsupported" or syntax error, or a CTE name taken for a table).
/// They are printed, not failed; an item listed here that passes fails the
/// test, so the list shrinks as the engine grows. `lesson/lang.md#sqlN` is
/// the N-th ```sql block of a page (counting `norun` ones); `lesson#id` is
/// an exercise.
const ENGINE_GAPS: &[&str] = &[];

/// Items that fail because the engine gives a wrong answer (a bug, not a
/// refusal). Printed, not failed, and failed as soon as they pass.
const ENGINE_BUGS: &[&str] = &[];

/// `LESSON=week3 cargo test --test lessons` checks only the lessons whose
/// id starts with `week3` (while writing a lesson).
fn selected(lesson: &Lesson) -> bool {
    std::env::var("LESSON").map_or(true, |prefix| lesson.id.starts_with(&prefix))
}

/// At least this many exercises in the course.
const MIN_EXERCISES: usize = 45;

/// How one item (a SQL block or an exercise) fared.
enum Outcome {
    Pass,
    /// Failed only because of unsupported SQL.
    Gap(String),
    Fail(String),
}

fn course() -> Course {
    lessons::course().unwrap_or_else(|error| panic!("{error}"))
}

/// An engine refusal of a feature it lacks, not a wrong answer: an
/// "unsupported" or syntax error, or a CTE of `sql` (`WITH name AS (...)`)
/// taken for a missing table.
fn is_gap(error: &EngineError, sql: &str) -> bool {
    match error.kind {
        ErrorKind::Unsupported | ErrorKind::Syntax => true,
        ErrorKind::UnknownName => cte_names(sql)
            .iter()
            .any(|name| error.message.en.contains(&format!(".{name}\""))),
        _ => false,
    }
}

/// The names `WITH a AS (...), b AS (...)` defines.
fn cte_names(sql: &str) -> Vec<String> {
    let spaced = sql.to_lowercase().replace('(', " ( ").replace(',', " , ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    tokens
        .windows(4)
        .filter(|w| (w[0] == "with" || w[0] == ",") && w[2] == "as" && w[3] == "(")
        .map(|w| w[1].to_owned())
        .collect()
}

/// Checks the outcomes of one kind of item against [`ENGINE_GAPS`] and
/// [`ENGINE_BUGS`]: panics on any other failure, on an unlisted gap, on a
/// listed item that passes and on a listed name that matches no item.
fn settle(kind: &str, outcomes: Vec<(String, Outcome)>, is_this_kind: impl Fn(&str) -> bool) {
    let mut problems = Vec::new();
    let mut known = 0;
    for (name, outcome) in &outcomes {
        let gap = ENGINE_GAPS.contains(&name.as_str());
        let bug = ENGINE_BUGS.contains(&name.as_str());
        match outcome {
            Outcome::Pass if gap || bug => problems.push(format!(
                "{name}: passes now, remove it from ENGINE_GAPS / ENGINE_BUGS"
            )),
            Outcome::Pass => {}
            Outcome::Gap(reason) | Outcome::Fail(reason) if bug => {
                known += 1;
                println!("known engine bug: {name}: {reason}");
            }
            Outcome::Gap(reason) if gap => {
                known += 1;
                println!("engine gap: {name}: {reason}");
            }
            Outcome::Gap(reason) => problems.push(format!(
                "{name}: fails on unsupported SQL and is not in ENGINE_GAPS: {reason}"
            )),
            Outcome::Fail(reason) => problems.push(format!("{name}: {reason}")),
        }
    }
    let checked = |name: &&&str| {
        is_this_kind(name)
            && std::env::var("LESSON").map_or(true, |prefix| name.starts_with(&prefix))
    };
    for listed in ENGINE_GAPS.iter().chain(ENGINE_BUGS).filter(checked) {
        if !outcomes.iter().any(|(name, _)| name == listed) {
            problems.push(format!("{listed}: listed, but there is no such {kind}"));
        }
    }
    println!(
        "{kind}: {} checked, {} passed, {known} listed as engine gaps or bugs",
        outcomes.len(),
        outcomes
            .iter()
            .filter(|(_, outcome)| matches!(outcome, Outcome::Pass))
            .count()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Prints the slowest items, to find a lesson that makes the test slow.
fn print_slowest(mut timings: Vec<(String, Duration)>) {
    timings.sort_by_key(|timing| std::cmp::Reverse(timing.1));
    for (name, elapsed) in timings.iter().take(5) {
        println!("slow: {name}: {elapsed:.1?}");
    }
}

fn exercise_ids(text: &LessonText) -> Vec<&str> {
    text.blocks
        .iter()
        .filter_map(|block| match block {
            Block::Exercise(id) => Some(id.as_str()),
            _ => None,
        })
        .collect()
}

fn sql_blocks(text: &LessonText) -> Vec<(&str, bool)> {
    text.blocks
        .iter()
        .filter_map(|block| match block {
            Block::Sql { sql, runnable } => Some((sql.as_str(), *runnable)),
            _ => None,
        })
        .collect()
}

#[test]
fn every_lesson_loads_in_both_languages() {
    let started = Instant::now();
    let course = course();
    let lessons: Vec<&Lesson> = course.lessons().collect();
    assert!(!lessons.is_empty());
    let mut problems = Vec::new();
    for lesson in &lessons {
        let id = &lesson.id;
        if exercise_ids(&lesson.ko) != exercise_ids(&lesson.en) {
            problems.push(format!("{id}: ko.md and en.md place different exercises"));
        }
        let (ko_sql, en_sql) = (sql_blocks(&lesson.ko), sql_blocks(&lesson.en));
        let flags = |blocks: &[(&str, bool)]| blocks.iter().map(|b| b.1).collect::<Vec<_>>();
        if flags(&ko_sql) != flags(&en_sql) {
            problems.push(format!("{id}: ko.md and en.md have different SQL blocks"));
        }
        for exercise in &lesson.exercises {
            let name = format!("{id}#{}", exercise.id);
            if exercise.ko.prompt.is_empty() || exercise.en.prompt.is_empty() {
                problems.push(format!("{name}: a prompt is missing"));
            }
            if exercise.kind() == ExerciseKind::Result && exercise.wrong.is_empty() {
                problems.push(format!("{name}: a result check needs a wrong case"));
            }
        }
    }
    let exercises: usize = lessons.iter().map(|l| l.exercises.len()).sum();
    let count = |kind| {
        lessons
            .iter()
            .flat_map(|l| &l.exercises)
            .filter(|e| e.kind() == kind)
            .count()
    };
    println!(
        "{} lessons, {exercises} exercises ({} result, {} state, {} choice, {} order), parsed in {:?}",
        lessons.len(),
        count(ExerciseKind::Result),
        count(ExerciseKind::State),
        count(ExerciseKind::Choice),
        count(ExerciseKind::Order),
        started.elapsed()
    );
    if exercises < MIN_EXERCISES {
        problems.push(format!(
            "only {exercises} exercises, at least {MIN_EXERCISES} expected"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_runnable_sql_block_runs() {
    let started = Instant::now();
    let course = course();
    let mut engine = course_engine().unwrap();
    let mut outcomes = Vec::new();
    let mut timings = Vec::new();
    for lesson in course.lessons().filter(|lesson| selected(lesson)) {
        let ko = sql_blocks(&lesson.ko);
        let en = sql_blocks(&lesson.en);
        let mut pages = vec![("ko", ko.clone())];
        if en != ko {
            pages.push(("en", en));
        }
        for (lang, blocks) in pages {
            engine.reset();
            let mut earlier_gap = false;
            for (index, (sql, runnable)) in blocks.iter().enumerate() {
                if !runnable {
                    continue;
                }
                let name = format!("{}/{lang}.md#sql{}", lesson.id, index + 1);
                let item_started = Instant::now();
                let output = engine.run(sql);
                timings.push((name.clone(), item_started.elapsed()));
                let outcome = match output.error {
                    None => Outcome::Pass,
                    Some(error) if is_gap(&error, sql) => {
                        earlier_gap = true;
                        Outcome::Gap(error.render("en"))
                    }
                    Some(error) if earlier_gap && error.kind == ErrorKind::UnknownName => {
                        Outcome::Gap(format!(
                            "uses what an unsupported earlier block would create: {}",
                            error.render("en")
                        ))
                    }
                    Some(error) => Outcome::Fail(error.render("en")),
                };
                if engine.in_transaction() {
                    engine.run("ROLLBACK");
                }
                outcomes.push((name, outcome));
            }
        }
    }
    println!("SQL blocks ran in {:.1?}", started.elapsed());
    print_slowest(timings);
    settle("SQL block", outcomes, |name| name.contains(".md#sql"));
}

#[test]
fn every_exercise_passes_its_own_check_and_fails_its_wrong_cases() {
    let started = Instant::now();
    let course = course();
    let mut grader = Grader::new().unwrap();
    let mut outcomes = Vec::new();
    let mut timings = Vec::new();
    for lesson in course.lessons().filter(|lesson| selected(lesson)) {
        for exercise in &lesson.exercises {
            let name = format!("{}#{}", lesson.id, exercise.id);
            let item_started = Instant::now();
            let outcome = check_exercise(&mut grader, exercise);
            timings.push((name.clone(), item_started.elapsed()));
            outcomes.push((name, outcome));
        }
    }
    println!("exercises checked in {:.1?}", started.elapsed());
    print_slowest(timings);
    settle("exercise", outcomes, |name| !name.contains(".md#sql"));
}

/// Checks an exercise's reference answer and wrong cases.
fn check_exercise(grader: &mut Grader, exercise: &Exercise) -> Outcome {
    let mut gaps = Vec::new();
    let mut fails = Vec::new();
    match &exercise.check {
        Check::Choice(answer) | Check::Order(answer) => {
            let verdict = check_choices(exercise, answer);
            if !verdict.is_correct() {
                fails.push(format!("its answer gets {}", describe(&verdict)));
            }
            let reversed: Vec<usize> = answer.iter().rev().copied().collect();
            let wrong = match exercise.check {
                Check::Order(_) => reversed,
                _ => Vec::new(),
            };
            if check_choices(exercise, &wrong).is_correct() {
                fails.push(format!("{wrong:?} is accepted"));
            }
        }
        Check::Result(spec) | Check::State { sql: spec, .. } => {
            match grader.check(exercise, &spec.solution) {
                Verdict::Correct => {}
                Verdict::Unavailable { error } if is_gap(&error, &spec.solution) => {
                    gaps.push(format!("reference solution: {}", error.render("en")))
                }
                verdict => fails.push(format!("reference solution gets {}", describe(&verdict))),
            }
            for (index, wrong) in exercise.wrong.iter().enumerate() {
                let verdict = grader.check(exercise, &wrong.sql);
                let case = format!("wrong case {}", index + 1);
                match &verdict {
                    _ if verdict.feedback() == Some(wrong.expect) => {}
                    Verdict::Error { error, .. } if is_gap(error, &wrong.sql) => {
                        gaps.push(format!("{case}: {}", error.render("en")))
                    }
                    Verdict::Unavailable { error } if is_gap(error, &spec.solution) => gaps.push(
                        format!("{case}: reference solution: {}", error.render("en")),
                    ),
                    _ => fails.push(format!(
                        "{case} expects {:?} but gets {}",
                        wrong.expect,
                        describe(&verdict)
                    )),
                }
            }
        }
    }
    if !fails.is_empty() {
        Outcome::Fail(fails.join("; "))
    } else if !gaps.is_empty() {
        Outcome::Gap(gaps.join("; "))
    } else {
        Outcome::Pass
    }
}

/// A verdict in a line, with a few of the differing rows.
fn describe(verdict: &Verdict) -> String {
    let mut text = format!("{verdict:?}").chars().take(60).collect::<String>();
    text.push_str(": ");
    text.push_str(&verdict.message().en);
    if let Verdict::WrongRows { missing, extra, .. } = verdict {
        text.push_str(&format!(
            " missing e.g. {:?}; extra e.g. {:?}",
            missing.iter().take(2).collect::<Vec<_>>(),
            extra.iter().take(2).collect::<Vec<_>>()
        ));
    }
    text
}

#[test]
fn the_cli_writes_the_course_bundle_the_page_fetches() {
    let dir = std::env::temp_dir().join(format!("tabhouse-bundle-{}", std::process::id()));
    let file = dir.join(lessons::bundle::FILE);
    let args = ["lessons-bundle", "--out", &file.display().to_string()].map(String::from);
    let command = tabhouse::cli::parse_args(&args).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = tabhouse::cli::run(command, &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let bytes = std::fs::read(&file).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(lessons::bundle::decode(&bytes).unwrap(), course());
}
