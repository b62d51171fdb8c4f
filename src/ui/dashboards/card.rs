//! One dashboard card: its title, its result (chart, table or pivot), its
//! SQL on demand, when it last ran, and its tools (run, move, width,
//! remove with a confirmation, open in the editor).

use yew::prelude::*;

use super::body::{CardBody, ResultRef};
use super::state::{CardOutcome, Move};
use crate::charts::{Card, CardWidth};
use crate::i18n::Lang;

/// What the learner asked of a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardCommand {
    /// Run its query.
    Run,
    /// Move it up or down.
    Move(Move),
    /// Switch between one and two columns.
    Resize,
    /// Remove it (already confirmed).
    Remove,
    /// Copy its SQL into the editor.
    OpenSql,
}

/// Properties of [`DashboardCard`].
#[derive(Properties, PartialEq)]
pub struct DashboardCardProps {
    /// UI language.
    pub lang: Lang,
    /// The card.
    pub card: Card,
    /// Its last run in this page, if any.
    #[prop_or_default]
    pub outcome: Option<CardOutcome>,
    /// Whether it is the dashboard's first card (no "move up").
    pub first: bool,
    /// Whether it is the last card (no "move down").
    pub last: bool,
    /// The learner's commands.
    pub on_command: Callback<CardCommand>,
}

/// A card of the dashboards grid.
#[function_component(DashboardCard)]
pub fn dashboard_card(props: &DashboardCardProps) -> Html {
    let lang = props.lang;
    let card = &props.card;
    let confirming = use_state(|| false);
    let command = |command: CardCommand| {
        let on_command = props.on_command.clone();
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_command.emit(command)
        })
    };
    let ask_remove = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel_remove = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let outcome = props.outcome.clone().unwrap_or_default();
    let wide = card.width == CardWidth::Two;
    let state = match (&outcome.error, &outcome.result, outcome.running) {
        (_, _, true) => "running",
        (Some(_), _, _) => "error",
        (_, Some(_), _) => "done",
        _ => "idle",
    };
    let body = match (&outcome.error, &outcome.result) {
        (Some(error), _) => html! {
            <p class="error dash-error" role="alert" data-testid="card-error">{ error.text(lang.code()) }</p>
        },
        (None, Some(result)) => html! {
            <CardBody lang={lang} view={card.view.clone()} chart={card.chart.clone()} width={card.width}
                result={ResultRef(result.clone())} name={AttrValue::from(card.id.clone())} />
        },
        (None, None) if outcome.running => html! {
            <p class="dash-note">{ lang.pick("실행 중…", "Running…") }</p>
        },
        (None, None) => html! {
            <p class="dash-note">{ lang.pick(
                "아직 실행하지 않았습니다. ‘실행’이나 ‘모두 새로고침’을 누르세요.",
                "Not run yet. Press Run or Refresh all.",
            ) }</p>
        },
    };
    let (width_label, width_help) = if wide {
        (
            lang.pick("한 칸으로", "One column"),
            lang.pick("카드를 한 칸 너비로", "Make the card one column wide"),
        )
    } else {
        (
            lang.pick("두 칸으로", "Two columns"),
            lang.pick("카드를 두 칸 너비로", "Make the card two columns wide"),
        )
    };
    let last_run = match &card.last_run {
        Some(time) => format!("{} {time}", lang.pick("마지막 실행:", "Last run:")),
        None => lang
            .pick("마지막 실행: 아직 없음", "Last run: never")
            .to_owned(),
    };
    html! {
        <article class={classes!("dash-card", wide.then_some("wide"))} data-testid="dashboard-card"
            data-card-id={card.id.clone()} data-state={state} aria-busy={outcome.running.to_string()}
            aria-label={card.title.clone()}>
            <header class="dash-card-head">
                <h3 class="dash-card-title" data-testid="card-title">{ &card.title }</h3>
                <div class="dash-card-tools" role="group" aria-label={lang.pick("카드 도구", "Card tools")}>
                    <button class="small" data-testid="card-up" onclick={command(CardCommand::Move(Move::Up))}
                        disabled={props.first} aria-label={lang.pick("위로 옮기기", "Move up")}
                        title={lang.pick("위로 옮기기", "Move up")}>{"↑"}</button>
                    <button class="small" data-testid="card-down" onclick={command(CardCommand::Move(Move::Down))}
                        disabled={props.last} aria-label={lang.pick("아래로 옮기기", "Move down")}
                        title={lang.pick("아래로 옮기기", "Move down")}>{"↓"}</button>
                    <button class="small" data-testid="card-width" onclick={command(CardCommand::Resize)}
                        title={width_help}>{ width_label }</button>
                    <button class="small danger" data-testid="card-remove" onclick={ask_remove}
                        aria-expanded={confirming.to_string()}>{ lang.pick("지우기", "Remove") }</button>
                </div>
            </header>
            if *confirming {
                <div class="dash-confirm" role="group" aria-label={lang.pick("카드 지우기 확인", "Confirm removal")}>
                    <span>{ lang.pick("이 카드를 대시보드에서 지울까요?", "Remove this card from the dashboard?") }</span>
                    <button class="small danger" data-testid="card-remove-confirm" onclick={command(CardCommand::Remove)}>
                        { lang.pick("지우기", "Remove") }
                    </button>
                    <button class="small" data-testid="card-remove-cancel" onclick={cancel_remove}>
                        { lang.pick("취소", "Cancel") }
                    </button>
                </div>
            }
            <div class="dash-card-body">{ body }</div>
            <details class="dash-card-sql" data-testid="card-sql">
                <summary>{ lang.pick("SQL 보기", "Show SQL") }</summary>
                <pre><code>{ &card.sql }</code></pre>
            </details>
            <footer class="dash-card-foot">
                <span class="dash-last-run" data-testid="card-last-run">{ last_run }</span>
                <button class="small" data-testid="card-run" onclick={command(CardCommand::Run)}
                    disabled={outcome.running}>{ lang.pick("실행", "Run") }</button>
                <button class="small" data-testid="card-open-sql" onclick={command(CardCommand::OpenSql)}>
                    { lang.pick("편집기로", "Open in editor") }
                </button>
            </footer>
        </article>
    }
}
