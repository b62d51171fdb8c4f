//! A lesson: title and summary, then its blocks in reading order (prose,
//! SQL to run or open in the editor, exercise cards), then the way on.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::exercise::ExerciseCard;
use super::lesson_html;
use crate::i18n::Lang;
use crate::lessons::progress::Progress;
use crate::lessons::Block;
use crate::worker::lessons::{Checked, LessonContent};

/// Properties of [`LessonView`].
#[derive(Properties, PartialEq)]
pub struct LessonViewProps {
    /// UI language.
    pub lang: Lang,
    /// The lesson (`LessonResponse::Lesson`).
    pub lesson: Rc<LessonContent>,
    /// The learner's progress (statuses, hints opened, attempts).
    pub progress: Rc<Progress>,
    /// The last check of each exercise in this session, by key.
    #[prop_or_default]
    pub results: Rc<BTreeMap<String, Checked>>,
    /// The key of the exercise whose check is running.
    #[prop_or_default]
    pub checking: Option<String>,
    /// Run a SQL block: load it into the editor and run it.
    pub on_run_sql: Callback<String>,
    /// Put SQL in the editor without running it (a block, or a starter).
    pub on_open_sql: Callback<String>,
    /// Submit a SQL exercise: its key (the app sends the editor's SQL).
    pub on_submit: Callback<String>,
    /// Submit a concept check: its key and the chosen or ordered indices.
    pub on_submit_choices: Callback<(String, Vec<usize>)>,
    /// Open the next hint of an exercise: its key.
    pub on_hint: Callback<String>,
    /// Open another lesson (previous, next): its id.
    pub on_open_lesson: Callback<String>,
    /// Back to the course map.
    pub on_close: Callback<()>,
}

/// The lesson page.
#[function_component(LessonView)]
pub fn lesson_view(props: &LessonViewProps) -> Html {
    let lang = props.lang;
    let lesson = &props.lesson;
    let text = lesson.text(lang);
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <article class="lesson" data-testid="lesson" data-lesson-id={lesson.id.clone()}>
            <header class="lesson-head">
                <button class="link" data-testid="back-to-map" onclick={close}>
                    { lang.pick("← 코스 지도", "← Course map") }
                </button>
                <p class="lesson-kicker">{ kicker(lang, lesson.week, lesson.order) }</p>
                <h2 class="lesson-title">{ &text.title }</h2>
                <p class="lesson-summary">{ &text.summary }</p>
            </header>
            { for text.blocks.iter().map(|block| match block {
                Block::Html(html) => html! { <div class="lesson-prose">{ lesson_html(html) }</div> },
                Block::Sql { sql, runnable } => sql_block(props, sql, *runnable),
                Block::Exercise(id) => exercise(props, id),
            }) }
            <nav class="lesson-nav" aria-label={lang.pick("레슨 이동", "Lessons")}>
                { neighbour(props, lesson.previous.as_deref(), "lesson-previous", lang.pick("← 이전 레슨", "← Previous lesson")) }
                { neighbour(props, lesson.next.as_deref(), "lesson-next", lang.pick("다음 레슨 →", "Next lesson →")) }
            </nav>
        </article>
    }
}

/// A SQL block as code; a runnable one can be run or opened in the editor.
fn sql_block(props: &LessonViewProps, sql: &str, runnable: bool) -> Html {
    let lang = props.lang;
    let emit = |callback: &Callback<String>| {
        let callback = callback.clone();
        let sql = sql.to_owned();
        Callback::from(move |_: MouseEvent| callback.emit(sql.clone()))
    };
    html! {
        <div class={classes!("sql-block", (!runnable).then_some("norun"))} data-testid="sql-block">
            <pre><code>{ sql }</code></pre>
            if runnable {
                <div class="sql-block-actions">
                    <button class="primary" data-testid="run-block" onclick={emit(&props.on_run_sql)}>
                        { lang.pick("▶ 실행", "▶ Run") }
                    </button>
                    <button data-testid="open-block" onclick={emit(&props.on_open_sql)}>
                        { lang.pick("편집기에 넣기", "Open in editor") }
                    </button>
                </div>
            }
        </div>
    }
}

/// The card of the exercise a block places.
fn exercise(props: &LessonViewProps, id: &str) -> Html {
    let Some(exercise) = props.lesson.exercise(id) else {
        return Html::default();
    };
    let progress = props.progress.exercise(&exercise.key);
    html! {
        <ExerciseCard key={exercise.key.clone()} lang={props.lang} exercise={exercise.clone()}
            status={progress.map(|p| p.status).unwrap_or_default()}
            hints_shown={progress.map_or(0, |p| p.hints_shown)}
            attempts={progress.map_or(0, |p| p.attempts.len())}
            result={props.results.get(&exercise.key).cloned()}
            checking={props.checking.as_deref() == Some(exercise.key.as_str())}
            on_submit={props.on_submit.clone()}
            on_submit_choices={props.on_submit_choices.clone()}
            on_hint={props.on_hint.clone()}
            on_load_starter={props.on_open_sql.clone()} />
    }
}

/// A link to the previous or next lesson, if there is one.
fn neighbour(
    props: &LessonViewProps,
    id: Option<&str>,
    testid: &'static str,
    label: &'static str,
) -> Html {
    let Some(id) = id else {
        return html! { <span /> };
    };
    let onclick = {
        let on_open_lesson = props.on_open_lesson.clone();
        let id = id.to_owned();
        Callback::from(move |_: MouseEvent| on_open_lesson.emit(id.clone()))
    };
    html! {
        <button data-testid={testid} data-lesson-id={id.to_owned()} {onclick}>{ label }</button>
    }
}

/// "3주차 · 레슨 1" / "Week 3 · Lesson 1".
fn kicker(lang: Lang, week: u32, order: u32) -> String {
    match lang {
        Lang::Ko => format!("{week}주차 · 레슨 {order}"),
        Lang::En => format!("Week {week} · Lesson {order}"),
    }
}
