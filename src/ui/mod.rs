//! The Yew single-page app: the shell, the editor, the result grid.

mod bridge;
mod download;
mod grid;
pub mod lessons;
mod state;

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::i18n::{t, Text};
use crate::worker::{Request, Response};
use bridge::EngineBridge;
use grid::ResultView;
use state::{Action, AppState, EngineState};

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let bridge = use_mut_ref(|| None::<EngineBridge>);
    let editor = use_node_ref();

    {
        let state = state.clone();
        let bridge = bridge.clone();
        use_effect_with((), move |_| {
            let dispatch = state.dispatcher();
            let spawned = EngineBridge::spawn(move |response| match response {
                Response::Loading {
                    table,
                    index,
                    total,
                } => dispatch.dispatch(Action::Loading {
                    table,
                    index,
                    total,
                }),
                Response::Ready { .. } => dispatch.dispatch(Action::EngineReady),
                Response::LoadFailed(error) => dispatch.dispatch(Action::LoadFailed(error)),
                Response::DataVerified {
                    checked,
                    mismatched,
                } => dispatch.dispatch(Action::Verified {
                    checked,
                    mismatched,
                }),
                Response::Ran { id, output } => dispatch.dispatch(Action::Ran { id, output }),
                Response::Lessons(_) => {}
                Response::Exported { zip, .. } => {
                    if let Err(error) = download::save(&zip, "tabhouse-export.zip") {
                        dispatch.dispatch(Action::EngineFailed(error));
                    }
                }
            });
            match spawned {
                Ok(spawned) => *bridge.borrow_mut() = Some(spawned),
                Err(error) => state.dispatch(Action::EngineFailed(error)),
            }
            move || drop(bridge.borrow_mut().take())
        });
    }

    let run = {
        let state = state.clone();
        let bridge = bridge.clone();
        let editor = editor.clone();
        Callback::from(move |_: ()| {
            let Some(textarea) = editor.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let script = textarea.value();
            if script.trim().is_empty() || state.running.is_some() {
                return;
            }
            let id = state.next_id;
            let sent = match bridge.borrow().as_ref() {
                Some(bridge) => bridge.send(&Request::Run { id, script }),
                None => Err("no worker".to_owned()),
            };
            match sent {
                Ok(()) => state.dispatch(Action::Started { id, at: now_ms() }),
                Err(error) => state.dispatch(Action::EngineFailed(error)),
            }
        })
    };

    let on_keydown = {
        let run = run.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                run.emit(());
            }
        })
    };
    let on_run_click = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let toggle_lang = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ToggleLang))
    };

    let verify = {
        let bridge = bridge.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(bridge) = bridge.borrow().as_ref() {
                let _ = bridge.send(&Request::VerifyData);
            }
        })
    };

    let export = {
        let bridge = bridge.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(bridge) = bridge.borrow().as_ref() {
                let _ = bridge.send(&Request::Export);
            }
        })
    };

    let lang = state.lang;
    let usable = !matches!(state.engine, EngineState::Failed(_));
    html! {
        <div class="app" lang={lang.code()}>
            <header class="topbar">
                <h1 class="brand">{"Tabhouse"}</h1>
                <span class="tagline">{ lang.pick("브라우저 속 데이터 웨어하우스", "A data warehouse in your browser tab") }</span>
                <button class="lang-toggle" data-testid="lang-toggle" onclick={toggle_lang}>
                    { t(lang, Text::OtherLanguage) }
                </button>
            </header>
            <main class="workspace">
                <section class="editor-pane">
                    <label class="visually-hidden" for="sql-editor">{"SQL"}</label>
                    <textarea
                        id="sql-editor"
                        class="editor"
                        data-testid="editor"
                        ref={editor}
                        spellcheck="false"
                        placeholder={t(lang, Text::EditorPlaceholder)}
                        onkeydown={on_keydown}
                    />
                    <div class="toolbar">
                        <button class="run" data-testid="run" onclick={on_run_click}
                            disabled={!usable || state.running.is_some()}
                            title="Ctrl+Enter">
                            { t(lang, Text::Run) }
                        </button>
                        { status_line(&state) }
                    </div>
                </section>
                <section class="result-pane">
                    <ResultView lang={lang} output={state.last.clone()} />
                </section>
            </main>
            <footer class="footer">
                <span>{ lang.pick(
                    "이름만 쓴 테이블은 pg_temp → adhoc → raw_data 순서로 찾습니다.",
                    "Unqualified table names are looked up in pg_temp, then adhoc, then raw_data.",
                ) }</span>
                <button class="link" data-testid="export-data" onclick={export}
                    title="CSV + schema.sql + load.sql (Redshift, PostgreSQL, DuckDB)">
                    { lang.pick("데이터 내려받기 (CSV)", "Download data (CSV)") }
                </button>
                <button class="link" data-testid="verify-data" onclick={verify}>
                    { lang.pick("데이터 검증", "Verify data") }
                </button>
                { verified_line(&state) }
            </footer>
        </div>
    }
}

/// The result of the last data verification.
fn verified_line(state: &AppState) -> Html {
    let Some((checked, mismatched)) = &state.verified else {
        return Html::default();
    };
    let lang = state.lang;
    let text = if mismatched.is_empty() {
        match lang {
            crate::i18n::Lang::Ko => format!("테이블 {checked}개 모두 코스 데이터와 같습니다."),
            crate::i18n::Lang::En => format!("All {checked} tables match the course data."),
        }
    } else {
        format!(
            "{}: {}",
            lang.pick("다른 테이블", "Tables that differ"),
            mismatched.join(", ")
        )
    };
    html! { <span data-testid="data-check">{ text }</span> }
}

/// One line saying what the engine is doing, and what the last run did.
fn status_line(state: &AppState) -> Html {
    let lang = state.lang;
    let (code, text) = match (&state.engine, &state.running) {
        (EngineState::Failed(error), _) => (
            "failed",
            format!("{} ({error})", t(lang, Text::WorkerFailed)),
        ),
        (EngineState::Starting, _) => ("starting", t(lang, Text::Starting).to_owned()),
        (
            EngineState::Loading {
                table,
                index,
                total,
            },
            _,
        ) => (
            "loading",
            format!(
                "{} {table}… {index}/{total}",
                lang.pick("불러오는 중", "loading")
            ),
        ),
        (EngineState::Ready, Some(_)) => ("running", t(lang, Text::Running).to_owned()),
        (EngineState::Ready, None) => match (&state.load_error, &state.last) {
            (Some(error), None) => (
                "ready",
                format!(
                    "{}: {error}",
                    lang.pick("데이터를 불러오지 못했습니다", "The datasets did not load")
                ),
            ),
            _ => ("ready", state.summary(lang)),
        },
    };
    html! {
        <div class="status" data-testid="status" data-state={code}
            data-runs={state.completed.to_string()} role="status" aria-live="polite">
            { text }
        </div>
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}
