//! Charts, pivots and dashboards over query results. Plain Rust, no DOM: the
//! UI calls these and shows the SVG text, the pivot and the cards.
//!
//! ```text
//! ResultSet ──propose──▶ ChartSpec ──chart_data──▶ ChartData ──render_svg──▶ SVG text
//!           ──pivot────▶ Pivot (labels in natural order, heat, CSV)
//! Dashboard { cards: [Card { sql, chart, view, width, last_run }] }
//! ```

mod columns;
mod dashboard;
mod data;
mod error;
#[cfg(test)]
mod fixtures;
mod pivot;
mod propose;
mod scale;
mod spec;
mod svg;

pub use columns::grid_text;
pub use dashboard::{example_dashboard, Card, CardView, CardWidth, Dashboard};
pub use data::{chart_data, ChartData, Point, Series, TimeUnit, XAxis, MAX_CATEGORIES, MAX_SERIES};
pub use error::ChartError;
pub use pivot::{pivot, Pivot, PivotCell, PivotSpec};
pub use propose::propose;
pub use spec::{ChartKind, ChartSpec, SortOrder};
pub use svg::render_svg;
