//! The dashboards page: the picker (choose, new, rename, delete, open the
//! example), "Refresh all" and "Share", the confirmation of a shared
//! dashboard, and the grid of cards.

use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::card::{CardCommand, DashboardCard};
use super::state::{DashboardsAction, DashboardsState};
use crate::charts::Dashboard;
use crate::i18n::Lang;

/// Properties of [`DashboardsView`].
#[derive(Properties, PartialEq)]
pub struct DashboardsViewProps {
    /// UI language.
    pub lang: Lang,
    /// The dashboards (the app owns the reducer).
    pub state: UseReducerHandle<DashboardsState>,
    /// Run a card's query: (card id, SQL). The view has dispatched
    /// `CardStarted`; the app sends the SQL to the worker and dispatches
    /// `CardResult` or `CardError` with the card id.
    pub on_run: Callback<(String, String)>,
    /// Share this dashboard (its `last_run`s cleared): the app builds the
    /// link with `share::encode_json(DASHBOARD_KIND, ..)` and shows it.
    pub on_share: Callback<Dashboard>,
    /// Copy a card's SQL into the editor.
    pub on_open_sql: Callback<String>,
}

/// The dashboards page.
#[function_component(DashboardsView)]
pub fn dashboards_view(props: &DashboardsViewProps) -> Html {
    let lang = props.lang;
    let state = &props.state;
    let renaming = use_state(|| None::<String>);
    let deleting = use_state(|| false);
    let select = use_node_ref();

    // When another dashboard is shown, however that happened, the picker
    // shows it and an open rename or delete question closes.
    {
        let select = select.clone();
        let renaming = renaming.clone();
        let deleting = deleting.clone();
        let current = state.current.to_string();
        use_effect_with((current, state.dashboards.len()), move |(current, _)| {
            if let Some(node) = select.get() {
                let _ = js_sys::Reflect::set(&node, &"value".into(), &JsValue::from_str(current));
            }
            if renaming.is_some() {
                renaming.set(None);
            }
            if *deleting {
                deleting.set(false);
            }
        });
    }

    let run_cards = {
        let state = state.clone();
        let on_run = props.on_run.clone();
        Callback::from(move |cards: Vec<(String, String)>| {
            for (id, sql) in cards {
                state.dispatch(DashboardsAction::CardStarted(id.clone()));
                on_run.emit((id, sql));
            }
        })
    };
    let current = state.current_dashboard().cloned();

    let on_select = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target()
                .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
                .and_then(|value| value.as_string());
            if let Some(index) = value.and_then(|value| value.parse().ok()) {
                state.dispatch(DashboardsAction::Select(index));
            }
        })
    };
    let new_dashboard = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(DashboardsAction::New(lang)))
    };
    let open_example = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(DashboardsAction::OpenExample(lang)))
    };
    let start_rename = {
        let renaming = renaming.clone();
        let title = current
            .as_ref()
            .map(|d| d.title.clone())
            .unwrap_or_default();
        Callback::from(move |_: MouseEvent| renaming.set(Some(title.clone())))
    };
    let delete = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(DashboardsAction::Delete))
    };
    let ask_delete = {
        let deleting = deleting.clone();
        Callback::from(move |_: MouseEvent| deleting.set(true))
    };
    let refresh_all = {
        let run_cards = run_cards.clone();
        let cards = queries(current.as_ref());
        Callback::from(move |_: MouseEvent| run_cards.emit(cards.clone()))
    };
    let share = {
        let on_share = props.on_share.clone();
        let dashboard = current.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(mut dashboard) = dashboard.clone() {
                for card in &mut dashboard.cards {
                    card.last_run = None;
                }
                on_share.emit(dashboard);
            }
        })
    };
    let has_dashboard = current.is_some();
    let has_cards = current.as_ref().is_some_and(|d| !d.cards.is_empty());

    html! {
        <section class="dashboards" data-testid="dashboards" aria-label={lang.pick("대시보드", "Dashboards")}>
            if let Some(shared) = &state.pending_shared {
                { shared_banner(lang, shared, state, &run_cards) }
            }
            <div class="dash-bar">
                <label class="dash-picker">
                    <span>{ lang.pick("대시보드", "Dashboard") }</span>
                    <select ref={select} data-testid="dashboard-select" onchange={on_select} disabled={!has_dashboard}>
                        { for state.dashboards.iter().enumerate().map(|(i, d)| html! {
                            <option value={i.to_string()} selected={i == state.current}>{ &d.title }</option>
                        }) }
                    </select>
                </label>
                <button data-testid="new-dashboard" onclick={new_dashboard}>{ lang.pick("새 대시보드", "New dashboard") }</button>
                <button data-testid="rename-dashboard" onclick={start_rename} disabled={!has_dashboard}>
                    { lang.pick("이름 바꾸기", "Rename") }
                </button>
                <button class="danger" data-testid="delete-dashboard" onclick={ask_delete} disabled={!has_dashboard}
                    aria-expanded={deleting.to_string()}>
                    { lang.pick("삭제", "Delete") }
                </button>
                <button data-testid="open-example" onclick={open_example}>
                    { lang.pick("예제 대시보드 열기", "Open the example dashboard") }
                </button>
                <span class="dash-bar-gap"></span>
                <button class="primary" data-testid="refresh-all" onclick={refresh_all} disabled={!has_cards}>
                    { lang.pick("모두 새로고침", "Refresh all") }
                </button>
                <button data-testid="share-dashboard" onclick={share} disabled={!has_dashboard}>
                    { lang.pick("공유", "Share") }
                </button>
            </div>
            if let Some(draft) = &*renaming {
                { rename_form(lang, draft, &renaming, state) }
            }
            if *deleting {
                { delete_confirm(lang, current.as_ref(), &deleting, delete) }
            }
            { match &current {
                Some(dashboard) => dashboard_grid(props, dashboard, &run_cards),
                None => html! {
                    <p class="dash-empty" data-testid="dashboards-empty">{ lang.pick(
                        "아직 대시보드가 없습니다. 쿼리 결과를 대시보드에 고정하거나 예제 대시보드를 열어 보세요.",
                        "No dashboards yet. Pin a query's result to a dashboard, or open the example dashboard.",
                    ) }</p>
                },
            } }
        </section>
    }
}

