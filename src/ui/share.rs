//! Share links: the editor's SQL, compressed into the URL fragment
//! (`crate::share`). Opening one shows the query in a new tab; it never runs
//! by itself.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::grid::write_clipboard;
use crate::engine::error::Message;
use crate::i18n::Lang;

/// A link to this page that carries `sql`, copied to the clipboard.
pub fn link_for(sql: &str) -> Result<String, Message> {
    let location = web_sys::window()
        .map(|w| w.location())
        .ok_or_else(|| Message::new("창이 없습니다", "no window"))?;
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let fragment = crate::share::encode_sql(sql).map_err(|e| e.message())?;
    let url = format!("{base}#{}", fragment.trim_start_matches('#'));
    write_clipboard(&url);
    Ok(url)
}

/// The SQL of a shared link this page was opened with, if any; the
/// fragment is removed so a reload does not open it again.
pub fn take_shared_sql() -> Option<Result<String, Message>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if crate::share::fragment_kind(&hash) != Some("sql") {
        return None;
    }
    let decoded = crate::share::decode_sql(&hash).map_err(|e| e.message());
    if let Ok(history) = window.history() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(decoded)
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
