//! Results shaped like the course's, built by hand for the unit tests.

use crate::engine::outcome::{Cell, Column, ResultSet};

pub(crate) fn result(columns: &[(&str, &str)], rows: Vec<Vec<Cell>>) -> ResultSet {
    ResultSet {
        columns: columns
            .iter()
            .map(|(name, type_name)| Column {
                name: (*name).to_owned(),
                type_name: (*type_name).to_owned(),
            })
            .collect(),
        rows,
    }
}

pub(crate) fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

pub(crate) fn int(i: i64) -> Cell {
    Cell::Int(i)
}

pub(crate) const MONTHS: [&str; 7] = [
    "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11",
];
pub(crate) const CHANNELS: [&str; 6] = [
    "Facebook",
    "Google",
    "Instagram",
    "Naver",
    "Organic",
    "Youtube",
];

/// MAU by month: `month` text, `mau` BIGINT.
pub(crate) fn mau() -> ResultSet {
    let mau = [281, 459, 623, 662, 639, 763, 721];
    let rows = MONTHS
        .iter()
        .zip(mau)
        .map(|(m, n)| vec![text(m), int(n)])
        .collect();
    result(&[("month", "VARCHAR"), ("mau", "BIGINT")], rows)
}

/// Sessions by channel, most first.
pub(crate) fn sessions_by_channel() -> ResultSet {
    let counts = [
        ("Youtube", 17091),
        ("Google", 16982),
        ("Naver", 16921),
        ("Organic", 16904),
        ("Instagram", 16831),
        ("Facebook", 16791),
    ];
    let rows = counts.iter().map(|(c, n)| vec![text(c), int(*n)]).collect();
    result(&[("channel", "VARCHAR"), ("sessions", "BIGINT")], rows)
}

/// The monthly channel summary: month × channel × unique_users (42 rows).
pub(crate) fn channel_summary() -> ResultSet {
    let users = [
        [247, 253, 234, 237, 238, 244],
        [414, 412, 410, 398, 416, 400],
        [558, 556, 567, 553, 557, 564],
        [611, 610, 621, 626, 608, 614],
        [597, 599, 588, 592, 592, 588],
        [698, 699, 707, 713, 709, 705],
        [688, 688, 669, 667, 677, 677],
    ];
    let mut rows = Vec::new();
    for (month, counts) in MONTHS.iter().zip(users) {
        for (channel, n) in CHANNELS.iter().zip(counts) {
            rows.push(vec![text(month), text(channel), int(n)]);
        }
    }
    result(
        &[
            ("month", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("unique_users", "BIGINT"),
        ],
        rows,
    )
}

/// Cohort retention: cohort × month_number × users (28 rows).
pub(crate) fn cohort() -> ResultSet {
    let table: [&[i64]; 7] = [
        &[281, 262, 237, 229, 224, 213, 206],
        &[197, 175, 160, 150, 148, 145],
        &[211, 189, 175, 167, 155],
        &[84, 73, 71, 69],
        &[17, 14, 13],
        &[150, 124],
        &[9],
    ];
    let mut rows = Vec::new();
    for (cohort, users) in MONTHS.iter().zip(table) {
        for (m, n) in users.iter().enumerate() {
            rows.push(vec![text(cohort), int(m as i64 + 1), int(*n)]);
        }
    }
    result(
        &[
            ("cohort", "VARCHAR"),
            ("month_number", "BIGINT"),
            ("users", "BIGINT"),
        ],
        rows,
    )
}

/// NPS by month of 2019: `month` text, `nps` DOUBLE PRECISION.
pub(crate) fn nps() -> ResultSet {
    let nps = [
        2.36, 30.54, 52.91, 53.0, 54.52, 65.02, 64.51, 67.71, 37.95, 53.29, 61.29, 65.99,
    ];
    let rows = nps
        .iter()
        .enumerate()
        .map(|(i, v)| vec![text(&format!("2019-{:02}", i + 1)), Cell::Float(*v)])
        .collect();
    result(&[("month", "VARCHAR"), ("nps", "DOUBLE PRECISION")], rows)
}
