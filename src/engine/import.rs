//! CSV import: a learner's file becomes a table in `adhoc`. The file is read
//! once to plan the table (name, columns, types, a preview), then loaded by
//! the SQL a learner would write: `CREATE TABLE` and a `COPY` from the
//! virtual bucket, in one transaction, so the import shows how COPY works
//! and a bad row refuses the whole file with its line number.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::copy::{self, COURSE_BUCKET};
use super::error::{EngineError, ErrorKind};
use super::outcome::{Cell, Output};
use super::storage::Storage;
use super::Engine;

/// The schema imported tables go to.
pub const IMPORT_SCHEMA: &str = "adhoc";

/// The folder of the virtual bucket uploaded files go to.
pub const UPLOADS: &str = "uploads/";

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// Redshift's longest VARCHAR, in bytes.
const MAX_VARCHAR: usize = 65535;

/// Redshift's longest identifier, in bytes.
const MAX_IDENTIFIER: usize = 127;

/// The delimiters sniffed, preferred in this order on a tie.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// How many records delimiter sniffing reads.
const SNIFFED_RECORDS: usize = 20;

/// Redshift's reserved words (lower case, sorted): a name like one gets a
/// trailing `_`, so the column never needs quoting.
const RESERVED: [&str; 157] = [
    "aes128",
    "aes256",
    "all",
    "allowoverwrite",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "authorization",
    "az64",
    "backup",
    "between",
    "binary",
    "blanksasnull",
    "both",
    "bytedict",
    "bzip2",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "credentials",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "current_user_id",
    "default",
    "deferrable",
    "deflate",
    "defrag",
    "delta",
    "delta32k",
    "desc",
    "disable",
    "distinct",
    "do",
    "else",
    "emptyasnull",
    "enable",
    "encode",
    "encrypt",
    "encryption",
    "end",
    "except",
    "explicit",
    "false",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "globaldict256",
    "globaldict64k",
    "grant",
    "group",
    "gzip",
    "having",
    "identity",
    "ignore",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "language",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "lun",
    "luns",
    "lzo",
    "lzop",
    "minus",
    "mostly16",
    "mostly32",
    "mostly8",
    "natural",
    "new",
    "not",
    "notnull",
    "null",
    "nulls",
    "off",
    "offline",
    "offset",
    "oid",
    "old",
    "on",
    "only",
    "open",
    "or",
    "order",
    "outer",
    "overlaps",
    "parallel",
    "partition",
    "percent",
    "permissions",
    "pivot",
    "placing",
    "primary",
    "raw",
    "readratio",
    "recover",
    "references",
    "rejectlog",
    "resort",
    "respect",
    "restore",
    "right",
    "select",
    "session_user",
    "similar",
    "snapshot",
    "some",
    "sysdate",
    "system",
    "table",
    "tag",
    "tdes",
    "text255",
    "text32k",
    "then",
    "timestamp",
    "to",
    "top",
    "trailing",
    "true",
    "truncatecolumns",
    "union",
    "unique",
    "unnest",
    "unpivot",
    "user",
    "using",
    "verbose",
    "wallet",
    "when",
    "where",
    "with",
    "without",
];

/// What an import will do: the table it creates, read from the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// The file name as given.
    pub file: String,
    /// The table to create, `adhoc.name`.
    pub table: String,
    /// Where the file goes in the virtual bucket (`s3://.../uploads/...`).
    pub source: String,
    /// The field delimiter found: `,`, tab or `;`.
    pub delimiter: char,
    /// The columns, in file order.
    pub columns: Vec<ImportColumn>,
    /// The first rows (up to [`PREVIEW_ROWS`]), typed as they will load.
    pub preview: Vec<Vec<Cell>>,
    /// How many data rows the file holds (the header excluded).
    pub rows: usize,
    /// The script the import runs: BEGIN, CREATE TABLE, COPY, COMMIT.
    pub sql: String,
}

/// A column of an [`ImportPlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportColumn {
    /// The column name: the header cell as a lower-case identifier.
    pub name: String,
    /// The header cell as written.
    pub header: String,
    /// The declared type, e.g. `VARCHAR(32)`.
    pub type_name: String,
}

/// What an import loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The new table, `adhoc.name`.
    pub table: String,
    /// How many rows COPY loaded.
    pub rows: usize,
}

