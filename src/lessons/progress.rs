//! A learner's progress through the exercises: each exercise's status, how
//! many hints they opened and their attempts (the last [`MAX_ATTEMPTS`]),
//! kept by the page and exported and imported as a JSON file, so a study
//! leader can collect them without a server.
//!
//! Exercises are keyed `"<lesson id>#<exercise id>"`
//! (`"week3/01-joins#vitals-with-alerts"`), see [`exercise_key`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::error::Message;
use crate::grading::Verdict;

/// The format version this build writes and reads (and older ones).
pub const VERSION: u32 = 1;

/// What the `format` field of a progress file says.
pub const FORMAT: &str = "tabhouse-progress";

/// Attempts kept per exercise: the most recent ones.
pub const MAX_ATTEMPTS: usize = 50;

/// The key of an exercise in a [`Progress`].
pub fn exercise_key(lesson_id: &str, exercise_id: &str) -> String {
    format!("{lesson_id}#{exercise_id}")
}

/// A key split into its lesson id and exercise id.
pub fn split_key(key: &str) -> Option<(&str, &str)> {
    key.split_once('#')
}

/// `tabhouse-progress-YYYYMMDD.json` for the day of `now_ms` (milliseconds
/// since the epoch) in a time zone `local_offset_minutes` ahead of UTC.
pub fn export_file_name(now_ms: f64, local_offset_minutes: i32) -> String {
    let local_ms = now_ms as i64 + i64::from(local_offset_minutes) * 60_000;
    match chrono::DateTime::from_timestamp_millis(local_ms) {
        Some(time) => format!("tabhouse-progress-{}.json", time.format("%Y%m%d")),
        None => "tabhouse-progress.json".to_owned(),
    }
}

/// Everything the page remembers about a learner's exercises.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The learner's name, if they gave one (for a study leader's files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
    /// Per exercise key.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            version: VERSION,
            learner: None,
            exercises: BTreeMap::new(),
        }
    }
}

/// One exercise's progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// Solved, tried, or neither.
    pub status: Status,
    /// How many of its hints the learner opened.
    #[serde(default)]
    pub hints_shown: u8,
    /// The attempts, oldest first (the last [`MAX_ATTEMPTS`]).
    #[serde(default)]
    pub attempts: Vec<Attempt>,
}

/// Where a learner is with an exercise; ordered from nothing to solved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No answer submitted yet.
    #[default]
    NotStarted,
    /// Answered, not correctly yet.
    Attempted,
    /// Answered correctly once (it stays solved).
    Solved,
}

/// One submitted answer and what the grader said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// When, in milliseconds since the epoch.
    pub at: f64,
    /// What the learner submitted.
    pub answer: Answer,
    /// The verdict's kind ([`Verdict::kind`]: `"correct"`, `"wrong_rows"`...).
    pub verdict: String,
    /// Whether it was correct.
    pub correct: bool,
}

impl Attempt {
    /// The attempt of `answer`, judged `verdict`, at `at` (ms since the epoch).
    pub fn new(at: f64, answer: Answer, verdict: &Verdict) -> Self {
        Self {
            at,
            answer,
            verdict: verdict.kind().to_owned(),
            correct: verdict.is_correct(),
        }
    }
}

/// A submitted answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// SQL, for result and state exercises.
    Sql(String),
    /// Choice indices: the chosen ones, or the order the learner put them in.
    Choices(Vec<usize>),
}

/// How many of a set of exercises are solved or tried, for the course map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Solved.
    pub solved: usize,
    /// Tried and not solved yet.
    pub attempted: usize,
    /// All exercises in the set.
    pub total: usize,
}

impl Progress {
    /// The exercise's progress, if the learner did anything there.
    pub fn exercise(&self, key: &str) -> Option<&ExerciseProgress> {
        self.exercises.get(key)
    }

    /// The exercise's status.
    pub fn status(&self, key: &str) -> Status {
        self.exercise(key)
            .map_or(Status::NotStarted, |exercise| exercise.status)
    }

    /// Records an attempt; a solved exercise stays solved.
    pub fn record(&mut self, key: &str, attempt: Attempt) {
        let exercise = self.exercises.entry(key.to_owned()).or_default();
        let status = if attempt.correct {
            Status::Solved
        } else {
            Status::Attempted
        };
        exercise.status = exercise.status.max(status);
        exercise.attempts.push(attempt);
        exercise.keep_recent();
    }

    /// Counts one more hint opened.
    pub fn reveal_hint(&mut self, key: &str) {
        let exercise = self.exercises.entry(key.to_owned()).or_default();
        exercise.hints_shown = exercise.hints_shown.saturating_add(1);
    }

    /// Sets the learner's name (blank clears it).
    pub fn set_learner(&mut self, name: &str) {
        let name = name.trim();
        self.learner = (!name.is_empty()).then(|| name.to_owned());
    }

    /// Solved, tried and total counts over these exercise keys.
    pub fn counts<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Counts {
        let mut counts = Counts::default();
        for key in keys {
            counts.total += 1;
            match self.status(key) {
                Status::Solved => counts.solved += 1,
                Status::Attempted => counts.attempted += 1,
                Status::NotStarted => {}
            }
        }
        counts
    }

