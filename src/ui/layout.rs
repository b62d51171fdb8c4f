//! Resizable panes: a splitter dragged with the pointer or moved with the
//! arrow keys, for the side panel's width and the editor's height.

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Which way a splitter moves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Drags left and right (a width).
    Horizontal,
    /// Drags up and down (a height).
    Vertical,
}

/// Properties of [`Splitter`].
#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    /// Which way it moves.
    pub direction: Direction,
    /// The size it controls, in pixels.
    pub value: f64,
    /// Smallest size.
    pub min: f64,
    /// Largest size.
    pub max: f64,
    /// The new size.
    pub on_change: Callback<f64>,
    /// Accessible name.
    pub label: AttrValue,
}

/// A focusable separator between two panes.
#[function_component(Splitter)]
pub fn splitter(props: &SplitterProps) -> Html {
    let drag = use_mut_ref(|| None::<(f64, f64)>);
    let position = |event: &PointerEvent, direction: Direction| match direction {
        Direction::Horizontal => f64::from(event.client_x()),
        Direction::Vertical => f64::from(event.client_y()),
    };
    let direction = props.direction;
    let clamp = {
        let (min, max) = (props.min, props.max);
        move |v: f64| v.clamp(min, max)
    };
    let on_down = {
        let drag = drag.clone();
        let value = props.value;
        Callback::from(move |event: PointerEvent| {
            if let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                let _ = target.set_pointer_capture(event.pointer_id());
            }
            *drag.borrow_mut() = Some((position(&event, direction), value));
        })
    };
    let on_move = {
        let drag = drag.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |event: PointerEvent| {
            if let Some((start, value)) = *drag.borrow() {
                on_change.emit(clamp(value + position(&event, direction) - start));
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let on_key = {
        let on_change = props.on_change.clone();
        let value = props.value;
        Callback::from(move |event: KeyboardEvent| {
            let step = match (direction, event.key().as_str()) {
                (Direction::Horizontal, "ArrowLeft") | (Direction::Vertical, "ArrowUp") => -24.0,
                (Direction::Horizontal, "ArrowRight") | (Direction::Vertical, "ArrowDown") => 24.0,
                _ => return,
            };
            event.prevent_default();
            on_change.emit(clamp(value + step));
        })
    };
    let (class, orientation) = match direction {
        Direction::Horizontal => ("splitter splitter-x", "vertical"),
        Direction::Vertical => ("splitter splitter-y", "horizontal"),
    };
    html! {
        <div class={class} role="separator" tabindex="0" aria-orientation={orientation}
            aria-label={props.label.clone()}
            aria-valuenow={format!("{:.0}", props.value)}
            aria-valuemin={format!("{:.0}", props.min)} aria-valuemax={format!("{:.0}", props.max)}
            onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()}
            onpointercancel={on_up} onkeydown={on_key}></div>
    }
}
