//! The progress file: the learner's name, export as a JSON file, import one
//! (from another browser or profile), so a study leader can collect them.

use std::rc::Rc;

use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::error::Message;
use crate::i18n::Lang;
use crate::lessons::progress::{export_file_name, Progress};

/// Properties of [`ProgressTools`].
#[derive(Properties, PartialEq)]
pub struct ProgressToolsProps {
    /// UI language.
    pub lang: Lang,
    /// The learner's progress.
    pub progress: Rc<Progress>,
    /// Offer a file for download: (file name, JSON text); the app saves it
    /// as `application/json`.
    pub on_export: Callback<(String, String)>,
    /// A progress file was read: merge it into the learner's (`Progress::merge`).
    pub on_import: Callback<Progress>,
    /// The learner changed their name (blank clears it: `Progress::set_learner`).
    pub on_learner: Callback<String>,
}

/// What the last export or import said.
#[derive(Clone, PartialEq)]
enum Notice {
    Done(Message),
    Failed(Message),
}

/// Name field, "Export progress" and "Import progress".
#[function_component(ProgressTools)]
pub fn progress_tools(props: &ProgressToolsProps) -> Html {
    let lang = props.lang;
    let notice = use_state(|| None::<Notice>);

    let export = {
        let progress = props.progress.clone();
        let on_export = props.on_export.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| match progress.to_json() {
            Ok(json) => {
                let offset = -js_sys::Date::new_0().get_timezone_offset() as i32;
                on_export.emit((export_file_name(js_sys::Date::now(), offset), json));
                notice.set(None);
            }
            Err(message) => notice.set(Some(Notice::Failed(message))),
        })
    };

    let import = {
        let on_import = props.on_import.clone();
        let notice = notice.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let on_import = on_import.clone();
            let notice = notice.clone();
            spawn_local(async move {
                let read = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|text| text.as_string());
                let outcome = match read {
                    Some(text) => Progress::from_json(&text),
                    None => Err(Message::new(
                        "파일을 읽지 못했습니다.",
                        "The file could not be read.",
                    )),
                };
                match outcome {
                    Ok(progress) => {
                        notice.set(Some(Notice::Done(imported(progress.exercises.len()))));
                        on_import.emit(progress);
                    }
                    Err(message) => notice.set(Some(Notice::Failed(message))),
                }
            });
        })
    };

    let learner = {
        let on_learner = props.on_learner.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                on_learner.emit(input.value());
            }
        })
    };

    html! {
        <section class="progress-tools" aria-label={lang.pick("진도 파일", "Progress file")}>
            <label class="progress-learner">
                <span>{ lang.pick("이름 (선택)", "Name (optional)") }</span>
                <input type="text" data-testid="learner-name" maxlength="60" autocomplete="name"
                    value={props.progress.learner.clone().unwrap_or_default()}
                    placeholder={lang.pick("스터디에서 쓰는 이름", "The name your study group knows")}
                    onchange={learner} />
            </label>
            <div class="progress-buttons">
                <button data-testid="export-progress" onclick={export}
                    title={lang.pick("풀이 기록을 JSON 파일로 내려받습니다.", "Download your exercise record as a JSON file.")}>
                    { lang.pick("진도 내보내기", "Export progress") }
                </button>
                <label class="button-like" title={lang.pick(
                    "내보낸 진도 파일을 지금 기록에 합칩니다.",
                    "Merge an exported progress file into your record.",
                )}>
                    { lang.pick("진도 가져오기", "Import progress") }
                    <input type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="import-progress" onchange={import} />
                </label>
            </div>
            { match &*notice {
                Some(Notice::Done(message)) => html! {
                    <p class="progress-notice" data-testid="import-done" role="status">
                        { message.text(lang.code()) }
                    </p>
                },
                Some(Notice::Failed(message)) => html! {
                    <p class="progress-notice failed" data-testid="progress-error" role="alert">
                        { message.text(lang.code()) }
                    </p>
                },
                None => Html::default(),
            } }
        </section>
    }
}

/// "Imported the record of N exercises".
fn imported(exercises: usize) -> Message {
    Message::new(
        format!("진도를 가져왔습니다: 문제 {exercises}개의 기록을 합쳤습니다."),
        format!("Progress imported: the record of {exercises} exercises was merged."),
    )
}
