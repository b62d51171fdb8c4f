//! The lessons in the page: the course map, a lesson with its runnable SQL
//! blocks and exercise cards, and the progress file tools.
//!
//! Components take props and emit callbacks only; the app owns the state
//! (the outline and lesson from `worker::lessons`, the [`Progress`], the
//! last check per exercise) and talks to the worker and the editor.
//!
//! Lesson and exercise texts are HTML the worker's lesson parser already
//! sanitized, placed as is; everything else (SQL, result cells, learner
//! names, messages) is rendered as text.
//!
//! [`Progress`]: crate::lessons::progress::Progress

mod choices;
mod course_map;
mod exercise;
mod lesson;
mod panel;
mod progress_tools;
mod verdict;

pub use course_map::{CourseMap, CourseMapProps};
pub use exercise::{ExerciseCard, ExerciseCardProps};
pub use lesson::{LessonView, LessonViewProps};
pub use panel::{CourseAction, CourseState, LessonsPanel, LessonsPanelProps};
pub use progress_tools::{ProgressTools, ProgressToolsProps};
pub use verdict::{VerdictView, VerdictViewProps};

use yew::{AttrValue, Html};

/// Sanitized lesson HTML (from `lessons::markdown`) as a node.
fn lesson_html(html: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(html.to_owned()))
}
