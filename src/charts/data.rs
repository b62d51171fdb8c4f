//! What a chart shows, computed from a result and a spec: the x axis, the
//! series and their points (with the grid's text of each value), and notes
//! about what was left out or folded.

use std::collections::HashMap;

use super::columns::{
    axis_label, cell_at, cell_key, column_name, grid_text, natural_cmp, number_of, role, time_of,
    time_position, Role, TimeKind,
};
use super::error::ChartError;
use super::scale::{format_value, number_ticks, time_ticks};
use super::spec::{ChartKind, ChartSpec, SortOrder};
use crate::engine::error::Message;
use crate::engine::outcome::{Cell, ResultSet};
use crate::i18n::{thousands, Lang};
use crate::sort;

/// Most categories on an axis: past this, the smallest fold into "Other".
pub const MAX_CATEGORIES: usize = 50;
/// Most series in a chart (a heatmap's rows: [`MAX_CATEGORIES`]).
pub const MAX_SERIES: usize = 12;

/// How positions on a time axis are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// Months since year 0 (`2019-05` is 2019 × 12 + 4).
    Month,
    /// Days since 1970-01-01, the time of day as a fraction.
    Day,
}

/// The x axis of a chart.
#[derive(Clone, Debug, PartialEq)]
pub enum XAxis {
    /// Categories in drawing order; a point's x is its category's index.
    Categories(Vec<String>),
    /// Numbers from `min` to `max`.
    Number {
        /// Smallest x.
        min: f64,
        /// Largest x.
        max: f64,
    },
    /// Time from `min` to `max`, in `unit`s.
    Time {
        /// How positions are counted.
        unit: TimeUnit,
        /// Earliest x.
        min: f64,
        /// Latest x.
        max: f64,
    },
}

/// One point (or bar, cell, slice) of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Position on the x axis (a category's index on a category axis).
    pub x: f64,
    /// The value; `None` for NULL (a gap in a line, no bar).
    pub y: Option<f64>,
    /// x as the result grid shows it.
    pub x_text: String,
    /// The value as the result grid shows it (a sum's own text when rows were added up).
    pub y_text: String,
}

/// A named series of points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The series' name: a value of the series column, or a measure's name.
    pub name: String,
    /// Whether this is the "Other" series folding the smallest ones.
    pub other: bool,
    /// Its points, in x order on a continuous axis, category order otherwise.
    pub points: Vec<Point>,
}

/// Everything a chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// The kind of chart.
    pub kind: ChartKind,
    /// The x column's name.
    pub x_name: String,
    /// The measure columns' names, joined by ", ".
    pub y_name: String,
    /// The series column's name, when a column splits the series.
    pub series_name: Option<String>,
    /// The x axis.
    pub x_axis: XAxis,
    /// The series.
    pub series: Vec<Series>,
    /// Whether the last category folds the smallest ones into "Other".
    pub other_category: bool,
    /// What was skipped, added up or folded, in both languages.
    pub notes: Vec<Message>,
}

impl ChartData {
    /// The labels along x: the categories, or a continuous axis's tick labels.
    pub fn x_labels(&self) -> Vec<String> {
        match &self.x_axis {
            XAxis::Categories(labels) => labels.clone(),
            XAxis::Number { min, max } => number_ticks(*min, *max, 8)
                .2
                .into_iter()
                .map(|t| t.label)
                .collect(),
            XAxis::Time { unit, min, max } => time_ticks(*min, *max, time_kind(*unit), 8)
                .into_iter()
                .map(|t| t.label)
                .collect(),
        }
    }

    /// The series' names.
    pub fn series_names(&self) -> Vec<String> {
        self.series.iter().map(|s| s.name.clone()).collect()
    }

    /// Whether a legend is needed (several series, or a series column).
    pub fn has_legend(&self) -> bool {
        self.series.len() > 1 || self.series_name.is_some()
    }
}

/// The time kind whose ticks suit a unit.
pub(crate) fn time_kind(unit: TimeUnit) -> TimeKind {
    match unit {
        TimeUnit::Month => TimeKind::Month,
        TimeUnit::Day => TimeKind::Date,
    }
}

/// Rows left out or merged, for the notes.
#[derive(Default)]
struct Skipped {
    null_values: usize,
    null_x: usize,
    added_up: usize,
    folded_categories: Option<(usize, usize)>,
    folded_series: Option<(usize, usize)>,
}

