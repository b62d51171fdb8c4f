//! Redshift's `COPY table FROM 's3://...' [options]`, reading from the
//! engine's virtual bucket: CSV or delimited text, or JSON with 'auto' key
//! matching. A bad row stops the load with its line number (nothing is
//! loaded), in the spirit of Redshift's `stl_load_errors`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use gluesql_core::{ast::DataType as GlueType, data::Value};
use sqlparser::tokenizer::{Token, TokenWithLocation};

use super::dialect::names::{self, Catalog};
use super::error::{EngineError, ErrorKind};
use super::outcome::Output;
use super::storage::Storage;

/// The bucket the course's source files live in.
pub const COURSE_BUCKET: &str = "s3://tabhouse-course/";

/// Files COPY can read, by full `s3://` path.
#[derive(Clone, Debug, Default)]
pub struct Bucket {
    files: BTreeMap<String, Vec<u8>>,
}

impl Bucket {
    /// Stores a file under `s3://tabhouse-course/<name>`.
    pub fn put(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.insert(format!("{COURSE_BUCKET}{name}"), bytes);
    }

    /// Every file's full path.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    fn get(&self, path: &str) -> Result<&[u8], EngineError> {
        self.files.get(path).map(Vec::as_slice).ok_or_else(|| {
            let known = self.files.keys().cloned().collect::<Vec<_>>().join(", ");
            EngineError::msg(
                ErrorKind::Load,
                format!("파일 {path}이(가) 없습니다. 읽을 수 있는 파일: {known}"),
                format!("The specified S3 key {path} does not exist. Files: {known}"),
            )
        })
    }
}

/// Whether a statement's tokens are a COPY (which we parse ourselves).
pub fn is_copy(tokens: &[TokenWithLocation]) -> bool {
    matches!(tokens.first().map(|t| &t.token), Some(Token::Word(w)) if w.value == "copy")
}

/// A parsed COPY command.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    table: Vec<String>,
    columns: Vec<String>,
    source: String,
    format: Format,
    ignore_header: usize,
    remove_quotes: bool,
    empty_as_null: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Format {
    Csv {
        delimiter: u8,
        quote: u8,
    },
    Text {
        delimiter: u8,
    },
    /// `JSON 'auto'` (keys matched to column names), or `JSON 's3://...'`
    /// naming a JSONPaths file (one path per column, `$.a.b`).
    Json {
        paths: Option<String>,
    },
}

fn syntax(detail: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Syntax,
        format!("COPY 문법 오류: {detail}. 예: COPY adhoc.t FROM 's3://tabhouse-course/name_gender.csv' CSV IGNOREHEADER 1"),
        format!("COPY syntax error: {detail}. Example: COPY adhoc.t FROM 's3://tabhouse-course/name_gender.csv' CSV IGNOREHEADER 1"),
    )
}

