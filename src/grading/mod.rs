//! Checking answers to exercises, in pure Rust over the [`Engine`] API.
//!
//! A SQL answer runs in the grader's own engines, never the learner's
//! session: the reference and the learner's SQL each run from the pristine
//! course data, first on the visible data, then (once that passes) on a
//! differently seeded copy, so answers hard-coded to visible figures fail.
//!
//! [`Engine`]: crate::engine::Engine

mod compare;
mod grader;
mod verdict;

pub use compare::{compare, SHOWN_ROWS};
pub use grader::{check_choices, Grader, HIDDEN_SEED};
pub use verdict::Verdict;
