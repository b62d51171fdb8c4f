//! One error type for everything the engine can refuse: what kind, a plain
//! message in Korean and English, where (statement, line, column) and hints.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What went wrong, for programs (the UI picks icons, grading picks feedback).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The SQL does not parse.
    Syntax,
    /// A table, schema or column that does not exist.
    UnknownName,
    /// A name that already exists.
    AlreadyExists,
    /// Writing to a read-only schema.
    PermissionDenied,
    /// A type mismatch or a value that does not fit.
    Type,
    /// Division by zero.
    DivisionByZero,
    /// NOT NULL or another enforced constraint.
    Constraint,
    /// A statement after an error inside a transaction.
    TransactionAborted,
    /// Valid SQL that the playground does not support (yet).
    Unsupported,
    /// COPY could not read or parse a source file.
    Load,
    /// Anything else reported by the execution engine.
    Execution,
}

/// A message in both UI languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Korean.
    pub ko: String,
    /// English.
    pub en: String,
}

impl Message {
    /// A message from its Korean and English text.
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ko: ko.into(),
            en: en.into(),
        }
    }

    /// The text in the given language (`"ko"` or anything else for English).
    pub fn text(&self, lang: &str) -> &str {
        if lang == "ko" {
            &self.ko
        } else {
            &self.en
        }
    }
}

/// An error with everything the learner needs to fix it (boxed: errors are
/// rare, and a small `Result` keeps the happy path cheap).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngineError(Box<ErrorInfo>);

/// The details of an [`EngineError`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The kind of error.
    pub kind: ErrorKind,
    /// What went wrong, in plain words.
    pub message: Message,
    /// 1-based number of the failing statement in the script.
    pub statement: Option<usize>,
    /// 1-based line in the script, where known.
    pub line: Option<usize>,
    /// 1-based column in the script, where known.
    pub column: Option<usize>,
    /// Close existing names ("did you mean ...?").
    pub suggestions: Vec<String>,
    /// The offending word, used to find the line and column in the statement.
    #[serde(skip)]
    pub near: Option<String>,
}

impl EngineError {
    /// An error of this kind with this message and no position yet.
    pub fn new(kind: ErrorKind, message: Message) -> Self {
        Self(Box::new(ErrorInfo {
            kind,
            message,
            statement: None,
            line: None,
            column: None,
            suggestions: Vec::new(),
            near: None,
        }))
    }

    /// Shorthand for a message written in both languages.
    pub fn msg(kind: ErrorKind, ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(kind, Message::new(ko, en))
    }

    /// A feature the playground refuses, with the supported way to write it.
    pub fn unsupported(feature: (&str, &str), instead_ko: &str, instead_en: &str) -> Self {
        let (ko, en) = feature;
        Self::msg(
            ErrorKind::Unsupported,
            format!("{ko}은(는) 아직 지원하지 않습니다. {instead_ko}"),
            format!("{en} is not supported yet. {instead_en}"),
        )
    }

    /// A tokenizer failure at a known position.
    pub fn tokenizer(detail: &str, line: u64, column: u64) -> Self {
        let mut error = Self::msg(
            ErrorKind::Syntax,
            format!("SQL 문법 오류: {detail}"),
            format!("Syntax error: {detail}"),
        );
        error.line = Some(line as usize);
        error.column = Some(column as usize);
        error
    }

    /// Sets the position where it is not known yet.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line.get_or_insert(line);
        self.column.get_or_insert(column);
        self
    }

    /// Sets the failing statement's number (1-based).
    pub fn in_statement(mut self, number: usize) -> Self {
        self.statement.get_or_insert(number);
        self
    }

    /// Records the offending word, so the engine can point at it.
    pub fn near(mut self, word: &str) -> Self {
        self.near = Some(word.to_owned());
        self
    }

    /// Adds "did you mean" suggestions.
    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    /// The full text in one language: where, what, and suggestions.
    pub fn render(&self, lang: &str) -> String {
        let ko = lang == "ko";
        let mut out = String::new();
        if let Some(n) = self.statement {
            out.push_str(&if ko {
                format!("{n}번째 문장")
            } else {
                format!("Statement {n}")
            });
            if let (Some(line), Some(column)) = (self.line, self.column) {
                out.push_str(&if ko {
                    format!(" ({line}행 {column}열)")
                } else {
                    format!(" (line {line}, column {column})")
                });
            }
            out.push_str(": ");
        }
        out.push_str(self.message.text(lang));
        if !self.suggestions.is_empty() {
            if !out.ends_with(['.', '?', '!']) {
                out.push('.');
            }
            let names = self
                .suggestions
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&if ko {
                format!(" 혹시 {names}을(를) 찾으셨나요?")
            } else {
                format!(" Did you mean {names}?")
            });
        }
        out
    }
}

impl std::ops::Deref for EngineError {
    type Target = ErrorInfo;

    fn deref(&self) -> &ErrorInfo {
        &self.0
    }
}

impl std::ops::DerefMut for EngineError {
    fn deref_mut(&mut self) -> &mut ErrorInfo {
        &mut self.0
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("en"))
    }
}

impl std::error::Error for EngineError {}
