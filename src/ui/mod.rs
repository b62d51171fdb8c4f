//! The Yew single-page app: the playground (editor, results, schema browser,
//! history), its worker, and what it keeps in IndexedDB.

mod bridge;
mod chart_view;
pub mod dashboards;
mod download;
mod editor;
mod grid;
mod history;
mod import;
mod layout;
pub mod lessons;
mod pivot_view;
mod results;
mod schema;
mod share;
mod state;
mod store;

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::engine::catalog::CatalogTree;
use crate::engine::import::ImportPlan;
use crate::engine::outcome::Output;
use crate::i18n::{t, Lang, Text};
use crate::lessons::progress::Progress;
use crate::worker::lessons::{LessonRequest, LessonResponse};
use crate::worker::{Request, Response};
use bridge::EngineBridge;
use dashboards::{card_result, DashboardsAction, DashboardsState, DashboardsView, RanAt};
use editor::{RunText, SharedEditor, SqlEditor};
use layout::{Direction, Splitter};
use lessons::{CourseAction, CourseState, LessonsPanel};
use results::Results;
use state::{Action, AppState, EngineState, Notice, Session, SidePanel};

/// The worker and the last workspace image it reported (what a restarted
/// worker is given back).
#[derive(Default)]
struct Engine {
    bridge: Option<EngineBridge>,
    image: Option<Vec<u8>>,
    /// Crashes since the last run or restore that finished: a second one
    /// in a row (the restore itself fails) gives up instead of looping.
    crashes: u32,
}

