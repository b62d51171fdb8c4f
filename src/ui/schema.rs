//! The schema browser: schemas, their tables with row counts, columns with
//! types; a table's 10-row preview; names inserted into the editor.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::catalog::CatalogTree;
use crate::i18n::{thousands, Lang};

/// Properties of [`SchemaBrowser`].
#[derive(Properties, PartialEq)]
pub struct SchemaBrowserProps {
    /// UI language.
    pub lang: Lang,
    /// What the engine holds.
    pub catalog: Rc<CatalogTree>,
    /// Preview this `schema.table`.
    pub on_preview: Callback<String>,
    /// Insert this text into the editor.
    pub on_insert: Callback<String>,
}

/// Schemas, tables and columns as a tree.
#[function_component(SchemaBrowser)]
pub fn schema_browser(props: &SchemaBrowserProps) -> Html {
    let lang = props.lang;
    if props.catalog.schemas.is_empty() {
        return html! {
            <div class="schema-browser" data-testid="schema-browser">
                <p class="placeholder">{ lang.pick("스키마를 불러오는 중…", "Loading schemas…") }</p>
            </div>
        };
    }
    let schemas = props.catalog.schemas.iter().map(|schema| {
        let open = schema.name == "raw_data" || schema.name == "adhoc";
        let tables = schema.tables.iter().map(|table| {
            let qualified = format!("{}.{}", schema.name, table.name);
            let preview = {
                let on_preview = props.on_preview.clone();
                let qualified = qualified.clone();
                Callback::from(move |_: MouseEvent| on_preview.emit(qualified.clone()))
            };
            let insert = {
                let on_insert = props.on_insert.clone();
                let qualified = qualified.clone();
                Callback::from(move |_: MouseEvent| on_insert.emit(qualified.clone()))
            };
            let columns = table.columns.iter().map(|column| {
                let insert = {
                    let on_insert = props.on_insert.clone();
                    let name = column.name.clone();
                    Callback::from(move |_: MouseEvent| on_insert.emit(name.clone()))
                };
                html! {
                    <li>
                        <button class="tree-item column" onclick={insert}
                            title={lang.pick("편집기에 넣기", "Insert into the editor")}>
                            <span>{ &column.name }</span>
                            <span class="col-type">{ &column.type_name }</span>
                        </button>
                    </li>
                }
            });
            html! {
                <li class="table-node" data-table={qualified.clone()}>
                    <details>
                        <summary>
                            <span class="table-name">{ &table.name }</span>
                            <span class="row-count">{ thousands(table.rows as i64) }</span>
                        </summary>
                        <div class="table-actions">
                            <button class="small" onclick={preview} data-testid="preview-table">
                                { lang.pick("미리보기 10행", "Preview 10 rows") }
                            </button>
                            <button class="small" onclick={insert}>{ lang.pick("이름 넣기", "Insert name") }</button>
                        </div>
                        <ul class="columns">{ for columns }</ul>
                    </details>
                </li>
            }
        });
        html! {
            <li class="schema-node">
                <details open={open}>
                    <summary>
                        <span class="schema-name">{ &schema.name }</span>
                        if !schema.writable {
                            <span class="badge" title={lang.pick("읽기 전용", "Read-only")}>{ lang.pick("읽기 전용", "read-only") }</span>
                        }
                        <span class="row-count">{ schema.tables.len() }</span>
                    </summary>
                    if schema.tables.is_empty() {
                        <p class="placeholder small">{ lang.pick("테이블 없음", "No tables") }</p>
                    }
                    <ul class="tables">{ for tables }</ul>
                </details>
            </li>
        }
    });
    html! {
        <div class="schema-browser" data-testid="schema-browser">
            <ul class="schemas">{ for schemas }</ul>
        </div>
    }
}