/// Reads the COPY grammar from tokens (whitespace already meaningless).
pub fn parse(tokens: &[TokenWithLocation]) -> Result<Copy, EngineError> {
    let mut words = tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .peekable();
    words.next();
    let mut table = Vec::new();
    loop {
        match words.next() {
            Some(Token::Word(w)) => table.push(w.value.clone()),
            _ => return Err(syntax("a table name must follow COPY")),
        }
        if words.next_if(|t| matches!(t, Token::Period)).is_none() {
            break;
        }
    }
    let mut columns = Vec::new();
    if words.next_if(|t| matches!(t, Token::LParen)).is_some() {
        loop {
            match words.next() {
                Some(Token::Word(w)) => columns.push(w.value.clone()),
                _ => return Err(syntax("a column name is expected")),
            }
            match words.next() {
                Some(Token::Comma) => continue,
                Some(Token::RParen) => break,
                _ => return Err(syntax("the column list must end with )")),
            }
        }
    }
    match words.next() {
        Some(Token::Word(w)) if w.value == "from" => {}
        _ => return Err(syntax("FROM 's3://...' is expected")),
    }
    let source = match words.next() {
        Some(Token::SingleQuotedString(s)) => s.clone(),
        _ => return Err(syntax("the source must be a quoted 's3://...' path")),
    };
    let mut copy = Copy {
        table,
        columns,
        source,
        format: Format::Text { delimiter: b'|' },
        ignore_header: 0,
        remove_quotes: false,
        empty_as_null: false,
    };
    let mut delimiter = None;
    let mut quote = b'"';
    while let Some(token) = words.next() {
        let Token::Word(word) = token else {
            return Err(syntax(&format!("unexpected {token}")));
        };
        match word.value.as_str() {
            "csv" => copy.format = Format::Csv { delimiter: b',', quote },
            "json" => copy.format = json_format(&string_arg(&mut words)?)?,
            "format" => {
                let _ = words.next_if(|t| matches!(t, Token::Word(w) if w.value == "as"));
                match words.next() {
                    Some(Token::Word(w)) if w.value == "csv" => {
                        copy.format = Format::Csv { delimiter: b',', quote }
                    }
                    Some(Token::Word(w)) if w.value == "json" => {
                        copy.format = json_format(&string_arg(&mut words)?)?;
                    }
                    _ => return Err(syntax("FORMAT AS CSV or FORMAT AS JSON 'auto'")),
                }
            }
            "ignoreheader" => {
                let _ = words.next_if(|t| matches!(t, Token::Word(w) if w.value == "as"));
                copy.ignore_header = match words.next() {
                    Some(Token::Number(n, _)) => n.parse().map_err(|_| syntax("IGNOREHEADER n"))?,
                    _ => return Err(syntax("IGNOREHEADER needs a number")),
                };
            }
            "delimiter" => {
                let value = string_arg(&mut words)?;
                delimiter = Some(single_byte(&value, "DELIMITER")?);
            }
            "quote" => quote = single_byte(&string_arg(&mut words)?, "QUOTE")?,
            "removequotes" => copy.remove_quotes = true,
            "emptyasnull" | "blanksasnull" => copy.empty_as_null = true,
            "dateformat" | "timeformat" => {
                let value = string_arg(&mut words)?;
                if !value.eq_ignore_ascii_case("auto") {
                    return Err(EngineError::unsupported(
                        (&format!("{} '{value}'", word.value.to_uppercase()), &format!("{} '{value}'", word.value.to_uppercase())),
                        "'auto'를 쓰세요.",
                        "Use 'auto'.",
                    ));
                }
            }
            "iam_role" | "credentials" | "region" | "access_key_id" | "secret_access_key" => {
                string_arg(&mut words)?;
            }
            "truncatecolumns" | "acceptinvchars" | "trimblanks" | "compupdate" | "statupdate"
            | "off" | "on" => {}
            other => {
                return Err(EngineError::unsupported(
                    (&format!("COPY 옵션 {}", other.to_uppercase()), &format!("the COPY option {}", other.to_uppercase())),
                    "지원하는 옵션: CSV, DELIMITER, IGNOREHEADER, REMOVEQUOTES, EMPTYASNULL, FORMAT AS JSON 'auto', DATEFORMAT/TIMEFORMAT 'auto', IAM_ROLE.",
                    "Supported options: CSV, DELIMITER, IGNOREHEADER, REMOVEQUOTES, EMPTYASNULL, FORMAT AS JSON 'auto', DATEFORMAT/TIMEFORMAT 'auto', IAM_ROLE.",
                ))
            }
        }
    }
    copy.format = match (copy.format, delimiter) {
        (Format::Csv { .. }, d) => Format::Csv {
            delimiter: d.unwrap_or(b','),
            quote,
        },
        (Format::Text { .. }, d) => Format::Text {
            delimiter: d.unwrap_or(b'|'),
        },
        (json @ Format::Json { .. }, _) => json,
    };
    Ok(copy)
}

/// An option's quoted value, after an optional AS.
fn string_arg<'a>(
    words: &mut std::iter::Peekable<impl Iterator<Item = &'a Token>>,
) -> Result<String, EngineError> {
    let _ = words.next_if(|t| matches!(t, Token::Word(w) if w.value == "as"));
    match words.next() {
        Some(Token::SingleQuotedString(s)) => Ok(s.clone()),
        _ => Err(syntax("a quoted value is expected")),
    }
}

fn single_byte(value: &str, option: &str) -> Result<u8, EngineError> {
    let value = if value == "\\t" { "\t" } else { value };
    match value.as_bytes() {
        [b] => Ok(*b),
        _ => Err(syntax(&format!("{option} must be one character"))),
    }
}

/// A target column: name, storage type, and whether it takes NULL.
struct Target {
    name: String,
    data_type: GlueType,
    nullable: bool,
}

