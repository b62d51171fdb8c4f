//! The web app and its engine worker, one wasm module: on the page, `main`
//! mounts the Yew shell; the page then posts the same module to a worker,
//! where `static/worker_loader.js` instantiates it and calls `start_worker`.
//! Sharing one module means the page downloads the code they have in
//! common (the standard library, serde, the engine's types) once.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        // In the worker there is no window: `start_worker` takes over.
        if web_sys::window().is_none() {
            return;
        }
    }
    yew::Renderer::<tabhouse::ui::App>::new().render();
}

/// The engine worker's entry point (called by `static/worker_loader.js`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start_worker() {
    tabhouse::worker::host::run();
}
