//! The query history: searchable, newest first, with time and status; a
//! click opens the query in a new editor tab.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::HistoryEntry;
use crate::i18n::Lang;

/// Properties of [`History`].
#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    /// UI language.
    pub lang: Lang,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// Open this SQL in a new tab.
    pub on_open: Callback<String>,
    /// Forget everything.
    pub on_clear: Callback<()>,
}

/// The history panel.
#[function_component(History)]
pub fn history(props: &HistoryProps) -> Html {
    let lang = props.lang;
    let query = use_state(String::new);
    let on_input = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let needle = query.to_lowercase();
    let shown: Vec<&HistoryEntry> = props
        .entries
        .iter()
        .filter(|e| needle.is_empty() || e.sql.to_lowercase().contains(&needle))
        .collect();
    let on_clear = {
        let on_clear = props.on_clear.clone();
        Callback::from(move |_: MouseEvent| {
            if super::confirm(lang.pick("실행 기록을 모두 지울까요?", "Clear the whole history?"))
            {
                on_clear.emit(());
            }
        })
    };
    html! {
        <div class="history" data-testid="history">
            <div class="panel-tools">
                <input type="search" class="search" value={(*query).clone()} oninput={on_input}
                    placeholder={lang.pick("기록 검색", "Search history")}
                    aria-label={lang.pick("기록 검색", "Search history")} />
                <button class="small" onclick={on_clear} disabled={props.entries.is_empty()}>
                    { lang.pick("지우기", "Clear") }
                </button>
            </div>
            if shown.is_empty() {
                <p class="placeholder">{ lang.pick("기록이 없습니다.", "No history yet.") }</p>
            }
            <ol class="history-list">
                { for shown.into_iter().map(|entry| {
                    let on_open = props.on_open.clone();
                    let sql = entry.sql.clone();
                    html! {
                        <li>
                            <button class={classes!("history-item", (!entry.ok).then_some("failed"))}
                                onclick={Callback::from(move |_: MouseEvent| on_open.emit(sql.clone()))}
                                title={lang.pick("새 탭에서 열기", "Open in a new tab")}>
                                <span class="history-meta">
                                    <span class="history-status">{ if entry.ok { "✓" } else { "✗" } }</span>
                                    <time>{ time_text(entry.at) }</time>
                                    <span>{ format!("{:.0} ms", entry.elapsed_ms) }</span>
                                </span>
                                <code class="history-sql">{ snippet(&entry.sql) }</code>
                                <span class="history-summary">{ &entry.summary }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

fn snippet(sql: &str) -> String {
    let flat: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 120 {
        let mut cut: String = flat.chars().take(120).collect();
        cut.push('…');
        cut
    } else {
        flat
    }
}

fn time_text(at: f64) -> String {
    let date = js_sys::Date::new(&at.into());
    format!(
        "{:02}-{:02} {:02}:{:02}:{:02}",
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}
