//! What to draw: the chart kind, which columns go where, and the order.

use serde::{Deserialize, Serialize};

use super::columns::{cell_at, column_name, role, Role};
use super::error::ChartError;
use crate::engine::outcome::{Cell, ResultSet};
use crate::i18n::Lang;

/// The kinds of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartKind {
    /// Lines over x (time, numbers or categories).
    Line,
    /// One bar per category (bars side by side when there are several series).
    Bar,
    /// Bars of each series side by side within a category.
    GroupedBar,
    /// Bars of each series stacked within a category.
    StackedBar,
    /// A grid of coloured cells: x categories by series categories.
    Heatmap,
    /// Points at (x, y), x being numbers or time.
    Scatter,
    /// Slices of a whole.
    Pie,
    /// A pie with a hole.
    Donut,
}

impl ChartKind {
    /// Every kind, in menu order.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Line,
        ChartKind::Bar,
        ChartKind::GroupedBar,
        ChartKind::StackedBar,
        ChartKind::Heatmap,
        ChartKind::Scatter,
        ChartKind::Pie,
        ChartKind::Donut,
    ];

    /// The kind's name in a UI language.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ko => self.name_ko(),
            Lang::En => self.name_en(),
        }
    }

    pub(crate) fn name_ko(self) -> &'static str {
        match self {
            ChartKind::Line => "선 그래프",
            ChartKind::Bar => "막대 그래프",
            ChartKind::GroupedBar => "묶은 막대 그래프",
            ChartKind::StackedBar => "누적 막대 그래프",
            ChartKind::Heatmap => "히트맵",
            ChartKind::Scatter => "산점도",
            ChartKind::Pie => "파이 차트",
            ChartKind::Donut => "도넛 차트",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            ChartKind::Line => "line",
            ChartKind::Bar => "bar",
            ChartKind::GroupedBar => "grouped bar",
            ChartKind::StackedBar => "stacked bar",
            ChartKind::Heatmap => "heatmap",
            ChartKind::Scatter => "scatter",
            ChartKind::Pie => "pie",
            ChartKind::Donut => "donut",
        }
    }

    /// Whether x is laid out as categories (bars, heatmap cells, slices).
    pub(crate) fn has_categories(self) -> bool {
        !matches!(self, ChartKind::Line | ChartKind::Scatter)
    }
}

/// The order of the categories on a category axis. A continuous axis
/// (numbers or time under a line or scatter) is always in x order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// As the rows come (the query's ORDER BY).
    #[default]
    Data,
    /// By x: numbers numerically, dates and months in time order, text alphabetically.
    ByX,
    /// Largest value first.
    ValueDesc,
    /// Smallest value first.
    ValueAsc,
}

/// A chart of a result: which columns go where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    /// The kind of chart.
    pub kind: ChartKind,
    /// The x column (categories, time or numbers; the slices of a pie).
    pub x: usize,
    /// The measure columns, one series each (exactly one with `series`).
    pub y: Vec<usize>,
    /// A category column splitting the single measure into series (a
    /// heatmap's rows).
    pub series: Option<usize>,
    /// The order of the categories.
    pub sort: SortOrder,
}

impl ChartSpec {
    /// A chart of `kind` with `x` and measures `y`, no series, rows in data order.
    pub fn new(kind: ChartKind, x: usize, y: Vec<usize>) -> Self {
        Self {
            kind,
            x,
            y,
            series: None,
            sort: SortOrder::Data,
        }
    }

    /// The same chart split into series by a category column.
    pub fn with_series(mut self, series: usize) -> Self {
        self.series = Some(series);
        self
    }

    /// The same chart with another category order.
    pub fn sorted(mut self, sort: SortOrder) -> Self {
        self.sort = sort;
        self
    }

    /// What is wrong with this spec for `result`, if anything.
    pub fn validate(&self, result: &ResultSet) -> Result<(), ChartError> {
        let columns = result.columns.len();
        let check = |index: usize| {
            if index < columns {
                Ok(())
            } else {
                Err(ChartError::NoColumn { index, columns })
            }
        };
        check(self.x)?;
        self.y.iter().try_for_each(|&i| check(i))?;
        if let Some(series) = self.series {
            check(series)?;
        }
        if result.rows.is_empty() {
            return Err(ChartError::NoRows);
        }
        if self.y.is_empty() {
            return Err(ChartError::NoMeasure);
        }
        let name = |i: usize| column_name(result, i);
        let mut used = vec![self.x];
        used.extend(self.series);
        for &y in &self.y {
            if used.contains(&y) {
                return Err(ChartError::ColumnTwice { column: name(y) });
            }
            used.push(y);
        }
        if self.series == Some(self.x) {
            return Err(ChartError::ColumnTwice {
                column: name(self.x),
            });
        }
        if self.series.is_some() && self.y.len() > 1 {
            return Err(ChartError::SeriesWithSeveralMeasures);
        }
        for &y in &self.y {
            let values = result.rows.iter().map(|row| cell_at(row, y));
            let mut any = false;
            for cell in values {
                match cell {
                    Cell::Null => {}
                    cell if cell.as_f64().is_some() => any = true,
                    _ => return Err(ChartError::NotNumeric { column: name(y) }),
                }
            }
            if !any {
                return Err(ChartError::NoValues { column: name(y) });
            }
        }
        match self.kind {
            ChartKind::Heatmap if self.series.is_none() => {
                return Err(ChartError::NeedsSeries { kind: self.kind })
            }
            ChartKind::Heatmap | ChartKind::Pie | ChartKind::Donut if self.y.len() > 1 => {
                return Err(ChartError::OneMeasureOnly { kind: self.kind })
            }
            ChartKind::Pie | ChartKind::Donut if self.series.is_some() => {
                return Err(ChartError::OneMeasureOnly { kind: self.kind })
            }
            ChartKind::Scatter
                if !matches!(role(result, self.x), Role::Number { .. } | Role::Time(_)) =>
            {
                return Err(ChartError::NotContinuous {
                    column: name(self.x),
                })
            }
            _ => {}
        }
        if matches!(self.kind, ChartKind::Pie | ChartKind::Donut) {
            let y = self.y[0];
            if result
                .rows
                .iter()
                .any(|row| cell_at(row, y).as_f64().is_some_and(|v| v < 0.0))
            {
                return Err(ChartError::NegativeShare { column: name(y) });
            }
        }
        Ok(())
    }
}
