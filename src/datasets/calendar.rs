//! The session log's calendar: 2019-05-01 to 2019-11-30, days counted from May 1.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// Months in the session log (May..Nov 2019).
pub(crate) const MONTHS: usize = 7;
/// Days in the session log.
pub(crate) const DAYS: u16 = 214;
/// First day of each month (and the end of the log), counted from May 1.
pub(crate) const MONTH_START: [u16; MONTHS + 1] = [0, 31, 61, 92, 123, 153, 184, 214];
/// Milliseconds in an hour.
pub(crate) const MS_PER_HOUR: u32 = 3_600_000;
/// The day of week `EXTRACT(DOW)` reports for the busiest day (5 = Friday).
pub(crate) const FRIDAY: u8 = 5;

/// The month (0 = May) of a day.
pub(crate) fn month_of(day: u16) -> usize {
    MONTH_START[1..]
        .iter()
        .position(|&end| day < end)
        .expect("day inside the log")
}

/// `EXTRACT(DOW)` of a day: 0 = Sunday; 2019-05-01 was a Wednesday.
pub(crate) fn dow(day: u16) -> u8 {
    ((3 + day) % 7) as u8
}

/// The date `days` after `year-month-day`.
pub(crate) fn date(year: i32, month: u32, day: u32, days: u32) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, month, day).expect("valid calendar date");
    NaiveDate::from_num_days_from_ce_opt(start.num_days_from_ce() + days as i32)
        .expect("date within chrono's range")
}

/// `count` consecutive dates from `year-month-day`.
pub(crate) fn dates(year: i32, month: u32, day: u32, count: u32) -> Vec<NaiveDate> {
    (0..count).map(|d| date(year, month, day, d)).collect()
}

/// The log's dates, indexed by log day.
pub(crate) fn log_dates() -> Vec<NaiveDate> {
    dates(2019, 5, 1, u32::from(DAYS))
}

/// The timestamp `ms` milliseconds into `day`.
pub(crate) fn at_ms(day: NaiveDate, ms: u32) -> NaiveDateTime {
    let seconds = ms / 1000;
    day.and_hms_milli_opt(seconds / 3600, seconds / 60 % 60, seconds % 60, ms % 1000)
        .expect("time within the day")
}