/// A column type inferred from the values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Boolean,
    Integer,
    BigInt,
    Numeric { precision: usize, scale: usize },
    Double,
    Date,
    Timestamp,
    Varchar(usize),
}

impl Kind {
    fn type_name(self) -> String {
        match self {
            Kind::Boolean => "BOOLEAN".to_owned(),
            Kind::Integer => "INTEGER".to_owned(),
            Kind::BigInt => "BIGINT".to_owned(),
            Kind::Numeric { precision, scale } => format!("NUMERIC({precision},{scale})"),
            Kind::Double => "DOUBLE PRECISION".to_owned(),
            Kind::Date => "DATE".to_owned(),
            Kind::Timestamp => "TIMESTAMP".to_owned(),
            Kind::Varchar(length) => format!("VARCHAR({length})"),
        }
    }

    /// A field as it will load (empty is NULL, as with `EMPTYASNULL`).
    fn cell(self, raw: &str) -> Cell {
        if raw.is_empty() {
            return Cell::Null;
        }
        let value = raw.trim();
        let typed = match self {
            Kind::Boolean => Some(Cell::Bool(matches!(
                value.to_lowercase().as_str(),
                "true" | "t" | "yes"
            ))),
            Kind::Integer | Kind::BigInt => value.parse().ok().map(Cell::Int),
            Kind::Numeric { .. } => value
                .parse::<Decimal>()
                .ok()
                .map(|d| Cell::Decimal(d.to_string())),
            Kind::Double => value.parse().ok().map(Cell::Float),
            Kind::Date => copy::parse_date(value).map(Cell::Date),
            Kind::Timestamp => copy::parse_timestamp(value).map(Cell::Timestamp),
            Kind::Varchar(_) => None,
        };
        typed.unwrap_or_else(|| Cell::Text(raw.to_owned()))
    }
}

/// What the values of one column allow, updated value by value.
struct Evidence {
    values: usize,
    boolean: bool,
    integer: bool,
    wide: bool,
    decimal: bool,
    integer_digits: usize,
    scale: usize,
    double: bool,
    date: bool,
    timestamp: bool,
    longest: usize,
}

impl Evidence {
    fn new() -> Self {
        Self {
            values: 0,
            boolean: true,
            integer: true,
            wide: false,
            decimal: true,
            integer_digits: 0,
            scale: 0,
            double: true,
            date: true,
            timestamp: true,
            longest: 0,
        }
    }

    /// Takes one field into account; each test runs only while its type is
    /// still possible.
    fn see(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let value = raw.trim();
        self.values += 1;
        self.longest = self.longest.max(raw.len());
        self.boolean = self.boolean
            && matches!(
                value.to_lowercase().as_str(),
                "true" | "false" | "t" | "f" | "yes" | "no"
            );
        let padded = is_zero_padded(value);
        if self.decimal {
            match decimal_digits(value).filter(|_| !padded) {
                Some((digits, scale)) => {
                    self.integer_digits = self.integer_digits.max(digits);
                    self.scale = self.scale.max(scale);
                }
                None => self.decimal = false,
            }
        }
        if self.decimal && self.integer {
            match value.parse::<i64>() {
                Ok(n) => self.wide |= i32::try_from(n).is_err(),
                Err(_) => self.integer = false,
            }
        } else {
            self.integer = false;
        }
        self.double = self.double
            && !padded
            && value.bytes().all(|b| b"0123456789+-.eE".contains(&b))
            && value.parse::<f64>().is_ok_and(f64::is_finite);
        self.date = self.date
            && copy::DATE_FORMATS
                .iter()
                .any(|f| NaiveDate::parse_from_str(value, f).is_ok());
        self.timestamp = self.timestamp && copy::parse_timestamp(value).is_some();
    }

    /// The narrowest type every value fits, in the order Redshift users
    /// expect: BOOLEAN, INTEGER/BIGINT, NUMERIC, DOUBLE, DATE, TIMESTAMP, VARCHAR.
    fn kind(&self) -> Kind {
        let precision = self.integer_digits + self.scale;
        if self.values == 0 {
            Kind::Varchar(256)
        } else if self.boolean {
            Kind::Boolean
        } else if self.integer {
            if self.wide {
                Kind::BigInt
            } else {
                Kind::Integer
            }
        } else if self.decimal && precision <= 28 {
            // Up to 18 digits Redshift stores a NUMERIC in 8 bytes; our
            // decimals hold 28 digits, within Redshift's 38.
            Kind::Numeric {
                precision: if precision <= 18 { 18 } else { 38 },
                scale: self.scale,
            }
        } else if self.double {
            Kind::Double
        } else if self.date {
            Kind::Date
        } else if self.timestamp {
            Kind::Timestamp
        } else {
            Kind::Varchar(varchar_length(self.longest))
        }
    }
}

