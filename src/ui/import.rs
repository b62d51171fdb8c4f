//! Importing a CSV file into `adhoc`: pick or drop a file, see the inferred
//! table and the SQL that will load it (CREATE TABLE + COPY), then load.

use std::rc::Rc;

use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, FileList, HtmlInputElement};
use yew::prelude::*;

use super::grid::{Grid, Rows};
use crate::engine::import::ImportPlan;
use crate::engine::outcome::{Column, ResultSet};
use crate::i18n::{rows_label, Lang};

/// Reads each file's bytes and hands them on with its name.
pub fn read_files(files: FileList, on_file: Callback<(String, Vec<u8>)>) {
    for index in 0..files.length() {
        if let Some(file) = files.get(index) {
            read_file(file, on_file.clone());
        }
    }
}

fn read_file(file: File, on_file: Callback<(String, Vec<u8>)>) {
    spawn_local(async move {
        if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            on_file.emit((file.name(), bytes));
        }
    });
}

/// Properties of [`ImportButton`].
#[derive(Properties, PartialEq)]
pub struct ImportButtonProps {
    /// UI language.
    pub lang: Lang,
    /// A file was chosen: its name and bytes.
    pub on_file: Callback<(String, Vec<u8>)>,
}

/// "Import CSV": a labelled file picker.
#[function_component(ImportButton)]
pub fn import_button(props: &ImportButtonProps) -> Html {
    let on_change = {
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(files) = input.files() {
                read_files(files, on_file.clone());
            }
            input.set_value("");
        })
    };
    html! {
        <label class="button-like" title={props.lang.pick("CSV 파일을 adhoc 스키마의 테이블로 가져옵니다 (끌어다 놓아도 됩니다)", "Load a CSV file as a table in adhoc (or drop it on the page)")}>
            { props.lang.pick("CSV 가져오기", "Import CSV") }
            <input type="file" accept=".csv,.tsv,.txt,text/csv" class="visually-hidden"
                data-testid="import" onchange={on_change} />
        </label>
    }
}

/// Properties of [`ImportDialog`].
#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    /// UI language.
    pub lang: Lang,
    /// What the worker inferred.
    pub plan: Rc<ImportPlan>,
    /// Load it into the table the learner named (without `adhoc.`).
    pub on_confirm: Callback<String>,
    /// Do nothing.
    pub on_cancel: Callback<()>,
}

/// The preview: table name, columns and types, first rows, the SQL.
#[function_component(ImportDialog)]
pub fn import_dialog(props: &ImportDialogProps) -> Html {
    let lang = props.lang;
    let table = use_state(|| {
        let table = props.plan.table.as_str();
        table.strip_prefix("adhoc.").unwrap_or(table).to_owned()
    });
    let on_name = {
        let table = table.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                table.set(input.value());
            }
        })
    };
    let confirm = {
        let table = table.clone();
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |_: MouseEvent| on_confirm.emit(table.trim().to_owned()))
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let on_key = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                on_cancel.emit(());
            }
        })
    };
    let plan = &props.plan;
    let preview = Rows::new(ResultSet {
        columns: plan
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                type_name: c.type_name.clone(),
            })
            .collect(),
        rows: plan.preview.clone(),
    });
    html! {
        <div class="dialog-backdrop" onkeydown={on_key}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
                <h2 id="import-title">{ lang.pick("CSV 가져오기 미리보기", "Import CSV: preview") }</h2>
                <p>
                    <strong>{ &plan.file }</strong>{" · "}{ rows_label(lang, plan.rows) }
                </p>
                <label class="field">
                    <span>{ lang.pick("테이블 이름 (adhoc 스키마)", "Table name (in adhoc)") }</span>
                    <input value={(*table).clone()} oninput={on_name} data-testid="import-table" autofocus=true />
                </label>
                <div class="import-preview">
                    <Grid lang={lang} rows={preview} name={plan.table.clone()} />
                </div>
                <details open=true>
                    <summary>{ lang.pick("실행될 SQL", "The SQL that will run") }</summary>
                    <pre class="sql">{ &plan.sql }</pre>
                </details>
                <div class="dialog-actions">
                    <button class="run" onclick={confirm} data-testid="import-confirm">
                        { lang.pick("불러오기", "Load") }
                    </button>
                    <button onclick={cancel}>{ lang.pick("취소", "Cancel") }</button>
                </div>
            </div>
        </div>
    }
}

/// Files dropped on the page, if the drop carries any.
pub fn dropped_files(event: &DragEvent) -> Option<FileList> {
    event
        .data_transfer()
        .and_then(|transfer| transfer.files())
        .filter(|files| files.length() > 0)
}
