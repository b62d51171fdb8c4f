//! The Pivot tab of a result: rows × columns × measure (`charts::pivot`),
//! optionally as a percentage of the first column (cohort retention), with
//! heat colouring and CSV export.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::download;
use super::grid::Rows;
use crate::charts::{Pivot, PivotSpec};
use crate::engine::outcome::ResultSet;
use crate::i18n::Lang;

/// Properties of [`PivotView`].
#[derive(Properties, PartialEq)]
pub struct PivotViewProps {
    /// UI language.
    pub lang: Lang,
    /// The result pivoted.
    pub rows: Rows,
}

/// The first guess: the first two columns across and down, the last
/// numeric column in the cells.
fn initial(rows: &ResultSet) -> PivotSpec {
    let measure = (0..rows.columns.len())
        .rev()
        .find(|&c| {
            rows.rows
                .iter()
                .any(|r| r.get(c).is_some_and(|v| v.is_numeric()))
        })
        .unwrap_or(rows.columns.len().saturating_sub(1));
    PivotSpec {
        rows: 0,
        cols: 1.min(rows.columns.len().saturating_sub(1)),
        measure,
        percent_of_first: false,
    }
}

/// A pivot table of a result set with its controls.
#[function_component(PivotView)]
pub fn pivot_view(props: &PivotViewProps) -> Html {
    let lang = props.lang;
    let rows = props.rows.clone();
    let first_guess = use_memo(rows.clone(), |rows| initial(rows));
    // The learner's choice holds for the result it was made on.
    let chosen = use_state(|| None::<(Rows, PivotSpec)>);
    let spec = match &*chosen {
        Some((chosen_for, spec)) if *chosen_for == rows => spec.clone(),
        _ => (*first_guess).clone(),
    };
    let pivot = use_memo((spec.clone(), rows.clone()), |(spec, rows)| {
        spec.apply(rows)
    });
    let choose = |change: fn(&mut PivotSpec, usize)| {
        let chosen = chosen.clone();
        let rows = rows.clone();
        let spec = spec.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(value) = select.value().parse::<usize>() {
                    let mut next = spec.clone();
                    change(&mut next, value);
                    chosen.set(Some((rows.clone(), next)));
                }
            }
        })
    };
    let toggle_percent = {
        let chosen = chosen.clone();
        let rows = rows.clone();
        let spec = spec.clone();
        Callback::from(move |_: Event| {
            let mut next = spec.clone();
            next.percent_of_first = !next.percent_of_first;
            chosen.set(Some((rows.clone(), next)));
        })
    };
    let select = |label: &'static str,
                  testid: &'static str,
                  current: usize,
                  on: Callback<Event>| {
        html! {
            <label>{ label }
                <select onchange={on} data-testid={testid}>
                    { for rows.columns.iter().enumerate().map(|(i, c)| html! {
                        <option value={i.to_string()} selected={i == current}>{ &c.name }</option>
                    }) }
                </select>
            </label>
        }
    };
    let export = {
        let pivot = pivot.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(csv) = pivot.as_ref().as_ref().ok().and_then(|p| p.to_csv().ok()) {
                let _ = download::save_text(
                    &format!("\u{feff}{csv}"),
                    "pivot.csv",
                    "text/csv;charset=utf-8",
                );
            }
        })
    };
    html! {
        <div class="pivot-view">
            <div class="chart-controls">
                { select(lang.pick("행", "Rows"), "pivot-rows", spec.rows, choose(|s, v| s.rows = v)) }
                { select(lang.pick("열", "Columns"), "pivot-cols", spec.cols, choose(|s, v| s.cols = v)) }
                { select(lang.pick("값", "Value"), "pivot-measure", spec.measure, choose(|s, v| s.measure = v)) }
                <label class="check">
                    <input type="checkbox" checked={spec.percent_of_first} onchange={toggle_percent} data-testid="pivot-percent" />
                    { lang.pick("첫 열 대비 %", "% of the first column") }
                </label>
                <button class="small" onclick={export} data-testid="export-pivot">{ lang.pick("CSV로 내보내기", "Export CSV") }</button>
            </div>
            { match &*pivot {
                Ok(pivot) => pivot_table(pivot, lang, "pivot"),
                Err(error) => html! {
                    <p class="error">{ match lang { Lang::Ko => error.message().ko, Lang::En => error.message().en } }</p>
                },
            } }
        </div>
    }
}

/// A pivot as a table, each cell tinted by its heat; `testid` names its box.
pub fn pivot_table(pivot: &Pivot, lang: Lang, testid: &'static str) -> Html {
    let caption = if pivot.percent_of_first {
        format!(
            "{} ({})",
            pivot.measure_name,
            lang.pick("첫 열 대비 %", "% of the first column")
        )
    } else {
        pivot.measure_name.clone()
    };
    let rows = pivot
        .row_labels
        .iter()
        .zip(&pivot.cells)
        .map(|(label, cells)| {
            html! {
                <tr>
                    <th scope="row">{ label }</th>
                    { for cells.iter().map(|cell| {
                        let heat = cell.heat.unwrap_or(0.0).clamp(0.0, 1.0);
                        let class = classes!(
                            cell.heat.is_some().then_some("heat"),
                            (heat > 0.6).then_some("hot"),
                        );
                        let style = cell.heat.map(|_| format!("--heat: {:.0}%", heat * 80.0));
                        html! { <td class={class} style={style}>{ &cell.text }</td> }
                    }) }
                </tr>
            }
        });
    html! {
        <div class="pivot-wrap" data-testid={testid}>
            <table class="pivot">
                <caption>{ caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ format!("{} \\ {}", pivot.row_name, pivot.col_name) }</th>
                        { for pivot.col_labels.iter().map(|label| html! { <th scope="col">{ label }</th> }) }
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            { for pivot.notes.iter().map(|note| html! { <p class="note">{ note.text(lang.code()) }</p> }) }
        </div>
    }
}
