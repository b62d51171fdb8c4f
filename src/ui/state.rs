//! The app's state and the actions that change it. The [`Session`] part is
//! what survives a reload (IndexedDB); the rest lives as long as the page.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

use super::grid::Rows;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::outcome::{Output, StatementResult};
use crate::i18n::{rows_label, t, Lang, Text};

/// Bumped whenever [`Session`]'s format changes; other versions are not read.
pub const SESSION_VERSION: u32 = 1;
/// How many history entries are kept.
const HISTORY_LIMIT: usize = 200;

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

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The next theme in the toggle's cycle.
    pub fn next(self) -> Self {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The value of the page's `data-theme` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// An editor tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryTab {
    /// Stable id.
    pub id: u64,
    /// Its SQL.
    pub sql: String,
    /// Opened from a lesson: the next lesson block replaces it.
    #[serde(default)]
    pub lesson: bool,
}

impl QueryTab {
    /// The tab's title: the first words of its SQL.
    pub fn title(&self, lang: Lang, number: usize) -> String {
        let first = self
            .sql
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with("--"))
            .unwrap_or("");
        if first.is_empty() {
            return format!("{} {number}", lang.pick("쿼리", "Query"));
        }
        let mut title: String = first.chars().take(24).collect();
        if first.chars().count() > 24 {
            title.push('…');
        }
        title
    }
}

/// A run the learner did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When it finished (ms since the epoch).
    pub at: f64,
    /// What ran.
    pub sql: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// Rows, affected rows or the error, in short.
    pub summary: String,
    /// How long it took (ms).
    pub elapsed_ms: f64,
}

/// What survives a reload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// [`SESSION_VERSION`] when written.
    pub version: u32,
    /// Editor tabs.
    pub tabs: Vec<QueryTab>,
    /// The open tab's index.
    pub active_tab: usize,
    /// Newest first.
    pub history: Vec<HistoryEntry>,
    /// UI language.
    pub lang: Lang,
    /// Colour theme.
    pub theme: Theme,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            version: SESSION_VERSION,
            tabs: vec![QueryTab {
                id: 1,
                sql: String::new(),
                lesson: false,
            }],
            active_tab: 0,
            history: Vec::new(),
            lang: Lang::Ko,
            theme: Theme::System,
        }
    }
}

impl Session {
    /// Reads a stored session; a damaged or other-version one is an error.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let session: Session = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if session.version != SESSION_VERSION {
            return Err(format!("version {}", session.version));
        }
        if session.tabs.is_empty() {
            return Err("no tabs".to_owned());
        }
        let active_tab = session.active_tab.min(session.tabs.len() - 1);
        Ok(Self {
            active_tab,
            ..session
        })
    }

    /// Opens a new tab with `sql` and shows it.
    fn open_tab(&mut self, sql: String, lesson: bool) {
        let id = self.tabs.iter().map(|t| t.id).max().unwrap_or(0) + 1;
        self.tabs.push(QueryTab { id, sql, lesson });
        self.active_tab = self.tabs.len() - 1;
    }

    /// The open tab's SQL.
    pub fn active_sql(&self) -> &str {
        self.tabs
            .get(self.active_tab)
            .map(|t| t.sql.as_str())
            .unwrap_or("")
    }
}

/// The run being shown: statements so far, and the error if it failed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RunView {
    /// Finished statements, in order.
    pub statements: Vec<StatementResult>,
    /// Each statement's rows, shared with the views (None for other outputs).
    pub rows: Vec<Option<Rows>>,
    /// The error that stopped the run.
    pub error: Option<EngineError>,
    /// Where the run's text starts in the editor.
    pub from: usize,
    /// The text that ran.
    pub sql: String,
    /// Whether the run is over.
    pub done: bool,
    /// Round trip in the page (ms), once done.
    pub elapsed_ms: f64,
    /// Stopped by the learner.
    pub stopped: bool,
}

/// A message for the learner, in both languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Korean.
    pub ko: String,
    /// English.
    pub en: String,
    /// Shown as a warning rather than information.
    pub warning: bool,
}

