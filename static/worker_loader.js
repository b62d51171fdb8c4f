// Starts the engine worker: wasm-bindgen's no-modules glue, then its wasm.
// A failed download or compile is thrown again outside the promise, so the
// page hears it as the worker's error event instead of waiting for ever.
importScripts("./worker.js");
wasm_bindgen({ module_or_path: "./worker_bg.wasm" }).catch((error) => {
  setTimeout(() => {
    throw error;
  });
});
