//! The results of a run: one tab per statement (a grid, "N rows affected",
//! a command tag, or the error that stopped the script).

use std::rc::Rc;

use yew::prelude::*;

use super::chart_view::ChartView;
use super::grid::{Grid, Rows};
use super::pivot_view::PivotView;
use super::state::{statement_summary, RunView};
use crate::charts::ChartSpec;
use crate::engine::outcome::Output;
use crate::i18n::{t, Lang, Text};

/// Properties of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// UI language.
    pub lang: Lang,
    /// The run shown.
    pub run: Option<Rc<RunView>>,
    /// The tab shown.
    pub active: usize,
    /// A tab was chosen.
    pub on_select: Callback<usize>,
    /// Pin a statement's chart to a dashboard: its SQL and the chart.
    pub on_pin: Callback<(String, ChartSpec)>,
}

/// How a result set is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Table,
    Chart,
    Pivot,
}

/// Result tabs and the chosen one's content.
#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let view = use_state(|| View::Table);
    let Some(run) = &props.run else {
        return html! { <p class="placeholder">{ t(lang, Text::NoResultYet) }</p> };
    };
    let error_tab = run.error.is_some() || run.stopped;
    let tabs = run.statements.len() + usize::from(error_tab);
    if tabs == 0 {
        return html! { <p class="placeholder">{ t(lang, Text::Running) }</p> };
    }
    let active = props.active.min(tabs - 1);
    let tab = |index: usize, label: String, failed: bool| {
        let on_select = props.on_select.clone();
        let selected = index == active;
        html! {
            <button role="tab" class={classes!("result-tab", selected.then_some("active"), failed.then_some("failed"))}
                aria-selected={selected.to_string()} data-testid="result-tab"
                onclick={Callback::from(move |_: MouseEvent| on_select.emit(index))}>
                { label }
            </button>
        }
    };
    let statement_tabs = run.statements.iter().enumerate().map(|(i, statement)| {
        tab(
            i,
            format!("{} · {}", i + 1, statement_summary(statement, lang)),
            false,
        )
    });
    let error_label = if run.stopped {
        lang.pick("중지됨", "Stopped")
    } else {
        lang.pick("오류", "Error")
    };
    let body = match run.statements.get(active) {
        Some(statement) => match &statement.output {
            Output::Rows(_) => {
                let rows = run
                    .rows
                    .get(active)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| Rows::new(Default::default()));
                let view_button = |mode: View, label: &'static str, testid: &'static str| {
                    let view = view.clone();
                    let selected = *view == mode;
                    html! {
                        <button class={classes!("view-tab", selected.then_some("active"))} data-testid={testid}
                            aria-pressed={selected.to_string()}
                            onclick={Callback::from(move |_: MouseEvent| view.set(mode))}>{ label }</button>
                    }
                };
                let on_pin = {
                    let on_pin = props.on_pin.clone();
                    let sql = statement.sql.clone();
                    Callback::from(move |spec: ChartSpec| on_pin.emit((sql.clone(), spec)))
                };
                html! {
                    <>
                        <div class="view-tabs">
                            { view_button(View::Table, lang.pick("표", "Table"), "view-table") }
                            { view_button(View::Chart, lang.pick("차트", "Chart"), "view-chart") }
                            { view_button(View::Pivot, lang.pick("피벗", "Pivot"), "view-pivot") }
                        </div>
                        { match *view {
                            View::Table => html! { <Grid lang={lang} rows={rows} name={format!("result-{}", active + 1)} /> },
                            View::Chart => html! { <ChartView lang={lang} rows={rows} on_pin={on_pin} /> },
                            View::Pivot => html! { <PivotView lang={lang} rows={rows} /> },
                        } }
                    </>
                }
            }
            Output::Affected { command, rows } => html! {
                <p class="affected">{ format!("{command}: {}", crate::i18n::rows_label(lang, *rows)) }</p>
            },
            Output::Command(tag) => html! { <p class="affected">{ tag }</p> },
        },
        None => match &run.error {
            Some(error) => html! {
                <div class="error" data-testid="error" role="alert">{ error.render(lang.code()) }</div>
            },
            None => html! {
                <div class="error stopped" data-testid="error" role="alert">
                    { lang.pick(
                        "실행을 중지했습니다. 엔진을 다시 시작하고, 중지한 문장 직전의 작업 공간(코스 데이터셋과 내가 만든 스키마·테이블)을 복원했습니다. 열려 있던 트랜잭션은 롤백되었습니다.",
                        "The run was stopped. The engine was restarted with the workspace as it was just before the stopped statement (the course datasets and your schemas and tables). An open transaction was rolled back.",
                    ) }
                </div>
            },
        },
    };
    html! {
        <div class="results">
            <div class="result-tabs" role="tablist" aria-label={lang.pick("문장별 결과", "Results by statement")}>
                { for statement_tabs }
                if error_tab { { tab(run.statements.len(), error_label.to_owned(), true) } }
            </div>
            <div class="result-body" role="tabpanel">{ body }</div>
        </div>
    }
}
