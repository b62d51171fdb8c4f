//! What a result column holds (time, numbers or categories), the natural
//! order of values, and how a value reads on an axis and in a tooltip.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::cmp::Ordering;

use crate::engine::outcome::{Cell, ResultSet};
use crate::i18n::{group_digits, thousands};

/// How time values are spaced and labelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeKind {
    /// Whole months: `'2019-05'`, `'2019-05-01'`, `DATE_TRUNC('month', ts)`.
    Month,
    /// Whole days.
    Date,
    /// Points in time.
    Timestamp,
}

/// What a column holds, judged from its values (its type when all are NULL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Dates, timestamps, or text that reads as one.
    Time(TimeKind),
    /// Numbers.
    Number {
        /// Every value is an integer.
        integer: bool,
    },
    /// Anything else: text, booleans, intervals.
    Category,
}

static NULL: Cell = Cell::Null;

/// The cell at `index` of a row; NULL if the row is short.
pub(crate) fn cell_at(row: &[Cell], index: usize) -> &Cell {
    row.get(index).unwrap_or(&NULL)
}

/// The name of column `index` (empty if there is none).
pub(crate) fn column_name(result: &ResultSet, index: usize) -> String {
    result
        .columns
        .get(index)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

/// The values of column `index`.
pub(crate) fn column_cells(result: &ResultSet, index: usize) -> impl Iterator<Item = &Cell> {
    result.rows.iter().map(move |row| cell_at(row, index))
}

/// What column `index` of `result` holds.
pub(crate) fn role(result: &ResultSet, index: usize) -> Role {
    let mut seen = false;
    let (mut numeric, mut integer) = (true, true);
    let (mut timely, mut timestamp, mut month_text) = (true, false, false);
    let (mut first_of_month, mut midnight) = (true, true);
    let mut first_time: Option<NaiveDateTime> = None;
    let mut several_times = false;
    for cell in column_cells(result, index) {
        if matches!(cell, Cell::Null) {
            continue;
        }
        seen = true;
        numeric &= cell.is_numeric();
        integer &= matches!(cell, Cell::Int(_));
        match time_of(cell) {
            Some((time, form)) if timely => {
                timestamp |= form == TimeKind::Timestamp;
                month_text |= form == TimeKind::Month;
                midnight &= time.time() == NaiveTime::MIN;
                first_of_month &= time.day() == 1;
                several_times |= first_time.is_some_and(|first| first != time);
                first_time.get_or_insert(time);
            }
            _ => timely = false,
        }
        if !numeric && !timely {
            return Role::Category;
        }
    }
    if !seen {
        return role_of_type(result, index);
    }
    if numeric {
        Role::Number { integer }
    } else if timestamp && !midnight {
        Role::Time(TimeKind::Timestamp)
    } else if midnight && first_of_month && (month_text || several_times) {
        Role::Time(TimeKind::Month)
    } else {
        Role::Time(TimeKind::Date)
    }
}

/// The role of an all-NULL column, from its type name.
fn role_of_type(result: &ResultSet, index: usize) -> Role {
    let type_name = result
        .columns
        .get(index)
        .map(|c| c.type_name.to_ascii_lowercase())
        .unwrap_or_default();
    let has = |word: &str| type_name.contains(word);
    if has("int") {
        Role::Number { integer: true }
    } else if has("numeric") || has("decimal") || has("real") || has("double") || has("float") {
        Role::Number { integer: false }
    } else if has("timestamp") {
        Role::Time(TimeKind::Timestamp)
    } else if has("date") {
        Role::Time(TimeKind::Date)
    } else {
        Role::Category
    }
}

/// A value as a point in time, with the form it was written in: DATE,
/// TIMESTAMP, or text `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.fff]`.
pub(crate) fn time_of(cell: &Cell) -> Option<(NaiveDateTime, TimeKind)> {
    match cell {
        Cell::Date(d) => Some((d.and_time(NaiveTime::MIN), TimeKind::Date)),
        Cell::Timestamp(ts) => Some((*ts, TimeKind::Timestamp)),
        Cell::Text(s) => time_of_text(s),
        _ => None,
    }
}

fn time_of_text(s: &str) -> Option<(NaiveDateTime, TimeKind)> {
    let bytes = s.as_bytes();
    let dash = |i: usize| bytes.get(i) == Some(&b'-');
    if !(dash(4) && bytes[..4].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    match s.len() {
        7 if bytes[5..7].iter().all(u8::is_ascii_digit) => {
            let year = s[..4].parse().ok()?;
            let month = s[5..7].parse().ok()?;
            let date = NaiveDate::from_ymd_opt(year, month, 1)?;
            Some((date.and_time(NaiveTime::MIN), TimeKind::Month))
        }
        10 if dash(7) => {
            let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
            Some((date.and_time(NaiveTime::MIN), TimeKind::Date))
        }
        n if n >= 19 && dash(7) && bytes.get(10) == Some(&b' ') => {
            let ts = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok()?;
            Some((ts, TimeKind::Timestamp))
        }
        _ => None,
    }
}

/// Where a time value sits on a time axis: months since year 0 for months,
/// days since 1970-01-01 (with the time of day as a fraction) otherwise.
pub(crate) fn time_position(time: NaiveDateTime, kind: TimeKind) -> f64 {
    match kind {
        TimeKind::Month => f64::from(time.year()) * 12.0 + f64::from(time.month0()),
        TimeKind::Date | TimeKind::Timestamp => {
            let seconds =
                time.and_utc().timestamp() as f64 + f64::from(time.nanosecond()) / 1_000_000_000.0;
            seconds / 86_400.0
        }
    }
}

/// A value as a number: numbers, and text that reads as one.
pub(crate) fn number_of(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Text(s) => s.trim().parse().ok(),
        other => other.as_f64(),
    }
}

/// The natural order of values: NULL last, numbers numerically (numeric
/// text too), dates, timestamps and months in time order, text alphabetically.
pub(crate) fn natural_cmp(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Null, Cell::Null) => return Ordering::Equal,
        (Cell::Null, _) => return Ordering::Greater,
        (_, Cell::Null) => return Ordering::Less,
        _ => {}
    }
    if let (Some(x), Some(y)) = (number_of(a), number_of(b)) {
        return x.total_cmp(&y);
    }
    if let (Some((x, _)), Some((y, _))) = (time_of(a), time_of(b)) {
        return x.cmp(&y);
    }
    a.to_text().cmp(&b.to_text())
}