/// Runs a COPY: reads and converts every row first, then appends them all.
pub fn run(
    copy: &Copy,
    storage: &mut Storage,
    bucket: &Bucket,
) -> Result<(names::TableName, Output), EngineError> {
    let name = names::resolve(
        &sqlparser::ast::ObjectName(copy.table.iter().map(sqlparser::ast::Ident::new).collect()),
        storage,
    )?;
    let full = name.full();
    let table = storage.table(&full).ok_or_else(|| {
        EngineError::msg(
            ErrorKind::UnknownName,
            format!("테이블 {full}이(가) 없습니다. COPY 전에 CREATE TABLE로 만드세요."),
            format!("relation \"{full}\" does not exist; CREATE TABLE it before COPY"),
        )
        .with_suggestions(super::dialect::scope::closest(
            &full,
            &storage.table_names(),
        ))
    })?;
    let defs = table.schema.column_defs.clone().unwrap_or_default();
    let targets: Vec<Target> = if copy.columns.is_empty() {
        defs.iter()
            .map(|d| Target {
                name: d.name.clone(),
                data_type: d.data_type.clone(),
                nullable: d.nullable,
            })
            .collect()
    } else {
        copy.columns
            .iter()
            .map(|c| {
                defs.iter()
                    .find(|d| &d.name == c)
                    .map(|d| Target {
                        name: d.name.clone(),
                        data_type: d.data_type.clone(),
                        nullable: d.nullable,
                    })
                    .ok_or_else(|| {
                        EngineError::msg(
                            ErrorKind::UnknownName,
                            format!("열(column) {c}이(가) {full}에 없습니다."),
                            format!("column \"{c}\" of relation \"{full}\" does not exist"),
                        )
                    })
            })
            .collect::<Result<_, _>>()?
    };
    let positions: Vec<usize> = targets
        .iter()
        .filter_map(|t| defs.iter().position(|d| d.name == t.name))
        .collect();
    let bytes = bucket.get(&copy.source)?;
    let text = std::str::from_utf8(bytes).map_err(|_| {
        load_error(
            0,
            "",
            "",
            "the file is not UTF-8 text",
            "파일이 UTF-8 텍스트가 아닙니다",
        )
    })?;
    let records = match &copy.format {
        Format::Json { paths } => {
            let paths = match paths {
                Some(source) => Some(json_paths(bucket.get(source)?, targets.len())?),
                None => None,
            };
            json_records(text, &targets, paths.as_deref())?
        }
        Format::Csv { delimiter, quote } => delimited(text, copy, *delimiter, Some(*quote))?,
        Format::Text { delimiter } => delimited(text, copy, *delimiter, None)?,
    };
    let mut rows = Vec::with_capacity(records.len());
    for (line, fields) in records {
        if fields.len() != targets.len() {
            return Err(load_error(
                line,
                "",
                "",
                &format!("expected {} fields, found {}", targets.len(), fields.len()),
                &format!(
                    "필드가 {}개여야 하는데 {}개입니다",
                    targets.len(),
                    fields.len()
                ),
            ));
        }
        let mut row = vec![Value::Null; defs.len()];
        for ((field, target), position) in fields.into_iter().zip(&targets).zip(&positions) {
            let value = convert(field, target, copy.empty_as_null)
                .map_err(|(en, ko, raw)| load_error(line, &target.name, &raw, &en, &ko))?;
            row[*position] = value;
        }
        rows.push(row);
    }
    let count = rows.len();
    for (position, def) in defs.iter().enumerate() {
        if !def.nullable && !positions.contains(&position) {
            return Err(load_error(
                0,
                &def.name,
                "",
                "this NOT NULL column gets no value",
                "NOT NULL 열에 넣을 값이 없습니다",
            ));
        }
    }
    let table = storage
        .table(&full)
        .cloned()
        .ok_or_else(|| load_error(0, "", "", "the table disappeared", "테이블이 사라졌습니다"))?;
    let mut table = std::sync::Arc::unwrap_or_clone(table);
    table.append(rows);
    storage.put_table(table);
    Ok((
        name,
        Output::Affected {
            command: "COPY".into(),
            rows: count,
        },
    ))
}

