//! The engine worker: owns the database inside a Web Worker, so the page
//! never blocks on SQL. Messages are the serde types of `tabhouse::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::{cell::RefCell, rc::Rc};
    use tabhouse::worker::{Handler, Request, Response};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let post = Rc::new(move |response: &Response| {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        match serde::Serialize::serialize(response, &serializer) {
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
            match serde_wasm_bindgen::from_value::<Request>(event.data()) {
                Ok(request) => {
                    if let Some(handler) = handler.borrow_mut().as_mut() {
                        handler.handle(request, &mut |response| post(&response));
                    }
                }
                Err(e) => web_sys::console::error_1(&JsValue::from_str(&format!(
                    "worker: bad request: {e}"
                ))),
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Requests sent while the datasets load wait in the worker's queue: the
    // loading below is synchronous, so they are dispatched after it. Requests
    // sent before this point (while the wasm itself loads) find no listener
    // and are lost; the page holds them until the worker's first message.
    let started = Handler::start(|response| post(&response));
    *handler.borrow_mut() = Some(started);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs in the browser; use the `tabhouse` binary natively");
}
