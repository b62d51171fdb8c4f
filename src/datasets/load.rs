//! Loads generated tables straight into the engine's storage (no INSERT
//! parsing) and the ETL source files into its virtual bucket.

use gluesql_core::data::Value;

use super::{generate_sources, tables, Cell, TableData, COURSE_SEED};
use crate::engine::{error::EngineError, load::LoadColumn, Engine};

/// A generated cell as an engine value.
pub fn to_value(cell: Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::I64(i),
        Cell::Text(s) => Value::Str(s),
        Cell::Bool(b) => Value::Bool(b),
        Cell::Timestamp(t) => Value::Timestamp(t),
        Cell::Date(d) => Value::Date(d),
    }
}

/// Loads one generated table, typed as its DDL says.
pub fn load_table(engine: &mut Engine, table: TableData) -> Result<(), EngineError> {
    let columns: Vec<LoadColumn> = table
        .columns
        .iter()
        .map(|c| LoadColumn {
            name: c.name.to_owned(),
            declared: c.sql_type.to_owned(),
            primary_key: c.primary_key,
        })
        .collect();
    let rows = table
        .rows
        .into_iter()
        .map(|row| row.into_iter().map(to_value).collect())
        .collect();
    engine.load_table(table.schema, table.name, &columns, rows)
}

/// Loads every table and source file of `seed`, then marks that state as
/// the one a reset returns to. `progress` hears each table's name before it
/// is generated, with its 1-based number and the total.
pub fn load_seed(
    engine: &mut Engine,
    seed: u64,
    mut progress: impl FnMut(&str, usize, usize),
) -> Result<(), EngineError> {
    let names = super::table_names();
    let total = names.len();
    let mut generated = tables(seed);
    for (index, name) in names.iter().enumerate() {
        progress(name, index + 1, total);
        if let Some(table) = generated.next() {
            load_table(engine, table)?;
        }
    }
    for file in generate_sources(seed) {
        engine.bucket_mut().put(file.name, file.bytes);
    }
    engine.bucket_mut().put(
        COUNTRIES_JSONPATHS.0,
        COUNTRIES_JSONPATHS.1.as_bytes().to_vec(),
    );
    engine.mark_pristine();
    Ok(())
}

/// The JSONPaths file beside `countries.json` (its names are nested), as
/// the course's COPY of an API response would use: `COPY adhoc.countries
/// FROM 's3://tabhouse-course/countries.json' JSON 's3://tabhouse-course/countries_jsonpaths.json'`.
pub const COUNTRIES_JSONPATHS: (&str, &str) = (
    "countries_jsonpaths.json",
    "{\"jsonpaths\": [\"$.name.common\", \"$.name.official\", \"$.population\", \"$.area\"]}\n",
);

/// An engine with the course's datasets loaded, as the page opens it.
pub fn course_engine() -> Result<Engine, EngineError> {
    let mut engine = Engine::new();
    load_seed(&mut engine, COURSE_SEED, |_, _, _| {})?;
    Ok(engine)
}
