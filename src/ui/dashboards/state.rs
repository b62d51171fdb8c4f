//! The learner's dashboards ([`DashboardsState`]), what changes them
//! ([`DashboardsAction`]), and their stored form.
//!
//! Card ids are unique across every dashboard and the shared one waiting
//! for confirmation, so one map holds the outcome of every card's last run.
//! Times come in actions ([`RanAt`]); the reducer never reads a clock.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::charts::{example_dashboard, Card, CardView, CardWidth, ChartSpec, Dashboard};
use crate::engine::error::Message;
use crate::engine::outcome::{Output, ResultSet, RunOutput};
use crate::i18n::Lang;

/// The IndexedDB key of the stored dashboards (JSON, [`DashboardsState::to_json`]).
pub const DASHBOARDS_KEY: &str = "dashboards";

/// The marker of the stored JSON.
const FORMAT: &str = "tabhouse-dashboards";

/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// When a card's query finished: ms since the epoch and the local offset
/// from UTC in minutes (east positive), so the local time can be written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RanAt {
    /// Milliseconds since the epoch.
    pub epoch_ms: f64,
    /// Local time minus UTC, in minutes.
    pub utc_offset_minutes: i32,
}

impl RanAt {
    /// The browser's clock now.
    pub fn now() -> Self {
        let date = js_sys::Date::new_0();
        Self {
            epoch_ms: date.get_time(),
            utc_offset_minutes: -(date.get_timezone_offset() as i32),
        }
    }

    /// The local time as `YYYY-MM-DD HH:MM:SS` (empty when out of range).
    pub fn local_text(self) -> String {
        let local_ms = self.epoch_ms as i64 + i64::from(self.utc_offset_minutes) * 60_000;
        chrono::DateTime::from_timestamp_millis(local_ms)
            .map(|time| time.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    }
}

/// What a card's last run gave, while the page is open (not stored).
#[derive(Clone, Debug, Default)]
pub struct CardOutcome {
    /// The result set shown.
    pub result: Option<Rc<ResultSet>>,
    /// Why the last run failed.
    pub error: Option<Message>,
    /// A run is under way (the previous result stays shown meanwhile).
    pub running: bool,
    /// When the last run finished (ms since the epoch).
    pub ran_at: Option<f64>,
}

impl PartialEq for CardOutcome {
    /// Results compare by identity: every run makes a new one.
    fn eq(&self, other: &Self) -> bool {
        let same_result = match (&self.result, &other.result) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_result
            && self.error == other.error
            && self.running == other.running
            && self.ran_at == other.ran_at
    }
}

/// A card's move within its dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// One place earlier.
    Up,
    /// One place later.
    Down,
}

/// The dashboards of the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DashboardsState {
    /// The learner's dashboards (stored).
    pub dashboards: Vec<Dashboard>,
    /// The index of the dashboard shown (0 when there is none).
    pub current: usize,
    /// The last run of each card, by card id.
    pub outcomes: Rc<HashMap<String, CardOutcome>>,
    /// A dashboard from a share link, waiting for the learner to confirm.
    pub pending_shared: Option<Dashboard>,
    /// Counts the changes to `dashboards`: save them when it changes and is
    /// above 0.
    pub revision: u64,
}

/// Something that happened to the dashboards.
#[derive(Clone, Debug, PartialEq)]
pub enum DashboardsAction {
    /// The stored dashboards were read ([`DashboardsState::from_json`]); any
    /// made before that stay, after them.
    Loaded(Vec<Dashboard>),
    /// A new empty dashboard, shown.
    New(Lang),
    /// The shown dashboard gets this title (blank is ignored).
    Rename(String),
    /// The shown dashboard is deleted.
    Delete,
    /// Show the dashboard at this index.
    Select(usize),
    /// A copy of the course's example dashboard, owned by the learner, shown.
    OpenExample(Lang),
    /// A query and its chart pinned to the shown dashboard (a new "My
    /// dashboard" when there is none).
    Pin {
        /// UI language, for the title of a new dashboard.
        lang: Lang,
        /// The card's title.
        title: String,
        /// The query.
        sql: String,
        /// The chart; None uses the proposed one.
        chart: Option<ChartSpec>,
        /// How the result is shown.
        view: CardView,
    },
    /// A card moves up or down in its dashboard.
    MoveCard(String, Move),
    /// A card switches between one and two columns.
    ResizeCard(String),
    /// A card is removed.
    RemoveCard(String),
    /// A card's query was sent to the worker.
    CardStarted(String),
    /// A card's query returned this result.
    CardResult(String, ResultSet, RanAt),
    /// A card's query failed.
    CardError(String, Message, RanAt),
    /// A dashboard arrived in a share link: it waits for confirmation.
    SharedReceived(Dashboard),
    /// The learner accepted the shared dashboard: it is added and shown
    /// (the view then runs its cards).
    AcceptShared,
    /// The learner declined the shared dashboard.
    DismissShared,
}