type SharedEngine = Rc<RefCell<Engine>>;

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let course = use_reducer(CourseState::default);
    let boards = use_reducer(DashboardsState::default);
    let card_runs = use_mut_ref(CardRuns::default);
    let show_dashboards = use_state(|| false);
    let engine: SharedEngine = use_mut_ref(Engine::default);
    let editor = use_memo((), |_| SharedEditor::default());
    let editor: SharedEditor = (*editor).clone();
    let catalog = use_state(|| Rc::new(CatalogTree::default()));
    let import_plan = use_state(|| None::<Rc<ImportPlan>>);
    let share_link = use_state(|| None::<String>);
    let import_file = use_mut_ref(|| None::<(String, Vec<u8>)>);
    let side_width = use_state(|| 280.0_f64);
    let lesson_width = use_state(|| 480.0_f64);
    let editor_height = use_state(|| 260.0_f64);

    let on_response = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let catalog = catalog.clone();
        let editor = editor.clone();
        let import_plan = import_plan.clone();
        let course = course.dispatcher();
        let boards = boards.dispatcher();
        let card_runs = card_runs.clone();
        Callback::from(move |response: Response| {
            let context = Context {
                dispatch: &dispatch,
                engine: &engine,
                catalog: &catalog,
                editor: &editor,
                import_plan: &import_plan,
                course: &course,
                boards: &boards,
                card_runs: &card_runs,
            };
            context.handle(response)
        })
    };

    // Start: the worker first (it loads the datasets), then the stored session
    // and workspace image from IndexedDB, then a shared link if any.
    {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let on_response = on_response.clone();
        let course = course.dispatcher();
        let boards = boards.dispatcher();
        let show_dashboards = show_dashboards.clone();
        use_effect_with((), move |_| {
            start_worker(&engine, &on_response, &dispatch);
            spawn_local(async move {
                if let Ok(Some(json)) = store::get_text(dashboards::DASHBOARDS_KEY).await {
                    match DashboardsState::from_json(&json) {
                        Ok(stored) => boards.dispatch(DashboardsAction::Loaded(stored)),
                        Err(message) => dispatch.dispatch(Action::Notify(Notice::warning(
                            format!("저장된 대시보드를 읽을 수 없습니다: {}", message.ko),
                            format!("The saved dashboards cannot be read: {}", message.en),
                        ))),
                    }
                }
                match share::take_shared_dashboard() {
                    Some(Ok(board)) => {
                        boards.dispatch(DashboardsAction::SharedReceived(board));
                        show_dashboards.set(true);
                    }
                    Some(Err(message)) => {
                        dispatch.dispatch(Action::Notify(Notice::warning(message.ko, message.en)))
                    }
                    None => {}
                }
                if let Ok(Some(json)) = store::get_text(store::PROGRESS_KEY).await {
                    match Progress::from_json(&json) {
                        Ok(progress) => course.dispatch(CourseAction::ProgressLoaded(progress)),
                        Err(message) => dispatch.dispatch(Action::Notify(Notice::warning(
                            format!("저장된 진도를 읽을 수 없습니다: {}", message.ko),
                            format!("The saved progress cannot be read: {}", message.en),
                        ))),
                    }
                }
                let (session, notice) = load_session().await;
                let image = store::get_bytes(store::WORKSPACE_KEY).await.ok().flatten();
                if let Some(image) = image {
                    send(
                        &engine,
                        &dispatch,
                        Request::Restore {
                            workspace: image.clone(),
                        },
                    );
                    engine.borrow_mut().image = Some(image);
                }
                dispatch.dispatch(Action::SessionLoaded(session, notice));
                if let Some(sql) = share::take_shared_sql() {
                    match sql {
                        Ok(sql) => {
                            dispatch.dispatch(Action::NewTab(sql));
                            dispatch.dispatch(Action::Notify(Notice::info(
                                "공유된 쿼리를 새 탭에 열었습니다. 확인한 뒤 Ctrl+Enter로 실행하세요.",
                                "The shared query is open in a new tab. Read it, then press Ctrl+Enter to run it.",
                            )));
                        }
                        Err(error) => {
                            dispatch.dispatch(Action::Notify(Notice::warning(error.ko, error.en)))
                        }
                    }
                }
            });
            || ()
        });
    }

    // The editor shows the open tab's SQL (after a reload, a tab switch or a shared link).
    {
        let editor = editor.clone();
        let sql = state.session.active_sql().to_owned();
        use_effect_with(state.doc_version, move |_| {
            if let Some(editor) = editor.get().as_ref() {
                if editor.doc() != sql {
                    editor.set_doc(&sql);
                }
            }
        });
    }

    // The session is saved a moment after it changes.
    {
        let session = state.session.clone();
        let loaded = state.session_loaded;
        let timer = use_mut_ref(|| None::<i32>);
        use_effect_with(session, move |session| {
            if loaded {
                schedule_save(&timer, session.clone());
            }
        });
    }

    // The progress is saved whenever it changes.
    {
        let dispatch = state.dispatcher();
        let first = use_mut_ref(|| true);
        use_effect_with(course.progress.clone(), move |progress| {
            if std::mem::take(&mut *first.borrow_mut()) {
                return;
            }
            if let Ok(json) = progress.to_json() {
                dispatch.dispatch(Action::Saving(true));
                spawn_local(async move {
                    let _ = store::put_text(store::PROGRESS_KEY, &json).await;
                    dispatch.dispatch(Action::Saving(false));
                });
            }
        });
    }

    // The dashboards are saved whenever they change.
    {
        let dispatch = state.dispatcher();
        let boards = boards.clone();
        use_effect_with(boards.revision, move |revision| {
            if *revision == 0 {
                return;
            }
            if let Ok(json) = boards.to_json() {
                dispatch.dispatch(Action::Saving(true));
                spawn_local(async move {
                    let _ = store::put_text(dashboards::DASHBOARDS_KEY, &json).await;
                    dispatch.dispatch(Action::Saving(false));
                });
            }
        });
    }

    // The page follows the chosen language and theme.
    {
        let lang = state.lang();
        let theme = state.session.theme;
        use_effect_with((lang, theme), move |_| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("data-theme", theme.code());
            }
        });
    }

    let run = {
        let state = state.clone();
        let engine = engine.clone();
        let editor = editor.clone();
        Callback::from(move |text: RunText| {
            if text.text.trim().is_empty() || state.running.is_some() {
                return;
            }
            if let Some(editor) = editor.get().as_ref() {
                editor.clear_error();
            }
            let id = state.next_id;
            let request = Request::Run {
                id,
                script: text.text.clone(),
            };
            if send(&engine, &state.dispatcher(), request) {
                state.dispatch(Action::Started {
                    id,
                    at: now_ms(),
                    from: text.from,
                    sql: text.text,
                });
            }
        })
    };

    // Errors are underlined where they happened.
    {
        let editor = editor.clone();
        let run_view = state.run.clone();
        let lang = state.lang();
        use_effect_with((run_view, lang), move |(run_view, lang)| {
            let Some(run) = run_view else { return };
            let editor = editor.get();
            let (Some(error), Some(editor)) = (&run.error, editor.as_ref()) else {
                return;
            };
            if let Some(line) = error.line {
                editor.mark_error(
                    run.from,
                    line,
                    error.column.unwrap_or(1),
                    &error.render(lang.code()),
                );
            }
        });
    }

    let run_current = {
        let run = run.clone();
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(editor) = editor.get().as_ref() {
                run.emit(editor.current());
            }
        })
    };
    let run_all = {
        let run = run.clone();
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(editor) = editor.get().as_ref() {
                run.emit(RunText {
                    text: editor.doc(),
                    from: 0,
                });
            }
        })
    };
    let stop = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let on_response = on_response.clone();
        Callback::from(move |_: MouseEvent| {
            engine.borrow_mut().bridge = None;
            dispatch.dispatch(Action::Stopped);
            restart_worker(&engine, &on_response, &dispatch);
        })
    };
    let preview_table = {
        let run = run.clone();
        Callback::from(move |table: String| {
            run.emit(RunText {
                text: format!("SELECT * FROM {table} LIMIT 10"),
                from: 0,
            })
        })
    };
    let insert = {
        let editor = editor.clone();
        Callback::from(move |text: String| {
            if let Some(editor) = editor.get().as_ref() {
                editor.insert(&text);
            }
        })
    };
    let dispatch_cb = |make: fn() -> Action| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(make()))
    };
    let on_change = {
        let dispatch = state.dispatcher();
        Callback::from(move |sql: String| dispatch.dispatch(Action::EditSql(sql)))
    };
    let on_editor_error = {
        let dispatch = state.dispatcher();
        Callback::from(move |error: String| {
            dispatch.dispatch(Action::Notify(Notice::warning(
                format!("편집기를 불러오지 못했습니다: {error}"),
                format!("The editor did not load: {error}"),
            )))
        })
    };
    let open_in_tab = {
        let dispatch = state.dispatcher();
        Callback::from(move |sql: String| dispatch.dispatch(Action::NewTab(sql)))
    };
    let clear_history = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: ()| dispatch.dispatch(Action::ClearHistory))
    };
    let show_result = {
        let dispatch = state.dispatcher();
        Callback::from(move |index: usize| dispatch.dispatch(Action::ShowResult(index)))
    };
    let on_import_file = {
        let engine = engine.clone();
        let dispatch = state.dispatcher();
        let import_file = import_file.clone();
        Callback::from(move |(file, bytes): (String, Vec<u8>)| {
            *import_file.borrow_mut() = Some((file.clone(), bytes.clone()));
            send(&engine, &dispatch, Request::ImportPreview { file, bytes });
        })
    };
    let on_drop = {
        let on_import_file = on_import_file.clone();
        Callback::from(move |event: DragEvent| {
            if let Some(files) = import::dropped_files(&event) {
                event.prevent_default();
                import::read_files(files, on_import_file.clone());
            }
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_import_confirm = {
        let engine = engine.clone();
        let dispatch = state.dispatcher();
        let import_plan = import_plan.clone();
        let import_file = import_file.clone();
        Callback::from(move |table: String| {
            import_plan.set(None);
            if let Some((file, bytes)) = import_file.borrow_mut().take() {
                let table = Some(table).filter(|t| !t.is_empty());
                send(&engine, &dispatch, Request::Import { file, bytes, table });
            }
        })
    };
    let on_import_cancel = {
        let import_plan = import_plan.clone();
        Callback::from(move |_: ()| import_plan.set(None))
    };
    let reset_workspace = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let on_response = on_response.clone();
        let lang = state.lang();
        Callback::from(move |_: MouseEvent| {
            if !confirm(lang.pick(
                "작업 공간을 초기화할까요? 내가 만든 스키마와 테이블, 탭, 실행 기록이 모두 지워집니다. 코스 데이터셋은 그대로입니다.",
                "Reset the workspace? Your schemas and tables, tabs and history are deleted. The course datasets stay.",
            )) {
                return;
            }
            let dispatch = dispatch.clone();
            let engine = engine.clone();
            let on_response = on_response.clone();
            spawn_local(async move {
                let _ = store::clear().await;
                {
                    let mut engine = engine.borrow_mut();
                    engine.bridge = None;
                    engine.image = None;
                }
                dispatch.dispatch(Action::Stopped);
                dispatch.dispatch(Action::SessionLoaded(Some(Session::default()), None));
                start_worker(&engine, &on_response, &dispatch);
                dispatch.dispatch(Action::Notify(Notice::info(
                    "작업 공간을 초기화했습니다.",
                    "The workspace was reset.",
                )));
            });
        })
    };
    let export_data = {
        let engine = engine.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            send(&engine, &dispatch, Request::Export);
        })
    };
    let verify = {
        let engine = engine.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            send(&engine, &dispatch, Request::VerifyData);
        })
    };
    let share_current = {
        let editor = editor.clone();
        let share_link = share_link.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let Some(sql) = editor.get().as_ref().map(|e| e.doc()) else {
                return;
            };
            match share::link_for(&sql) {
                Ok(url) => share_link.set(Some(url)),
                Err(message) => {
                    dispatch.dispatch(Action::Notify(Notice::warning(message.ko, message.en)))
                }
            }
        })
    };
    let close_share = {
        let share_link = share_link.clone();
        Callback::from(move |_: ()| share_link.set(None))
    };

    let open_lessons = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let has_outline = course.outline.is_some();
        let show_dashboards = show_dashboards.clone();
        Callback::from(move |_: MouseEvent| {
            show_dashboards.set(false);
            dispatch.dispatch(Action::Side(SidePanel::Lessons));
            if !has_outline {
                send(&engine, &dispatch, Request::Lessons(LessonRequest::Outline));
            }
        })
    };
    let retry_lessons = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let course = course.dispatcher();
        Callback::from(move |()| {
            course.dispatch(CourseAction::Retry);
            send(&engine, &dispatch, Request::Lessons(LessonRequest::Outline));
        })
    };
    let open_lesson = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        Callback::from(move |id: String| {
            send(
                &engine,
                &dispatch,
                Request::Lessons(LessonRequest::Lesson { id }),
            );
        })
    };
    let open_lesson_sql = {
        let dispatch = state.dispatcher();
        Callback::from(move |sql: String| dispatch.dispatch(Action::OpenLessonSql(sql)))
    };
    let run_lesson_sql = {
        let dispatch = state.dispatcher();
        let run = run.clone();
        Callback::from(move |sql: String| {
            dispatch.dispatch(Action::OpenLessonSql(sql.clone()));
            run.emit(RunText { text: sql, from: 0 });
        })
    };
    let submit_answer = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let editor = editor.clone();
        let course = course.dispatcher();
        Callback::from(move |key: String| {
            let Some(sql) = editor.get().as_ref().map(|e| e.doc()) else {
                return;
            };
            course.dispatch(CourseAction::Checking(key.clone()));
            send(
                &engine,
                &dispatch,
                Request::Lessons(LessonRequest::Check { key, sql }),
            );
        })
    };
    let submit_choices = {
        let dispatch = state.dispatcher();
        let engine = engine.clone();
        let course = course.dispatcher();
        Callback::from(move |(key, selected): (String, Vec<usize>)| {
            course.dispatch(CourseAction::Checking(key.clone()));
            send(
                &engine,
                &dispatch,
                Request::Lessons(LessonRequest::CheckChoices { key, selected }),
            );
        })
    };
    let export_progress = {
        let dispatch = state.dispatcher();
        Callback::from(move |(name, json): (String, String)| {
            if let Err(error) = download::save_text(&json, &name, "application/json") {
                dispatch.dispatch(Action::Notify(Notice::warning(error.clone(), error)));
            }
        })
    };

    let pin_chart = {
        let boards = boards.dispatcher();
        let dispatch = state.dispatcher();
        let lang = state.lang();
        Callback::from(move |(sql, spec): (String, crate::charts::ChartSpec)| {
            let title = state::QueryTab {
                id: 0,
                sql: sql.clone(),
                lesson: false,
            }
            .title(lang, 1);
            boards.dispatch(DashboardsAction::Pin {
                lang,
                title,
                sql,
                chart: Some(spec),
                view: crate::charts::CardView::Chart,
            });
            dispatch.dispatch(Action::Notify(Notice::info(
                "차트를 대시보드에 고정했습니다. 위의 '대시보드'에서 볼 수 있습니다.",
                "The chart is pinned to your dashboard: see 'Dashboards' at the top.",
            )));
        })
    };
    let run_card = {
        let engine = engine.clone();
        let dispatch = state.dispatcher();
        let card_runs = card_runs.clone();
        Callback::from(move |(card, sql): (String, String)| {
            let id = {
                let mut runs = card_runs.borrow_mut();
                let id = runs.next_id;
                runs.next_id += 1;
                runs.cards.insert(id, card);
                id
            };
            send(&engine, &dispatch, Request::Run { id, script: sql });
        })
    };
    let share_board = {
        let share_link = share_link.clone();
        let dispatch = state.dispatcher();
        Callback::from(
            move |board: crate::charts::Dashboard| match share::dashboard_link(&board) {
                Ok(url) => share_link.set(Some(url)),
                Err(message) => {
                    dispatch.dispatch(Action::Notify(Notice::warning(message.ko, message.en)))
                }
            },
        )
    };
    let open_card_sql = {
        let dispatch = state.dispatcher();
        let show_dashboards = show_dashboards.clone();
        Callback::from(move |sql: String| {
            dispatch.dispatch(Action::NewTab(sql));
            show_dashboards.set(false);
        })
    };
    let toggle_dashboards = {
        let show_dashboards = show_dashboards.clone();
        Callback::from(move |_: MouseEvent| show_dashboards.set(!*show_dashboards))
    };

    let lang = state.lang();
    let running = state.running.is_some();
    let usable = !matches!(state.engine, EngineState::Failed(_));
    let tabs = state.session.tabs.iter().enumerate().map(|(i, tab)| {
        let dispatch = state.dispatcher();
        let select = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SelectTab(i)));
        let dispatch = state.dispatcher();
        let close = Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            dispatch.dispatch(Action::CloseTab(i))
        });
        let active = i == state.session.active_tab;
        html! {
            <div class={classes!("query-tab", active.then_some("active"))} role="presentation">
                <button role="tab" aria-selected={active.to_string()} onclick={select} class="query-tab-name">
                    { tab.title(lang, i + 1) }
                </button>
                if state.session.tabs.len() > 1 {
                    <button class="query-tab-close" onclick={close}
                        aria-label={lang.pick("탭 닫기", "Close tab")}>{"×"}</button>
                }
            </div>
        }
    });
    let side = match state.side {
        SidePanel::Lessons => html! {
            <LessonsPanel lang={lang} course={course.clone()} on_open_lesson={open_lesson}
                on_run_sql={run_lesson_sql} on_open_sql={open_lesson_sql}
                on_submit={submit_answer} on_submit_choices={submit_choices} on_export={export_progress}
                on_retry={retry_lessons} />
        },
        SidePanel::Schema => html! {
            <schema::SchemaBrowser lang={lang} catalog={(*catalog).clone()}
                on_preview={preview_table} on_insert={insert} />
        },
        SidePanel::History => html! {
            <history::History lang={lang} entries={state.session.history.clone()}
                on_open={open_in_tab} on_clear={clear_history} />
        },
    };
    let side_tab = |panel: SidePanel, label: &'static str| {
        let dispatch = state.dispatcher();
        let selected = state.side == panel;
        let onclick = match panel {
            SidePanel::Lessons => open_lessons.clone(),
            _ => Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Side(panel))),
        };
        html! {
            <button role="tab" aria-selected={selected.to_string()}
                class={classes!("side-tab", selected.then_some("active"))}
                {onclick}>
                { label }
            </button>
        }
    };
    let (side_px, set_side_width) = if state.side == SidePanel::Lessons {
        let lesson_width = lesson_width.clone();
        (
            *lesson_width,
            Callback::from(move |w: f64| lesson_width.set(w)),
        )
    } else {
        let side_width = side_width.clone();
        (*side_width, Callback::from(move |w: f64| side_width.set(w)))
    };
    let set_editor_height = {
        let editor_height = editor_height.clone();
        Callback::from(move |h: f64| editor_height.set(h))
    };
    let workspace_style = format!(
        "--side-width: {:.0}px; --editor-height: {:.0}px",
        side_px, *editor_height
    );
    let theme_label = match state.session.theme {
        state::Theme::System => lang.pick("테마: 시스템", "Theme: system"),
        state::Theme::Light => lang.pick("테마: 밝게", "Theme: light"),
        state::Theme::Dark => lang.pick("테마: 어둡게", "Theme: dark"),
    };
    html! {
        <div class="app" lang={lang.code()} ondrop={on_drop} ondragover={on_drag_over}>
            <header class="topbar">
                <h1 class="brand">{"Tabhouse"}</h1>
                <span class="tagline">{ lang.pick("브라우저 속 데이터 웨어하우스", "A data warehouse in your browser tab") }</span>
                <button class="nav" data-testid="nav-dashboards" onclick={toggle_dashboards}
                    aria-pressed={show_dashboards.to_string()}>
                    { if *show_dashboards { lang.pick("SQL 편집기", "SQL editor") } else { lang.pick("대시보드", "Dashboards") } }
                </button>
                <button class="nav" data-testid="nav-lessons" onclick={open_lessons.clone()}
                    aria-pressed={(state.side == SidePanel::Lessons).to_string()}>
                    { lang.pick("레슨", "Lessons") }
                </button>
                <button class="small" onclick={dispatch_cb(|| Action::NextTheme)} data-testid="theme-toggle">{ theme_label }</button>
                <button class="lang-toggle" data-testid="lang-toggle" onclick={dispatch_cb(|| Action::ToggleLang)}
                    aria-label={lang.pick("Switch to English", "한국어로 전환")}>
                    { t(lang, Text::OtherLanguage) }
                </button>
            </header>
            if let Some(notice) = &state.notice {
                <div class={classes!("notice", notice.warning.then_some("warning"))} role="status" data-testid="notice">
                    <span>{ notice.text(lang) }</span>
                    <button class="small" onclick={dispatch_cb(|| Action::DismissNotice)}
                        aria-label={lang.pick("닫기", "Dismiss")}>{"×"}</button>
                </div>
            }
            if *show_dashboards {
                <DashboardsView lang={lang} state={boards.clone()} on_run={run_card}
                    on_share={share_board} on_open_sql={open_card_sql} />
            }
            <main class="workspace" style={workspace_style} hidden={*show_dashboards}>
                <aside class="side" aria-label={lang.pick("스키마와 기록", "Schemas and history")}>
                    <div class="side-tabs" role="tablist">
                        { side_tab(SidePanel::Lessons, lang.pick("레슨", "Lessons")) }
                        { side_tab(SidePanel::Schema, lang.pick("스키마", "Schemas")) }
                        { side_tab(SidePanel::History, lang.pick("기록", "History")) }
                    </div>
                    <div class="side-body">{ side }</div>
                </aside>
                <Splitter direction={Direction::Horizontal} value={side_px} min={180.0} max={900.0}
                    on_change={set_side_width} label={lang.pick("옆 패널 너비", "Side panel width")} />
                <section class="main-pane">
                    <div class="editor-pane">
                        <div class="query-tabs" role="tablist" aria-label={lang.pick("쿼리 탭", "Query tabs")}>
                            { for tabs }
                            <button class="query-tab-new" onclick={dispatch_cb(|| Action::NewTab(String::new()))}
                                aria-label={lang.pick("새 탭", "New tab")} title={lang.pick("새 탭", "New tab")}>{"+"}</button>
                        </div>
                        <SqlEditor editor={editor.clone()} initial={state.session.active_sql().to_owned()}
                            placeholder={t(lang, Text::EditorPlaceholder)} label={lang.pick("SQL 편집기", "SQL editor")}
                            on_run={run.clone()} on_run_all={run.clone()} on_change={on_change} on_error={on_editor_error} />
                        <div class="toolbar">
                            <button class="run" data-testid="run" onclick={run_current}
                                disabled={!usable || running} title="Ctrl/⌘+Enter">
                                { t(lang, Text::Run) }
                            </button>
                            <button data-testid="run-all" onclick={run_all} disabled={!usable || running}
                                title="Ctrl/⌘+Shift+Enter">
                                { lang.pick("전체 실행", "Run all") }
                            </button>
                            <button data-testid="stop" class="stop" onclick={stop} disabled={!running}>
                                { lang.pick("중지", "Stop") }
                            </button>
                            <button data-testid="share" onclick={share_current}>{ lang.pick("공유 링크", "Share link") }</button>
                            <import::ImportButton lang={lang} on_file={on_import_file} />
                            { status_line(&state) }
                        </div>
                    </div>
                    <Splitter direction={Direction::Vertical} value={*editor_height} min={120.0} max={720.0}
                        on_change={set_editor_height} label={lang.pick("편집기 높이", "Editor height")} />
                    <section class="result-pane" aria-label={lang.pick("결과", "Results")}>
                        <Results lang={lang} run={state.run.clone()} active={state.active_result} on_select={show_result} on_pin={pin_chart} />
                    </section>
                </section>
            </main>
            if let Some(url) = &*share_link {
                <share::ShareBar lang={lang} url={url.clone()} on_close={close_share} />
            }
            if let Some(plan) = &*import_plan {
                <import::ImportDialog lang={lang} plan={plan.clone()} on_confirm={on_import_confirm} on_cancel={on_import_cancel} />
            }
            <footer class="footer">
                <span>{ lang.pick(
                    "이름만 쓴 테이블은 pg_temp → adhoc → raw_data 순서로 찾습니다.",
                    "Unqualified table names are looked up in pg_temp, then adhoc, then raw_data.",
                ) }</span>
                <button class="link" data-testid="export-data" onclick={export_data}
                    title="CSV + schema.sql + load.sql (Redshift, PostgreSQL, DuckDB)">
                    { lang.pick("데이터 내려받기 (CSV)", "Download data (CSV)") }
                </button>
                <button class="link" data-testid="verify-data" onclick={verify}>
                    { lang.pick("데이터 검증", "Verify data") }
                </button>
                <button class="link" data-testid="reset-workspace" onclick={reset_workspace}>
                    { lang.pick("작업 공간 초기화", "Reset workspace") }
                </button>
                { verified_line(&state) }
            </footer>
        </div>
    }
}

