//! Cross-tabulation of a result: one column's values down, another's
//! across, a measure in the cells (summed when rows repeat a pair), labels
//! in natural order, a heat intensity per cell, and CSV.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::columns::{axis_label, cell_at, cell_key, column_name, grid_text, natural_cmp, role};
use super::error::ChartError;
use super::scale::format_value;
use super::spec::{ChartKind, ChartSpec};
use crate::engine::error::Message;
use crate::engine::outcome::{format_float, Cell, ResultSet};
use crate::i18n::thousands;

/// Pivot settings, as a dashboard card stores them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PivotSpec {
    /// The column whose values become the rows.
    pub rows: usize,
    /// The column whose values become the columns.
    pub cols: usize,
    /// The numeric column in the cells.
    pub measure: usize,
    /// Show each cell as a percentage of its row's first cell (cohort retention).
    pub percent_of_first: bool,
}

impl PivotSpec {
    /// The pivot of `result` with these settings.
    pub fn apply(&self, result: &ResultSet) -> Result<Pivot, ChartError> {
        let pivot = pivot(result, self.rows, self.cols, self.measure)?;
        Ok(if self.percent_of_first {
            pivot.percent_of_first_column()
        } else {
            pivot
        })
    }
}

/// One cell of a pivot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PivotCell {
    /// The value (a percentage in percent mode); `None` when no row has the pair.
    pub value: Option<f64>,
    /// The value as shown: the grid's text, a sum's, or `93.2%`; empty for none.
    pub text: String,
    /// Heat from 0 (smallest value) to 1 (largest), for the cell's colour.
    pub heat: Option<f64>,
}

/// A cross-tabulated result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pivot {
    /// The name of the column down the rows.
    pub row_name: String,
    /// The name of the column across.
    pub col_name: String,
    /// The measure's name.
    pub measure_name: String,
    /// Row labels, in natural order (months and numbers in order).
    pub row_labels: Vec<String>,
    /// Column labels, in natural order.
    pub col_labels: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<PivotCell>>,
    /// Whether the cells are percentages of their row's first cell.
    pub percent_of_first: bool,
    /// What was skipped or added up, in both languages.
    pub notes: Vec<Message>,
}

/// `result` cross-tabulated: `rows` down, `cols` across, `measure` in the cells.
pub fn pivot(
    result: &ResultSet,
    rows: usize,
    cols: usize,
    measure: usize,
) -> Result<Pivot, ChartError> {
    ChartSpec::new(ChartKind::Heatmap, cols, vec![measure])
        .with_series(rows)
        .validate(result)?;
    let (row_cells, row_index) = distinct_sorted(result, rows);
    let (col_cells, col_index) = distinct_sorted(result, cols);
    let mut sums: Vec<Vec<Option<(f64, String)>>> =
        vec![vec![None; col_cells.len()]; row_cells.len()];
    let (mut nulls, mut added_up) = (0usize, 0usize);
    for row in &result.rows {
        let r = row_index.get(&cell_key(cell_at(row, rows))).copied();
        let c = col_index.get(&cell_key(cell_at(row, cols))).copied();
        let cell = cell_at(row, measure);
        let Some(value) = cell.as_f64().filter(|v| v.is_finite()) else {
            nulls += 1;
            continue;
        };
        let Some(slot) = r.zip(c).and_then(|(r, c)| sums.get_mut(r)?.get_mut(c)) else {
            continue;
        };
        match slot {
            Some((sum, text)) => {
                added_up += 1;
                *sum += value;
                *text = format_value(*sum);
            }
            None => *slot = Some((value, grid_text(cell))),
        }
    }
    let cells = sums
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|sum| PivotCell {
                    value: sum.as_ref().map(|s| s.0),
                    text: sum.map(|s| s.1).unwrap_or_default(),
                    heat: None,
                })
                .collect()
        })
        .collect();
    let (row_role, col_role) = (role(result, rows), role(result, cols));
    let mut notes = Vec::new();
    if nulls > 0 {
        let n = thousands(nulls as i64);
        notes.push(Message::new(
            format!("NULL 값 {n}개는 건너뛰었습니다."),
            format!(
                "{n} NULL value{} skipped.",
                if nulls == 1 { "" } else { "s" }
            ),
        ));
    }
    if added_up > 0 {
        let n = thousands(added_up as i64);
        notes.push(Message::new(
            format!("같은 칸에 들어간 행 {n}개는 값을 더했습니다."),
            format!(
                "{n} row{} falling in the same cell added to it.",
                if added_up == 1 { "" } else { "s" }
            ),
        ));
    }
    let mut pivot = Pivot {
        row_name: column_name(result, rows),
        col_name: column_name(result, cols),
        measure_name: column_name(result, measure),
        row_labels: row_cells.iter().map(|c| axis_label(c, row_role)).collect(),
        col_labels: col_cells.iter().map(|c| axis_label(c, col_role)).collect(),
        cells,
        percent_of_first: false,
        notes,
    };
    pivot.set_heat();
    Ok(pivot)
}