impl Skipped {
    fn notes(&self) -> Vec<Message> {
        let mut notes = Vec::new();
        if self.null_values > 0 {
            let n = thousands(self.null_values as i64);
            let s = plural(self.null_values);
            notes.push(Message::new(
                format!("NULL 값 {n}개는 건너뛰었습니다."),
                format!("{n} NULL value{s} skipped."),
            ));
        }
        if self.null_x > 0 {
            let n = thousands(self.null_x as i64);
            let s = plural(self.null_x);
            notes.push(Message::new(
                format!("x가 NULL인 행 {n}개는 건너뛰었습니다."),
                format!("{n} row{s} with a NULL x skipped."),
            ));
        }
        if self.added_up > 0 {
            let n = thousands(self.added_up as i64);
            let s = plural(self.added_up);
            notes.push(Message::new(
                format!("x가 겹치는 행 {n}개는 값을 더했습니다."),
                format!("{n} row{s} repeating an x value added to it."),
            ));
        }
        if let Some((total, folded)) = self.folded_categories {
            let kept = total - folded;
            notes.push(Message::new(
                format!("항목이 {total}개라 큰 {kept}개만 두고 나머지 {folded}개는 '기타'로 묶었습니다."),
                format!("{total} categories: the {kept} largest are shown, the other {folded} folded into 'Other'."),
            ));
        }
        if let Some((total, folded)) = self.folded_series {
            let kept = total - folded;
            notes.push(Message::new(
                format!("계열이 {total}개라 큰 {kept}개만 두고 나머지 {folded}개는 '기타'로 묶었습니다."),
                format!("{total} series: the {kept} largest are shown, the other {folded} folded into 'Other'."),
            ));
        }
        notes
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The label of the "Other" category or series.
pub(crate) fn other_label(lang: Lang) -> &'static str {
    lang.pick("기타", "Other")
}

/// A value to draw: the number, unless NULL or not finite.
fn value_of(cell: &Cell) -> Option<f64> {
    cell.as_f64().filter(|v| v.is_finite())
}

/// The rows as (series, x, y), the series in order of first appearance.
struct Triples<'a> {
    names: Vec<String>,
    rows: Vec<(usize, &'a Cell, &'a Cell)>,
}

fn triples<'a>(result: &'a ResultSet, spec: &ChartSpec) -> Triples<'a> {
    let mut rows = Vec::with_capacity(result.rows.len() * spec.y.len());
    match spec.series {
        Some(series) => {
            let series_role = role(result, series);
            let measure = spec.y.first().copied().unwrap_or_default();
            let mut names = Vec::new();
            let mut index: HashMap<String, usize> = HashMap::new();
            for row in &result.rows {
                let cell = cell_at(row, series);
                let next = names.len();
                let s = *index.entry(cell_key(cell)).or_insert(next);
                if s == next {
                    names.push(axis_label(cell, series_role));
                }
                rows.push((s, cell_at(row, spec.x), cell_at(row, measure)));
            }
            Triples { names, rows }
        }
        None => {
            for row in &result.rows {
                for (s, &y) in spec.y.iter().enumerate() {
                    rows.push((s, cell_at(row, spec.x), cell_at(row, y)));
                }
            }
            let names = spec.y.iter().map(|&y| column_name(result, y)).collect();
            Triples { names, rows }
        }
    }
}