/// `schema.table` → column names, for the editor's completion.
fn completion_tables(tree: &CatalogTree) -> Vec<(String, Vec<String>)> {
    tree.schemas
        .iter()
        .flat_map(|schema| {
            schema.tables.iter().map(move |table| {
                (
                    format!("{}.{}", schema.name, table.name),
                    table.columns.iter().map(|c| c.name.clone()).collect(),
                )
            })
        })
        .collect()
}

/// Asks the learner to confirm (the browser's dialog); false if they decline.
fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Starts a worker whose responses go to `on_response`.
fn start_worker(
    engine: &SharedEngine,
    on_response: &Callback<Response>,
    dispatch: &UseReducerDispatcher<AppState>,
) {
    let on_crash = {
        let engine = Rc::clone(engine);
        let on_response = on_response.clone();
        let dispatch = dispatch.clone();
        move |reason: String, answered: bool| {
            if !answered {
                // The worker's wasm did not load: another try would fail alike.
                dispatch.dispatch(Action::EngineFailed(reason));
                return;
            }
            // After the worker's error event returns: the restart drops
            // the bridge whose handler is running.
            let engine = Rc::clone(&engine);
            let on_response = on_response.clone();
            let dispatch = dispatch.clone();
            spawn_local(
                async move { restart_after_crash(&engine, &on_response, &dispatch, reason) },
            );
        }
    };
    let respond = on_response.clone();
    match EngineBridge::spawn(move |response| respond.emit(response), on_crash) {
        Ok(bridge) => engine.borrow_mut().bridge = Some(bridge),
        Err(error) => dispatch.dispatch(Action::EngineFailed(error)),
    }
}

