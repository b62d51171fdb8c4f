//! The chart a result's shape suggests.
//!
//! The leading columns that identify the rows (the query's GROUP BY keys:
//! the shortest prefix whose values are unique per row, made of times, text
//! and integers; an integer alone as the key must look like an index —
//! dense, like hours or month numbers — or be named `…id`) are the
//! dimensions, and the numbers after them the measures. Without such a
//! prefix, the non-numeric columns are the dimensions. Then:
//!
//! | dimensions | measures | chart |
//! |---|---|---|
//! | none | two or more numbers | scatter of the first two |
//! | one time | any | line over time, one line per measure |
//! | one integer index (hour, month number) | any | bar (grouped for several) |
//! | one category | one, ≤ 8 non-negative values adding up to 100 or 1 | pie |
//! | one category | one / several | bar / grouped bar |
//! | two ordered (time or index), grid at least half full | first | heatmap: rows the first, x the second |
//! | time or index, and a category | first | line, one per category |
//! | two categories | first | grouped bar, or heatmap when both have many values and the grid is at least half full |
//!
//! No chart for zero rows, no numeric column, or a lone number column.

use std::collections::HashSet;

use super::columns::{cell_at, cell_key, column_cells, distinct_count, number_of, role, Role};
use super::data::MAX_SERIES;
use super::spec::{ChartKind, ChartSpec, SortOrder};
use crate::engine::outcome::ResultSet;

/// Most slices a proposed pie has.
const MAX_SLICES: usize = 8;

/// What a dimension is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dim {
    /// Time, or an integer index: has an order and a spacing.
    Ordered,
    /// Text and other values.
    Category,
}

/// The chart proposed for `result`, if one suits it.
pub fn propose(result: &ResultSet) -> Option<ChartSpec> {
    if result.rows.is_empty() {
        return None;
    }
    let roles: Vec<Role> = (0..result.columns.len()).map(|i| role(result, i)).collect();
    let (dims, measures) = dimensions(result, &roles);
    let first = *measures.first()?;
    match dims.as_slice() {
        [] => (measures.len() >= 2)
            .then(|| ChartSpec::new(ChartKind::Scatter, first, vec![measures[1]])),
        [(x, dim)] => Some(one_dimension(result, *x, *dim, &roles, measures)),
        [(a, dim_a), (b, dim_b), ..] => {
            Some(two_dimensions(result, (*a, *dim_a), (*b, *dim_b), first))
        }
    }
}

/// The dimensions (in column order) and the measures.
fn dimensions(result: &ResultSet, roles: &[Role]) -> (Vec<(usize, Dim)>, Vec<usize>) {
    let dim = |i: usize| match roles[i] {
        Role::Time(_) => Some(Dim::Ordered),
        Role::Number { integer: true } => Some(Dim::Ordered),
        Role::Number { integer: false } => None,
        Role::Category => Some(Dim::Category),
    };
    let is_number = |i: usize| matches!(roles[i], Role::Number { .. });
    if let Some(last) = (0..roles.len()).rev().find(|&i| is_number(i)) {
        let mut keys: Vec<String> = vec![String::new(); result.rows.len()];
        for k in 0..last {
            if dim(k).is_none() {
                break;
            }
            for (key, row) in keys.iter_mut().zip(&result.rows) {
                key.push_str(&cell_key(cell_at(row, k)));
                key.push('\u{1}');
            }
            let unique = keys.iter().collect::<HashSet<_>>().len() == keys.len();
            if !unique {
                continue;
            }
            if k == 0 && is_number(0) && !looks_like_index(result, 0) {
                break;
            }
            let dims = (0..=k).filter_map(|i| dim(i).map(|d| (i, d))).collect();
            let measures = (k + 1..roles.len()).filter(|&i| is_number(i)).collect();
            return (dims, measures);
        }
    }
    let dims = (0..roles.len())
        .filter(|&i| !is_number(i))
        .filter_map(|i| dim(i).map(|d| (i, d)))
        .collect();
    let measures = (0..roles.len()).filter(|&i| is_number(i)).collect();
    (dims, measures)
}

