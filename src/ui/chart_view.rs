//! The Chart tab of a result: the proposed chart (`charts::propose`), the
//! learner's choice of type, x, measures, series and order, a hover
//! tooltip, SVG and PNG export, and "pin to dashboard".

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;

use super::download;
use super::grid::Rows;
use crate::charts::{propose, render_svg, ChartKind, ChartSpec, SortOrder};
use crate::i18n::Lang;

/// Drawing size (the SVG scales to its box through its viewBox).
const WIDTH: u32 = 960;
const HEIGHT: u32 = 440;

/// Properties of [`ChartView`].
#[derive(Properties, PartialEq)]
pub struct ChartViewProps {
    /// UI language.
    pub lang: Lang,
    /// The result charted.
    pub rows: Rows,
    /// Pin this chart to a dashboard.
    pub on_pin: Callback<ChartSpec>,
}

/// A chart of a result set with its controls.
#[function_component(ChartView)]
pub fn chart_view(props: &ChartViewProps) -> Html {
    let lang = props.lang;
    let rows = props.rows.clone();
    let proposed = use_memo(rows.clone(), |rows| propose(rows));
    // The learner's choice holds for the result it was made on.
    let chosen = use_state(|| None::<(Rows, ChartSpec)>);
    let spec = match &*chosen {
        Some((chosen_for, spec)) if *chosen_for == rows => Some(spec.clone()),
        _ => (*proposed).clone(),
    };
    let tooltip = use_state(|| None::<(String, f64, f64)>);
    let columns: Vec<(usize, String)> = rows
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.name.clone()))
        .collect();

    let svg = use_memo((spec.clone(), rows.clone(), lang), |(spec, rows, lang)| {
        spec.as_ref().map(|spec| {
            spec.validate(rows)
                .and_then(|_| render_svg(rows, spec, *lang, WIDTH, HEIGHT))
                .map(AttrValue::from)
        })
    });
    let Some(current) = spec else {
        return html! {
            <p class="placeholder" data-testid="chart-none">{ lang.pick(
                "그릴 수 있는 숫자 열이 없습니다. 숫자 열이 있는 결과를 만들어 보세요.",
                "There is no numeric column to chart. Try a result with a number column.",
            ) }</p>
        };
    };
    let svg = match svg.as_ref() {
        Some(svg) => svg.clone(),
        None => return Html::default(),
    };

    let update = |change: fn(&mut ChartSpec, usize)| {
        let chosen = chosen.clone();
        let rows = rows.clone();
        let current = current.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(value) = select.value().parse::<usize>() {
                    let mut next = current.clone();
                    change(&mut next, value);
                    chosen.set(Some((rows.clone(), next)));
                }
            }
        })
    };
    let on_kind = update(|spec, i| {
        if let Some(kind) = ChartKind::ALL.get(i) {
            spec.kind = *kind;
        }
    });
    let on_x = update(|spec, i| spec.x = i);
    let on_series = update(|spec, i| spec.series = i.checked_sub(1));
    let on_sort = update(|spec, i| {
        spec.sort = [
            SortOrder::Data,
            SortOrder::ByX,
            SortOrder::ValueDesc,
            SortOrder::ValueAsc,
        ]
        .get(i)
        .copied()
        .unwrap_or_default()
    });
    let toggle_y = |column: usize| {
        let chosen = chosen.clone();
        let rows = rows.clone();
        let current = current.clone();
        Callback::from(move |_: Event| {
            let mut next = current.clone();
            if next.y.contains(&column) {
                if next.y.len() > 1 {
                    next.y.retain(|&c| c != column);
                }
            } else {
                next.y.push(column);
                next.y.sort_unstable();
            }
            chosen.set(Some((rows.clone(), next)));
        })
    };
    let on_move = {
        let tooltip = tooltip.clone();
        Callback::from(move |event: MouseEvent| {
            let mark = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest(".mark").ok().flatten());
            match mark.map(|mark| mark_text(&mark)) {
                Some(text) => tooltip.set(Some((
                    text,
                    f64::from(event.offset_x()),
                    f64::from(event.offset_y()),
                ))),
                None => tooltip.set(None),
            }
        })
    };
    let on_leave = {
        let tooltip = tooltip.clone();
        Callback::from(move |_: MouseEvent| tooltip.set(None))
    };
    let export_svg = {
        let svg = svg.clone().ok();
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = &svg {
                let _ = download::save_text(svg.as_str(), "chart.svg", "image/svg+xml");
            }
        })
    };
    let export_png = {
        let svg = svg.clone().ok();
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = &svg {
                save_png(svg.as_str());
            }
        })
    };
    let pin = {
        let on_pin = props.on_pin.clone();
        let current = current.clone();
        Callback::from(move |_: MouseEvent| on_pin.emit(current.clone()))
    };

    let sort_index = match current.sort {
        SortOrder::Data => 0,
        SortOrder::ByX => 1,
        SortOrder::ValueDesc => 2,
        SortOrder::ValueAsc => 3,
    };
    let option = |value: usize, label: String, selected: bool| {
        html! { <option value={value.to_string()} {selected}>{ label }</option> }
    };
    html! {
        <div class="chart-view">
            <div class="chart-controls">
                <label>{ lang.pick("종류", "Type") }
                    <select onchange={on_kind} data-testid="chart-kind">
                        { for ChartKind::ALL.iter().enumerate().map(|(i, kind)|
                            option(i, kind.name(lang).to_owned(), *kind == current.kind)) }
                    </select>
                </label>
                <label>{ lang.pick("X축", "X axis") }
                    <select onchange={on_x} data-testid="chart-x">
                        { for columns.iter().map(|(i, name)| option(*i, name.clone(), *i == current.x)) }
                    </select>
                </label>
                <fieldset class="chart-y">
                    <legend>{ lang.pick("값", "Values") }</legend>
                    { for columns.iter().filter(|(i, _)| *i != current.x).map(|(i, name)| html! {
                        <label class="check">
                            <input type="checkbox" checked={current.y.contains(i)} onchange={toggle_y(*i)} />
                            { name }
                        </label>
                    }) }
                </fieldset>
                <label>{ lang.pick("계열", "Series") }
                    <select onchange={on_series} data-testid="chart-series">
                        { option(0, lang.pick("없음", "None").to_owned(), current.series.is_none()) }
                        { for columns.iter().map(|(i, name)| option(i + 1, name.clone(), current.series == Some(*i))) }
                    </select>
                </label>
                <label>{ lang.pick("정렬", "Order") }
                    <select onchange={on_sort}>
                        { option(0, lang.pick("결과 순서", "As returned").to_owned(), sort_index == 0) }
                        { option(1, lang.pick("X 순서", "By x").to_owned(), sort_index == 1) }
                        { option(2, lang.pick("값 큰 순", "Largest first").to_owned(), sort_index == 2) }
                        { option(3, lang.pick("값 작은 순", "Smallest first").to_owned(), sort_index == 3) }
                    </select>
                </label>
                <span class="chart-actions">
                    <button class="small" onclick={export_svg} data-testid="export-svg">{"SVG"}</button>
                    <button class="small" onclick={export_png} data-testid="export-png">{"PNG"}</button>
                    <button class="small" onclick={pin} data-testid="pin-chart">{ lang.pick("대시보드에 고정", "Pin to dashboard") }</button>
                </span>
            </div>
            {
                match &svg {
                    Ok(svg) => html! {
                        <div class="chart" data-testid="chart" onmousemove={on_move} onmouseleave={on_leave}>
                            { Html::from_html_unchecked(svg.clone()) }
                            if let Some((text, x, y)) = &*tooltip {
                                <div class="chart-tooltip" data-testid="chart-tooltip" role="tooltip"
                                    style={format!("left: {}px; top: {}px", x + 12.0, y + 12.0)}>{ text }</div>
                            }
                        </div>
                    },
                    Err(error) => html! {
                        <p class="error" data-testid="chart-error">{ match lang {
                            Lang::Ko => error.message().ko,
                            Lang::En => error.message().en,
                        } }</p>
                    },
                }
            }
        </div>
    }
}