impl RunView {
    /// Adds a finished statement.
    fn push(&mut self, statement: StatementResult) {
        self.rows.push(match &statement.output {
            Output::Rows(rows) => Some(Rows::new(rows.clone())),
            _ => None,
        });
        self.statements.push(statement);
    }
}

impl Notice {
    /// An informational notice.
    pub fn info(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ko: ko.into(),
            en: en.into(),
            warning: false,
        }
    }

    /// A warning.
    pub fn warning(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            warning: true,
            ..Self::info(ko, en)
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// Which side panel is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SidePanel {
    /// The course map and lessons.
    Lessons,
    /// Schemas, tables and columns.
    #[default]
    Schema,
    /// Query history.
    History,
}

/// Everything the shell renders.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// What survives a reload.
    pub session: Session,
    /// The session has been read from storage (or found absent).
    pub session_loaded: bool,
    /// Engine status.
    pub engine: EngineState,
    /// The running request: its id and when it started (ms).
    pub running: Option<(u64, f64)>,
    /// Id for the next request.
    pub next_id: u64,
    /// The run being shown.
    pub run: Option<Rc<RunView>>,
    /// The result tab shown (a statement's index).
    pub active_result: usize,
    /// A message for the learner.
    pub notice: Option<Notice>,
    /// The open side panel.
    pub side: SidePanel,
    /// Writes to IndexedDB not finished yet.
    pub saving: u32,
    /// The last data verification: tables checked and mismatches.
    pub verified: Option<(usize, Vec<String>)>,
    /// How many runs have finished (tests wait for it to change).
    pub completed: u64,
    /// Bumped when the open tab's SQL changes other than by typing, so the
    /// editor shows it.
    pub doc_version: u64,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            session: Session::default(),
            session_loaded: false,
            engine: EngineState::Starting,
            running: None,
            next_id: 1,
            run: None,
            active_result: 0,
            notice: None,
            side: SidePanel::Schema,
            saving: 0,
            verified: None,
            completed: 0,
            doc_version: 0,
        }
    }
}

