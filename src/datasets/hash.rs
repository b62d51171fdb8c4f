//! A platform-independent fingerprint of a table's contents.

use core::fmt::{self, Write};

use chrono::{Datelike, Timelike};

#[cfg(doc)]
use super::COURSE_SEED;
use super::{Cell, SourceFile, TableData};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 state that text can be written into.
struct Fnv(u64);

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(FNV_PRIME);
    }
}

impl Write for Fnv {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &b in s.as_bytes() {
            self.byte(b);
        }
        Ok(())
    }
}

/// FNV-1a 64 over a canonical text rendering of `table`: a header line
/// `schema.name`, a line of `name type [PK]` columns, then one line per row;
/// fields are tab-separated and rendered as `\N` (NULL), decimal integers,
/// text with backslash, tab and newline escaped, `t`/`f`,
/// `YYYY-MM-DD HH:MM:SS.mmm` and `YYYY-MM-DD`. Used to check that a build
/// (native or wasm) generates exactly the reference data.
pub fn table_hash(table: &TableData) -> u64 {
    let mut h = Fnv(FNV_OFFSET);
    render(&mut h, table).expect("hashing never fails");
    h.0
}

fn render(out: &mut Fnv, table: &TableData) -> fmt::Result {
    writeln!(out, "{}.{}", table.schema, table.name)?;
    for (i, c) in table.columns.iter().enumerate() {
        let sep = if i == 0 { "" } else { "\t" };
        let pk = if c.primary_key { " PK" } else { "" };
        write!(out, "{sep}{} {}{pk}", c.name, c.sql_type)?;
    }
    out.write_char('\n')?;
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.write_char('\t')?;
            }
            render_cell(out, cell)?;
        }
        out.write_char('\n')?;
    }
    Ok(())
}

fn render_cell(out: &mut Fnv, cell: &Cell) -> fmt::Result {
    match cell {
        Cell::Null => out.write_str("\\N"),
        Cell::Int(v) => write!(out, "{v}"),
        Cell::Text(s) => {
            for c in s.chars() {
                match c {
                    '\\' => out.write_str("\\\\")?,
                    '\t' => out.write_str("\\t")?,
                    '\n' => out.write_str("\\n")?,
                    c => out.write_char(c)?,
                }
            }
            Ok(())
        }
        Cell::Bool(b) => out.write_str(if *b { "t" } else { "f" }),
        Cell::Timestamp(ts) => write!(
            out,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
            ts.year(),
            ts.month(),
            ts.day(),
            ts.hour(),
            ts.minute(),
            ts.second(),
            ts.nanosecond() / 1_000_000
        ),
        Cell::Date(d) => write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// FNV-1a 64 over a source file's bytes.
pub fn source_hash(file: &SourceFile) -> u64 {
    let mut h = Fnv(FNV_OFFSET);
    for &b in &file.bytes {
        h.byte(b);
    }
    h.0
}

/// [`table_hash`] of every table generated with [`COURSE_SEED`], in load
/// order: a native or wasm build generates the reference data exactly when
/// its hashes equal these.
pub const COURSE_TABLE_HASHES: [(&str, u64); 10] = [
    ("raw_data.user_session_channel", 0xf3f60443cea5fdee),
    ("raw_data.session_timestamp", 0x549261344dbdc996),
    ("raw_data.session_transaction", 0xb2f567786fe529a6),
    ("raw_data.channel", 0xa132cb3ecf8f9b5a),
    ("raw_data.nps", 0x0830b6db758e493a),
    ("prod.nps", 0x7692c16815462005),
    ("raw_data.count_test", 0x2433423ee9da2f77),
    ("raw_data.boolean_test", 0x90c29c2c0008a73d),
    ("raw_data.vital", 0x6df607bea6c0a779),
    ("raw_data.alert", 0x41b1004e1ec42827),
];

/// [`source_hash`] of every source file generated with [`COURSE_SEED`].
pub const COURSE_SOURCE_HASHES: [(&str, u64); 4] = [
    ("name_gender.csv", 0xed6db5fdf515cf83),
    ("countries.json", 0xf9312268e7801612),
    ("seoul_weather.json", 0xf8499b60e01d396b),
    ("stock_prices.csv", 0xfcd537bec06e49ce),
];