fn load_error(line: usize, column: &str, raw: &str, en: &str, ko: &str) -> EngineError {
    let at_en = if line > 0 {
        format!("line {line}")
    } else {
        "the file".to_owned()
    };
    let at_ko = if line > 0 {
        format!("{line}번째 줄")
    } else {
        "파일".to_owned()
    };
    let column_en = if column.is_empty() {
        String::new()
    } else {
        format!(", column {column}")
    };
    let column_ko = if column.is_empty() {
        String::new()
    } else {
        format!(", 열 {column}")
    };
    let raw_en = if raw.is_empty() {
        String::new()
    } else {
        format!(", value '{raw}'")
    };
    let raw_ko = if raw.is_empty() {
        String::new()
    } else {
        format!(", 값 '{raw}'")
    };
    EngineError::msg(
        ErrorKind::Load,
        format!("COPY 실패 ({at_ko}{column_ko}{raw_ko}): {ko}. 아무 행도 적재하지 않았습니다."),
        format!("Load into table failed ({at_en}{column_en}{raw_en}): {en}. No rows were loaded."),
    )
}

/// One record of a source file: its line number and its fields (None = NULL).
type Record = (usize, Vec<Option<String>>);

/// Splits delimited text into (line number, fields), skipping header lines.
fn delimited(
    text: &str,
    copy: &Copy,
    delimiter: u8,
    quote: Option<u8>,
) -> Result<Vec<Record>, EngineError> {
    let mut reader = delimited_reader(text, delimiter, quote);
    let mut lines = Lines::new(text);
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = lines.at(e.position());
            load_error(line, "", "", &e.to_string(), "CSV를 읽지 못했습니다")
        })?;
        let line = lines.at(record.position());
        if line <= copy.ignore_header || is_blank(&record) {
            continue;
        }
        let fields = record
            .iter()
            .map(|field| {
                let field = if copy.remove_quotes {
                    field
                        .strip_prefix('"')
                        .and_then(|f| f.strip_suffix('"'))
                        .unwrap_or(field)
                } else {
                    field
                };
                Some(field.to_owned())
            })
            .collect();
        records.push((line, fields));
    }
    Ok(records)
}

/// A reader of delimited text as COPY reads it: no header, any number of
/// fields per record (checked by the caller), `quote` doubled inside quotes.
pub(crate) fn delimited_reader(text: &str, delimiter: u8, quote: Option<u8>) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quote.is_some())
        .quote(quote.unwrap_or(b'"'))
        .from_reader(text.as_bytes())
}

/// The lines records start on, counted from their byte offsets as the
/// reader moves forward. (The csv crate's own count is one short after a
/// CRLF line end: it starts the next record on the `\n` of the `\r\n`.)
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// Counts lines of this text, from its start.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of a record's (or an error's) position.
    pub(crate) fn at(&mut self, position: Option<&csv::Position>) -> usize {
        let byte = position.map_or(self.offset, |p| p.byte() as usize);
        let byte = byte.clamp(self.offset, self.bytes.len());
        let start = byte
            + self.bytes[byte..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        self.line += self.bytes[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = start;
        self.line
    }
}

/// Whether a record is an empty line, which COPY skips.
pub(crate) fn is_blank(record: &csv::StringRecord) -> bool {
    record.len() == 1 && record.get(0) == Some("")
}

/// Reads JSON objects (one per line, concatenated, or an array) and takes
/// each target column from the key of the same name, ignoring case.
/// `JSON 'auto'` or `JSON 's3://bucket/paths.json'`.
fn json_format(mode: &str) -> Result<Format, EngineError> {
    match mode {
        "auto" | "auto ignorecase" => Ok(Format::Json { paths: None }),
        path if path.starts_with("s3://") => Ok(Format::Json {
            paths: Some(path.to_owned()),
        }),
        other => Err(syntax(&format!(
            "JSON '{other}': write JSON 'auto' or JSON 's3://.../jsonpaths.json'"
        ))),
    }
}

/// A JSONPaths file: `{"jsonpaths": ["$.name.common", "$['area']"]}`, one
/// path per target column, each as its keys.
fn json_paths(bytes: &[u8], columns: usize) -> Result<Vec<Vec<String>>, EngineError> {
    let refuse = |en: &str, ko: &str| load_error(0, "", "", en, ko);
    let spec: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        refuse(
            &format!("the JSONPaths file is not JSON: {e}"),
            "JSONPaths 파일이 JSON이 아닙니다",
        )
    })?;
    let paths = spec
        .get("jsonpaths")
        .and_then(|p| p.as_array())
        .ok_or_else(|| {
            refuse(
                "the JSONPaths file needs a \"jsonpaths\" array",
                "JSONPaths 파일에 \"jsonpaths\" 배열이 없습니다",
            )
        })?;
    if paths.len() != columns {
        return Err(refuse(
            &format!(
                "the JSONPaths file has {} paths for {columns} columns",
                paths.len()
            ),
            &format!(
                "JSONPaths 경로 {}개와 열 {columns}개의 수가 다릅니다",
                paths.len()
            ),
        ));
    }
    paths
        .iter()
        .map(|path| {
            let text = path.as_str().unwrap_or_default();
            let rest = text.strip_prefix('$').ok_or_else(|| {
                refuse(
                    &format!("bad JSONPath {text}: it must start with $"),
                    "JSONPath는 $로 시작해야 합니다",
                )
            })?;
            Ok(rest
                .replace("['", ".")
                .replace("']", "")
                .split('.')
                .filter(|key| !key.is_empty())
                .map(str::to_owned)
                .collect())
        })
        .collect()
}