/// The worker failed with an error it did not catch (a panic or a trap in
/// the engine): a new one starts with the last workspace image, as after
/// Stop, and the run ends with the reason. A second crash before a run or
/// a restore finishes leaves the engine failed.
fn restart_after_crash(
    engine: &SharedEngine,
    on_response: &Callback<Response>,
    dispatch: &UseReducerDispatcher<AppState>,
    reason: String,
) {
    let crashes = {
        let mut engine = engine.borrow_mut();
        engine.bridge = None;
        engine.crashes += 1;
        engine.crashes
    };
    if crashes > 1 {
        dispatch.dispatch(Action::EngineFailed(reason));
        return;
    }
    dispatch.dispatch(Action::Crashed(reason));
    restart_worker(engine, on_response, dispatch);
}

/// Starts a new worker and gives it the last workspace image (after Stop
/// or a crash).
fn restart_worker(
    engine: &SharedEngine,
    on_response: &Callback<Response>,
    dispatch: &UseReducerDispatcher<AppState>,
) {
    start_worker(engine, on_response, dispatch);
    let image = engine.borrow().image.clone();
    if let Some(image) = image {
        send(engine, dispatch, Request::Restore { workspace: image });
    }
}

/// Sends a request; false (and the engine marked failed) if it could not go.
fn send(
    engine: &SharedEngine,
    dispatch: &UseReducerDispatcher<AppState>,
    request: Request,
) -> bool {
    let sent = match engine.borrow().bridge.as_ref() {
        Some(bridge) => bridge.send(&request),
        None => Err("no worker".to_owned()),
    };
    match sent {
        Ok(()) => true,
        Err(error) => {
            dispatch.dispatch(Action::EngineFailed(error));
            false
        }
    }
}