/// An integer column that reads as an index (hours, weekdays, month
/// numbers: as many values as rows over a short range) or an id.
fn looks_like_index(result: &ResultSet, index: usize) -> bool {
    let named_id = result
        .columns
        .get(index)
        .is_some_and(|c| c.name.to_ascii_lowercase().ends_with("id"));
    let values: Vec<f64> = column_cells(result, index).filter_map(number_of).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    named_id || (max - min + 1.0) <= 2.0 * values.len() as f64
}

fn one_dimension(
    result: &ResultSet,
    x: usize,
    dim: Dim,
    roles: &[Role],
    mut measures: Vec<usize>,
) -> ChartSpec {
    measures.truncate(MAX_SERIES);
    let several = measures.len() > 1;
    match (dim, roles[x]) {
        (Dim::Ordered, Role::Time(_)) => {
            ChartSpec::new(ChartKind::Line, x, measures).sorted(SortOrder::ByX)
        }
        (_, _) if several => ChartSpec::new(ChartKind::GroupedBar, x, measures),
        (Dim::Category, _) if is_share_of_whole(result, x, measures[0]) => {
            ChartSpec::new(ChartKind::Pie, x, measures)
        }
        _ => ChartSpec::new(ChartKind::Bar, x, measures),
    }
}

/// A few distinct categories whose values are all non-negative and add up
/// to 100 (percentages) or 1 (fractions).
fn is_share_of_whole(result: &ResultSet, x: usize, y: usize) -> bool {
    let rows = result.rows.len();
    if rows > MAX_SLICES || distinct_count(result, x) != rows {
        return false;
    }
    let values: Option<Vec<f64>> = column_cells(result, y).map(|c| c.as_f64()).collect();
    let Some(values) = values else {
        return false;
    };
    let sum: f64 = values.iter().sum();
    values.iter().all(|&v| v >= 0.0) && ((sum - 100.0).abs() <= 0.5 || (sum - 1.0).abs() <= 0.005)
}