fn json_records(
    text: &str,
    targets: &[Target],
    paths: Option<&[Vec<String>]>,
) -> Result<Vec<Record>, EngineError> {
    let trimmed = text.trim_start();
    let objects: Vec<(usize, serde_json::Value)> = if trimmed.starts_with('[') {
        let array: Vec<serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| load_error(e.line(), "", "", &e.to_string(), "JSON을 읽지 못했습니다"))?;
        array
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i + 1, v))
            .collect()
    } else {
        let mut objects = Vec::new();
        let stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
        let mut stream = stream;
        while let Some(item) = stream.next() {
            let offset = stream.byte_offset();
            let line = text[..offset.min(text.len())].matches('\n').count() + 1;
            let value = item.map_err(|e| {
                load_error(e.line(), "", "", &e.to_string(), "JSON을 읽지 못했습니다")
            })?;
            objects.push((line, value));
        }
        objects
    };
    objects
        .into_iter()
        .map(|(line, value)| {
            let serde_json::Value::Object(object) = value else {
                return Err(load_error(
                    line,
                    "",
                    "",
                    "each record must be a JSON object",
                    "각 레코드는 JSON 객체여야 합니다",
                ));
            };
            let root = serde_json::Value::Object(object);
            let fields = targets
                .iter()
                .enumerate()
                .map(|(i, target)| {
                    let found = match paths.and_then(|p| p.get(i)) {
                        Some(path) => path.iter().try_fold(&root, |node, key| node.get(key)),
                        None => root.as_object().and_then(|object| {
                            object
                                .iter()
                                .find(|(key, _)| key.eq_ignore_ascii_case(&target.name))
                                .map(|(_, value)| value)
                        }),
                    };
                    found.and_then(|value| match value {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(s) => Some(s.clone()),
                        other => Some(other.to_string()),
                    })
                })
                .collect();
            Ok((line, fields))
        })
        .collect()
}

type ConvertError = (String, String, String);

/// Converts one field to the column's type.
fn convert(
    field: Option<String>,
    target: &Target,
    empty_as_null: bool,
) -> Result<Value, ConvertError> {
    let Some(raw) = field else {
        return null_for(target, "");
    };
    let is_text = matches!(target.data_type, GlueType::Text);
    if raw.is_empty() && (empty_as_null || !is_text) {
        return null_for(target, &raw);
    }
    let fail = |en: &str, ko: &str| Err((en.to_owned(), ko.to_owned(), raw.clone()));
    let trimmed = raw.trim();
    match &target.data_type {
        GlueType::Text => Ok(Value::Str(raw.clone())),
        GlueType::Int | GlueType::Int8 | GlueType::Int16 | GlueType::Int32 | GlueType::Int128 => {
            match trimmed.parse::<i64>() {
                Ok(n) => Ok(Value::I64(n)),
                Err(_) => fail("invalid integer", "정수가 아닙니다"),
            }
        }
        GlueType::Float | GlueType::Float32 => match trimmed.parse::<f64>() {
            Ok(f) => Ok(Value::F64(f)),
            Err(_) => fail("invalid number", "숫자가 아닙니다"),
        },
        GlueType::Decimal => match trimmed.parse::<rust_decimal::Decimal>() {
            Ok(d) => Ok(Value::Decimal(d)),
            Err(_) => fail("invalid decimal", "십진수가 아닙니다"),
        },
        GlueType::Boolean => match trimmed.to_lowercase().as_str() {
            "t" | "true" | "1" | "y" | "yes" => Ok(Value::Bool(true)),
            "f" | "false" | "0" | "n" | "no" => Ok(Value::Bool(false)),
            _ => fail("invalid boolean", "참/거짓 값이 아닙니다"),
        },
        GlueType::Date => match parse_date(trimmed) {
            Some(d) => Ok(Value::Date(d)),
            None => fail("invalid date", "날짜가 아닙니다"),
        },
        GlueType::Timestamp => match parse_timestamp(trimmed) {
            Some(t) => Ok(Value::Timestamp(t)),
            None => fail("invalid timestamp", "시각(timestamp)이 아닙니다"),
        },
        other => fail(
            &format!("COPY cannot load {other} columns"),
            &format!("COPY로 {other} 열을 채울 수 없습니다"),
        ),
    }
}