    /// Adds an imported file's progress: the union of the attempts (the
    /// latest [`MAX_ATTEMPTS`]), solved if either is, the most hints shown.
    /// Our learner name wins over the file's.
    pub fn merge(&mut self, other: Progress) {
        if self.learner.is_none() {
            self.learner = other.learner;
        }
        for (key, theirs) in other.exercises {
            let ours = self.exercises.entry(key).or_default();
            ours.status = ours.status.max(theirs.status);
            ours.hints_shown = ours.hints_shown.max(theirs.hints_shown);
            for attempt in theirs.attempts {
                if !ours.attempts.contains(&attempt) {
                    ours.attempts.push(attempt);
                }
            }
            crate::sort::sort_by(&mut ours.attempts, |a, b| a.at.total_cmp(&b.at));
            ours.keep_recent();
        }
    }

    /// The progress file: pretty JSON with a `format` marker.
    pub fn to_json(&self) -> Result<String, Message> {
        serde_json::to_string_pretty(&File {
            format: FORMAT,
            progress: self,
        })
        .map_err(|e| {
            Message::new(
                format!("진도를 파일로 만들지 못했습니다: {e}"),
                format!("The progress could not be written: {e}"),
            )
        })
    }

    /// Reads a progress file; says in Korean and English why one cannot be read.
    pub fn from_json(text: &str) -> Result<Progress, Message> {
        let not_progress = || {
            Message::new(
                "Tabhouse 진도 파일이 아닙니다. 내보내기로 받은 .json 파일을 고르세요.",
                "This is not a Tabhouse progress file. Choose a .json file made by Export.",
            )
        };
        let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|_| not_progress())?;
        if value.get("format").and_then(|format| format.as_str()) != Some(FORMAT) {
            return Err(not_progress());
        }
        let version = value.get("version").and_then(|version| version.as_u64());
        match version {
            Some(version) if version > u64::from(VERSION) => {
                return Err(Message::new(
                    format!(
                        "더 새로운 Tabhouse에서 만든 진도 파일입니다(형식 {version}, 이 페이지는 형식 {VERSION}까지 읽습니다). 페이지를 새로고침한 뒤 다시 가져오세요."
                    ),
                    format!(
                        "This progress file was made by a newer Tabhouse (format {version}; this page reads up to format {VERSION}). Reload the page and import it again."
                    ),
                ))
            }
            Some(1..) => {}
            _ => return Err(not_progress()),
        }
        let mut progress: Progress = serde_json::from_value(value).map_err(|e| {
            Message::new(
                format!("진도 파일이 손상되었습니다: {e}"),
                format!("The progress file is damaged: {e}"),
            )
        })?;
        progress.version = VERSION;
        for exercise in progress.exercises.values_mut() {
            if exercise.attempts.iter().any(|attempt| attempt.correct) {
                exercise.status = Status::Solved;
            }
            exercise.keep_recent();
        }
        Ok(progress)
    }
}

impl ExerciseProgress {
    /// Drops the oldest attempts beyond [`MAX_ATTEMPTS`].
    fn keep_recent(&mut self) {
        let excess = self.attempts.len().saturating_sub(MAX_ATTEMPTS);
        self.attempts.drain(..excess);
    }
}

