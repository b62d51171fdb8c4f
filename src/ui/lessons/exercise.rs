//! One exercise: prompt, the way to answer it, hints one at a time, the
//! last verdict, and once solved a badge and the explanation.

use yew::prelude::*;

use super::choices::{submit_label, ChoiceAnswer, OrderAnswer};
use super::lesson_html;
use super::verdict::VerdictView;
use crate::i18n::Lang;
use crate::lessons::progress::Status;
use crate::lessons::ExerciseKind;
use crate::worker::lessons::{Checked, ExerciseView};

/// Properties of [`ExerciseCard`].
#[derive(Properties, PartialEq)]
pub struct ExerciseCardProps {
    /// UI language.
    pub lang: Lang,
    /// The exercise.
    pub exercise: ExerciseView,
    /// The learner's status on it.
    #[prop_or_default]
    pub status: Status,
    /// How many hints the learner opened (kept in the progress).
    #[prop_or_default]
    pub hints_shown: u8,
    /// How many attempts the progress holds (tests wait for it to change).
    #[prop_or_default]
    pub attempts: usize,
    /// The last check of this exercise in this session.
    #[prop_or_default]
    pub result: Option<Checked>,
    /// A check of this exercise is running.
    #[prop_or_default]
    pub checking: bool,
    /// Submit a SQL exercise: its key (the app sends the editor's SQL).
    pub on_submit: Callback<String>,
    /// Submit a concept check: its key and the chosen or ordered indices.
    pub on_submit_choices: Callback<(String, Vec<usize>)>,
    /// Open the next hint: the exercise's key.
    pub on_hint: Callback<String>,
    /// Put SQL in the editor (the exercise's starter).
    pub on_load_starter: Callback<String>,
}

/// An exercise of a lesson, answered with SQL from the editor or with choices.
#[function_component(ExerciseCard)]
pub fn exercise_card(props: &ExerciseCardProps) -> Html {
    let lang = props.lang;
    let exercise = &props.exercise;
    let text = exercise.text(lang);
    let solved = props.status == Status::Solved;
    let key = exercise.key.clone();
    let on_choices = {
        let key = key.clone();
        props
            .on_submit_choices
            .reform(move |selected: Vec<usize>| (key.clone(), selected))
    };
    let answer = match exercise.kind {
        ExerciseKind::Result | ExerciseKind::State => sql_actions(props),
        ExerciseKind::Choice => html! {
            <ChoiceAnswer {lang} name={key.clone()} choices={text.choices.clone()}
                multiple={exercise.multiple} checking={props.checking} on_submit={on_choices} />
        },
        ExerciseKind::Order => html! {
            <OrderAnswer {lang} name={key.clone()} choices={text.choices.clone()}
                checking={props.checking} on_submit={on_choices} />
        },
    };
    let kind_label = match exercise.kind {
        ExerciseKind::Result | ExerciseKind::State => lang.pick("SQL 문제", "SQL exercise"),
        ExerciseKind::Choice | ExerciseKind::Order => lang.pick("개념 확인", "Concept check"),
    };
    html! {
        <section class={classes!("exercise", solved.then_some("solved"))} data-testid="exercise"
            data-exercise-id={exercise.id.clone()} data-key={key}
            data-status={status_code(props.status)} data-attempts={props.attempts.to_string()}
            aria-busy={props.checking.then_some("true")}>
            <header class="exercise-head">
                <span class="exercise-kind">{ kind_label }</span>
                if solved {
                    <span class="exercise-solved" data-testid="solved">
                        { lang.pick("✓ 해결", "✓ Solved") }
                    </span>
                }
            </header>
            <div class="exercise-prompt">{ lesson_html(&text.prompt) }</div>
            { answer }
            { hints(props) }
            if let Some(checked) = &props.result {
                <VerdictView {lang} checked={checked.clone()} />
            }
            if solved && !text.explanation.is_empty() {
                <div class="exercise-explanation" data-testid="explanation">
                    <h4>{ lang.pick("해설", "Explanation") }</h4>
                    { lesson_html(&text.explanation) }
                </div>
            }
        </section>
    }
}

/// "Load starter" and "Submit" for an exercise answered in the editor.
fn sql_actions(props: &ExerciseCardProps) -> Html {
    let lang = props.lang;
    let starter = props.exercise.starter.clone();
    let load_starter = {
        let on_load_starter = props.on_load_starter.clone();
        let starter = starter.clone();
        Callback::from(move |_: MouseEvent| on_load_starter.emit(starter.clone()))
    };
    let submit = {
        let on_submit = props.on_submit.clone();
        let key = props.exercise.key.clone();
        Callback::from(move |_: MouseEvent| on_submit.emit(key.clone()))
    };
    html! {
        <div class="exercise-actions">
            if !starter.is_empty() {
                <button data-testid="load-starter" onclick={load_starter}>
                    { lang.pick("시작 코드 불러오기", "Load starter") }
                </button>
            }
            <button class="primary" data-testid="submit" onclick={submit} disabled={props.checking}>
                { submit_label(lang, props.checking) }
            </button>
            <span class="exercise-note">
                { lang.pick("편집기의 SQL을 채점합니다.", "Checks the SQL in the editor.") }
            </span>
        </div>
    }
}

/// The hints opened so far, and a button for the next one.
fn hints(props: &ExerciseCardProps) -> Html {
    let lang = props.lang;
    let hints = &props.exercise.text(lang).hints;
    if hints.is_empty() {
        return Html::default();
    }
    let shown = usize::from(props.hints_shown).min(hints.len());
    let reveal = {
        let on_hint = props.on_hint.clone();
        let key = props.exercise.key.clone();
        Callback::from(move |_: MouseEvent| on_hint.emit(key.clone()))
    };
    html! {
        <div class="exercise-hints">
            { for hints[..shown].iter().enumerate().map(|(index, hint)| html! {
                <div class="hint" data-testid="hint">
                    <span class="hint-label">{ hint_label(lang, index + 1) }</span>
                    { lesson_html(hint) }
                </div>
            }) }
            if shown < hints.len() {
                <button class="hint-button" data-testid="hint-button" onclick={reveal}>
                    { format!("{} ({}/{})", lang.pick("힌트 보기", "Show a hint"), shown + 1, hints.len()) }
                </button>
            }
        </div>
    }
}

/// "힌트 1" / "Hint 1".
fn hint_label(lang: Lang, number: usize) -> String {
    match lang {
        Lang::Ko => format!("힌트 {number}"),
        Lang::En => format!("Hint {number}"),
    }
}

/// The status as the `data-status` attribute says it.
fn status_code(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not_started",
        Status::Attempted => "attempted",
        Status::Solved => "solved",
    }
}
