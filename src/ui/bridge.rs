//! The page side of the worker channel: spawn, send, receive, terminate.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::worker::{Request, Response};

/// File the worker is loaded from (`static/worker_loader.js`, which starts
/// the `worker` binary), relative to the page, so the app works under any
/// sub-path.
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// Requests held until the worker's first message: before it, the worker is
/// still loading its wasm and has no listener, so a message would be lost.
type Held = Rc<RefCell<Option<Vec<JsValue>>>>;

/// A running engine worker.
pub struct EngineBridge {
    worker: Worker,
    held: Held,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl EngineBridge {
    /// Starts a worker; every response goes to `on_response`, and an error
    /// the worker did not catch to `on_crash`, with its message and whether
    /// the worker had answered before (a panic or a trap in the engine) or
    /// not (its wasm did not load). Requests may be sent at once: they reach
    /// the worker when it listens.
    pub fn spawn(
        on_response: impl Fn(Response) + 'static,
        on_crash: impl Fn(String, bool) + 'static,
    ) -> Result<Self, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(describe)?;
        let held: Held = Rc::new(RefCell::new(Some(Vec::new())));
        let listening = worker.clone();
        let release = Rc::clone(&held);
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(requests) = release.borrow_mut().take() {
                for request in requests {
                    if let Err(error) = listening.post_message(&request) {
                        web_sys::console::error_1(&error);
                    }
                }
            }
            match serde_wasm_bindgen::from_value::<Response>(event.data()) {
                Ok(response) => on_response(response),
                Err(e) => web_sys::console::error_1(&JsValue::from_str(&format!(
                    "unreadable worker message: {e}"
                ))),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let heard = Rc::clone(&held);
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let answered = heard.borrow().is_none();
            on_crash(event.message(), answered);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            held,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request (held until the worker listens).
    pub fn send(&self, request: &Request) -> Result<(), String> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let value = serde::Serialize::serialize(request, &serializer).map_err(|e| e.to_string())?;
        match self.held.borrow_mut().as_mut() {
            Some(requests) => {
                requests.push(value);
                Ok(())
            }
            None => self.worker.post_message(&value).map_err(describe),
        }
    }
}

impl Drop for EngineBridge {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn describe(value: JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{value:?}"))
}