/// (card id, SQL) of every card of a dashboard.
fn queries(dashboard: Option<&Dashboard>) -> Vec<(String, String)> {
    dashboard
        .map(|d| {
            d.cards
                .iter()
                .map(|card| (card.id.clone(), card.sql.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The dashboard's title and its cards.
fn dashboard_grid(
    props: &DashboardsViewProps,
    dashboard: &Dashboard,
    run_cards: &Callback<Vec<(String, String)>>,
) -> Html {
    let lang = props.lang;
    let state = &props.state;
    let count = dashboard.cards.len();
    let cards = dashboard.cards.iter().enumerate().map(|(i, card)| {
        let on_command = {
            let state = state.clone();
            let run_cards = run_cards.clone();
            let on_open_sql = props.on_open_sql.clone();
            let (id, sql) = (card.id.clone(), card.sql.clone());
            Callback::from(move |command: CardCommand| match command {
                CardCommand::Run => run_cards.emit(vec![(id.clone(), sql.clone())]),
                CardCommand::Move(direction) => {
                    state.dispatch(DashboardsAction::MoveCard(id.clone(), direction))
                }
                CardCommand::Resize => state.dispatch(DashboardsAction::ResizeCard(id.clone())),
                CardCommand::Remove => state.dispatch(DashboardsAction::RemoveCard(id.clone())),
                CardCommand::OpenSql => on_open_sql.emit(sql.clone()),
            })
        };
        html! {
            <DashboardCard key={card.id.clone()} lang={lang} card={card.clone()}
                outcome={state.outcome(&card.id).cloned()} first={i == 0} last={i + 1 == count}
                on_command={on_command} />
        }
    });
    html! {
        <>
            <h2 class="dash-title" data-testid="dashboard-title">{ &dashboard.title }</h2>
            if count == 0 {
                <p class="dash-empty">{ lang.pick(
                    "이 대시보드에는 아직 카드가 없습니다. 쿼리 결과를 고정하면 여기에 카드로 나옵니다.",
                    "This dashboard has no cards yet. Pin a query's result and it shows here as a card.",
                ) }</p>
            }
            <div class="dash-grid" data-testid="dashboard-grid">{ for cards }</div>
        </>
    }
}

/// The shared dashboard waiting for confirmation: every card's title and
/// SQL, "Run them" and "Cancel". Nothing runs before the learner confirms.
fn shared_banner(
    lang: Lang,
    shared: &Dashboard,
    state: &UseReducerHandle<DashboardsState>,
    run_cards: &Callback<Vec<(String, String)>>,
) -> Html {
    let confirm = {
        let state = state.clone();
        let run_cards = run_cards.clone();
        let cards = queries(Some(shared));
        Callback::from(move |_: MouseEvent| {
            state.dispatch(DashboardsAction::AcceptShared);
            run_cards.emit(cards.clone());
        })
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(DashboardsAction::DismissShared))
    };
    html! {
        <section class="dash-shared" data-testid="shared-dashboard" aria-labelledby="dash-shared-title">
            <h2 id="dash-shared-title">
                { lang.pick("공유받은 대시보드: ", "A shared dashboard: ") }
                <span data-testid="shared-title">{ &shared.title }</span>
            </h2>
            <p>{ lang.pick(
                "링크에 담긴 쿼리들입니다. 확인을 누르기 전에는 아무것도 실행되지 않습니다. 실행하면 이 브라우저의 데이터(내 테이블 포함)에 대해 실행되고, 대시보드는 내 대시보드로 저장됩니다.",
                "These are the link's queries. Nothing runs until you confirm. They then run against the data in this browser (your tables included), and the dashboard is saved as yours.",
            ) }</p>
            <ol class="dash-shared-cards">
                { for shared.cards.iter().map(|card| html! {
                    <li data-testid="shared-card">
                        <strong>{ &card.title }</strong>
                        <pre><code>{ &card.sql }</code></pre>
                    </li>
                }) }
            </ol>
            <div class="dash-shared-actions">
                <button class="primary" data-testid="confirm-shared" onclick={confirm}>
                    { lang.pick("실행", "Run them") }
                </button>
                <button data-testid="dismiss-shared" onclick={dismiss}>{ lang.pick("취소", "Cancel") }</button>
            </div>
        </section>
    }
}

/// The title field of a dashboard being renamed.
fn rename_form(
    lang: Lang,
    draft: &str,
    renaming: &UseStateHandle<Option<String>>,
    state: &UseReducerHandle<DashboardsState>,
) -> Html {
    let on_input = {
        let renaming = renaming.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                renaming.set(Some(input.value()));
            }
        })
    };
    let on_submit = {
        let renaming = renaming.clone();
        let state = state.clone();
        let draft = draft.to_owned();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(DashboardsAction::Rename(draft.clone()));
            renaming.set(None);
        })
    };
    let cancel = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(None))
    };
    html! {
        <form class="dash-rename" onsubmit={on_submit}>
            <label>
                <span>{ lang.pick("새 이름", "New name") }</span>
                <input type="text" data-testid="dashboard-title-input" value={draft.to_owned()}
                    maxlength="120" oninput={on_input} />
            </label>
            <button type="submit" class="small" data-testid="rename-save" disabled={draft.trim().is_empty()}>
                { lang.pick("저장", "Save") }
            </button>
            <button type="button" class="small" onclick={cancel}>{ lang.pick("취소", "Cancel") }</button>
        </form>
    }
}