/// The distinct values of a column in natural order, and each one's index.
fn distinct_sorted(result: &ResultSet, index: usize) -> (Vec<&Cell>, HashMap<String, usize>) {
    let mut seen = HashMap::new();
    let mut cells: Vec<&Cell> = Vec::new();
    for row in &result.rows {
        let cell = cell_at(row, index);
        if seen.insert(cell_key(cell), ()).is_none() {
            cells.push(cell);
        }
    }
    crate::sort::sort_by(&mut cells, |a, b| natural_cmp(a, b));
    let index = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (cell_key(c), i))
        .collect();
    (cells, index)
}

impl Pivot {
    /// Each cell as a percentage of its row's first cell (the first column in
    /// natural order: month 1 of a cohort). Rows whose first cell is empty or
    /// 0 have no percentages.
    pub fn percent_of_first_column(&self) -> Pivot {
        let cells = self
            .cells
            .iter()
            .map(|row| {
                let base = row.first().and_then(|c| c.value).filter(|v| *v != 0.0);
                row.iter()
                    .map(|cell| {
                        let value = base.zip(cell.value).map(|(base, v)| v / base * 100.0);
                        PivotCell {
                            value,
                            text: value.map(|v| format!("{v:.1}%")).unwrap_or_default(),
                            heat: None,
                        }
                    })
                    .collect()
            })
            .collect();
        let mut pivot = Pivot {
            cells,
            percent_of_first: true,
            ..self.clone()
        };
        pivot.set_heat();
        pivot
    }

    /// Heat 0..1 from the smallest to the largest value (1 when all are equal).
    fn set_heat(&mut self) {
        let values = self.cells.iter().flatten().filter_map(|c| c.value);
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        for cell in self.cells.iter_mut().flatten() {
            cell.heat = cell.value.map(|v| {
                if max > min {
                    (v - min) / (max - min)
                } else {
                    1.0
                }
            });
        }
    }

    /// The pivot as CSV: a header of the row column's name and the column
    /// labels, then one line per row; plain numbers (percentages to 2
    /// decimals), empty for no value.
    pub fn to_csv(&self) -> Result<String, ChartError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let write_error = |e: csv::Error| ChartError::Write(e.to_string());
        let mut header = vec![self.row_name.clone()];
        header.extend(self.col_labels.iter().cloned());
        writer.write_record(&header).map_err(write_error)?;
        for (label, row) in self.row_labels.iter().zip(&self.cells) {
            let mut record = vec![label.clone()];
            record.extend(row.iter().map(|cell| match cell.value {
                Some(v) if self.percent_of_first => format!("{v:.2}"),
                Some(v) => format_float(v),
                None => String::new(),
            }));
            writer.write_record(&record).map_err(write_error)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| ChartError::Write(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| ChartError::Write(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::{self, int, result, text};

    #[test]
    fn cohort_staircase_in_natural_order() {
        let mut cohort = fixtures::cohort();
        cohort.rows.reverse();
        let table = match pivot(&cohort, 0, 1, 2) {
            Ok(table) => table,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(table.row_labels, fixtures::MONTHS);
        assert_eq!(table.col_labels, ["1", "2", "3", "4", "5", "6", "7"]);
        assert_eq!(table.cells[0][6].text, "206");
        assert_eq!(table.cells[6][1].value, None);
        assert_eq!(table.cells[0][0].heat, Some(1.0));
        assert_eq!(table.cells[6][0].heat, Some(0.0));
        let percent = table.percent_of_first_column();
        assert_eq!(percent.cells[0][1].text, "93.2%");
        assert_eq!(percent.cells[6][0].text, "100.0%");
        let csv = percent.to_csv().unwrap_or_default();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("cohort,1,2,3,4,5,6,7"));
        assert_eq!(
            lines.next(),
            Some("2019-05,100.00,93.24,84.34,81.49,79.72,75.80,73.31")
        );
        assert_eq!(lines.last(), Some("2019-11,100.00,,,,,,"));
        let plain = table.to_csv().unwrap_or_default();
        assert_eq!(
            plain.lines().nth(1),
            Some("2019-05,281,262,237,229,224,213,206")
        );
    }

    #[test]
    fn numbers_sort_numerically_and_repeats_add_up() {
        let rows = vec![
            vec![text("b"), int(10), int(1)],
            vec![text("a"), int(9), int(2)],
            vec![text("a"), int(9), int(3)],
            vec![text("a"), int(10), Cell::Null],
        ];
        let result = result(
            &[("k", "VARCHAR"), ("n", "INTEGER"), ("v", "INTEGER")],
            rows,
        );
        let table = pivot(&result, 0, 1, 2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.col_labels, ["9", "10"]);
        assert_eq!(table.cells[0][0].value, Some(5.0));
        assert_eq!(table.notes.len(), 2);
        let spec = PivotSpec {
            rows: 0,
            cols: 1,
            measure: 2,
            percent_of_first: true,
        };
        let percent = spec.apply(&result).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(percent.cells[1][0].value, None);
        assert!(pivot(&result, 0, 0, 2).is_err());
    }
}