impl Reducible for DashboardsState {
    type Action = DashboardsAction;

    fn reduce(self: Rc<Self>, action: DashboardsAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next.dashboards != self.dashboards {
            next.revision += 1;
        }
        Rc::new(next)
    }
}

impl DashboardsState {
    /// The dashboard shown, if any.
    pub fn current_dashboard(&self) -> Option<&Dashboard> {
        self.dashboards.get(self.current)
    }

    /// The last run of a card, if it ran in this page.
    pub fn outcome(&self, card_id: &str) -> Option<&CardOutcome> {
        self.outcomes.get(card_id)
    }

    /// The dashboards as stored: JSON with a format marker and version.
    pub fn to_json(&self) -> Result<String, Message> {
        serde_json::to_string(&Stored {
            format: FORMAT.to_owned(),
            version: VERSION,
            dashboards: self.dashboards.clone(),
        })
        .map_err(|e| {
            Message::new(
                format!("대시보드를 저장할 형태로 만들지 못했습니다: {e}"),
                format!("The dashboards could not be written: {e}"),
            )
        })
    }

    /// The stored dashboards, or why they cannot be read (Korean and English).
    pub fn from_json(text: &str) -> Result<Vec<Dashboard>, Message> {
        let damaged = |detail: String| {
            Message::new(
                format!("저장된 대시보드가 손상되어 읽을 수 없습니다 ({detail})."),
                format!("The saved dashboards are damaged and cannot be read ({detail})."),
            )
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| damaged(e.to_string()))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(damaged("no format marker".to_owned()));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(version) if version == u64::from(VERSION) => {}
            Some(version) if version > u64::from(VERSION) => {
                return Err(Message::new(
                    format!("더 새로운 버전(형식 {version})에서 저장한 대시보드라 읽을 수 없습니다. 페이지를 새로고침해 보세요."),
                    format!("The dashboards were saved by a newer version (format {version}); try reloading the page."),
                ))
            }
            _ => return Err(damaged("unknown version".to_owned())),
        }
        let stored: Stored = serde_json::from_value(value).map_err(|e| damaged(e.to_string()))?;
        Ok(stored.dashboards)
    }

    fn apply(&mut self, action: DashboardsAction) {
        match action {
            DashboardsAction::Loaded(stored) => self.loaded(stored),
            DashboardsAction::New(lang) => {
                let title = self.unique_title(lang.pick("새 대시보드", "New dashboard"));
                self.show_new(Dashboard {
                    title,
                    cards: Vec::new(),
                });
            }
            DashboardsAction::Rename(title) => {
                let title = title.trim();
                if let Some(dashboard) = self.dashboards.get_mut(self.current) {
                    if !title.is_empty() {
                        dashboard.title = title.to_owned();
                    }
                }
            }
            DashboardsAction::Delete => {
                if self.current < self.dashboards.len() {
                    let removed = self.dashboards.remove(self.current);
                    let outcomes = Rc::make_mut(&mut self.outcomes);
                    for card in &removed.cards {
                        outcomes.remove(&card.id);
                    }
                    self.current = self.current.min(self.dashboards.len().saturating_sub(1));
                }
            }
            DashboardsAction::Select(index) => {
                if index < self.dashboards.len() {
                    self.current = index;
                }
            }
            DashboardsAction::OpenExample(lang) => {
                let mut example = example_dashboard(lang);
                example.title = self.unique_title(&example.title);
                let example = self.with_unique_ids(example);
                self.show_new(example);
            }
            DashboardsAction::Pin {
                lang,
                title,
                sql,
                chart,
                view,
            } => self.pin(lang, title, sql, chart, view),
            DashboardsAction::MoveCard(id, direction) => {
                if let Some((d, i)) = self.find(&id) {
                    let cards = &mut self.dashboards[d].cards;
                    let target = match direction {
                        Move::Up => i.checked_sub(1),
                        Move::Down => Some(i + 1).filter(|&j| j < cards.len()),
                    };
                    if let Some(j) = target {
                        cards.swap(i, j);
                    }
                }
            }
            DashboardsAction::ResizeCard(id) => {
                if let Some(card) = self.card_mut(&id) {
                    card.width = match card.width {
                        CardWidth::One => CardWidth::Two,
                        CardWidth::Two => CardWidth::One,
                    };
                }
            }
            DashboardsAction::RemoveCard(id) => {
                if let Some((d, i)) = self.find(&id) {
                    self.dashboards[d].cards.remove(i);
                    Rc::make_mut(&mut self.outcomes).remove(&id);
                }
            }
            DashboardsAction::CardStarted(id) => {
                if self.find(&id).is_some() {
                    let outcomes = Rc::make_mut(&mut self.outcomes);
                    outcomes.entry(id).or_default().running = true;
                }
            }
            DashboardsAction::CardResult(id, result, at) => {
                self.finished(id, Some(Rc::new(result)), None, at)
            }
            DashboardsAction::CardError(id, message, at) => {
                self.finished(id, None, Some(message), at)
            }
            DashboardsAction::SharedReceived(dashboard) => {
                self.pending_shared = None;
                let mut dashboard = self.with_unique_ids(dashboard);
                for card in &mut dashboard.cards {
                    card.last_run = None;
                }
                self.pending_shared = Some(dashboard);
            }
            DashboardsAction::AcceptShared => {
                if let Some(mut dashboard) = self.pending_shared.take() {
                    dashboard.title = self.unique_title(&dashboard.title);
                    self.show_new(dashboard);
                }
            }
            DashboardsAction::DismissShared => self.pending_shared = None,
        }
    }

    /// Stored dashboards first, then any made before they were read.
    fn loaded(&mut self, stored: Vec<Dashboard>) {
        let mut taken = self.card_ids();
        let stored: Vec<Dashboard> = stored
            .into_iter()
            .map(|dashboard| unique_ids(dashboard, &mut taken))
            .collect();
        let made_here = std::mem::take(&mut self.dashboards);
        self.current = if made_here.is_empty() {
            0
        } else {
            self.current + stored.len()
        };
        self.dashboards = stored;
        self.dashboards.extend(made_here);
    }

    fn pin(
        &mut self,
        lang: Lang,
        title: String,
        sql: String,
        chart: Option<ChartSpec>,
        view: CardView,
    ) {
        if self.current >= self.dashboards.len() {
            let title = self.unique_title(lang.pick("내 대시보드", "My dashboard"));
            self.show_new(Dashboard {
                title,
                cards: Vec::new(),
            });
        }
        let id = fresh_id("card", &self.card_ids());
        let title = match title.trim() {
            "" => lang.pick("제목 없는 카드", "Untitled card").to_owned(),
            title => title.to_owned(),
        };
        if let Some(dashboard) = self.dashboards.get_mut(self.current) {
            dashboard.cards.push(Card {
                id,
                title,
                sql,
                chart,
                view,
                width: CardWidth::One,
                last_run: None,
            });
        }
    }

    /// Records the end of a card's run (ignored for a card removed meanwhile).
    fn finished(
        &mut self,
        id: String,
        result: Option<Rc<ResultSet>>,
        error: Option<Message>,
        at: RanAt,
    ) {
        let Some(card) = self.card_mut(&id) else {
            return;
        };
        card.last_run = Some(at.local_text());
        Rc::make_mut(&mut self.outcomes).insert(
            id,
            CardOutcome {
                result,
                error,
                running: false,
                ran_at: Some(at.epoch_ms),
            },
        );
    }

    fn show_new(&mut self, dashboard: Dashboard) {
        self.dashboards.push(dashboard);
        self.current = self.dashboards.len() - 1;
    }

    /// The dashboard and position of a card.
    fn find(&self, id: &str) -> Option<(usize, usize)> {
        self.dashboards
            .iter()
            .enumerate()
            .find_map(|(d, dashboard)| {
                let i = dashboard.cards.iter().position(|card| card.id == id)?;
                Some((d, i))
            })
    }

    fn card_mut(&mut self, id: &str) -> Option<&mut Card> {
        let (d, i) = self.find(id)?;
        self.dashboards.get_mut(d)?.cards.get_mut(i)
    }

    /// Every card id in use, the shared dashboard's included.
    fn card_ids(&self) -> HashSet<String> {
        self.dashboards
            .iter()
            .chain(&self.pending_shared)
            .flat_map(|dashboard| dashboard.cards.iter().map(|card| card.id.clone()))
            .collect()
    }

    /// `dashboard` with card ids no other card uses.
    fn with_unique_ids(&self, dashboard: Dashboard) -> Dashboard {
        unique_ids(dashboard, &mut self.card_ids())
    }

    /// `base`, or `base (N)` when a dashboard already has that title.
    fn unique_title(&self, base: &str) -> String {
        let taken = |title: &str| self.dashboards.iter().any(|d| d.title == title);
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|title| !taken(title))
            .unwrap_or_default()
    }
}