/// "Delete this dashboard?" with Delete and Cancel.
fn delete_confirm(
    lang: Lang,
    dashboard: Option<&Dashboard>,
    deleting: &UseStateHandle<bool>,
    delete: Callback<MouseEvent>,
) -> Html {
    let Some(dashboard) = dashboard else {
        return Html::default();
    };
    let confirm = {
        let deleting = deleting.clone();
        Callback::from(move |event: MouseEvent| {
            deleting.set(false);
            delete.emit(event);
        })
    };
    let cancel = {
        let deleting = deleting.clone();
        Callback::from(move |_: MouseEvent| deleting.set(false))
    };
    let question = match lang {
        Lang::Ko => format!(
            "‘{}’ 대시보드와 카드 {}개를 지울까요? 되돌릴 수 없습니다.",
            dashboard.title,
            dashboard.cards.len()
        ),
        Lang::En => format!(
            "Delete the dashboard ‘{}’ and its {} cards? This cannot be undone.",
            dashboard.title,
            dashboard.cards.len()
        ),
    };
    html! {
        <div class="dash-confirm" role="group" aria-label={lang.pick("대시보드 삭제 확인", "Confirm deletion")}>
            <span>{ question }</span>
            <button class="small danger" data-testid="delete-dashboard-confirm" onclick={confirm}>
                { lang.pick("삭제", "Delete") }
            </button>
            <button class="small" onclick={cancel}>{ lang.pick("취소", "Cancel") }</button>
        </div>
    }
}