/// Keeps the newest workspace image in memory and in IndexedDB.
fn keep_image(engine: &SharedEngine, dispatch: &UseReducerDispatcher<AppState>, image: Vec<u8>) {
    engine.borrow_mut().image = Some(image.clone());
    dispatch.dispatch(Action::Saving(true));
    let dispatch = dispatch.clone();
    spawn_local(async move {
        if let Err(error) = store::put_bytes(store::WORKSPACE_KEY, &image).await {
            dispatch.dispatch(Action::Notify(Notice::warning(
                format!("작업 공간을 저장하지 못했습니다: {error}"),
                format!("The workspace could not be saved: {error}"),
            )));
        }
        dispatch.dispatch(Action::Saving(false));
    });
}

/// Dashboard card runs in flight: request id → card id. Their ids count
/// from 2^40, apart from the editor's.
struct CardRuns {
    next_id: u64,
    cards: std::collections::HashMap<u64, String>,
}

impl Default for CardRuns {
    fn default() -> Self {
        Self {
            next_id: 1 << 40,
            cards: std::collections::HashMap::new(),
        }
    }
}

/// What handling a worker response touches.
struct Context<'a> {
    boards: &'a UseReducerDispatcher<DashboardsState>,
    card_runs: &'a Rc<RefCell<CardRuns>>,
    dispatch: &'a UseReducerDispatcher<AppState>,
    engine: &'a SharedEngine,
    catalog: &'a UseStateHandle<Rc<CatalogTree>>,
    editor: &'a SharedEditor,
    import_plan: &'a UseStateHandle<Option<Rc<ImportPlan>>>,
    course: &'a UseReducerDispatcher<CourseState>,
}

