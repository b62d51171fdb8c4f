//! The result grid: virtualised rows (only those in view are in the DOM, so
//! 101,520 rows scroll smoothly), typed headers, click-to-sort, NULL shown
//! distinctly, numbers right-aligned with thousands separators, copy as TSV
//! and export as CSV.

use std::{cmp::Ordering, rc::Rc};

use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use super::download;
use crate::charts::grid_text;
use crate::engine::outcome::{Cell, ResultSet};
use crate::i18n::{thousands, Lang};

/// Height of one row in pixels (fixed, so the scroll position gives the rows).
const ROW_HEIGHT: f64 = 28.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 12;

/// A result set shared between views; equal only to itself (comparing
/// 101,520 rows on every render would be slow).
#[derive(Clone, Debug)]
pub struct Rows(pub Rc<ResultSet>);

impl Rows {
    /// Shares a result set.
    pub fn new(rows: ResultSet) -> Self {
        Self(Rc::new(rows))
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Rows {
    type Target = ResultSet;

    fn deref(&self) -> &ResultSet {
        &self.0
    }
}

/// Properties of [`Grid`].
#[derive(Properties, PartialEq)]
pub struct GridProps {
    /// UI language.
    pub lang: Lang,
    /// The rows.
    pub rows: Rows,
    /// Name used for the CSV file.
    #[prop_or_else(|| AttrValue::from("result"))]
    pub name: AttrValue,
}

/// The sort of the grid: a column and its direction.
#[derive(Clone, Copy, PartialEq)]
struct Sort {
    column: usize,
    descending: bool,
}

/// The selected cell or row.
#[derive(Clone, Copy, PartialEq)]
enum Selection {
    Cell(usize, usize),
    Row(usize),
}

/// A virtualised, sortable result grid. Each result gets a grid of its own
/// (keyed by the result), so its sort, selection and scroll start afresh.
#[function_component(Grid)]
pub fn grid(props: &GridProps) -> Html {
    let key = Rc::as_ptr(&props.rows.0) as usize;
    html! { <ResultGrid {key} lang={props.lang} rows={props.rows.clone()} name={props.name.clone()} /> }
}

#[function_component(ResultGrid)]
fn result_grid(props: &GridProps) -> Html {
    let lang = props.lang;
    let rows = props.rows.clone();
    let scroll_top = use_state(|| 0.0_f64);
    let viewport = use_state(|| 480.0_f64);
    let sort = use_state(|| None::<Sort>);
    let selection = use_state(|| None::<Selection>);
    let copied = use_state(|| None::<String>);
    let body = use_node_ref();

    let order = {
        let rows = rows.clone();
        use_memo((rows, *sort), |(rows, sort)| sorted_order(rows, *sort))
    };
    let widths = use_memo(rows.clone(), |rows| column_widths(rows));

    {
        let body = body.clone();
        let viewport = viewport.clone();
        use_effect_with((), move |_| {
            if let Some(element) = body.cast::<Element>() {
                viewport.set(f64::from(element.client_height()));
            }
        });
    }

    let on_scroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |event: Event| {
            if let Some(element) = event.target_dyn_into::<Element>() {
                scroll_top.set(f64::from(element.scroll_top()));
                viewport.set(f64::from(element.client_height()));
            }
        })
    };

