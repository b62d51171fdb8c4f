//! Offering bytes made in the page or the worker (the data export, CSV,
//! charts, progress files) as a file download.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name` of MIME type `mime`.
pub fn save_text(text: &str, name: &str, mime: &str) -> Result<(), String> {
    save(text.as_bytes(), name, mime)
}

/// Offers `bytes` to the user as a download named `name`.
pub fn save(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let error = |e: wasm_bindgen::JsValue| format!("download failed: {e:?}");
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options).map_err(error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(error)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("download failed: no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(error)?
        .dyn_into()
        .map_err(|_| "download failed: no anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The download has started by the next minute; then the URL can go.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("download failed: no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
        .map_err(error)?;
    Ok(())
}
