//! The small teaching tables, identical for every seed.

use super::calendar::date;
use super::{Cell, ColumnSpec, TableData};

fn int(v: i64) -> Cell {
    Cell::Int(v)
}

fn day(d: u32) -> Cell {
    Cell::Date(date(2020, 1, d, 0))
}

fn column(name: &'static str, sql_type: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        sql_type,
        primary_key: false,
    }
}

/// `raw_data.channel`: the six channels with sessions and TIKTOK.
pub(crate) fn channel() -> TableData {
    let names = [
        "Facebook",
        "Google",
        "Instagram",
        "Naver",
        "Organic",
        "Youtube",
        "TIKTOK",
    ];
    TableData {
        schema: "raw_data",
        name: "channel",
        columns: vec![ColumnSpec {
            name: "channelname",
            sql_type: "VARCHAR(32)",
            primary_key: true,
        }],
        rows: names
            .iter()
            .map(|n| vec![Cell::Text(n.to_string())])
            .collect(),
    }
}

/// `raw_data.count_test`: NULL, 1, 1, 0, 0, 4, 3.
pub(crate) fn count_test() -> TableData {
    let values = [None, Some(1), Some(1), Some(0), Some(0), Some(4), Some(3)];
    TableData {
        schema: "raw_data",
        name: "count_test",
        columns: vec![column("value", "INT")],
        rows: values
            .iter()
            .map(|v| vec![v.map_or(Cell::Null, int)])
            .collect(),
    }
}

/// `raw_data.boolean_test`: TRUE, FALSE, TRUE, NULL, FALSE.
pub(crate) fn boolean_test() -> TableData {
    let values = [Some(true), Some(false), Some(true), None, Some(false)];
    TableData {
        schema: "raw_data",
        name: "boolean_test",
        columns: vec![column("flag", "BOOLEAN")],
        rows: values
            .iter()
            .map(|v| vec![v.map_or(Cell::Null, Cell::Bool)])
            .collect(),
    }
}

/// `raw_data.vital`: four weight measurements of users 100 and 101.
pub(crate) fn vital() -> TableData {
    let rows = [
        (100, 1, 1, 75),
        (100, 3, 2, 78),
        (101, 2, 1, 90),
        (101, 4, 2, 95),
    ];
    TableData {
        schema: "raw_data",
        name: "vital",
        columns: vec![
            column("userid", "INT"),
            column("vitalid", "INT"),
            column("date", "DATE"),
            column("weight", "INT"),
        ],
        rows: rows
            .iter()
            .map(|&(user, vital, d, weight)| vec![int(user), int(vital), day(d), int(weight)])
            .collect(),
    }
}

/// `raw_data.alert`: one alert tied to a vital, two missing-vital alerts.
pub(crate) fn alert() -> TableData {
    let rows = [
        (1, Some(4), "WeightIncrease", 1, 101),
        (2, None, "MissingVital", 4, 100),
        (3, None, "MissingVital", 4, 101),
    ];
    TableData {
        schema: "raw_data",
        name: "alert",
        columns: vec![
            column("alertid", "INT"),
            column("vitalid", "INT"),
            column("alerttype", "VARCHAR(32)"),
            column("date", "DATE"),
            column("userid", "INT"),
        ],
        rows: rows
            .iter()
            .map(|&(id, vital, kind, d, user)| {
                vec![
                    int(id),
                    vital.map_or(Cell::Null, int),
                    Cell::Text(kind.to_string()),
                    day(d),
                    int(user),
                ]
            })
            .collect(),
    }
}
