// Starts the engine worker (a module worker). The page's first message
// carries its own wasm module and the URL of its wasm-bindgen glue: the
// same module is instantiated here (no second download) and its
// `start_worker` export takes over the messages. A failed import or
// instantiation is thrown again outside the promise, so the page hears it
// as the worker's error event instead of waiting for ever.
self.onmessage = async ({ data: { module, glue } }) => {
  self.onmessage = null;
  try {
    const bindings = await import(glue);
    await bindings.default({ module_or_path: module });
    bindings.start_worker();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
};