/// The chart of `result` as `spec` describes it, labels in `lang`.
pub fn chart_data(
    result: &ResultSet,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<ChartData, ChartError> {
    spec.validate(result)?;
    let x_role = role(result, spec.x);
    let triples = triples(result, spec);
    let mut skipped = Skipped::default();
    let series_limit = if spec.kind == ChartKind::Heatmap {
        MAX_CATEGORIES
    } else {
        MAX_SERIES
    };
    let continuous = match x_role {
        _ if spec.kind.has_categories() => None,
        Role::Number { .. } => Some(None),
        Role::Time(kind) => Some(Some(kind)),
        Role::Category => None,
    };
    let (x_axis, mut series) = match continuous {
        Some(time) => continuous_series(spec.kind, time, triples, &mut skipped),
        None => category_series(spec.sort, x_role, triples, lang, &mut skipped),
    };
    if series.len() > series_limit {
        skipped.folded_series = Some((series.len(), series.len() + 1 - series_limit));
        series = fold_series(spec.kind, series, series_limit, lang);
    }
    let y_name = spec
        .y
        .iter()
        .map(|&y| column_name(result, y))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(ChartData {
        kind: spec.kind,
        x_name: column_name(result, spec.x),
        y_name,
        series_name: spec.series.map(|s| column_name(result, s)),
        x_axis,
        series,
        other_category: skipped.folded_categories.is_some(),
        notes: skipped.notes(),
    })
}

/// Series on a number or time axis (lines and scatter plots).
fn continuous_series(
    kind: ChartKind,
    time: Option<TimeKind>,
    triples: Triples,
    skipped: &mut Skipped,
) -> (XAxis, Vec<Series>) {
    let mut series: Vec<Series> = triples
        .names
        .into_iter()
        .map(|name| Series {
            name,
            other: false,
            points: Vec::new(),
        })
        .collect();
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for (s, x, y) in triples.rows {
        let position = match time {
            Some(kind) => time_of(x).map(|(t, _)| time_position(t, kind)),
            None => number_of(x).filter(|v| v.is_finite()),
        };
        let Some(position) = position else {
            skipped.null_x += 1;
            continue;
        };
        let value = value_of(y);
        if value.is_none() {
            skipped.null_values += 1;
            if kind == ChartKind::Scatter {
                continue;
            }
        }
        min = min.min(position);
        max = max.max(position);
        if let Some(series) = series.get_mut(s) {
            series.points.push(Point {
                x: position,
                y: value,
                x_text: grid_text(x),
                y_text: grid_text(y),
            });
        }
    }
    if kind == ChartKind::Line {
        for series in &mut series {
            sort::sort_by(&mut series.points, |a, b| a.x.total_cmp(&b.x));
        }
    }
    if min > max {
        (min, max) = (0.0, 1.0);
    }
    let axis = match time {
        Some(kind) => XAxis::Time {
            unit: if kind == TimeKind::Month {
                TimeUnit::Month
            } else {
                TimeUnit::Day
            },
            min,
            max,
        },
        None => XAxis::Number { min, max },
    };
    (axis, series)
}

/// A sum of the values that fell on one (series, category).
#[derive(Clone)]
struct Sum {
    value: f64,
    text: String,
}

/// Series on a category axis (bars, heatmaps, pies, lines over text).
fn category_series(
    sort: SortOrder,
    x_role: Role,
    triples: Triples,
    lang: Lang,
    skipped: &mut Skipped,
) -> (XAxis, Vec<Series>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut categories: Vec<&Cell> = Vec::new();
    let mut sums: Vec<Vec<Option<Sum>>> = vec![Vec::new(); triples.names.len()];
    for (s, x, y) in triples.rows {
        let next = categories.len();
        let c = *index.entry(cell_key(x)).or_insert(next);
        if c == next {
            categories.push(x);
        }
        let Some(value) = value_of(y) else {
            skipped.null_values += 1;
            continue;
        };
        let Some(row) = sums.get_mut(s) else {
            continue;
        };
        if row.len() <= c {
            row.resize(c + 1, None);
        }
        match &mut row[c] {
            Some(sum) => {
                skipped.added_up += 1;
                sum.value += value;
                sum.text = format_value(sum.value);
            }
            slot => {
                *slot = Some(Sum {
                    value,
                    text: grid_text(y),
                })
            }
        }
    }
    let value = |s: usize, c: usize| sums[s].get(c).and_then(|v| v.as_ref());
    let total = |c: usize| -> f64 {
        (0..sums.len())
            .filter_map(|s| value(s, c))
            .map(|v| v.value)
            .sum()
    };
    let n = categories.len();
    let mut order: Vec<usize> = match sort {
        SortOrder::Data => (0..n).collect(),
        SortOrder::ByX => sort::order(n, &|a, b| natural_cmp(categories[a], categories[b])),
        SortOrder::ValueDesc => sort::order(n, &|a, b| total(b).total_cmp(&total(a))),
        SortOrder::ValueAsc => sort::order(n, &|a, b| total(a).total_cmp(&total(b))),
    };
    let mut folded: Vec<usize> = Vec::new();
    if order.len() > MAX_CATEGORIES {
        let mut by_size = order.clone();
        sort::sort_by(&mut by_size, |&a, &b| total(b).total_cmp(&total(a)));
        folded = by_size.split_off(MAX_CATEGORIES - 1);
        let mut keep = vec![false; categories.len()];
        by_size.iter().for_each(|&c| keep[c] = true);
        order.retain(|&c| keep[c]);
        skipped.folded_categories = Some((categories.len(), folded.len()));
    }
    let mut labels: Vec<String> = order
        .iter()
        .map(|&c| axis_label(categories[c], x_role))
        .collect();
    if !folded.is_empty() {
        labels.push(other_label(lang).to_owned());
    }
    let series = triples
        .names
        .into_iter()
        .enumerate()
        .map(|(s, name)| {
            let mut points: Vec<Point> = order
                .iter()
                .enumerate()
                .map(|(i, &c)| Point {
                    x: i as f64,
                    y: value(s, c).map(|v| v.value),
                    x_text: grid_text(categories[c]),
                    y_text: value(s, c).map_or_else(|| "NULL".to_owned(), |v| v.text.clone()),
                })
                .collect();
            if !folded.is_empty() {
                let values: Vec<f64> = folded
                    .iter()
                    .filter_map(|&c| value(s, c))
                    .map(|v| v.value)
                    .collect();
                let sum = (!values.is_empty()).then(|| values.iter().sum::<f64>());
                points.push(Point {
                    x: order.len() as f64,
                    y: sum,
                    x_text: other_label(lang).to_owned(),
                    y_text: sum.map_or_else(|| "NULL".to_owned(), format_value),
                });
            }
            Series {
                name,
                other: false,
                points,
            }
        })
        .collect();
    (XAxis::Categories(labels), series)
}

/// Keeps the `limit - 1` largest series (by the sum of their absolute values)
/// in their order, and folds the others into one "Other" series: summed per
/// category or x on lines and bars, pooled on a scatter plot.
fn fold_series(kind: ChartKind, series: Vec<Series>, limit: usize, lang: Lang) -> Vec<Series> {
    let size = |s: &Series| -> f64 { s.points.iter().filter_map(|p| p.y).map(f64::abs).sum() };
    let ranked = sort::order(series.len(), &|a, b| {
        size(&series[b]).total_cmp(&size(&series[a]))
    });
    let mut keep = vec![false; series.len()];
    ranked.iter().take(limit - 1).for_each(|&s| keep[s] = true);
    let mut kept = Vec::new();
    let mut pooled: Vec<Point> = Vec::new();
    for (s, one) in series.into_iter().enumerate() {
        if keep[s] {
            kept.push(one);
        } else {
            pooled.extend(one.points);
        }
    }
    let other = other_label(lang).to_owned();
    let points = if kind == ChartKind::Scatter {
        pooled
    } else {
        sort::sort_by(&mut pooled, |a, b| a.x.total_cmp(&b.x));
        let mut merged: Vec<Point> = Vec::new();
        for point in pooled {
            match merged.last_mut() {
                Some(last) if last.x == point.x => {
                    last.y = match (last.y, point.y) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                    last.y_text = last.y.map_or_else(|| "NULL".to_owned(), format_value);
                }
                _ => merged.push(Point {
                    y_text: point.y.map_or_else(|| "NULL".to_owned(), format_value),
                    ..point
                }),
            }
        }
        merged
    };
    kept.push(Series {
        name: other,
        other: true,
        points,
    });
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::{self, int, result, text};
    use crate::charts::propose::propose;

    fn data(result: &ResultSet, spec: &ChartSpec) -> ChartData {
        match chart_data(result, spec, Lang::En) {
            Ok(data) => data,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn mau_is_a_line_over_months() {
        let chart = data(
            &fixtures::mau(),
            &ChartSpec::new(ChartKind::Line, 0, vec![1]),
        );
        let may = 2019.0 * 12.0 + 4.0;
        assert_eq!(
            chart.x_axis,
            XAxis::Time {
                unit: TimeUnit::Month,
                min: may,
                max: may + 6.0
            }
        );
        assert_eq!(chart.x_labels(), fixtures::MONTHS);
        assert_eq!(chart.series_names(), ["mau"]);
        let first = &chart.series[0].points[0];
        assert_eq!(
            (first.x_text.as_str(), first.y, first.y_text.as_str()),
            ("2019-05", Some(281.0), "281")
        );
        assert!(chart.notes.is_empty());
        assert!(!chart.has_legend());
    }

    #[test]
    fn channel_summary_has_six_series_of_seven_months() {
        let result = fixtures::channel_summary();
        let spec = propose(&result).unwrap_or_else(|| panic!("a chart"));
        let chart = data(&result, &spec);
        assert_eq!(chart.series_names(), fixtures::CHANNELS);
        assert!(chart.series.iter().all(|s| s.points.len() == 7));
        assert_eq!(chart.series_name.as_deref(), Some("channel"));
        assert!(chart.has_legend());
    }

    #[test]
    fn bars_keep_the_data_order_or_sort() {
        let result = fixtures::sessions_by_channel();
        let spec = ChartSpec::new(ChartKind::Bar, 0, vec![1]);
        let chart = data(&result, &spec);
        assert_eq!(chart.x_labels()[0], "Youtube");
        assert_eq!(chart.series[0].points[0].y_text, "17,091");
        let by_name = data(&result, &spec.clone().sorted(SortOrder::ByX));
        assert_eq!(by_name.x_labels()[0], "Facebook");
        let ascending = data(&result, &spec.sorted(SortOrder::ValueAsc));
        assert_eq!(ascending.x_labels()[0], "Facebook");
        assert_eq!(ascending.series[0].points[0].x, 0.0);
        assert_eq!(ascending.series[0].points[0].y, Some(16791.0));
    }

    #[test]
    fn nulls_leave_gaps_and_a_note() {
        let mut result = fixtures::mau();
        result.rows[3][1] = Cell::Null;
        let chart = data(&result, &ChartSpec::new(ChartKind::Line, 0, vec![1]));
        assert_eq!(chart.series[0].points.len(), 7);
        assert_eq!(chart.series[0].points[3].y, None);
        assert_eq!(chart.notes.len(), 1);
        assert_eq!(chart.notes[0].en, "1 NULL value skipped.");
        assert_eq!(chart.notes[0].ko, "NULL 값 1개는 건너뛰었습니다.");
        result.rows[4][0] = Cell::Null;
        let chart = data(&result, &ChartSpec::new(ChartKind::Line, 0, vec![1]));
        assert_eq!(chart.series[0].points.len(), 6);
        assert_eq!(chart.notes[1].en, "1 row with a NULL x skipped.");
    }

    #[test]
    fn more_than_fifty_categories_fold_into_other() {
        let rows = (1..=60)
            .map(|i| vec![text(&format!("user{i}")), int(i)])
            .collect();
        let result = result(&[("name", "VARCHAR"), ("n", "BIGINT")], rows);
        let spec = ChartSpec::new(ChartKind::Bar, 0, vec![1]);
        let chart = data(&result, &spec);
        let labels = chart.x_labels();
        assert_eq!(labels.len(), MAX_CATEGORIES);
        assert_eq!(labels.first().map(String::as_str), Some("user12"));
        assert_eq!(labels.last().map(String::as_str), Some("Other"));
        let other = chart.series[0]
            .points
            .last()
            .map(|p| (p.y, p.y_text.clone()));
        assert_eq!(other, Some((Some(66.0), "66".to_owned())));
        assert!(chart.other_category);
        assert_eq!(
            chart.notes[0].en,
            "60 categories: the 49 largest are shown, the other 11 folded into 'Other'."
        );
        let korean = chart_data(&result, &spec, Lang::Ko).map(|c| c.x_labels().pop());
        assert_eq!(korean, Ok(Some("기타".to_owned())));
    }

    #[test]
    fn many_series_fold_into_other() {
        let mut rows = Vec::new();
        for user in 0..20 {
            for month in fixtures::MONTHS {
                rows.push(vec![int(user), text(month), int(user * 10 + 1)]);
            }
        }
        let result = result(
            &[
                ("userid", "INTEGER"),
                ("month", "VARCHAR"),
                ("sessions", "BIGINT"),
            ],
            rows,
        );
        let spec = ChartSpec::new(ChartKind::Line, 1, vec![2]).with_series(0);
        let chart = data(&result, &spec);
        assert_eq!(chart.series.len(), MAX_SERIES);
        let other = chart
            .series
            .last()
            .map(|s| (s.other, s.points.len(), s.points[0].y));
        assert_eq!(
            other,
            Some((true, 7, Some((0..9).map(|u| u as f64 * 10.0 + 1.0).sum())))
        );
    }

    #[test]
    fn repeated_x_values_are_added_up() {
        let rows = (0..12)
            .map(|i| vec![text(fixtures::CHANNELS[i % 6]), int(10)])
            .collect();
        let result = result(&[("channel", "VARCHAR"), ("amount", "INTEGER")], rows);
        let chart = data(&result, &ChartSpec::new(ChartKind::Bar, 0, vec![1]));
        assert_eq!(chart.x_labels().len(), 6);
        assert_eq!(chart.series[0].points[0].y, Some(20.0));
        assert_eq!(
            chart.notes[0].en,
            "6 rows repeating an x value added to it."
        );
    }

    #[test]
    fn cohort_heatmap_rows_are_cohorts() {
        let result = fixtures::cohort();
        let chart = data(
            &result,
            &ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0),
        );
        assert_eq!(chart.series_names(), fixtures::MONTHS);
        assert_eq!(chart.x_labels(), ["1", "2", "3", "4", "5", "6", "7"]);
        assert_eq!(chart.series[6].points.len(), 7);
        assert_eq!(chart.series[6].points[1].y, None);
    }

    #[test]
    fn invalid_specs_say_why_in_both_languages() {
        let result = fixtures::mau();
        let not_numeric = chart_data(
            &result,
            &ChartSpec::new(ChartKind::Bar, 1, vec![0]),
            Lang::Ko,
        );
        assert_eq!(
            not_numeric,
            Err(ChartError::NotNumeric {
                column: "month".into()
            })
        );
        let message = ChartError::NotNumeric {
            column: "month".into(),
        }
        .message();
        assert!(message.ko.contains("숫자가 아니어서") && message.en.contains("not numeric"));
        let missing = ChartSpec::new(ChartKind::Bar, 0, vec![5]).validate(&result);
        assert_eq!(
            missing,
            Err(ChartError::NoColumn {
                index: 5,
                columns: 2
            })
        );
        let twice = ChartSpec::new(ChartKind::Bar, 1, vec![1]).validate(&result);
        assert_eq!(
            twice,
            Err(ChartError::ColumnTwice {
                column: "mau".into()
            })
        );
        let no_rows = ResultSet {
            rows: vec![],
            ..result.clone()
        };
        assert_eq!(
            ChartSpec::new(ChartKind::Bar, 0, vec![1]).validate(&no_rows),
            Err(ChartError::NoRows)
        );
        let heatmap = ChartSpec::new(ChartKind::Heatmap, 0, vec![1]).validate(&result);
        assert_eq!(
            heatmap,
            Err(ChartError::NeedsSeries {
                kind: ChartKind::Heatmap
            })
        );
        let scatter = ChartSpec::new(ChartKind::Scatter, 0, vec![1])
            .validate(&fixtures::sessions_by_channel());
        assert_eq!(
            scatter,
            Err(ChartError::NotContinuous {
                column: "channel".into()
            })
        );
        let summary = fixtures::channel_summary();
        let several = ChartSpec::new(ChartKind::Line, 0, vec![2, 1])
            .with_series(1)
            .validate(&summary);
        assert!(several.is_err());
        let mut negative = fixtures::sessions_by_channel();
        negative.rows[0][1] = int(-1);
        let pie = ChartSpec::new(ChartKind::Pie, 0, vec![1]).validate(&negative);
        assert_eq!(
            pie,
            Err(ChartError::NegativeShare {
                column: "sessions".into()
            })
        );
        let mut nulls = fixtures::mau();
        nulls.rows.iter_mut().for_each(|r| r[1] = Cell::Null);
        let empty = ChartSpec::new(ChartKind::Line, 0, vec![1]).validate(&nulls);
        assert_eq!(
            empty,
            Err(ChartError::NoValues {
                column: "mau".into()
            })
        );
        let ragged = ResultSet {
            rows: vec![vec![text("2019-05")]],
            ..fixtures::mau()
        };
        assert!(chart_data(
            &ragged,
            &ChartSpec::new(ChartKind::Line, 0, vec![1]),
            Lang::En
        )
        .is_err());
    }
}
