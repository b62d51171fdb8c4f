//! Share links: the editor's SQL, compressed into the URL fragment
//! (`crate::share`), and dashboards. Opening one shows the query in a new
//! tab, or the dashboard with a confirmation: nothing runs by itself.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::grid::write_clipboard;
use crate::charts::Dashboard;
use crate::engine::error::Message;
use crate::i18n::Lang;
use crate::share::DASHBOARD_KIND;

/// A link to this page that carries `sql`, copied to the clipboard.
pub fn link_for(sql: &str) -> Result<String, Message> {
    let fragment = crate::share::encode_sql(sql).map_err(|e| e.message())?;
    let url = format!("{}#{}", page_url(), fragment.trim_start_matches('#'));
    write_clipboard(&url);
    Ok(url)
}

/// A link to this page that carries a dashboard, copied to the clipboard.
pub fn dashboard_link(dashboard: &Dashboard) -> Result<String, Message> {
    let fragment = crate::share::encode_json(DASHBOARD_KIND, dashboard).map_err(|e| e.message())?;
    let url = format!("{}#{}", page_url(), fragment.trim_start_matches('#'));
    write_clipboard(&url);
    Ok(url)
}

/// The SQL of a shared link this page was opened with, if any.
pub fn take_shared_sql() -> Option<Result<String, Message>> {
    let hash = take_fragment("sql")?;
    Some(crate::share::decode_sql(&hash).map_err(|e| e.message()))
}

/// The dashboard of a shared link this page was opened with, if any.
pub fn take_shared_dashboard() -> Option<Result<Dashboard, Message>> {
    let hash = take_fragment(DASHBOARD_KIND)?;
    Some(crate::share::decode_json(DASHBOARD_KIND, &hash).map_err(|e| e.message()))
}

/// The page's fragment if it is of `kind`; it is removed from the address,
/// so a reload does not open it again.
fn take_fragment(kind: &str) -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if crate::share::fragment_kind(&hash) != Some(kind) {
        return None;
    }
    if let Ok(history) = window.history() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(hash)
}

/// This page's address without its fragment.
fn page_url() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Properties of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// UI language.
    pub lang: Lang,
    /// The link.
    pub url: String,
    /// Close the bar.
    pub on_close: Callback<()>,
}

/// The link, selectable, with a copy button.
#[function_component(ShareBar)]
pub fn share_bar(props: &ShareBarProps) -> Html {
    let lang = props.lang;
    let copy = {
        let url = props.url.clone();
        Callback::from(move |_: MouseEvent| write_clipboard(&url))
    };
    let select_all = Callback::from(|event: FocusEvent| {
        if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <div class="notice share" role="status">
            <span>{ lang.pick(
                "링크를 복사했습니다. 받은 사람이 열면 쿼리가 보이지만 저절로 실행되지는 않습니다.",
                "Link copied. Whoever opens it sees the query; it does not run by itself.",
            ) }</span>
            <input class="share-link" data-testid="share-link" readonly=true value={props.url.clone()}
                onfocus={select_all} aria-label={lang.pick("공유 링크", "Share link")} />
            <button class="small" onclick={copy}>{ lang.pick("복사", "Copy") }</button>
            <button class="small" onclick={close} aria-label={lang.pick("닫기", "Close")}>{"×"}</button>
        </div>
    }
}