    let total = order.len();
    let first = ((*scroll_top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
    let visible = (*viewport / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
    let last = (first + visible).min(total);
    let first = first.min(last);

    let sort_by = |column: usize| {
        let sort = sort.clone();
        Callback::from(move |_: MouseEvent| {
            sort.set(match *sort {
                Some(s) if s.column == column && !s.descending => Some(Sort {
                    column,
                    descending: true,
                }),
                Some(s) if s.column == column => None,
                _ => Some(Sort {
                    column,
                    descending: false,
                }),
            })
        })
    };

    let copy = {
        let rows = rows.clone();
        let order = order.clone();
        let selection = selection.clone();
        let copied = copied.clone();
        Callback::from(move |what: CopyWhat| {
            let row = |r: usize| order.get(r).and_then(|&i| rows.rows.get(i));
            let text = match (what, *selection) {
                (CopyWhat::All, _) => to_tsv(&rows, &order),
                (CopyWhat::Selection, Some(Selection::Cell(r, c))) => {
                    match row(r).and_then(|row| row.get(c)) {
                        Some(value) => value.to_text(),
                        None => return,
                    }
                }
                (CopyWhat::Selection, Some(Selection::Row(r))) => match row(r) {
                    Some(row) => row_tsv(row),
                    None => return,
                },
                (CopyWhat::Selection, None) => return,
            };
            write_clipboard(&text);
            copied.set(Some(match what {
                CopyWhat::All => lang
                    .pick("전체를 TSV로 복사했습니다", "Copied everything as TSV")
                    .to_owned(),
                CopyWhat::Selection => lang.pick("복사했습니다", "Copied").to_owned(),
            }));
        })
    };
    let on_keydown = {
        let copy = copy.clone();
        let selection = selection.clone();
        let body = body.clone();
        let (rows_total, columns) = (order.len(), rows.columns.len());
        Callback::from(move |event: KeyboardEvent| {
            if (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("c") {
                event.prevent_default();
                copy.emit(CopyWhat::Selection);
                return;
            }
            if rows_total == 0 || columns == 0 {
                return;
            }
            let (row, column) = match *selection {
                Some(Selection::Cell(r, c)) => (r, c),
                Some(Selection::Row(r)) => (r, 0),
                None => {
                    if event.key().starts_with("Arrow") {
                        event.prevent_default();
                        selection.set(Some(Selection::Cell(0, 0)));
                    }
                    return;
                }
            };
            let (row, column) = match event.key().as_str() {
                "ArrowDown" => ((row + 1).min(rows_total - 1), column),
                "ArrowUp" => (row.saturating_sub(1), column),
                "ArrowRight" => (row, (column + 1).min(columns - 1)),
                "ArrowLeft" => (row, column.saturating_sub(1)),
                _ => return,
            };
            event.prevent_default();
            selection.set(Some(Selection::Cell(row, column)));
            if let Some(element) = body.cast::<Element>() {
                let top = row as f64 * ROW_HEIGHT;
                let view = f64::from(element.client_height()) - 2.0 * ROW_HEIGHT;
                let scroll = f64::from(element.scroll_top());
                if top < scroll {
                    element.set_scroll_top(top as i32);
                } else if top > scroll + view {
                    element.set_scroll_top((top - view) as i32);
                }
            }
        })
    };
    let export_csv = {
        let rows = rows.clone();
        let order = order.clone();
        let name = props.name.clone();
        Callback::from(move |_: MouseEvent| {
            let csv = to_csv(&rows, &order);
            let _ = download::save_text(&csv, &format!("{name}.csv"), "text/csv;charset=utf-8");
        })
    };

    let header = rows.columns.iter().enumerate().map(|(i, column)| {
        let (arrow, aria) = match *sort {
            Some(s) if s.column == i && s.descending => ("▼", "descending"),
            Some(s) if s.column == i => ("▲", "ascending"),
            _ => ("", "none"),
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button class="col-head" onclick={sort_by(i)} data-testid="sort"
                    title={lang.pick("클릭해 정렬", "Click to sort")}>
                    <span class="col-name">{ &column.name }</span>
                    <span class="col-type">{ &column.type_name }</span>
                    <span class="sort-arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    });

    let body_rows = (first..last).map(|position| {
        let row = &rows.rows[order[position]];
        let row_selected = *selection == Some(Selection::Row(position));
        let select_row = {
            let selection = selection.clone();
            Callback::from(move |_: MouseEvent| selection.set(Some(Selection::Row(position))))
        };
        html! {
            <tr key={position} class={classes!(row_selected.then_some("selected"))}
                data-row={(position + 1).to_string()}>
                <th scope="row" class="rownum" onclick={select_row}>{ thousands(position as i64 + 1) }</th>
                { for row.iter().enumerate().map(|(c, value)| {
                    let selected = *selection == Some(Selection::Cell(position, c));
                    let select = {
                        let selection = selection.clone();
                        Callback::from(move |_: MouseEvent| selection.set(Some(Selection::Cell(position, c))))
                    };
                    cell(value, selected, select)
                }) }
            </tr>
        }
    });

    let top_pad = first as f64 * ROW_HEIGHT;
    let bottom_pad = (total - last) as f64 * ROW_HEIGHT;
    let copy_selection = {
        let copy = copy.clone();
        Callback::from(move |_: MouseEvent| copy.emit(CopyWhat::Selection))
    };
    let copy_all = Callback::from(move |_: MouseEvent| copy.emit(CopyWhat::All));
    html! {
        <div class="grid-box">
            <div class="grid-tools">
                <span class="grid-count" data-testid="row-count">{ crate::i18n::rows_label(lang, total) }</span>
                <button class="small" onclick={copy_selection} disabled={selection.is_none()}>
                    { lang.pick("선택 복사", "Copy selection") }
                </button>
                <button class="small" onclick={copy_all}>{ lang.pick("전체 복사 (TSV)", "Copy all (TSV)") }</button>
                <button class="small" onclick={export_csv} data-testid="export-csv">{ lang.pick("CSV로 내보내기", "Export CSV") }</button>
                if let Some(message) = &*copied {
                    <span class="grid-note" role="status">{ message }</span>
                }
            </div>
            <div class="grid-scroll" ref={body} onscroll={on_scroll} tabindex="0"
                onkeydown={on_keydown} data-testid="result-grid"
                aria-label={lang.pick("결과 표: 방향키로 셀 선택, Ctrl+C로 복사", "Result table: arrow keys select a cell, Ctrl+C copies it")} aria-rowcount={(total + 1).to_string()}>
                <table class="grid">
                    <colgroup>
                        <col class="rownum-col" />
                        { for widths.iter().map(|w| html! { <col style={format!("width: {w}ch")} /> }) }
                    </colgroup>
                    <thead>
                        <tr><th scope="col" class="rownum">{"#"}</th>{ for header }</tr>
                    </thead>
                    <tbody>
                        if top_pad > 0.0 {
                            <tr class="pad" aria-hidden="true" style={format!("height: {top_pad}px")}></tr>
                        }
                        { for body_rows }
                        if bottom_pad > 0.0 {
                            <tr class="pad" aria-hidden="true" style={format!("height: {bottom_pad}px")}></tr>
                        }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[derive(Clone, Copy)]
enum CopyWhat {
    Selection,
    All,
}

fn cell(value: &Cell, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    let selected = selected.then_some("selected");
    match value {
        Cell::Null => html! { <td class={classes!("null", selected)} {onclick}>{"NULL"}</td> },
        Cell::Int(_) | Cell::Float(_) | Cell::Decimal(_) => html! {
            <td class={classes!("num", selected)} {onclick}>{ grid_text(value) }</td>
        },
        other => html! { <td class={classes!(selected)} {onclick}>{ other.to_text() }</td> },
    }
}

/// Row positions in display order.
fn sorted_order(rows: &ResultSet, sort: Option<Sort>) -> Vec<usize> {
    let Some(Sort { column, descending }) = sort else {
        return (0..rows.rows.len()).collect();
    };
    crate::sort::order(rows.rows.len(), &|a, b| {
        let (x, y) = (rows.rows[a].get(column), rows.rows[b].get(column));
        match (x, y) {
            (Some(Cell::Null) | None, Some(Cell::Null) | None) => Ordering::Equal,
            (Some(Cell::Null) | None, _) => Ordering::Greater,
            (_, Some(Cell::Null) | None) => Ordering::Less,
            (Some(x), Some(y)) => {
                let ordering = compare(x, y);
                if descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            }
        }
    })
}

fn compare(x: &Cell, y: &Cell) -> Ordering {
    match (x.as_f64(), y.as_f64()) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        _ => match (x, y) {
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Timestamp(a), Cell::Timestamp(b)) => a.cmp(b),
            (Cell::Bool(a), Cell::Bool(b)) => a.cmp(b),
            _ => x.to_text().cmp(&y.to_text()),
        },
    }
}

/// Column widths in characters, from the header and the first rows.
fn column_widths(rows: &ResultSet) -> Vec<usize> {
    rows.columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let header = column
                .name
                .chars()
                .count()
                .max(column.type_name.chars().count());
            let values = rows
                .rows
                .iter()
                .take(200)
                .filter_map(|row| row.get(i))
                .map(|value| grid_text(value).chars().count())
                .max()
                .unwrap_or(4);
            (header.max(values) + 3).clamp(6, 48)
        })
        .collect()
}

fn row_tsv(row: &[Cell]) -> String {
    row.iter()
        .map(|value| match value {
            Cell::Null => String::new(),
            other => other.to_text().replace(['\t', '\n'], " "),
        })
        .collect::<Vec<_>>()
        .join("\t")
}

fn to_tsv(rows: &ResultSet, order: &[usize]) -> String {
    let mut out = rows
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join("\t");
    for &i in order {
        out.push('\n');
        out.push_str(&row_tsv(&rows.rows[i]));
    }
    out
}

fn to_csv(rows: &ResultSet, order: &[usize]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(rows.columns.iter().map(|c| c.name.as_str()));
    for &i in order {
        let _ = writer.write_record(rows.rows[i].iter().map(|value| match value {
            Cell::Null => String::new(),
            other => other.to_text(),
        }));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // A BOM, so spreadsheet programs read Korean text as UTF-8.
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Writes text to the clipboard (`navigator.clipboard.writeText`).
pub fn write_clipboard(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into());
    if let Ok(clipboard) = clipboard {
        if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
            if let Ok(write) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(write) {
                let _ = write.call1(&clipboard, &text.into());
            }
        }
    }
}