impl Context<'_> {
    /// Updates the page with a response of the worker.
    fn handle(&self, response: Response) {
        let Context {
            dispatch,
            engine,
            catalog,
            editor,
            import_plan,
            course,
            boards,
            card_runs,
        } = *self;
        // A dashboard card's run: its result goes to its card, not the results pane.
        match &response {
            Response::Statement { id, workspace, .. }
                if card_runs.borrow().cards.contains_key(id) =>
            {
                if let Some(image) = workspace.clone() {
                    keep_image(engine, dispatch, image);
                }
                return;
            }
            Response::Ran { id, .. } if card_runs.borrow().cards.contains_key(id) => {
                let card = card_runs.borrow_mut().cards.remove(id);
                if let (Some(card), Response::Ran { output, .. }) = (card, response) {
                    boards.dispatch(match card_result(output) {
                        Ok(rows) => DashboardsAction::CardResult(card, rows, RanAt::now()),
                        Err(message) => DashboardsAction::CardError(card, message, RanAt::now()),
                    });
                }
                return;
            }
            _ => {}
        }
        let refresh_catalog = || {
            send(engine, dispatch, Request::Catalog);
        };
        match response {
            Response::Loading {
                table,
                index,
                total,
            } => dispatch.dispatch(Action::Loading {
                table,
                index,
                total,
            }),
            Response::Ready { .. } => {
                dispatch.dispatch(Action::EngineReady);
                refresh_catalog();
            }
            Response::LoadFailed(error) => {
                dispatch.dispatch(Action::EngineReady);
                dispatch.dispatch(Action::Notify(Notice::warning(
                    format!("데이터를 불러오지 못했습니다: {error}"),
                    format!("The datasets did not load: {error}"),
                )));
            }
            Response::Statement {
                id,
                result,
                workspace,
            } => {
                if let Some(image) = workspace {
                    keep_image(engine, dispatch, image);
                }
                dispatch.dispatch(Action::StatementDone { id, result });
            }
            Response::Ran { id, output } => {
                engine.borrow_mut().crashes = 0;
                // Queries leave the catalog as it was; anything else may change it.
                let changed = output
                    .statements
                    .iter()
                    .any(|s| !matches!(s.output, Output::Rows(_)));
                dispatch.dispatch(Action::Ran {
                    id,
                    statements: output.statements,
                    error: output.error,
                });
                if changed {
                    refresh_catalog();
                }
            }
            Response::Restored { .. } => {
                engine.borrow_mut().crashes = 0;
                refresh_catalog();
            }
            Response::RestoreFailed { ko, en } => {
                dispatch.dispatch(Action::Notify(Notice::warning(
                    format!("저장된 내 테이블을 복원하지 못했습니다 ({ko}). 코스 데이터셋으로 시작합니다."),
                    format!("Your saved tables could not be restored ({en}). Starting with the course datasets."),
                )));
            }
            Response::Catalog(tree) => {
                if let Some(editor) = editor.get().as_ref() {
                    editor.set_tables(&completion_tables(&tree));
                }
                catalog.set(Rc::new(tree));
            }
            Response::ImportPreview(plan) => import_plan.set(Some(Rc::new(plan))),
            Response::Imported {
                table,
                rows,
                workspace,
            } => {
                if let Some(image) = workspace {
                    keep_image(engine, dispatch, image);
                }
                dispatch.dispatch(Action::Notify(Notice::info(
                    format!(
                        "{table}에 {}행을 불러왔습니다.",
                        crate::i18n::thousands(rows as i64)
                    ),
                    format!(
                        "Loaded {} rows into {table}.",
                        crate::i18n::thousands(rows as i64)
                    ),
                )));
                refresh_catalog();
            }
            Response::ImportFailed { ko, en } => {
                dispatch.dispatch(Action::Notify(Notice::warning(
                    format!("가져오지 못했습니다: {ko}"),
                    format!("Import failed: {en}"),
                )))
            }
            Response::Exported { zip, .. } => {
                if let Err(error) = download::save(&zip, "tabhouse-export.zip", "application/zip") {
                    dispatch.dispatch(Action::Notify(Notice::warning(error.clone(), error)));
                }
            }
            Response::DataVerified {
                checked,
                mismatched,
            } => dispatch.dispatch(Action::Verified {
                checked,
                mismatched,
            }),
            Response::Lessons(LessonResponse::Outline(outline)) => {
                course.dispatch(CourseAction::Outline(outline))
            }
            Response::Lessons(LessonResponse::Lesson(lesson)) => {
                course.dispatch(CourseAction::Lesson(lesson))
            }
            Response::Lessons(LessonResponse::Checked(checked)) => {
                course.dispatch(CourseAction::Checked(checked, js_sys::Date::now()))
            }
            Response::Lessons(LessonResponse::Failed(message)) => {
                course.dispatch(CourseAction::Failed(message.clone()));
                dispatch.dispatch(Action::Notify(Notice::warning(message.ko, message.en)));
            }
        }
    }
}