fn two_dimensions(
    result: &ResultSet,
    (a, dim_a): (usize, Dim),
    (b, dim_b): (usize, Dim),
    y: usize,
) -> ChartSpec {
    let (count_a, count_b) = (distinct_count(result, a), distinct_count(result, b));
    let full = result.rows.len() as f64 / (count_a * count_b).max(1) as f64;
    let heatmap = ChartSpec::new(ChartKind::Heatmap, b, vec![y]).with_series(a);
    match (dim_a, dim_b) {
        (Dim::Ordered, Dim::Ordered) if full >= 0.5 => heatmap,
        (Dim::Ordered, _) => ChartSpec::new(ChartKind::Line, a, vec![y])
            .with_series(b)
            .sorted(SortOrder::ByX),
        (Dim::Category, Dim::Ordered) => ChartSpec::new(ChartKind::Line, b, vec![y])
            .with_series(a)
            .sorted(SortOrder::ByX),
        (Dim::Category, Dim::Category)
            if count_a > MAX_SERIES && count_b > MAX_SERIES && full >= 0.5 =>
        {
            heatmap
        }
        (Dim::Category, Dim::Category) => {
            ChartSpec::new(ChartKind::GroupedBar, a, vec![y]).with_series(b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::{self, int, result, text, CHANNELS, MONTHS};
    use crate::engine::outcome::Cell;
    use chrono::NaiveDate;

    fn line(x: usize, y: Vec<usize>) -> ChartSpec {
        ChartSpec::new(ChartKind::Line, x, y).sorted(SortOrder::ByX)
    }

    #[test]
    fn course_results() {
        assert_eq!(propose(&fixtures::mau()), Some(line(0, vec![1])));
        assert_eq!(
            propose(&fixtures::sessions_by_channel()),
            Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
        );
        assert_eq!(
            propose(&fixtures::channel_summary()),
            Some(line(0, vec![2]).with_series(1))
        );
        assert_eq!(
            propose(&fixtures::cohort()),
            Some(ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0))
        );
        assert_eq!(propose(&fixtures::nps()), Some(line(0, vec![1])));
    }

    #[test]
    fn nothing_to_chart() {
        let empty = result(&[("month", "VARCHAR"), ("mau", "BIGINT")], vec![]);
        assert_eq!(propose(&empty), None);
        let names = result(&[("channelname", "VARCHAR")], vec![vec![text("Google")]]);
        assert_eq!(propose(&names), None);
        let count = result(&[("count", "BIGINT")], vec![vec![int(101520)]]);
        assert_eq!(propose(&count), None);
        let no_columns = result(&[], vec![vec![]]);
        assert_eq!(propose(&no_columns), None);
    }

    #[test]
    fn hour_of_day_is_a_bar_of_an_index() {
        let rows = (0..24).map(|h| vec![int(h), int(1000 + h * 10)]).collect();
        let hours = result(&[("hour", "INTEGER"), ("count", "BIGINT")], rows);
        assert_eq!(
            propose(&hours),
            Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
        );
    }

    #[test]
    fn two_measures_are_a_scatter() {
        let rows = (0..42)
            .map(|i| {
                vec![
                    int(200 + (i * 37) % 500),
                    Cell::Float(500.0 + (i * 53 % 300) as f64),
                ]
            })
            .collect();
        let pairs = result(
            &[("unique_users", "BIGINT"), ("gross", "DOUBLE PRECISION")],
            rows,
        );
        assert_eq!(
            propose(&pairs),
            Some(ChartSpec::new(ChartKind::Scatter, 0, vec![1]))
        );
    }

    #[test]
    fn top_users_by_id_are_bars() {
        let top = [(989, 743), (772, 556), (1615, 506), (654, 488), (1651, 463)];
        let rows = top.iter().map(|(u, r)| vec![int(*u), int(*r)]).collect();
        let users = result(&[("userid", "INTEGER"), ("revenue", "BIGINT")], rows);
        assert_eq!(
            propose(&users),
            Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
        );
    }

    #[test]
    fn shares_of_a_whole_are_a_pie_and_counts_are_not() {
        let shares = [16.84, 16.73, 16.67, 16.65, 16.58, 16.54];
        let rows = CHANNELS
            .iter()
            .zip(shares)
            .map(|(c, s)| vec![text(c), Cell::Decimal(s.to_string())])
            .collect();
        let pct = result(&[("channel", "VARCHAR"), ("pct", "NUMERIC")], rows);
        assert_eq!(
            propose(&pct),
            Some(ChartSpec::new(ChartKind::Pie, 0, vec![1]))
        );
        let fractions = result(
            &[("refunded", "BOOLEAN"), ("share", "DOUBLE PRECISION")],
            vec![
                vec![Cell::Bool(false), Cell::Float(0.9458)],
                vec![Cell::Bool(true), Cell::Float(0.0542)],
            ],
        );
        assert_eq!(propose(&fractions).map(|s| s.kind), Some(ChartKind::Pie));
        assert_eq!(
            propose(&fixtures::sessions_by_channel()).map(|s| s.kind),
            Some(ChartKind::Bar)
        );
    }

    #[test]
    fn several_measures_per_category_are_grouped_bars() {
        let rows = CHANNELS
            .iter()
            .enumerate()
            .map(|(i, c)| vec![text(c), int(880 + i as i64), int(120 + i as i64)])
            .collect();
        let summary = result(
            &[
                ("channel", "VARCHAR"),
                ("unique_users", "BIGINT"),
                ("paid_users", "BIGINT"),
            ],
            rows,
        );
        assert_eq!(
            propose(&summary),
            Some(ChartSpec::new(ChartKind::GroupedBar, 0, vec![1, 2]))
        );
    }

    #[test]
    fn weekday_by_hour_is_a_heatmap() {
        let mut rows = Vec::new();
        for dow in 0..7 {
            for hour in 0..24 {
                rows.push(vec![int(dow), int(hour), int(100 + dow * hour)]);
            }
        }
        let grid = result(
            &[("dow", "INTEGER"), ("hour", "INTEGER"), ("n", "BIGINT")],
            rows,
        );
        assert_eq!(
            propose(&grid),
            Some(ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0))
        );
    }

    #[test]
    fn two_small_categories_are_grouped_bars() {
        let mut rows = Vec::new();
        for channel in CHANNELS {
            for refunded in [false, true] {
                rows.push(vec![
                    text(channel),
                    Cell::Bool(refunded),
                    int(if refunded { 9 } else { 160 }),
                ]);
            }
        }
        let split = result(
            &[
                ("channel", "VARCHAR"),
                ("refunded", "BOOLEAN"),
                ("n", "BIGINT"),
            ],
            rows,
        );
        assert_eq!(
            propose(&split),
            Some(ChartSpec::new(ChartKind::GroupedBar, 0, vec![2]).with_series(1))
        );
    }

    #[test]
    fn timestamps_and_truncated_months_are_lines() {
        let ts = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2019, 5, d)
                .and_then(|d| d.and_hms_opt(h, 13, 11))
                .map_or(Cell::Null, Cell::Timestamp)
        };
        let rows = (1..=10)
            .map(|d| vec![ts(d, d % 24), int(d as i64 * 7)])
            .collect();
        let sales = result(&[("ts", "TIMESTAMP"), ("amount", "INTEGER")], rows);
        assert_eq!(propose(&sales), Some(line(0, vec![1])));
        let month = |m: u32| {
            NaiveDate::from_ymd_opt(2019, m, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map_or(Cell::Null, Cell::Timestamp)
        };
        let rows = (5..=11)
            .map(|m| vec![month(m), int(m as i64 * 100), int(m as i64 * 90)])
            .collect();
        let revenue = result(
            &[
                ("month", "TIMESTAMP"),
                ("gross", "BIGINT"),
                ("net", "BIGINT"),
            ],
            rows,
        );
        assert_eq!(propose(&revenue), Some(line(0, vec![1, 2])));
    }

    #[test]
    fn daily_dates_as_text_are_a_line() {
        let rows = (1..=30)
            .map(|d| vec![text(&format!("2019-06-{d:02}")), int(300 + d)])
            .collect();
        let daily = result(&[("day", "VARCHAR"), ("sessions", "BIGINT")], rows);
        assert_eq!(propose(&daily), Some(line(0, vec![1])));
    }

    #[test]
    fn repeated_categories_without_a_key_are_bars() {
        let rows = (0..30)
            .map(|i| vec![text(CHANNELS[i % 6]), int(i as i64 * 5)])
            .collect();
        let raw = result(&[("channel", "VARCHAR"), ("amount", "INTEGER")], rows);
        assert_eq!(
            propose(&raw),
            Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
        );
    }

    #[test]
    fn channel_by_month_puts_time_on_x() {
        let mut rows = Vec::new();
        for channel in CHANNELS {
            for month in MONTHS {
                rows.push(vec![text(channel), text(month), int(100)]);
            }
        }
        let by_channel = result(
            &[
                ("channel", "VARCHAR"),
                ("month", "VARCHAR"),
                ("sessions", "BIGINT"),
            ],
            rows,
        );
        assert_eq!(propose(&by_channel), Some(line(1, vec![2]).with_series(0)));
    }

    #[test]
    fn many_by_many_categories_are_a_heatmap() {
        let mut rows = Vec::new();
        for a in 0..20 {
            for b in 0..15 {
                rows.push(vec![
                    text(&format!("page-{a}")),
                    text(&format!("ref-{b}")),
                    int(a * b),
                ]);
            }
        }
        let grid = result(
            &[
                ("page", "VARCHAR"),
                ("referrer", "VARCHAR"),
                ("visits", "BIGINT"),
            ],
            rows,
        );
        assert_eq!(
            propose(&grid),
            Some(ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0))
        );
    }

    #[test]
    fn every_proposal_validates() {
        for result in [
            fixtures::mau(),
            fixtures::sessions_by_channel(),
            fixtures::channel_summary(),
            fixtures::cohort(),
            fixtures::nps(),
        ] {
            let spec = propose(&result);
            assert_eq!(spec.map(|s| s.validate(&result)), Some(Ok(())));
        }
    }
}