/// The digits of a number written plainly (`-12.50`): how many before the
/// point (leading zeros not counted) and after it; None for anything else.
fn decimal_digits(value: &str) -> Option<(usize, usize)> {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if integer.len() + fraction.len() == 0 || !all_digits(integer) || !all_digits(fraction) {
        return None;
    }
    Some((integer.trim_start_matches('0').len(), fraction.len()))
}

/// Whether a value starts with a zero and another digit (`007`, `010-1234`):
/// a code whose zeros a number would lose, so it stays text.
fn is_zero_padded(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let mut bytes = unsigned.bytes();
    bytes.next() == Some(b'0') && bytes.next().is_some_and(|b| b.is_ascii_digit())
}

/// A VARCHAR length for values up to `longest` bytes: the next power of
/// two, at least 16, at most Redshift's 65535.
fn varchar_length(longest: usize) -> usize {
    longest.max(16).next_power_of_two().min(MAX_VARCHAR)
}

fn refuse(ko: impl Into<String>, en: impl Into<String>) -> EngineError {
    EngineError::msg(ErrorKind::Load, ko, en)
}

/// The file as text: not empty, not too large, UTF-8, without a BOM.
fn text(bytes: &[u8]) -> Result<&str, EngineError> {
    if bytes.len() > MAX_FILE_BYTES {
        let megabytes = bytes.len().div_ceil(1024 * 1024);
        let max = MAX_FILE_BYTES / (1024 * 1024);
        return Err(refuse(
            format!("파일이 너무 큽니다 ({megabytes} MB). {max} MB까지 가져올 수 있습니다."),
            format!(
                "The file is too large ({megabytes} MB); files up to {max} MB can be imported."
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        refuse(
            format!("파일이 UTF-8 텍스트가 아닙니다 ({line}번째 줄). 엑셀에서는 'CSV UTF-8(쉼표로 분리)' 형식으로 다시 저장하세요."),
            format!("The file is not UTF-8 text (line {line}). From Excel, save it again as \"CSV UTF-8 (Comma delimited)\"."),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refuse("파일이 비어 있습니다.", "The file is empty."));
    }
    Ok(text)
}

/// The delimiter that splits the first records into the same number of
/// fields, the most fields winning; else the one that splits the header
/// most; else a comma.
fn sniff(text: &str) -> u8 {
    let mut best = (b',', 0, false);
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = copy::delimited_reader(text, delimiter, Some(b'"'))
            .records()
            .map_while(Result::ok)
            .filter(|record| !copy::is_blank(record))
            .take(SNIFFED_RECORDS)
            .map(|record| record.len())
            .collect();
        let fields = counts.first().copied().unwrap_or(0);
        let consistent = counts.iter().all(|&n| n == fields);
        let better = match (consistent, best.2) {
            (true, false) => fields > 1,
            (true, true) | (false, false) => fields > best.1,
            (false, true) => false,
        };
        if better {
            best = (delimiter, fields, consistent);
        }
    }
    best.0
}

/// A lower-case identifier from free text: letters (any script), ASCII
/// digits and `_` kept, every other run of characters one `_`; never
/// starting with a digit, never a reserved word, at most 127 bytes. Empty
/// when nothing is left.
fn identifier(text: &str) -> String {
    let mut name = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphabetic() || c.is_ascii_digit() || c == '_' {
            name.push(c);
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let mut name = name.trim_matches('_').to_owned();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if RESERVED.binary_search(&name.as_str()).is_ok() {
        name.push('_');
    }
    truncate(&mut name, MAX_IDENTIFIER);
    name
}

fn truncate(name: &mut String, bytes: usize) {
    while name.len() > bytes {
        name.pop();
    }
}

/// `name`, or `name_2`, `name_3`... the first that `taken` refuses not.
fn unique(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken(&candidate) {
        n += 1;
        let suffix = format!("_{n}");
        candidate = name.to_owned();
        truncate(&mut candidate, MAX_IDENTIFIER - suffix.len());
        candidate.push_str(&suffix);
    }
    candidate
}

/// The file's name without folders.
fn base_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// The table name a file suggests: its base name without the extension.
fn table_from_file(file: &str) -> String {
    let base = base_name(file);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let name = identifier(stem);
    if name.is_empty() {
        "upload".to_owned()
    } else {
        name
    }
}

/// The file's key in the bucket: its base name with only letters, digits
/// and `. - _ ( )` and spaces kept, so it reads well inside a SQL string.
fn bucket_key(file: &str) -> String {
    let key: String = base_name(file)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let key = key.trim();
    if key.is_empty() || key.chars().all(|c| c == '.') {
        format!("{UPLOADS}upload.csv")
    } else {
        format!("{UPLOADS}{key}")
    }
}

/// Reads a file and plans its table in `adhoc`. Without a `table` name the
/// file's name is used, made unique in `adhoc`; a name the learner chose is
/// only made an identifier (an existing table stops the import itself).
pub fn plan(
    file: &str,
    bytes: &[u8],
    table: Option<&str>,
    storage: &Storage,
) -> Result<ImportPlan, EngineError> {
    let text = text(bytes)?;
    let delimiter = sniff(text);
    let mut records = copy::delimited_reader(text, delimiter, Some(b'"')).into_records();
    let mut lines = copy::Lines::new(text);
    let mut next = || -> Result<Option<(usize, csv::StringRecord)>, EngineError> {
        for record in records.by_ref() {
            let record = record.map_err(|e| {
                let line = lines.at(e.position());
                refuse(
                    format!("{line}번째 줄을 CSV로 읽지 못했습니다: {e}"),
                    format!("Line {line} could not be read as CSV: {e}"),
                )
            })?;
            if !copy::is_blank(&record) {
                let line = lines.at(record.position());
                return Ok(Some((line, record)));
            }
        }
        Ok(None)
    };
    let Some((_, header)) = next()? else {
        return Err(refuse("파일이 비어 있습니다.", "The file is empty."));
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let mut evidence: Vec<Evidence> = headers.iter().map(|_| Evidence::new()).collect();
    let mut first_rows = Vec::new();
    let mut rows = 0;
    while let Some((line, record)) = next()? {
        if record.len() != headers.len() {
            return Err(refuse(
                format!(
                    "{line}번째 줄의 필드가 {}개인데 머리글(첫 줄)은 {}개입니다. 구분자와 따옴표를 확인하세요.",
                    record.len(),
                    headers.len()
                ),
                format!(
                    "Line {line} has {} fields but the header has {}; check the delimiter and the quotes.",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        for ((field, seen), header) in record.iter().zip(&mut evidence).zip(&headers) {
            if field.len() > MAX_VARCHAR {
                return Err(refuse(
                    format!("{line}번째 줄, 열 {header}의 값이 {}바이트로 VARCHAR의 최대 길이(65535바이트)보다 깁니다.", field.len()),
                    format!("Line {line}, column {header}: the value is {} bytes, longer than the longest VARCHAR (65535 bytes).", field.len()),
                ));
            }
            seen.see(field);
        }
        if first_rows.len() < PREVIEW_ROWS {
            first_rows.push(record);
        }
        rows += 1;
    }
    if rows == 0 {
        return Err(refuse(
            "머리글(첫 줄) 아래에 데이터 행이 없습니다.",
            "The file has a header line but no data rows.",
        ));
    }
    let kinds: Vec<Kind> = evidence.iter().map(Evidence::kind).collect();
    let columns = column_names(&headers)
        .into_iter()
        .zip(headers)
        .zip(&kinds)
        .map(|((name, header), kind)| ImportColumn {
            name,
            header,
            type_name: kind.type_name(),
        })
        .collect::<Vec<_>>();
    let preview = first_rows
        .iter()
        .map(|record| {
            record
                .iter()
                .zip(&kinds)
                .map(|(field, kind)| kind.cell(field))
                .collect()
        })
        .collect();
    let name = match table {
        Some(chosen) => {
            let chosen = chosen.trim();
            let chosen = chosen
                .strip_prefix(IMPORT_SCHEMA)
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or(chosen);
            Some(identifier(chosen)).filter(|n| !n.is_empty())
        }
        None => None,
    };
    let name = name.unwrap_or_else(|| {
        unique(&table_from_file(file), |candidate| {
            storage
                .table(&format!("{IMPORT_SCHEMA}.{candidate}"))
                .is_some()
        })
    });
    let table = format!("{IMPORT_SCHEMA}.{name}");
    let source = format!("{COURSE_BUCKET}{}", bucket_key(file));
    let sql = script(&table, &columns, &source, delimiter);
    Ok(ImportPlan {
        file: file.to_owned(),
        table,
        source,
        delimiter: char::from(delimiter),
        columns,
        preview,
        rows,
        sql,
    })
}

/// Column names from the header: identifiers, `col_N` for empty ones,
/// repeated names numbered (`name`, `name_2`).
fn column_names(headers: &[String]) -> Vec<String> {
    let mut taken = HashSet::new();
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let name = identifier(header);
            let name = if name.is_empty() {
                format!("col_{}", i + 1)
            } else {
                name
            };
            let name = unique(&name, |candidate| taken.contains(candidate));
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The SQL of an import, as a learner would write it.
fn script(table: &str, columns: &[ImportColumn], source: &str, delimiter: u8) -> String {
    let definitions = columns
        .iter()
        .map(|c| format!("    {} {}", c.name, c.type_name))
        .collect::<Vec<_>>()
        .join(",\n");
    let delimiter = match delimiter {
        b',' => String::new(),
        b'\t' => " DELIMITER '\\t'".to_owned(),
        other => format!(" DELIMITER '{}'", char::from(other)),
    };
    format!(
        "BEGIN;\nCREATE TABLE {table} (\n{definitions}\n);\nCOPY {table}\nFROM '{source}'\nCSV{delimiter} IGNOREHEADER 1 EMPTYASNULL;\nCOMMIT;"
    )
}

impl Engine {
    /// Imports a file: plans it (see [`plan`]), puts it in the virtual
    /// bucket under `uploads/` and runs the plan's script. Nothing is left
    /// half-done: on any error the transaction is rolled back.
    pub fn import(
        &mut self,
        file: &str,
        bytes: &[u8],
        table: Option<&str>,
    ) -> Result<Imported, EngineError> {
        if self.in_transaction() {
            return Err(refuse(
                "트랜잭션이 열려 있어 가져오지 않았습니다. 먼저 COMMIT 또는 ROLLBACK 하세요.",
                "A transaction is open; run COMMIT or ROLLBACK before importing.",
            ));
        }
        let plan = plan(file, bytes, table, self.storage())?;
        let key = plan
            .source
            .strip_prefix(COURSE_BUCKET)
            .unwrap_or(&plan.source);
        self.bucket_mut().put(key, text(bytes)?.as_bytes().to_vec());
        let output = self.run(&plan.sql);
        if let Some(error) = output.error {
            if self.in_transaction() {
                self.run("ROLLBACK");
            }
            return Err(error);
        }
        let rows = output
            .statements
            .iter()
            .find_map(|s| match &s.output {
                Output::Affected { command, rows } if command == "COPY" => Some(*rows),
                _ => None,
            })
            .unwrap_or(0);
        Ok(Imported {
            table: plan.table,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(file: &str, text: &str) -> ImportPlan {
        plan(file, text.as_bytes(), None, Engine::new().storage()).expect("planned")
    }

    fn types(plan: &ImportPlan) -> Vec<&str> {
        plan.columns.iter().map(|c| c.type_name.as_str()).collect()
    }

    fn refused(text: &[u8]) -> String {
        plan("x.csv", text, None, Engine::new().storage())
            .expect_err("refused")
            .render("en")
    }

    #[test]
    fn infers_types_from_the_values() {
        let plan = planned(
            "Sales 2024 (final).CSV",
            "id,big,price,ratio,ok,day,at,name,zip,empty\n\
             1,3000000000,12.50,1e3,true,2024-01-31,2024-01-31 10:00:00,가나다,007,\n\
             2,-4,3,2.5,F,2024-02-29,2024-02-29,Bob,010,\n",
        );
        assert_eq!(plan.table, "adhoc.sales_2024_final");
        assert_eq!(
            types(&plan),
            [
                "INTEGER",
                "BIGINT",
                "NUMERIC(18,2)",
                "DOUBLE PRECISION",
                "BOOLEAN",
                "DATE",
                "TIMESTAMP",
                "VARCHAR(16)",
                "VARCHAR(16)",
                "VARCHAR(256)"
            ]
        );
        assert_eq!(plan.rows, 2);
        assert_eq!(plan.delimiter, ',');
        assert_eq!(
            plan.preview[0][..5],
            [
                Cell::Int(1),
                Cell::Int(3_000_000_000),
                Cell::Decimal("12.50".into()),
                Cell::Float(1000.0),
                Cell::Bool(true)
            ]
        );
        assert_eq!(plan.preview[1][7], Cell::Text("Bob".into()));
        assert_eq!(plan.preview[1][8], Cell::Text("010".into()));
        assert_eq!(plan.preview[1][9], Cell::Null);
        assert!(plan
            .sql
            .contains("CREATE TABLE adhoc.sales_2024_final (\n    id INTEGER,"));
        assert!(plan.sql.contains(
            "FROM 's3://tabhouse-course/uploads/Sales 2024 (final).CSV'\nCSV IGNOREHEADER 1 EMPTYASNULL;"
        ));
    }

    #[test]
    fn varchar_lengths_round_up_to_a_power_of_two() {
        assert_eq!(varchar_length(0), 16);
        assert_eq!(varchar_length(17), 32);
        assert_eq!(varchar_length(300), 512);
        assert_eq!(varchar_length(40_000), 65535);
        let long = "x".repeat(100);
        let plan = planned("t.csv", &format!("a\n{long}\n"));
        assert_eq!(types(&plan), ["VARCHAR(128)"]);
        let error = refused(format!("a\n{}\n", "x".repeat(70_000)).as_bytes());
        assert!(error.contains("Line 2, column a"), "{error}");
    }

    #[test]
    fn names_become_identifiers_unique_and_unreserved() {
        let plan = planned(
            "C:\\fakepath\\2024 매출.tsv",
            "Order ID\tName\tname\t\t\"Unit Price ($)\"\torder\tuser\t12월\n1\ta\tb\tc\td\te\tf\tg\n",
        );
        assert_eq!(plan.delimiter, '\t');
        assert_eq!(plan.table, "adhoc._2024_매출");
        let names: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "order_id",
                "name",
                "name_2",
                "col_4",
                "unit_price",
                "order_",
                "user_",
                "_12월"
            ]
        );
        assert_eq!(plan.columns[4].header, "Unit Price ($)");
        assert!(plan.sql.contains("CSV DELIMITER '\\t' IGNOREHEADER 1"));
    }

    #[test]
    fn the_table_name_is_unique_in_adhoc() {
        let mut engine = Engine::new();
        engine.run("CREATE TABLE adhoc.people (a INT); CREATE TABLE adhoc.people_2 (a INT)");
        let suggested = plan("people.csv", b"a\n1\n", None, engine.storage()).expect("planned");
        assert_eq!(suggested.table, "adhoc.people_3");
        let chosen = plan(
            "people.csv",
            b"a\n1\n",
            Some(" adhoc.My Table "),
            engine.storage(),
        )
        .expect("planned");
        assert_eq!(chosen.table, "adhoc.my_table");
    }

    #[test]
    fn sniffs_semicolons_quotes_bom_and_crlf() {
        let plan = planned(
            "eu.csv",
            "\u{feff}\"a\";\"b;c\"\r\n\"x;y\";1,5\r\n\"line\r\nbreak\";2,5\r\n",
        );
        assert_eq!(plan.delimiter, ';');
        assert_eq!(plan.columns[0].name, "a");
        assert_eq!(plan.columns[1].name, "b_c");
        assert_eq!(types(&plan), ["VARCHAR(16)", "VARCHAR(16)"]);
        assert_eq!(plan.preview[1][0], Cell::Text("line\r\nbreak".into()));
        assert_eq!(plan.rows, 2);
        assert!(plan.sql.contains("CSV DELIMITER ';' IGNOREHEADER 1"));
    }

    #[test]
    fn bad_files_are_refused_clearly() {
        assert!(refused(b"").contains("empty"));
        assert!(refused(b"\xef\xbb\xbf\r\n\n").contains("empty"));
        assert!(refused(b"a,b\n").contains("no data rows"));
        let error = refused(b"a,b\n1,2\n3\n");
        assert!(
            error.contains("Line 3 has 1 fields but the header has 2"),
            "{error}"
        );
        let error = refused(b"a,b\r\n1,2\r\n\r\n3\r\n");
        assert!(error.contains("Line 4 has 1 fields"), "{error}");
        let error = refused(b"name\nok\n\xbf\xb0\n");
        assert!(error.contains("not UTF-8 text (line 3)"), "{error}");
    }

    fn query(engine: &mut Engine, sql: &str) -> Vec<Vec<String>> {
        let output = engine.run(sql);
        assert_eq!(output.error, None, "{sql}");
        output
            .last_rows()
            .map(|r| {
                r.rows
                    .iter()
                    .map(|row| row.iter().map(Cell::to_text).collect())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn imports_through_copy_and_the_catalog_reports_the_types() {
        let mut engine = Engine::new();
        let csv = "id,name,price,day\n1,가나다,1.25,2024-01-31\n2,,3,\n";
        let imported = engine
            .import("prices.csv", csv.as_bytes(), None)
            .expect("imported");
        assert_eq!(
            imported,
            Imported {
                table: "adhoc.prices".into(),
                rows: 2
            }
        );
        assert!(!engine.in_transaction());
        assert_eq!(
            query(&mut engine, "SELECT * FROM adhoc.prices ORDER BY id"),
            [["1", "가나다", "1.25", "2024-01-31"], ["2", "", "3", ""]]
        );
        assert_eq!(
            query(
                &mut engine,
                "SELECT COUNT(*) FROM adhoc.prices WHERE name IS NULL"
            ),
            [["1"]]
        );
        assert_eq!(
            query(
                &mut engine,
                "SELECT \"column\", type FROM pg_catalog.pg_table_def WHERE tablename = 'prices'"
            ),
            [
                ["id", "integer"],
                ["name", "character varying(16)"],
                ["price", "numeric(18,2)"],
                ["day", "date"]
            ]
        );
        assert_eq!(
            query(
                &mut engine,
                "COPY adhoc.prices FROM 's3://tabhouse-course/uploads/prices.csv' CSV IGNOREHEADER 1; SELECT COUNT(*) FROM adhoc.prices"
            ),
            [["4"]]
        );
        let korean = "도시\t인구 (명)\r\n서울\t9411000\r\n부산\t3300000\r\n";
        let imported = engine
            .import("2024 도시.tsv", korean.as_bytes(), None)
            .expect("imported");
        assert_eq!(imported.table, "adhoc._2024_도시");
        assert_eq!(
            query(
                &mut engine,
                "SELECT 도시 FROM adhoc._2024_도시 WHERE 인구_명 > 5000000"
            ),
            [["서울"]]
        );
    }

    #[test]
    fn a_failed_import_leaves_no_table_and_no_transaction() {
        let mut engine = Engine::new();
        engine.run("CREATE TABLE adhoc.taken (a INT)");
        let error = engine
            .import("n.csv", b"n\n1\n2\n", Some("taken"))
            .expect_err("refused");
        assert!(error.render("en").contains("already exists"));
        assert!(!engine.in_transaction());
        assert_eq!(
            query(&mut engine, "SELECT COUNT(*) FROM adhoc.taken"),
            [["0"]]
        );
    }

    #[test]
    fn a_bad_row_refuses_the_whole_script_with_its_line() {
        let mut engine = Engine::new();
        let plan = plan("n.csv", b"n\n1\n2\n", None, engine.storage()).expect("planned");
        // The bucket's file has changed since it was planned: line 3 is no integer.
        engine
            .bucket_mut()
            .put("uploads/n.csv", b"n\n1\nx\n4\n".to_vec());
        let error = engine.run(&plan.sql).error.expect("refused");
        assert!(
            error.render("en").contains("line 3"),
            "{}",
            error.render("en")
        );
        engine.run("ROLLBACK");
        assert!(engine.storage().table("adhoc.n").is_none());
    }

    #[test]
    fn an_open_transaction_is_refused() {
        let mut engine = Engine::new();
        engine.run("BEGIN");
        let error = engine
            .import("a.csv", b"a\n1\n", None)
            .expect_err("refused");
        assert!(error.render("en").contains("COMMIT or ROLLBACK"));
    }
}
