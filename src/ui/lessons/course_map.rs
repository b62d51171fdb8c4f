//! The course map: weeks, their lessons, and how many exercises are solved.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::lessons::progress::{Counts, Progress};
use crate::worker::lessons::{CourseOutline, LessonOutline};

/// Properties of [`CourseMap`].
#[derive(Properties, PartialEq)]
pub struct CourseMapProps {
    /// UI language.
    pub lang: Lang,
    /// The course's weeks and lessons (`LessonResponse::Outline`).
    pub outline: Rc<CourseOutline>,
    /// The learner's progress.
    pub progress: Rc<Progress>,
    /// The id of the open lesson, highlighted.
    #[prop_or_default]
    pub current: Option<String>,
    /// A lesson was chosen: its id.
    pub on_open: Callback<String>,
}

/// Weeks → lessons, each with solved/total exercises; a click opens a lesson.
#[function_component(CourseMap)]
pub fn course_map(props: &CourseMapProps) -> Html {
    let lang = props.lang;
    let progress = &props.progress;
    let overall = progress.counts(
        props
            .outline
            .weeks
            .iter()
            .flat_map(|week| week.exercise_keys()),
    );
    html! {
        <nav class="course-map" data-testid="course-map"
            aria-label={lang.pick("코스 지도", "Course map")}>
            <header class="map-head">
                <h2>{ lang.pick("코스 지도", "Course map") }</h2>
                <span class="map-overall" data-testid="course-progress">
                    { solved_label(lang, overall) }
                </span>
            </header>
            { for props.outline.weeks.iter().map(|week| {
                let counts = progress.counts(week.exercise_keys());
                html! {
                    <section class="map-week" data-week={week.number.to_string()}>
                        <h3 class="map-week-head">
                            <span>{ week_label(lang, week.number) }</span>
                            <span class="map-count" data-testid="week-progress"
                                data-solved={counts.solved.to_string()}
                                data-total={counts.total.to_string()}>
                                { format!("{}/{}", counts.solved, counts.total) }
                            </span>
                        </h3>
                        <progress class="map-bar" max={counts.total.max(1).to_string()}
                            value={counts.solved.to_string()}
                            aria-label={week_label(lang, week.number)} />
                        <ol class="map-lessons">
                            { for week.lessons.iter().map(|lesson| lesson_item(props, lesson)) }
                        </ol>
                    </section>
                }
            }) }
        </nav>
    }
}

/// One lesson of the map: a button with its number, title and badge.
fn lesson_item(props: &CourseMapProps, lesson: &LessonOutline) -> Html {
    let lang = props.lang;
    let heading = lesson.heading(lang);
    let counts = props.progress.counts(lesson.exercise_keys());
    let current = props.current.as_deref() == Some(lesson.id.as_str());
    let state = match counts {
        Counts { total: 0, .. } => "none",
        Counts { solved, total, .. } if solved == total => "done",
        Counts {
            solved: 0,
            attempted: 0,
            ..
        } => "todo",
        _ => "partial",
    };
    let onclick = {
        let on_open = props.on_open.clone();
        let id = lesson.id.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(id.clone()))
    };
    html! {
        <li>
            <button class={classes!("lesson-link", current.then_some("current"))}
                data-testid="lesson-link" data-lesson-id={lesson.id.clone()}
                aria-current={current.then_some("page")}
                title={heading.summary.clone()} {onclick}>
                <span class="map-order">{ lesson.order }</span>
                <span class="map-title">{ &heading.title }</span>
                if counts.total > 0 {
                    <span class={classes!("map-badge", state)} data-testid="lesson-progress"
                        data-solved={counts.solved.to_string()}
                        data-total={counts.total.to_string()}
                        aria-label={solved_label(lang, counts)}>
                        { format!("{}/{}", counts.solved, counts.total) }
                    </span>
                }
            </button>
        </li>
    }
}

/// "3주차" / "Week 3".
fn week_label(lang: Lang, number: u32) -> String {
    match lang {
        Lang::Ko => format!("{number}주차"),
        Lang::En => format!("Week {number}"),
    }
}

/// "문제 60개 중 12개 해결" / "12 of 60 exercises solved".
fn solved_label(lang: Lang, counts: Counts) -> String {
    match lang {
        Lang::Ko => format!("문제 {}개 중 {}개 해결", counts.total, counts.solved),
        Lang::En => format!("{} of {} exercises solved", counts.solved, counts.total),
    }
}