/// The stored session, or a notice saying why it could not be used.
async fn load_session() -> (Option<Session>, Option<Notice>) {
    match store::get_text(store::SESSION_KEY).await {
        Ok(Some(json)) => match Session::from_json(&json) {
            Ok(session) => (Some(session), None),
            Err(error) => (
                None,
                Some(Notice::warning(
                    format!("저장된 작업 공간을 읽을 수 없어 새로 시작합니다 ({error})."),
                    format!(
                        "The saved workspace could not be read, so it starts afresh ({error})."
                    ),
                )),
            ),
        },
        Ok(None) => (None, None),
        Err(error) => (
            None,
            Some(Notice::warning(
                format!("브라우저 저장소를 쓸 수 없어 작업이 저장되지 않습니다 ({error})."),
                format!("Browser storage is unavailable, so work is not saved ({error})."),
            )),
        ),
    }
}

/// Saves the session 400 ms after the last change.
fn schedule_save(timer: &Rc<RefCell<Option<i32>>>, session: Session) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(previous) = timer.borrow_mut().take() {
        window.clear_timeout_with_handle(previous);
    }
    let save = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Ok(json) = serde_json::to_string(&session) {
            spawn_local(async move {
                let _ = store::put_text(store::SESSION_KEY, &json).await;
            });
        }
    });
    if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        wasm_bindgen::JsCast::unchecked_ref(&save),
        400,
    ) {
        *timer.borrow_mut() = Some(handle);
    }
}

