//! A check's verdict: its message, and for wrong rows a small diff table.

use yew::prelude::*;

use crate::engine::outcome::Cell;
use crate::grading::Verdict;
use crate::i18n::{thousands, Lang};
use crate::worker::lessons::Checked;

/// Properties of [`VerdictView`].
#[derive(Properties, PartialEq)]
pub struct VerdictViewProps {
    /// UI language.
    pub lang: Lang,
    /// The check to show.
    pub checked: Checked,
}

/// The grader's message; `WrongRows` adds the missing and unexpected rows.
#[function_component(VerdictView)]
pub fn verdict_view(props: &VerdictViewProps) -> Html {
    let lang = props.lang;
    let verdict = &props.checked.verdict;
    let tone = match verdict {
        Verdict::Correct => "correct",
        Verdict::Unavailable { .. } => "unavailable",
        _ => "wrong",
    };
    let diff = match verdict {
        Verdict::WrongRows {
            columns,
            missing,
            extra,
            missing_count,
            extra_count,
        } => row_diff(lang, columns, missing, extra, *missing_count, *extra_count),
        _ => Html::default(),
    };
    html! {
        <div class={classes!("verdict", tone)} data-testid="verdict" data-kind={verdict.kind()}
            role="status">
            <p class="verdict-message">{ props.checked.message.text(lang.code()) }</p>
            { diff }
        </div>
    }
}

/// The rows the learner's result lacks (−) and has too many (+).
fn row_diff(
    lang: Lang,
    columns: &[String],
    missing: &[Vec<Cell>],
    extra: &[Vec<Cell>],
    missing_count: usize,
    extra_count: usize,
) -> Html {
    let rows =
        |rows: &[Vec<Cell>], class: &'static str, sign: &'static str, label: &'static str| {
            rows.iter()
                .map(|row| {
                    html! {
                        <tr class={class} data-testid={class}>
                            <th scope="row" aria-label={label}>{ sign }</th>
                            { for row.iter().map(cell) }
                        </tr>
                    }
                })
                .collect::<Html>()
        };
    let shown_all = missing.len() == missing_count && extra.len() == extra_count;
    html! {
        <div class="row-diff-wrap">
            <table class="row-diff" data-testid="row-diff">
                <caption>
                    { lang.pick(
                        "− 기대했지만 내 결과에 없는 행 · + 기대하지 않은 행",
                        "− expected but missing from yours · + not expected",
                    ) }
                </caption>
                <thead>
                    <tr>
                        <th scope="col"></th>
                        { for columns.iter().map(|name| html! { <th scope="col">{ name }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { rows(missing, "missing-row", "−", lang.pick("빠진 행", "missing row")) }
                    { rows(extra, "extra-row", "+", lang.pick("남는 행", "unexpected row")) }
                </tbody>
            </table>
            if !shown_all {
                <p class="row-diff-more">{ shown_counts(lang, missing.len(), missing_count, extra.len(), extra_count) }</p>
            }
        </div>
    }
}

/// A result cell as text (never HTML), formatted as the result grid does.
fn cell(value: &Cell) -> Html {
    match value {
        Cell::Null => html! { <td class="null">{ "NULL" }</td> },
        Cell::Int(i) => html! { <td class="num">{ thousands(*i) }</td> },
        Cell::Float(_) | Cell::Decimal(_) => html! { <td class="num">{ value.to_text() }</td> },
        other => html! { <td>{ other.to_text() }</td> },
    }
}

/// How many of the differing rows the table shows.
fn shown_counts(
    lang: Lang,
    missing: usize,
    missing_all: usize,
    extra: usize,
    extra_all: usize,
) -> String {
    let (missing_all, extra_all) = (thousands(missing_all as i64), thousands(extra_all as i64));
    match lang {
        Lang::Ko => format!(
            "빠진 행 {missing_all}개 중 {missing}개, 남는 행 {extra_all}개 중 {extra}개를 보여 줍니다."
        ),
        Lang::En => format!(
            "Showing {missing} of {missing_all} missing rows and {extra} of {extra_all} unexpected rows."
        ),
    }
}