fn null_for(target: &Target, raw: &str) -> Result<Value, ConvertError> {
    if target.nullable {
        Ok(Value::Null)
    } else {
        Err((
            "missing data for not-null field".to_owned(),
            "NOT NULL 열에 값이 없습니다".to_owned(),
            raw.to_owned(),
        ))
    }
}

/// The date forms DATEFORMAT 'auto' reads: ISO, US and compact.
pub(crate) const DATE_FORMATS: [&str; 5] =
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%m/%d/%Y", "%d.%m.%Y"];

/// DATEFORMAT 'auto': a date in one of [`DATE_FORMATS`], or a timestamp's date.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| parse_timestamp(text).map(|t| t.date()))
}

/// TIMEFORMAT 'auto': ISO timestamps with optional fraction and `T`/`Z`.
pub(crate) fn parse_timestamp(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim_end_matches('Z');
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::script::split;

    fn parsed(sql: &str) -> Result<Copy, EngineError> {
        let statements = split(sql).expect("tokens");
        parse(&statements[0].tokens)
    }

    #[test]
    fn reads_the_course_options() {
        let copy = parsed("COPY adhoc.name_gender FROM 's3://tabhouse-course/name_gender.csv' IAM_ROLE 'arn:x' CSV IGNOREHEADER 1 REMOVEQUOTES DELIMITER ','").unwrap();
        assert_eq!(copy.table, ["adhoc", "name_gender"]);
        assert_eq!(copy.ignore_header, 1);
        assert!(copy.remove_quotes);
        assert_eq!(
            copy.format,
            Format::Csv {
                delimiter: b',',
                quote: b'"'
            }
        );
        let copy = parsed("copy weather (date, temp) from 's3://tabhouse-course/seoul_weather.json' format as json 'auto' dateformat 'auto'").unwrap();
        assert_eq!(copy.columns, ["date", "temp"]);
        assert_eq!(copy.format, Format::Json { paths: None });
    }

    #[test]
    fn crlf_files_keep_their_first_row_and_their_line_numbers() {
        let mut engine = crate::engine::Engine::new();
        engine.bucket_mut().put(
            "a.csv",
            b"id,city\r\n1,\"Seo\r\nul\"\r\n2,Busan\r\n".to_vec(),
        );
        engine
            .bucket_mut()
            .put("b.csv", b"id\r\n1\r\n\r\n2\r\nx\r\n".to_vec());
        let output = engine.run(
            "CREATE TABLE adhoc.t (id INT, city VARCHAR(10));\
             COPY adhoc.t FROM 's3://tabhouse-course/a.csv' CSV IGNOREHEADER 1;\
             COPY adhoc.t (id) FROM 's3://tabhouse-course/b.csv' CSV IGNOREHEADER 1",
        );
        let error = output.error.expect("line 5 is no integer").render("en");
        assert!(error.contains("line 5, column id, value 'x'"), "{error}");
        assert_eq!(
            output.statements[1].output,
            Output::Affected {
                command: "COPY".into(),
                rows: 2
            }
        );
    }

    #[test]
    fn refuses_unknown_options_by_name() {
        let error = parsed("COPY t FROM 's3://x/y' MANIFEST").unwrap_err();
        assert!(error.render("en").contains("MANIFEST"));
    }
}