/// The file's layout: the format marker, then the progress's own fields.
#[derive(Serialize)]
struct File<'a> {
    format: &'static str,
    #[serde(flatten)]
    progress: &'a Progress,
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "week3/01-joins#vitals-with-alerts";

    fn attempt(at: f64, sql: &str, verdict: &Verdict) -> Attempt {
        Attempt::new(at, Answer::Sql(sql.into()), verdict)
    }

    fn wrong() -> Verdict {
        Verdict::WrongRows {
            columns: vec!["n".into()],
            missing: Vec::new(),
            extra: Vec::new(),
            missing_count: 1,
            extra_count: 0,
        }
    }

    #[test]
    fn keys_join_and_split() {
        let key = exercise_key("week3/01-joins", "vitals-with-alerts");
        assert_eq!(key, KEY);
        assert_eq!(
            split_key(&key),
            Some(("week3/01-joins", "vitals-with-alerts"))
        );
        assert_eq!(split_key("week3/01-joins"), None);
    }

    #[test]
    fn attempts_move_the_status_forward_only() {
        let mut progress = Progress::default();
        assert_eq!(progress.status(KEY), Status::NotStarted);
        progress.record(KEY, attempt(1.0, "SELECT 1", &wrong()));
        assert_eq!(progress.status(KEY), Status::Attempted);
        progress.record(KEY, attempt(2.0, "SELECT 2", &Verdict::Correct));
        progress.record(KEY, attempt(3.0, "SELECT 3", &Verdict::NoResult));
        let exercise = &progress.exercises[KEY];
        assert_eq!(exercise.status, Status::Solved);
        let kinds: Vec<&str> = exercise
            .attempts
            .iter()
            .map(|a| a.verdict.as_str())
            .collect();
        assert_eq!(kinds, ["wrong_rows", "correct", "no_result"]);
    }

    #[test]
    fn attempts_are_bounded_to_the_latest() {
        let mut progress = Progress::default();
        for n in 0..MAX_ATTEMPTS + 5 {
            progress.record(KEY, attempt(n as f64, "SELECT 1", &wrong()));
        }
        let attempts = &progress.exercises[KEY].attempts;
        assert_eq!(attempts.len(), MAX_ATTEMPTS);
        assert_eq!(attempts[0].at, 5.0);
    }

    #[test]
    fn hints_and_learner() {
        let mut progress = Progress::default();
        progress.reveal_hint(KEY);
        progress.reveal_hint(KEY);
        assert_eq!(progress.exercises[KEY].hints_shown, 2);
        assert_eq!(progress.status(KEY), Status::NotStarted);
        progress.set_learner("  김하늘 ");
        assert_eq!(progress.learner.as_deref(), Some("김하늘"));
        progress.set_learner(" ");
        assert_eq!(progress.learner, None);
    }

    #[test]
    fn counts_per_set_of_exercises() {
        let mut progress = Progress::default();
        progress.record("a#1", attempt(1.0, "x", &Verdict::Correct));
        progress.record("a#2", attempt(1.0, "x", &wrong()));
        progress.reveal_hint("a#3");
        assert_eq!(
            progress.counts(["a#1", "a#2", "a#3", "a#4"]),
            Counts {
                solved: 1,
                attempted: 1,
                total: 4
            }
        );
    }

    #[test]
    fn json_round_trip() {
        let mut progress = Progress::default();
        progress.set_learner("Robin");
        progress.record(KEY, attempt(1.5e12, "SELECT '<b>'", &wrong()));
        progress.record(
            "week1/01-data-team#roles",
            Attempt::new(1.6e12, Answer::Choices(vec![2, 0]), &Verdict::Correct),
        );
        let json = progress.to_json().unwrap();
        assert!(json.contains("\"format\": \"tabhouse-progress\""));
        assert!(json.contains("\"status\": \"attempted\""));
        assert!(json.contains("\"choices\": ["));
        assert_eq!(Progress::from_json(&json).unwrap(), progress);
    }

    #[test]
    fn unreadable_files_say_why_in_both_languages() {
        let not_ours = Progress::from_json("{\"version\": 1}").unwrap_err();
        assert!(not_ours.ko.contains("진도 파일이 아닙니다"));
        assert!(not_ours.en.contains("not a Tabhouse progress file"));
        assert_eq!(Progress::from_json("PK\u{3}\u{4}").unwrap_err(), not_ours);
        let newer =
            Progress::from_json("{\"format\": \"tabhouse-progress\", \"version\": 7}").unwrap_err();
        assert!(newer.ko.contains("형식 7"));
        assert!(newer.en.contains("newer Tabhouse (format 7"));
        let damaged = Progress::from_json(
            "{\"format\": \"tabhouse-progress\", \"version\": 1, \"exercises\": {\"a#1\": {\"status\": \"done\"}}}",
        )
        .unwrap_err();
        assert!(damaged.en.starts_with("The progress file is damaged"));
    }

    #[test]
    fn a_file_with_a_correct_attempt_reads_as_solved() {
        let text = r#"{"format": "tabhouse-progress", "version": 1, "exercises": {
            "a#1": {"status": "attempted", "attempts": [
                {"at": 1.0, "answer": {"sql": "SELECT 1"}, "verdict": "correct", "correct": true}
            ]}}}"#;
        let progress = Progress::from_json(text).unwrap();
        assert_eq!(progress.status("a#1"), Status::Solved);
        assert_eq!(progress.exercises["a#1"].hints_shown, 0);
    }

    #[test]
    fn merging_unites_attempts_and_keeps_solved() {
        let mut ours = Progress::default();
        ours.record(KEY, attempt(1.0, "SELECT 1", &wrong()));
        ours.record(KEY, attempt(3.0, "SELECT 3", &wrong()));
        let mut theirs = ours.clone();
        theirs.set_learner("Robin");
        theirs.record(KEY, attempt(2.0, "SELECT 2", &Verdict::Correct));
        theirs.reveal_hint(KEY);
        theirs.record("other#x", attempt(4.0, "SELECT 4", &wrong()));
        ours.merge(theirs);
        let exercise = &ours.exercises[KEY];
        assert_eq!(exercise.status, Status::Solved);
        assert_eq!(exercise.hints_shown, 1);
        let times: Vec<f64> = exercise.attempts.iter().map(|a| a.at).collect();
        assert_eq!(times, [1.0, 2.0, 3.0]);
        assert_eq!(ours.status("other#x"), Status::Attempted);
        assert_eq!(ours.learner.as_deref(), Some("Robin"));
    }

    #[test]
    fn export_file_names_use_the_local_day() {
        // 2024-03-04 23:30 UTC is already March 5th in Seoul (UTC+9).
        let ms = 1_709_595_000_000.0;
        assert_eq!(export_file_name(ms, 0), "tabhouse-progress-20240304.json");
        assert_eq!(export_file_name(ms, 540), "tabhouse-progress-20240305.json");
    }
}
