//! Chart rendering benchmark: medians of 5 renders to SVG of a 10,000-point
//! line and scatter plot and of the course's 42-row monthly channel summary
//! as grouped bars. Run with `make bench` (release).

use std::time::Instant;

use tabhouse::charts::{propose, render_svg, ChartKind, ChartSpec};
use tabhouse::engine::outcome::{Cell, Column, ResultSet};
use tabhouse::i18n::Lang;

const RUNS: usize = 5;
const POINTS: i64 = 10_000;

fn columns(names: &[(&str, &str)]) -> Vec<Column> {
    names
        .iter()
        .map(|(name, type_name)| Column {
            name: (*name).to_owned(),
            type_name: (*type_name).to_owned(),
        })
        .collect()
}

/// 10,000 rows: a timestamp every 30 minutes from 2019-05-01, a float, an integer.
fn many_points() -> ResultSet {
    let start = chrono::NaiveDate::from_ymd_opt(2019, 5, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let rows = (0..POINTS)
        .map(|i| {
            vec![
                Cell::Timestamp(start + chrono::Duration::minutes(i * 30)),
                Cell::Float((i * 7919 % 1000) as f64 / 10.0),
                Cell::Int(i * 104_729 % 10_000),
            ]
        })
        .collect();
    ResultSet {
        columns: columns(&[
            ("ts", "TIMESTAMP"),
            ("value", "DOUBLE PRECISION"),
            ("n", "BIGINT"),
        ]),
        rows,
    }
}

/// The monthly channel summary's unique users (DATASETS.md): 7 months × 6 channels.
fn channel_summary() -> ResultSet {
    let channels = [
        "Facebook",
        "Google",
        "Instagram",
        "Naver",
        "Organic",
        "Youtube",
    ];
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
    for (m, counts) in users.iter().enumerate() {
        for (channel, n) in channels.iter().zip(counts) {
            rows.push(vec![
                Cell::Text(format!("2019-{:02}", m + 5)),
                Cell::Text((*channel).to_owned()),
                Cell::Int(*n),
            ]);
        }
    }
    ResultSet {
        columns: columns(&[
            ("month", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("unique_users", "BIGINT"),
        ]),
        rows,
    }
}

/// The median of `RUNS` renders, in milliseconds, and the SVG's size in bytes.
fn time(result: &ResultSet, spec: &ChartSpec) -> (f64, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        match render_svg(result, spec, Lang::Ko, 800, 450) {
            Ok(svg) => size = svg.len(),
            Err(e) => panic!("{e}"),
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], size)
}

fn main() {
    let points = many_points();
    let summary = channel_summary();
    let cases = [
        (
            "line, 10,000 points",
            &points,
            ChartSpec::new(ChartKind::Line, 0, vec![1]),
        ),
        (
            "scatter, 10,000 points",
            &points,
            ChartSpec::new(ChartKind::Scatter, 2, vec![1]),
        ),
        (
            "grouped bar, 42 rows",
            &summary,
            ChartSpec::new(ChartKind::GroupedBar, 0, vec![2]).with_series(1),
        ),
    ];
    println!(
        "{:<28} {:>12} {:>12}",
        "chart (median of 5)", "ms", "SVG bytes"
    );
    for (label, result, spec) in &cases {
        let (ms, size) = time(result, spec);
        println!("{label:<28} {ms:>12.2} {size:>12}");
    }
    let start = Instant::now();
    let proposed = propose(&points);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{:<28} {ms:>12.2} {:>12}",
        "propose, 10,000 rows",
        format!("{:?}", proposed.map(|s| s.kind))
    );
}