/// The result of the last data verification.
fn verified_line(state: &AppState) -> Html {
    let Some((checked, mismatched)) = &state.verified else {
        return Html::default();
    };
    let lang = state.lang();
    let text = if mismatched.is_empty() {
        match lang {
            Lang::Ko => format!("테이블 {checked}개 모두 코스 데이터와 같습니다."),
            Lang::En => format!("All {checked} tables match the course data."),
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
    let lang = state.lang();
    let (code, text) = match (&state.engine, &state.running) {
        (EngineState::Failed(error), _) => (
            "failed",
            format!("{} ({error})", t(lang, Text::WorkerFailed)),
        ),
        (_, Some(_)) => {
            let done = state.run.as_ref().map_or(0, |r| r.statements.len());
            let text = if done > 0 {
                format!(
                    "{} ({})",
                    t(lang, Text::Running),
                    statement_number(lang, done + 1)
                )
            } else {
                t(lang, Text::Running).to_owned()
            };
            ("running", text)
        }
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
        (EngineState::Ready, None) => ("ready", state.summary()),
    };
    html! {
        <div class="status" data-testid="status" data-state={code}
            data-runs={state.completed.to_string()} data-saving={(state.saving > 0).to_string()}
            role="status" aria-live="polite">
            { text }
        </div>
    }
}

fn statement_number(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Ko => format!("{n}번째 문장"),
        Lang::En => format!("statement {n}"),
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}
