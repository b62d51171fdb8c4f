//! Dashboards in the page: the learner's dashboards of pinned queries, each
//! card a chart, a table or a pivot of its query's last result, with the
//! SQL on demand and the time it last ran; the course's example; shared
//! dashboards that run only after the learner confirms.
//!
//! The app owns a [`DashboardsState`] (`use_reducer`), stores it under
//! [`DASHBOARDS_KEY`], runs card queries in the worker for
//! [`DashboardsView`]'s `on_run` and dispatches each card's result or error
//! back ([`card_result`] picks what a card shows from a run).
//!
//! Titles, SQL and result values are always text; charts are the SVG text
//! of `charts::render_svg`, whose writer escapes every text and attribute.

mod body;
mod card;
mod state;
mod view;

pub use state::{
    card_result, CardOutcome, DashboardsAction, DashboardsState, Move, RanAt, DASHBOARDS_KEY,
    VERSION,
};
pub use view::{DashboardsView, DashboardsViewProps};
