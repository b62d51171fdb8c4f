//! Export for learners who outgrow the browser: one CSV per table, a
//! `schema.sql` with Redshift DDL, and a `load.sql` with the COPY commands
//! that load the CSVs into Redshift (and notes for PostgreSQL and DuckDB).

use crate::engine::glue::to_cell;
use crate::engine::outcome::Cell;
use crate::engine::storage::Storage;

/// One exported file: its name and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// File name, e.g. `raw_data.channel.csv`.
    pub name: String,
    /// The bytes (UTF-8 text).
    pub bytes: Vec<u8>,
}

/// Exports every table of the given schemas, in storage order.
pub fn export(storage: &Storage, schemas: &[&str]) -> Vec<ExportFile> {
    let mut files = Vec::new();
    let mut ddl = String::from(
        "-- Tabhouse export: Redshift DDL for the exported tables.\n\
         -- PostgreSQL and DuckDB accept it too.\n\n",
    );
    let mut load = String::from(
        "-- Tabhouse export: load the CSV files into Redshift.\n\
         -- Upload the .csv files to your bucket, replace the bucket and the IAM role, run schema.sql, then this.\n\
         -- PostgreSQL: \\copy schema.table FROM 'schema.table.csv' CSV HEADER\n\
         -- DuckDB:     COPY schema.table FROM 'schema.table.csv' (HEADER);\n\n",
    );
    for schema in schemas {
        ddl.push_str(&format!("CREATE SCHEMA IF NOT EXISTS {schema};\n"));
    }
    ddl.push('\n');
    for table in storage.tables() {
        let full = &table.schema.table_name;
        let Some((schema, _)) = full.split_once('.') else {
            continue;
        };
        if !schemas.contains(&schema) {
            continue;
        }
        let columns: Vec<&str> = table
            .schema
            .column_defs
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        let definitions: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let declared = table
                    .info
                    .declared_types
                    .get(i)
                    .map_or("character varying(256)", String::as_str);
                format!("  {} {}", quote(name), declared)
            })
            .collect();
        ddl.push_str(&format!(
            "CREATE TABLE {full} (\n{}\n);\n\n",
            definitions.join(",\n")
        ));
        let file = format!("{full}.csv");
        load.push_str(&format!(
            "COPY {full} FROM 's3://YOUR-BUCKET/{file}'\n  IAM_ROLE 'arn:aws:iam::YOUR-ACCOUNT:role/YOUR-ROLE'\n  CSV IGNOREHEADER 1 TIMEFORMAT 'auto';\n\n"
        ));
        let mut csv = csv_line(columns.iter().map(|c| Some((*c).to_owned())));
        for row in table.rows.values() {
            csv.push_str(&csv_line(row.iter().map(|value| {
                match to_cell(value.clone()) {
                    Cell::Null => None,
                    cell => Some(cell.to_text()),
                }
            })));
        }
        files.push(ExportFile {
            name: file,
            bytes: csv.into_bytes(),
        });
    }
    files.push(ExportFile {
        name: "schema.sql".to_owned(),
        bytes: ddl.into_bytes(),
    });
    files.push(ExportFile {
        name: "load.sql".to_owned(),
        bytes: load.into_bytes(),
    });
    files
}

/// ZIP's CRC-32 (ISO-HDLC), a byte at a time: a 1 KB table in the wasm.
const ZIP_CRC: crc::Crc<u32, crc::Table<1>> =
    crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

/// The files as one ZIP archive, stored without compression (the page's
/// download). The format is small enough to write here: local headers,
/// the data, a central directory, and its end record (APPNOTE 6.3).
pub fn zip(files: &[ExportFile]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for file in files {
        let offset = out.len() as u32;
        let name = file.name.as_bytes();
        let crc = ZIP_CRC.checksum(&file.bytes);
        let size = file.bytes.len() as u32;
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&signature.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u16.to_le_bytes()); // time
            h.extend_from_slice(&0x0021u16.to_le_bytes()); // date 1980-01-01
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(&file.bytes);
        central.extend(header(0x0201_4b50, true));
    }
    let directory_offset = out.len() as u32;
    let directory_size = central.len() as u32;
    out.extend(central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&directory_size.to_le_bytes());
    out.extend_from_slice(&directory_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

/// A column name as SQL: quoted when it is a keyword or not plain.
fn quote(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(
            name,
            "date" | "min" | "max" | "open" | "close" | "group" | "order" | "user"
        );
    if plain {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// One CSV line: NULL is an empty field, an empty string is `""`, and a
/// field with a comma, quote or line break is quoted.
fn csv_line(fields: impl Iterator<Item = Option<String>>) -> String {
    let fields: Vec<String> = fields
        .map(|field| match field {
            None => String::new(),
            Some(text)
                if text.is_empty()
                    || text.contains([',', '"', '\n', '\r'])
                    || text.starts_with(' ')
                    || text.ends_with(' ') =>
            {
                format!("\"{}\"", text.replace('"', "\"\""))
            }
            Some(text) => text,
        })
        .collect();
    let mut line = fields.join(",");
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_tells_null_from_empty_and_quotes_what_needs_it() {
        let line = csv_line(
            [
                None,
                Some(String::new()),
                Some("a,b".into()),
                Some("say \"hi\"".into()),
                Some("plain".into()),
            ]
            .into_iter(),
        );
        assert_eq!(line, ",\"\",\"a,b\",\"say \"\"hi\"\"\",plain\n");
    }

    #[test]
    fn zip_archive_lists_every_file_with_its_checksum() {
        let files = vec![
            ExportFile {
                name: "a.csv".into(),
                bytes: b"x\n1\n".to_vec(),
            },
            ExportFile {
                name: "schema.sql".into(),
                bytes: b"CREATE TABLE t (x INT);\n".to_vec(),
            },
        ];
        let archive = zip(&files);
        assert_eq!(&archive[..4], b"PK\x03\x04");
        let end = archive.len() - 22;
        assert_eq!(&archive[end..end + 4], b"PK\x05\x06");
        assert_eq!(
            u16::from_le_bytes([archive[end + 10], archive[end + 11]]),
            2
        );
        // zlib.crc32(b"x\n1\n")
        let crc = 0xa4d0_3c15_u32.to_le_bytes();
        assert_eq!(&archive[14..18], &crc);
    }

    #[test]
    fn keywords_are_quoted_in_ddl() {
        assert_eq!(quote("date"), "\"date\"");
        assert_eq!(quote("userid"), "userid");
    }
}