/// `dashboard` with each card id not in `taken` (`mau`, `mau-2`...; a taken
/// `card-1` becomes the next free `card-N`); its ids are added to `taken`.
fn unique_ids(mut dashboard: Dashboard, taken: &mut HashSet<String>) -> Dashboard {
    for card in &mut dashboard.cards {
        if card.id.is_empty() || taken.contains(&card.id) {
            card.id = fresh_id(id_base(&card.id), taken);
        }
        taken.insert(card.id.clone());
    }
    dashboard
}

/// An id without its `-N` suffix (`card` for an empty one).
fn id_base(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((base, n))
            if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ if id.is_empty() => "card",
        _ => id,
    }
}

/// `base-N` for the smallest N from 2 (from 1 for `card`) not taken.
fn fresh_id(base: &str, taken: &HashSet<String>) -> String {
    let first = if base == "card" { 1 } else { 2 };
    (first..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

/// The stored JSON.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    version: u32,
    dashboards: Vec<Dashboard>,
}

/// What a card shows after its script ran: the last result set, or why
/// there is none (the error that stopped the script, or no query).
pub fn card_result(output: RunOutput) -> Result<ResultSet, Message> {
    if let Some(error) = output.error {
        return Err(Message::new(error.render("ko"), error.render("en")));
    }
    output
        .statements
        .into_iter()
        .rev()
        .find_map(|statement| match statement.output {
            Output::Rows(result) => Some(result),
            _ => None,
        })
        .ok_or_else(|| {
            Message::new(
                "이 카드의 SQL은 결과 행을 돌려주지 않습니다. SELECT 문이어야 합니다.",
                "This card's SQL returns no rows: it should be a SELECT.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{ChartKind, PivotSpec};
    use crate::engine::error::{EngineError, ErrorKind};
    use crate::engine::outcome::{Cell, Column, StatementResult};

    fn reduce(state: DashboardsState, actions: Vec<DashboardsAction>) -> DashboardsState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn pin(title: &str) -> DashboardsAction {
        DashboardsAction::Pin {
            lang: Lang::En,
            title: title.to_owned(),
            sql: format!("SELECT '{title}' AS t, 1 AS n"),
            chart: None,
            view: CardView::Chart,
        }
    }

    fn ids(state: &DashboardsState) -> Vec<&str> {
        state
            .current_dashboard()
            .map(|d| d.cards.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default()
    }

    fn one_row() -> ResultSet {
        ResultSet {
            columns: vec![Column {
                name: "n".to_owned(),
                type_name: "INTEGER".to_owned(),
            }],
            rows: vec![vec![Cell::Int(1)]],
        }
    }

    /// 2025-05-14 00:30:00 UTC, in Seoul (UTC+9).
    const SEOUL: RanAt = RanAt {
        epoch_ms: 1_747_182_600_000.0,
        utc_offset_minutes: 540,
    };

    #[test]
    fn pin_makes_my_dashboard_then_adds_to_the_shown_one() {
        let state = reduce(
            DashboardsState::default(),
            vec![pin("first"), pin("  "), pin("third")],
        );
        assert_eq!(state.dashboards.len(), 1);
        let dashboard = &state.dashboards[0];
        assert_eq!(dashboard.title, "My dashboard");
        assert_eq!(ids(&state), ["card-1", "card-2", "card-3"]);
        assert_eq!(dashboard.cards[1].title, "Untitled card");
        assert_eq!(dashboard.cards[0].width, CardWidth::One);
        assert_eq!(state.revision, 3);
    }

    #[test]
    fn example_copies_are_the_learners_with_unique_titles_and_ids() {
        let state = reduce(
            DashboardsState::default(),
            vec![
                DashboardsAction::OpenExample(Lang::Ko),
                DashboardsAction::OpenExample(Lang::Ko),
            ],
        );
        assert_eq!(state.dashboards.len(), 2);
        assert_eq!(state.current, 1);
        assert_eq!(state.dashboards[0].title, "코스 대시보드");
        assert_eq!(state.dashboards[1].title, "코스 대시보드 (2)");
        assert_eq!(state.dashboards[0].cards[0].id, "mau");
        assert_eq!(state.dashboards[1].cards[0].id, "mau-2");
        assert_eq!(state.dashboards[0].cards.len(), 5);
        let state = reduce(state, vec![DashboardsAction::Rename("매출 ".to_owned())]);
        assert_eq!(state.dashboards[1].title, "매출");
        assert_eq!(state.dashboards[0].cards, example_dashboard(Lang::Ko).cards);
    }

    #[test]
    fn cards_move_resize_and_go() {
        let state = reduce(
            DashboardsState::default(),
            vec![pin("a"), pin("b"), pin("c")],
        );
        let state = reduce(
            state,
            vec![
                DashboardsAction::MoveCard("card-1".to_owned(), Move::Up),
                DashboardsAction::MoveCard("card-3".to_owned(), Move::Down),
            ],
        );
        assert_eq!(ids(&state), ["card-1", "card-2", "card-3"]);
        let state = reduce(
            state,
            vec![
                DashboardsAction::MoveCard("card-1".to_owned(), Move::Down),
                DashboardsAction::MoveCard("card-3".to_owned(), Move::Up),
                DashboardsAction::ResizeCard("card-2".to_owned()),
            ],
        );
        assert_eq!(ids(&state), ["card-2", "card-3", "card-1"]);
        assert_eq!(state.dashboards[0].cards[0].width, CardWidth::Two);
        let state = reduce(
            state,
            vec![
                DashboardsAction::ResizeCard("card-2".to_owned()),
                DashboardsAction::CardResult("card-3".to_owned(), one_row(), SEOUL),
                DashboardsAction::RemoveCard("card-3".to_owned()),
                DashboardsAction::RemoveCard("nope".to_owned()),
            ],
        );
        assert_eq!(ids(&state), ["card-2", "card-1"]);
        assert_eq!(state.dashboards[0].cards[0].width, CardWidth::One);
        assert!(state.outcome("card-3").is_none());
        let state = reduce(state, vec![pin("d")]);
        assert_eq!(ids(&state), ["card-2", "card-1", "card-3"]);
    }

    #[test]
    fn runs_record_their_outcome_and_local_time() {
        let state = reduce(
            DashboardsState::default(),
            vec![
                pin("a"),
                pin("b"),
                DashboardsAction::CardStarted("card-1".to_owned()),
                DashboardsAction::CardStarted("gone".to_owned()),
            ],
        );
        assert!(state.outcome("card-1").is_some_and(|o| o.running));
        assert!(state.outcome("gone").is_none());
        let revision = state.revision;
        let state = reduce(
            state,
            vec![
                DashboardsAction::CardResult("card-1".to_owned(), one_row(), SEOUL),
                DashboardsAction::CardError(
                    "card-2".to_owned(),
                    Message::new("없음", "missing"),
                    SEOUL,
                ),
                DashboardsAction::CardResult("gone".to_owned(), one_row(), SEOUL),
            ],
        );
        let done = state.outcome("card-1").cloned().unwrap_or_default();
        assert!(!done.running);
        assert_eq!(done.result.as_deref(), Some(&one_row()));
        assert_eq!(done.ran_at, Some(SEOUL.epoch_ms));
        let failed = state.outcome("card-2").cloned().unwrap_or_default();
        assert_eq!(failed.error, Some(Message::new("없음", "missing")));
        assert!(failed.result.is_none());
        let cards = &state.dashboards[0].cards;
        assert_eq!(cards[0].last_run.as_deref(), Some("2025-05-14 09:30:00"));
        assert_eq!(cards[1].last_run.as_deref(), Some("2025-05-14 09:30:00"));
        assert_eq!(state.revision, revision + 2);
        assert_eq!(state.outcomes.len(), 2);
    }

    #[test]
    fn a_shared_dashboard_waits_for_confirmation() {
        let mut shared = example_dashboard(Lang::En);
        shared.cards[0].last_run = Some("yesterday".to_owned());
        shared.cards[1].id = String::new();
        let state = reduce(
            DashboardsState::default(),
            vec![
                DashboardsAction::OpenExample(Lang::En),
                DashboardsAction::SharedReceived(shared.clone()),
            ],
        );
        assert_eq!(state.dashboards.len(), 1);
        let pending = state.pending_shared.clone().unwrap_or(shared.clone());
        assert_eq!(pending.cards[0].id, "mau-2");
        assert_eq!(pending.cards[1].id, "card-1");
        assert_eq!(pending.cards[0].last_run, None);
        let revision = state.revision;
        let state = reduce(state, vec![pin("mine"), DashboardsAction::AcceptShared]);
        assert_eq!(state.pending_shared, None);
        assert_eq!(state.dashboards.len(), 2);
        assert_eq!(state.current, 1);
        assert_eq!(
            state.dashboards[0].cards.last().map(|c| c.id.as_str()),
            Some("card-2")
        );
        assert_eq!(state.dashboards[1].title, "Course dashboard (2)");
        assert_eq!(state.dashboards[1].cards, pending.cards);
        assert_eq!(state.revision, revision + 2);
        let state = reduce(
            state,
            vec![
                DashboardsAction::SharedReceived(shared),
                DashboardsAction::DismissShared,
            ],
        );
        assert_eq!(state.pending_shared, None);
        assert_eq!(state.dashboards.len(), 2);
    }

    #[test]
    fn select_and_delete_keep_the_index_in_range() {
        let state = reduce(
            DashboardsState::default(),
            vec![
                DashboardsAction::New(Lang::Ko),
                DashboardsAction::New(Lang::Ko),
                pin("x"),
                DashboardsAction::CardResult("card-1".to_owned(), one_row(), SEOUL),
                DashboardsAction::Select(9),
            ],
        );
        assert_eq!(state.dashboards[1].title, "새 대시보드 (2)");
        assert_eq!(state.current, 1);
        let state = reduce(state, vec![DashboardsAction::Delete]);
        assert_eq!(state.current, 0);
        assert!(state.outcomes.is_empty());
        let state = reduce(
            state,
            vec![
                DashboardsAction::Delete,
                DashboardsAction::Delete,
                DashboardsAction::Rename("x".to_owned()),
            ],
        );
        assert!(state.dashboards.is_empty());
        assert_eq!(state.current_dashboard(), None);
    }

    #[test]
    fn stored_dashboards_load_before_ones_made_meanwhile() {
        let made = reduce(DashboardsState::default(), vec![pin("early")]);
        let stored = reduce(
            DashboardsState::default(),
            vec![DashboardsAction::OpenExample(Lang::En), pin("kept")],
        );
        let json = stored.to_json().unwrap_or_default();
        let read = DashboardsState::from_json(&json).unwrap_or_default();
        assert_eq!(read, stored.dashboards);
        let state = reduce(made, vec![DashboardsAction::Loaded(read)]);
        assert_eq!(state.dashboards.len(), 2);
        assert_eq!(state.current, 1);
        assert_eq!(state.dashboards[0].cards[5].id, "card-2");
        assert_eq!(ids(&state), ["card-1"]);
        let fresh = reduce(
            DashboardsState::default(),
            vec![DashboardsAction::Loaded(stored.dashboards.clone())],
        );
        assert_eq!(fresh.current, 0);
        assert_eq!(fresh.dashboards, stored.dashboards);
        let twice = vec![example_dashboard(Lang::En), example_dashboard(Lang::En)];
        let state = reduce(
            DashboardsState::default(),
            vec![DashboardsAction::Loaded(twice)],
        );
        assert_eq!(state.dashboards[0].cards[0].id, "mau");
        assert_eq!(state.dashboards[1].cards[0].id, "mau-2");
    }

    #[test]
    fn damaged_or_newer_stored_values_are_errors() {
        for text in [
            "",
            "null",
            "{\"version\": 1, \"dashboards\": []}",
            "{\"format\": \"tabhouse-dashboards\", \"version\": 1, \"dashboards\": [{\"title\": 3}]}",
            "{\"format\": \"tabhouse-dashboards\", \"version\": 0, \"dashboards\": []}",
        ] {
            let error = DashboardsState::from_json(text).expect_err(text);
            assert!(error.en.contains("damaged"), "{text}: {}", error.en);
        }
        let newer = "{\"format\": \"tabhouse-dashboards\", \"version\": 2, \"dashboards\": []}";
        let error = DashboardsState::from_json(newer).expect_err("newer");
        assert!(error.en.contains("newer"));
    }

    /// The JSON the browser test puts in its hand-made share link.
    #[test]
    fn the_browser_tests_shared_json_reads_as_a_dashboard() {
        let json = r#"{"title":"<img src=x onerror=alert(2)>","cards":[{"id":"xss","title":"<img src=x onerror=alert(1)>","sql":"SELECT '<script>alert(1)</script>' AS label, 1 AS n","chart":{"kind":"Bar","x":0,"y":[1],"series":null,"sort":"Data"},"view":"Chart","width":"One","last_run":null}]}"#;
        let dashboard: Dashboard = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            dashboard.cards[0].chart,
            Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
        );
        let pivot = CardView::Pivot(PivotSpec {
            rows: 0,
            cols: 1,
            measure: 2,
            percent_of_first: true,
        });
        let text = serde_json::to_string(&pivot).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"Pivot":{"rows":0,"cols":1,"measure":2,"percent_of_first":true}}"#
        );
    }

    #[test]
    fn a_card_shows_the_last_result_set_or_the_error() {
        let statement = |output| StatementResult {
            number: 1,
            line: 1,
            sql: String::new(),
            output,
            elapsed_ms: 0.0,
            notices: Vec::new(),
            plan: Vec::new(),
        };
        let output = RunOutput {
            statements: vec![
                statement(Output::Rows(ResultSet::default())),
                statement(Output::Rows(one_row())),
                statement(Output::Command("SET".to_owned())),
            ],
            error: None,
        };
        assert_eq!(card_result(output), Ok(one_row()));
        let failed = RunOutput {
            statements: Vec::new(),
            error: Some(EngineError::msg(
                ErrorKind::Execution,
                "테이블이 없습니다",
                "no such table",
            )),
        };
        let message = card_result(failed).expect_err("failed");
        assert_eq!(message.en, "no such table");
        assert_eq!(message.ko, "테이블이 없습니다");
        let none = RunOutput {
            statements: vec![statement(Output::Command("BEGIN".to_owned()))],
            error: None,
        };
        assert!(card_result(none).is_err());
    }
}
