//! The app's state and the actions that change it.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::outcome::{Output, RunOutput};
use crate::i18n::{rows_label, t, Lang, Text};

/// Whether the engine worker can take queries.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineState {
    /// Starting the worker.
    Starting,
    /// Generating and loading the course tables.
    Loading {
        /// `schema.table` being loaded.
        table: String,
        /// 1-based position.
        index: usize,
        /// How many tables.
        total: usize,
    },
    /// Accepting queries.
    Ready,
    /// Could not start; the message says why.
    Failed(String),
}

/// Everything the shell renders.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// UI language.
    pub lang: Lang,
    /// Engine status.
    pub engine: EngineState,
    /// The running request: its id and when it started (ms).
    pub running: Option<(u64, f64)>,
    /// Id for the next request.
    pub next_id: u64,
    /// The last finished run and how long it took in the page (ms).
    pub last: Option<Rc<RunOutput>>,
    /// Round-trip time of the last run, in ms.
    pub last_elapsed_ms: f64,
    /// A problem loading the datasets, shown until the next run.
    pub load_error: Option<String>,
    /// The last data verification: tables checked and mismatches.
    pub verified: Option<(usize, Vec<String>)>,
    /// How many runs have finished (tests wait for it to change).
    pub completed: u64,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            lang: Lang::Ko,
            engine: EngineState::Starting,
            running: None,
            next_id: 1,
            last: None,
            last_elapsed_ms: 0.0,
            load_error: None,
            verified: None,
            completed: 0,
        }
    }
}

/// Something that happened.
pub enum Action {
    /// The worker is loading a table.
    Loading {
        /// `schema.table`.
        table: String,
        /// 1-based position.
        index: usize,
        /// How many tables.
        total: usize,
    },
    /// The worker is ready.
    EngineReady,
    /// The datasets did not load; the engine still runs.
    LoadFailed(String),
    /// The data verification finished.
    Verified {
        /// Tables checked.
        checked: usize,
        /// Tables whose bytes differ.
        mismatched: Vec<String>,
    },
    /// The worker failed to start or to take a message.
    EngineFailed(String),
    /// A request was sent.
    Started {
        /// Its id.
        id: u64,
        /// When (ms since page load).
        at: f64,
    },
    /// A run finished.
    Ran {
        /// The request's id.
        id: u64,
        /// Its outcome.
        output: RunOutput,
    },
    /// Switch Korean/English.
    ToggleLang,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loading {
                table,
                index,
                total,
            } => {
                next.engine = EngineState::Loading {
                    table,
                    index,
                    total,
                }
            }
            Action::EngineReady => next.engine = EngineState::Ready,
            Action::LoadFailed(error) => {
                next.engine = EngineState::Ready;
                next.load_error = Some(error);
            }
            Action::Verified {
                checked,
                mismatched,
            } => next.verified = Some((checked, mismatched)),
            Action::EngineFailed(error) => {
                next.engine = EngineState::Failed(error);
                next.running = None;
            }
            Action::Started { id, at } => {
                next.running = Some((id, at));
                next.next_id = id + 1;
            }
            Action::Ran { id, output } => {
                if let Some((running, started)) = next.running {
                    if running == id {
                        next.running = None;
                        next.last_elapsed_ms = super::now_ms() - started;
                    }
                }
                next.last = Some(Rc::new(output));
                next.completed += 1;
            }
            Action::ToggleLang => next.lang = next.lang.toggled(),
        }
        Rc::new(next)
    }
}

impl AppState {
    /// The status line after a run: rows or what the last statement did, and time.
    pub fn summary(&self, lang: Lang) -> String {
        let Some(output) = &self.last else {
            return t(lang, Text::Ready).to_owned();
        };
        let elapsed = format!("{:.0} ms", self.last_elapsed_ms);
        match (&output.error, output.statements.last()) {
            (Some(_), _) => format!("{} · {elapsed}", lang.pick("오류", "Error")),
            (None, Some(last)) => {
                let what = match &last.output {
                    Output::Rows(rows) => rows_label(lang, rows.rows.len()),
                    Output::Affected { command, rows } => {
                        format!("{command} {}", rows_label(lang, *rows))
                    }
                    Output::Command(tag) => tag.clone(),
                };
                match output.statements.len() {
                    1 => format!("{what} · {elapsed}"),
                    n => format!("{what} · {elapsed} · {}", statements_label(lang, n)),
                }
            }
            (None, None) => t(lang, Text::Ready).to_owned(),
        }
    }
}

fn statements_label(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Ko => format!("{n}개 문장"),
        Lang::En => format!("{n} statements"),
    }
}