/// Something that happened.
pub enum Action {
    /// The stored session was read (`None`: none stored).
    SessionLoaded(Option<Session>, Option<Notice>),
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
    /// The worker failed to start or to take a message.
    EngineFailed(String),
    /// A message for the learner.
    Notify(Notice),
    /// Close the message.
    DismissNotice,
    /// A run was sent.
    Started {
        /// Its id.
        id: u64,
        /// When (ms since page load).
        at: f64,
        /// Where its text starts in the editor.
        from: usize,
        /// The text.
        sql: String,
    },
    /// A statement of the running script finished.
    StatementDone {
        /// The request's id.
        id: u64,
        /// Its result.
        result: StatementResult,
    },
    /// The run finished.
    Ran {
        /// The request's id.
        id: u64,
        /// Every statement's result (the ones already streamed included).
        statements: Vec<StatementResult>,
        /// The error that stopped it.
        error: Option<EngineError>,
    },
    /// The learner stopped the run; a new worker is starting.
    Stopped,
    /// The worker failed with an error it did not catch (the reason); a new
    /// one is starting with the last workspace image.
    Crashed(String),
    /// Show a statement's result.
    ShowResult(usize),
    /// The open tab's SQL changed.
    EditSql(String),
    /// Open an editor tab.
    SelectTab(usize),
    /// A new, empty editor tab (or with this SQL).
    NewTab(String),
    /// SQL from a lesson: replaces a lesson tab or an empty one, else opens a tab.
    OpenLessonSql(String),
    /// Close an editor tab.
    CloseTab(usize),
    /// Open a side panel.
    Side(SidePanel),
    /// Switch Korean/English.
    ToggleLang,
    /// Next colour theme.
    NextTheme,
    /// A write to IndexedDB started (true) or ended (false).
    Saving(bool),
    /// Clear the history.
    ClearHistory,
    /// The data verification finished.
    Verified {
        /// Tables checked.
        checked: usize,
        /// Tables whose bytes differ.
        mismatched: Vec<String>,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if matches!(
            action,
            Action::SessionLoaded(..)
                | Action::NewTab(_)
                | Action::OpenLessonSql(_)
                | Action::SelectTab(_)
                | Action::CloseTab(_)
        ) {
            next.doc_version += 1;
        }
        match action {
            Action::SessionLoaded(session, notice) => {
                if let Some(session) = session {
                    next.session = session;
                }
                next.session_loaded = true;
                if notice.is_some() {
                    next.notice = notice;
                }
            }
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
            Action::EngineFailed(error) => {
                next.engine = EngineState::Failed(error);
                next.running = None;
            }
            Action::Notify(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::Started { id, at, from, sql } => {
                next.running = Some((id, at));
                next.next_id = id + 1;
                next.run = Some(Rc::new(RunView {
                    from,
                    sql,
                    ..RunView::default()
                }));
                next.active_result = 0;
            }
            Action::StatementDone { id, result } => {
                if next.running.map(|(running, _)| running) == Some(id) {
                    let mut run = next.run.as_deref().cloned().unwrap_or_default();
                    run.push(result);
                    next.active_result = run.statements.len() - 1;
                    next.run = Some(Rc::new(run));
                }
            }
            Action::Ran {
                id,
                statements,
                error,
            } => {
                if let Some((running, started)) = next.running {
                    if running == id {
                        next.running = None;
                        let mut run = next.run.as_deref().cloned().unwrap_or_default();
                        if run.statements.len() != statements.len() {
                            run.statements.clear();
                            run.rows.clear();
                            statements.into_iter().for_each(|s| run.push(s));
                        }
                        run.error = error;
                        next.active_result = if run.error.is_some() {
                            run.statements.len()
                        } else {
                            run.statements.len().saturating_sub(1)
                        };
                        next.finish(run, started);
                    }
                }
            }
            Action::Stopped => {
                if let Some((_, started)) = next.running.take() {
                    let mut run = next.run.as_deref().cloned().unwrap_or_default();
                    run.stopped = true;
                    next.finish(run, started);
                }
                next.engine = EngineState::Starting;
            }
            Action::Crashed(reason) => {
                let ko = format!(
                    "엔진이 오류로 멈췄습니다 ({reason}). 엔진을 다시 시작하고, 마지막으로 저장된 작업 공간을 복원했습니다."
                );
                let en = format!(
                    "The engine failed ({reason}). It was restarted with the last saved workspace."
                );
                match next.running.take() {
                    Some((_, started)) => {
                        let mut run = next.run.as_deref().cloned().unwrap_or_default();
                        run.error = Some(EngineError::msg(ErrorKind::Execution, ko, en));
                        next.finish(run, started);
                    }
                    None => next.notice = Some(Notice::warning(ko, en)),
                }
                next.engine = EngineState::Starting;
            }
            Action::ShowResult(index) => next.active_result = index,
            Action::EditSql(sql) => {
                let active = next.session.active_tab;
                if let Some(tab) = next.session.tabs.get_mut(active) {
                    if tab.sql != sql {
                        tab.sql = sql;
                        tab.lesson = false;
                    }
                }
            }
            Action::SelectTab(index) => {
                if index < next.session.tabs.len() {
                    next.session.active_tab = index;
                }
            }
            Action::NewTab(sql) => next.session.open_tab(sql, false),
            Action::OpenLessonSql(sql) => {
                let active = next.session.active_tab;
                match next.session.tabs.get_mut(active) {
                    Some(tab) if tab.lesson || tab.sql.trim().is_empty() => {
                        tab.sql = sql;
                        tab.lesson = true;
                    }
                    _ => next.session.open_tab(sql, true),
                }
            }
            Action::CloseTab(index) => {
                if next.session.tabs.len() > 1 && index < next.session.tabs.len() {
                    next.session.tabs.remove(index);
                    let active = next.session.active_tab;
                    next.session.active_tab = if active > index || active >= next.session.tabs.len()
                    {
                        active.saturating_sub(1)
                    } else {
                        active
                    };
                }
            }
            Action::Side(panel) => next.side = panel,
            Action::ToggleLang => next.session.lang = next.session.lang.toggled(),
            Action::NextTheme => next.session.theme = next.session.theme.next(),
            Action::Saving(true) => next.saving += 1,
            Action::Saving(false) => next.saving = next.saving.saturating_sub(1),
            Action::ClearHistory => next.session.history.clear(),
            Action::Verified {
                checked,
                mismatched,
            } => next.verified = Some((checked, mismatched)),
        }
        Rc::new(next)
    }
}

impl AppState {
    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.session.lang
    }

