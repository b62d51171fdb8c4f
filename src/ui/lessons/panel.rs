//! The lessons side panel: the course map with the progress tools, or the
//! open lesson; its state ([`CourseState`]) and what changes it.

use std::{collections::BTreeMap, rc::Rc};

use yew::prelude::*;

use super::{CourseMap, LessonView, ProgressTools};
use crate::engine::error::Message;
use crate::i18n::Lang;
use crate::lessons::progress::Progress;
use crate::worker::lessons::{Checked, CourseOutline, LessonContent};

/// The course as the page holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CourseState {
    /// Weeks and lessons, once the worker sent them.
    pub outline: Option<Rc<CourseOutline>>,
    /// The open lesson.
    pub lesson: Option<Rc<LessonContent>>,
    /// The learner's progress (kept in IndexedDB).
    pub progress: Rc<Progress>,
    /// The last check of each exercise.
    pub results: Rc<BTreeMap<String, Checked>>,
    /// The exercise being checked.
    pub checking: Option<String>,
    /// Why the course could not be had (no outline yet), until a retry.
    pub failed: Option<Message>,
}

/// Something that happened to the course.
pub enum CourseAction {
    /// The stored progress was read.
    ProgressLoaded(Progress),
    /// The worker sent the outline.
    Outline(CourseOutline),
    /// The worker sent a lesson.
    Lesson(Box<LessonContent>),
    /// Back to the course map.
    CloseLesson,
    /// An answer was sent to be checked.
    Checking(String),
    /// An answer was checked, at this time (ms since the epoch).
    Checked(Checked, f64),
    /// The worker could not answer a lesson request (the lessons did not
    /// load, or there is no such lesson).
    Failed(Message),
    /// The learner asks for the lessons again after a failure.
    Retry,
    /// A hint was opened.
    Hint(String),
    /// A progress file was imported.
    Import(Progress),
    /// The learner named themselves.
    Learner(String),
}

impl Reducible for CourseState {
    type Action = CourseAction;

    fn reduce(self: Rc<Self>, action: CourseAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            CourseAction::ProgressLoaded(progress) => next.progress = Rc::new(progress),
            CourseAction::Outline(outline) => {
                next.outline = Some(Rc::new(outline));
                next.failed = None;
            }
            CourseAction::Lesson(lesson) => next.lesson = Some(Rc::from(lesson)),
            CourseAction::CloseLesson => next.lesson = None,
            CourseAction::Checking(key) => next.checking = Some(key),
            CourseAction::Checked(checked, at) => {
                Rc::make_mut(&mut next.progress).record(&checked.key, checked.attempt(at));
                if next.checking.as_deref() == Some(checked.key.as_str()) {
                    next.checking = None;
                }
                Rc::make_mut(&mut next.results).insert(checked.key.clone(), checked);
            }
            CourseAction::Failed(message) => {
                next.checking = None;
                if next.outline.is_none() {
                    next.failed = Some(message);
                }
            }
            CourseAction::Retry => next.failed = None,
            CourseAction::Hint(key) => Rc::make_mut(&mut next.progress).reveal_hint(&key),
            CourseAction::Import(progress) => Rc::make_mut(&mut next.progress).merge(progress),
            CourseAction::Learner(name) => Rc::make_mut(&mut next.progress).set_learner(&name),
        }
        Rc::new(next)
    }
}

/// Properties of [`LessonsPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonsPanelProps {
    /// UI language.
    pub lang: Lang,
    /// The course state.
    pub course: UseReducerHandle<CourseState>,
    /// Open a lesson by id.
    pub on_open_lesson: Callback<String>,
    /// Put SQL in the editor and run it.
    pub on_run_sql: Callback<String>,
    /// Put SQL in the editor.
    pub on_open_sql: Callback<String>,
    /// Check the editor's SQL against this exercise.
    pub on_submit: Callback<String>,
    /// Check these choices against this exercise.
    pub on_submit_choices: Callback<(String, Vec<usize>)>,
    /// Offer a progress file for download.
    pub on_export: Callback<(String, String)>,
    /// Ask for the lessons again after they failed to load.
    pub on_retry: Callback<()>,
}

/// The course map or the open lesson.
#[function_component(LessonsPanel)]
pub fn lessons_panel(props: &LessonsPanelProps) -> Html {
    let lang = props.lang;
    let course = &props.course;
    let dispatch = |make: fn(String) -> CourseAction| {
        let course = course.clone();
        Callback::from(move |value: String| course.dispatch(make(value)))
    };
    let on_hint = dispatch(CourseAction::Hint);
    let on_learner = dispatch(CourseAction::Learner);
    let on_import = {
        let course = course.clone();
        Callback::from(move |progress: Progress| course.dispatch(CourseAction::Import(progress)))
    };
    let on_close = {
        let course = course.clone();
        Callback::from(move |_: ()| course.dispatch(CourseAction::CloseLesson))
    };
    let body = match (&course.lesson, &course.outline) {
        (Some(lesson), _) => html! {
            <LessonView lang={lang} lesson={lesson.clone()} progress={course.progress.clone()}
                results={course.results.clone()} checking={course.checking.clone()}
                on_run_sql={props.on_run_sql.clone()} on_open_sql={props.on_open_sql.clone()}
                on_submit={props.on_submit.clone()} on_submit_choices={props.on_submit_choices.clone()}
                on_hint={on_hint} on_open_lesson={props.on_open_lesson.clone()} on_close={on_close} />
        },
        (None, Some(outline)) => html! {
            <>
                <CourseMap lang={lang} outline={outline.clone()} progress={course.progress.clone()}
                    current={None::<String>} on_open={props.on_open_lesson.clone()} />
                <ProgressTools lang={lang} progress={course.progress.clone()}
                    on_export={props.on_export.clone()} on_import={on_import} on_learner={on_learner} />
            </>
        },
        (None, None) => match &course.failed {
            Some(message) => {
                let on_retry = props.on_retry.reform(|_: MouseEvent| ());
                html! {
                    <div class="lessons-failed" role="alert" data-testid="lessons-failed">
                        <p>{ message.text(lang.code()) }</p>
                        <button type="button" data-testid="lessons-retry" onclick={on_retry}>
                            { lang.pick("다시 시도", "Try again") }
                        </button>
                    </div>
                }
            }
            None => html! {
                <p class="placeholder">{ lang.pick("레슨을 불러오는 중…", "Loading the lessons…") }</p>
            },
        },
    };
    html! { <div class="lessons-panel">{ body }</div> }
}