/// A mark's tooltip: its `<title>`, or (on charts too large for titles)
/// its series, x and value.
fn mark_text(mark: &Element) -> String {
    if let Some(title) = mark.query_selector("title").ok().flatten() {
        return title.text_content().unwrap_or_default();
    }
    let attribute = |name: &str| mark.get_attribute(name).unwrap_or_default();
    let series = attribute("data-series");
    let point = format!("{}: {}", attribute("data-x"), attribute("data-y"));
    if series.is_empty() {
        point
    } else {
        format!("{series}\n{point}")
    }
}

/// Draws the SVG on a canvas and offers it as `chart.png` (twice the size,
/// for sharp text).
fn save_png(svg: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(image), Ok(canvas)) = (
        web_sys::HtmlImageElement::new(),
        document
            .create_element("canvas")
            .map(|c| c.unchecked_into::<web_sys::HtmlCanvasElement>()),
    ) else {
        return;
    };
    canvas.set_width(WIDTH * 2);
    canvas.set_height(HEIGHT * 2);
    let source = image.clone();
    let onload = Closure::once_into_js(move || {
        let Ok(Some(context)) = canvas.get_context("2d") else {
            return;
        };
        let context: web_sys::CanvasRenderingContext2d = context.unchecked_into();
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, f64::from(WIDTH * 2), f64::from(HEIGHT * 2));
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
            &source,
            0.0,
            0.0,
            f64::from(WIDTH * 2),
            f64::from(HEIGHT * 2),
        );
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            let bytes = url
                .split_once(',')
                .and_then(|(_, data)| base64_decode(data))
                .unwrap_or_default();
            let _ = download::save(&bytes, "chart.png", "image/png");
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    // Text drawn in currentColor would be black on the white PNG: make it explicit.
    let printable = svg.replacen("<svg ", "<svg color=\"#1b1f24\" ", 1);
    image.set_src(&format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&printable))
    ));
}

fn base64_decode(data: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}
