//! The one error type of lesson loading: which file, and what is wrong there.

use std::fmt;

/// A problem in the lesson files, naming the file (relative to `lessons/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The file or folder at fault, e.g. `week3/02-channel-summary/ko.md`.
    pub file: String,
    /// What is wrong, in English, for the lesson author.
    pub problem: String,
}

impl LessonError {
    /// An error in `file`.
    pub fn new(file: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for LessonError {}

/// A TOML error as a problem text, with its line in the enclosing file
/// (`first_line` is the file line of the TOML text's first line).
pub(super) fn toml_problem(error: &toml::de::Error, toml: &str, first_line: usize) -> String {
    match error.span() {
        Some(span) => {
            let line = first_line + toml[..span.start.min(toml.len())].matches('\n').count();
            format!("line {line}: {}", error.message())
        }
        None => error.message().to_owned(),
    }
}
