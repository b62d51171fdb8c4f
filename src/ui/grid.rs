//! The result view: a grid of rows, "N rows affected", or an error.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::outcome::{Cell, Output, ResultSet, RunOutput};
use crate::i18n::{rows_label, t, thousands, Lang, Text};

/// Rows rendered at once; the rest are summarised (the virtualised grid
/// arrives with the playground).
const MAX_RENDERED_ROWS: usize = 1000;

/// Properties of [`ResultView`].
#[derive(Properties, PartialEq)]
pub struct ResultProps {
    /// UI language.
    pub lang: Lang,
    /// The last run, if any.
    pub output: Option<Rc<RunOutput>>,
}

/// What the last run produced: its error, or the last statement's result.
#[function_component(ResultView)]
pub fn result_view(props: &ResultProps) -> Html {
    let lang = props.lang;
    let Some(output) = &props.output else {
        return html! { <p class="placeholder">{ t(lang, Text::NoResultYet) }</p> };
    };
    let error = output.error.as_ref().map(|error| {
        html! {
            <div class="error" data-testid="error" role="alert">
                { error.render(lang.code()) }
            </div>
        }
    });
    let last = output
        .statements
        .last()
        .map(|statement| match &statement.output {
            Output::Rows(rows) => html! { <Grid lang={lang} rows={Rc::new(rows.clone())} /> },
            Output::Affected { command, rows } => html! {
                <p class="affected">{ format!("{command}: {}", rows_label(lang, *rows)) }</p>
            },
            Output::Command(tag) => html! { <p class="affected">{ tag }</p> },
        });
    html! { <>{ for error }{ for last }</> }
}

#[derive(Properties, PartialEq)]
struct GridProps {
    lang: Lang,
    rows: Rc<ResultSet>,
}

#[function_component(Grid)]
fn grid(props: &GridProps) -> Html {
    let rows = &props.rows;
    let shown = rows.rows.len().min(MAX_RENDERED_ROWS);
    html! {
        <div class="grid-wrap">
            <table class="grid" data-testid="result-grid">
                <thead>
                    <tr>
                        { for rows.columns.iter().map(|c| html! {
                            <th scope="col">
                                <span class="col-name">{ &c.name }</span>
                                <span class="col-type">{ &c.type_name }</span>
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.rows[..shown].iter().map(|row| html! {
                        <tr>{ for row.iter().map(cell) }</tr>
                    }) }
                </tbody>
            </table>
            if shown < rows.rows.len() {
                <p class="truncated">
                    { props.lang.pick("처음 ", "Showing the first ") }
                    { thousands(shown as i64) }
                    { props.lang.pick("행만 표시합니다 (전체 ", " rows of ") }
                    { thousands(rows.rows.len() as i64) }
                    { props.lang.pick("행).", ".") }
                </p>
            }
        </div>
    }
}

fn cell(value: &Cell) -> Html {
    match value {
        Cell::Null => html! { <td class="null">{"NULL"}</td> },
        Cell::Int(i) => html! { <td class="num">{ thousands(*i) }</td> },
        Cell::Float(_) | Cell::Decimal(_) => html! { <td class="num">{ value.to_text() }</td> },
        other => html! { <td>{ other.to_text() }</td> },
    }
}
