//! The page side of the worker channel: spawn, send, receive, terminate.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use crate::worker::{Request, Response};

/// File the worker is loaded from (Trunk's loader shim for the `worker` binary),
/// relative to the page, so the app works under any sub-path.
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// A running engine worker.
pub struct EngineBridge {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

impl EngineBridge {
    /// Starts a worker; every response goes to `on_response`.
    pub fn spawn(on_response: impl Fn(Response) + 'static) -> Result<Self, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(describe)?;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            match serde_wasm_bindgen::from_value::<Response>(event.data()) {
                Ok(response) => on_response(response),
                Err(e) => web_sys::console::error_1(&JsValue::from_str(&format!(
                    "unreadable worker message: {e}"
                ))),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _on_message: on_message,
        })
    }

    /// Sends a request.
    pub fn send(&self, request: &Request) -> Result<(), String> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let value = serde::Serialize::serialize(request, &serializer).map_err(|e| e.to_string())?;
        self.worker.post_message(&value).map_err(describe)
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
