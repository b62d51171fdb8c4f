//! What can be wrong with a chart or pivot request, in Korean and English.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::spec::ChartKind;
use crate::engine::error::Message;

/// Why a chart or pivot cannot be drawn from a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChartError {
    /// The result has no rows.
    NoRows,
    /// A column index past the result's columns.
    NoColumn {
        /// The index asked for.
        index: usize,
        /// How many columns the result has.
        columns: usize,
    },
    /// No measure column was chosen.
    NoMeasure,
    /// A measure column holds values that are not numbers.
    NotNumeric {
        /// The column's name.
        column: String,
    },
    /// A measure column holds only NULLs.
    NoValues {
        /// The column's name.
        column: String,
    },
    /// The same column is used in two roles (x, series, measure).
    ColumnTwice {
        /// The column's name.
        column: String,
    },
    /// A series column splits one measure; several measures were chosen.
    SeriesWithSeveralMeasures,
    /// This kind of chart shows a single measure.
    OneMeasureOnly {
        /// The chart kind.
        kind: ChartKind,
    },
    /// A heatmap needs a second category (the series column) for its rows.
    NeedsSeries {
        /// The chart kind.
        kind: ChartKind,
    },
    /// A scatter plot's x must be numbers, dates or timestamps.
    NotContinuous {
        /// The column's name.
        column: String,
    },
    /// Pie and donut slices cannot be negative.
    NegativeShare {
        /// The column's name.
        column: String,
    },
    /// Writing the output failed (not expected: it is written to memory).
    Write(String),
}

impl ChartError {
    /// The error in both UI languages.
    pub fn message(&self) -> Message {
        match self {
            ChartError::NoRows => Message::new(
                "결과에 행이 없어 차트를 그릴 수 없습니다.",
                "The result has no rows to chart.",
            ),
            ChartError::NoColumn { index, columns } => Message::new(
                format!(
                    "{}번째 열이 없습니다. 결과의 열은 {columns}개입니다.",
                    index + 1
                ),
                format!(
                    "There is no column {}: the result has {columns}.",
                    index + 1
                ),
            ),
            ChartError::NoMeasure => Message::new(
                "값으로 쓸 숫자 열을 하나 이상 고르세요.",
                "Choose at least one numeric column for the values.",
            ),
            ChartError::NotNumeric { column } => Message::new(
                format!("'{column}' 열은 숫자가 아니어서 값으로 쓸 수 없습니다."),
                format!("Column '{column}' is not numeric, so it cannot be a value."),
            ),
            ChartError::NoValues { column } => Message::new(
                format!("'{column}' 열은 모두 NULL입니다."),
                format!("Column '{column}' holds only NULLs."),
            ),
            ChartError::ColumnTwice { column } => Message::new(
                format!("'{column}' 열을 두 가지 역할에 함께 쓸 수 없습니다."),
                format!("Column '{column}' cannot play two roles in one chart."),
            ),
            ChartError::SeriesWithSeveralMeasures => Message::new(
                "계열 열로 나눌 때는 값 열을 하나만 고르세요.",
                "With a series column, choose a single value column.",
            ),
            ChartError::OneMeasureOnly { kind } => Message::new(
                format!("{}는 값 열을 하나만 씁니다.", kind.name_ko()),
                format!("A {} chart shows a single value column.", kind.name_en()),
            ),
            ChartError::NeedsSeries { kind } => Message::new(
                format!(
                    "{}에는 행이 될 두 번째 범주 열(계열)이 필요합니다.",
                    kind.name_ko()
                ),
                format!(
                    "A {} needs a second category column (series) for its rows.",
                    kind.name_en()
                ),
            ),
            ChartError::NotContinuous { column } => Message::new(
                format!("산점도의 x축 '{column}' 열은 숫자나 날짜여야 합니다."),
                format!("A scatter plot's x column '{column}' must hold numbers or dates."),
            ),
            ChartError::NegativeShare { column } => Message::new(
                format!("'{column}' 열에 음수가 있어 파이로 나눌 수 없습니다."),
                format!("Column '{column}' has negative values, which cannot be slices."),
            ),
            ChartError::Write(detail) => Message::new(
                format!("차트를 쓰지 못했습니다: {detail}"),
                format!("The chart could not be written: {detail}"),
            ),
        }
    }
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for ChartError {}

impl From<std::io::Error> for ChartError {
    fn from(error: std::io::Error) -> Self {
        ChartError::Write(error.to_string())
    }
}
