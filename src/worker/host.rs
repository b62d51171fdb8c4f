//! The worker's side in the browser: the message loop that hands the page's
//! requests to [`Handler`] and posts its responses, and the download of the
//! course bundle. `static/worker_loader.js` calls [`run`] once the page's
//! wasm module is instantiated in the worker.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, RequestCache, RequestInit};

use super::{Handler, Need, Request, Response};

/// Starts answering the page: listens for requests, then loads the
/// datasets. Requests sent while they load wait in the worker's queue (the
/// loading is synchronous, so they are dispatched after it); the page holds
/// the ones it has before the worker's first message.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let post = Rc::new(move |response: Response| {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        match serde::Serialize::serialize(&response, &serializer) {
            Ok(value) => {
                let _ = reply_scope.post_message(&value);
            }
            Err(e) => web_sys::console::error_1(&JsValue::from_str(&e.to_string())),
        }
    });
    let handler = Rc::new(RefCell::new(None::<Handler>));
    let on_message = {
        let handler = Rc::clone(&handler);
        let post = Rc::clone(&post);
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let request = match serde_wasm_bindgen::from_value::<Request>(event.data()) {
                Ok(request) => request,
                Err(e) => {
                    let message = format!("worker: bad request: {e}");
                    web_sys::console::error_1(&JsValue::from_str(&message));
                    return;
                }
            };
            let need = match handler.borrow_mut().as_mut() {
                Some(handler) => handler.handle(request, &mut |response| post(response)),
                None => Need::Nothing,
            };
            if need == Need::Course {
                let handler = Rc::clone(&handler);
                let post = Rc::clone(&post);
                wasm_bindgen_futures::spawn_local(async move {
                    let fetched = fetch_course().await;
                    if let Some(handler) = handler.borrow_mut().as_mut() {
                        handler.course_fetched(fetched, &mut |response| post(response));
                    }
                });
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let started = Handler::start(|response| post(response));
    *handler.borrow_mut() = Some(started);
}

/// The course bundle, next to the worker's script (revalidated, so a new
/// deployment is never read with an old bundle).
async fn fetch_course() -> Result<Vec<u8>, String> {
    let reason = |error: JsValue| {
        js_sys::Error::from(error)
            .message()
            .as_string()
            .unwrap_or_else(|| "network error".to_owned())
    };
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoCache);
    let file = crate::lessons::bundle::FILE;
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str_and_init(file, &init))
        .await
        .map_err(reason)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{file}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(reason)?)
        .await
        .map_err(reason)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
