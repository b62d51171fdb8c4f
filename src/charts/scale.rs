//! Axis ticks: round steps for numbers, whole months, days or hours for time.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::columns::{time_position, TimeKind};
use crate::i18n::group_digits;

/// A tick on an axis: where, and its label.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tick {
    /// The value at the tick.
    pub pos: f64,
    /// Its label.
    pub label: String,
}

/// The axis range that holds `min..=max` in round steps, and its ticks
/// (about `target` of them).
pub(crate) fn number_ticks(min: f64, max: f64, target: usize) -> (f64, f64, Vec<Tick>) {
    let (min, max) = match (min.is_finite(), max.is_finite()) {
        (true, true) if min < max => (min, max),
        (true, true) if min == 0.0 => (0.0, 1.0),
        (true, true) => (min - min.abs() * 0.5, min + min.abs() * 0.5),
        _ => (0.0, 1.0),
    };
    let step = nice_step((max - min) / target.max(1) as f64);
    let lo = (min / step).floor() * step;
    let hi = (max / step).ceil() * step;
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let count = ((hi - lo) / step).round() as usize;
    let ticks = (0..=count.min(100))
        .map(|k| {
            let pos = lo + k as f64 * step;
            Tick {
                pos,
                label: format_number(pos, decimals),
            }
        })
        .collect();
    (lo, hi, ticks)
}

/// 1, 2 or 5 times a power of ten, near `raw`.
fn nice_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction < 1.5 {
        1.0
    } else if fraction < 3.0 {
        2.0
    } else if fraction < 7.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A number with `decimals` digits after the point and thousands separators.
pub(crate) fn format_number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = match text.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => text,
    };
    group_digits(&text)
}

/// A value with as few decimals as it needs (at most 2), grouped: for sums
/// and shares that no grid cell shows.
pub(crate) fn format_value(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let decimals = if rounded.fract() == 0.0 {
        0
    } else if (rounded * 10.0).fract() == 0.0 {
        1
    } else {
        2
    };
    format_number(rounded, decimals)
}

/// Ticks of a time axis between `min` and `max` (positions as
/// [`time_position`] gives them for `kind`).
pub(crate) fn time_ticks(min: f64, max: f64, kind: TimeKind, target: usize) -> Vec<Tick> {
    let target = target.max(1) as f64;
    match kind {
        TimeKind::Month => {
            let step = pick(
                &[1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0, 120.0],
                (max - min) / target,
            );
            let mut pos = (min / step).ceil() * step;
            let mut ticks = Vec::new();
            while pos <= max && ticks.len() < 100 {
                let year = (pos / 12.0).floor();
                let month = pos - year * 12.0 + 1.0;
                ticks.push(Tick {
                    pos,
                    label: format!("{year:04}-{month:02}"),
                });
                pos += step;
            }
            ticks
        }
        TimeKind::Date | TimeKind::Timestamp if max - min >= 60.0 => {
            let step = pick(
                &[1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0],
                (max - min) / 30.4 / target,
            );
            month_starts(min, max, step as u32)
        }
        TimeKind::Date | TimeKind::Timestamp if max - min >= 2.0 => {
            let step = pick(&[1.0, 2.0, 7.0, 14.0, 28.0], (max - min) / target);
            stepped(min.ceil(), max, step, "%Y-%m-%d")
        }
        TimeKind::Date | TimeKind::Timestamp => {
            let minutes = [1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 180.0, 360.0, 720.0];
            let step = pick(&minutes, (max - min) * 1440.0 / target) / 1440.0;
            stepped((min / step).ceil() * step, max, step, "%m-%d %H:%M")
        }
    }
}

/// The smallest of `steps` at least `raw` (the largest if none is).
fn pick(steps: &[f64], raw: f64) -> f64 {
    steps
        .iter()
        .copied()
        .find(|&s| s >= raw)
        .or(steps.last().copied())
        .unwrap_or(1.0)
}

/// Ticks every `step` days (a fraction for hours) from `first`, labelled with `format`.
fn stepped(first: f64, max: f64, step: f64, format: &str) -> Vec<Tick> {
    let mut pos = first;
    let mut ticks = Vec::new();
    while pos <= max + 1e-9 && ticks.len() < 100 {
        if let Some(time) = DateTime::from_timestamp((pos * 86_400.0).round() as i64, 0) {
            ticks.push(Tick {
                pos,
                label: time.naive_utc().format(format).to_string(),
            });
        }
        pos += step;
    }
    ticks
}

/// Ticks at the first day of every `step`-th month, labelled `YYYY-MM`.
fn month_starts(min: f64, max: f64, step: u32) -> Vec<Tick> {
    let Some(start) = DateTime::from_timestamp((min * 86_400.0).floor() as i64, 0) else {
        return Vec::new();
    };
    let start = start.naive_utc().date();
    let index = start.year() * 12 + start.month0() as i32;
    let first = (index + step as i32 - 1) / step as i32 * step as i32;
    let mut month =
        NaiveDate::from_ymd_opt(first.div_euclid(12), first.rem_euclid(12) as u32 + 1, 1);
    let mut ticks = Vec::new();
    while let Some(date) = month {
        let time: NaiveDateTime = date.and_time(NaiveTime::MIN);
        let pos = time_position(time, TimeKind::Date);
        if pos > max || ticks.len() >= 100 {
            break;
        }
        if pos >= min {
            ticks.push(Tick {
                pos,
                label: time.format("%Y-%m").to_string(),
            });
        }
        month = date.checked_add_months(Months::new(step));
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn round_number_ticks_with_separators() {
        let (lo, hi, ticks) = number_ticks(0.0, 17_091.0, 5);
        assert_eq!((lo, hi), (0.0, 20_000.0));
        assert_eq!(labels(&ticks), ["0", "5,000", "10,000", "15,000", "20,000"]);
        let (_, _, ticks) = number_ticks(2.36, 67.71, 5);
        assert_eq!(ticks.first().map(|t| t.label.as_str()), Some("0"));
        let (_, _, ticks) = number_ticks(0.0, 0.3, 3);
        assert_eq!(labels(&ticks), ["0.0", "0.1", "0.2", "0.3"]);
        let (lo, hi, _) = number_ticks(5.0, 5.0, 5);
        assert!(lo < 5.0 && hi > 5.0);
        assert_eq!(format_value(1234.5), "1,234.5");
        assert_eq!(format_value(-0.0001), "0");
    }

    #[test]
    fn month_and_day_ticks() {
        let may = 2019.0 * 12.0 + 4.0;
        let ticks = time_ticks(may, may + 6.0, TimeKind::Month, 8);
        assert_eq!(labels(&ticks).first(), Some(&"2019-05"));
        assert_eq!(ticks.len(), 7);
        let day = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .map(|d| time_position(d.and_time(NaiveTime::MIN), TimeKind::Date))
                .unwrap_or_default()
        };
        let ticks = time_ticks(day(2019, 5, 1), day(2019, 11, 30), TimeKind::Date, 8);
        assert_eq!(
            labels(&ticks),
            ["2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11"]
        );
        let ticks = time_ticks(day(2019, 5, 1), day(2019, 5, 10), TimeKind::Date, 5);
        assert_eq!(labels(&ticks).first(), Some(&"2019-05-01"));
    }
}
