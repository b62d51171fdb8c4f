//! The page side of the worker channel: spawn, send, receive, terminate.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::worker::{Request, Response};

/// The module worker's script (`static/worker_loader.js`, which runs this
/// page's own wasm module as the engine), relative to the page, so the app
/// works under any sub-path.
const WORKER_SCRIPT: &str = "./worker_loader.js";

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's wasm-bindgen glue (`import.meta.url` in it).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// Requests held until the worker's first message: before it, the worker is
/// still loading its wasm and has no listener, so a message would be lost.
type Held = Rc<RefCell<Option<Vec<JsValue>>>>;

/// A running engine worker.
pub struct EngineBridge {
    worker: Worker,
    held: Held,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
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
        // The loader's first message: this module and its glue's URL.
        let start = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&start, &key.into(), value);
        set("module", &wasm_bindgen::module()).map_err(describe)?;
        set("glue", &GLUE_URL.with(|url| JsValue::from_str(url))).map_err(describe)?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options).map_err(describe)?;
        if let Err(error) = worker.post_message(&start) {
            worker.terminate();
            return Err(describe(error));
        }
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
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            event.prevent_default();
            let answered = heard.borrow().is_none();
            // A script that could not be loaded gives a plain event.
            let message = match event.dyn_ref::<ErrorEvent>() {
                Some(error) => error.message(),
                None => format!("{WORKER_SCRIPT} could not be loaded"),
            };
            on_crash(message, answered);
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
