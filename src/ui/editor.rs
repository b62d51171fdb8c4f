//! The SQL editor: CodeMirror 6 (`static/editor/editor.js`, bundled by
//! esbuild into the global `TabhouseEditor`), driven from Rust.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsValue};
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The editor handle `TabhouseEditor.create` returns.
    pub type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = TabhouseEditor, js_name = create)]
    fn create(parent: &web_sys::Element, options: &JsValue) -> Result<EditorHandle, JsValue>;

    #[wasm_bindgen(method, js_name = getDoc)]
    fn get_doc(this: &EditorHandle) -> String;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_doc(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method)]
    fn insert(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method, js_name = currentStatement)]
    fn current_statement(this: &EditorHandle) -> JsValue;
    #[wasm_bindgen(method, js_name = setSchema)]
    fn set_schema(this: &EditorHandle, tables: &JsValue);
    #[wasm_bindgen(method, js_name = setFunctions)]
    fn set_functions(this: &EditorHandle, functions: &JsValue);
    #[wasm_bindgen(method, js_name = markError)]
    fn mark_error(this: &EditorHandle, from: u32, to: u32, message: &str);
    #[wasm_bindgen(method, js_name = clearError)]
    fn clear_error(this: &EditorHandle);
    #[wasm_bindgen(method, js_name = offsetIn)]
    fn offset_in(this: &EditorHandle, from: u32, line: u32, column: u32) -> u32;
    #[wasm_bindgen(method, js_name = setLabels)]
    fn set_labels(this: &EditorHandle, placeholder: &str, label: &str);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// What to run: the SQL text and where it starts in the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct RunText {
    /// The SQL.
    pub text: String,
    /// Its offset in the editor's document (to place errors).
    pub from: usize,
}

/// A live editor and the callbacks it holds.
pub struct Editor {
    handle: EditorHandle,
    _closures: Vec<Box<dyn std::any::Any>>,
}

impl Editor {
    /// The whole script.
    pub fn doc(&self) -> String {
        self.handle.get_doc()
    }

    /// Replaces the script.
    pub fn set_doc(&self, text: &str) {
        self.handle.set_doc(text);
    }

    /// Inserts text at the cursor.
    pub fn insert(&self, text: &str) {
        self.handle.insert(text);
    }

    /// The selection, else the statement under the cursor.
    pub fn current(&self) -> RunText {
        let value = self.handle.current_statement();
        let text = js_sys::Reflect::get(&value, &"text".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let from = js_sys::Reflect::get(&value, &"from".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or_default() as usize;
        RunText { text, from }
    }

    /// Tables and their columns for autocompletion.
    pub fn set_tables(&self, tables: &[(String, Vec<String>)]) {
        let object = js_sys::Object::new();
        for (name, columns) in tables {
            let array: js_sys::Array = columns.iter().map(|c| JsValue::from_str(c)).collect();
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &array);
        }
        self.handle.set_schema(&object);
    }

    /// Underlines the error at a 1-based line and column of the text run from `from`.
    pub fn mark_error(&self, from: usize, line: usize, column: usize, message: &str) {
        let start = self
            .handle
            .offset_in(from as u32, line as u32, column as u32);
        self.handle.mark_error(start, start + 1, message);
    }

    /// Removes the error underline.
    pub fn clear_error(&self) {
        self.handle.clear_error();
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.handle.destroy();
    }
}

/// The engine's functions as completion options: `[{name, signature, kind}]`.
fn function_options() -> JsValue {
    use crate::completion::{FunctionKind, FUNCTIONS};
    FUNCTIONS
        .iter()
        .map(|f| {
            let option = js_sys::Object::new();
            let kind = match f.kind {
                FunctionKind::Scalar => "scalar",
                FunctionKind::Aggregate => "aggregate",
                FunctionKind::Window => "window",
            };
            for (key, value) in [("name", f.name), ("signature", f.signature), ("kind", kind)] {
                let _ = js_sys::Reflect::set(&option, &key.into(), &value.into());
            }
            JsValue::from(option)
        })
        .collect::<js_sys::Array>()
        .into()
}

/// The editor shared between the component that owns it and the app.
#[derive(Clone, Default)]
pub struct SharedEditor(Rc<RefCell<Option<Editor>>>);

impl SharedEditor {
    /// The live editor, if it started.
    pub fn get(&self) -> std::cell::Ref<'_, Option<Editor>> {
        self.0.borrow()
    }

    fn set(&self, editor: Option<Editor>) {
        *self.0.borrow_mut() = editor;
    }
}

impl PartialEq for SharedEditor {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Properties of [`SqlEditor`].
#[derive(Properties, PartialEq)]
pub struct SqlEditorProps {
    /// Where the live editor is put, for the app to use.
    pub editor: SharedEditor,
    /// The text it starts with.
    pub initial: String,
    /// Placeholder.
    pub placeholder: AttrValue,
    /// Accessible name.
    pub label: AttrValue,
    /// Ctrl/Cmd+Enter: the selection or the statement under the cursor.
    pub on_run: Callback<RunText>,
    /// Ctrl/Cmd+Shift+Enter: the whole script.
    pub on_run_all: Callback<RunText>,
    /// The text changed.
    pub on_change: Callback<String>,
    /// The editor could not start.
    pub on_error: Callback<String>,
}

/// The CodeMirror editor, created once when mounted.
#[function_component(SqlEditor)]
pub fn sql_editor(props: &SqlEditorProps) -> Html {
    let host = use_node_ref();
    {
        let host = host.clone();
        let editor = props.editor.clone();
        let initial = props.initial.clone();
        let placeholder = props.placeholder.clone();
        let label = props.label.clone();
        let on_run = props.on_run.clone();
        let on_run_all = props.on_run_all.clone();
        let on_change = props.on_change.clone();
        let on_error = props.on_error.clone();
        use_effect_with((), move |_| {
            if let Some(parent) = host.cast::<web_sys::Element>() {
                let run = Closure::<dyn Fn(String, f64)>::new(move |text: String, from: f64| {
                    on_run.emit(RunText {
                        text,
                        from: from as usize,
                    })
                });
                let run_all = Closure::<dyn Fn(String)>::new(move |text: String| {
                    on_run_all.emit(RunText { text, from: 0 })
                });
                let change = Closure::<dyn Fn(String)>::new(move |doc: String| on_change.emit(doc));
                let options = js_sys::Object::new();
                let set = |key: &str, value: &JsValue| {
                    let _ = js_sys::Reflect::set(&options, &key.into(), value);
                };
                set("doc", &initial.into());
                set("placeholder", &placeholder.as_str().into());
                set("label", &label.as_str().into());
                set("onRun", run.as_ref());
                set("onRunAll", run_all.as_ref());
                set("onChange", change.as_ref());
                match create(&parent, &options) {
                    Ok(handle) => {
                        handle.set_functions(&function_options());
                        editor.set(Some(Editor {
                            handle,
                            _closures: vec![Box::new(run), Box::new(run_all), Box::new(change)],
                        }))
                    }
                    Err(error) => on_error.emit(
                        error
                            .as_string()
                            .unwrap_or_else(|| "TabhouseEditor is not loaded".to_owned()),
                    ),
                }
            }
            move || editor.set(None)
        });
    }
    {
        let editor = props.editor.clone();
        let labels = (props.placeholder.clone(), props.label.clone());
        use_effect_with(labels, move |(placeholder, label)| {
            if let Some(editor) = editor.get().as_ref() {
                editor.handle.set_labels(placeholder, label);
            }
        });
    }
    html! { <div class="editor" data-testid="editor" ref={host}></div> }
}
