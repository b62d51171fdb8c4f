//! Result formats of the command line: CSV, aligned table, JSON.

use std::str::FromStr;

use crate::engine::outcome::{Cell, Output, ResultSet, StatementResult};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row; NULL is an empty field.
    Csv,
    /// Aligned text.
    Table,
    /// An array of objects.
    Json,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "csv" => Ok(Format::Csv),
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format {other}: use csv, table or json")),
        }
    }
}

/// Renders every statement that returned rows, in order, blocks separated by one empty line.
pub fn render(statements: &[StatementResult], format: Format) -> String {
    statements
        .iter()
        .filter_map(|s| match &s.output {
            Output::Rows(rows) => Some(match format {
                Format::Csv => csv(rows),
                Format::Table => table(rows),
                Format::Json => json(rows),
            }),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// CSV with a header row.
pub fn csv(rows: &ResultSet) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<&str> = rows.columns.iter().map(|c| c.name.as_str()).collect();
    let mut write = || -> Result<(), csv::Error> {
        writer.write_record(&header)?;
        for row in &rows.rows {
            writer.write_record(row.iter().map(Cell::to_text))?;
        }
        writer.flush()?;
        Ok(())
    };
    if let Err(e) = write() {
        return format!("cannot write CSV: {e}\n");
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Aligned text with a header, a rule and a row count.
pub fn table(rows: &ResultSet) -> String {
    let texts: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Cell::Null => "NULL".to_owned(),
                    other => other.to_text(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = rows
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            texts
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_owned()
    };
    let mut out = line(rows.columns.iter().map(|c| c.name.clone()).collect());
    out.push('\n');
    out.push_str(
        &widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-"),
    );
    out.push('\n');
    for row in texts {
        out.push_str(&line(row));
        out.push('\n');
    }
    let n = rows.rows.len();
    out.push_str(&format!("({n} row{})\n", if n == 1 { "" } else { "s" }));
    out
}

/// An array of objects, one per row.
pub fn json(rows: &ResultSet) -> String {
    let array: Vec<serde_json::Value> = rows
        .rows
        .iter()
        .map(|row| {
            let object = rows
                .columns
                .iter()
                .zip(row)
                .map(|(column, cell)| (column.name.clone(), json_value(cell)))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&array).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn json_value(cell: &Cell) -> serde_json::Value {
    match cell {
        Cell::Null => serde_json::Value::Null,
        Cell::Bool(b) => (*b).into(),
        Cell::Int(i) => (*i).into(),
        Cell::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Cell::Decimal(d) => d
            .parse::<serde_json::Number>()
            .map(serde_json::Value::Number)
            .unwrap_or_else(|_| d.clone().into()),
        other => other.to_text().into(),
    }
}
