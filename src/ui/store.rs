//! What survives a reload: one IndexedDB database (`rexie`) with a key-value
//! store. The page's session (editor tabs, history, settings) is JSON with a
//! version number; the learner's schemas are the engine's workspace image.

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

const DATABASE: &str = "tabhouse";
const STORE: &str = "kv";
/// Key of the page session (JSON).
pub const SESSION_KEY: &str = "session";
/// Key of the learner's lesson progress (JSON).
pub const PROGRESS_KEY: &str = "progress";
/// Key of the engine's workspace image (bytes).
pub const WORKSPACE_KEY: &str = "workspace";

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DATABASE)
        .version(1)
        .add_object_store(ObjectStore::new(STORE))
        .build()
        .await
        .map_err(|e| e.to_string())
}

/// Reads a text value.
pub async fn get_text(key: &str) -> Result<Option<String>, String> {
    Ok(get(key).await?.and_then(|value| value.as_string()))
}

/// Reads a bytes value.
pub async fn get_bytes(key: &str) -> Result<Option<Vec<u8>>, String> {
    Ok(get(key)
        .await?
        .filter(|value| value.is_instance_of::<js_sys::Uint8Array>())
        .map(|value| js_sys::Uint8Array::new(&value).to_vec()))
}

/// Writes a text value.
pub async fn put_text(key: &str, text: &str) -> Result<(), String> {
    put(key, &JsValue::from_str(text)).await
}

/// Writes a bytes value.
pub async fn put_bytes(key: &str, bytes: &[u8]) -> Result<(), String> {
    put(key, &js_sys::Uint8Array::from(bytes).into()).await
}

/// Removes everything the page stored.
pub async fn clear() -> Result<(), String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(|e| e.to_string())?;
    let store = transaction.store(STORE).map_err(|e| e.to_string())?;
    store.clear().await.map_err(|e| e.to_string())?;
    transaction.done().await.map_err(|e| e.to_string())?;
    Ok(())
}

async fn get(key: &str) -> Result<Option<JsValue>, String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(|e| e.to_string())?;
    let store = transaction.store(STORE).map_err(|e| e.to_string())?;
    store
        .get(JsValue::from_str(key))
        .await
        .map_err(|e| e.to_string())
}

async fn put(key: &str, value: &JsValue) -> Result<(), String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(|e| e.to_string())?;
    let store = transaction.store(STORE).map_err(|e| e.to_string())?;
    store
        .put(value, Some(&JsValue::from_str(key)))
        .await
        .map_err(|e| e.to_string())?;
    transaction.done().await.map_err(|e| e.to_string())?;
    Ok(())
}
