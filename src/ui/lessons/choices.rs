//! Answers to concept checks: choices to pick, or items to put in order.

use yew::prelude::*;

use super::lesson_html;
use crate::i18n::Lang;

/// Properties of [`ChoiceAnswer`] and [`OrderAnswer`].
#[derive(Properties, PartialEq)]
pub struct ChoicesProps {
    /// UI language.
    pub lang: Lang,
    /// A name unique in the page (the exercise key), for the radio group.
    pub name: AttrValue,
    /// The choices, inline HTML.
    pub choices: Vec<String>,
    /// Several choices may be right: checkboxes instead of radio buttons.
    #[prop_or_default]
    pub multiple: bool,
    /// A check is running.
    pub checking: bool,
    /// Submit the chosen indices (choice) or the indices in order (order).
    pub on_submit: Callback<Vec<usize>>,
}

/// Radio buttons (or checkboxes) and a submit button.
#[function_component(ChoiceAnswer)]
pub fn choice_answer(props: &ChoicesProps) -> Html {
    let lang = props.lang;
    let selected = use_state(Vec::<usize>::new);
    let toggle = |index: usize| {
        let selected = selected.clone();
        let multiple = props.multiple;
        Callback::from(move |_: Event| {
            let mut next = if multiple {
                (*selected).clone()
            } else {
                Vec::new()
            };
            match next.iter().position(|&chosen| chosen == index) {
                Some(position) if multiple => {
                    next.remove(position);
                }
                Some(_) => {}
                None => next.push(index),
            }
            selected.set(next);
        })
    };
    let submit = {
        let selected = selected.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |_: MouseEvent| on_submit.emit((*selected).clone()))
    };
    let kind = if props.multiple { "checkbox" } else { "radio" };
    html! {
        <div class="concept-answer">
            <fieldset class="choices">
                <legend>
                    { if props.multiple {
                        lang.pick("해당하는 것을 모두 고르세요.", "Choose all that apply.")
                    } else {
                        lang.pick("하나를 고르세요.", "Choose one.")
                    } }
                </legend>
                { for props.choices.iter().enumerate().map(|(index, choice)| html! {
                    <label class="choice">
                        <input type={kind} name={props.name.clone()} value={index.to_string()}
                            data-testid="choice" checked={selected.contains(&index)}
                            onchange={toggle(index)} />
                        <span>{ lesson_html(choice) }</span>
                    </label>
                }) }
            </fieldset>
            <div class="exercise-actions">
                <button class="primary" data-testid="submit" onclick={submit}
                    disabled={props.checking || selected.is_empty()}>
                    { submit_label(lang, props.checking) }
                </button>
            </div>
        </div>
    }
}

/// The choices as a list the learner reorders with up and down buttons.
#[function_component(OrderAnswer)]
pub fn order_answer(props: &ChoicesProps) -> Html {
    let lang = props.lang;
    let order = use_state(|| (0..props.choices.len()).collect::<Vec<usize>>());
    let swap = |from: usize, to: usize| {
        let order = order.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*order).clone();
            if from < next.len() && to < next.len() {
                next.swap(from, to);
            }
            order.set(next);
        })
    };
    let submit = {
        let order = order.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |_: MouseEvent| on_submit.emit((*order).clone()))
    };
    let last = order.len().saturating_sub(1);
    html! {
        <div class="concept-answer">
            <p class="order-help">
                { lang.pick(
                    "↑ ↓ 버튼으로 올바른 순서가 되게 옮기세요. 맨 위가 첫 번째입니다.",
                    "Use ↑ and ↓ to put the items in order, the first at the top.",
                ) }
            </p>
            <ol class="order-items">
                { for order.iter().enumerate().map(|(position, &choice)| html! {
                    <li class="order-item" data-testid="order-item" data-choice={choice.to_string()}>
                        <span class="order-text">
                            { props.choices.get(choice).map(|text| lesson_html(text)) }
                        </span>
                        <span class="order-moves">
                            <button data-testid="move-up" disabled={position == 0}
                                aria-label={lang.pick("위로", "Move up")} onclick={swap(position, position.saturating_sub(1))}>
                                { "↑" }
                            </button>
                            <button data-testid="move-down" disabled={position == last}
                                aria-label={lang.pick("아래로", "Move down")} onclick={swap(position, position + 1)}>
                                { "↓" }
                            </button>
                        </span>
                    </li>
                }) }
            </ol>
            <div class="exercise-actions">
                <button class="primary" data-testid="submit" onclick={submit} disabled={props.checking}>
                    { submit_label(lang, props.checking) }
                </button>
            </div>
        </div>
    }
}

/// "제출" / "Submit", or "채점 중…" while a check runs.
pub fn submit_label(lang: Lang, checking: bool) -> &'static str {
    if checking {
        lang.pick("채점 중…", "Checking…")
    } else {
        lang.pick("제출", "Submit")
    }
}