/// A value as the result grid shows it: `NULL`, numbers with thousands
/// separators, everything else as its text.
pub fn grid_text(cell: &Cell) -> String {
    match cell {
        Cell::Null => "NULL".to_owned(),
        Cell::Int(i) => thousands(*i),
        Cell::Float(_) | Cell::Decimal(_) => group_digits(&cell.to_text()),
        other => other.to_text(),
    }
}

/// A value as an axis or legend label: months `YYYY-MM`, dates
/// `YYYY-MM-DD`, numbers with thousands separators.
pub(crate) fn axis_label(cell: &Cell, role: Role) -> String {
    match (cell, role) {
        (Cell::Null, _) => "NULL".to_owned(),
        (_, Role::Time(kind)) => match time_of(cell) {
            Some((time, _)) => time_label(time, kind),
            None => cell.to_text(),
        },
        (Cell::Int(i), _) => thousands(*i),
        (Cell::Float(_) | Cell::Decimal(_), _) => group_digits(&cell.to_text()),
        _ => cell.to_text(),
    }
}

/// A point in time as its kind reads: `YYYY-MM`, `YYYY-MM-DD` or the full timestamp.
pub(crate) fn time_label(time: NaiveDateTime, kind: TimeKind) -> String {
    match kind {
        TimeKind::Month => time.format("%Y-%m").to_string(),
        TimeKind::Date => time.format("%Y-%m-%d").to_string(),
        TimeKind::Timestamp => crate::engine::outcome::format_timestamp(&time),
    }
}

/// A key telling values apart (NULL is not the text `NULL`).
pub(crate) fn cell_key(cell: &Cell) -> String {
    match cell {
        Cell::Null => "\u{0}NULL".to_owned(),
        other => other.to_text(),
    }
}

/// How many different values column `index` holds.
pub(crate) fn distinct_count(result: &ResultSet, index: usize) -> usize {
    column_cells(result, index)
        .map(cell_key)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::outcome::Column;

    fn column(type_name: &str, cells: Vec<Cell>) -> ResultSet {
        ResultSet {
            columns: vec![Column {
                name: "c".into(),
                type_name: type_name.into(),
            }],
            rows: cells.into_iter().map(|c| vec![c]).collect(),
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn roles_from_values() {
        let months = column("VARCHAR", vec![text("2019-05"), text("2019-06")]);
        assert_eq!(role(&months, 0), Role::Time(TimeKind::Month));
        let firsts = column("VARCHAR", vec![text("2019-05-01"), text("2019-06-01")]);
        assert_eq!(role(&firsts, 0), Role::Time(TimeKind::Month));
        let days = column("VARCHAR", vec![text("2019-05-01"), text("2019-05-02")]);
        assert_eq!(role(&days, 0), Role::Time(TimeKind::Date));
        let ints = column("BIGINT", vec![Cell::Int(1), Cell::Null, Cell::Int(3)]);
        assert_eq!(role(&ints, 0), Role::Number { integer: true });
        let mixed = column("NUMERIC", vec![Cell::Int(1), Cell::Decimal("2.5".into())]);
        assert_eq!(role(&mixed, 0), Role::Number { integer: false });
        let names = column("VARCHAR", vec![text("Google"), text("2019-05")]);
        assert_eq!(role(&names, 0), Role::Category);
        let nulls = column("DOUBLE PRECISION", vec![Cell::Null]);
        assert_eq!(role(&nulls, 0), Role::Number { integer: false });
        let ts = NaiveDate::from_ymd_opt(2019, 5, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .map(Cell::Timestamp);
        let stamps = column("TIMESTAMP", ts.into_iter().collect());
        assert_eq!(role(&stamps, 0), Role::Time(TimeKind::Timestamp));
    }

    #[test]
    fn natural_order_and_labels() {
        let mut cells = vec![text("10"), Cell::Null, text("9"), text("2")];
        cells.sort_by(natural_cmp);
        assert_eq!(cells, [text("2"), text("9"), text("10"), Cell::Null]);
        assert_eq!(grid_text(&Cell::Int(17091)), "17,091");
        assert_eq!(grid_text(&Cell::Null), "NULL");
        assert_eq!(grid_text(&Cell::Float(12345.5)), "12,345.5");
        let month = Role::Time(TimeKind::Month);
        assert_eq!(axis_label(&text("2019-05-01"), month), "2019-05");
        assert_eq!(
            axis_label(&Cell::Float(12345.5), Role::Category),
            "12,345.5"
        );
    }
}