    /// Ends the run started at `started` (ms): shown as done, with its
    /// time, and added to the history.
    fn finish(&mut self, mut run: RunView, started: f64) {
        run.done = true;
        run.elapsed_ms = super::now_ms() - started;
        self.remember(&run);
        self.run = Some(Rc::new(run));
        self.completed += 1;
    }

    /// Adds a finished run to the history.
    fn remember(&mut self, run: &RunView) {
        let lang = self.session.lang;
        let entry = HistoryEntry {
            at: js_now(),
            sql: run.sql.trim().to_owned(),
            ok: run.error.is_none() && !run.stopped,
            summary: run_summary(run, lang),
            elapsed_ms: run.elapsed_ms,
        };
        self.session.history.insert(0, entry);
        self.session.history.truncate(HISTORY_LIMIT);
    }

    /// The status line after a run: rows or what the last statement did, time, statements.
    pub fn summary(&self) -> String {
        let lang = self.lang();
        match &self.run {
            Some(run) if run.done => {
                let base = run_summary(run, lang);
                format!("{base} · {:.0} ms", run.elapsed_ms)
            }
            _ => t(lang, Text::Ready).to_owned(),
        }
    }
}

/// One line on what a run did.
pub fn run_summary(run: &RunView, lang: Lang) -> String {
    if run.stopped {
        return lang.pick("중지됨", "Stopped").to_owned();
    }
    let count = run.statements.len() + usize::from(run.error.is_some());
    let what = match (&run.error, run.statements.last()) {
        (Some(error), _) => match lang {
            Lang::Ko => format!("오류: {}", error.message.ko),
            Lang::En => format!("Error: {}", error.message.en),
        },
        (None, Some(last)) => statement_summary(last, lang),
        (None, None) => t(lang, Text::Ready).to_owned(),
    };
    if count > 1 {
        format!("{what} · {}", statements_label(lang, count))
    } else {
        what
    }
}

/// What one statement did, in short.
pub fn statement_summary(statement: &StatementResult, lang: Lang) -> String {
    match &statement.output {
        Output::Rows(rows) => rows_label(lang, rows.rows.len()),
        Output::Affected { command, rows } => format!("{command} {}", rows_label(lang, *rows)),
        Output::Command(tag) => tag.clone(),
    }
}

fn statements_label(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Ko => format!("{n}개 문장"),
        Lang::En => format!("{n} statements"),
    }
}

fn js_now() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_of_other_versions_are_refused() {
        let json = serde_json::to_string(&Session::default()).unwrap_or_default();
        assert!(Session::from_json(&json).is_ok());
        let old = json.replace("\"version\":1", "\"version\":0");
        assert!(Session::from_json(&old).is_err());
        assert!(Session::from_json("{not json").is_err());
    }

    #[test]
    fn tab_titles_come_from_the_sql() {
        let tab = QueryTab {
            id: 1,
            lesson: false,
            sql: "-- note\nSELECT userid, channel FROM raw_data.user_session_channel".into(),
        };
        assert_eq!(tab.title(Lang::En, 1), "SELECT userid, channel F…");
        let empty = QueryTab {
            id: 2,
            lesson: false,
            sql: String::new(),
        };
        assert_eq!(empty.title(Lang::Ko, 2), "쿼리 2");
    }
}
